//! Reading one input file: UTF-8 JSONL is streamed line by line (memory bounded by one record), every other format is read whole.

use std::fs::File;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};
use std::path::Path;

use crate::{decode, jsonl, sniff, IngestError, RawArticle, Skip, MAX_ARTICLE_BYTES};
use rasd_core::SourceFormat;

/// Bytes looked at to decide whether a file can be streamed.
const PROBE_BYTES: usize = 64 << 10;

/// Longest JSONL line accepted (the text field of a record may hold `MAX_ARTICLE_BYTES` of text,
/// plus escapes and metadata). Longer lines are skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = MAX_ARTICLE_BYTES * 2;

/// The records of one file, in file order.
pub enum FileRecords {
    /// A document read whole (every format but large-able JSONL).
    Whole(std::vec::IntoIter<Result<RawArticle, Skip>>),
    /// A UTF-8 JSONL file read one line at a time.
    Lines(JsonlLines<FileReader>),
}

/// A file read through a buffer, with its already-read first bytes in front.
pub type FileReader = BufReader<Chain<Cursor<Vec<u8>>, File>>;

impl FileRecords {
    /// Records already read (e.g. from bytes in memory).
    pub fn from_vec(records: Vec<Result<RawArticle, Skip>>) -> FileRecords {
        FileRecords::Whole(records.into_iter())
    }
}

impl Iterator for FileRecords {
    type Item = Result<RawArticle, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            FileRecords::Whole(it) => it.next(),
            FileRecords::Lines(it) => it.next(),
        }
    }
}

/// Open `path` and return its records and its size in bytes.
///
/// A plain (not gzip, not WARC) file whose first 64 KiB are UTF-8 JSONL is streamed: no limit on
/// the file size, each line at most [`MAX_LINE_BYTES`]. Any other file larger than
/// `max_whole_bytes` is rejected with `TooLarge`; smaller ones go through [`crate::read_document`].
pub fn read_file(
    origin: &str,
    path: &Path,
    max_whole_bytes: u64,
) -> Result<(FileRecords, u64), IngestError> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len == 0 {
        return Err(IngestError::Empty);
    }
    let mut probe = Vec::with_capacity(PROBE_BYTES.min(len as usize));
    (&mut file)
        .take(PROBE_BYTES as u64)
        .read_to_end(&mut probe)?;
    if streamable_jsonl(&probe, probe.len() as u64 == len) {
        let mut reader = BufReader::with_capacity(256 << 10, Cursor::new(probe).chain(file));
        // The probe is chained in front of the rest of the file; a UTF-8 BOM is dropped.
        if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
        let lines = JsonlLines::new(origin, reader);
        return Ok((FileRecords::Lines(lines), len));
    }
    if len > max_whole_bytes {
        return Err(IngestError::TooLarge(format!(
            "{len} bytes (limit {max_whole_bytes})"
        )));
    }
    let mut bytes = probe;
    bytes.reserve((len as usize).saturating_sub(bytes.len()));
    file.read_to_end(&mut bytes)?;
    let records = crate::read_document(origin, &bytes);
    Ok((FileRecords::from_vec(records), len))
}

