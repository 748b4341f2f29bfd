//! Fetching what the page does not carry: another episode (`?episode=`, a widget's episode)
//! from `episodes/<id>.json`, and the catalogue (`episodes/index.json`) to list on "not found".
//!
//! Both are files the build writes next to the app, so a widget fetches them from the widget's
//! own origin. Whatever arrives late, for an episode the reader has already left, is dropped by
//! the reducer.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::catalogue::Catalogue;
use crate::core::link::encode;
use crate::core::model::Episode;
use crate::core::state::{Action, LoadError, Route, State};
use crate::embed::Config;
use crate::platform::fetch;
use crate::ui::Store;

async fn catalogue(config: &Config) -> Result<Catalogue, LoadError> {
    let text = fetch::text(&config.file("episodes/index.json")).await?;
    serde_json::from_str(&text).map_err(|_| LoadError::Unavailable)
}

/// The episode `slug` names, or the build's first one for `""`.
async fn episode(config: &Config, slug: &str) -> Result<Episode, LoadError> {
    let id = match slug {
        "" => catalogue(config).await?.first,
        slug => slug.to_string(),
    };
    let text = fetch::text(&config.file(&format!("episodes/{}.json", encode(&id)))).await?;
    // A file that is there but unreadable is a broken build or a proxy's error page: it may
    // be fixed by trying again, so it is "unavailable", not "missing".
    serde_json::from_str(&text).map_err(|_| LoadError::Unavailable)
}

#[hook]
pub fn use_episode_loader(config: Rc<Config>, state: &State, dispatcher: UseReducerDispatcher<Store>) {
    let wants_listing = matches!(state.route, Route::Unknown(_)) && state.listing.is_empty();
    {
        let config = config.clone();
        let dispatcher = dispatcher.clone();
        use_effect_with(state.route.clone(), move |route| {
            if let Route::Loading(slug) = route {
                let slug = slug.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let episode = episode(&config, &slug).await;
                    dispatcher.dispatch(Action::Loaded { slug, episode });
                });
            }
        });
    }
    use_effect_with(wants_listing, move |wanted| {
        if *wanted {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(catalogue) = catalogue(&config).await {
                    dispatcher.dispatch(Action::Listed(catalogue.episodes));
                }
            });
        }
    });
}
