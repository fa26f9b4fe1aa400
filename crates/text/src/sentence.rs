//! Sentence splitting of clean Arabic (and mixed) text into char spans of the source.
//!
//! A sentence ends at a line break or after a terminator cluster (`.` `!` `?` `؟` `…` `۔`, and runs
//! like `؟!` or `...`), together with any closing quotes/brackets right after it. Spans are trimmed of
//! whitespace and never empty.
//!
//! Choices (all tested below):
//! - The Arabic comma `،` never ends a sentence. The Arabic semicolon `؛` does not either by default:
//!   Arabic news prose chains causal and result clauses with `؛` ("…؛ لأن …", "…؛ ما أدى إلى …"), so
//!   splitting there cuts a subject from its reporting verb. Pass
//!   [`SentenceOptions::semicolon_breaks`] to treat `؛`/`;` as clause breaks.
//! - A period is not a break inside a number (`3.5`, `١.٥`; `٫` is never a terminator), before a
//!   Latin letter or digit with no space (`U.S`, `aljazeera.net`), after a single-letter abbreviation
//!   (`د.` doctor, `م.` engineer, `ص.` page, `أ.` professor, `J.`), after a Latin title in
//!   [`LATIN_ABBREVIATIONS`] (`Dr.`, `Mr.`), or after a list number at the start of a sentence (`1.`).
//!   But a single letter right after a number is a unit or era that often ends the sentence
//!   (`عام 2017 م.`, `1438 هـ.`, Tunisian money `12 م د.` = million dinars, `5 د.`), so there it is a
//!   break.
//! - A period directly followed by an Arabic letter is a break (`انتهى.وقال`, common in scraped text),
//!   unless it ends an abbreviation (`د.محمد`).
//! - An ellipsis (`...`, `…`) is a break when it is followed by whitespace outside quotes/brackets, or
//!   by a closing quote (`«الوضع صعب...»`); inside an open quote or bracket, or directly followed by a
//!   letter, it is a pause, not a break.
//! - `!` `?` `؟` always break.

use rasd_core::Span;

use crate::classify::{
    is_arabic_mark, is_arabic_word_char, is_closing, is_digit, is_latin_letter, is_latin_mark,
    is_line_break, is_opening, is_space_like, is_tatweel,
};
use crate::fold::fold;

/// Latin abbreviations (case-sensitive, without the period) after which a period does not end a
/// sentence. Sentence-final words like `etc` and `Inc` are deliberately absent.
pub const LATIN_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt",
    "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "No", "vs", "Jan", "Feb", "Mar", "Apr", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "Mt", "Ft",
];

/// Arabic spellings of Latin letter names (folded). A period after one of them does not end a
/// sentence when the next word is one too (`سي. إن. إن` = CNN, `بي. بي. سي` = BBC, `دي. إن. أيه`).
pub const ARABIC_LETTER_NAMES: &[&str] = &[
    "اي",
    "ايه",
    "بي",
    "سي",
    "دي",
    "اف",
    "جي",
    "جيه",
    "اتش",
    "اش",
    "كي",
    "ال",
    "ام",
    "ان",
    "او",
    "يو",
    "كيو",
    "ار",
    "اس",
    "تي",
    "في",
    "دبليو",
    "اكس",
    "واي",
    "زد",
    "زي",
];

/// Options of [`sentences_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceOptions {
    /// Also break after `؛` and `;` (clause-level splitting). Off by default.
    pub semicolon_breaks: bool,
}

/// Sentence spans of `text` (char offsets, trimmed, non-empty, in order) with default options.
pub fn sentences(text: &str) -> Vec<Span> {
    sentences_with(text, SentenceOptions::default())
}

