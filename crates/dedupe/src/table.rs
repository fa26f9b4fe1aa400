//! An open-addressing hash table for integer keys with explicit prefetch, so a loop over an article's terms can overlap its cache misses.
//!
//! The index's term tables (document frequencies, per-outlet recurrence, story postings) hold
//! hundreds of thousands of entries, far beyond the L2 cache, and `assign` touches ~150 random
//! entries per article: the time went to waiting on memory one entry after another. Asking for
//! every entry first ([`IntMap::prefetch`]) and then working on them lets the misses proceed in
//! parallel. `std`'s `HashMap` does not expose where an entry lives, hence this small table.

/// Key of an empty slot; a real key with this value lives in [`IntMap::max_key`].
const EMPTY: u64 = u64::MAX;

/// A hash map from `u64` keys to `Copy` values: linear probing, power-of-two capacity, at most
/// half full. Keys are mixed with one multiply, so any integers do (term ids are hashes already).
#[derive(Debug, Clone)]
pub struct IntMap<V: Copy> {
    slots: Vec<(u64, V)>,
    /// `64 - log2(capacity)`: the slot of a key is the top bits of its mixed value.
    shift: u32,
    len: usize,
    /// The value of key `u64::MAX` (the empty-slot marker), kept aside.
    max_key: Option<V>,
    /// The value written into empty slots (never read as a value).
    filler: V,
}

fn mix(k: u64) -> u64 {
    k.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl<V: Copy> IntMap<V> {
    /// An empty map; `filler` only fills unused slots.
    pub fn new(filler: V) -> IntMap<V> {
        IntMap {
            slots: Vec::new(),
            shift: 64,
            len: 0,
            max_key: None,
            filler,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.len + usize::from(self.max_key.is_some())
    }

    /// Slots allocated (for memory estimates).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    fn home(&self, k: u64) -> usize {
        if self.shift >= 64 {
            0
        } else {
            (mix(k) >> self.shift) as usize
        }
    }

    /// Slot holding `k`, or the empty slot where it would go.
    fn find(&self, k: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = self.home(k);
        loop {
            let s = self.slots.get(i)?.0;
            if s == k || s == EMPTY {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    pub fn get(&self, k: u64) -> Option<&V> {
        if k == EMPTY {
            return self.max_key.as_ref();
        }
        let i = self.find(k)?;
        self.slots.get(i).filter(|s| s.0 == k).map(|s| &s.1)
    }

    /// The value of `k`, inserting `default` first if absent.
    pub fn get_or_insert(&mut self, k: u64, default: V) -> &mut V {
        if k == EMPTY {
            return self.max_key.get_or_insert(default);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow((self.len + 1) * 2);
        }
        // `grow` leaves at least one empty slot, so `find` ends.
        let i = self.find(k).unwrap_or(0);
        let Some(slot) = self.slots.get_mut(i) else {
            // Unreachable: `grow` allocated slots. Fall back to the side slot rather than panic.
            return self.max_key.get_or_insert(default);
        };
        if slot.0 == EMPTY {
            *slot = (k, default);
            self.len += 1;
        }
        &mut slot.1
    }

    /// Re-insert everything into a table of at least `min_slots` slots.
    fn grow(&mut self, min_slots: usize) {
        let n = min_slots.next_power_of_two().max(16);
        if n <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, self.filler); n]);
        self.shift = 64 - n.trailing_zeros();
        let mask = n - 1;
        for (k, v) in old.into_iter().filter(|s| s.0 != EMPTY) {
            let mut i = self.home(k);
            while let Some(slot) = self.slots.get_mut(i) {
                if slot.0 == EMPTY {
                    *slot = (k, v);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /// Start loading the slot of `k` into the cache (a hint; no effect on the map).
    #[inline]
    pub fn prefetch(&self, k: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(slot) = self.slots.get(self.home(k)) {
                // SAFETY: a prefetch never faults and reads nothing; the pointer is a live slot.
                unsafe {
                    std::arch::x86_64::_mm_prefetch(
                        (slot as *const (u64, V)).cast::<i8>(),
                        std::arch::x86_64::_MM_HINT_T0,
                    );
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = k;
    }

    /// Every `(key, value)`, in no particular order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.slots
            .iter()
            .filter(|s| s.0 != EMPTY)
            .map(|s| (s.0, &s.1))
            .chain(self.max_key.as_ref().map(|v| (EMPTY, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn agrees_with_a_hash_map_on_random_operations() {
        let mut rng = crate::hash::SplitMix64::new(5);
        let mut ours: IntMap<u32> = IntMap::new(0);
        let mut theirs: HashMap<u64, u32> = HashMap::new();
        for step in 0..20_000u32 {
            // Small key range (many repeats), plus the empty-slot marker itself.
            let k = match rng.below(50) {
                0 => u64::MAX,
                _ => rng.below(3000) as u64,
            };
            if rng.below(2) == 0 {
                *ours.get_or_insert(k, 7) += step;
                *theirs.entry(k).or_insert(7) += step;
            } else {
                ours.prefetch(k);
                assert_eq!(ours.get(k), theirs.get(&k));
            }
        }
        assert_eq!(ours.len(), theirs.len());
        let mut a: Vec<(u64, u32)> = ours.iter().map(|(k, v)| (k, *v)).collect();
        let mut b: Vec<(u64, u32)> = theirs.into_iter().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
        assert!(ours.capacity() >= ours.len());
    }

    #[test]
    fn empty_map_answers_none() {
        let m: IntMap<u8> = IntMap::new(0);
        assert_eq!(m.get(3), None);
        assert_eq!(m.get(u64::MAX), None);
        assert_eq!(m.len(), 0);
        m.prefetch(3);
    }
}
