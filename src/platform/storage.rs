//! localStorage, failing softly.
//!
//! Why not `gloo::storage`: its `LocalStorage::raw()` panics when the browser refuses access to
//! `window.localStorage` (the getter throws `SecurityError` when cookies are blocked or in some
//! sandboxed frames), and it folds every failure into one opaque error. Earmark must tell a
//! blocked storage from a full one and keep working, so it calls web-sys directly here.

use wasm_bindgen::JsCast;
use web_sys::{DomException, Storage};

use crate::core::storage::{quarantine_key, StorageFault};

/// The origin's localStorage, or why it cannot be used.
fn local_storage() -> Result<Storage, StorageFault> {
    let window = web_sys::window().ok_or(StorageFault::Blocked)?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err(StorageFault::Blocked),
        Err(error) => Err(fault(&error)),
    }
}

/// Maps a thrown exception to a fault. Anything that is not a quota error means the browser
/// will not let us store: it is treated as blocked.
fn fault(error: &wasm_bindgen::JsValue) -> StorageFault {
    match error.dyn_ref::<DomException>().map(DomException::name) {
        Some(name) if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" => StorageFault::Full,
        _ => StorageFault::Blocked,
    }
}

/// The value under `key`, `None` when there is none.
pub fn read(key: &str) -> Result<Option<String>, StorageFault> {
    local_storage()?.get_item(key).map_err(|error| fault(&error))
}

/// Stores `value` under `key`.
pub fn write(key: &str, value: &str) -> Result<(), StorageFault> {
    local_storage()?.set_item(key, value).map_err(|error| fault(&error))
}

/// Copies an unreadable `raw` value of `key` to a quarantine key, so that the key can be
/// written again without losing it. The value under `key` itself is left as it is: the next
/// write replaces it, and only once the copy exists.
pub fn quarantine(key: &str, raw: &str) -> Result<String, StorageFault> {
    let aside = quarantine_key(key, js_sys::Date::now() as u64);
    write(&aside, raw)?;
    Ok(aside)
}
