//! Arabic date expressions to calendar dates: the publication dateline, explicit and relative dates, Hijri.

mod calendar;
mod dateline;
mod engine;
pub mod eval;
mod explicit;
mod hijri;
mod lexicon;
mod tokens;

/// Hijri (year, month, day) of a Gregorian date in the Umm al-Qura calendar (the dashboard shows
/// it on hover).
pub use hijri::from_gregorian as hijri_of;

use rasd_core::{Span, Ymd};
use serde::{Deserialize, Serialize};

/// How precise a resolved value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `value` is `YYYY-MM-DD`.
    Day,
    /// `value` is `YYYY-MM`.
    Month,
    /// `value` is `YYYY`.
    Year,
    /// `value` is an inclusive ISO interval `YYYY-MM-DD/YYYY-MM-DD` (a week, a Hijri month, "مطلع الشهر").
    Range,
}

/// The calendar an expression was written in (values are always Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// A date expression found in a text and its resolved value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateMention {
    /// Char offset (Unicode scalar values) of the first char of the expression.
    pub start: usize,
    /// Char offset after the last char.
    pub end: usize,
    /// The expression as written (`text[start..end]` in chars).
    pub text: String,
    /// ISO value: `2025-12-19`, `2025-12`, `2025` or `2025-12-13/2025-12-19`.
    pub value: String,
    pub precision: Precision,
    /// The calendar the expression was written in.
    pub calendar: Calendar,
    /// True when the value depends on the reference date ("أمس", "أكتوبر الماضي", "9 أكتوبر").
    pub relative: bool,
    /// True when a stated weekday disagrees with the date ("الأحد 12 يناير 2026" — a Monday) or with
    /// the relative day ("أمس الجمعة" when yesterday was Thursday). The value follows the date
    /// (for relative days, the weekday); the flag says not to trust it blindly.
    pub weekday_conflict: bool,
}

/// All date expressions in `text`, left to right, resolved against `reference` (normally the
/// article's publication date).
///
/// Recognizes explicit dates with month names of every Arabic tradition (يناير، كانون الثاني،
/// جانفي …), combined names ("أكتوبر/تشرين الأول"), Hijri dates (converted with the Umm al-Qura
/// calendar), numeric and English-format dates, Arabic-Indic digits; relative days ("أمس الجمعة",
/// "أول أمس", "غدا", "الجمعة الماضية", "يوم الإثنين" = the latest Monday on or before the reference
/// unless the clause speaks of the future); periods ("الأسبوع المقبل", "الشهر الماضي", "العام
/// الجاري"), parts ("مطلع الشهر", "أواخر 2024") and counts ("منذ ثلاثة أيام"); years with a cue
/// ("عام 2011", "منذ 2011").
pub fn find_dates(text: &str, reference: Ymd) -> Vec<DateMention> {
    engine::find(text, reference)
}

/// A publication date found in an article's own first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub date: Ymd,
    /// Where the date expression is in the text (char offsets).
    pub span: Span,
}

/// The article's own dateline in its first lines, if any.
///
/// Looks at the first 5 non-empty lines that start within the first 400 chars, skipping photo
/// captions ("صورة أرشيفية …", "(صورة: …)", "الصورة: …"). A date after a publication label
/// ("نشر في", "تاريخ النشر", "Published") beats a date alone on a short line, which beats an
/// update label ("آخر تحديث"), a date opening a line ("القاهرة - الإثنين 12 يناير 2026 - …") and
/// the report's own day ("اليوم الجمعة 24 جوان 2016"). Dates elsewhere in a sentence are events,
/// not datelines, and are ignored. Only full dates (day, month, year) count.
pub fn find_dateline(text: &str) -> Option<Dateline> {
    dateline::find(text)
}
