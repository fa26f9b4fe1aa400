//! The date-expression engine: finds explicit, relative and vague date expressions and resolves them
//! against a reference date.

use rasd_core::Ymd;

use crate::calendar::{add_days, add_months, day_number, month_end, weekday};
use crate::explicit::{explicit_at, rel_of, Explicit, Rel};
use crate::hijri;
use crate::lexicon::{Cal, Lexicon, Name, Unit};
use crate::tokens::Tok;
use crate::{Calendar, DateMention, Precision};

/// A resolved value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    Day(Ymd),
    Month(i32, u8),
    Year(i32),
    /// Inclusive day range.
    Range(Ymd, Ymd),
}

impl Value {
    fn precision(self) -> Precision {
        match self {
            Value::Day(_) => Precision::Day,
            Value::Month(..) => Precision::Month,
            Value::Year(_) => Precision::Year,
            Value::Range(..) => Precision::Range,
        }
    }

    /// True when every year in the value has four digits (ISO 8601 without expansion).
    fn is_iso_range(self) -> bool {
        let ok = |y: i32| (1..=9999).contains(&y);
        match self {
            Value::Day(d) => ok(d.year),
            Value::Month(y, _) | Value::Year(y) => ok(y),
            Value::Range(a, b) => ok(a.year) && ok(b.year),
        }
    }

    fn iso(self) -> String {
        match self {
            Value::Day(d) => d.iso(),
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Year(y) => format!("{y:04}"),
            Value::Range(a, b) => format!("{}/{}", a.iso(), b.iso()),
        }
    }
}

/// A match in token coordinates.
#[derive(Debug, Clone, Copy)]
struct Found {
    first: usize,
    end: usize,
    value: Value,
    calendar: Calendar,
    relative: bool,
    conflict: bool,
}

/// First day of the week: Saturday, as CLDR gives for most Arab locales (ar_EG, ar_IQ, ar_SY, ar_DZ, …).
const WEEK_START: u8 = 5;

fn key(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map_or("", |t| t.key.as_str())
}

/// The key without a leading و/ف conjunction ("وفي" → "في").
fn bare(k: &str) -> &str {
    match k.strip_prefix('و').or_else(|| k.strip_prefix('ف')) {
        Some(r) if r.chars().count() >= 2 => r,
        _ => k,
    }
}

/// Words before a month name or a year that make it a date ("في أكتوبر", "منذ 2011").
const TIME_PREPOSITIONS: &[&str] = &[
    "في",
    "منذ",
    "خلال",
    "حتي",
    "مطلع",
    "اوايل",
    "اواخر",
    "بدايه",
    "نهايه",
    "منتصف",
    "اواسط",
    "موفي",
    "غره",
    "قبل",
    "بعد",
    "حلول",
    "مستهل",
    "ختام",
    "طيله",
    "طوال",
    "اثناء",
    "بحلول",
    "شهر",
    "لشهر",
    "بشهر",
    "عام",
    "سنه",
    "الي",
    "حتي",
    "لغايه",
    "غايه",
    "مع",
    "ابتداء",
    "اعتبارا",
    "بين",
];

fn is_time_preposition(k: &str) -> bool {
    TIME_PREPOSITIONS.contains(&bare(k))
}

/// Nouns that start like a future verb with سـ (سيارة, سنوات) and are not one.
/// Nouns counted after a number ("2024 شخصا"), which show that the number is not a year.
const COUNTED_NOUNS: &[&str] = &[
    "شخص",
    "شخصا",
    "اشخاص",
    "قتيل",
    "قتيلا",
    "قتلي",
    "جريح",
    "جريحا",
    "جرحي",
    "مصاب",
    "مصابا",
    "اصابه",
    "حاله",
    "دولار",
    "دولارا",
    "دينار",
    "دينارا",
    "يورو",
    "درهم",
    "درهما",
    "جنيه",
    "جنيها",
    "ريال",
    "ريالا",
    "ليره",
    "طن",
    "طنا",
    "مليون",
    "مليار",
    "الف",
    "منزل",
    "منزلا",
    "عائله",
    "اسره",
    "طفل",
    "طفلا",
    "لاجي",
    "لاجيا",
    "مواطن",
    "مواطنا",
    "عامل",
    "عاملا",
    "متر",
    "مترا",
    "كلم",
    "كيلومتر",
    "كيلومترا",
    "هكتار",
    "هكتارا",
    "سجين",
    "سجينا",
    "معتقل",
    "معتقلا",
    "ناخب",
    "ناخبا",
    "صوت",
    "صوتا",
    "نسمه",
    "فرد",
    "فردا",
    "مره",
    "بالمايه",
    "بالمئه",
    "راكب",
    "راكبا",
    "سائح",
    "سايح",
    "سايحا",
    "وحده",
];

fn is_counted_noun(k: &str) -> bool {
    COUNTED_NOUNS.contains(&k)
}

const SIN_NOUN_PREFIXES: &[&str] = &[
    "سيار", "سياس", "سياح", "سياد", "سيد", "سين", "سير", "سيط", "سيل", "سيو", "سيف", "سيق", "ستين",
    "ستون", "ستار", "ستو", "ستر", "سنو", "سنه", "سنين", "سنغ", "سند", "سنا", "سنب", "سنت", "سني",
    "سيج", "سيم",
];

/// Explicit future markers.
const FUTURE_WORDS: &[&str] = &[
    "سوف",
    "المقرر",
    "المنتظر",
    "المرتقب",
    "يرتقب",
    "يعتزم",
    "تعتزم",
    "يعتزمون",
    "القادم",
    "المقبل",
    "المتوقع",
    "يتوقع",
    "تتوقع",
    "متوقع",
    "ينتظر",
];

