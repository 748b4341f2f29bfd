//! What the tests and benchmarks that read a release build share: where the repository and
//! the build are, the service worker's precache list, and what a first visit downloads.
// Each test crate and benchmark that includes this uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release build (`EARMARK_DIST`, default `dist`, made by `./dev test`).
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("EARMARK_DIST").map(PathBuf::from).unwrap_or_else(|| root().join("dist"));
    assert!(dist.join("index.html").is_file(), "no release build in {}: run `./dev test`", dist.display());
    dist
}

/// The precache list written into a `sw.js`, and its cache name.
pub fn precache(sw: &str) -> Result<(String, Vec<Value>), String> {
    let cache = sw.split("const CACHE = ").nth(1).and_then(|rest| rest.split(';').next()).ok_or("no CACHE constant in sw.js")?;
    let cache: String = serde_json::from_str(cache).map_err(|e| format!("the cache name is not a JSON string: {e}"))?;
    let list = sw.split("const PRECACHE = ").nth(1).and_then(|rest| rest.split(";\nconst PAGE").next()).ok_or("no PRECACHE list in sw.js")?;
    let list: Vec<Value> = serde_json::from_str(list).map_err(|e| format!("the precache list is not JSON: {e}"))?;
    Ok((cache, list))
}

/// What a first visit to `page` (such as `<episode>/index.html`) of the build `dist`
/// downloads, as `scripts/size.mjs --json` measures it, the one definition of a first load:
/// `{ page, files: [{ file, raw, gzip, brotli }], total }`.
pub fn first_load(dist: &Path, page: &str) -> Result<Value, String> {
    let out = Command::new("node")
        .arg(root().join("scripts/size.mjs"))
        .arg(dist)
        .args(["--page", page, "--json"])
        .output()
        .map_err(|e| format!("running node scripts/size.mjs: {e}"))?;
    if !out.status.success() {
        return Err(format!("scripts/size.mjs on {}: {}", dist.display(), String::from_utf8_lossy(&out.stderr)));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("scripts/size.mjs said something that is not JSON: {e}"))
}

/// The row of the file whose name ends in `suffix` (`_bg.wasm`) in a first load.
pub fn loaded<'a>(first_load: &'a Value, suffix: &str) -> Option<&'a Value> {
    first_load["files"].as_array()?.iter().find(|row| row["file"].as_str().is_some_and(|file| file.ends_with(suffix)))
}
