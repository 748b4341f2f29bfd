//! Writes a synthetic catalogue of episodes for the scale checks of `./dev test` and
//! `./dev bench`:
//!
//! ```text
//! cargo run --example catalogue -- <count> <folder>
//! ```
//!
//! Each episode is the seed episode varied by its number: its own title (so its own id), date,
//! guests, order of sections and a sentence of its own in every paragraph, so that no two
//! episodes are the same text. Deterministic: the same count gives the same files.

use std::fmt::Write as _;
use std::path::PathBuf;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

const GUESTS: [&str; 8] = ["Paul Triolo", "Ada Mensah", "Kenji Watanabe", "Lucía Ortega", "Priya Raman", "Tomasz Nowak", "Amara Obi", "Jonas Berg"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TOPICS: [&str; 6] = ["chips", "open weights", "export rules", "safety research", "compute budgets", "model evaluation"];

fn episode(n: usize) -> String {
    let lines: Vec<&str> = SEED.lines().collect();
    let topic = TOPICS[n % TOPICS.len()];
    let guest = GUESTS[n % GUESTS.len()];
    let aside = format!("In episode {n}, the talk turns to {topic} once more.");
    let mut out = String::new();
    let _ = writeln!(out, "Episode {n}: {} on {topic} (Robert Wright & {guest})", lines[0].split(" (").next().unwrap_or("Untitled"));
    let _ = writeln!(out, "{} {}, {}", MONTHS[n % 12], 1 + n % 28, 2020 + (n / 12) % 6);
    let _ = writeln!(out, "{} {aside}", lines[3]);
    for takeaway in &lines[4..7] {
        let _ = writeln!(out, "{takeaway} {aside}");
    }
    let _ = writeln!(out, "Deep dives");
    let pairs: Vec<(&str, &str)> = lines[8..18].chunks(2).map(|pair| (pair[0], pair[1])).collect();
    for i in 0..pairs.len() {
        let (heading, body) = pairs[(i + n) % pairs.len()];
        let _ = writeln!(out, "{heading}");
        let _ = writeln!(out, "{body} {aside}");
    }
    let _ = writeln!(out, "{}", lines[18]);
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(count), Some(folder)) = (args.next().and_then(|n| n.parse::<usize>().ok()), args.next()) else {
        eprintln!("usage: cargo run --example catalogue -- <count> <folder>");
        std::process::exit(2);
    };
    let folder = PathBuf::from(folder);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("the catalogue folder");
    for n in 1..=count {
        std::fs::write(folder.join(format!("{n:04}.txt")), episode(n)).expect("an episode file");
    }
}
