//! Living in an iframe on a host page (`?embed=1`): telling the parent how tall the content is,
//! and hearing the parent's commands, but only from the origins the frame's address allows.
//!
//! The frame sends nothing but `{ earmark: { height } }`. It acts on a message only when it
//! comes from the parent window and its origin is in the `parent=` allow-list; every other
//! message is ignored without a word, since anyone can post to a frame.

use gloo::events::EventListener;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MessageEvent, ResizeObserver, Window};

use crate::core::embed::{command, height_message, parent_allowed, Command, Message};
use crate::platform::json;

/// The parent window, when this page is framed.
fn parent() -> Option<Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (parent != window).then_some(parent)
}

/// Posts `message` to the parent: to the one allowed origin where exactly one is allowed (so
/// that nobody else can read it), otherwise to any, since a height or a time in the audio
/// says nothing private.
fn post(message: &impl Serialize, allowed: &[String]) {
    post_value(&json::to_js(message), allowed);
}

fn post_value(value: &JsValue, allowed: &[String]) {
    let Some(parent) = parent() else { return };
    let target = match allowed {
        [only] => only.as_str(),
        _ => "*",
    };
    let _ = parent.post_message(value, target);
}

/// Tells the parent that the reader pressed a time: `{ earmark: { seek: { seconds } } }`,
/// which `embed-frame.js` turns into an `earmark:seek` event on the iframe (and a seek of the
/// host's `data-audio-for` player).
pub fn post_seek(ms: u64, allowed: &[String]) {
    let wrap = |key: &str, value: &JsValue| {
        let object = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&object, &key.into(), value);
        JsValue::from(object)
    };
    post_value(&wrap("earmark", &wrap("seek", &json::seconds(ms))), allowed);
}

/// Watches the height of `content` and reports each change to the parent. Dropping the
/// returned watcher stops it.
pub struct HeightReporter {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    pub fn start(content: &Element, allowed: Vec<String>) -> Option<HeightReporter> {
        parent()?;
        let watched = content.clone();
        let last = std::cell::Cell::new(-1.0_f64);
        let callback = Closure::<dyn FnMut()>::new(move || {
            let height = watched.get_bounding_client_rect().height().ceil();
            if height != last.get() {
                last.set(height);
                post(&height_message(height), &allowed);
            }
        });
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(content);
        Some(HeightReporter { observer, _callback: callback })
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Listens for the parent's commands; `on_command` gets those from an allowed origin.
pub fn listen(allowed: Vec<String>, on_command: impl Fn(Command) + 'static) -> Option<EventListener> {
    let parent = parent()?;
    Some(EventListener::new(&gloo::utils::window(), "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
        let from_parent = event.source().is_some_and(|source| JsValue::from(source) == JsValue::from(parent.clone()));
        if !from_parent || !parent_allowed(&allowed, &event.origin()) {
            return;
        }
        let Some(message) = json::from_js::<Message>(&event.data()) else { return };
        if let Some(command) = command(message) {
            on_command(command);
        }
    }))
}
