//! Feature extraction for the tagger: hashed string features of a token and its ±2 neighbourhood.

use crate::fold::{fold_word_into, shape_into, split_proclitic};
use crate::gazetteer::{flag, Lexicon};

/// Word → distributional cluster path (bit string, e.g. "0110"), used at several prefix lengths.
pub type Clusters = crate::strhash::StrMap<String>;

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

const PAD_L: &str = "<s>";
const PAD_R: &str = "</s>";

fn prefix_chars(s: &str, n: usize) -> Option<&str> {
    // One pass: the byte offset of char `n`, or the whole string when it has exactly `n` chars.
    let mut it = s.char_indices();
    match it.nth(n) {
        Some((b, _)) => s.get(..b),
        None => (s.chars().count() == n).then_some(s),
    }
}

fn suffix_chars(s: &str, n: usize) -> Option<&str> {
    // Walk back over the last `n` chars only (`n == 0` has no suffix, as in the trained helper).
    let (b, _) = s.char_indices().rev().nth(n.checked_sub(1)?)?;
    s.get(b..)
}

fn static_proclitic(p: &str) -> &'static str {
    const ALL: &[&str] = &[
        "", "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب",
        "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك",
    ];
    ALL.iter().copied().find(|a| *a == p).unwrap_or("?")
}

/// Incremental form of [`key`]: the same value for the same template and parts, without building
/// a slice of parts.
#[derive(Clone, Copy)]
struct KeyHasher(u64);

impl KeyHasher {
    fn new(template: u8) -> KeyHasher {
        KeyHasher(fnv(FNV_OFFSET, &[template]))
    }
    fn part(self, p: &str) -> KeyHasher {
        KeyHasher(fnv(fnv(self.0, p.as_bytes()), &[0xff]))
    }
    fn finish(self) -> u64 {
        mix(self.0)
    }
}

fn key1(template: u8, p: &str) -> u64 {
    KeyHasher::new(template).part(p).finish()
}

/// Feature keys of a sentence, flat: token `i` has `keys[ranges[i].clone()]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceFeatures {
    pub keys: Vec<u64>,
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl SentenceFeatures {
    /// The keys of each token as separate vectors (the training layout).
    pub fn to_nested(&self) -> Vec<Vec<u64>> {
        self.ranges
            .iter()
            .map(|r| self.keys.get(r.clone()).unwrap_or(&[]).to_vec())
            .collect()
    }
}

/// Word `j` of a sentence, or the padding symbol outside it.
fn at<'a>(v: &[&'a str], j: isize) -> &'a str {
    if j < 0 {
        PAD_L
    } else {
        v.get(j as usize).copied().unwrap_or(PAD_R)
    }
}

/// Decimal strings of the length feature (word length in chars, capped at 8).
const LENGTHS: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// Feature keys for every token of a sentence (without domain specialisation).
pub fn extract<S: AsRef<str>>(tokens: &[S], res: &FeatureResources) -> Vec<Vec<u64>> {
    let mut out = SentenceFeatures::default();
    extract_into(tokens, res, &mut out);
    out.to_nested()
}

