//! The root component: owns the reducer and wires the browser effects of one instance, each
//! in a hook of its own, turning what the browser reports into actions.
//!
//! Everything here is scoped to the instance: elements are looked up under its root, never in
//! the document, so that several instances (also of one episode) can share a page.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::core::embed::{Event, HighlightAction};
use crate::core::export;
use crate::core::highlights::{from_selection, Highlight, Selected};
use crate::core::link::{Link, TRANSCRIPT};
use crate::core::model::Episode;
use crate::core::search::{segment_index, segments, utf16_to_byte, SegmentKind};
use crate::core::state::{Action, Route, State, TranscriptState};
use crate::core::transcript::format_time;
use crate::embed::Config;
use crate::platform::{highlight, scroll};
use crate::ui::chapters::Chapters;
use crate::ui::deep_dives::DeepDives;
use crate::ui::episode_header::EpisodeHeader;
use crate::ui::episode_not_found::EpisodeNotFound;
use crate::ui::episode_unavailable::EpisodeUnavailable;
use crate::ui::highlights_panel::HighlightsPanel;
use crate::ui::notices::Notices;
use crate::ui::offline_status::{OfflineReady, OfflineStatus};
use crate::ui::search_bar::SearchBar;
use crate::ui::segment_text::{FallbackMarks, MarksContext, MarksStore, SegmentMarks};
use crate::ui::selection_toolbar::SelectionToolbar;
use crate::ui::share_status::ShareStatus;
use crate::ui::summary::Summary;
use crate::ui::takeaways::Takeaways;
use crate::ui::topics::Topics;
use crate::ui::transcript::Transcript;
use crate::ui::undo_toast::UndoToast;
use crate::ui::use_audio::use_audio;
use crate::ui::use_episode_loader::use_episode_loader;
use crate::ui::use_followed_link::use_followed_link;
use crate::ui::use_highlight_storage::use_highlight_storage;
use crate::ui::use_host_api::use_host_api;
use crate::ui::use_offline::use_offline;
use crate::ui::use_open_sections::use_open_sections;
use crate::ui::use_document_head::use_document_head;
use crate::ui::use_page_url::use_page_url;
use crate::ui::use_search_paint::use_search_paint;
use crate::ui::use_search_pause::use_search_pause;
use crate::ui::use_sharing::{use_copy_link, use_outcome, use_share};
use crate::ui::use_transcript_loader::use_transcript_loader;
use crate::ui::use_transfer::{use_export, use_import};
use crate::ui::Store;

/// How long "Undo" is offered after a delete.
const UNDO_MS: u32 = 8_000;

#[derive(Properties, Default)]
pub struct AppProps {
    /// Where the instance lives; the standalone page by default.
    #[prop_or_default]
    pub config: Rc<Config>,
}

/// Made once per instance, so compared by identity.
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.config, &other.config)
    }
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Tells the host of a highlight the reader made, edited or deleted, as a W3C annotation.
fn announce(config: &Config, episode: &Episode, action: HighlightAction, h: &Highlight) {
    let annotation = export::annotation(episode, h, &config.link_base());
    config.emit(Event::Highlight { action, annotation });
}

/// A new highlight id: the time and a random part, unique across tabs.
fn new_id() -> String {
    format!("h{:x}{:06x}", now(), (js_sys::Math::random() * f64::from(0xFF_FFFF)) as u32)
}

