//! The reducer: every user action on the reading view, applied to the real seed.

use std::rc::Rc;

use earmark::core::parse::parse;
use earmark::core::state::{Action, LoadError, Route, State};
use earmark::core::storage::{plan_load, Notice, StorageFault};

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");
const RACE: &str = "understanding-the-ai-race-between-the-us-and-china";
const EXPORT: &str = "us-export-controls-and-their-effectiveness";
const IMPACT: &str = "deepseeks-impact-and-the-reactions-to-its-releases";

fn loaded() -> State {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None);
    state.apply(Action::Navigate(None)).apply(Action::Restored(plan_load(Ok(None))))
}

fn open_ids(state: &State) -> Vec<&str> {
    state.open.iter().collect()
}

#[test]
fn the_first_render_shows_the_pages_own_episode_and_nothing_else_yet() {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None);
    assert_eq!(state.route, Route::Episode);
    assert_eq!(state.episode().map(|e| e.id.as_str()), Some("the-truth-about-deepseek"));
    assert!(state.open.is_empty());
    assert!(!state.restored && !state.persist, "nothing may be written before storage is read");
    // An instance given no episode waits for one.
    let waiting = State::new(None, None);
    assert_eq!(waiting.route, Route::Pending);
    assert!(waiting.episode().is_none());
}

#[test]
fn an_insight_page_starts_with_that_insight_open() {
    let cases: &[(&str, &[&str])] = &[(RACE, &[RACE]), ("the-competitive-landscape-of-ai-between", &[]), ("nope", &[])];
    for (opened, open) in cases {
        let state = State::new(Some(Rc::new(parse(SEED).unwrap())), Some(opened));
        assert_eq!(open_ids(&state), *open, "{opened}");
    }
}

#[test]
fn navigation_shows_the_home_episode_or_fetches_another() {
    let home = State::new(Some(Rc::new(parse(SEED).unwrap())), None);
    let nowhere = State::new(None, None);
    let cases: &[(&State, Option<&str>, Route)] = &[
        (&home, None, Route::Episode),
        (&home, Some(""), Route::Episode),
        (&home, Some("  "), Route::Episode),
        (&home, Some("the-truth-about-deepseek"), Route::Episode),
        (&home, Some("another-one"), Route::Loading("another-one".into())),
        (&home, Some("<script>"), Route::Unknown("<script>".into())),
        (&home, Some("../secrets"), Route::Unknown("../secrets".into())),
        (&nowhere, None, Route::Loading(String::new())),
        (&nowhere, Some("the-truth-about-deepseek"), Route::Loading("the-truth-about-deepseek".into())),
    ];
    for (state, slug, route) in cases {
        assert_eq!(state.apply(Action::Navigate(slug.map(str::to_string))).route, *route, "slug {slug:?}");
    }
}

#[test]
fn a_fetched_episode_is_shown_only_while_it_is_awaited() {
    let episode = parse(SEED).unwrap();
    let loading = State::new(None, None).apply(Action::Navigate(Some(episode.id.clone())));
    let arrived = loading.apply(Action::Loaded { slug: episode.id.clone(), episode: Ok(episode.clone()) });
    assert_eq!((arrived.route.clone(), arrived.episode().map(|e| e.id.clone())), (Route::Episode, Some(episode.id.clone())));
    assert!(arrived.index.is_some(), "the search index is built for the fetched episode");
    // A late answer for an episode the reader has left is dropped.
    let left = loading.apply(Action::Navigate(Some("other".into())));
    assert_eq!(left.apply(Action::Loaded { slug: episode.id.clone(), episode: Ok(episode.clone()) }), left);
    let cases = [(LoadError::Missing, Route::Unknown(episode.id.clone())), (LoadError::Unavailable, Route::Unavailable(episode.id.clone()))];
    for (error, route) in cases {
        assert_eq!(loading.apply(Action::Loaded { slug: episode.id.clone(), episode: Err(error) }).route, route);
    }
    // Going back to the page's own episode needs no fetch.
    let home = State::new(Some(Rc::new(episode.clone())), None);
    let away = home.apply(Action::Navigate(Some("other".into())));
    assert_eq!(away.apply(Action::Navigate(None)).route, Route::Episode);
}

