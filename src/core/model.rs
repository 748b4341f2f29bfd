//! The episode model: what one episode page says, independent of how it was written down.
//!
//! The model is deliberately small and owned (`String`s, no borrows of the source text) so that
//! it can be serialised as the public JSON episode format, handed to the UI as is, and compared
//! in tests with `==`.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::transcript::{Cue, Source, TranscriptInfo};

/// One episode: the header facts, the AI summary and its insights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// The episode's slug, used in `?episode=<slug>` and in storage keys. It is the slug of the
    /// title without the people in parentheses, so it survives edits to the guest list.
    pub id: String,
    /// The title as written, without the trailing `(people)` part.
    pub title: String,
    /// Host and guests as written in the title's parentheses, in order.
    pub people: Vec<String>,
    /// The publication date.
    pub published: Date,
    /// The summary paragraph.
    pub summary: String,
    /// The key takeaways, in reading order.
    pub takeaways: Vec<Insight>,
    /// The deep-dive sections, in reading order.
    pub deep_dives: Vec<Insight>,
    /// The topic list, in order.
    pub topics: Vec<String>,
    /// The transcript's chapters and size, when the episode has a transcript (a file beside
    /// its document). Its cues are not here: see [`Episode::cues`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<TranscriptInfo>,
    /// The transcript's cues, once fetched (`episodes/<id>.transcript.json`): never in a page's
    /// data block nor in the episode JSON, so that a page paints before a long transcript
    /// arrives. Empty until then.
    #[serde(skip)]
    pub cues: Rc<Vec<Cue>>,
    /// Where each insight was said, with the cues.
    #[serde(skip)]
    pub sources: Rc<Vec<Source>>,
}

/// A takeaway or a deep dive: the unit a reader opens, searches, highlights and shares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insight {
    /// A stable id, unique within its episode (see [`crate::slug`]). It is a public
    /// promise: deep links and stored highlights name insights by it.
    pub id: String,
    /// The heading of a deep dive; takeaways have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The paragraph itself.
    pub text: String,
}

impl Insight {
    /// A short human name for the insight: the heading of a deep dive, or the first words of a
    /// takeaway. Used for accessible names such as "Share link to …".
    pub fn label(&self) -> String {
        match &self.heading {
            Some(heading) => heading.clone(),
            None => first_words(&self.text, 8),
        }
    }
}

impl Episode {
    /// Every insight of the episode in reading order: takeaways first, then deep dives.
    pub fn insights(&self) -> impl Iterator<Item = &Insight> {
        self.takeaways.iter().chain(self.deep_dives.iter())
    }

    /// The insight with the given id, if the episode has one.
    pub fn insight(&self, id: &str) -> Option<&Insight> {
        self.insights().find(|insight| insight.id == id)
    }

    /// Whether the episode has a transcript to read (it may have chapters without one).
    pub fn has_transcript(&self) -> bool {
        self.transcript.as_ref().is_some_and(|info| info.cues > 0)
    }

    /// Whether the transcript's cues are here (the episode has a transcript, and it arrived).
    pub fn has_cues(&self) -> bool {
        !self.cues.is_empty()
    }

    /// The ids of the deep dives, in reading order.
    pub fn deep_dive_ids(&self) -> impl Iterator<Item = &str> {
        self.deep_dives.iter().map(|dive| dive.id.as_str())
    }
}

/// The first `n` words of `text`, with an ellipsis when words were left out.
fn first_words(text: &str, n: usize) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(n).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_of_a_takeaway_is_its_first_words() {
        let insight = Insight {
            id: "x".into(),
            heading: None,
            text: "one two three four five six seven eight nine".into(),
        };
        assert_eq!(insight.label(), "one two three four five six seven eight…");
        let short = Insight { id: "y".into(), heading: None, text: "just three words".into() };
        assert_eq!(short.label(), "just three words");
    }

    #[test]
    fn label_of_a_deep_dive_is_its_heading() {
        let insight = Insight { id: "x".into(), heading: Some("Heading".into()), text: "Body".into() };
        assert_eq!(insight.label(), "Heading");
    }
}