/// Whether a file starting with `probe` is UTF-8 JSONL (a character cut at the probe's end is
/// allowed unless the probe is the whole file).
fn streamable_jsonl(probe: &[u8], whole: bool) -> bool {
    if decode::is_gzip(probe) || sniff::is_warc(probe) {
        return false;
    }
    let body = probe.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(probe);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) if !whole && e.error_len().is_none() => {
            // Incomplete sequence at the end only.
            match std::str::from_utf8(&body[..e.valid_up_to()]) {
                Ok(t) => t,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    // Drop the last (possibly cut) line unless the probe is the whole file.
    let text = match (whole, text.rfind('\n')) {
        (true, _) => text,
        (false, Some(i)) => &text[..i],
        (false, None) => return false,
    };
    text.bytes().any(|b| !b.is_ascii_whitespace())
        && !text.contains('\0')
        && sniff::sniff_text(text) == SourceFormat::Jsonl
}

/// JSONL records read one line at a time from a byte stream; record `n` (1-based line number)
/// has origin `path#n`, exactly as [`jsonl::read`] numbers them.
pub struct JsonlLines<R> {
    origin: String,
    reader: Option<R>,
    line_no: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlLines<R> {
    pub fn new(origin: &str, reader: R) -> JsonlLines<R> {
        JsonlLines {
            origin: origin.to_owned(),
            reader: Some(reader),
            line_no: 0,
            buf: Vec::new(),
        }
    }

    /// Read the next line into `self.buf` (without its newline). Returns the line's full length
    /// (which may exceed what was kept), or None at the end of the input.
    fn read_line(&mut self) -> Option<std::io::Result<usize>> {
        let reader = self.reader.as_mut()?;
        self.buf.clear();
        let mut total = 0usize;
        let mut any = false;
        loop {
            let chunk = match reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if chunk.is_empty() {
                return any.then_some(Ok(total));
            }
            any = true;
            let (part, used, end) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], i + 1, true),
                None => (chunk, chunk.len(), false),
            };
            total += part.len();
            if total <= MAX_LINE_BYTES {
                self.buf.extend_from_slice(part);
            } else if !self.buf.is_empty() {
                self.buf = Vec::new(); // too long: stop holding it
            }
            reader.consume(used);
            if end {
                return Some(Ok(total));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlLines<R> {
    type Item = Result<RawArticle, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let total = match self.read_line()? {
                Ok(n) => n,
                Err(e) => {
                    self.reader = None;
                    return Some(Err(Skip {
                        origin: self.origin.clone(),
                        error: IngestError::Io(e),
                    }));
                }
            };
            self.line_no += 1;
            let origin = format!("{}#{}", self.origin, self.line_no);
            let skip = |error| {
                Some(Err(Skip {
                    origin: origin.clone(),
                    error,
                }))
            };
            if total > MAX_LINE_BYTES {
                return skip(IngestError::TooLarge(format!("JSON line of {total} bytes")));
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let line = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
            let decoded;
            let (text, encoding) = match std::str::from_utf8(line) {
                Ok(t) => (t, "UTF-8"),
                // A line in another encoding (a file assembled from several sources).
                Err(_) => match decode::decode(line, None) {
                    Ok(d) => {
                        decoded = d;
                        (decoded.text.as_str(), decoded.encoding)
                    }
                    Err(e) => return skip(e),
                },
            };
            return Some(
                jsonl::read_record(&origin, text, encoding).map_err(|error| Skip {
                    origin: origin.clone(),
                    error,
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_tmp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("rasd-ingest-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    }

    fn origins(recs: &[Result<RawArticle, Skip>]) -> Vec<String> {
        recs.iter()
            .map(|r| match r {
                Ok(a) => format!("ok {}", a.origin),
                Err(s) => format!("skip {}", s.origin),
            })
            .collect()
    }

    #[test]
    fn streamed_jsonl_matches_whole_file_reading() {
        let text = "\u{FEFF}{\"text\":\"نص أول\",\"title\":\"عنوان\",\"id\":7}\r\n{broken\n\n  \n[1,2]\n{\"title\":\"بلا نص\"}\n{\"html\":\"<p>نص</p>\",\"source\":\"X\"}";
        let p = write_tmp("a.jsonl", text.as_bytes());
        let (recs, len) = read_file("a.jsonl", &p, 1 << 20).unwrap();
        assert!(matches!(recs, FileRecords::Lines(_)));
        assert_eq!(len, text.len() as u64);
        let streamed: Vec<_> = recs.collect();
        let whole = crate::read_document("a.jsonl", text.as_bytes());
        assert_eq!(origins(&streamed), origins(&whole));
        let (a, b) = (streamed[0].as_ref().unwrap(), whole[0].as_ref().unwrap());
        assert_eq!(a.body, b.body);
        assert_eq!(a.title, b.title);
        assert_eq!(
            streamed.last().unwrap().as_ref().unwrap().outlet.as_deref(),
            Some("X")
        );
    }

    #[test]
    fn large_jsonl_is_streamed_past_the_whole_file_limit() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("{{\"text\":\"خبر رقم {i} عن الهدنة في غزة\"}}\n"));
        }
        let p = write_tmp("big.jsonl", text.as_bytes());
        // Far above the whole-file limit given: still read, one record per line.
        let (recs, _) = read_file("big.jsonl", &p, 1000).unwrap();
        let recs: Vec<_> = recs.collect();
        assert_eq!(recs.len(), 3000);
        assert!(recs.iter().all(|r| r.is_ok()));
        assert_eq!(recs[2999].as_ref().unwrap().origin, "big.jsonl#3000");
    }

    #[test]
    fn overlong_line_is_skipped_and_the_next_lines_are_read() {
        let mut bytes = b"{\"text\":\"a\"}\n{\"text\":\"".to_vec();
        bytes.resize(bytes.len() + MAX_LINE_BYTES + 10, b'x');
        bytes.extend_from_slice(b"\"}\n{\"text\":\"b\"}\n");
        let p = write_tmp("long.jsonl", &bytes);
        let recs: Vec<_> = read_file("long.jsonl", &p, u64::MAX).unwrap().0.collect();
        assert_eq!(recs.len(), 3);
        assert!(matches!(
            &recs[1],
            Err(Skip { origin, error: IngestError::TooLarge(_) }) if origin == "long.jsonl#2"
        ));
        assert!(recs[2].is_ok());
    }

    #[test]
    fn a_line_in_another_encoding_is_decoded_on_its_own() {
        let (cp1256, _, _) =
            encoding_rs::WINDOWS_1256.encode("{\"text\":\"وقف إطلاق النار في غزة اليوم\"}");
        let mut bytes = b"{\"text\":\"\xD9\x86\xD8\xB5\"}\n".to_vec();
        bytes.extend_from_slice(&cp1256);
        bytes.push(b'\n');
        let p = write_tmp("mixed.jsonl", &bytes);
        let recs: Vec<_> = read_file("mixed.jsonl", &p, u64::MAX).unwrap().0.collect();
        assert_eq!(recs.len(), 2);
        let second = recs[1].as_ref().unwrap();
        assert_eq!(second.encoding, "windows-1256");
        assert_eq!(
            second.body,
            crate::Body::Text("وقف إطلاق النار في غزة اليوم".into())
        );
    }

    #[test]
    fn other_formats_are_read_whole_and_limited() {
        let p = write_tmp("a.txt", "خبر قصير عن الهدنة".as_bytes());
        let (recs, _) = read_file("a.txt", &p, 1 << 20).unwrap();
        assert!(matches!(recs, FileRecords::Whole(_)));
        assert_eq!(recs.count(), 1);
        assert!(matches!(
            read_file("a.txt", &p, 5),
            Err(IngestError::TooLarge(_))
        ));
        let empty = write_tmp("e.jsonl", b"");
        assert!(matches!(
            read_file("e.jsonl", &empty, 100),
            Err(IngestError::Empty)
        ));
    }
}
