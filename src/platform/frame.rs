//! Living in an iframe on a host page (`?embed=1`): telling the parent how tall the content is,
//! and hearing the parent's commands, but only from the origins the frame's address allows.
//!
//! The frame sends `{ earmark: { height } }`, `{ earmark: { seek } }` and
//! `{ earmark: { scrollTo } }`. It acts on a message only when it comes from the parent window
//! and its origin is in the `parent=` allow-list; every other message is ignored without a
//! word, since anyone can post to a frame.
//!
//! The design decision for scrolling: a frame that `embed-frame.js` sizes to its content has no
//! scroll of its own, and whether scrolling inside it moves the host page depends on the engine
//! (WebKit's does not; `window.scrollBy` moves nobody anywhere). So while a frame reports its
//! height, every "bring this into view" of the app (`platform::scroll`) is instead a
//! `scrollTo` message to the parent, sent right after the height that goes with it.

use gloo::events::EventListener;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MessageEvent, ResizeObserver, Window};

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::embed::{command, height_message, parent_allowed, scroll_message, Command, Message};
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

thread_local! {
    /// While a [`HeightReporter`] runs: the parent's allowed origins and the element whose
    /// height is reported. The frame is then sized by its host, and scrolling is the host's to
    /// do. One per window, as a frame is.
    static SIZED_BY_PARENT: RefCell<Option<(Vec<String>, Element)>> = const { RefCell::new(None) };
}

/// Whether the host sizes this frame to its content, so that only the host can scroll.
pub fn sized_by_parent() -> bool {
    SIZED_BY_PARENT.with(|sized| sized.borrow().is_some())
}

/// What a scroll request measures: the target's top and bottom in the frame's viewport, and
/// the room to keep clear above and below it.
pub type Edges = (f64, f64, f64, f64);

/// Asks the parent to bring into view what `measure` finds, now and again whenever it moves
/// in the frames that follow.
///
/// The content's height goes first, measured now: a section that has just opened makes the
/// frame taller, and the host's page must be that tall before it can scroll that far. It is
/// not left to the `ResizeObserver`, which reports only when the frame renders, and a
/// cross-origin frame out of the host's view may not render at all until it is scrolled to.
/// Then the target is measured each frame for a while (from when the frame renders, as it
/// comes into view): sections off screen skip layout
/// (`content-visibility: auto`) and take their real height only when they are rendered, which
/// moves what is below them. Each move is a new request, which the host follows.
pub fn post_scroll(measure: impl Fn() -> Option<Edges> + 'static, reduced_motion: bool) {
    let Some((allowed, content)) = SIZED_BY_PARENT.with(|sized| sized.borrow().clone()) else { return };
    let Some(first) = measure() else { return };
    let send: Rc<dyn Fn(Edges) -> f64> = Rc::new(move |(top, bottom, margin_top, margin_bottom)| {
        post(&height_message(content.get_bounding_client_rect().height()), &allowed);
        // Viewport coordinates to the frame's document (which does not scroll, but may have).
        let scrolled = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
        post(&scroll_message(top + scrolled, bottom + scrolled, margin_top, margin_bottom, reduced_motion), &allowed);
        top + scrolled
    });
    let at = send(first);
    follow(Rc::new(measure), send, at, now() + WATCH_MS);
}

/// How long the target is watched after a request, in milliseconds: as long as the host keeps
/// the request (`embed-frame.js`), which covers its smooth scroll, during which the frame comes
/// into view and is laid out. Watching for still frames instead ends too early in engines that
/// keep animating a frame out of view, before anything has moved.
const WATCH_MS: f64 = 1500.0;

fn now() -> f64 {
    js_sys::Date::now()
}

fn follow(measure: Rc<dyn Fn() -> Option<Edges>>, send: Rc<dyn Fn(Edges) -> f64>, at: f64, until: f64) {
    let Some(window) = web_sys::window() else { return };
    // A closure per frame, called once: one that scheduled itself would outlive its last call.
    let next = Closure::once_into_js(move || {
        let Some(edges) = measure() else { return };
        let scrolled = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
        let at = if (edges.0 + scrolled - at).abs() > 1.0 { send(edges) } else { at };
        if now() < until {
            follow(measure, send, at, until);
        }
    });
    let _ = window.request_animation_frame(next.unchecked_ref());
}

/// Watches the height of `content` and reports each change to the parent. Dropping the
/// returned watcher stops it. While it runs, scrolling is the parent's ([`post_scroll`]).
pub struct HeightReporter {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightReporter {
    pub fn start(content: &Element, allowed: Vec<String>) -> Option<HeightReporter> {
        parent()?;
        let allowed_for_scroll = allowed.clone();
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
        SIZED_BY_PARENT.with(|sized| *sized.borrow_mut() = Some((allowed_for_scroll, content.clone())));
        Some(HeightReporter { observer, _callback: callback })
    }
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
        SIZED_BY_PARENT.with(|sized| *sized.borrow_mut() = None);
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
