//! "Where was this said?": the transcript passage that an insight (a takeaway or a deep dive,
//! written by a model from the conversation) most likely came from.
//!
//! The design decision: BM25, the classic ranking function of search engines, over passages of
//! consecutive cues: a passage starts at every cue and runs to about [`PASSAGE_WORDS`] words,
//! so a point made across two short turns is one passage. Words are folded as the search folds
//! them (case, diacritics), stripped of a few English suffixes, and stop words are left out.
//! No model and no network: it runs in microseconds in the browser, and the tests can say
//! which passage must win. Where the best passage shares too little with the insight (fewer
//! than [`MIN_WORDS`] of its words, or less than [`MIN_COVERAGE`] of the weight of those of its
//! words that the conversation uses at all), there is no answer rather than a guess.

use crate::search::fold_query;
use crate::model::{Episode, Insight};
use crate::transcript::{Cue, Source};

/// About how many words a passage holds.
pub const PASSAGE_WORDS: usize = 60;
/// The share of the word weight (IDF) of the insight's words that the conversation uses,
/// which the best passage must hold.
pub const MIN_COVERAGE: f64 = 0.3;
/// How many distinct words of the insight the best passage must hold.
pub const MIN_WORDS: u32 = 3;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Words too common to say where something was said.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever",
    "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "like", "may", "me", "might", "more", "most", "much", "must",
    "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "really",
    "right", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "well", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yes", "you", "your",
];

/// A passage: cues `first..=last`, and within it the cue that matches best (`anchor`, which
/// starts at `time` milliseconds): where a reader is taken, with the passage marked around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Passage {
    pub first: usize,
    pub last: usize,
    pub anchor: usize,
    pub time: u64,
    /// The share of the insight's word weight found in the passage (0 to 1).
    pub coverage: f64,
}

/// The passages of one transcript, indexed for ranking.
#[derive(Clone, Debug, Default)]
pub struct PassageIndex {
    /// Each passage's cues (first, last) and start.
    passages: Vec<(usize, usize, u64)>,
    /// Each passage's length in words (stop words left out).
    lengths: Vec<u32>,
    average: f64,
    /// Term → how many cues hold it, and (passage, count in it) for each passage that does;
    /// sorted by term: a sorted vector rather than a map keeps the browser build from carrying
    /// another map type.
    postings: Vec<(String, u32, Vec<(u32, u32)>)>,
    /// Term → (cue, count in it), sorted by term: to find the best cue of the best passage.
    cue_postings: Vec<(String, Vec<(u32, u32)>)>,
    /// Each cue's length in words, and their average.
    cue_lengths: Vec<u32>,
    cue_average: f64,
    /// Each cue's start.
    starts: Vec<u64>,
}

/// The words of `text` that count: folded, split at anything but letters and digits, stop
/// words left out, a few suffixes stripped.
pub fn terms(text: &str) -> Vec<String> {
    fold_query(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(word))
        .map(stem)
        .filter(|word| word.len() > 1)
        .collect()
}

/// A light stemmer, the same on both sides: "controls" and "control", "innovating" and
/// "innovate" meet; it is not linguistics.
fn stem(word: &str) -> String {
    let word = word.strip_suffix("'s").unwrap_or(word);
    let chars = word.chars().count();
    let cut = |suffix: &str| word.strip_suffix(suffix).map(str::to_string);
    let stemmed = if chars > 4 && word.ends_with("ies") {
        cut("ies").map(|w| w + "y")
    } else if chars > 5 && word.ends_with("ing") {
        cut("ing")
    } else if chars > 4 && word.ends_with("ed") {
        cut("ed")
    } else if chars > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        cut("s")
    } else {
        None
    };
    let stemmed = stemmed.unwrap_or_else(|| word.to_string());
    // "innovate" and "innovat(ed)", "debate" and "debat(ed)": a final e goes too.
    match stemmed.strip_suffix('e') {
        Some(base) if base.chars().count() > 3 => base.to_string(),
        _ => stemmed,
    }
}

