//! The host page's side of an instance: the `earmark:*` events it hears, the commands its
//! JavaScript API (or, for a frame, its allowed parent) sends, and, in a frame, the height it
//! is told so that the frame fits its content.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::embed::{Command, Event};
use crate::core::ids::IdSet;
use crate::core::link::Link;
use crate::core::state::{Action, Route, State};
use crate::embed::{Config, Mode};
use crate::platform::frame;
use crate::ui::Store;

#[hook]
pub fn use_host_api(config: Rc<Config>, state: &State, dispatcher: UseReducerDispatcher<Store>) {
    let episode = state.episode().cloned();
    let episode_id = episode.as_ref().map(|episode| episode.id.clone());

    // Commands from the API and from an allowed parent window.
    {
        let config = config.clone();
        use_effect_with((), move |_| {
            let run = Callback::from(move |command: Command| match command {
                Command::Open(insight) => dispatcher.dispatch(Action::FollowLink(Some(Link::to(insight, None)))),
                Command::Search(query) => dispatcher.dispatch(Action::Search(query)),
            });
            config.bridge.connect(Some(run.clone()));
            let listener = match &config.mode {
                Mode::Frame { parents } => frame::listen(parents.clone(), move |command| run.emit(command)),
                _ => None,
            };
            move || {
                config.bridge.connect(None);
                drop(listener);
            }
        });
    }

    // What `highlights()` and `open()` answer from.
    {
        let config = config.clone();
        use_effect_with((episode.clone(), state.highlights.collection.clone()), move |(episode, collection)| {
            if let Some(episode) = episode {
                config.bridge.update(episode.clone(), collection.clone(), config.link_base());
            }
        });
    }
    {
        let bridge = config.bridge.clone();
        let fate = match &state.route {
            Route::Episode => Some(episode.clone()),
            Route::Unknown(_) | Route::Unavailable(_) => Some(None),
            Route::Pending | Route::Loading(_) => None,
        };
        use_effect_with(fate, move |fate| match fate {
            Some(episode) => bridge.settle(episode.clone()),
            None => bridge.unsettle(),
        });
    }

    // A frame reports its content's height whenever it changes.
    {
        let config = config.clone();
        use_effect_with((), move |_| {
            let reporter = match &config.mode {
                Mode::Frame { parents } => gloo::utils::document()
                    .document_element()
                    .and_then(|html| frame::HeightReporter::start(&html, parents.clone())),
                _ => None,
            };
            move || drop(reporter)
        });
    }

    // `data-earmark-state` on the host element says where the instance is, for host pages
    // (and their CSS) and for tests: "loading", "ready", "not-found" or "unavailable". It is
    // set after hydration, so it also says that the app is live.
    {
        let host = config.host.clone();
        let name = match &state.route {
            Route::Pending | Route::Loading(_) => "loading",
            Route::Episode => "ready",
            Route::Unknown(_) => "not-found",
            Route::Unavailable(_) => "unavailable",
        };
        use_effect_with(name, move |name| {
            if let Some(host) = host {
                let _ = host.set_attribute("data-earmark-state", name);
            }
        });
    }

    // `earmark:ready` once an episode is shown.
    {
        let config = config.clone();
        let shown = matches!(state.route, Route::Episode).then(|| episode_id.clone()).flatten();
        use_effect_with(shown, move |shown| {
            if let Some(id) = shown {
                config.emit(Event::Ready { episode: id });
            }
        });
    }

    // `earmark:open` and `earmark:close` for each section the reader opens or closes. Sections
    // opened by restoring the last visit are where the reader left off, not new opens.
    let seen = use_mut_ref(|| None::<(Option<String>, bool, IdSet)>);
    use_effect_with((episode_id, state.restored, state.open.clone()), move |(episode_id, restored, open)| {
        let mut seen = seen.borrow_mut();
        if let Some((seen_id, seen_restored, before)) = seen.as_ref() {
            if seen_id == episode_id && seen_restored == restored {
                for insight in open.difference(before) {
                    config.emit(Event::Open { insight });
                }
                for insight in before.difference(open) {
                    config.emit(Event::Close { insight });
                }
            }
        }
        *seen = Some((episode_id.clone(), *restored, open.clone()));
    });
}
