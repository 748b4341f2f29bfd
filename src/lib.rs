//! Earmark: an embeddable, offline-first reader for podcast episode insights.
//!
//! See ARCHITECTURE.md for the bird's-eye view. In short: [`core`] is pure Rust and tested on
//! the host; `platform` wraps one browser API per module; `ui` holds the Yew components;
//! `embed` mounts instances and is the JavaScript API behind `embed.js`; `site` (host only)
//! renders the static pages at build time with the same components.
//!
//! Everything but `site` compiles for both targets: in the browser the components render and
//! hydrate, on the host Yew's server renderer runs them once, which is why no component may
//! call a browser API while rendering (effects run in the browser only).

/// The pure core, a crate of its own (`earmark-core`, sources in `src/core/`): see its docs.
pub use earmark_core as core;

pub mod embed;
pub mod platform;
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod precache;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;
