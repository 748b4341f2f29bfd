//! The parser of episode documents: the plain-text export of an episode page.
//!
//! The format, line by line (blank lines are ignored everywhere, line ends may be LF or CRLF,
//! a leading byte-order mark and trailing spaces are ignored):
//!
//! ```text
//! The Truth About DeepSeek (Robert Wright & Paul Triolo)   title, people in parentheses
//! Feb 6, 2025                                              publication date
//! auto_awesome                                             optional icon-name artefact, dropped
//! In this discussion, …                                    summary paragraph
//! The competitive landscape …                              key takeaways, one per line
//! Deep dives                                               marker
//! Understanding the AI Race …                              deep dive heading
//! The discussion centers …                                 its paragraph (heading/paragraph pairs)
//! Paul’s new newsletter … Heading to Overtime ...          topics, separated by " ... "
//! Remember Everything You Learn from Podcasts              anything after the topics is the
//! Save insights instantly, …                               exporting app's promotion: dropped
//! ```
//!
//! The design decision: the parser is *total*. Every input, including arbitrary bytes, gives
//! either an [`Episode`] or a [`ParseError`] naming the line and what was expected there. It
//! never panics and never reads past the input; property tests over arbitrary bytes hold it to
//! that. It is also linear in the input, so a huge document costs time in proportion.

use std::fmt;
use std::rc::Rc;

use crate::date::Date;
use crate::model::{Episode, Insight};
use crate::slug::{slugify, slugify_words, IdAllocator, TAKEAWAY_ID_WORDS};

/// The largest document the parser accepts. An episode page is a few kilobytes; a document of
/// megabytes is a mistake, and rendering it would freeze the page.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Headings longer than this are taken for a paragraph that lost its heading.
pub const MAX_HEADING_CHARS: usize = 200;

/// The line that separates takeaways from deep dives (compared case-insensitively).
pub const DEEP_DIVES_MARKER: &str = "Deep dives";

/// A document that is not an episode: where, and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line number the problem was found at.
    pub line: usize,
    pub kind: ErrorKind,
}

/// What was wrong. The `found` strings are short excerpts of the offending line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Empty,
    TooLarge { bytes: usize },
    NotUtf8,
    ControlCharacter { code: u32 },
    MissingTitle { found: String },
    EmptyTitle,
    MissingDate,
    BadDate { found: String },
    MissingSummary,
    MissingDeepDives,
    HeadingIsParagraph { found: String },
    UnpairedDeepDive { heading: String },
    MissingTopics,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            ErrorKind::Empty => f.write_str("the document is empty; expected a title line"),
            ErrorKind::TooLarge { bytes } => write!(
                f,
                "the document is {bytes} bytes; an episode may be at most {MAX_DOCUMENT_BYTES} bytes"
            ),
            ErrorKind::NotUtf8 => f.write_str("the document is not UTF-8 text (is it a binary file?)"),
            ErrorKind::ControlCharacter { code } => write!(
                f,
                "control character U+{code:04X} in the text (is it a binary file?)"
            ),
            ErrorKind::MissingTitle { found } => {
                write!(f, "expected a title line such as \"Title (Host & Guest)\", found \"{found}\"")
            }
            ErrorKind::EmptyTitle => f.write_str("the title line has people in parentheses but no title"),
            ErrorKind::MissingDate => {
                f.write_str("expected the publication date such as \"Feb 6, 2025\", but the document ends")
            }
            ErrorKind::BadDate { found } => {
                write!(f, "expected the publication date such as \"Feb 6, 2025\", found \"{found}\"")
            }
            ErrorKind::MissingSummary => f.write_str("expected the summary paragraph"),
            ErrorKind::MissingDeepDives => write!(
                f,
                "expected a \"{DEEP_DIVES_MARKER}\" line after the takeaways, but the document ends"
            ),
            ErrorKind::HeadingIsParagraph { found } => write!(
                f,
                "expected a deep-dive heading, found a paragraph (\"{found}\"); is a heading missing?"
            ),
            ErrorKind::UnpairedDeepDive { heading } => write!(
                f,
                "the deep dive \"{heading}\" has a heading but no paragraph (deep dives come in heading/paragraph pairs)"
            ),
            ErrorKind::MissingTopics => f.write_str(
                "expected the topic line (topics separated by \" ... \", ending with \" ...\") after the deep dives",
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses a document given as bytes, as read from a file.
pub fn parse_bytes(bytes: &[u8]) -> Result<Episode, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(error) => {
            let line = 1 + bytes[..error.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
            Err(ParseError { line, kind: ErrorKind::NotUtf8 })
        }
    }
}

