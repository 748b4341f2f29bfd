//! One Earmark instance and how it is mounted: as the standalone page, in an iframe on a host
//! page (`?embed=1`), or by the `embed.js` loader into a shadow root of a host's element. This
//! is the module behind the JavaScript API (`Earmark.mount` and its handle).
//!
//! The design decision: an instance owns nothing global. Everything it needs to know about
//! where it lives is in its [`Config`], made once before the first render: its [`Mode`] (which
//! decides whether it may read and write the page's URL and take keys typed on the page's
//! body), its checked options, the host element its events go to, and a [`Bridge`] through
//! which the host's API calls reach its reducer. Everything it touches in the page goes
//! through its own root element; two instances of the same episode on one page share only
//! their stored highlights.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;
use yew::Callback;

use crate::core::catalogue::PageData;
use crate::core::embed::{Command, Event, MountOptions, OptionProblem};
use crate::core::export::{self, Annotation};
use crate::core::highlights::Collection;
use crate::core::link::{Base, Link};
use crate::core::model::Episode;
use crate::platform::events;

/// Where an instance lives, which decides what of the page it may use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The standalone page: the page's URL is the instance's (`?episode=`, `?q=`, links).
    #[default]
    Page,
    /// The standalone page inside a host's iframe (`?embed=1`): as [`Mode::Page`], without
    /// the page's margins, reporting its height to the parent and taking commands from the
    /// `parent=` origins.
    Frame { parents: Vec<String> },
    /// Mounted by `embed.js` into a host's element: the episode comes from the options, the
    /// host's URL is only read for links to this episode, never written.
    Widget,
}

/// Someone waiting for the instance's episode (`None`: there will be none).
type Answer = Box<dyn FnOnce(Option<Rc<Episode>>)>;

/// What the host's API calls need from a running instance, and how they reach it.
#[derive(Default)]
pub struct Bridge {
    /// Commands given before the instance was ready; run once it is.
    queue: RefCell<Vec<Command>>,
    /// Set by the running app: where commands go.
    sink: RefCell<Option<Callback<Command>>>,
    /// The episode and highlights as last rendered, and where shared links point.
    snapshot: RefCell<Option<(Rc<Episode>, Rc<Collection>)>>,
    base: RefCell<Option<Base>>,
    /// Whether the instance knows its episode's fate (shown, missing or unavailable), and who
    /// waits for that (`open()` called while the episode is still on its way).
    settled: std::cell::Cell<bool>,
    waiting: RefCell<Vec<Answer>>,
}

impl Bridge {
    pub fn send(&self, command: Command) {
        match &*self.sink.borrow() {
            Some(sink) => sink.emit(command),
            None => self.queue.borrow_mut().push(command),
        }
    }

    /// Connects the running app; commands that waited are run now, in order.
    pub fn connect(&self, sink: Option<Callback<Command>>) {
        if let Some(sink) = &sink {
            for command in self.queue.borrow_mut().drain(..) {
                sink.emit(command);
            }
        }
        *self.sink.borrow_mut() = sink;
    }

    pub fn update(&self, episode: Rc<Episode>, collection: Rc<Collection>, base: Base) {
        *self.snapshot.borrow_mut() = Some((episode, collection));
        *self.base.borrow_mut() = Some(base);
    }

    /// The instance's episode is shown (`Some`) or will not be (`None`): answers whoever waits.
    pub fn settle(&self, episode: Option<Rc<Episode>>) {
        self.settled.set(true);
        if episode.is_none() {
            *self.snapshot.borrow_mut() = None;
        }
        let waiting: Vec<_> = self.waiting.borrow_mut().drain(..).collect();
        for answer in waiting {
            answer(episode.clone());
        }
    }

    /// Another episode is on its way (the reader tried again, say): `open()` waits again.
    pub fn unsettle(&self) {
        self.settled.set(false);
    }

