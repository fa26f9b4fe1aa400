//! Recognizer of explicit calendar dates in a token stream: day/month/year with month names, numeric dates.

use crate::lexicon::{Cal, Lexicon, Name};
use crate::tokens::Tok;

/// A relative qualifier attached to a month or year ("الماضي", "الجاري", "المقبل").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Past,
    Current,
    Next,
}

/// An explicit date expression found at some token position. Missing parts are resolved later
/// against a reference date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explicit {
    /// First token of the expression.
    pub first: usize,
    /// Token index after the expression.
    pub end: usize,
    pub cal: Cal,
    pub year: Option<i32>,
    pub month: u8,
    pub day: Option<u8>,
    /// A weekday stated right before the date (0 = Monday).
    pub weekday: Option<u8>,
    /// "أكتوبر الماضي": which occurrence of the month (when no year is given).
    pub month_rel: Option<Rel>,
    /// "... من العام الماضي": which year (when no year number is given).
    pub year_rel: Option<Rel>,
    /// Written with digits and separators only ("12/01/2026").
    pub numeric: bool,
    /// Last day of a day range in one month ("من 21 إلى 31 مارس", "يومي 26 و27 مارس").
    pub day_end: Option<u8>,
}

/// Folded keys of words meaning "past" after a month or year.
pub(crate) const PAST_WORDS: &[&str] = &[
    "الماضي",
    "الماضيه",
    "المنصرم",
    "المنصرمه",
    "الفايت",
    "الفايته",
    "المنقضي",
    "السابق",
    "الماضيين",
    "الماضيان",
];
/// Folded keys of words meaning "next".
pub(crate) const NEXT_WORDS: &[&str] = &[
    "المقبل",
    "المقبله",
    "القادم",
    "القادمه",
    "التالي",
    "الاتي",
    "المرتقب",
    "القادمين",
    "المقبلين",
    "القادمان",
    "المقبلان",
];
/// Folded keys of words meaning "current".
pub(crate) const CURRENT_WORDS: &[&str] = &["الجاري", "الجاريه", "الحالي", "الحاليه", "الحاضر"];

pub(crate) fn rel_of(key: &str) -> Option<Rel> {
    if PAST_WORDS.contains(&key) {
        Some(Rel::Past)
    } else if NEXT_WORDS.contains(&key) {
        Some(Rel::Next)
    } else if CURRENT_WORDS.contains(&key) {
        Some(Rel::Current)
    } else {
        None
    }
}

fn key(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map_or("", |t| t.key.as_str())
}

fn skip_commas(toks: &[Tok], mut i: usize) -> usize {
    while toks.get(i).is_some_and(|t| t.is_punct_in(&[',', '،'])) {
        i += 1;
    }
    i
}

fn is_weekday(n: Name) -> bool {
    matches!(n, Name::Weekday(_) | Name::EnglishWeekday(_))
}

fn is_month(n: Name) -> bool {
    matches!(n, Name::Month(..))
}

/// A day of month at `i`: 1–31 in at most two digits (optionally "6th"), or an ordinal word.
/// Returns (day, index after, was_ordinal_word).
fn day_at(toks: &[Tok], lex: &Lexicon, i: usize) -> Option<(u8, usize, bool)> {
    let t = toks.get(i)?;
    if t.is_num() {
        if t.ndigits > 2 || !(1..=31).contains(&t.num) {
            return None;
        }
        let mut end = i + 1;
        if let Some(s) = toks.get(end) {
            if s.is_word()
                && s.start == t.end
                && matches!(s.key.as_str(), "st" | "nd" | "rd" | "th")
            {
                end += 1;
            }
        }
        return Some((t.num as u8, end, false));
    }
    match lex.name_at(toks, i, |n| matches!(n, Name::Ordinal(_)))? {
        (Name::Ordinal(d), end) => Some((d, end, true)),
        _ => None,
    }
}

