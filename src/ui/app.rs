//! The root component: owns the reducer and runs the browser effects (URL, storage), turning
//! their results into actions.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use gloo::timers::callback::Timeout;

use crate::bundle;
use crate::core::search::{segment_index, SegmentKind};
use crate::core::state::{Action, Route, State};
use crate::core::storage::{self as codec, Notice, StorageFault};
use crate::platform::{highlight, storage, url};
use crate::ui::deep_dives::DeepDives;
use crate::ui::episode_header::EpisodeHeader;
use crate::ui::episode_not_found::EpisodeNotFound;
use crate::ui::notices::Notices;
use crate::ui::search_bar::SearchBar;
use crate::ui::segment_text::{FallbackMarks, MarksContext};
use crate::ui::summary::Summary;
use crate::ui::takeaways::Takeaways;
use crate::ui::topics::Topics;
use crate::ui::use_search_paint::use_search_paint;
use crate::ui::Store;

/// How long the search waits after the last keystroke before it records the query in the
/// URL. Browsers throttle frequent history updates, and one entry per pause is enough.
const URL_DEBOUNCE_MS: u32 = 300;

#[component]
pub fn App() -> Html {
    // The bundled episodes were validated at compile time; should one fail anyway, the page
    // says so instead of panicking.
    let catalog = use_memo((), |_| bundle::episodes());
    let state = use_reducer(|| Store(State::new(catalog.as_ref().clone().unwrap_or_default())));
    // The last value written (or read) under the open-sections key, so that an unchanged set
    // is not written again.
    let last_saved = use_mut_ref(|| None::<String>);

    let root = use_node_ref();
    // Whether the browser paints highlights; known only after the first render.
    let highlights = use_state(|| None::<bool>);

    // The first render shows the pending route; the URL is read only now, after it, so that
    // the first tree does not depend on the browser (a server renderer gives the same).
    {
        let dispatcher = state.dispatcher();
        let highlights = highlights.clone();
        use_effect_with((), move |_| {
            highlights.set(Some(highlight::supported()));
            dispatcher.dispatch(Action::Navigate(url::episode_param()));
            if let Some(query) = url::param("q") {
                dispatcher.dispatch(Action::Search(query));
            }
        });
    }

    let episode_id = state.0.episode().map(|episode| episode.id.clone());
    {
        let dispatcher = state.dispatcher();
        let last_saved = last_saved.clone();
        use_effect_with(episode_id.clone(), move |episode_id| {
            if let Some(episode_id) = episode_id {
                dispatcher.dispatch(Action::Restored(load_open_sections(episode_id, &last_saved)));
            }
        });
    }

    {
        let dispatcher = state.dispatcher();
        let persisted: Vec<String> = state.0.persisted_open().map(str::to_string).collect();
        let deps = (episode_id.clone(), persisted, state.0.restored && state.0.persist);
        use_effect_with(deps, move |(episode_id, open, may_write)| {
            if let (Some(episode_id), true) = (episode_id, *may_write) {
                let raw = codec::encode_open_sections(open.iter().map(String::as_str));
                if last_saved.borrow().as_deref() != Some(raw.as_str()) {
                    let key = codec::key(episode_id, codec::OPEN_SECTIONS);
                    match storage::write(&key, &raw) {
                        Ok(()) => *last_saved.borrow_mut() = Some(raw),
                        Err(StorageFault::Full) => dispatcher.dispatch(Action::Notify(Notice::StorageFull)),
                        Err(StorageFault::Blocked) => dispatcher.dispatch(Action::Notify(Notice::StorageBlocked)),
                    }
                }
            }
        });
    }

    // The query goes into the URL once typing pauses.
    {
        let pending = use_mut_ref(|| None::<Timeout>);
        use_effect_with(state.0.search.query.clone(), move |query| {
            let query = query.clone();
            let timeout = Timeout::new(URL_DEBOUNCE_MS, move || url::replace_param("q", Some(query.trim())));
            // Replacing the handle drops (cancels) the previous timeout.
            *pending.borrow_mut() = Some(timeout);
        });
    }

    use_search_paint(root.clone(), &state.0, *highlights == Some(true));

    let dispatcher = state.dispatcher();
    let onsearch = use_callback(dispatcher.clone(), |query, dispatcher| dispatcher.dispatch(Action::Search(query)));
    let onnext = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::NextMatch));
    let onprevious = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::PreviousMatch));
    let onclear = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ClearSearch));
    let ondismiss = use_callback(dispatcher.clone(), |notice, dispatcher| dispatcher.dispatch(Action::Dismiss(notice)));
    let ontoggle = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Toggle(id)));
    let onopen = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Open(id)));
    let onexpandall = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ExpandAll));
    let oncollapseall = use_callback(dispatcher, |(), dispatcher| dispatcher.dispatch(Action::CollapseAll));

    let body = match (&state.0.route, state.0.episode(), catalog.as_ref()) {
        (_, _, Err((file, error))) => html! {
            <p class="earmark-error" role="alert">
                { format!("The episode in {file} could not be read: {error}") }
            </p>
        },
        (Route::Pending, _, _) => html! { <div class="earmark-pending" aria-busy="true"></div> },
        (Route::Unknown(slug), _, _) => html! {
            <EpisodeNotFound slug={slug.clone()} catalog={state.0.catalog.clone()} />
        },
        (Route::Episode(_), Some(episode), _) => html! {
            <>
                <SearchBar
                    query={state.0.search.query.clone()}
                    status={state.0.search.status()}
                    has_matches={!state.0.search.matches.is_empty()}
                    found_nothing={state.0.search.found_nothing()}
                    {onsearch}
                    {onnext}
                    {onprevious}
                    {onclear}
                />
                <EpisodeHeader episode={episode.clone()} />
                <Summary seg={segment_index(episode, SegmentKind::Summary)} text={episode.summary.clone()} />
                <Takeaways episode={episode.clone()} />
                <DeepDives
                    episode={episode.clone()}
                    open={state.0.open.clone()}
                    {ontoggle}
                    {onopen}
                    {onexpandall}
                    {oncollapseall}
                />
                <Topics topics={episode.topics.clone()} first_seg={segment_index(episode, SegmentKind::Topic(0))} />
            </>
        },
        (Route::Episode(_), None, _) => html! {},
    };

    // Without the highlight API, matches are rendered as <mark> elements instead.
    let marks: MarksContext = (*highlights == Some(false)).then(|| {
        Rc::new(FallbackMarks { matches: state.0.search.matches.clone(), current: state.0.search.current })
    });

    html! {
        <ContextProvider<MarksContext> context={marks}>
            <article class="earmark" lang="en" ref={root}>
                <Notices notices={state.0.notices.clone()} {ondismiss} />
                { body }
            </article>
        </ContextProvider<MarksContext>>
    }
}

/// Reads the open sections of an episode, moving an unreadable value aside first.
fn load_open_sections(episode_id: &str, last_saved: &Rc<RefCell<Option<String>>>) -> codec::LoadPlan {
    let key = codec::key(episode_id, codec::OPEN_SECTIONS);
    let read = storage::read(&key);
    let plan = codec::plan_load(read.as_ref().map(Option::as_deref).map_err(|fault| *fault));
    let plan = match &plan.quarantine {
        Some(raw) => match storage::quarantine(&key, raw) {
            // Safe now to write under the key: forget what was there so the next write happens.
            Ok(_) => codec::LoadPlan { quarantine: None, ..plan },
            Err(_) => plan.quarantine_failed(),
        },
        None => plan,
    };
    *last_saved.borrow_mut() = match &read {
        Ok(Some(raw)) if plan.notice.is_none() => Some(raw.clone()),
        Ok(None) => Some(codec::encode_open_sections([])),
        _ => None,
    };
    plan
}
