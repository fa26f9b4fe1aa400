//! Stand-alone trainer (same job as `rasd train ner`) for building the model without the full CLI.
//! Usage: `cargo run --release -p rasd-ner --example ner_train -- [--keep-resources] [--out FILE]`

use rasd_ner::train::{train_to_files, TrainConfig, TrainJob};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args.iter().any(|a| a == "--keep-resources");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var("RASD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("../shared"));
    let res_dir = root.join("resources/ner");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| res_dir.join("model.bin"));
    let mut cfg = TrainConfig::default();
    if let Some(v) = args
        .iter()
        .position(|a| a == "--aner-repeat")
        .and_then(|i| args.get(i + 1))
    {
        cfg.aner_repeat = v.parse().unwrap_or(cfg.aner_repeat);
    }
    if let Some(v) = args
        .iter()
        .position(|a| a == "--epochs")
        .and_then(|i| args.get(i + 1))
    {
        cfg.epochs = v.parse().unwrap_or(cfg.epochs);
    }
    let job = TrainJob {
        shared: &shared,
        res_dir: &res_dir,
        out: &out,
        regenerate: !keep,
        use_clusters: true,
        extra_corpora: true,
    };
    match train_to_files(&job, &cfg, |m| eprintln!("{m}")) {
        Ok(run) => {
            println!("features {}", run.report.num_features);
            println!("== ANERcorp dev ==\n{}", run.report.dev.table());
            println!("== ANERcorp test ==\n{}", run.report.test.table());
            println!(
                "model {} ({:.1} MB)",
                out.display(),
                run.model_bytes as f64 / 1e6
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
