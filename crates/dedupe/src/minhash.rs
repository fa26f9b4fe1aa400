//! MinHash signatures over word shingles and an LSH band index for near-duplicate candidates.
//!
//! Own implementation rather than a crate: the permutations are 64-bit multiply-shift hashes
//! (`(a·x + b) >> 32`, `a` odd) applied to a wyhash-style shingle hash, which keeps the inner loop
//! to one multiply-add-min per shingle and permutation and makes the signature a plain `[u32]`
//! that persists as little-endian bytes.

use crate::hash::{combine, hash_bytes, FastMap, SplitMix64};

/// Seed of the word hash; part of the parameter fingerprint stored with every record.
const WORD_SEED: u64 = 0x7261_7364_6465_6475; // "rasddedu"

/// The hash of one normalized word, from which shingle hashes are combined.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    hash_bytes(word.as_bytes(), WORD_SEED)
}

/// Computes MinHash signatures of word-shingle sets.
#[derive(Debug, Clone)]
pub struct MinHasher {
    shingle: usize,
    a: Vec<u64>,
    b: Vec<u64>,
}

/// A document's MinHash sketch: one minimum per permutation plus the number of distinct shingles
/// (the set size lets us estimate containment from the Jaccard estimate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    pub mins: Vec<u32>,
    pub shingles: u32,
}

impl MinHasher {
    /// `shingle` words per shingle (≥ 1), `num_perm` permutations, `seed` for the permutations.
    pub fn new(shingle: usize, num_perm: usize, seed: u64) -> MinHasher {
        let mut rng = SplitMix64::new(seed);
        let mut a = Vec::with_capacity(num_perm);
        let mut b = Vec::with_capacity(num_perm);
        for _ in 0..num_perm {
            a.push(rng.next_u64() | 1);
            b.push(rng.next_u64());
        }
        MinHasher {
            shingle: shingle.max(1),
            a,
            b,
        }
    }

    pub fn num_perm(&self) -> usize {
        self.a.len()
    }

    /// Distinct shingle hashes of a word sequence (a text shorter than one shingle is one shingle).
    pub fn shingle_hashes<'a>(&self, words: impl Iterator<Item = &'a str>) -> Vec<u64> {
        let mut out = self.shingle_sequence(words);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The hash of every shingle of a word sequence, in text order, repeats included (a text
    /// shorter than one shingle is one shingle; no words, none).
    fn shingle_sequence<'a>(&self, words: impl Iterator<Item = &'a str>) -> Vec<u64> {
        let mut hs: Vec<u64> = words.map(word_hash).collect();
        self.shingles_in_place(&mut hs);
        hs
    }

    /// Turns the word hashes `hs` (text order) into the hashes of their shingles, in place: a
    /// shingle only reads the words at and after its own position, so each slot is overwritten
    /// after its last use.
    fn shingles_in_place(&self, hs: &mut Vec<u64>) {
        let k = self.shingle.min(hs.len()).max(1);
        let n = (hs.len() + 1).saturating_sub(k);
        for i in 0..n {
            if let Some(win) = hs.get(i..i + k) {
                let h = win.iter().fold(k as u64, |h, &w| combine(h, w));
                if let Some(slot) = hs.get_mut(i) {
                    *slot = h;
                }
            }
        }
        hs.truncate(n);
    }

    /// [`MinHasher::sketch_words`] from the words' [`word_hash`]es, using `hs` and `table` as
    /// scratch space (so a caller that prepares many articles allocates them once).
    pub fn sketch_word_hashes(&self, hs: &mut Vec<u64>, table: &mut Vec<u64>) -> Sketch {
        self.shingles_in_place(hs);
        let mut sketch = self.sketch(hs);
        sketch.shingles = u32::try_from(count_distinct_in(hs, table)).unwrap_or(u32::MAX);
        sketch
    }

    /// The sketch of a word sequence: the same as `sketch(&shingle_hashes(words))`, without
    /// sorting the shingles into a set. Minima do not change when a shingle repeats, so the
    /// permutations run over every shingle and only the set size is counted (with a small
    /// open-addressing table); sorting was the larger cost.
    pub fn sketch_words<'a>(&self, words: impl Iterator<Item = &'a str>) -> Sketch {
        let mut hs: Vec<u64> = words.map(word_hash).collect();
        self.sketch_word_hashes(&mut hs, &mut Vec::new())
    }

    /// The sketch of a set of (distinct) shingle hashes. An empty set gives all-`u32::MAX` minima.
    pub fn sketch(&self, shingles: &[u64]) -> Sketch {
        let n = self.a.len();
        let mut mins = vec![u32::MAX; n];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512dq") {
                // SAFETY: the CPU supports AVX-512 F and DQ (checked just above; DQ implies F).
                unsafe { min_hash_avx512(&mut mins, &self.a, &self.b, shingles) };
                return Sketch {
                    mins,
                    shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
                };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2 (checked just above).
                unsafe { min_hash_avx2(&mut mins, &self.a, &self.b, shingles) };
                return Sketch {
                    mins,
                    shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
                };
            }
        }
        min_hash(&mut mins, &self.a, &self.b, shingles);
        Sketch {
            mins,
            shingles: u32::try_from(shingles.len()).unwrap_or(u32::MAX),
        }
    }
}

