//! Arabic date expressions to calendar dates: the publication dateline, explicit and relative dates, Hijri.

#[allow(dead_code)] // day arithmetic for the relative-date engine, landing next
mod calendar;
mod dateline;
mod explicit;
#[allow(dead_code)] // Gregorian→Hijri is for the relative-date engine, landing next
mod hijri;
mod lexicon;
mod tokens;

use rasd_core::{Span, Ymd};

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
