//! `rasd serve` and `rasd bench serve`: the REST API and web dashboard, and their load test.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::Context;
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

/// Open-loop load test of `GET /api/events` with varied filters (loopback only).
#[derive(Debug, Args)]
pub struct BenchServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Target an already running server instead of starting one in-process on the database.
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Requests per second, sent on a fixed schedule whatever the response times (open loop).
    #[arg(long, default_value_t = 200)]
    pub rate: u32,
    /// Duration of the run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u32,
    /// Server runtime threads when started in-process.
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
    /// Client threads (each sends every `threads`-th request of the schedule).
    #[arg(long, default_value_t = 64)]
    pub threads: usize,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

pub fn run_serve(args: ServeArgs) -> anyhow::Result<i32> {
    let config = rasd_server::Config {
        db: args.db.db,
        ingest_token: args.token,
    };
    rasd_server::serve_blocking(config, args.addr)?;
    Ok(0)
}

/// One HTTP/1.1 GET with `Connection: close`: (status, body).
fn http_get(addr: SocketAddr, target: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.set_nodelay(true)?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::with_capacity(16 * 1024);
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no HTTP header end"))?;
    let status = std::str::from_utf8(raw.get(..split).unwrap_or_default())
        .ok()
        .and_then(|h| h.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| std::io::Error::other("no HTTP status"))?;
    Ok((status, raw.get(split + 4..).unwrap_or_default().to_vec()))
}

