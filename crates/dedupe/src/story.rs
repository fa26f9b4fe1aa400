//! Story clustering: TF-IDF term vectors, incremental document frequencies and story centroids in a time window.

use std::collections::HashMap;

use crate::hash::{hash_bytes, FastMap};
use crate::normalize::{stem, words};
use crate::rounds;
use crate::table::IntMap;

const TERM_SEED: u64 = 0x7374_6f72_7974_726d; // "storytrm"

/// The IDF prior computed from the shared ANT news corpus (see NOTICE.d/dedupe.txt):
/// `# docs<TAB>N` then `stem<TAB>df` lines.
const IDF_PRIOR: &str = include_str!("../../../resources/dedupe/idf_ar.tsv");

/// Term id of a stem (32-bit hash; a collision merges two rare terms, which is harmless here).
pub fn term_id(stem: &str) -> u32 {
    hash_bytes(stem.as_bytes(), TERM_SEED) as u32
}

/// Stems of a normalized text, in order (tokens too short to stem are skipped).
pub fn stems(normalized: &str) -> impl Iterator<Item = &str> {
    words(normalized).filter_map(stem)
}

/// Document and day frequencies: a shipped prior plus counts accumulated from stored articles.
///
/// Besides the usual document frequency we count on how many distinct publication days a term
/// occurs. Terms of recurring items (weather words, league vocabulary, team names) occur on most
/// days, terms of one development (a victim's name, a village) burst on a few: the day-IDF
/// separates "same story" from "same template" far better than document IDF alone.
#[derive(Debug, Clone)]
pub struct Idf {
    docs: u32,
    prior_days: u32,
    seen_days: FastMap<i32, ()>,
    /// term → counts; the prior is loaded into the same map (with no recent days).
    stats: IntMap<TermStat>,
}

/// Counts of one term.
#[derive(Debug, Clone, Copy)]
struct TermStat {
    docs: u32,
    days: u32,
    /// Latest publication day the term was seen on (`i32::MIN` for prior-only terms).
    last: i32,
    /// Bit `i` set: the term was seen on day `last - i` (the last 64 days).
    recent: u64,
}

impl TermStat {
    const EMPTY: TermStat = TermStat {
        docs: 0,
        days: 0,
        last: i32::MIN,
        recent: 0,
    };

    /// Count one more article with this term, published on `day`.
    fn count(&mut self, day: Option<i32>) {
        self.docs += 1;
        let Some(d) = day else { return };
        if self.last == i32::MIN || d > self.last {
            let shift = if self.last == i32::MIN {
                64
            } else {
                i64::from(d) - i64::from(self.last)
            };
            self.recent = if shift >= 64 { 0 } else { self.recent << shift } | 1;
            self.last = d;
            self.days += 1;
        } else {
            // Same or earlier day (out-of-order ingest): count it once if still in the mask.
            let back = i64::from(self.last) - i64::from(d);
            let bit = if back < 64 { 1u64 << back } else { 0 };
            if bit == 0 || self.recent & bit == 0 {
                self.recent |= bit;
                self.days += 1;
            }
        }
    }

    /// Weights given `n` = documents + 1 and `d` = days + 1 of the whole index.
    fn weights(
        &self,
        n: f64,
        d: f64,
        docs: u32,
        max_df_ratio: f32,
        day: Option<i32>,
        window: i32,
    ) -> TermWeights {
        let recent = day.map_or(0, |day| {
            self.days_between(day, window + 1, window + RECURRENCE_LOOKBACK)
        });
        TermWeights {
            idf: ((n / (f64::from(self.docs) + 1.0)).ln() + 1.0) as f32,
            day_idf: ((d / (f64::from(self.days) + 1.0)).ln() + 1.0) as f32,
            stop: docs >= 50 && self.docs as f32 > max_df_ratio * docs as f32,
            recent_days: recent.min(255) as u8,
        }
    }

    /// Distinct days in `[day - hi, day - lo]` on which the term was seen (`lo ≤ hi`).
    fn days_between(&self, day: i32, lo: i32, hi: i32) -> u32 {
        if self.last == i32::MIN || self.recent == 0 {
            return 0;
        }
        // Day x is bit `last - x`; x ∈ [day - hi, day - lo] ⇔ bit ∈ [last - day + lo, last - day + hi].
        let base = i64::from(self.last) - i64::from(day);
        let a = (base + i64::from(lo)).max(0);
        let b = (base + i64::from(hi)).min(63);
        if a > b {
            return 0;
        }
        let width = (b - a + 1) as u32;
        let mask = if width >= 64 {
            u64::MAX
        } else {
            ((1u64 << width) - 1) << a
        };
        (self.recent & mask).count_ones()
    }
}

/// How often each outlet's story vocabulary recurs: per (outlet, term) the days the term was
/// among the vector terms of that outlet's articles (the same 64-day bitmask as [`Idf`]).
///
/// Template vocabulary (an outlet's weather bulletin, its fixture lists) is a property of the
/// outlet: counted over all outlets, one outlet's daily place names and team names would make
/// another outlet's news on that place look like a template. Only vector terms are tracked (48
/// per article), which keeps the table small.
#[derive(Debug, Clone)]
pub struct OutletRecurrence {
    outlets: FastMap<String, u32>,
    stats: IntMap<TermStat>,
}

fn outlet_key(outlet: u32, term: u32) -> u64 {
    (u64::from(outlet) << 32) | u64::from(term)
}

impl Default for OutletRecurrence {
    fn default() -> OutletRecurrence {
        OutletRecurrence {
            outlets: FastMap::default(),
            stats: IntMap::new(TermStat::EMPTY),
        }
    }
}

impl OutletRecurrence {
    /// Replace each weight's `recent_days` by the count in `outlet`'s own history (0 for an
    /// outlet not seen before).
    pub fn localize(
        &self,
        outlet: &str,
        v: &[(u32, f32)],
        ws: &mut [TermWeights],
        day: i32,
        window: i32,
    ) {
        let o = self.outlets.get(outlet).copied();
        for ((t, _), tw) in v.iter().zip(ws.iter_mut()) {
            let recent = o
                .and_then(|o| self.stats.get(outlet_key(o, *t)))
                .map_or(0, |st| {
                    st.days_between(day, window + 1, window + RECURRENCE_LOOKBACK)
                });
            tw.recent_days = recent.min(255) as u8;
        }
    }

