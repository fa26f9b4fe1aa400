//! `DedupeIndex`: incremental exact/near-duplicate assignment and story clustering over stored articles.

use rasd_core::Ymd;

use crate::hash::{hash_bytes, mum, FastMap};
use crate::minhash::{containment, jaccard, optimal_bands, LshIndex, MinHasher, Sketch};
use crate::prepare::{PreparedDoc, Preparer};
use crate::record::{DocRecord, MIN_RECORD_VERSION};
use crate::rounds;
use crate::story::{
    dot, resolve_counts, term_vector_from_weights, Idf, Member, OutletRecurrence, StoryIndex,
    StoryParams, StoryQuery, TermCandidate, TermWeights, VectorParams,
};
use crate::Error;

/// Tunable parameters. `Config::default()` is what `rasd ingest` uses and what the figures in
/// `docs/DEDUPE.md` were measured with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Assign stories (the default). With `false` the index only decides exact and near
    /// duplicates: a copy shares its canonical copy's story, every other article is a story of
    /// its own, and records carry no story terms (the duplicate-only cost, for corpus cleaning
    /// and for comparing with duplicate-only tools such as datasketch).
    pub stories: bool,
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash permutations.
    pub num_perm: usize,
    /// Seed of the permutations (part of the record fingerprint).
    pub seed: u64,
    /// Near duplicate when the estimated Jaccard of the shingle sets reaches this.
    pub jaccard_threshold: f32,
    /// …or when the smaller article's shingles are this much contained in the other (a copy
    /// with a dropped footer or a trimmed lead paragraph)…
    pub containment_threshold: f32,
    /// …provided the Jaccard estimate is at least this (so a one-line brief inside a long
    /// article is not a "copy" of it).
    pub containment_min_jaccard: f32,
    /// Stories: an article may join a story with an article published within ± this many days.
    pub story_window_days: i32,
    /// Stories never span more than this many days from their first article.
    pub story_max_span_days: i32,
    /// Join a story when the cosine with its centroid reaches this…
    pub story_join_cosine: f32,
    /// …or reaches this while sharing at least `story_min_named_shared` named/rare terms.
    pub story_join_cosine_named: f32,
    pub story_min_named_shared: usize,
    /// Every join needs at least this many named/rare terms in common with the story.
    pub story_min_named_any: usize,
    /// Extra cosine required per day between the article and the story's date range.
    pub story_day_penalty: f32,
    /// A term counts as named/bursty when its day-IDF (rarity across publication days) is at least this.
    pub story_named_idf: f32,
    /// Terms kept per article vector.
    pub story_top_terms: usize,
    /// Extra term frequency given to each title term.
    pub story_title_boost: f32,
    /// Terms in more than this fraction of documents are ignored for stories.
    pub story_max_df_ratio: f32,
    /// Use the shipped IDF prior (from the ANT corpus) in addition to stored articles.
    pub idf_prior: bool,
    /// Terms seen on more than this many distinct days in the 4 weeks before an article's story
    /// window are recurring template vocabulary (weather, fixtures): they do not count as named
    /// terms for the join rule.
    pub story_max_recent_days: u8,
    /// …and their weight in the article vector is divided by `1 + this · recent days`.
    pub story_recurrence_damping: f32,
    /// Articles with at least this share of their (squared) vector weight on recurring terms
    /// are templated items and only join a story of their own publication day.
    pub story_template_share: f32,
    /// Second pass: join the story of the most similar member within the window when the cosine
    /// with that member reaches this (and they share a named term)…
    pub story_member_cosine: f32,
    /// …or this, for a templated article and a member of another day.
    pub story_member_cosine_template: f32,
    /// …published at most this many days apart.
    pub story_template_window_days: i32,
    /// Extra member cosine required per day between the article and that member.
    pub story_member_day_penalty: f32,
    /// Second pass, for an article and a member naming the same numbered round ("الجولة
    /// الرابعة"): the member cosine needed (plus the day penalty), templated or not. An article
    /// and a story (or member) that name only different rounds never join.
    pub story_round_member_cosine: f32,
    /// A templated item (see `story_template_share`) stays one only if some story of the weeks
    /// before its window reaches this centroid cosine with it: the item looks like an earlier
    /// one (a forecast, a fixture list), not only shares recurring words with many (0 = off).
    pub story_template_prior_cosine: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            stories: true,
            shingle: 2,
            num_perm: 128,
            seed: 0x5eed_0f0d_ed0b,
            jaccard_threshold: 0.35,
            containment_threshold: 0.8,
            containment_min_jaccard: 0.3,
            story_window_days: 3,
            story_max_span_days: 14,
            story_join_cosine: 0.12,
            story_join_cosine_named: 0.1,
            story_min_named_shared: 3,
            story_min_named_any: 1,
            story_day_penalty: 0.04,
            story_named_idf: 3.5,
            story_top_terms: 48,
            story_title_boost: 4.0,
            story_max_df_ratio: 0.2,
            idf_prior: true,
            story_max_recent_days: 6,
            story_recurrence_damping: 0.0,
            story_template_share: 0.3,
            story_member_cosine: 0.4,
            story_member_cosine_template: 0.6,
            story_template_window_days: 3,
            story_member_day_penalty: 0.07,
            story_round_member_cosine: 0.1,
            story_template_prior_cosine: 0.15,
        }
    }
}

impl Config {
    fn validate(&self) -> Result<(), Error> {
        if self.shingle == 0 || self.num_perm == 0 || self.num_perm > 1024 {
            return Err(Error::Config("shingle ≥ 1 and 1 ≤ num_perm ≤ 1024".into()));
        }
        for (name, v) in [
            ("jaccard_threshold", self.jaccard_threshold),
            ("containment_threshold", self.containment_threshold),
            ("containment_min_jaccard", self.containment_min_jaccard),
        ] {
            if !(0.0..=1.0).contains(&v) || v == 0.0 {
                return Err(Error::Config(format!("{name} must be in (0, 1]")));
            }
        }
        if self.story_window_days < 0 || self.story_max_span_days < 0 {
            return Err(Error::Config("story windows must be ≥ 0 days".into()));
        }
        Ok(())
    }

