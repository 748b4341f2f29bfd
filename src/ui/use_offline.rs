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

#[hook]
pub fn use_offline(config: Rc<Config>) -> Offline {
    let state = use_state(Offline::default);
    // The latest state, for the callbacks that outlive a render.
    let latest = use_mut_ref(Offline::default);
    *latest.borrow_mut() = *state;
    let now = *state;
    use_effect_with((), move |_| {
        let set = {
            Rc::new(move |change: &dyn Fn(&mut Offline)| {
                let mut next = *latest.borrow();
                change(&mut next);
                *latest.borrow_mut() = next;
                state.set(next);
            })
        };
        let worker = config.owns_url().then(|| {
            let set = set.clone();
            worker::start(move |report| match report {
                Report::Ready { bytes } => set(&|s: &mut Offline| s.ready_bytes = Some(bytes)),
                Report::UpdateWaiting => set(&|s: &mut Offline| s.update_waiting = true),
            })
        });
        set(&|s: &mut Offline| s.offline = !worker::online());
        let window = gloo::utils::window();
        let listeners = ["online", "offline"].map(|name| {
            let set = set.clone();
            EventListener::new(&window, name, move |_| set(&|s: &mut Offline| s.offline = !worker::online()))
        });
        move || drop((worker, listeners))
    });
    now
}
