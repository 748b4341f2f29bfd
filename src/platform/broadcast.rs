//! A same-origin channel between the instances on one page and the pages of other tabs.
//!
//! The `storage` event never fires in the document that wrote, so two instances embedded on
//! one page would not see each other's highlights through it. Every instance opens its own
//! `BroadcastChannel`, which delivers to all other channel objects of that name on the origin,
//! in this document too. Where the browser lacks it, instances fall back to the `storage`
//! event alone (other tabs still stay in step).

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel's name, under Earmark's `earmark:` prefix like its storage keys.
pub const NAME: &str = "earmark:v1:storage";

pub struct Channel {
    channel: BroadcastChannel,
    _listener: EventListener,
}

impl Channel {
    /// Opens the channel; `on_message` gets each string another instance posted.
    pub fn open(on_message: impl Fn(String) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(NAME).ok()?;
        let listener = EventListener::new(&channel, "message", move |event| {
            if let Some(text) = event.dyn_ref::<MessageEvent>().and_then(|event| event.data().as_string()) {
                on_message(text);
            }
        });
        Some(Channel { channel, _listener: listener })
    }

    pub fn post(&self, message: &str) {
        let _ = self.channel.post_message(&message.into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.close();
    }
}
