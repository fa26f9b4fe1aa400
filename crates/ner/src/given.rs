//! Given-name pass: a known given name followed by an ال…ي family name that the model left untagged ("حامد القروي") becomes a person.
//!
//! The statistical model learned its persons from news of the 2000s; local figures of today's
//! press ("رئيس الحركة الدستورية حامد القروي", "نقيبة الصحفيين نجيبة الحمروني") are often left
//! untagged, so the events lose their actors. Arabic names have a telling shape: a given name,
//! perhaps a second one ("محمد فؤاد"), then a family name that is very often a nisba with the article
//! (القروي، الحمروني، العروي). The pass tags that shape where every token is untagged (or only
//! the family name is a person), with two lists:
//! - given names: `resources/ner/first_names.tsv`, names that start person spans in the shared
//!   NER corpora in at least half of their occurrences (so "سلام", "أمل" are not there);
//! - `resources/ner/nisba_words.tsv`: ال…ي words of the news corpus that are adjectives or nouns
//!   (الوطني، التونسي، الحالي، النادي), which a family name is not ("سامي النادي الإفريقي").

use std::collections::HashSet;

use crate::fold::fold_word;
use crate::tags::{EntityClass, Tag};

/// Given names found in the shared NER corpora (built by `scripts/first_names.py`).
pub const FIRST_NAMES_TSV: &str = include_str!("../../../resources/ner/first_names.tsv");
/// ال…ي adjectives and nouns of the news corpus (built by `scripts/nisba_words.py`).
pub const NISBA_WORDS_TSV: &str = include_str!("../../../resources/ner/nisba_words.tsv");

/// Most given names before the family name ("محمد فؤاد الحكيري").
const MAX_GIVEN: usize = 2;

/// Given names that begin with the letter و (folded), kept whole: "وائل" is no "و" + "ائل".
/// The glued conjunction of the corpora's spans ("ومحمد", "وعبد") is cut as before; listing
/// the real names is the only way to tell "وعبد" from "وائل" (both are in the span lists, and
/// "ايل" is a first token of the actor lexicon).
const WAW_NAMES: &[&str] = &[
    "وايل",
    "وليد",
    "وضاح",
    "وفيق",
    "واصف",
    "وديع",
    "وسام",
    "وفاء",
    "وجدي",
    "وصفي",
    "وجيه",
    "وحيد",
    "وهيب",
    "وداد",
    "ويام",
    "وسيم",
    "ولاء",
    "وجدان",
    "وصال",
    "وهبه",
    "ورده",
];

/// Whether a folded word is a given name that begins with و (see [`WAW_NAMES`]).
pub fn is_waw_name(folded: &str) -> bool {
    WAW_NAMES.contains(&folded)
}

/// The two word lists of the pass, folded.
#[derive(Debug, Clone, Default)]
pub struct GivenNames {
    given: HashSet<String>,
    nisba_words: HashSet<String>,
}

/// First column of a TSV list, folded, comments left out.
pub(crate) fn first_column(tsv: &str) -> impl Iterator<Item = String> + '_ {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty())
        .map(fold_word)
}

impl GivenNames {
    /// The lists from TSV text (first column of each line; `#` comments).
    pub fn new(first_names_tsv: &str, nisba_words_tsv: &str) -> GivenNames {
        let mut given: HashSet<String> = first_column(first_names_tsv).collect();
        // The corpora also start spans with a glued conjunction ("ومحمد", "وطارق"): such an entry
        // is the name after و when that name is listed too ("وليد" stays).
        let glued: Vec<String> = given
            .iter()
            .filter(|w| w.strip_prefix('و').is_some_and(|r| given.contains(r)))
            .cloned()
            .collect();
        for w in glued {
            given.remove(&w);
        }
        GivenNames {
            given,
            nisba_words: first_column(nisba_words_tsv).collect(),
        }
    }