    /// [`OutletRecurrence::localize`] then [`OutletRecurrence::add`] with one map access per
    /// term (the article's own day lies inside its window, so counting it first changes nothing).
    pub fn localize_and_add(
        &mut self,
        outlet: &str,
        v: &[(u32, f32)],
        ws: &mut [TermWeights],
        day: i32,
        window: i32,
    ) {
        let o = self.outlet_number(outlet);
        for (t, _) in v {
            self.stats.prefetch(outlet_key(o, *t));
        }
        for ((t, _), tw) in v.iter().zip(ws.iter_mut()) {
            let st = self.stats.get_or_insert(outlet_key(o, *t), TermStat::EMPTY);
            let recent = st.days_between(day, window + 1, window + RECURRENCE_LOOKBACK);
            tw.recent_days = recent.min(255) as u8;
            st.count(Some(day));
        }
    }

    fn outlet_number(&mut self, outlet: &str) -> u32 {
        let next = self.outlets.len() as u32;
        match self.outlets.get(outlet) {
            Some(&o) => o,
            None => {
                self.outlets.insert(outlet.to_string(), next);
                next
            }
        }
    }

    /// Count an article of `outlet` with vector `v` published on `day`.
    pub fn add(&mut self, outlet: &str, v: &[(u32, f32)], day: i32) {
        let o = self.outlet_number(outlet);
        for (t, _) in v {
            self.stats
                .get_or_insert(outlet_key(o, *t), TermStat::EMPTY)
                .count(Some(day));
        }
    }

    /// Approximate heap bytes (for benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.stats.capacity() * std::mem::size_of::<(u64, TermStat)>()
    }
}

/// The weights of one term at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermWeights {
    pub idf: f32,
    pub day_idf: f32,
    pub stop: bool,
    /// Distinct days the term was seen on in the weeks *before* the story window of the article
    /// (see [`RECURRENCE_LOOKBACK`]): recurring template vocabulary (weather words, fixtures,
    /// team names) scores high, a new development's names score 0.
    pub recent_days: u8,
}

/// Days looked back (before the story window) to count how often a term recurs.
pub const RECURRENCE_LOOKBACK: i32 = 28;

impl Idf {
    /// Only the counts accumulated from stored articles (no prior).
    pub fn empty() -> Idf {
        Idf {
            docs: 0,
            prior_days: 0,
            seen_days: FastMap::default(),
            stats: IntMap::new(TermStat::EMPTY),
        }
    }

    /// The shipped prior (malformed lines are skipped; the file is generated by `build_prior`).
    pub fn with_prior() -> Idf {
        let mut idf = Idf::empty();
        for line in IDF_PRIOR.lines() {
            let mut it = line.split('\t');
            let (Some(a), Some(b)) = (it.next(), it.next()) else {
                continue;
            };
            let Ok(n) = b.trim().parse::<u32>() else {
                continue;
            };
            let days = it
                .next()
                .and_then(|d| d.trim().parse::<u32>().ok())
                .unwrap_or(n);
            if a == "# docs" {
                idf.docs = n;
                idf.prior_days = days;
            } else if !a.starts_with('#') {
                let e = idf.stats.get_or_insert(term_id(a).into(), TermStat::EMPTY);
                e.docs += n;
                e.days += days;
            }
        }
        idf
    }

    pub fn docs(&self) -> u32 {
        self.docs
    }

    fn days(&self) -> u32 {
        self.prior_days + self.seen_days.len() as u32
    }

    pub fn df(&self, t: u32) -> u32 {
        self.stats.get(t.into()).map_or(0, |s| s.docs)
    }

    /// IDF, day-IDF and stop flag of a term with a single lookup.
    ///
    /// IDF is `ln((N+1)/(df+1)) + 1`; day-IDF is the same over distinct publication days (D =
    /// days seen); a term is a stop term when it occurs in more than `max_df_ratio` of documents.
    pub fn weights(&self, t: u32, max_df_ratio: f32) -> TermWeights {
        self.weights_at(t, max_df_ratio, None, 0)
    }

    /// [`Idf::weights`] for an article published on `day` whose story window is ± `window`
    /// days: also counts the days the term was seen on in the [`RECURRENCE_LOOKBACK`] days
    /// before that window.
    pub fn weights_at(
        &self,
        t: u32,
        max_df_ratio: f32,
        day: Option<i32>,
        window: i32,
    ) -> TermWeights {
        let st = self.stats.get(t.into()).copied().unwrap_or(TermStat::EMPTY);
        let n = f64::from(self.docs) + 1.0;
        let d = f64::from(self.days()) + 1.0;
        st.weights(n, d, self.docs, max_df_ratio, day, window)
    }

    /// Smoothed inverse document frequency `ln((N+1)/(df+1)) + 1`.
    pub fn idf(&self, t: u32) -> f32 {
        self.weights(t, 1.0).idf
    }

    /// Inverse day frequency `ln((D+1)/(days+1)) + 1`.
    pub fn day_idf(&self, t: u32) -> f32 {
        self.weights(t, 1.0).day_idf
    }

    /// A term too frequent to say anything about a story (function words, outlet boilerplate).
    pub fn is_stop(&self, t: u32, max_df_ratio: f32) -> bool {
        self.weights(t, max_df_ratio).stop
    }

    /// Count one stored article with these distinct terms, published on `day`. Day counts
    /// assume roughly date-ordered ingest (a term's day is counted when it differs from the
    /// last day counted for it).
    pub fn add_doc(&mut self, distinct_terms: &[u32], day: Option<i32>) {
        self.docs += 1;
        if let Some(d) = day {
            self.seen_days.insert(d, ());
        }
        for &t in distinct_terms {
            self.stats
                .get_or_insert(t.into(), TermStat::EMPTY)
                .count(day);
        }
    }

    /// The weights of each of the article's distinct terms as [`Idf::weights_at`] gives them
    /// *before* the article is counted, then count it as [`Idf::add_doc`] does — one map access
    /// per term instead of two (this was the hottest spot of `assign`).
    pub fn weigh_and_add(
        &mut self,
        distinct_terms: &[u32],
        max_df_ratio: f32,
        day: Option<i32>,
        window: i32,
    ) -> Vec<TermWeights> {
        let n = f64::from(self.docs) + 1.0;
        let d = f64::from(self.days()) + 1.0;
        let docs = self.docs;
        let mut out = Vec::with_capacity(distinct_terms.len());
        for &t in distinct_terms {
            self.stats.prefetch(t.into());
        }
        for &t in distinct_terms {
            let e = self.stats.get_or_insert(t.into(), TermStat::EMPTY);
            out.push(e.weights(n, d, docs, max_df_ratio, day, window));
            e.count(day);
        }
        self.docs += 1;
        if let Some(d) = day {
            self.seen_days.insert(d, ());
        }
        out
    }
}

