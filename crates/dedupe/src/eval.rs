//! Quality evaluation of dedupe: synthetic near-duplicate P/R on the ANT corpus and story-clustering P/R on labelled pairs.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rasd_core::Ymd;

use crate::hash::SplitMix64;
use crate::minhash::MinHasher;
use crate::normalize::{normalize, words};
use crate::synth::{edited_copy, Edits};
use crate::{Config, DedupeIndex, DocInput};

/// Errors reading evaluation data.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {msg}")]
    Parse {
        path: String,
        line: usize,
        msg: String,
    },
}

/// An article read from a JSONL file (the ANT corpus or `testdata/dedupe/multi_outlet.jsonl`).
#[derive(Debug, Clone)]
pub struct CorpusDoc {
    pub id: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<Ymd>,
    pub text: String,
    /// Gold story label (`story` field), when the file has one.
    pub story: Option<String>,
}

impl CorpusDoc {
    pub fn input(&self) -> DocInput<'_> {
        DocInput {
            id: &self.id,
            text: &self.text,
            title: self.title.as_deref(),
            published: self.published,
            outlet: self.outlet.as_deref(),
        }
    }
}

/// `YYYY-MM-DD…` or `DD/MM/YYYY` (both occur in the ANT corpus).
pub fn parse_date(s: &str) -> Option<Ymd> {
    if let Some(d) = Ymd::parse_iso(s) {
        return Some(d);
    }
    let mut it = s.trim().split('/');
    let d = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let y = it.next()?.get(0..4)?.parse().ok()?;
    Ymd::new(y, m, d)
}

fn str_field(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k).and_then(|x| x.as_str()).map(str::to_string)
}

/// Where the development tools find their data: the repository root (for `testdata/dedupe/`) and
/// the shared data directory (`$RASD_SHARED`, else `<repo>/../shared`).
#[derive(Debug, Clone)]
pub struct DataDirs {
    pub repo: PathBuf,
    pub shared: PathBuf,
}

