//! What to try when a code does not come.

use leptos::prelude::*;

/// "Didn't get a code?": a disclosure that works without JavaScript.
#[component]
pub fn CodeHelp() -> impl IntoView {
    view! {
        <details class="help">
            <summary>"Didn't get a code?"</summary>
            <ul>
                <li>"Texts usually arrive within a minute; some carriers take a few."</li>
                <li>"Check the number above. If it is wrong, change it."</li>
                <li>"Check that the phone has signal and can receive texts from short codes (some plans and blockers stop them)."</li>
                <li>"Then ask for a new code: it replaces the old one."</li>
            </ul>
        </details>
    }
}
