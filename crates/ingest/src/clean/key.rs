//! Matching keys and shape tests for single lines (folded key, paragraph-vs-headline shape).

/// Lossy matching key of one line: `rasd_text::fold` (harakat/tatweel stripped, alef/yaa/hamza
/// folded, digits to ASCII), then lower-cased, invisible marks removed and whitespace collapsed.
///
/// Keys are only compared with keys made by this same function (rule patterns are folded with it
/// too), so improvements to `fold` change both sides at once.
pub(crate) fn line_key(line: &str) -> String {
    let folded = rasd_text::fold(line);
    let mut out = String::with_capacity(folded.len());
    let mut pending_space = false;
    for c in folded.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out
}

/// Zero-width and bidi control characters that carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
    )
}

/// The key without leading and trailing punctuation, symbols and spaces: "اقرأ أيضاً:" and
/// "- اقرأ أيضا -" have the same core "اقرا ايضا".
pub(crate) fn core(key: &str) -> &str {
    key.trim_matches(|c: char| !c.is_alphanumeric())
}

/// True when `key` starts with `prefix` at a word boundary (the next char is not a letter/digit).
pub(crate) fn starts_with_word(key: &str, prefix: &str) -> bool {
    match key.strip_prefix(prefix) {
        Some(rest) => rest.chars().next().is_none_or(|c| !c.is_alphanumeric()),
        None => false,
    }
}

/// Lines at least this long (in chars) read as running text even without final punctuation
/// (many Arabic sites omit the last full stop of a paragraph).
pub(crate) const LONG_LINE: usize = 120;

/// Shortest line that counts as a sentence when it ends with `.` or `:`.
const MIN_SENTENCE: usize = 15;

/// Shortest line that counts as a sentence when it ends with `?`/`؟`/`!`: related-article
/// headlines are often short questions ("هل تصمد الهدنة؟").
const MIN_QUESTION: usize = 80;

/// Whether a trimmed line reads like a paragraph of running text rather than a headline,
/// teaser, label or list item. `chars` is the line's length in chars.
///
/// A teaser ending in an ellipsis is never a paragraph; otherwise a long line is, and a shorter
/// one is when it ends a sentence.
pub(crate) fn is_paragraph(line: &str, chars: usize) -> bool {
    let body = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '»' | ')' | ']' | '’' | '«' | '“')
    });
    if body.ends_with("..") || body.ends_with('…') {
        return false;
    }
    if chars >= LONG_LINE {
        return true;
    }
    match body.chars().last() {
        Some('.' | ':' | '؛' | ';') => chars >= MIN_SENTENCE,
        Some('?' | '؟' | '!') => chars >= MIN_QUESTION,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_hamza_harakat_and_case() {
        assert_eq!(line_key("إقرأ  أيضاً"), line_key("اقرا ايضا"));
        assert_eq!(line_key("ADVERTISEMENT"), "advertisement");
        assert_eq!(
            line_key("\u{200F}تابعونا\u{00A0}على"),
            line_key("تابعونا على")
        );
    }

    #[test]
    fn core_strips_surrounding_punctuation() {
        assert_eq!(core(&line_key("- اقرأ أيضاً: -")), "اقرا ايضا");
        assert_eq!(core("::"), "");
    }

    #[test]
    fn prefix_needs_word_boundary() {
        assert!(starts_with_word("كتب: فلان", "كتب"));
        assert!(starts_with_word("كتب", "كتب"));
        assert!(!starts_with_word("كتبت سارة", "كتب"));
    }

    #[test]
    fn paragraph_shape() {
        let p = "وقال الوزير إن المفاوضات ستستأنف الأسبوع المقبل.";
        assert!(is_paragraph(p, p.chars().count()));
        let h = "هل تصمد الهدنة في غزة؟";
        assert!(!is_paragraph(h, h.chars().count()));
        let t = "قالت مصادر إن الاجتماع سيعقد في القاهرة بحضور ممثلين عن الجانبين، وإن جدول الأعمال يتضمن ملفات عدة منها ...";
        assert!(!is_paragraph(t, t.chars().count()));
        let headline = "الرئيس يستقبل وفدا من رجال الأعمال";
        assert!(!is_paragraph(headline, headline.chars().count()));
    }
}