/// Whether a normalized title names a digest of the day's news rather than one development:
/// "أبرز أخبار الجمعة …", "أهم الأخبار لليوم …", "أبرز عناوين الأخبار …", "موجز الأخبار",
/// "حصاد الأسبوع", "جولة في الصحف", "عناوين الصحف".
pub fn is_digest_title(title_norm: &str) -> bool {
    let mut w = words(title_norm);
    let (Some(a), b) = (w.next(), w.next()) else {
        return false;
    };
    let b = b.unwrap_or("");
    let news = |x: &str| {
        matches!(
            x,
            "اخبار"
                | "الاخبار"
                | "انباء"
                | "الانباء"
                | "احداث"
                | "الاحداث"
                | "عناوين"
                | "العناوين"
                | "المستجدات"
        )
    };
    match a {
        "ابرز" | "اهم" | "موجز" | "ملخص" | "نشره" => news(b),
        "حصاد" => news(b) || matches!(b, "اليوم" | "الاسبوع" | "الاسبوعي"),
        "جوله" => b == "في" && w.next() == Some("الصحف"),
        "عناوين" => b == "الصحف",
        _ => false,
    }
}

/// Render a prior table (`# docs\tN\tD`, then `stem\tdf\tdays` for stems with df ≥ `min_df`,
/// sorted by df descending then stem) from normalized texts and their publication days.
pub fn build_prior<'a>(docs: impl Iterator<Item = (&'a str, Option<i32>)>, min_df: u32) -> String {
    let mut df: HashMap<String, (u32, std::collections::BTreeSet<i32>)> = HashMap::new();
    let mut n = 0u32;
    let mut all_days = std::collections::BTreeSet::new();
    for (doc, day) in docs {
        n += 1;
        if let Some(d) = day {
            all_days.insert(d);
        }
        let mut seen: Vec<&str> = stems(doc).collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            let e = df.entry(s.to_string()).or_default();
            e.0 += 1;
            if let Some(d) = day {
                e.1.insert(d);
            }
        }
    }
    let mut rows: Vec<(String, u32, usize)> = df
        .into_iter()
        .filter(|(_, c)| c.0 >= min_df)
        .map(|(s, c)| (s, c.0, c.1.len()))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = format!("# docs\t{n}\t{}\n", all_days.len());
    for (s, c, d) in rows {
        out.push_str(&format!("{s}\t{c}\t{d}\n"));
    }
    out
}

/// Distinct term ids of a document (title and text), sorted.
pub fn distinct_terms(title_norm: &str, text_norm: &str) -> Vec<u32> {
    let mut v: Vec<u32> = stems(title_norm)
        .chain(stems(text_norm))
        .map(term_id)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The L2-normalised vector of a document — weight (1 + ln tf) · IDF · day-IDF — over its `top`
/// heaviest terms, sorted by term id, with each term's weights at this moment (same order).
/// Title terms count `title_boost` extra occurrences each.
pub fn term_vector(
    title_norm: &str,
    text_norm: &str,
    idf: &Idf,
    top: usize,
    title_boost: f32,
    max_df_ratio: f32,
) -> (Vec<(u32, f32)>, Vec<TermWeights>) {
    term_vector_from_counts(
        &term_counts(title_norm, text_norm, title_boost),
        idf,
        &VectorParams {
            top,
            max_df_ratio,
            ..VectorParams::default()
        },
    )
}

/// How an article's term vector is weighted (see `Config`).
#[derive(Debug, Clone, Copy)]
pub struct VectorParams {
    /// Terms kept.
    pub top: usize,
    /// Terms in more than this fraction of documents are dropped.
    pub max_df_ratio: f32,
    /// Publication day of the article (for recurrence counts).
    pub day: Option<i32>,
    /// Story window (± days): recurrence is counted before it.
    pub window: i32,
    /// A term's weight is divided by `1 + recurrence_damping · recent_days`.
    pub recurrence_damping: f32,
}

impl Default for VectorParams {
    fn default() -> VectorParams {
        VectorParams {
            top: 48,
            max_df_ratio: 0.2,
            day: None,
            window: 0,
            recurrence_damping: 0.0,
        }
    }
}

/// Single-letter proclitics (`ب` "in", `ل` "for", `ك` "as", `ف` "so", `و` "and") that the
/// light stemmer cannot strip blindly: `بصفاقس` is "in Sfax" but `بلدية` is a word.
const SHORT_PROCLITICS: [char; 5] = ['ب', 'ل', 'ك', 'ف', 'و'];

/// No proclitic-free alternative term (see [`word_term_candidates`]).
pub const NO_ALT: u32 = u32::MAX;

/// The term of one word: its light stem, or — when the word starts with a single-letter
/// proclitic — the stem without it if that is a known, clearly more frequent term (the
/// counts decide: `صفاقس` is far more frequent than `بصفاقس`, `لجنه` more than `جنه`).
/// Cross-outlet rewrites say "a factory in Sfax" as `بمصنع بصفاقس` or `مصنع في صفاقس`.
pub fn word_term(word: &str, idf: Option<&Idf>) -> Option<u32> {
    let (t, alt) = word_term_candidates(word)?;
    Some(match idf {
        Some(idf) => resolve_term(t, alt, idf),
        None => t,
    })
}

/// The part of [`word_term`] that needs no counts: the term of the word's stem, and the term
/// of the stem without a leading single-letter proclitic ([`NO_ALT`] when there is none).
pub fn word_term_candidates(word: &str) -> Option<(u32, u32)> {
    let s = stem(word)?;
    let t = term_id(s);
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Some((t, NO_ALT));
    };
    if !SHORT_PROCLITICS.contains(&first) || !s.starts_with(first) {
        return Some((t, NO_ALT));
    }
    let rest = chars.as_str();
    let alt = stem(rest)
        .filter(|a| crate::normalize::char_count(a) >= 3)
        .map_or(NO_ALT, term_id);
    Some((t, alt))
}

/// The part of [`word_term`] that reads the counts: the proclitic-free term when it occurs in
/// ≥ 20 documents and ≥ 3× as many as the glued one.
pub fn resolve_term(t: u32, alt: u32, idf: &Idf) -> u32 {
    if alt == NO_ALT {
        return t;
    }
    let (df_alt, df_s) = (idf.df(alt), idf.df(t));
    if df_alt >= 20 && df_alt >= 3 * (df_s + 1) {
        alt
    } else {
        t
    }
}

