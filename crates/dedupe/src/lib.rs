//! Exact and near-duplicate detection (MinHash/LSH) and incremental story clustering for rasd.
//!
//! The entry point is [`DedupeIndex`]: feed it articles one by one with [`DedupeIndex::assign`];
//! persist each returned [`DocRecord`] (`to_bytes`) and rebuild the index at start-up with
//! [`DedupeIndex::from_records`]. See `docs/DEDUPE.md` for the design and measured figures.

pub mod bench;
pub mod eval;
pub mod hash;
mod index;
pub mod minhash;
pub mod normalize;
mod prepare;
mod record;
pub mod rounds;
pub mod story;
pub mod synth;
mod table;

pub use index::{Assignment, Config, DedupeIndex, DocInput, StorySummary};
pub use prepare::{PreparedDoc, Preparer};
pub use record::{DocRecord, MIN_RECORD_VERSION, RECORD_VERSION};

/// Errors of the dedupe crate (record decoding and index rebuilding).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error("dedupe record is truncated")]
    Truncated,
    #[error("dedupe record is corrupt: {0}")]
    Corrupt(&'static str),
    #[error("dedupe record version {0} is not supported (expected {MIN_RECORD_VERSION} to {RECORD_VERSION})")]
    Version(u8),
    #[error("dedupe record {id} was made with other MinHash parameters; re-run dedupe over stored texts")]
    ParamsMismatch { id: String },
    #[error("invalid dedupe configuration: {0}")]
    Config(String),
}
