//! Month, weekday, ordinal and number-word lexicon loaded from the CLDR resource and rasd's additions.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tokens::Tok;

/// Month and weekday names from Unicode CLDR (generated; see the file header).
pub(crate) const CLDR_NAMES: &str = include_str!("../resources/cldr_ar_names.tsv");
/// rasd's documented additions: variants CLDR lacks, English names, ordinals, number words.
pub(crate) const ADDITIONS: &str = include_str!("../resources/date_words_ar.tsv");

/// The calendar a month name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Cal {
    /// Gregorian month with an Arabic name (any tradition).
    Gregorian,
    /// Gregorian month with an English name.
    English,
    /// Hijri (Islamic) month.
    Hijri,
}

/// What a name in the lexicon denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Name {
    Month(Cal, u8),
    /// Weekday, 0 = Monday.
    Weekday(u8),
    /// English weekday, 0 = Monday.
    EnglishWeekday(u8),
    /// A quarter of the year ("الربع الأول"), 1–4.
    Quarter(u8),
    /// Day-of-month ordinal word ("التاسع").
    Ordinal(u8),
    /// A number word ("ثلاثة").
    Cardinal(u32),
    /// A unit of time ("أيام", "يومين") and the count it implies alone (1, 2 for the dual, 0 = none).
    Unit(Unit, u8),
}

/// A unit of time in "منذ ثلاثة أيام".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A name's remaining folded tokens after its first one, and what it denotes.
#[derive(Debug, Clone)]
struct Entry {
    rest: Vec<String>,
    name: Name,
}

/// Name lookup keyed by the folded first token.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    by_first: HashMap<String, Vec<Entry>>,
    /// Rows that could not be read (reported by tests, skipped at run time).
    pub bad_rows: Vec<String>,
}

fn fold_key(s: &str) -> String {
    let mut k = rasd_text::fold(s);
    k.make_ascii_lowercase();
    k
}

