//! `earmark import` end to end: the built binary on fixture feeds, and what it wrote read back
//! with the core's parser (the build's). Fetching is tested against a small HTTP server on
//! 127.0.0.1 that the test starts; nothing leaves the machine.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::*;

#[test]
fn a_feed_with_every_tag_imports_each_item_with_its_files() {
    let into = temp_dir("show");
    let ran = import(&fixtures().join("show/feed.xml"), &into, &["--no-fetch"]);
    assert_eq!(ran.status, 0, "{}{}", ran.stdout, ran.stderr);
    assert_eq!(
        names(&into),
        [
            "content-security-policy-in-practice.txt",
            "feeds-are-untrusted-input.chapters.json",
            "feeds-are-untrusted-input.txt",
            "feeds-are-untrusted-input.vtt",
            "shadow-roots-inheritance.srt",
            "shadow-roots-inheritance.txt",
        ]
    );
    // Local files are copied as they are.
    let files = fixtures().join("show/files");
    assert_eq!(std::fs::read(into.join("feeds-are-untrusted-input.vtt")).unwrap(), std::fs::read(files.join("0001.vtt")).unwrap());
    assert_eq!(std::fs::read(into.join("shadow-roots-inheritance.srt")).unwrap(), std::fs::read(files.join("0002.srt")).unwrap());
    // Remote ones are skipped with a note, not a warning.
    assert!(ran.stderr.contains("feed.xml:45: note: item 3 \"Content-Security-Policy in Practice\": not fetched (--no-fetch): https://transcripts.fieldnotes.example/0003.vtt"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);

    let text = std::fs::read_to_string(into.join("feeds-are-untrusted-input.txt")).unwrap();
    let expected_header = "Feeds Are Untrusted Input (Maya Lindqvist & Omar Haddad)
2025-03-12
guid: fieldnotes-0001
audio: https://cdn.fieldnotes.example/0001.mp3 audio/mpeg 48213112
duration: 1:02:03
link: https://fieldnotes.example/episodes/feeds-are-untrusted
person: Maya Lindqvist (host)
person: Omar Haddad (guest)
";
    assert!(text.starts_with(expected_header), "{text}");

    // PROPOSED-FIELDS: parsed after stripping the proposed field lines.
    let documents = parse_documents(&into);
    assert_eq!(documents.len(), 3);
    for (name, _, episode) in &documents {
        assert!(episode.takeaways.is_empty() && episode.deep_dives.is_empty() && episode.topics.is_empty(), "{name}");
    }
    let (_, _, first) = documents.iter().find(|(n, _, _)| n == "feeds-are-untrusted-input.txt").unwrap();
    assert_eq!(first.people, ["Maya Lindqvist", "Omar Haddad"]);
    assert_eq!(first.published.to_string(), "2025-03-12");
    assert_eq!(
        first.summary,
        "Omar Haddad explains why every string in a feed is text, never markup. ¶ Read the CSP spec (https://www.w3.org/TR/CSP3/) & the notes at https://fieldnotes.example/1. ¶ Shadow DOM ¶ Trusted Types in practice"
    );
    let (_, second_text, second) = documents.iter().find(|(n, _, _)| n == "shadow-roots-inheritance.txt").unwrap();
    assert_eq!(second.title, "Shadow Roots & Inheritance");
    assert_eq!(second.people, ["Maya Lindqvist"], "the channel's author stands in for the item's");
    assert_eq!(second.summary, "Why the host’s fonts still leak in. ¶ Second paragraph.");
    assert!(second_text.contains("\nduration: 45:10\n"), "{second_text}");
}

#[test]
fn importing_twice_changes_nothing() {
    let into = temp_dir("twice");
    let feed = fixtures().join("show/feed.xml");
    assert_eq!(import(&feed, &into, &["--no-fetch"]).status, 0);
    let before: Vec<_> = names(&into).iter().map(|n| std::fs::read(into.join(n)).unwrap()).collect();
    let ran = import(&feed, &into, &["--no-fetch"]);
    assert_eq!(ran.status, 0);
    assert!(ran.stdout.contains("3 items, 0 created, 0 updated, 3 unchanged"), "{}", ran.stdout);
    let after: Vec<_> = names(&into).iter().map(|n| std::fs::read(into.join(n)).unwrap()).collect();
    assert_eq!(before, after);
}

#[test]
fn odd_dates_are_read_and_an_unreadable_one_is_a_warning() {
    let into = temp_dir("dates");
    let ran = import(&fixtures().join("odd-dates.xml"), &into, &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let cases = [
        ("single-digit-day.txt", "2025-03-02"),
        ("full-names.txt", "2025-03-05"),
        ("two-digit-year.txt", "2025-03-06"),
        // The day as written, in the feed's zone: 23:30 at -0800 stays the 7th.
        ("no-weekday.txt", "2025-09-07"),
    ];
    let documents = parse_documents(&into);
    for (name, date) in cases {
        let (_, _, episode) = documents.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(episode.published.to_string(), date, "{name}");
    }
    assert!(
        ran.stderr.contains("odd-dates.xml:9: warning: item 5 \"Unreadable Date\": cannot read its <pubDate>: expected a date such as \"Wed, 12 Mar 2025 08:00:00 +0000\", found \"sometime in spring\""),
        "{}",
        ran.stderr
    );
    assert!(into.join("unreadable-date.txt").exists(), "the item is still imported");
    // --strict makes the warning a failure.
    let strict = import(&fixtures().join("odd-dates.xml"), &temp_dir("dates-strict"), &["--strict"]);
    assert_eq!(strict.status, 1);
}

#[test]
fn a_truncated_feed_imports_the_items_before_the_cut() {
    let into = temp_dir("truncated");
    let ran = import(&fixtures().join("truncated.xml"), &into, &[]);
    assert_eq!(ran.status, 1, "{}", ran.stderr);
    assert_eq!(names(&into), ["complete-episode.txt"]);
    assert!(ran.stderr.contains("truncated.xml:16: error: the feed ends inside <description> (opened at line 16)"), "{}", ran.stderr);
    assert!(ran.stderr.contains("truncated.xml:16: error: item 2 \"Half an Episode\": not imported"), "{}", ran.stderr);
    parse_documents(&into);
}

#[test]
fn a_duplicate_guid_costs_that_item_only() {
    let into = temp_dir("duplicates");
    let ran = import(&fixtures().join("duplicate-guids.xml"), &into, &[]);
    assert_eq!(ran.status, 1);
    assert_eq!(names(&into), ["first-take.txt", "third-no-audio.txt"]);
    assert!(ran.stderr.contains("duplicate-guids.xml:6: error: item 2 \"Second Take\": not imported: its guid \"same-guid\" is item 1's too"), "{}", ran.stderr);
    assert!(ran.stderr.contains("duplicate-guids.xml:7: warning: item 3 \"Third, No Audio\": no <enclosure>"), "{}", ran.stderr);
    let text = std::fs::read_to_string(into.join("third-no-audio.txt")).unwrap();
    assert!(!text.contains("\naudio: "), "{text}");
    parse_documents(&into);
}

#[test]
fn an_unknown_transcript_type_is_a_warning_and_another_transcript_is_taken() {
    let into = temp_dir("types");
    let ran = import(&fixtures().join("unknown-transcript.xml"), &into, &[]);
    assert_eq!(ran.status, 0);
    assert!(ran.stderr.contains("unknown-transcript.xml:11: warning: item 1 \"Plain Text Transcript\": unknown transcript type \"text/plain\""), "{}", ran.stderr);
    assert_eq!(names(&into), ["plain-text-transcript.txt", "plain-text-transcript.vtt"]);
}

#[test]
fn nothing_is_written_or_read_outside_the_folders() {
    let root = temp_dir("traversal");
    let into = root.join("a/b/episodes");
    let ran = import(&fixtures().join("traversal.xml"), &into, &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    // File names are slugs of the title: no folder, no `..`.
    assert_eq!(names(&into), ["episode-2.txt", "etc-passwd.txt"]);
    assert_eq!(names(&root), ["a"]);
    assert_eq!(names(&root.join("a")), ["b"]);
    assert_eq!(names(&root.join("a/b")), ["episodes"]);
    assert!(!std::path::Path::new("/tmp/evil.txt").exists());
    // A local path that climbs out of the feed's folder is not read (nor quoted).
    assert!(ran.stderr.contains("is outside the feed's folder"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("root:"), "{}", ran.stderr);
    // The show notes lose their script and the `javascript:` address.
    let documents = parse_documents(&into);
    let (_, _, episode) = documents.iter().find(|(n, _, _)| n == "etc-passwd.txt").unwrap();
    assert_eq!(episode.summary, "Notes with a bad link.");
    assert_eq!(episode.title, "../../etc/passwd", "the title itself is kept as text");
}

#[test]
fn a_reimport_refreshes_metadata_and_keeps_what_people_wrote() {
    let root = temp_dir("reimport");
    let show = root.join("show");
    copy_tree(&fixtures().join("show"), &show);
    let into = root.join("episodes");
    assert_eq!(import(&show.join("feed.xml"), &into, &["--no-fetch"]).status, 0);

    // By hand: insights and a new summary in the first document; the second left as imported;
    // a file of the podcaster's own beside them.
    let first = into.join("feeds-are-untrusted-input.txt");
    let text = std::fs::read_to_string(&first).unwrap();
    let edited = text
        .replace(
            "Omar Haddad explains why every string in a feed is text, never markup. ¶ Read the CSP spec (https://www.w3.org/TR/CSP3/) & the notes at https://fieldnotes.example/1. ¶ Shadow DOM ¶ Trusted Types in practice",
            "A summary written by hand.\nEvery feed string is text, never markup.",
        )
        .replace("Deep dives\n...", "Deep dives\nWhy Feed Text Must Stay Text\nA paragraph written by hand.\nFeeds ... Text ...");
    std::fs::write(&first, &edited).unwrap();
    std::fs::write(into.join("notes.md"), "mine").unwrap();

    // The feed changes: new dates, duration, show notes and title of the first item.
    let feed = std::fs::read_to_string(show.join("feed.xml")).unwrap();
    let feed = feed
        .replace("Wed, 12 Mar 2025 08:00:00 +0000", "Thu, 13 Mar 2025 08:00:00 +0000")
        .replace("<title>Feeds Are Untrusted Input</title>", "<title>Feeds Are Untrusted Input (Remastered)</title>")
        .replace("<itunes:duration>2710</itunes:duration>", "<itunes:duration>2711</itunes:duration>")
        .replace("Second paragraph.", "A corrected second paragraph.");
    std::fs::write(show.join("feed.xml"), feed).unwrap();
    let ran = import(&show.join("feed.xml"), &into, &["--no-fetch", "--json"]);
    assert_eq!(ran.status, 0, "{}", ran.stdout);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let statuses: Vec<(&str, &str)> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["status"].as_str().unwrap(), d["summary"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("updated", "kept"), ("updated", "refreshed"), ("unchanged", "refreshed")]);
    let messages = report["messages"].as_array().unwrap();
    assert!(messages.iter().any(|m| m["severity"] == "warning" && m["item"] == 1 && m["message"].as_str().unwrap().contains("the document keeps \"Feeds Are Untrusted Input\"")), "{messages:?}");

    let documents = parse_documents(&into);
    let (_, text, episode) = documents.iter().find(|(n, _, _)| n == "feeds-are-untrusted-input.txt").unwrap();
    assert_eq!(episode.title, "Feeds Are Untrusted Input", "the title (and so the episode id) is kept");
    assert_eq!(episode.published.to_string(), "2025-03-13", "the date is refreshed");
    assert_eq!(episode.summary, "A summary written by hand.");
    assert_eq!(episode.takeaways.len(), 1);
    assert_eq!(episode.takeaways[0].text, "Every feed string is text, never markup.");
    assert_eq!(episode.deep_dives.len(), 1);
    assert_eq!(episode.deep_dives[0].text, "A paragraph written by hand.");
    assert_eq!(episode.topics, ["Feeds", "Text"]);
    assert!(!text.contains("show-notes:"), "a hand-edited summary is no longer the importer's: {text}");
    assert!(text.contains("guid: fieldnotes-0001"), "{text}");

    let (_, text, second) = documents.iter().find(|(n, _, _)| n == "shadow-roots-inheritance.txt").unwrap();
    assert_eq!(second.summary, "Why the host’s fonts still leak in. ¶ A corrected second paragraph.");
    assert!(text.contains("\nduration: 45:11\n"), "{text}");
    assert_eq!(std::fs::read_to_string(into.join("notes.md")).unwrap(), "mine", "other files are left alone");
    assert!(into.join("feeds-are-untrusted-input.vtt").exists());
}

#[test]
fn a_document_is_found_by_guid_after_its_title_changed() {
    let root = temp_dir("by-guid");
    let into = root.join("episodes");
    std::fs::create_dir_all(&into).unwrap();
    // A document written by hand, under a name of its own, with the item's guid.
    std::fs::write(
        into.join("007_by_hand.txt"),
        "Old Title (Ann Lee)\nJan 2, 2025\nguid: g-1\nA hand summary.\nA takeaway by hand.\nDeep dives\n...\n",
    )
    .unwrap();
    let feed = root.join("feed.xml");
    std::fs::write(
        &feed,
        r#"<rss version="2.0"><channel><title>T</title><item><title>New Title</title><guid>g-1</guid><pubDate>Fri, 3 Jan 2025 10:00:00 GMT</pubDate><description>Notes.</description><enclosure url="https://x.example/a.mp3" type="audio/mpeg" length="9"/></item></channel></rss>"#,
    )
    .unwrap();
    let ran = import(&feed, &into, &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(names(&into), ["007_by_hand.txt"]);
    let documents = parse_documents(&into);
    let (_, text, episode) = &documents[0];
    assert_eq!(episode.title, "Old Title");
    assert_eq!(episode.summary, "A hand summary.");
    assert_eq!(episode.takeaways[0].text, "A takeaway by hand.");
    assert_eq!(episode.published.to_string(), "2025-01-03");
    assert!(text.contains("audio: https://x.example/a.mp3 audio/mpeg 9"), "{text}");
}

#[test]
fn the_json_report_names_files_lines_and_items() {
    let into = temp_dir("json");
    let ran = import(&fixtures().join("duplicate-guids.xml"), &into, &["--json"]);
    assert_eq!(ran.status, 1);
    assert_eq!(ran.stderr, "");
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["items"], 3);
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    let error = &report["messages"][0];
    assert!(error["file"].as_str().unwrap().ends_with("duplicate-guids.xml"));
    assert_eq!(error["line"], 6);
    assert_eq!(error["item"], 2);
    assert_eq!(error["title"], "Second Take");
    assert_eq!(error["severity"], "error");
}

#[test]
fn usage_and_unknown_flags() {
    let help = earmark(&["--help"]);
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("import <feed.xml> --into <episodes-dir>"));
    let help = earmark(&["import", "--help"]);
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("--no-fetch"));
    for args in [&["import", "feed.xml", "--into", "x", "--bogus"][..], &["import", "feed.xml"], &["import"], &["frobnicate"], &["build", "seeds"]] {
        let ran = earmark(args);
        assert_eq!(ran.status, 2, "{args:?}: {}", ran.stderr);
        assert!(!ran.stderr.is_empty(), "{args:?}");
    }
    let ran = earmark(&["import", "feed.xml", "--into", "x", "--bogus"]);
    assert!(ran.stderr.contains("--bogus"), "{}", ran.stderr);
}

/// A tiny HTTP server on 127.0.0.1: a VTT, a 404, an HTML page where a VTT is promised, and
/// chapters. It answers until the test process ends.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let request = String::from_utf8_lossy(&request);
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, kind, body) = match path.as_str() {
                "/good.vtt" => ("200 OK", "text/vtt", "WEBVTT\n\n00:00.000 --> 00:03.000\n<v Ann>Served over HTTP.\n".to_string()),
                "/page.vtt" => ("200 OK", "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Please sign in</body></html>".to_string()),
                "/chapters.json" => ("200 OK", "application/json", r#"{"version":"1.2.0","chapters":[{"startTime":0,"title":"Start"}]}"#.to_string()),
                _ => ("404 Not Found", "text/plain", "not here".to_string()),
            };
            let response = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(response.as_bytes());
        }
    });
    port
}