fn is_future_word(k: &str) -> bool {
    let k = bare(k);
    if FUTURE_WORDS.contains(&k) {
        return true;
    }
    // سـ + imperfect verb: سيعقد، ستجري، سنواصل.
    let mut cs = k.chars();
    let (Some('س'), Some(c2)) = (cs.next(), cs.next()) else {
        return false;
    };
    matches!(c2, 'ي' | 'ت' | 'ن')
        && k.chars().count() >= 5
        && !SIN_NOUN_PREFIXES.iter().any(|p| k.starts_with(p))
}

/// True when the clause before token `i` speaks of the future.
fn future_context(toks: &[Tok], i: usize) -> bool {
    let lo = i.saturating_sub(10);
    for k in (lo..i).rev() {
        let Some(t) = toks.get(k) else { break };
        if t.is_punct_in(&['.', '!', '?', '؟', '؛', ';']) {
            break;
        }
        if t.is_word() && is_future_word(&t.key) {
            return true;
        }
        if t.line_break_before {
            break;
        }
    }
    false
}

/// The most recent weekday `w` on or before `d` (`strict`: before `d`).
fn weekday_before(d: Ymd, w: u8, strict: bool) -> Option<Ymd> {
    let mut back = (i64::from(weekday(d)) - i64::from(w)).rem_euclid(7);
    if strict && back == 0 {
        back = 7;
    }
    add_days(d, -back)
}

/// The next weekday `w` on or after `d` (`strict`: after `d`).
fn weekday_after(d: Ymd, w: u8, strict: bool) -> Option<Ymd> {
    let mut fwd = (i64::from(w) - i64::from(weekday(d))).rem_euclid(7);
    if strict && fwd == 0 {
        fwd = 7;
    }
    add_days(d, fwd)
}

fn week_of(d: Ymd, weeks: i64) -> Option<Value> {
    let start = weekday_before(d, WEEK_START, false)?;
    let start = add_days(start, 7 * weeks)?;
    Some(Value::Range(start, add_days(start, 6)?))
}

fn rel_offset(r: Rel) -> i32 {
    match r {
        Rel::Past => -1,
        Rel::Current => 0,
        Rel::Next => 1,
    }
}

/// Year for a month (and day) given without a year. News mostly reports the past: the occurrence
/// from about ten months before to two months after the reference wins; in a clause about the
/// future, the occurrence from a month before to eleven months after.
fn nearest_year(reference: Ymd, month: u8, day: Option<u8>, future: bool) -> i32 {
    let y = reference.year;
    let (lo, hi) = if future { (-31, 334) } else { (-310, 55) };
    let day = day.unwrap_or(15);
    let cand = Ymd::new(y, month, day).or_else(|| Ymd::new(y, month, 28));
    match cand {
        Some(cand) => {
            let diff = day_number(cand) - day_number(reference);
            if diff > hi {
                y - 1
            } else if diff < lo {
                y + 1
            } else {
                y
            }
        }
        None => y,
    }
}

fn year_for(
    ref_year: i32,
    ref_month: u8,
    month: u8,
    ex: &Explicit,
    nearest: impl Fn() -> i32,
) -> i32 {
    if let Some(r) = ex.year_rel {
        return ref_year + rel_offset(r);
    }
    match ex.month_rel {
        Some(Rel::Past) => {
            if month < ref_month {
                ref_year
            } else {
                ref_year - 1
            }
        }
        Some(Rel::Current) => ref_year,
        Some(Rel::Next) => {
            if month > ref_month {
                ref_year
            } else {
                ref_year + 1
            }
        }
        None => nearest(),
    }
}

/// Part of a month or year named by a modifier ("مطلع", "منتصف", "أواخر").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    /// "غرة": the first day.
    First,
}

fn part_of(k: &str) -> Option<Part> {
    Some(match bare(k) {
        "مطلع" | "اوايل" | "بدايه" | "مستهل" | "ببدايه" | "بمطلع" => {
            Part::Early
        }
        "منتصف" | "اواسط" | "بمنتصف" => Part::Mid,
        "اواخر" | "نهايه" | "موفي" | "ختام" | "بنهايه" => Part::Late,
        "غره" => Part::First,
        _ => return None,
    })
}

/// The days of a month part: 1–10, 11–20, 21–end.
fn month_part(first: Ymd, last: Ymd, part: Part) -> Option<Value> {
    let (a, b) = match part {
        Part::Early => (0, 9),
        Part::Mid => (10, 19),
        Part::Late => (20, day_number(last) - day_number(first)),
        Part::First => return Some(Value::Day(first)),
    };
    Some(Value::Range(add_days(first, a)?, add_days(first, b)?))
}

/// The months of a year part: early = January–March, mid = May–August, late = October–December.
fn year_part(y: i32, part: Part) -> Option<Value> {
    let (m1, m2) = match part {
        Part::Early => (1, 3),
        Part::Mid => (5, 8),
        Part::Late => (10, 12),
        Part::First => return Some(Value::Day(Ymd::new(y, 1, 1)?)),
    };
    Some(Value::Range(Ymd::new(y, m1, 1)?, month_end(y, m2)?))
}

