//! Frozen folding and clitic splitting used for model features (kept local so a shipped model never drifts).

/// Lossy matching key of one word: diacritics and tatweel removed, alef/hamza/yaa/taa-marbuta unified,
/// Arabic-Indic digits to ASCII, Latin lowercased.
///
/// This mirrors `rasd_text::fold` as of model version 1 but is frozen here on purpose: the trained
/// model's feature hashes depend on it, and the shared normalizer is still evolving.
pub fn fold_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            'ک' => out.push('ك'),
            'ی' => out.push('ي'),
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            _ => out.push(c),
        }
    }
    out
}

/// Proclitic sequences stripped from a folded word, longest first.
const PROCLITICS: &[&str] = &[
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "وك",
    "فب", "فل", "و", "ف", "ب", "ل", "ك",
];

/// Splits a folded word into (proclitic, stem): `"والقاهره"` → `("وال", "قاهره")`.
///
/// A split is only made when at least three letters remain, so short words such as "بن" stay whole.
/// The split is a guess: "بغداد" yields ("ب", "غداد"); the model learns when to trust it.
pub fn split_proclitic(folded: &str) -> (&str, &str) {
    for p in PROCLITICS {
        if let Some(rest) = folded.strip_prefix(p) {
            if rest.chars().count() >= 3 {
                return (p, rest);
            }
        }
    }
    ("", folded)
}

/// Character class summary of a word: `A` Arabic letter, `a` Latin, `9` digit, `.` other; runs collapsed.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars() {
        let k = if ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic() {
            'A'
        } else if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() {
                'X'
            } else {
                'a'
            }
        } else if c.is_numeric() {
            '9'
        } else if c.is_alphabetic() {
            'L'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_hamza_forms_and_taa_marbuta() {
        assert_eq!(fold_word("إسطنبول"), fold_word("اسطنبول"));
        assert_eq!(fold_word("القاهرة"), "القاهره");
        assert_eq!(fold_word("٢٠٢٤"), "2024");
    }

    #[test]
    fn proclitic_split_keeps_short_words_whole() {
        assert_eq!(split_proclitic("والقاهره"), ("وال", "قاهره"));
        assert_eq!(split_proclitic("بن"), ("", "بن"));
        assert_eq!(split_proclitic("للامم"), ("لل", "امم"));
        assert_eq!(split_proclitic("باسطنبول"), ("ب", "اسطنبول"));
    }

    #[test]
    fn shape_collapses_runs() {
        assert_eq!(shape("قالن"), "A");
        assert_eq!(shape("2024"), "9");
        assert_eq!(shape("F-16"), "X-9");
    }
}
