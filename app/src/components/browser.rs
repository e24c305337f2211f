//! The few things the hydrated pages do with the browser directly: move
//! focus to an error, count down, read a texted code (WebOTP), and do the
//! proof step. Each is an extra on top of a page that already works without
//! them.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Moves focus to the input an error belongs to, so the person (and their
/// screen reader) lands on what needs fixing.
pub fn focus_field(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Counts `remaining` down to zero against the wall clock (timers in
/// background tabs are throttled, so each tick recomputes from a deadline).
pub fn tick_down(seconds: u64, remaining: WriteSignal<u64>) {
    if seconds == 0 {
        return;
    }
    let deadline = js_sys::Date::now() + seconds as f64 * 1000.0;
    let tick = move || {
        let left = ((deadline - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as u64;
        remaining.set(left);
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(250)) {
        on_cleanup(move || handle.clear());
    }
}

/// Where the browser supports WebOTP (Chrome on Android), asks for the code
/// from the incoming text (its last line names this site) and submits it.
pub fn fill_code_from_sms(input_id: &'static str) {
    let Some(window) = web_sys::window() else { return };
    if !js_sys::Reflect::has(&window, &JsValue::from_str("OTPCredential")).unwrap_or(false) {
        return;
    }
    let options = js_sys::Object::new();
    let otp = js_sys::Object::new();
    let transport = js_sys::Array::of1(&JsValue::from_str("sms"));
    let _ = js_sys::Reflect::set(&otp, &"transport".into(), &transport);
    let _ = js_sys::Reflect::set(&options, &"otp".into(), &otp);
    let Ok(promise) = window
        .navigator()
        .credentials()
        .get_with_options(options.unchecked_ref::<web_sys::CredentialRequestOptions>())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        // Dismissed, unsupported or timed out: the person types the code.
        let Ok(credential) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let Some(code) = js_sys::Reflect::get(&credential, &"code".into())
            .ok()
            .and_then(|c| c.as_string())
        else {
            return;
        };
        let Some(input) = document()
            .and_then(|d| d.get_element_by_id(input_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        input.set_value(&code);
        if let Some(form) = input.form() {
            let _ = form.request_submit();
        }
    });
}

/// Hands control back to the browser (a zero-delay timer), so that a long
/// computation in slices leaves the page responsive.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Finds the puzzle's answer in slices, puts it in the input `input_id`
/// and sends its form again. Gives up (leaving the wait, which works too)
/// after sixteen times the expected work.
pub fn solve_and_submit(puzzle: crate::error::Puzzle, input_id: &'static str, checking: RwSignal<bool>) {
    const SLICE: u64 = 16_384;
    leptos::task::spawn_local(async move {
        let give_up = 1u64 << (u32::from(puzzle.bits) + 4).min(40);
        let mut from = 0;
        let answer = loop {
            if let Some(answer) = crate::proof::search(&puzzle.seed, puzzle.bits, from, SLICE) {
                break Some(answer);
            }
            from += SLICE;
            if from >= give_up {
                break None;
            }
            yield_to_browser().await;
        };
        let input = document()
            .and_then(|d| d.get_element_by_id(input_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        match (answer, input) {
            (Some(answer), Some(input)) => {
                input.set_value(&answer.to_string());
                match input.form() {
                    Some(form) if form.request_submit().is_ok() => {}
                    _ => checking.set(false),
                }
            }
            _ => checking.set(false),
        }
    });
}