/// Sentence spans of `text` with the given options.
pub fn sentences_with(text: &str, opts: SentenceOptions) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: u32 = 0;
    let mut straight_open = false;
    let mut i = 0;
    while let Some(c) = at(i) {
        if is_line_break(c) {
            push_trimmed(&chars, start, i, &mut out);
            start = i + 1;
            depth = 0;
            straight_open = false;
            i += 1;
            continue;
        }
        if is_opening(c) {
            depth += 1;
        } else if is_closing(c) {
            depth = depth.saturating_sub(1);
        } else if c == '"' {
            straight_open = !straight_open;
        }
        if !is_terminator(c, opts) {
            i += 1;
            continue;
        }
        // The cluster: terminators and closing quotes/brackets, as long as they touch (`؟».`, `...).`).
        let quoted = depth > 0 || straight_open;
        let mut terms = Terminators::default();
        let mut j = i;
        let mut k = i;
        let mut closed = false;
        loop {
            while let Some(d) = at(j).filter(|&d| is_terminator(d, opts)) {
                terms.add(d, opts);
                j += 1;
            }
            k = k.max(j);
            while let Some(d) = at(k) {
                if is_closing(d) {
                    depth = depth.saturating_sub(1);
                    closed = true;
                } else if d == '"' && (straight_open || at(k + 1).is_none_or(is_space_like)) {
                    // A straight quote right after a terminator and before a space closes a quote,
                    // even when an earlier unbalanced quote upset the parity.
                    straight_open = false;
                    closed = true;
                } else {
                    break;
                }
                k += 1;
            }
            if k > j && at(k).is_some_and(|d| is_terminator(d, opts)) {
                j = k;
                continue;
            }
            break;
        }
        let ctx = Cluster {
            chars: &chars,
            sentence_start: start,
            first: i,
            after_terms: j,
            after_closers: k,
            closed,
        };
        if breaks_after(&terms, quoted, &ctx) {
            push_trimmed(&chars, start, k, &mut out);
            start = k;
        }
        i = k;
    }
    push_trimmed(&chars, start, n, &mut out);
    out
}

fn is_terminator(c: char, opts: SentenceOptions) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '‼' | '⁉' | '⁈' | '۔')
        || (opts.semicolon_breaks && matches!(c, '؛' | ';'))
}

/// Where a terminator cluster sits in the text.
struct Cluster<'a> {
    chars: &'a [char],
    sentence_start: usize,
    /// Index of the cluster's first terminator.
    first: usize,
    /// Index just after the terminators.
    after_terms: usize,
    /// Index just after the closing quotes/brackets following the terminators.
    after_closers: usize,
    /// True when the cluster closed a quote or bracket (`«...»`, `...).`).
    closed: bool,
}

/// What a terminator cluster contains.
#[derive(Default)]
struct Terminators {
    /// `!` `?` `؟` `۔` (and `؛` `;` with `semicolon_breaks`).
    strong: bool,
    /// `…`, or more than one `.`.
    ellipsis: bool,
    periods: usize,
}

impl Terminators {
    fn add(&mut self, c: char, opts: SentenceOptions) {
        match c {
            '.' => {
                self.periods += 1;
                self.ellipsis |= self.periods >= 2;
            }
            '…' => self.ellipsis = true,
            '؛' | ';' => self.strong |= opts.semicolon_breaks,
            _ => self.strong = true,
        }
    }
}

fn breaks_after(terms: &Terminators, quoted: bool, ctx: &Cluster<'_>) -> bool {
    if terms.strong {
        return true;
    }
    let ellipsis = terms.ellipsis;
    let after = ctx.chars.get(ctx.after_closers).copied();
    if ellipsis {
        if ctx.closed {
            return true;
        }
        return !quoted && after.is_none_or(is_space_like);
    }
    // A single period.
    if ctx.after_closers == ctx.after_terms
        && after.is_some_and(|c| is_latin_letter(c) || is_digit(c))
    {
        return false;
    }
    !(is_abbreviation_before(ctx) || is_list_enumerator(ctx))
}

/// Letters/marks of a word (Arabic or Latin) used to look at the word before a period.
fn is_word_char(c: char) -> bool {
    is_arabic_word_char(c) || is_latin_letter(c) || is_latin_mark(c)
}

/// A word char that is a letter, not a mark or tatweel.
fn is_letter(c: char) -> bool {
    is_word_char(c) && !(is_arabic_mark(c) || is_tatweel(c) || is_latin_mark(c))
}

fn is_abbreviation_before(ctx: &Cluster<'_>) -> bool {
    let chars = ctx.chars;
    let mut w = ctx.first;
    while w > ctx.sentence_start && chars.get(w - 1).copied().is_some_and(is_word_char) {
        w -= 1;
    }
    let word = chars.get(w..ctx.first).unwrap_or(&[]);
    let letters: Vec<char> = word.iter().copied().filter(|&c| is_letter(c)).collect();
    if letters.is_empty() {
        return false;
    }
    // The word must stand alone: not glued to a digit or other alphanumeric char.
    let before = w.checked_sub(1).and_then(|p| chars.get(p).copied());
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    if letters.len() == 1 {
        return !previous_is_number(chars, w);
    }
    let s: String = word.iter().collect();
    if LATIN_ABBREVIATIONS.contains(&s.as_str()) {
        return true;
    }
    // `سي. إن. إن`, `بي. بي. سي`: spelled-out Latin letters of an acronym.
    let is_letter_name = |w: &str| ARABIC_LETTER_NAMES.contains(&fold(w).as_str());
    is_letter_name(&s) && is_letter_name(&next_word(chars, ctx.after_closers))
}

