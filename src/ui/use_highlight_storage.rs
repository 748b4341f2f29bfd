//! Keeping the highlights in localStorage, and in step with other tabs.
//!
//! - On load, the stored document is read; an unreadable one is moved aside first.
//! - Every change is written at once, as a read-merge-write: what another tab wrote in the
//!   meantime is merged in by highlight id, never overwritten.
//! - A `storage` event from another tab merges that tab's highlights in. Another instance on
//!   the same page is told through a `BroadcastChannel` (the `storage` event never fires in
//!   the document that wrote), and merges the same way.
//! - A value that cannot be read or written is never overwritten: the app keeps the
//!   highlights in memory and says so.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::StorageEvent;
use yew::prelude::*;

use crate::core::highlights::{decode, encode, Collection, HIGHLIGHTS};
use crate::core::state::{Action, State};
use crate::core::storage::{self as codec, plan, DecodeError, Notice, StorageFault, Stored};
use crate::platform::broadcast::Channel;
use crate::platform::storage;
use crate::ui::Store;

/// What one tab tells the others after it saved: the storage key and the document it wrote.
#[derive(serde::Serialize, serde::Deserialize)]
struct Synced {
    key: String,
    value: String,
}

#[hook]
pub fn use_highlight_storage(state: &State, dispatcher: UseReducerDispatcher<Store>) {
    let episode_id = state.episode().map(|episode| episode.id.clone());
    // The document as last written or read, so that an unchanged collection is not written.
    let last = use_mut_ref(|| None::<String>);
    // The channel to the other instances, open while an episode is shown.
    let channel = use_mut_ref(|| None::<Channel>);

    // Load, and listen to other tabs, per episode.
    {
        let (dispatcher, last, channel) = (dispatcher.clone(), last.clone(), channel.clone());
        use_effect_with(episode_id.clone(), move |episode_id| {
            let listener = episode_id.as_ref().map(|episode_id| {
                let key = codec::key(episode_id, HIGHLIGHTS);
                let read = storage::read(&key);
                let mut loaded = plan(read.as_ref().map(Option::as_deref).map_err(|f| *f), Stored::Highlights, decode);
                *last.borrow_mut() = match &read {
                    Ok(Some(raw)) if loaded.notice.is_none() => Some(raw.clone()),
                    // Nothing stored yet: nothing to write until there is a highlight.
                    Ok(None) => Some(encode(&Collection::default())),
                    _ => None,
                };
                if let Some(raw) = loaded.quarantine.take() {
                    // Once the unreadable value is safe aside, an empty document takes its
                    // place, so that it is moved aside once, not at every write.
                    let fresh = encode(&Collection::default());
                    match storage::quarantine(&key, &raw).and_then(|_| storage::write(&key, &fresh)) {
                        Ok(()) => *last.borrow_mut() = Some(fresh),
                        Err(_) => loaded = loaded.quarantine_failed(),
                    }
                }
                dispatcher.dispatch(Action::HighlightsLoaded(loaded));

                let merge = {
                    let (key, dispatcher) = (key.clone(), dispatcher.clone());
                    move |message: String| {
                        let Ok(message) = serde_json::from_str::<Synced>(&message) else { return };
                        if message.key != key {
                            return;
                        }
                        if let Ok(theirs) = decode(&message.value) {
                            dispatcher.dispatch(Action::MergeHighlights(theirs));
                        }
                    }
                };
                *channel.borrow_mut() = Channel::open(merge);
                let dispatcher = dispatcher.clone();
                EventListener::new(&gloo::utils::window(), "storage", move |event| {
                    let Some(event) = event.dyn_ref::<StorageEvent>() else { return };
                    if event.key().as_deref() != Some(key.as_str()) {
                        return;
                    }
                    if let Some(Ok(theirs)) = event.new_value().map(|raw| decode(&raw)) {
                        dispatcher.dispatch(Action::MergeHighlights(theirs));
                    }
                })
            });
            move || {
                drop(listener);
                channel.borrow_mut().take();
            }
        });
    }

    // Write every change.
    let h = &state.highlights;
    let deps = (episode_id, h.collection.clone(), h.restored && h.persist);
    use_effect_with(deps, move |(episode_id, ours, may_write)| {
        let (Some(episode_id), true) = (episode_id, *may_write) else { return };
        let raw = encode(ours);
        if last.borrow().as_deref() == Some(raw.as_str()) {
            return;
        }
        let key = codec::key(episode_id, HIGHLIGHTS);
        let theirs: Collection = match storage::read(&key) {
            Ok(None) => Collection::default(),
            Ok(Some(stored)) => match decode(&stored) {
                Ok(theirs) => theirs,
                Err(DecodeError::Newer { .. }) => {
                    dispatcher.dispatch(Action::Notify(Notice::HighlightsNewer));
                    return;
                }
                Err(DecodeError::Corrupt) => {
                    if storage::quarantine(&key, &stored).is_err() {
                        dispatcher.dispatch(Action::Notify(Notice::HighlightsNotSaved));
                        return;
                    }
                    dispatcher.dispatch(Action::Notify(Notice::HighlightsMovedAside));
                    Collection::default()
                }
            },
            Err(StorageFault::Blocked) => {
                dispatcher.dispatch(Action::Notify(Notice::StorageBlocked));
                return;
            }
            Err(StorageFault::Full) => {
                dispatcher.dispatch(Action::Notify(Notice::HighlightsNotSaved));
                return;
            }
        };
        let merged = ours.merge(&theirs);
        let raw = encode(&merged);
        match storage::write(&key, &raw) {
            Ok(()) => {
                if let Some(channel) = &*channel.borrow() {
                    channel.post(&serde_json::to_string(&Synced { key: key.to_string(), value: raw.clone() }).unwrap_or_default());
                }
                *last.borrow_mut() = Some(raw);
                if merged != **ours {
                    dispatcher.dispatch(Action::MergeHighlights(theirs));
                }
            }
            Err(_) => dispatcher.dispatch(Action::Notify(Notice::HighlightsNotSaved)),
        }
    });
}