/// Number of distinct values in `hs` (well-mixed 64-bit hashes): linear probing in a table of
/// at least twice their number, indexed by the high bits.
/// `table` is the probing table, reused from one call to the next.
fn count_distinct_in(hs: &[u64], table: &mut Vec<u64>) -> usize {
    if hs.is_empty() {
        return 0;
    }
    let bits = (hs.len() * 2).next_power_of_two().trailing_zeros().max(4);
    let mask = (1usize << bits) - 1;
    // 0 marks an empty slot; a hash that is 0 itself is counted on the side.
    table.clear();
    table.resize(1 << bits, 0);
    let (mut n, mut zero) = (0usize, false);
    for &h in hs {
        if h == 0 {
            zero = true;
            continue;
        }
        let mut i = (h >> (64 - bits)) as usize;
        loop {
            match table.get_mut(i) {
                Some(slot) if *slot == 0 => {
                    *slot = h;
                    n += 1;
                    break;
                }
                Some(slot) if *slot == h => break,
                Some(_) => i = (i + 1) & mask,
                None => break,
            }
        }
    }
    n + usize::from(zero)
}

/// The MinHash inner loop: one multiply-add-shift-min per shingle and permutation. Written so
/// the compiler vectorises the permutation loop (the workspace builds for baseline x86-64, so
/// [`min_hash_avx2`] compiles the same code with AVX2 enabled and is picked at run time).
#[inline(always)]
fn min_hash(mins: &mut [u32], a: &[u64], b: &[u64], shingles: &[u64]) {
    for &s in shingles {
        for ((m, &a), &b) in mins.iter_mut().zip(a).zip(b) {
            let v = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(v);
        }
    }
}

/// [`min_hash`] compiled with AVX2 (identical results).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn min_hash_avx2(mins: &mut [u32], a: &[u64], b: &[u64], shingles: &[u64]) {
    min_hash(mins, a, b, shingles)
}

/// [`min_hash`] compiled with AVX-512 (a native 64-bit multiply, eight lanes; identical results).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
unsafe fn min_hash_avx512(mins: &mut [u32], a: &[u64], b: &[u64], shingles: &[u64]) {
    min_hash(mins, a, b, shingles)
}

/// Estimated Jaccard similarity: the fraction of permutations whose minima agree.
pub fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f32 / n as f32
}

/// Containment of the smaller set in the larger, derived from a Jaccard estimate `j` and the set
/// sizes: |A∩B| = j(|A|+|B|)/(1+j), divided by min(|A|,|B|), clipped to 1.
pub fn containment(j: f32, size_a: u32, size_b: u32) -> f32 {
    let small = size_a.min(size_b);
    if small == 0 {
        return 0.0;
    }
    let inter = j * (size_a as f32 + size_b as f32) / (1.0 + j);
    (inter / small as f32).min(1.0)
}