#[component]
pub fn App(props: &AppProps) -> Html {
    crate::ui::render_count::count("App");
    let config = props.config.clone();
    // The first render shows what the page carries, and nothing read from the browser: the
    // build's server renderer made the same tree, which hydration adopts.
    let state = {
        let config = config.clone();
        use_reducer(move || {
            let page = config.page.as_deref();
            let state = State::new(page.map(|page| page.episode.clone()), page.and_then(|page| page.insight.as_deref()));
            // What the browser revealed before the app started stays open: hydration adopts the
            // elements as they are (only attributes differ, which hydration sets).
            let state = config.revealed.iter().fold(state, |state, id| state.apply(Action::Open(id.clone())));
            // A page rendered afresh for another episode starts by waiting for it (no hydration
            // here, so the first render may differ from the page's).
            let state = match &config.asked {
                Some(slug) => state.apply(Action::Navigate(Some(slug.clone()))),
                None => state,
            };
            Store(state)
        })
    };
    let root = use_node_ref();
    // Whether the browser paints highlights; known only after the first render.
    let highlights = use_state(|| None::<bool>);
    {
        let highlights = highlights.clone();
        use_effect_with((), move |_| highlights.set(Some(highlight::supported())));
    }

    let dispatcher = state.dispatcher();
    use_page_url(config.clone(), dispatcher.clone());
    use_document_head(config.clone(), &state.0);
    use_episode_loader(config.clone(), &state.0, dispatcher.clone());
    use_host_api(config.clone(), &state.0, dispatcher.clone());
    use_followed_link(root.clone(), &state.0, dispatcher.clone());
    use_open_sections(&state.0, dispatcher.clone());
    use_search_pause(config.clone(), state.0.search.query.clone(), state.0.search.matches.len());
    use_search_paint(root.clone(), &state.0, *highlights == Some(true));
    use_highlight_storage(&state.0, dispatcher.clone());
    use_transcript_loader(config.clone(), &state.0, dispatcher.clone());
    let offline = use_offline(config.clone());
    let onreload = use_callback((), |(), _| crate::platform::worker::activate_waiting());

    // Undo is offered for a while after a delete.
    {
        let dispatcher = dispatcher.clone();
        let pending = use_mut_ref(|| None::<Timeout>);
        use_effect_with(state.0.highlights.undo.as_ref().map(|h| h.id.clone()), move |undo| {
            *pending.borrow_mut() = undo.as_ref().map(|_| Timeout::new(UNDO_MS, move || dispatcher.dispatch(Action::ForgetUndo)));
        });
    }

    let episode = state.0.episode().cloned();
    let collection = state.0.highlights.collection.clone();
    let share_outcome = use_outcome();
    let copy_outcome = use_outcome();
    let panel_open = use_state(|| false);
    let onshare = use_share(config.clone(), episode.clone(), share_outcome.clone());
    let oncopy = use_copy_link(config.clone(), episode.clone(), collection.clone(), copy_outcome.clone());
    let onexport = use_export(config.clone(), episode.clone(), collection.clone(), copy_outcome.message.clone());
    let onimport = use_import(episode.clone(), collection.clone(), dispatcher.clone(), copy_outcome.message.clone());

    let onsearch = use_callback(dispatcher.clone(), |query, dispatcher| dispatcher.dispatch(Action::Search(query)));
    let onnext = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::NextMatch));
    let onprevious = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::PreviousMatch));
    let onclear = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ClearSearch));
    let ondismiss = use_callback(dispatcher.clone(), |notice, dispatcher| dispatcher.dispatch(Action::Dismiss(notice)));
    let ontoggle = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Toggle(id)));
    let onopen = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::Open(id)));
    let onsource = use_callback(dispatcher.clone(), |id, dispatcher| dispatcher.dispatch(Action::FindSource(id)));
    let onretrytranscript = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::RetryTranscript));
    let onseek = use_audio(config.clone(), root.clone(), episode.clone());
    // A chapter: the transcript opened there, and the audio moved there.
    let has_transcript = episode.as_ref().is_some_and(|episode| episode.has_transcript());
    let onchapter = use_callback((dispatcher.clone(), onseek.clone(), has_transcript), |ms: u64, (dispatcher, onseek, has_transcript)| {
        // Chapters without a transcript only move the audio.
        if *has_transcript {
            dispatcher.dispatch(Action::FollowLink(Some(Link::at(ms))));
        }
        onseek.emit(ms);
    });
    // Times are buttons where pressing one can do something: a player to move, or a host page
    // to tell (a widget's, a frame's parent). On Earmark's own page without a player they are
    // text. (Cues arrive after the first render, so this cannot differ from the build's.)
    let seekable = config.audio.is_some() || !matches!(config.mode, crate::embed::Mode::Page);
    // What "Where was this said?" answered last, beside the insight that asked.
    let source = state.0.source.as_ref().map(|source| {
        let status = match (source.pending, source.anchor) {
            (true, _) if state.0.transcript == TranscriptState::Failed => "The transcript could not be loaded".to_string(),
            (true, _) => "Looking in the transcript…".to_string(),
            (false, Some((_, start))) => format!("Said at {}", format_time(start)),
            (false, None) => "Not found in the transcript".to_string(),
        };
        (source.insight.clone(), AttrValue::from(status))
    });
    let source_cues = state.0.source.as_ref().and_then(|source| source.passage);
    // The deep dives' open set without the transcript's: opening the transcript is no change
    // of theirs, so it renders none of them.
    let mut dives_open = state.0.open.clone();
    dives_open.remove(TRANSCRIPT);
    let onexpandall = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::ExpandAll));
    let oncollapseall = use_callback(dispatcher.clone(), |(), dispatcher| dispatcher.dispatch(Action::CollapseAll));

    let index = state.0.index.clone();
    let highlightable = use_callback(index.clone(), |seg: usize, index| {
        let kind = index.as_ref().and_then(|index| index.kind(seg as u32));
        matches!(kind, Some(SegmentKind::Summary | SegmentKind::Takeaway(_) | SegmentKind::Body(_) | SegmentKind::Cue(_)))
    });
    let onhighlight = {
        let config = config.clone();
        use_callback((episode.clone(), dispatcher.clone()), move |(pieces, color): (Vec<_>, _), (episode, dispatcher)| {
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
            for h in &made {
                announce(&config, episode, HighlightAction::Created, h);
            }
            dispatcher.dispatch(Action::AddHighlights(made));
        })
    };
    let ontogglepanel = {
        let panel_open = panel_open.clone();
        Callback::from(move |_: MouseEvent| panel_open.set(!*panel_open))
    };
    let onclosepanel = use_callback(panel_open.clone(), |(), panel_open| panel_open.set(false));
    let onreveal = {
        let root = root.clone();
        use_callback(dispatcher.clone(), move |id: String, dispatcher| {
            dispatcher.dispatch(Action::RevealHighlight(id.clone()));
            // After the section has rendered open, bring the highlight into view.
            let root = root.clone();
            Timeout::new(0, move || {
                let selector = format!("mark[data-highlight=\"{id}\"]");
                if let Some(Ok(Some(mark))) = root.cast::<web_sys::Element>().map(|root| root.query_selector(&selector)) {
                    scroll::element_into_view(&mark);
                }
            })
            .forget();
        })
    };
    // The host hears of every highlight the reader makes, edits or deletes. The callbacks are
    // stable between changes of what they read, so that typing re-renders none of their users.
    let onnote = {
        let config = config.clone();
        use_callback((episode.clone(), collection.clone(), dispatcher.clone()), move |(id, note): (String, String), (episode, collection, dispatcher)| {
            if let (Some(episode), Some(h)) = (episode, collection.get(&id)) {
                announce(&config, episode, HighlightAction::Edited, &Highlight { note: note.clone(), updated: now(), ..h.clone() });
            }
            dispatcher.dispatch(Action::EditNote { id, note, at: now() });
        })
    };
    let ondelete = {
        let config = config.clone();
        use_callback((episode.clone(), collection.clone(), dispatcher.clone()), move |id: String, (episode, collection, dispatcher)| {
            if let (Some(episode), Some(h)) = (episode, collection.get(&id)) {
                announce(&config, episode, HighlightAction::Deleted, h);
            }
            dispatcher.dispatch(Action::DeleteHighlight { id, at: now() });
        })
    };
    let onundo = {
        let config = config.clone();
        let undone = state.0.highlights.undo.clone();
        use_callback((episode.clone(), undone, dispatcher.clone()), move |(), (episode, undone, dispatcher)| {
            if let (Some(episode), Some(h)) = (episode, undone) {
                announce(&config, episode, HighlightAction::Created, h);
            }
            dispatcher.dispatch(Action::UndoDelete { at: now() });
        })
    };
    // Stable across renders, like every callback a child gets: a new one each time would
    // re-render the share status on every keystroke.
    let ondismissshare = use_callback(share_outcome.manual.clone(), |(), manual| manual.set(None));

    let onretry = use_callback((state.0.route.clone(), dispatcher.clone()), |(), (route, dispatcher)| {
        if let Route::Unavailable(slug) = route {
            dispatcher.dispatch(Action::Navigate(Some(slug.clone())));
        }
    });
    let links = (config.owns_url() && !config.root.is_empty()).then(|| AttrValue::from(config.root.clone()));
    let catalogue = config.page.as_ref().and_then(|page| page.catalogue.clone()).map(AttrValue::from);

    let body = match (&state.0.route, state.0.episode()) {
        (Route::Pending | Route::Loading(_), _) => html! { <div class="earmark-pending" aria-busy="true"></div> },
        (Route::Unknown(slug), _) => html! {
            <EpisodeNotFound slug={slug.clone()} listing={state.0.listing.clone()} {links} />
        },
        (Route::Unavailable(slug), _) => html! {
            <EpisodeUnavailable slug={slug.clone()} {onretry} />
        },
        (Route::Episode, Some(episode)) => html! {
            <>
                <div class="earmark-toolbar">
                    <SearchBar
                        query={state.0.search.query.clone()}
                        status={state.0.search.status()}
                        has_matches={!state.0.search.matches.is_empty()}
                        found_nothing={state.0.search.found_nothing()}
                        root={root.clone()}
                        owns_page={config.owns_url()}
                        {onsearch}
                        {onnext}
                        {onprevious}
                        {onclear}
                    />
                    <button type="button" class="earmark-panel-toggle" aria-expanded={panel_open.to_string()}
                        aria-controls="earmark-highlights-panel" onclick={ontogglepanel}>
                        <span class="earmark-panel-icon" aria-hidden="true"></span>
                        <span class="earmark-panel-label">{ "Highlights" }</span>
                        <span class="earmark-count">{ state.0.highlights.collection.highlights.len() }</span>
                    </button>
                </div>
                <OfflineStatus {offline} {onreload} />
                <ShareStatus message={(*share_outcome.message).clone()} manual={(*share_outcome.manual).clone()} ondismiss={ondismissshare} />
                <UndoToast deleted={state.0.highlights.undo.as_ref().map(|h| AttrValue::from(h.exact.clone()))} {onundo} />
                if *panel_open {
                    <HighlightsPanel
                        episode={episode.clone()}
                        highlights={state.0.highlights.clone()}
                        status={(*copy_outcome.message).clone()}
                        manual_copy={(*copy_outcome.manual).clone()}
                        onclose={onclosepanel}
                        {onreveal}
                        {onnote}
                        {oncopy}
                        {ondelete}
                        {onexport}
                        {onimport}
                    />
                }
                <EpisodeHeader episode={episode.clone()} {catalogue} />
                <Summary seg={segment_index(episode, SegmentKind::Summary)} text={episode.summary.clone()} />
                <Takeaways episode={episode.clone()} onshare={onshare.clone()} onsource={onsource.clone()} source={source.clone()} />
                <DeepDives
                    episode={episode.clone()}
                    open={dives_open}
                    ontoggle={ontoggle.clone()}
                    onopen={onopen.clone()}
                    {onexpandall}
                    {oncollapseall}
                    {onshare}
                    {onsource}
                    source={source.clone()}
                />
                <Topics topics={episode.topics.clone()} first_seg={segment_index(episode, SegmentKind::Topic(0))} />
                <Chapters chapters={episode.transcript.as_ref().map(|t| t.chapters.clone()).unwrap_or_default()} first_seg={segment_index(episode, SegmentKind::Chapter(0))} {onchapter} />
                <Transcript
                    episode={episode.clone()}
                    open={state.0.is_open(TRANSCRIPT)}
                    state={state.0.transcript}
                    source={source_cues}
                    ontoggle={ontoggle.clone()}
                    onopen={onopen.clone()}
                    {onseek}
                    {seekable}
                    onretry={onretrytranscript}
                />
                // One live region for "Where was this said?" answers (the text beside each
                // button is for the eye): a thousand regions would be a thousand to watch.
                <p class="earmark-visually-hidden" role="status">{ source.as_ref().map(|(_, status)| status.clone()).unwrap_or_default() }</p>
                <OfflineReady bytes={offline.ready_bytes} />
                <SelectionToolbar root={root.clone()} owns_page={config.owns_url()} {highlightable} {onhighlight} />
            </>
        },
        (Route::Episode, None) => html! {},
    };

    // Without the highlight API, matches are rendered as <mark> elements instead.
    let fallback = (*highlights == Some(false))
        .then(|| FallbackMarks { matches: state.0.search.matches.clone(), current: state.0.search.current });
    let link_mark = state.0.link.as_ref().and_then(|link| link.mark);
    let marks = Rc::new(SegmentMarks { search: fallback, highlights: state.0.highlights.placed.clone(), link: link_mark });
    // One store for the instance's life; the segments whose own marks changed re-render.
    let store: MarksContext = (*use_memo((), |_| MarksStore::new(Rc::default()))).clone();
    store.set(marks);

    html! {
        <ContextProvider<MarksContext> context={store}>
            <article class="earmark" lang="en" ref={root}>
                if !config.problems.is_empty() {
                    <div class="earmark-error" role="alert">
                        <p>{ "The page that embeds Earmark gave it options it cannot use:" }</p>
                        <ul>{ for config.problems.iter().map(|problem| html! { <li><code>{ problem.option.clone() }</code>{ ": " }{ problem.message.clone() }</li> }) }</ul>
                    </div>
                }
                <Notices notices={state.0.notices.clone()} {ondismiss} />
                { body }
            </article>
        </ContextProvider<MarksContext>>
    }
}
