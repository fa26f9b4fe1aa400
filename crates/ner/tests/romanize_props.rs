//! Property tests of the learned romanization and the title reader: any input, no panic, and romanized names are plain ASCII.

use proptest::prelude::*;
use rasd_ner::titles::TitleTable;
use rasd_ner::translit::shipped;

/// Arabic letters, marks, digits, Latin, punctuation and a few odd characters.
fn name_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            (0x0621u32..=0x064Au32).prop_map(|c| char::from_u32(c).unwrap_or('ا')),
            Just(' '),
            Just('ـ'),
            Just('\u{064E}'),
            Just('-'),
            Just('a'),
            Just('Z'),
            Just('7'),
            Just('،'),
            Just('😀'),
            Just('ß'),
        ],
        0..40,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn romanized_names_are_ascii_words(s in name_text()) {
        let r = shipped().romanize(&s);
        prop_assert!(
            r.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-'),
            "{s:?} → {r:?}"
        );
        prop_assert!(!r.starts_with(' ') && !r.ends_with(' ') && !r.contains("  "));
    }

    #[test]
    fn the_title_reader_takes_any_words(words in proptest::collection::vec(name_text(), 0..10)) {
        let folded: Vec<String> = words.iter().map(|w| rasd_ner::fold::fold_word(w)).collect();
        if let Some(m) = TitleTable::shipped().title_before(&folded, &|_| false) {
            prop_assert!(m.start < folded.len());
            prop_assert!(!m.role.is_empty());
        }
    }
}
