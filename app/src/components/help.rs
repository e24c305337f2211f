//! What to try when a code does not come.

use leptos::prelude::*;

use crate::i18n::use_language;
use crate::tr;

/// "Didn't get a code?": a disclosure that works without JavaScript.
#[component]
pub fn CodeHelp() -> impl IntoView {
    let l = use_language();
    view! {
        <details class="help">
            <summary>{tr!(l, "help-summary")}</summary>
            <ul>
                <li>{tr!(l, "help-wait")}</li>
                <li>{tr!(l, "help-number")}</li>
                <li>{tr!(l, "help-signal")}</li>
                <li>{tr!(l, "help-again")}</li>
            </ul>
        </details>
    }
}
