//! Sharing: a link to an insight (the share buttons) or to a highlight's quote (Copy link),
//! through the system share sheet, the clipboard, or a field to copy from by hand. The host
//! hears `earmark:share` with the insight and the link.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::embed::Event;
use crate::core::highlights::Collection;
use crate::core::export;
use crate::core::link::Link;
use crate::core::model::Episode;
use crate::embed::Config;
use crate::platform::{clipboard, share};

/// The outcome of the last share, for the page: a status line, and a link the clipboard
/// refused, to copy by hand.
#[derive(Clone, PartialEq)]
pub struct Outcome {
    pub message: UseStateHandle<AttrValue>,
    pub manual: UseStateHandle<Option<AttrValue>>,
}

#[hook]
pub fn use_outcome() -> Outcome {
    Outcome { message: use_state(AttrValue::default), manual: use_state(|| None::<AttrValue>) }
}

/// Copies a link, saying so; where the clipboard refuses, offers the link to copy by hand.
async fn copy_or_offer(address: String, outcome: Outcome) {
    match clipboard::copy(&address).await {
        Ok(()) => {
            outcome.manual.set(None);
            outcome.message.set("Link copied".into());
        }
        Err(()) => {
            outcome.message.set("The clipboard is not available here".into());
            outcome.manual.set(Some(address.into()));
        }
    }
}

/// `onshare` for the share buttons (by insight id), reporting in `outcome`.
///
/// The callback is stable across renders: it goes to every section, and a new callback would
/// re-render all of them on each keystroke of a search (measured: 1.2 ms became 27 ms on a long
/// episode). For the same reason it changes with the episode's id, not its value: the value
/// changes when the transcript's cues arrive, and the insights it shares do not.
#[hook]
pub fn use_share(config: Rc<Config>, episode: Option<Rc<Episode>>, outcome: Outcome) -> Callback<String> {
    let id = episode.as_ref().map(|episode| episode.id.clone());
    let episode = (*use_memo(id, move |_| episode)).clone();
    use_callback(episode, move |id: String, episode| {
        let Some(episode) = episode else { return };
        let title = episode.insight(&id).map(|i| i.label()).unwrap_or_default();
        let address = config.link(&episode.id, &Link::to(id.clone(), None));
        config.emit(Event::Share { insight: &id, url: &address });
        let outcome = outcome.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match share::share(&address, &title).await {
                share::Shared::Done => outcome.message.set("Link shared".into()),
                share::Shared::Cancelled => {}
                share::Shared::Unavailable => copy_or_offer(address, outcome).await,
            }
        });
    })
}

/// `oncopy` for a highlight's Copy link (by highlight id), reporting in `outcome`.
#[hook]
pub fn use_copy_link(config: Rc<Config>, episode: Option<Rc<Episode>>, collection: Rc<Collection>, outcome: Outcome) -> Callback<String> {
    use_callback((episode, collection), move |id: String, (episode, collection)| {
        let (Some(h), Some(episode)) = (collection.get(&id), episode) else { return };
        let address = config.link(&episode.id, &export::link_to(h));
        config.emit(Event::Share { insight: &h.insight, url: &address });
        wasm_bindgen_futures::spawn_local(copy_or_offer(address, outcome.clone()));
    })
}
