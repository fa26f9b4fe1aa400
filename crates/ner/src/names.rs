//! Name keys for matching spelling variants (transliteration skeleton) and an Arabic→Latin fallback transliteration.

use crate::fold::fold_word;

/// Honorifics and titles dropped from the front of a person mention before matching ("الرئيس رجب طيب أردوغان").
const HONORIFICS: &[&str] = &[
    "الرئيس",
    "الامير",
    "الشيخ",
    "الملك",
    "السيد",
    "السيده",
    "الدكتور",
    "د",
    "اللواء",
    "العميد",
    "المشير",
    "الفريق",
    "العماد",
    "السلطان",
    "الامام",
    "الحاج",
    "العقيد",
    "الجنرال",
    "المستشار",
    "الوزير",
    "القاضي",
    "البابا",
    "ايه",
    "الله",
    "سمو",
    "فخامه",
    "جلاله",
    "معالي",
    "الاستاذ",
    "المهندس",
];

/// Whether a folded word is one of the honorifics or titles ("الشيخ", "الرئيس", "سمو").
pub fn is_honorific(folded: &str) -> bool {
    HONORIFICS.iter().any(|h| fold_word(h) == folded)
}

/// Tokens of a name with leading honorifics removed (at least one token is always kept).
pub fn strip_honorifics(name: &str) -> Vec<String> {
    let toks: Vec<String> = name
        .split([' ', '-', '\u{00A0}'])
        .filter(|t| !t.is_empty())
        .map(fold_word)
        .collect();
    let mut start = 0;
    while start + 1 < toks.len() && is_honorific(toks[start].trim_end_matches('.')) {
        start += 1;
    }
    toks.into_iter().skip(start).collect()
}

fn skeleton_token(tok: &str) -> String {
    let tok = tok
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(tok);
    let mut out = String::new();
    let mut last = '\0';
    let n = tok.chars().count();
    for (i, c) in tok.chars().enumerate() {
        let c = match c {
            // g/k/q are written ق, ك, ج or غ in transliterated names (قالن/كالن, غوتيريش/جوتيريش).
            'ق' | 'ك' | 'ج' | 'غ' | 'گ' | 'چ' => 'ك',
            'پ' => 'ب',
            'ڤ' => 'ف',
            'ة' => 'ه',
            'ى' => 'ي',
            'ء' | 'ٔ' => continue,
            _ => c,
        };
        // Long vowels are optional in foreign names (ترامب/ترمب, بوتين/بوتن); keep word-initial and word-final
        // ones (the final ي of nisbas keeps الجولاني apart from قالن).
        if i > 0 && i + 1 < n && matches!(c, 'ا' | 'و' | 'ي') {
            continue;
        }
        if c == last {
            continue;
        }
        out.push(c);
        last = c;
    }
    out
}

/// Spelling-variant-tolerant key of a name: folded, honorifics dropped, ال dropped, عبد+X joined,
/// ق/ك/ج/غ unified, non-initial long vowels removed, doubled letters collapsed.
pub fn name_key(name: &str) -> String {
    let toks = strip_honorifics(name);
    let mut joined: Vec<String> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // "عبد الله" and "عبدالله" are the same name.
        if (t == "عبد" || t == "ابو" || t == "ابي") && i + 1 < toks.len() {
            joined.push(format!("{t}{}", toks[i + 1]));
            i += 2;
            continue;
        }
        let t = if t == "ابن" {
            "بن".to_string()
        } else {
            t.clone()
        };
        joined.push(t);
        i += 1;
    }
    joined
        .iter()
        .map(|t| skeleton_token(t))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Latin letters of one Arabic letter in the letter table (simplified ALA-LC without short
/// vowels); `first`/`last`: the letter's place in its word. Unknown characters give "".
pub fn letter_latin(c: char, first: bool, last: bool) -> &'static str {
    match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' => "a",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' => "'",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'ة' => "a",
        'و' if first => "w",
        'و' => "u",
        'ي' if first => "y",
        'ي' if last => "i",
        'ي' => "i",
        'ى' => "a",
        'ء' | 'ؤ' | 'ئ' => "'",
        'پ' => "p",
        'ڤ' => "v",
        'گ' => "g",
        'چ' => "ch",
        _ => "",
    }
}

/// The letter table's spelling of one word's characters ([`letter_latin`]; ASCII letters and
/// digits kept), without a leading ' (ع or hamza).
pub fn word_letters_latin(chars: &[char]) -> String {
    let mut s = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else {
            s.push_str(letter_latin(c, i == 0, i + 1 == chars.len()));
        }
    }
    s.trim_start_matches('\'').to_string()
}

/// Romanization of an Arabic name by the letter table alone ([`letter_latin`]): a consonantal
/// approximation ("قالن" → "Qaln"). Entity ids of unlisted names are slugs of it (so they stay
/// stable); their `name_en` comes from the learned [`crate::translit`] model.
pub fn transliterate(name: &str) -> String {
    let mut words = Vec::new();
    for w in name.split_whitespace() {
        let (prefix, rest) = match w.strip_prefix("ال") {
            Some(r) if r.chars().count() >= 2 => ("al-", r),
            _ => ("", w),
        };
        let chars: Vec<char> = rest.chars().collect();
        let s = word_letters_latin(&chars);
        let mut cs = s.chars();
        let cap = match cs.next() {
            Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
            None => continue,
        };
        words.push(format!("{prefix}{cap}"));
    }
    words.join(" ")
}

/// ASCII slug of a string: lowercase letters/digits, runs of anything else become one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_variants_share_a_key() {
        for (a, b) in [
            ("قالن", "كالن"),
            ("إبراهيم قالن", "ابراهيم كالن"),
            ("ترامب", "ترمب"),
            ("دونالد ترامب", "دونالد ترمب"),
            ("بوتين", "بوتن"),
            ("إسطنبول", "اسطنبول"),
            ("غوتيريش", "جوتيريش"),
            ("عبد الله", "عبدالله"),
            ("الرئيس رجب طيب أردوغان", "رجب طيب اردوغان"),
            ("القاهرة", "القاهره"),
        ] {
            assert_eq!(name_key(a), name_key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn different_first_names_keep_different_keys() {
        assert_ne!(name_key("حمد بن جاسم"), name_key("حمد بن خليفة"));
        assert_ne!(name_key("محمد بن سلمان"), name_key("محمد بن زايد"));
        assert_ne!(name_key("جوزيف عون"), name_key("ميشال عون"));
    }

    #[test]
    fn transliteration_fallback_is_readable_ascii() {
        assert_eq!(transliterate("القاهرة"), "al-Qahra");
        assert_eq!(transliterate("محمد بن سلمان"), "Mhmd Bn Slman");
        assert_eq!(slug("İbrahim Kalın!"), "brahim-kal-n");
        assert_eq!(slug("Ibrahim Kalin"), "ibrahim-kalin");
    }
}
