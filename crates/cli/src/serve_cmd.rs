//! `rasd serve` and `rasd bench serve`: the REST API and web dashboard, and their load test.

use std::net::SocketAddr;

use clap::Args;

use crate::ingest_cmd::DbArg;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token required by POST /api/ingest (else ingest over HTTP is open on this address).
    #[arg(long, env = "RASD_INGEST_TOKEN")]
    pub token: Option<String>,
}

#[derive(Debug, Args)]
pub struct BenchServeArgs {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run_serve(args: ServeArgs) -> anyhow::Result<i32> {
    let config = rasd_server::Config {
        db: args.db.db,
        ingest_token: args.token,
    };
    rasd_server::serve_blocking(config, args.addr)?;
    Ok(0)
}

pub fn run_bench(_args: BenchServeArgs) -> anyhow::Result<i32> {
    anyhow::bail!("serve load test is being built")
}
