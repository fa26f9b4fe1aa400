//! Feature extraction for the tagger: hashed string features of a token and its ±2 neighbourhood.

use crate::fold::{fold_word, shape, split_proclitic};
use crate::gazetteer::{flag, Lexicon};
use std::collections::HashMap;

/// Word → distributional cluster path (bit string, e.g. "0110"), used at several prefix lengths.
pub type Clusters = HashMap<String, String>;

/// Everything feature extraction looks up besides the tokens.
#[derive(Debug, Clone, Default)]
pub struct FeatureResources {
    pub lexicon: Lexicon,
    pub clusters: Clusters,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Final avalanche so nearby FNV values spread over the key space (splitmix64 finalizer).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stable 64-bit key of a feature template and its string parts.
pub fn key(template: u8, parts: &[&str]) -> u64 {
    let mut h = fnv(FNV_OFFSET, &[template]);
    for p in parts {
        h = fnv(h, p.as_bytes());
        h = fnv(h, &[0xff]);
    }
    mix(h)
}

/// The key of `k` specialised to a training domain (feature augmentation, Daumé 2007).
pub fn domain_key(k: u64, domain: u8) -> u64 {
    mix(k ^ (u64::from(domain) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

struct TokenInfo {
    folded: String,
    stem: String,
    proclitic: &'static str,
    shape: String,
    cluster: Option<String>,
}

const PAD_L: &str = "<s>";
const PAD_R: &str = "</s>";

fn prefix_chars(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map(|(b, _)| b);
    match end {
        Some(b) => s.get(..b),
        None if s.chars().count() == n => Some(s),
        None => None,
    }
}

fn suffix_chars(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count < n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(b, _)| b)?;
    s.get(start..)
}

fn static_proclitic(p: &str) -> &'static str {
    const ALL: &[&str] = &[
        "", "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب",
        "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك",
    ];
    ALL.iter().copied().find(|a| *a == p).unwrap_or("?")
}

/// Feature keys for every token of a sentence (without domain specialisation).
pub fn extract(tokens: &[String], res: &FeatureResources) -> Vec<Vec<u64>> {
    let info: Vec<TokenInfo> = tokens
        .iter()
        .map(|t| {
            let folded = fold_word(t);
            let (p, s) = split_proclitic(&folded);
            let proclitic = static_proclitic(p);
            let stem = s.to_string();
            let cluster = res.clusters.get(&folded).cloned();
            TokenInfo {
                shape: shape(t),
                folded,
                stem,
                proclitic,
                cluster,
            }
        })
        .collect();
    let folded: Vec<String> = info.iter().map(|i| i.folded.clone()).collect();
    let gaz = res.lexicon.tag(&folded);
    let n = tokens.len();
    let word = |j: isize| -> &str {
        if j < 0 {
            PAD_L
        } else {
            info.get(j as usize).map_or(PAD_R, |t| t.folded.as_str())
        }
    };
    let stem = |j: isize| -> &str {
        if j < 0 {
            PAD_L
        } else {
            info.get(j as usize).map_or(PAD_R, |t| t.stem.as_str())
        }
    };
    let shp = |j: isize| -> &str {
        if j < 0 {
            PAD_L
        } else {
            info.get(j as usize).map_or(PAD_R, |t| t.shape.as_str())
        }
    };
    let mut out = Vec::with_capacity(n);
    for (i, t) in info.iter().enumerate() {
        let ii = i as isize;
        let mut f = Vec::with_capacity(48);
        f.push(key(0, &[]));
        f.push(key(1, &[&t.folded]));
        f.push(key(2, &[word(ii - 1)]));
        f.push(key(3, &[word(ii + 1)]));
        f.push(key(4, &[word(ii - 2)]));
        f.push(key(5, &[word(ii + 2)]));
        f.push(key(6, &[&t.stem]));
        f.push(key(7, &[stem(ii - 1)]));
        f.push(key(8, &[stem(ii + 1)]));
        for k in 1..=4 {
            if let Some(p) = prefix_chars(&t.folded, k) {
                f.push(key(9, &[p]));
            }
            if let Some(s) = suffix_chars(&t.folded, k) {
                f.push(key(10, &[s]));
            }
        }
        for k in 1..=3 {
            if let Some(p) = prefix_chars(&t.stem, k) {
                f.push(key(11, &[p]));
            }
            if let Some(s) = suffix_chars(&t.stem, k) {
                f.push(key(12, &[s]));
            }
        }
        f.push(key(13, &[t.proclitic]));
        f.push(key(14, &[&t.shape]));
        f.push(key(15, &[shp(ii - 1), &t.shape, shp(ii + 1)]));
        f.push(key(16, &[word(ii - 1), &t.folded]));
        f.push(key(17, &[&t.folded, word(ii + 1)]));
        f.push(key(18, &[stem(ii - 1), &t.stem]));
        let len = t.folded.chars().count().min(8).to_string();
        f.push(key(19, &[&len]));
        if i > 0 {
            if let Some(s) = suffix_chars(word(ii - 1), 2) {
                f.push(key(20, &[s]));
            }
        }
        if let Some(s) = suffix_chars(word(ii + 1), 2) {
            f.push(key(21, &[s]));
        }
        f.push(key(22, &[&tokens[i]]));
        // Gazetteer hits of this token and its neighbours.
        for (off, tpl) in [(0isize, 23u8), (-1, 24), (1, 25)] {
            let j = ii + off;
            if j < 0 || j as usize >= n {
                continue;
            }
            if let Some(g) = gaz.get(j as usize) {
                for (k, (_, name)) in flag::NAMES.iter().enumerate() {
                    match g[k] {
                        1 => f.push(key(tpl, &[name, "B"])),
                        2 => f.push(key(tpl, &[name, "I"])),
                        _ => {}
                    }
                }
            }
        }
        // Distributional clusters at several granularities.
        for (off, tpl) in [(0isize, 26u8), (-1, 27), (1, 28)] {
            let j = ii + off;
            if j < 0 || j as usize >= n {
                continue;
            }
            if let Some(c) = info.get(j as usize).and_then(|x| x.cluster.as_deref()) {
                for plen in [4usize, 8, 12, 16] {
                    if let Some(p) = prefix_chars(c, plen) {
                        f.push(key(tpl, &[p]));
                    } else {
                        f.push(key(tpl, &[c]));
                        break;
                    }
                }
            }
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_keys_are_stable_and_distinct() {
        assert_eq!(key(1, &["قالن"]), key(1, &["قالن"]));
        assert_ne!(key(1, &["قالن"]), key(2, &["قالن"]));
        assert_ne!(key(16, &["ab", "c"]), key(16, &["a", "bc"]));
    }

    #[test]
    fn every_token_gets_features_and_neighbours_differ() {
        let toks: Vec<String> = ["قال", "إبراهيم", "قالن"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let f = extract(&toks, &FeatureResources::default());
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|x| x.len() > 20));
        assert_ne!(f[0], f[1]);
    }

    #[test]
    fn affix_helpers_count_chars_not_bytes() {
        assert_eq!(prefix_chars("قالن", 2), Some("قا"));
        assert_eq!(suffix_chars("قالن", 2), Some("لن"));
        assert_eq!(suffix_chars("ق", 2), None);
    }
}
