//! The article's own publication date from its first lines (dateline), never from photo captions.

use rasd_core::{Span, Ymd};

use crate::explicit::{explicit_at, Explicit};
use crate::lexicon::{Cal, Lexicon};
use crate::tokens::{tokenize, Tok};
use crate::Dateline;

/// How many non-empty, non-caption lines are searched.
const MAX_LINES: usize = 5;
/// Lines starting at or after this char offset are not part of the head of the article.
const MAX_HEAD_CHARS: usize = 400;
/// Chars read past `MAX_HEAD_CHARS` so a date expression that starts before it is read whole.
const HEAD_MARGIN_CHARS: usize = 60;

/// Folded prefixes of photo-caption lines.
const CAPTION_PREFIXES: &[&str] = &[
    "صوره",
    "(صوره",
    "[صوره",
    "الصوره",
    "(الصوره",
    "صور:",
    "ارشيفيه",
    "(ارشيفيه",
    "(ارشيف",
    "ارشيف:",
    "لقطه",
    "(لقطه",
    "photo",
    "(photo",
    "image",
    "caption",
    "file photo",
    "(file",
];
/// Folded substrings that mark a caption anywhere in the line.
const CAPTION_MARKS: &[&str] = &[
    "صوره ارشيفيه",
    "(ارشيف)",
    "(ارشيفيه)",
    "مصدر الصوره",
    "الصوره:",
    "تصوير:",
    "photo:",
    "getty images",
    "file photo",
];

/// True when `line` reads as a photo caption (its dates are not the article's).
pub(crate) fn is_caption(line: &str) -> bool {
    let mut f = rasd_text::fold(line.trim());
    f.make_ascii_lowercase();
    CAPTION_PREFIXES.iter().any(|p| f.starts_with(p)) || CAPTION_MARKS.iter().any(|m| f.contains(m))
}

/// Folded keys of words labelling a publication date.
const PUBLISHED_LABELS: &[&str] = &[
    "نشر",
    "نشرت",
    "النشر",
    "published",
    "posted",
    "date",
    "التاريخ",
    "تاريخ",
    "بتاريخ",
];
/// Folded keys of words labelling an update date (weaker than a publication label).
const UPDATED_LABELS: &[&str] = &["تحديث", "التحديث", "updated", "update", "modified", "محدث"];

/// Non-date words tolerated on a short dateline line ("القاهرة -", "10:30 ص", "بقلم فلان").
const SHORT_LINE_WORDS: usize = 6;

/// The full Gregorian date of an explicit expression, if it has one.
fn full_date(ex: &Explicit) -> Option<Ymd> {
    if ex.cal == Cal::Hijri {
        let (y, d) = (ex.year?, ex.day?);
        return crate::hijri::to_gregorian(y, ex.month, d);
    }
    Ymd::new(ex.year?, ex.month, ex.day?)
}

/// Folded keys of time-of-day words tolerated after a dateline ("10:30 ص بتوقيت مكة").
const TIME_WORDS: &[&str] = &[
    "ص",
    "م",
    "am",
    "pm",
    "gmt",
    "utc",
    "بتوقيت",
    "مكه",
    "غرينتش",
    "القدس",
    "القاهره",
    "الساعه",
    "صباحا",
    "مساء",
    "مساءا",
];

fn is_label_at_line_start(before: &[Tok], labels: &[&str]) -> bool {
    // The label opens the line and the date follows within a few tokens ("تاريخ النشر: 6th, …").
    before.len() <= 6
        && before
            .iter()
            .take(3)
            .any(|t| t.is_word() && labels.contains(&t.key.as_str()))
}

