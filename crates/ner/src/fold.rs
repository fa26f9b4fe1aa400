//! Frozen folding and clitic splitting used for model features (kept local so a shipped model never drifts).

/// Lossy matching key of one word: diacritics and tatweel removed, alef/hamza/yaa/taa-marbuta unified,
/// Arabic-Indic digits to ASCII, Latin lowercased.
///
/// This mirrors `rasd_text::fold` as of model version 1 but is frozen here on purpose: the trained
/// model's feature hashes depend on it, and the shared normalizer is still evolving.
pub fn fold_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_word_into(s, &mut out);
    out
}

/// [`fold_word`] appended to `out`.
pub fn fold_word_into(s: &str, out: &mut String) {
    let start = out.len();
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
    // A doubled alef before the article is a typing slip ("االجهيناوي"): no Arabic word starts
    // with two alefs.
    if out.get(start..).is_some_and(|w| w.starts_with("اال")) {
        out.remove(start);
    }
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

/// `char::is_alphabetic` and `char::is_numeric` with the Arabic block (U+0600–U+06FF) answered from a
/// table built once: the standard lookup for non-ASCII chars is a slow binary search, and almost every
/// char of an Arabic article is in that block.
#[derive(Clone, Copy)]
pub(crate) struct CharClass {
    pub alphabetic: bool,
    pub numeric: bool,
}

pub(crate) fn char_class(c: char) -> CharClass {
    static ARABIC: std::sync::OnceLock<[CharClass; 256]> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return CharClass {
            alphabetic: c.is_ascii_alphabetic(),
            numeric: c.is_ascii_digit(),
        };
    }
    let u = c as u32;
    if (0x0600..0x0700).contains(&u) {
        let table = ARABIC.get_or_init(|| {
            let mut t = [CharClass {
                alphabetic: false,
                numeric: false,
            }; 256];
            for (i, slot) in t.iter_mut().enumerate() {
                if let Some(c) = char::from_u32(0x0600 + i as u32) {
                    *slot = CharClass {
                        alphabetic: c.is_alphabetic(),
                        numeric: c.is_numeric(),
                    };
                }
            }
            t
        });
        if let Some(cc) = table.get((u - 0x0600) as usize) {
            return *cc;
        }
    }
    CharClass {
        alphabetic: c.is_alphabetic(),
        numeric: c.is_numeric(),
    }
}

/// Character class summary of a word: `A` Arabic letter, `a` Latin, `9` digit, `.` other; runs collapsed.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    shape_into(word, &mut out);
    out
}

/// [`shape`] appended to `out`.
pub fn shape_into(word: &str, out: &mut String) {
    let mut last = '\0';
    for c in word.chars() {
        let cc = char_class(c);
        let k = if ('\u{0600}'..='\u{06FF}').contains(&c) && cc.alphabetic {
            'A'
        } else if c.is_ascii_alphabetic() {
            if c.is_ascii_uppercase() {
                'X'
            } else {
                'a'
            }
        } else if cc.numeric {
            '9'
        } else if cc.alphabetic {
            'L'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_hamza_forms_and_taa_marbuta() {
        assert_eq!(fold_word("إسطنبول"), fold_word("اسطنبول"));
        assert_eq!(fold_word("القاهرة"), "القاهره");
        // A doubled alef before the article is a slip; one alef alone is a word ("ا").
        assert_eq!(fold_word("االجهيناوي"), "الجهيناوي");
        assert_eq!(fold_word("أالجهيناوي"), "الجهيناوي");
        assert_eq!(fold_word("ا"), "ا");
        let mut out = String::from("و");
        fold_word_into("االقاهرة", &mut out);
        assert_eq!(out, "والقاهره");
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
    fn char_class_table_agrees_with_std() {
        for u in (0..0x0800u32).chain(0x1E00..0x2100).chain(0xFB50..0xFF00) {
            if let Some(c) = char::from_u32(u) {
                let cc = char_class(c);
                assert_eq!(cc.alphabetic, c.is_alphabetic(), "U+{u:04X}");
                assert_eq!(cc.numeric, c.is_numeric(), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn shape_collapses_runs() {
        assert_eq!(shape("قالن"), "A");
        assert_eq!(shape("2024"), "9");
        assert_eq!(shape("F-16"), "X-9");
    }
}
