//! Countdowns: server-rendered text that the browser bundle keeps moving
//! (`frontend/src/countdown.rs` reads the `data-*` attributes written here).

use leptos::prelude::*;

pub use crate::clock::clock_text;

/// What a countdown says: `running` with `{}` as the time left, `done` at zero.
fn said(seconds: u64, running: &str, done: &str) -> String {
    match seconds {
        0 => done.to_owned(),
        s => running.replace("{}", &clock_text(s)),
    }
}

const EXPIRY_RUNNING: &str = "The code expires in {}.";
const EXPIRY_DONE: &str = "That code has expired. Ask for a new one below.";
const RESEND_RUNNING: &str = "You can ask for a new code in {}.";
const RESEND_DONE: &str = "You can ask for a new code now.";

/// The code's expiry under the code field.
#[component]
pub fn CodeExpiry(seconds: u64) -> impl IntoView {
    view! {
        <p
            id="code-expiry"
            class="hint"
            data-countdown=seconds
            data-running=EXPIRY_RUNNING
            data-done=EXPIRY_DONE
        >
            {said(seconds, EXPIRY_RUNNING, EXPIRY_DONE)}
        </p>
    }
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
            <span
                id="resend-timer"
                role="timer"
                data-countdown=seconds
                data-running=RESEND_RUNNING
                data-done=RESEND_DONE
            >
                {said(seconds, RESEND_RUNNING, RESEND_DONE)}
            </span>
        </p>
        <button type="submit" aria-describedby="resend-hint" data-enable-after="resend-timer">
            "Send a new code"
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_countdown_says_its_time_then_its_end() {
        assert_eq!(said(125, EXPIRY_RUNNING, EXPIRY_DONE), "The code expires in 2:05.");
        assert_eq!(said(0, RESEND_RUNNING, RESEND_DONE), "You can ask for a new code now.");
    }
}