    /// Fingerprint of the parameters a stored signature depends on.
    pub fn params_fingerprint(&self) -> u32 {
        // The first record version, not the current one: the fingerprint covers the MinHash
        // parameters only, and records of every readable version share them.
        let mut h = hash_bytes(&self.seed.to_le_bytes(), u64::from(MIN_RECORD_VERSION));
        h = mum(h ^ self.shingle as u64, 0x9e37_79b9_7f4a_7c15);
        h = mum(h ^ self.num_perm as u64, 0xc2b2_ae3d_27d4_eb4f);
        h as u32
    }

    fn story_params(&self) -> StoryParams {
        StoryParams {
            window_days: self.story_window_days,
            max_span_days: self.story_max_span_days,
            join_cosine: self.story_join_cosine,
            join_cosine_named: self.story_join_cosine_named,
            min_named_shared: self.story_min_named_shared,
            min_named_any: self.story_min_named_any,
            day_penalty: self.story_day_penalty,
            named_idf: self.story_named_idf,
            posting_min_idf: 3.0,
            centroid_cap: 300,
            max_recent_days: self.story_max_recent_days,
            template_share: self.story_template_share,
            member_cosine: self.story_member_cosine,
            member_cosine_template: self.story_member_cosine_template,
            template_window_days: self.story_template_window_days,
            member_day_penalty: self.story_member_day_penalty,
            round_member_cosine: self.story_round_member_cosine,
            template_prior_cosine: self.story_template_prior_cosine,
        }
    }

    /// The LSH candidate threshold: the lowest Jaccard at which a pair can still be accepted.
    fn candidate_threshold(&self) -> f32 {
        self.jaccard_threshold.min(self.containment_min_jaccard)
    }
}

/// One article as the dedupe stage sees it.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    pub id: &'a str,
    /// Clean text (the stored coordinate system; normalization happens here).
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub published: Option<Ymd>,
    pub outlet: Option<&'a str>,
}

/// What the index decided for one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Earliest stored article with the same normalized text.
    pub exact_of: Option<String>,
    /// Earliest stored near-duplicate copy and the estimated Jaccard to the closest member of
    /// its copy cluster (only when not an exact copy).
    pub near_of: Option<(String, f32)>,
    /// The value for `Article::duplicate_of`: the canonical (earliest stored) copy of the
    /// duplicate cluster, exact or near.
    pub duplicate_of: Option<String>,
    /// Stable story id (`s-` + id of the story's first article).
    pub story: String,
    /// The record to persist for this article (store `record.to_bytes()`).
    pub record: DocRecord,
}

/// Summary of a story for `rasd export stories`.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    pub id: String,
    pub first_published: Option<Ymd>,
    pub last_published: Option<Ymd>,
    /// Member article ids in insertion order.
    pub articles: Vec<String>,
    /// Distinct outlets, in first-seen order.
    pub outlets: Vec<String>,
    /// The member closest to the story centroid (use its title as the story title).
    pub central_article: String,
}

#[derive(Debug, Clone)]
struct DocMeta {
    id: String,
    day: Option<i32>,
    outlet: Option<String>,
    /// Canonical copy (self when not a duplicate).
    root: u32,
    story: u32,
    /// Whether the duplicate match was exact, and its estimated Jaccard (1 for exact).
    exact: bool,
    score: f32,
    exact_hash: u128,
    terms: Box<[u32]>,
    /// Numbered rounds the article names (see [`crate::rounds`]).
    rounds: Box<[u16]>,
}

/// The incremental dedupe state: all stored articles' sketches, copy clusters and stories.
#[derive(Debug, Clone)]
pub struct DedupeIndex {
    cfg: Config,
    params: u32,
    preparer: Preparer,
    lsh: LshIndex,
    exact: FastMap<u128, u32>,
    docs: Vec<DocMeta>,
    shingles: Vec<u32>,
    /// Flat `docs × num_perm` minima.
    mins: Vec<u32>,
    vectors: Vec<Vec<(u32, f32)>>,
    by_id: FastMap<String, u32>,
    idf: Idf,
    stories: StoryIndex,
    outlet_recurrence: OutletRecurrence,
    story_params: StoryParams,
    cand_buf: Vec<u32>,
}

/// A new article's story (`None`: its own), distinct terms, story vector and the vector terms'
/// weights, as [`DedupeIndex::assign`] stores them.
type StoryDecision = (Option<u32>, Vec<u32>, Vec<(u32, f32)>, Vec<TermWeights>);

fn ymd_of(day: i32) -> Option<Ymd> {
    Ymd::from_day_number(i64::from(day))
}

impl DedupeIndex {
    /// An empty index.
    pub fn new(cfg: Config) -> Result<DedupeIndex, Error> {
        cfg.validate()?;
        let (bands, rows) = optimal_bands(cfg.candidate_threshold(), cfg.num_perm, 0.85);
        let idf = if cfg.idf_prior && cfg.stories {
            Idf::with_prior()
        } else {
            Idf::empty()
        };
        Ok(DedupeIndex {
            params: cfg.params_fingerprint(),
            preparer: Preparer {
                hasher: MinHasher::new(cfg.shingle, cfg.num_perm, cfg.seed),
                title_boost: cfg.story_title_boost,
                stories: cfg.stories,
            },
            lsh: LshIndex::new(bands, rows),
            exact: FastMap::default(),
            docs: Vec::new(),
            shingles: Vec::new(),
            mins: Vec::new(),
            vectors: Vec::new(),
            by_id: FastMap::default(),
            idf,
            stories: StoryIndex::default(),
            outlet_recurrence: OutletRecurrence::default(),
            story_params: cfg.story_params(),
            cand_buf: Vec::new(),
            cfg,
        })
    }

    /// Rebuild an index from persisted records, streamed without buffering. No decision is
    /// re-made: duplicates and stories are taken from the records. Records must come in
    /// insertion order (`seq` ascending, e.g. `ORDER BY` the article row id); otherwise use
    /// [`DedupeIndex::from_unordered_records`].
    pub fn from_records(
        cfg: Config,
        records: impl IntoIterator<Item = DocRecord>,
    ) -> Result<DedupeIndex, Error> {
        Self::rebuild(cfg, records.into_iter().map(Ok))
    }

