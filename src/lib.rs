//! Earmark: an embeddable, offline-first reader for podcast episode insights.
//!
//! See ARCHITECTURE.md for the bird's-eye view. In short: [`core`] is pure Rust and tested on
//! the host; `platform` wraps one browser API per module; `ui` holds the Yew components;
//! `embed` mounts instances and is the JavaScript API behind `embed.js`. The last three exist
//! only when compiling for the browser (wasm32).

/// The pure core, a crate of its own (`earmark-core`, sources in `src/core/`): see its docs.
pub use earmark_core as core;

pub mod bundle;

#[cfg(target_arch = "wasm32")]
pub mod embed;

#[cfg(target_arch = "wasm32")]
pub mod platform;

#[cfg(target_arch = "wasm32")]
pub mod ui;