/// A month name at `i`, including combined forms "أكتوبر/تشرين الأول" and "تشرين الأول (أكتوبر)".
/// An English abbreviation may carry a period ("Nov.").
fn month_at(toks: &[Tok], lex: &Lexicon, i: usize) -> Option<(Cal, u8, usize)> {
    let (Name::Month(cal, m), mut end) = lex.name_at(toks, i, is_month)? else {
        return None;
    };
    if cal == Cal::English && toks.get(end).is_some_and(|t| t.is_punct_in(&['.'])) {
        end += 1;
    }
    // Combined form without punctuation: "ديسمبر كانون الأول 2016".
    if let Some((Name::Month(cal2, m2), e2)) = lex.name_at(toks, end, is_month) {
        if m2 == m && cal2 != Cal::Hijri && cal != Cal::Hijri {
            end = e2;
        }
    }
    // Combined form: a second name of the same month after "/", "-", "–" or in parentheses.
    let open = toks
        .get(end)
        .is_some_and(|t| t.is_punct_in(&['/', '-', '–', '(', '،']));
    if open {
        if let Some((Name::Month(cal2, m2), e2)) = lex.name_at(toks, end + 1, is_month) {
            if m2 == m && cal2 != Cal::Hijri {
                end = e2;
                if toks.get(end).is_some_and(|t| t.is_punct_in(&[')'])) {
                    end += 1;
                }
            }
        }
    }
    Some((cal, m, end))
}

/// Era marker after a year: `Some(true)` for Hijri (هـ, هجري, للهجرة), `Some(false)` for Gregorian (م, ميلادي).
fn era_at(toks: &[Tok], i: usize) -> Option<(bool, usize)> {
    let t = toks.get(i)?;
    if !t.is_word() {
        return None;
    }
    let hijri = match t.key.as_str() {
        "ه" | "هجري" | "هجريه" | "للهجره" | "هجرية" => true,
        "م" | "ميلادي" | "ميلاديه" | "للميلاد" | "ad" => false,
        _ => return None,
    };
    let mut end = i + 1;
    if toks
        .get(end)
        .is_some_and(|n| n.is_punct_in(&['.']) && n.start == t.end)
    {
        end += 1;
    }
    Some((hijri, end))
}

/// A year after a month: optional comma, "من", "عام/سنة"; four digits; optional era marker.
/// Returns (year, index after, hijri era marked).
fn year_after(toks: &[Tok], i: usize, cal: Cal) -> Option<(i32, usize, Option<bool>)> {
    let mut j = skip_commas(toks, i);
    if key(toks, j) == "من" && matches!(key(toks, j + 1), "عام" | "العام" | "سنه" | "السنه")
    {
        j += 1;
    }
    if matches!(
        key(toks, j),
        "عام" | "العام" | "سنه" | "السنه" | "لعام" | "لسنه"
    ) {
        j += 1;
    }
    let t = toks.get(j)?;
    if !t.is_num() || t.ndigits != 4 {
        return None;
    }
    // A digit run glued to what follows ("2025م" is fine, "2025x3" is not a year).
    let year = i32::try_from(t.num).ok()?;
    let (lo, hi) = if cal == Cal::Hijri {
        (1300, 1600)
    } else {
        (1000, 2999)
    };
    if !(lo..=hi).contains(&year) {
        return None;
    }
    let mut end = j + 1;
    let mut era = None;
    if let Some((h, e)) = era_at(toks, end) {
        era = Some(h);
        end = e;
    }
    if cal != Cal::Hijri && era == Some(true) {
        return None;
    }
    Some((year, end, era))
}

/// "الماضي" / "الجاري" / "المقبل" after a month, and "من العام الماضي" / "من هذا العام" after that.
fn qualifiers(toks: &[Tok], mut i: usize, ex: &mut Explicit) -> usize {
    if ex.year.is_none() {
        if let Some(r) = rel_of(key(toks, i)) {
            ex.month_rel = Some(r);
            i += 1;
        }
        if key(toks, i) == "من" {
            let k1 = key(toks, i + 1);
            let k2 = key(toks, i + 2);
            if matches!(k1, "العام" | "السنه") {
                if let Some(r) = rel_of(k2) {
                    ex.year_rel = Some(r);
                    return i + 3;
                }
            } else if (k1 == "هذا" && matches!(k2, "العام" | "السنه"))
                || (k1 == "هذه" && k2 == "السنه")
            {
                ex.year_rel = Some(Rel::Current);
                return i + 3;
            }
        }
    }
    i
}

