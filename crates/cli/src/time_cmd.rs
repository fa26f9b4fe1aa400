//! `rasd` subcommands for the time stage, delegating to the library crate.

use clap::Args;

/// Arguments of `run_time` (placeholder until the time commands land).
#[derive(Debug, Args)]
pub struct TimeArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_time(_args: TimeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}

/// Arguments of `run_eval` (placeholder until the time commands land).
#[derive(Debug, Args)]
pub struct EvalTimeArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_eval(_args: EvalTimeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}

/// Arguments of `run_bench` (placeholder until the time commands land).
#[derive(Debug, Args)]
pub struct BenchTimeArgs {
    /// Free arguments.
    pub args: Vec<String>,
}

pub fn run_bench(_args: BenchTimeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
