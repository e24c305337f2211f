//! The proof step in a form, when the server asked for it: the puzzle's
//! seed and its answer travel with the form. Where JavaScript runs, the
//! browser bundle (`frontend/src/proof.rs`) finds the answer and sends the
//! form again by itself, but only for
//! a puzzle this browser's own form post was given (the server says so: see
//! `server::proof::IssuedCookie`); one that came in a link is shown, never
//! solved and sent, since a link must not make a page post a form. Without
//! JavaScript the person waits, as the message says, and presses the button
//! again.

use leptos::prelude::*;

use crate::error::AuthError;
use crate::i18n::use_language;
use crate::messages::{error_text, proof_checking};

#[component]
pub fn ProofFields(error: Signal<Option<AuthError>>) -> impl IntoView {
    let l = use_language();
    let Some(AuthError::ProofNeeded(puzzle)) = error.get_untracked() else {
        // An empty live region, so that a step asked for later is announced.
        return view! { <p class="notice" role="status" aria-live="polite"></p> }.into_any();
    };
    #[cfg(feature = "ssr")]
    let solve = crate::server::proof::IssuedCookie::take_if_issued(&puzzle.seed);
    #[cfg(not(feature = "ssr"))]
    let solve = false;
    let bits = puzzle.bits;
    let seed = puzzle.seed.clone();
    let waiting = error_text(&AuthError::ProofNeeded(puzzle), l);
    let said = waiting.clone();
    // A step, not an error: said as a notice. Where JavaScript runs, the
    // page's first script says "Checking this browser…" at once, for the
    // puzzle it will solve (the wait is for pages without it; it comes back
    // if solving never starts or gives up).
    view! {
        <input type="hidden" name="proof_seed" value=seed.clone()/>
        <input type="hidden" id="proof" name="proof" value="" data-seed=seed data-bits=bits data-solve=solve/>
        <p
            class="notice proof-step"
            role="status"
            aria-live="polite"
            data-proof-status
            data-checking=proof_checking(l)
            data-waiting=waiting
        >
            {said}
        </p>
    }
    .into_any()
}
