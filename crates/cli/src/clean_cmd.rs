//! `rasd` subcommands for the clean stage, delegating to the library crate.

use clap::Args;

/// Arguments of `run_eval` (placeholder until the clean commands land).
#[derive(Debug, Args)]
pub struct EvalCleanArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_eval(_args: EvalCleanArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