    /// Calls `answer` with the episode once its fate is known: at once, or when it settles.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn when_settled(&self, answer: impl FnOnce(Option<Rc<Episode>>) + 'static) {
        if self.settled.get() {
            answer(self.episode());
        } else {
            self.waiting.borrow_mut().push(Box::new(answer));
        }
    }

    /// The highlights as W3C Web Annotations, in reading order.
    pub fn annotations(&self) -> Vec<Annotation> {
        match (&*self.snapshot.borrow(), &*self.base.borrow()) {
            (Some((episode, collection)), Some(base)) => export::annotation_list(episode, collection, base),
            _ => Vec::new(),
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn episode(&self) -> Option<Rc<Episode>> {
        self.snapshot.borrow().as_ref().map(|(episode, _)| episode.clone())
    }
}

/// Everything an instance knows about where it lives; made before its first render.
#[derive(Default)]
pub struct Config {
    pub mode: Mode,
    pub options: MountOptions,
    /// What was wrong with the host's options, shown in the instance.
    pub problems: Vec<OptionProblem>,
    /// The element the `earmark:*` events are dispatched on.
    pub host: Option<Element>,
    pub bridge: Rc<Bridge>,
    /// What the prerendered page carries: its episode, the insight its address names, and
    /// where the catalogue is. The first render is made from this alone.
    pub page: Option<Rc<PageData>>,
    /// The address of the build's root folder, ending in `/`: where `episodes/*.json`,
    /// `sw.js` and the episode pages are. Empty while rendering on the host.
    pub root: String,
    /// Deep dives the browser revealed in the prerendered page before the app started
    /// (find-in-page, a text fragment in the address): the app starts with them open.
    pub revealed: Vec<String>,
    /// The episode the address asks for when the page is rendered afresh (not hydrated): the
    /// first render already waits for it rather than showing the page's own.
    pub asked: Option<String>,
    /// The host's audio or video element, which timestamps seek and the transcript follows.
    pub audio: Option<web_sys::HtmlMediaElement>,
}

impl Config {
    /// Whether the instance follows and writes the page's URL (`?episode=`, `?q=`).
    pub fn owns_url(&self) -> bool {
        !matches!(self.mode, Mode::Widget)
    }

    /// Where shared links point: the host's `shareBase` (`data-share-base`); for a widget
    /// without one, the host page's address; otherwise the build's own pages, one per insight,
    /// which preview the insight when shared. Read when a link is made, never while rendering.
    pub fn link_base(&self) -> Base {
        match (&self.options.share_base, &self.mode) {
            (Some(base), _) => Base::Address(base.clone()),
            (None, Mode::Widget) => Base::Address(page_address()),
            (None, _) if self.root.is_empty() || self.page.as_ref().is_some_and(|page| !page.insight_pages) => Base::Address(page_address()),
            (None, _) => Base::Pages(self.root.clone()),
        }
    }

    /// The address of `link` in `episode`, where shared links point.
    pub fn link(&self, episode: &str, link: &Link) -> String {
        self.link_base().link(episode, link)
    }

    /// The address of the build's file `path` (relative to its root). The episode files
    /// (`episodes/…`) come from the host's `episodesBase` where it gave one.
    pub fn file(&self, path: &str) -> String {
        match (&self.options.episodes_base, path.strip_prefix("episodes/")) {
            (Some(base), Some(rest)) => format!("{base}{rest}"),
            _ => format!("{}{path}", self.root),
        }
    }

    /// Dispatches an `earmark:*` event on the host element.
    pub fn emit(&self, event: Event) {
        if let Some(host) = &self.host {
            events::emit(host, &event);
        }
    }
}

/// The page's address.
fn page_address() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// The id of the prerendered page's data block.
pub const DATA_ID: &str = "earmark-data";

#[cfg(target_arch = "wasm32")]
pub use entry::{mount, start_page, Instance};

/// The entry points the loaders call, in the browser only: they render with Yew's client
/// renderer, which the host build (the server renderer's) does not have.
#[cfg(target_arch = "wasm32")]
mod entry {
    use super::*;

    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{ShadowRootInit, ShadowRootMode};
    use yew::AppHandle;

    use crate::core::catalogue::is_episode_id;
    use crate::core::embed::{allowed_parents, mount_options, Raw, Theme};
    use crate::platform::url;
    use crate::ui::app::{App, AppProps};

    /// The page's data block, when it is a prerendered page of this build.
    fn page_data() -> Option<PageData> {
        let block = gloo::utils::document().get_element_by_id(DATA_ID)?;
        match serde_json::from_str(&block.text_content()?) {
            Ok(data) => Some(data),
            Err(error) => {
                events::console_error(&format!("the page's episode data could not be read: {error}"));
                None
            }
        }
    }

    /// Starts the standalone page in `#earmark` (or `<body>`), as a frame when the address says
    /// `embed=1`. `root` is the build's root folder (where the loader is).
    ///
    /// A prerendered page is hydrated: the app's first render is made from the page's data block,
    /// as the build's was, and Yew adopts the elements already there. When the address asks for
    /// another episode (`?episode=`), page.js has emptied the page: the app renders afresh and
    /// fetches that one.
    #[wasm_bindgen]
    pub fn start_page(root: String) {
        let document = gloo::utils::document();
        let mount = document.get_element_by_id(crate::ui::MOUNT_ID);
        let theme = url::param("theme").and_then(|theme| Theme::parse(&theme)).unwrap_or_default();
        let share_base = mount
            .as_ref()
            .and_then(|mount| mount.get_attribute("data-share-base"))
            .filter(|base| !base.trim().is_empty());
        let mode = if url::param("embed").is_some_and(|value| value != "0") {
            if let Some(html) = document.document_element() {
                let _ = html.class_list().add_1("earmark-embedded");
            }
            Mode::Frame { parents: allowed_parents(url::params("parent").iter().map(String::as_str)) }
        } else {
            Mode::Page
        };
        let host = mount.clone().or_else(|| document.body().map(Into::into));
        if let Some(host) = &host {
            // The root the stylesheet themes and lays out by (index.html's <main> has the class
            // already; a page that mounts into <body> gets it here).
            let _ = host.class_list().add_1("earmark-root");
            let _ = host.set_attribute("data-theme", theme.name());
        }
        let data = page_data();
        let asked = url::episode_param().map(|slug| slug.trim().to_string()).filter(|slug| !slug.is_empty());
        // Whether the page is the one the address asks for is decided once, by page.js, which
        // empties the mount when it is not: what is still there is hydrated.
        let prerendered = mount.as_ref().is_some_and(|mount| mount.first_element_child().is_some());
        let hydrate = prerendered && data.is_some();
        let revealed = match (&mount, hydrate) {
            (Some(mount), true) => revealed_sections(mount),
            _ => Vec::new(),
        };
        if !hydrate {
            // Node by node: `innerHTML` is refused under Trusted Types.
            if let Some(mount) = &mount {
                while let Some(child) = mount.first_child() {
                    let _ = mount.remove_child(&child);
                }
            }
        }
        let config = Config {
            mode,
            options: MountOptions { share_base, theme, ..MountOptions::default() },
            host,
            // Rendered afresh for another episode: the first render waits for that one.
            asked: if hydrate { None } else { asked },
            page: data.map(Rc::new),
            root,
            revealed,
            // An <audio data-audio-for="earmark"> on the page itself.
            audio: crate::platform::audio::for_id(crate::ui::MOUNT_ID),
            ..Config::default()
        };
        let props = AppProps { config: Rc::new(config) };
        match mount {
            Some(root) if hydrate => {
                yew::Renderer::<App>::with_root_and_props(root, props).hydrate();
            }
            Some(root) => {
                yew::Renderer::<App>::with_root_and_props(root, props).render();
            }
            None => {
                yew::Renderer::<App>::with_props(props).render();
            }
        }
    }

    /// The deep dives of a prerendered page that the browser has revealed (removed their
    /// `hidden`) while the page was rendered closed: hydration would hide them again.
    fn revealed_sections(mount: &Element) -> Vec<String> {
        let Ok(panels) = mount.query_selector_all(".earmark-dive:not(.is-open) > .earmark-dive-panel:not([hidden])") else { return Vec::new() };
        (0..panels.length())
            .filter_map(|i| panels.item(i))
            .filter_map(|panel| panel.parent_element()?.get_attribute("data-insight"))
            .collect()
    }

    /// The JavaScript type of a value, for messages ("number", "object", "array", …).
    fn js_type(value: &JsValue) -> String {
        if Array::is_array(value) {
            "an array".into()
        } else {
            format!("a {}", value.js_typeof().as_string().unwrap_or_default())
        }
    }

    /// Reads and checks the host's options object.
    fn read_options(options: &JsValue) -> (MountOptions, Vec<OptionProblem>) {
        if options.is_undefined() || options.is_null() {
            return (MountOptions::default(), Vec::new());
        }
        if !options.is_object() || Array::is_array(options) {
            let problem = OptionProblem { option: "options".into(), message: format!("must be an object, not {}", js_type(options)) };
            return (MountOptions::default(), vec![problem]);
        }
        let keys: Vec<String> = Object::keys(options.unchecked_ref::<Object>()).iter().filter_map(|key| key.as_string()).collect();
        mount_options(&keys, |name| match Reflect::get(options, &name.into()) {
            Ok(value) if value.is_undefined() || value.is_null() => Raw::Missing,
            Ok(value) => match value.as_string() {
                Some(text) => Raw::Text(text),
                None => Raw::Other(js_type(&value)),
            },
            Err(_) => Raw::Missing,
        })
    }

    /// One instance mounted by the loader: the handle behind `Earmark.mount`'s return value.
    #[wasm_bindgen]
    pub struct Instance {
        app: Option<AppHandle<App>>,
        bridge: Rc<Bridge>,
        wrapper: Element,
    }

    #[wasm_bindgen]
    impl Instance {
        /// Opens an insight (a takeaway or deep dive id, "summary", or "transcript"), scrolls to
        /// it and focuses it. The promise answers, once the episode has arrived, whether it has
        /// that insight.
        pub fn open(&self, insight: String) -> js_sys::Promise {
            let bridge = self.bridge.clone();
            js_sys::Promise::new(&mut move |resolve, _| {
                let sender = bridge.clone();
                let insight = insight.clone();
                bridge.when_settled(move |episode| {
                    let known = episode.is_some_and(|episode| {
                        insight == "summary" || (insight == crate::core::link::TRANSCRIPT && episode.has_transcript()) || episode.insight(&insight).is_some()
                    });
                    if known {
                        sender.send(Command::Open(insight));
                    }
                    let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from(known));
                });
            })
        }

        /// Searches the episode ("" clears the search).
        pub fn search(&self, query: String) {
            self.bridge.send(Command::Search(query));
        }

        /// The reader's highlights as W3C Web Annotation objects.
        pub fn highlights(&self) -> JsValue {
            crate::platform::json::to_js(&self.bridge.annotations())
        }

        /// Unmounts the instance: its listeners, timers and channels go with it.
        pub fn destroy(&mut self) {
            if let Some(app) = self.app.take() {
                app.destroy();
            }
            self.bridge.connect(None);
            self.wrapper.remove();
        }
    }

    /// Mounts an instance into an open shadow root of `element`, styled by `sheet` (a
    /// `CSSStyleSheet` the loader shares between all instances). Never throws: what is wrong is
    /// said in the console and, where there is an element to show it in, in the instance.
    /// `root` is the build's root folder (where the loader is), whence episodes are fetched.
    #[wasm_bindgen]
    pub fn mount(element: JsValue, options: JsValue, sheet: JsValue, root: String) -> Option<Instance> {
        let Some(element) = element.dyn_ref::<Element>().filter(|element| element.is_connected()) else {
            events::console_error("mount: the element to mount into is missing or no longer in the document");
            return None;
        };
        let options_value = if options.is_object() && !Array::is_array(&options) { options.clone() } else { JsValue::UNDEFINED };
        let (mut options, mut problems) = read_options(&options);
        for problem in &problems {
            events::console_error(&format!("mount: {problem}"));
        }
        if let Some(slug) = &options.episode {
            if !is_episode_id(slug) {
                events::console_error(&format!("mount: option \"episode\": \"{slug}\" cannot be an episode id"));
            }
        }
        let shadow = match element.shadow_root() {
            Some(shadow) => shadow,
            None => match element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
                Ok(shadow) => shadow,
                Err(_) => {
                    events::console_error(&format!("mount: a <{}> element cannot hold the reader; use a <div>", element.tag_name().to_lowercase()));
                    return None;
                }
            },
        };
        if !sheet.is_undefined() && !sheet.is_null() {
            let _ = Reflect::set(&shadow, &"adoptedStyleSheets".into(), &Array::of1(&sheet));
        }
        let document = gloo::utils::document();
        let wrapper = document.create_element("div").ok()?;
        wrapper.set_class_name("earmark-root");
        if problems.iter().any(|p| p.option == "theme") {
            options.theme = Theme::Auto;
        }
        let _ = wrapper.set_attribute("data-theme", options.theme.name());
        shadow.append_child(&wrapper).ok()?;
        let bridge = Rc::new(Bridge::default());
        // The media element: the `audio` option, or one whose `data-audio-for` is the element's id.
        let audio = match Reflect::get(&options_value, &"audio".into()) {
            Ok(value) if value.is_undefined() || value.is_null() => crate::platform::audio::for_id(&element.id()),
            Ok(value) => match value.dyn_into::<web_sys::HtmlMediaElement>() {
                Ok(media) => Some(media),
                Err(other) => {
                    let problem = OptionProblem { option: "audio".into(), message: format!("must be an <audio> or <video> element, not {}", js_type(&other)) };
                    events::console_error(&format!("mount: {problem}"));
                    problems.push(problem);
                    None
                }
            },
            Err(_) => None,
        };
        let config = Config { mode: Mode::Widget, options, problems, host: Some(element.clone()), bridge: bridge.clone(), root, audio, ..Config::default() };
        let app = yew::Renderer::<App>::with_root_and_props(wrapper.clone(), AppProps { config: Rc::new(config) }).render();
        Some(Instance { app: Some(app), bridge, wrapper })
    }
}
