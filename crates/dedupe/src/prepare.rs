//! The per-article half of dedupe (normalization, exact hash, MinHash sketch, rounds, story term candidates): reads no index state, so it runs on any thread ahead of the sequential assignment.

use std::cell::RefCell;

use rasd_core::Ymd;

use crate::hash::hash_bytes_pair;
use crate::minhash::{word_hash, MinHasher, Sketch};
use crate::normalize::{normalize, words};
use crate::rounds;
use crate::story::{is_digest_title, merge_counts_into, word_term_candidates, TermCandidate};

/// Per-thread buffers reused from one article to the next (word hashes, the distinct-shingle
/// table, term candidates): preparing an article allocates only what it returns.
#[derive(Default)]
struct Scratch {
    hashes: Vec<u64>,
    table: Vec<u64>,
    terms: Vec<TermCandidate>,
    seen: WordSlots,
}

/// A free slot of [`WordSlots`].
const NEW: u32 = u32::MAX;
/// The word has no story term (too short to stem).
const NO_TERM: u32 = u32::MAX - 1;

/// Open-addressing table from a word hash to a `u32` (linear probing, at most half full).
#[derive(Default)]
struct WordSlots {
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl WordSlots {
    /// Empties the table, sized for `n` distinct words at most.
    fn reset(&mut self, n: usize) {
        let cap = (2 * n).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(cap, (0, NEW));
        self.mask = cap - 1;
    }

    /// The value of `h`, set by `make` when `h` was not seen since [`WordSlots::reset`]. The
    /// table holds more slots than words, so a free slot is always found.
    fn entry(&mut self, h: u64, make: &mut impl FnMut() -> u32) -> u32 {
        let mut i = (h >> 32) as usize & self.mask;
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.1 == NEW {
                *slot = (h, make());
                return slot.1;
            }
            if slot.0 == h {
                return slot.1;
            }
            i = (i + 1) & self.mask;
        }
        make()
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Prepares articles for one index's parameters (get one with [`crate::DedupeIndex::preparer`]).
/// Cheap to clone, `Send + Sync`: each worker thread can hold its own.
#[derive(Debug, Clone)]
pub struct Preparer {
    pub(crate) hasher: MinHasher,
    pub(crate) title_boost: f32,
    pub(crate) stories: bool,
}

/// One article with everything derived from its own text; [`crate::DedupeIndex::assign_prepared`]
/// decides its duplicate and story.
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    pub(crate) id: String,
    pub(crate) day: Option<i32>,
    pub(crate) outlet: Option<String>,
    /// 128-bit hash of the normalized text (0 for an empty text: never an exact match).
    pub(crate) exact_hash: u128,
    pub(crate) sketch: Sketch,
    pub(crate) rounds: Vec<u16>,
    /// The title names a digest of the day's news (see [`is_digest_title`]).
    pub(crate) digest: bool,
    /// Story term candidates, sorted (empty when stories are off).
    pub(crate) terms: Vec<TermCandidate>,
}

impl PreparedDoc {
    /// The article id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Replace the outlet the article was prepared with (nothing else derives from it).
    pub fn set_outlet(&mut self, outlet: Option<&str>) {
        self.outlet = outlet.map(str::to_string);
    }
}

/// Day number as stored in records (i32 days since 1970-01-01; saturates far outside news dates).
pub(crate) fn day_of(y: Ymd) -> i32 {
    i32::try_from(y.day_number()).unwrap_or(if y.year < 1970 { i32::MIN } else { i32::MAX })
}

impl Preparer {
    /// Everything about `doc` that does not depend on the articles stored before it.
    pub fn prepare(&self, doc: &crate::DocInput<'_>) -> PreparedDoc {
        let norm = normalize(doc.text);
        let exact_hash = if norm.is_empty() {
            0
        } else {
            let (lo, hi) = hash_bytes_pair(norm.as_bytes(), 1, 2);
            u128::from(lo) | (u128::from(hi) << 64)
        };
        let title_norm = doc.title.map(normalize).unwrap_or_default();
        let (sketch, terms) = SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let Scratch {
                hashes,
                table,
                terms,
                seen,
            } = &mut *guard;
            // One pass over the words for both the shingles and the story terms; a word's term
            // is worked out once per article (`seen`: word hash → its entry in `terms`).
            hashes.clear();
            terms.clear();
            if self.stories {
                seen.reset(norm.bytes().filter(|&b| b == b' ').count() + 1);
            }
            for w in words(&norm) {
                let h = word_hash(w);
                hashes.push(h);
                if self.stories {
                    // A repeated word adds to its entry; a new one gets an entry (or none when
                    // it has no term).
                    let mut new_entry = || match word_term_candidates(w) {
                        Some(k) => {
                            terms.push((k, 0.0));
                            u32::try_from(terms.len() - 1).unwrap_or(NO_TERM)
                        }
                        None => NO_TERM,
                    };
                    let entry = seen.entry(h, &mut new_entry);
                    if let Some(t) = terms.get_mut(entry as usize) {
                        t.1 += 1.0;
                    }
                }
            }
            let sketch = self.hasher.sketch_word_hashes(hashes, table);
            let terms = if self.stories {
                terms.extend(
                    words(&title_norm)
                        .filter_map(word_term_candidates)
                        .map(|k| (k, self.title_boost)),
                );
                merge_counts_into(terms)
            } else {
                Vec::new()
            };
            (sketch, terms)
        });
        let rounds = rounds::keys(&title_norm, &norm);
        PreparedDoc {
            id: doc.id.to_string(),
            day: doc.published.map(day_of),
            outlet: doc.outlet.map(str::to_string),
            exact_hash,
            sketch,
            rounds,
            digest: is_digest_title(&title_norm),
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::term_candidates;
    use crate::{Config, DedupeIndex, DocInput};

    /// The fused word pass gives what the separate steps give: `sketch_words` over the
    /// normalized words and `term_candidates` of title and text.
    #[test]
    fn fused_pass_equals_the_separate_steps() {
        let idx = DedupeIndex::new(Config::default()).expect("default config");
        let prep = idx.preparer();
        let texts = [
            "",
            "كلمة",
            "و في",
            "قال الرئيس إن الحكومة والحكومة ستجتمع بصفاقس في صفاقس، قال الرئيس.",
            "a b a b a b c c c لل لل للشباب الشباب",
        ];
        for (i, text) in texts.iter().enumerate() {
            for title in [None, Some("الحكومة تجتمع في صفاقس"), Some("")] {
                let doc = DocInput {
                    id: "x",
                    text,
                    title,
                    published: None,
                    outlet: None,
                };
                let p = prep.prepare(&doc);
                let norm = normalize(text);
                let title_norm = title.map(normalize).unwrap_or_default();
                assert_eq!(p.sketch, prep.hasher.sketch_words(words(&norm)), "{i}");
                assert_eq!(
                    p.terms,
                    term_candidates(&title_norm, &norm, prep.title_boost),
                    "{i} {title:?}"
                );
            }
        }
    }
}
