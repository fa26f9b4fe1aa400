//! Averaged structured perceptron over hashed features with first-order Viterbi decoding, and its binary format.

use crate::tags::{Tag, NUM_TAGS};
use crate::NerError;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Row index `NUM_TAGS` of the transition table holds start-of-sentence scores.
pub const START: usize = NUM_TAGS;

const MAGIC: &[u8; 8] = b"RASDNER1";

/// A trained tagger: per-feature tag weights and tag-transition weights.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Feature key → row into `weights` (row × NUM_TAGS).
    pub rows: KeyMap<u32>,
    pub weights: Vec<f32>,
    /// `trans[prev][cur]`, prev = START for the first token.
    pub trans: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    /// Domain id whose specialised features are added at prediction time (`None`: no augmentation).
    pub domain: Option<u8>,
}

impl Model {
    pub fn num_features(&self) -> usize {
        self.rows.len()
    }

    /// Emission scores for each token given its feature keys.
    pub fn emissions(&self, feats: &[Vec<u64>]) -> Vec<[f32; NUM_TAGS]> {
        feats
            .iter()
            .map(|fs| {
                let mut s = [0f32; NUM_TAGS];
                for &k in fs {
                    self.add_row(&mut s, k);
                    if let Some(d) = self.domain {
                        self.add_row(&mut s, crate::features::domain_key(k, d));
                    }
                }
                s
            })
            .collect()
    }

