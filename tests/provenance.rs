//! "Where was this said?" on the seed episode and its SYNTHETIC transcript
//! (`tests/fixtures/transcripts/deepseek.synthetic.vtt`), whose passages were written so that
//! each of the episode's insights summarises one of them: the matcher must find that passage
//! for most insights, and must not answer for text the transcript never discusses.

use std::path::Path;

use earmark::core::parse::parse;
use earmark::core::provenance::PassageIndex;
use earmark::core::transcript::{format_time, TranscriptFormat};

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_passage_an_insight_came_from_ranks_first_for_most_insights() {
    let episode = parse(&read("seeds/000_7a0b873023e3994b.txt")).unwrap();
    let transcript = TranscriptFormat::WebVtt.parse(&read("tests/fixtures/transcripts/deepseek.synthetic.vtt")).unwrap();
    let index = PassageIndex::new(&transcript.cues);
    // Each insight of the seed (by the start of its label) and the start of the passage it was
    // written from; `./dev bench` reads the same file for its hit rate.
    let expected = read("tests/fixtures/transcripts/deepseek.synthetic.expected.tsv");
    let expected: Vec<(&str, &str)> = expected.lines().filter_map(|line| line.split_once('\t')).collect();
    assert_eq!(expected.len(), 8, "the expectations file lists the seed's 8 insights");
    let mut report = Vec::new();
    let mut hits = 0;
    for &(label, expected) in &expected {
        let insight = episode.insights().find(|i| i.label().starts_with(label)).unwrap_or_else(|| panic!("no insight {label:?}"));
        let text = format!("{} {}", insight.heading.as_deref().unwrap_or_default(), insight.text);
        let found = index.best(&text);
        let hit = found.is_some_and(|p| (p.first..=p.last).any(|cue| format_time(transcript.cues[cue].start) == expected));
        hits += usize::from(hit);
        report.push(format!(
            "{label:?}: expected {expected}, found {}",
            found.map_or("nothing".to_string(), |p| format!("{}..{} ({:.2})", format_time(p.start), format_time(transcript.cues[p.last].start), p.coverage))
        ));
    }
    eprintln!("{hits} of {} insights placed at their passage:\n{}", expected.len(), report.join("\n"));
    assert!(hits * 10 >= expected.len() * 8, "only {hits} of {} found", expected.len());
    // Every insight of this episode has a passage; none of these is answered by a guess.
    for unrelated in [
        "Braising short ribs at a low heat for six hours makes them tender.",
        "The football season ended with a surprising championship final.",
        "Remember Everything You Learn from Podcasts",
    ] {
        assert_eq!(index.best(unrelated), None, "{unrelated:?} was placed");
    }
}
