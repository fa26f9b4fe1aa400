//! `rasd` subcommands for the clean stage (boilerplate removal), delegating to `rasd_ingest::clean`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use rasd_ingest::clean::eval::{evaluate, load_sets, Score};
use rasd_ingest::clean::CleanRules;

/// Arguments of `rasd eval clean`.
#[derive(Debug, Args)]
pub struct EvalCleanArgs {
    /// Gold directory: one set per sub-directory of `+ `/`- ` prefixed article files.
    #[arg(long, default_value = "testdata/clean")]
    pub dir: PathBuf,
    /// Extra rules file appended to the builtin rules (see docs/CLEANING.md).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Use only the rules file given with --rules, without the builtin rules.
    #[arg(long, requires = "rules")]
    pub no_builtin: bool,
    /// List every misclassified line.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print one JSON object per set instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `rasd eval clean`: precision/recall/F1 of dropped lines per gold set.
pub fn run_eval(args: EvalCleanArgs) -> anyhow::Result<i32> {
    let rules = match (&args.rules, args.no_builtin) {
        (Some(path), true) => CleanRules::from_file(path)?,
        (Some(path), false) => {
            let extra = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            CleanRules::builtin_with(&extra)?
        }
        (None, _) => CleanRules::builtin(),
    };
    let sets = load_sets(&args.dir)
        .with_context(|| format!("loading gold from {}", args.dir.display()))?;
    if !args.json {
        println!(
            "{:<10} {:>8} {:>6} {:>8} {:>6} {:>6} {:>9} {:>7} {:>7}",
            "set", "articles", "lines", "dropped", "FP", "FN", "precision", "recall", "F1"
        );
    }
    let mut all = Score::default();
    for set in &sets {
        let s = evaluate(&rules, &set.articles);
        print_score(&set.name, &s, &args);
        all.articles += s.articles;
        all.true_drops += s.true_drops;
        all.false_drops += s.false_drops;
        all.missed_drops += s.missed_drops;
        all.true_keeps += s.true_keeps;
        all.errors.extend(s.errors);
    }
    if sets.len() > 1 {
        print_score(
            "all",
            &all,
            &EvalCleanArgs {
                verbose: false,
                ..args
            },
        );
    }
    Ok(0)
}

fn print_score(name: &str, s: &Score, args: &EvalCleanArgs) {
    let lines = s.true_drops + s.false_drops + s.missed_drops + s.true_keeps;
    if args.json {
        let errors: Vec<serde_json::Value> = s
            .errors
            .iter()
            .map(|e| {
                serde_json::json!({"article": e.article, "line": e.line, "text": e.text,
                    "gold": if e.gold_drop { "drop" } else { "keep" }, "rule": e.rule})
            })
            .collect();
        let mut obj = serde_json::json!({
            "set": name, "articles": s.articles, "lines": lines,
            "gold_drops": s.true_drops + s.missed_drops, "true_drops": s.true_drops,
            "false_drops": s.false_drops, "missed_drops": s.missed_drops,
            "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
            "perfect_articles": s.perfect_articles(),
        });
        if args.verbose {
            obj["errors"] = serde_json::Value::Array(errors);
        }
        println!("{obj}");
        return;
    }
    println!(
        "{:<10} {:>8} {:>6} {:>8} {:>6} {:>6} {:>9.3} {:>7.3} {:>7.3}",
        name,
        s.articles,
        lines,
        s.true_drops + s.missed_drops,
        s.false_drops,
        s.missed_drops,
        s.precision(),
        s.recall(),
        s.f1()
    );
    if args.verbose {
        for e in &s.errors {
            match &e.rule {
                Some(rule) => println!("  FP {}:{} [{}] {}", e.article, e.line + 1, rule, e.text),
                None => println!("  FN {}:{} {}", e.article, e.line + 1, e.text),
            }
        }
    }
}
