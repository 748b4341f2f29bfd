//! The browser entry point: mounts the reader into `#earmark`, or into `<body>` when a page
//! has no such element.

#[cfg(target_arch = "wasm32")]
fn main() {
    earmark::ui::mount();
}

// On the host there is nothing to run: the binary exists for the browser build only.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("earmark runs in the browser: use `./dev serve`");
}
