//! "Where was this said?" on the seed episode and its SYNTHETIC transcript
//! (`seeds/000_7a0b873023e3994b.vtt`), whose passages were written so that
//! each of the episode's insights summarises one of them: the matcher must find that passage
//! for most insights, and must not answer for text the transcript never discusses.

use std::path::Path;

use earmark::core::parse::parse;
use earmark::core::provenance::PassageIndex;
use earmark::core::transcript::{format_time, TranscriptFormat};

/// `label<TAB>m:ss<TAB>m:ss` → the label and the two times in milliseconds.
fn expectation(line: &str) -> (&str, u64, u64) {
    let time = |t: &str| {
        let (m, s) = t.split_once(':').expect("m:ss");
        (m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()) * 1000
    };
    let mut fields = line.split('\t');
    let (label, from, to) = (fields.next().unwrap(), fields.next().unwrap(), fields.next().unwrap());
    (label, time(from), time(to))
}

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_passage_an_insight_came_from_ranks_first_for_most_insights() {
    let episode = parse(&read("seeds/000_7a0b873023e3994b.txt")).unwrap();
    let transcript = TranscriptFormat::WebVtt.parse(&read("seeds/000_7a0b873023e3994b.vtt")).unwrap();
    let index = PassageIndex::new(&transcript.cues);
    // Each insight of the seed (by the start of its label) and the cues it was written from
    // (the starts of the first and the last); `./dev bench` reads the same file.
    let expected = read("tests/fixtures/transcripts/deepseek.synthetic.expected.tsv");
    let expected: Vec<(&str, u64, u64)> = expected.lines().map(expectation).collect();
    assert_eq!(expected.len(), 8, "the expectations file lists the seed's 8 insights");
    let mut report = Vec::new();
    // At: the reader is taken (`anchor`) to one of the cues the insight was written from.
    // Near: the passage marked around the anchor overlaps them.
    let (mut at, mut near) = (0, 0);
    for &(label, from, to) in &expected {
        let insight = episode.insights().find(|i| i.label().starts_with(label)).unwrap_or_else(|| panic!("no insight {label:?}"));
        let text = format!("{} {}", insight.heading.as_deref().unwrap_or_default(), insight.text);
        let found = index.best(&text);
        at += usize::from(found.is_some_and(|p| (from..=to).contains(&p.time)));
        near += usize::from(found.is_some_and(|p| transcript.cues[p.first].start <= to && from <= transcript.cues[p.last].start));
        report.push(format!(
            "{label:?}: expected {}..{}, found {}",
            format_time(from),
            format_time(to),
            found.map_or("nothing".to_string(), |p| format!(
                "{} in {}..{} ({:.2})",
                format_time(p.time),
                format_time(transcript.cues[p.first].start),
                format_time(transcript.cues[p.last].start),
                p.coverage
            ))
        ));
    }
    eprintln!("{at} of {} insights taken to their cue, {near} marked around it:\n{}", expected.len(), report.join("\n"));
    assert!(at * 10 >= expected.len() * 8, "only {at} of {} taken to their cues", expected.len());
    assert_eq!(near, expected.len(), "an insight's cues are outside the passage marked for it");
    // Every insight of this episode has a passage; none of these is answered by a guess.
    for unrelated in [
        "Braising short ribs at a low heat for six hours makes them tender.",
        "The football season ended with a surprising championship final.",
        "Remember Everything You Learn from Podcasts",
    ] {
        assert_eq!(index.best(unrelated), None, "{unrelated:?} was placed");
    }
}
