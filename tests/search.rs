//! The matcher against the seed episode, and its promise as a property: every match, mapped
//! back to the original text, folds to exactly the folded query.

use earmark::core::parse::parse;
use earmark::core::search::{fold_query, segment_index, segments, SearchIndex, SegmentKind, Utf16Cursor};
use earmark::core::transcript::{parse_chapters, Chapter, TranscriptInfo};
use proptest::prelude::*;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

fn seed_index() -> (earmark::core::model::Episode, SearchIndex) {
    let episode = parse(SEED).unwrap();
    let index = SearchIndex::new(&episode);
    (episode, index)
}

#[test]
fn counts_in_the_seed() {
    let (episode, index) = seed_index();
    let texts = segments(&episode);
    let cases: &[(&str, usize)] = &[
        ("DeepSeek", 14),
        ("deepseek", 14),
        ("DEEPSEEK’S", 6),
        ("deepseek's", 6),
        ("paul’s", 2),
        ("Pauls", 0),
        ("export controls", 3),
        ("EXPORT   CONTROLS", 3),
        ("$6 million", 1),
        ("r&d", 1),
        ("debate(s)", 1),
        ("“takeoff”", 1),
        ("\"takeoff\"", 1),
        ("zzqx", 0),
        ("", 0),
    ];
    for (query, count) in cases {
        let matches = index.find(query);
        let shown: Vec<&str> = matches
            .iter()
            .map(|m| &texts[m.segment as usize].1[m.start as usize..m.end as usize])
            .collect();
        assert_eq!(matches.len(), *count, "query {query:?} found {shown:?}");
    }
}

#[test]
fn matches_come_in_reading_order_with_their_segments() {
    let (episode, index) = seed_index();
    let matches = index.find("deepseek");
    assert!(matches.windows(2).all(|pair| pair[0] < pair[1]), "sorted and distinct");
    assert_eq!(index.kind(matches[0].segment), Some(SegmentKind::Title));
    let export_body = segment_index(&episode, SegmentKind::Body(3)) as u32;
    assert!(index.find("indigenous").iter().all(|m| m.segment == export_body));
    for (i, (kind, _)) in segments(&episode).iter().enumerate() {
        assert_eq!(segment_index(&episode, *kind), i, "{kind:?}");
    }
}

#[test]
fn a_huge_query_is_searched_literally_and_finds_nothing() {
    let (_, index) = seed_index();
    assert!(index.find(&"a".repeat(10_000)).is_empty());
    assert!(index.find(&"(.*)[\\".repeat(2_000)).is_empty());
}

#[test]
fn the_summary_match_converts_to_utf16_offsets() {
    let (episode, index) = seed_index();
    // "Paul’s" holds a three-byte apostrophe that is one UTF-16 unit.
    let m = index.find("paul’s new")[0];
    let text = segments(&episode)[m.segment as usize].1;
    let mut cursor = Utf16Cursor::new(text);
    let (start, end) = (cursor.at(m.start as usize), cursor.at(m.end as usize));
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16(&units[start as usize..end as usize]).unwrap(), "Paul’s new");
}