/// [`extract`] into a reusable flat buffer (cleared first): the tagging hot path. Folded words and
/// shapes of the sentence share two string buffers, so the work per token allocates nothing.
pub fn extract_into<S: AsRef<str>>(
    tokens: &[S],
    res: &FeatureResources,
    out: &mut SentenceFeatures,
) {
    out.keys.clear();
    out.ranges.clear();
    let n = tokens.len();
    let mut folded_buf = String::new();
    let mut shape_buf = String::new();
    let mut bounds: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(n);
    for t in tokens {
        let t = t.as_ref();
        let (f0, s0) = (folded_buf.len(), shape_buf.len());
        fold_word_into(t, &mut folded_buf);
        shape_into(t, &mut shape_buf);
        bounds.push((f0, folded_buf.len(), s0, shape_buf.len()));
    }
    let folded: Vec<&str> = bounds
        .iter()
        .map(|&(a, b, _, _)| folded_buf.get(a..b).unwrap_or(""))
        .collect();
    let shapes: Vec<&str> = bounds
        .iter()
        .map(|&(_, _, a, b)| shape_buf.get(a..b).unwrap_or(""))
        .collect();
    let splits: Vec<(&'static str, &str)> = folded
        .iter()
        .map(|f| {
            let (p, s) = split_proclitic(f);
            (static_proclitic(p), s)
        })
        .collect();
    let clusters: Vec<Option<&str>> = folded
        .iter()
        .map(|f| res.clusters.get(*f).map(String::as_str))
        .collect();
    let gaz = res.lexicon.tag(&folded);
    let stems: Vec<&str> = splits.iter().map(|&(_, s)| s).collect();
    let k0 = key(0, &[]);
    let f = &mut out.keys;
    for i in 0..n {
        let start = f.len();
        let ii = i as isize;
        let w0 = at(&folded, ii);
        let st = at(&stems, ii);
        let shape = at(&shapes, ii);
        let (wm1, wp1) = (at(&folded, ii - 1), at(&folded, ii + 1));
        let (sm1, sp1) = (at(&stems, ii - 1), at(&stems, ii + 1));
        f.push(k0);
        f.push(key1(1, w0));
        f.push(key1(2, wm1));
        f.push(key1(3, wp1));
        f.push(key1(4, at(&folded, ii - 2)));
        f.push(key1(5, at(&folded, ii + 2)));
        f.push(key1(6, st));
        f.push(key1(7, sm1));
        f.push(key1(8, sp1));
        for k in 1..=4 {
            if let Some(p) = prefix_chars(w0, k) {
                f.push(key1(9, p));
            }
            if let Some(s) = suffix_chars(w0, k) {
                f.push(key1(10, s));
            }
        }
        for k in 1..=3 {
            if let Some(p) = prefix_chars(st, k) {
                f.push(key1(11, p));
            }
            if let Some(s) = suffix_chars(st, k) {
                f.push(key1(12, s));
            }
        }
        f.push(key1(13, splits.get(i).map_or("", |s| s.0)));
        f.push(key1(14, shape));
        f.push(
            KeyHasher::new(15)
                .part(at(&shapes, ii - 1))
                .part(shape)
                .part(at(&shapes, ii + 1))
                .finish(),
        );
        f.push(KeyHasher::new(16).part(wm1).part(w0).finish());
        f.push(KeyHasher::new(17).part(w0).part(wp1).finish());
        f.push(KeyHasher::new(18).part(sm1).part(st).finish());
        f.push(key1(19, LENGTHS[w0.chars().count().min(8)]));
        if i > 0 {
            if let Some(s) = suffix_chars(wm1, 2) {
                f.push(key1(20, s));
            }
        }
        if let Some(s) = suffix_chars(wp1, 2) {
            f.push(key1(21, s));
        }
        f.push(key1(22, tokens.get(i).map_or("", |t| t.as_ref())));
        // Gazetteer hits of this token and its neighbours.
        for (off, tpl) in [(0isize, 23u8), (-1, 24), (1, 25)] {
            let j = ii + off;
            if j < 0 {
                continue;
            }
            if let Some(g) = gaz.get(j as usize) {
                for (k, (_, name)) in flag::NAMES.iter().enumerate() {
                    match g.get(k) {
                        Some(1) => f.push(KeyHasher::new(tpl).part(name).part("B").finish()),
                        Some(2) => f.push(KeyHasher::new(tpl).part(name).part("I").finish()),
                        _ => {}
                    }
                }
            }
        }
        // Distributional clusters at several granularities.
        for (off, tpl) in [(0isize, 26u8), (-1, 27), (1, 28)] {
            let j = ii + off;
            if j < 0 {
                continue;
            }
            if let Some(c) = clusters.get(j as usize).copied().flatten() {
                for plen in [4usize, 8, 12, 16] {
                    if let Some(p) = prefix_chars(c, plen) {
                        f.push(key1(tpl, p));
                    } else {
                        f.push(key1(tpl, c));
                        break;
                    }
                }
            }
        }
        out.ranges.push(start..f.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::{fold_word, shape};

    struct TokenInfo {
        folded: String,
        stem: String,
        proclitic: &'static str,
        shape: String,
        cluster: Option<String>,
    }

    /// The feature extraction the shipped model was trained with, kept verbatim: `extract` must give
    /// exactly these keys.
    // The affix helpers as the model was trained with them.
    fn ref_prefix_chars(s: &str, n: usize) -> Option<&str> {
        let end = s.char_indices().nth(n).map(|(b, _)| b);
        match end {
            Some(b) => s.get(..b),
            None if s.chars().count() == n => Some(s),
            None => None,
        }
    }

    fn ref_suffix_chars(s: &str, n: usize) -> Option<&str> {
        let count = s.chars().count();
        if count < n {
            return None;
        }
        let start = s.char_indices().nth(count - n).map(|(b, _)| b)?;
        s.get(start..)
    }

    #[test]
    fn affix_helpers_match_the_trained_ones() {
        for w in [
            "",
            "ق",
            "قالن",
            "والقاهره",
            "abc",
            "F-16",
            "<s>",
            "</s>",
            "0110101",
        ] {
            for n in 0..10 {
                assert_eq!(prefix_chars(w, n), ref_prefix_chars(w, n), "{w} {n}");
                assert_eq!(suffix_chars(w, n), ref_suffix_chars(w, n), "{w} {n}");
            }
        }
    }

    fn reference_extract(tokens: &[String], res: &FeatureResources) -> Vec<Vec<u64>> {
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
                if let Some(p) = ref_prefix_chars(&t.folded, k) {
                    f.push(key(9, &[p]));
                }
                if let Some(s) = ref_suffix_chars(&t.folded, k) {
                    f.push(key(10, &[s]));
                }
            }
            for k in 1..=3 {
                if let Some(p) = ref_prefix_chars(&t.stem, k) {
                    f.push(key(11, &[p]));
                }
                if let Some(s) = ref_suffix_chars(&t.stem, k) {
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
                if let Some(s) = ref_suffix_chars(word(ii - 1), 2) {
                    f.push(key(20, &[s]));
                }
            }
            if let Some(s) = ref_suffix_chars(word(ii + 1), 2) {
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
                        if let Some(p) = ref_prefix_chars(c, plen) {
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

    #[test]
    fn fast_extraction_gives_the_reference_keys() {
        let res =
            crate::feature_resources(crate::PLACES_TSV, crate::ACTORS_TSV, crate::CLUSTERS_TSV);
        for text in [
            "التقى الرئيس التركي رجب طيب أردوغان وزير الخارجية الأمريكي في أنقرة يوم الأحد .",
            "وقال المتحدث باسم الأمم المتحدة ستيفان دوجاريك إن 2024 F-16 ، بإسطنبول (الأحد)",
            "ق",
            "",
        ] {
            let toks: Vec<String> = text.split_whitespace().map(str::to_string).collect();
            assert_eq!(
                extract(&toks, &res),
                reference_extract(&toks, &res),
                "{text}"
            );
        }
    }

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
