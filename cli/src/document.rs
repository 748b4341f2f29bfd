//! Episode documents as `earmark import` writes and re-reads them: the project's text format
//! (see the core's `parse` module), plus proposed header fields the parser does not read yet.
//!
//! The design decision: a document has two owners. The *feed* owns the header: the title line's
//! people, the date line and the field lines (`guid: …`, `audio: …`) between the date and the
//! summary. *People and other tools* own the body: the summary, the takeaways, the deep dives,
//! the topics and anything after. Re-importing rewrites the header and copies the body line for
//! line, with one exception: a summary the importer wrote itself from the show notes, and that
//! nobody has edited since (its digest is still the one recorded in `show-notes:`), follows the
//! feed's show notes. The episode's title is kept as it is once the document exists, because
//! the episode's id (its links, its readers' highlights) is the slug of its title.

use earmark_core::date::Date;
use earmark_core::model::Episode;
use earmark_core::parse::{self, ParseError, DEEP_DIVES_MARKER};

/// Whether documents carry the proposed header fields ([`PROPOSED_FIELDS`]). Today's parser
/// does not accept them (it would read the first one as the summary), so the build needs the
/// parser extension described in `cli/IMPORT.md` before it can read documents written with
/// this on. Off, documents are exactly today's format, and a re-import can then match a
/// document by its title only and cannot tell an imported summary from an edited one.
pub const EMIT_PROPOSED_FIELDS: bool = true;

/// The proposed header fields, in the order they are written. Names are lower case and
/// compared exactly, so a summary (which starts with a capital letter, or is given one) is
/// never read as a field.
pub const PROPOSED_FIELDS: [&str; 6] = ["guid", "audio", "duration", "link", "person", "show-notes"];

/// What separates the paragraphs of the show notes in the one summary line. Today's format has
/// one line for the summary (the next lines are takeaways); the pilcrow keeps the breaks
/// visible and is the proposed paragraph separator (see `cli/IMPORT.md`).
pub const SUMMARY_PARAGRAPH_SEPARATOR: &str = " ¶ ";

/// The summary of an episode whose feed item has no show notes: the format needs one.
pub const NO_SHOW_NOTES: &str = "The feed gives no show notes for this episode.";

/// The topic line of an episode without topics: an empty list, which today's parser requires
/// (after the required `Deep dives` line) and reads as no topics.
pub const EMPTY_TOPICS: &str = "...";

/// What the feed says about one episode, ready to write.
#[derive(Debug, Clone)]
pub struct Header {
    pub title: String,
    pub people: Vec<String>,
    /// `None` when the feed's date could not be read: a re-import then keeps the document's.
    pub published: Option<Date>,
    /// Field lines, `(name, value)`, in [`PROPOSED_FIELDS`] order; `person` may repeat.
    pub fields: Vec<(String, String)>,
    /// The show notes as one summary line.
    pub summary: String,
}

/// The title line: the title, then the people in parentheses.
pub fn title_line(title: &str, people: &[String]) -> String {
    if people.is_empty() {
        title.to_string()
    } else {
        format!("{title} ({})", people.join(" & "))
    }
}

/// A field line's name and value, if `line` is one (a proposed field's name, `: `, a value).
pub fn field_of(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(": ")?;
    PROPOSED_FIELDS.contains(&name).then_some((name, value.trim()))
}

/// A new document for `header` (which must have a date: the caller supplies the fallback).
pub fn render_new(header: &Header, published: Date) -> String {
    let mut out = String::new();
    out.push_str(&title_line(&header.title, &header.people));
    out.push('\n');
    out.push_str(&published.to_string());
    out.push('\n');
    let mut fields = header.fields.clone();
    fields.push(("show-notes".into(), digest(&header.summary)));
    push_fields(&mut out, &fields);
    out.push_str(&header.summary);
    out.push('\n');
    out.push_str(DEEP_DIVES_MARKER);
    out.push('\n');
    out.push_str(EMPTY_TOPICS);
    out.push('\n');
    out
}

