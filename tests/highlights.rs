//! Highlights as data: making them from selections, storing, migrating, merging two tabs,
//! exporting and importing, and keeping every one of them whatever happens to the text.

use std::rc::Rc;

use earmark::core::export::{annotations, import, markdown, readwise_csv, ImportError};
use earmark::core::link::Base;
use earmark::core::highlights::{decode, encode, from_selection, place, Collection, Color, Highlight, Selected, SUMMARY};
use earmark::core::model::Episode;
use earmark::core::parse::parse;
use earmark::core::search::{segment_index, segments, SegmentKind};
use earmark::core::state::{Action, State};
use earmark::core::storage::{plan, DecodeError, Notice, StorageFault, Stored};

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");
const EXPORT: &str = "us-export-controls-and-their-effectiveness";
const URL: &str = "https://podcast.example/ep?episode=the-truth-about-deepseek";

fn episode() -> Episode {
    parse(SEED).unwrap()
}

fn kinds(episode: &Episode) -> Vec<SegmentKind> {
    segments(episode).into_iter().map(|(kind, _)| kind).collect()
}

/// Highlights made by selecting `quote` in segment `kind`.
fn select(episode: &Episode, kind: SegmentKind, quote: &str, color: Color) -> Vec<Highlight> {
    let segs = segments(episode);
    let seg = segment_index(episode, kind);
    let start = segs[seg].1.find(quote).unwrap();
    let mut n = 0;
    from_selection(episode, &kinds(episode), &[Selected { segment: seg, start, end: start + quote.len() }], color, 1_000, || {
        n += 1;
        format!("h{n}")
    })
}

#[test]
fn a_selection_becomes_a_highlight_with_w3c_selectors() {
    let episode = episode();
    let made = select(&episode, SegmentKind::Body(3), "paradoxically accelerate indigenous innovations", Color::Green);
    assert_eq!(made.len(), 1);
    let h = &made[0];
    assert_eq!(h.insight, EXPORT);
    assert_eq!(h.exact, "paradoxically accelerate indigenous innovations");
    assert_eq!(h.prefix.chars().count(), 32);
    assert_eq!(h.suffix.chars().count(), 32);
    assert_eq!(h.end - h.start, 47);
    assert_eq!(h.color, Color::Green);
}

#[test]
fn selections_across_sections_split_and_empty_ones_offer_nothing() {
    let episode = episode();
    let segs = segments(&episode);
    let k = kinds(&episode);
    let summary = segment_index(&episode, SegmentKind::Summary);
    let first = segment_index(&episode, SegmentKind::Takeaway(0));
    let title = segment_index(&episode, SegmentKind::Title);
    let heading = segment_index(&episode, SegmentKind::Heading(0));
    let mut n = 0;
    let mut ids = || {
        n += 1;
        format!("h{n}")
    };
    // From the last words of the summary into the first takeaway.
    let summary_len = segs[summary].1.len();
    let across = [
        Selected { segment: summary, start: summary_len - 12, end: summary_len },
        Selected { segment: first, start: 0, end: 15 },
    ];
    let made = from_selection(&episode, &k, &across, Color::Yellow, 1, &mut ids);
    assert_eq!(made.iter().map(|h| h.insight.as_str()).collect::<Vec<_>>(), [SUMMARY, "the-competitive-landscape-of-ai-between"]);
    assert_eq!(made[0].exact, "advancement.");
    assert_eq!(made[1].exact, "The competitive");

    let nothing = [
        ("whitespace only", Selected { segment: summary, start: 2, end: 3 }),
        ("empty", Selected { segment: summary, start: 5, end: 5 }),
        ("the title", Selected { segment: title, start: 0, end: 9 }),
        ("a deep-dive heading", Selected { segment: heading, start: 0, end: 9 }),
        ("past the end", Selected { segment: 999, start: 0, end: 9 }),
    ];
    for (name, piece) in nothing {
        assert!(from_selection(&episode, &k, &[piece], Color::Yellow, 1, &mut ids).is_empty(), "{name}");
    }
}