/// Choose `(bands, rows)` with `bands·rows ≤ num_perm` minimising a weighted sum of the false
/// positive area below `threshold` and the false negative area above it (as datasketch does),
/// with false negatives weighted `fn_weight` (0..1).
pub fn optimal_bands(threshold: f32, num_perm: usize, fn_weight: f64) -> (usize, usize) {
    let t = f64::from(threshold.clamp(0.01, 0.99));
    let integrate = |f: &dyn Fn(f64) -> f64, lo: f64, hi: f64| {
        let steps = 200;
        let h = (hi - lo) / steps as f64;
        (0..steps)
            .map(|i| f(lo + (i as f64 + 0.5) * h) * h)
            .sum::<f64>()
    };
    let mut best = (1, num_perm.max(1));
    let mut best_err = f64::INFINITY;
    for b in 1..=num_perm.max(1) {
        let max_r = num_perm / b;
        for r in 1..=max_r {
            let p = |s: f64| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
            let fp = integrate(&p, 0.0, t);
            let fnr = integrate(&|s| 1.0 - p(s), t, 1.0);
            let err = (1.0 - fn_weight) * fp + fn_weight * fnr;
            if err < best_err {
                best_err = err;
                best = (b, r);
            }
        }
    }
    best
}

/// Band index: each document's signature is cut into `bands` bands of `rows` minima; documents
/// sharing any band hash are candidates. Buckets are intrusive linked lists (`head` per band key,
/// `next` per document×band), so memory is ~12 bytes per document and band.
#[derive(Debug, Clone)]
pub struct LshIndex {
    bands: usize,
    rows: usize,
    head: FastMap<u64, u32>,
    next: Vec<u32>,
    /// Per-document query stamp used to de-duplicate candidates without a set.
    stamp: Vec<u32>,
    query: u32,
    /// Longest bucket chain walked per band (bounds time on templated text).
    max_chain: usize,
}

const NIL: u32 = u32::MAX;

impl LshIndex {
    pub fn new(bands: usize, rows: usize) -> LshIndex {
        LshIndex {
            bands: bands.max(1),
            rows: rows.max(1),
            head: FastMap::default(),
            next: Vec::new(),
            stamp: Vec::new(),
            query: 0,
            max_chain: 512,
        }
    }

    pub fn bands(&self) -> usize {
        self.bands
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    fn band_key(&self, mins: &[u32], band: usize) -> Option<u64> {
        let lo = band * self.rows;
        let slice = mins.get(lo..lo + self.rows)?;
        let mut h = band as u64;
        for &m in slice {
            h = combine(h, u64::from(m));
        }
        Some(h)
    }

    /// Add document number `doc` (documents must be added as 0, 1, 2, …). Empty sketches are
    /// registered but never bucketed.
    pub fn insert(&mut self, doc: u32, sketch: &Sketch) {
        let base = doc as usize * self.bands;
        if self.next.len() < base + self.bands {
            self.next.resize(base + self.bands, NIL);
        }
        if self.stamp.len() <= doc as usize {
            self.stamp.resize(doc as usize + 1, 0);
        }
        if sketch.shingles == 0 {
            return;
        }
        for band in 0..self.bands {
            let Some(key) = self.band_key(&sketch.mins, band) else {
                continue;
            };
            let prev = self.head.insert(key, doc).unwrap_or(NIL);
            if let Some(slot) = self.next.get_mut(base + band) {
                *slot = prev;
            }
        }
    }

    /// Documents sharing at least one band with `sketch`, newest first within a band, each once.
    pub fn candidates(&mut self, sketch: &Sketch, out: &mut Vec<u32>) {
        out.clear();
        if sketch.shingles == 0 {
            return;
        }
        self.query = self.query.wrapping_add(1);
        if self.query == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.query = 1;
        }
        for band in 0..self.bands {
            let Some(key) = self.band_key(&sketch.mins, band) else {
                continue;
            };
            let mut cur = self.head.get(&key).copied().unwrap_or(NIL);
            let mut walked = 0;
            while cur != NIL && walked < self.max_chain {
                if let Some(s) = self.stamp.get_mut(cur as usize) {
                    if *s != self.query {
                        *s = self.query;
                        out.push(cur);
                    }
                }
                cur = self
                    .next
                    .get(cur as usize * self.bands + band)
                    .copied()
                    .unwrap_or(NIL);
                walked += 1;
            }
        }
    }