    /// Rebuild from stored record bytes (as written by `DocRecord::to_bytes`), in insertion
    /// order; the first undecodable record is an error. This is the start-up call for a store
    /// that keeps one BLOB per article: `from_record_bytes(cfg, blobs_in_rowid_order)`.
    pub fn from_record_bytes<B: AsRef<[u8]>>(
        cfg: Config,
        blobs: impl IntoIterator<Item = B>,
    ) -> Result<DedupeIndex, Error> {
        Self::rebuild(
            cfg,
            blobs.into_iter().map(|b| DocRecord::from_bytes(b.as_ref())),
        )
    }

    /// The shared rebuild loop: admit records in insertion order, stopping at the first error.
    fn rebuild(
        cfg: Config,
        records: impl Iterator<Item = Result<DocRecord, Error>>,
    ) -> Result<DedupeIndex, Error> {
        let mut idx = DedupeIndex::new(cfg)?;
        idx.reserve(records.size_hint().0);
        let mut last: Option<u64> = None;
        for r in records {
            let r = r?;
            if last.is_some_and(|l| r.seq < l) {
                return Err(Error::Config(format!(
                    "record {} is out of insertion order (seq {} after {})",
                    r.id,
                    r.seq,
                    last.unwrap_or(0)
                )));
            }
            last = Some(r.seq);
            idx.push_record(r)?;
        }
        Ok(idx)
    }

    /// Like [`DedupeIndex::from_records`] for records in any order (buffers and sorts by `seq`).
    pub fn from_unordered_records(
        cfg: Config,
        records: impl IntoIterator<Item = DocRecord>,
    ) -> Result<DedupeIndex, Error> {
        let mut recs: Vec<DocRecord> = records.into_iter().collect();
        recs.sort_by_key(|r| r.seq);
        DedupeIndex::from_records(cfg, recs)
    }

    fn push_record(&mut self, r: DocRecord) -> Result<(), Error> {
        let idx = self;
        {
            if r.params != idx.params || r.mins.len() != idx.cfg.num_perm {
                return Err(Error::ParamsMismatch { id: r.id });
            }
            if idx.by_id.contains_key(&r.id) {
                return Ok(());
            }
            let root = r
                .duplicate_of
                .as_ref()
                .and_then(|d| idx.by_id.get(d).copied());
            let story = idx.stories.get_or_create(&r.story);
            let sketch = Sketch {
                mins: r.mins,
                shingles: r.shingles,
            };
            let (exact, score) = if root.is_some() {
                (r.exact, r.score)
            } else {
                (false, 0.0)
            };
            idx.insert(
                r.id,
                r.day,
                r.outlet,
                r.exact_hash,
                sketch,
                root.map(|x| (x, exact, score)),
                story,
                r.terms,
                r.vector,
                r.rounds,
                None,
            );
        }
        Ok(())
    }

