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

/// How many cues the long episode's transcript has: an hour of talk in cues of 3.6 s.
pub const CUES: usize = 1_000;

/// A one-hour synthetic transcript of the long episode as WebVTT: 1,000 cues of about ten
/// words (10,000 words), two speakers taking turns of four cues, made of the seed's sentences.
pub fn transcript() -> String {
    let words: Vec<&str> = SEED.lines().skip(3).flat_map(str::split_whitespace).collect();
    let speakers = ["Robert Wright", "Paul Triolo"];
    let mut out = String::from("WEBVTT - SYNTHETIC one-hour transcript for Earmark's benchmarks\n");
    let time = |ms: usize| format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    for i in 0..CUES {
        let (start, end) = (i * 3_600, (i + 1) * 3_600);
        let text: Vec<&str> = (0..10).map(|w| words[(i * 10 + w) % words.len()]).collect();
        let _ = write!(out, "\n{} --> {}\n<v {}>{}\n", time(start), time(end), speakers[i / 4 % 2], text.join(" "));
    }
    out
}

/// Chapters for the one-hour transcript, one every five minutes (JSON chapters 1.2).
pub fn chapters() -> String {
    let list: Vec<String> = (0..12).map(|i| format!("{{ \"startTime\": {}, \"title\": \"Part {} of the hour\" }}", i * 300, i + 1)).collect();
    format!("{{ \"version\": \"1.2.0\", \"chapters\": [{}] }}\n", list.join(", "))
}
