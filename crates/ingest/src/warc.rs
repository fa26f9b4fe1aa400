//! WARC reader: every HTML `response` (or `resource`) record is an article; its target URI is the url.
//!
//! Hand-written rather than the `warc` crate because we need per-record error accounting: a
//! truncated or corrupt record is reported while the complete records before it are kept.

use rasd_core::SourceFormat;

use crate::{decode, sniff, Body, IngestError, RawArticle, Skip};

/// Read all records of an (already decompressed) WARC file. `truncated` marks input cut short
/// by a gzip error, so a short final record is reported as truncated rather than malformed.
pub fn read(origin: &str, bytes: &[u8], truncated: bool) -> Vec<Result<RawArticle, Skip>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut n = 0;
    while pos < bytes.len() {
        // Skip blank lines between records.
        while pos < bytes.len() && matches!(bytes[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos >= bytes.len() {
            break;
        }
        n += 1;
        let rec_origin = format!("{origin}#{n}");
        let fail = |error| Skip {
            origin: rec_origin.clone(),
            error,
        };
        let Some((head_end, body_start)) = find_header_end(&bytes[pos..]) else {
            out.push(Err(fail(IngestError::Warc(if truncated {
                "record header cut off (truncated file)".into()
            } else {
                "record header not terminated".into()
            }))));
            break;
        };
        let head = String::from_utf8_lossy(&bytes[pos..pos + head_end]);
        let mut lines = head.lines();
        if !lines
            .next()
            .is_some_and(|l| l.trim_start().starts_with("WARC/"))
        {
            out.push(Err(fail(IngestError::Warc(
                "record does not start with a WARC/ version line".into(),
            ))));
            break;
        }
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let get = |k: &str| {
            headers
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) else {
            out.push(Err(fail(IngestError::Warc(
                "missing or invalid Content-Length".into(),
            ))));
            break;
        };
        let block_start = pos + body_start;
        let Some(block) = block_start
            .checked_add(len)
            .and_then(|end| bytes.get(block_start..end))
        else {
            out.push(Err(fail(IngestError::Warc(format!(
                "record declares {len} bytes but only {} remain{}",
                bytes.len().saturating_sub(block_start),
                if truncated { " (truncated file)" } else { "" }
            )))));
            break;
        };
        pos = block_start + len;
        let wtype = get("warc-type").unwrap_or("").to_ascii_lowercase();
        let uri = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned());
        let date = get("warc-date").map(str::to_owned);
        let ctype = get("content-type").unwrap_or("").to_ascii_lowercase();
        let payload = match wtype.as_str() {
            "response" if ctype.starts_with("application/http") => match parse_http_response(block)
            {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(e) => {
                    out.push(Err(fail(e)));
                    continue;
                }
            },
            "resource" | "response" if ctype.contains("html") => HttpPayload {
                charset: charset_of(&ctype),
                body: block.to_vec(),
            },
            _ => continue,
        };
        let decoded = match decode::decode(
            &payload.body,
            payload
                .charset
                .as_deref()
                .or(sniff::declared_charset(&payload.body).as_deref()),
        ) {
            Ok(d) => d,
            Err(e) => {
                out.push(Err(fail(e)));
                continue;
            }
        };
        let mut raw = RawArticle::new(
            rec_origin,
            SourceFormat::Warc,
            decoded.encoding,
            Body::Html(decoded.text),
        );
        raw.url = uri;
        raw.header_date = date;
        out.push(Ok(raw));
    }
    out
}

struct HttpPayload {
    charset: Option<String>,
    body: Vec<u8>,
}

/// Header end (index of the blank line) and start of the block, for CRLF or LF framing.
fn find_header_end(b: &[u8]) -> Option<(usize, usize)> {
    let crlf = b
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    let lf = b.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("charset=")
            .map(|c| c.trim_matches('"').to_owned())
    })
}

/// Parse an HTTP response; `Ok(None)` for non-HTML or non-success responses (not articles).
fn parse_http_response(block: &[u8]) -> Result<Option<HttpPayload>, IngestError> {
    let (head_end, body_start) = find_header_end(block)
        .ok_or_else(|| IngestError::Warc("HTTP headers not terminated".into()))?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let get = |k: &str| {
        headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let ctype = get("content-type").unwrap_or("text/html");
    if !ctype.contains("html") {
        return Ok(None);
    }
    let mut body = block[body_start..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    if get("content-encoding").is_some_and(|e| e.contains("gzip")) || decode::is_gzip(&body) {
        let (plain, err) = decode::gunzip(&body);
        if let Some(e) = err {
            return Err(e);
        }
        body = plain;
    }
    Ok(Some(HttpPayload {
        charset: charset_of(ctype),
        body,
    }))
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    loop {
        let line_end = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| IngestError::Warc("bad chunked encoding".into()))?;
        let size_str = String::from_utf8_lossy(&b[..line_end]);
        let size = usize::from_str_radix(size_str.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| IngestError::Warc("bad chunk size".into()))?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = b
            .get(..size)
            .ok_or_else(|| IngestError::Warc("chunk exceeds body".into()))?;
        out.extend_from_slice(chunk);
        b = b.get(size..).unwrap_or(&[]);
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(wtype: &str, uri: &str, ctype: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-12-21T08:00:00Z\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}")
            .into_bytes()
    }

    #[test]
    fn reads_html_responses_and_ignores_other_records() {
        let mut w = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        w.extend(record(
            "request",
            "https://a/1",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        w.extend(record(
            "response",
            "https://a/1",
            "application/http; msgtype=response",
            &http("<p>خبر أول</p>"),
        ));
        w.extend(record(
            "response",
            "https://a/2",
            "application/http; msgtype=response",
            &http("<p>خبر ثان</p>"),
        ));
        let recs = read("x.warc", &w, false);
        let ok: Vec<_> = recs.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].url.as_deref(), Some("https://a/1"));
        assert_eq!(ok[0].origin, "x.warc#3");
        assert_eq!(ok[1].header_date.as_deref(), Some("2025-12-21T08:00:00Z"));
        assert!(recs.iter().all(|r| r.is_ok()));
    }

    #[test]
    fn truncated_record_is_reported_after_good_ones() {
        let mut w = record(
            "response",
            "https://a/1",
            "application/http",
            &http("<p>خبر</p>"),
        );
        let second = record(
            "response",
            "https://a/2",
            "application/http",
            &http("<p>خبر ثان طويل</p>"),
        );
        w.extend_from_slice(&second[..second.len() - 20]);
        let recs = read("x.warc", &w, true);
        assert_eq!(recs.len(), 2);
        assert!(recs[0].is_ok());
        assert!(
            matches!(&recs[1], Err(Skip { error: IngestError::Warc(m), .. }) if m.contains("truncated"))
        );
    }

    #[test]
    fn chunked_body_is_decoded() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"zz\r\n").is_err());
    }
}