impl PassageIndex {
    pub fn new(cues: &[Cue]) -> PassageIndex {
        let words: Vec<Vec<String>> = cues.iter().map(|cue| terms(&cue.text)).collect();
        let mut passages = Vec::with_capacity(cues.len());
        let mut lengths = Vec::with_capacity(cues.len());
        let mut postings: Vec<(String, u32, Vec<(u32, u32)>)> = Vec::new();
        let mut cue_postings: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
        for (cue, cue_words) in words.iter().enumerate() {
            let mut seen: Vec<&str> = cue_words.iter().map(String::as_str).collect();
            seen.sort_unstable();
            for word in seen.chunk_by(|a, b| a == b) {
                let (word, count) = (word[0], word.len() as u32);
                match postings.binary_search_by(|(term, _, _)| term.as_str().cmp(word)) {
                    Ok(at) => postings[at].1 += 1,
                    Err(at) => postings.insert(at, (word.to_string(), 1, Vec::new())),
                }
                match cue_postings.binary_search_by(|(term, _)| term.as_str().cmp(word)) {
                    Ok(at) => cue_postings[at].1.push((cue as u32, count)),
                    Err(at) => cue_postings.insert(at, (word.to_string(), vec![(cue as u32, count)])),
                }
            }
        }
        let cue_lengths: Vec<u32> = words.iter().map(|w| w.len() as u32).collect();
        let cue_average = mean(&cue_lengths);
        let mut counts: Vec<(&str, u32)> = Vec::new();
        for first in 0..cues.len() {
            // A passage runs from `first` until it holds about PASSAGE_WORDS words (always one
            // cue at least). Counting raw words keeps passages of short, chatty turns whole.
            let (mut last, mut raw) = (first, cues[first].text.split_whitespace().count());
            while raw < PASSAGE_WORDS && last + 1 < cues.len() {
                last += 1;
                raw += cues[last].text.split_whitespace().count();
            }
            counts.clear();
            for word in words[first..=last].iter().flatten() {
                match counts.iter_mut().find(|(w, _)| *w == word) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((word, 1)),
                }
            }
            let passage = passages.len() as u32;
            for &(word, n) in &counts {
                if let Ok(at) = postings.binary_search_by(|(term, _, _)| term.as_str().cmp(word)) {
                    postings[at].2.push((passage, n));
                }
            }
            lengths.push(words[first..=last].iter().map(|w| w.len() as u32).sum());
            passages.push((first, last, cues[first].start));
        }
        let average = mean(&lengths);
        let starts = cues.iter().map(|cue| cue.start).collect();
        PassageIndex { passages, lengths, average, postings, cue_postings, cue_lengths, cue_average, starts }
    }

    /// How rare a term held by `df` cues is (BM25's inverse document frequency). Counted over
    /// cues, since passages overlap (a word of one cue is in every passage that covers it).
    fn idf(&self, df: u32) -> f64 {
        let (n, df) = (self.starts.len() as f64, f64::from(df));
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The passage `text` most likely came from, or `None` when none shares enough with it.
    pub fn best(&self, text: &str) -> Option<Passage> {
        let mut query = terms(text);
        query.sort_unstable();
        query.dedup();
        if self.passages.is_empty() || query.is_empty() {
            return None;
        }
        let mut scores = vec![0.0f64; self.passages.len()];
        let mut found = vec![(0.0f64, 0u32); self.passages.len()];
        let mut weight = 0.0;
        for term in &query {
            let entry = self.postings.binary_search_by(|(t, _, _)| t.as_str().cmp(term)).ok().map(|at| &self.postings[at]);
            // Words the conversation never uses say nothing about where in it an insight came
            // from (a summary paraphrases): only the words it uses weigh.
            let Some((_, df, postings)) = entry else { continue };
            let idf = self.idf(*df);
            weight += idf;
            for &(passage, count) in postings {
                let (tf, length) = (f64::from(count), f64::from(self.lengths[passage as usize]));
                let norm = 1.0 - B + B * length / self.average.max(1.0);
                scores[passage as usize] += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                found[passage as usize].0 += idf;
                found[passage as usize].1 += 1;
            }
        }
        // The best score; the earlier passage on a tie.
        let (best, _) = scores.iter().enumerate().fold((0, f64::MIN), |(bi, bs), (i, &s)| if s > bs { (i, s) } else { (bi, bs) });
        let (covered, distinct) = found[best];
        let coverage = if weight > 0.0 { covered / weight } else { 0.0 };
        if distinct < MIN_WORDS || coverage < MIN_COVERAGE {
            return None;
        }
        let (first, last, _) = self.passages[best];
        let anchor = self.anchor(&query, first, last);
        Some(Passage { first, last, anchor, time: self.starts[anchor], coverage })
    }

    /// The cue of `first..=last` that matches `query` best, by the same BM25 over single cues;
    /// the earliest on a tie.
    fn anchor(&self, query: &[String], first: usize, last: usize) -> usize {
        let mut scores = vec![0.0f64; last + 1 - first];
        for term in query {
            let Ok(at) = self.cue_postings.binary_search_by(|(t, _)| t.as_str().cmp(term)) else { continue };
            let (_, cues) = &self.cue_postings[at];
            let idf = self.idf(cues.len() as u32);
            for &(cue, count) in cues.iter().filter(|(cue, _)| (first..=last).contains(&(*cue as usize))) {
                let (tf, length) = (f64::from(count), f64::from(self.cue_lengths[cue as usize]));
                let norm = 1.0 - B + B * length / self.cue_average.max(1.0);
                scores[cue as usize - first] += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
            }
        }
        let (best, _) = scores.iter().enumerate().fold((0, f64::MIN), |(bi, bs), (i, &s)| if s > bs { (i, s) } else { (bi, bs) });
        first + best
    }
}

