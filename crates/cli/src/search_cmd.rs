//! `rasd search`, `rasd reindex` and `rasd bench search`: full-text search over stored articles.

use clap::Args;

use crate::ingest_cmd::DbArg;

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The query (Arabic words; spelling variants and clitics are folded).
    pub query: String,
    /// Print JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run_search(_args: SearchArgs) -> anyhow::Result<i32> {
    anyhow::bail!("search is being built")
}

pub fn run_reindex(_args: ReindexArgs) -> anyhow::Result<i32> {
    anyhow::bail!("reindex is being built")
}

pub fn run_bench(_args: BenchSearchArgs) -> anyhow::Result<i32> {
    anyhow::bail!("search bench is being built")
}

/// Bring the search index beside the database up to date with the stored articles (called after ingest).
pub fn update_index(_db: &std::path::Path) -> anyhow::Result<()> {
    Ok(())
}