impl DataDirs {
    /// The directories of this checkout.
    pub fn locate() -> DataDirs {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shared = std::env::var_os("RASD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo.join("../shared"));
        DataDirs { repo, shared }
    }

    /// The shared ANT news corpus.
    pub fn corpus(&self) -> Result<Vec<CorpusDoc>, EvalError> {
        load_jsonl(
            &self
                .shared
                .join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"),
        )
    }

    /// The multi-outlet articles we wrote (`testdata/dedupe/multi_outlet.jsonl`).
    pub fn multi_outlet(&self) -> Result<Vec<CorpusDoc>, EvalError> {
        load_jsonl(&self.repo.join("testdata/dedupe/multi_outlet.jsonl"))
    }

    /// The hand-labelled **dev** story pairs (`testdata/dedupe/story_pairs.tsv`; never the test pairs).
    pub fn dev_pairs(&self) -> Result<Vec<LabelledPair>, EvalError> {
        load_pairs(&self.repo.join("testdata/dedupe/story_pairs.tsv"))
    }
}

/// Read a (optionally gzipped) JSONL file of articles with `id`, `text` and optional `title`,
/// `outlet`, `date`/`published`, `story` fields. Records without id or text are skipped.
pub fn load_jsonl(path: &Path) -> Result<Vec<CorpusDoc>, EvalError> {
    let p = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let reader: Box<dyn Read> = if p.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let mut out = Vec::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io {
            path: p.clone(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| EvalError::Parse {
            path: p.clone(),
            line: n + 1,
            msg: e.to_string(),
        })?;
        let (Some(id), Some(text)) = (str_field(&v, "id"), str_field(&v, "text")) else {
            continue;
        };
        let date = str_field(&v, "published").or_else(|| str_field(&v, "date"));
        out.push(CorpusDoc {
            id,
            outlet: str_field(&v, "outlet"),
            title: str_field(&v, "title"),
            published: date.as_deref().and_then(parse_date),
            text,
            story: str_field(&v, "story"),
        });
    }
    Ok(out)
}

/// Run the index over `docs` in the given order; returns `(duplicate_of root id, story id)` per doc.
pub fn assign_all(
    cfg: &Config,
    docs: &[&CorpusDoc],
) -> Result<Vec<(String, String)>, crate::Error> {
    let mut idx = DedupeIndex::new(cfg.clone())?;
    Ok(docs
        .iter()
        .map(|d| {
            let a = idx.assign(&d.input());
            (a.duplicate_of.unwrap_or_else(|| d.id.clone()), a.story)
        })
        .collect())
}

/// Sort by publication date (undated last), then id: the ingest order used by eval and bench.
pub fn date_order(docs: &mut [&CorpusDoc]) {
    docs.sort_by(|a, b| {
        (a.published.is_none(), a.published, &a.id).cmp(&(
            b.published.is_none(),
            b.published,
            &b.id,
        ))
    });
}

/// Exact (not estimated) shingle Jaccard and containment between two sorted hash sets.
fn exact_overlap(a: &[u64], b: &[u64]) -> (f32, f32) {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    let small = a.len().min(b.len());
    if union == 0 || small == 0 {
        return (0.0, 0.0);
    }
    (inter as f32 / union as f32, inter as f32 / small as f32)
}

/// Near-duplicate evaluation set-up.
#[derive(Debug, Clone)]
pub struct NearDupSetup {
    /// Real corpus articles used as originals and distractors.
    pub base: usize,
    /// Synthetic re-edited copies planted among them.
    pub copies: usize,
    /// Word substitution rate range of the copies.
    pub substitution: (f64, f64),
    /// Articles with fewer normalized words are left out (nothing to fingerprint).
    pub min_words: usize,
    pub seed: u64,
    /// Corpus pairs with exact shingle Jaccard ≥ this (or containment ≥ `related_containment`)
    /// are "related" (real near-duplicates or templated twins): pairs between them are left
    /// out of P/R and reported separately.
    pub related_jaccard: f32,
    pub related_containment: f32,
}

impl Default for NearDupSetup {
    fn default() -> NearDupSetup {
        NearDupSetup {
            base: 4000,
            copies: 2000,
            substitution: (0.05, 0.20),
            min_words: 30,
            seed: 20_170_101,
            related_jaccard: 0.3,
            related_containment: 0.6,
        }
    }
}

/// Pairwise precision/recall counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairCounts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl PairCounts {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Result of the near-duplicate evaluation for one configuration.
#[derive(Debug, Clone)]
pub struct NearDupResult {
    pub jaccard_threshold: f32,
    pub containment_threshold: f32,
    pub pairs: PairCounts,
    /// Recall of copy→original by substitution band (5–10 %, 10–15 %, 15–20 %): (found, total).
    pub recall_by_substitution: [(usize, usize); 3],
    /// Recall for copies with each structural edit: dropped paragraph, reorder, header, footer, new lead.
    pub recall_by_edit: [(usize, usize); 5],
    /// Pairs of real corpus articles put in one duplicate cluster: (related by exact overlap,
    /// unrelated). Unrelated ones are also counted in `pairs.fp`; related ones are left out.
    pub base_pairs_flagged: (usize, usize),
}

/// The data of the near-duplicate evaluation (built once, evaluated under several configs).
pub struct NearDupData {
    pub docs: Vec<CorpusDoc>,
    /// Gold group per doc (index of its original among `docs`).
    gold: Vec<usize>,
    is_copy: Vec<bool>,
    edits: Vec<Option<Edits>>,
    related: HashSet<(usize, usize)>,
    pub base: usize,
    pub copies: usize,
    pub related_pairs: usize,
    pub exact_corpus_dups_dropped: usize,
    pub short_dropped: usize,
}

/// Build the synthetic set: `setup.base` real articles (exact corpus duplicates and short texts
/// removed, related pairs measured exactly on 3-word shingles) plus `setup.copies` edited copies.
pub fn build_near_dup_data(corpus: &[CorpusDoc], setup: &NearDupSetup) -> NearDupData {
    let mut rng = SplitMix64::new(setup.seed);
    let mut seen_norm: HashSet<String> = HashSet::new();
    let mut pool: Vec<&CorpusDoc> = Vec::new();
    let (mut short, mut exact) = (0, 0);
    for d in corpus {
        let n = normalize(&d.text);
        if words(&n).count() < setup.min_words {
            short += 1;
            continue;
        }
        if !seen_norm.insert(n) {
            exact += 1;
            continue;
        }
        pool.push(d);
    }
    // Fisher–Yates with the seeded generator.
    for i in (1..pool.len()).rev() {
        let j = rng.below(i + 1);
        pool.swap(i, j);
    }
    pool.truncate(setup.base);
    let base: Vec<CorpusDoc> = pool.into_iter().cloned().collect();

    // Relatedness is measured on exact 3-word-shingle sets whatever the detector's shingle size.
    let hasher = MinHasher::new(3, 1, 0);
    let sets: Vec<Vec<u64>> = base
        .iter()
        .map(|d| hasher.shingle_hashes(words(&normalize(&d.text))))
        .collect();
    let mut inv: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        for &h in s {
            inv.entry(h).or_default().push(i);
        }
    }
    let mut shared: HashSet<(usize, usize)> = HashSet::new();
    for list in inv.values() {
        if list.len() > 200 {
            continue; // boilerplate shingle: pairs sharing only such shingles are not related
        }
        for (k, &a) in list.iter().enumerate() {
            for &b in list.iter().skip(k + 1) {
                shared.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut related = HashSet::new();
    for (a, b) in shared {
        let (Some(sa), Some(sb)) = (sets.get(a), sets.get(b)) else {
            continue;
        };
        let (j, c) = exact_overlap(sa, sb);
        if j >= setup.related_jaccard || c >= setup.related_containment {
            related.insert((a, b));
        }
    }

    let vocab: Vec<String> = base
        .iter()
        .flat_map(|d| d.text.split_whitespace().map(str::to_string))
        .collect();
    let mut docs = base.clone();
    let mut gold: Vec<usize> = (0..base.len()).collect();
    let mut is_copy = vec![false; base.len()];
    let mut edits: Vec<Option<Edits>> = vec![None; base.len()];
    for i in 0..setup.copies {
        let src = rng.below(base.len());
        let Some(orig) = base.get(src) else { continue };
        let (text, e) = edited_copy(&orig.text, &vocab, setup.substitution, &mut rng);
        let shift = rng.below(3) as i32;
        let published = orig.published.and_then(|p| shift_days(p, shift));
        docs.push(CorpusDoc {
            id: format!("synth-{i}-{}", orig.id),
            outlet: Some("synthetic".into()),
            title: orig.title.clone(),
            published,
            text,
            story: None,
        });
        gold.push(src);
        is_copy.push(true);
        edits.push(Some(e));
    }
    NearDupData {
        base: base.len(),
        copies: docs.len() - base.len(),
        related_pairs: related.len(),
        docs,
        gold,
        is_copy,
        edits,
        related,
        exact_corpus_dups_dropped: exact,
        short_dropped: short,
    }
}

fn shift_days(d: Ymd, n: i32) -> Option<Ymd> {
    Ymd::from_day_number(d.day_number() + i64::from(n))
}

/// Evaluate one configuration on the synthetic set.
pub fn eval_near_dup(data: &NearDupData, cfg: &Config) -> Result<NearDupResult, crate::Error> {
    let mut order: Vec<usize> = (0..data.docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&data.docs[a], &data.docs[b]);
        (da.published.is_none(), da.published, a).cmp(&(db.published.is_none(), db.published, b))
    });
    let refs: Vec<&CorpusDoc> = order.iter().filter_map(|&i| data.docs.get(i)).collect();
    let assigned = assign_all(cfg, &refs)?;
    let pos_of: HashMap<&str, usize> = data
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // Predicted cluster of each doc = index of its canonical copy.
    let mut cluster = vec![0usize; data.docs.len()];
    for (k, (root, _)) in assigned.iter().enumerate() {
        if let (Some(&i), Some(&r)) = (order.get(k), pos_of.get(root.as_str())) {
            if let Some(c) = cluster.get_mut(i) {
                *c = r;
            }
        }
    }
    let gold_of = |i: usize| data.gold.get(i).copied().unwrap_or(i);
    let copy = |i: usize| data.is_copy.get(i).copied().unwrap_or(false);
    let related = |a: usize, b: usize| {
        let (x, y) = (gold_of(a), gold_of(b));
        data.related.contains(&(x.min(y), x.max(y)))
    };
    let mut pc = PairCounts::default();
    let mut base_flagged = (0, 0);
    let mut by_cluster: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &c) in cluster.iter().enumerate() {
        by_cluster.entry(c).or_default().push(i);
    }
    for members in by_cluster.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in members.iter().skip(k + 1) {
                if gold_of(a) == gold_of(b) {
                    pc.tp += 1;
                } else if !copy(a) && !copy(b) {
                    // Two real articles with no substantial exact overlap in one copy
                    // cluster: a false positive like any other.
                    if related(a, b) {
                        base_flagged.0 += 1;
                    } else {
                        base_flagged.1 += 1;
                        pc.fp += 1;
                    }
                } else if !related(a, b) {
                    pc.fp += 1;
                }
            }
        }
    }
    let mut by_gold: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..data.docs.len() {
        by_gold.entry(gold_of(i)).or_default().push(i);
    }
    for members in by_gold.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in members.iter().skip(k + 1) {
                if cluster.get(a) != cluster.get(b) {
                    pc.fn_ += 1;
                }
            }
        }
    }
    let mut by_sub = [(0usize, 0usize); 3];
    let mut by_edit = [(0usize, 0usize); 5];
    for (i, e) in data.edits.iter().enumerate() {
        let Some(e) = e else { continue };
        let found = usize::from(cluster.get(i) == cluster.get(gold_of(i)));
        let band = (((e.substitution - 0.05) / 0.05).floor().max(0.0) as usize).min(2);
        if let Some(s) = by_sub.get_mut(band) {
            s.0 += found;
            s.1 += 1;
        }
        for (k, on) in [
            e.dropped_paragraph,
            e.reordered,
            e.header,
            e.footer,
            e.new_lead,
        ]
        .into_iter()
        .enumerate()
        {
            if on {
                if let Some(s) = by_edit.get_mut(k) {
                    s.0 += found;
                    s.1 += 1;
                }
            }
        }
    }
    Ok(NearDupResult {
        jaccard_threshold: cfg.jaccard_threshold,
        containment_threshold: cfg.containment_threshold,
        pairs: pc,
        recall_by_substitution: by_sub,
        recall_by_edit: by_edit,
        base_pairs_flagged: base_flagged,
    })
}

