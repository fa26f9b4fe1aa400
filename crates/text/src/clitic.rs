//! Candidate stems of folded Arabic words with proclitics removed, for search and gazetteer matching.
//!
//! Arabic attaches conjunctions (`و` `ف`), prepositions (`ب` `ل` `ك`) and the article (`ال`) to the
//! next word: `وبالقدس` is "and in Jerusalem". A lookup of `القدس` in a gazetteer or index must try
//! the word without those prefixes. We cannot know from spelling alone whether a leading `و` is a
//! clitic (`وغزة`) or part of the word (`وزير`), so this module returns *candidates*, and the caller
//! keeps the one its dictionary knows. This is hand-written because the stemmers we know (ISRI, Snowball
//! Arabic) also strip suffixes and rewrite roots, which destroys proper names.
//!
//! Prefix grammar, on folded keys (so `أ` is already `ا`):
//! `(و|ف)? (ب|ك|ل)? ال?`, plus the contraction `ل + ال → لل` (`للرئيس` = `ل` + `الرئيس`).
//! A candidate is produced only when its bare stem (without a restored article) has at least
//! [`MIN_STEM_CHARS`] chars, so short words are not destroyed (`ولد` keeps `ولد` only, `بان` is not
//! cut to `ان`).

/// Minimum number of chars of a stem left after removing prefixes.
pub const MIN_STEM_CHARS: usize = 3;

/// One way to read a word as prefixes + stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    /// The candidate stem (a folded key), e.g. `القدس` or `قدس` for `وبالقدس`.
    pub stem: String,
    /// Number of chars of the original key before the stem: `key[prefix_chars..]` is the stem. For a
    /// restored article (`للرئيس` → `الرئيس`) the stem's `ا` is not in the key and
    /// `key[prefix_chars..]` is the stem without it (the `ل` is the contraction's second `ل`).
    pub prefix_chars: usize,
    /// True when `ال` was restored from the contraction `لل` (the stem's `ا` is not in the key).
    pub restored_article: bool,
}

const CONJUNCTIONS: [&str; 3] = ["", "و", "ف"];
const PREPOSITIONS: [&str; 4] = ["", "ب", "ك", "ل"];

/// All readings of a folded key as prefixes + stem, the key itself first, then longer stems before
/// shorter ones; no duplicates.
pub fn clitic_stems(key: &str) -> Vec<Stem> {
    let mut out = vec![Stem {
        stem: key.to_string(),
        prefix_chars: 0,
        restored_article: false,
    }];
    let mut push = |stem: String, prefix_chars: usize, restored_article: bool| {
        if !out.iter().any(|s| s.stem == stem) {
            out.push(Stem {
                stem,
                prefix_chars,
                restored_article,
            });
        }
    };
    for conj in CONJUNCTIONS {
        let Some(after_conj) = key.strip_prefix(conj) else {
            continue;
        };
        let conj_chars = conj.chars().count();
        // ل + ال is written لل: restore the article as a candidate, and also the bare stem.
        if let Some(rest) = after_conj.strip_prefix("لل") {
            if rest.chars().count() >= MIN_STEM_CHARS {
                push(format!("ال{rest}"), conj_chars + 1, true);
                push(rest.to_string(), conj_chars + 2, false);
            }
        }
        for prep in PREPOSITIONS {
            let Some(after_prep) = after_conj.strip_prefix(prep) else {
                continue;
            };
            let prep_chars = conj_chars + prep.chars().count();
            if prep_chars > 0 && after_prep.chars().count() >= MIN_STEM_CHARS {
                push(after_prep.to_string(), prep_chars, false);
            }
            // `لال` is not the contraction (that is `لل`), so ل + ال is not tried here.
            if prep == "ل" {
                continue;
            }
            if let Some(stem) = after_prep.strip_prefix("ال") {
                if stem.chars().count() >= MIN_STEM_CHARS {
                    push(stem.to_string(), prep_chars + 2, false);
                }
            }
        }
    }
    // Longer stems first (fewer chars removed), key first; stable for equal lengths.
    out.sort_by_key(|s| s.prefix_chars + usize::from(s.restored_article));
    out
}

/// True when `prefix` (folded) is a possible string of proclitics before a stem:
/// `(و|ف)? (ب|ك|ل)? ال?` without `لال`, or a conjunction + `لل`; the empty string counts.
pub fn is_proclitic_prefix(prefix: &str) -> bool {
    let rest = prefix
        .strip_prefix('و')
        .or_else(|| prefix.strip_prefix('ف'))
        .unwrap_or(prefix);
    if rest == "لل" {
        return true;
    }
    let (prep, rest) = match rest.chars().next() {
        Some(c @ ('ب' | 'ك' | 'ل')) => (Some(c), rest.get(c.len_utf8()..).unwrap_or("")),
        _ => (None, rest),
    };
    match rest {
        "" => true,
        "ال" => prep != Some('ل'),
        _ => false,
    }
}

/// Candidate stems of a folded key: the key itself first, then shorter readings (see module docs).
pub fn strip_clitics(key: &str) -> Vec<String> {
    clitic_stems(key).into_iter().map(|s| s.stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    #[test]
    fn conjunction_preposition_and_article_are_removed() {
        assert_eq!(
            strip_clitics("وبالقدس"),
            vec!["وبالقدس", "بالقدس", "القدس", "قدس"]
        );
    }

    #[test]
    fn lam_lam_contraction_restores_the_article() {
        let c = strip_clitics(&fold("للرئيس"));
        assert!(c.contains(&"الرييس".to_string()), "{c:?}");
        assert!(c.contains(&"رييس".to_string()), "{c:?}");
        let s = clitic_stems("للرييس");
        let restored = s.iter().find(|s| s.restored_article);
        assert_eq!(
            restored.map(|s| (s.stem.as_str(), s.prefix_chars)),
            Some(("الرييس", 1))
        );
    }

    #[test]
    fn short_words_are_not_destroyed() {
        assert_eq!(strip_clitics("ولد"), vec!["ولد"]);
        assert_eq!(strip_clitics("بان"), vec!["بان"]);
        assert_eq!(strip_clitics("الي"), vec!["الي"]);
    }

    #[test]
    fn word_initial_waw_gives_a_candidate_but_keeps_the_word_first() {
        let c = strip_clitics("وزير");
        assert_eq!(c.first().map(String::as_str), Some("وزير"));
        assert!(c.contains(&"زير".to_string()));
    }

    #[test]
    fn prefix_chars_point_at_the_stem_in_the_key() {
        let key = "فبغداد";
        for s in clitic_stems(key) {
            if !s.restored_article {
                let tail: String = key.chars().skip(s.prefix_chars).collect();
                assert_eq!(tail, s.stem);
            }
        }
    }

    #[test]
    fn proclitic_prefixes_follow_the_grammar() {
        for ok in [
            "", "و", "ف", "ب", "وب", "فل", "ال", "وال", "بال", "وبال", "كال", "لل", "ولل",
        ] {
            assert!(is_proclitic_prefix(ok), "{ok}");
        }
        for bad in ["لال", "بب", "وو", "ا", "الو", "س", "وفب"] {
            assert!(!is_proclitic_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn kaf_with_article_is_removed() {
        assert!(strip_clitics("كالعاده").contains(&"عاده".to_string()));
    }
}