    /// The shipped lists, built once per process.
    pub fn shared() -> &'static GivenNames {
        static SHARED: std::sync::OnceLock<GivenNames> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| GivenNames::new(FIRST_NAMES_TSV, NISBA_WORDS_TSV))
    }

    /// Whether a folded word is a listed given name as it stands. Names that fold to a word with
    /// the article are left out ("آلان" Alain is "الآن" now).
    pub fn is_given_whole(&self, folded: &str) -> bool {
        !folded.starts_with("ال") && self.given.contains(folded)
    }

    /// Whether a folded word may start a name in this pass: a listed given name that does not
    /// begin with و unless it is one of [`WAW_NAMES`] (the corpora's lists hold glued forms such
    /// as "وعبد", "وحسن"), or و and a listed given name of four letters or
    /// more ("وطارق"), which the recognizer cuts off the mention (see [`Self::conjunction_before`]).
    pub fn is_given(&self, folded: &str) -> bool {
        (self.is_given_whole(folded) && (!folded.starts_with('و') || is_waw_name(folded)))
            || self.conjunction_before(folded)
    }

    /// Whether a folded word is the conjunction و glued to a listed given name of four letters
    /// or more, the whole word being no listed name ("وطارق", "ولمياء"; not "وليد").
    pub fn conjunction_before(&self, folded: &str) -> bool {
        folded.strip_prefix('و').is_some_and(|rest| {
            !self.is_given_whole(folded) && rest.chars().count() >= 4 && self.is_given_whole(rest)
        })
    }

    /// Whether a word (as written, and folded) has the shape of a family name: the article, the
    /// nisba ending ي as written (folding also turns the ى of "المستوى", "الكبرى" into ي), six
    /// letters or more (not "الرأي", "الوعي"), and not a common adjective or noun.
    fn is_family_name(&self, written: &str, folded: &str) -> bool {
        folded.starts_with("ال")
            && written
                .trim_end_matches(|c| ('\u{064B}'..='\u{0652}').contains(&c))
                .ends_with('ي')
            && folded.chars().count() >= 6
            && !self.nisba_words.contains(folded)
    }

    /// Tag "given name(s) + family name" in one sentence (`words` as written, `tags` the
    /// model's) where the given names are untagged and the family name is untagged or a person
    /// on its own.
    pub fn apply<S: AsRef<str>>(&self, words: &[S], tags: &mut [Tag]) {
        let n = words.len().min(tags.len());
        let folded: Vec<String> = words
            .iter()
            .take(n)
            .map(|w| fold_word(w.as_ref()))
            .collect();
        let untagged = |tags: &[Tag], k: usize| tags.get(k) == Some(&Tag::O);
        let mut i = 0;
        while i < n {
            let starts = untagged(tags, i)
                && folded.get(i).is_some_and(|w| self.is_given(w))
                // Not the continuation of a name the model began before it.
                && !matches!(tags.get(i + 1), Some(Tag::I(_)));
            if !starts {
                i += 1;
                continue;
            }
            // Further given names ("محمد علي"), then the family name.
            let mut j = i + 1;
            while j < n
                && j - i < MAX_GIVEN
                && untagged(tags, j)
                && folded.get(j).is_some_and(|w| self.is_given(w))
            {
                j += 1;
            }
            let family_free = untagged(tags, j) || tags.get(j) == Some(&Tag::B(EntityClass::Per));
            let family = family_free
                && words
                    .get(j)
                    .zip(folded.get(j))
                    .is_some_and(|(w, f)| self.is_family_name(w.as_ref(), f))
                // The family name ends the name: a following I-tag would belong to it.
                && !matches!(tags.get(j + 1), Some(Tag::I(_)));
            if family {
                for (k, t) in tags.iter_mut().enumerate().take(j + 1).skip(i) {
                    *t = if k == i {
                        Tag::B(EntityClass::Per)
                    } else {
                        Tag::I(EntityClass::Per)
                    };
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityClass::*;

    fn run(sentence: &str, tags: &[Tag]) -> Vec<Tag> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut t = tags.to_vec();
        GivenNames::shared().apply(&words, &mut t);
        t
    }

    #[test]
    fn names_that_begin_with_waw_are_kept_whole() {
        assert!(is_waw_name("وايل") && is_waw_name("وليد"));
        assert!(!is_waw_name("وعبد") && !is_waw_name("ومحمد"));
    }

    #[test]
    fn a_given_name_and_a_nisba_family_name_the_model_missed_are_a_person() {
        let o = Tag::O;
        assert_eq!(
            run("دعا رئيس الحركة حامد القروي اليوم", &[o, o, o, o, o, o]),
            vec![o, o, o, Tag::B(Per), Tag::I(Per), o]
        );
        // Two given names; a family name the model tagged alone is joined. (علي is no given
        // name here: folded, it is the preposition على.)
        assert_eq!(
            run("أكد محمد فؤاد الحكيري أن", &[o, o, o, Tag::B(Per), o]),
            vec![o, Tag::B(Per), Tag::I(Per), Tag::I(Per), o]
        );
    }

    #[test]
    fn adjectives_nouns_and_tagged_names_are_left_alone() {
        let o = Tag::O;
        // An adjective or a noun of the news corpus is no family name.
        assert_eq!(
            run("لاعب سامي النادي الإفريقي", &[o, o, o, o]),
            vec![o, o, o, o]
        );
        assert_eq!(run("محمد التونسي", &[o, o]), vec![o, o]);
        // A name the model already tagged is its business.
        let tagged = [o, Tag::B(Per), Tag::I(Per), o];
        assert_eq!(run("قال حامد القروي إن", &tagged), tagged.to_vec());
        // A word that is no listed given name starts nothing.
        assert_eq!(run("قال الرجل القروي", &[o, o, o]), vec![o, o, o]);
    }

    #[test]
    fn shipped_lists_hold_given_names_and_adjectives_but_no_family_names() {
        let g = GivenNames::shared();
        assert!(g.is_given("حامد") && g.is_given("وحامد") && g.is_given("وطارق"));
        // "وليد" is a name that begins with و (listed in WAW_NAMES), not و + "ليد".
        assert!(g.is_given("وليد") && !g.conjunction_before("وليد"));
        // The corpora's glued "وعبد" is no name of its own.
        assert!(!g.is_given("وعبد"));
        assert!(g.nisba_words.contains("الوطني"));
        assert!(g.is_family_name("القروي", "القروي") && g.is_family_name("الغنوشي", "الغنوشي"));
        assert!(!g.is_family_name("الدولي", "الدولي"));
        // Folded, "المستوى" ends like a nisba; as written it does not.
        assert!(!g.is_family_name("المستوى", "المستوي"));
        assert!(!g.is_family_name("الرأي", "الراي"));
        assert!(!g.is_given("الان"));
        // "ومحمد" is listed in the corpora's spans, but it is و + محمد.
        assert!(!g.is_given_whole("ومحمد"));
    }
}
