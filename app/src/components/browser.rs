//! The few things the hydrated pages do with the browser directly: move
//! focus to an error, count down, and read a texted code (WebOTP). Each is an
//! extra on top of a page that already works without them.

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
