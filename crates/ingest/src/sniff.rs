//! Format detection by content (not extension): WARC, feeds, HTML, JSONL, plain text; declared charsets.

use rasd_core::SourceFormat;

/// A WARC file starts with a `WARC/1.x` version line.
pub fn is_warc(bytes: &[u8]) -> bool {
    let start = skip_ascii_ws(bytes);
    bytes[start..].starts_with(b"WARC/")
}

fn skip_ascii_ws(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len())
}

/// Format of decoded text.
pub fn sniff_text(text: &str) -> SourceFormat {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if t.starts_with('<') {
        let head: String = t
            .chars()
            .take(2048)
            .collect::<String>()
            .to_ascii_lowercase();
        let head = skip_xml_prolog(&head);
        if head.starts_with("<rss") || head.starts_with("<rdf:rdf") {
            return SourceFormat::Rss;
        }
        if head.starts_with("<feed") {
            return SourceFormat::Atom;
        }
        return SourceFormat::Html;
    }
    if t.starts_with('{') {
        let first_line = t.lines().next().unwrap_or("");
        if serde_json::from_str::<serde_json::Value>(first_line).is_ok_and(|v| v.is_object()) {
            return SourceFormat::Jsonl;
        }
        // A malformed first line still marks a JSONL file when later lines parse.
        if t.lines()
            .take(20)
            .skip(1)
            .any(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v.is_object()))
        {
            return SourceFormat::Jsonl;
        }
    }
    if looks_like_html(t) {
        return SourceFormat::Html;
    }
    SourceFormat::Text
}

/// Skip `<?xml ...?>`, comments and doctype to the first element.
fn skip_xml_prolog(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        if s.starts_with("<?") {
            match s.find("?>") {
                Some(i) => s = &s[i + 2..],
                None => return s,
            }
        } else if s.starts_with("<!--") {
            match s.find("-->") {
                Some(i) => s = &s[i + 3..],
                None => return s,
            }
        } else if s.starts_with("<!doctype") && !s.starts_with("<!doctype html") {
            match s.find('>') {
                Some(i) => s = &s[i + 1..],
                None => return s,
            }
        } else {
            return s;
        }
    }
}

/// HTML that does not start with a tag (e.g. leading text) but clearly is a page.
fn looks_like_html(t: &str) -> bool {
    let head: String = t
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype html")
        || (head.contains("<body") && head.contains("</"))
}

/// A charset declared in an HTML `<meta>` or XML prolog within the first 4 KiB (ASCII-compatible bytes).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let s = String::from_utf8_lossy(&lower);
    for key in ["charset=", "encoding="] {
        if let Some(i) = s.find(key) {
            let rest = &s[i + key.len()..];
            let rest = rest.trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_extension() {
        assert_eq!(
            sniff_text("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            SourceFormat::Rss
        );
        assert_eq!(
            sniff_text("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            SourceFormat::Atom
        );
        assert_eq!(
            sniff_text("<!DOCTYPE html><html lang=\"ar\">"),
            SourceFormat::Html
        );
        assert_eq!(sniff_text("<div><p>نص</p></div>"), SourceFormat::Html);
        assert_eq!(
            sniff_text("{\"text\": \"نص\"}\n{\"text\": \"آخر\"}"),
            SourceFormat::Jsonl
        );
        assert_eq!(
            sniff_text("{broken\n{\"text\": \"آخر\"}"),
            SourceFormat::Jsonl
        );
        assert_eq!(
            sniff_text(" date 2025-01-02 قال الوزير"),
            SourceFormat::Text
        );
        assert_eq!(sniff_text("{ليس JSON}"), SourceFormat::Text);
        assert!(is_warc(b"WARC/1.0\r\nWARC-Type: warcinfo"));
    }

    #[test]
    fn finds_declared_charset() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">";
        assert_eq!(declared_charset(html).as_deref(), Some("windows-1256"));
        assert_eq!(
            declared_charset(b"<meta charset='ISO-8859-6'>").as_deref(),
            Some("iso-8859-6")
        );
        assert_eq!(declared_charset(b"plain"), None);
    }
}
