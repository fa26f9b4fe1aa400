//! Throughput benchmark of duplicate + story assignment, a 100k-article synthetic corpus with planted copies, and data export for the Python baseline.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use crate::eval::{date_order, CorpusDoc};
use crate::hash::{hash_bytes, SplitMix64};
use crate::normalize::normalize;
use crate::synth::edited_copy;
use crate::{Config, DedupeIndex};

/// Result of one benchmark run.
#[derive(Debug, Clone)]
pub struct BenchResult {
    pub articles: usize,
    pub seconds: f64,
    /// CPU seconds (user + system) spent in the timed loop, robust to other load on the machine.
    pub cpu_seconds: Option<f64>,
    pub duplicates: usize,
    pub stories: usize,
    /// Peak resident set size during the assign loop (Linux `VmHWM`, reset at its start), bytes:
    /// the input articles, the index and the serialized records.
    pub peak_rss: Option<u64>,
    /// Time to decode all records and rebuild the index from them (wall, CPU).
    pub rebuild_seconds: f64,
    pub rebuild_cpu_seconds: Option<f64>,
    pub record_bytes: usize,
    /// Hash of every decision and record in order (the same as `examples/profile_assign`'s):
    /// equal across thread counts, since the decisions do not depend on them.
    pub checksum: u64,
}

impl BenchResult {
    pub fn per_second(&self) -> f64 {
        self.articles as f64 / self.seconds.max(1e-9)
    }

    /// Articles per CPU second (None when CPU time is unavailable).
    pub fn per_cpu_second(&self) -> Option<f64> {
        self.cpu_seconds.map(|c| self.articles as f64 / c.max(1e-9))
    }
}

/// User + system CPU seconds of this process so far (Linux `/proc/self/stat`, 100 Hz ticks).
pub fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    Some((ut + st) / 100.0)
}

