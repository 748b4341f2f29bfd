//! The browser entry point. It does nothing by itself: the loader decides what to mount.
//! `page.js` (the standalone page) calls `start_page`, and `embed.js` (host pages) calls
//! `mount` for each `[data-earmark]` element; both are exported from [`earmark::embed`].

#[cfg(target_arch = "wasm32")]
pub use earmark::embed::{mount, start_page, Instance};

#[cfg(target_arch = "wasm32")]
fn main() {}

// On the host there is nothing to run: the binary exists for the browser build only.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("earmark runs in the browser: use `./dev serve`");
}