fn get_json(addr: SocketAddr, target: &str) -> anyhow::Result<serde_json::Value> {
    let (status, body) = http_get(addr, target).with_context(|| format!("GET {target}"))?;
    anyhow::ensure!(status == 200, "GET {target}: HTTP {status}");
    // Bodies of this bench's set-up requests are small enough to be sent unchunked by axum (Json
    // sets Content-Length).
    serde_json::from_slice(&body).with_context(|| format!("GET {target}: not JSON"))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The request mix: the unfiltered list, then each filter kind over values taken from the data
/// (types from /api/stats, actors and countries from the most mentioned entities, date ranges
/// from the event date span), plus second pages through a cursor.
fn request_mix(addr: SocketAddr) -> anyhow::Result<Vec<(String, String)>> {
    let stats = get_json(addr, "/api/stats")?;
    let mut mix = vec![("all".to_owned(), "/api/events?limit=50".to_owned())];
    let types: Vec<String> = stats["event_types"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    for t in &types {
        mix.push(("type".into(), format!("/api/events?type={t}&limit=50")));
    }
    let ents = get_json(addr, "/api/entities?limit=60")?;
    let mut countries: Vec<String> = Vec::new();
    for e in ents["items"].as_array().into_iter().flatten() {
        if let Some(id) = e["id"].as_str() {
            mix.push((
                "actor".into(),
                format!("/api/events?actor={}&limit=50", enc(id)),
            ));
        }
        if let Some(c) = e["country"].as_str() {
            if !countries.iter().any(|x| x == c) {
                countries.push(c.to_owned());
            }
        }
    }
    for (i, c) in countries.iter().take(15).enumerate() {
        mix.push((
            "country".into(),
            format!("/api/events?country={c}&limit=50"),
        ));
        if let Some(t) = types.get(i % types.len().max(1)) {
            mix.push((
                "type+country".into(),
                format!("/api/events?type={t}&country={c}&limit=50"),
            ));
        }
    }
    let first_year = stats["first_event"]
        .as_str()
        .and_then(|d| d.get(..4)?.parse::<i32>().ok());
    let last_year = stats["last_event"]
        .as_str()
        .and_then(|d| d.get(..4)?.parse::<i32>().ok());
    if let (Some(a), Some(b)) = (first_year, last_year) {
        for y in a.max(b - 10)..=b {
            for m in [1, 6] {
                mix.push((
                    "date".into(),
                    format!(
                        "/api/events?from={y}-{m:02}-01&to={y}-{:02}-28&limit=50",
                        m + 1
                    ),
                ));
            }
        }
    }
    mix.push((
        "min_sources".into(),
        "/api/events?min_sources=2&limit=50".into(),
    ));
    mix.push(("mode".into(), "/api/events?mode=negated&limit=50".into()));
    let seeds: Vec<String> = mix.iter().take(20).map(|(_, t)| t.clone()).collect();
    for t in seeds {
        if let Some(c) = get_json(addr, &t)?["next"].as_str() {
            mix.push(("cursor".into(), format!("{t}&cursor={c}")));
        }
    }
    Ok(mix)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn run_bench(args: BenchServeArgs) -> anyhow::Result<i32> {
    anyhow::ensure!(
        args.rate > 0 && args.seconds > 0,
        "--rate and --seconds must be positive"
    );
    let _server;
    let addr = match args.addr {
        Some(a) => {
            anyhow::ensure!(
                a.ip().is_loopback(),
                "the load test only targets loopback addresses"
            );
            a
        }
        None => {
            anyhow::ensure!(
                args.db.db.exists(),
                "database {} does not exist (build one with bench/serve/run.sh or rasd ingest)",
                args.db.db.display()
            );
            let bg = rasd_server::spawn_background(
                rasd_server::Config {
                    db: args.db.db.clone(),
                    ingest_token: None,
                },
                "127.0.0.1:0".parse()?,
                args.workers,
            )?;
            let a = bg.addr;
            _server = bg;
            a
        }
    };
    let mix = request_mix(addr)?;
    let total = args.rate as usize * args.seconds as usize;
    let threads = args.threads.clamp(1, 1024);
    let interval = Duration::from_secs_f64(1.0 / f64::from(args.rate));
    // Warm-up: one pass over the mix (page cache, prepared statements, spelling cache).
    for (_, t) in &mix {
        let _ = http_get(addr, t);
    }
    let start = Instant::now() + Duration::from_millis(200);
    let mix = std::sync::Arc::new(mix);
    let handles: Vec<_> = (0..threads)
        .map(|k| {
            let mix = std::sync::Arc::clone(&mix);
            std::thread::spawn(move || {
                // (latency ms from the scheduled send time, kind index, ok)
                let mut out: Vec<(f64, usize, bool)> = Vec::new();
                for i in (k..total).step_by(threads) {
                    let due = start + interval * i as u32;
                    let now = Instant::now();
                    if due > now {
                        std::thread::sleep(due - now);
                    }
                    let idx = (i * 7919) % mix.len();
                    let ok = matches!(http_get(addr, &mix[idx].1), Ok((200, _)));
                    out.push((due.elapsed().as_secs_f64() * 1000.0, idx, ok));
                }
                out
            })
        })
        .collect();
    let mut samples = Vec::with_capacity(total);
    for h in handles {
        samples.extend(
            h.join()
                .map_err(|_| anyhow::anyhow!("client thread panicked"))?,
        );
    }
    let elapsed = start.elapsed().as_secs_f64();
    let errors = samples.iter().filter(|s| !s.2).count();
    let mut lat: Vec<f64> = samples.iter().map(|s| s.0).collect();
    lat.sort_by(f64::total_cmp);
    let stats = get_json(addr, "/api/stats")?;
    let mut kinds: Vec<(String, Vec<f64>)> = Vec::new();
    for (l, idx, _) in &samples {
        let kind = &mix[*idx].0;
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, v)) => v.push(*l),
            None => kinds.push((kind.clone(), vec![*l])),
        }
    }
    for (_, v) in &mut kinds {
        v.sort_by(f64::total_cmp);
    }
    let (p50, p90, p99) = (
        percentile(&lat, 50.0),
        percentile(&lat, 90.0),
        percentile(&lat, 99.0),
    );
    let max = lat.last().copied().unwrap_or(f64::NAN);
    if args.json {
        let per_kind: serde_json::Map<String, serde_json::Value> = kinds
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    serde_json::json!({"n": v.len(), "p50_ms": percentile(v, 50.0), "p99_ms": percentile(v, 99.0)}),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "articles": stats["articles"], "events": stats["events"],
                "rate": args.rate, "seconds": args.seconds, "requests": samples.len(),
                "achieved_rate": samples.len() as f64 / elapsed, "errors": errors,
                "p50_ms": p50, "p90_ms": p90, "p99_ms": p99, "max_ms": max, "by_filter": per_kind,
            })
        );
    } else {
        println!(
            "database: {} articles, {} events; {} distinct request targets",
            stats["articles"],
            stats["events"],
            mix.len()
        );
        println!(
            "{} requests in {:.1} s ({:.0} req/s offered {}), {} errors",
            samples.len(),
            elapsed,
            samples.len() as f64 / elapsed,
            args.rate,
            errors
        );
        println!("latency ms (from scheduled send): p50 {p50:.2}  p90 {p90:.2}  p99 {p99:.2}  max {max:.2}");
        println!(
            "{:<14} {:>6} {:>9} {:>9}",
            "filter", "n", "p50 ms", "p99 ms"
        );
        for (k, v) in &kinds {
            println!(
                "{:<14} {:>6} {:>9.2} {:>9.2}",
                k,
                v.len(),
                percentile(v, 50.0),
                percentile(v, 99.0)
            );
        }
    }
    Ok(if errors == 0 { 0 } else { 1 })
}
