//! `rasd` subcommands for the dedupe stage, delegating to the library crate.

use clap::Args;

/// Arguments of `run_eval` (placeholder until the dedupe commands land).
#[derive(Debug, Args)]
pub struct EvalDedupeArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_eval(_args: EvalDedupeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}

/// Arguments of `run_bench` (placeholder until the dedupe commands land).
#[derive(Debug, Args)]
pub struct BenchDedupeArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_bench(_args: BenchDedupeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
