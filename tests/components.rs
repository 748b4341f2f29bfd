//! Component tests in a real headless Chromium (wasm-bindgen-test): the accordion's ARIA
//! state and the bulk buttons, rendered by Yew into a live document.
//!
//! Run by `./dev test` as `cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

// The render-count tests below need the counter: a run without it must not pass quietly.
#[cfg(not(feature = "render-count"))]
compile_error!("run the component tests with `--features render-count` (as ./dev test does)");

use std::time::Duration;

use std::rc::Rc;

use earmark::core::catalogue::PageData;
use earmark::core::storage::Notice;
use earmark::embed::Config;
use earmark::ui::app::{App, AppProps};
use earmark::ui::notices::{Notices, NoticesProps};
use yew::platform::time::sleep;
use gloo::utils::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::{AppHandle, Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const RACE: &str = "understanding-the-ai-race-between-the-us-and-china";
const EXPORT: &str = "us-export-controls-and-their-effectiveness";

/// A fresh root element, attached to the document, and a clean localStorage.
fn fresh_root() -> Element {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

fn query(root: &Element, css: &str) -> Option<Element> {
    root.query_selector(css).unwrap()
}

/// Waits (up to 5 s) until `cond` holds: Yew renders on its own schedule.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}

/// The app as an episode's page starts it: with the episode (in the text format) that its
/// data block carries.
fn props_of(text: &str) -> AppProps {
    let episode = earmark::core::parse::parse(text).unwrap();
    let page = PageData { episode: Rc::new(episode), insight: None, catalogue: None, insight_pages: true };
    AppProps { config: Rc::new(Config { page: Some(Rc::new(page)), ..Config::default() }) }
}

fn page_props() -> AppProps {
    props_of(include_str!("../seeds/000_7a0b873023e3994b.txt"))
}

/// Renders the app with `props` into a fresh root and waits for its `sections` deep dives.
async fn mount_with(props: AppProps, sections: u32) -> (AppHandle<App>, Element) {
    let root = fresh_root();
    let handle = Renderer::<App>::with_root_and_props(root.clone(), props).render();
    let probe = root.clone();
    until("the episode renders", move || probe.query_selector_all(".earmark-dive-button").unwrap().length() == sections).await;
    // The buttons can appear before Yew has run the effects of that render (listeners such as
    // `beforematch` are attached there); start-up's effects settle first.
    sleep(Duration::from_millis(20)).await;
    (handle, root)
}

async fn mount_app() -> (AppHandle<App>, Element) {
    mount_with(page_props(), 5).await
}

fn teardown(handle: AppHandle<App>, root: Element) {
    handle.destroy();
    root.remove();
}

fn button(root: &Element, id: &str) -> HtmlElement {
    query(root, &format!("#earmark-dive-button-{id}")).unwrap().unchecked_into()
}

fn expanded(root: &Element, id: &str) -> Option<String> {
    button(root, id).get_attribute("aria-expanded")
}

fn hidden(root: &Element, id: &str) -> Option<String> {
    query(root, &format!("#earmark-dive-panel-{id}")).unwrap().get_attribute("hidden")
}

#[wasm_bindgen_test]
async fn every_section_starts_collapsed_and_wired_to_its_panel() {
    let (handle, root) = mount_app().await;
    let buttons = root.query_selector_all(".earmark-dive-button").unwrap();
    assert_eq!(buttons.length(), 5);
    for index in 0..buttons.length() {
        let button: Element = buttons.item(index).unwrap().unchecked_into();
        assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
        let controls = button.get_attribute("aria-controls").unwrap();
        let panel = query(&root, &format!("#{controls}")).expect("aria-controls names the panel");
        assert_eq!(panel.get_attribute("hidden").as_deref(), Some("until-found"));
        assert_eq!(panel.get_attribute("aria-labelledby"), Some(button.id()));
        assert_eq!(panel.get_attribute("role").as_deref(), Some("region"));
    }
    teardown(handle, root);
}

#[wasm_bindgen_test]
async fn clicking_toggles_aria_expanded_and_hidden() {
    let (handle, root) = mount_app().await;
    button(&root, RACE).click();
    let probe = root.clone();
    until("the section opens", move || expanded(&probe, RACE).as_deref() == Some("true")).await;
    assert_eq!(hidden(&root, RACE), None);
    assert_eq!(expanded(&root, EXPORT).as_deref(), Some("false"), "only the clicked one opens");

    button(&root, RACE).click();
    let probe = root.clone();
    until("the section closes", move || expanded(&probe, RACE).as_deref() == Some("false")).await;
    assert_eq!(hidden(&root, RACE).as_deref(), Some("until-found"));
    teardown(handle, root);
}

#[wasm_bindgen_test]
async fn expand_all_and_collapse_all() {
    let (handle, root) = mount_app().await;
    let bulk = root.query_selector_all(".earmark-bulk button").unwrap();
    let expand: HtmlElement = bulk.item(0).unwrap().unchecked_into();
    let collapse: HtmlElement = bulk.item(1).unwrap().unchecked_into();
    assert_eq!(expand.text_content().as_deref(), Some("Expand all"));
    assert_eq!(collapse.text_content().as_deref(), Some("Collapse all"));

    expand.click();
    let probe = root.clone();
    until("all open", move || probe.query_selector_all(".earmark-dive-button[aria-expanded=false]").unwrap().length() == 0).await;
    assert_eq!(root.query_selector_all(".earmark-dive-panel[hidden]").unwrap().length(), 0);

    collapse.click();
    let probe = root.clone();
    until("all closed", move || probe.query_selector_all(".earmark-dive-button[aria-expanded=true]").unwrap().length() == 0).await;
    assert_eq!(root.query_selector_all(".earmark-dive-panel[hidden=until-found]").unwrap().length(), 5);
    teardown(handle, root);
}

#[wasm_bindgen_test]
async fn beforematch_opens_the_section_it_reveals() {
    let (handle, root) = mount_app().await;
    let panel = query(&root, &format!("#earmark-dive-panel-{EXPORT}")).unwrap();
    // The browser removes `hidden` itself before firing the event; do as it does.
    panel.remove_attribute("hidden").unwrap();
    panel.dispatch_event(&web_sys::Event::new("beforematch").unwrap()).unwrap();
    let probe = root.clone();
    until("the state follows", move || expanded(&probe, EXPORT).as_deref() == Some("true")).await;
    assert_eq!(hidden(&root, EXPORT), None);
    teardown(handle, root);
}

#[wasm_bindgen_test]
async fn the_open_set_is_written_under_the_public_key() {
    let (handle, root) = mount_app().await;
    button(&root, EXPORT).click();
    let key = "earmark:v1:the-truth-about-deepseek:open";
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    until("the state is stored", || storage.get_item(key).unwrap().is_some()).await;
    assert_eq!(
        storage.get_item(key).unwrap().as_deref(),
        Some(r#"{"version":1,"open":["us-export-controls-and-their-effectiveness"]}"#)
    );
    teardown(handle, root);
}

#[wasm_bindgen_test]
async fn notices_render_their_message_and_dismiss_by_kind() {
    let root = fresh_root();
    let dismissed = std::rc::Rc::new(std::cell::Cell::new(None));
    let seen = dismissed.clone();
    let props = NoticesProps {
        notices: vec![Notice::StorageBlocked, Notice::StorageFull],
        ondismiss: Callback::from(move |notice| seen.set(Some(notice))),
    };
    let handle = Renderer::<Notices>::with_root_and_props(root.clone(), props).render();
    let probe = root.clone();
    until("the notices render", move || probe.query_selector_all(".earmark-notice").unwrap().length() == 2).await;
    let region = query(&root, "[role=status]").unwrap();
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(region.text_content().unwrap().contains(Notice::StorageBlocked.message()));
    let dismiss: HtmlElement = query(&root, "[data-notice=StorageFull] button").unwrap().unchecked_into();
    assert_eq!(dismiss.get_attribute("aria-label").as_deref(), Some("Dismiss notice"));
    dismiss.click();
    assert_eq!(dismissed.get(), Some(Notice::StorageFull));
    handle.destroy();
    root.remove();
}

mod search {
    use super::*;
    use earmark::core::search::Match;
    use earmark::core::highlights::{Color, Placed};
    use earmark::ui::segment_text::{FallbackMarks, MarksContext, MarksStore, SegmentMarks, SegmentText};
    use std::rc::Rc;
    use yew::prelude::*;

    #[derive(Properties, PartialEq)]
    struct WithMarksProps {
        marks: MarksContext,
        text: AttrValue,
    }

    /// A segment under a context provider, as the app renders it without highlights.
    #[component]
    fn WithMarks(props: &WithMarksProps) -> Html {
        html! {
            <ContextProvider<MarksContext> context={props.marks.clone()}>
                <p data-seg="4"><SegmentText seg={4} text={props.text.clone()} /></p>
            </ContextProvider<MarksContext>>
        }
    }

    fn render(marks: Rc<SegmentMarks>, text: &str) -> (AppHandle<WithMarks>, Element) {
        let root = fresh_root();
        let props = WithMarksProps { marks: MarksStore::new(marks), text: AttrValue::from(text.to_string()) };
        (Renderer::<WithMarks>::with_root_and_props(root.clone(), props).render(), root)
    }

    #[wasm_bindgen_test]
    async fn without_marks_a_segment_is_one_text_node() {
        let (handle, root) = render(Rc::new(SegmentMarks::default()), "plain text");
        let probe = root.clone();
        until("it renders", move || query(&probe, "p").is_some()).await;
        let p = query(&root, "p").unwrap();
        assert_eq!(p.child_nodes().length(), 1);
        assert_eq!(p.text_content().as_deref(), Some("plain text"));
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn fallback_marks_wrap_exactly_the_matched_characters() {
        // Two matches in segment 4 (byte offsets), one in another segment that must not show.
        let text = "Café 🎧 café";
        let matches = vec![
            Match { segment: 3, start: 0, end: 1 },
            Match { segment: 4, start: 0, end: 5 },
            Match { segment: 4, start: 11, end: 16 },
        ];
        let search = Some(FallbackMarks { matches: Rc::new(matches), current: Some(2) });
        let marks = Rc::new(SegmentMarks { search, highlights: Rc::new(Vec::new()), link: None });
        let (handle, root) = render(marks, text);
        let probe = root.clone();
        until("marks render", move || probe.query_selector_all("mark[data-match]").unwrap().length() == 2).await;
        let marks = root.query_selector_all("mark[data-match]").unwrap();
        let first: Element = marks.item(0).unwrap().unchecked_into();
        let second: Element = marks.item(1).unwrap().unchecked_into();
        assert_eq!(first.text_content().as_deref(), Some("Café"));
        assert_eq!(second.text_content().as_deref(), Some("café"));
        assert_eq!(first.get_attribute("aria-current"), None);
        assert_eq!(second.get_attribute("aria-current").as_deref(), Some("true"));
        assert_eq!(query(&root, "p").unwrap().text_content().as_deref(), Some(text), "the text is intact");
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn highlights_render_as_marks_with_a_search_match_inside() {
        let text = "Paul Triolo, a prominent expert";
        let placed = Placed { segment: 4, start: 0, end: 11, id: "h1".into(), color: Color::Green, fuzzy: false };
        let other = Placed { segment: 5, start: 0, end: 4, id: "elsewhere".into(), color: Color::Pink, fuzzy: false };
        let search = Some(FallbackMarks { matches: Rc::new(vec![Match { segment: 4, start: 5, end: 16 }]), current: None });
        let (handle, root) = render(Rc::new(SegmentMarks { search, highlights: Rc::new(vec![placed, other]), link: None }), text);
        let probe = root.clone();
        until("marks render", move || query(&probe, "mark[data-highlight]").is_some()).await;
        let highlight_text: String = (0..root.query_selector_all("mark[data-highlight='h1']").unwrap().length())
            .map(|i| root.query_selector_all("mark[data-highlight='h1']").unwrap().item(i).unwrap().text_content().unwrap())
            .collect();
        assert_eq!(highlight_text, "Paul Triolo");
        assert!(query(&root, "mark[data-highlight='h1']").unwrap().get_attribute("class").unwrap().contains("is-green"));
        assert!(query(&root, "mark[data-highlight='elsewhere']").is_none(), "other segments' highlights stay there");
        // The match "Triolo, a p" overlaps the highlight's end: its first part sits inside it.
        assert!(query(&root, "mark[data-highlight='h1'] mark[data-match]").is_some());
        assert_eq!(query(&root, "p").unwrap().text_content().as_deref(), Some(text), "the text is intact");
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn a_followed_links_quote_is_marked() {
        let marks = Rc::new(SegmentMarks { search: None, highlights: Rc::new(Vec::new()), link: Some((4, 5, 11)) });
        let (handle, root) = render(marks, "Paul Triolo, a prominent expert");
        let probe = root.clone();
        until("the mark renders", move || query(&probe, "mark[data-link]").is_some()).await;
        assert_eq!(query(&root, "mark[data-link]").unwrap().text_content().as_deref(), Some("Triolo"));
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn typing_in_the_field_reports_a_status_and_marks_no_match_invalid() {
        let (handle, root) = mount_app().await;
        let field: web_sys::HtmlInputElement = query(&root, "input[type=search]").unwrap().unchecked_into();
        assert_eq!(field.get_attribute("aria-label").as_deref(), Some("Search this episode"));
        field.set_value("export controls");
        field.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        let probe = root.clone();
        until("the status counts", move || query(&probe, "#earmark-search-status").unwrap().text_content().as_deref() == Some("1 of 3")).await;
        assert_eq!(field.get_attribute("aria-invalid"), None);
        field.set_value("zzqx");
        field.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        let probe = root.clone();
        until("no matches", move || query(&probe, "#earmark-search-status").unwrap().text_content().as_deref() == Some("No matches")).await;
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
        teardown(handle, root);
    }
}

/// Selections inside a shadow root (where `embed.js` mounts instances) become the same segment
/// offsets as in the page. Seen from the document such a selection sits at the shadow host
/// (collapsed there, for a mouse selection), so this is the path `getComposedRanges` serves.
mod shadow {
    use super::*;
    use earmark::platform::selection::{current, SelectedUnits};
    use web_sys::{ShadowRootInit, ShadowRootMode};

    /// An App rendered inside an open shadow root; returns the handle, the host and the root
    /// element inside the shadow.
    async fn mount_in_shadow() -> (AppHandle<App>, Element, Element) {
        let host = fresh_root();
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).unwrap();
        let inner = document().create_element("div").unwrap();
        shadow.append_child(&inner).unwrap();
        let handle = Renderer::<App>::with_root_and_props(inner.clone(), page_props()).render();
        let probe = inner.clone();
        until("the episode renders in the shadow root", move || query(&probe, ".earmark-dive-button").is_some()).await;
        sleep(Duration::ZERO).await;
        let article = query(&inner, "article.earmark").unwrap();
        (handle, host, article)
    }

    /// The first text node under the segment element `seg`.
    fn text_of(root: &Element, seg: usize) -> web_sys::Node {
        let element = query(root, &format!("[data-seg=\"{seg}\"]")).unwrap();
        let mut nodes = Vec::new();
        earmark::platform::selection::text_nodes(&element, &mut nodes);
        nodes.into_iter().next().unwrap()
    }

    fn select(anchor: &web_sys::Node, at: u32, focus: &web_sys::Node, to: u32) {
        let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
        selection.set_base_and_extent(anchor, at, focus, to).unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_selection_inside_one_segment_gives_its_offsets() {
        let (handle, host, article) = mount_in_shadow().await;
        let summary = text_of(&article, 1);
        // "In this discussion, Paul Triolo, …": characters 20 to 31 are "Paul Triolo".
        select(&summary, 20, &summary, 31);
        let selected = current(&article).expect("a selection inside the shadow root");
        assert_eq!(selected.pieces, vec![SelectedUnits { segment: 1, start: 20, end: 31 }]);
        assert!(selected.rect.width() > 0.0);
        handle.destroy();
        host.remove();
    }

    #[wasm_bindgen_test]
    async fn a_selection_across_segments_is_split_and_a_backward_one_is_the_same() {
        let (handle, host, article) = mount_in_shadow().await;
        let (summary, takeaway) = (text_of(&article, 1), text_of(&article, 2));
        let length = summary.text_content().unwrap().encode_utf16().count() as u32;
        select(&summary, length - 11, &takeaway, 15);
        let forward = current(&article).expect("a selection across two segments").pieces;
        assert_eq!(
            forward,
            vec![SelectedUnits { segment: 1, start: length - 11, end: length }, SelectedUnits { segment: 2, start: 0, end: 15 }]
        );
        select(&takeaway, 15, &summary, length - 11);
        assert_eq!(current(&article).expect("the same, selected backwards").pieces, forward);
        handle.destroy();
        host.remove();
    }

    #[wasm_bindgen_test]
    async fn a_selection_outside_the_instance_is_not_its_own() {
        let (handle, host, article) = mount_in_shadow().await;
        let outside = document().create_element("p").unwrap();
        outside.set_text_content(Some("Text of the host page"));
        document().body().unwrap().append_child(&outside).unwrap();
        let text = outside.first_child().unwrap();
        select(&text, 0, &text, 4);
        assert!(current(&article).is_none());
        outside.remove();
        handle.destroy();
        host.remove();
    }
}

// The episode only; its transcript and chapters are for the builds that bundle them.
#[allow(dead_code)]
#[path = "../benches/long_episode.rs"]
mod long_episode;

/// Re-rendering is held to what changed. A render that changes no DOM is invisible to a
/// mutation observer, so the components' own render counts are read (`render-count`).
mod renders {
    use super::*;
    use std::collections::BTreeMap;

    use earmark::ui::render_count;

    use super::long_episode;

    async fn mount_long() -> (AppHandle<App>, Element) {
        mount_with(props_of(&long_episode::text()), 1_500).await
    }

    fn counts(pairs: &[(&'static str, u32)]) -> BTreeMap<&'static str, u32> {
        pairs.iter().copied().collect()
    }

    /// Waits out what a change schedules (effects, zero-delay timers), then reads the counts.
    async fn settled() -> BTreeMap<&'static str, u32> {
        sleep(Duration::from_millis(20)).await;
        render_count::take()
    }

    fn type_into(root: &Element, text: &str) {
        let field: web_sys::HtmlInputElement = query(root, "input[type=search]").unwrap().unchecked_into();
        field.set_value(text);
        field.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_keystroke_renders_the_search_bar_and_nothing_of_the_episode() {
        let (handle, root) = mount_long().await;
        type_into(&root, "th");
        let probe = root.clone();
        until("the first query is answered", move || query(&probe, "#earmark-search-status").unwrap().text_content().unwrap_or_default().contains(" of ")).await;
        let _ = settled().await;
        type_into(&root, "the");
        let probe = root.clone();
        until("the next key is answered", move || {
            let status = query(&probe, "#earmark-search-status").unwrap().text_content().unwrap_or_default();
            status.starts_with("1 of ") && status != "1 of 0"
        })
        .await;
        assert_eq!(settled().await, counts(&[("App", 1), ("SearchBar", 1)]), "one keystroke re-rendered more than the search bar");
        teardown(handle, root);
    }

    #[wasm_bindgen_test]
    async fn opening_a_deep_dive_renders_that_section_only() {
        let (handle, root) = mount_long().await;
        let _ = render_count::take();
        let first: HtmlElement = query(&root, ".earmark-dive-button").unwrap().unchecked_into();
        first.click();
        let probe = first.clone();
        until("the section opens", move || probe.get_attribute("aria-expanded").as_deref() == Some("true")).await;
        // The accordion passes the new open set down; only the section whose state changed
        // renders (its share button is part of it: a function, not a component).
        assert_eq!(
            settled().await,
            counts(&[("App", 1), ("DeepDive", 1), ("DeepDives", 1)]),
            "opening one section re-rendered others"
        );
        teardown(handle, root);
    }

    #[wasm_bindgen_test]
    async fn a_new_highlight_renders_its_one_segment() {
        let (handle, root) = mount_long().await;
        // Select two words of the summary, as a reader's drag would.
        let text = query(&root, ".earmark-summary p").unwrap().first_child().unwrap();
        let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
        selection.set_base_and_extent(&text, 3, &text, 13).unwrap();
        let probe = root.clone();
        until("the toolbar appears", move || query(&probe, ".earmark-highlight-button").is_some()).await;
        let _ = settled().await;
        let button: HtmlElement = query(&root, ".earmark-highlight-button").unwrap().unchecked_into();
        button.click();
        let probe = root.clone();
        until("the highlight is marked", move || query(&probe, "mark[data-highlight]").is_some()).await;
        let rendered = settled().await;
        assert_eq!(rendered.get("SegmentText"), Some(&1), "not one segment rendered: {rendered:?}");
        for quiet in ["DeepDive", "DeepDives", "Takeaways", "Topics", "EpisodeHeader", "SearchBar", "ShareStatus"] {
            assert_eq!(rendered.get(quiet), None, "a new highlight re-rendered {quiet}: {rendered:?}");
        }
        selection.remove_all_ranges().unwrap();
        teardown(handle, root);
    }
}

mod transcript {
    use super::*;
    use earmark::core::model::Episode;
    use earmark::core::state::TranscriptState;
    use earmark::core::transcript::{parse_chapters, TranscriptFormat, TranscriptInfo};
    use earmark::ui::chapters::{Chapters, ChaptersProps};
    use earmark::ui::segment_text::{MarksContext, MarksStore};
    use earmark::ui::transcript::{Transcript, TranscriptProps};
    use std::cell::RefCell;
    use yew::prelude::*;

    /// The seed episode with its (synthetic) transcript and chapters arrived, as the app holds
    /// it once the cues are fetched.
    fn episode() -> Rc<Episode> {
        let mut episode = earmark::core::parse::parse(include_str!("../seeds/000_7a0b873023e3994b.txt")).unwrap();
        let transcript = TranscriptFormat::WebVtt.parse(include_str!("../seeds/000_7a0b873023e3994b.vtt")).unwrap();
        let chapters = parse_chapters(include_str!("../seeds/000_7a0b873023e3994b.chapters.json")).unwrap();
        episode.transcript = Some(TranscriptInfo { cues: transcript.cues.len() as u32, length: 1_360_000, title: transcript.title, chapters });
        episode.cues = Rc::new(transcript.cues);
        Rc::new(episode)
    }

    #[derive(Properties, PartialEq)]
    struct WithStoreProps {
        inner: TranscriptProps,
    }

    /// The transcript under the marks context its segments subscribe to, as the app renders it.
    #[component]
    fn WithStore(props: &WithStoreProps) -> Html {
        let store: MarksContext = (*use_memo((), |_| MarksStore::new(Rc::default()))).clone();
        let p = &props.inner;
        html! {
            <ContextProvider<MarksContext> context={store}>
                <Transcript episode={p.episode.clone()} open={p.open} state={p.state} source={p.source}
                    ontoggle={p.ontoggle.clone()} onopen={p.onopen.clone()} onseek={p.onseek.clone()} seekable={p.seekable} onretry={p.onretry.clone()} />
            </ContextProvider<MarksContext>>
        }
    }

    /// What the callbacks were called with.
    #[derive(Default)]
    struct Heard {
        toggled: RefCell<Vec<String>>,
        opened: RefCell<Vec<String>>,
        seeks: RefCell<Vec<u64>>,
        retries: RefCell<u32>,
    }

    fn render(open: bool, state: TranscriptState, source: Option<(usize, usize)>) -> (AppHandle<WithStore>, Element, Rc<Heard>) {
        let root = fresh_root();
        let heard = Rc::new(Heard::default());
        let h = heard.clone();
        let ontoggle = Callback::from(move |id| h.toggled.borrow_mut().push(id));
        let h = heard.clone();
        let onopen = Callback::from(move |id| h.opened.borrow_mut().push(id));
        let h = heard.clone();
        let onseek = Callback::from(move |ms| h.seeks.borrow_mut().push(ms));
        let h = heard.clone();
        let onretry = Callback::from(move |()| *h.retries.borrow_mut() += 1);
        let inner = TranscriptProps { episode: episode(), open, state, source, ontoggle, onopen, onseek, seekable: true, onretry };
        let handle = Renderer::<WithStore>::with_root_and_props(root.clone(), WithStoreProps { inner }).render();
        (handle, root, heard)
    }

    #[wasm_bindgen_test]
    async fn cues_render_under_their_chapters_with_times_and_speakers() {
        let (handle, root, heard) = render(true, TranscriptState::Loaded, Some((8, 9)));
        let probe = root.clone();
        until("the cues render", move || probe.query_selector_all(".earmark-cue").unwrap().length() == 29).await;
        let button = query(&root, "#earmark-transcript-button").unwrap();
        assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
        assert_eq!(button.get_attribute("aria-controls").as_deref(), Some("earmark-transcript-panel"));
        assert!(button.text_content().unwrap().contains("23 min"));
        let panel = query(&root, "#earmark-transcript-panel").unwrap();
        assert_eq!(panel.get_attribute("role").as_deref(), Some("region"));
        assert_eq!(panel.get_attribute("hidden"), None);
        assert!(query(&root, ".earmark-transcript-note").unwrap().text_content().unwrap().contains("SYNTHETIC"));
        // Nine chapter headings, each before the first cue at or after its start.
        assert_eq!(root.query_selector_all(".earmark-chapter-heading").unwrap().length(), 9);
        let race = query(&root, "#earmark-chapter-5").unwrap();
        assert_eq!(race.text_content().as_deref(), Some("12:15Race or not?"));
        let next: Element = race.next_element_sibling().unwrap();
        assert_eq!(next.get_attribute("data-cue").as_deref(), Some("transcript:735000"));
        // A speaker is named where the speaker changes, and again after a chapter heading.
        let first = query(&root, "[data-cue='transcript:0']").unwrap();
        assert_eq!(query(&first, ".earmark-speaker").unwrap().text_content().as_deref(), Some("Robert Wright"));
        assert_eq!(query(&next, ".earmark-speaker").map(|s| s.text_content().unwrap()).as_deref(), Some("Robert Wright"));
        // Each cue's text is a search segment, after the episode's other segments (the nine
        // chapters' titles last among them).
        let text = query(&first, ".earmark-cue-text").unwrap();
        let (topics, chapters) = (8, 9);
        assert_eq!(text.get_attribute("data-seg"), Some((2 + 3 + 2 * 5 + topics + chapters).to_string()));
        // The passage of "Where was this said?" is marked.
        let marked: Vec<String> = (0..root.query_selector_all(".earmark-cue.is-source").unwrap().length())
            .map(|i| root.query_selector_all(".earmark-cue.is-source").unwrap().item(i).unwrap().unchecked_into::<Element>().get_attribute("data-cue").unwrap())
            .collect();
        assert_eq!(marked, ["transcript:270000", "transcript:320000"]);
        // A time seeks: the callback hears its milliseconds.
        let time: HtmlElement = query(&root, "[data-cue='transcript:21000'] .earmark-time").unwrap().unchecked_into();
        assert_eq!(time.get_attribute("aria-label").as_deref(), Some("Play from 0:21"));
        assert_eq!(time.text_content().as_deref(), Some("0:21"));
        time.click();
        assert_eq!(*heard.seeks.borrow(), [21_000]);
        let button: HtmlElement = button.unchecked_into();
        button.click();
        assert_eq!(*heard.toggled.borrow(), ["transcript"]);
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn a_closed_transcript_is_hidden_until_found_and_opens_when_found() {
        let (handle, root, heard) = render(false, TranscriptState::Loaded, None);
        let probe = root.clone();
        until("the cues render", move || probe.query_selector_all(".earmark-cue").unwrap().length() == 29).await;
        sleep(Duration::from_millis(20)).await;
        let panel = query(&root, "#earmark-transcript-panel").unwrap();
        assert_eq!(panel.get_attribute("hidden").as_deref(), Some("until-found"));
        assert_eq!(query(&root, "#earmark-transcript-button").unwrap().get_attribute("aria-expanded").as_deref(), Some("false"));
        panel.dispatch_event(&web_sys::Event::new("beforematch").unwrap()).unwrap();
        assert_eq!(*heard.opened.borrow(), ["transcript"]);
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn while_loading_and_after_a_failure_it_says_so() {
        let (handle, root, _) = render(true, TranscriptState::Loading, None);
        let probe = root.clone();
        until("it renders", move || query(&probe, ".earmark-transcript-loading").is_some()).await;
        assert!(query(&root, ".earmark-cue").is_none(), "no cue before they arrive");
        handle.destroy();
        root.remove();
        let (handle, root, heard) = render(true, TranscriptState::Failed, None);
        let probe = root.clone();
        until("it renders", move || query(&probe, ".earmark-transcript-failed").is_some()).await;
        let failed = query(&root, ".earmark-transcript-failed").unwrap();
        assert_eq!(failed.get_attribute("role").as_deref(), Some("status"));
        assert!(query(&root, "#earmark-transcript-panel .earmark-transcript-failed").is_none(), "said outside the panel, where a closed transcript shows it");
        let retry: HtmlElement = query(&failed, "button").unwrap().unchecked_into();
        assert_eq!(retry.text_content().as_deref(), Some("Try again"));
        retry.click();
        assert_eq!(*heard.retries.borrow(), 1);
        handle.destroy();
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn the_chapter_list_leaves_out_unlisted_chapters_and_names_each_start() {
        let root = fresh_root();
        let heard = Rc::new(RefCell::new(Vec::new()));
        let h = heard.clone();
        let chapters = episode().transcript.clone().unwrap().chapters;
        let props = ChaptersProps { chapters, first_seg: 100, onchapter: Callback::from(move |ms| h.borrow_mut().push(ms)) };
        let handle = Renderer::<Chapters>::with_root_and_props(root.clone(), props).render();
        let probe = root.clone();
        until("the list renders", move || probe.query_selector_all(".earmark-chapter").unwrap().length() == 8).await;
        let nav = query(&root, "nav").unwrap();
        assert_eq!(nav.get_attribute("aria-labelledby").as_deref(), Some("earmark-chapters-heading"));
        let sixth: HtmlElement = root.query_selector_all(".earmark-chapter").unwrap().item(5).unwrap().unchecked_into();
        assert_eq!(sixth.text_content().as_deref(), Some("15:30Did the chip war on China really backfire?"));
        // A title is a search segment, numbered by its place among all the chapters (the sixth
        // listed is the seventh chapter: the one before it is unlisted).
        let title = query(&sixth, ".earmark-chapter-title").unwrap();
        assert_eq!(title.get_attribute("data-seg").as_deref(), Some("106"));
        sixth.click();
        assert_eq!(*heard.borrow(), [930_000]);
        handle.destroy();
        root.remove();
    }
}
