//! `rasd` subcommands for the ner stage (tag CoNLL, evaluate, train), delegating to the library crate.

use anyhow::Context;
use clap::Args;
use rasd_ner::conll::{read_raw, Corpus, Sentence};
use rasd_ner::eval::Scores;
use rasd_ner::train::{self, TrainConfig};
use rasd_ner::translit::{actor_person_pairs, parse_geonames, training_pairs, GeoPair};
use rasd_ner::Recognizer;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `rasd ner`: tag CoNLL tokens on stdin.
#[derive(Debug, Args)]
pub struct NerArgs {
    /// Model file to use instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

fn load(model: Option<&Path>) -> anyhow::Result<Recognizer> {
    Ok(match model {
        Some(p) => Recognizer::load_model_file(p)?,
        None => Recognizer::load_default()?,
    })
}

/// Reads CoNLL (token per line, blank line between sentences, first column is the token) on stdin and writes
/// `token<TAB>tag` in BIO with PER/ORG/LOC/MISC, keeping the sentence breaks.
pub fn run_ner(args: NerArgs) -> anyhow::Result<i32> {
    let rec = load(args.model.as_deref())?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading stdin")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (i, s) in read_raw(&input).iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let tags = rec.tag_tokens(&s.tokens);
        for (t, g) in s.tokens.iter().zip(tags) {
            writeln!(out, "{t}\t{g}")?;
        }
    }
    out.flush()?;
    Ok(0)
}

/// Arguments of `rasd eval ner`.
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Gold CoNLL file (token first, tag in the last column; PERS/PER, B-/I-). Blank lines separate sentences;
    /// a file without blank lines (ANERcorp) is split after `.` tokens.
    #[arg(required_unless_present = "split")]
    pub file: Option<PathBuf>,
    /// Instead of FILE, score the fixed ANERcorp held-out portion from ../shared (`dev` or `test`).
    #[arg(long, value_parser = ["dev", "test"])]
    pub split: Option<String>,
    /// Model file to use instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The shared data directory ([`crate::shared_dir`]), which the training and eval commands need.
pub fn shared_dir() -> anyhow::Result<PathBuf> {
    let d = crate::shared_dir();
    anyhow::ensure!(
        d.join("data").is_dir(),
        "cannot find ../shared/data (looked at {}); set RASD_SHARED",
        d.display()
    );
    Ok(d)
}

/// Repository root: the current dir or the first ancestor holding `resources/ner`.
fn repo_root() -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir()?;
    cwd.ancestors()
        .find(|a| a.join("resources").join("ner").is_dir())
        .map(Path::to_path_buf)
        .context("run inside the rasd repository (no resources/ner found)")
}

fn gold_sentences(path: &Path) -> anyhow::Result<Vec<Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(rasd_ner::conll::label_sentences(
        read_raw(&text),
        Corpus::Generic,
    ))
}

pub fn run_eval(args: EvalNerArgs) -> anyhow::Result<i32> {
    let rec = load(args.model.as_deref())?;
    let sents = match (&args.split, &args.file) {
        (Some(which), _) => {
            let (split, _) = train::load_corpora(&shared_dir()?, false)?;
            if which == "dev" {
                split.dev
            } else {
                split.test
            }
        }
        (None, Some(f)) => gold_sentences(f)?,
        (None, None) => anyhow::bail!("give FILE or --split"),
    };
    let cpu0 = rasd_ner::cputime::process_cpu_seconds();
    let started = Instant::now();
    let mut scores = Scores::default();
    for s in &sents {
        let pred = rec.tag_tokens(&s.tokens);
        scores.add(&s.tags, &pred);
    }
    let secs = started.elapsed().as_secs_f64();
    let tps = scores.tokens as f64 / secs.max(1e-9);
    // Per CPU second: on a shared machine wall-clock throughput understates the tagger's speed.
    let cpu_tps = match (cpu0, rasd_ner::cputime::process_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some(scores.tokens as f64 / (b - a)),
        _ => None,
    };
    if args.json {
        let per: serde_json::Map<String, serde_json::Value> = scores
            .per_class
            .iter()
            .map(|(k, c)| {
                (k.to_string(), serde_json::json!({"p": c.precision(), "r": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_}))
            })
            .collect();
        let m = scores.micro();
        println!(
            "{}",
            serde_json::json!({"per_class": per, "micro": {"p": m.precision(), "r": m.recall(), "f1": m.f1()},
                "tokens": scores.tokens, "tokens_per_sec": tps, "tokens_per_cpu_sec": cpu_tps})
        );
    } else {
        print!("{}", scores.table());
        println!(
            "tokens {}  token accuracy {:.4}  {:.0} tokens/s wall{} (incl. feature extraction)",
            scores.tokens,
            scores.tokens_correct as f64 / scores.tokens.max(1) as f64,
            tps,
            cpu_tps.map_or(String::new(), |c| format!(", {c:.0} tokens/CPU-s"))
        );
    }
    Ok(0)
}

