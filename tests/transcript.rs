//! Transcripts and chapters: each format read from its fixture (`tests/fixtures/transcripts/`,
//! written for these tests), malformed files with the place and message they fail with, and
//! properties: no input makes a parser panic, and WebVTT and SubRip times read back as written.

use std::path::Path;

use earmark::core::transcript::{format_time, parse_chapters, Chapter, Cue, Location, Transcript, TranscriptFormat};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Transcript {
    let format = TranscriptFormat::of(name).unwrap_or_else(|| panic!("{name}: no transcript format"));
    format.parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cue(start: u64, end: Option<u64>, speaker: Option<&str>, text: &str) -> Cue {
    Cue { start, end, speaker: speaker.map(str::to_string), text: text.to_string() }
}

#[test]
fn formats_are_known_by_the_file_name() {
    let cases = [
        ("ep.vtt", Some(TranscriptFormat::WebVtt)),
        ("ep.VTT", Some(TranscriptFormat::WebVtt)),
        ("ep.srt", Some(TranscriptFormat::SubRip)),
        ("ep.transcript.json", Some(TranscriptFormat::Json)),
        ("ep.html", Some(TranscriptFormat::Html)),
        ("ep.chapters.json", None),
        ("ep.json", None),
        ("ep.txt", None),
    ];
    for (name, format) in cases {
        assert_eq!(TranscriptFormat::of(name), format, "{name}");
    }
}

#[test]
fn webvtt_reads_voices_identifiers_settings_and_skips_notes_styles_and_regions() {
    let cues = read("features.vtt").cues;
    let expected = [
        cue(0, Some(4_500), Some("Ada"), "Welcome back to the show about podcast players."),
        cue(4_500, Some(9_000), Some("Ben Okafor"), "Thanks, Ada. Today we talk about transcripts & chapters."),
        cue(9_000, Some(15_250), Some("Ada"), "Why do they matter? Because listeners search them <all the time>."),
        // Out of order in the file: ordered by start.
        cue(15_250, Some(20_500), Some("Ada"), "Let's start with the formats."),
        cue(20_000, Some(24_000), Some("Ben Okafor"), "And because a quote needs its timestamp."),
        cue(24_000, Some(26_000), None, "[music]"),
        cue(3_600_000, Some(3_603_000), Some("Ada"), "One hour in, still talking."),
    ];
    assert_eq!(cues, expected);
}

#[test]
fn webvtt_takes_a_byte_order_mark_and_crlf() {
    let text = "\u{feff}WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Ada>Hi &amp; bye</v>\r\n";
    assert_eq!(TranscriptFormat::WebVtt.parse(text).unwrap().cues, [cue(1_000, Some(2_000), Some("Ada"), "Hi & bye")]);
}

#[test]
fn subrip_reads_speaker_prefixes_and_drops_its_tags() {
    let cues = read("features.srt").cues;
    let expected = [
        cue(0, Some(4_500), Some("Ada"), "Welcome back to the show about podcast players."),
        cue(4_500, Some(9_000), Some("Ben Okafor"), "Thanks, Ada. Today we talk about transcripts and chapters."),
        cue(9_000, Some(15_250), Some("Ada"), "Why do they matter? Because listeners search them."),
        cue(15_250, Some(20_500), Some("Ada"), "Let us start with the formats."),
        cue(20_500, Some(22_000), None, "[laughter]"),
    ];
    assert_eq!(cues, expected);
}

#[test]
fn json_merges_word_level_segments_into_turns() {
    let cues = read("features.transcript.json").cues;
    let expected = [
        cue(0, Some(2_100), Some("Ada"), "Welcome back to the show."),
        cue(4_500, Some(5_500), Some("Ben Okafor"), "Thanks, Ada!"),
        cue(6_000, Some(7_500), None, "[music]"),
        cue(9_000, Some(15_250), Some("Ada"), "Why do they matter? Because listeners search them & quote them."),
    ];
    assert_eq!(cues, expected);
}

#[test]
fn json_splits_a_long_turn_into_paragraphs_at_sentence_ends() {
    let sentence = "one two three four five six seven eight nine ten.";
    let segments: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"speaker":"Ada","startTime":{i},"endTime":{},"body":"{sentence}"}}"#, i + 1))
        .collect();
    let text = format!(r#"{{"version":"1.0.0","segments":[{}]}}"#, segments.join(","));
    let cues = TranscriptFormat::Json.parse(&text).unwrap().cues;
    assert_eq!(cues.len(), 2, "{cues:?}");
    assert!(cues.iter().all(|c| c.speaker.as_deref() == Some("Ada")));
    assert_eq!((cues[0].start, cues[1].start), (0, 6_000));
}

