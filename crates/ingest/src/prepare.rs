//! Turns a `RawArticle` into a stored `Article`: HTML extraction, layout normalization, boilerplate
//! removal, publication-date choice and the stable content-hash id.

use rasd_core::{Article, Ymd};

use crate::clean::CleanRules;
use crate::{decode, html, Body, IngestError, RawArticle, Skip};

/// Holds what preparing an article needs, built once per batch.
#[derive(Debug, Clone)]
pub struct Preparer {
    pub rules: CleanRules,
}

impl Default for Preparer {
    fn default() -> Self {
        Preparer {
            rules: CleanRules::builtin(),
        }
    }
}

impl Preparer {
    pub fn new(rules: CleanRules) -> Preparer {
        Preparer { rules }
    }

    pub fn prepare(&self, raw: RawArticle) -> Result<Article, Skip> {
        prepare_with(&self.rules, raw)
    }
}

/// Prepare with the builtin cleaning rules.
pub fn prepare(raw: RawArticle) -> Result<Article, Skip> {
    prepare_with(&CleanRules::builtin(), raw)
}

fn prepare_with(rules: &CleanRules, mut raw: RawArticle) -> Result<Article, Skip> {
    let body = match std::mem::replace(&mut raw.body, Body::Text(String::new())) {
        Body::Text(t) => t,
        Body::Html(h) => {
            let ex = match html::extract(&h) {
                Ok(ex) => ex,
                Err(error) => {
                    return Err(Skip {
                        origin: raw.origin,
                        error,
                    })
                }
            };
            raw.title = raw.title.or(ex.title);
            raw.meta_date = raw.meta_date.or(ex.published);
            raw.url = raw.url.or(ex.url);
            raw.outlet = raw.outlet.or(ex.outlet);
            ex.lines.join("\n")
        }
    };
    let laid_out = decode::normalize_layout(&body);
    let cleaned = rules.clean(&laid_out);
    let text = cleaned.text;
    if text.trim().is_empty() {
        return Err(Skip {
            origin: raw.origin,
            error: IngestError::NoText("nothing left after boilerplate removal".into()),
        });
    }
    let title = raw
        .title
        .map(|t| decode::normalize_layout(&t))
        .filter(|t| !t.trim().is_empty());
    let header_date = raw.header_date.as_deref().and_then(parse_loose_date);
    let published = raw
        .meta_date
        .as_deref()
        .and_then(parse_loose_date)
        .or_else(|| rasd_time::find_dateline(&text).map(|d| d.date))
        .or(header_date);
    let mut article = Article {
        id: String::new(),
        origin: raw.origin,
        url: raw.url,
        outlet: raw.outlet,
        title,
        published: published.map(|d| d.iso()),
        header_date: header_date.map(|d| d.iso()),
        text,
        encoding: raw.encoding,
        format: raw.format,
        duplicate_of: None,
        story: None,
    };
    article.id = content_id(&article);
    Ok(article)
}

/// Stable id: BLAKE3 over the fields that define the article's content (not its origin path),
/// so the same article read again, from any path, gets the same id. 128 bits, hex.
pub fn content_id(a: &Article) -> String {
    let mut h = blake3::Hasher::new();
    for part in [&a.outlet, &a.url, &a.title, &a.published] {
        h.update(part.as_deref().unwrap_or("").as_bytes());
        h.update(&[0x1f]);
    }
    h.update(a.text.as_bytes());
    let hash = h.finalize();
    hash.to_hex()[..32].to_owned()
}

const MONTHS_EN: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parse a metadata date: ISO 8601 (`2025-12-20`, `2025-12-20T10:00:00+03:00`), `2025/12/20`,
/// RFC 2822 (`Sat, 20 Dec 2025 10:00:00 +0100`), or anything the Arabic dateline reader accepts.
pub fn parse_loose_date(s: &str) -> Option<Ymd> {
    let s = s.trim();
    if let Some(d) = Ymd::parse_iso(s) {
        return Some(d);
    }
    if let Some(d) = Ymd::parse_iso(&s.replace('/', "-")) {
        return Some(d);
    }
    // RFC 2822 / "20 Dec 2025" / "December 20, 2025".
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let month = words.iter().find_map(|w| {
        MONTHS_EN
            .iter()
            .position(|m| w.starts_with(m))
            .map(|i| i as u8 + 1)
    });
    let nums: Vec<u32> = words
        .iter()
        .filter_map(|w| {
            w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                .parse::<u32>()
                .ok()
        })
        .collect();
    if let Some(m) = month {
        let year = nums.iter().find(|&&n| (1900..=2100).contains(&n));
        let day = nums.iter().find(|&&n| (1..=31).contains(&n));
        if let (Some(&y), Some(&d)) = (year, day) {
            return Ymd::new(y as i32, m, d as u8);
        }
    }
    rasd_time::find_dateline(s).map(|d| d.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_core::SourceFormat;

    #[test]
    fn loose_dates() {
        let iso = |s| parse_loose_date(s).map(|d| d.iso());
        assert_eq!(
            iso("2017-01-20T21:43:00+01:00").as_deref(),
            Some("2017-01-20")
        );
        assert_eq!(
            iso("Sat, 20 Dec 2025 10:00:00 +0100").as_deref(),
            Some("2025-12-20")
        );
        assert_eq!(iso("December 6th, 2025").as_deref(), Some("2025-12-06"));
        assert_eq!(iso("2025/12/20").as_deref(), Some("2025-12-20"));
        assert_eq!(iso("garbage"), None);
    }

    #[test]
    fn id_is_stable_and_independent_of_origin() {
        let raw = |origin: &str| {
            let mut r = RawArticle::new(
                origin.into(),
                SourceFormat::Text,
                "UTF-8",
                Body::Text("عنوان\nنص الخبر.".into()),
            );
            r.header_date = Some("2025-12-20".into());
            r
        };
        let a = prepare(raw("a.txt")).unwrap();
        let b = prepare(raw("copy/a.txt")).unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 32);
        assert_eq!(a.published.as_deref(), Some("2025-12-20"));
        assert_eq!(a.header_date.as_deref(), Some("2025-12-20"));
    }

    #[test]
    fn html_metadata_fills_missing_fields() {
        let raw = RawArticle::new(
            "p.html".into(),
            SourceFormat::Html,
            "UTF-8",
            Body::Html("<html><head><title>خبر</title><meta property=\"article:published_time\" content=\"2024-09-13T08:00:00Z\"></head><body><p>نص الخبر\u{200F} هنا.</p></body></html>".into()),
        );
        let a = prepare(raw).unwrap();
        assert_eq!(a.title.as_deref(), Some("خبر"));
        assert_eq!(a.published.as_deref(), Some("2024-09-13"));
        assert!(a.text.contains("نص الخبر هنا."));
    }
}
