//! Writing into the episodes folder: atomic per file, and only under names that cannot leave
//! the folder.
//!
//! The design decision: every file is written to a temporary file in the same folder and then
//! renamed over its name, so a reader (the build, a watcher, a crash) sees the old file or the
//! new one, never half of one. Names are checked here, in the one function that writes, so
//! that no caller can write outside the folder whatever the feed says: a name must be a single
//! path component with an ending, never `..`, `/` or a hidden file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `name` may be written in the episodes folder: one plain path component, with an
/// ending, that is not hidden and holds no separator, no `..` and no control character. Names
/// made from feed data are slugs before they get here; this is the second wall, for every name.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name.contains('.')
        && !name.contains("..")
        && !name.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
}

/// Writes `contents` to `dir/name` atomically. Refuses a name that [`is_safe_name`] refuses.
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, String> {
    if !is_safe_name(name) {
        return Err(format!("refused to write \"{name}\": not a plain file name in the episodes folder"));
    }
    let path = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, &path)
    })();
    match result {
        Ok(()) => Ok(path),
        Err(error) => {
            // The temporary file may or may not exist; either way it must not stay behind.
            let _ = std::fs::remove_file(&temp);
            Err(format!("cannot write {}: {error}", path.display()))
        }
    }
}
