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

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, Callback};

use crate::bundle;
use crate::core::embed::{allowed_parents, mount_options, Command, MountOptions, OptionProblem, Raw, Theme};
use crate::core::export;
use crate::core::highlights::Collection;
use crate::core::model::Episode;
use crate::platform::{events, url};
use crate::ui::app::{App, AppProps};

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

/// What the host's API calls need from a running instance, and how they reach it.
#[derive(Default)]
pub struct Bridge {
    /// Commands given before the instance was ready; run once it is.
    queue: RefCell<Vec<Command>>,
    /// Set by the running app: where commands go.
    sink: RefCell<Option<Callback<Command>>>,
    /// The episode and highlights as last rendered, and the base of shared links.
    snapshot: RefCell<Option<(Rc<Episode>, Rc<Collection>)>>,
    link_base: RefCell<Option<String>>,
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

    pub fn update(&self, episode: Rc<Episode>, collection: Rc<Collection>) {
        *self.snapshot.borrow_mut() = Some((episode, collection));
    }

    /// The highlights as W3C Web Annotations, in reading order.
    pub fn annotations(&self) -> Vec<serde_json::Value> {
        match &*self.snapshot.borrow() {
            Some((episode, collection)) => {
                let base = self.link_base.borrow().clone().unwrap_or_else(page_address);
                export::annotation_list(episode, collection, &base)
            }
            None => Vec::new(),
        }
    }

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
}

impl Config {
    /// Whether the instance follows and writes the page's URL (`?episode=`, `?q=`).
    pub fn owns_url(&self) -> bool {
        !matches!(self.mode, Mode::Widget)
    }

    /// The address shared links are built on: the host's `shareBase` (`data-share-base`), or
    /// the page's own address. Read when a link is made, never while rendering.
    pub fn link_base(&self) -> String {
        self.options.share_base.clone().unwrap_or_else(page_address)
    }

    /// Dispatches an `earmark:*` event on the host element.
    pub fn emit(&self, name: &str, detail: &impl serde::Serialize) {
        if let Some(host) = &self.host {
            events::emit(host, name, detail);
        }
    }
}

/// The page's address.
fn page_address() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// Mounts the standalone page into `#earmark` (or `<body>`), as a frame when the address says
/// `embed=1`.
#[wasm_bindgen]
pub fn start_page() {
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
    let config = Config { mode, options: MountOptions { share_base, theme, ..MountOptions::default() }, host, ..Config::default() };
    let props = AppProps { config: Rc::new(config) };
    match mount {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
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
    /// Opens an insight (a takeaway or deep dive id, or "summary"), scrolls to it and focuses
    /// it. False when the episode has no such insight (or the instance shows no episode).
    pub fn open(&self, insight: String) -> bool {
        let known = self.bridge.episode().is_some_and(|episode| insight == "summary" || episode.insight(&insight).is_some());
        if known {
            self.bridge.send(Command::Open(insight));
        }
        known
    }

    /// Searches the episode ("" clears the search).
    pub fn search(&self, query: String) {
        self.bridge.send(Command::Search(query));
    }

    /// The reader's highlights as W3C Web Annotation objects.
    pub fn highlights(&self) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&self.bridge.annotations(), &serializer).unwrap_or_else(|_| Array::new().into())
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
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue, sheet: JsValue) -> Option<Instance> {
    let Some(element) = element.dyn_ref::<Element>().filter(|element| element.is_connected()) else {
        events::console_error("mount: the element to mount into is missing or no longer in the document");
        return None;
    };
    let (mut options, problems) = read_options(&options);
    for problem in &problems {
        events::console_error(&format!("mount: {problem}"));
    }
    let episodes = bundle::episodes().unwrap_or_default();
    if let Some(slug) = &options.episode {
        if !episodes.iter().any(|episode| &episode.id == slug) {
            events::console_error(&format!("mount: option \"episode\": there is no episode \"{slug}\" in this build"));
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
    // The episode is known now, so that `open()` can answer before the first render.
    let wanted = |e: &Episode| options.episode.as_ref().is_none_or(|slug| &e.id == slug);
    let episode = episodes.into_iter().find(wanted).map(Rc::new);
    let bridge = Rc::new(Bridge {
        snapshot: RefCell::new(episode.map(|episode| (episode, Rc::new(Collection::default())))),
        link_base: RefCell::new(options.share_base.clone()),
        ..Bridge::default()
    });
    let config = Config { mode: Mode::Widget, options, problems, host: Some(element.clone()), bridge: bridge.clone() };
    let app = yew::Renderer::<App>::with_root_and_props(wrapper.clone(), AppProps { config: Rc::new(config) }).render();
    Some(Instance { app: Some(app), bridge, wrapper })
}