/// Y-M-D or D-M-Y (or M/D/Y when the middle part cannot be a month) with one separator kind, glued.
fn numeric_at(toks: &[Tok], i: usize) -> Option<(i32, u8, u8, usize, bool)> {
    let a = toks.get(i)?;
    let s1 = toks.get(i + 1)?;
    let b = toks.get(i + 2)?;
    let s2 = toks.get(i + 3)?;
    let c = toks.get(i + 4)?;
    if !(a.is_num() && b.is_num() && c.is_num() && s1.is_punct_in(&['/', '-', '.']))
        || s1.key != s2.key
    {
        return None;
    }
    let glued = a.end == s1.start && s1.end == b.start && b.end == s2.start && s2.end == c.start;
    if !glued || b.ndigits > 2 {
        return None;
    }
    // Not part of a longer dotted/slashed number (versions, IP addresses, phone numbers).
    if i > 0 {
        if let (Some(p), Some(pp)) = (toks.get(i - 1), i.checked_sub(2).and_then(|k| toks.get(k))) {
            if p.end == a.start && p.is_punct_in(&['/', '-', '.']) && pp.is_num() {
                return None;
            }
        }
    }
    if let (Some(n1), Some(n2)) = (toks.get(i + 5), toks.get(i + 6)) {
        if n1.start == c.end
            && n1.is_punct_in(&['/', '-', '.'])
            && n2.is_num()
            && n1.end == n2.start
        {
            return None;
        }
    }
    let (y, m, d) = if a.ndigits == 4 && c.ndigits <= 2 {
        (a.num, b.num, c.num)
    } else if c.ndigits == 4 && a.ndigits <= 2 {
        if b.num > 12 && a.num <= 12 {
            (c.num, a.num, b.num)
        } else {
            (c.num, b.num, a.num)
        }
    } else {
        return None;
    };
    let mut end = i + 5;
    let mut hijri = false;
    if let Some((h, e)) = era_at(toks, end) {
        hijri = h;
        end = e;
    }
    Some((
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
        end,
        hijri,
    ))
}

