//! Trusted Types: the one policy, named `earmark`, through which the app hands strings to the
//! two script sinks it uses, on pages whose Content-Security-Policy says
//! `require-trusted-types-for 'script'`.
//!
//! The design decision: a policy is a hole in that protection, so this one lets through only
//! the two things the app itself makes: the build's own worker address (for
//! `serviceWorker.register`) and schema.org JSON-LD (the text of the head's
//! `<script type="application/ld+json">`, rewritten for an episode shown on another's page).
//! JSON that is one object naming schema.org as its `@context` is not a program a browser can
//! run: as script it is a syntax error. Anything else gets `null`, which the sink refuses. Where
//! the browser has no Trusted Types, the strings go as they are.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The policy, made once per page: a second policy of the same name would be refused.
    static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The worker address the policy lets through (the build's `sw.js`).
    static WORKER: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into()).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

fn call(target: &JsValue, name: &str, arg: JsValue) -> Option<JsValue> {
    let method = get(target, name)?.dyn_into::<Function>().ok()?;
    method.call1(target, &arg).ok()
}

/// Whether `text` is JSON-LD: one object whose `@context` is schema.org.
fn is_json_ld(text: &str) -> bool {
    JSON::parse(text).ok().filter(JsValue::is_object).and_then(|value| get(&value, "@context")).and_then(|c| c.as_string()).as_deref()
        == Some("https://schema.org")
}

/// The policy, where the browser has Trusted Types (`None` where it has not, or refused it).
fn policy() -> Option<JsValue> {
    let trusted_types = get(&js_sys::global(), "trustedTypes")?;
    POLICY.with_borrow(Clone::clone).or_else(|| {
        let worker = Closure::<dyn Fn(String) -> JsValue>::new(|url: String| {
            let ours = WORKER.with_borrow(|worker| worker.as_deref() == Some(url.as_str()));
            if ours { JsValue::from(url) } else { JsValue::NULL }
        });
        let json_ld = Closure::<dyn Fn(String) -> JsValue>::new(|text: String| {
            if is_json_ld(&text) { JsValue::from(text) } else { JsValue::NULL }
        });
        let rules = Object::new();
        Reflect::set(&rules, &"createScriptURL".into(), worker.as_ref()).ok()?;
        Reflect::set(&rules, &"createScript".into(), json_ld.as_ref()).ok()?;
        // The policy lives as long as the page.
        worker.forget();
        json_ld.forget();
        let args: js_sys::Array = ["earmark".into(), JsValue::from(rules)].iter().collect();
        let create = get(&trusted_types, "createPolicy")?.dyn_into::<Function>().ok()?;
        let made = create.apply(&trusted_types, &args).ok()?;
        POLICY.set(Some(made.clone()));
        Some(made)
    })
}

/// The worker's address as `serviceWorker.register` takes it.
pub fn worker_url(url: String) -> Option<JsValue> {
    if get(&js_sys::global(), "trustedTypes").is_none() {
        return Some(url.into());
    }
    WORKER.set(Some(url.clone()));
    call(&policy()?, "createScriptURL", url.into())
}

/// JSON-LD as a script element's text takes it; `None` for anything that is not JSON-LD.
pub fn json_ld(text: &str) -> Option<JsValue> {
    if get(&js_sys::global(), "trustedTypes").is_none() {
        return is_json_ld(text).then(|| text.into());
    }
    call(&policy()?, "createScript", text.into())
}
