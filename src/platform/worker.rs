//! The service worker (`sw.js`) that makes Earmark work offline: registering it, hearing
//! when a new version waits, asking how much is cached, and switching versions when the
//! reader agrees.
//!
//! Every step goes through `Reflect`, never web-sys's getters: `navigator.serviceWorker`
//! throws in an opaque-origin frame, is missing on `file:` and in some private windows, and
//! registration is refused where storage is partitioned. Each of those is "no offline", said
//! nowhere: the page works as it would without a worker.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the worker reports to the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// Every file of this version is cached (`bytes` in all).
    Ready { bytes: u64 },
    /// A new version is installed and waits for the reader.
    UpdateWaiting,
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into()).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let method = get(target, name)?.dyn_into::<Function>().ok()?;
    let args: js_sys::Array = args.iter().collect();
    method.apply(target, &args).ok()
}

/// `navigator.serviceWorker`, where this page may have one.
fn container() -> Option<JsValue> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    get(&navigator, "serviceWorker")
}

/// A registered worker, with the listeners that report on it. Dropping it stops the reports
/// (the worker itself stays registered, as it should).
pub struct Worker {
    _listeners: Vec<EventListener>,
}

/// Registers `sw.js` of the build at `root` (the build's root folder, also the worker's scope,
/// so that every page of the build is served offline) once the page has loaded, and reports
/// through `report`. `None` where there can be no worker.
pub fn start(root: String, report: impl Fn(Report) + 'static) -> Option<Rc<std::cell::RefCell<Option<Worker>>>> {
    let container = container()?;
    let report: Rc<dyn Fn(Report)> = Rc::new(report);
    let slot = Rc::new(std::cell::RefCell::new(None));
    let register = {
        let (slot, container) = (slot.clone(), container.clone());
        move || {
            let (slot, container, report, root) = (slot.clone(), container.clone(), report.clone(), root.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(worker) = register(container, report, root).await {
                    *slot.borrow_mut() = Some(worker);
                }
            });
        }
    };
    // After the page has loaded, so that precaching never competes with the first render.
    let document = gloo::utils::document();
    if document.ready_state() == "complete" {
        register();
    } else {
        let listener = EventListener::once(&gloo::utils::window(), "load", move |_| register());
        listener.forget();
    }
    Some(slot)
}

async fn register(container: JsValue, report: Rc<dyn Fn(Report)>, root: String) -> Option<Worker> {
    let options = Object::new();
    Reflect::set(&options, &"scope".into(), &root.as_str().into()).ok()?;
    let promise = call(&container, "register", &[crate::platform::trusted::worker_url(format!("{root}sw.js"))?, options.into()])?.dyn_into::<Promise>().ok()?;
    // Refused (a partitioned or blocked storage, an insecure page): no offline, and no error.
    let registration = JsFuture::from(promise).await.ok()?;
    let has_controller = {
        let container = container.clone();
        move || get(&container, "controller").is_some()
    };

    let mut listeners = Vec::new();
    // The answers to GET_STATUS.
    {
        let report = report.clone();
        listeners.push(EventListener::new(container.unchecked_ref::<web_sys::EventTarget>(), "message", move |event| {
            let data = Reflect::get(event, &"data".into()).unwrap_or(JsValue::UNDEFINED);
            if get(&data, "earmark").and_then(|kind| kind.as_string()).as_deref() != Some("status") {
                return;
            }
            let number = |name: &str| get(&data, name).and_then(|value| value.as_f64()).unwrap_or(0.0);
            if number("total") > 0.0 && number("cached") == number("total") {
                report(Report::Ready { bytes: number("bytes") as u64 });
            }
        }));
    }
    // A version already waiting (installed on an earlier visit), or one that installs now.
    // The first install has no controller to replace: it is not an update.
    if get(&registration, "waiting").is_some() && has_controller() {
        report(Report::UpdateWaiting);
    }
    {
        let (report, registration_for_listener) = (report.clone(), registration.clone());
        let has_controller = has_controller.clone();
        let watching = Rc::new(Cell::new(None::<EventListener>));
        listeners.push(EventListener::new(registration.unchecked_ref::<web_sys::EventTarget>(), "updatefound", move |_| {
            let Some(installing) = get(&registration_for_listener, "installing") else { return };
            let (report, has_controller, worker) = (report.clone(), has_controller.clone(), installing.clone());
            watching.set(Some(EventListener::new(installing.unchecked_ref::<web_sys::EventTarget>(), "statechange", move |_| {
                let state = get(&worker, "state").and_then(|s| s.as_string());
                if state.as_deref() == Some("installed") && has_controller() {
                    report(Report::UpdateWaiting);
                }
            })));
        }));
    }
    // Once a version is active, ask it whether everything is cached.
    if let Some(ready) = get(&container, "ready").and_then(|ready| ready.dyn_into::<Promise>().ok()) {
        if let Ok(active_registration) = JsFuture::from(ready).await {
            if let Some(active) = get(&active_registration, "active") {
                let message = Object::new();
                let _ = Reflect::set(&message, &"type".into(), &"GET_STATUS".into());
                call(&active, "postMessage", &[message.into()]);
            }
        }
    }
    Some(Worker { _listeners: listeners })
}

/// Switches to the waiting version: tells it to take over and reloads the page once it has.
/// Only the reader's Reload calls this, so a first install's takeover never reloads a page.
pub fn activate_waiting() {
    let Some(container) = container() else { return };
    let reloaded = Rc::new(Cell::new(false));
    let listener = EventListener::new(container.unchecked_ref::<web_sys::EventTarget>(), "controllerchange", move |_| {
        if !reloaded.replace(true) {
            let _ = gloo::utils::window().location().reload();
        }
    });
    listener.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(registration) = call(&container, "getRegistration", &[]).and_then(|p| p.dyn_into::<Promise>().ok()) else { return };
        let Ok(registration) = JsFuture::from(registration).await else { return };
        if let Some(waiting) = get(&registration, "waiting") {
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            call(&waiting, "postMessage", &[message.into()]);
        }
    });
}

/// Whether the browser says it is online.
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}
