//! The transcript from the build to the reader: the files beside a seed are read (or refused
//! with their file and line), the pages carry only the transcript's chapters and length, its
//! cues travel in a file of their own, and the reducer takes them in: search, highlights,
//! `#t=` and transcript quote links, and "Where was this said?".
//!
//! The reducer tests start from what the build writes for the seed episode (its page's episode
//! and its transcript file, parsed back), as the browser does.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use earmark::core::export::{self, annotation, markdown, section_title};
use earmark::core::highlights::{from_selection, Collection, Color, Selected};
use earmark::core::link::{self, fragment, parse, parse_time, Base, Link, Quote, TRANSCRIPT};
use earmark::core::model::Episode;
use earmark::core::search::{segment_index, segments, SegmentKind};
use earmark::core::state::{Action, LoadError, State, TranscriptState};
use earmark::core::highlights::decode;
use earmark::core::storage::{encode_open_sections, plan, plan_load, Notice, Stored};
use earmark::core::transcript::{cue_at, cue_id, cue_index, format_length, parse_cue_id, Cue, TranscriptFile};
use earmark::site;

mod support;

use support::root;

const SEED_STEM: &str = "000_7a0b873023e3994b";
const EXPORT: &str = "us-export-controls-and-their-effectiveness";
const COOPERATION_TAKEAWAY: &str = "the-competitive-landscape-of-ai-between";
/// A template with what the site generator fills in, and nothing else.
const TEMPLATE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main id="earmark" class="earmark-host earmark-root"></main><script type="module" src="./page.js"></script></body></html>"#;

/// The files the build writes for the seeds, by path.
fn built() -> Vec<site::File> {
    let episodes = site::read_seeds(&root().join("seeds")).expect("the seeds and their transcripts read");
    site::build(TEMPLATE, &episodes, &Default::default(), true).expect("the site builds")
}

fn file<'a>(files: &'a [site::File], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("the build wrote no {path}")).contents
}

/// What the browser has: the page's episode (the episode JSON, as the data block carries it)
/// and the transcript file it fetches.
fn as_browser() -> (Episode, TranscriptFile) {
    let files = built();
    let episode: Episode = serde_json::from_str(file(&files, "episodes/the-truth-about-deepseek.json")).unwrap();
    let transcript: TranscriptFile = serde_json::from_str(file(&files, "episodes/the-truth-about-deepseek.transcript.json")).unwrap();
    (episode, transcript)
}

/// The page's first state, with storage read and nothing stored.
fn page() -> (State, TranscriptFile) {
    let (episode, transcript) = as_browser();
    let state = State::new(Some(Rc::new(episode)), None)
        .apply(Action::Navigate(None))
        .apply(Action::Restored(plan_load(Ok(None))))
        .apply(Action::HighlightsLoaded(plan(Ok(None), Stored::Highlights, decode)));
    (state, transcript)
}

fn arrived(state: &State, transcript: &TranscriptFile) -> State {
    state.apply(Action::TranscriptLoaded { episode: "the-truth-about-deepseek".into(), file: Ok(transcript.clone()) })
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/transcript-test").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join(format!("seeds/{SEED_STEM}.txt")), dir.join("ep.txt")).unwrap();
    dir
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/transcripts").join(name)).unwrap()
}

fn write(dir: &Path, name: &str, contents: &str) {
    std::fs::write(dir.join(name), contents).unwrap();
}

#[test]
fn the_build_writes_the_cues_beside_the_episode_and_not_into_its_pages() {
    let files = built();
    let (episode, transcript) = as_browser();
    let info = episode.transcript.as_ref().expect("the episode JSON says it has a transcript");
    assert_eq!(info.cues, 29);
    assert_eq!(info.length, 22 * 60_000 + 40_000, "the last cue ends at 22:40");
    assert_eq!(info.chapters.len(), 9);
    assert!(info.title.as_deref().is_some_and(|t| t.contains("SYNTHETIC")), "the synthetic transcript says so: {:?}", info.title);
    assert!(!info.chapters[5].toc, "toc: false is kept");
    assert!(!episode.has_cues(), "no cue in the episode JSON");
    assert_eq!(transcript.version, 1);
    assert_eq!(transcript.cues.len(), 29);
    assert_eq!(transcript.cues[3].speaker.as_deref(), Some("Paul Triolo"));
    // The page carries the chapters (rendered by the build) but no word of the transcript.
    let html = file(&files, "the-truth-about-deepseek/index.html");
    assert!(html.contains("Sketchy DeepSeek narratives: debunked") && html.contains("Chapters"));
    assert!(html.contains(">Transcript<") && html.contains("Loading the transcript"));
    assert!(!html.contains("welcome back"), "a cue's text is in the page");
    // The other seed has no transcript, and gets no file and no button.
    assert!(!files.iter().any(|f| f.path == "episodes/widgets-that-behave-security-for-the-embedded-web.transcript.json"));
    let other = file(&files, "widgets-that-behave-security-for-the-embedded-web/index.html");
    assert!(!other.contains("Where was this said?") && !other.contains(">Transcript<"));
}