/// Resolves an explicit expression against the reference date.
fn resolve_explicit(
    ex: &Explicit,
    reference: Ymd,
    future: bool,
) -> Option<(Value, Calendar, bool)> {
    let relative = ex.year.is_none();
    if ex.cal == Cal::Hijri {
        let (ry, rm, _) = hijri::from_gregorian(reference)?;
        let y = match ex.year {
            Some(y) => y,
            None => year_for(ry, rm, ex.month, ex, || {
                let md = i32::from(ex.month) - i32::from(rm);
                let (lo, hi) = if future { (-1, 11) } else { (-10, 2) };
                if md > hi {
                    ry - 1
                } else if md < lo {
                    ry + 1
                } else {
                    ry
                }
            }),
        };
        let v = match (ex.day, ex.day_end) {
            (Some(d), Some(d2)) => Value::Range(
                hijri::to_gregorian(y, ex.month, d)?,
                hijri::to_gregorian(y, ex.month, d2)?,
            ),
            (Some(d), None) => Value::Day(hijri::to_gregorian(y, ex.month, d)?),
            (None, _) => {
                let (a, b) = hijri::month_range(y, ex.month)?;
                Value::Range(a, b)
            }
        };
        return Some((v, Calendar::Hijri, relative));
    }
    // "8 ديسمبر القادم" / "30 ديسمبر الماضي": with a day, the next (latest) such date after (before) the reference.
    let by_day = match (ex.year, ex.year_rel, ex.month_rel, ex.day) {
        (None, None, Some(rel @ (Rel::Past | Rel::Next)), Some(d)) => {
            let r = day_number(reference);
            let cands = [reference.year - 1, reference.year, reference.year + 1];
            let fits = |y: &i32| {
                Ymd::new(*y, ex.month, d).is_some_and(|c| {
                    if rel == Rel::Past {
                        day_number(c) < r
                    } else {
                        day_number(c) > r
                    }
                })
            };
            if rel == Rel::Past {
                cands.into_iter().rev().find(fits)
            } else {
                cands.into_iter().find(fits)
            }
        }
        _ => None,
    };
    let y = match ex.year.or(by_day) {
        Some(y) => y,
        None => year_for(reference.year, reference.month, ex.month, ex, || {
            let y = nearest_year(reference, ex.month, ex.day, future);
            // "الأحد 8 ديسمبر" without a year: a neighbouring year whose 8 December is a Sunday fits better.
            match (ex.weekday, ex.day) {
                (Some(w), Some(d)) => [y, y - 1, y + 1]
                    .into_iter()
                    .find(|&yy| {
                        Ymd::new(yy, ex.month, d).is_some_and(|c| {
                            weekday(c) == w && (day_number(c) - day_number(reference)).abs() <= 400
                        })
                    })
                    .unwrap_or(y),
                _ => y,
            }
        }),
    };
    let v = match (ex.day, ex.day_end) {
        (Some(d), Some(d2)) => Value::Range(Ymd::new(y, ex.month, d)?, Ymd::new(y, ex.month, d2)?),
        (Some(d), None) => Value::Day(Ymd::new(y, ex.month, d)?),
        (None, _) => Value::Month(y, ex.month),
    };
    Some((v, Calendar::Gregorian, relative))
}

/// Whether an explicit expression is a date in its context (a bare month needs a preposition or a
/// qualifier; words that double as names — صفر، رجب، شعبان، رمضان، محرم، مارس — need more).
fn explicit_is_date(toks: &[Tok], ex: &Explicit) -> bool {
    if ex.day.is_some() || ex.year.is_some() {
        return true;
    }
    if ex.cal == Cal::English {
        return false;
    }
    let has_shahr = key(toks, ex.first) == "شهر";
    let prev = ex.first.checked_sub(1).map_or("", |p| key(toks, p));
    let qualified = ex.month_rel.is_some() || ex.year_rel.is_some();
    if ex.cal == Cal::Hijri {
        return has_shahr || qualified || bare(prev) == "شهر";
    }
    has_shahr || qualified || is_time_preposition(prev)
}

struct Ctx<'a> {
    toks: &'a [Tok],
    lex: &'a Lexicon,
    reference: Ymd,
}

