//! The browser, one small module per API. Each wraps its API so that a refusal (a blocked
//! storage, a missing window) comes back as a typed value, never a panic or an exception.

pub mod audio;
pub mod broadcast;
pub mod clipboard;
pub mod events;
pub mod fetch;
pub mod files;
pub mod frame;
pub mod head;
pub mod highlight;
pub mod json;
pub mod keys;
pub mod scroll;
pub mod selection;
pub mod share;
pub mod storage;
pub mod trusted;
pub mod url;
pub mod worker;
