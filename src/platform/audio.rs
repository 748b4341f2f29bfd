//! The host's audio (or video) element, when it hands Earmark one (`data-audio-for`, or
//! `Earmark.mount(…, { audio })`): seeking it, and following its playback by marking the cue
//! being spoken.
//!
//! The mark is the `aria-current="time"` attribute, set here rather than rendered: playback
//! moves four times a second, and rendering the transcript each time would cost a diff of a
//! thousand cues for one attribute. Yew renders no `aria-current` on cues, so it never undoes
//! this one. Nothing here scrolls: the reader may be reading elsewhere.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlMediaElement};

/// The media element `id`'s instance follows: the first `audio` or `video` element in the
/// document whose `data-audio-for` is `id`.
pub fn for_id(id: &str) -> Option<HtmlMediaElement> {
    if id.is_empty() || id.contains(['"', '\\']) {
        return None;
    }
    let selector = format!("audio[data-audio-for=\"{id}\"], video[data-audio-for=\"{id}\"]");
    gloo::utils::document().query_selector(&selector).ok().flatten()?.dyn_into().ok()
}

/// Moves `media` to `ms` and plays it. Playing may be refused (the browser's autoplay rules);
/// the position is set all the same.
pub fn seek(media: &HtmlMediaElement, ms: u64) {
    media.set_current_time(ms as f64 / 1000.0);
    if let Ok(playing) = media.play() {
        // Awaited so that a refusal is handled, not reported as an uncaught rejection.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(playing).await;
        });
    }
}

/// Marks, under `root`, the cue of `cues` (start in milliseconds, and id) that `media` is
/// playing, as it plays and when it is moved; stops when dropped.
pub struct Following {
    _listeners: [EventListener; 2],
}

pub fn follow(media: &HtmlMediaElement, root: Element, cues: Rc<Vec<(u64, String)>>) -> Following {
    let current: Rc<RefCell<Option<usize>>> = Rc::default();
    let update = {
        let media = media.clone();
        move || {
            let ms = (media.current_time().max(0.0) * 1000.0) as u64;
            let now = cues.partition_point(|(start, _)| *start <= ms).checked_sub(1);
            let mut current = current.borrow_mut();
            if *current == now {
                return;
            }
            let find = |index: Option<usize>| {
                let (_, id) = cues.get(index?)?;
                root.query_selector(&format!("[data-cue=\"{id}\"]")).ok().flatten()
            };
            if let Some(previous) = find(*current) {
                let _ = previous.remove_attribute("aria-current");
            }
            if let Some(next) = find(now) {
                let _ = next.set_attribute("aria-current", "time");
            }
            *current = now;
        }
    };
    let update = Rc::new(update);
    let on = |name: &'static str| {
        let update = update.clone();
        EventListener::new(media, name, move |_| update())
    };
    let listeners = [on("timeupdate"), on("seeked")];
    update();
    Following { _listeners: listeners }
}