impl Ctx<'_> {
    fn weekday_at(&self, i: usize) -> Option<(u8, usize)> {
        match self
            .lex
            .name_at(self.toks, i, |n| matches!(n, Name::Weekday(_)))?
        {
            (Name::Weekday(w), e) => Some((w, e)),
            _ => None,
        }
    }

    fn explicit(&self, i: usize) -> Option<Found> {
        let ex = explicit_at(self.toks, self.lex, i)?;
        if !explicit_is_date(self.toks, &ex) {
            return None;
        }
        let future = ex.year.is_none() && future_context(self.toks, ex.first);
        let (value, calendar, relative) = resolve_explicit(&ex, self.reference, future)?;
        let conflict = match (ex.weekday, value) {
            (Some(w), Value::Day(d)) => weekday(d) != w,
            _ => false,
        };
        Some(Found {
            first: ex.first,
            end: ex.end,
            value,
            calendar,
            relative,
            conflict,
        })
    }

    /// اليوم / أمس / أول أمس / غدا / بعد غد, optionally with a weekday and an explicit date.
    fn relative_day(&self, i: usize) -> Option<Found> {
        let toks = self.toks;
        let r = self.reference;
        let k0 = bare(key(toks, i));
        // News outlets named "… اليوم" (روسيا اليوم, أخبار اليوم, المصري اليوم) are not today.
        let prev = i.checked_sub(1).map_or("", |p| key(toks, p));
        if k0 == "اليوم" && matches!(bare(prev), "روسيا" | "اخبار" | "المصري")
        {
            return None;
        }
        let (offset, mut j) = match k0 {
            "اليوم" => {
                if matches!(
                    key(toks, i + 1),
                    "الذي"
                        | "التي"
                        | "التالي"
                        | "الموالي"
                        | "نفسه"
                        | "ذاته"
                        | "الوطني"
                        | "العالمي"
                        | "الدولي"
                        | "السابق"
                        | "الاول"
                        | "الثاني"
                ) {
                    return None;
                }
                (0, i + 1)
            }
            "الليله" => {
                if rel_of(key(toks, i + 1)) == Some(Rel::Past) {
                    (-1, i + 2)
                } else {
                    (0, i + 1)
                }
            }
            "امس" | "البارحه" => {
                if key(toks, i + 1) == "الاول" {
                    (-2, i + 2)
                } else {
                    (-1, i + 1)
                }
            }
            "اول" if key(toks, i + 1) == "امس" => (-2, i + 2),
            "اول" if key(toks, i + 1) == "من" && key(toks, i + 2) == "امس" => (-2, i + 3),
            "غدا" => (1, i + 1),
            "يوم" if key(toks, i + 1) == "غد" => (1, i + 2),
            "بعد" if key(toks, i + 1) == "غد" => (2, i + 2),
            _ => return None,
        };
        let base = add_days(r, offset)?;
        // "اليوم الجمعة 24 جوان 2016": the explicit date decides, the weekday is checked.
        if let Some(mut f) = self.explicit(j) {
            if matches!(f.value, Value::Day(_)) {
                f.first = i;
                return Some(f);
            }
        }
        let mut value = base;
        let mut conflict = false;
        // "أمس الجمعة" or "أمس (الجمعة)".
        let paren = toks.get(j).is_some_and(|t| t.is_punct_in(&['(']));
        let weekday = if paren {
            self.weekday_at(j + 1)
                .filter(|(_, e)| toks.get(*e).is_some_and(|t| t.is_punct_in(&[')'])))
                .map(|(w, e)| (w, e + 1))
        } else {
            self.weekday_at(j)
        };
        if let Some((w, e)) = weekday {
            j = e;
            value = match offset {
                0 => weekday_before(r, w, false)?,
                o if o < 0 => weekday_before(r, w, true)?,
                _ => weekday_after(r, w, true)?,
            };
            conflict = value != base;
        }
        Some(Found {
            first: i,
            end: j,
            value: Value::Day(value),
            calendar: Calendar::Gregorian,
            relative: true,
            conflict,
        })
    }

    /// "يوم الإثنين", "الجمعة الماضية", "السبت المقبل", bare "الثلاثاء".
    fn weekday_expr(&self, i: usize) -> Option<Found> {
        let toks = self.toks;
        let mut j = i;
        if matches!(
            key(toks, j),
            "يوم" | "يومي" | "ليله" | "صباح" | "مساء" | "فجر" | "ظهر" | "عشيه"
        ) {
            j += 1;
        }
        let (w, mut e) = self.weekday_at(j)?;
        if self.explicit(j).is_some() {
            // "مساء الجمعة 5 مارس": the explicit date at `j` is the longer expression.
            return None;
        }
        // Market towns ("سوق الأحد", "سوق الأربعاء") are places; "الاثنين الآخرين" is "the other two".
        let before = j.checked_sub(1).map_or("", |p| key(toks, p));
        if bare(before) == "سوق" || bare(before) == "كلا" {
            return None;
        }
        if w == 0
            && matches!(
                key(toks, e),
                "الاخرين" | "الاخيرين" | "الاخران" | "معا" | "الاخر"
            )
        {
            return None;
        }
        if j == i {
            // Friday prayer and sermon are not dates.
            let prev = i.checked_sub(1).map_or("", |p| key(toks, p));
            if w == 4
                && matches!(
                    bare(prev),
                    "صلاه"
                        | "خطبه"
                        | "خطيب"
                        | "صلوات"
                        | "مسجد"
                        | "جامع"
                        | "ائمه"
                        | "امام"
                )
            {
                return None;
            }
        }
        let first = if j == i || key(toks, i) == "يوم" || key(toks, i) == "يومي" {
            i
        } else {
            j
        };
        let r = self.reference;
        // "يومي السبت والأحد القادمين": a plural qualifier after a pair applies to both weekdays.
        let pair_rel = {
            let k = if key(toks, e) == "و" { e + 1 } else { e };
            self.weekday_at(k)
                .filter(|_| k > e || toks.get(e).is_some_and(|t| t.key.starts_with('و')))
                .and_then(|(_, e2)| rel_of(key(toks, e2)))
        };
        let d = match rel_of(key(toks, e)) {
            Some(Rel::Past) => {
                e += 1;
                weekday_before(r, w, true)?
            }
            Some(Rel::Next) => {
                e += 1;
                weekday_after(r, w, true)?
            }
            _ if pair_rel == Some(Rel::Past) => weekday_before(r, w, true)?,
            _ if pair_rel == Some(Rel::Next) => weekday_after(r, w, true)?,
            _ if future_context(toks, first) => weekday_after(r, w, false)?,
            _ => weekday_before(r, w, false)?,
        };
        Some(Found {
            first,
            end: e,
            value: Value::Day(d),
            calendar: Calendar::Gregorian,
            relative: true,
            conflict: false,
        })
    }

    /// "الأسبوع الماضي", "الشهر الجاري", "العام المقبل", "هذا العام", "السنة قبل الماضية".
    /// Returns the unit, the offset in units and the index after.
    fn relative_period(&self, i: usize, allow_bare: bool) -> Option<(Unit, i32, usize)> {
        let toks = self.toks;
        let (this, j) = if matches!(bare(key(toks, i)), "هذا" | "هذه") {
            (true, i + 1)
        } else {
            (false, i)
        };
        let unit = match key(toks, j) {
            "الاسبوع" => Unit::Week,
            "الشهر" => Unit::Month,
            "العام" | "السنه" => Unit::Year,
            _ => return None,
        };
        if this {
            return Some((unit, 0, j + 1));
        }
        let k1 = key(toks, j + 1);
        if k1 == "قبل" && rel_of(key(toks, j + 2)) == Some(Rel::Past) {
            return Some((unit, -2, j + 3));
        }
        if let Some(r) = rel_of(k1) {
            return Some((unit, rel_offset(r), j + 2));
        }
        if allow_bare && unit != Unit::Week {
            return Some((unit, 0, j + 1));
        }
        None
    }

    fn period_value(&self, unit: Unit, n: i32) -> Option<Value> {
        let r = self.reference;
        Some(match unit {
            Unit::Day => Value::Day(add_days(r, i64::from(n))?),
            Unit::Week => week_of(r, i64::from(n))?,
            Unit::Month => {
                let (y, m) = add_months(r.year, r.month, n);
                Value::Month(y, m)
            }
            Unit::Year => Value::Year(r.year + n),
        })
    }

    fn relative_period_expr(&self, i: usize) -> Option<Found> {
        let (unit, n, end) = self.relative_period(i, false)?;
        Some(Found {
            first: i,
            end,
            value: self.period_value(unit, n)?,
            calendar: Calendar::Gregorian,
            relative: true,
            conflict: false,
        })
    }

    /// "مطلع الشهر الجاري", "أواخر أكتوبر", "منتصف العام الماضي", "نهاية 2024", "غرة رمضان".
    fn part_expr(&self, i: usize) -> Option<Found> {
        let part = part_of(key(self.toks, i))?;
        let j = i + 1;
        // A month or year named explicitly.
        if let Some(f) = self.explicit(j).or_else(|| self.year_expr(j, true)) {
            let value = match f.value {
                Value::Month(y, m) => month_part(Ymd::new(y, m, 1)?, month_end(y, m)?, part)?,
                Value::Range(a, b) if f.calendar == Calendar::Hijri => month_part(a, b, part)?,
                Value::Year(y) => year_part(y, part)?,
                _ => return None,
            };
            return Some(Found {
                first: i,
                value,
                ..f
            });
        }
        let (unit, n, end) = self.relative_period(j, true)?;
        let value = match (unit, self.period_value(unit, n)?) {
            (Unit::Month, Value::Month(y, m)) => {
                month_part(Ymd::new(y, m, 1)?, month_end(y, m)?, part)?
            }
            (Unit::Year, Value::Year(y)) => year_part(y, part)?,
            _ => return None,
        };
        Some(Found {
            first: i,
            end,
            value,
            calendar: Calendar::Gregorian,
            relative: true,
            conflict: false,
        })
    }

    /// "منذ ثلاثة أيام", "قبل يومين", "بعد أسبوعين", "منذ 5 سنوات".
    fn ago_expr(&self, i: usize) -> Option<Found> {
        let toks = self.toks;
        let sign: i32 = match bare(key(toks, i)) {
            "منذ" | "قبل" => -1,
            "بعد" => 1,
            _ => return None,
        };
        let mut j = i + 1;
        if matches!(key(toks, j), "نحو" | "حوالي" | "قرابه" | "زهاء" | "قراب")
        {
            j += 1;
        }
        if matches!(key(toks, j), "اكثر" | "اقل") && key(toks, j + 1) == "من" {
            j += 2;
        }
        let mut count: Option<u32> = None;
        if let Some(t) = toks.get(j) {
            if t.is_num() && t.ndigits <= 3 {
                count = Some(t.num);
                j += 1;
            } else if let Some((Name::Cardinal(n), e)) = self
                .lex
                .name_at(toks, j, |n| matches!(n, Name::Cardinal(_)))
            {
                count = Some(n);
                j = e;
            }
        }
        let (Name::Unit(unit, implied), end) =
            self.lex.name_at(toks, j, |n| matches!(n, Name::Unit(..)))?
        else {
            return None;
        };
        let n = match (count, implied) {
            (Some(c), _) => c,
            (None, 0) => return None,
            (None, k) => u32::from(k),
        };
        // "بعد 186 أسبوعا متتاليا" is a duration.
        if matches!(
            key(toks, end),
            "متتاليا" | "متتاليه" | "متواصله" | "متواصلا" | "متتالين"
        ) {
            return None;
        }
        // "منذ سنة 2011" is a year, not "a year ago".
        // Same for "قبل يوم 8 ديسمبر": a number right after the unit belongs to a date.
        if toks.get(end).is_some_and(|t| t.is_num()) {
            return None;
        }
        // "قبل أسبوع من الانتخابات" counts from an event, not from the reference date.
        if (sign == 1 || bare(key(toks, i)) == "قبل") && matches!(key(toks, end), "من" | "علي")
        {
            return None;
        }
        let n = i32::try_from(n).ok()?.checked_mul(sign)?;
        let value = match unit {
            Unit::Day => Value::Day(add_days(self.reference, i64::from(n))?),
            Unit::Week => Value::Day(add_days(self.reference, 7 * i64::from(n))?),
            Unit::Month => {
                let (y, m) = add_months(self.reference.year, self.reference.month, n);
                Value::Month(y, m)
            }
            Unit::Year => Value::Year(self.reference.year.checked_add(n)?),
        };
        Some(Found {
            first: i,
            end,
            value,
            calendar: Calendar::Gregorian,
            relative: true,
            conflict: false,
        })
    }

    /// "عام 2011", "سنة 1446 هـ", "منذ 2011", "في 2024", "2011م". `after_part`: right after a
    /// modifier ("نهاية 2024"), where a bare year needs no other cue.
    fn year_expr(&self, i: usize, after_part: bool) -> Option<Found> {
        let toks = self.toks;
        let (j, with_word) = if matches!(
            bare(key(toks, i)),
            "عام" | "العام" | "سنه" | "السنه" | "لعام" | "لسنه" | "عامي" | "سنتي"
        ) {
            (i + 1, true)
        } else {
            (i, false)
        };
        let t = toks.get(j)?;
        if !t.is_num() || t.ndigits != 4 {
            return None;
        }
        // Not part of a longer number or a date/ratio ("2011/2012" is left alone, "2011-2012" too).
        let glued_sep = toks.get(j + 1).is_some_and(|n| {
            n.start == t.end && n.is_punct_in(&['/', '-', '.', ',', '،', '%', ':'])
        });
        if glued_sep && toks.get(j + 2).is_some_and(|n| n.is_num()) {
            return None;
        }
        let mut end = j + 1;
        let mut hijri = false;
        let mut era = false;
        if let Some(n) = toks.get(end) {
            if n.is_word() {
                match n.key.as_str() {
                    "ه" | "هجري" | "هجريه" | "للهجره" => {
                        hijri = true;
                        era = true;
                        end += 1;
                    }
                    "م" | "ميلادي" | "ميلاديه" | "للميلاد" => {
                        era = true;
                        end += 1;
                    }
                    _ => {}
                }
            }
        }
        let y = i32::try_from(t.num).ok()?;
        let plausible = if hijri {
            (1300..=1600).contains(&y)
        } else if with_word || era {
            (1000..=2999).contains(&y)
        } else {
            (1900..=2100).contains(&y)
        };
        if !plausible {
            return None;
        }
        let cued = with_word || era || after_part || {
            let prev = i.checked_sub(1).map_or("", |p| key(toks, p));
            is_time_preposition(prev)
        };
        if !cued {
            return None;
        }
        // "ارتفع العدد إلى 2024 شخصا": a count, not a year.
        if !(with_word || era)
            && toks
                .get(end)
                .is_some_and(|n| is_counted_noun(&n.key) || n.is_punct_in(&['%', '٪']))
        {
            return None;
        }
        // "بين 2011 و2015", "من عام 2011 إلى 2015", "عامي 2011 و2012": a range of whole years.
        let prev = i.checked_sub(1).map_or("", |p| key(toks, p));
        let range_cue =
            matches!(bare(prev), "بين" | "من") || matches!(bare(key(toks, i)), "عامي" | "سنتي");
        if !hijri && range_cue && matches!(key(toks, end), "و" | "الي" | "حتي") {
            if let Some(t2) = toks.get(end + 1).filter(|t| t.is_num() && t.ndigits == 4) {
                let y2 = i32::try_from(t2.num).ok()?;
                if y < y2 && y2 - y <= 300 {
                    return Some(Found {
                        first: i,
                        end: end + 2,
                        value: Value::Range(Ymd::new(y, 1, 1)?, Ymd::new(y2, 12, 31)?),
                        calendar: Calendar::Gregorian,
                        relative: false,
                        conflict: false,
                    });
                }
            }
        }
        let (value, calendar) = if hijri {
            let a = hijri::to_gregorian(y, 1, 1)?;
            let b = add_days(hijri::to_gregorian(y + 1, 1, 1)?, -1)?;
            (Value::Range(a, b), Calendar::Hijri)
        } else {
            (Value::Year(y), Calendar::Gregorian)
        };
        Some(Found {
            first: i,
            end,
            value,
            calendar,
            relative: false,
            conflict: false,
        })
    }

    /// "الربع الأول من 2025", "الربع الثالث من العام الجاري", "في الربع الأخير لعام 2024".
    fn quarter_expr(&self, i: usize) -> Option<Found> {
        let toks = self.toks;
        let (Name::Quarter(q), e) = self
            .lex
            .name_at(toks, i, |n| matches!(n, Name::Quarter(_)))?
        else {
            return None;
        };
        let r = self.reference;
        let (year, end, relative) = if let Some(f) = self.year_expr(e, true) {
            match f.value {
                Value::Year(y) => (y, f.end, false),
                _ => return None,
            }
        } else if key(toks, e) == "من" {
            if let Some(Found {
                value: Value::Year(y),
                end,
                ..
            }) = self.year_expr(e + 1, true)
            {
                (y, end, false)
            } else {
                let (unit, n, end) = self.relative_period(e + 1, false)?;
                if unit != Unit::Year {
                    return None;
                }
                (r.year + n, end, true)
            }
        } else {
            // A bare quarter needs a time preposition ("في الربع الأول"): the latest one begun by the reference.
            let prev = i.checked_sub(1).map_or("", |p| key(toks, p));
            if !is_time_preposition(prev) {
                return None;
            }
            let y = if 3 * q - 2 <= r.month {
                r.year
            } else {
                r.year - 1
            };
            (y, e, true)
        };
        Some(Found {
            first: i,
            end,
            value: Value::Range(Ymd::new(year, 3 * q - 2, 1)?, month_end(year, 3 * q)?),
            calendar: Calendar::Gregorian,
            relative,
            conflict: false,
        })
    }

    /// The longest expression starting at token `i`.
    fn at(&self, i: usize) -> Option<Found> {
        let candidates = [
            self.quarter_expr(i),
            self.part_expr(i),
            self.relative_day(i),
            self.ago_expr(i),
            self.explicit(i),
            self.relative_period_expr(i),
            self.weekday_expr(i),
            self.year_expr(i, false),
        ];
        candidates.into_iter().flatten().max_by_key(|f| f.end)
    }
}