/// Term frequencies of a document sorted by term id (title terms weighted `title_boost`): the
/// distinct terms are its keys. Sorting a `Vec` avoids a hash map per article.
pub fn term_counts(title_norm: &str, text_norm: &str, title_boost: f32) -> Vec<(u32, f32)> {
    term_counts_in(title_norm, text_norm, title_boost, None)
}

/// [`term_counts`] with single-letter proclitics resolved against the counts of `idf`
/// (see [`word_term`]).
pub fn term_counts_in(
    title_norm: &str,
    text_norm: &str,
    title_boost: f32,
    idf: Option<&Idf>,
) -> Vec<(u32, f32)> {
    let candidates = term_candidates(title_norm, text_norm, title_boost);
    match idf {
        Some(idf) => resolve_counts(&candidates, idf),
        None => merge_counts(candidates.into_iter().map(|((t, _), w)| (t, w)).collect()),
    }
}

/// A story term candidate: `((term, proclitic-free term or NO_ALT), tf)`.
pub type TermCandidate = ((u32, u32), f32);

/// The counts-free half of [`term_counts_in`]: one [`TermCandidate`] per distinct pair, sorted.
pub fn term_candidates(title_norm: &str, text_norm: &str, title_boost: f32) -> Vec<TermCandidate> {
    merge_counts(
        words(text_norm)
            .filter_map(word_term_candidates)
            .map(|k| (k, 1.0))
            .chain(
                words(title_norm)
                    .filter_map(word_term_candidates)
                    .map(|k| (k, title_boost)),
            )
            .collect(),
    )
}

/// Term frequencies from [`term_candidates`], each resolved against the counts of `idf`.
pub fn resolve_counts(candidates: &[TermCandidate], idf: &Idf) -> Vec<(u32, f32)> {
    merge_counts(
        candidates
            .iter()
            .map(|&((t, a), w)| (resolve_term(t, a, idf), w))
            .collect(),
    )
}

/// Sort `(key, tf)` pairs by key and add up the repeats.
fn merge_counts<K: Ord + Copy>(mut ids: Vec<(K, f32)>) -> Vec<(K, f32)> {
    merge_counts_into(&mut ids)
}

/// [`merge_counts`] leaving `ids` (sorted, repeats still in) to the caller for reuse; the
/// result has an exact-size allocation.
pub(crate) fn merge_counts_into<K: Ord + Copy>(ids: &mut [(K, f32)]) -> Vec<(K, f32)> {
    ids.sort_unstable_by_key(|x| x.0);
    let distinct = 1 + ids.windows(2).filter(|w| w[0].0 != w[1].0).count();
    let mut out: Vec<(K, f32)> = Vec::with_capacity(if ids.is_empty() { 0 } else { distinct });
    for &(t, w) in ids.iter() {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += w,
            _ => out.push((t, w)),
        }
    }
    out
}

/// [`term_vector`] from precomputed [`term_counts`].
pub fn term_vector_from_counts(
    tf: &[(u32, f32)],
    idf: &Idf,
    p: &VectorParams,
) -> (Vec<(u32, f32)>, Vec<TermWeights>) {
    let ws: Vec<TermWeights> = tf
        .iter()
        .map(|&(t, _)| idf.weights_at(t, p.max_df_ratio, p.day, p.window))
        .collect();
    term_vector_from_weights(tf, &ws, p)
}

/// [`term_vector`] from [`term_counts`] and each term's weights (same order, e.g. from
/// [`Idf::weigh_and_add`]).
pub fn term_vector_from_weights(
    tf: &[(u32, f32)],
    weights: &[TermWeights],
    p: &VectorParams,
) -> (Vec<(u32, f32)>, Vec<TermWeights>) {
    let mut v: Vec<(u32, f32, TermWeights)> = tf
        .iter()
        .zip(weights)
        .filter_map(|(&(t, f), &tw)| {
            let damp = 1.0 + p.recurrence_damping * f32::from(tw.recent_days);
            (!tw.stop).then(|| (t, (1.0 + f.ln()) * tw.idf * tw.day_idf / damp, tw))
        })
        .collect();
    // A total order (terms are distinct): select the heaviest, then sort only those (the norm
    // below sums them in this order).
    let by_weight = |a: &(u32, f32, TermWeights), b: &(u32, f32, TermWeights)| {
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
    };
    if p.top == 0 {
        v.clear();
    } else if v.len() > p.top {
        v.select_nth_unstable_by(p.top - 1, by_weight);
        v.truncate(p.top);
    }
    v.sort_unstable_by(by_weight);
    let norm = v.iter().map(|(_, w, _)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w, _)| *w /= norm);
    }
    v.sort_unstable_by_key(|(t, _, _)| *t);
    let ws = v.iter().map(|x| x.2).collect();
    // Collected into a new, exact-size allocation: `v.into_iter().map(..).collect()` would reuse
    // `v`'s buffer (sized for every term of the article, 24 bytes each) and the index keeps
    // this vector for every stored article (measured: ~6 KB per article retained, 620 MB at 100k).
    let mut out = Vec::with_capacity(v.len());
    out.extend(v.iter().map(|&(t, w, _)| (t, w)));
    (out, ws)
}

/// Dot product of two term vectors sorted by term id.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let mut s = 0.0;
    for_shared(a, b, |_, x, y| s += x * y);
    s
}

/// Dot product of `v` (with its terms' weights `ws`) and `m`, and the number of shared terms
/// that are named (bursty and not recurring) for `v`.
fn dot_named(
    v: &[(u32, f32)],
    ws: &[TermWeights],
    m: &[(u32, f32)],
    p: &StoryParams,
) -> (f32, usize) {
    let (mut s, mut named) = (0.0, 0);
    for_shared(v, m, |i, x, y| {
        s += x * y;
        named +=
            usize::from(ws.get(i).is_some_and(|tw| {
                tw.day_idf >= p.named_idf && tw.recent_days <= p.max_recent_days
            }));
    });
    (s, named)
}

/// One story: its members and the sum of their term vectors.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: String,
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    pub members: Vec<u32>,
    /// Sum of the members' vectors, sorted by term id (a merge with each new member's sorted
    /// vector; scoring walks it alongside the article's vector, no hashing).
    pub centroid: Vec<(u32, f32)>,
    /// Squared L2 norm of the centroid, maintained incrementally.
    pub norm2: f32,
    /// Numbered rounds its members name (sorted, distinct).
    pub rounds: Vec<u16>,
    /// Whether the centroid has lost terms to pruning; until then it is the exact sum of the
    /// members' vectors, and its dot product with an article bounds every member's.
    pub pruned: bool,
}

