//! A long synthetic episode for benchmarks: the seed's texts repeated with variations, about
//! 200 KB of text in about 1,500 deep dives. Deterministic, so figures compare across runs.

use std::fmt::Write as _;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

/// A word that the long episode holds exactly three times, for the rare-word query.
pub const RARE_WORD: &str = "quokka";
/// How many deep dives the long episode has.
pub const DEEP_DIVES: usize = 1_500;

pub fn text() -> String {
    let lines: Vec<&str> = SEED.lines().collect();
    let headings: Vec<&str> = lines[8..18].iter().step_by(2).copied().collect();
    let bodies: Vec<&str> = lines[9..18].iter().step_by(2).copied().collect();
    // Sentences of the seed's paragraphs, to vary the sections' text.
    let sentences: Vec<&str> = bodies.iter().flat_map(|body| body.split(". ")).collect();
    let variations = [("the", "the"), ("cooperation", "coopération"), ("role", "rôle"), ("AI", "A.I."), ("US", "U.S.")];

    let mut out = String::new();
    let _ = writeln!(out, "The Truth About DeepSeek, long edition (Robert Wright & Paul Triolo)");
    let _ = writeln!(out, "Feb 6, 2025");
    let _ = writeln!(out, "{}", lines[3]);
    for takeaway in &lines[4..7] {
        let _ = writeln!(out, "{takeaway}");
    }
    let _ = writeln!(out, "Deep dives");
    for i in 0..DEEP_DIVES {
        let heading = headings[i % headings.len()];
        let sentence = sentences[(i * 7) % sentences.len()].trim_end_matches('.');
        // About 90 characters, cut at a word.
        let cut = sentence.char_indices().filter(|&(at, c)| c == ' ' && at <= 90).map(|(at, _)| at).last();
        let mut body = format!("{}.", &sentence[..cut.unwrap_or(sentence.len())]);
        let (from, to) = variations[i % variations.len()];
        body = body.replacen(from, to, 1);
        if i == 10 || i == 700 || i == 1_400 {
            body.push_str(&format!(" A {RARE_WORD} was mentioned."));
        }
        let _ = writeln!(out, "{heading}, part {}", i + 1);
        let _ = writeln!(out, "{body}");
    }
    let _ = writeln!(out, "{}", lines[18]);
    out
}
