//! Versioned little-endian binary form of one article's dedupe state (`DocRecord`), stored per article by the store.

use crate::Error;

/// Format version written as the second byte; bump on any layout change.
pub const RECORD_VERSION: u8 = 2;
/// The oldest record version still read (version 1 has no round keys).
pub const MIN_RECORD_VERSION: u8 = 1;
const MAGIC: u8 = 0xD7;

/// Everything the index needs to re-admit one article at start-up without its text.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRecord {
    /// Fingerprint of the MinHash parameters (shingle size, permutations, seed); records made
    /// with other parameters are rejected by `DedupeIndex::from_records`.
    pub params: u32,
    /// Insertion order (0-based); ties in publication date resolve by it.
    pub seq: u64,
    pub id: String,
    /// Publication date as days since 1970-01-01.
    pub day: Option<i32>,
    pub outlet: Option<String>,
    /// 128-bit hash of the normalized text (`0` for an empty text, which is never an exact duplicate).
    pub exact_hash: u128,
    /// Number of distinct shingles.
    pub shingles: u32,
    /// MinHash minima, one per permutation.
    pub mins: Vec<u32>,
    /// The earliest stored copy this article duplicates, exact or near.
    pub duplicate_of: Option<String>,
    /// Whether `duplicate_of` is an exact (normalized-text) copy.
    pub exact: bool,
    /// Estimated Jaccard to the matched copy (1 for exact copies, 0 when not a duplicate).
    pub score: f32,
    pub story: String,
    /// Distinct story-term ids (for document frequencies).
    pub terms: Vec<u32>,
    /// Unit TF-IDF vector (term id, weight) sorted by term id.
    pub vector: Vec<(u32, f32)>,
    /// Numbered rounds the article names and its title's sport and division (`rounds::keys`; empty in
    /// version-1 records, and without the title facets in records written before the eighth session).
    pub rounds: Vec<u16>,
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).ok_or(Error::Truncated)?;
        let s = self.buf.get(self.pos..end).ok_or(Error::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(*self.take(1)?.first().ok_or(Error::Truncated)?)
    }
    fn u16(&mut self) -> Result<u16, Error> {
        let mut b = [0u8; 2];
        b.copy_from_slice(self.take(2)?);
        Ok(u16::from_le_bytes(b))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    /// A length prefix, checked against the bytes left (each element ≥ `elem` bytes).
    fn len(&mut self, elem: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n.saturating_mul(elem) > self.buf.len() - self.pos {
            return Err(Error::Truncated);
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String, Error> {
        let n = self.len(1)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::Corrupt("invalid UTF-8 string"))
    }
    fn opt_str(&mut self) -> Result<Option<String>, Error> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.str()?)),
            _ => Err(Error::Corrupt("bad option tag")),
        }
    }
}