impl Story {
    fn new(id: String) -> Story {
        Story {
            id,
            first_day: None,
            last_day: None,
            members: Vec::new(),
            centroid: Vec::new(),
            norm2: 0.0,
            rounds: Vec::new(),
            pruned: false,
        }
    }

    /// Days between `day` and the story's date range (0 inside it or when undated).
    pub fn gap_days(&self, day: i32) -> i32 {
        match (self.first_day, self.last_day) {
            (Some(f), _) if day < f => f - day,
            (_, Some(l)) if day > l => day - l,
            _ => 0,
        }
    }

    /// Cosine of a unit document vector with the centroid.
    pub fn cosine(&self, v: &[(u32, f32)]) -> f32 {
        let norm = self.norm2.max(0.0).sqrt();
        if norm <= 0.0 {
            return 0.0;
        }
        dot(v, &self.centroid) / norm
    }
}

/// Call `f(index in v, weight in v, weight in other)` for each term of `v` (sorted by term id,
/// distinct) found in `other` (sorted by term id), in `v`'s order: the one merge join behind
/// [`dot`], `dot_named` and the centroid cosine.
fn for_shared(v: &[(u32, f32)], other: &[(u32, f32)], mut f: impl FnMut(usize, f32, f32)) {
    let (mut i, mut j) = (0, 0);
    // Branch-free steps: which list advances is a coin toss the branch predictor loses.
    while let (Some(x), Some(c)) = (v.get(i), other.get(j)) {
        if x.0 == c.0 {
            f(i, x.1, c.1);
        }
        i += usize::from(x.0 <= c.0);
        j += usize::from(x.0 >= c.0);
    }
}

/// Story clustering parameters (see `Config`).
#[derive(Debug, Clone, Copy)]
pub struct StoryParams {
    pub window_days: i32,
    pub max_span_days: i32,
    pub join_cosine: f32,
    pub join_cosine_named: f32,
    pub min_named_shared: usize,
    pub named_idf: f32,
    /// Named/rare terms every join needs in common with the story.
    pub min_named_any: usize,
    /// Extra cosine required per day between the article and the story's nearest article.
    pub day_penalty: f32,
    pub posting_min_idf: f32,
    pub centroid_cap: usize,
    /// A term seen on more than this many days of the weeks before the window is recurring
    /// template vocabulary and does not count as a named/bursty term.
    pub max_recent_days: u8,
    /// Articles with at least this share of their squared weight on recurring terms only
    /// join stories of their own publication day.
    pub template_share: f32,
    /// Second pass: join a story when the article's cosine with one of its members (within
    /// the window) reaches this, with at least one named term in common with that member.
    pub member_cosine: f32,
    /// Templated articles may join another day's story only through a member this similar…
    pub member_cosine_template: f32,
    /// …published at most this many days apart.
    pub template_window_days: i32,
    /// Extra member cosine required per day between the article and that member.
    pub member_day_penalty: f32,
    /// Member cosine needed when the article and the member name the same round.
    pub round_member_cosine: f32,
    /// A templated article stays templated only if a story of the weeks before the window
    /// reaches this centroid cosine with it (0 = always).
    pub template_prior_cosine: f32,
}

/// A new article as [`StoryIndex::best`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct StoryQuery<'a> {
    /// Unit term vector, sorted by term id.
    pub v: &'a [(u32, f32)],
    /// Weights of the vector's terms (same order).
    pub ws: &'a [TermWeights],
    /// Numbered rounds the article names.
    pub rounds: &'a [u16],
    /// Publication day.
    pub day: i32,
}

/// A stored article as the member pass of [`StoryIndex::best`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub v: &'a [(u32, f32)],
    pub day: Option<i32>,
    pub rounds: &'a [u16],
}

/// All stories, with a (term, day) → stories posting index so a new article only scores stories
/// that had an article sharing one of its discriminative terms within the window.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    pub stories: Vec<Story>,
    pub by_id: FastMap<String, u32>,
    /// (term, day) → newest posting; postings are an intrusive list `(story, next)` so adding
    /// an article costs one map insert per term and no per-key allocation.
    posting_head: FastMap<u64, u32>,
    postings: Vec<(u32, u32)>,
    /// Per-story candidate accumulator of [`StoryIndex::best`], reused across calls: `(posting
    /// overlap, last article term counted, call stamp)` indexed by story number.
    acc: Vec<(f32, u32, u32)>,
    acc_touched: Vec<u32>,
    acc_stamp: u32,
}

const NO_POSTING: u32 = u32::MAX;

fn posting_key(term: u32, day: i32) -> u64 {
    (u64::from(term) << 32) | u64::from(day as u32)
}

/// The posting "term" of a round key: a reserved range of ids (a real term hashed into it only
/// adds candidates, which are all scored exactly).
fn round_term(key: u16) -> u32 {
    0xFFFF_0000 | u32::from(key)
}

/// Longest posting list suffix scanned per (term, day) key.
const MAX_POSTING_SCAN: usize = 256;
/// Heaviest article terms used to look up candidate stories.
const CANDIDATE_TERMS: usize = 16;
/// Stories fully scored per article after the posting pre-score.
const MAX_SCORED: usize = 12;
/// Newest members of a candidate story compared one by one with the article.
const MAX_MEMBERS_SCORED: usize = 32;

