//! `rasd eval merge`: pairwise precision/recall of the cross-article event merge on hand-labelled mention pairs of the shared news corpus.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde::Deserialize;

use crate::ingest_cmd::{run_ingest, DbArg, IngestArgs};

/// Arguments of `rasd eval merge`.
#[derive(Debug, Args)]
pub struct EvalMergeArgs {
    /// Labelled mention pairs (TSV, format in its header).
    #[arg(long, default_value = "testdata/events/merge_pairs.tsv")]
    pub pairs: PathBuf,
    /// An existing database of the corpus to evaluate; default: ingest the corpus into a
    /// temporary one (about ten seconds).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// The news corpus JSONL(.gz) (default: $RASD_SHARED/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Print the wrong dev pairs (the test pairs are only counted).
    #[arg(long)]
    pub errors: bool,
}

/// A scratch directory removed when dropped (also when the evaluation fails half-way).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One labelled pair: two mentions (article, evidence start, type) and whether they report one event.
#[derive(Debug, Clone)]
struct Pair {
    split: String,
    a: (String, usize),
    b: (String, usize),
    event_type: String,
    stratum: String,
    same: bool,
    reason: String,
}

/// The pairs and, per sampling stratum, its size (pairs in the candidate population).
fn load_pairs(text: &str) -> anyhow::Result<(Vec<Pair>, HashMap<String, f64>)> {
    let mut pairs = Vec::new();
    let mut sizes = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("#stratum\t") {
            let mut f = rest.split('\t');
            if let (Some(name), Some(size)) = (f.next(), f.next()) {
                sizes.insert(name.to_string(), size.trim().parse::<f64>()?);
            }
            continue;
        }
        if line.starts_with('#') || line.starts_with("split\t") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [split, aa, sa, ab, sb, ty, stratum, label, reason] = f[..] else {
            anyhow::bail!("line {}: expected 9 tab-separated fields", n + 1);
        };
        let same = match label {
            "same" => true,
            "different" => false,
            other => anyhow::bail!(
                "line {}: label must be same|different, not {other:?}",
                n + 1
            ),
        };
        pairs.push(Pair {
            split: split.to_string(),
            a: (
                aa.to_string(),
                sa.parse().with_context(|| format!("line {}", n + 1))?,
            ),
            b: (
                ab.to_string(),
                sb.parse().with_context(|| format!("line {}", n + 1))?,
            ),
            event_type: ty.to_string(),
            stratum: stratum.to_string(),
            same,
            reason: reason.to_string(),
        });
    }
    Ok((pairs, sizes))
}

#[derive(Deserialize)]
struct EventDoc {
    id: String,
    mentions: Vec<MentionDoc>,
}

#[derive(Deserialize)]
struct MentionDoc {
    article: String,
    start: usize,
    #[serde(rename = "type")]
    event_type: String,
}