    fn reserve(&mut self, n: usize) {
        self.lsh.reserve(n);
        self.stories.reserve(n);
        self.exact.reserve(n);
        self.docs.reserve(n);
        self.mins.reserve(n * self.cfg.num_perm);
        self.shingles.reserve(n);
        self.vectors.reserve(n);
        self.by_id.reserve(n);
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Number of stored articles.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// `(bands, rows)` of the LSH index.
    pub fn lsh_shape(&self) -> (usize, usize) {
        (self.lsh.bands(), self.lsh.rows())
    }

    fn doc_mins(&self, d: u32) -> &[u32] {
        let n = self.cfg.num_perm;
        let lo = d as usize * n;
        self.mins.get(lo..lo + n).unwrap_or(&[])
    }

    /// `(day or +∞, seq)`: the order in which copies count as "earliest".
    fn age_key(&self, d: u32) -> (i32, u32) {
        let day = self
            .docs
            .get(d as usize)
            .and_then(|m| m.day)
            .unwrap_or(i32::MAX);
        (day, d)
    }

    fn root_of(&self, d: u32) -> u32 {
        self.docs.get(d as usize).map_or(d, |m| m.root)
    }

    fn id_of(&self, d: u32) -> String {
        self.docs
            .get(d as usize)
            .map(|m| m.id.clone())
            .unwrap_or_default()
    }

    /// Decide duplicate and story for a new article and store it. A repeated id returns the
    /// stored decision unchanged (re-ingest changes nothing).
    ///
    /// `duplicate_of` is the canonical copy of the matched cluster: the earliest by publication
    /// date, then insertion order, among the canonical copies of all matching stored articles.
    /// Stored articles are never re-pointed, so ingest a batch in date order for the earliest
    /// copy to become canonical.
    pub fn assign(&mut self, doc: &DocInput<'_>) -> Assignment {
        if let Some(&d) = self.by_id.get(doc.id) {
            return self.assignment_of(d);
        }
        let p = self.preparer.prepare(doc);
        self.assign_prepared(p)
    }

    /// What prepares articles for this index on another thread ([`DedupeIndex::assign_prepared`]
    /// then decides them in order, as [`DedupeIndex::assign`] would).
    pub fn preparer(&self) -> Preparer {
        self.preparer.clone()
    }

    /// [`DedupeIndex::assign`] for an article prepared by this index's [`Preparer`].
    pub fn assign_prepared(&mut self, p: PreparedDoc) -> Assignment {
        if let Some(&d) = self.by_id.get(&p.id) {
            return self.assignment_of(d);
        }
        let PreparedDoc {
            id,
            day,
            outlet,
            exact_hash,
            sketch,
            rounds,
            digest,
            terms,
        } = p;
        let mut exact_of = None;
        let mut near: Option<(u32, f32)> = None;
        if exact_hash != 0 {
            if let Some(&e) = self.exact.get(&exact_hash) {
                exact_of = Some(e);
            }
        }
        if exact_of.is_none() {
            near = self.best_near(&sketch, &rounds);
        }
        let root = match (exact_of, near) {
            (Some(e), _) => Some((self.root_of(e), true, 1.0)),
            (None, Some((r, j))) => Some((r, false, j)),
            _ => None,
        };

        let (story, terms, vector, weights) = if self.cfg.stories {
            self.story_of(outlet.as_deref(), digest, &terms, &rounds, day, root)
        } else {
            // Duplicates only: a copy shares its canonical copy's story.
            let story = root.and_then(|(r, _, _)| self.docs.get(r as usize).map(|m| m.story));
            (story, Vec::new(), Vec::new(), Vec::new())
        };
        let story = match story {
            Some(s) => s,
            None => self.stories.get_or_create(&format!("s-{id}")),
        };
        let d = self.insert(
            id,
            day,
            outlet,
            exact_hash,
            sketch,
            root,
            story,
            terms,
            vector,
            rounds,
            Some(weights),
        );
        let mut a = self.assignment_of(d);
        // The exact match itself may be a near copy of an older canonical article.
        a.exact_of = exact_of.map(|e| self.id_of(e));
        a
    }

    /// The story decision for a new article (`None`: start its own), with its distinct terms,
    /// story vector and the vector terms' weights; counts the article's terms.
    fn story_of(
        &mut self,
        outlet: Option<&str>,
        digest: bool,
        candidates: &[TermCandidate],
        rounds: &[u16],
        day: Option<i32>,
        root: Option<(u32, bool, f32)>,
    ) -> StoryDecision {
        let counts = resolve_counts(candidates, &self.idf);
        let terms: Vec<u32> = counts.iter().map(|c| c.0).collect();
        // Weighs the terms as the index stands and counts this article's terms in the same pass.
        let term_weights = self.idf.weigh_and_add(
            &terms,
            self.cfg.story_max_df_ratio,
            day,
            self.cfg.story_window_days,
        );
        // A daily digest ("أبرز أخبار الجمعة …") lists the headlines of many stories: it joins
        // none and gets no story vector, so no story can be found through it either (with a
        // vector, it joined one of the day's stories and bridged others into it). Its terms
        // still count for the document frequencies. The empty vector is in its record, so a
        // rebuilt index treats it the same way.
        let (vector, mut weights) = if digest {
            (Vec::new(), Vec::new())
        } else {
            term_vector_from_weights(
                &counts,
                &term_weights,
                &VectorParams {
                    top: self.cfg.story_top_terms,
                    max_df_ratio: self.cfg.story_max_df_ratio,
                    day,
                    window: self.cfg.story_window_days,
                    recurrence_damping: self.cfg.story_recurrence_damping,
                },
            )
        };
        if let (Some(o), Some(d), false) = (outlet, day, digest) {
            self.outlet_recurrence.localize_and_add(
                o,
                &vector,
                &mut weights,
                d,
                self.cfg.story_window_days,
            );
        }
        // Exact copies, and near copies published the same day as their canonical copy, join its
        // story. A near copy from another day goes through the ordinary story rule (which usually
        // finds the same story): recurring templated items (weather forecasts, fixture lists) are
        // near copies of the previous days' items, and inheriting their story chained whole weeks
        // of forecasts into one "story".
        // An exact copy republished days after its story ended (outside the story window) is
        // a reprint, possibly part of a new development: it goes through the story rule too.
        let inherited = root.and_then(|(r, exact, _)| {
            let canon = self.docs.get(r as usize)?;
            let story_near = match (day, self.stories.stories.get(canon.story as usize)) {
                (Some(d), Some(st)) => st.gap_days(d) <= self.cfg.story_window_days,
                _ => true,
            };
            ((exact && story_near) || day.is_none() || canon.day.is_none() || canon.day == day)
                .then_some(canon.story)
        });
        let story = match (inherited, day) {
            (Some(s), _) => Some(s),
            (None, Some(_)) if digest => None,
            (None, Some(d)) => {
                let (docs, vectors) = (&self.docs, &self.vectors);
                self.stories
                    .best(
                        &StoryQuery {
                            v: &vector,
                            ws: &weights,
                            rounds,
                            day: d,
                        },
                        &self.story_params,
                        |m| {
                            let v = vectors.get(m as usize)?;
                            let meta = docs.get(m as usize)?;
                            Some(Member {
                                v: &v[..],
                                day: meta.day,
                                rounds: &meta.rounds,
                            })
                        },
                    )
                    .map(|(s, _)| s)
            }
            (None, None) => root.and_then(|(r, _, _)| self.docs.get(r as usize).map(|m| m.story)),
        };
        (story, terms, vector, weights)
    }

    /// Best near-duplicate cluster for a sketch: `(canonical doc, estimated Jaccard)`.
    /// A candidate that names only other rounds (`rounds`: the new article's) is no copy: the
    /// TV programme of round 3 is the programme of round 2 with the round number changed.
    fn best_near(&mut self, sketch: &Sketch, rounds: &[u16]) -> Option<(u32, f32)> {
        let mut cands = std::mem::take(&mut self.cand_buf);
        self.lsh.candidates(sketch, &mut cands);
        let mut best: Option<(u32, f32)> = None;
        let floor = self.cfg.candidate_threshold();
        for &c in &cands {
            let other = self.doc_mins(c);
            // Cheap pre-check on the first quarter of the minima (32 of 128): a pair at the default
            // threshold J = 0.35 matches ≤ 3 of them with probability 0.1 % (0.5 % at J = 0.3),
            // while most LSH candidates (J ≈ 0.03) are rejected here at a quarter of the cost.
            let q = sketch.mins.len() / 4;
            if q >= 16 {
                let head = jaccard(
                    sketch.mins.get(..q).unwrap_or(&[]),
                    other.get(..q).unwrap_or(&[]),
                );
                if head < floor / 3.0 {
                    continue;
                }
            }
            let j = jaccard(&sketch.mins, other);
            let size = self.shingles.get(c as usize).copied().unwrap_or(0);
            let cont = containment(j, sketch.shingles, size);
            let accept = j >= self.cfg.jaccard_threshold
                || (cont >= self.cfg.containment_threshold
                    && j >= self.cfg.containment_min_jaccard);
            if !accept
                || self
                    .docs
                    .get(c as usize)
                    .is_some_and(|m| rounds::disjoint(rounds, &m.rounds))
            {
                continue;
            }
            let r = self.root_of(c);
            best = match best {
                None => Some((r, j)),
                Some((br, bj)) if br == r => Some((br, bj.max(j))),
                Some((br, bj)) => {
                    if self.age_key(r) < self.age_key(br) {
                        Some((r, j))
                    } else {
                        Some((br, bj))
                    }
                }
            };
        }
        self.cand_buf = cands;
        best
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        id: String,
        day: Option<i32>,
        outlet: Option<String>,
        exact_hash: u128,
        sketch: Sketch,
        root: Option<(u32, bool, f32)>,
        story: u32,
        terms: Vec<u32>,
        vector: Vec<(u32, f32)>,
        rounds: Vec<u16>,
        weights: Option<Vec<TermWeights>>,
    ) -> u32 {
        let d = self.docs.len() as u32;
        if exact_hash != 0 {
            self.exact.entry(exact_hash).or_insert(d);
        }
        self.lsh.insert(d, &sketch);
        self.mins.extend_from_slice(&sketch.mins);
        self.shingles.push(sketch.shingles);
        // `weights` come with a new article, whose terms (and outlet recurrence) `assign`
        // already counted.
        let rebuilt = weights.is_none();
        let weights = weights.unwrap_or_else(|| {
            self.idf.add_doc(&terms, day);
            vector
                .iter()
                .map(|(t, _)| self.idf.weights(*t, self.cfg.story_max_df_ratio))
                .collect()
        });
        let member = Member {
            v: &vector,
            day,
            rounds: &rounds,
        };
        self.stories
            .add(story, d, member, &weights, &self.story_params);
        if let (true, Some(o), Some(day)) = (rebuilt, outlet.as_deref(), day) {
            self.outlet_recurrence.add(o, &vector, day);
        }
        self.by_id.insert(id.clone(), d);
        self.docs.push(DocMeta {
            id,
            day,
            outlet,
            root: root.map_or(d, |r| r.0),
            story,
            exact: root.is_some_and(|r| r.1),
            score: root.map_or(0.0, |r| r.2),
            exact_hash,
            terms: terms.into_boxed_slice(),
            rounds: rounds.into_boxed_slice(),
        });
        self.vectors.push(vector);
        d
    }

    fn assignment_of(&self, d: u32) -> Assignment {
        let meta = self.docs.get(d as usize);
        let root = meta.map_or(d, |m| m.root);
        let duplicate_of = (root != d).then(|| self.id_of(root));
        let (exact, score) = meta.map_or((false, 0.0), |m| (m.exact, m.score));
        let story = meta
            .and_then(|m| self.stories.stories.get(m.story as usize))
            .map(|s| s.id.clone())
            .unwrap_or_default();
        let record = DocRecord {
            params: self.params,
            seq: u64::from(d),
            id: self.id_of(d),
            day: meta.and_then(|m| m.day),
            outlet: meta.and_then(|m| m.outlet.clone()),
            exact_hash: meta.map_or(0, |m| m.exact_hash),
            shingles: self.shingles.get(d as usize).copied().unwrap_or(0),
            mins: self.doc_mins(d).to_vec(),
            duplicate_of: duplicate_of.clone(),
            exact,
            score,
            story: story.clone(),
            terms: meta.map(|m| m.terms.to_vec()).unwrap_or_default(),
            vector: self.vectors.get(d as usize).cloned().unwrap_or_default(),
            rounds: meta.map(|m| m.rounds.to_vec()).unwrap_or_default(),
        };
        Assignment {
            exact_of: if exact { duplicate_of.clone() } else { None },
            near_of: if !exact && root != d {
                duplicate_of.clone().map(|r| (r, score))
            } else {
                None
            },
            duplicate_of,
            story,
            record,
        }
    }

    /// Summaries of all stories, in order of creation.
    pub fn stories(&self) -> Vec<StorySummary> {
        (0..self.stories.stories.len() as u32)
            .filter_map(|s| self.story_summary(s))
            .collect()
    }

    /// Summary of one story by id.
    pub fn story(&self, id: &str) -> Option<StorySummary> {
        self.stories
            .by_id
            .get(id)
            .and_then(|&s| self.story_summary(s))
    }

    fn story_summary(&self, s: u32) -> Option<StorySummary> {
        let st = self.stories.stories.get(s as usize)?;
        let first = *st.members.first()?;
        let centroid = &st.centroid;
        let mut central = (first, f32::MIN);
        let mut outlets: Vec<String> = Vec::new();
        for &m in &st.members {
            let v = self.vectors.get(m as usize).map_or(&[][..], |v| &v[..]);
            let score = dot(v, centroid);
            if score > central.1 {
                central = (m, score);
            }
            if let Some(o) = self.docs.get(m as usize).and_then(|d| d.outlet.as_ref()) {
                if !outlets.contains(o) {
                    outlets.push(o.clone());
                }
            }
        }
        Some(StorySummary {
            id: st.id.clone(),
            first_published: st.first_day.and_then(ymd_of),
            last_published: st.last_day.and_then(ymd_of),
            articles: st.members.iter().map(|&m| self.id_of(m)).collect(),
            outlets,
            central_article: self.id_of(central.0),
        })
    }

    /// The stored story vector of an article (unit length, sorted by term id), for diagnostics.
    pub fn vector_of(&self, id: &str) -> Option<&[(u32, f32)]> {
        let d = *self.by_id.get(id)?;
        self.vectors.get(d as usize).map(|v| &v[..])
    }

    /// The term statistics the index holds now (document/day counts, recency), for diagnostics.
    pub fn term_stats(&self) -> &Idf {
        &self.idf
    }

    /// Approximate heap bytes held by the index (for benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.lsh.heap_bytes()
            + self.mins.capacity() * 4
            + self
                .vectors
                .iter()
                .map(|v| v.capacity() * 8 + 24)
                .sum::<usize>()
            + self.docs.capacity() * std::mem::size_of::<DocMeta>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "اندلع صباح اليوم الاثنين حريق بمصنع للنسيج بالمنطقة الصناعية طريق قابس بصفاقس وتدخلت ست وحدات من الحماية المدنية للسيطرة على النيران التي أتت على جزء من المخزن.\nولم تسجل إصابات بشرية فيما فتحت السلط الأمنية تحقيقا لتحديد أسباب الحريق الذي أتى على كميات كبيرة من الأقمشة والمواد الأولية.\nوقال المدير الجهوي إن الأعوان واصلوا عملية التبريد إلى ساعة متأخرة من الليل خوفا من تجدد اشتعال النيران في المخزن.\nالمصدر: وكالة تونس إفريقيا للأنباء";

    fn doc<'a>(id: &'a str, text: &'a str, day: u8, month: u8) -> DocInput<'a> {
        DocInput {
            id,
            text,
            title: None,
            published: Ymd::new(2017, month, day),
            outlet: Some("وات"),
        }
    }

    #[test]
    fn exact_copy_points_to_first_stored_and_shares_its_story() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let a = idx.assign(&doc("a", WIRE, 20, 3));
        assert_eq!(a.duplicate_of, None);
        let b = idx.assign(&doc("b", &format!("«{WIRE}»!"), 20, 3));
        assert_eq!(b.exact_of.as_deref(), Some("a"));
        assert_eq!(b.duplicate_of.as_deref(), Some("a"));
        assert_eq!(b.story, a.story);
        assert_eq!(a.story, "s-a");
    }

