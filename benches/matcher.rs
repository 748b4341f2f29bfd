//! The matchers alone, natively. Search: how fast the index is built (folding) and searched, in
//! MB/s of episode text, on the long synthetic episode. "Where was this said?": the hit rate on
//! the seed episode's synthetic transcript (the passage each insight was written from ranks
//! first), and the time to index a one-hour transcript and to place one insight in it. Prints
//! figures; asserts only that the queries find what the episode holds.

#[cfg(not(target_arch = "wasm32"))]
// Each includer uses part of it (the episode, its transcript, its chapters).
#[allow(dead_code)]
#[path = "long_episode.rs"]
mod long_episode;
#[cfg(not(target_arch = "wasm32"))]
#[path = "summary.rs"]
mod summary;

/// Runs `f` repeatedly for about a second and returns the median time of one run.
#[cfg(not(target_arch = "wasm32"))]
fn median_time(mut f: impl FnMut()) -> std::time::Duration {
    use std::time::{Duration, Instant};
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

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;

    use earmark::core::parse::parse;
    use earmark::core::search::{segments, SearchIndex};

    let text = long_episode::text();
    let episode = parse(&text).expect("the long episode parses");
    let bytes: usize = segments(&episode).iter().map(|(_, text)| text.len()).sum();
    let mb = bytes as f64 / 1e6;

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

    provenance();
}

/// "Where was this said?": hit rate on the seed's synthetic transcript, and speed on an hour.
#[cfg(not(target_arch = "wasm32"))]
fn provenance() {
    use earmark::core::parse::parse;
    use earmark::core::provenance::PassageIndex;
    use earmark::core::transcript::{format_time, Cue, TranscriptFormat};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let episode = parse(&read("seeds/000_7a0b873023e3994b.txt")).expect("the seed parses");
    let transcript = TranscriptFormat::WebVtt.parse(&read("seeds/000_7a0b873023e3994b.vtt")).expect("the transcript parses");
    let expected = read("tests/fixtures/transcripts/deepseek.synthetic.expected.tsv");
    let index = PassageIndex::new(&transcript.cues);
    let mut hits = 0;
    let mut total = 0;
    for line in expected.lines() {
        // label, then the starts of the first and last cues the insight was written from
        let fields: Vec<&str> = line.split('\t').collect();
        let insight = episode.insights().find(|i| i.label().starts_with(fields[0])).expect("the insight is in the seed");
        let found = index.best(&format!("{} {}", insight.heading.as_deref().unwrap_or_default(), insight.text));
        // Times compare as the reader sees them ("m:ss"), which the file is written in.
        let seconds = |text: &str| text.split_once(':').map(|(m, s)| m.parse::<u64>().unwrap_or(0) * 60 + s.parse::<u64>().unwrap_or(0));
        let (from, to) = (seconds(fields[1]).unwrap_or(0), seconds(fields[2]).unwrap_or(0));
        hits += usize::from(found.is_some_and(|p| seconds(&format_time(p.time)).is_some_and(|t| (from..=to).contains(&t))));
        total += 1;
    }

    // A one-hour transcript: 1,000 cues, about 10,000 words, from the seed's own sentences.
    let sentences: Vec<&str> = episode.deep_dives.iter().flat_map(|d| d.text.split(". ")).collect();
    let cues: Vec<Cue> = (0..1_000u64)
        .map(|i| Cue { start: i * 3_600, end: Some(i * 3_600 + 3_500), speaker: None, text: sentences[i as usize % sentences.len()].to_string() })
        .collect();
    let build = median_time(|| {
        std::hint::black_box(PassageIndex::new(std::hint::black_box(&cues)));
    });
    let hour = PassageIndex::new(&cues);
    let query = &episode.deep_dives[3].text;
    let place = median_time(|| {
        std::hint::black_box(hour.best(std::hint::black_box(query)));
    });
    println!("\n\"Where was this said?\": {hits} of {total} insights taken to a cue they were written from (synthetic transcript)");
    println!("  index a one-hour transcript (1,000 cues)   {:>9.3} ms", build.as_secs_f64() * 1e3);
    println!("  place one deep dive in it                  {:>9.3} ms", place.as_secs_f64() * 1e3);
    summary::record("Where was this said?", "hit rate on the synthetic transcript", &format!("{hits} of {total}"), "most");
    summary::record(
        "Where was this said?",
        "one-hour transcript: index / one query (native)",
        &format!("{:.2} / {:.3} ms", build.as_secs_f64() * 1e3, place.as_secs_f64() * 1e3),
        "",
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}
