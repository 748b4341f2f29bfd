//! The root component: owns the reducer and runs the browser effects (URL, storage), turning
//! their results into actions.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use gloo::timers::callback::Timeout;

use crate::bundle;
use crate::core::export;
use crate::core::highlights::{from_selection, Selected};
use crate::core::link::{self, Link, Quote};
use crate::core::search::{segment_index, segments, utf16_to_byte, SegmentKind};
use crate::core::state::{Action, Route, State};
use crate::core::storage::{self as codec, Notice, StorageFault};
use crate::platform::{clipboard, files, highlight, scroll, share, storage, url};
use crate::ui::deep_dives::DeepDives;
use crate::ui::episode_header::EpisodeHeader;
use crate::ui::episode_not_found::EpisodeNotFound;
use crate::ui::highlights_panel::{Format, HighlightsPanel};
use crate::ui::notices::Notices;
use crate::ui::search_bar::SearchBar;
use crate::ui::segment_text::{FallbackMarks, MarksContext, SegmentMarks};
use crate::ui::selection_toolbar::SelectionToolbar;
use crate::ui::share_status::ShareStatus;
use crate::ui::undo_toast::UndoToast;
use crate::ui::use_highlight_storage::use_highlight_storage;
use crate::ui::summary::Summary;
use crate::ui::takeaways::Takeaways;
use crate::ui::topics::Topics;
use crate::ui::use_search_paint::use_search_paint;
use crate::ui::Store;

/// How long the search waits after the last keystroke before it records the query in the
/// URL. Browsers throttle frequent history updates, and one entry per pause is enough.
const URL_DEBOUNCE_MS: u32 = 300;

/// How long "Undo" is offered after a delete.
const UNDO_MS: u32 = 8_000;

/// How long a followed link's quote stays marked, and its section flashes.
const LINK_MARK_MS: u32 = 10_000;
const FLASH_MS: u32 = 1_600;

/// Copies a link, saying so in `status`; where the clipboard refuses, offers the link in
/// `manual` to copy by hand.
async fn copy_or_offer(address: String, status: UseStateHandle<AttrValue>, manual: UseStateHandle<Option<AttrValue>>) {
    match clipboard::copy(&address).await {
        Ok(()) => {
            manual.set(None);
            status.set("Link copied".into());
        }
        Err(()) => {
            status.set("The clipboard is not available here".into());
            manual.set(Some(address.into()));
        }
    }
}

