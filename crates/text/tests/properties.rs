//! Property tests: every span this crate returns slices the source exactly, folding round-trips, and Latin name keys ignore case and accents.

use proptest::prelude::*;
use rasd_text::{
    fold, fold_with_offsets, sentences, sentences_with, tokens, SentenceOptions, Span,
};

/// Chars that exercise the interesting paths: Arabic letters and marks, presentation forms and
/// ligatures, digits of three scripts, separators, terminators, quotes, spaces, invisibles, Latin.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{0600}', '\u{06FF}'),
        1 => prop::char::range('\u{FB50}', '\u{FDFF}'),
        1 => prop::char::range('\u{FE70}', '\u{FEFF}'),
        1 => prop::char::range('\u{08A0}', '\u{08FF}'),
        2 => prop::sample::select(vec![
            ' ', ' ', '\n', '\r', '\t', '.', '.', ',', '!', '?', '؟', '،', '؛', ';', '…', '«', '»', '"',
            '(', ')', '\u{066B}', '\u{066C}', '\u{200C}', '\u{200F}', '\u{FEFF}', '\u{0640}', '\u{064E}',
            'ﻻ', 'ﷺ', '٣', '۵', '7', 'İ', 'ß', 'Σ', 'ǅ', '\u{0301}', 'ـ',
        ]),
        2 => prop::char::range('A', 'z'),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..80).prop_map(|v| v.into_iter().collect())
}

/// The chars start..end of `s`, independently of `Span::slice`.
fn chars_between(s: &str, span: Span) -> String {
    s.chars().skip(span.start).take(span.len()).collect()
}

