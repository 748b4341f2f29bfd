//! Fetching the shown episode's transcript cues (`episodes/<id>.transcript.json`) once the
//! page is up: the page carries only the transcript's chapters and size, so that a long
//! transcript never delays its first paint. The reducer drops what arrives for an episode
//! the reader has left.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::link::encode;
use crate::core::state::{Action, LoadError, State, TranscriptState};
use crate::core::transcript::{TranscriptFile, TRANSCRIPT_FILE_VERSION};
use crate::embed::Config;
use crate::platform::fetch;
use crate::ui::Store;

async fn transcript(config: &Config, id: &str) -> Result<TranscriptFile, LoadError> {
    let text = fetch::text(&config.file(&format!("episodes/{}.transcript.json", encode(id)))).await?;
    // Unreadable, or from another version of the format: a broken or mixed deployment, which
    // trying again (after a reload) may fix.
    let file: TranscriptFile = serde_json::from_str(&text).map_err(|_| LoadError::Unavailable)?;
    if file.version != TRANSCRIPT_FILE_VERSION {
        return Err(LoadError::Unavailable);
    }
    Ok(file)
}

#[hook]
pub fn use_transcript_loader(config: Rc<Config>, state: &State, dispatcher: UseReducerDispatcher<Store>) {
    let wanted = match state.transcript {
        TranscriptState::Loading => state.episode().map(|episode| episode.id.clone()),
        _ => None,
    };
    use_effect_with(wanted, move |wanted| {
        if let Some(id) = wanted.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let file = transcript(&config, &id).await;
                dispatcher.dispatch(Action::TranscriptLoaded { episode: id, file });
            });
        }
    });
}
