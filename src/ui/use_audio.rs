//! Time in the host's hands: a click on a time dispatches `earmark:seek` (so a site wires its
//! own player), seeks the media element the host handed over, if any, and that element's
//! playback is followed in the transcript (see `platform::audio`).

use std::rc::Rc;

use yew::prelude::*;

use crate::core::embed::Event;
use crate::core::model::Episode;
use crate::core::transcript::cue_id;
use crate::embed::{Config, Mode};
use crate::platform::{audio, frame};

/// `onseek` (milliseconds), and the following of the host's media element while the shown
/// episode's cues are on the page.
#[hook]
pub fn use_audio(config: Rc<Config>, root: NodeRef, episode: Option<Rc<Episode>>) -> Callback<u64> {
    // Following starts when the cues arrive and stops when the episode changes.
    let cues = episode.as_ref().map(|episode| episode.cues.clone()).filter(|cues| !cues.is_empty());
    {
        let config = config.clone();
        // Compared by pointer first (`Rc` of an `Eq` value): the cues change only when another
        // episode's arrive.
        use_effect_with(cues, move |cues| {
            let following = match (&config.audio, cues, root.cast::<web_sys::Element>()) {
                (Some(media), Some(cues), Some(root)) => {
                    let starts = cues.iter().enumerate().map(|(i, cue)| (cue.start, cue_id(&cues[..], i))).collect();
                    Some(audio::follow(media, root, Rc::new(starts)))
                }
                _ => None,
            };
            move || drop(following)
        });
    }
    use_callback((), move |ms: u64, ()| {
        config.emit(Event::Seek { ms });
        // In a frame, the host page is the parent's: tell it too.
        if let Mode::Frame { parents } = &config.mode {
            frame::post_seek(ms, parents);
        }
        if let Some(media) = &config.audio {
            audio::seek(media, ms);
        }
    })
}