/// Parses a document.
pub fn parse(text: &str) -> Result<Episode, ParseError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError { line: 1, kind: ErrorKind::TooLarge { bytes: text.len() } });
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = content_lines(text)?;
    let mut cursor = Cursor { lines: &lines, next: 0, last_line: text.split('\n').count() };

    let Some((title_line, title_text)) = cursor.take() else {
        return Err(ParseError { line: 1, kind: ErrorKind::Empty });
    };
    if Date::parse_human(title_text).is_some() || is_marker(title_text) {
        return Err(ParseError { line: title_line, kind: ErrorKind::MissingTitle { found: excerpt(title_text) } });
    }
    let (title, people) = split_title(title_text);
    if title.is_empty() {
        return Err(ParseError { line: title_line, kind: ErrorKind::EmptyTitle });
    }

    let published = match cursor.take() {
        None => return Err(cursor.error_at_end(ErrorKind::MissingDate)),
        Some((line, text)) => Date::parse_human(text)
            .ok_or_else(|| ParseError { line, kind: ErrorKind::BadDate { found: excerpt(text) } })?,
    };

    if cursor.peek().is_some_and(|(_, text)| is_icon_name(text)) {
        cursor.take();
    }

    let summary = match cursor.take() {
        Some((_, text)) if !is_marker(text) => text.to_string(),
        Some((line, _)) => return Err(ParseError { line, kind: ErrorKind::MissingSummary }),
        None => return Err(cursor.error_at_end(ErrorKind::MissingSummary)),
    };

    let mut takeaway_texts = Vec::new();
    loop {
        match cursor.take() {
            None => return Err(cursor.error_at_end(ErrorKind::MissingDeepDives)),
            Some((_, text)) if is_marker(text) => break,
            Some((_, text)) => takeaway_texts.push(text),
        }
    }

    let mut dives: Vec<(&str, &str)> = Vec::new();
    let topic_text = loop {
        let Some((line, heading)) = cursor.take() else {
            return Err(cursor.error_at_end(ErrorKind::MissingTopics));
        };
        if is_topic_line(heading) {
            break heading;
        }
        if heading.chars().count() > MAX_HEADING_CHARS {
            return Err(ParseError { line, kind: ErrorKind::HeadingIsParagraph { found: excerpt(heading) } });
        }
        match cursor.take() {
            Some((_, paragraph)) if !is_topic_line(paragraph) => dives.push((heading, paragraph)),
            _ => {
                return Err(ParseError {
                    line,
                    kind: ErrorKind::UnpairedDeepDive { heading: excerpt(heading) },
                })
            }
        }
    };

    // Ids of deep dives are allocated first: headings are the names people link to, so they get
    // the unsuffixed slug when a takeaway happens to start with the same words.
    let mut ids = IdAllocator::default();
    let deep_dives = dives
        .into_iter()
        .map(|(heading, text)| Insight {
            id: ids.allocate(slugify(heading), "deep-dive"),
            heading: Some(heading.to_string()),
            text: text.to_string(),
        })
        .collect();
    let takeaways = takeaway_texts
        .into_iter()
        .map(|text| Insight {
            id: ids.allocate(slugify_words(text, TAKEAWAY_ID_WORDS), "takeaway"),
            heading: None,
            text: text.to_string(),
        })
        .collect();

    let id = match slugify(&title) {
        slug if slug.is_empty() => "episode".to_string(),
        slug => slug,
    };
    Ok(Episode {
        id,
        title,
        people,
        published,
        summary,
        takeaways,
        deep_dives,
        topics: split_topics(topic_text),
        transcript: None,
        cues: Rc::default(),
        sources: Rc::default(),
    })
}

