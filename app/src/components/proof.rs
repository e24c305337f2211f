//! The proof step in a form, when the server asked for it: the puzzle's
//! seed and its answer travel with the form. A hydrated page finds the
//! answer and sends the form again by itself; without JavaScript the person
//! waits, as the message says, and presses the button again.

use leptos::prelude::*;

use crate::error::{AuthError, Puzzle};
use crate::messages::PROOF_CHECKING;

/// How many times a page sends a form again by itself before it leaves the
/// person to wait and press the button (the server and the page check
/// answers with the same code, so one try should do).
#[cfg(feature = "hydrate")]
const AUTOMATIC_TRIES: u32 = 3;

#[component]
pub fn ProofFields(error: Signal<Option<AuthError>>) -> impl IntoView {
    let puzzle = Memo::new(move |_| match error.get() {
        Some(AuthError::ProofNeeded(p)) => Some(p),
        _ => None,
    });
    let checking = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let tries = StoredValue::new(0u32);
        // A puzzle already on the page when it hydrated came in its URL,
        // which anyone can write: it is shown, never solved and sent by
        // itself (a link must not make the page post a form). Only puzzles
        // from this page's own requests are.
        let from_url = puzzle.get_untracked();
        Effect::new(move |_| {
            let Some(p) = puzzle.get() else { return };
            if from_url.as_ref() == Some(&p) || tries.get_value() >= AUTOMATIC_TRIES {
                checking.set(false);
                return;
            }
            tries.update_value(|t| *t += 1);
            checking.set(true);
            super::browser::solve_and_submit(p, "proof", checking);
        });
    }
    let seed = move || puzzle.get().map(|p: Puzzle| p.seed);
    let message = move || {
        puzzle.get().map(|p| {
            if checking.get() {
                PROOF_CHECKING.to_owned()
            } else {
                AuthError::ProofNeeded(p).to_string()
            }
        })
    };
    view! {
        {move || {
            seed()
                .map(|seed| {
                    view! {
                        <input type="hidden" name="proof_seed" value=seed/>
                        <input type="hidden" id="proof" name="proof" value=""/>
                    }
                })
        }}
        // A step, not an error: said as a notice.
        <p class="notice" role="status" aria-live="polite">{message}</p>
    }
}
