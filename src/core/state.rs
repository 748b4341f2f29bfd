//! The reader's state and its one reducer: `apply(state, action) -> state`.
//!
//! Every change the UI makes goes through [`Action`] and [`State::apply`], a pure function, so
//! the whole behaviour of the page (what is open, which episode, what notice) is tested here
//! without a browser. Browser effects (reading the URL, reading and writing storage) happen in
//! the UI layer and come back as actions.

use std::rc::Rc;

use crate::anchor::{self, char_to_byte};
use crate::catalogue::{is_episode_id, Listing};
use crate::highlights::{self, Collection, Highlight, Placed};
use crate::ids::IdSet;
use crate::link::{Link, TRANSCRIPT};
use crate::model::Episode;
use crate::search::{segment_index, Match, SearchIndex, SegmentKind};
use crate::storage::{LoadPlan, Notice};
use crate::transcript::{cue_at, cue_id, parse_cue_id, TranscriptFile};

/// Which episode the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// No episode yet: the first render of an instance that was given none (a widget whose
    /// episode is fetched), before the address is read.
    Pending,
    /// The episode with this id is being fetched; `""` is the build's first episode.
    Loading(String),
    /// The episode in [`State::shown`].
    Episode,
    /// No episode has this id.
    Unknown(String),
    /// The episode could not be fetched (offline, or the server failed): it may exist.
    Unavailable(String),
}

/// Why an episode did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The build has no such episode (404).
    Missing,
    /// The network or the server failed; trying again later may work.
    Unavailable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The episode the page was built with (its data block), shown without a fetch when the
    /// address names it or no episode. Episodes are shared, not copied: the UI hands them to
    /// components whose props compare by pointer first.
    pub home: Option<Rc<Episode>>,
    /// The episode being shown (with [`Route::Episode`]).
    pub shown: Option<Rc<Episode>>,
    pub route: Route,
    /// The build's episodes, once fetched (to list on "not found").
    pub listing: Rc<Vec<Listing>>,
    /// The ids of the open deep dives of the current episode.
    pub open: IdSet,
    /// Whether the stored open sections have been read. Nothing is written before, or the
    /// initial empty set would overwrite what the reader left open last time.
    pub restored: bool,
    /// Whether changes may be written to storage (see [`LoadPlan::persist`]).
    pub persist: bool,
    /// Notices shown to the reader, oldest first, each at most once.
    pub notices: Vec<Notice>,
    /// The in-page search.
    pub search: Search,
    /// The current episode folded for search, built once per episode.
    pub index: Option<Rc<SearchIndex>>,
    /// Deep dives that search opened to show its current match, and that the reader has not
    /// touched since: clearing the search closes them again, and they are not remembered.
    pub opened_by_search: IdSet,
    /// The reader's highlights of this episode.
    pub highlights: Highlights,
    /// Where the last followed link pointed, for the UI to bring into view.
    pub link: Option<LinkTarget>,
    /// Counts followed links, so that following one is an event even when it changes nothing.
    pub links_followed: u64,
    /// What the address (or a host) asked for while the episode was still on its way: the
    /// search and the link to follow once it has arrived.
    pub waiting: Waiting,
    /// Whether the shown episode was fetched as the build's first (asked for by no slug).
    pub shown_first: bool,
    /// The shown episode's transcript: its cues are on their way, here, or could not come.
    pub transcript: TranscriptState,
    /// What waits for the transcript's cues: a link into it, and a "Where was this said?".
    pub waiting_transcript: TranscriptWait,
    /// The last "Where was this said?": which insight asked, and the passage found.
    pub source: Option<SourceTarget>,
}

/// Where the shown episode's transcript cues are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TranscriptState {
    /// The episode has no transcript.
    #[default]
    None,
    /// It has one, being fetched (or not yet asked for: the page paints first).
    Loading,
    /// The cues are in the shown episode.
    Loaded,
    /// The fetch failed (offline, say); "Try again" asks again.
    Failed,
}

/// What asked for the transcript before its cues arrived: the last link into it and the last
/// "Where was this said?", each followed once the cues are here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TranscriptWait {
    pub link: Option<Link>,
    pub source: Option<String>,
}

