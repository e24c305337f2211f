//! Countdowns: server-rendered text that the browser bundle keeps moving
//! (`frontend/src/countdown.rs` reads the `data-*` attributes written here).

use leptos::prelude::*;

pub use crate::clock::clock_text;
use crate::clock::said;

const EXPIRY_RUNNING: &str = "The code expires in {}.";
const EXPIRY_DONE: &str = "That code has expired. Ask for a new one below.";
const RESEND_RUNNING: &str = "You can ask for a new code in {}.";
const RESEND_DONE: &str = "You can ask for a new code now.";

/// A countdown as the bundle finds it: its text now, what it says while
/// running (`{}`: the time left) and at zero.
fn timer(id: &'static str, seconds: u64, running: &'static str, done: &'static str) -> impl IntoView {
    view! {
        <span id=id role="timer" data-countdown=seconds data-running=running data-done=done>
            {said(seconds, running, done)}
        </span>
    }
}

/// The code's expiry under the code field.
#[component]
pub fn CodeExpiry(seconds: u64) -> impl IntoView {
    view! { <p id="code-expiry" class="hint">{timer("expiry-timer", seconds, EXPIRY_RUNNING, EXPIRY_DONE)}</p> }
}

/// The "send a new code" part of a resend form: the cooldown and the button.
/// The server renders the button enabled (without JavaScript nothing could
/// enable it later, and an early press is answered with the wait); the
/// browser bundle disables it until the cooldown ends.
#[component]
pub fn ResendControls(seconds: u64) -> impl IntoView {
    view! {
        <p id="resend-hint" class="hint">
            "Didn't get it? "
            {timer("resend-timer", seconds, RESEND_RUNNING, RESEND_DONE)}
        </p>
        <button type="submit" aria-describedby="resend-hint" data-enable-after="resend-timer">
            "Send a new code"
        </button>
    }
}