fn push_fields(out: &mut String, fields: &[(String, String)]) {
    if !EMIT_PROPOSED_FIELDS {
        return;
    }
    for name in PROPOSED_FIELDS {
        for (_, value) in fields.iter().filter(|(n, _)| n == name) {
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
}

/// A document already in the episodes folder, split by owner.
#[derive(Debug, Clone)]
pub struct Existing {
    /// The date line as written.
    pub date_line: String,
    pub fields: Vec<(String, String)>,
    /// Every line after the fields, as written (blank lines included, line ends dropped).
    pub body: Vec<String>,
    /// The document as today's parser reads it (field lines removed).
    pub episode: Episode,
}

impl Existing {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The lines of a document, BOM and CR removed.
fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect()
}

/// Splits `text` into its title and date lines' indexes, its field lines, and where the body
/// starts. Field lines are read only right after the date line (blank lines between allowed).
fn split(text: &str) -> (Vec<&str>, Vec<usize>, usize) {
    let lines = lines(text);
    let mut seen = 0;
    let mut fields = Vec::new();
    let mut body = lines.len();
    for (index, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if seen < 2 {
            seen += 1;
            continue;
        }
        if field_of(line).is_some() {
            fields.push(index);
            continue;
        }
        body = index;
        break;
    }
    (lines, fields, body)
}

/// `text` without its proposed field lines: what today's parser accepts. The line numbers of
/// the parser's messages then count without the fields; [`parse_document`] corrects them.
pub fn strip_proposed_fields(text: &str) -> String {
    let (lines, fields, _) = split(text);
    lines.iter().enumerate().filter(|(i, _)| !fields.contains(i)).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
}

/// Parses a document with the core's parser, after removing the proposed field lines it does
/// not accept yet; an error's line is that of the document as written.
pub fn parse_document(text: &str) -> Result<Episode, ParseError> {
    let (_, fields, _) = split(text);
    parse::parse(&strip_proposed_fields(text)).map_err(|mut error| {
        // Each removed field line before the error's line moves it down by one.
        for &removed in &fields {
            if removed < error.line {
                error.line += 1;
            }
        }
        error
    })
}

/// Reads a document that is already there.
pub fn read_existing(text: &str) -> Result<Existing, ParseError> {
    let episode = parse_document(text)?;
    let (lines, field_indexes, body_start) = split(text);
    let non_blank: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let date_line = non_blank.get(1).map(|l| l.to_string()).unwrap_or_default();
    let fields = field_indexes
        .iter()
        .filter_map(|&i| field_of(lines[i].trim()))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let mut body: Vec<String> = lines[body_start..].iter().map(|l| l.to_string()).collect();
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    Ok(Existing { date_line, fields, body, episode })
}

/// What a re-import did to the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryFate {
    /// The importer's own summary, refreshed from the show notes.
    Refreshed,
    /// Written or edited by hand or by another tool: kept.
    Kept,
}

/// The document `existing` becomes with the feed's `header`: see the module's rule. The title
/// is the document's own.
pub fn merge(existing: &Existing, header: &Header) -> (String, SummaryFate) {
    let people = if header.people.is_empty() { existing.episode.people.clone() } else { header.people.clone() };
    let mut out = title_line(&existing.episode.title, &people);
    out.push('\n');
    match header.published {
        Some(date) => out.push_str(&date.to_string()),
        None => out.push_str(&existing.date_line),
    }
    out.push('\n');

    // The body's summary line: the first non-blank line, after an optional icon-name line.
    let mut body = existing.body.clone();
    let mut content = body.iter().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i);
    let summary_index = match content.next() {
        Some(i) if is_icon_name(body[i].trim()) => content.next(),
        other => other,
    };
    let recorded = existing.field("show-notes");
    let owned = match summary_index {
        Some(i) => recorded.is_some_and(|d| d == digest(body[i].trim())),
        None => false,
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    for name in PROPOSED_FIELDS.iter().filter(|n| **n != "show-notes") {
        let new: Vec<&(String, String)> = header.fields.iter().filter(|(n, _)| n == name).collect();
        // The feed's value replaces the document's; a value the feed no longer gives is kept
        // (import adds and refreshes, it never removes).
        let chosen: Vec<(String, String)> = if new.is_empty() {
            existing.fields.iter().filter(|(n, _)| n == name).cloned().collect()
        } else {
            new.into_iter().cloned().collect()
        };
        fields.extend(chosen);
    }
    let fate = match (owned, summary_index) {
        (true, Some(i)) => {
            body[i] = header.summary.clone();
            fields.push(("show-notes".into(), digest(&header.summary)));
            SummaryFate::Refreshed
        }
        _ => SummaryFate::Kept,
    };
    push_fields(&mut out, &fields);
    for line in body {
        out.push_str(&line);
        out.push('\n');
    }
    (out, fate)
}

/// The parser's rule for the icon-name line an export leaves after the date (`auto_awesome`).
fn is_icon_name(line: &str) -> bool {
    line.len() <= 40 && line.contains('_') && line.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A short digest of a summary line (64-bit FNV-1a, in hex): enough to notice an edit, which
/// is all `show-notes:` records; it is no security measure.
pub fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}