/// One hand-labelled story pair from `testdata/dedupe/story_pairs.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledPair {
    pub a: String,
    pub b: String,
    pub same: bool,
    pub reason: String,
}

/// Read `id_a<TAB>id_b<TAB>same|different<TAB>reason` lines (`#` comments and a header allowed).
pub fn load_pairs(path: &Path) -> Result<Vec<LabelledPair>, EvalError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id_a\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(a), Some(b), Some(l)) = (f.first(), f.get(1), f.get(2)) else {
            return Err(EvalError::Parse {
                path: p,
                line: n + 1,
                msg: "expected id_a, id_b, label, reason".into(),
            });
        };
        let same = match *l {
            "same" => true,
            "different" => false,
            other => {
                return Err(EvalError::Parse {
                    path: p,
                    line: n + 1,
                    msg: format!("label must be same|different, got {other:?}"),
                })
            }
        };
        out.push(LabelledPair {
            a: a.to_string(),
            b: b.to_string(),
            same,
            reason: f.get(3).map(|s| s.to_string()).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Story clustering quality.
#[derive(Debug, Clone, Default)]
pub struct StoryResult {
    /// Hand-labelled corpus pairs.
    pub labelled: PairCounts,
    /// Labelled pairs whose ids were not found.
    pub missing: usize,
    /// All pairs among the multi-outlet articles (gold = their `story` field).
    pub multi_outlet: PairCounts,
    pub combined: PairCounts,
    pub stories: usize,
    pub articles: usize,
    /// Sizes of the five largest stories, largest first (chaining shows here first).
    pub largest: Vec<usize>,
    /// Labelled pairs the system got wrong: (pair, predicted same).
    pub errors: Vec<(LabelledPair, bool)>,
    /// Prediction (same story?) for each labelled pair, in input order (`None`: id unknown).
    pub predictions: Vec<Option<bool>>,
}

/// Pairwise counts of `pairs[range]` from [`StoryResult::predictions`].
pub fn pair_counts(pairs: &[LabelledPair], predictions: &[Option<bool>]) -> PairCounts {
    let mut pc = PairCounts::default();
    for (p, pred) in pairs.iter().zip(predictions) {
        match (p.same, *pred) {
            (true, Some(true)) => pc.tp += 1,
            (false, Some(true)) => pc.fp += 1,
            (true, Some(false)) => pc.fn_ += 1,
            _ => {}
        }
    }
    pc
}

/// Ingest `corpus` and `extra` together in date order and score story pairs.
pub fn eval_stories(
    corpus: &[CorpusDoc],
    extra: &[CorpusDoc],
    pairs: &[LabelledPair],
    cfg: &Config,
) -> Result<StoryResult, crate::Error> {
    let mut refs: Vec<&CorpusDoc> = corpus.iter().chain(extra).collect();
    date_order(&mut refs);
    let assigned = assign_all(cfg, &refs)?;
    let story: HashMap<&str, &str> = refs
        .iter()
        .zip(&assigned)
        .map(|(d, (_, s))| (d.id.as_str(), s.as_str()))
        .collect();
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for s in story.values() {
        *sizes.entry(s).or_default() += 1;
    }
    let mut largest: Vec<usize> = sizes.values().copied().collect();
    largest.sort_unstable_by(|a, b| b.cmp(a));
    largest.truncate(5);
    let mut r = StoryResult {
        stories: sizes.len(),
        articles: refs.len(),
        largest,
        ..StoryResult::default()
    };
    let score = |pc: &mut PairCounts, gold: bool, pred: bool| match (gold, pred) {
        (true, true) => pc.tp += 1,
        (false, true) => pc.fp += 1,
        (true, false) => pc.fn_ += 1,
        (false, false) => {}
    };
    for p in pairs {
        let (Some(sa), Some(sb)) = (story.get(p.a.as_str()), story.get(p.b.as_str())) else {
            r.missing += 1;
            r.predictions.push(None);
            continue;
        };
        let pred = sa == sb;
        r.predictions.push(Some(pred));
        score(&mut r.labelled, p.same, pred);
        score(&mut r.combined, p.same, pred);
        if pred != p.same {
            r.errors.push((p.clone(), pred));
        }
    }
    for (k, a) in extra.iter().enumerate() {
        for b in extra.iter().skip(k + 1) {
            let gold = a.story.is_some() && a.story == b.story;
            let pred = story.get(a.id.as_str()) == story.get(b.id.as_str());
            score(&mut r.multi_outlet, gold, pred);
            score(&mut r.combined, gold, pred);
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_dates_in_both_formats_parse() {
        assert_eq!(
            parse_date("17/05/2015").map(|d| d.iso()),
            Some("2015-05-17".into())
        );
        assert_eq!(
            parse_date("2017-01-20T21:43:00+01:00").map(|d| d.iso()),
            Some("2017-01-20".into())
        );
        assert_eq!(parse_date("31/02/2015"), None);
    }

    #[test]
    fn exact_overlap_counts_shared_hashes() {
        let (j, c) = exact_overlap(&[1, 2, 3, 4], &[3, 4, 5]);
        assert!((j - 0.4).abs() < 1e-6);
        assert!((c - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn pair_counts_precision_recall() {
        let p = PairCounts {
            tp: 9,
            fp: 1,
            fn_: 3,
        };
        assert!((p.precision() - 0.9).abs() < 1e-9);
        assert!((p.recall() - 0.75).abs() < 1e-9);
    }
}