/// The answer to "Where was this said?" for one insight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceTarget {
    pub insight: String,
    /// The passage's first and last cue, or `None` when no passage scored well enough (the
    /// button then says so instead of guessing), or while the cues are on their way.
    pub passage: Option<(usize, usize)>,
    /// The cue the reader is taken to, with its start.
    pub anchor: Option<(usize, u64)>,
    /// Whether the cues are still on their way.
    pub pending: bool,
}

/// A search and a link that wait for the episode to arrive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    pub query: Option<String>,
    pub link: Option<Link>,
}

/// What a followed link found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTarget {
    /// The insight id.
    pub insight: String,
    /// The quote, where found: its segment and byte range there; marked for a while.
    pub mark: Option<(usize, usize, usize)>,
}

/// The highlights of the current episode, and where they are on the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    pub collection: Rc<Collection>,
    /// Placed highlights, in page order; shared so that unchanged ones compare by pointer.
    pub placed: Rc<Vec<Placed>>,
    /// Ids of highlights that could not be placed.
    pub orphans: Rc<Vec<String>>,
    /// Whether the stored highlights have been read (nothing is written before).
    pub restored: bool,
    /// Whether changes may be written (false when that would overwrite unread data).
    pub persist: bool,
    /// Whether the stored highlights were written by a newer Earmark.
    pub newer: bool,
    /// The last deleted highlight, for Undo.
    pub undo: Option<Highlight>,
}

/// The state of the in-page search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// Every match, in reading order. Shared, so that unchanged matches compare by pointer.
    pub matches: Rc<Vec<Match>>,
    /// The index in `matches` of the current match.
    pub current: Option<usize>,
    /// For each deep dive, how many matches its heading and paragraph hold.
    pub per_deep_dive: Rc<Vec<u32>>,
    /// How many matches the transcript holds.
    pub in_transcript: u32,
    /// Counts the reader's searches and steps: the view follows the current match when this
    /// changes, and not when the same search only grows (the transcript's cues arrived), so a
    /// followed link or the reader's own scrolling keeps the view.
    pub moves: u64,
}

impl Search {
    /// "3 of 12", "No matches", or nothing when there is no query.
    pub fn status(&self) -> String {
        match (self.query.trim().is_empty(), self.current) {
            (true, _) => String::new(),
            (false, Some(current)) => format!("{} of {}", current + 1, self.matches.len()),
            (false, None) => "No matches".to_string(),
        }
    }

    /// Whether the query found nothing (the field is then marked invalid).
    pub fn found_nothing(&self) -> bool {
        !self.query.trim().is_empty() && self.matches.is_empty()
    }

    pub fn current_match(&self) -> Option<Match> {
        self.current.and_then(|index| self.matches.get(index).copied())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Show the episode with this slug, or the page's own (else the build's first) for `None`.
    Navigate(Option<String>),
    /// The episode that [`Route::Loading`] waited for arrived, or did not.
    Loaded { slug: String, episode: Result<Episode, LoadError> },
    /// The catalogue arrived.
    Listed(Vec<Listing>),
    /// The stored open sections of the current episode were read.
    Restored(LoadPlan),
    Toggle(String),
    /// Open one deep dive (the browser revealed it through find-in-page, say).
    Open(String),
    ExpandAll,
    CollapseAll,
    Notify(Notice),
    Dismiss(Notice),
    /// The search query changed.
    Search(String),
    /// Move to the next match, wrapping at the end.
    NextMatch,
    /// Move to the previous match, wrapping at the start.
    PreviousMatch,
    /// Clear the search, and close what only the search opened.
    ClearSearch,
    /// The stored highlights were read.
    HighlightsLoaded(LoadPlan<Collection>),
    /// New highlights from a selection.
    AddHighlights(Vec<Highlight>),
    DeleteHighlight { id: String, at: u64 },
    /// Bring back the last deleted highlight.
    UndoDelete { at: u64 },
    /// Forget the last deleted highlight (the Undo offer expired).
    ForgetUndo,
    EditNote { id: String, note: String, at: u64 },
    /// Highlights from elsewhere (another tab, an import), merged by id.
    MergeHighlights(Collection),
    /// Open the section that holds a highlight.
    RevealHighlight(String),
    /// The page's fragment changed (or was read at load): follow it, `None` when it is not a
    /// link of ours.
    FollowLink(Option<Link>),
    /// The quote of the followed link has been shown long enough.
    FadeLink(u64),
    /// The transcript file of the episode with this id arrived, or did not.
    TranscriptLoaded { episode: String, file: Result<TranscriptFile, LoadError> },
    /// Ask for the transcript again after a failure.
    RetryTranscript,
    /// "Where was this said?" for the insight with this id.
    FindSource(String),
}