/// The explicit date expression starting exactly at token `i`, if any.
pub(crate) fn explicit_at(toks: &[Tok], lex: &Lexicon, i: usize) -> Option<Explicit> {
    let mut j = i;
    let mut weekday = None;
    if key(toks, j) == "يوم" && lex.name_at(toks, j + 1, is_weekday).is_some() {
        j += 1;
    }
    if let Some((Name::Weekday(d) | Name::EnglishWeekday(d), e)) = lex.name_at(toks, j, is_weekday)
    {
        weekday = Some(d);
        j = skip_commas(toks, e);
        // "الإثنين الموافق 12 يناير"
        if matches!(key(toks, j), "الموافق" | "الموافقه") {
            j += 1;
        }
    }

    if let Some((y, m, d, end, hijri)) = numeric_at(toks, j) {
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some(Explicit {
                first: i,
                end,
                cal: if hijri { Cal::Hijri } else { Cal::Gregorian },
                year: Some(y),
                month: m,
                day: Some(d),
                weekday,
                month_rel: None,
                year_rel: None,
                numeric: true,
                day_end: None,
            });
        }
    }

    // Day first: "12 يناير 2026", "6th, November 2025", "التاسع من أكتوبر".
    if let Some((day, e, ordinal)) = day_at(toks, lex, j) {
        // A range of days in one month: "21 إلى 31 مارس", "26 و27 مارس", "8-10 مارس".
        let mut day_end = None;
        let mut e = e;
        if !ordinal && matches!(key(toks, e), "و" | "الي" | "حتي" | "-" | "–" | "لغايه")
        {
            if let Some((d2, e2, false)) = day_at(toks, lex, e + 1) {
                if d2 > day && month_at(toks, lex, e2).is_some() {
                    day_end = Some(d2);
                    e = e2;
                }
            }
        }
        let mut k = skip_commas(toks, e);
        if matches!(key(toks, k), "من" | "of") {
            k += 1;
        }
        if key(toks, k) == "شهر" {
            k += 1;
        }
        if let Some((cal, month, e2)) = month_at(toks, lex, k) {
            let mut ex = Explicit {
                first: i,
                end: e2,
                cal,
                year: None,
                month,
                day: Some(day),
                weekday,
                month_rel: None,
                year_rel: None,
                numeric: false,
                day_end,
            };
            if let Some((y, e3, _)) = year_after(toks, e2, cal) {
                ex.year = Some(y);
                ex.end = e3;
            } else {
                ex.end = qualifiers(toks, e2, &mut ex);
            }
            return Some(ex);
        }
        if ordinal {
            return None;
        }
    }

    // Month first: "November 6, 2025", "يناير 2026", "أكتوبر الماضي", bare "أكتوبر".
    let k = if key(toks, j) == "شهر" && weekday.is_none() {
        j + 1
    } else {
        j
    };
    if let Some((cal, month, e)) = month_at(toks, lex, k) {
        let mut ex = Explicit {
            first: i,
            end: e,
            cal,
            year: None,
            month,
            day: None,
            weekday,
            month_rel: None,
            year_rel: None,
            numeric: false,
            day_end: None,
        };
        if let Some((day, e2, false)) = day_at(toks, lex, e) {
            let e2c = skip_commas(toks, e2);
            if let Some((y, e3, _)) = year_after(toks, e2c, cal) {
                ex.day = Some(day);
                ex.year = Some(y);
                ex.end = e3;
                return Some(ex);
            }
        }
        if let Some((y, e3, _)) = year_after(toks, e, cal) {
            ex.year = Some(y);
            ex.end = e3;
        } else {
            ex.end = qualifiers(toks, e, &mut ex);
        }
        if weekday.is_some() {
            // "الإثنين يناير" is not a date expression.
            return None;
        }
        return Some(ex);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    type Found = (Option<i32>, u8, Option<u8>, Option<u8>, String);

    fn first(text: &str) -> Option<Found> {
        let toks = tokenize(text);
        let lex = Lexicon::get();
        (0..toks.len()).find_map(|i| {
            explicit_at(&toks, lex, i).map(|e| {
                let s = toks[e.first].start;
                let en = toks[e.end - 1].end;
                let covered: String = text.chars().skip(s).take(en - s).collect();
                (e.year, e.month, e.day, e.weekday, covered)
            })
        })
    }

    #[test]
    fn arabic_full_date_with_weekday() {
        assert_eq!(
            first("القاهرة - الإثنين 12 يناير 2026"),
            Some((
                Some(2026),
                1,
                Some(12),
                Some(0),
                "الإثنين 12 يناير 2026".into()
            ))
        );
    }

    #[test]
    fn english_ordinal_day_with_comma() {
        assert_eq!(
            first("تاريخ النشر: 6th, November 2025"),
            Some((Some(2025), 11, Some(6), None, "6th, November 2025".into()))
        );
        assert_eq!(
            first("Published November 6, 2025 at 10:00"),
            Some((Some(2025), 11, Some(6), None, "November 6, 2025".into()))
        );
    }

    #[test]
    fn combined_month_names_are_one_expression() {
        assert_eq!(
            first("في 9 أكتوبر/تشرين الأول 2025 قال"),
            Some((
                Some(2025),
                10,
                Some(9),
                None,
                "9 أكتوبر/تشرين الأول 2025".into()
            ))
        );
    }

    #[test]
    fn numeric_dates_in_both_orders_and_arabic_digits() {
        assert_eq!(
            first("١٢/٠١/٢٠٢٦").map(|x| (x.0, x.1, x.2)),
            Some((Some(2026), 1, Some(12)))
        );
        assert_eq!(
            first("2026-01-12T10:00").map(|x| (x.0, x.1, x.2)),
            Some((Some(2026), 1, Some(12)))
        );
        assert_eq!(first("الإصدار 1.2.2026.4"), None);
    }

    #[test]
    fn hijri_year_range_is_checked() {
        assert_eq!(
            first("13 ربيع الأول 1446 هـ").map(|x| (x.0, x.1, x.2, x.4)),
            Some((Some(1446), 3, Some(13), "13 ربيع الأول 1446 هـ".into()))
        );
    }

    #[test]
    fn month_relative_qualifier_is_kept_in_span() {
        let toks = tokenize("في أكتوبر الماضي");
        let e = explicit_at(&toks, Lexicon::get(), 1).expect("month");
        assert_eq!(e.month_rel, Some(Rel::Past));
        assert_eq!(e.end, 3);
    }
}
