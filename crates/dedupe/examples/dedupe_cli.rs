//! Runs `rasd eval dedupe` / `rasd bench dedupe` from this crate alone (same code as the CLI module), for development while the workspace CLI is mid-change.

#[path = "../../cli/src/dedupe_cmd.rs"]
mod dedupe_cmd;
#[path = "../../cli/src/paths.rs"]
mod paths;

use paths::default_corpus;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Eval(dedupe_cmd::EvalDedupeArgs),
    Bench(dedupe_cmd::BenchDedupeArgs),
}

fn main() -> anyhow::Result<()> {
    let code = match Cli::parse().command {
        Command::Eval(a) => dedupe_cmd::run_eval(a)?,
        Command::Bench(a) => dedupe_cmd::run_bench(a)?,
    };
    std::process::exit(code)
}
