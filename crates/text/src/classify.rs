//! Lossless character classes for Arabic and Latin text: which chars are letters, marks, digits, joiners.
//!
//! Nothing here changes text; tokenization and sentence splitting use these classes to find spans in the
//! original (clean) text, and the lossy folding in [`crate::fold`] uses them to decide what to delete.
//! We write these by hand because general-purpose Unicode segmenters do not know that harakat, tatweel
//! and Quranic marks belong inside an Arabic word, nor which Arabic punctuation ends a sentence.

/// True for bidi control marks that are removed from stored text (U+200E/F, U+202A–E, U+2066–9).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Zero-width format chars that carry no letter: bidi controls, the Arabic letter mark, zero-width
/// space/joiners, word joiner, soft hyphen and the BOM. Folding deletes them; tokenization treats them
/// as word-internal only between two Arabic chars (ZWNJ/ZWJ in Persian words) and otherwise as space.
pub fn is_invisible_format(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{2060}'
                | '\u{00AD}'
                | '\u{FEFF}'
        )
}

/// Zero-width (non-)joiner: kept inside an Arabic-script word when it sits between two word chars.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Tatweel (kashida, U+0640): a stretching char with no letter value.
pub fn is_tatweel(c: char) -> bool {
    c == '\u{0640}'
}

/// Arabic combining marks that folding strips: harakat and tanwin (U+064B–U+065F), superscript alef
/// (U+0670), honorific/Quranic signs above letters (U+0610–U+061A), Quranic annotation marks
/// (U+06D6–U+06DC, U+06DF–U+06E8, U+06EA–U+06ED) and extended marks (U+08D3–U+08FF except U+08E2).
///
/// U+06DD (end of ayah), U+06DE (rub el hizb) and U+06E9 (place of sajdah) are symbols, not marks on a
/// letter, and are left alone.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08E1}'
            | '\u{08E3}'..='\u{08FF}'
    )
}

/// True for chars in the Arabic script blocks, including presentation forms.
pub fn in_arabic_block(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{0870}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
    )
}

/// A char that belongs to an Arabic-script word: an Arabic letter (also presentation forms and
/// ligatures), a mark on a letter, or tatweel. Arabic digits and punctuation are not word chars.
pub fn is_arabic_word_char(c: char) -> bool {
    if matches!(c, '\u{0621}'..='\u{065F}') {
        return true; // core letters, tatweel and harakat: the common case
    }
    in_arabic_block(c) && (c.is_alphabetic() || is_arabic_mark(c)) && !is_invisible_format(c)
}

/// Combining diacritics used with Latin letters (U+0300–U+036F).
pub fn is_latin_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// A Latin letter (Basic Latin, Latin-1, Extended-A/B, IPA, Extended Additional, fullwidth).
pub fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic()
        && (c.is_ascii_alphabetic()
            || matches!(
                c,
                '\u{00AA}' | '\u{00BA}' | '\u{00C0}'..='\u{02AF}' | '\u{1E00}'..='\u{1EFF}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'
            ))
        && c != '\u{00D7}'
        && c != '\u{00F7}'
}

/// Value of a decimal digit in ASCII, Arabic-Indic (U+0660–9) or Persian/Urdu (U+06F0–9) form.
pub fn digit_value(c: char) -> Option<u8> {
    let v = match c {
        '0'..='9' => c as u32 - '0' as u32,
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    u8::try_from(v).ok()
}

/// A char that starts or continues a number token: a decimal digit of any script.
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some() || (c.is_numeric() && !c.is_alphabetic())
}

/// Separators allowed between digits inside one number: `.` `,` and the Arabic decimal (٫) and
/// thousands (٬) separators.
pub fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// Opening quotes and brackets (straight `"` is handled separately, by parity).
pub fn is_opening(c: char) -> bool {
    matches!(c, '«' | '“' | '‘' | '(' | '[' | '{' | '‹' | '„' | '﴿')
}

/// Closing quotes and brackets; after a sentence terminator they stay with the sentence.
pub fn is_closing(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | ')' | ']' | '}' | '›' | '﴾')
}

/// Whitespace or an invisible format char: never part of a token, trimmed from sentence spans.
pub fn is_space_like(c: char) -> bool {
    c.is_whitespace() || is_invisible_format(c)
}

/// Line and paragraph breaks: every one ends a sentence.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_and_tatweel_are_arabic_word_chars() {
        for c in "مُحَمَّدٌـٰ".chars() {
            assert!(is_arabic_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn arabic_digits_and_punctuation_are_not_word_chars() {
        for c in "٣٫٥،؛؟".chars() {
            assert!(!is_arabic_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn digits_of_three_scripts_have_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۷'), Some(7));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn latin_letters_exclude_math_signs_and_arabic() {
        assert!(is_latin_letter('é'));
        assert!(is_latin_letter('Ğ'));
        assert!(!is_latin_letter('×'));
        assert!(!is_latin_letter('ب'));
    }
}