#[test]
fn where_each_insight_was_said_is_worked_out_at_build_time() {
    let (episode, transcript) = as_browser();
    assert_eq!(transcript.sources.len(), 8, "every insight of the seed was placed: {:?}", transcript.sources);
    for source in &transcript.sources {
        assert!(episode.insight(&source.insight).is_some(), "{source:?}");
        assert!(source.first <= source.anchor && source.anchor <= source.last && (source.last as usize) < transcript.cues.len(), "{source:?}");
    }
    // The expectations of the matcher's test, through the build: the export-controls deep dive
    // was written from 15:30 to 18:20.
    let export = transcript.sources.iter().find(|s| s.insight == EXPORT).unwrap();
    let start = transcript.cues[export.anchor as usize].start;
    assert!((930_000..=1_100_000).contains(&start), "anchored at {start} ms");
}

#[test]
fn every_transcript_format_is_read_beside_a_seed() {
    let cases = [("features.vtt", "ep.vtt"), ("features.srt", "ep.srt"), ("features.transcript.json", "ep.transcript.json"), ("features.html", "ep.html")];
    for (fixture_name, name) in cases {
        let dir = scratch(&format!("format-{name}"));
        write(&dir, name, &fixture(fixture_name));
        write(&dir, "ep.chapters.json", &fixture("features.chapters.json"));
        let episodes = site::read_seeds(&dir).unwrap_or_else(|error| panic!("{name}: {error}"));
        let episode = &episodes[0];
        assert!(episode.has_cues(), "{name}");
        let info = episode.transcript.as_ref().unwrap();
        assert_eq!(info.cues as usize, episode.cues.len(), "{name}");
        assert!(!info.chapters.is_empty(), "{name}");
    }
    // Chapters alone: listed, with no transcript to read.
    let dir = scratch("chapters-only");
    write(&dir, "ep.chapters.json", &fixture("features.chapters.json"));
    let episode = &site::read_seeds(&dir).unwrap()[0];
    assert!(!episode.has_transcript() && !episode.transcript.as_ref().unwrap().chapters.is_empty());
    let state = State::new(Some(Rc::new(episode.clone())), None);
    assert_eq!(state.transcript, TranscriptState::None, "nothing to fetch");
}

