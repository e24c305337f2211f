//! What to try when a code does not come.

use leptos::prelude::*;

use crate::i18n::use_language;
use crate::tr;

/// Which page the help is on: each says what may be the matter there, the
/// same words for every number (the page never knows, nor says, whether a
/// number has an account).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum HelpFor {
    /// A sign-up's code: no text comes for a number that has an account.
    SignUp,
    /// A sign-in's code: no text comes for a number without a finished
    /// account.
    SignIn,
    /// Anything else (a new number's code).
    #[default]
    Code,
}

/// "Didn't get a code?": a disclosure that works without JavaScript.
#[component]
pub fn CodeHelp(#[prop(optional)] on: HelpFor) -> impl IntoView {
    let l = use_language();
    let account = match on {
        HelpFor::SignUp => {
            Some(view! { <li>{tr!(l, "help-has-account")} " " <a href="/login">{tr!(l, "sign-in")}</a></li> })
        }
        HelpFor::SignIn => {
            Some(view! { <li>{tr!(l, "help-no-account")} " " <a href="/signup">{tr!(l, "create-one")}</a></li> })
        }
        HelpFor::Code => None,
    };
    view! {
        <details class="help">
            <summary>{tr!(l, "help-summary")}</summary>
            <ul>
                <li>{tr!(l, "help-wait")}</li>
                <li>{tr!(l, "help-number")}</li>
                <li>{tr!(l, "help-signal")}</li>
                {account}
                <li>{tr!(l, "help-again")}</li>
            </ul>
        </details>
    }
}
