//! Where the browser has WebOTP (Chrome on Android): asks for the code in
//! the incoming text (its last line names this site), puts it in the
//! one-time-code field and sends the form. Dismissed, unsupported or timed
//! out, the person types the code.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlInputElement};

pub fn start(document: &Document) {
    let Some(input) = super::first::<HtmlInputElement>(document, "input[autocomplete=\"one-time-code\"]") else {
        return;
    };
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
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(credential) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let Some(code) = js_sys::Reflect::get(&credential, &"code".into())
            .ok()
            .and_then(|c| c.as_string())
        else {
            return;
        };
        input.set_value(&code);
        if let Some(form) = input.form() {
            let _ = form.request_submit();
        }
    });
}
