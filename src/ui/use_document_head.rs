//! The document's `<head>` follows the episode shown. A page shows its own episode unless
//! `?episode=` (or back and forward through such addresses) names another; then the tab's
//! title, the description, the canonical link, the Open Graph and Twitter tags and the JSON-LD
//! are that episode's, as its own page has them, and the page's own come back with it.
//!
//! Only the instance that owns the page does this (a page, or its frame): a widget's host
//! page is the host's. The first render never touches the head, so hydration is unaffected.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::page::{head_of, missing_title, Head, Kind};
use crate::core::state::{Route, State};
use crate::embed::Config;
use crate::platform::head;

/// What the head should describe.
#[derive(Clone, PartialEq)]
enum Shown {
    /// The page's own episode: the head the build wrote.
    Own,
    Other(Rc<Episode>),
    /// No episode: the one asked for is not in the build (`false`) or could not be fetched.
    Missing(bool),
    /// Nothing decided yet: the head stays as it is.
    Undecided,
}

#[hook]
pub fn use_document_head(config: Rc<Config>, state: &State) {
    let own = config.page.as_ref().filter(|_| config.owns_url()).map(|page| page.episode.id.clone());
    let shown = match (&own, &state.route, state.episode()) {
        (None, _, _) => Shown::Undecided,
        (Some(own), Route::Episode, Some(episode)) if episode.id != *own => Shown::Other(episode.clone()),
        (Some(_), Route::Episode, _) => Shown::Own,
        (Some(_), Route::Unknown(_), _) => Shown::Missing(false),
        (Some(_), Route::Unavailable(_), _) => Shown::Missing(true),
        (Some(_), Route::Pending | Route::Loading(_), _) => Shown::Undecided,
    };
    // The head the build wrote, read before the first change so that it can be put back.
    let saved = use_mut_ref(|| None::<Head>);
    use_effect_with(shown, move |shown| {
        let Some(own) = own else { return };
        let restore = |saved: &mut Option<Head>| saved.take().inspect(head::write);
        let mut saved = saved.borrow_mut();
        match shown {
            Shown::Undecided => {}
            Shown::Own => {
                restore(&mut saved);
            }
            Shown::Other(episode) => {
                let site = head::site(&own);
                saved.get_or_insert_with(head::read);
                head::write(&head_of(&site, &Kind::Episode(episode)));
            }
            Shown::Missing(unavailable) => {
                saved.get_or_insert_with(head::read);
                head::write_title(&missing_title(*unavailable));
            }
        }
    });
}
