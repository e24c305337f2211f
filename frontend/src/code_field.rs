//! The code field: once it holds a whole code (typed to its last digit, or
//! pasted with the rest of the text message), the form is sent, once. What
//! counts as a whole code is the server's own rule (`paste::code_in`).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Document, HtmlInputElement};

pub fn start(document: &Document) {
    let Some(input) = super::first::<HtmlInputElement>(document, "input[data-code-digits]") else {
        return;
    };
    let Some(digits) = input
        .get_attribute("data-code-digits")
        .and_then(|d| d.parse::<usize>().ok())
    else {
        return;
    };
    let sent = Rc::new(Cell::new(false));
    let field = input.clone();
    let on_input = Closure::<dyn FnMut()>::new(move || {
        if sent.get() {
            return;
        }
        let Some(code) = super::paste::code_in(&field.value(), digits) else {
            return;
        };
        if let Some(form) = field.form() {
            sent.set(true);
            field.set_value(&code);
            let _ = form.request_submit();
        }
    });
    input.set_oninput(Some(on_input.as_ref().unchecked_ref()));
    // The page lives as long as the listener is wanted.
    on_input.forget();
}