impl DocRecord {
    /// Layout: magic `D7`, version, params u32, seq u64, id, day flag + i32, outlet, hash u128,
    /// shingles u32, mins (u32 len + u32s), duplicate_of, exact u8, score f32, story, terms
    /// (len + u32s), vector (len + (u32, f32) pairs), rounds (len + u16s; version 2 on).
    /// Strings are u32 byte length + UTF-8;
    /// options a 0/1 tag byte. All integers little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            64 + self.id.len()
                + self.story.len()
                + 4 * self.mins.len()
                + 4 * self.terms.len()
                + 8 * self.vector.len(),
        ));
        w.u8(MAGIC);
        w.u8(RECORD_VERSION);
        w.u32(self.params);
        w.u64(self.seq);
        w.str(&self.id);
        match self.day {
            Some(d) => {
                w.u8(1);
                w.u32(d as u32);
            }
            None => w.u8(0),
        }
        w.opt_str(self.outlet.as_deref());
        w.u64(self.exact_hash as u64);
        w.u64((self.exact_hash >> 64) as u64);
        w.u32(self.shingles);
        w.len(self.mins.len());
        self.mins.iter().for_each(|&m| w.u32(m));
        w.opt_str(self.duplicate_of.as_deref());
        w.u8(u8::from(self.exact));
        w.u32(self.score.to_bits());
        w.str(&self.story);
        w.len(self.terms.len());
        self.terms.iter().for_each(|&t| w.u32(t));
        w.len(self.vector.len());
        for &(t, x) in &self.vector {
            w.u32(t);
            w.u32(x.to_bits());
        }
        w.len(self.rounds.len());
        self.rounds.iter().for_each(|&k| w.u16(k));
        w.0
    }

    /// Parse bytes written by `to_bytes`; any truncation, bad tag or other version is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<DocRecord, Error> {
        let mut r = Reader { buf: bytes, pos: 0 };
        if r.u8()? != MAGIC {
            return Err(Error::Corrupt("not a dedupe record"));
        }
        let version = r.u8()?;
        if !(MIN_RECORD_VERSION..=RECORD_VERSION).contains(&version) {
            return Err(Error::Version(version));
        }
        let params = r.u32()?;
        let seq = r.u64()?;
        let id = r.str()?;
        let day = match r.u8()? {
            0 => None,
            1 => Some(r.u32()? as i32),
            _ => return Err(Error::Corrupt("bad option tag")),
        };
        let outlet = r.opt_str()?;
        let lo = r.u64()?;
        let hi = r.u64()?;
        let exact_hash = u128::from(lo) | (u128::from(hi) << 64);
        let shingles = r.u32()?;
        let n = r.len(4)?;
        let mins = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let duplicate_of = r.opt_str()?;
        let exact = r.u8()? != 0;
        let score = f32::from_bits(r.u32()?);
        let story = r.str()?;
        let n = r.len(4)?;
        let terms = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let n = r.len(8)?;
        let vector = (0..n)
            .map(|_| Ok((r.u32()?, f32::from_bits(r.u32()?))))
            .collect::<Result<Vec<_>, Error>>()?;
        let rounds = if version >= 2 {
            let n = r.len(2)?;
            (0..n).map(|_| r.u16()).collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        if r.pos != bytes.len() {
            return Err(Error::Corrupt("trailing bytes"));
        }
        Ok(DocRecord {
            params,
            seq,
            id,
            day,
            outlet,
            exact_hash,
            shingles,
            mins,
            duplicate_of,
            exact,
            score,
            story,
            terms,
            vector,
            rounds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DocRecord {
        DocRecord {
            params: 7,
            seq: 42,
            id: "a1".into(),
            day: Some(17_200),
            outlet: Some("جوهرة".into()),
            exact_hash: (5u128 << 64) | 9,
            shingles: 88,
            mins: vec![1, 2, u32::MAX],
            duplicate_of: Some("a0".into()),
            exact: false,
            score: 0.83,
            story: "s-a0".into(),
            terms: vec![3, 4],
            vector: vec![(3, 0.6), (4, 0.8)],
            rounds: vec![4, 12],
        }
    }

    #[test]
    fn version_1_records_still_load_without_rounds() {
        let mut r = sample();
        let mut b = r.to_bytes();
        // A version-1 record is the same layout without the trailing rounds list.
        b.truncate(b.len() - 4 - 2 * r.rounds.len());
        b[1] = 1;
        r.rounds.clear();
        assert_eq!(DocRecord::from_bytes(&b).ok(), Some(r));
    }

    #[test]
    fn record_round_trips() {
        let r = sample();
        assert_eq!(DocRecord::from_bytes(&r.to_bytes()).ok(), Some(r));
        let mut r2 = sample();
        r2.day = None;
        r2.outlet = None;
        r2.duplicate_of = None;
        assert_eq!(DocRecord::from_bytes(&r2.to_bytes()).ok(), Some(r2));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_errors_not_panics() {
        let b = sample().to_bytes();
        for cut in 0..b.len() {
            assert!(DocRecord::from_bytes(&b[..cut]).is_err());
        }
        let mut v = b.clone();
        v[1] = 99;
        assert!(matches!(DocRecord::from_bytes(&v), Err(Error::Version(99))));
        let mut t = b;
        t.push(0);
        assert!(DocRecord::from_bytes(&t).is_err());
    }
}