#[test]
fn transcripts_are_fetched_and_failures_name_the_item() {
    let port = serve();
    let root = temp_dir("http");
    let into = root.join("episodes");
    let item = |n: usize, title: &str, transcript: &str, extra: &str| {
        format!(
            r#"<item><title>{title}</title><guid>h-{n}</guid><pubDate>Mon, 3 Mar 2025 08:00:00 GMT</pubDate><description>Notes.</description><enclosure url="https://x.example/{n}.mp3" type="audio/mpeg" length="9"/>
<podcast:transcript url="http://127.0.0.1:{port}/{transcript}" type="text/vtt"/>{extra}</item>
"#
        )
    };
    let chapters = format!(r#"<podcast:chapters url="http://127.0.0.1:{port}/chapters.json" type="application/json+chapters"/>"#);
    let feed = format!(
        "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel><title>H</title>\n{}{}{}</channel></rss>\n",
        item(1, "Served", "good.vtt", &chapters),
        item(2, "Missing", "missing.vtt", ""),
        item(3, "Sign In", "page.vtt", "")
    );
    std::fs::write(root.join("feed.xml"), feed).unwrap();
    let ran = import(&root.join("feed.xml"), &into, &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(names(&into), ["missing.txt", "served.chapters.json", "served.txt", "served.vtt", "sign-in.txt"]);
    assert!(std::fs::read_to_string(into.join("served.vtt")).unwrap().contains("Served over HTTP."));
    assert!(ran.stderr.contains(&format!("feed.xml:5: warning: item 2 \"Missing\": http://127.0.0.1:{port}/missing.vtt answered HTTP 404 Not Found")), "{}", ran.stderr);
    assert!(ran.stderr.contains("warning: item 3 \"Sign In\": ") && ran.stderr.contains("is an HTML page where a WebVTT file was expected"), "{}", ran.stderr);

    // --no-fetch fetches nothing, and says so as notes.
    let offline = root.join("offline");
    let ran = import(&root.join("feed.xml"), &offline, &["--no-fetch"]);
    assert_eq!(ran.status, 0);
    assert_eq!(names(&offline), ["missing.txt", "served.txt", "sign-in.txt"]);
    assert_eq!(ran.stderr.matches(": note: ").count(), 4, "{}", ran.stderr);
}

#[test]
fn an_unreachable_host_is_a_warning() {
    // A port nothing listens on: bind, take the port, close.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let root = temp_dir("refused");
    let feed = format!(
        r#"<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>R</title><item><title>Refused</title><guid>r-1</guid><pubDate>Mon, 3 Mar 2025 08:00:00 GMT</pubDate><description>Notes.</description><enclosure url="https://x.example/1.mp3" type="audio/mpeg" length="9"/><podcast:transcript url="http://127.0.0.1:{port}/t.vtt" type="text/vtt"/></item></channel></rss>"#
    );
    std::fs::write(root.join("feed.xml"), feed).unwrap();
    let ran = import(&root.join("feed.xml"), &root.join("episodes"), &[]);
    assert_eq!(ran.status, 0);
    assert!(ran.stderr.contains("warning: item 1 \"Refused\": cannot fetch") && ran.stderr.contains("offline?"), "{}", ran.stderr);
}