fn alphabet() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "b", "e", "é", "e\u{301}", "E", "’", "'", "—", "-", " ", "  ", "\n", "🎧", "中", "ﬁ", "fi", "İ", "i", "ß",
        "\u{00AD}", "\"", "“", "(", "*",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn every_match_folds_to_the_query(texts in prop::collection::vec(alphabet(), 1..4), query in alphabet()) {
        let index = SearchIndex::from_segments(texts.iter().enumerate().map(|(i, t)| (SegmentKind::Body(i), t.as_str())));
        let needle = fold_query(&query);
        let mut previous_end = None;
        for m in index.find(&query) {
            let text = &texts[m.segment as usize];
            let original = &text[m.start as usize..m.end as usize];
            prop_assert_eq!(fold_query(original), needle.clone(), "{:?} in {:?}", original, text);
            prop_assert!(text.is_char_boundary(m.start as usize) && text.is_char_boundary(m.end as usize));
            if let Some((segment, end)) = previous_end {
                prop_assert!(m.segment > segment || m.start >= end, "matches do not overlap");
            }
            previous_end = Some((m.segment, m.end));
        }
    }

    /// Completeness: a segment searched for by its own text is found in that segment.
    #[test]
    fn every_segment_is_found_by_its_own_text(texts in prop::collection::vec(alphabet(), 1..4), pick in 0usize..4) {
        let index = SearchIndex::from_segments(texts.iter().enumerate().map(|(i, t)| (SegmentKind::Body(i), t.as_str())));
        let pick = pick % texts.len();
        if !fold_query(&texts[pick]).is_empty() {
            let found = index.find(&texts[pick]).iter().any(|m| m.segment as usize == pick);
            prop_assert!(found, "{:?} not found in {:?}", texts[pick], texts);
        }
    }

    #[test]
    fn utf16_offsets_agree_with_the_standard_library(text in "\\PC{0,60}", cuts in prop::collection::vec(0usize..200, 0..8)) {
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).filter(|&c| text.is_char_boundary(c)).collect();
        cuts.sort_unstable();
        let mut cursor = Utf16Cursor::new(&text);
        for cut in cuts {
            prop_assert_eq!(cursor.at(cut) as usize, text[..cut].encode_utf16().count());
        }
    }
}

/// The seed episode as its page has it: with the chapters beside it (the cues come later).
fn seed_with_chapters(extra: &[Chapter]) -> earmark::core::model::Episode {
    let mut episode = parse(SEED).unwrap();
    let mut chapters = parse_chapters(include_str!("../seeds/000_7a0b873023e3994b.chapters.json")).unwrap();
    chapters.extend_from_slice(extra);
    episode.transcript = Some(TranscriptInfo { cues: 1, length: 0, title: None, chapters });
    episode
}

#[test]
fn chapter_titles_are_searched_where_the_chapter_list_shows_them() {
    let hidden = Chapter { start: 1_500_000, end: None, title: Some("DeepSeek, hidden from the list".into()), url: None, toc: false, img: None, location: None };
    let untitled = Chapter { start: 1_600_000, end: None, title: None, url: None, toc: true, img: None, location: None };
    let episode = seed_with_chapters(&[hidden, untitled]);
    let index = SearchIndex::new(&episode);
    let texts = segments(&episode);
    let matches = index.find("DéepSeek");
    // The episode's 14, and three listed chapter titles; the chapter the list leaves out, and
    // the untitled one ("Chapter at 26:40" is the app's wording), are not searched.
    assert_eq!(matches.len(), 17);
    let in_chapters: Vec<&str> = matches
        .iter()
        .filter(|m| matches!(index.kind(m.segment), Some(SegmentKind::Chapter(_))))
        .map(|m| texts[m.segment as usize].1)
        .collect();
    assert_eq!(
        in_chapters,
        ["Sketchy DeepSeek narratives: debunked", "How connected are DeepSeek and the Chinese government?", "The real lesson to take from DeepSeek"]
    );
    // Reading order: the chapter list stands after the topics and before the transcript.
    let kinds: Vec<SegmentKind> = texts.iter().map(|(kind, _)| *kind).collect();
    let first_chapter = kinds.iter().position(|k| matches!(k, SegmentKind::Chapter(_))).unwrap();
    assert!(matches!(kinds[first_chapter - 1], SegmentKind::Topic(_)));
    for (i, (kind, _)) in texts.iter().enumerate() {
        assert_eq!(segment_index(&episode, *kind), i, "{kind:?}");
    }
}

#[test]
fn chapters_keep_the_cues_after_them_in_reading_order() {
    let mut episode = seed_with_chapters(&[]);
    let chapters = episode.transcript.as_ref().unwrap().chapters.len();
    let topics = episode.topics.len();
    let before = segment_index(&episode, SegmentKind::Topic(topics - 1));
    assert_eq!(segment_index(&episode, SegmentKind::Cue(0)), before + 1 + chapters);
    // Without chapters, the cues follow the topics directly.
    episode.transcript = None;
    assert_eq!(segment_index(&episode, SegmentKind::Cue(0)), before + 1);
}