/// The text an insight is placed by: a deep dive's heading and paragraph, a takeaway's text.
pub fn insight_text(insight: &Insight) -> String {
    match &insight.heading {
        Some(heading) => format!("{heading} {}", insight.text),
        None => insight.text.clone(),
    }
}

/// Where each insight of `episode` was said in `cues`: one [`Source`] per insight whose passage
/// scored well enough. Worked out at build time, so that the browser carries no ranking.
pub fn sources(episode: &Episode, cues: &[Cue]) -> Vec<Source> {
    let index = PassageIndex::new(cues);
    episode
        .insights()
        .filter_map(|insight| {
            let passage = index.best(&insight_text(insight))?;
            Some(Source { insight: insight.id.clone(), first: passage.first as u32, last: passage.last as u32, anchor: passage.anchor as u32 })
        })
        .collect()
}

fn mean(values: &[u32]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start: u64, text: &str) -> Cue {
        Cue { start, end: None, speaker: None, text: text.to_string() }
    }

    #[test]
    fn words_are_folded_stemmed_and_stop_words_left_out() {
        assert_eq!(terms("The Controls were accelerating Chinese innovations!"), ["control", "accelerat", "chines", "innovation"]);
        assert_eq!(terms("Régulation, policies & DeepSeek's models"), ["regulation", "policy", "deepseek", "model"]);
        assert_eq!(stem("debated"), stem("debate"));
        assert_eq!(stem("innovate"), stem("innovated"));
        assert!(terms("it is what it is").is_empty());
    }

    #[test]
    fn the_passage_sharing_the_rare_words_wins() {
        let cues = [
            cue(0, "We talked about chips and export controls on China for a long time."),
            cue(10_000, "Then the talk turned to open source models and their weights."),
            cue(20_000, "Finally, cooperation between nations on governance and safety."),
        ];
        let index = PassageIndex::new(&cues);
        assert_eq!(index.best("Open source weights matter").map(|p| p.first), Some(1));
        assert_eq!(index.best("Cooperation between nations on AI governance").map(|p| p.first), Some(2));
        assert_eq!(index.best("A recipe for braised short ribs"), None);
        assert_eq!(index.best(""), None);
        assert_eq!(PassageIndex::new(&[]).best("chips"), None);
    }

    #[test]
    fn two_shared_words_are_no_answer() {
        let cues = [cue(0, "The weather was lovely."), cue(5_000, "Chips are expensive, and fish too.")];
        assert_eq!(PassageIndex::new(&cues).best("Chips and fish and vinegar and salt"), None);
    }
}