impl StoryIndex {
    /// The story to join, with its cosine, or `None` to start a new story.
    pub fn best<'v>(
        &mut self,
        q: &StoryQuery<'_>,
        p: &StoryParams,
        member: impl Fn(u32) -> Option<Member<'v>>,
    ) -> Option<(u32, f32)> {
        let (v, ws, day) = (q.v, q.ws, q.day);
        // A recurring templated item (most of its weight on terms seen on many recent days:
        // forecasts, fixture lists) only joins a story of its own day.
        let template_share: f32 = v
            .iter()
            .zip(ws)
            .filter(|(_, tw)| tw.recent_days > p.max_recent_days)
            .map(|((_, w), _)| w * w)
            .sum();
        let mut templated = template_share >= p.template_share;
        let window = p.window_days;
        // Candidate stories come from the article's heaviest terms only; every candidate is
        // then scored on the full vector.
        let order = heaviest(v, CANDIDATE_TERMS);
        if templated && p.template_prior_cosine > 0.0 {
            let lo = day - window - RECURRENCE_LOOKBACK;
            let hi = day - window - 1;
            let stamp = self.new_pass();
            for &i in &order {
                let (Some((t, w)), Some(tw)) = (v.get(i), ws.get(i)) else {
                    continue;
                };
                if tw.idf >= p.posting_min_idf {
                    self.accumulate(*t, *w, i as u32, lo, hi, stamp);
                }
            }
            let prior = self
                .best_candidates()
                .iter()
                .filter_map(|(s, _)| self.stories.get(*s as usize))
                .map(|st| st.cosine(v))
                .fold(0.0f32, f32::max);
            templated = prior >= p.template_prior_cosine;
        }
        let stamp = self.new_pass();
        for i in order {
            let (Some((t, w)), Some(tw)) = (v.get(i), ws.get(i)) else {
                continue;
            };
            if tw.idf < p.posting_min_idf {
                continue;
            }
            self.accumulate(*t, *w, i as u32, day - window, day + window, stamp);
        }
        // Stories naming the same round are candidates whatever their heaviest terms (a
        // referee list and the round's TV programme share few of them).
        for (j, &k) in q
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, k)| rounds::is_round(**k))
        {
            let i = (v.len() + j) as u32;
            self.accumulate(round_term(k), 1.0, i, day - window, day + window, stamp);
        }
        let mut best: Option<(u32, f32)> = None;
        for (s, _) in self.best_candidates() {
            let Some(story) = self.stories.get(s as usize) else {
                continue;
            };
            if let Some(first) = story.first_day {
                if day - first > p.max_span_days {
                    continue;
                }
            }
            if let Some(last) = story.last_day {
                if first_exceeds(last, day, p.max_span_days) {
                    continue;
                }
            }
            let gap = story.gap_days(day);
            // A story whose articles name only other rounds (the previous matchday, the
            // seventh round of talks when this is the eighth) is another development.
            if gap > window || rounds::disjoint(q.rounds, &story.rounds) {
                continue;
            }
            // Cosine with the centroid and shared named terms in one pass (one lookup per term).
            let (dotc, named) = dot_named(v, ws, &story.centroid, p);
            let norm = story.norm2.max(0.0).sqrt();
            let cos = if norm > 0.0 { dotc / norm } else { 0.0 };
            if gap > window {
                continue;
            }
            let need = p.join_cosine + p.day_penalty * gap as f32;
            let need_named = p.join_cosine_named + p.day_penalty * gap as f32;
            let mut score = f32::MIN;
            let centroid_joins = (cos >= need && named >= p.min_named_any)
                || (cos >= need_named && named >= p.min_named_shared);
            if centroid_joins && (!templated || gap == 0) {
                score = cos;
            } else if !story.pruned && dotc < member_floor(p, templated, q.rounds, story) {
                // The members' vectors are unit vectors with non-negative weights summing to
                // the centroid, so no member is closer to the article than the centroid's dot
                // product: the member pass cannot find one that reaches the lowest threshold.
            } else {
                // Second pass: the most similar member in the window (a follow-up can be close
                // to one report of a story and far from the centroid of all of them).
                let member_window = if templated {
                    p.template_window_days.min(window)
                } else {
                    window
                };
                if let Some((mcos, mgap, same_round)) =
                    self.best_member(story, q, member_window, p, &member)
                {
                    let base = if templated && mgap > 0 {
                        p.member_cosine_template
                    } else {
                        p.member_cosine
                    };
                    let base = if same_round {
                        base.min(p.round_member_cosine)
                    } else {
                        base
                    };
                    let need_m = base + p.member_day_penalty * mgap as f32;
                    if mcos >= need_m {
                        score = mcos;
                    }
                }
            }
            if score > f32::MIN && best.is_none_or(|(_, c)| score > c) {
                best = Some((s, score));
            }
        }
        best
    }

    /// The stories touched by this pass with the highest pre-scores (at most [`MAX_SCORED`]),
    /// best first.
    fn best_candidates(&self) -> Vec<(u32, f32)> {
        let mut cands: Vec<(u32, f32)> = self
            .acc_touched
            .iter()
            .filter_map(|&s| self.acc.get(s as usize).map(|e| (s, e.0)))
            .collect();
        // A total order (story ids are distinct): select the best, then sort only those.
        let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if cands.len() > MAX_SCORED {
            cands.select_nth_unstable_by(MAX_SCORED - 1, by_score);
            cands.truncate(MAX_SCORED);
        }
        cands.sort_unstable_by(by_score);
        cands
    }

    /// Start a candidate pass: a fresh accumulator stamp, no story touched.
    fn new_pass(&mut self) -> u32 {
        self.acc_stamp = self.acc_stamp.wrapping_add(1);
        if self.acc_stamp == 0 {
            self.acc.iter_mut().for_each(|a| a.2 = 0);
            self.acc_stamp = 1;
        }
        if self.acc.len() < self.stories.len() {
            self.acc.resize(self.stories.len(), (0.0, u32::MAX, 0));
        }
        self.acc_touched.clear();
        self.acc_stamp
    }

    /// Add `w` to the pre-score of every story posted under `term` on days `lo..=hi` (once per
    /// article term `i`).
    fn accumulate(&mut self, term: u32, w: f32, i: u32, lo: i32, hi: i32, stamp: u32) {
        for d in lo..=hi {
            let mut cur = self
                .posting_head
                .get(&posting_key(term, d))
                .copied()
                .unwrap_or(NO_POSTING);
            let mut walked = 0;
            while let Some(&(s, next)) = self.postings.get(cur as usize) {
                if walked >= MAX_POSTING_SCAN {
                    break;
                }
                walked += 1;
                cur = next;
                let Some(e) = self.acc.get_mut(s as usize) else {
                    continue;
                };
                if e.2 != stamp {
                    *e = (0.0, u32::MAX, stamp);
                    self.acc_touched.push(s);
                }
                if e.1 != i {
                    e.0 += w;
                    e.1 = i;
                }
            }
        }
    }

    /// The member of `story` within `window` days of the article most similar to it that
    /// shares a named term or a numbered round with it and names no other round only:
    /// `(cosine, days apart, same round)`. Scans the newest members first, at most
    /// [`MAX_MEMBERS_SCORED`].
    fn best_member<'v>(
        &self,
        story: &Story,
        q: &StoryQuery<'_>,
        window: i32,
        p: &StoryParams,
        member: &impl Fn(u32) -> Option<Member<'v>>,
    ) -> Option<(f32, i32, bool)> {
        let mut best: Option<(f32, i32, bool)> = None;
        for &m in story.members.iter().rev().take(MAX_MEMBERS_SCORED) {
            let Some(Member {
                v: mv,
                day: Some(md),
                rounds: mr,
            }) = member(m)
            else {
                continue;
            };
            let gap = (md - q.day).abs();
            if gap > window || rounds::disjoint(q.rounds, mr) {
                continue;
            }
            let same_round = rounds::shared(q.rounds, mr);
            let (cos, named) = dot_named(q.v, q.ws, mv, p);
            if (named >= 1 || same_round) && best.is_none_or(|(c, _, _)| cos > c) {
                best = Some((cos, gap, same_round));
            }
        }
        best
    }

    /// Make room for `n` more articles (postings of their heaviest terms).
    pub fn reserve(&mut self, n: usize) {
        self.posting_head.reserve(n * CANDIDATE_TERMS);
        self.postings.reserve(n * CANDIDATE_TERMS);
    }

    /// Story number of `id`, creating an empty story if it does not exist yet.
    pub fn get_or_create(&mut self, id: &str) -> u32 {
        if let Some(&s) = self.by_id.get(id) {
            return s;
        }
        let s = self.stories.len() as u32;
        self.stories.push(Story::new(id.to_string()));
        self.by_id.insert(id.to_string(), s);
        s
    }

    /// Add document `doc` (its vector, day if dated and rounds; `ws` the weights of its vector
    /// terms) to story `s`.
    pub fn add(&mut self, s: u32, doc: u32, m: Member<'_>, ws: &[TermWeights], p: &StoryParams) {
        let Member { v, day, rounds } = m;
        let Some(story) = self.stories.get_mut(s as usize) else {
            return;
        };
        story.members.push(doc);
        rounds::union_into(&mut story.rounds, rounds);
        if let Some(d) = day {
            story.first_day = Some(story.first_day.map_or(d, |f| f.min(d)));
            story.last_day = Some(story.last_day.map_or(d, |l| l.max(d)));
        }
        story.norm2 += merge_into_centroid(&mut story.centroid, v);
        if story.centroid.len() > 2 * p.centroid_cap {
            // Keep the `centroid_cap` heaviest terms: O(n) selection plus an in-place retain,
            // amortised over the many additions between two prunings.
            let mut w: Vec<f32> = story.centroid.iter().map(|x| x.1).collect();
            let k = w.len() - p.centroid_cap;
            let (_, thr, _) = w.select_nth_unstable_by(k, |a, b| a.total_cmp(b));
            let thr = *thr;
            story.centroid.retain(|x| x.1 >= thr);
            story.pruned = true;
            story.norm2 = story.centroid.iter().map(|x| x.1 * x.1).sum();
        }
        if let Some(d) = day {
            // Post only the article's heaviest terms: lookups use the same number of terms.
            let posted = heaviest(v, CANDIDATE_TERMS)
                .into_iter()
                .filter_map(|i| match (v.get(i), ws.get(i)) {
                    (Some((t, _)), Some(tw)) if tw.idf >= p.posting_min_idf => Some(*t),
                    _ => None,
                })
                .chain(
                    rounds
                        .iter()
                        .filter(|k| rounds::is_round(**k))
                        .map(|&k| round_term(k)),
                );
            for t in posted {
                let key = posting_key(t, d);
                let head = self.posting_head.get(&key).copied().unwrap_or(NO_POSTING);
                if self.postings.get(head as usize).map(|e| e.0) == Some(s) {
                    continue;
                }
                let idx = self.postings.len() as u32;
                self.postings.push((s, head));
                self.posting_head.insert(key, idx);
            }
        }
    }
}