impl State {
    /// The state of an instance's first render: showing `home` (the page's own episode) at
    /// once, with `opened` open (an insight's own page), or waiting for an episode. It is
    /// made from what the page carries and nothing else, in the browser as in the build's
    /// server renderer, so that hydration finds the same tree.
    pub fn new(home: Option<Rc<Episode>>, opened: Option<&str>) -> State {
        let mut state = State {
            home: home.clone(),
            shown: None,
            route: Route::Pending,
            listing: Rc::new(Vec::new()),
            open: IdSet::new(),
            restored: false,
            persist: false,
            notices: Vec::new(),
            search: Search::default(),
            index: None,
            opened_by_search: IdSet::new(),
            highlights: Highlights::default(),
            link: None,
            links_followed: 0,
            waiting: Waiting::default(),
            shown_first: false,
            transcript: TranscriptState::None,
            waiting_transcript: TranscriptWait::default(),
            source: None,
        };
        if let Some(home) = home {
            state.show(home);
            if let Some(id) = opened.filter(|id| state.has_deep_dive(id)) {
                state.open.insert(id.to_string());
            }
        }
        state
    }

    /// Shows `episode`, starting afresh: nothing open, searched or highlighted yet.
    fn show(&mut self, episode: Rc<Episode>) {
        self.index = Some(Rc::new(SearchIndex::new(&episode)));
        self.shown = Some(episode);
        self.route = Route::Episode;
        self.reset();
    }

    /// Leaves the episode shown for `route`. (The address's search and link, sent right after
    /// the navigation that leaves, then wait for the episode that comes.)
    fn leave(&mut self, route: Route) {
        self.shown = None;
        self.index = None;
        self.route = route;
        self.reset();
    }

    /// Whether an episode is on its way (a search or a link then waits for it).
    fn awaiting(&self) -> bool {
        matches!(self.route, Route::Pending | Route::Loading(_))
    }

    fn reset(&mut self) {
        self.open.clear();
        self.opened_by_search.clear();
        self.restored = false;
        self.persist = false;
        self.search = Search { moves: self.search.moves, ..Search::default() };
        self.highlights = Highlights::default();
        self.link = None;
        self.waiting = Waiting::default();
        self.shown_first = false;
        self.transcript = match self.shown.as_ref() {
            Some(episode) if episode.has_cues() => TranscriptState::Loaded,
            Some(episode) if episode.has_transcript() => TranscriptState::Loading,
            _ => TranscriptState::None,
        };
        self.waiting_transcript = TranscriptWait::default();
        self.source = None;
    }

    /// The matches a reader can see: all but those inside collapsed deep dives, which need no
    /// paint until their section opens. On a long episode this is most of the work saved.
    pub fn visible_matches(&self) -> Vec<Match> {
        let (Some(index), Some(episode)) = (&self.index, self.episode()) else { return Vec::new() };
        self.search
            .matches
            .iter()
            .filter(|m| match index.kind(m.segment) {
                Some(SegmentKind::Body(i)) => episode.deep_dives.get(i).is_some_and(|dive| self.open.contains(&dive.id)),
                Some(SegmentKind::Cue(_)) => self.open.contains(TRANSCRIPT),
                _ => true,
            })
            .copied()
            .collect()
    }

    /// The open deep dives that are worth remembering: those the reader opened.
    pub fn persisted_open(&self) -> impl Iterator<Item = &str> {
        self.open.difference(&self.opened_by_search)
    }

    /// The episode being shown, if any.
    pub fn episode(&self) -> Option<&Rc<Episode>> {
        match self.route {
            Route::Episode => self.shown.as_ref(),
            _ => None,
        }
    }

