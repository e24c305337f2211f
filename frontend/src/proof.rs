//! The proof step: `<input id="proof" data-seed="…" data-bits="N"
//! data-solve>` in a form, with `<p data-proof-status data-checking="…">`.
//! Only a puzzle the server marked `data-solve` (one this browser's own form
//! post was given) is solved here, and its form sent again; the search runs
//! in slices, handing the page back to the browser between them, and gives
//! up (leaving the wait, which works too) after sixteen times the expected
//! work.

use wasm_bindgen::JsValue;
use web_sys::{Document, HtmlElement, HtmlInputElement};

const SLICE: u64 = 16_384;

pub fn start(document: &Document) {
    let Some(input) = super::first::<HtmlInputElement>(document, "input[data-seed][data-solve]") else {
        return;
    };
    let (Some(seed), Some(bits)) = (
        input.get_attribute("data-seed"),
        input.get_attribute("data-bits").and_then(|b| b.parse::<u8>().ok()),
    ) else {
        return;
    };
    let status = super::first::<HtmlElement>(document, "[data-proof-status]");
    // The page's first script may already say "Checking…": the wait's
    // words are kept in `data-waiting`.
    let waiting = status
        .as_ref()
        .and_then(|s| s.get_attribute("data-waiting").or_else(|| s.text_content()));
    if let Some(s) = &status {
        s.set_text_content(s.get_attribute("data-checking").as_deref());
    }
    wasm_bindgen_futures::spawn_local(async move {
        let give_up = 1u64 << (u32::from(bits) + 4).min(40);
        let mut from = 0;
        let answer = loop {
            if let Some(answer) = crate::shared_proof::search(&seed, bits, from, SLICE) {
                break Some(answer);
            }
            from += SLICE;
            if from >= give_up {
                break None;
            }
            yield_to_browser().await;
        };
        let sent = answer.is_some_and(|answer| {
            input.set_value(&answer.to_string());
            input.form().is_some_and(|form| form.request_submit().is_ok())
        });
        if !sent && let Some(s) = &status {
            s.set_text_content(waiting.as_deref());
        }
    });
}

/// Hands control back to the browser (a zero-delay timer), so that the
/// search leaves the page responsive.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _: Result<JsValue, JsValue> = wasm_bindgen_futures::JsFuture::from(promise).await;
}
