//! The browser's share of the pages, and all of it: the server renders every
//! page whole (plain HTML forms that work without JavaScript) and marks the
//! few parts that can do more with `data-*` attributes; [`start`] finds
//! them and brings them to life. The server loads this bundle only on pages
//! that have such a part (`app::components::IslandScripts`).
//!
//! Written against the DOM directly, without Leptos's reactive runtime in
//! the browser: with it, the same three parts came to 73 KB of brotli wasm
//! against this one's budget of 60 KB for a whole page (see BENCHMARKS.md).
//! The texts come from the server's attributes, so this code carries none.

mod code_field;
mod countdown;
mod proof;
mod webotp;

// The server's own code for these, file for file, so that the two cannot
// disagree: how a countdown reads, what solves a puzzle, and what in the
// code field is a whole code.
#[path = "../../app/src/clock.rs"]
mod clock;
#[path = "../../domain/src/paste.rs"]
mod paste;
#[path = "../../app/src/proof.rs"]
mod shared_proof;
// And what the pages and this bundle agree on, by fingerprint.
#[path = "../../app/src/contract.rs"]
mod contract;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;

/// Called once by the page's loader, after the bundle has loaded; false
/// when it left the page as it was.
#[wasm_bindgen]
pub fn start() -> bool {
    // Panics explained in the console while developing; release builds
    // abort without the formatting code the hook brings.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let Some(document) = document() else { return false };
    if !same_build(&document) {
        return false;
    }
    countdown::start_all(&document);
    webotp::start(&document);
    code_field::start(&document);
    proof::start(&document);
    true
}

/// Whether the page was written by a server built from the sources this
/// bundle was; if not, the developer is told, and the page stays plain HTML
/// (which works) rather than half-working with attributes it misreads.
fn same_build(document: &web_sys::Document) -> bool {
    let page = document.body().and_then(|b| b.get_attribute("data-bundle"));
    let ours = contract::fingerprint();
    if page.as_deref() == Some(ours.as_str()) {
        return true;
    }
    let message = format!(
        "phone-sign-in: this page comes from a server built from other sources than this browser bundle \
         (page {}, bundle {ours}). Build both from one checkout: `make dev`, or `scripts/build-site.sh` \
         and restart the server. The page works without the bundle meanwhile.",
        page.as_deref().unwrap_or("unmarked")
    );
    web_sys::console::error_1(&message.into());
    false
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The first element matching `selector`, as type `T`.
fn first<T: JsCast>(document: &web_sys::Document, selector: &str) -> Option<T> {
    document.query_selector(selector).ok().flatten()?.dyn_into::<T>().ok()
}

/// The elements matching `selector`, as type `T`.
fn all<T: JsCast>(document: &web_sys::Document, selector: &str) -> Vec<T> {
    let Ok(list) = document.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<T>().ok())
        .collect()
}