#[test]
fn a_search_and_a_link_wait_for_a_fetched_episode() {
    let episode = parse(SEED).unwrap();
    let link = earmark::core::link::Link::to(EXPORT, None);
    // As the page's address sends them: navigate, search, follow.
    let waiting = State::new(None, None)
        .apply(Action::Navigate(Some(episode.id.clone())))
        .apply(Action::Search("export".into()))
        .apply(Action::FollowLink(Some(link)));
    assert!(waiting.search.query.is_empty() && waiting.link.is_none(), "applied before the episode arrived");
    let arrived = waiting.apply(Action::Loaded { slug: episode.id.clone(), episode: Ok(episode.clone()) });
    assert_eq!(arrived.search.query, "export");
    assert!(!arrived.search.matches.is_empty(), "the waiting search found nothing");
    assert_eq!(arrived.link.as_ref().map(|l| l.insight.as_str()), Some(EXPORT));
    assert!(arrived.is_open(EXPORT), "the waiting link opened nothing");
    assert_eq!(arrived.waiting, Default::default());
}

#[test]
fn the_first_episode_once_fetched_is_not_fetched_again() {
    let episode = parse(SEED).unwrap();
    let shown = State::new(None, None)
        .apply(Action::Navigate(None))
        .apply(Action::Loaded { slug: String::new(), episode: Ok(episode) })
        .apply(Action::Toggle(RACE.into()));
    // A hash change sends the navigation again: nothing may be reset.
    assert_eq!(shown.apply(Action::Navigate(None)), shown);
}

#[test]
fn sequences_of_actions() {
    let cases: Vec<(&str, Vec<Action>, Vec<&str>)> = vec![
        ("all collapsed at first", vec![], vec![]),
        ("toggle opens", vec![Action::Toggle(RACE.into())], vec![RACE]),
        ("toggle twice closes", vec![Action::Toggle(RACE.into()), Action::Toggle(RACE.into())], vec![]),
        ("open is idempotent", vec![Action::Open(EXPORT.into()), Action::Open(EXPORT.into())], vec![EXPORT]),
        ("unknown ids are ignored", vec![Action::Toggle("nope".into()), Action::Open("nope".into())], vec![]),
        ("takeaways are not sections", vec![Action::Toggle("the-competitive-landscape-of-ai-between".into())], vec![]),
        ("collapse all", vec![Action::Toggle(RACE.into()), Action::CollapseAll], vec![]),
    ];
    for (name, actions, expected) in cases {
        let state = actions.into_iter().fold(loaded(), |state, action| state.apply(action));
        assert_eq!(open_ids(&state), expected, "{name}");
    }
}

#[test]
fn expand_all_opens_every_deep_dive() {
    let state = loaded().apply(Action::ExpandAll);
    assert_eq!(state.open.len(), 5);
    let episode = state.episode().unwrap();
    assert!(episode.deep_dive_ids().all(|id| state.is_open(id)));
}

#[test]
fn restoring_keeps_known_sections_and_drops_stale_ones() {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None).apply(Action::Navigate(None));
    let raw = format!(r#"{{"version":1,"open":["{EXPORT}","a-section-that-was-removed"]}}"#);
    let state = state.apply(Action::Restored(plan_load(Ok(Some(&raw)))));
    assert_eq!(open_ids(&state), [EXPORT]);
    assert!(state.restored && state.persist);
}

#[test]
fn a_section_opened_before_storage_answers_stays_open() {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None).apply(Action::Navigate(None)).apply(Action::Toggle(RACE.into()));
    let raw = format!(r#"{{"version":1,"open":["{EXPORT}"]}}"#);
    let state = state.apply(Action::Restored(plan_load(Ok(Some(&raw)))));
    assert_eq!(open_ids(&state), [RACE, EXPORT]);
}

#[test]
fn storage_faults_become_notices_and_stop_writes() {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None).apply(Action::Navigate(None));
    let blocked = state.apply(Action::Restored(plan_load(Err(StorageFault::Blocked))));
    assert!(blocked.restored && !blocked.persist);
    assert_eq!(blocked.notices, [Notice::StorageBlocked]);
    // The page keeps working in memory.
    let toggled = blocked.apply(Action::Toggle(RACE.into()));
    assert_eq!(open_ids(&toggled), [RACE]);
}

#[test]
fn notices_are_shown_once_and_dismissed() {
    let state = loaded().apply(Action::Notify(Notice::StorageFull)).apply(Action::Notify(Notice::StorageFull));
    assert_eq!(state.notices, [Notice::StorageFull]);
    assert!(state.apply(Action::Dismiss(Notice::StorageFull)).notices.is_empty());
}

