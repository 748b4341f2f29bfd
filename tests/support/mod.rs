//! What the tests that read the release build share: where the repository and the build are.

use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release build (`EARMARK_DIST`, default `dist`, made by `./dev test`).
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("EARMARK_DIST").map(PathBuf::from).unwrap_or_else(|| root().join("dist"));
    assert!(dist.join("index.html").is_file(), "no release build in {}: run `./dev test`", dist.display());
    dist
}
