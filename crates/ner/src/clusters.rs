//! Brown-style hierarchical word clusters from unlabelled news text (bisecting k-means over context vectors).
//!
//! Real Brown clustering is O(V·C²); this cheaper variant gives the same kind of feature — a bit-string path
//! whose prefixes are coarser clusters — from left/right neighbour counts, and runs in seconds on one core.

use crate::fold::fold_word;
use crate::tokenize::tokenize;
use crate::NerError;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Clustering parameters.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Words clustered (most frequent first).
    pub vocab: usize,
    /// Context words used as vector dimensions (per side).
    pub contexts: usize,
    /// Minimum word frequency.
    pub min_count: u32,
    /// Depth of the binary tree (path length).
    pub depth: usize,
    pub iterations: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            vocab: 40_000,
            contexts: 600,
            min_count: 3,
            depth: 14,
            iterations: 6,
        }
    }
}

/// Reads the folded tokens of every article text in the gzipped JSONL news corpus.
pub fn read_news_corpus(path: &Path) -> Result<Vec<Vec<String>>, NerError> {
    let f = std::fs::File::open(path).map_err(|e| NerError::io(path, e))?;
    let r = BufReader::new(flate2::read::GzDecoder::new(f));
    let mut docs = Vec::new();
    for line in r.lines() {
        let line = line.map_err(|e| NerError::io(path, e))?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        for field in ["title", "text"] {
            if let Some(t) = v.get(field).and_then(|x| x.as_str()) {
                docs.push(
                    tokenize(t)
                        .into_iter()
                        .map(|t| fold_word(&t.text))
                        .collect(),
                );
            }
        }
    }
    Ok(docs)
}

/// Computes word → bit path clusters.
pub fn compute_clusters(docs: &[Vec<String>], cfg: &ClusterConfig) -> Vec<(String, String)> {
    let mut freq: HashMap<&str, u32> = HashMap::new();
    for d in docs {
        for w in d {
            *freq.entry(w.as_str()).or_insert(0) += 1;
        }
    }
    let mut by_freq: Vec<(&str, u32)> = freq
        .into_iter()
        .filter(|(_, c)| *c >= cfg.min_count)
        .collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let vocab: Vec<&str> = by_freq.iter().take(cfg.vocab).map(|(w, _)| *w).collect();
    let vidx: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let ctx: HashMap<&str, usize> = by_freq
        .iter()
        .take(cfg.contexts)
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let dim = 2 * cfg.contexts + 2;
    // Sparse counts per vocabulary word: left context in [0, C), right in [C, 2C), plus "other" buckets.
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for d in docs {
        for (i, w) in d.iter().enumerate() {
            let Some(&wi) = vidx.get(w.as_str()) else {
                continue;
            };
            let left = if i > 0 {
                d.get(i - 1).and_then(|l| ctx.get(l.as_str()).copied())
            } else {
                None
            };
            let right = d.get(i + 1).and_then(|r| ctx.get(r.as_str()).copied());
            let l = left.unwrap_or(2 * cfg.contexts) as u32;
            let r = right.map_or(2 * cfg.contexts + 1, |x| x + cfg.contexts) as u32;
            if let Some(m) = counts.get_mut(wi) {
                *m.entry(l).or_insert(0.0) += 1.0;
                *m.entry(r).or_insert(0.0) += 1.0;
            }
        }
    }
    // sqrt-scaled, L2-normalised sparse vectors.
    let vecs: Vec<Vec<(u32, f32)>> = counts
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(k, c)| (k, c.sqrt())).collect();
            v.sort_unstable_by_key(|x| x.0);
            let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            for x in v.iter_mut() {
                x.1 /= n;
            }
            v
        })
        .collect();
    let mut paths = vec![String::new(); vocab.len()];
    let all: Vec<usize> = (0..vocab.len()).collect();
    bisect(&vecs, all, dim, 0, cfg, &mut paths);
    vocab
        .iter()
        .zip(paths)
        .map(|(w, p)| (w.to_string(), p))
        .collect()
}

fn dot(v: &[(u32, f32)], c: &[f32]) -> f32 {
    v.iter()
        .map(|(k, x)| c.get(*k as usize).copied().unwrap_or(0.0) * x)
        .sum()
}

fn bisect(
    vecs: &[Vec<(u32, f32)>],
    items: Vec<usize>,
    dim: usize,
    depth: usize,
    cfg: &ClusterConfig,
    paths: &mut [String],
) {
    if depth >= cfg.depth || items.len() < 4 {
        return;
    }
    // Deterministic seeds: the most frequent item and the item least similar to it.
    let Some(&first) = items.first() else { return };
    let mut c0 = vec![0f32; dim];
    for (k, x) in &vecs[first] {
        c0[*k as usize] = *x;
    }
    let second = items.iter().copied().min_by(|&a, &b| {
        dot(&vecs[a], &c0)
            .partial_cmp(&dot(&vecs[b], &c0))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let Some(second) = second else { return };
    let mut c1 = vec![0f32; dim];
    for (k, x) in &vecs[second] {
        c1[*k as usize] = *x;
    }
    let mut assign = vec![false; items.len()];
    for _ in 0..cfg.iterations {
        for (a, &i) in assign.iter_mut().zip(&items) {
            *a = dot(&vecs[i], &c1) > dot(&vecs[i], &c0);
        }
        let mut n0 = vec![0f32; dim];
        let mut n1 = vec![0f32; dim];
        for (a, &i) in assign.iter().zip(&items) {
            let c = if *a { &mut n1 } else { &mut n0 };
            for (k, x) in &vecs[i] {
                c[*k as usize] += x;
            }
        }
        for c in [&mut n0, &mut n1] {
            let n = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            for x in c.iter_mut() {
                *x /= n;
            }
        }
        c0 = n0;
        c1 = n1;
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (a, &i) in assign.iter().zip(&items) {
        if *a {
            paths[i].push('1');
            right.push(i);
        } else {
            paths[i].push('0');
            left.push(i);
        }
    }
    if left.is_empty() || right.is_empty() {
        return;
    }
    bisect(vecs, left, dim, depth + 1, cfg, paths);
    bisect(vecs, right, dim, depth + 1, cfg, paths);
}

/// Serializes clusters as `word<TAB>path` lines, sorted by word for diff-friendliness.
pub fn clusters_to_tsv(mut c: Vec<(String, String)>) -> String {
    c.sort();
    let mut s = String::new();
    for (w, p) in c {
        if !p.is_empty() {
            s.push_str(&w);
            s.push('\t');
            s.push_str(&p);
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_same_contexts_share_cluster_prefix() {
        let mut docs = Vec::new();
        for i in 0..50 {
            let city = if i % 2 == 0 { "بغداد" } else { "دمشق" };
            let verb = if i % 2 == 0 { "قال" } else { "اعلن" };
            docs.push(vec!["في".to_string(), city.to_string(), "امس".to_string()]);
            docs.push(vec![
                "الوزير".to_string(),
                verb.to_string(),
                "ان".to_string(),
            ]);
        }
        let cfg = ClusterConfig {
            vocab: 100,
            contexts: 20,
            min_count: 1,
            depth: 3,
            iterations: 4,
        };
        let c: HashMap<String, String> = compute_clusters(&docs, &cfg).into_iter().collect();
        assert_eq!(c["بغداد"], c["دمشق"]);
        assert_eq!(c["قال"], c["اعلن"]);
        assert_ne!(c["بغداد"], c["قال"]);
    }
}