fn check_span(s: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end);
    let slice = span.slice(s);
    prop_assert!(slice.is_some(), "span {:?} out of range for {:?}", span, s);
    prop_assert_eq!(slice.map(str::to_string), Some(chars_between(s, span)));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn token_spans_slice_the_source_and_keys_are_folded_slices(s in text()) {
        let mut last_end = 0;
        for t in tokens(&s) {
            check_span(&s, t.span)?;
            prop_assert!(t.span.start >= last_end, "tokens overlap or go backwards");
            prop_assert!(!t.span.is_empty());
            prop_assert!(!t.key.is_empty());
            prop_assert_eq!(&t.key, &fold(&chars_between(&s, t.span)));
            last_end = t.span.end;
        }
    }

    #[test]
    fn sentence_spans_slice_the_source_trimmed_and_in_order(s in text(), semi in any::<bool>()) {
        let spans = sentences_with(&s, SentenceOptions { semicolon_breaks: semi });
        let mut last_end = 0;
        for span in spans {
            check_span(&s, span)?;
            prop_assert!(span.start >= last_end);
            prop_assert!(!span.is_empty());
            let text = chars_between(&s, span);
            prop_assert!(!text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace));
            last_end = span.end;
        }
    }

    #[test]
    fn sentences_cover_every_visible_char(s in text()) {
        let spans = sentences(&s);
        for (i, c) in s.chars().enumerate() {
            if !c.is_whitespace() && !rasd_text::classify::is_invisible_format(c) {
                prop_assert!(spans.iter().any(|sp| sp.start <= i && i < sp.end), "char {} {:?} not in any sentence", i, c);
            }
        }
    }

    #[test]
    fn every_aligned_key_range_maps_to_a_source_span_that_folds_back(s in text()) {
        let f = fold_with_offsets(&s);
        prop_assert_eq!(&f.key, &fold(&s));
        let key: Vec<char> = f.key.chars().collect();
        let n = key.len();
        prop_assert_eq!(f.source_chars(), s.chars().count());
        // All ranges for short keys; a sample of ranges otherwise, to stay fast.
        let step = if n > 40 { 3 } else { 1 };
        for a in (0..=n).step_by(step) {
            for b in (a..=n).step_by(step) {
                let want: String = key[a..b].iter().collect();
                if let Some(span) = f.source_span(a..b) {
                    check_span(&s, span)?;
                    prop_assert_eq!(fold(&chars_between(&s, span)), want.clone(), "range {}..{}", a, b);
                }
                let cover = f.covering_source_span(a..b);
                prop_assert!(cover.is_some());
                if let Some(span) = cover {
                    check_span(&s, span)?;
                    prop_assert!(fold(&chars_between(&s, span)).contains(&want));
                }
            }
        }
    }

    #[test]
    fn key_ranges_on_source_char_boundaries_always_map(s in text()) {
        // Folding each source char separately gives the boundaries; every boundary pair must map.
        let f = fold_with_offsets(&s);
        let mut bounds = vec![0usize];
        let mut k = 0;
        for c in s.chars() {
            let len = fold(&c.to_string()).chars().count();
            if len > 0 {
                k += len;
                bounds.push(k);
            }
        }
        prop_assert_eq!(k, f.key_chars());
        for (i, &a) in bounds.iter().enumerate() {
            for &b in bounds.iter().skip(i).take(6) {
                prop_assert!(f.source_span(a..b).is_some(), "aligned range {}..{} did not map", a, b);
            }
        }
    }

    #[test]
    fn word_matches_of_token_keys_fold_back_to_the_needle(s in text()) {
        let f = fold_with_offsets(&s);
        for t in tokens(&s).into_iter().take(8) {
            for proclitics in [false, true] {
                for span in f.find_words(&t.key, proclitics) {
                    check_span(&s, span)?;
                    prop_assert_eq!(fold(&chars_between(&s, span)), t.key.clone());
                }
            }
        }
    }

    #[test]
    fn clitic_stems_point_into_the_key(
        prefix in prop::sample::select(vec!["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فبال", "لل", "ولل"]),
        stem in prop::collection::vec(prop::char::range('\u{0621}', '\u{064A}'), 0..8),
    ) {
        let key = fold(&format!("{prefix}{}", stem.iter().collect::<String>()));
        let stems = rasd_text::clitic_stems(&key);
        prop_assert_eq!(stems.first().map(|s| s.stem.as_str()), Some(key.as_str()));
        for s in stems {
            let tail: String = key.chars().skip(s.prefix_chars).collect();
            if s.restored_article {
                prop_assert_eq!(format!("ا{tail}"), s.stem.clone());
            } else {
                prop_assert_eq!(tail, s.stem.clone());
            }
            if s.prefix_chars > 0 {
                prop_assert!(s.stem.chars().count() >= rasd_text::MIN_STEM_CHARS);
            }
        }
    }

    #[test]
    fn fold_is_idempotent(s in text()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_is_idempotent_on_arbitrary_unicode(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn nothing_panics_on_arbitrary_unicode(s in any::<String>()) {
        let _ = fold(&s);
        let f = fold_with_offsets(&s);
        let _ = f.source_span(0..f.key_chars());
        let _ = f.find_all("ا");
        for t in tokens(&s) {
            check_span(&s, t.span)?;
        }
        for span in sentences(&s) {
            check_span(&s, span)?;
        }
        for w in s.split_whitespace() {
            let _ = rasd_text::strip_clitics(&fold(w));
        }
    }

    #[test]
    fn folded_key_of_ascii_is_its_lowercase(s in "[ -~]{0,60}") {
        prop_assert_eq!(fold(&s), s.to_ascii_lowercase());
    }
}

#[test]
fn spelling_variants_of_place_names_fold_equal() {
    assert_eq!(fold("إسطنبول"), fold("اسطنبول"));
    assert_eq!(fold("مستشفى"), fold("مستشفي"));
    assert_eq!(fold("القاهرة"), fold("القاهره"));
    assert_eq!(fold("مُسْتَشْفَى"), fold("مستشفي"));
}

proptest! {
    /// The Latin name key ignores case and accents: an ASCII name and its upper-case form, and a
    /// name with é/ï/ş and its plain letters, have one key.
    #[test]
    fn latin_name_keys_ignore_case_and_accents(s in "[a-zA-Z' -]{0,30}") {
        prop_assert_eq!(rasd_text::latin_name_key(&s), rasd_text::latin_name_key(&s.to_uppercase()));
        let accented: String = s.chars().map(|c| match c {
            'e' => 'é',
            'i' => 'ï',
            's' => 'ş',
            c => c,
        }).collect();
        prop_assert_eq!(rasd_text::latin_name_key(&s), rasd_text::latin_name_key(&accented));
    }
}
