//! The architectural invariant that `src/core` does no I/O and names no browser crate.
//!
//! The host build already cannot compile a `use yew::…` in the core (the browser crates are
//! wasm-only dependencies); this test also catches I/O through the standard library, which
//! would compile everywhere.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "yew", "web_sys", "gloo", "wasm_bindgen", "js_sys", "std::fs", "std::net", "std::process",
    "std::env", "std::io", "std::time::SystemTime", "std::thread",
];

#[test]
fn core_names_no_browser_crate_and_does_no_io() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for name in FORBIDDEN {
                    assert!(
                        !code.contains(&format!("{name}::")) && !code.contains(&format!("use {name}")),
                        "{}:{}: the core must not use `{name}`: {line}",
                        path.display(),
                        number + 1
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "expected the core's modules, found {checked}");
}
