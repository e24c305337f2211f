//! Countdowns that start as server-rendered text and, once the page has
//! hydrated, tick.

use leptos::prelude::*;

/// Seconds left, starting from what the server computed.
pub fn countdown(seconds: u64) -> ReadSignal<u64> {
    let (remaining, _set_remaining) = signal(seconds);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| super::browser::tick_down(seconds, _set_remaining));
    remaining
}

/// `2:05`, as people read a timer.
pub fn clock_text(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The code's expiry under the code field.
#[component]
pub fn CodeExpiry(seconds: u64) -> impl IntoView {
    let left = countdown(seconds);
    view! {
        <p id="code-expiry" class="hint">
            {move || match left.get() {
                0 => "That code has expired. Ask for a new one below.".to_owned(),
                s => format!("The code expires in {}.", clock_text(s)),
            }}
        </p>
    }
}

/// The "send a new code" part of a resend form: the cooldown, the button
/// (disabled while the cooldown runs, once the page can re-enable it) and any
/// error from the last try.
#[component]
pub fn ResendControls(seconds: u64, #[prop(into)] busy: Signal<bool>) -> impl IntoView {
    let left = countdown(seconds);
    // Without JavaScript nothing could re-enable it, so the server-rendered
    // button stays enabled and an early press is answered with the wait.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <p id="resend-hint" class="hint">
            "Didn't get it? "
            <span role="timer">
                {move || match left.get() {
                    0 => "You can ask for a new code now.".to_owned(),
                    s => format!("You can ask for a new code in {}.", clock_text(s)),
                }}
            </span>
        </p>
        <button
            type="submit"
            aria-describedby="resend-hint"
            disabled=move || { hydrated.get() && left.get() != 0 }
            aria-busy=move || busy.get().then_some("true")
        >
            "Send a new code"
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::clock_text;

    #[test]
    fn timer_text() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(59), "0:59");
        assert_eq!(clock_text(180), "3:00");
        assert_eq!(clock_text(3725), "62:05");
    }
}