#[test]
fn navigating_to_another_episode_resets_the_open_sections() {
    let state = loaded().apply(Action::ExpandAll).apply(Action::Navigate(Some("elsewhere".into())));
    assert!(state.open.is_empty());
    assert!(!state.restored && !state.persist);
    // Navigating to where we already are changes nothing.
    let same = loaded().apply(Action::ExpandAll);
    assert_eq!(same.apply(Action::Navigate(None)), same);
}

#[test]
fn a_restore_for_no_episode_is_ignored() {
    let state = State::new(Some(Rc::new(parse(SEED).unwrap())), None).apply(Action::Navigate(Some("nope".into())));
    let after = state.apply(Action::Restored(plan_load(Ok(Some(r#"{"version":1,"open":[]}"#)))));
    assert_eq!(after, state);
}

fn searched(query: &str) -> State {
    loaded().apply(Action::Search(query.into()))
}

#[test]
fn search_reports_where_the_reader_is() {
    let cases: &[(&str, &str, bool)] = &[
        ("", "", false),
        ("   ", "", false),
        ("deepseek", "1 of 14", false),
        ("indigenous", "1 of 1", false),
        ("zzqx", "No matches", true),
    ];
    for (query, status, nothing) in cases {
        let state = searched(query);
        assert_eq!(state.search.status(), *status, "query {query:?}");
        assert_eq!(state.search.found_nothing(), *nothing, "query {query:?}");
    }
}

#[test]
fn next_and_previous_wrap_around() {
    let state = searched("export controls");
    assert_eq!(state.search.matches.len(), 3);
    let steps = [
        (Action::NextMatch, 1),
        (Action::NextMatch, 2),
        (Action::NextMatch, 0),
        (Action::PreviousMatch, 2),
        (Action::PreviousMatch, 1),
    ];
    let mut state = state;
    for (action, expected) in steps {
        state = state.apply(action);
        assert_eq!(state.search.current, Some(expected));
    }
    // Without matches, moving does nothing.
    let none = searched("zzqx").apply(Action::NextMatch);
    assert_eq!(none.search.current, None);
}

#[test]
fn the_current_match_opens_its_section_and_clearing_closes_it() {
    let state = searched("indigenous");
    assert_eq!(open_ids(&state), [EXPORT]);
    assert!(state.opened_by_search.contains(EXPORT));
    assert_eq!(state.persisted_open().count(), 0, "what the search opened is not remembered");
    let cleared = state.apply(Action::ClearSearch);
    assert!(cleared.open.is_empty());
    assert_eq!(cleared.search.query, "");
    assert!(cleared.search.matches.is_empty());
}

#[test]
fn a_section_the_reader_opened_stays_open_after_the_search() {
    let state = loaded().apply(Action::Toggle(EXPORT.into())).apply(Action::Search("indigenous".into()));
    assert!(state.opened_by_search.is_empty(), "it was open already");
    assert_eq!(state.apply(Action::ClearSearch).open.len(), 1);

    // Toggling a section the search opened hands it to the reader.
    let state = searched("indigenous").apply(Action::Toggle(EXPORT.into())).apply(Action::Toggle(EXPORT.into()));
    assert!(state.opened_by_search.is_empty());
    assert_eq!(open_ids(&state.apply(Action::ClearSearch)), [EXPORT]);
}

#[test]
fn typing_more_keeps_the_readers_place() {
    // Move to the third "deep" match, then narrow the query: the current match stays at or
    // after where the reader was.
    let state = searched("deep").apply(Action::NextMatch).apply(Action::NextMatch);
    let before = state.search.current_match().unwrap();
    let narrowed = state.apply(Action::Search("deepseek".into()));
    let after = narrowed.search.current_match().unwrap();
    assert!(after >= before, "{after:?} is before {before:?}");
}

#[test]
fn counts_per_deep_dive() {
    let state = searched("deepseek");
    assert_eq!(*state.search.per_deep_dive, [1, 5, 1, 1, 0]);
}

#[test]
fn another_episode_starts_without_a_search() {
    let state = searched("deepseek").apply(Action::Navigate(Some("elsewhere".into())));
    assert_eq!(state.search.query, "");
    assert!(state.index.is_none());
}

#[test]
fn only_matches_outside_collapsed_sections_need_paint() {
    let state = searched("deepseek");
    assert_eq!(state.search.matches.len(), 14);
    // Title, summary, a takeaway, a heading and three topics.
    assert_eq!(state.visible_matches().len(), 7);
    let opened = state.apply(Action::Toggle(IMPACT.into()));
    assert_eq!(opened.visible_matches().len(), 11, "the four of the opened paragraph join");
}