/// Arguments of `rasd train ner`.
#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Where to write the model (default: resources/ner/model.bin in the repository).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Perceptron epochs.
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Drop features seen fewer than N times.
    #[arg(long, default_value_t = 1)]
    pub min_count: u32,
    /// Train on ANERcorp only (no AQMAR/NewsFANE/Wojood).
    #[arg(long)]
    pub aner_only: bool,
    /// Enable per-corpus feature augmentation (general + per-corpus feature copies).
    #[arg(long)]
    pub domain_adapt: bool,
    /// Times each ANERcorp training sentence is seen per epoch (weight of the target domain).
    #[arg(long, default_value_t = 3)]
    pub aner_repeat: usize,
    /// Also train on the ANERcorp dev portion (dev scores are then not held out).
    #[arg(long)]
    pub include_dev: bool,
    /// Independent shuffled training runs whose weights are averaged.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Use the other corpora's O/MISC labels as given (default: treat them as "O or MISC", a latent-label
    /// update, since their MISC conventions differ from ANERcorp's).
    #[arg(long)]
    pub no_partial_misc: bool,
    /// Do not regenerate resources/ner/places.tsv and clusters.tsv; use the files as they are.
    #[arg(long)]
    pub keep_resources: bool,
    /// Ignore clusters (train without cluster features).
    #[arg(long)]
    pub no_clusters: bool,
}