/// All date expressions of `text`, resolved against `reference`. See [`crate::find_dates`].
pub(crate) fn find(text: &str, reference: Ymd) -> Vec<DateMention> {
    let toks = crate::tokens::tokenize(text);
    let ctx = Ctx {
        toks: &toks,
        lex: Lexicon::get(),
        reference,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match ctx.at(i) {
            Some(f) if f.end > f.first => {
                i = f.end;
                found.push(f);
            }
            _ => i += 1,
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    // Char offset → byte offset, built once.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    found
        .into_iter()
        .filter(|f| f.value.is_iso_range())
        .filter_map(|f| {
            let start = toks.get(f.first)?.start;
            let end = toks.get(f.end.checked_sub(1)?)?.end;
            let snippet = text
                .get(*byte_at.get(start)?..*byte_at.get(end)?)?
                .to_string();
            Some(DateMention {
                start,
                end,
                text: snippet,
                value: f.value.iso(),
                precision: f.value.precision(),
                calendar: f.calendar,
                relative: f.relative,
                weekday_conflict: f.conflict,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{find_dates, Calendar, Precision};
    use rasd_core::Ymd;

    fn r(s: &str) -> Ymd {
        Ymd::parse_iso(s).expect("valid reference")
    }

    /// (text, value) of every mention.
    fn values(text: &str, reference: &str) -> Vec<(String, String)> {
        find_dates(text, r(reference))
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    fn one(text: &str, reference: &str) -> String {
        let v = values(text, reference);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v[0].1.clone()
    }

    #[test]
    fn relative_weekday_resolves_to_previous_friday() {
        assert_eq!(
            values("وصل الوفد أمس الجمعة إلى القاهرة", "2025-12-20"),
            vec![("أمس الجمعة".into(), "2025-12-19".into())]
        );
        assert_eq!(one("تظاهر الآلاف الجمعة الماضية", "2025-12-20"), "2025-12-19");
        assert_eq!(one("عقد الاجتماع السبت الماضي", "2025-12-20"), "2025-12-13");
    }

    #[test]
    fn bare_weekday_is_on_or_before_reference_unless_future() {
        assert_eq!(
            one("قال مسؤولون الثلاثاء إن الهدنة صامدة", "2025-12-20"),
            "2025-12-16"
        );
        assert_eq!(
            one("وصل الوفد السبت إلى الخرطوم", "2025-12-20"),
            "2025-12-20"
        );
        assert_eq!(
            one("ستعقد الحكومة اجتماعا يوم الأربعاء", "2025-12-20"),
            "2025-12-24"
        );
    }

    #[test]
    fn today_with_wrong_weekday_is_flagged() {
        let m = find_dates("أعلن الجيش اليوم الجمعة عن هدنة", r("2025-12-20"));
        assert_eq!(m.len(), 1);
        assert!(m[0].weekday_conflict);
        assert_eq!(m[0].value, "2025-12-19");
        let m = find_dates("عقد الاجتماع الأحد 12 يناير 2026", r("2025-12-20"));
        assert!(m[0].weekday_conflict);
        assert_eq!(m[0].value, "2026-01-12");
        let m = find_dates("عقد الاجتماع الإثنين 12 يناير 2026", r("2025-12-20"));
        assert!(!m[0].weekday_conflict);
    }

    #[test]
    fn offsets_are_chars_into_the_input() {
        let text = "قال الوزير أمس الجمعة إن الاتفاق وقع في 9 أكتوبر/تشرين الأول 2025.";
        for m in find_dates(text, r("2025-12-20")) {
            let s: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(s, m.text);
        }
    }

    #[test]
    fn hijri_dates_convert_with_umm_al_qura() {
        let m = find_dates("صدر الأمر الموافق 13 ربيع الأول 1446 هـ", r("2025-12-20"));
        assert_eq!(m[0].value, "2024-09-16");
        assert_eq!(m[0].calendar, Calendar::Hijri);
        assert_eq!(
            one("ارتفعت الأسعار خلال شهر رمضان الماضي", "2025-12-20"),
            "2025-03-01/2025-03-29"
        );
    }

    #[test]
    fn month_without_year_takes_the_recent_occurrence() {
        assert_eq!(
            one("قال إن الاجتماع عقد في 9 أكتوبر", "2025-12-20"),
            "2025-10-09"
        );
        assert_eq!(
            one("احتفلت المدينة في 28 ديسمبر", "2026-01-12"),
            "2025-12-28"
        );
        assert_eq!(one("زار الصين في ديسمبر الماضي", "2025-12-20"), "2024-12");
        assert_eq!(
            one("تنطلق المفاوضات في يناير المقبل", "2025-12-20"),
            "2026-01"
        );
    }

    #[test]
    fn periods_parts_and_counts() {
        assert_eq!(
            one("زار الوفد الأسبوع الماضي المخيمات", "2025-12-20"),
            "2025-12-13/2025-12-19"
        );
        assert_eq!(one("ارتفعت الأسعار الشهر الماضي", "2025-12-20"), "2025-11");
        assert_eq!(one("نما الاقتصاد خلال العام الجاري", "2025-12-20"), "2025");
        assert_eq!(
            one("أعلنت الحكومة مطلع الشهر الجاري", "2025-12-20"),
            "2025-12-01/2025-12-10"
        );
        assert_eq!(
            one("وقعت الهجمات أواخر الشهر الماضي", "2025-12-20"),
            "2025-11-21/2025-11-30"
        );
        assert_eq!(
            one("اختفى الصحفي منذ ثلاثة أيام", "2025-12-20"),
            "2025-12-17"
        );
        assert_eq!(one("أعلن قبل يومين ترشيحه", "2025-12-20"), "2025-12-18");
    }

    #[test]
    fn years_need_a_cue() {
        assert_eq!(one("تعيش البلاد أزمة منذ 2011", "2025-12-20"), "2011");
        let m = find_dates("في عام 2011 اندلعت الثورة", r("2025-12-20"));
        assert_eq!(
            (m[0].text.as_str(), m[0].precision),
            ("عام 2011", Precision::Year)
        );
        assert!(find_dates("قتل 2011 شخصا في أعمال العنف", r("2025-12-20")).is_empty());
        assert!(find_dates("أطلقت المملكة رؤية 2030", r("2025-12-20")).is_empty());
    }

    #[test]
    fn traps_yield_nothing() {
        for t in [
            "أدى المصلون صلاة الجمعة في المسجد",
            "مارس الضغط على الحكومة",
            "أجرى رجب طيب أردوغان اتصالا",
            "انتهت المباراة بنتيجة صفر مقابل هدفين",
            "فاز الفريق بنتيجة 3-1",
            "قال الأمين العام للأمم المتحدة",
            "استقال قبل أسبوع من الانتخابات",
            "وفي اليوم التالي عاد الوفد",
        ] {
            assert!(find_dates(t, r("2025-12-20")).is_empty(), "{t}");
        }
    }

    #[test]
    fn english_and_numeric_dates_inside_arabic() {
        assert_eq!(
            one("تاريخ النشر: 6th, November 2025", "2025-12-20"),
            "2025-11-06"
        );
        assert_eq!(
            one("تم التحديث 12/01/2026 - 10:30", "2025-12-20"),
            "2026-01-12"
        );
        assert_eq!(
            one("وقع الحادث في ١٥ مارس ٢٠٢٤", "2025-12-20"),
            "2024-03-15"
        );
    }
}

#[cfg(test)]
mod corpus_regressions {
    use crate::find_dates;
    use rasd_core::Ymd;

    fn vals(text: &str, reference: (i32, u8, u8)) -> Vec<(String, String)> {
        let r = Ymd::new(reference.0, reference.1, reference.2).expect("valid");
        find_dates(text, r)
            .into_iter()
            .map(|m| (m.text, m.value))
            .collect()
    }

    #[test]
    fn market_towns_and_the_other_two_are_not_weekdays() {
        assert!(vals("شهدت القلعة وجمنة وسوق الاحد احتجاجات", (2017, 5, 22)).is_empty());
        assert!(vals("ارتفع عدد الضحايا إلى 2024 شخصا", (2025, 1, 1)).is_empty());
        assert!(vals(
            "وذكرت الشرطة أن المصابين الاثنين الآخرين نقلا إلى المستشفى",
            (2017, 2, 25)
        )
        .is_empty());
    }

    #[test]
    fn day_and_year_ranges() {
        assert_eq!(
            vals(
                "ينظم المهرجان من 21 إلى 31 مارس 2017 بالحمامات",
                (2017, 3, 1)
            ),
            vec![("21 إلى 31 مارس 2017".into(), "2017-03-21/2017-03-31".into())]
        );
        assert_eq!(
            vals("المجلس المنعقد يومي 26 و27 مارس الجاري", (2016, 3, 27)),
            vec![("26 و27 مارس الجاري".into(), "2016-03-26/2016-03-27".into())]
        );
        assert_eq!(
            vals("تولى المنصب بين 1991 و1992", (2017, 3, 16)),
            vec![("1991 و1992".into(), "1991-01-01/1992-12-31".into())]
        );
    }

    #[test]
    fn quarters_from_cldr_names() {
        assert_eq!(
            vals(
                "نما الاقتصاد في الربع الثالث من العام الجاري",
                (2025, 12, 20)
            ),
            vec![(
                "الربع الثالث من العام الجاري".into(),
                "2025-07-01/2025-09-30".into()
            )]
        );
        assert_eq!(
            vals("تراجعت الصادرات خلال الربع الأخير من 2024", (2025, 12, 20)),
            vec![("الربع الأخير من 2024".into(), "2024-10-01/2024-12-31".into())]
        );
        assert!(vals("الربع الأول من الملعب كان فارغا", (2025, 12, 20)).is_empty());
    }

    #[test]
    fn weekday_picks_the_year_of_a_yearless_date() {
        assert_eq!(
            vals("اجتمع المجلس يوم الأحد الموافق 8 ديسمبر", (2025, 12, 20)),
            vec![("يوم الأحد الموافق 8 ديسمبر".into(), "2024-12-08".into())]
        );
        assert_eq!(
            vals("الخميس 11 ماي", (2017, 5, 8)),
            vec![("الخميس 11 ماي".into(), "2017-05-11".into())]
        );
    }

    #[test]
    fn qualifier_after_a_pair_of_weekdays_applies_to_both() {
        assert_eq!(
            vals(
                "تخوض الأندية يومي السبت و الأحد القادمين مباريات الإياب",
                (2017, 3, 15)
            ),
            vec![
                ("يومي السبت".into(), "2017-03-18".into()),
                ("الأحد القادمين".into(), "2017-03-19".into())
            ]
        );
    }

    #[test]
    fn third_corpus_sample_fixes() {
        assert_eq!(
            vals("قبل يوم 8 ديسمبر القادم، تاريخ الإضراب العام", (2016, 12, 1)),
            vec![("8 ديسمبر القادم".into(), "2016-12-08".into())]
        );
        assert!(vals("سيطرت بعد 186 أسبوعا متتاليا على الصدارة", (2017, 1, 28)).is_empty());
        assert!(vals("أفادت وكالة أنباء روسيا اليوم أن الشرطة", (2016, 8, 10)).is_empty());
    }

    #[test]
    fn last_night_is_yesterday() {
        assert_eq!(
            vals("عثرت الوحدات الليلة الماضية على سيارة", (2016, 11, 4)),
            vec![("الليلة الماضية".into(), "2016-11-03".into())]
        );
    }

    #[test]
    fn alyawm_alladhi_is_not_today() {
        assert!(vals("رفض الإفصاح عن اليوم الذي نفذت فيه الضربة", (2015, 6, 5)).is_empty());
    }

    #[test]
    fn mundhu_sana_with_year_is_the_year() {
        assert_eq!(
            vals("من السجن منذ سنة 2011", (2017, 3, 30)),
            vec![("سنة 2011".into(), "2011".into())]
        );
    }

    #[test]
    fn combined_month_names_without_slash() {
        assert_eq!(
            vals("بعد هجوم في ديسمبر كانون الأول 2016", (2017, 6, 12)),
            vec![("ديسمبر كانون الأول 2016".into(), "2016-12".into())]
        );
    }

    #[test]
    fn weekday_in_parentheses_after_yesterday_is_checked() {
        let r = Ymd::new(2015, 9, 20).expect("valid");
        let m = find_dates("الاشتباكات التي اندلعت أمس (الجمعة) بين القوات", r);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].text, "أمس (الجمعة)");
        assert_eq!(m[0].value, "2015-09-18");
        assert!(m[0].weekday_conflict);
    }
}
