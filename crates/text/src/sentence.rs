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
//!   But `م.`/`هـ.` right after a number (`عام 2017 م.`, `1438 هـ.`) is the era marker that usually
//!   ends the sentence, so there it is a break.
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
        let mut j = i + 1;
        while at(j).is_some_and(|d| is_terminator(d, opts)) {
            j += 1;
        }
        let quoted = depth > 0 || straight_open;
        let mut k = j;
        while let Some(d) = at(k) {
            if is_closing(d) {
                depth = depth.saturating_sub(1);
            } else if d == '"' && straight_open {
                straight_open = false;
            } else {
                break;
            }
            k += 1;
        }
        let cluster = chars.get(i..j).unwrap_or(&[]);
        let ctx = Cluster {
            chars: &chars,
            sentence_start: start,
            first: i,
            after_terms: j,
            after_closers: k,
        };
        if breaks_after(cluster, quoted, &ctx, opts) {
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
}

fn breaks_after(cluster: &[char], quoted: bool, ctx: &Cluster<'_>, opts: SentenceOptions) -> bool {
    let strong = cluster.iter().any(|&c| {
        matches!(c, '!' | '?' | '؟' | '‼' | '⁉' | '⁈' | '۔')
            || (opts.semicolon_breaks && matches!(c, '؛' | ';'))
    });
    if strong {
        return true;
    }
    let ellipsis = cluster.contains(&'…') || cluster.len() >= 2;
    let after = ctx.chars.get(ctx.after_closers).copied();
    if ellipsis {
        if ctx.after_closers > ctx.after_terms {
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

fn is_abbreviation_before(ctx: &Cluster<'_>) -> bool {
    let chars = ctx.chars;
    let mut w = ctx.first;
    while w > ctx.sentence_start && chars.get(w - 1).copied().is_some_and(is_word_char) {
        w -= 1;
    }
    let word = chars.get(w..ctx.first).unwrap_or(&[]);
    let letters: Vec<char> = word
        .iter()
        .copied()
        .filter(|&c| !(is_arabic_mark(c) || is_tatweel(c) || is_latin_mark(c)))
        .collect();
    if letters.is_empty() {
        return false;
    }
    // The word must stand alone: not glued to a digit or other alphanumeric char.
    let before = w.checked_sub(1).and_then(|p| chars.get(p).copied());
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    if let [letter] = letters.as_slice() {
        let folded = fold(&letter.to_string());
        if matches!(folded.as_str(), "م" | "ه") && previous_is_number(chars, w) {
            return false;
        }
        return true;
    }
    let s: String = word.iter().collect();
    LATIN_ABBREVIATIONS.contains(&s.as_str())
}

/// True when the last non-space char before index `w` is a digit (`2017 م.`).
fn previous_is_number(chars: &[char], w: usize) -> bool {
    let mut p = w;
    while p > 0 && chars.get(p - 1).copied().is_some_and(is_space_like) {
        p -= 1;
    }
    p.checked_sub(1)
        .and_then(|q| chars.get(q).copied())
        .is_some_and(is_digit)
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
    fn list_numbers_do_not_make_sentences() {
        assert_eq!(split("1. الاجتماع الأول"), vec!["1. الاجتماع الأول"]);
    }

    #[test]
    fn empty_and_blank_text_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\t \u{200F}").is_empty());
    }
}
