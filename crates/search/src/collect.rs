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
/// Returns `(candidate, other matching copies)` best first.
pub(crate) fn rank_and_collapse(
    mut all: Vec<Candidate>,
    collapse: bool,
) -> Vec<(Candidate, usize)> {
    all.sort_by(rank);
    if !collapse {
        return all.into_iter().map(|c| (c, 0)).collect();
    }
    let mut slot: HashMap<u64, usize> = HashMap::new();
    let mut out: Vec<(Candidate, usize)> = Vec::new();
    for c in all {
        match slot.get(&c.group) {
            Some(&i) => {
                if let Some(kept) = out.get_mut(i) {
                    kept.1 += 1;
                }
            }
            None => {
                slot.insert(c.group, out.len());
                out.push((c, 0));
            }
        }
    }
    out
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
        let r = rank_and_collapse(
            vec![
                cand(1.0, 7, 1),
                cand(3.0, 7, 2),
                cand(2.0, 9, 3),
                cand(0.5, 7, 4),
            ],
            true,
        );
        let got: Vec<(i64, usize)> = r.iter().map(|(c, n)| (c.seq, *n)).collect();
        assert_eq!(got, vec![(2, 2), (3, 0)]);
    }

    #[test]
    fn without_collapse_every_match_is_kept_in_rank_order() {
        let r = rank_and_collapse(vec![cand(1.0, 7, 1), cand(3.0, 7, 2)], false);
        assert_eq!(r.iter().map(|(c, _)| c.seq).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn equal_scores_rank_newer_first() {
        let mut a = cand(1.0, 1, 1);
        a.published = 100;
        let mut b = cand(1.0, 2, 2);
        b.published = 200;
        let r = rank_and_collapse(vec![a, b], true);
        assert_eq!(r.first().map(|(c, _)| c.published), Some(200));
    }
}
