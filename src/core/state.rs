//! The reader's state and its one reducer: `apply(state, action) -> state`.
//!
//! Every change the UI makes goes through [`Action`] and [`State::apply`], a pure function, so
//! the whole behaviour of the page (what is open, which episode, what notice) is tested here
//! without a browser. Browser effects (reading the URL, reading and writing storage) happen in
//! the UI layer and come back as actions.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::core::model::Episode;
use crate::core::storage::{LoadPlan, Notice};

/// Which episode the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The URL has not been read yet. The first render happens in this state so that it does
    /// not depend on browser APIs (a server renderer produces the same tree).
    Pending,
    /// The episode at this index of the catalogue.
    Episode(usize),
    /// `?episode=` named a slug the catalogue does not have.
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Every bundled episode, in the order of their files. Episodes are shared, not copied:
    /// the UI hands them to components whose props compare by pointer first.
    pub catalog: Rc<Vec<Rc<Episode>>>,
    pub route: Route,
    /// The ids of the open deep dives of the current episode.
    pub open: BTreeSet<String>,
    /// Whether the stored open sections have been read. Nothing is written before, or the
    /// initial empty set would overwrite what the reader left open last time.
    pub restored: bool,
    /// Whether changes may be written to storage (see [`LoadPlan::persist`]).
    pub persist: bool,
    /// Notices shown to the reader, oldest first, each at most once.
    pub notices: Vec<Notice>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Show the episode with this slug, or the first one for `None`.
    Navigate(Option<String>),
    /// The stored open sections of the current episode were read.
    Restored(LoadPlan),
    Toggle(String),
    /// Open one deep dive (the browser revealed it through find-in-page, say).
    Open(String),
    ExpandAll,
    CollapseAll,
    Notify(Notice),
    Dismiss(Notice),
}

impl State {
    pub fn new(episodes: Vec<Episode>) -> State {
        State {
            catalog: Rc::new(episodes.into_iter().map(Rc::new).collect()),
            route: Route::Pending,
            open: BTreeSet::new(),
            restored: false,
            persist: false,
            notices: Vec::new(),
        }
    }

    /// The episode being shown, if any.
    pub fn episode(&self) -> Option<&Rc<Episode>> {
        match self.route {
            Route::Episode(index) => self.catalog.get(index),
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
                let route = resolve(&self.catalog, slug.as_deref());
                if route != self.route {
                    next.route = route;
                    next.open.clear();
                    next.restored = false;
                    next.persist = false;
                }
            }
            Action::Restored(plan) => {
                if let Some(episode) = self.episode() {
                    // Ids of sections that no longer exist are dropped: they could never be
                    // shown, and keeping them would make "all open" unreachable. Sections the
                    // reader opened before storage answered stay open: their click wins.
                    let stored = plan.open.into_iter().filter(|id| episode.deep_dive_ids().any(|known| known == id));
                    next.open.extend(stored);
                    next.restored = true;
                    next.persist = plan.persist;
                    if let Some(notice) = plan.notice {
                        next.notify(notice);
                    }
                }
            }
            Action::Toggle(id) => {
                if !next.open.remove(&id) && self.has_deep_dive(&id) {
                    next.open.insert(id);
                }
            }
            Action::Open(id) => {
                if self.has_deep_dive(&id) {
                    next.open.insert(id);
                }
            }
            Action::ExpandAll => {
                if let Some(episode) = self.episode() {
                    next.open = episode.deep_dive_ids().map(str::to_string).collect();
                }
            }
            Action::CollapseAll => next.open.clear(),
            Action::Notify(notice) => next.notify(notice),
            Action::Dismiss(notice) => next.notices.retain(|shown| *shown != notice),
        }
        next
    }

    fn notify(&mut self, notice: Notice) {
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }

    fn has_deep_dive(&self, id: &str) -> bool {
        self.episode().is_some_and(|episode| episode.deep_dive_ids().any(|known| known == id))
    }
}

/// The route for a `?episode=` value: the first episode when there is none or it is empty.
pub fn resolve(catalog: &[Rc<Episode>], slug: Option<&str>) -> Route {
    match slug.map(str::trim).filter(|slug| !slug.is_empty()) {
        None if catalog.is_empty() => Route::Unknown(String::new()),
        None => Route::Episode(0),
        Some(slug) => match catalog.iter().position(|episode| episode.id == slug) {
            Some(index) => Route::Episode(index),
            None => Route::Unknown(slug.to_string()),
        },
    }
}
