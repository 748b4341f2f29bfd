//! Telling the host page what happened: `earmark:*` events on the instance's host element, and
//! messages for the site owner in the console.
//!
//! Events are `CustomEvent`s that bubble and are `composed`, so that a listener on the host
//! element, on any ancestor or on `document` hears them, also from inside a shadow root. Their
//! `detail` is a plain JavaScript object, never a JSON string.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::core::embed::Event;
use crate::platform::json;

/// Dispatches `event` on `host`.
pub fn emit(host: &Element, event: &Event) {
    let detail = match event {
        Event::Seek { ms } => json::seconds(*ms),
        _ => json::to_js(event),
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
        // A host listener that throws must not break the instance: the browser reports it and
        // carries on, and so do we.
        let _ = host.dispatch_event(&event);
    }
}

/// A message for the site owner, prefixed so that it is found among the host's own.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("Earmark: {message}")));
}
