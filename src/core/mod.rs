//! The pure core of Earmark: the episode model and its parser, the reducer that owns the
//! reader's state, and the codecs of what is stored and linked.
//!
//! Invariant: nothing under `core` does I/O or names a browser crate (yew, web-sys, gloo,
//! wasm-bindgen). It is a crate of its own, `earmark-core` (`core/Cargo.toml`), whose only
//! dependencies are serde, serde_json, memchr and percent-encoding, so the compiler refuses
//! anything else here, whatever the app crate depends on; `tests/core_is_pure.rs` also refuses
//! the standard library's I/O. The app re-exports it as `earmark::core`; the prerender step uses
//! it at build time to parse the episodes and write the pages' metadata.

pub mod anchor;
pub mod catalogue;
pub mod date;
pub mod embed;
pub mod export;
pub mod highlights;
pub mod ids;
pub mod link;
mod fold_table;
pub mod model;
pub mod page;
pub mod parse;
pub mod provenance;
pub mod search;
pub mod slug;
pub mod state;
pub mod storage;
pub mod transcript;
