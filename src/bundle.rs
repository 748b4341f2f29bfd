//! The episodes bundled into the build.
//!
//! `build.rs` parses every `seeds/*.txt` at compile time (a broken seed fails the build with
//! the parser's message) and generates the list included here. The texts are parsed again at
//! start-up: that takes well under a millisecond and keeps one source of truth, the parser.

use crate::core::model::Episode;
use crate::core::parse::{parse, ParseError};

/// `(file name, document text)` of every bundled episode, sorted by file name.
pub static SEEDS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

/// Every bundled episode, parsed, in the order of their file names.
pub fn episodes() -> Result<Vec<Episode>, (String, ParseError)> {
    SEEDS
        .iter()
        .map(|(name, text)| parse(text).map_err(|error| (name.to_string(), error)))
        .collect()
}