fn score(toks: &[Tok], ex: &Explicit) -> Option<f32> {
    let before = toks.get(..ex.first).unwrap_or(&[]);
    let after = toks.get(ex.end..).unwrap_or(&[]);
    let hijri_penalty = if ex.cal == Cal::Hijri { 0.1 } else { 0.0 };
    if is_label_at_line_start(before, PUBLISHED_LABELS) {
        return Some(3.0 - hijri_penalty);
    }
    let updated = is_label_at_line_start(before, UPDATED_LABELS);
    let words = |ts: &[Tok]| {
        ts.iter()
            .filter(|t| {
                t.is_word() && t.key.chars().count() > 1 && !TIME_WORDS.contains(&t.key.as_str())
            })
            .count()
    };
    if !updated && words(before) <= SHORT_LINE_WORDS && words(after) <= 2 {
        return Some(2.0 - hijri_penalty);
    }
    if updated {
        return Some(1.8 - hijri_penalty);
    }
    // "القاهرة - الإثنين 12 يناير 2026 - قال ...": the date opens the line (or follows a place and a
    // dash) and is set off by a separator.
    let dash = ['-', '–', '—', '|', '/'];
    let opens = ex.first == 0
        || (ex.first <= 3
            && words(before) <= 2
            && before.last().is_some_and(|t| t.is_punct_in(&dash)));
    let set_off = after
        .first()
        .is_none_or(|t| t.is_punct_in(&['-', '–', '—', '|', '(', ')', ':']));
    if opens && set_off {
        return Some(1.5 - hijri_penalty);
    }
    // "... اليوم الجمعة 24 جوان 2016 ...": the report's own day.
    if ex.weekday.is_some() && before.last().is_some_and(|t| t.key == "اليوم") {
        return Some(1.0 - hijri_penalty);
    }
    None
}

/// A stated weekday that contradicts a January date most often comes with last year's number typed
/// out of habit ("الأحد 08 جانفي 2016" for 2017-01-08); when the next year fits the weekday, use it.
/// Other contradictions are left alone (the weekday is as likely to be the mistake).
fn repair_year(date: Ymd, weekday: Option<u8>) -> Ymd {
    let Some(w) = weekday else { return date };
    if date.month != 1 || crate::calendar::weekday(date) == w {
        return date;
    }
    match Ymd::new(date.year + 1, date.month, date.day) {
        Some(d) if crate::calendar::weekday(d) == w => d,
        _ => date,
    }
}

