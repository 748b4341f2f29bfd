//! The parser against the real seed and against every way a document can be broken.
//!
//! Malformed documents are made from the seed by one edit each, so every case differs from a
//! valid episode in exactly the way its name says, and the expected line number is checked.

use earmark::core::date::Date;
use earmark::core::parse::{parse, parse_bytes, ErrorKind, ParseError, MAX_DOCUMENT_BYTES};
use proptest::prelude::*;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

fn seed_lines() -> Vec<&'static str> {
    SEED.lines().collect()
}

/// The seed with line `n` (1-based) replaced by `with` (several lines, or none).
fn replace_line(n: usize, with: &[&str]) -> String {
    let mut lines = seed_lines();
    lines.splice(n - 1..n, with.iter().copied());
    lines.join("\n")
}

#[test]
fn the_seed_is_the_deepseek_episode() {
    let episode = parse(SEED).expect("the seed parses");
    assert_eq!(episode.id, "the-truth-about-deepseek");
    assert_eq!(episode.title, "The Truth About DeepSeek");
    assert_eq!(episode.people, ["Robert Wright", "Paul Triolo"]);
    assert_eq!(episode.published, Date::new(2025, 2, 6).unwrap());
    assert!(episode.summary.starts_with("In this discussion, Paul Triolo"));
    assert_eq!(episode.takeaways.len(), 3);
    assert_eq!(
        episode.takeaways.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [
            "the-competitive-landscape-of-ai-between",
            "deepseeks-emergence-illustrates-the-implications-of",
            "us-export-controls-on-technology-may",
        ]
    );
    let headings: Vec<_> = episode.deep_dives.iter().map(|d| d.heading.as_deref().unwrap()).collect();
    assert_eq!(
        headings,
        [
            "Understanding the AI Race Between the US and China",
            "DeepSeek's Impact and the Reactions to its Releases",
            "The Significance of Open Source in AI Development",
            "US Export Controls and Their Effectiveness",
            "The Need for Global Cooperation on AI Governance",
        ]
    );
    assert_eq!(episode.deep_dives[3].id, "us-export-controls-and-their-effectiveness");
    assert!(episode.deep_dives[1].text.contains("a $6 million training run"));
    assert_eq!(episode.topics.len(), 8);
    assert_eq!(episode.topics[0], "Paul\u{2019}s new newsletter, AIStackDecrypted");
    assert_eq!(episode.topics[7], "Heading to Overtime");
    // The exporting app's promotion after the topics is not part of the episode.
    let json = serde_json::to_string(&episode).unwrap();
    assert!(!json.contains("Remember Everything"));
    assert!(!json.contains("auto_awesome"));
}

#[test]
fn the_json_form_round_trips() {
    let episode = parse(SEED).unwrap();
    let json = serde_json::to_value(&episode).unwrap();
    assert_eq!(json["published"], "2025-02-06");
    assert_eq!(json["deep_dives"][0]["heading"], "Understanding the AI Race Between the US and China");
    assert!(json["takeaways"][0].get("heading").is_none(), "takeaways have no heading");
    let back: earmark::core::model::Episode = serde_json::from_value(json).unwrap();
    assert_eq!(back, episode);
}

#[test]
fn harmless_variations_parse_to_the_same_episode() {
    let reference = parse(SEED).unwrap();
    let variations: Vec<(&str, String)> = vec![
        ("CRLF line ends", SEED.replace('\n', "\r\n")),
        ("a byte-order mark", format!("\u{FEFF}{SEED}")),
        ("trailing spaces", SEED.lines().map(|l| format!("{l}  \t")).collect::<Vec<_>>().join("\n")),
        ("blank lines between", SEED.lines().collect::<Vec<_>>().join("\n\n\n")),
        ("a final newline", format!("{SEED}\n")),
        ("no icon line", replace_line(3, &[])),
        ("no promotion at the end", seed_lines()[..19].join("\n")),
        ("full month name", replace_line(2, &["February 6, 2025"])),
        ("ISO date", replace_line(2, &["2025-02-06"])),
    ];
    for (name, text) in variations {
        assert_eq!(parse(&text).as_ref(), Ok(&reference), "with {name}");
    }
}

#[test]
fn ids_do_not_change_when_sections_are_reordered() {
    let reference = parse(SEED).unwrap();
    let mut lines = seed_lines();
    // Swap the first and last deep dives (lines 9-10 and 17-18).
    let (first, last) = ((lines[8], lines[9]), (lines[16], lines[17]));
    lines[8] = last.0;
    lines[9] = last.1;
    lines[16] = first.0;
    lines[17] = first.1;
    // And reverse the takeaways (lines 5-7).
    lines[4..7].reverse();
    let reordered = parse(&lines.join("\n")).unwrap();
    for insight in reference.insights() {
        let moved = reordered.insight(&insight.id).expect("every id survives reordering");
        assert_eq!(moved.text, insight.text);
    }
}

#[test]
fn clashing_headings_get_suffixed_ids() {
    let text = replace_line(11, &["Understanding the AI Race Between the US and China"]);
    let episode = parse(&text).unwrap();
    assert_eq!(episode.deep_dives[0].id, "understanding-the-ai-race-between-the-us-and-china");
    assert_eq!(episode.deep_dives[1].id, "understanding-the-ai-race-between-the-us-and-china-2");
}