    fn add_row(&self, s: &mut [f32; NUM_TAGS], k: u64) {
        if let Some(&r) = self.rows.get(&k) {
            let base = r as usize * NUM_TAGS;
            if let Some(w) = self.weights.get(base..base + NUM_TAGS) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += *b;
                }
            }
        }
    }

    /// Best IOB2-valid tag sequence.
    pub fn predict(&self, feats: &[Vec<u64>]) -> Vec<Tag> {
        viterbi(&self.emissions(feats), &self.trans)
    }

    /// Writes the gzip-compressed binary model (weights quantized to i16, zero weights dropped).
    pub fn write_to<W: Write>(&self, w: W) -> Result<(), NerError> {
        let mut enc = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let mut body: Vec<u8> = Vec::new();
        body.extend_from_slice(MAGIC);
        body.push(self.domain.map_or(0xff, |d| d));
        body.extend_from_slice(&scale.to_le_bytes());
        for row in &self.trans {
            for x in row {
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut keys: Vec<(u64, u32)> = self.rows.iter().map(|(k, r)| (*k, *r)).collect();
        keys.sort_unstable();
        let mut rows_out: Vec<(u64, u16, Vec<i16>)> = Vec::new();
        for (k, r) in keys {
            let base = r as usize * NUM_TAGS;
            let Some(ws) = self.weights.get(base..base + NUM_TAGS) else {
                continue;
            };
            let mut mask = 0u16;
            let mut vals = Vec::new();
            for (t, x) in ws.iter().enumerate() {
                let q = (x / scale).round() as i32;
                if q != 0 {
                    mask |= 1 << t;
                    vals.push(q.clamp(-32767, 32767) as i16);
                }
            }
            if mask != 0 {
                rows_out.push((k, mask, vals));
            }
        }
        body.extend_from_slice(&(rows_out.len() as u32).to_le_bytes());
        // Keys are delta-coded (sorted) as varints: compresses far better than raw u64s.
        let mut prev = 0u64;
        for (k, mask, vals) in &rows_out {
            write_varint(&mut body, k - prev);
            prev = *k;
            body.extend_from_slice(&mask.to_le_bytes());
            for v in vals {
                body.extend_from_slice(&v.to_le_bytes());
            }
        }
        enc.write_all(&body)
            .map_err(|e| NerError::Model(e.to_string()))?;
        enc.finish().map_err(|e| NerError::Model(e.to_string()))?;
        Ok(())
    }

    /// Reads a model written by [`Model::write_to`].
    pub fn read_from<R: Read>(r: R) -> Result<Model, NerError> {
        struct Rows {
            rows: KeyMap<u32>,
            weights: Vec<f32>,
        }
        impl RowSink for Rows {
            fn reserve(&mut self, n: usize) {
                self.rows.reserve(n);
                self.weights.reserve(n * NUM_TAGS);
            }
            fn row(&mut self, k: u64, q: &[i16; NUM_TAGS], scale: f32) {
                let r = (self.weights.len() / NUM_TAGS) as u32;
                self.weights.extend(q.iter().map(|&x| f32::from(x) * scale));
                self.rows.insert(k, r);
            }
        }
        let mut sink = Rows {
            rows: KeyMap::default(),
            weights: Vec::new(),
        };
        let header = read_model(r, &mut sink)?;
        Ok(Model {
            rows: sink.rows,
            weights: sink.weights,
            trans: header.trans,
            domain: header.domain,
        })
    }
}

/// What a model file holds besides its feature rows.
struct ModelHeader {
    domain: Option<u8>,
    trans: [[f32; NUM_TAGS]; NUM_TAGS + 1],
}

/// Receives the feature rows of a model file: `reserve` with the row count, then `row` for each
/// row in key order with its quantized weights and the scale that turns them into weights.
trait RowSink {
    fn reserve(&mut self, n: usize);
    fn row(&mut self, k: u64, q: &[i16; NUM_TAGS], scale: f32);
}

/// Parses a model file into its header and `sink`.
fn read_model<R: Read>(r: R, sink: &mut impl RowSink) -> Result<ModelHeader, NerError> {
    let mut dec = flate2::read::GzDecoder::new(r);
    let mut body = Vec::new();
    dec.read_to_end(&mut body)
        .map_err(|e| NerError::Model(format!("model is not gzip: {e}")))?;
    let mut cur = Cursor { b: &body, i: 0 };
    if cur.take(8)? != MAGIC {
        return Err(NerError::Model("bad magic (not a rasd NER model)".into()));
    }
    let d = cur.take(1)?.first().copied().unwrap_or(0xff);
    let domain = (d != 0xff).then_some(d);
    let scale = cur.f32()?;
    let mut trans = [[0f32; NUM_TAGS]; NUM_TAGS + 1];
    for row in trans.iter_mut() {
        for x in row.iter_mut() {
            *x = cur.f32()?;
        }
    }
    let n = cur.u32()? as usize;
    sink.reserve(n.min(body.len()));
    let mut prev = 0u64;
    for _ in 0..n {
        let k = prev.wrapping_add(cur.varint()?);
        prev = k;
        let mask = u16::from_le_bytes(cur.array2()?);
        let mut q = [0i16; NUM_TAGS];
        for (t, x) in q.iter_mut().enumerate() {
            if mask & (1 << t) != 0 {
                *x = i16::from_le_bytes(cur.array2()?);
            }
        }
        sink.row(k, &q, scale);
    }
    Ok(ModelHeader { domain, trans })
}

/// One slot of [`WeightTable`]: a feature key and its quantized tag weights, 32 bytes so a lookup
/// touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    q: [i16; NUM_TAGS],
    used: bool,
}

/// The shipped model laid out for tagging: an open-addressing table (linear probing) of feature
/// key → quantized weights. Scores are bit-identical to [`Model`]'s on the same model file (the
/// weight is `f32::from(q) * scale` either way and features are added in the same order); it is
/// faster because one feature costs one cache miss instead of three (map control bytes, map slot,
/// weight row).
#[derive(Debug, Clone)]
pub struct WeightTable {
    slots: Vec<Slot>,
    mask: usize,
    scale: f32,
    len: usize,
    pub trans: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    pub domain: Option<u8>,
}