/// Positions of the `n` heaviest entries of `v`, heaviest first, ties in vector order (what a
/// stable sort by weight gives); the top entries are selected before sorting, so the whole
/// vector is never sorted.
fn heaviest(v: &[(u32, f32)], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    let by_weight = |a: &usize, b: &usize| {
        let (wa, wb) = (
            v.get(*a).map_or(0.0, |x| x.1),
            v.get(*b).map_or(0.0, |x| x.1),
        );
        wb.total_cmp(&wa).then(a.cmp(b))
    };
    if n == 0 {
        return Vec::new();
    }
    if order.len() > n {
        order.select_nth_unstable_by(n - 1, by_weight);
        order.truncate(n);
    }
    order.sort_unstable_by(by_weight);
    order
}

/// Add vector `v` (sorted by term id, distinct) into `centroid` (sorted by term id) and return
/// the change of the centroid's squared norm, summed in `v`'s order.
fn merge_into_centroid(centroid: &mut Vec<(u32, f32)>, v: &[(u32, f32)]) -> f32 {
    if !v.windows(2).all(|p| p[0].0 < p[1].0) {
        // Not a sorted vector (never made by this crate): add term by term.
        let mut d = 0.0;
        for &(t, w) in v {
            let i = centroid.partition_point(|c| c.0 < t);
            match centroid.get_mut(i) {
                Some(c) if c.0 == t => {
                    d += (c.1 + w) * (c.1 + w) - c.1 * c.1;
                    c.1 += w;
                }
                _ => {
                    d += w * w;
                    centroid.insert(i, (t, w));
                }
            }
        }
        return d;
    }
    let old = std::mem::take(centroid);
    let mut merged = Vec::with_capacity(old.len() + v.len());
    let (mut j, mut d) = (0, 0.0f32);
    for &(t, w) in v {
        while let Some(&c) = old.get(j).filter(|c| c.0 < t) {
            merged.push(c);
            j += 1;
        }
        let c = match old.get(j) {
            Some(&(ct, cw)) if ct == t => {
                j += 1;
                cw
            }
            _ => 0.0,
        };
        d += (c + w) * (c + w) - c * c;
        merged.push((t, c + w));
    }
    merged.extend_from_slice(old.get(j..).unwrap_or(&[]));
    *centroid = merged;
    d
}

/// The lowest member cosine the second pass of [`StoryIndex::best`] could accept for `story`
/// (no day penalty), less a margin for the rounding of the centroid's sums; `f32::MIN` when a
/// negative day penalty makes it no floor.
fn member_floor(p: &StoryParams, templated: bool, rounds: &[u16], story: &Story) -> f32 {
    if p.member_day_penalty < 0.0 {
        return f32::MIN;
    }
    let mut floor = p.member_cosine;
    if templated {
        floor = floor.min(p.member_cosine_template);
    }
    if rounds::shared(rounds, &story.rounds) {
        floor = floor.min(p.round_member_cosine);
    }
    floor - 1e-3
}