/// The article's own dateline in its first lines, if any. See [`crate::find_dateline`].
pub(crate) fn find(text: &str) -> Option<Dateline> {
    let lex = Lexicon::get();
    let mut best: Option<(f32, Dateline)> = None;
    let mut lines_seen = 0usize;
    let mut offset = 0usize;
    for line in text.split('\n') {
        let line_start = offset;
        offset += line.chars().count() + 1;
        if line_start >= MAX_HEAD_CHARS || lines_seen >= MAX_LINES {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        if is_caption(line) {
            continue;
        }
        lines_seen += 1;
        // Only the head of a long first paragraph can hold a dateline; a date that starts past
        // the head is an event date. Keep a margin so a date straddling the limit stays whole.
        let head_end = line
            .char_indices()
            .nth(MAX_HEAD_CHARS - line_start + HEAD_MARGIN_CHARS)
            .map_or(line.len(), |(b, _)| b);
        let toks = tokenize(&line[..head_end]);
        let mut i = 0;
        while i < toks.len() {
            let Some(ex) = explicit_at(&toks, lex, i) else {
                i += 1;
                continue;
            };
            let next = ex.end.max(i + 1);
            if let (Some(date), Some(s)) = (full_date(&ex), score(&toks, &ex)) {
                let date = repair_year(date, ex.weekday);
                let (Some(first), Some(last)) =
                    (toks.get(ex.first), toks.get(ex.end.saturating_sub(1)))
                else {
                    i = next;
                    continue;
                };
                let span = Span::new(line_start + first.start, line_start + last.end);
                if best.as_ref().is_none_or(|(b, _)| s > *b) {
                    best = Some((s, Dateline { date, span }));
                }
            }
            i = next;
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use crate::find_dateline;
    use rasd_core::Ymd;

    fn date_of(text: &str) -> Option<String> {
        find_dateline(text).map(|d| d.date.iso())
    }

    #[test]
    fn arabic_dateline_with_weekday_on_its_own_line() {
        let text = "عنوان الخبر\nالإثنين 12 يناير 2026\nقال الوزير إن الاجتماع عقد في 3 يناير 2026.";
        let d = find_dateline(text).expect("dateline");
        assert_eq!(d.date, Ymd::new(2026, 1, 12).expect("valid"));
        assert_eq!(d.span.slice(text), Some("الإثنين 12 يناير 2026"));
    }

    #[test]
    fn publication_label_with_english_date_wins() {
        let text = "عنوان\nتاريخ النشر: 6th, November 2025\nآخر تحديث: 7th, November 2025\nالنص";
        assert_eq!(date_of(text).as_deref(), Some("2025-11-06"));
    }

    #[test]
    fn english_month_first_and_numeric_and_iso() {
        assert_eq!(
            date_of("Title\nNovember 6, 2025\nbody").as_deref(),
            Some("2025-11-06")
        );
        assert_eq!(
            date_of("عنوان\n12/01/2026 - 10:30\nنص").as_deref(),
            Some("2026-01-12")
        );
        assert_eq!(
            date_of("عنوان\nنشر في: 2026-01-12\nنص").as_deref(),
            Some("2026-01-12")
        );
        assert_eq!(
            date_of("عنوان\n١٣ سبتمبر ٢٠٢٤\nنص").as_deref(),
            Some("2024-09-13")
        );
    }

    #[test]
    fn maghrebi_and_levantine_months() {
        assert_eq!(
            date_of("تونس - الأربعاء 18 جانفي 2017\nنص").as_deref(),
            Some("2017-01-18")
        );
        assert_eq!(
            date_of("بيروت | 3 تشرين الثاني 2024\nنص").as_deref(),
            Some("2024-11-03")
        );
    }

    #[test]
    fn photo_caption_dates_are_ignored() {
        let text = "صورة أرشيفية من احتجاجات 14 يناير 2011\nعنوان الخبر\nالنص بلا تاريخ";
        assert_eq!(date_of(text), None);
        let text = "(صورة: 3 مارس 2020)\nالخميس 5 مارس 2020\nالنص";
        assert_eq!(date_of(text).as_deref(), Some("2020-03-05"));
        assert_eq!(date_of("عنوان\nالصورة: 2 مايو 2019\nنص"), None);
    }

    #[test]
    fn dates_in_later_paragraphs_are_not_datelines() {
        let mut text = String::from("عنوان\n");
        for _ in 0..6 {
            text.push_str("سطر من النص العادي الذي لا يحمل تاريخا.\n");
        }
        text.push_str("13 سبتمبر 2024\n");
        assert_eq!(date_of(&text), None);
    }

    #[test]
    fn event_date_inside_a_long_sentence_is_not_a_dateline() {
        let text = "فيلم كوميدي تونسي جديد تم العرض ما قبل الأول له يوم 5 ديسمبر 2016 بقاعة الكوليزي بتونس العاصمة ومن المنتظر أن يتم عرضه";
        assert_eq!(date_of(text), None);
    }

    #[test]
    fn report_day_after_alyawm_counts() {
        let text = "يتم اليوم الجمعة 24 جوان 2016 نشر نتائج امتحاني شهادة ختم التعليم الأساسي العام والتقني والمهني";
        assert_eq!(date_of(text).as_deref(), Some("2016-06-24"));
    }

    #[test]
    fn stale_year_is_repaired_when_weekday_fits_the_next_year() {
        let text = "تونس - الأحد 08 جانفي 2016\nنص";
        assert_eq!(date_of(text).as_deref(), Some("2017-01-08"));
    }

    #[test]
    fn bitarikh_inside_a_sentence_is_an_event_not_a_label() {
        let text = "قضت المحكمة الابتدائية بتونس بتاريخ 6 فيفري 2017 على المتهم بالسجن مدة 8 أشهر مع إلزامه";
        assert_eq!(date_of(text), None);
        let text = "29 ماي 2016 رحلت نقيبة الصحفيين تاركة وراءها اثرا نضاليا بارزا في مجال الاعلام";
        assert_eq!(date_of(text), None);
    }

    #[test]
    fn dateline_beats_update_label() {
        let text = "آخر تحديث: 14 يناير 2026\nالقاهرة - 12 يناير 2026\nنص";
        assert_eq!(date_of(text).as_deref(), Some("2026-01-12"));
    }
}