    #[test]
    fn copy_without_footer_and_with_new_header_is_a_near_duplicate() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        idx.assign(&doc("a", WIRE, 20, 3));
        let edited = WIRE
            .replace("\nالمصدر: وكالة تونس إفريقيا للأنباء", "")
            .replace("اندلع صباح", "صفاقس (الصباح) - اندلع صباح");
        let b = idx.assign(&doc("b", &edited, 21, 3));
        assert_eq!(b.exact_of, None);
        assert_eq!(b.near_of.as_ref().map(|n| n.0.as_str()), Some("a"));
        assert_eq!(b.duplicate_of.as_deref(), Some("a"));
    }

    #[test]
    fn unrelated_text_is_not_a_duplicate_and_starts_its_own_story() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let a = idx.assign(&doc("a", WIRE, 20, 3));
        let other = "فاز النادي الصفاقسي على الترجي الرياضي بهدفين دون رد في المقابلة التي جمعتهما مساء اليوم بملعب الطيب المهيري لحساب الجولة الرابعة من مرحلة التتويج.";
        let b = idx.assign(&doc("b", other, 20, 3));
        assert_eq!(b.duplicate_of, None);
        assert_ne!(b.story, a.story);
    }

    #[test]
    fn articles_prepared_on_another_thread_get_the_same_decisions() {
        let edited = WIRE.replace("\nالمصدر: وكالة تونس إفريقيا للأنباء", "");
        let other = "فاز النادي الصفاقسي على الترجي الرياضي بهدفين دون رد.";
        let docs = [
            doc("a", WIRE, 20, 3),
            doc("b", &edited, 21, 3),
            doc("c", other, 21, 3),
            doc("d", WIRE, 22, 3),
        ];
        let mut one = DedupeIndex::new(Config::default()).unwrap();
        let expected: Vec<Assignment> = docs.iter().map(|d| one.assign(d)).collect();
        let mut two = DedupeIndex::new(Config::default()).unwrap();
        let prep = two.preparer();
        let prepared = std::thread::scope(|s| {
            s.spawn(|| docs.iter().map(|d| prep.prepare(d)).collect::<Vec<_>>())
                .join()
                .unwrap()
        });
        assert_eq!(prepared[1].id(), "b");
        let got: Vec<Assignment> = prepared
            .into_iter()
            .map(|p| two.assign_prepared(p))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(got[1].duplicate_of.as_deref(), Some("a"));
    }

    #[test]
    fn repeated_id_returns_the_stored_decision() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        idx.assign(&doc("a", WIRE, 20, 3));
        let b1 = idx.assign(&doc("b", WIRE, 21, 3));
        let b2 = idx.assign(&doc("b", "نص مختلف تماما", 21, 3));
        assert_eq!(b1.duplicate_of, b2.duplicate_of);
        assert_eq!(b1.story, b2.story);
        assert_eq!(idx.len(), 2);
    }

    #[test]
    fn rebuilt_index_from_record_bytes_makes_the_same_decisions() {
        let cfg = Config::default();
        let mut idx = DedupeIndex::new(cfg.clone()).unwrap();
        let bytes: Vec<Vec<u8>> = [doc("a", WIRE, 20, 3)]
            .iter()
            .map(|d| idx.assign(d).record.to_bytes())
            .collect();
        let recs = bytes.iter().map(|b| DocRecord::from_bytes(b).unwrap());
        let mut rebuilt = DedupeIndex::from_records(cfg, recs).unwrap();
        let x = idx.assign(&doc("c", WIRE, 22, 3));
        let y = rebuilt.assign(&doc("c", WIRE, 22, 3));
        assert_eq!(x.duplicate_of, y.duplicate_of);
        assert_eq!(x.story, y.story);
        assert_eq!(x.record.to_bytes(), y.record.to_bytes());
    }

    #[test]
    fn records_with_other_parameters_are_rejected() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let rec = idx.assign(&doc("a", WIRE, 20, 3)).record;
        let other = Config {
            shingle: 5,
            ..Config::default()
        };
        assert!(matches!(
            DedupeIndex::from_records(other, [rec]),
            Err(Error::ParamsMismatch { .. })
        ));
    }

    #[test]
    fn duplicate_only_mode_finds_the_same_copies_and_no_stories() {
        let texts = [
            "الحكومة تعلن خطة جديدة لدعم الفلاحين في ولاية صفاقس بعد موسم جاف ومطالب النقابة",
            "الحكومة تعلن خطة جديدة لدعم الفلاحين في ولاية صفاقس بعد موسم جاف ومطالب النقابة",
            "الحكومة تعلن اليوم خطة جديدة لدعم الفلاحين في ولاية صفاقس بعد موسم جاف ومطالب النقابة",
            "الفلاحون في صفاقس يرحبون بخطة الحكومة لدعمهم بعد الموسم الجاف ويطالبون بالمزيد",
        ];
        let only = Config {
            stories: false,
            ..Config::default()
        };
        let mut full = DedupeIndex::new(Config::default()).unwrap();
        let mut dup = DedupeIndex::new(only).unwrap();
        for (i, t) in texts.iter().enumerate() {
            let id = format!("a{i}");
            let (a, b) = (
                full.assign(&doc(&id, t, 2, 3)),
                dup.assign(&doc(&id, t, 2, 3)),
            );
            assert_eq!(a.duplicate_of, b.duplicate_of, "{id}");
            assert_eq!(a.exact_of, b.exact_of, "{id}");
            assert!(b.record.vector.is_empty() && b.record.terms.is_empty());
        }
        // The rewording is a different article: its own story without story matching.
        assert_eq!(dup.assign(&doc("a3", texts[3], 2, 3)).story, "s-a3");
        assert_eq!(dup.assign(&doc("a1", texts[1], 2, 3)).story, "s-a0");
    }

    #[test]
    fn a_daily_digest_joins_no_story_and_bridges_none() {
        let strike =
            "اضراب عام في البرادعة وقطع الطرقات واحتجاج الاهالي على غياب التنمية في المعتمدية";
        let digest = "اضراب عام في البرادعة وقطع الطرقات واحتجاج الاهالي \n طبيب في مستشفى سليانة يبتز الحوامل ويطلب مقابلا ماديا \n امطار غزيرة منتظرة بالشمال";
        let doctor = "طبيب بالمستشفى الجهوي بسليانة يبتز الحوامل ويطلب مقابلا ماديا لتوليدهن حسب شكاوى المواطنين";
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let a = idx.assign(&doc("strike", strike, 24, 2));
        let mut d = doc("digest", digest, 24, 2);
        d.title = Some("أبرز أخبار الجمعة 24 فيفري 2017");
        let b = idx.assign(&d);
        let c = idx.assign(&doc("doctor", doctor, 24, 2));
        assert_eq!(a.story, "s-strike");
        assert_eq!(b.story, "s-digest");
        assert_eq!(c.story, "s-doctor");
        assert!(b.record.vector.is_empty() && !b.record.terms.is_empty());
    }

    #[test]
    fn invalid_config_is_an_error() {
        let cfg = Config {
            jaccard_threshold: 1.5,
            ..Config::default()
        };
        assert!(DedupeIndex::new(cfg).is_err());
    }

    #[test]
    fn story_summary_lists_members_and_outlets() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let a = idx.assign(&doc("a", WIRE, 20, 3));
        idx.assign(&doc("b", WIRE, 21, 3));
        let s = idx.story(&a.story).unwrap();
        assert_eq!(s.articles, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(s.outlets, vec!["وات".to_string()]);
        assert_eq!(
            s.first_published.map(|d| d.iso()),
            Some("2017-03-20".into())
        );
        assert_eq!(s.last_published.map(|d| d.iso()), Some("2017-03-21".into()));
    }

    #[test]
    fn daily_forecasts_do_not_chain_into_one_story() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let forecast = |d: u32| {
            format!(
                "يكون الطقس اليوم مغيما جزئيا بأغلب الجهات مع أمطار متفرقة بالشمال الغربي. وتهب الريح من القطاع الغربي قوية نسبيا قرب السواحل والبحر مضطرب. وتتراوح الحرارة القصوى بين {} و{} درجة وتكون في حدود {} درجات بالمرتفعات الغربية.",
                10 + d % 7,
                15 + d % 5,
                5 + d % 3
            )
        };
        let mut stories = Vec::new();
        for d in 1..=28u8 {
            let id = format!("w{d}");
            let text = forecast(u32::from(d));
            let a = idx.assign(&DocInput {
                id: &id,
                text: &text,
                title: Some("حالة الطقس اليوم"),
                published: Ymd::new(2017, 2, d),
                outlet: Some("وات"),
            });
            stories.push(a.story);
        }
        // Once the vocabulary has recurred for weeks, each day's forecast is its own story.
        let last_week = stories.get(21..).unwrap_or(&[]);
        let distinct: std::collections::HashSet<&String> = last_week.iter().collect();
        assert_eq!(distinct.len(), last_week.len());
    }

    #[test]
    fn a_follow_up_in_recurring_vocabulary_joins_unless_it_repeats_an_earlier_item() {
        // Three weeks of different school news in one outlet, each item using a few of the
        // school words, make those words recurring; a stabbing at one school and the next
        // day's follow-up are mostly in those words, but resemble no earlier item.
        let towns = [
            "بنزرت",
            "نابل",
            "سوسة",
            "المنستير",
            "المهدية",
            "قابس",
            "مدنين",
            "تطاوين",
            "قفصة",
            "توزر",
            "قبلي",
            "الكاف",
            "باجة",
            "جندوبة",
            "سليانة",
            "زغوان",
            "القيروان",
            "القصرين",
            "سيدي بوزيد",
            "أريانة",
            "منوبة",
            "بن عروس",
            "جرجيس",
            "طبرقة",
        ];
        let items = [
            "انطلقت الدروس بالمعهد النموذجي بمدينة {} في أجواء عادية بعد أشغال صيانة شملت الأقسام والمكتبة والملعب.",
            "نظم الأولياء بمدينة {} وقفة للمطالبة بإحداث خط نقل ريفي يربط القرى بالمدرسة الإعدادية.",
            "تحصل التلاميذ بمدينة {} على جوائز في مسابقة وطنية للرسم والموسيقى والمسرح نظمتها دار الثقافة.",
            "أعلن المندوب الجهوي للتربية بمدينة {} عن انتداب حراس ومنظفين جدد وتوفير حافلة.",
            "احتضن المعهد بمدينة {} ملتقى للإطار التربوي حول طرق التقييم والمناهج الرقمية.",
        ];
        let run = |prior: f32| {
            let cfg = Config {
                story_template_prior_cosine: prior,
                ..Config::default()
            };
            let mut idx = DedupeIndex::new(cfg).unwrap();
            for i in 0..44usize {
                let day = 1 + (i / 2) as u8;
                let (item, town) = (items[i % items.len()], towns[i % towns.len()]);
                let text = item.replace("{}", town);
                idx.assign(&doc(&format!("s{i}"), &text, day, 2));
            }
            let first = "تعرض تلميذ اليوم إلى الطعن بسكين داخل معهد علي بورقيبة بالقلعة الكبرى على يد زميله، ونقل التلميذ المصاب إلى المستشفى وتعطلت الدروس بالمعهد.";
            let follow = "تعطلت الدروس اليوم بمعهد علي بورقيبة بالقلعة الكبرى إثر حادثة طعن التلميذ، وتجمع التلاميذ والأولياء أمام المعهد بحضور الإطار التربوي والمندوب الجهوي للتربية.";
            let a = idx.assign(&doc("stab", first, 26, 2));
            let b = idx.assign(&doc("follow", follow, 27, 2));
            b.story == a.story
        };
        assert!(run(Config::default().story_template_prior_cosine));
        // Without the check the follow-up counts as a templated item and stays on its day.
        assert!(!run(0.0));
    }

    #[test]
    fn consecutive_league_rounds_are_different_stories_and_one_round_is_one() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let ord = [
            "الأولى",
            "الثانية",
            "الثالثة",
            "الرابعة",
            "الخامسة",
            "السادسة",
        ];
        let mut programme = Vec::new();
        let mut results = Vec::new();
        for (n, o) in ord.iter().enumerate() {
            // Round n: programme on day 3n+1, results the next day; round n+1 two days later.
            let day = 3 * n as u8 + 1;
            let p = format!(
                "تدور يوم غد مقابلات الجولة {o} من بطولة الرابطة المحترفة الأولى لكرة القدم وفق البرنامج التالي : النادي الإفريقي - النجم الساحلي ، الترجي الرياضي - النادي الصفاقسي ، الملعب التونسي - الاتحاد المنستيري"
            );
            let r = format!(
                "أسفرت مقابلات الجولة {o} من بطولة الرابطة المحترفة الأولى لكرة القدم عن النتائج التالية : النادي الإفريقي - النجم الساحلي 1-0 ، الترجي الرياضي - النادي الصفاقسي 2-2 ، الملعب التونسي - الاتحاد المنستيري 0-1"
            );
            for (id, text, d, out) in [
                (format!("p{n}"), p, day, &mut programme),
                (format!("r{n}"), r, day + 1, &mut results),
            ] {
                let a = idx.assign(&DocInput {
                    id: &id,
                    text: &text,
                    title: None,
                    published: Ymd::new(2017, 3, d),
                    outlet: Some("جوهرة"),
                });
                out.push(a.story);
            }
        }
        for n in 0..ord.len() {
            assert_eq!(programme[n], results[n], "round {n}: programme and results");
            if n > 0 {
                assert_ne!(results[n - 1], programme[n], "rounds {} and {n}", n - 1);
            }
        }
    }

    #[test]
    fn the_first_and_second_divisions_programmes_of_one_round_are_two_stories() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let text = |division: &str, teams: &str| {
            format!(
                "تدور يوم غد مقابلات الجولة الخامسة من بطولة الرابطة المحترفة {division} لكرة القدم وفق البرنامج التالي : {teams} ، وتنطلق جميع المقابلات على الساعة الثالثة بعد الظهر"
            )
        };
        let l1 = text(
            "الأولى",
            "النادي الإفريقي - النجم الساحلي ، الترجي الرياضي - النادي الصفاقسي",
        );
        let l2 = text(
            "الثانية",
            "مستقبل القصرين - نادي حمام الأنف ، الاتحاد المنستيري - الملعب القابسي",
        );
        let mut assign = |id: &str, text: &str, title: &str| {
            idx.assign(&DocInput {
                id,
                text,
                title: Some(title),
                published: Ymd::new(2017, 4, 17),
                outlet: Some("جوهرة"),
            })
        };
        let a = assign("l1", &l1, "الرابطة الأولى : برنامج مقابلات الجولة الخامسة");
        let b = assign("l2", &l2, "الرابطة الثانية : برنامج مقابلات الجولة الخامسة");
        let c = assign(
            "l1-tv",
            &l1,
            "الرابطة الأولى : النقل التلفزي لمقابلات الجولة الخامسة",
        );
        assert_ne!(a.story, b.story);
        assert_eq!(b.duplicate_of, None);
        // The same division's next item of that round joins (as an exact copy of the text).
        assert_eq!(c.story, a.story);
    }

    #[test]
    fn programmes_of_two_rounds_are_not_copies_but_a_reworded_programme_is() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let programme = |o: &str, tail: &str| {
            format!(
                "برنامج النقل التلفزي لمقابلات الجولة {o} من مرحلة التتويج لبطولة الرابطة المحترفة الأولى لكرة القدم : الأحد الساعة 14:30 نجم المتلوي - النادي الصفاقسي على القناة الوطنية الأولى ، الساعة 16:00 النجم الساحلي - النادي الإفريقي على القناة الوطنية الثانية ، الساعة 18:00 الترجي الرياضي - الملعب التونسي على قناة حنبعل {tail}"
            )
        };
        let two = programme("الثانية", "");
        let three = programme("الثالثة", "");
        let three_again = programme("الثالثة", "وفق ما أعلنته الجامعة");
        let a = idx.assign(&doc("r2", &two, 1, 3));
        let b = idx.assign(&doc("r3", &three, 8, 3));
        let c = idx.assign(&doc("r3b", &three_again, 8, 3));
        assert_eq!(a.duplicate_of, None);
        assert_eq!(b.duplicate_of, None, "round 3 is no copy of round 2");
        assert_eq!(c.duplicate_of.as_deref(), Some("r3"));
        // Without round keys the two programmes are near copies (the rule, not the text, decides).
        let two_plain = two.replace("الجولة الثانية", "الجولة");
        let three_plain = three.replace("الجولة الثالثة", "الجولة");
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        idx.assign(&doc("p2", &two_plain, 1, 3));
        let d = idx.assign(&doc(
            "p3",
            &three_plain.replace("الساعة 18:00", "الساعة 19:00"),
            8,
            3,
        ));
        assert_eq!(d.duplicate_of.as_deref(), Some("p2"));
    }

    #[test]
    fn exact_reprint_outside_the_story_window_does_not_inherit_the_story() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let a = idx.assign(&doc("a", WIRE, 1, 3));
        let same_week = idx.assign(&doc("b", WIRE, 3, 3));
        assert_eq!(same_week.story, a.story);
        let reprint = idx.assign(&doc("c", WIRE, 20, 3));
        assert_eq!(reprint.duplicate_of.as_deref(), Some("a"));
        assert_ne!(reprint.story, a.story);
    }

    #[test]
    fn follow_up_joins_the_story_but_the_same_actors_months_later_do_not() {
        let mut idx = DedupeIndex::new(Config::default()).unwrap();
        let first = "عثرت الوحدات العسكرية اليوم على جثة الراعي خليفة السلطاني المختطف بجبل المغيلة بعد أن اختطفته مجموعة إرهابية مساء أمس.";
        let follow = "تسلمت عائلة الشهيد خليفة السلطاني جثمانه من المستشفى الجهوي بالقصرين بعد العثور عليه بجبل المغيلة إثر اختطافه من مجموعة إرهابية.";
        let later = "أحيت عائلة الراعي خليفة السلطاني ذكرى اختطافه بجبل المغيلة بحضور ممثلين عن المجتمع المدني.";
        let a = idx.assign(&doc("a", first, 3, 6));
        let b = idx.assign(&doc("b", follow, 4, 6));
        let c = idx.assign(&doc("c", later, 20, 11));
        assert_eq!(b.duplicate_of, None);
        assert_eq!(b.story, a.story);
        assert_ne!(c.story, a.story);
    }
}