#[test]
fn a_broken_transcript_or_chapters_file_fails_the_build_with_its_file_and_place() {
    let cases: &[(&str, &str, &str)] = &[
        ("ep.vtt", "WEBVTT\n\n00:01.000 --> 00:00.500\nBackwards\n", "ep.vtt: line 3"),
        ("ep.vtt", "Not a WebVTT file\n", "ep.vtt: line 1: expected the signature \"WEBVTT\""),
        ("ep.vtt", "WEBVTT\n\nNOTE nothing but a note\n", "ep.vtt: line 1: expected at least one cue"),
        ("ep.srt", "1\n00:00:01,000 -> 00:00:02,000\nHi\n", "ep.srt: line 2"),
        ("ep.transcript.json", r#"{"version":"1.0.0","segments":[{"startTime":"soon","body":"x"}]}"#, "ep.transcript.json: segments[0].startTime"),
        ("ep.chapters.json", r#"{"version":"1.2.0","chapters":[{"title":"No start"}]}"#, "ep.chapters.json: chapters[0].startTime"),
        ("ep.chapters.json", "{", "ep.chapters.json: "),
    ];
    for (name, contents, expected) in cases {
        let dir = scratch("broken");
        write(&dir, name, contents);
        let error = site::read_seeds(&dir).expect_err(name);
        assert!(error.starts_with(expected), "{name}: {error}");
    }
    // Two transcripts of one episode: which to show would be a guess.
    let dir = scratch("two");
    write(&dir, "ep.vtt", &fixture("features.vtt"));
    write(&dir, "ep.srt", &fixture("features.srt"));
    let error = site::read_seeds(&dir).unwrap_err();
    assert!(error.starts_with("ep.srt: ep.vtt is a transcript of the same episode already"), "{error}");
    // Bytes that are not UTF-8.
    let dir = scratch("bytes");
    std::fs::write(dir.join("ep.vtt"), b"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n").unwrap();
    assert!(site::read_seeds(&dir).unwrap_err().starts_with("ep.vtt: line 1: expected UTF-8"));
}

#[test]
fn the_cues_arrive_after_the_first_render_and_join_the_search() {
    let (state, transcript) = page();
    assert_eq!(state.transcript, TranscriptState::Loading, "the page asks for its cues");
    let before = state.apply(Action::Search("chip".into())).apply(Action::NextMatch);
    assert_eq!(before.search.in_transcript, 0);
    let segments_before = segments(before.episode().unwrap()).len();
    let after = arrived(&before, &transcript);
    assert_eq!(after.transcript, TranscriptState::Loaded);
    assert_eq!(segments(after.episode().unwrap()).len(), segments_before + 29, "the cues come after every other segment");
    assert!(before.search.current == Some(1) && after.search.in_transcript >= 2, "{}", after.search.in_transcript);
    assert_eq!(after.search.matches.len(), before.search.matches.len() + after.search.in_transcript as usize);
    assert_eq!(after.search.current, before.search.current, "the reader keeps their place");
    assert_eq!(after.search.moves, before.search.moves, "and the view stays where it is (a followed link, the reader's scrolling)");
    // A search that found nothing before the cues came finds them, and goes there.
    let nothing = state.apply(Action::Search("hedge fund".into()));
    assert_eq!(nothing.search.current, None);
    let found = arrived(&nothing, &transcript);
    assert_eq!(found.search.current, Some(0));
    assert!(found.search.moves > nothing.search.moves && found.opened_by_search.contains(TRANSCRIPT));
    // Matches inside the collapsed transcript are not painted until it opens.
    let in_cues = |s: &State| s.visible_matches().iter().filter(|m| matches!(s.index.as_ref().unwrap().kind(m.segment), Some(SegmentKind::Cue(_)))).count();
    assert_eq!(in_cues(&after), 0);
    let open = after.apply(Action::Toggle(TRANSCRIPT.into()));
    assert_eq!(in_cues(&open), after.search.in_transcript as usize);
    // Stepping onto a match in a cue opens the transcript, as the search's doing.
    let mut stepped = after.clone();
    while !stepped.is_open(TRANSCRIPT) {
        stepped = stepped.apply(Action::NextMatch);
    }
    assert!(stepped.opened_by_search.contains(TRANSCRIPT));
    assert!(!stepped.apply(Action::ClearSearch).is_open(TRANSCRIPT), "clearing the search closes it again");
    // Cues for an episode the reader left, or a second copy, change nothing.
    let elsewhere = after.apply(Action::TranscriptLoaded { episode: "another".into(), file: Ok(transcript.clone()) });
    assert_eq!(elsewhere, after);
    assert_eq!(arrived(&after, &transcript), after);
}

#[test]
fn a_transcript_that_cannot_come_says_so_and_can_be_asked_for_again() {
    let (state, transcript) = page();
    for failure in [Err(LoadError::Unavailable), Err(LoadError::Missing), Ok(TranscriptFile { version: 1, ..Default::default() })] {
        let failed = state.apply(Action::TranscriptLoaded { episode: "the-truth-about-deepseek".into(), file: failure });
        assert_eq!(failed.transcript, TranscriptState::Failed);
        let retry = failed.apply(Action::RetryTranscript);
        assert_eq!(retry.transcript, TranscriptState::Loading);
        assert_eq!(arrived(&retry, &transcript).transcript, TranscriptState::Loaded);
    }
    assert_eq!(state.apply(Action::RetryTranscript), state, "nothing to retry while loading");
}

#[test]
fn the_transcript_opens_and_closes_like_a_deep_dive_and_is_remembered() {
    let (state, _) = page();
    let open = state.apply(Action::Toggle(TRANSCRIPT.into()));
    assert!(open.is_open(TRANSCRIPT));
    assert_eq!(open.persisted_open().collect::<Vec<_>>(), [TRANSCRIPT]);
    assert!(!open.apply(Action::Toggle(TRANSCRIPT.into())).is_open(TRANSCRIPT));
    // "Expand all" and "Collapse all" are the deep dives': the transcript stays as it is.
    assert!(open.apply(Action::CollapseAll).is_open(TRANSCRIPT));
    assert!(!state.apply(Action::ExpandAll).is_open(TRANSCRIPT));
    // The stored open sections bring it back; an episode without a transcript ignores it.
    let restored = State::new(state.home.clone(), None)
        .apply(Action::Navigate(None))
        .apply(Action::Restored(plan_load(Ok(Some(&encode_open_sections([TRANSCRIPT]))))));
    assert!(restored.is_open(TRANSCRIPT));
    let without = earmark::core::parse::parse(&std::fs::read_to_string(root().join("seeds/001_embedded_web_security.txt")).unwrap()).unwrap();
    let state = State::new(Some(Rc::new(without)), None).apply(Action::Navigate(None));
    assert!(!state.apply(Action::Toggle(TRANSCRIPT.into())).is_open(TRANSCRIPT));
}

#[test]
fn a_time_link_opens_the_cue_being_spoken_then_even_before_the_cues_arrive() {
    let (state, transcript) = page();
    let link = parse("#t=300").unwrap();
    assert_eq!(link, Link::at(300_000));
    let early = state.apply(Action::FollowLink(Some(link.clone())));
    assert!(early.is_open(TRANSCRIPT), "the transcript opens at once");
    assert_eq!(early.link.as_ref().map(|l| l.insight.as_str()), Some(TRANSCRIPT), "and is brought into view");
    let late = arrived(&early, &transcript);
    // 5:00 is said in the cue from 4:30 to 5:20.
    assert_eq!(late.link.as_ref().map(|l| l.insight.as_str()), Some("transcript:270000"));
    assert!(late.links_followed > early.links_followed);
    // Once the cues are here, directly; a time past the end is the last cue; one before the
    // first cue, the first.
    let cases = [("#t=0", "transcript:0"), ("#t=4:30", "transcript:270000"), ("#t=269.999", "transcript:230000"), ("#t=99:00:00", "transcript:1320000")];
    let here = arrived(&state, &transcript);
    for (fragment, cue) in cases {
        let followed = here.apply(Action::FollowLink(parse(fragment)));
        assert_eq!(followed.link.as_ref().map(|l| l.insight.as_str()), Some(cue), "{fragment}");
        assert!(followed.is_open(TRANSCRIPT) && !followed.opened_by_search.contains(TRANSCRIPT), "{fragment}");
    }
    // An episode without a transcript: the link names nothing here.
    let without = earmark::core::parse::parse(&std::fs::read_to_string(root().join("seeds/001_embedded_web_security.txt")).unwrap()).unwrap();
    let other = State::new(Some(Rc::new(without)), None).apply(Action::Navigate(None)).apply(Action::FollowLink(parse("#t=5")));
    assert!(other.notices.contains(&Notice::LinkNotFound));
}

#[test]
fn a_quote_link_into_the_transcript_marks_the_quote_in_its_cue() {
    let (state, transcript) = page();
    let here = arrived(&state, &transcript);
    let quote = |exact: &str| Some(Quote { exact: exact.into(), prefix: String::new(), suffix: String::new() });
    let link = Link::to(TRANSCRIPT, quote("It grew out of a hedge fund, High-Flyer."));
    let followed = here.apply(Action::FollowLink(Some(link.clone())));
    let target = followed.link.as_ref().unwrap();
    assert_eq!(target.insight, "transcript:270000");
    let (segment, start, end) = target.mark.expect("the quote is marked");
    let episode = followed.episode().unwrap();
    assert_eq!(segment, segment_index(episode, SegmentKind::Cue(8)));
    assert_eq!(&episode.cues[8].text[start..end], "It grew out of a hedge fund, High-Flyer.");
    // The same link, followed before the cues arrive, ends the same.
    let early = arrived(&state.apply(Action::FollowLink(Some(link))), &transcript);
    assert_eq!(early.link, followed.link);
    // A quote the transcript does not hold: said so, and the time is still followed.
    let missing = Link { insight: TRANSCRIPT.into(), quote: quote("words nobody said"), time: Some(1_300_000) };
    let followed = here.apply(Action::FollowLink(Some(missing)));
    assert!(followed.notices.contains(&Notice::QuoteNotFound));
    assert_eq!(followed.link.as_ref().map(|l| l.insight.as_str()), Some("transcript:1280000"));
}

#[test]
fn where_was_this_said_opens_and_marks_the_passage_or_says_there_is_none() {
    let (state, transcript) = page();
    // Asked before the cues arrive: it waits, and says so.
    let asked = state.apply(Action::FindSource(EXPORT.into()));
    assert!(asked.source.as_ref().is_some_and(|s| s.pending && s.insight == EXPORT));
    let answered = arrived(&asked, &transcript);
    let source = answered.source.clone().expect("an answer");
    assert!(!source.pending);
    let (first, last) = source.passage.expect("a passage");
    let (anchor, start) = source.anchor.expect("a cue to go to");
    assert!(first <= anchor && anchor <= last);
    assert_eq!(start, answered.episode().unwrap().cues[anchor].start);
    assert!(answered.is_open(TRANSCRIPT));
    assert_eq!(answered.link.as_ref().map(|l| l.insight.clone()), Some(cue_id(&answered.episode().unwrap().cues, anchor)));
    // Asked once the cues are here, directly.
    let direct = arrived(&state, &transcript).apply(Action::FindSource(COOPERATION_TAKEAWAY.into()));
    assert!(direct.source.as_ref().is_some_and(|s| s.passage.is_some()));
    // An insight no passage matched: no guess, and nothing opened.
    let mut unmatched = transcript.clone();
    unmatched.sources.retain(|s| s.insight != EXPORT);
    let none = arrived(&state, &unmatched).apply(Action::FindSource(EXPORT.into()));
    let source = none.source.as_ref().unwrap();
    assert!(!source.pending && source.passage.is_none() && source.anchor.is_none());
    assert!(!none.is_open(TRANSCRIPT));
    // A source out of range (a corrupt file) is no answer either, never a panic.
    let mut corrupt = transcript.clone();
    for s in &mut corrupt.sources {
        s.last = 10_000;
    }
    let guarded = arrived(&state, &corrupt).apply(Action::FindSource(EXPORT.into()));
    assert!(guarded.source.as_ref().is_some_and(|s| s.passage.is_none()));
    // Unknown insights are ignored.
    assert_eq!(arrived(&state, &transcript).apply(Action::FindSource("nope".into())).source, None);
}

#[test]
fn a_highlight_in_the_transcript_is_kept_placed_exported_and_linked_with_its_time() {
    let (state, transcript) = page();
    let here = arrived(&state, &transcript);
    let episode = here.episode().unwrap().clone();
    let kinds: Vec<SegmentKind> = segments(&episode).iter().map(|(kind, _)| *kind).collect();
    let seg = segment_index(&episode, SegmentKind::Cue(8));
    let text = &episode.cues[8].text;
    let start = text.find("hedge fund").unwrap();
    let made = from_selection(&episode, &kinds, &[Selected { segment: seg, start, end: start + "hedge fund".len() }], Color::Green, 5, || "h1".into());
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].insight, "transcript:270000", "a cue's highlight names the cue");
    let with = here.apply(Action::AddHighlights(made.clone()));
    assert_eq!(with.highlights.placed.len(), 1);
    assert_eq!(with.highlights.placed[0].segment, seg);
    // Stored and read again by a page whose cues have not arrived yet (or could not come): not
    // placed, but no orphan either (it waits for the cues), and never lost.
    let mut collection = Collection::default();
    collection.upsert(made.clone());
    let reloaded = page().0.apply(Action::MergeHighlights(collection.clone()));
    assert!(reloaded.highlights.placed.is_empty() && reloaded.highlights.orphans.is_empty());
    let failed = reloaded.apply(Action::TranscriptLoaded { episode: "the-truth-about-deepseek".into(), file: Err(LoadError::Unavailable) });
    assert!(failed.highlights.orphans.is_empty() && failed.highlights.collection.get("h1").is_some());
    // Its link is whole before the cues arrive too, and followed once they do.
    let early = export::highlight_link(&Base::Pages("https://pod.example/".into()), reloaded.episode().unwrap(), &made[0]);
    assert!(early.starts_with("https://pod.example/the-truth-about-deepseek/#insight=transcript&t=270&quote=hedge%20fund"), "{early}");
    let by_id = arrived(&reloaded.apply(Action::FollowLink(Some(Link::to("transcript:270000", None)))), &transcript);
    assert_eq!(by_id.link.as_ref().map(|l| l.insight.as_str()), Some("transcript:270000"));
    assert!(by_id.notices.is_empty(), "{:?}", by_id.notices);
    let reloaded = arrived(&reloaded, &transcript);
    assert!(reloaded.highlights.orphans.is_empty());
    assert_eq!(reloaded.highlights.placed[0].segment, seg);
    // Revealing it opens the transcript.
    assert!(reloaded.apply(Action::RevealHighlight("h1".into())).is_open(TRANSCRIPT));
    // Exports say where in the audio it was said, also before the cues arrive.
    assert_eq!(section_title(&episode, "transcript:270000"), "Transcript at 4:30, Paul Triolo");
    assert_eq!(section_title(&page().0.episode().unwrap().clone(), "transcript:270000"), "Transcript at 4:30");
    let base = Base::Address("https://pod.example/ep".into());
    let md = markdown(&episode, &collection, &base);
    assert!(md.contains("## Transcript at 4:30, Paul Triolo") && md.contains("> hedge fund"), "{md}");
    let link = export::highlight_link(&base, &episode, &made[0]);
    assert!(link.starts_with("https://pod.example/ep?episode=the-truth-about-deepseek#insight=transcript&t=270&quote=hedge%20fund&prefix="), "{link}");
    let annotation = serde_json::to_value(annotation(&episode, &made[0], &base)).unwrap();
    assert_eq!(annotation["target"]["selector"][0]["value"], "[data-cue=\"transcript:270000\"]");
    // The link, followed, marks the highlight's words in its cue.
    let followed = here.apply(Action::FollowLink(parse(link.split_once('#').unwrap().1)));
    let (segment, start, end) = followed.link.unwrap().mark.unwrap();
    assert_eq!((segment, &episode.cues[8].text[start..end]), (seg, "hedge fund"));
}

