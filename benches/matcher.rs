//! The matcher alone, natively: how fast the index is built (folding) and searched, in MB/s of
//! episode text, on the long synthetic episode. Prints figures; asserts only that the queries
//! find what the episode holds.

#[cfg(not(target_arch = "wasm32"))]
#[path = "long_episode.rs"]
mod long_episode;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use earmark::core::parse::parse;
    use earmark::core::search::{segments, SearchIndex};

    let text = long_episode::text();
    let episode = parse(&text).expect("the long episode parses");
    let bytes: usize = segments(&episode).iter().map(|(_, text)| text.len()).sum();
    let mb = bytes as f64 / 1e6;

    /// Runs `f` repeatedly for about a second and returns the median time of one run.
    fn median_time(mut f: impl FnMut()) -> Duration {
        let mut times = Vec::new();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(1) || times.len() < 10 {
            let t = Instant::now();
            f();
            times.push(t.elapsed());
        }
        times.sort();
        times[times.len() / 2]
    }

    println!("\nmatcher benchmark: {} deep dives, {:.0} KB of text", episode.deep_dives.len(), bytes as f64 / 1e3);
    let build = median_time(|| {
        black_box(SearchIndex::new(black_box(&episode)));
    });
    println!(
        "  {:<28} {:>9.3} ms  {:>8.1} MB/s",
        "build index (fold)",
        build.as_secs_f64() * 1e3,
        mb / build.as_secs_f64()
    );
    let index = SearchIndex::new(&episode);
    let queries = [
        ("common word \"the\"", "the"),
        ("rare word", long_episode::RARE_WORD),
        ("no match", "zebrafish xylophone"),
        ("phrase with accents", "coopération"),
    ];
    for (label, query) in queries {
        let found = index.find(query).len();
        let time = median_time(|| {
            black_box(index.find(black_box(query)));
        });
        println!(
            "  {:<28} {:>9.3} ms  {:>8.1} MB/s  {found} matches",
            label,
            time.as_secs_f64() * 1e3,
            mb / time.as_secs_f64()
        );
        if query == long_episode::RARE_WORD {
            assert_eq!(found, 3, "the rare word is in three sections");
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