    pub fn is_open(&self, id: &str) -> bool {
        self.open.contains(id)
    }

    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::Navigate(slug) => {
                let slug = slug.map(|slug| slug.trim().to_string()).filter(|slug| !slug.is_empty());
                let home = self.home.as_ref().filter(|home| slug.as_ref().is_none_or(|slug| *slug == home.id));
                let showing = |id: &str| self.episode().is_some_and(|shown| shown.id == id);
                match (home, slug) {
                    (Some(home), _) if showing(&home.id) => {}
                    (Some(home), _) => next.show(home.clone()),
                    (None, Some(slug)) if showing(&slug) => {}
                    (None, None) if self.route == Route::Episode && self.shown_first => {}
                    (None, Some(slug)) if !is_episode_id(&slug) => next.leave(Route::Unknown(slug)),
                    (None, slug) => {
                        let route = Route::Loading(slug.unwrap_or_default());
                        if route != self.route {
                            next.leave(route);
                        }
                    }
                }
            }
            Action::Loaded { slug, episode } => {
                if self.route == Route::Loading(slug.clone()) {
                    match episode {
                        Ok(episode) => {
                            let waiting = std::mem::take(&mut next.waiting);
                            next.show(Rc::new(episode));
                            next.shown_first = slug.is_empty();
                            if let Some(query) = waiting.query {
                                next = next.apply(Action::Search(query));
                            }
                            if let Some(link) = waiting.link {
                                next = next.apply(Action::FollowLink(Some(link)));
                            }
                        }
                        Err(LoadError::Missing) => next.route = Route::Unknown(slug),
                        Err(LoadError::Unavailable) => next.route = Route::Unavailable(slug),
                    }
                }
            }
            Action::Listed(listing) => next.listing = Rc::new(listing),
            Action::Restored(plan) => {
                if let Some(episode) = self.episode() {
                    // Ids of sections that no longer exist are dropped: they could never be
                    // shown, and keeping them would make "all open" unreachable. Sections the
                    // reader opened before storage answered stay open: their click wins.
                    let has_transcript = episode.has_transcript();
                    let stored = plan
                        .value
                        .into_iter()
                        .filter(|id| episode.deep_dive_ids().any(|known| known == id) || (has_transcript && id == TRANSCRIPT));
                    next.open.extend(stored);
                    next.restored = true;
                    next.persist = plan.persist;
                    if let Some(notice) = plan.notice {
                        next.notify(notice);
                    }
                }
            }
            Action::Toggle(id) => {
                // The reader took the section over from the search.
                next.opened_by_search.remove(&id);
                if !next.open.remove(&id) && self.has_section(&id) {
                    next.open.insert(id);
                }
            }
            Action::Open(id) => {
                if self.has_section(&id) {
                    next.open_section(&id);
                }
            }
            Action::ExpandAll => {
                if let Some(episode) = self.episode() {
                    // "All deep dives": the transcript stays as it is.
                    next.open = episode.deep_dive_ids().map(str::to_string).collect();
                    next.opened_by_search.clear();
                    if self.open.contains(TRANSCRIPT) {
                        next.open.insert(TRANSCRIPT.to_string());
                    }
                }
            }
            Action::CollapseAll => {
                let transcript = self.open.contains(TRANSCRIPT);
                next.open.clear();
                next.opened_by_search.clear();
                if transcript {
                    next.open.insert(TRANSCRIPT.to_string());
                }
            }
            Action::Search(query) if self.awaiting() => next.waiting.query = Some(query),
            Action::Search(query) => next.search_for(query),
            Action::NextMatch => next.step(1),
            Action::PreviousMatch => next.step(-1),
            Action::ClearSearch => {
                next.search = Search { moves: self.search.moves, ..Search::default() };
                for id in std::mem::take(&mut next.opened_by_search) {
                    next.open.remove(&id);
                }
            }
            Action::HighlightsLoaded(plan) => {
                if self.episode().is_some() {
                    // Highlights made before storage answered are kept too.
                    let merged = plan.value.merge(&self.highlights.collection);
                    next.set_highlights(merged);
                    next.highlights.restored = true;
                    next.highlights.persist = plan.persist;
                    next.highlights.newer = plan.notice == Some(Notice::HighlightsNewer);
                    if let Some(notice) = plan.notice {
                        next.notify(notice);
                    }
                }
            }
            Action::AddHighlights(new) => {
                if !new.is_empty() {
                    let mut collection = (*self.highlights.collection).clone();
                    collection.upsert(new);
                    next.set_highlights(collection);
                }
            }
            Action::DeleteHighlight { id, at } => {
                let mut collection = (*self.highlights.collection).clone();
                if let Some(removed) = collection.delete(&id, at) {
                    next.set_highlights(collection);
                    next.highlights.undo = Some(removed);
                }
            }
            Action::UndoDelete { at } => {
                if let Some(mut restored) = next.highlights.undo.take() {
                    restored.updated = at;
                    let mut collection = (*self.highlights.collection).clone();
                    collection.upsert([restored]);
                    next.set_highlights(collection);
                }
            }
            Action::ForgetUndo => next.highlights.undo = None,
            Action::EditNote { id, note, at } => {
                let mut collection = (*self.highlights.collection).clone();
                if let Some(h) = collection.highlights.iter_mut().find(|h| h.id == id) {
                    if h.note != note {
                        h.note = note;
                        h.updated = at;
                        next.set_highlights(collection);
                    }
                }
            }
            Action::MergeHighlights(other) => {
                let merged = self.highlights.collection.merge(&other);
                if merged != *self.highlights.collection {
                    next.set_highlights(merged);
                }
            }
            Action::FollowLink(link) if self.awaiting() => next.waiting.link = link,
            Action::FollowLink(None) => next.link = None,
            Action::FollowLink(Some(link)) => next.follow(link),
            Action::FadeLink(serial) => {
                if serial == self.links_followed {
                    if let Some(link) = &mut next.link {
                        link.mark = None;
                    }
                }
            }
            Action::RevealHighlight(id) => {
                let kind = self
                    .highlights
                    .placed
                    .iter()
                    .find(|p| p.id == id)
                    .and_then(|p| self.index.as_ref()?.kind(p.segment as u32));
                let section = match (kind, self.episode()) {
                    (Some(SegmentKind::Body(i)), Some(episode)) => episode.deep_dives.get(i).map(|dive| dive.id.clone()),
                    (Some(SegmentKind::Cue(_)), _) => Some(TRANSCRIPT.to_string()),
                    _ => None,
                };
                if let Some(id) = section {
                    next.open_section(&id);
                }
            }
            Action::TranscriptLoaded { episode, file } => next.transcript_arrived(&episode, file),
            Action::RetryTranscript => next.wait_for_cues(),
            Action::FindSource(id) => next.find_source(id),
            Action::Notify(notice) => next.notify(notice),
            Action::Dismiss(notice) => next.notices.retain(|shown| *shown != notice),
        }
        next
    }

    /// The transcript's cues arrived: they join the shown episode (its search index, its
    /// highlights), and what waited for them is done.
    fn transcript_arrived(&mut self, id: &str, file: Result<TranscriptFile, LoadError>) {
        let Some(shown) = self.episode().filter(|e| e.id == id && e.has_transcript() && !e.has_cues()).cloned() else { return };
        let file = match file {
            Ok(file) if !file.cues.is_empty() => file,
            // An empty file is a broken build; for the reader it is a transcript that did not come.
            Ok(_) | Err(_) => {
                self.transcript = TranscriptState::Failed;
                return;
            }
        };
        let mut episode = (*shown).clone();
        episode.cues = Rc::new(file.cues);
        episode.sources = Rc::new(file.sources);
        let episode = Rc::new(episode);
        if self.home.as_ref().is_some_and(|home| home.id == episode.id) {
            self.home = Some(episode.clone());
        }
        self.shown = Some(episode.clone());
        self.index = Some(Rc::new(SearchIndex::new(&episode)));
        self.transcript = TranscriptState::Loaded;
        // The segments before the transcript keep their index, so the current match keeps
        // its place; the transcript's matches join.
        let (query, moves, current) = (std::mem::take(&mut self.search.query), self.search.moves, self.search.current);
        if !query.is_empty() {
            self.search_for(query);
            // The same search, grown: the view moves only if the current match did (a search
            // that had found nothing now finds something in the transcript).
            if self.search.current == current {
                self.search.moves = moves;
            }
        }
        // Highlights in the transcript were orphans until now.
        let collection = (*self.highlights.collection).clone();
        self.set_highlights(collection);
        // The link first: "Where was this said?", asked later, then takes the view if it found
        // a passage.
        let TranscriptWait { link, source } = std::mem::take(&mut self.waiting_transcript);
        if let Some(link) = link {
            self.follow(link);
        }
        if let Some(insight) = source {
            self.find_source(insight);
        }
    }

    /// Something waits for the cues (or the reader pressed Try again): after a failure, that is
    /// a reason to fetch them again.
    fn wait_for_cues(&mut self) {
        if self.transcript == TranscriptState::Failed {
            self.transcript = TranscriptState::Loading;
        }
    }

    /// "Where was this said?": the passage found at build time for the insight, opened and
    /// marked, or the answer that there is none.
    fn find_source(&mut self, insight: String) {
        let Some(episode) = self.episode().cloned() else { return };
        if !episode.has_transcript() || episode.insight(&insight).is_none() {
            return;
        }
        if !episode.has_cues() {
            self.source = Some(SourceTarget { insight: insight.clone(), passage: None, anchor: None, pending: true });
            self.waiting_transcript.source = Some(insight);
            self.wait_for_cues();
            return;
        }
        let found = episode.sources.iter().find(|s| s.insight == insight);
        let cues = episode.cues.len();
        let found = found.filter(|s| (s.first as usize) <= (s.anchor as usize) && (s.anchor as usize) <= (s.last as usize) && (s.last as usize) < cues);
        self.source = Some(SourceTarget {
            insight,
            passage: found.map(|s| (s.first as usize, s.last as usize)),
            anchor: found.map(|s| (s.anchor as usize, episode.cues[s.anchor as usize].start)),
            pending: false,
        });
        if let Some(source) = found {
            self.open_section(TRANSCRIPT);
            self.links_followed += 1;
            self.link = Some(LinkTarget { insight: cue_id(&episode.cues, source.anchor as usize), mark: None });
        }
    }

    /// Opens a section as the reader's own doing (not the search's).
    fn open_section(&mut self, id: &str) {
        self.opened_by_search.remove(id);
        self.open.insert(id.to_string());
    }

    /// Follows a link into the transcript: a quote in it, a time, or the transcript itself.
    fn follow_transcript(&mut self, episode: &Episode, link: Link) {
        self.open_section(TRANSCRIPT);
        if !episode.has_cues() {
            // Brought into view now, and to its cue once the cues arrive.
            self.link = Some(LinkTarget { insight: TRANSCRIPT.to_string(), mark: None });
            self.waiting_transcript.link = Some(link);
            self.wait_for_cues();
            return;
        }
        let cues = &episode.cues;
        let quoted = link.quote.as_ref().and_then(|quote| {
            // The cue that holds the quote nearest the link's time (a quote may be said twice).
            // Picked by a scan rather than a sort: the browser build carries one sort already.
            let at = link.time.and_then(|t| cue_at(cues, t)).unwrap_or(0);
            let nearest = (0..cues.len()).filter(|&i| cues[i].text.contains(quote.exact.as_str())).min_by_key(|&i| i.abs_diff(at));
            nearest.and_then(|i| {
                let text = cues[i].text.as_str();
                let selector = anchor::Selector { exact: &quote.exact, prefix: &quote.prefix, suffix: &quote.suffix, start: 0, end: 0 };
                let (start, end) = anchor::anchor(text, &selector).range()?;
                Some((i, (segment_index(episode, SegmentKind::Cue(i)), char_to_byte(text, start), char_to_byte(text, end))))
            })
        });
        if link.quote.is_some() && quoted.is_none() {
            self.notify(Notice::QuoteNotFound);
        }
        let cue = quoted.map(|(i, _)| i).or_else(|| link.time.and_then(|t| cue_at(cues, t)));
        let insight = cue.map_or_else(|| TRANSCRIPT.to_string(), |i| cue_id(cues, i));
        self.link = Some(LinkTarget { insight, mark: quoted.map(|(_, mark)| mark) });
    }

    /// Opens what a link names and finds its quote.
    fn follow(&mut self, link: Link) {
        let Some(episode) = self.episode().cloned() else { return };
        self.links_followed += 1;
        if episode.has_transcript() {
            // A cue's id (a highlight's target) is a time in the transcript: it can wait for
            // the cues like any link into the transcript.
            if let Some((start, _)) = parse_cue_id(&link.insight) {
                let link = Link { insight: TRANSCRIPT.to_string(), quote: link.quote, time: Some(start) };
                self.follow_transcript(&episode, link);
                return;
            }
            if link.insight == TRANSCRIPT {
                self.follow_transcript(&episode, link);
                return;
            }
        }
        // A link names an insight, or the summary (a highlight's link can point there).
        let Some((kind, text)) = highlights::target(&episode, &link.insight) else {
            self.link = None;
            self.notify(Notice::LinkNotFound);
            return;
        };
        match kind {
            SegmentKind::Body(i) => self.open_section(&episode.deep_dives[i].id.clone()),
            SegmentKind::Cue(_) => self.open_section(TRANSCRIPT),
            _ => {}
        }
        let mark = link.quote.as_ref().and_then(|quote| {
            let selector = anchor::Selector { exact: &quote.exact, prefix: &quote.prefix, suffix: &quote.suffix, start: 0, end: 0 };
            let (start, end) = anchor::anchor(text, &selector).range()?;
            Some((segment_index(&episode, kind), char_to_byte(text, start), char_to_byte(text, end)))
        });
        if link.quote.is_some() && mark.is_none() {
            self.notify(Notice::QuoteNotFound);
        }
        self.link = Some(LinkTarget { insight: link.insight, mark });
    }

    /// Replaces the highlights and places them on the page again. A highlight in the
    /// transcript is no orphan while the transcript's cues are on their way (or could not
    /// come): it is listed with its time, and placed when they arrive.
    fn set_highlights(&mut self, collection: Collection) {
        let (placed, orphans) = match self.episode() {
            Some(episode) => {
                let (placed, mut orphans) = highlights::place(episode, &collection);
                if episode.has_transcript() && !episode.has_cues() {
                    orphans.retain(|id| collection.get(id).is_none_or(|h| parse_cue_id(&h.insight).is_none()));
                }
                (placed, orphans)
            }
            None => (Vec::new(), Vec::new()),
        };
        self.highlights.collection = Rc::new(collection);
        self.highlights.placed = Rc::new(placed);
        self.highlights.orphans = Rc::new(orphans);
    }

    fn search_for(&mut self, query: String) {
        let Some(index) = self.index.clone() else { return };
        if query == self.search.query {
            return;
        }
        let previous = self.search.current_match();
        let matches = index.find(&query);
        // Keep the reader's place: the current match stays where it was, or moves to the
        // next one after it, as the query grows or shrinks.
        let current = match previous {
            _ if matches.is_empty() => None,
            Some(previous) => Some(matches.partition_point(|m| *m < previous) % matches.len()),
            None => Some(0),
        };
        let mut per_deep_dive = vec![0u32; self.episode().map_or(0, |e| e.deep_dives.len())];
        let mut in_transcript = 0;
        for m in &matches {
            match index.kind(m.segment) {
                Some(SegmentKind::Heading(i) | SegmentKind::Body(i)) => {
                    if let Some(count) = per_deep_dive.get_mut(i) {
                        *count += 1;
                    }
                }
                Some(SegmentKind::Cue(_)) => in_transcript += 1,
                _ => {}
            }
        }
        let moves = self.search.moves + 1;
        self.search = Search { query, matches: Rc::new(matches), current, per_deep_dive: Rc::new(per_deep_dive), in_transcript, moves };
        self.reveal_current();
    }

    fn step(&mut self, by: isize) {
        let count = self.search.matches.len();
        if count == 0 {
            return;
        }
        let current = self.search.current.unwrap_or(0) as isize;
        self.search.current = Some((current + by).rem_euclid(count as isize) as usize);
        self.search.moves += 1;
        self.reveal_current();
    }

    /// Opens the deep dive whose paragraph holds the current match, remembering that the
    /// search opened it.
    fn reveal_current(&mut self) {
        let kind = self.search.current_match().and_then(|m| self.index.as_ref()?.kind(m.segment));
        let id = match kind {
            Some(SegmentKind::Body(i)) => self.episode().and_then(|episode| episode.deep_dives.get(i)).map(|dive| dive.id.clone()),
            Some(SegmentKind::Cue(_)) => Some(TRANSCRIPT.to_string()),
            _ => None,
        };
        {
            if let Some(id) = id {
                if self.open.insert(id.clone()) {
                    self.opened_by_search.insert(id);
                }
            }
        }
    }

    fn notify(&mut self, notice: Notice) {
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }

    fn has_deep_dive(&self, id: &str) -> bool {
        self.episode().is_some_and(|episode| episode.deep_dive_ids().any(|known| known == id))
    }

    /// A deep dive, or the transcript of an episode that has one: what opens and closes.
    fn has_section(&self, id: &str) -> bool {
        self.has_deep_dive(id) || (id == TRANSCRIPT && self.episode().is_some_and(|episode| episode.has_transcript()))
    }
}