/// The page's fragment as a link of ours, if it is one.
fn link_in_page() -> Option<Link> {
    link::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// A new highlight id: the time and a random part, unique across tabs.
fn new_id() -> String {
    format!("h{:x}{:06x}", now(), (js_sys::Math::random() * f64::from(0xFF_FFFF)) as u32)
}

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
    // Where shared links point: the mount element's `data-share-base`, or this page.
    let share_base = use_state(|| None::<String>);
    {
        let dispatcher = state.dispatcher();
        let highlights = highlights.clone();
        let share_base = share_base.clone();
        use_effect_with((), move |_| {
            highlights.set(Some(highlight::supported()));
            share_base.set(
                gloo::utils::document()
                    .get_element_by_id(crate::ui::MOUNT_ID)
                    .and_then(|mount| mount.get_attribute("data-share-base"))
                    .filter(|base| !base.trim().is_empty()),
            );
            dispatcher.dispatch(Action::Navigate(url::episode_param()));
            if let Some(query) = url::param("q") {
                dispatcher.dispatch(Action::Search(query));
            }
            dispatcher.dispatch(Action::FollowLink(link_in_page()));
            // Links followed while the page is open, and back/forward.
            let window = gloo::utils::window();
            let follow = move |_: &web_sys::Event| {
                dispatcher.dispatch(Action::Navigate(url::episode_param()));
                dispatcher.dispatch(Action::FollowLink(link_in_page()));
            };
            let listeners = [
                gloo::events::EventListener::new(&window, "hashchange", follow.clone()),
                gloo::events::EventListener::new(&window, "popstate", follow),
            ];
            move || drop(listeners)
        });
    }

    // Bring what a followed link points to into view, focus it, and flash it.
    {
        let dispatcher = state.dispatcher();
        let (root, target, serial) = (root.clone(), state.0.link.clone(), state.0.links_followed);
        let pending = use_mut_ref(Vec::<Timeout>::new);
        use_effect_with(serial, move |serial| {
            if *serial == 0 {
                return;
            }
            let Some(root) = root.cast::<web_sys::Element>() else { return };
            let Some(target) = target else {
                // Nothing found: the top of the episode, where the notice is.
                scroll::element_into_view_at_start(&root);
                return;
            };
            let document = gloo::utils::document();
            let Ok(Some(element)) = root.query_selector(&format!("[data-insight=\"{}\"]", target.insight)) else { return };
            let focus = document
                .get_element_by_id(&format!("earmark-dive-button-{}", target.insight))
                .unwrap_or_else(|| element.clone());
            if let Ok(focus) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(focus) {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = focus.focus_with_options(&options);
            }
            let mark = root.query_selector("mark[data-link]").ok().flatten();
            let target_element = mark.unwrap_or_else(|| element.clone());
            // After this render's other effects: when `?q=` and a link arrive together, the
            // search scrolls to its first match, and the link, the explicit target, must win.
            let scroll_to = Timeout::new(0, move || scroll::element_into_view(&target_element));
            let _ = element.class_list().add_1("is-flashing");
            let serial = *serial;
            let mut pending = pending.borrow_mut();
            pending.clear();
            pending.push(scroll_to);
            pending.push(Timeout::new(FLASH_MS, move || {
                let _ = element.class_list().remove_1("is-flashing");
            }));
            pending.push(Timeout::new(LINK_MARK_MS, move || dispatcher.dispatch(Action::FadeLink(serial))));
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
    use_highlight_storage(&state.0, state.dispatcher());

    // Undo is offered for a while after a delete.
    {
        let dispatcher = state.dispatcher();
        let pending = use_mut_ref(|| None::<Timeout>);
        use_effect_with(state.0.highlights.undo.as_ref().map(|h| h.id.clone()), move |undo| {
            *pending.borrow_mut() = undo.as_ref().map(|_| Timeout::new(UNDO_MS, move || dispatcher.dispatch(Action::ForgetUndo)));
        });
    }

    let share_message = use_state(AttrValue::default);
    let share_manual = use_state(|| None::<AttrValue>);
    let panel_open = use_state(|| false);
    let panel_status = use_state(AttrValue::default);
    let manual_copy = use_state(|| None::<AttrValue>);

    let dispatcher = state.dispatcher();
    let onsearch = use_callback(dispatcher.clone(), |query, dispatcher| dispatcher.dispatch(Action::Search(query)));
    let onnext = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::NextMatch));
    let onprevious = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::PreviousMatch));
    let onclear = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ClearSearch));
    let ondismiss = use_callback(dispatcher.clone(), |notice, dispatcher| dispatcher.dispatch(Action::Dismiss(notice)));
    let ontoggle = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Toggle(id)));
    let onopen = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Open(id)));
    let onexpandall = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ExpandAll));
    let oncollapseall = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::CollapseAll));

    let episode = state.0.episode().cloned();
    let index = state.0.index.clone();
    let highlightable = use_callback(index.clone(), |seg: usize, index| {
        let kind = index.as_ref().and_then(|index| index.kind(seg as u32));
        matches!(kind, Some(SegmentKind::Summary | SegmentKind::Takeaway(_) | SegmentKind::Body(_)))
    });
    let onhighlight = use_callback((episode.clone(), dispatcher.clone()), |(pieces, color): (Vec<_>, _), (episode, dispatcher)| {
        let Some(episode) = episode else { return };
        let texts = segments(episode);
        let kinds: Vec<SegmentKind> = texts.iter().map(|(kind, _)| *kind).collect();
        let selected: Vec<Selected> = pieces
            .iter()
            .filter_map(|p: &crate::platform::selection::SelectedUnits| {
                let (_, text) = texts.get(p.segment)?;
                Some(Selected { segment: p.segment, start: utf16_to_byte(text, p.start), end: utf16_to_byte(text, p.end) })
            })
            .collect();
        let made = from_selection(episode, &kinds, &selected, color, now(), new_id);
        dispatcher.dispatch(Action::AddHighlights(made));
    });
    let ontogglepanel = {
        let panel_open = panel_open.clone();
        Callback::from(move |_: MouseEvent| panel_open.set(!*panel_open))
    };
    let onclosepanel = {
        let panel_open = panel_open.clone();
        Callback::from(move |()| panel_open.set(false))
    };
    let onreveal = use_callback(dispatcher.clone(), |id: String, dispatcher| {
        dispatcher.dispatch(Action::RevealHighlight(id.clone()));
        // After the section has rendered open, bring the highlight into view.
        Timeout::new(0, move || {
            let selector = format!("mark[data-highlight=\"{id}\"]");
            if let Ok(Some(mark)) = gloo::utils::document().query_selector(&selector) {
                scroll::element_into_view(&mark);
            }
        })
        .forget();
    });
    let onnote = use_callback(dispatcher.clone(), |(id, note), dispatcher| dispatcher.dispatch(Action::EditNote { id, note, at: now() }));
    let ondelete = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::DeleteHighlight { id, at: now() }));
    let onundo = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::UndoDelete { at: now() }));
    // The base shared links are built on, read when a link is made (never while rendering).
    let base = {
        let share_base = share_base.clone();
        move || (*share_base).clone().unwrap_or_else(|| gloo::utils::window().location().href().unwrap_or_default())
    };
    let oncopy = {
        let (collection, panel_status, manual_copy) = (state.0.highlights.collection.clone(), panel_status.clone(), manual_copy.clone());
        let (episode, base) = (episode.clone(), base.clone());
        Callback::from(move |id: String| {
            let (Some(h), Some(episode)) = (collection.get(&id), &episode) else { return };
            let quote = Quote { exact: h.exact.clone(), prefix: h.prefix.clone(), suffix: h.suffix.clone() };
            let address = link::build(&base(), &episode.id, &Link { insight: h.insight.clone(), quote: Some(quote) });
            let (panel_status, manual_copy) = (panel_status.clone(), manual_copy.clone());
            wasm_bindgen_futures::spawn_local(copy_or_offer(address, panel_status, manual_copy));
        })
    };
    // Stable across renders: it goes to every section, and a new callback would re-render all
    // of them on each keystroke of a search (measured: 1.2 ms became 27 ms on a long episode).
    let onshare = {
        let (share_message, share_manual) = (share_message.clone(), share_manual.clone());
        let base = base.clone();
        use_callback((episode.clone(), (*share_base).clone()), move |id: String, (episode, _)| {
            let Some(episode) = episode else { return };
            let title = episode.insight(&id).map(|i| i.label()).unwrap_or_default();
            let address = link::build(&base(), &episode.id, &Link { insight: id, quote: None });
            let (share_message, share_manual) = (share_message.clone(), share_manual.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match share::share(&address, &title).await {
                    share::Shared::Done => share_message.set("Link shared".into()),
                    share::Shared::Cancelled => {}
                    share::Shared::Unavailable => copy_or_offer(address, share_message, share_manual).await,
                }
            });
        })
    };
    let ondismissshare = {
        let share_manual = share_manual.clone();
        Callback::from(move |()| share_manual.set(None))
    };
    let onexport = {
        let (episode, collection, panel_status) = (episode.clone(), state.0.highlights.collection.clone(), panel_status.clone());
        let base = base.clone();
        Callback::from(move |format: Format| {
            let Some(episode) = &episode else { return };
            // Exported links point where shared ones do.
            let page = base();
            let (extension, mime, contents) = match format {
                Format::Markdown => ("md", "text/markdown", export::markdown(episode, &collection, &page)),
                Format::Json => ("json", "application/json", export::annotations(episode, &collection, &page)),
                Format::Csv => ("csv", "text/csv", export::readwise_csv(episode, &collection, &page)),
            };
            let name = format!("{}-highlights.{extension}", episode.id);
            let message = if files::save(&name, mime, &contents) { format!("Saved {name}") } else { "This browser refused the download".to_string() };
            panel_status.set(message.into());
        })
    };
    let onimport = {
        let (episode, dispatcher, panel_status) = (episode.clone(), dispatcher.clone(), panel_status.clone());
        let collection = state.0.highlights.collection.clone();
        Callback::from(move |input: web_sys::HtmlInputElement| {
            let (episode, dispatcher, panel_status) = (episode.clone(), dispatcher.clone(), panel_status.clone());
            let collection = collection.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(episode) = episode else { return };
                let text = files::read_chosen(&input).await;
                input.set_value("");
                let message = match text.map(|text| export::import(&episode, &text, now())) {
                    None => "The file could not be read".to_string(),
                    Some(Err(error)) => error.to_string(),
                    Some(Ok(imported)) => {
                        let count = imported.highlights.len();
                        let new = imported.highlights.iter().filter(|h| collection.get(&h.id).is_none()).count();
                        dispatcher.dispatch(Action::MergeHighlights(imported));
                        let what = if count == 1 { "1 highlight".to_string() } else { format!("{count} highlights") };
                        match new {
                            0 => format!("Imported {what}: all were here already"),
                            n if n == count => format!("Imported {what}"),
                            n => format!("Imported {what}: {n} new, the others were here already"),
                        }
                    }
                };
                panel_status.set(message.into());
            });
        })
    };

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
                <div class="earmark-toolbar">
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
                    <button type="button" class="earmark-panel-toggle" aria-expanded={panel_open.to_string()}
                        aria-controls="earmark-highlights-panel" onclick={ontogglepanel}>
                        { "Highlights" }
                        <span class="earmark-count">{ state.0.highlights.collection.highlights.len() }</span>
                    </button>
                </div>
                <ShareStatus message={(*share_message).clone()} manual={(*share_manual).clone()} ondismiss={ondismissshare} />
                <UndoToast deleted={state.0.highlights.undo.as_ref().map(|h| AttrValue::from(h.exact.clone()))} {onundo} />
                if *panel_open {
                    <HighlightsPanel
                        episode={episode.clone()}
                        highlights={state.0.highlights.clone()}
                        status={(*panel_status).clone()}
                        manual_copy={(*manual_copy).clone()}
                        onclose={onclosepanel}
                        {onreveal}
                        {onnote}
                        {oncopy}
                        {ondelete}
                        {onexport}
                        {onimport}
                    />
                }
                <EpisodeHeader episode={episode.clone()} />
                <Summary seg={segment_index(episode, SegmentKind::Summary)} text={episode.summary.clone()} />
                <Takeaways episode={episode.clone()} onshare={onshare.clone()} />
                <DeepDives
                    episode={episode.clone()}
                    open={state.0.open.clone()}
                    {ontoggle}
                    {onopen}
                    {onexpandall}
                    {oncollapseall}
                    {onshare}
                />
                <Topics topics={episode.topics.clone()} first_seg={segment_index(episode, SegmentKind::Topic(0))} />
                <SelectionToolbar root={root.clone()} {highlightable} {onhighlight} />
            </>
        },
        (Route::Episode(_), None, _) => html! {},
    };

    // Without the highlight API, matches are rendered as <mark> elements instead. The context
    // is rebuilt only when what it holds changes, so segments re-render only then.
    let fallback = (*highlights == Some(false))
        .then(|| FallbackMarks { matches: state.0.search.matches.clone(), current: state.0.search.current });
    let link_mark = state.0.link.as_ref().and_then(|link| link.mark);
    let marks: MarksContext = (*use_memo((fallback, state.0.highlights.placed.clone(), link_mark), |(search, highlights, link)| {
        Rc::new(SegmentMarks { search: search.clone(), highlights: highlights.clone(), link: *link })
    }))
    .clone();

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