/// Counts over pairs, raw and weighted by the inverse sampling rate of each pair's stratum.
#[derive(Debug, Default)]
struct Counts {
    tp: f64,
    fp: f64,
    fn_: f64,
    wtp: f64,
    wfp: f64,
    wfn: f64,
    tn: f64,
    wtn: f64,
    missing: usize,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

pub fn run_eval(args: EvalMergeArgs) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(&args.pairs)
        .with_context(|| format!("reading {}", args.pairs.display()))?;
    let (pairs, sizes) = load_pairs(&text)?;
    let tmp = TempDir(std::env::temp_dir().join(format!("rasd-eval-merge-{}", std::process::id())));
    let db = match &args.db {
        Some(db) => db.clone(),
        None => {
            std::fs::create_dir_all(&tmp.0)?;
            let db = tmp.0.join("corpus.db");
            let corpus = args.corpus.clone().unwrap_or_else(crate::default_corpus);
            eprintln!("ingesting {} into {}", corpus.display(), db.display());
            run_ingest(IngestArgs {
                db: DbArg { db: db.clone() },
                rules: None,
                no_entities: false,
                rebuild_events: false,
                threads: 0,
                paths: vec![corpus],
            })
            .context("ingesting the news corpus (set RASD_SHARED)")?;
            db
        }
    };
    let store = DbArg { db }.open()?;
    // (article, evidence start, type) → event id.
    let mut event_of: HashMap<(String, usize, String), String> = HashMap::new();
    store.for_each_event(|json| {
        if let Ok(e) = serde_json::from_str::<EventDoc>(&json) {
            for m in e.mentions {
                event_of.insert((m.article, m.start, m.event_type), e.id.clone());
            }
        }
        Ok(())
    })?;
    let sampled: HashMap<&str, usize> = pairs.iter().fold(HashMap::new(), |mut m, p| {
        *m.entry(p.stratum.as_str()).or_default() += 1;
        m
    });
    let weight = |p: &Pair| {
        let n = sampled.get(p.stratum.as_str()).copied().unwrap_or(1).max(1) as f64;
        sizes.get(&p.stratum).copied().unwrap_or(n) / n
    };
    let mut by_split: Vec<(String, Counts)> = Vec::new();
    println!(
        "== event merge: {} labelled mention pairs ({})",
        pairs.len(),
        args.pairs.display()
    );
    for p in &pairs {
        let key = |m: &(String, usize)| (m.0.clone(), m.1, p.event_type.clone());
        let (ea, eb) = (event_of.get(&key(&p.a)), event_of.get(&key(&p.b)));
        let idx = match by_split.iter().position(|(s, _)| *s == p.split) {
            Some(i) => i,
            None => {
                by_split.push((p.split.clone(), Counts::default()));
                by_split.len() - 1
            }
        };
        let Some((_, c)) = by_split.get_mut(idx) else {
            continue;
        };
        let (Some(ea), Some(eb)) = (ea, eb) else {
            c.missing += 1;
            continue;
        };
        let pred = ea == eb;
        let w = weight(p);
        let (n, wn) = match (p.same, pred) {
            (true, true) => (&mut c.tp, &mut c.wtp),
            (false, true) => (&mut c.fp, &mut c.wfp),
            (true, false) => (&mut c.fn_, &mut c.wfn),
            (false, false) => (&mut c.tn, &mut c.wtn),
        };
        *n += 1.0;
        *wn += w;
        if args.errors && p.split == "dev" && pred != p.same {
            println!(
                "  {} {} {}@{} ~ {}@{}: gold {}, merged {pred} — {}",
                p.stratum,
                p.event_type,
                p.a.0,
                p.a.1,
                p.b.0,
                p.b.1,
                if p.same { "same" } else { "different" },
                p.reason
            );
        }
    }
    by_split.sort_by(|a, b| a.0.cmp(&b.0));
    for (split, c) in &by_split {
        println!(
            "  {split:<5} labelled pairs  P {:.3} R {:.3}  (tp {} fp {} fn {}, {} not found)",
            ratio(c.tp, c.tp + c.fp),
            ratio(c.tp, c.tp + c.fn_),
            c.tp,
            c.fp,
            c.fn_,
            c.missing
        );
        println!(
            "  {split:<5} weighted estimate over the candidate pairs  P {:.3} R {:.3}",
            ratio(c.wtp, c.wtp + c.wfp),
            ratio(c.wtp, c.wtp + c.wfn)
        );
    }
    println!(
        "  (weighted: each pair counts for its stratum's size / pairs drawn from it, so P and R\n   estimate the merge over all candidate pairs; the labelled ratios over-represent merged pairs)"
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_file_parses_with_strata_and_rejects_bad_labels() {
        let text = "#stratum\tmerged\t100\n#stratum\tapart\t900\nsplit\ta\n\
                    dev\tx\t0\ty\t5\tCONSULT\tmerged\tsame\tone meeting\n\
                    test\tx\t9\tz\t0\tASSAULT\tapart\tdifferent\ttwo strikes\n";
        let (pairs, sizes) = load_pairs(text).unwrap();
        assert_eq!(pairs.len(), 2);
        assert!(pairs[0].same && !pairs[1].same);
        assert_eq!(pairs[1].b, ("z".to_string(), 0));
        assert_eq!(sizes.get("apart"), Some(&900.0));
        assert!(load_pairs("dev\tx\t0\ty\t5\tCONSULT\tmerged\tmaybe\t-\n").is_err());
        assert!(load_pairs("dev\tx\t0\ty\n").is_err());
    }
}