impl WeightTable {
    /// Reads a model file written by [`Model::write_to`].
    pub fn read_from<R: Read>(r: R) -> Result<WeightTable, NerError> {
        let mut t = WeightTable {
            slots: Vec::new(),
            mask: 0,
            scale: 1.0,
            len: 0,
            trans: [[0.0; NUM_TAGS]; NUM_TAGS + 1],
            domain: None,
        };
        let header = read_model(r, &mut t)?;
        t.trans = header.trans;
        t.domain = header.domain;
        Ok(t)
    }

    pub fn num_features(&self) -> usize {
        self.len
    }

    fn get(&self, k: u64) -> Option<&[i16; NUM_TAGS]> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = slot_of(k, self.mask);
        loop {
            let s = self.slots.get(i)?;
            if !s.used {
                return None;
            }
            if s.key == k {
                return Some(&s.q);
            }
            i = (i + 1) & self.mask;
        }
    }

    fn add_row(&self, s: &mut [f32; NUM_TAGS], k: u64) {
        if let Some(q) = self.get(k) {
            for (a, &b) in s.iter_mut().zip(q) {
                *a += f32::from(b) * self.scale;
            }
        }
    }

    /// Emission scores of one token from its feature keys.
    pub fn emission(&self, keys: &[u64]) -> [f32; NUM_TAGS] {
        let mut s = [0f32; NUM_TAGS];
        for &k in keys {
            self.add_row(&mut s, k);
            if let Some(d) = self.domain {
                self.add_row(&mut s, crate::features::domain_key(k, d));
            }
        }
        s
    }

    /// Best IOB2-valid tag sequence for tokens given as feature-key ranges of `keys`.
    pub fn predict(&self, keys: &[u64], ranges: &[std::ops::Range<usize>]) -> Vec<Tag> {
        // The slot of the key PREFETCH_AHEAD places on is requested from memory before it is
        // needed, so the cache misses of a sentence overlap instead of queueing one by one.
        const PREFETCH_AHEAD: usize = 12;
        for k in keys.iter().take(PREFETCH_AHEAD) {
            self.prefetch(*k);
        }
        let em: Vec<[f32; NUM_TAGS]> = ranges
            .iter()
            .map(|r| {
                let mut s = [0f32; NUM_TAGS];
                for i in r.clone() {
                    if let Some(&ahead) = keys.get(i + PREFETCH_AHEAD) {
                        self.prefetch(ahead);
                    }
                    if let Some(&k) = keys.get(i) {
                        self.add_row(&mut s, k);
                        if let Some(d) = self.domain {
                            self.add_row(&mut s, crate::features::domain_key(k, d));
                        }
                    }
                }
                s
            })
            .collect();
        viterbi(&em, &self.trans)
    }

    /// Hint the CPU to load the home slot of `k` (no effect on results).
    #[inline]
    fn prefetch(&self, k: u64) {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = self.slots.get(slot_of(k, self.mask)) {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: prefetching never faults and reads nothing into the program; the pointer
            // is to a live slot anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((s as *const Slot).cast::<i8>()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = k;
    }
}

impl RowSink for WeightTable {
    fn reserve(&mut self, n: usize) {
        // Load factor at most 5/8: short probe sequences.
        let cap = (n * 8 / 5).max(16).next_power_of_two();
        self.slots = vec![Slot::default(); cap];
        self.mask = cap - 1;
    }