/// True when adding `day` to a story whose latest article is on `last` would stretch it past the span.
fn first_exceeds(last: i32, day: i32, max_span: i32) -> bool {
    last - day > max_span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_titles_are_told_from_stories_about_news() {
        use crate::normalize::normalize;
        for t in [
            "أبرز أخبار الجمعة 24 فيفري 2017",
            "أهم الأخبار لليوم الاثنين 20 فيفري 2017",
            "أبرز عناوين الأخبار ليوم الاثنين 23 جانفي 2017",
            "أبرز أحداث الخميس",
            "جولة في الصحف",
            "حصاد الأسبوع",
            "موجز الأنباء",
            "نشرة أخبار الساعة العاشرة",
        ] {
            assert!(is_digest_title(&normalize(t)), "{t}");
        }
        for t in [
            "أبرز المدرجين على قائمة الإرهاب القطري",
            "انطلاق موسم الحصاد ببنزرت",
            "حصاد القمح في باجة",
            "مذيعة تواصل تقديم نشرة الأخبار",
            "أهم مخرجات الاصلاح التربوي",
            "",
        ] {
            assert!(!is_digest_title(&normalize(t)), "{t}");
        }
    }

    #[test]
    fn centroid_merge_adds_vectors_and_tracks_the_squared_norm() {
        let mut c = Vec::new();
        let mut n2 = merge_into_centroid(&mut c, &[(2, 1.0), (5, 2.0)]);
        n2 += merge_into_centroid(&mut c, &[(1, 3.0), (5, 1.0), (9, 1.0)]);
        assert_eq!(c, vec![(1, 3.0), (2, 1.0), (5, 3.0), (9, 1.0)]);
        assert_eq!(n2, c.iter().map(|x| x.1 * x.1).sum::<f32>());
        // An unsorted vector is added term by term, with the same result.
        let mut d = vec![(2, 1.0), (5, 2.0)];
        let n2d = 5.0 + merge_into_centroid(&mut d, &[(9, 1.0), (1, 3.0), (5, 1.0)]);
        assert_eq!((d, n2d), (c, n2));
    }

    #[test]
    fn prior_knows_common_words_are_stop() {
        let idf = Idf::with_prior();
        assert!(idf.docs() > 1000);
        assert!(idf.is_stop(term_id("في"), 0.25));
        assert!(idf.idf(term_id("قايد")) > idf.idf(term_id("تونس")));
        assert!(idf.day_idf(term_id("جزيري")) > idf.day_idf(term_id("طقس")));
    }

    #[test]
    fn term_vector_holds_no_more_memory_than_its_terms() {
        let idf = Idf::with_prior();
        let text = (0..400)
            .map(|i| format!("كلمة{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let counts = term_counts("", &crate::normalize::normalize(&text), 1.0);
        let p = VectorParams {
            top: 48,
            max_df_ratio: 0.2,
            day: None,
            window: 3,
            recurrence_damping: 0.0,
        };
        let (v, ws) = term_vector_from_counts(&counts, &idf, &p);
        assert_eq!(v.len(), 48);
        assert_eq!(v.capacity(), v.len());
        assert_eq!(ws.len(), v.len());
    }

    #[test]
    fn term_vector_is_unit_and_sorted() {
        let idf = Idf::empty();
        let (v, ws) = term_vector("زلزال", "زلزال قوي يضرب مدينة اليابان", &idf, 10, 2.0, 0.25);
        assert_eq!(v.len(), ws.len());
        let n: f32 = v.iter().map(|(_, w)| w * w).sum();
        assert!((n - 1.0).abs() < 1e-4);
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        assert!((dot(&v, &v) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn term_counts_merge_text_and_boosted_title() {
        let c = term_counts("زلزال", "زلزال قوي زلزال", 4.0);
        let z = c.iter().find(|x| x.0 == term_id("زلزال")).map(|x| x.1);
        assert_eq!(z, Some(6.0));
        assert_eq!(c.len(), 2);
        assert!(c.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn recent_days_count_only_days_before_the_story_window() {
        let mut idf = Idf::empty();
        let (daily, fresh) = (term_id("طقس"), term_id("زلزال"));
        for day in 100..130 {
            idf.add_doc(&[daily], Some(day));
        }
        for day in 127..130 {
            idf.add_doc(&[fresh], Some(day));
        }
        // Window ±3 around day 130: days 99..=126 are looked back on (seen on 100..=126).
        assert_eq!(idf.weights_at(daily, 1.0, Some(130), 3).recent_days, 27);
        assert_eq!(idf.weights_at(fresh, 1.0, Some(130), 3).recent_days, 0);
        assert_eq!(idf.weights(daily, 1.0).recent_days, 0);
    }

    #[test]
    fn glued_proclitic_resolves_to_the_frequent_bare_stem_only() {
        let mut idf = Idf::empty();
        let (sfax, glued) = (term_id("صفاقس"), term_id("بصفاقس"));
        for _ in 0..40 {
            idf.add_doc(&[sfax], None);
        }
        idf.add_doc(&[glued], None);
        assert_eq!(word_term("بصفاقس", Some(&idf)), Some(sfax));
        // Without counts (or when the bare form is not more frequent) the stem is kept.
        assert_eq!(word_term("بصفاقس", None), Some(glued));
        for _ in 0..200 {
            idf.add_doc(&[glued], None);
        }
        assert_eq!(word_term("بصفاقس", Some(&idf)), Some(glued));
        // Words whose stem lost an `ال` prefix are not touched.
        assert_eq!(word_term("بالمصنع", Some(&idf)), Some(term_id("مصنع")));
    }

    #[test]
    fn recurrence_is_counted_per_outlet() {
        let mut rec = OutletRecurrence::default();
        let v = vec![(term_id("طقس"), 1.0)];
        for day in 100..130 {
            rec.add("A", &v, day);
        }
        let w = TermWeights {
            idf: 1.0,
            day_idf: 1.0,
            stop: false,
            recent_days: 0,
        };
        let mut ws = vec![w];
        // Lookback for day 135 with a ±3 window: days 104..=131, seen on 104..=129.
        rec.localize("A", &v, &mut ws, 135, 3);
        assert_eq!(ws.first().map(|w| w.recent_days), Some(26));
        rec.localize("B", &v, &mut ws, 135, 3);
        assert_eq!(ws.first().map(|w| w.recent_days), Some(0));
        // Counting and reading in one pass gives the same count as reading first.
        let mut ws2 = vec![w];
        rec.localize_and_add("A", &v, &mut ws2, 135, 3);
        assert_eq!(ws2.first().map(|w| w.recent_days), Some(26));
    }

    #[test]
    fn build_prior_counts_documents_not_occurrences() {
        let t = build_prior(
            [("قطار قطار محطه", Some(1)), ("قطار", Some(1))].into_iter(),
            1,
        );
        assert!(t.starts_with("# docs\t2\t1\n"));
        assert!(t.contains("قطار\t2\t1\n"));
    }
}
