//! Readers for every news format and encoding (txt, HTML, JSONL, WARC, RSS/Atom), producing cleaned articles.
//!
//! `read_document` turns one file's bytes into records (`RawArticle` or a per-record error);
//! `prepare` cleans a record into an `Article` with a stable content-hash id.

pub mod clean;
pub mod decode;
pub mod feed;
pub mod file;
pub mod html;
pub mod jsonl;
pub mod prepare;
pub mod sniff;
pub mod text;
pub mod warc;

use rasd_core::SourceFormat;

pub use file::{read_file, FileRecords};
pub use prepare::{prepare, Preparer};

/// Largest article body accepted (bytes of decoded text); larger is reported, not stored.
pub const MAX_ARTICLE_BYTES: usize = 8 << 20;

/// Why a document or record could not be read. Displayed as the reason in `skip PATH: reason`.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("empty file")]
    Empty,
    #[error("binary data, not text")]
    Binary,
    #[error("undecodable bytes: {0}")]
    Undecodable(String),
    #[error("truncated or corrupt gzip: {0}")]
    Gzip(String),
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("malformed WARC: {0}")]
    Warc(String),
    #[error("malformed feed: {0}")]
    Feed(String),
    #[error("malformed HTML: {0}")]
    Html(String),
    #[error("no article text: {0}")]
    NoText(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Body of a record before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Plain text, lines separated by newlines.
    Text(String),
    /// An HTML document or fragment; extracted to lines by `html::extract`.
    Html(String),
}

/// One article as read from its source, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArticle {
    /// Path as given, plus `#n` for the n-th record of a multi-record file.
    pub origin: String,
    pub format: SourceFormat,
    pub encoding: String,
    pub body: Body,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Source-supplied identifier (JSONL `id`, feed guid), informational.
    pub source_id: Option<String>,
    /// Authoritative publication date from structured metadata (JSONL field, feed pubDate, HTML meta).
    pub meta_date: Option<String>,
    /// Weak date (txt `date` header, WARC crawl date): kept as `header_date`, loses to a dateline.
    pub header_date: Option<String>,
}

impl RawArticle {
    pub(crate) fn new(
        origin: String,
        format: SourceFormat,
        encoding: &str,
        body: Body,
    ) -> RawArticle {
        RawArticle {
            origin,
            format,
            encoding: encoding.to_owned(),
            body,
            title: None,
            url: None,
            outlet: None,
            source_id: None,
            meta_date: None,
            header_date: None,
        }
    }
}

/// A record that could not be read, with the origin (`path` or `path#n`) it came from.
#[derive(Debug)]
pub struct Skip {
    pub origin: String,
    pub error: IngestError,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.error)
    }
}

/// Read every record of one document. `origin` names the file (as given by the user).
/// Never panics on malformed input: bad records come back as `Err(Skip)` beside the good ones.
pub fn read_document(origin: &str, bytes: &[u8]) -> Vec<Result<RawArticle, Skip>> {
    let skip = |error| {
        vec![Err(Skip {
            origin: origin.to_owned(),
            error,
        })]
    };
    if bytes.is_empty() {
        return skip(IngestError::Empty);
    }
    if decode::is_gzip(bytes) {
        let (inner, err) = decode::gunzip(bytes);
        let mut out = if inner.is_empty() {
            Vec::new()
        } else if sniff::is_warc(&inner) {
            warc::read(origin, &inner, err.is_some())
        } else if err.is_some() {
            // A truncated single document is unusable; a truncated JSONL keeps its complete lines.
            match decode::decode(&inner, None) {
                Ok(d) if sniff::sniff_text(&d.text) == SourceFormat::Jsonl => {
                    let mut recs = jsonl::read(origin, &d.text, d.encoding);
                    // The last line may be cut mid-record.
                    if !d.text.ends_with('\n') {
                        recs.pop();
                    }
                    recs
                }
                _ => Vec::new(),
            }
        } else {
            read_document(origin, &inner)
        };
        if let Some(error) = err {
            out.push(Err(Skip {
                origin: origin.to_owned(),
                error,
            }));
        }
        return out;
    }
    if sniff::is_warc(bytes) {
        return warc::read(origin, bytes, false);
    }
    let declared = sniff::declared_charset(bytes);
    let decoded = match decode::decode(bytes, declared.as_deref()) {
        Ok(d) => d,
        Err(e) => return skip(e),
    };
    let text = decoded.text;
    match sniff::sniff_text(&text) {
        SourceFormat::Jsonl => jsonl::read(origin, &text, decoded.encoding),
        SourceFormat::Rss | SourceFormat::Atom => feed::read(origin, &text, decoded.encoding),
        SourceFormat::Html => vec![html::read(origin, text, decoded.encoding)],
        SourceFormat::Text | SourceFormat::Warc => {
            vec![text::read(origin, &text, decoded.encoding)]
        }
    }
}