/// The non-blank lines with their 1-based numbers, trimmed, after checking for control
/// characters (which mean a binary file, not text).
fn content_lines(text: &str) -> Result<Vec<(usize, &str)>, ParseError> {
    let mut lines = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(c) = raw.chars().find(|&c| c.is_control() && c != '\t') {
            return Err(ParseError { line, kind: ErrorKind::ControlCharacter { code: u32::from(c) } });
        }
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            lines.push((line, trimmed));
        }
    }
    Ok(lines)
}

struct Cursor<'a> {
    lines: &'a [(usize, &'a str)],
    next: usize,
    last_line: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self) -> Option<(usize, &'a str)> {
        let item = self.lines.get(self.next).copied();
        if item.is_some() {
            self.next += 1;
        }
        item
    }

    fn peek(&self) -> Option<(usize, &'a str)> {
        self.lines.get(self.next).copied()
    }

    /// An error reported at the end of the document: the line after the last one.
    fn error_at_end(&self, kind: ErrorKind) -> ParseError {
        ParseError { line: self.last_line, kind }
    }
}

fn is_marker(line: &str) -> bool {
    line.eq_ignore_ascii_case(DEEP_DIVES_MARKER)
}

/// An icon name left in the text by the export, such as `auto_awesome`: one short word of
/// lower-case ASCII letters, digits and underscores.
fn is_icon_name(line: &str) -> bool {
    line.len() <= 40
        && line.contains('_')
        && line.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The topic line ends with an ellipsis: " ..." or "…".
fn is_topic_line(line: &str) -> bool {
    line.ends_with("...") || line.ends_with('…')
}

fn split_topics(line: &str) -> Vec<String> {
    line.replace('…', "...")
        .split("...")
        .map(str::trim)
        .filter(|topic| !topic.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits "Title (A & B)" into the title and the people. Parentheses that are not at the end
/// belong to the title.
fn split_title(line: &str) -> (String, Vec<String>) {
    if let Some(inner_end) = line.strip_suffix(')') {
        if let Some(open) = matching_open_paren(inner_end) {
            let title = inner_end[..open].trim();
            let people: Vec<String> = inner_end[open + 1..]
                .split(['&', ','])
                .flat_map(|part| part.split(" and "))
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect();
            if !people.is_empty() {
                return (title.to_string(), people);
            }
        }
    }
    (line.to_string(), Vec::new())
}

/// The byte index of the `(` that matches a `)` just after the end of `text`.
fn matching_open_paren(text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (index, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

/// A short excerpt of a line for an error message, cut at a character boundary.
fn excerpt(line: &str) -> String {
    const MAX: usize = 60;
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_people() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("The Truth About DeepSeek (Robert Wright & Paul Triolo)", "The Truth About DeepSeek", &["Robert Wright", "Paul Triolo"]),
            ("Solo Show (Ann Lee)", "Solo Show", &["Ann Lee"]),
            ("Three (A, B and C)", "Three", &["A", "B", "C"]),
            ("No people here", "No people here", &[]),
            ("Empty parens ()", "Empty parens ()", &[]),
            ("Mid (parens) title", "Mid (parens) title", &[]),
            ("Nested (a (b) & c)", "Nested", &["a (b)", "c"]),
            ("Unbalanced a) & b)", "Unbalanced a) & b)", &[]),
        ];
        for (line, title, people) in cases {
            let (got_title, got_people) = split_title(line);
            assert_eq!(got_title, *title, "title of {line:?}");
            assert_eq!(got_people, *people, "people of {line:?}");
        }
    }

    #[test]
    fn topics_split_on_ellipses() {
        assert_eq!(split_topics("a ... b c ... d ..."), ["a", "b c", "d"]);
        assert_eq!(split_topics("only one ..."), ["only one"]);
        assert_eq!(split_topics("x … y …"), ["x", "y"]);
    }

    #[test]
    fn icon_names() {
        assert!(is_icon_name("auto_awesome"));
        assert!(!is_icon_name("summary"));
        assert!(!is_icon_name("An ordinary_sentence"));
    }

    #[test]
    fn excerpts_cut_at_char_boundaries() {
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 61);
        assert_eq!(excerpt("short"), "short");
    }
}
