//! Publication dates as podcast feeds write them: RFC 822 (and RFC 2822) dates such as
//! `Wed, 12 Mar 2025 08:00:00 +0000`, with the liberties real feeds take.
//!
//! The design decision: only the calendar day matters (an episode's `published` is a date),
//! and it is the day *as written*, in the feed's own zone, not converted to UTC: a podcaster who
//! publishes at 23:30 in California means that day, and the feed's pages show it. So the time
//! and zone are checked for shape but never used, and a named zone this reader does not know
//! (`CEST`, `AEDT`) costs nothing. Written here rather than taken from `chrono` or `time`: the
//! whole need is a day, a month name and a year, with tolerance.

use earmark_core::date::Date;

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The day a `pubDate` names, or a sentence saying why it cannot be read.
///
/// Accepted: an optional weekday (`Wed,` `Wednesday,` `Wed` or none), a day of one or two
/// digits, an English month name or its abbreviation (`Mar`, `March`, `Sept`), a year of four
/// digits (or two, read as RFC 2822 says: below 50 is 20xx), then an optional time and zone of
/// any usual form. Also accepted, because feeds made by hand use them: ISO 8601 (`2025-03-12`,
/// `2025-03-12T08:00:00Z`) and the month-first `March 12, 2025`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the date is empty".into());
    }
    if let Some(date) = iso(text) {
        return Ok(date);
    }
    if let Some(date) = Date::parse_human(text) {
        return Ok(date);
    }
    let tokens: Vec<&str> = text.split([' ', ',', '\t']).filter(|t| !t.is_empty()).collect();
    let mut rest = &tokens[..];
    // A leading weekday is optional and never checked against the date: feeds get it wrong
    // often enough that a mismatch must not lose the episode's day.
    if rest.first().is_some_and(|t| t.chars().all(|c| c.is_ascii_alphabetic())) {
        rest = &rest[1..];
    }
    let (Some(day), Some(month), Some(year)) = (rest.first(), rest.get(1), rest.get(2)) else {
        return Err(format!("expected a date such as \"Wed, 12 Mar 2025 08:00:00 +0000\", found \"{text}\""));
    };
    let day: u8 = digits(day, 2).ok_or_else(|| format!("expected a day of the month, found \"{day}\" in \"{text}\""))?;
    let month = month_number(month).ok_or_else(|| format!("expected a month name such as \"Mar\", found \"{month}\" in \"{text}\""))?;
    let year: u16 = match year.len() {
        4 => digits(year, 4),
        2 => digits::<u16>(year, 2).map(|y| if y < 50 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
    .ok_or_else(|| format!("expected a four-digit year, found \"{year}\" in \"{text}\""))?;
    if let Some(time) = rest.get(3) {
        if !is_time(time) {
            return Err(format!("expected a time such as 08:00:00 after the year, found \"{time}\" in \"{text}\""));
        }
    }
    if let Some(zone) = rest.get(4) {
        if !is_zone(zone) {
            return Err(format!("expected a time zone such as +0000 or GMT, found \"{zone}\" in \"{text}\""));
        }
    }
    if rest.len() > 5 {
        return Err(format!("unexpected \"{}\" after the date in \"{text}\"", rest[5..].join(" ")));
    }
    Date::new(year, month, day).ok_or_else(|| format!("there is no such day: \"{text}\""))
}

/// `2025-03-12`, optionally followed by `T` and a time.
fn iso(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    let tail = &text[10..];
    if !(tail.is_empty() || tail.starts_with(['T', ' '])) {
        return None;
    }
    head.parse().ok()
}

fn digits<T: std::str::FromStr>(text: &str, max: usize) -> Option<T> {
    (!text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// A month by its English name or any abbreviation of at least three letters, with or without
/// a full stop ("Sept.").
fn month_number(name: &str) -> Option<u8> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    const FULL: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ];
    if name.len() < 3 {
        return None;
    }
    (0..12).find(|&i| name.starts_with(MONTHS[i]) && FULL[i].starts_with(&name)).map(|i| i as u8 + 1)
}

/// `8:00`, `08:00:00`, `08:00:00.5`.
fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, part)| {
            let whole = if i == 2 { part.split('.').next().unwrap_or("") } else { part };
            !whole.is_empty() && whole.len() <= 2 && whole.bytes().all(|b| b.is_ascii_digit())
        })
}

/// `+0000`, `-0800`, `+05:30`, `Z`, or a named zone (`GMT`, `EST`, `CEST`).
fn is_zone(text: &str) -> bool {
    if let Some(offset) = text.strip_prefix(['+', '-']) {
        let offset = offset.replace(':', "");
        return offset.len() == 4 && offset.bytes().all(|b| b.is_ascii_digit());
    }
    (1..=5).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic())
}
