//! What happens once typing in the search pauses: the query goes into the page's address as
//! `?q=` (where the instance owns it), and the host hears `earmark:search`.
//!
//! Browsers throttle frequent history updates, and a host's analytics want one event per
//! search, not one per keystroke; one per pause serves both.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::core::embed::Event;
use crate::embed::Config;
use crate::platform::url;

/// How long the search waits after the last keystroke.
pub const PAUSE_MS: u32 = 300;

#[hook]
pub fn use_search_pause(config: Rc<Config>, query: String, matches: usize) {
    let pending = use_mut_ref(|| None::<Timeout>);
    // The query last reported, so that the empty query at start-up is not an event.
    let reported = use_mut_ref(String::new);
    use_effect_with(query, move |query| {
        let query = query.trim().to_string();
        let timeout = Timeout::new(PAUSE_MS, move || {
            if config.owns_url() {
                url::replace_param("q", Some(&query));
            }
            if *reported.borrow() != query {
                config.emit(Event::Search { query: &query, matches });
                *reported.borrow_mut() = query;
            }
        });
        // Replacing the handle drops (cancels) the previous timeout.
        *pending.borrow_mut() = Some(timeout);
    });
}
