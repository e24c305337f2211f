//! The language switch under every page: a small form per language, so it
//! works without JavaScript, and the choice is remembered (a cookie).

use leptos::prelude::*;

use crate::api::SetLanguage;
use crate::i18n::{Language, use_language};
use crate::tr;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = use_language();
    // Back to this page after switching, with its query (a `?next=` kept):
    // a path on this site, else the start page.
    let here = Some(super::here())
        .filter(|h| domain::ReturnTo::parse(h).is_some())
        .unwrap_or_else(|| "/".to_owned());
    view! {
        <nav class="languages" aria-label=tr!(current, "language-switch")>
            <ul>
                {Language::ALL
                    .into_iter()
                    .map(|language| {
                        let here = here.clone();
                        let action = ServerAction::<SetLanguage>::new();
                        let is_current = language == current;
                        view! {
                            <li>
                                <ActionForm action>
                                    <input type="hidden" name="language" value=language.tag()/>
                                    <input type="hidden" name="back" value=here/>
                                    <button
                                        type="submit"
                                        class="link"
                                        lang=language.tag()
                                        aria-current=is_current.then_some("true")
                                    >
                                        {language.name()}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
