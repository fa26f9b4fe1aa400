//! The `rasd` binary: thin glue over the library crates; each stage's subcommands live in its own module.

mod clean_cmd;
mod dedupe_cmd;
mod events_cmd;
mod export_cmd;
mod ingest_bench_cmd;
mod ingest_cmd;
mod merge_eval_cmd;
mod ner_cmd;
mod paths;
mod search_cmd;
mod serve_cmd;
mod time_cmd;

use clap::{Parser, Subcommand};

/// rasd (رصد): Arabic-native news event data.
#[derive(Debug, Parser)]
#[command(name = "rasd", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read news files (txt, HTML, JSONL, WARC, RSS/Atom; any encoding) into the database.
    Ingest(ingest_cmd::IngestArgs),
    /// Write stored data as JSONL or CSV to stdout.
    Export(export_cmd::ExportArgs),
    /// Show which lines of a file the boilerplate cleaner keeps and drops (and by which rule).
    Clean(ingest_cmd::CleanArgs),
    /// Resolve Arabic date expressions in TEXT (or stdin) relative to a reference date.
    Time(time_cmd::TimeArgs),
    /// Code PLOVER events and quantity claims in TEXT (or stdin), as JSON lines.
    Events(events_cmd::CodeArgs),
    /// Tag CoNLL tokens on stdin with BIO entity tags.
    Ner(ner_cmd::NerArgs),
    /// Full-text search over stored articles (Arabic-aware: spelling variants and clitics folded).
    Search(search_cmd::SearchArgs),
    /// Rebuild the search index beside the database from the stored articles (`--events`: and
    /// the merged events table from the stored mentions).
    Reindex(search_cmd::ReindexArgs),
    /// Serve the REST API (/api, OpenAPI at /api/openapi.json) and the web dashboard (/).
    Serve(serve_cmd::ServeArgs),
    /// Evaluate a stage on held-out data and print precision/recall/F1.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a model from ../shared/data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Benchmarks that print throughput.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Boilerplate removal: precision/recall of dropped lines.
    Clean(clean_cmd::EvalCleanArgs),
    /// Date expressions: accuracy of resolved values.
    Time(time_cmd::EvalTimeArgs),
    /// Named entities: CoNLL entity-level P/R/F1.
    Ner(ner_cmd::EvalNerArgs),
    /// Duplicates and stories: pairwise P/R.
    Dedupe(dedupe_cmd::EvalDedupeArgs),
    /// Events: PLOVER type P/R/F1 and actor accuracy on the gold sentences.
    Events(events_cmd::EvalEventsArgs),
    /// Quantity claims: P/R/F1 of (unit, value) on hand-labelled corpus sentences.
    Claims(events_cmd::EvalClaimsArgs),
    /// Event merge: pairwise P/R on hand-labelled mention pairs of the news corpus.
    Merge(merge_eval_cmd::EvalMergeArgs),
    /// Name romanization: exact words and character error rate on held-out name pairs.
    Translit(ner_cmd::EvalTranslitArgs),
    /// Titles of unlisted people: role and country read from a title before a name.
    Titles(ner_cmd::EvalTitlesArgs),
}

#[derive(Debug, Subcommand)]
enum TrainCommand {
    /// Train the NER model.
    Ner(ner_cmd::TrainNerArgs),
    /// Learn the Arabic→Latin name romanization table from GeoNames name pairs.
    Translit(ner_cmd::TrainTranslitArgs),
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Decode + clean + normalize + store throughput (articles/s, MB/s).
    Ingest(ingest_bench_cmd::BenchIngestArgs),
    /// Date resolution throughput.
    Time(time_cmd::BenchTimeArgs),
    /// Near-duplicate and story assignment throughput.
    Dedupe(dedupe_cmd::BenchDedupeArgs),
    /// Search latency and indexing throughput.
    Search(search_cmd::BenchSearchArgs),
    /// Load test of the API on loopback: p50/p99 latency at a fixed request rate.
    Serve(serve_cmd::BenchServeArgs),
}

pub use paths::{default_corpus, shared_dir};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(a) => ingest_cmd::run_ingest(a),
        Command::Export(a) => export_cmd::run_export(a),
        Command::Clean(a) => ingest_cmd::run_clean(a),
        Command::Bench(BenchCommand::Ingest(a)) => ingest_bench_cmd::run_bench(a),
        Command::Time(a) => time_cmd::run_time(a),
        Command::Ner(a) => ner_cmd::run_ner(a),
        Command::Events(a) => events_cmd::run_code(a),
        Command::Eval(EvalCommand::Events(a)) => events_cmd::run_eval(a),
        Command::Eval(EvalCommand::Claims(a)) => events_cmd::run_eval_claims(a),
        Command::Eval(EvalCommand::Clean(a)) => clean_cmd::run_eval(a),
        Command::Eval(EvalCommand::Time(a)) => time_cmd::run_eval(a),
        Command::Eval(EvalCommand::Ner(a)) => ner_cmd::run_eval(a),
        Command::Eval(EvalCommand::Dedupe(a)) => dedupe_cmd::run_eval(a),
        Command::Eval(EvalCommand::Merge(a)) => merge_eval_cmd::run_eval(a),
        Command::Train(TrainCommand::Ner(a)) => ner_cmd::run_train(a),
        Command::Train(TrainCommand::Translit(a)) => ner_cmd::run_train_translit(a),
        Command::Eval(EvalCommand::Translit(a)) => ner_cmd::run_eval_translit(a),
        Command::Eval(EvalCommand::Titles(a)) => ner_cmd::run_eval_titles(a),
        Command::Bench(BenchCommand::Time(a)) => time_cmd::run_bench(a),
        Command::Bench(BenchCommand::Dedupe(a)) => dedupe_cmd::run_bench(a),
        Command::Bench(BenchCommand::Search(a)) => search_cmd::run_bench(a),
        Command::Bench(BenchCommand::Serve(a)) => serve_cmd::run_bench(a),
        Command::Search(a) => search_cmd::run_search(a),
        Command::Reindex(a) => search_cmd::run_reindex(a),
        Command::Serve(a) => serve_cmd::run_serve(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    }
}
