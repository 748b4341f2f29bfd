//! Offline reading on Earmark's own page (standalone or framed): the service worker is
//! registered after the page has loaded, and the reader is told, quietly, when everything is
//! available offline, when the network is gone, and when a new version is ready.
//!
//! A widget on a host page never registers a worker: the host's origin is not ours.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use crate::embed::Config;
use crate::platform::worker::{self, Report};

/// What the page knows about offline reading; nothing (the first render's state) until the
/// worker says otherwise, so that no promise is shown that cannot be kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offline {
    /// Every file is cached: the size of it all.
    pub ready_bytes: Option<u64>,
    /// A new version is installed and waits for the reader's Reload.
    pub update_waiting: bool,
    /// The browser says the network is gone.
    pub offline: bool,
}

/// What the browser reported.
pub enum Change {
    Ready { bytes: u64 },
    UpdateWaiting,
    Network { offline: bool },
}

impl Reducible for Offline {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = *self;
        match change {
            Change::Ready { bytes } => next.ready_bytes = Some(bytes),
            Change::UpdateWaiting => next.update_waiting = true,
            Change::Network { offline } => next.offline = offline,
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[hook]
pub fn use_offline(config: Rc<Config>) -> Offline {
    let state = use_reducer(Offline::default);
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let worker = config.owns_url().then(|| {
            let dispatcher = dispatcher.clone();
            worker::start(config.root.clone(), move |report| match report {
                Report::Ready { bytes } => dispatcher.dispatch(Change::Ready { bytes }),
                Report::UpdateWaiting => dispatcher.dispatch(Change::UpdateWaiting),
            })
        });
        dispatcher.dispatch(Change::Network { offline: !worker::online() });
        let window = gloo::utils::window();
        let listeners = ["online", "offline"].map(|name| {
            let dispatcher = dispatcher.clone();
            EventListener::new(&window, name, move |_| dispatcher.dispatch(Change::Network { offline: !worker::online() }))
        });
        move || drop((worker, listeners))
    });
    *state
}
