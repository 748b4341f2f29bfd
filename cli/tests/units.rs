//! Data-driven cases for the pieces of `earmark import`: feed dates, show notes, durations.

use earmark_cli::cmd::import::parse_duration;
use earmark_cli::html::paragraphs;
use earmark_cli::rfc822::parse_date;

#[test]
fn feed_dates() {
    let good = [
        ("Wed, 12 Mar 2025 08:00:00 +0000", "2025-03-12"),
        ("Wed, 5 Mar 2025 08:00:00 GMT", "2025-03-05"),
        ("Wed,  5 Mar 2025 08:00:00 GMT", "2025-03-05"),
        ("Wednesday, 05 March 2025 10:00 PDT", "2025-03-05"),
        ("Thu, 06 Mar 25 10:00:00 CEST", "2025-03-06"),
        ("06 Mar 99 10:00:00 EST", "1999-03-06"),
        ("7 Sept 2025 23:30 -0800", "2025-09-07"),
        ("7 Sep. 2025", "2025-09-07"),
        ("Tue, 1 Apr 2025 9:00:00 Z", "2025-04-01"),
        ("Mon, 10 Mar 2025 08:00:00 +05:30", "2025-03-10"),
        ("Sat, 29 Feb 2024 00:00:00 +0000", "2024-02-29"),
        ("2025-03-12", "2025-03-12"),
        ("2025-03-12T08:00:00Z", "2025-03-12"),
        ("March 12, 2025", "2025-03-12"),
        // A wrong weekday does not lose the day.
        ("Mon, 12 Mar 2025 08:00:00 +0000", "2025-03-12"),
    ];
    for (text, want) in good {
        assert_eq!(parse_date(text).map(|d| d.to_string()), Ok(want.to_string()), "{text:?}");
    }
    let bad = [
        ("", "empty"),
        ("sometime in spring", "expected"),
        ("Wed, 32 Mar 2025 08:00:00 +0000", "no such day"),
        ("Wed, 29 Feb 2025 08:00:00 +0000", "no such day"),
        ("Wed, 12 Mars 2025", "month name"),
        ("Wed, 12 Mar 202 08:00", "four-digit year"),
        ("Wed, 12 Mar 2025 8h00", "time"),
        ("Wed, 12 Mar 2025 08:00 +08", "time zone"),
        ("12/03/2025", "expected"),
    ];
    for (text, why) in bad {
        let error = parse_date(text).expect_err(text);
        assert!(error.contains(why), "{text:?}: {error}");
    }
}

#[test]
fn show_notes_become_paragraphs() {
    let cases: &[(&str, &[&str])] = &[
        ("Plain notes.", &["Plain notes."]),
        ("Line one\nLine two\n\nLine three", &["Line one", "Line two", "Line three"]),
        ("<p>One &amp; two</p><p>Three&#8217;s</p>", &["One & two", "Three’s"]),
        ("A<br>B<br/>C", &["A", "B", "C"]),
        ("<p>See <a href=\"https://w3.org/TR/CSP3/\">the spec</a>.</p>", &["See the spec (https://w3.org/TR/CSP3/)."]),
        ("<a href=\"https://example.com/\">https://example.com</a>", &["https://example.com/"]),
        ("<a href=\"https://example.com/x\">example.com/x</a>", &["https://example.com/x"]),
        ("<a href=\"javascript:alert(1)\">click</a> here", &["click here"]),
        ("<a href=\"/relative\">page</a>", &["page"]),
        ("<script>alert(1)</script><style>p{}</style>Text", &["Text"]),
        ("<!-- hidden -->Shown", &["Shown"]),
        ("<ul><li>First</li><li>Second</li></ul>", &["First", "Second"]),
        ("a < b and <b>c</b> > d", &["a < b and c > d"]),
        ("<p>  spaced\n\t out&nbsp;text </p>", &["spaced out text"]),
        ("<img src=\"x.png\" alt=\"A chart\"> below", &["A chart below"]),
        ("<p><a href='mailto:hi@example.com'>Write</a></p>", &["Write (mailto:hi@example.com)"]),
        ("<p></p><div> </div>", &[]),
    ];
    for (html, want) in cases {
        assert_eq!(paragraphs(html), *want, "{html:?}");
    }
}

#[test]
fn durations() {
    let cases = [
        ("3723", Some(3_723_000)),
        ("3723.5", Some(3_723_000)),
        ("62:03", Some(3_723_000)),
        ("1:02:03", Some(3_723_000)),
        ("00:45:00", Some(2_700_000)),
        ("", None),
        ("1h", None),
        ("1:2:3:4", None),
        ("-5", None),
        ("1::3", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_duration(text), want, "{text:?}");
    }
}