#[test]
fn json_orders_segments_before_making_turns() {
    let text = r#"{"version":"1.0.0","segments":[
        {"speaker":"Ada","startTime":10,"endTime":11,"body":"later."},
        {"speaker":"Ada","startTime":1,"endTime":2,"body":"earlier."}]}"#;
    assert_eq!(TranscriptFormat::Json.parse(text).unwrap().cues, [cue(1_000, Some(11_000), Some("Ada"), "earlier. later.")]);
}

#[test]
fn html_paragraphs_keep_their_inline_elements() {
    let text = "<time>0:01</time><p>Look <picture>x</picture> here, <pre>y</pre>.</p>";
    assert_eq!(TranscriptFormat::Html.parse(text).unwrap().cues, [cue(1_000, None, None, "Look x here, y.")]);
}

#[test]
fn a_long_html_transcript_parses_in_one_pass() {
    // Two megabytes: reading it in time proportional to its length takes milliseconds; a
    // parser that went back to the start for each tag took minutes.
    let text = "<time>0:00</time><p>a</p>\n".repeat(80_000);
    assert_eq!(TranscriptFormat::Html.parse(&text).unwrap().cues.len(), 80_000);
}

#[test]
fn html_reads_cite_time_and_paragraphs() {
    let cues = read("features.html").cues;
    let expected = [
        cue(0, None, Some("Ada"), "Welcome back to the show about podcast players."),
        cue(4_500, None, Some("Ben Okafor"), "Thanks, Ada. Today we talk about transcripts & chapters."),
        cue(9_000, None, Some("Ben Okafor"), "Still Ben, in a second paragraph – no new cite."),
        cue(3_600_000, None, Some("Ada"), "One hour in, still talking."),
    ];
    assert_eq!(cues, expected);
}

#[test]
fn chapters_read_every_field_in_order() {
    let chapters = parse_chapters(&fixture("features.chapters.json")).unwrap();
    let chapter = |start, title: Option<&str>| Chapter {
        start,
        end: None,
        title: title.map(str::to_string),
        url: None,
        toc: true,
        img: None,
        location: None,
    };
    let expected = vec![
        chapter(0, Some("Welcome")),
        Chapter {
            img: Some("https://example.com/why.png".into()),
            location: Some(Location { name: "Lagos".into(), geo: Some("geo:6.5244,3.3792".into()) }),
            ..chapter(4_500, Some("Why transcripts"))
        },
        Chapter {
            url: Some("https://podcastindex.org/namespace/1.0".into()),
            end: Some(24_000),
            ..chapter(15_250, Some("The formats & their tags"))
        },
        Chapter { toc: false, ..chapter(24_000, None) },
        chapter(3_600_000, Some("One hour in")),
    ];
    assert_eq!(chapters, expected);
}

