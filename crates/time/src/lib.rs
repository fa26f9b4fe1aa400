//! Arabic date expressions to calendar dates; for now the publication-date (dateline) reader.

use rasd_core::{Span, Ymd};

/// A publication date found in an article's own first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub date: Ymd,
    /// Where the date expression is in the text (char offsets).
    pub span: Span,
}

/// The article's own dateline in its first lines, if any (PROVISIONAL: being implemented).
pub fn find_dateline(_text: &str) -> Option<Dateline> {
    None
}