/// Trains deterministically from ../shared/data: regenerates the place gazetteer and clusters, trains,
/// writes the model and prints held-out ANERcorp dev/test scores.
pub fn run_train(args: TrainNerArgs) -> anyhow::Result<i32> {
    let shared = shared_dir()?;
    let root = repo_root()?;
    let res_dir = root.join("resources").join("ner");
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| res_dir.join("model.bin"));
    let started = Instant::now();
    let cfg = TrainConfig {
        epochs: args.epochs,
        min_count: args.min_count,
        domain_adapt: args.domain_adapt,
        include_dev: args.include_dev,
        aner_repeat: args.aner_repeat,
        partial_misc: !args.no_partial_misc,
        runs: args.runs,
        ..TrainConfig::default()
    };
    let job = train::TrainJob {
        shared: &shared,
        res_dir: &res_dir,
        out: &out,
        regenerate: !args.keep_resources,
        use_clusters: !args.no_clusters,
        extra_corpora: !args.aner_only,
    };
    let run = train::train_to_files(&job, &cfg, |m| eprintln!("{m}"))?;
    println!(
        "features {}  training sentences {}",
        run.report.num_features, run.report.train_sentences
    );
    println!("== ANERcorp dev ==\n{}", run.report.dev.table());
    println!("== ANERcorp test ==\n{}", run.report.test.table());
    println!(
        "model {} ({:.1} MB), trained in {:.0}s",
        out.display(),
        run.model_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// Arguments of `rasd train translit`.
#[derive(Debug, Args)]
pub struct TrainTranslitArgs {
    /// Where to write the table (default: resources/ner/translit.tsv in the repository).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Arguments of `rasd eval translit`.
#[derive(Debug, Args)]
pub struct EvalTranslitArgs {
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The GeoNames name pairs of `../shared` (see [`rasd_ner::translit::parse_geonames`]).
fn geonames_pairs() -> anyhow::Result<Vec<GeoPair>> {
    let path = shared_dir()?.join("data/geonames/cities_ar.tsv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let out = parse_geonames(&text);
    anyhow::ensure!(!out.is_empty(), "no name pairs in {}", path.display());
    Ok(out)
}

/// Learns the romanization table from all GeoNames pairs and the actor list's persons.
pub fn run_train_translit(args: TrainTranslitArgs) -> anyhow::Result<i32> {
    let out = match args.out {
        Some(p) => p,
        None => repo_root()?.join("resources/ner/translit.tsv"),
    };
    let started = Instant::now();
    let geo = geonames_pairs()?;
    let actors = actor_person_pairs();
    let mut pairs = training_pairs(&geo, |_| true);
    pairs.extend(actors.iter().map(|(a, l)| (a.as_str(), l.as_str())));
    let r = rasd_ner::translit::Romanizer::train(pairs.iter().copied());
    std::fs::write(&out, r.to_tsv()).with_context(|| format!("writing {}", out.display()))?;
    let (words, letters) = r.len();
    println!(
        "{} name pairs → {words} words, {letters} letter contexts in {} ({:.1} s)",
        pairs.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// Scores the learned romanization against the letter table on held-out GeoNames places (a
/// model trained on the other places), on the Arab-state ones among them, and on the actor
/// list's person names (not trained on).
pub fn run_eval_translit(args: EvalTranslitArgs) -> anyhow::Result<i32> {
    use rasd_ner::translit::{is_held_out, letter_table, Romanizer, Scores};
    let geo = geonames_pairs()?;
    let model = Romanizer::train(training_pairs(&geo, |g| !is_held_out(g.id)));
    let held_out = |arab_only: bool| -> Vec<(&str, &str)> {
        geo.iter()
            .filter(|g| is_held_out(g.id) && (g.arab || !arab_only))
            .map(|g| (g.arabic.as_str(), g.latin.as_str()))
            .collect()
    };
    let actors = actor_person_pairs();
    let people: Vec<(&str, &str)> = actors
        .iter()
        .map(|(a, l)| (a.as_str(), l.as_str()))
        .collect();
    let sets = [
        ("geonames-held-out", held_out(false)),
        ("geonames-arab", held_out(true)),
        ("actor-persons", people),
    ];
    let mut rows = Vec::new();
    for (set, pairs) in &sets {
        let learned = Scores::measure(pairs.iter().copied(), |w| model.spell_word(&w.arabic).1);
        let table = Scores::measure(pairs.iter().copied(), |w| letter_table(w.stem()));
        rows.push((set, learned, table));
    }
    if args.json {
        let j: Vec<serde_json::Value> = rows
            .iter()
            .map(|(set, l, t)| {
                serde_json::json!({"set": set, "words": l.words,
                    "learned": {"accuracy": l.accuracy(), "cer": l.cer()},
                    "letter_table": {"accuracy": t.accuracy(), "cer": t.cer()}})
            })
            .collect();
        println!("{}", serde_json::Value::Array(j));
        return Ok(0);
    }
    println!(
        "== romanization of name words (learned on GeoNames places, every 5th geonameid held out)"
    );
    println!(
        "{:<20}{:>7} | {:>15} {:>7} | {:>15} {:>7}",
        "set", "words", "learned exact", "CER", "letters exact", "CER"
    );
    for (set, l, t) in rows {
        println!(
            "{set:<20}{:>7} | {:>15.3} {:>7.3} | {:>15.3} {:>7.3}",
            l.words,
            l.accuracy(),
            l.cer(),
            t.accuracy(),
            t.cer()
        );
    }
    println!("exact: words spelled as the reference; CER: edit distance / reference length (lower is better)");
    Ok(0)
}

/// Arguments of `rasd eval titles`.
#[derive(Debug, Args)]
pub struct EvalTitlesArgs {
    /// Print the dev actors whose role or country is not recovered.
    #[arg(long)]
    pub errors: bool,
}

/// Scores the title reader (the office and country a title before an unlisted person's name
/// gives them) on the actor list's people: each person's first Arabic title followed by the
/// name, alternate people dev/test. A role agrees when every word of it is in the listed role
/// ("president" for "former president"); a country when it is the listed ISO3.
pub fn run_eval_titles(args: EvalTitlesArgs) -> anyhow::Result<i32> {
    let resolver = rasd_ner::resolve::Resolver::shared();
    let people: Vec<&rasd_ner::actors::Actor> = resolver
        .actors()
        .iter()
        .filter(|a| a.kind == rasd_ner::actors::ActorKind::Person && !a.titles_ar.is_empty())
        .collect();
    println!("== title reader: the actor list's people with a title (title + name, as an unlisted person)");
    for (k, split) in ["dev", "test"].iter().enumerate() {
        let (mut n, mut found, mut role_ok, mut with_country, mut country_ok) = (0, 0, 0, 0, 0);
        for a in people.iter().skip(k).step_by(2) {
            let Some(title) = a.titles_ar.first() else {
                continue;
            };
            n += 1;
            let got = resolver.title_of(title);
            let words = |s: &str| -> Vec<String> {
                s.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(String::from)
                    .collect()
            };
            let gold_role = words(&a.role);
            let role_agrees = got
                .as_ref()
                .is_some_and(|(r, _)| words(r).iter().all(|w| gold_role.contains(w)));
            let country_agrees =
                got.as_ref().and_then(|(_, c)| c.as_deref()) == Some(a.country.as_str());
            found += usize::from(got.is_some());
            role_ok += usize::from(role_agrees);
            if !a.country.is_empty() {
                with_country += 1;
                country_ok += usize::from(country_agrees);
            }
            if args.errors && *split == "dev" && (!role_agrees || !country_agrees) {
                println!("  {title} → {:?}\tlisted: {} / {}", got, a.role, a.country);
            }
        }
        let pct = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        println!(
            "{split:<5} people {n:>3} | title read {:.3} | role agrees {:.3} | country right {:.3} ({country_ok}/{with_country})",
            pct(found, n),
            pct(role_ok, n),
            pct(country_ok, with_country)
        );
    }
    Ok(0)
}
