//! Prints the long synthetic episode that `./dev bench` (and the build with render counts)
//! bundles: the episode document, or with `--transcript` its one-hour WebVTT transcript, or
//! with `--chapters` its chapters.

#[path = "../benches/long_episode.rs"]
mod long_episode;

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("--transcript") => print!("{}", long_episode::transcript()),
        Some("--chapters") => print!("{}", long_episode::chapters()),
        _ => print!("{}", long_episode::text()),
    }
}
