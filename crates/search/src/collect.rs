//! A tantivy collector that keeps every match with its duplicate group, then ranks and collapses.
//!
//! tantivy's top-k collectors cannot collapse duplicate groups (a page of 10 could be 10 copies of
//! one wire story), and `total` must count groups, so all matches are kept (24 bytes each) and
//! collapsed after ranking.

use std::cmp::Ordering;
use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{F_GROUP, F_PUBLISHED, F_SEQ};

/// One matching document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub score: Score,
    /// Publication day number, `i64::MIN` when unknown.
    pub published: i64,
    pub seq: i64,
    pub group: u64,
    pub addr: DocAddress,
}

/// Collects all matches; `scoring` is false for filter-only queries (ranked by date).
pub(crate) struct AllMatches {
    pub scoring: bool,
}

pub(crate) struct SegmentMatches {
    segment: SegmentOrdinal,
    // A segment without any value of a fast field has no column for it.
    group: Option<Column<u64>>,
    published: Option<Column<i64>>,
    seq: Option<Column<i64>>,
    out: Vec<Candidate>,
}

impl Collector for AllMatches {
    type Fruit = Vec<Candidate>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let ff = reader.fast_fields();
        Ok(SegmentMatches {
            segment,
            group: ff.column_opt(F_GROUP)?,
            published: ff.column_opt(F_PUBLISHED)?,
            seq: ff.column_opt(F_SEQ)?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Candidate>>) -> tantivy::Result<Vec<Candidate>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Candidate>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.out.push(Candidate {
            score,
            published: self
                .published
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(i64::MIN),
            seq: self.seq.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
            // Without a group every document is its own group (never collapsed with another).
            group: self
                .group
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(u64::MAX - u64::from(doc)),
            addr: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Candidate> {
        self.out
    }
}

/// Best first: higher score, then newer publication, then later ingestion.
fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then(b.published.cmp(&a.published))
        .then(b.seq.cmp(&a.seq))
}

/// Rank candidates; with `collapse`, keep the best of each duplicate group and count the others.
/// Returns the first `keep` of `(candidate, other matching copies)`, best first, and the number of
/// groups (or candidates, without `collapse`) in all.
///
/// Linear in the number of matches: groups are folded in one hash-map pass, then only the `keep`
/// best are selected and sorted (a full sort of every match was most of a query's time at 100k
/// articles).
pub(crate) fn rank_and_collapse(
    all: Vec<Candidate>,
    collapse: bool,
    keep: usize,
) -> (Vec<(Candidate, usize)>, usize) {
    let mut out: Vec<(Candidate, usize)> = if collapse {
        let mut slot: HashMap<u64, usize, BuildGroupHasher> =
            HashMap::with_capacity_and_hasher(all.len() / 2, BuildGroupHasher);
        let mut groups: Vec<(Candidate, usize)> = Vec::new();
        for c in all {
            match slot.get(&c.group) {
                Some(&i) => {
                    if let Some(kept) = groups.get_mut(i) {
                        kept.1 += 1;
                        if rank(&c, &kept.0) == Ordering::Less {
                            kept.0 = c;
                        }
                    }
                }
                None => {
                    slot.insert(c.group, groups.len());
                    groups.push((c, 0));
                }
            }
        }
        groups
    } else {
        all.into_iter().map(|c| (c, 0)).collect()
    };
    let total = out.len();
    if keep < out.len() {
        out.select_nth_unstable_by(keep, |a, b| rank(&a.0, &b.0));
        out.truncate(keep);
    }
    out.sort_unstable_by(|a, b| rank(&a.0, &b.0));
    (out, total)
}

/// Group ids are already hashes (or distinct document numbers): one multiply spreads them.
#[derive(Clone, Copy, Default)]
struct BuildGroupHasher;

#[derive(Default)]
struct GroupHasher(u64);

impl std::hash::BuildHasher for BuildGroupHasher {
    type Hasher = GroupHasher;
    fn build_hasher(&self) -> GroupHasher {
        GroupHasher(0)
    }
}

impl std::hash::Hasher for GroupHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v ^ (v >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(score: f32, group: u64, seq: i64) -> Candidate {
        Candidate {
            score,
            published: 0,
            seq,
            group,
            addr: DocAddress::new(0, seq as u32),
        }
    }

    #[test]
    fn collapse_keeps_the_best_of_each_group_and_counts_the_rest() {
        let (r, total) = rank_and_collapse(
            vec![
                cand(1.0, 7, 1),
                cand(3.0, 7, 2),
                cand(2.0, 9, 3),
                cand(0.5, 7, 4),
            ],
            true,
            10,
        );
        assert_eq!(total, 2);
        let got: Vec<(i64, usize)> = r.iter().map(|(c, n)| (c.seq, *n)).collect();
        assert_eq!(got, vec![(2, 2), (3, 0)]);
    }

    #[test]
    fn without_collapse_every_match_is_kept_in_rank_order() {
        let (r, total) = rank_and_collapse(vec![cand(1.0, 7, 1), cand(3.0, 7, 2)], false, 10);
        assert_eq!(total, 2);
        assert_eq!(r.iter().map(|(c, _)| c.seq).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn equal_scores_rank_newer_first() {
        let mut a = cand(1.0, 1, 1);
        a.published = 100;
        let mut b = cand(1.0, 2, 2);
        b.published = 200;
        let (r, _) = rank_and_collapse(vec![a, b], true, 10);
        assert_eq!(r.first().map(|(c, _)| c.published), Some(200));
    }

    /// The reference: sort every match, then keep the first of each group.
    fn reference(mut all: Vec<Candidate>, collapse: bool) -> Vec<(Candidate, usize)> {
        all.sort_by(rank);
        if !collapse {
            return all.into_iter().map(|c| (c, 0)).collect();
        }
        let mut slot: HashMap<u64, usize> = HashMap::new();
        let mut out: Vec<(Candidate, usize)> = Vec::new();
        for c in all {
            match slot.get(&c.group) {
                Some(&i) => out[i].1 += 1,
                None => {
                    slot.insert(c.group, out.len());
                    out.push((c, 0));
                }
            }
        }
        out
    }

    #[test]
    fn top_k_selection_equals_sorting_everything() {
        // Deterministic pseudo-random candidates: few distinct scores and days, many groups of copies.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..40 {
            let n = 1 + (next() % 400) as usize;
            let all: Vec<Candidate> = (0..n)
                .map(|i| {
                    let mut c = cand((next() % 7) as f32, next() % (1 + n as u64 / 3), i as i64);
                    c.published = (next() % 5) as i64;
                    c
                })
                .collect();
            for collapse in [true, false] {
                let want = reference(all.clone(), collapse);
                for keep in [0, 1, 3, 10, n, n + 5] {
                    let (got, total) = rank_and_collapse(all.clone(), collapse, keep);
                    assert_eq!(total, want.len(), "round {round}");
                    let key = |v: &[(Candidate, usize)]| -> Vec<(i64, usize)> {
                        v.iter().map(|(c, k)| (c.seq, *k)).collect()
                    };
                    let w = &want[..keep.min(want.len())];
                    assert_eq!(
                        key(&got),
                        key(w),
                        "round {round} collapse {collapse} keep {keep}"
                    );
                }
            }
        }
    }
}