/// The word starting at the first non-space char at or after `from` (empty if none).
fn next_word(chars: &[char], from: usize) -> String {
    chars
        .iter()
        .skip(from)
        .skip_while(|&&c| is_space_like(c))
        .take_while(|&&c| is_word_char(c))
        .collect()
}

/// True when the word before index `w`, skipping spaces and at most two single-letter words, is a
/// number: the letter is then a unit or era (`12 م د.` million dinars, `5 د.`, `2017 م.`, `1438 هـ.`).
fn previous_is_number(chars: &[char], w: usize) -> bool {
    let mut p = w;
    for _ in 0..3 {
        while p > 0 && chars.get(p - 1).copied().is_some_and(is_space_like) {
            p -= 1;
        }
        let Some(prev) = p.checked_sub(1).and_then(|q| chars.get(q).copied()) else {
            return false;
        };
        if is_digit(prev) {
            return true;
        }
        let mut q = p;
        while q > 0 && chars.get(q - 1).copied().is_some_and(is_word_char) {
            q -= 1;
        }
        let letters = chars
            .get(q..p)
            .unwrap_or(&[])
            .iter()
            .filter(|&&c| is_letter(c))
            .count();
        let alone = q
            .checked_sub(1)
            .and_then(|r| chars.get(r).copied())
            .is_none_or(|c| !c.is_alphanumeric());
        if letters != 1 || !alone {
            return false;
        }
        p = q;
    }
    false
}

/// `1.` / `12.` at the start of a sentence is a list number, not a sentence.
fn is_list_enumerator(ctx: &Cluster<'_>) -> bool {
    let body = ctx.chars.get(ctx.sentence_start..ctx.first).unwrap_or(&[]);
    let trimmed: Vec<char> = body
        .iter()
        .copied()
        .filter(|&c| !is_space_like(c))
        .collect();
    !trimmed.is_empty() && trimmed.len() <= 3 && trimmed.iter().all(|&c| is_digit(c))
}

