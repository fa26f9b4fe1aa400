//! Shared domain types of rasd: articles, spans and source formats; no I/O, no heavy dependencies.

use serde::{Deserialize, Serialize};

pub mod site;
pub use site::{is_single_outlet_site, site_of};

/// A half-open range of Unicode scalar values (Python `str` indices) into an article's clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers in `text` (char offsets), or `None` if out of range.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        let b = char_to_byte(text, self.start)?;
        let e = char_to_byte(text, self.end)?;
        text.get(b..e)
    }
}

/// Byte offset of the `idx`-th char of `text` (`idx == char count` gives `text.len()`).
pub fn char_to_byte(text: &str, idx: usize) -> Option<usize> {
    if idx == 0 {
        return Some(0);
    }
    let mut n = 0;
    for (b, _) in text.char_indices() {
        if n == idx {
            return Some(b);
        }
        n += 1;
    }
    (n == idx).then_some(text.len())
}

/// The format a document was read from, found by content sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Jsonl,
    Warc,
    Rss,
    Atom,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Warc => "warc",
            SourceFormat::Rss => "rss",
            SourceFormat::Atom => "atom",
        }
    }
}

impl std::str::FromStr for SourceFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "text" => SourceFormat::Text,
            "html" => SourceFormat::Html,
            "jsonl" => SourceFormat::Jsonl,
            "warc" => SourceFormat::Warc,
            "rss" => SourceFormat::Rss,
            "atom" => SourceFormat::Atom,
            other => return Err(format!("unknown source format {other:?}")),
        })
    }
}

/// A cleaned article as stored and exported. `text` is the coordinate system for every span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable content hash (hex) of the article's fields; re-ingesting gives the same id.
    pub id: String,
    /// File path as given, plus `#n` for the n-th record of a multi-record file.
    pub origin: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Date from a file-level header or feed field, kept when the article's own dateline wins.
    pub header_date: Option<String>,
    /// The clean text: boilerplate removed, bidi marks removed, line endings normalized.
    pub text: String,
    /// The character encoding the source bytes were decoded from.
    pub encoding: String,
    pub format: SourceFormat,
    /// Id of the earliest stored copy when this article is an exact or near duplicate.
    pub duplicate_of: Option<String>,
    /// Stable story id (set by the dedupe/cluster stage).
    pub story: Option<String>,
}

/// Calendar date (proleptic Gregorian) with ISO formatting; validation lives with its constructors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    /// A valid Gregorian date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Ymd> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Ymd { year, month, day })
    }

    /// Parse `YYYY-MM-DD` (a longer ISO timestamp is accepted; its date part is used).
    pub fn parse_iso(s: &str) -> Option<Ymd> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        Ymd::new(year, month, day)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
    pub fn day_number(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of [`Ymd::day_number`]); `None` outside the `i32` year range.
    pub fn from_day_number(z: i64) -> Option<Ymd> {
        let z = z.checked_add(719_468)?;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = if m <= 2 { y + 1 } else { y };
        Ymd::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// True positive / false positive / false negative counts, shared by every evaluation command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// `P 0.902 R 0.958 F1 0.929  (tp 92 fp 10 fn 4)`, the line every evaluation prints.
impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.3} R {:.3} F1 {:.3}  (tp {} fp {} fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

/// `a / b`, or 0 when `b` is 0 (an empty set scores 0, not NaN).
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slices_by_chars_not_bytes() {
        let t = "قال ترامب";
        assert_eq!(Span::new(4, 9).slice(t), Some("ترامب"));
        assert_eq!(Span::new(4, 10).slice(t), None);
    }

    #[test]
    fn counts_score_and_empty_sets_are_zero() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 3,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.5);
        assert!((c.f1() - 0.6).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Ymd::new(1970, 1, 1).unwrap().day_number(), 0);
        let feb28 = Ymd::new(2017, 2, 28).unwrap();
        assert_eq!(
            Ymd::new(2017, 3, 1).unwrap().day_number() - feb28.day_number(),
            1
        );
        for z in [-1_000_000, -1000, -1, 0, 17_000, 20_000, 2_000_000] {
            assert_eq!(Ymd::from_day_number(z).map(|d| d.day_number()), Some(z));
        }
    }

    #[test]
    fn ymd_rejects_impossible_dates() {
        assert!(Ymd::new(2025, 2, 29).is_none());
        assert!(Ymd::new(2024, 2, 29).is_some());
        assert_eq!(
            Ymd::parse_iso("2017-01-20T21:43:00+01:00").map(|d| d.iso()),
            Some("2017-01-20".into())
        );
        assert!(Ymd::parse_iso("2017-13-01").is_none());
    }
}
