//! What a command tells its user: located messages, as `file:line: severity: message` lines for
//! people and editors, or one JSON document for CI.
//!
//! The design decision: every message carries where it comes from (a file and a line, and for
//! a feed's items the item's number and title), so that a podcaster can go straight to the
//! line; and severities follow one rule: an *error* means something in the input was not
//! imported, a *warning* means it was imported with less than the feed promised, and a *note*
//! only says what was skipped on request. `--strict` counts warnings as errors.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One message.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    /// The file the message is about, as the user named it (the feed, or a document).
    pub file: String,
    /// Its 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub severity: Severity,
    /// The feed item's 1-based number, when the message is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub message: String,
}

impl Message {
    /// The `file:line: severity: item 2 "Title": message` form.
    pub fn line_text(&self) -> String {
        let place = match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        };
        let item = match (self.item, &self.title) {
            (Some(index), Some(title)) => format!("item {index} \"{title}\": "),
            (Some(index), None) => format!("item {index}: "),
            _ => String::new(),
        };
        format!("{place}: {}: {item}{}", self.severity.word(), self.message)
    }
}

/// The messages of one run.
#[derive(Debug, Default, Serialize)]
pub struct Messages {
    pub list: Vec<Message>,
}

impl Messages {
    pub fn push(&mut self, message: Message) {
        self.list.push(message);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|m| m.severity == severity).count()
    }
}
