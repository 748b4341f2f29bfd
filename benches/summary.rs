//! The figures each benchmark reports, one line each, for the one table that `./dev bench`
//! prints last (`scripts/bench-summary.mjs`). `./dev bench` names the file in
//! `EARMARK_BENCH_SUMMARY`; run alone, a benchmark only prints its own tables.

use std::io::Write;

/// Adds a line: the section it belongs to, what was measured, the figure and the goal ("" for
/// none). Tabs and newlines in the text would break the line, so they become spaces.
pub fn record(section: &str, measure: &str, value: &str, goal: &str) {
    let Some(path) = std::env::var_os("EARMARK_BENCH_SUMMARY") else { return };
    let clean = |text: &str| text.replace(['\t', '\n'], " ");
    let line = format!("{}\t{}\t{}\t{}\n", clean(section), clean(measure), clean(value), clean(goal));
    let written = std::fs::OpenOptions::new().create(true).append(true).open(&path).and_then(|mut file| file.write_all(line.as_bytes()));
    if let Err(error) = written {
        eprintln!("note: the summary line for {measure:?} was not written to {}: {error}", path.to_string_lossy());
    }
}
