//! Form fields with their labels and errors wired for assistive technology.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::countries::{COUNTRIES, picker_options};
use crate::error::{AuthError, Field};
use crate::i18n::use_language;
use crate::messages::error_text;
use crate::tr;
use crate::views::CountryChoice;

/// The error of an action's last submission: every form is a plain form
/// post, answered with a redirect back to its page that carries the error,
/// which the page shows with its status (the field in error has
/// `autofocus`, so a full page load lands on it).
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AuthError>>
where
    S: ServerFn<Error = AuthError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    #[cfg(feature = "ssr")]
    if let Some(e) = error.get_untracked() {
        crate::server::respond::show(&e);
    }
    error
}

fn error_on(error: Signal<Option<AuthError>>, field: Field) -> Signal<Option<String>> {
    let l = use_language();
    Signal::derive(move || error.get().filter(|e| e.field() == field).map(|e| error_text(&e, l)))
}

/// Country picker and national number. The picker offers the countries the
/// server texts (`countries`), or the built-in list if it has not said,
/// starting on `country` or else the first of that list, and lists them by
/// name: a native select, which the keyboard searches by typing a name's
/// first letters, with or without JavaScript.
#[component]
pub fn PhoneFields(
    error: Signal<Option<AuthError>>,
    #[prop(optional, into)] country: Option<String>,
    #[prop(optional, into)] number: Option<String>,
    #[prop(optional)] countries: Vec<CountryChoice>,
) -> impl IntoView {
    let l = use_language();
    let message = error_on(error, Field::Phone);
    let countries = if countries.is_empty() {
        COUNTRIES
            .iter()
            .map(|(code, dial)| CountryChoice {
                code: (*code).to_owned(),
                dial: (*dial).to_owned(),
            })
            .collect()
    } else {
        countries
    };
    let selected = country
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| countries[0].code.clone());
    view! {
        <div class="field">
            <label for="country">{tr!(l, "country")}</label>
            <select id="country" name="country" autocomplete="tel-country-code" aria-describedby="country-hint">
                {picker_options(l, &countries)
                    .into_iter()
                    .map(|(code, label)| {
                        let chosen = code == selected;
                        view! { <option value=code selected=chosen>{label}</option> }
                    })
                    .collect_view()}
            </select>
            <p id="country-hint" class="hint">{tr!(l, "country-hint")}</p>
        </div>
        <div class="field">
            <label for="phone">{tr!(l, "phone-number")}</label>
            <input
                id="phone"
                name="phone"
                type="tel"
                inputmode="tel"
                autocomplete="tel-national"
                required
                autofocus=message.get_untracked().is_some()
                value=number
                aria-invalid=move || message.get().map(|_| "true")
                aria-describedby="phone-hint phone-error"
            />
            <p id="phone-hint" class="hint">{tr!(l, "phone-hint")}</p>
            <p id="phone-error" class="field-error" aria-live="polite">{message}</p>
        </div>
    }
}

/// The one-time code input, shaped for SMS autofill (and WebOTP where the
/// browser has it), for a code of `digits` digits. No `maxlength` or
/// `pattern`: a pasted "471 674", "471-674" or whole text message must
/// arrive whole, and the server finds the code in it.
/// `number`: the number the page shows, sent with the code so that a code
/// is checked only against the flow its page shows (another tab may have
/// asked for another number's code since).
#[component]
pub fn CodeField(
    error: Signal<Option<AuthError>>,
    digits: usize,
    #[prop(optional, into)] number: Option<String>,
) -> impl IntoView {
    let l = use_language();
    let message = error_on(error, Field::Code);
    view! {
        {number.map(|n| view! { <input type="hidden" name="number" value=n/> })}
        <div class="field">
            <label for="code">{tr!(l, "code-label", digits = digits)}</label>
            <input
                id="code"
                name="code"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                title=tr!(l, "code-title", digits = digits)
                // The bundle sends the form once the field holds a whole code.
                data-code-digits=digits.to_string()
                required
                autofocus
                aria-invalid=move || message.get().map(|_| "true")
                aria-describedby="code-expiry code-error"
            />
            <p id="code-error" class="field-error" aria-live="polite">{message}</p>
        </div>
    }
}

/// The name input: optional at sign-up, required where it is being changed.
#[component]
pub fn NameField(
    error: Signal<Option<AuthError>>,
    #[prop(into)] label: String,
    #[prop(optional)] optional: bool,
    #[prop(optional, into)] value: Option<String>,
) -> impl IntoView {
    let l = use_language();
    let message = error_on(error, Field::Name);
    view! {
        <div class="field">
            <label for="name">
                {label} {optional.then(|| view! { " " <span class="optional">{tr!(l, "optional")}</span> })}
            </label>
            <input
                id="name"
                name="name"
                type="text"
                autocomplete="name"
                required=!optional
                autofocus=message.get_untracked().is_some()
                value=value
                aria-invalid=move || message.get().map(|_| "true")
                aria-describedby="name-error"
            />
            <p id="name-error" class="field-error" aria-live="polite">{message}</p>
        </div>
    }
}

/// Puts "Error: " first in the page's title: the first thing a screen
/// reader reads of the page that comes back.
#[component]
pub fn ErrorTitle() -> impl IntoView {
    let l = use_language();
    let site = use_context::<crate::views::Brand>().unwrap_or_default().name;
    view! {
        <leptos_meta::Title formatter=move |page: String| {
            crate::i18n::text(l, "title-error", &[("page", format!("{page} · {site}").into())])
        }/>
    }
}

/// An error that stands for the whole page (a flow that ran out, a session
/// that ended, a page that could not load): the alert takes the focus and
/// the title says so, as a form's error does.
#[component]
pub fn PageError(error: AuthError) -> impl IntoView {
    let l = use_language();
    view! {
        <ErrorTitle/>
        <p class="form-error" role="alert" tabindex="-1" autofocus>{crate::messages::error_text(&error, l)}</p>
    }
}

/// Errors that belong to no single field.
#[component]
pub fn FormError(error: Signal<Option<AuthError>>) -> impl IntoView {
    let l = use_language();
    let message = error_on(error, Field::Form);
    // A wait the page can count down (the bundle moves it; the words stay
    // the server's without JavaScript).
    let countdown = move || error.get().and_then(|e| crate::messages::wait_countdown(&e, l));
    // A page-level error (out of attempts, a wait, a session that ended)
    // takes the focus, as a field's error gives it to its field: the first
    // `autofocus` in the page wins, and this one comes before the fields.
    let shown = move || message.get().is_some();
    // Any error of this form (a field's too) marks the page's title.
    let error_title = move || error.get().is_some().then(ErrorTitle);
    view! {
        {error_title}
        <p class="form-error" role="alert" tabindex=move || shown().then_some("-1") autofocus=shown>
            {move || match countdown() {
                Some((seconds, running, done)) => view! {
                    <span role="timer" data-countdown=seconds data-running=running data-done=done>{message}</span>
                }
                    .into_any(),
                None => view! { {message} }.into_any(),
            }}
        </p>
    }
}

#[component]
pub fn SubmitButton(#[prop(into)] label: String) -> impl IntoView {
    view! { <button type="submit" class="primary">{label}</button> }
}