fn push_trimmed(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    while s < e && chars.get(s).copied().is_some_and(is_space_like) {
        s += 1;
    }
    while e > s && chars.get(e - 1).copied().is_some_and(is_space_like) {
        e -= 1;
    }
    if s < e {
        out.push(Span::new(s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        sentences(text)
            .iter()
            .map(|s| s.slice(text).unwrap_or("<bad span>").to_string())
            .collect()
    }

    #[test]
    fn splits_on_period_question_and_exclamation() {
        assert_eq!(
            split("وصل الوفد. هل يتفقون؟ نعم! انتهى"),
            vec!["وصل الوفد.", "هل يتفقون؟", "نعم!", "انتهى"]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_spans_are_trimmed() {
        assert_eq!(
            split("  عنوان الخبر \r\n\r\n  نص الخبر  "),
            vec!["عنوان الخبر", "نص الخبر"]
        );
    }

    #[test]
    fn decimal_numbers_do_not_split() {
        assert_eq!(
            split("بلغ النمو 3.5 بالمئة و١.٥ و١٫٥ أيضا. ثم"),
            vec!["بلغ النمو 3.5 بالمئة و١.٥ و١٫٥ أيضا.", "ثم"]
        );
    }

    #[test]
    fn arabic_title_abbreviations_do_not_split() {
        assert_eq!(
            split("قال د. محمد إن م. أحمد راجع ص. 12 مع أ. سعيد. ثم غادر"),
            vec!["قال د. محمد إن م. أحمد راجع ص. 12 مع أ. سعيد.", "ثم غادر"]
        );
        assert_eq!(split("التقى د.محمد الوزير"), vec!["التقى د.محمد الوزير"]);
    }

    #[test]
    fn latin_abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("The U.S. envoy met Dr. Smith and J. Doe. Then he left."),
            vec!["The U.S. envoy met Dr. Smith and J. Doe.", "Then he left."]
        );
    }

    #[test]
    fn era_marker_after_year_ends_sentence() {
        assert_eq!(
            split("ولد عام 1950 م. ثم هاجر"),
            vec!["ولد عام 1950 م.", "ثم هاجر"]
        );
        assert_eq!(
            split("في عام 1438 هـ. وبعدها"),
            vec!["في عام 1438 هـ.", "وبعدها"]
        );
    }

    #[test]
    fn money_units_after_numbers_end_sentences() {
        assert_eq!(
            split("بلغ العجز 656 م د. وتراجعت الواردات إلى 20.370 د. في المقابل"),
            vec![
                "بلغ العجز 656 م د.",
                "وتراجعت الواردات إلى 20.370 د.",
                "في المقابل"
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_the_sentence() {
        assert_eq!(
            split("وقال: «انتهى الاجتماع.» ثم خرج. (وهذا مهم.) أخيرا"),
            vec!["وقال: «انتهى الاجتماع.»", "ثم خرج.", "(وهذا مهم.)", "أخيرا"]
        );
    }

    #[test]
    fn ellipsis_inside_quotes_is_a_pause() {
        assert_eq!(
            split("قال «الوضع... صعب جدا» ثم صمت... وغادر"),
            vec!["قال «الوضع... صعب جدا» ثم صمت...", "وغادر"]
        );
        assert_eq!(
            split("قال «الوضع صعب…» وغادر"),
            vec!["قال «الوضع صعب…»", "وغادر"]
        );
    }

    #[test]
    fn missing_space_after_period_still_splits_before_arabic() {
        assert_eq!(
            split("انتهى الاجتماع.وقال الوزير"),
            vec!["انتهى الاجتماع.", "وقال الوزير"]
        );
        assert_eq!(
            split("زوروا aljazeera.net اليوم"),
            vec!["زوروا aljazeera.net اليوم"]
        );
    }

    #[test]
    fn arabic_semicolon_and_comma_do_not_split_by_default() {
        let text = "تأجل الاجتماع؛ بسبب الخلافات، كما قال";
        assert_eq!(split(text), vec![text]);
        let clauses = sentences_with(
            text,
            SentenceOptions {
                semicolon_breaks: true,
            },
        );
        let got: Vec<_> = clauses.iter().filter_map(|s| s.slice(text)).collect();
        assert_eq!(got, vec!["تأجل الاجتماع؛", "بسبب الخلافات، كما قال"]);
    }

    #[test]
    fn question_exclamation_cluster_is_one_break() {
        assert_eq!(split("حقا؟! نعم"), vec!["حقا؟!", "نعم"]);
    }

    #[test]
    fn spelled_out_acronyms_do_not_split() {
        assert_eq!(
            split("وقال لقناة \"آي. بي. سي\" الأميركية إن الوضع خطير. وأضاف"),
            vec!["وقال لقناة \"آي. بي. سي\" الأميركية إن الوضع خطير.", "وأضاف"]
        );
        assert_eq!(
            split("نقلت شبكة سي. إن. إن. ثم"),
            vec!["نقلت شبكة سي. إن. إن.", "ثم"]
        );
    }

    #[test]
    fn period_after_closing_quote_joins_the_cluster() {
        assert_eq!(
            split("سأل: \"هل يؤثر ذلك علينا؟\". ثم (سكك، إشارات...). وبعد"),
            vec![
                "سأل: \"هل يؤثر ذلك علينا؟\".",
                "ثم (سكك، إشارات...).",
                "وبعد"
            ]
        );
    }

    #[test]
    fn straight_quote_after_period_closes_even_with_bad_parity() {
        assert_eq!(
            split("قال \"نعم وأضاف: \"انتهى الأمر.\" ثم غادر"),
            vec!["قال \"نعم وأضاف: \"انتهى الأمر.\"", "ثم غادر"]
        );
    }

    #[test]
    fn list_numbers_do_not_make_sentences() {
        assert_eq!(split("1. الاجتماع الأول"), vec!["1. الاجتماع الأول"]);
    }

    /// Cases as data (`testdata/sentences.txt`): boundaries marked with ‖ in the text.
    #[test]
    fn data_driven_cases_split_where_marked() {
        let data = include_str!("../testdata/sentences.txt");
        let mut failures = Vec::new();
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let case = line.replace("\\n", "\n");
            let text = case.replace('‖', "");
            let want: Vec<String> = case
                .split('‖')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            let got = split(&text);
            if got != want {
                failures.push(format!(
                    "line {}: want {want:?}\n          got  {got:?}",
                    n + 1
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn empty_and_blank_text_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\t \u{200F}").is_empty());
    }
}
