//! The pure core of Earmark: the episode model and its parser, the reducer that owns the
//! reader's state, and the codecs of what is stored and linked.
//!
//! Invariant: nothing under `core` does I/O or names a browser crate (yew, web-sys, gloo,
//! wasm-bindgen). Those crates are not even dependencies of the host build, so `cargo test` on
//! the host compiles and tests this module alone. `build.rs` includes this module too, to
//! validate the bundled episodes at compile time.

pub mod anchor;
pub mod date;
pub mod embed;
pub mod export;
pub mod highlights;
pub mod link;
mod fold_table;
pub mod model;
pub mod parse;
pub mod search;
pub mod slug;
pub mod state;
pub mod storage;