    fn row(&mut self, k: u64, q: &[i16; NUM_TAGS], scale: f32) {
        self.scale = scale;
        // Only a corrupt file (more rows than announced) could fill the table; keep a free slot
        // so lookups always end.
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            return;
        }
        let mut i = slot_of(k, self.mask);
        while let Some(s) = self.slots.get_mut(i) {
            if !s.used || s.key == k {
                if !s.used {
                    self.len += 1;
                }
                *s = Slot {
                    key: k,
                    q: *q,
                    used: true,
                };
                return;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Home slot of a key: the keys are already well-mixed hashes, the high bits are as good as any.
fn slot_of(k: u64, mask: usize) -> usize {
    (k >> 20) as usize & mask
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let s = self
            .b
            .get(self.i..self.i + n)
            .ok_or_else(|| NerError::Model("truncated model".into()))?;
        self.i += n;
        Ok(s)
    }
    fn array2(&mut self) -> Result<[u8; 2], NerError> {
        let s = self.take(2)?;
        Ok([s[0], s[1]])
    }
    fn f32(&mut self) -> Result<f32, NerError> {
        let s = self.take(4)?;
        Ok(f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(NerError::Model("bad varint".into()))
    }
}

/// First-order Viterbi over IOB2-valid transitions.
pub fn viterbi(em: &[[f32; NUM_TAGS]], trans: &[[f32; NUM_TAGS]; NUM_TAGS + 1]) -> Vec<Tag> {
    viterbi_masked(em, trans, None)
}

/// Viterbi restricted, per token, to the tags whose bit is set in `masks` (all tags when `None`).
pub fn viterbi_masked(
    em: &[[f32; NUM_TAGS]],
    trans: &[[f32; NUM_TAGS]; NUM_TAGS + 1],
    masks: Option<&[u16]>,
) -> Vec<Tag> {
    let n = em.len();
    let ok = |i: usize, c: usize| -> bool {
        masks
            .and_then(|m| m.get(i))
            .is_none_or(|m| m & (1 << c) != 0)
    };
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let allowed = |p: usize, c: usize| -> bool {
        if p == START {
            !matches!(Tag::from_index(c), Tag::I(_))
        } else {
            Tag::from_index(c).may_follow(Tag::from_index(p))
        }
    };
    let mut score = vec![[NEG; NUM_TAGS]; n];
    let mut back = vec![[0u8; NUM_TAGS]; n];
    for c in 0..NUM_TAGS {
        if allowed(START, c) && ok(0, c) {
            score[0][c] = em[0][c] + trans[START][c];
        }
    }
    for i in 1..n {
        for c in 0..NUM_TAGS {
            if !ok(i, c) {
                continue;
            }
            let mut best = NEG;
            let mut arg = 0u8;
            for p in 0..NUM_TAGS {
                if score[i - 1][p] == NEG || !allowed(p, c) {
                    continue;
                }
                let s = score[i - 1][p] + trans[p][c];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > NEG {
                score[i][c] = best + em[i][c];
                back[i][c] = arg;
            }
        }
    }
    let mut cur = 0usize;
    let mut best = NEG;
    for (c, &s) in score[n - 1].iter().enumerate() {
        if s > best {
            best = s;
            cur = c;
        }
    }
    let mut out = vec![Tag::O; n];
    for i in (0..n).rev() {
        out[i] = Tag::from_index(cur);
        cur = back[i][cur] as usize;
    }
    out
}

/// Perceptron training state: current weights plus the running sums for averaging.
pub struct Trainer {
    pub model: Model,
    acc: Vec<f32>,
    acc_trans: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    step: f32,
}

impl Trainer {
    /// A trainer over a fixed feature-key → row map.
    pub fn new(rows: KeyMap<u32>, domain: Option<u8>) -> Trainer {
        let n = rows.len();
        Trainer {
            model: Model {
                rows,
                weights: vec![0.0; n * NUM_TAGS],
                trans: [[0.0; NUM_TAGS]; NUM_TAGS + 1],
                domain,
            },
            acc: vec![0.0; n * NUM_TAGS],
            acc_trans: [[0.0; NUM_TAGS]; NUM_TAGS + 1],
            step: 1.0,
        }
    }

    /// One perceptron update on a sentence given as feature rows per token. Returns true if it was mistagged.
    pub fn update(&mut self, rows: &[Vec<u32>], gold: &[Tag]) -> bool {
        self.update_partial(rows, gold, None)
    }

    /// Update where the gold sequence is only partly known: `masks` lists the tags allowed at each token, and
    /// the target is the best sequence the current weights give within them (latent-variable perceptron).
    pub fn update_partial(
        &mut self,
        rows: &[Vec<u32>],
        gold: &[Tag],
        masks: Option<&[u16]>,
    ) -> bool {
        let em: Vec<[f32; NUM_TAGS]> = rows
            .iter()
            .map(|rs| {
                let mut s = [0f32; NUM_TAGS];
                for &r in rs {
                    let base = r as usize * NUM_TAGS;
                    if let Some(w) = self.model.weights.get(base..base + NUM_TAGS) {
                        for (a, b) in s.iter_mut().zip(w) {
                            *a += *b;
                        }
                    }
                }
                s
            })
            .collect();
        let pred = viterbi(&em, &self.model.trans);
        let target;
        let gold = match masks {
            Some(m) => {
                target = viterbi_masked(&em, &self.model.trans, Some(m));
                &target[..]
            }
            None => gold,
        };
        let c = self.step;
        let mut wrong = false;
        let mut prev_g = START;
        let mut prev_p = START;
        for (i, (g, p)) in gold.iter().zip(&pred).enumerate() {
            let (gi, pi) = (g.index(), p.index());
            if gi != pi {
                wrong = true;
                for &r in rows.get(i).map_or(&[][..], |v| v.as_slice()) {
                    let base = r as usize * NUM_TAGS;
                    self.model.weights[base + gi] += 1.0;
                    self.model.weights[base + pi] -= 1.0;
                    self.acc[base + gi] += c;
                    self.acc[base + pi] -= c;
                }
            }
            if gi != pi || prev_g != prev_p {
                self.model.trans[prev_g][gi] += 1.0;
                self.model.trans[prev_p][pi] -= 1.0;
                self.acc_trans[prev_g][gi] += c;
                self.acc_trans[prev_p][pi] -= c;
            }
            prev_g = gi;
            prev_p = pi;
        }
        self.step += 1.0;
        wrong
    }

    /// The averaged model (w − acc/step), the perceptron's standard regularizer.
    pub fn averaged(&self) -> Model {
        let mut m = self.model.clone();
        let c = self.step;
        for (w, a) in m.weights.iter_mut().zip(&self.acc) {
            *w -= a / c;
        }
        for (row, arow) in m.trans.iter_mut().zip(&self.acc_trans) {
            for (w, a) in row.iter_mut().zip(arow) {
                *w -= a / c;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::EntityClass;

    #[test]
    fn viterbi_never_starts_with_inside_tag() {
        let mut em = vec![[0f32; NUM_TAGS]; 2];
        em[0][Tag::I(EntityClass::Per).index()] = 10.0;
        em[1][Tag::I(EntityClass::Per).index()] = 10.0;
        let t = viterbi(&em, &[[0.0; NUM_TAGS]; NUM_TAGS + 1]);
        assert_eq!(t, vec![Tag::B(EntityClass::Per), Tag::I(EntityClass::Per)]);
    }

    #[test]
    fn perceptron_learns_a_separable_toy_problem_and_round_trips() {
        let mut rows = KeyMap::default();
        rows.insert(11, 0);
        rows.insert(22, 1);
        let mut tr = Trainer::new(rows, None);
        let gold = vec![Tag::B(EntityClass::Loc), Tag::O];
        for _ in 0..5 {
            tr.update(&[vec![0], vec![1]], &gold);
        }
        let m = tr.averaged();
        assert_eq!(m.predict(&[vec![11], vec![22]]), gold);
        let mut buf = Vec::new();
        m.write_to(&mut buf).unwrap();
        let m2 = Model::read_from(&buf[..]).unwrap();
        assert_eq!(m2.predict(&[vec![11], vec![22]]), gold);
        assert!(Model::read_from(&b"junk"[..]).is_err());
    }
}
