//! Remembering which deep dives the reader had open, per episode, in localStorage
//! (`earmark:v1:<episode>:open`): restored when the episode is shown, written when it changes.
//!
//! An unreadable stored value is moved aside before the key is written, and one from a newer
//! Earmark is never written over; both give the reader a notice instead.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::state::{Action, State};
use crate::core::storage::{self as codec, Notice, StorageFault};
use crate::platform::storage;
use crate::ui::Store;

#[hook]
pub fn use_open_sections(state: &State, dispatcher: UseReducerDispatcher<Store>) {
    // The last value written (or read) under the key, so that an unchanged set is not written
    // again.
    let last_saved = use_mut_ref(|| None::<String>);
    let episode_id = state.episode().map(|episode| episode.id.clone());
    {
        let (dispatcher, last_saved) = (dispatcher.clone(), last_saved.clone());
        use_effect_with(episode_id.clone(), move |episode_id| {
            if let Some(episode_id) = episode_id {
                dispatcher.dispatch(Action::Restored(load_open_sections(episode_id, &last_saved)));
            }
        });
    }

    let persisted: Vec<String> = state.persisted_open().map(str::to_string).collect();
    let deps = (episode_id, persisted, state.restored && state.persist);
    use_effect_with(deps, move |(episode_id, open, may_write)| {
        if let (Some(episode_id), true) = (episode_id, *may_write) {
            let raw = codec::encode_open_sections(open.iter().map(String::as_str));
            if last_saved.borrow().as_deref() != Some(raw.as_str()) {
                let key = codec::key(episode_id, codec::OPEN_SECTIONS);
                match storage::write(&key, &raw) {
                    Ok(()) => *last_saved.borrow_mut() = Some(raw),
                    Err(StorageFault::Full) => dispatcher.dispatch(Action::Notify(Notice::StorageFull)),
                    Err(StorageFault::Blocked) => dispatcher.dispatch(Action::Notify(Notice::StorageBlocked)),
                }
            }
        }
    });
}

/// Reads the open sections of an episode, moving an unreadable value aside first.
fn load_open_sections(episode_id: &str, last_saved: &Rc<RefCell<Option<String>>>) -> codec::LoadPlan {
    let key = codec::key(episode_id, codec::OPEN_SECTIONS);
    let read = storage::read(&key);
    let plan = codec::plan_load(read.as_ref().map(Option::as_deref).map_err(|fault| *fault));
    let plan = match &plan.quarantine {
        Some(raw) => match storage::quarantine(&key, raw) {
            // Safe now to write under the key: forget what was there so the next write happens.
            Ok(_) => codec::LoadPlan { quarantine: None, ..plan },
            Err(_) => plan.quarantine_failed(),
        },
        None => plan,
    };
    *last_saved.borrow_mut() = match &read {
        Ok(Some(raw)) if plan.notice.is_none() => Some(raw.clone()),
        Ok(None) => Some(codec::encode_open_sections([])),
        _ => None,
    };
    plan
}
