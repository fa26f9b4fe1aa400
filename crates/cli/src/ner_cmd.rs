//! `rasd` subcommands for the ner stage, delegating to the library crate.

use clap::Args;

/// Arguments of `run_ner` (placeholder until the ner commands land).
#[derive(Debug, Args)]
pub struct NerArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_ner(_args: NerArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}

/// Arguments of `run_eval` (placeholder until the ner commands land).
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_eval(_args: EvalNerArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}

/// Arguments of `run_train` (placeholder until the ner commands land).
#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_train(_args: TrainNerArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
