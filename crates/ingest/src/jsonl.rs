//! JSONL reader: one article per line (`text` or `html`, optional title/date/url/outlet/id).

use serde_json::Value;

use rasd_core::SourceFormat;

use crate::{Body, IngestError, RawArticle, Skip, MAX_ARTICLE_BYTES};

/// Read every line of a JSONL document; record `n` (1-based line number) has origin `path#n`.
pub fn read(origin: &str, text: &str, encoding: &str) -> Vec<Result<RawArticle, Skip>> {
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let rec_origin = format!("{origin}#{}", i + 1);
            read_record(&rec_origin, line, encoding).map_err(|error| Skip {
                origin: rec_origin,
                error,
            })
        })
        .collect()
}

pub(crate) fn read_record(
    origin: &str,
    line: &str,
    encoding: &str,
) -> Result<RawArticle, IngestError> {
    if line.len() > MAX_ARTICLE_BYTES * 2 {
        return Err(IngestError::TooLarge(format!(
            "JSON line of {} bytes",
            line.len()
        )));
    }
    let v: Value =
        serde_json::from_str(line.trim()).map_err(|e| IngestError::Json(e.to_string()))?;
    let obj = v
        .as_object()
        .ok_or_else(|| IngestError::Json("line is not a JSON object".into()))?;
    let field = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| match obj.get(*n) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    let body = match (field(&["text", "body", "content"]), field(&["html"])) {
        (Some(t), _) => Body::Text(t),
        (None, Some(h)) => Body::Html(h),
        (None, None) => {
            return Err(IngestError::NoText(
                "record has no \"text\" or \"html\" field".into(),
            ))
        }
    };
    let size = match &body {
        Body::Text(t) | Body::Html(t) => t.len(),
    };
    if size > MAX_ARTICLE_BYTES {
        return Err(IngestError::TooLarge(format!(
            "{size} bytes of text (limit {MAX_ARTICLE_BYTES})"
        )));
    }
    let mut raw = RawArticle::new(origin.to_owned(), SourceFormat::Jsonl, encoding, body);
    raw.title = field(&["title", "headline"]);
    raw.meta_date = field(&[
        "date",
        "published",
        "published_at",
        "pubDate",
        "datePublished",
    ]);
    raw.url = field(&["url", "link"]);
    raw.outlet = field(&["outlet", "source", "site"]);
    raw.source_id = field(&["id"]);
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_reports_bad_lines() {
        let text = "{\"text\":\"نص أول\",\"title\":\"عنوان\",\"date\":\"2017-01-20T21:43:00+01:00\",\"outlet\":\"جوهرة\",\"id\":7}\n\
                    {broken\n\n[1,2]\n{\"title\":\"بلا نص\"}\n{\"html\":\"<p>نص</p>\",\"source\":\"X\"}\n";
        let recs = read("f.jsonl", text, "UTF-8");
        assert_eq!(recs.len(), 5);
        let first = recs[0].as_ref().unwrap();
        assert_eq!(first.origin, "f.jsonl#1");
        assert_eq!(first.title.as_deref(), Some("عنوان"));
        assert_eq!(
            first.meta_date.as_deref(),
            Some("2017-01-20T21:43:00+01:00")
        );
        assert_eq!(first.source_id.as_deref(), Some("7"));
        assert!(
            matches!(&recs[1], Err(Skip { origin, error: IngestError::Json(_) }) if origin == "f.jsonl#2")
        );
        assert!(matches!(
            &recs[2],
            Err(Skip {
                error: IngestError::Json(_),
                ..
            })
        ));
        assert!(matches!(
            &recs[3],
            Err(Skip {
                error: IngestError::NoText(_),
                ..
            })
        ));
        let last = recs[4].as_ref().unwrap();
        assert_eq!(last.body, Body::Html("<p>نص</p>".into()));
        assert_eq!(last.outlet.as_deref(), Some("X"));
        assert_eq!(last.origin, "f.jsonl#6");
    }
}
