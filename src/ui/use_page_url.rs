//! Which episode to show and which link to follow, from the page's address: read once after
//! the first render (so that the first tree does not depend on the browser, as a server
//! renderer's would not), then again on `hashchange` and back/forward.
//!
//! An instance that owns the page's URL (the standalone page, or its frame) reads
//! `?episode=` and `?q=`. A widget on a host page gets its episode from the host's options and
//! follows a `#insight=` link only when the address names no other episode: the host's URL is
//! the host's.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::link::{self, Link};
use crate::core::state::Action;
use crate::embed::Config;
use crate::platform::url;
use crate::ui::Store;

/// The page's fragment as a link for this instance, if it is one. On an insight's own page
/// (`<episode>/<insight>/`) without one, that insight is the link.
fn link_in_page(config: &Config) -> Option<Link> {
    let fragment = link::parse(&gloo::utils::window().location().hash().unwrap_or_default());
    let own_page = || {
        let page = config.page.as_ref()?;
        let asked = url::episode_param().filter(|slug| !slug.trim().is_empty());
        let insight = page.insight.clone().filter(|_| asked.is_none_or(|slug| slug.trim() == page.episode.id))?;
        Some(Link::to(insight, None))
    };
    let link = fragment.or_else(own_page)?;
    if config.owns_url() {
        return Some(link);
    }
    let named = url::episode_param();
    (named.is_none() || named == config.options.episode).then_some(link)
}

#[hook]
pub fn use_page_url(config: Rc<Config>, dispatcher: UseReducerDispatcher<Store>) {
    use_effect_with((), move |_| {
        if config.owns_url() {
            dispatcher.dispatch(Action::Navigate(url::episode_param()));
            if let Some(query) = url::param("q") {
                dispatcher.dispatch(Action::Search(query));
            }
        } else {
            dispatcher.dispatch(Action::Navigate(config.options.episode.clone()));
        }
        dispatcher.dispatch(Action::FollowLink(link_in_page(&config)));
        let window = gloo::utils::window();
        let follow = move |_: &web_sys::Event| {
            if config.owns_url() {
                dispatcher.dispatch(Action::Navigate(url::episode_param()));
            }
            dispatcher.dispatch(Action::FollowLink(link_in_page(&config)));
        };
        let listeners = [
            gloo::events::EventListener::new(&window, "hashchange", follow.clone()),
            gloo::events::EventListener::new(&window, "popstate", follow),
        ];
        move || drop(listeners)
    });
}