#[test]
fn a_link_and_a_where_was_this_said_both_wait_for_the_cues() {
    let (state, transcript) = page();
    let asked = state.apply(Action::FindSource(EXPORT.into())).apply(Action::FollowLink(parse("#t=300")));
    let done = arrived(&asked, &transcript);
    let source = done.source.as_ref().unwrap();
    assert!(!source.pending && source.passage.is_some(), "the question asked first is answered too: {source:?}");
    // Both are done: the link first, then the answer, which takes the view (the reader
    // pressed a button for it).
    assert_eq!(done.link.as_ref().map(|l| l.insight.clone()), Some(cue_id(&done.episode().unwrap().cues, source.anchor.unwrap().0)));
}

#[test]
fn after_a_failed_fetch_asking_again_fetches_again() {
    let (state, transcript) = page();
    let failed = state.apply(Action::TranscriptLoaded { episode: "the-truth-about-deepseek".into(), file: Err(LoadError::Unavailable) });
    for ask in [Action::FindSource(EXPORT.into()), Action::FollowLink(parse("#t=300"))] {
        let asked = failed.apply(ask);
        assert_eq!(asked.transcript, TranscriptState::Loading, "a question after a failure is a reason to try again");
        let done = arrived(&asked, &transcript);
        assert_eq!(done.transcript, TranscriptState::Loaded);
        assert!(done.source.as_ref().is_none_or(|s| !s.pending));
        assert!(done.link.is_some());
    }
    // A failure while waiting leaves the question waiting, for Try again.
    let waiting = state.apply(Action::FindSource(EXPORT.into()));
    let failed = waiting.apply(Action::TranscriptLoaded { episode: "the-truth-about-deepseek".into(), file: Err(LoadError::Unavailable) });
    assert!(failed.source.as_ref().is_some_and(|s| s.pending));
    let retried = arrived(&failed.apply(Action::RetryTranscript), &transcript);
    assert!(retried.source.as_ref().is_some_and(|s| !s.pending && s.passage.is_some()));
}

