//! The footer's links to the product's help, terms and privacy pages, each
//! only where the deployment set one (`HELP_URL`, `TERMS_URL`, `PRIVACY_URL`).

use leptos::prelude::*;

use crate::i18n::use_language;
use crate::tr;
use crate::views::Brand;

#[component]
pub fn SiteLinks() -> impl IntoView {
    let l = use_language();
    let brand = use_context::<Brand>().unwrap_or_default();
    let links: Vec<(String, String)> = [
        (brand.help, tr!(l, "link-help")),
        (brand.terms, tr!(l, "link-terms")),
        (brand.privacy, tr!(l, "link-privacy")),
    ]
    .into_iter()
    .filter_map(|(href, label)| href.map(|href| (href, label)))
    .collect();
    (!links.is_empty()).then(|| {
        view! {
            <footer class="site-links">
                <ul>
                    {links
                        .into_iter()
                        .map(|(href, label)| view! { <li><a href=href>{label}</a></li> })
                        .collect_view()}
                </ul>
            </footer>
        }
    })
}
