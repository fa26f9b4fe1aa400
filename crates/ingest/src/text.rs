//! Plain-text reader: optional ` date YYYY-MM-DD` header on the first line, first short line as title.

use rasd_core::{SourceFormat, Ymd};

use crate::{Body, IngestError, RawArticle, Skip, MAX_ARTICLE_BYTES};

/// A first line at most this many characters long (and not the only line) is taken as the title.
const MAX_TITLE_CHARS: usize = 160;

/// Read one plain-text article.
pub fn read(origin: &str, text: &str, encoding: &str) -> Result<RawArticle, Skip> {
    let fail = |error| Skip {
        origin: origin.to_owned(),
        error,
    };
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(fail(IngestError::TooLarge(format!(
            "{} bytes of text (limit {MAX_ARTICLE_BYTES})",
            text.len()
        ))));
    }
    let text = text.trim_start_matches('\u{FEFF}');
    let (header_date, body) = split_date_header(text);
    if body.trim().is_empty() {
        return Err(fail(IngestError::NoText("only a header".into())));
    }
    let mut raw = RawArticle::new(
        origin.to_owned(),
        SourceFormat::Text,
        encoding,
        Body::Text(body.to_owned()),
    );
    raw.header_date = header_date.map(|d| d.iso());
    if header_date.is_none() {
        let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
        if let (Some(first), Some(_)) = (lines.next(), lines.next()) {
            if first.chars().count() <= MAX_TITLE_CHARS {
                raw.title = Some(first.to_owned());
            }
        }
    }
    Ok(raw)
}

/// Split a leading ` date YYYY-MM-DD ` header (leading space optional) off the first line.
/// The rest of that line is the first sentence of the body and is kept.
pub fn split_date_header(text: &str) -> (Option<Ymd>, &str) {
    let t = text.trim_start_matches([' ', '\t']);
    let Some(rest) = t.strip_prefix("date") else {
        return (None, text);
    };
    let rest = rest.trim_start_matches([' ', '\t', ':']);
    match rest.get(..10).and_then(Ymd::parse_iso) {
        Some(d)
            if rest
                .get(10..11)
                .is_none_or(|c| c == " " || c == "\t" || c == "\n" || c == "T") =>
        {
            (
                Some(d),
                rest.get(10..).unwrap_or("").trim_start_matches([' ', '\t']),
            )
        }
        _ => (None, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_stripped_and_rest_of_line_kept() {
        let (d, body) = split_date_header(" date 2025-12-20 قال وزير الخارجية إن ...\nسطر ثان");
        assert_eq!(d.map(|d| d.iso()).as_deref(), Some("2025-12-20"));
        assert_eq!(body, "قال وزير الخارجية إن ...\nسطر ثان");
        let (d, body) = split_date_header("date 2025-12-20\nالعنوان");
        assert!(d.is_some());
        assert_eq!(body, "\nالعنوان");
    }

    #[test]
    fn no_header_means_first_short_line_is_title() {
        let r = read("a.txt", "عنوان قصير\nنص المقال الطويل هنا.", "UTF-8").unwrap();
        assert_eq!(r.title.as_deref(), Some("عنوان قصير"));
        assert_eq!(r.header_date, None);
        let (d, _) = split_date_header("dates are hard");
        assert!(d.is_none());
        let (d, _) = split_date_header("date 2025-13-40 x");
        assert!(d.is_none());
    }

    #[test]
    fn header_only_is_an_error() {
        assert!(read("a.txt", " date 2025-01-01  \n  ", "UTF-8").is_err());
    }
}
