//! Phone sign-in pages: routes, components and server functions.
//! Everything under `server` (and every server function body) is compiled only
//! with the `ssr` feature; the browser build gets the pages alone.

pub mod api;
pub mod clock;
pub mod components;
pub mod contract;
pub mod csp;
pub mod error;
pub mod i18n;
pub mod messages;
pub mod pages;
pub mod proof;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
pub mod yours;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::LanguageSwitch;
pub use csp::content_security_policy;
use pages::{AccountPage, ConfirmNumberPage, ConfirmSignUpPage, HomePage, LoginPage, NotFound, SignUpPage, VerifyPage};

/// During SSR: the CSP, and no caching of pages, which show per-session data.
#[cfg(feature = "ssr")]
fn page_headers(options: &LeptosOptions) {
    use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderValue};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let inline = use_context::<std::sync::Arc<server::assets::Assets>>()
        .map(|a| a.script_sources().to_owned())
        .unwrap_or_default();
    // The live-reload script is written (with the nonce) only under `cargo leptos watch`.
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
    let reload = nonce
        .as_deref()
        .filter(|_| options.env == leptos::config::Env::DEV && std::env::var_os("LEPTOS_WATCH").is_some())
        .map(|n| (n, options.reload_port));
    let extra = use_context::<server::AppState>()
        .map(|app| app.csp_extra)
        .unwrap_or_else(|| "".into());
    // A policy that is not a header value (it cannot be, after the
    // configuration's check) falls back to the base policy: never to none.
    let csp = HeaderValue::from_str(&content_security_policy(&inline, reload, &extra)).or_else(|_| {
        tracing::error!("CSP_EXTRA made the policy unusable; the base policy is sent");
        HeaderValue::from_str(&content_security_policy(&inline, reload, ""))
    });
    if let Ok(csp) = csp {
        response.insert_header(CONTENT_SECURITY_POLICY, csp);
    }
    response.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The HTML document around the app, rendered on the server. Pages are
/// plain HTML; the few parts that can do more in a browser (countdowns,
/// reading a texted code, the proof step) are marked with `data-*`
/// attributes, and the pages that have one load the small `frontend`
/// bundle (`IslandScripts`). With `HYDRATE=false` no page loads any.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    page_headers(&options);
    // Nothing is hydrated, so nothing needs hydration markers.
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    let hydrate = use_context::<server::AppState>().is_none_or(|app| app.settings.hydrate);
    #[cfg(not(feature = "ssr"))]
    let hydrate = true;
    // One language for the whole page, chosen from the request once.
    #[cfg(feature = "ssr")]
    let language = server::request::language();
    #[cfg(not(feature = "ssr"))]
    let language = i18n::use_language();
    provide_context(language);
    view! {
        <!DOCTYPE html>
        <html lang=language.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/png" href="/favicon.png"/>
                {hydrate.then(|| view! { <AutoReload options/> })}
                <MetaTags/>
            </head>
            // Which build's bundle this page expects (see `contract`).
            <body data-bundle=contract::fingerprint()>
                <App/>
                {pending_script(hydrate)}
            </body>
        </html>
    }
}

/// [`server::assets::PENDING_SCRIPT`], where JavaScript may run.
fn pending_script(hydrate: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let script = hydrate.then_some(server::assets::PENDING_SCRIPT);
    #[cfg(not(feature = "ssr"))]
    let script: Option<&str> = hydrate.then_some("");
    script.map(|s| view! { <script>{s}</script> })
}

/// The CSS's address: content-hashed when the build wrote a manifest.
fn stylesheet() -> String {
    #[cfg(feature = "ssr")]
    if let Some(assets) = use_context::<std::sync::Arc<server::assets::Assets>>() {
        return assets.css.clone();
    }
    "/pkg/phone-sign-in.css".to_owned()
}

/// The product's name and links, from the server's settings.
fn brand() -> views::Brand {
    #[cfg(feature = "ssr")]
    if let Some(app) = use_context::<server::AppState>() {
        return (*app.brand).clone();
    }
    views::Brand::default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let brand = brand();
    provide_context(brand.clone());
    let site = brand.name.clone();
    // Async SSR: pages are sent whole, after their data has loaded, so they
    // work without JavaScript and can answer with a redirect or a status.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href=stylesheet()/>
        <Title formatter=move |page: String| format!("{page} · {site}")/>
        <Router>
            <header class="site">
                <a href="/" class="brand">{brand.name.clone()}</a>
            </header>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                <Route path=path!("/signup") view=SignUpPage ssr=ssr.clone()/>
                <Route path=path!("/signup/confirm") view=ConfirmSignUpPage ssr=ssr.clone()/>
                <Route path=path!("/login") view=LoginPage ssr=ssr.clone()/>
                <Route path=path!("/login/verify") view=VerifyPage ssr=ssr.clone()/>
                <Route path=path!("/account") view=AccountPage ssr=ssr.clone()/>
                <Route path=path!("/account/number") view=ConfirmNumberPage ssr=ssr/>
                <yours::YourRoutes/>
            </Routes>
            <LanguageSwitch/>
            <components::SiteLinks/>
        </Router>
    }
}
