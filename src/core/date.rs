//! A calendar date, validated, with the two forms Earmark needs: ISO 8601 for data and
//! `<time datetime>`, and a readable English form for people.
//!
//! Written here rather than taken from `time` or `chrono`: Earmark needs one input form, one
//! output form and a leap-year rule, while either crate adds tens of kilobytes of wasm and
//! formatting machinery that the page would download on every first visit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid Gregorian date. The fields are private so that no invalid date (February 30th) can
/// exist: every constructor checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

impl Date {
    /// A date from its parts, or `None` when no such day exists. Years run from 1 to 9999.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The readable form, e.g. "February 6, 2025".
    pub fn readable(self) -> String {
        format!("{} {}, {}", MONTHS[usize::from(self.month - 1)], self.day, self.year)
    }

    /// Parses the forms an episode export uses: "Feb 6, 2025", "February 6, 2025",
    /// "Sept 6, 2025" and ISO "2025-02-06".
    pub fn parse_human(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(date) = text.parse::<Date>() {
            return Some(date);
        }
        let (month_name, rest) = text.split_once(' ')?;
        let (day, year) = rest.split_once(',')?;
        let month = month_number(month_name.trim_end_matches('.'))?;
        let day: u8 = parse_digits(day.trim(), 2)?;
        let year: u16 = parse_digits(year.trim(), 4)?;
        Date::new(year, month, day)
    }
}

/// Parses 1 to `max_len` ASCII digits; anything else (signs, spaces, other digits) is refused.
fn parse_digits<T: FromStr>(text: &str, max_len: usize) -> Option<T> {
    let plain = !text.is_empty() && text.len() <= max_len && text.bytes().all(|b| b.is_ascii_digit());
    if plain {
        text.parse().ok()
    } else {
        None
    }
}

fn month_number(name: &str) -> Option<u8> {
    if name.len() < 3 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    // "Sept" is a common abbreviation that is not a prefix-of-three form.
    if lower == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|full| {
        let full = full.to_ascii_lowercase();
        lower == full || (lower.len() == 3 && full.starts_with(&lower))
    })
    .map(|index| index as u8 + 1)
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// ISO 8601, e.g. "2025-02-06".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The error of parsing an ISO date string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDate;

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date in the form YYYY-MM-DD")
    }
}

impl FromStr for Date {
    type Err = InvalidDate;

    /// Parses ISO 8601 "YYYY-MM-DD" and nothing else.
    fn from_str(text: &str) -> Result<Date, InvalidDate> {
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidDate);
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(InvalidDate);
        }
        let year = parse_digits(y, 4).ok_or(InvalidDate)?;
        let month = parse_digits(m, 2).ok_or(InvalidDate)?;
        let day = parse_digits(d, 2).ok_or(InvalidDate)?;
        Date::new(year, month, day).ok_or(InvalidDate)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_forms() {
        let cases: &[(&str, Option<(u16, u8, u8)>)] = &[
            ("Feb 6, 2025", Some((2025, 2, 6))),
            ("February 6, 2025", Some((2025, 2, 6))),
            ("feb 06, 2025", Some((2025, 2, 6))),
            ("Sept 30, 2024", Some((2024, 9, 30))),
            ("Sep. 1, 2024", Some((2024, 9, 1))),
            ("2025-02-06", Some((2025, 2, 6))),
            ("Feb 29, 2024", Some((2024, 2, 29))),
            ("Feb 29, 2025", None),
            ("Feb 29, 1900", None),
            ("Feb 29, 2000", Some((2000, 2, 29))),
            ("Apr 31, 2025", None),
            ("Foo 6, 2025", None),
            ("Fe 6, 2025", None),
            ("Feb 0, 2025", None),
            ("Feb -1, 2025", None),
            ("Feb +6, 2025", None),
            ("Feb 6 2025", None),
            ("Feb 6, 99999", None),
            ("Feb 6, 0", None),
            ("", None),
            ("auto_awesome", None),
            ("2025-2-6", None),
            ("2025-13-01", None),
            ("٢٠٢٥-٠٢-٠٦", None),
        ];
        for (text, expected) in cases {
            let got = Date::parse_human(text).map(|d| (d.year(), d.month(), d.day()));
            assert_eq!(got, *expected, "parsing {text:?}");
        }
    }

    #[test]
    fn iso_and_readable_forms() {
        let date = Date::new(2025, 2, 6).unwrap();
        assert_eq!(date.to_string(), "2025-02-06");
        assert_eq!(date.readable(), "February 6, 2025");
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2025-02-06\"");
        assert_eq!(serde_json::from_str::<Date>("\"2025-02-06\"").unwrap(), date);
        assert!(serde_json::from_str::<Date>("\"2025-02-30\"").is_err());
    }
}
