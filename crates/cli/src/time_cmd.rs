//! `rasd time`, `rasd eval time` and `rasd bench time`: date expressions resolved by the `rasd-time` crate.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use rasd_core::Ymd;

/// Arguments of `rasd time`.
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Reference date (normally the article's publication date), YYYY-MM-DD. Default: today (UTC).
    #[arg(long = "ref", value_name = "YYYY-MM-DD")]
    pub reference: Option<String>,
    /// Also print the article's dateline (publication date in its first lines) as a JSON object.
    #[arg(long)]
    pub dateline: bool,
    /// The text; read from stdin when absent. Several arguments are joined with spaces.
    pub text: Vec<String>,
}

fn today_utc() -> Ymd {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // days since 1970-01-01 → civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Ymd::new(y, m, d).unwrap_or(Ymd {
        year: 1970,
        month: 1,
        day: 1,
    })
}

fn parse_reference(s: Option<&str>) -> anyhow::Result<Ymd> {
    match s {
        None => Ok(today_utc()),
        Some(s) => {
            Ymd::parse_iso(s).with_context(|| format!("--ref {s:?} is not a YYYY-MM-DD date"))
        }
    }
}

/// `rasd time --ref YYYY-MM-DD [TEXT]`: one JSON object per date expression, offsets in chars.
pub fn run_time(args: TimeArgs) -> anyhow::Result<i32> {
    let reference = parse_reference(args.reference.as_deref())?;
    let text = if args.text.is_empty() {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        s
    } else {
        args.text.join(" ")
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.dateline {
        let d = rasd_time::find_dateline(&text);
        let obj = serde_json::json!({
            "dateline": d.as_ref().map(|d| d.date.iso()),
            "start": d.as_ref().map(|d| d.span.start),
            "end": d.as_ref().map(|d| d.span.end),
        });
        writeln!(out, "{obj}")?;
    }
    for m in rasd_time::find_dates(&text, reference) {
        writeln!(out, "{}", serde_json::to_string(&m)?)?;
    }
    out.flush()?;
    Ok(0)
}

/// Arguments of `rasd eval time`.
#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// Evaluation cases (JSONL, see testdata/time/README.md).
    #[arg(long, default_value = "testdata/time/eval.jsonl")]
    pub data: PathBuf,
    /// Publication-date (dateline) cases (JSONL); skipped when the file does not exist.
    #[arg(long, default_value = "testdata/time/datelines.jsonl")]
    pub datelines: PathBuf,
    /// Print every wrong, missed or spurious expression.
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// The path as given, or relative to the repository root when run from elsewhere.
fn locate(path: &Path) -> PathBuf {
    if path.exists() || path.is_absolute() {
        return path.to_path_buf();
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let alt = repo.join(path);
    if alt.exists() {
        alt
    } else {
        path.to_path_buf()
    }
}

/// `rasd eval time`: detection precision/recall and value accuracy, per split (dev / heldout).
pub fn run_eval(args: EvalTimeArgs) -> anyhow::Result<i32> {
    let path = locate(&args.data);
    let data =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let cases = rasd_time::eval::read_cases(&data)?;
    let (scores, errors) = rasd_time::eval::evaluate(&cases)?;
    if args.errors {
        for e in &errors {
            println!(
                "{}\t{}\t{}\texpected {}\tgot {}",
                e.id,
                e.kind,
                e.text,
                e.expected.as_deref().unwrap_or("-"),
                e.got.as_deref().unwrap_or("-")
            );
        }
    }
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
        return Ok(0);
    }
    println!(
        "{:<8} {:>5} {:>5} {:>5} {:>9} {:>9} {:>9} {:>9}",
        "split", "cases", "gold", "pred", "precision", "recall", "value_acc", "conflict"
    );
    let mut all = rasd_time::eval::Scores::default();
    for (split, s) in &scores {
        print_row(split, s);
        all.cases += s.cases;
        all.gold += s.gold;
        all.predicted += s.predicted;
        all.predicted_matched += s.predicted_matched;
        all.gold_detected += s.gold_detected;
        all.value_correct += s.value_correct;
        all.conflict_gold += s.conflict_gold;
        all.conflict_correct += s.conflict_correct;
    }
    print_row("all", &all);

    let dl_path = locate(&args.datelines);
    if dl_path.exists() {
        let data = std::fs::read_to_string(&dl_path)
            .with_context(|| format!("reading {}", dl_path.display()))?;
        let cases = rasd_time::eval::read_dateline_cases(&data)?;
        let (scores, errors) = rasd_time::eval::evaluate_datelines(&cases);
        if args.errors {
            for e in &errors {
                println!(
                    "{}\tdateline\t{}\texpected {}\tgot {}",
                    e.id,
                    e.text,
                    e.expected.as_deref().unwrap_or("none"),
                    e.got.as_deref().unwrap_or("none")
                );
            }
        }
        println!(
            "\ndatelines {:<8} {:>5} {:>8}",
            "split", "cases", "accuracy"
        );
        let (mut n, mut ok) = (0, 0);
        for (split, (c, k)) in &scores {
            println!(
                "datelines {:<8} {:>5} {:>8.3}",
                split,
                c,
                *k as f64 / (*c).max(1) as f64
            );
            n += c;
            ok += k;
        }
        println!(
            "datelines {:<8} {:>5} {:>8.3}",
            "all",
            n,
            ok as f64 / n.max(1) as f64
        );
    }
    Ok(0)
}

fn print_row(split: &str, s: &rasd_time::eval::Scores) {
    println!(
        "{:<8} {:>5} {:>5} {:>5} {:>9.3} {:>9.3} {:>9.3} {:>5}/{:<3}",
        split,
        s.cases,
        s.gold,
        s.predicted,
        s.precision(),
        s.recall(),
        s.accuracy(),
        s.conflict_correct,
        s.conflict_gold
    );
}

/// Arguments of `rasd bench time`.
#[derive(Debug, Args)]
pub struct BenchTimeArgs {
    /// Sentences, one per line (a `.jsonl` file is read for its `text` fields).
    pub file: PathBuf,
    /// Reference date for relative expressions.
    #[arg(long = "ref", default_value = "2025-12-20")]
    pub reference: String,
    /// Passes over the file (the first pass is also timed).
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
}

/// `rasd bench time FILE`: sentences per second of `find_dates` on one core.
pub fn run_bench(args: BenchTimeArgs) -> anyhow::Result<i32> {
    let reference = parse_reference(Some(&args.reference))?;
    let path = locate(&args.file);
    let file = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let jsonl = path.extension().is_some_and(|e| e == "jsonl");
    let mut sentences = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        if jsonl {
            let v: serde_json::Value = serde_json::from_str(&line)?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                sentences.push(t.to_string());
            }
        } else {
            sentences.push(line);
        }
    }
    if sentences.is_empty() {
        bail!("no sentences in {}", path.display());
    }
    let repeat = args.repeat.max(1);
    let mut mentions = 0usize;
    let t0 = Instant::now();
    for _ in 0..repeat {
        mentions = 0;
        for s in &sentences {
            mentions += rasd_time::find_dates(s, reference).len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let n = sentences.len() * repeat;
    println!(
        "rasd time: {} sentences x {} passes in {:.3}s = {:.0} sentences/s; {} date expressions per pass",
        sentences.len(),
        repeat,
        secs,
        n as f64 / secs.max(1e-9),
        mentions
    );
    Ok(0)
}
