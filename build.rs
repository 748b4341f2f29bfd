//! Bundles the episodes of `seeds/` into the build, and refuses to build when one of them does
//! not parse: a broken episode is a compile error with the parser's message, never a blank page.

use std::fmt::Write as _;
use std::path::Path;

// The build script shares the real parser with the app: the core is a pure-Rust crate with no
// browser dependencies, so it builds on the host as is.
use earmark_core as core;

fn main() {
    // EARMARK_SEEDS_DIR bundles another folder instead: the benchmark builds the app with a long
    // synthetic episode this way.
    println!("cargo:rerun-if-env-changed=EARMARK_SEEDS_DIR");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = match std::env::var_os("EARMARK_SEEDS_DIR") {
        Some(dir) => manifest.join(dir),
        None => manifest.join("seeds"),
    };
    println!("cargo:rerun-if-changed={}", seeds.display());

    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|error| fail(&format!("cannot read {}: {error}", seeds.display())))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        fail("seeds/ holds no episode (*.txt); Earmark needs at least one");
    }

    let mut ids: Vec<(String, String)> = Vec::new();
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap_or_else(|error| fail(&format!("seeds/{name}: {error}")));
        let episode = core::parse::parse_bytes(&bytes).unwrap_or_else(|error| fail(&format!("seeds/{name}: {error}")));
        if let Some((other, _)) = ids.iter().find(|(_, id)| *id == episode.id) {
            fail(&format!(
                "seeds/{name}: the episode id \"{}\" is already used by seeds/{other}; ids come from titles and must be unique",
                episode.id
            ));
        }
        ids.push((name.clone(), episode.id));
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push(']');

    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("seeds.rs");
    std::fs::write(&target, out).unwrap_or_else(|error| fail(&format!("cannot write {}: {error}", target.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    println!("cargo:warning={message}");
    std::process::exit(1);
}