    /// Make room for `n` more documents.
    pub fn reserve(&mut self, n: usize) {
        self.head.reserve(n * self.bands);
        self.next.reserve(n * self.bands);
        self.stamp.reserve(n);
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.head.capacity() * 13 + self.next.capacity() * 4 + self.stamp.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn sketch_of_words_equals_sketch_of_the_shingle_set() {
        let mut rng = SplitMix64::new(5);
        let vocab = ["a", "b", "c", "تونس", "قال", "الرئيس", "x", "y"];
        for shingle in 1..4 {
            let h = MinHasher::new(shingle, 32, 9);
            for len in 0..60 {
                let ws: Vec<&str> = (0..len)
                    .filter_map(|_| vocab.get(rng.below(vocab.len())).copied())
                    .collect();
                let set = h.shingle_hashes(ws.iter().copied());
                assert_eq!(h.sketch_words(ws.iter().copied()), h.sketch(&set), "{ws:?}");
            }
        }
        assert_eq!(count_distinct_in(&[0, 0, 5, 5, 7], &mut Vec::new()), 3);
    }

    #[test]
    fn identical_sets_have_jaccard_one_and_disjoint_near_zero() {
        let mh = MinHasher::new(3, 128, 1);
        let a = mh.sketch(&mh.shingle_hashes(words("a b c d e f g h i j k").into_iter()));
        let b = mh.sketch(&mh.shingle_hashes(words("a b c d e f g h i j k").into_iter()));
        let c = mh.sketch(&mh.shingle_hashes(words("l m n o p q r s t u v").into_iter()));
        assert_eq!(jaccard(&a.mins, &b.mins), 1.0);
        assert!(jaccard(&a.mins, &c.mins) < 0.05);
        assert_eq!(a.shingles, 9);
    }

    #[test]
    fn jaccard_estimate_tracks_true_jaccard() {
        let mh = MinHasher::new(1, 128, 9);
        // |A|=|B|=100, overlap 60 → J = 60/140 ≈ 0.4286
        let a: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let b: Vec<String> = (40..140).map(|i| format!("w{i}")).collect();
        let sa = mh.sketch(&mh.shingle_hashes(a.iter().map(String::as_str)));
        let sb = mh.sketch(&mh.shingle_hashes(b.iter().map(String::as_str)));
        let j = jaccard(&sa.mins, &sb.mins);
        assert!((j - 0.4286).abs() < 0.13, "estimate {j}");
        let c = containment(j, sa.shingles, sb.shingles);
        assert!((c - 0.6).abs() < 0.15, "containment {c}");
    }

    #[test]
    fn short_text_is_one_shingle_and_empty_is_none() {
        let mh = MinHasher::new(5, 16, 1);
        assert_eq!(mh.shingle_hashes(["a", "b"].into_iter()).len(), 1);
        assert!(mh.shingle_hashes(std::iter::empty()).is_empty());
        assert_eq!(mh.sketch(&[]).mins, vec![u32::MAX; 16]);
    }

    #[test]
    fn optimal_bands_lower_threshold_gives_more_bands() {
        let (b_hi, r_hi) = optimal_bands(0.9, 128, 0.5);
        let (b_lo, r_lo) = optimal_bands(0.4, 128, 0.5);
        assert!(b_lo > b_hi, "{b_lo}x{r_lo} vs {b_hi}x{r_hi}");
        assert!(b_lo * r_lo <= 128 && b_hi * r_hi <= 128);
    }

    #[test]
    fn lsh_finds_identical_and_skips_empty() {
        let mh = MinHasher::new(2, 64, 1);
        let mut lsh = LshIndex::new(16, 4);
        let s0 = mh.sketch(&mh.shingle_hashes(words("x y z w v u t").into_iter()));
        let s1 = mh.sketch(&mh.shingle_hashes(words("p q r s o n m").into_iter()));
        let empty = mh.sketch(&[]);
        lsh.insert(0, &s0);
        lsh.insert(1, &s1);
        lsh.insert(2, &empty);
        let mut out = Vec::new();
        lsh.candidates(&s0, &mut out);
        assert_eq!(out, vec![0]);
        lsh.candidates(&empty, &mut out);
        assert!(out.is_empty());
    }
}
