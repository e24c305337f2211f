//! Countdowns: `<span data-countdown="SECONDS" data-running="… {} …"
//! data-done="…">`, whose `{}` becomes `m:ss` each second and which says
//! `data-done` at zero; a `<button data-enable-after="ID">` stays disabled
//! until the countdown with that id reaches zero. Server-rendered text is
//! right on the first paint; this only keeps it moving.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Document, HtmlButtonElement, HtmlElement};

use crate::clock::said;

pub fn start_all(document: &Document) {
    for el in super::all::<HtmlElement>(document, "[data-countdown]") {
        start(document, el);
    }
}

fn start(document: &Document, el: HtmlElement) {
    let Some(seconds) = el.get_attribute("data-countdown").and_then(|s| s.parse::<u64>().ok()) else {
        return;
    };
    let running = el.get_attribute("data-running").unwrap_or_default();
    let done = el.get_attribute("data-done").unwrap_or_default();
    let buttons: Vec<HtmlButtonElement> = if el.id().is_empty() {
        Vec::new()
    } else {
        super::all(document, &format!("button[data-enable-after=\"{}\"]", el.id()))
    };
    // Timers in background tabs are throttled, so each tick recomputes from
    // a deadline rather than counting ticks.
    let deadline = js_sys::Date::now() + seconds as f64 * 1000.0;
    let shown = Cell::new(u64::MAX);
    let handle = Rc::new(Cell::new(None::<i32>));
    let tick = {
        let handle = handle.clone();
        move || {
            let left = ((deadline - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as u64;
            if left == shown.replace(left) {
                return;
            }
            el.set_text_content(Some(&said(left, &running, &done)));
            for button in &buttons {
                button.set_disabled(left != 0);
            }
            if left == 0
                && let (Some(id), Some(window)) = (handle.get(), web_sys::window())
            {
                window.clear_interval_with_handle(id);
            }
        }
    };
    tick();
    if seconds == 0 {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::<dyn FnMut()>::new(tick);
    if let Ok(id) =
        window.set_interval_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), 250)
    {
        handle.set(Some(id));
    }
    // The page owns the timer from here until it is left.
    callback.forget();
}
