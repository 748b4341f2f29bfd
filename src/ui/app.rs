//! The root component: owns the reducer and runs the browser effects (URL, storage), turning
//! their results into actions.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::bundle;
use crate::core::state::{Action, Route, State};
use crate::core::storage::{self as codec, Notice, StorageFault};
use crate::platform::{storage, url};
use crate::ui::deep_dives::DeepDives;
use crate::ui::episode_header::EpisodeHeader;
use crate::ui::episode_not_found::EpisodeNotFound;
use crate::ui::notices::Notices;
use crate::ui::summary::Summary;
use crate::ui::takeaways::Takeaways;
use crate::ui::topics::Topics;
use crate::ui::Store;

#[component]
pub fn App() -> Html {
    // The bundled episodes were validated at compile time; should one fail anyway, the page
    // says so instead of panicking.
    let catalog = use_memo((), |_| bundle::episodes());
    let state = use_reducer(|| Store(State::new(catalog.as_ref().clone().unwrap_or_default())));
    // The last value written (or read) under the open-sections key, so that an unchanged set
    // is not written again.
    let last_saved = use_mut_ref(|| None::<String>);

    // The first render shows the pending route; the URL is read only now, after it, so that
    // the first tree does not depend on the browser (a server renderer gives the same).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| dispatcher.dispatch(Action::Navigate(url::episode_param())));
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
        let deps = (episode_id.clone(), state.0.open.clone(), state.0.restored && state.0.persist);
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

    let dispatcher = state.dispatcher();
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
                <EpisodeHeader episode={episode.clone()} />
                <Summary text={episode.summary.clone()} />
                <Takeaways episode={episode.clone()} />
                <DeepDives
                    episode={episode.clone()}
                    open={state.0.open.clone()}
                    {ontoggle}
                    {onopen}
                    {onexpandall}
                    {oncollapseall}
                />
                <Topics topics={episode.topics.clone()} />
            </>
        },
        (Route::Episode(_), None, _) => html! {},
    };

    html! {
        <article class="earmark" lang="en">
            <Notices notices={state.0.notices.clone()} {ondismiss} />
            { body }
        </article>
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