#[test]
fn a_new_search_after_a_cleared_one_still_moves_the_view() {
    let (state, _) = page();
    let first = state.apply(Action::Search("deepseek".into()));
    let again = first.apply(Action::ClearSearch).apply(Action::Search("deepseek".into()));
    assert_eq!(again.search.current, first.search.current);
    assert!(again.search.moves > first.search.moves, "the same place, but a new search: the view goes there");
}

#[test]
fn no_insight_takes_the_ids_of_the_summary_or_the_transcript() {
    let seed = std::fs::read_to_string(root().join(format!("seeds/{SEED_STEM}.txt"))).unwrap();
    let seed = seed.replacen("Understanding the AI Race Between the US and China", "Transcript", 1).replacen("US Export Controls and Their Effectiveness", "Summary", 1);
    let episode = earmark::core::parse::parse(&seed).unwrap();
    let ids: Vec<&str> = episode.deep_dive_ids().collect();
    assert!(ids.contains(&"transcript-2") && ids.contains(&"summary-2"), "{ids:?}");
}

#[test]
fn time_links_read_every_form_a_person_or_a_player_writes() {
    let cases: &[(&str, Option<u64>)] = &[
        ("754", Some(754_000)),
        ("754.5", Some(754_500)),
        ("754.25", Some(754_250)),
        ("0.001", Some(1)),
        ("12:34", Some(754_000)),
        ("1:02:03", Some(3_723_000)),
        ("1:02:03.5", Some(3_723_500)),
        ("npt:90", Some(90_000)),
        ("10,20", Some(10_000)),
        (",20", Some(0)),
        ("npt:1:00,2:00", Some(60_000)),
        ("12:3", None),
        ("12:60", None),
        ("1:2:3:4", None),
        ("-5", None),
        ("5s", None),
        ("", None),
        (".5", None),
        ("1.2345", None),
        ("999999999", None),
    ];
    for (value, ms) in cases {
        assert_eq!(parse_time(value), *ms, "{value:?}");
    }
    // Forms and round trips.
    assert_eq!(fragment(&Link::at(754_000)), "t=754");
    assert_eq!(fragment(&Link::at(754_500)), "t=754.5");
    assert_eq!(fragment(&Link::at(5)), "t=0.005");
    for ms in [0, 1, 999, 1_000, 754_250, 3_723_000] {
        assert_eq!(parse(&fragment(&Link::at(ms))), Some(Link::at(ms)), "{ms}");
    }
    assert_eq!(parse("#insight=transcript&t=12:34").unwrap().time, Some(754_000));
    assert_eq!(parse("#t=junk"), None, "nothing of ours");
    // A transcript link on the build's own pages goes to the episode's page.
    assert_eq!(link::page("https://p.example/", "ep", &Link::at(90_000)), "https://p.example/ep/#t=90");
}