impl Lexicon {
    fn add_rows(&mut self, data: &str) {
        for line in data.lines() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("kind\t") {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(index), Some(text)) = (cols.next(), cols.next(), cols.next())
            else {
                self.bad_rows.push(line.to_string());
                continue;
            };
            let Ok(index) = index.trim().parse::<u32>() else {
                self.bad_rows.push(line.to_string());
                continue;
            };
            let small = u8::try_from(index).ok();
            let name = match (kind, small) {
                ("gregorian", Some(m @ 1..=12)) => Name::Month(Cal::Gregorian, m),
                ("english", Some(m @ 1..=12)) => Name::Month(Cal::English, m),
                ("islamic", Some(m @ 1..=12)) => Name::Month(Cal::Hijri, m),
                ("weekday", Some(d @ 0..=6)) => Name::Weekday(d),
                ("english_weekday", Some(d @ 0..=6)) => Name::EnglishWeekday(d),
                ("ordinal", Some(d @ 1..=31)) => Name::Ordinal(d),
                ("quarter", Some(q @ 1..=4)) => Name::Quarter(q),
                ("cardinal", _) => Name::Cardinal(index),
                ("unit_day", Some(n @ 0..=2)) => Name::Unit(Unit::Day, n),
                ("unit_week", Some(n @ 0..=2)) => Name::Unit(Unit::Week, n),
                ("unit_month", Some(n @ 0..=2)) => Name::Unit(Unit::Month, n),
                ("unit_year", Some(n @ 0..=2)) => Name::Unit(Unit::Year, n),
                _ => {
                    self.bad_rows.push(line.to_string());
                    continue;
                }
            };
            let keys: Vec<String> = text.split_whitespace().map(fold_key).collect();
            let Some((first, rest)) = keys.split_first() else {
                self.bad_rows.push(line.to_string());
                continue;
            };
            let list = self.by_first.entry(first.clone()).or_default();
            // "يوم" is both "{0} يوم" (needs a number) and "يوم واحد" (one): keep the larger implied count.
            if let Name::Unit(u, n) = name {
                if let Some(e) = list
                    .iter_mut()
                    .find(|e| e.rest == rest && matches!(e.name, Name::Unit(u2, _) if u2 == u))
                {
                    if let Name::Unit(_, old) = e.name {
                        e.name = Name::Unit(u, old.max(n));
                    }
                    continue;
                }
            }
            if !list.iter().any(|e| e.rest == rest && e.name == name) {
                list.push(Entry {
                    rest: rest.to_vec(),
                    name,
                });
                // Longest names first so "كانون الثاني" wins over a shorter prefix.
                list.sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
            }
        }
    }

    /// The lexicon built from the shipped resources.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex = Lexicon::default();
            lex.add_rows(CLDR_NAMES);
            lex.add_rows(ADDITIONS);
            lex
        })
    }

    /// The longest name starting at token `i` accepted by `want`; returns it and the index after it.
    /// The first token may carry a one-letter proclitic (و ف ب ل, and ل+ال written "لل").
    pub fn name_at(
        &self,
        toks: &[Tok],
        i: usize,
        want: impl Fn(Name) -> bool,
    ) -> Option<(Name, usize)> {
        let first = toks.get(i)?;
        if !first.is_word() {
            return None;
        }
        let mut best: Option<(Name, usize)> = None;
        for key in clitic_variants(&first.key) {
            let Some(list) = self.by_first.get(key.as_ref()) else {
                continue;
            };
            for e in list {
                if !want(e.name) {
                    continue;
                }
                let ok = e.rest.iter().enumerate().all(|(k, r)| {
                    toks.get(i + 1 + k)
                        .is_some_and(|t| t.is_word() && &t.key == r)
                });
                if ok {
                    let end = i + 1 + e.rest.len();
                    if best.is_none_or(|(_, b)| end > b) {
                        best = Some((e.name, end));
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        best
    }
}

/// The token key itself, then with a proclitic removed.
fn clitic_variants(key: &str) -> Vec<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let mut out: Vec<Cow<'_, str>> = vec![Cow::Borrowed(key)];
    let mut chars = key.chars();
    let Some(c0) = chars.next() else {
        return out;
    };
    let rest = chars.as_str();
    if rest.chars().count() < 2 {
        return out;
    }
    if let Some(r) = key.strip_prefix("لل") {
        out.push(Cow::Owned(format!("ال{r}")));
    }
    if matches!(c0, 'و' | 'ف' | 'ب' | 'ل') {
        out.push(Cow::Borrowed(rest));
        if let Some(r) = rest.strip_prefix("لل") {
            out.push(Cow::Owned(format!("ال{r}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn shipped_resources_have_no_bad_rows() {
        assert!(
            Lexicon::get().bad_rows.is_empty(),
            "{:?}",
            Lexicon::get().bad_rows
        );
    }

    #[test]
    fn every_tradition_maps_to_its_month() {
        let lex = Lexicon::get();
        for (text, want) in [
            ("يناير", Name::Month(Cal::Gregorian, 1)),
            ("كانون الثاني", Name::Month(Cal::Gregorian, 1)),
            ("جانفي", Name::Month(Cal::Gregorian, 1)),
            ("أوت", Name::Month(Cal::Gregorian, 8)),
            ("تشرين الأول", Name::Month(Cal::Gregorian, 10)),
            ("ربيع الأول", Name::Month(Cal::Hijri, 3)),
            ("ذي الحجة", Name::Month(Cal::Hijri, 12)),
            ("November", Name::Month(Cal::English, 11)),
            ("الإثنين", Name::Weekday(0)),
            ("والجمعة", Name::Weekday(4)),
            ("للسبت", Name::Weekday(5)),
            ("الحادي والعشرين", Name::Ordinal(21)),
            ("يومين", Name::Unit(Unit::Day, 2)),
            ("أيام", Name::Unit(Unit::Day, 0)),
            ("يوم", Name::Unit(Unit::Day, 1)),
            ("عامين", Name::Unit(Unit::Year, 2)),
        ] {
            let toks = tokenize(text);
            let got = lex.name_at(&toks, 0, |_| true);
            assert_eq!(got, Some((want, toks.len())), "{text}");
        }
    }

    /// The shipped CLDR resource holds every non-narrow month and weekday name of ../shared/data/cldr_ar
    /// (regenerate with resources/gen_cldr_names.py). Skipped when the shared data is not present.
    #[test]
    fn cldr_resource_covers_shared_cldr_names() {
        let shared = std::env::var("RASD_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
            });
        let dir = shared.join("data/cldr_ar");
        let (Ok(months), Ok(days)) = (
            std::fs::read_to_string(dir.join("month_names_ar.tsv")),
            std::fs::read_to_string(dir.join("weekday_names_ar.tsv")),
        ) else {
            eprintln!(
                "shared CLDR data not found under {}; skipped",
                dir.display()
            );
            return;
        };
        let shipped: std::collections::HashSet<String> = CLDR_NAMES
            .lines()
            .filter_map(|l| l.split('\t').nth(2))
            .map(|n| n.to_string())
            .collect();
        for (data, width_col) in [(months, 4), (days, 3)] {
            for line in data.lines().skip(1) {
                let cols: Vec<&str> = line.split('\t').collect();
                let width = cols.get(width_col).copied().unwrap_or("");
                if matches!(width, "narrow" | "short") {
                    continue;
                }
                let name = cols
                    .first()
                    .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                assert!(
                    shipped.contains(&name),
                    "{name} missing from cldr_ar_names.tsv"
                );
            }
        }
    }

    #[test]
    fn kanun_alone_is_not_a_month() {
        let toks = tokenize("كانون");
        assert_eq!(Lexicon::get().name_at(&toks, 0, |_| true), None);
    }
}
