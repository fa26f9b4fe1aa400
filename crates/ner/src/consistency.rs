//! Article-level label consistency: a name the tagger labelled as an entity in one sentence of an article
//! gets the same label where the same words stand untagged in another sentence of that article.

use crate::eval::chunks;
use crate::fold::fold_word;
use crate::tags::{EntityClass, Tag};
use std::collections::{HashMap, HashSet};

/// Longest name (in tokens) that is propagated.
const MAX_LEN: usize = 6;

/// Key of a token run: folded words joined by a space; the first word without a single leading و/ف/ب/ل/ك
/// when `strip` is set and at least three letters remain.
fn run_key(words: &[String], strip: bool) -> Option<String> {
    let mut key = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        if i == 0 && strip {
            let mut cs = w.chars();
            if !matches!(cs.next(), Some('و' | 'ف' | 'ب' | 'ل' | 'ك')) {
                return None;
            }
            let rest = cs.as_str();
            if rest.chars().count() < 3 {
                return None;
            }
            key.push_str(rest);
        } else {
            key.push_str(w);
        }
    }
    Some(key)
}

/// Relabels, in place, untagged occurrences of names tagged elsewhere in the same article.
///
/// `sentences[i]` are the tokens of sentence `i` and `tags[i]` their predicted tags. A name qualifies when
/// every tagged occurrence in the article has one class; a single-token name needs at least three letters.
/// An occurrence is relabelled only when its tokens are all `O` and its neighbours are `O` or an entity of
/// another class ("ويزور علاوي مصر"); a run inside or next to an entity of its own class is left alone.
pub fn propagate<S: AsRef<str>>(sentences: &[&[S]], tags: &mut [Vec<Tag>]) {
    let folded: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| fold_word(w.as_ref())).collect())
        .collect();
    let mut classes: HashMap<String, Option<EntityClass>> = HashMap::new();
    for (words, ts) in folded.iter().zip(tags.iter()) {
        for c in chunks(ts) {
            if c.end - c.start > MAX_LEN {
                continue;
            }
            let Some(run) = words.get(c.start..c.end) else {
                continue;
            };
            if run.len() == 1 && run.first().is_some_and(|w| w.chars().count() < 3) {
                continue;
            }
            for key in [run_key(run, false), run_key(run, true)]
                .into_iter()
                .flatten()
            {
                classes
                    .entry(key)
                    .and_modify(|k| {
                        if *k != Some(c.class) {
                            *k = None;
                        }
                    })
                    .or_insert(Some(c.class));
            }
        }
    }
    // The family name of a person named in full (إبراهيم قالن … قالن) is that person when it is not
    // itself tagged otherwise somewhere in the article.
    for (words, ts) in folded.iter().zip(tags.iter()) {
        for c in chunks(ts) {
            if c.class != EntityClass::Per || c.end - c.start < 2 {
                continue;
            }
            let Some(last) = words.get(c.end - 1) else {
                continue;
            };
            if last.chars().count() >= 3 {
                classes
                    .entry(last.clone())
                    .or_insert(Some(EntityClass::Per));
            }
        }
    }
    let names: HashMap<String, EntityClass> = classes
        .into_iter()
        .filter_map(|(k, c)| c.map(|c| (k, c)))
        .collect();
    if names.is_empty() {
        return;
    }
    let firsts: HashSet<&str> = names
        .keys()
        .map(|k| k.split(' ').next().unwrap_or(k))
        .collect();
    for (words, ts) in folded.iter().zip(tags.iter_mut()) {
        let mut i = 0;
        while i < words.len() {
            let found = first_match(words, ts, i, &names, &firsts);
            match found {
                Some((len, class)) => {
                    for (j, t) in ts.iter_mut().enumerate().skip(i).take(len) {
                        *t = if j == i { Tag::B(class) } else { Tag::I(class) };
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// The longest qualifying name starting at token `i` whose tokens are all `O` and whose neighbours are
/// `O` or an entity of another class.
fn first_match(
    words: &[String],
    ts: &[Tag],
    i: usize,
    names: &HashMap<String, EntityClass>,
    firsts: &HashSet<&str>,
) -> Option<(usize, EntityClass)> {
    let w = words.get(i)?;
    let stripped = w.char_indices().nth(1).map_or("", |(b, _)| &w[b..]);
    if !firsts.contains(w.as_str()) && !firsts.contains(stripped) {
        return None;
    }
    // A neighbour may be an entity of another class ("ويزور علاوي مصر": a person before a
    // place), never of the name's own class (the run would be part of a longer name).
    let other_class = |j: usize, class: EntityClass| match ts.get(j) {
        None | Some(Tag::O) => true,
        Some(Tag::B(c) | Tag::I(c)) => *c != class,
    };
    for len in (1..=MAX_LEN.min(words.len() - i)).rev() {
        if !(i..i + len).all(|j| matches!(ts.get(j), Some(Tag::O))) {
            continue;
        }
        let run = words.get(i..i + len)?;
        for key in [run_key(run, false), run_key(run, true)]
            .into_iter()
            .flatten()
        {
            if let Some(&c) = names.get(&key) {
                let before_ok = i == 0 || other_class(i - 1, c);
                if before_ok && other_class(i + len, c) {
                    return Some((len, c));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_name_next_to_an_entity_of_another_class_is_relabelled_but_not_next_to_its_own() {
        let a = toks("اتهم إياد علاوي قطر");
        let b = toks("ويزور علاوي مصر غدا");
        let c = toks("قال علاوي محمد أمس");
        let sents: Vec<&[String]> = vec![&a, &b, &c];
        let per = EntityClass::Per;
        let mut tags = vec![
            vec![Tag::O, Tag::B(per), Tag::I(per), Tag::B(EntityClass::Loc)],
            vec![Tag::O, Tag::O, Tag::B(EntityClass::Loc), Tag::O],
            vec![Tag::O, Tag::O, Tag::B(per), Tag::O],
        ];
        propagate(&sents, &mut tags);
        // Before a place: the family name of the person named in full.
        assert_eq!(tags[1][1], Tag::B(per));
        // Before another person's tag: it could be part of that name, left alone.
        assert_eq!(tags[2][1], Tag::O);
    }

    #[test]
    fn missed_mention_gets_the_label_seen_elsewhere_in_the_article() {
        let a = toks("قال إبراهيم قالن أمس");
        let b = toks("وأضاف إبراهيم قالن أن");
        let sents: Vec<&[String]> = vec![&a, &b];
        let mut tags = vec![
            vec![
                Tag::O,
                Tag::B(EntityClass::Per),
                Tag::I(EntityClass::Per),
                Tag::O,
            ],
            vec![Tag::O; 4],
        ];
        propagate(&sents, &mut tags);
        assert_eq!(
            tags[1],
            vec![
                Tag::O,
                Tag::B(EntityClass::Per),
                Tag::I(EntityClass::Per),
                Tag::O
            ]
        );
    }

    #[test]
    fn name_with_conflicting_labels_or_inside_another_entity_is_left_alone() {
        let a = toks("زار واشنطن ثم واشنطن");
        let b = toks("في واشنطن بوست اليوم");
        let sents: Vec<&[String]> = vec![&a, &b];
        let mut tags = vec![
            vec![
                Tag::O,
                Tag::B(EntityClass::Loc),
                Tag::O,
                Tag::B(EntityClass::Per),
            ],
            vec![Tag::O, Tag::O, Tag::B(EntityClass::Org), Tag::O],
        ];
        let before = tags.clone();
        propagate(&sents, &mut tags);
        assert_eq!(tags, before);
    }

    #[test]
    fn lone_family_name_of_a_person_named_in_full_is_that_person() {
        let a = toks("قال إبراهيم قالن أمس");
        let b = toks("وأكد قالن أن");
        let sents: Vec<&[String]> = vec![&a, &b];
        let per = EntityClass::Per;
        let mut tags = vec![
            vec![Tag::O, Tag::B(per), Tag::I(per), Tag::O],
            vec![Tag::O; 3],
        ];
        propagate(&sents, &mut tags);
        assert_eq!(tags[1], vec![Tag::O, Tag::B(per), Tag::O]);
    }

    #[test]
    fn leading_clitic_does_not_block_propagation() {
        let a = toks("في العراق اليوم");
        let b = toks("وصل إلى والعراق");
        let sents: Vec<&[String]> = vec![&a, &b];
        let mut tags = vec![
            vec![Tag::O, Tag::B(EntityClass::Loc), Tag::O],
            vec![Tag::O; 3],
        ];
        propagate(&sents, &mut tags);
        assert_eq!(tags[1][2], Tag::B(EntityClass::Loc));
    }
}
