//! Countdowns: server-rendered text that the browser bundle keeps moving
//! (`frontend/src/countdown.rs` reads the `data-*` attributes written here).

use leptos::prelude::*;

pub use crate::clock::clock_text;
use crate::clock::said;
use crate::i18n::{Language, use_language};
use crate::tr;

/// A countdown as the bundle finds it: its text now, what it says while
/// running (`{}`: the time left) and at zero, in the page's language.
fn timer(id: &'static str, seconds: u64, running: String, done: String) -> impl IntoView {
    view! {
        <span id=id role="timer" data-countdown=seconds data-running=running.clone() data-done=done.clone()>
            {said(seconds, &running, &done)}
        </span>
    }
}

/// The running messages, with `{}` where the bundle writes the time left.
fn expiry_running(l: Language) -> String {
    tr!(l, "expiry-running", time = "{}")
}

fn resend_running(l: Language) -> String {
    tr!(l, "resend-running", time = "{}")
}

/// The code's expiry under the code field.
#[component]
pub fn CodeExpiry(seconds: u64) -> impl IntoView {
    let l = use_language();
    view! {
        <p id="code-expiry" class="hint">
            {timer("expiry-timer", seconds, expiry_running(l), tr!(l, "expiry-done"))}
        </p>
    }
}

/// The "send a new code" part of a resend form: the cooldown and the button.
/// The server renders the button enabled (without JavaScript nothing could
/// enable it later, and an early press is answered with the wait); the
/// browser bundle disables it until the cooldown ends. `ran_out`: the code
/// came and its flow ended (attempts, time), so no "Didn't get it?".
#[component]
pub fn ResendControls(seconds: u64, #[prop(optional)] ran_out: bool) -> impl IntoView {
    let l = use_language();
    view! {
        <p id="resend-hint" class="hint">
            {(!ran_out).then(|| view! { {tr!(l, "didnt-get-it")} " " })}
            {timer("resend-timer", seconds, resend_running(l), tr!(l, "resend-done"))}
        </p>
        <button type="submit" aria-describedby="resend-hint" data-enable-after="resend-timer">
            {tr!(l, "send-a-new-code")}
        </button>
    }
}
