//! Fast non-cryptographic 64-bit hashing (wyhash-style folded multiply) and a seeded SplitMix64 generator.

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// Folded 64×64→128-bit multiply: the mixing step of wyhash.
#[inline]
pub fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Hash `bytes` with `seed`; quality is ample for MinHash shingles and exact-text keys, and it is
/// several times faster than SipHash on the short tokens that dominate news text.
pub fn hash_bytes(bytes: &[u8], seed: u64) -> u64 {
    let [h] = hash_lanes(bytes, [seed]);
    h
}

/// `(hash_bytes(bytes, seed_a), hash_bytes(bytes, seed_b))` in one pass over `bytes` (the
/// 128-bit exact-text key of a whole article).
pub fn hash_bytes_pair(bytes: &[u8], seed_a: u64, seed_b: u64) -> (u64, u64) {
    let [a, b] = hash_lanes(bytes, [seed_a, seed_b]);
    (a, b)
}

/// [`hash_bytes`] of `bytes` under each of `N` seeds, reading the bytes once.
#[inline(always)]
fn hash_lanes<const N: usize>(bytes: &[u8], seeds: [u64; N]) -> [u64; N] {
    let len = (bytes.len() as u64).wrapping_mul(P1);
    let mut h = seeds.map(|s| s ^ P0 ^ len);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let w = u64::from_le_bytes(w);
        h = h.map(|x| mum(x ^ w, P1));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let w = load_partial(rest) ^ P2;
        h = h.map(|x| mum(x ^ w, P0));
    }
    h.map(|x| mum(x ^ P2, x.rotate_left(29) ^ P1))
}

/// The little-endian value of 1–7 bytes (zero-extended), assembled from at most three loads:
/// the same value as copying them into a zeroed `[u8; 8]`, without a variable-length `memcpy`
/// (words are short, so every hash ends with one).
#[inline(always)]
fn load_partial(rest: &[u8]) -> u64 {
    let mut w = 0u64;
    let mut at = 0;
    if let Some(c) = rest.get(at..at + 4) {
        let mut b = [0u8; 4];
        b.copy_from_slice(c);
        w = u64::from(u32::from_le_bytes(b));
        at += 4;
    }
    if let Some(c) = rest.get(at..at + 2) {
        let mut b = [0u8; 2];
        b.copy_from_slice(c);
        w |= u64::from(u16::from_le_bytes(b)) << (8 * at);
        at += 2;
    }
    if let Some(&c) = rest.get(at) {
        w |= u64::from(c) << (8 * at);
    }
    w
}

/// Combine two 64-bit hashes order-sensitively (used to hash word shingles from word hashes).
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mum(a ^ P0, b ^ P2).wrapping_add(a.rotate_left(17))
}

/// SplitMix64: a tiny deterministic generator for MinHash permutations and synthetic data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; returns 0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_hash_equals_two_single_hashes() {
        for s in ["", "a", "12345678", "123456789", "تونس العاصمة اليوم"] {
            let b = s.as_bytes();
            assert_eq!(
                hash_bytes_pair(b, 1, 2),
                (hash_bytes(b, 1), hash_bytes(b, 2)),
                "{s}"
            );
        }
    }

    #[test]
    fn hash_differs_for_nearby_inputs_and_seeds() {
        let a = hash_bytes("تونس".as_bytes(), 1);
        assert_ne!(a, hash_bytes("تونسي".as_bytes(), 1));
        assert_ne!(a, hash_bytes("تونس".as_bytes(), 2));
        assert_eq!(a, hash_bytes("تونس".as_bytes(), 1));
        assert_ne!(hash_bytes(b"", 0), hash_bytes(b"\0", 0));
    }

    #[test]
    fn hash_bits_are_balanced() {
        let mut ones = 0u32;
        for i in 0..2000u32 {
            ones += hash_bytes(&i.to_le_bytes(), 7).count_ones();
        }
        let mean = f64::from(ones) / 2000.0;
        assert!((mean - 32.0).abs() < 1.0, "mean popcount {mean}");
    }

    #[test]
    fn partial_loads_equal_a_zero_padded_copy() {
        let bytes: Vec<u8> = (1..=7).map(|i| i * 31).collect();
        for n in 1..=7 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                load_partial(&bytes[..n]),
                u64::from_le_bytes(w),
                "{n} bytes"
            );
        }
    }

    #[test]
    fn combine_is_order_sensitive() {
        assert_ne!(combine(1, 2), combine(2, 1));
    }

    #[test]
    fn splitmix_below_stays_in_range() {
        let mut r = SplitMix64::new(3);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
        }
        assert_eq!(r.below(0), 0);
    }
}

/// A `BuildHasher` for keys that are already well-mixed integers (term ids, band keys, story
/// numbers): one multiply-fold instead of SipHash, which dominated the profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastState;

/// The hasher made by [`FastState`].
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher(u64);

impl std::hash::BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(bytes, self.0);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mum(self.0 ^ n ^ P0, P1);
    }
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A `HashMap` keyed by already-mixed integers.
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastState>;