#[test]
fn cue_ids_name_each_cue_even_when_two_start_together() {
    let cue = |start: u64| Cue { start, end: None, speaker: None, text: "x".into() };
    let cues = [cue(0), cue(1_000), cue(1_000), cue(1_000), cue(5_000)];
    let ids: Vec<String> = (0..cues.len()).map(|i| cue_id(&cues, i)).collect();
    assert_eq!(ids, ["transcript:0", "transcript:1000", "transcript:1000:2", "transcript:1000:3", "transcript:5000"]);
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(cue_index(&cues, id), Some(i), "{id}");
    }
    for junk in ["transcript:", "transcript:x", "transcript:1000:1", "transcript:1000:4", "transcript:1000:", "transcript:2000", "summary", "transcript:1000:2:3", "transcript:99999999999999999999"] {
        assert_eq!(cue_index(&cues, junk), None, "{junk}");
    }
    assert_eq!(parse_cue_id("transcript:754200"), Some((754_200, 1)));
    assert_eq!(cue_at(&cues, 999), Some(0));
    assert_eq!(cue_at(&cues, 1_000), Some(3), "the last of those starting then");
    assert_eq!(cue_at(&[], 5), None);
}

#[test]
fn lengths_read_as_a_reader_reads_them() {
    let cases = [(0, "0 s"), (44_001, "45 s"), (60_000, "1 min"), (1_360_000, "23 min"), (3_600_000, "1 h 00 min"), (3_900_001, "1 h 06 min")];
    for (ms, shown) in cases {
        assert_eq!(format_length(ms), shown);
    }
}