/// One malformed document per row: the text, the line the error must name, and its kind.
fn malformed_cases() -> Vec<(&'static str, Vec<u8>, usize, fn(&ErrorKind) -> bool)> {
    vec![
        ("empty file", b"".to_vec(), 1, |k| matches!(k, ErrorKind::Empty)),
        ("only blank lines", b"\n \n\t\n".to_vec(), 1, |k| matches!(k, ErrorKind::Empty)),
        ("only a BOM", "\u{FEFF}".into(), 1, |k| matches!(k, ErrorKind::Empty)),
        ("no title: starts with the date", replace_line(1, &[]).into(), 1, |k| matches!(k, ErrorKind::MissingTitle { .. })),
        ("no title: starts with the marker", "Deep dives\nFeb 6, 2025".into(), 1, |k| matches!(k, ErrorKind::MissingTitle { .. })),
        ("title is only people", replace_line(1, &["(Robert Wright & Paul Triolo)"]).into(), 1, |k| matches!(k, ErrorKind::EmptyTitle)),
        ("only a title", "A title\n".into(), 2, |k| matches!(k, ErrorKind::MissingDate)),
        ("bad date", replace_line(2, &["Febtember 6, 2025"]).into(), 2, |k| matches!(k, ErrorKind::BadDate { .. })),
        ("impossible date", replace_line(2, &["Feb 30, 2025"]).into(), 2, |k| matches!(k, ErrorKind::BadDate { .. })),
        ("date missing: summary in its place", replace_line(2, &[]).into(), 2, |k| matches!(k, ErrorKind::BadDate { .. })),
        ("no summary", "Title\nFeb 6, 2025\nauto_awesome\n".into(), 4, |k| matches!(k, ErrorKind::MissingSummary)),
        ("marker where the summary belongs", "Title\nFeb 6, 2025\nDeep dives\n".into(), 3, |k| matches!(k, ErrorKind::MissingSummary)),
        ("no deep dives marker", seed_lines()[..7].join("\n").into(), 7, |k| matches!(k, ErrorKind::MissingDeepDives)),
        // A lost paragraph shifts the pairs: the next paragraph lands where a heading belongs.
        ("odd number of deep-dive lines", replace_line(14, &[]).into(), 15, |k| matches!(k, ErrorKind::HeadingIsParagraph { .. })),
        ("a heading just before the topics", replace_line(18, &[]).into(), 17, |k| matches!(k, ErrorKind::UnpairedDeepDive { .. })),
        ("a paragraph where a heading belongs", replace_line(9, &[]).into(), 9, |k| matches!(k, ErrorKind::HeadingIsParagraph { .. })),
        ("no topic line", seed_lines()[..18].join("\n").into(), 18, |k| matches!(k, ErrorKind::MissingTopics)),
        ("binary junk", vec![0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0xff, 0xfe], 1, |k| matches!(k, ErrorKind::NotUtf8)),
        ("invalid UTF-8 on line 3", [&b"Title\nFeb 6, 2025\n"[..], &[0xc3, 0x28]].concat(), 3, |k| matches!(k, ErrorKind::NotUtf8)),
        ("a NUL byte on line 2", b"Title\nFeb 6,\x00 2025\n".to_vec(), 2, |k| matches!(k, ErrorKind::ControlCharacter { code: 0 })),
        ("10 MB of text", "lorem ipsum dolor\n".repeat(10 * 1024 * 1024 / 18).into(), 1, |k| matches!(k, ErrorKind::TooLarge { .. })),
    ]
}

#[test]
fn every_malformed_document_names_its_line_and_problem() {
    for (name, bytes, line, kind_ok) in malformed_cases() {
        let error: ParseError = parse_bytes(&bytes).expect_err(name);
        assert_eq!(error.line, line, "{name}: {error}");
        assert!(kind_ok(&error.kind), "{name}: unexpected {error:?}");
        let message = error.to_string();
        assert!(message.starts_with(&format!("line {line}: ")), "{name}: {message}");
    }
}

#[test]
fn error_messages_say_what_was_expected() {
    let error = parse(&replace_line(2, &["Febtember 6, 2025"])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2: expected the publication date such as \"Feb 6, 2025\", found \"Febtember 6, 2025\""
    );
    let error = parse(&replace_line(18, &[])).unwrap_err();
    assert!(error.to_string().contains("has a heading but no paragraph"), "{error}");
}

#[test]
fn a_large_valid_document_parses_in_linear_time() {
    // About 3.6 MB: the seed's deep dives repeated, just under the size limit.
    let lines = seed_lines();
    let mut text = lines[..8].join("\n");
    for round in 0..1000 {
        for pair in lines[8..18].chunks(2) {
            text.push_str(&format!("\n{} {round}\n{}", pair[0], pair[1]));
        }
    }
    text.push('\n');
    text.push_str(lines[18]);
    assert!(text.len() < MAX_DOCUMENT_BYTES && text.len() > 3_000_000, "{} bytes", text.len());
    let episode = parse(&text).unwrap();
    assert_eq!(episode.deep_dives.len(), 1000 * 5);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }

    /// Edits of a real document (dropped, repeated and garbled lines) are the likeliest bad
    /// input; whatever the edit, the answer is an episode or an error inside the document.
    #[test]
    fn edited_seeds_parse_or_name_a_line_inside_the_document(
        edits in proptest::collection::vec((0usize..20, 0u8..4, "\\PC{0,12}"), 1..6)
    ) {
        let mut lines: Vec<String> = SEED.lines().map(str::to_string).collect();
        for (at, op, junk) in edits {
            if lines.is_empty() { break; }
            let at = at % lines.len();
            match op {
                0 => { lines.remove(at); }
                1 => { let copy = lines[at].clone(); lines.insert(at, copy); }
                2 => lines[at] = junk,
                _ => lines[at].push_str(&junk),
            }
        }
        let text = lines.join("\n");
        if let Err(error) = parse(&text) {
            prop_assert!(error.line >= 1 && error.line <= text.split('\n').count().max(1), "{error}");
        }
    }
}
