//! The catalogue: what the build knows about every episode, in the shapes the browser fetches.
//!
//! The design decision: episodes are not in the wasm. The build parses `seeds/` once and writes
//! each episode as `episodes/<id>.json` (the [`Episode`] model, serialised by serde) and the
//! list of all of them as `episodes/index.json` (a [`Catalogue`]); each prerendered page also
//! carries its own episode as a [`PageData`] block. So the wasm is the same size for one
//! episode or three hundred, and no text parser runs in the browser.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::model::Episode;

/// One episode in the catalogue: enough to list and link it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub id: String,
    pub title: String,
    pub people: Vec<String>,
    pub published: Date,
    /// The first sentence of the summary.
    pub summary: String,
}

/// `episodes/index.json`: every episode of the build.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// The id of the build's first episode (by file name): the one the root page shows, and a
    /// widget shows when its host names none.
    pub first: String,
    /// Every episode, newest first (ties by title).
    pub episodes: Vec<Listing>,
}

/// What a prerendered page carries about itself, in its `<script type="application/json"
/// id="earmark-data">` block: the app's first render in the browser is made from exactly this,
/// as the build's was, so that hydration finds the same tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageData {
    /// Shared with the reader's state rather than copied: on a long episode a copy is half a
    /// megabyte of memory.
    pub episode: Rc<Episode>,
    /// On an insight's own page (`<episode>/<insight>/`), that insight: shown opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insight: Option<String>,
    /// The catalogue page, relative to this page, when the build has two episodes or more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<String>,
    /// Whether the build wrote a page per insight (`EARMARK_INSIGHT_PAGES`, on by default):
    /// shared links point there, or else use the `#insight=` form on the episode's page.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub insight_pages: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(value: &bool) -> bool {
    *value
}

/// The catalogue of `episodes`, given in file order (the first is the root page's).
pub fn catalogue(episodes: &[Episode]) -> Catalogue {
    let mut listed: Vec<Listing> = episodes.iter().map(listing).collect();
    listed.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.title.cmp(&b.title)));
    Catalogue { first: episodes.first().map(|e| e.id.clone()).unwrap_or_default(), episodes: listed }
}

pub fn listing(episode: &Episode) -> Listing {
    Listing {
        id: episode.id.clone(),
        title: episode.title.clone(),
        people: episode.people.clone(),
        published: episode.published,
        summary: first_sentence(&episode.summary).to_string(),
    }
}

/// The first sentence of `text`: up to the first `.`, `!` or `?` that ends a word and is
/// followed by a space (so "U.S." and "3.5" do not end it early), or all of it.
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|next| *next == b' ') {
            // "U.S. export" has a letter two before the stop and a stop one before that letter:
            // an abbreviation, not the end of a sentence.
            let abbreviation = i >= 2 && bytes[i - 2] == b'.';
            let next_upper = text[i + 1..].trim_start().chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '“' || c == '"');
            if !abbreviation && next_upper {
                return &text[..=i];
            }
        }
    }
    text
}

/// Whether `id` can be an episode's id, so that it may name a file: the slug alphabet
/// (letters and digits of any script, and `-`), never `.`, `/` or `%`. Anything else is no
/// episode of ours, and is answered "not found" without a request.
pub fn is_episode_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 300 && id.chars().all(|c| c.is_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences() {
        let cases = [
            ("One. Two.", "One."),
            ("The U.S. export rules failed. Then more.", "The U.S. export rules failed."),
            ("It cost 5.6 million dollars. Cheap.", "It cost 5.6 million dollars."),
            ("Is it? Yes.", "Is it?"),
            ("No stop at all", "No stop at all"),
            ("  Padded.  ", "Padded."),
            ("", ""),
            ("e.g. this one. Next.", "e.g. this one."),
        ];
        for (text, want) in cases {
            assert_eq!(first_sentence(text), want, "{text:?}");
        }
    }

    #[test]
    fn episode_ids() {
        for good in ["the-truth-about-deepseek", "a", "épisode-2", "中文"] {
            assert!(is_episode_id(good), "{good}");
        }
        for bad in ["", "../x", "a/b", "a.json", "a%2f", "a b", "<script>", "a?b", "a#b"] {
            assert!(!is_episode_id(bad), "{bad}");
        }
    }
}
