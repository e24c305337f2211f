//! The language switch under every page: a small form per language, so it
//! works without JavaScript, and the choice is remembered (a cookie).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::SetLanguage;
use crate::i18n::{Language, use_language};
use crate::tr;
use crate::views::Page;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = use_language();
    // Back to this page after switching: one of ours (the address itself,
    // as a request gave it, is never written into the page).
    let here = Page::at(&use_location().pathname.get_untracked()).map_or("/", Page::path);
    view! {
        <nav class="languages" aria-label=tr!(current, "language-switch")>
            <ul>
                {Language::ALL
                    .into_iter()
                    .map(|language| {
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