#[test]
fn version_1_is_upgraded_and_newer_versions_are_left_alone() {
    let v1 = r#"{"version":1,"highlights":[{"id":"a","insight":"summary","exact":"Paul Triolo","prefix":"In this discussion, ","suffix":", a prominent","start":20,"end":31,"created":5}]}"#;
    let upgraded = decode(v1).unwrap();
    let h = &upgraded.highlights[0];
    assert_eq!((h.color, h.note.as_str(), h.updated), (Color::Yellow, "", 5));
    assert!(encode(&upgraded).starts_with(r#"{"version":2,"#));
    assert_eq!(decode(&encode(&upgraded)).unwrap(), upgraded);

    assert_eq!(decode(r#"{"version":3,"highlights":"whatever"}"#), Err(DecodeError::Newer { version: 3 }));
    let newer = plan(Ok(Some(r#"{"version":3}"#)), Stored::Highlights, decode);
    assert!(!newer.persist, "a newer document is never overwritten");
    assert_eq!(newer.notice, Some(Notice::HighlightsNewer));

    for corrupt in ["", "[]", "[5]", "[2, []]", "{\"version\":2,\"version\":2,\"highlights\":[]}", "{\"version\":2}", "{\"version\":2,\"highlights\":[{\"id\":1}]}", "{\"version\":0}", "not json"] {
        assert_eq!(decode(corrupt), Err(DecodeError::Corrupt), "{corrupt:?}");
        let plan = plan(Ok(Some(corrupt)), Stored::Highlights, decode);
        assert_eq!(plan.quarantine.as_deref(), Some(corrupt), "the raw value is kept aside");
        assert_eq!(plan.notice, Some(Notice::HighlightsMovedAside));
    }
    let blocked = plan(Err(StorageFault::Blocked), Stored::Highlights, decode);
    assert!(!blocked.persist && blocked.value.highlights.is_empty());
}

#[test]
fn concurrent_edits_in_two_tabs_both_survive() {
    let episode = episode();
    let base = {
        let mut c = Collection::default();
        c.upsert(select(&episode, SegmentKind::Summary, "Paul Triolo", Color::Yellow));
        c
    };
    // Tab A adds a highlight and edits the note of the shared one; tab B adds another.
    let mut a = base.clone();
    a.upsert([Highlight { id: "from-a".into(), ..base.highlights[0].clone() }]);
    a.highlights[0].note = "edited in A".into();
    a.highlights[0].updated = 5_000;
    let mut b = base.clone();
    b.upsert([Highlight { id: "from-b".into(), updated: 40, ..base.highlights[0].clone() }]);
    let merged = a.merge(&b);
    let mut ids: Vec<&str> = merged.highlights.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["from-a", "from-b", "h1"]);
    assert_eq!(merged.get("h1").unwrap().note, "edited in A");
}

#[test]
fn placing_keeps_orphans_and_follows_edits() {
    let episode = episode();
    let mut c = Collection::default();
    c.upsert(select(&episode, SegmentKind::Body(3), "paradoxically accelerate", Color::Blue));
    let (placed, orphans) = place(&episode, &c);
    assert_eq!(placed.len(), 1);
    assert!(orphans.is_empty());
    assert_eq!(placed[0].segment, segment_index(&episode, SegmentKind::Body(3)));

    let mut edited = episode.clone();
    edited.deep_dives[3].text = edited.deep_dives[3].text.replace("paradoxically accelerate", "in fact speed up");
    let (placed, orphans) = place(&edited, &c);
    assert!(placed.is_empty());
    assert_eq!(orphans, ["h1"], "an unplaceable highlight is kept as an orphan");
}

#[test]
fn exports_say_everything_and_json_imports_back() {
    let episode = episode();
    let mut c = Collection::default();
    c.upsert(select(&episode, SegmentKind::Body(3), "paradoxically accelerate", Color::Pink));
    let mut summary = select(&episode, SegmentKind::Summary, "Paul Triolo", Color::Yellow);
    summary[0].id = "s1".into();
    summary[0].note = "Who, \"exactly\"?".into();
    c.upsert(summary);

    let base = Base::Address(URL.into());
    let md = markdown(&episode, &c, &base);
    assert!(md.starts_with("# Highlights: The Truth About DeepSeek\n"));
    assert!(md.contains(&format!("[Open the episode]({URL})")));
    let summary_at = md.find("## Summary").unwrap();
    let dive_at = md.find("## US Export Controls and Their Effectiveness").unwrap();
    assert!(summary_at < dive_at, "reading order");
    assert!(md.contains("> Paul Triolo\n\nWho, \"exactly\"?"));

    let json = annotations(&episode, &c, &base);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = &value["first"]["items"][1];
    assert_eq!(item["type"], "Annotation");
    assert_eq!(item["target"]["selector"][1]["type"], "TextQuoteSelector");
    assert_eq!(item["target"]["selector"][1]["exact"], "paradoxically accelerate");
    assert_eq!(item["target"]["selector"][2]["type"], "TextPositionSelector");
    assert_eq!(item["target"]["earmark:insight"], EXPORT);
    let back = import(&episode, &json, 9).unwrap();
    let mut original = c.highlights.clone();
    let mut imported = back.highlights.clone();
    original.sort_by(|a, b| a.id.cmp(&b.id));
    imported.sort_by(|a, b| a.id.cmp(&b.id));
    for (o, i) in original.iter().zip(&imported) {
        assert_eq!((&o.id, &o.insight, &o.exact, &o.prefix, &o.suffix, o.start, o.end, o.color, &o.note), (&i.id, &i.insight, &i.exact, &i.prefix, &i.suffix, i.start, i.end, i.color, &i.note));
    }
    // Importing twice never duplicates.
    assert_eq!(c.merge(&back).merge(&back).highlights.len(), 2);

    let csv = readwise_csv(&episode, &c, &base);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("Highlight,Title,Author,URL,Note,Location,Date"));
    assert_eq!(
        lines.next(),
        Some(format!("Paul Triolo,The Truth About DeepSeek,Robert Wright & Paul Triolo,https://podcast.example/ep?episode=the-truth-about-deepseek#insight=summary&quote=Paul%20Triolo&prefix=In%20this%20discussion%2C%20&suffix=%2C%20a%20prominent%20expert%20on%20China%27s%20,\"Who, \"\"exactly\"\"?\",1,1970-01-01 00:00:01").as_str())
    );
    assert!(md.contains("[Open in the episode](https://podcast.example/ep?episode=the-truth-about-deepseek#insight=summary&quote=Paul%20Triolo"));

    // Served as its own site, exports link to the insights' own pages.
    let pages = Base::Pages("https://pod.example/e/".into());
    let md = markdown(&episode, &c, &pages);
    assert!(md.contains("[Open the episode](https://pod.example/e/the-truth-about-deepseek/)"), "{md}");
    assert!(md.contains(&format!("[Open in the episode](https://pod.example/e/the-truth-about-deepseek/{EXPORT}/#insight={EXPORT}&quote=paradoxically%20accelerate")), "{md}");
    let exported: serde_json::Value = serde_json::from_str(&annotations(&episode, &c, &pages)).unwrap();
    assert_eq!(exported["first"]["items"][0]["target"]["source"], "https://pod.example/e/the-truth-about-deepseek/");

    assert_eq!(import(&episode, "nope", 1), Err(ImportError::NotJson));
    assert_eq!(import(&episode, "{\"a\":1}", 1), Err(ImportError::NotAnnotations));
    let other = json.replace("\"earmark:episode\": \"the-truth-about-deepseek\"", "\"earmark:episode\": \"another\"");
    assert_eq!(import(&episode, &other, 1), Err(ImportError::OtherEpisode("another".into())));
}

#[test]
fn the_reducer_adds_deletes_undoes_and_edits() {
    let episode = episode();
    let state = State::new(Some(Rc::new(episode.clone())), None).apply(Action::Navigate(None));
    let state = state.apply(Action::HighlightsLoaded(plan(Ok(None), Stored::Highlights, decode)));
    assert!(state.highlights.restored && state.highlights.persist);
    let state = state.apply(Action::AddHighlights(select(&episode, SegmentKind::Body(3), "indigenous innovations", Color::Yellow)));
    assert_eq!(state.highlights.placed.len(), 1);

    let deleted = state.apply(Action::DeleteHighlight { id: "h1".into(), at: 2_000 });
    assert!(deleted.highlights.placed.is_empty());
    assert!(deleted.highlights.collection.deleted.get("h1").is_some());
    let undone = deleted.apply(Action::UndoDelete { at: 3_000 });
    assert_eq!(undone.highlights.placed.len(), 1);
    assert!(undone.highlights.collection.deleted.is_empty());
    assert!(undone.highlights.undo.is_none());

    let noted = undone.apply(Action::EditNote { id: "h1".into(), note: "key point".into(), at: 4_000 });
    let h = noted.highlights.collection.get("h1").unwrap();
    assert_eq!((h.note.as_str(), h.updated), ("key point", 4_000));

    // Revealing a highlight opens its section (and the reader keeps it open).
    let revealed = noted.apply(Action::RevealHighlight("h1".into()));
    assert!(revealed.is_open(EXPORT));
    assert_eq!(revealed.persisted_open().collect::<Vec<_>>(), [EXPORT]);
}

#[test]
fn highlights_made_before_storage_answers_are_kept() {
    let episode = episode();
    let state = State::new(Some(Rc::new(episode.clone())), None).apply(Action::Navigate(None));
    let state = state.apply(Action::AddHighlights(select(&episode, SegmentKind::Summary, "Paul Triolo", Color::Yellow)));
    let stored = r#"{"version":2,"highlights":[{"id":"old","insight":"summary","exact":"DeepSeek","prefix":"","suffix":"","start":0,"end":0,"color":"green","note":"","created":1,"updated":1}],"deleted":{}}"#;
    let state = state.apply(Action::HighlightsLoaded(plan(Ok(Some(stored)), Stored::Highlights, decode)));
    assert_eq!(state.highlights.collection.highlights.len(), 2);
    assert_eq!(state.highlights.placed.len(), 2, "the old one is found by its quote");
}
