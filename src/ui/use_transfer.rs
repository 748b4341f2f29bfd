//! Export (Markdown, W3C JSON, Readwise CSV) and import (JSON) of the highlights.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::export;
use crate::core::highlights::Collection;
use crate::core::model::Episode;
use crate::core::state::Action;
use crate::embed::Config;
use crate::platform::files;
use crate::ui::highlights_panel::Format;
use crate::ui::Store;

/// `onexport`: saves the highlights as a file and says so in `status`. Exported links point
/// where shared ones do.
#[hook]
pub fn use_export(config: Rc<Config>, episode: Option<Rc<Episode>>, collection: Rc<Collection>, status: UseStateHandle<AttrValue>) -> Callback<Format> {
    use_callback((episode, collection), move |format: Format, (episode, collection)| {
        let Some(episode) = episode else { return };
        let page = &config.link_base();
        let (extension, mime, contents) = match format {
            Format::Markdown => ("md", "text/markdown", export::markdown(episode, collection, page)),
            Format::Json => ("json", "application/json", export::annotations(episode, collection, page)),
            Format::Csv => ("csv", "text/csv", export::readwise_csv(episode, collection, page)),
        };
        let name = format!("{}-highlights.{extension}", episode.id);
        let message = if files::save(&name, mime, &contents) { format!("Saved {name}") } else { "This browser refused the download".to_string() };
        status.set(message.into());
    })
}

/// `onimport`: reads the chosen JSON file and merges its highlights, saying how many were new.
#[hook]
pub fn use_import(
    episode: Option<Rc<Episode>>,
    collection: Rc<Collection>,
    dispatcher: UseReducerDispatcher<Store>,
    status: UseStateHandle<AttrValue>,
) -> Callback<web_sys::HtmlInputElement> {
    use_callback((episode, collection), move |input: web_sys::HtmlInputElement, (episode, collection)| {
        let (episode, collection, dispatcher, status) = (episode.clone(), collection.clone(), dispatcher.clone(), status.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let Some(episode) = episode else { return };
            let text = files::read_chosen(&input).await;
            input.set_value("");
            let message = match text.map(|text| export::import(&episode, &text, js_sys::Date::now() as u64)) {
                None => "The file could not be read".to_string(),
                Some(Err(error)) => error.to_string(),
                Some(Ok(imported)) => {
                    let count = imported.highlights.len();
                    let new = imported.highlights.iter().filter(|h| collection.get(&h.id).is_none()).count();
                    dispatcher.dispatch(Action::MergeHighlights(imported));
                    let what = if count == 1 { "1 highlight".to_string() } else { format!("{count} highlights") };
                    match new {
                        0 => format!("Imported {what}: all were here already"),
                        n if n == count => format!("Imported {what}"),
                        n => format!("Imported {what}: {n} new, the others were here already"),
                    }
                }
            };
            status.set(message.into());
        });
    })
}
