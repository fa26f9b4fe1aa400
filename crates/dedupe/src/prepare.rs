//! The per-article half of dedupe (normalization, exact hash, MinHash sketch, rounds, story term candidates): reads no index state, so it runs on any thread ahead of the sequential assignment.

use rasd_core::Ymd;

use crate::hash::hash_bytes_pair;
use crate::minhash::{MinHasher, Sketch};
use crate::normalize::{normalize, words};
use crate::rounds;
use crate::story::{is_digest_title, term_candidates, TermCandidate};

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
        let sketch = self.hasher.sketch_words(words(&norm));
        let title_norm = doc.title.map(normalize).unwrap_or_default();
        let rounds = rounds::keys(&title_norm, &norm);
        let terms = if self.stories {
            term_candidates(&title_norm, &norm, self.title_boost)
        } else {
            Vec::new()
        };
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
