//! Span conventions of ANERcorp applied after decoding: a generic head noun before an organization's or
//! team's own name (شركة فولكس فاغن, فريق رينو, منتخب الكاميرون) is not part of the entity.
//!
//! The ANERcorp train portion leaves these heads untagged (شركة 0 of 7 times inside the entity, فريق 0 of
//! 7, نادي 11 of 27, صحيفة 0 of 6, منتخب 0 of 13 with the country then tagged LOC); the other training corpora
//! include them, so the model sometimes does too. Dropping the head keeps the name itself as the mention.

use crate::fold::fold_word;
use crate::tags::{EntityClass, Tag};

/// Folded head nouns that stay outside the entity; `true` when the name after it is a place (a national team).
const HEADS: &[(&str, bool)] = &[
    ("شركه", false),
    ("فريق", false),
    ("صحيفه", false),
    ("منتخب", true),
];

/// The head entry of a folded word, allowing one leading و/ف/ب/ل.
fn head(word: &str) -> Option<bool> {
    let w = fold_word(word);
    let mut cs = w.chars();
    let rest = match cs.next() {
        Some('و' | 'ف' | 'ب' | 'ل') => cs.as_str(),
        _ => w.as_str(),
    };
    HEADS
        .iter()
        .find(|(h, _)| *h == w || *h == rest)
        .map(|&(_, place)| place)
}

/// Moves the start of every entity that begins with a head noun (and has more tokens) past the head, and
/// joins two adjacent person names into one unless the second starts with و ("and").
pub fn apply<S: AsRef<str>>(words: &[S], tags: &mut [Tag]) {
    join_adjacent_persons(words, tags);
    let mut i = 0;
    while i + 1 < tags.len() {
        let (Some(Tag::B(_)), Some(Tag::I(_))) = (tags.get(i), tags.get(i + 1)) else {
            i += 1;
            continue;
        };
        let Some(place) = words.get(i).and_then(|w| head(w.as_ref())) else {
            i += 1;
            continue;
        };
        if let Some(t) = tags.get_mut(i) {
            *t = Tag::O;
        }
        let mut j = i + 1;
        while let Some(Tag::I(c)) = tags.get(j).copied() {
            let class = if place { EntityClass::Loc } else { c };
            if let Some(t) = tags.get_mut(j) {
                *t = if j == i + 1 {
                    Tag::B(class)
                } else {
                    Tag::I(class)
                };
            }
            j += 1;
        }
        i = j;
    }
}

/// `B-PER B-PER` → `B-PER I-PER` when the second word does not start with و: the ANERcorp train portion has
/// 15 such adjacent person names (126 more with و) against thousands of multi-word names, while the
/// model splits names such as نصر الله or سوزان مبارك in two.
fn join_adjacent_persons<S: AsRef<str>>(words: &[S], tags: &mut [Tag]) {
    for i in 1..tags.len() {
        let prev_per = matches!(
            tags.get(i - 1),
            Some(Tag::B(EntityClass::Per) | Tag::I(EntityClass::Per))
        );
        let starts_with_waw = words.get(i).is_some_and(|w| w.as_ref().starts_with('و'));
        if prev_per && !starts_with_waw {
            if let Some(t @ Tag::B(EntityClass::Per)) = tags.get_mut(i) {
                *t = Tag::I(EntityClass::Per);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_head_is_dropped_and_the_name_kept() {
        let words = ["قدمت", "شركة", "فولكس", "فاغن", "في"];
        let org = EntityClass::Org;
        let mut tags = vec![Tag::O, Tag::B(org), Tag::I(org), Tag::I(org), Tag::O];
        apply(&words, &mut tags);
        assert_eq!(tags, vec![Tag::O, Tag::O, Tag::B(org), Tag::I(org), Tag::O]);
    }

    #[test]
    fn split_person_name_is_joined_but_names_joined_by_waw_stay_apart() {
        let words = ["قال", "نصر", "الله", "وبري"];
        let per = EntityClass::Per;
        let mut tags = vec![Tag::O, Tag::B(per), Tag::B(per), Tag::B(per)];
        apply(&words, &mut tags);
        assert_eq!(tags, vec![Tag::O, Tag::B(per), Tag::I(per), Tag::B(per)]);
    }

    #[test]
    fn national_team_becomes_its_country() {
        let words = ["أيضا", "منتخب", "الكاميرون"];
        let mut tags = vec![Tag::O, Tag::B(EntityClass::Org), Tag::I(EntityClass::Org)];
        apply(&words, &mut tags);
        assert_eq!(tags, vec![Tag::O, Tag::O, Tag::B(EntityClass::Loc)]);
    }

    #[test]
    fn lone_head_and_other_organizations_are_unchanged() {
        let words = ["شركة", "حزب", "الله"];
        let org = EntityClass::Org;
        let mut tags = vec![Tag::B(org), Tag::B(org), Tag::I(org)];
        let before = tags.clone();
        apply(&words, &mut tags);
        assert_eq!(tags, before);
    }
}