#[test]
fn malformed_transcripts_say_where_and_what() {
    let cases: &[(TranscriptFormat, &str, &str)] = &[
        (TranscriptFormat::WebVtt, "", "line 1: expected the signature \"WEBVTT\", found \"\""),
        (TranscriptFormat::WebVtt, "WEBVTTX\n", "line 1: expected the signature \"WEBVTT\", found \"WEBVTTX\""),
        (
            TranscriptFormat::WebVtt,
            "WEBVTT\n\n00:01.000 -> 00:02.000\nHi\n",
            "line 4: expected a cue timing such as 00:01.000 --> 00:04.000, found \"Hi\"",
        ),
        (
            TranscriptFormat::WebVtt,
            "WEBVTT\n\n00:01.000 --> 00:02\nHi\n",
            "line 3: expected a cue timing such as 00:01.000 --> 00:04.000, found \"00:01.000 --> 00:02\"",
        ),
        (
            TranscriptFormat::WebVtt,
            "WEBVTT\n\nid\n\n",
            "line 4: expected a cue timing such as 00:01.000 --> 00:04.000, found \"\"",
        ),
        (
            TranscriptFormat::WebVtt,
            "WEBVTT\n\n00:05.000 --> 00:02.000\nHi\n",
            "line 3: expected a cue that ends after it starts, found one from 0:05 to 0:02",
        ),
        (
            TranscriptFormat::SubRip,
            "1\n00:00:01.000 - 00:00:02.000\nHi\n",
            "line 2: expected a cue timing such as 00:00:01,000 --> 00:00:04,000, found \"00:00:01.000 - 00:00:02.000\"",
        ),
        (TranscriptFormat::SubRip, "1\n", "line 2: expected a cue timing such as 00:00:01,000 --> 00:00:04,000, found \"\""),
        (TranscriptFormat::Json, "{\"version\": \"1.0.0\",", "line 1: expected a JSON transcript, found text that is not JSON (EOF while parsing a value at line 1 column 20)"),
        (TranscriptFormat::Json, "[]", "the document: expected an object with \"version\" and \"segments\""),
        (TranscriptFormat::Json, "{\"segments\": []}", "version: expected a version string such as \"1.0.0\", found nothing"),
        (TranscriptFormat::Json, "{\"version\": \"1\", \"segments\": {}}", "segments: expected an array of segments, found an object"),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": 1, \"body\": \"a\"}, {\"body\": \"b\"}]}",
            "segments[1].startTime: expected a time in seconds, found nothing",
        ),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": \"1\", \"body\": \"a\"}]}",
            "segments[0].startTime: expected a time in seconds, found a string",
        ),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": -1, \"body\": \"a\"}]}",
            "segments[0].startTime: expected a time in seconds of at least 0, found -1",
        ),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": 5, \"endTime\": 2, \"body\": \"a\"}]}",
            "segments[0].endTime: expected an end after the start (0:05), found 0:02",
        ),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": 5, \"body\": 7}]}",
            "segments[0].body: expected the text as a string, found a number",
        ),
        (
            TranscriptFormat::Json,
            "{\"version\": \"1\", \"segments\": [{\"startTime\": 5, \"body\": null}]}",
            "segments[0].body: expected the text as a string, found null",
        ),
        (TranscriptFormat::Html, "<time>0:00</time>\n<p>Hi", "line 2: expected <p> to be closed by </p>, found none"),
        (TranscriptFormat::Html, "<p>Hi</p>", "line 1: expected a <time> before the paragraph, found none"),
        (TranscriptFormat::Html, "\n<time>soon</time>", "line 2: expected a time such as 1:02:03 or 12:34, found \"soon\""),
    ];
    for (format, text, message) in cases {
        match format.parse(text) {
            Err(error) => assert_eq!(error.to_string(), *message, "{format:?} {text:?}"),
            Ok(transcript) => panic!("{format:?} {text:?} was read as {transcript:?}"),
        }
    }
}

