//! Phone sign-in pages: routes, components and server functions.
//! Everything under `server` (and every server function body) is compiled only
//! with the `ssr` feature; the browser build gets the pages alone.

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use pages::{AccountPage, ConfirmSignUpPage, HomePage, LoginPage, NotFound, SignUpPage, VerifyPage};

/// Whether pages load the wasm bundle. Off, every page still works (they
/// are plain HTML forms), with no JavaScript at all. The server provides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hydration(pub bool);

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let hydrate = use_context::<Hydration>().is_none_or(|h| h.0);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/png" href="/favicon.png"/>
                {hydrate
                    .then(|| {
                        view! {
                            <AutoReload options=options.clone()/>
                            <HydrationScripts options/>
                        }
                    })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Async SSR: pages are sent whole, after their data has loaded, so they
    // work without JavaScript and can answer with a redirect or a status.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/phone-sign-in.css"/>
        <Title formatter=|page: String| format!("{page} · Phone sign-in")/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage ssr=ssr.clone()/>
                <Route path=path!("/signup") view=SignUpPage ssr=ssr.clone()/>
                <Route path=path!("/signup/confirm") view=ConfirmSignUpPage ssr=ssr.clone()/>
                <Route path=path!("/login") view=LoginPage ssr=ssr.clone()/>
                <Route path=path!("/login/verify") view=VerifyPage ssr=ssr.clone()/>
                <Route path=path!("/account") view=AccountPage ssr=ssr/>
            </Routes>
        </Router>
    }
}