/// Reset the kernel's peak-RSS mark (`VmHWM`) so the next `peak_rss` covers only what follows
/// (Linux ≥ 4.0; silently does nothing elsewhere).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak RSS of this process in bytes, from `/proc/self/status` (None off Linux).
pub fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// `n` articles synthesized from `corpus`: every corpus article once, then a mix of planted
/// near-duplicates (`dup_rate`, edited copies with 5–20 % substitutions, dated 0–2 days after
/// their original) and new distinct articles (paragraphs spliced from three random articles
/// with 30 % word substitutions, dated like a random corpus article).
pub fn synth_corpus(corpus: &[CorpusDoc], n: usize, dup_rate: f64, seed: u64) -> Vec<CorpusDoc> {
    let mut rng = SplitMix64::new(seed);
    let vocab: Vec<String> = corpus
        .iter()
        .take(3000)
        .flat_map(|d| d.text.split_whitespace().map(str::to_string))
        .collect();
    let mut out: Vec<CorpusDoc> = corpus.iter().take(n).cloned().collect();
    let mut k = 0usize;
    while out.len() < n && !out.is_empty() {
        k += 1;
        let src = out.get(rng.below(out.len())).cloned();
        let Some(src) = src else { break };
        if rng.unit() < dup_rate {
            let (text, _) = edited_copy(&src.text, &vocab, (0.05, 0.2), &mut rng);
            let day = rng.below(3) as i32;
            let published = src
                .published
                .and_then(|p| rasd_core::Ymd::from_day_number(p.day_number() + i64::from(day)));
            out.push(CorpusDoc {
                id: format!("syn-dup-{k}"),
                outlet: Some(format!("outlet-{}", rng.below(20))),
                title: src.title.clone(),
                published,
                text,
                story: None,
            });
        } else {
            let mut paras: Vec<String> = Vec::new();
            for _ in 0..3 {
                if let Some(d) = corpus.get(rng.below(corpus.len())) {
                    let ps: Vec<&str> = d
                        .text
                        .split('\n')
                        .filter(|p| !p.trim().is_empty())
                        .collect();
                    if let Some(p) = ps.get(rng.below(ps.len())) {
                        paras.push(p.to_string());
                    }
                }
            }
            let text = paras
                .iter()
                .map(|p| {
                    p.split_whitespace()
                        .map(|w| {
                            if rng.unit() < 0.3 {
                                vocab.get(rng.below(vocab.len())).map_or(w, String::as_str)
                            } else {
                                w
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n");
            let published = corpus
                .get(rng.below(corpus.len()))
                .and_then(|d| d.published);
            out.push(CorpusDoc {
                id: format!("syn-new-{k}"),
                outlet: Some(format!("outlet-{}", rng.below(20))),
                title: None,
                published,
                text,
                story: None,
            });
        }
    }
    out
}

/// `sum` with one more decision folded in: the article's serialized record, story id and
/// duplicate id (the checksum of [`BenchResult`] and of `examples/profile_assign`).
pub fn fold_checksum(sum: u64, a: &crate::Assignment, record: &[u8]) -> u64 {
    let sum = hash_bytes(record, sum);
    let sum = hash_bytes(a.story.as_bytes(), sum);
    hash_bytes(a.duplicate_of.as_deref().unwrap_or("").as_bytes(), sum)
}

/// Assign all `docs` (in date order) and time it; then time the record round trip. With
/// `threads` ≥ 2 that many worker threads prepare the articles ([`crate::Preparer`]:
/// normalization, MinHash, term candidates) ahead of the sequential decisions of the calling
/// thread, as `rasd ingest` does.
pub fn run(docs: &[CorpusDoc], cfg: &Config, threads: usize) -> Result<BenchResult, crate::Error> {
    let mut refs: Vec<&CorpusDoc> = docs.iter().collect();
    date_order(&mut refs);
    reset_peak_rss();
    let mut idx = DedupeIndex::new(cfg.clone())?;
    // Serialized records go to a temporary file, as a store keeps them on disk (holding 150 MB
    // of records in memory would count against the index's peak RSS); the rebuild streams them
    // back one record at a time, like reading BLOBs in rowid order.
    let io_err = |e: std::io::Error| crate::Error::Config(format!("benchmark record file: {e}"));
    let path = std::env::temp_dir().join(format!(
        "rasd-dedupe-bench-{}-{}.rec",
        std::process::id(),
        refs.len()
    ));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io_err)?);
    let mut record_bytes = 0usize;
    let mut dups = 0;
    let mut checksum = 0u64;
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let mut keep = |a: crate::Assignment| -> Result<(), crate::Error> {
        dups += usize::from(a.duplicate_of.is_some());
        let bytes = a.record.to_bytes();
        record_bytes += bytes.len();
        checksum = fold_checksum(checksum, &a, &bytes);
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        out.write_all(&len.to_le_bytes()).map_err(io_err)?;
        out.write_all(&bytes).map_err(io_err)
    };
    if threads < 2 {
        for d in &refs {
            keep(idx.assign(&d.input()))?;
        }
    } else {
        let prep = idx.preparer();
        std::thread::scope(|scope| -> Result<(), crate::Error> {
            // `threads` workers prepare chunks round-robin (worker w: chunks w, w + threads, …)
            // while this thread takes them back in order and decides, as `rasd ingest` runs
            // its workers beside the deciding thread. Batches keep the channel traffic small
            // next to the work; the bounded channels keep the prepared backlog small.
            const CHUNK: usize = 64;
            let refs = &refs;
            let prep = &prep;
            let rxs: Vec<_> = (0..threads)
                .map(|w| {
                    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<crate::PreparedDoc>>(4);
                    scope.spawn(move || {
                        for chunk in refs.chunks(CHUNK).skip(w).step_by(threads) {
                            let batch = chunk.iter().map(|d| prep.prepare(&d.input())).collect();
                            if tx.send(batch).is_err() {
                                return;
                            }
                        }
                    });
                    rx
                })
                .collect();
            for k in 0..refs.len().div_ceil(CHUNK) {
                let Some(Ok(batch)) = rxs.get(k % threads).map(|rx| rx.recv()) else {
                    break;
                };
                for p in batch {
                    keep(idx.assign_prepared(p))?;
                }
            }
            Ok(())
        })?;
    }
    let seconds = t.elapsed().as_secs_f64();
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    out.flush().map_err(io_err)?;
    drop(out);
    let stories = idx.stories().len();
    let peak_assign = peak_rss();
    drop(idx);
    let rebuild_cpu0 = cpu_seconds();
    let t = Instant::now();
    let mut input = std::io::BufReader::new(std::fs::File::open(&path).map_err(io_err)?);
    let blobs = std::iter::from_fn(|| {
        let mut len = [0u8; 4];
        input.read_exact(&mut len).ok()?;
        let mut buf = vec![0u8; u32::from_le_bytes(len) as usize];
        input.read_exact(&mut buf).ok()?;
        Some(buf)
    });
    let rebuilt = DedupeIndex::from_record_bytes(cfg.clone(), blobs);
    let _ = std::fs::remove_file(&path);
    let rebuilt = rebuilt?;
    let rebuild_seconds = t.elapsed().as_secs_f64();
    let rebuild_cpu_seconds = match (rebuild_cpu0, cpu_seconds()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    if rebuilt.len() != refs.len() {
        return Err(crate::Error::Config(format!(
            "benchmark rebuild read back {} of {} records",
            rebuilt.len(),
            refs.len()
        )));
    }
    Ok(BenchResult {
        articles: refs.len(),
        seconds,
        cpu_seconds: cpu,
        duplicates: dups,
        stories,
        peak_rss: peak_assign,
        rebuild_seconds,
        rebuild_cpu_seconds,
        record_bytes,
        checksum,
    })
}

/// [`run`] `passes` times over fresh indexes, summing articles and (CPU) time: a small corpus
/// runs for a fraction of a second, too short for the 10 ms CPU-time clock. Duplicates,
/// stories, records and rebuild figures are those of the last pass; peak RSS the highest.
pub fn run_passes(
    docs: &[CorpusDoc],
    cfg: &Config,
    passes: usize,
    threads: usize,
) -> Result<BenchResult, crate::Error> {
    let mut total: Option<BenchResult> = None;
    for _ in 0..passes.max(1) {
        let r = run(docs, cfg, threads)?;
        total = Some(match total {
            None => r,
            Some(t) => BenchResult {
                articles: t.articles + r.articles,
                seconds: t.seconds + r.seconds,
                cpu_seconds: t.cpu_seconds.zip(r.cpu_seconds).map(|(a, b)| a + b),
                peak_rss: t.peak_rss.max(r.peak_rss),
                ..r
            },
        });
    }
    total.ok_or_else(|| crate::Error::Config("no benchmark pass".into()))
}

/// Write `{"id", "words"}` JSONL (normalized text, space-separated words, in date order) so the
/// Python baseline shingles exactly the same words.
pub fn export_words(docs: &[CorpusDoc], path: &Path) -> std::io::Result<()> {
    let mut refs: Vec<&CorpusDoc> = docs.iter().collect();
    date_order(&mut refs);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for d in refs {
        let line = serde_json::json!({"id": d.id, "words": normalize(&d.text)});
        writeln!(w, "{line}")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small dated corpus with shared vocabulary, so stories and duplicates both occur.
    fn corpus() -> Vec<CorpusDoc> {
        let words: Vec<String> = (0..400).map(|i| format!("كلمة{i}")).collect();
        let mut rng = SplitMix64::new(3);
        (0..40)
            .map(|i| {
                let text: Vec<&str> = (0..120)
                    .filter_map(|_| words.get(rng.below(words.len())).map(String::as_str))
                    .collect();
                CorpusDoc {
                    id: format!("d{i}"),
                    outlet: Some("o".into()),
                    title: None,
                    published: rasd_core::Ymd::from_day_number(20_000 + i64::from(i % 9)),
                    text: text.join(" "),
                    story: None,
                }
            })
            .collect()
    }

    #[test]
    fn workers_do_not_change_decisions() {
        // 300 articles: several 64-article chunks per worker, a last partial chunk.
        let docs = synth_corpus(&corpus(), 300, 0.3, 7);
        for stories in [true, false] {
            let cfg = Config {
                stories,
                ..Config::default()
            };
            let one = run(&docs, &cfg, 1).expect("one thread");
            assert!(one.duplicates > 0, "the synthetic copies are found");
            for threads in [2, 3] {
                let r = run(&docs, &cfg, threads).expect("workers");
                assert_eq!(r.articles, 300);
                assert_eq!(
                    (r.checksum, r.duplicates, r.stories, r.record_bytes),
                    (one.checksum, one.duplicates, one.stories, one.record_bytes),
                    "threads {threads}, stories {stories}"
                );
            }
        }
    }
}
