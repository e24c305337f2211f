//! The code a page sends to the browser: only on pages with a part that
//! can do more with it (a countdown, a code field, the proof step). A page
//! without one is plain HTML and CSS.

use leptos::prelude::*;

use crate::error::AuthError;

/// Whether a form's page needs the bundle for its error: the proof step,
/// and a wait it counts down.
pub fn needs_scripts(error: Option<&AuthError>) -> bool {
    matches!(
        error,
        Some(AuthError::ProofNeeded(_) | AuthError::RateLimited { .. } | AuthError::ResendTooSoon { .. })
    )
}

/// Loads the wasm bundle (`frontend`) and starts it on this page, then marks
/// the body `data-hydrated` (tests and curious people wait for it). Each
/// page puts it in once, outside its `Suspense` (whose content may render
/// more than once), when it has such a part; with `HYDRATE=false` it
/// renders nothing.
#[component]
pub fn IslandScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let hydrate = use_context::<crate::server::AppState>().is_none_or(|app| app.settings.hydrate);
        let assets = use_context::<std::sync::Arc<crate::server::assets::Assets>>();
        hydrate.then_some(()).and(assets).map(|assets| {
            // Allowed by its hash in the page's Content-Security-Policy.
            let script = assets.loader().to_owned();
            view! {
                <link rel="modulepreload" href=assets.js.clone()/>
                <link rel="preload" href=assets.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
                <script type="module">{script}</script>
            }
        })
    }
}