#[test]
fn malformed_chapters_say_where_and_what() {
    let cases = [
        ("{", "line 1: expected JSON chapters, found text that is not JSON (EOF while parsing an object at line 1 column 1)"),
        ("{\"chapters\": []}", "version: expected a version string such as \"1.2.0\", found nothing"),
        ("{\"version\": \"1.2.0\"}", "chapters: expected an array of chapters, found nothing"),
        ("{\"version\": \"1.2.0\", \"chapters\": [{\"title\": \"x\"}]}", "chapters[0].startTime: expected a time in seconds, found nothing"),
        ("{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 0, \"toc\": \"no\"}]}", "chapters[0].toc: expected true or false, found a string"),
        ("{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 0, \"title\": 3}]}", "chapters[0].title: expected a string, found a number"),
        ("{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 0, \"location\": {}}]}", "chapters[0].location.name: expected the place's name as a string"),
        ("{\"version\": \"1.2.0\", \"chapters\": [1]}", "chapters[0]: expected a chapter object, found a number"),
        (
            "{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 60, \"endTime\": 30}]}",
            "chapters[0].endTime: expected an end after the start (1:00), found 0:30",
        ),
    ];
    for (text, message) in cases {
        match parse_chapters(text) {
            Err(error) => assert_eq!(error.to_string(), message, "{text:?}"),
            Ok(chapters) => panic!("{text:?} was read as {chapters:?}"),
        }
    }
}

#[test]
fn a_one_hour_transcript_parses_in_one_pass() {
    // About 10,000 words in 1,000 cues, as a one-hour episode has.
    let mut text = String::from("WEBVTT\n\n");
    for i in 0..1_000u64 {
        let (start, end) = (i * 3_600, i * 3_600 + 3_500);
        let stamp = |ms: u64| format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        text += &format!("{} --> {}\n<v Speaker {}>word word word word word word word word word word.</v>\n\n", stamp(start), stamp(end), i % 3);
    }
    let cues = TranscriptFormat::WebVtt.parse(&text).unwrap().cues;
    assert_eq!(cues.len(), 1_000);
    assert_eq!(format_time(cues[999].start), "59:56");
}

/// A WebVTT timestamp of `ms`, with or without hours.
fn vtt_time(ms: u64, hours: bool) -> String {
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if hours || h > 0 {
        format!("{h:02}:{m:02}:{s:02}.{f:03}")
    } else {
        format!("{m:02}:{s:02}.{f:03}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_input_makes_a_parser_panic(text in "\\PC*(\n\\PC*){0,12}") {
        for format in [TranscriptFormat::WebVtt, TranscriptFormat::SubRip, TranscriptFormat::Json, TranscriptFormat::Html] {
            let _ = format.parse(&text);
            let _ = format.parse(&format!("WEBVTT\n\n{text}"));
        }
        let _ = parse_chapters(&text);
    }

    #[test]
    fn no_cue_like_input_makes_a_parser_panic(lines in prop::collection::vec("[0-9:,.> -]{0,30}|<v[ .a-z]{0,6}>?[a-z &;#0-9]{0,12}|NOTE.*|", 0..20)) {
        let body = lines.join("\n");
        let _ = TranscriptFormat::WebVtt.parse(&format!("WEBVTT\n\n{body}"));
        let _ = TranscriptFormat::SubRip.parse(&body);
        let _ = TranscriptFormat::Html.parse(&body.replace(':', "<time>").replace(',', "</time><p>"));
    }

    #[test]
    fn webvtt_and_subrip_times_read_back_as_written(start in 0u64..360_000_000, length in 0u64..600_000, hours: bool) {
        let end = start + length;
        let vtt = format!("WEBVTT\n\n{} --> {}\nHi\n", vtt_time(start, hours), vtt_time(end, hours));
        let cues = TranscriptFormat::WebVtt.parse(&vtt).unwrap().cues;
        prop_assert_eq!((cues[0].start, cues[0].end), (start, Some(end)));
        let srt = format!("1\n{} --> {}\nHi\n", vtt_time(start, true).replace('.', ","), vtt_time(end, true).replace('.', ","));
        let cues = TranscriptFormat::SubRip.parse(&srt).unwrap().cues;
        prop_assert_eq!((cues[0].start, cues[0].end), (start, Some(end)));
    }
}
