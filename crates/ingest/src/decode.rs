//! Byte-level decoding: BOMs, UTF-8/UTF-16, legacy Arabic code pages (detected), binary rejection, gzip.

use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::IngestError;

/// Decompressed gzip output beyond this is treated as a decompression bomb.
pub const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// Text decoded from bytes, with the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// True when `bytes` starts with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompress a (possibly multi-member) gzip stream, refusing output beyond `MAX_DECOMPRESSED_BYTES`.
/// On a truncated or corrupt stream, returns what was decompressed so far together with the error,
/// so record-oriented formats (WARC, JSONL) can keep the complete records.
pub fn gunzip(bytes: &[u8]) -> (Vec<u8>, Option<IngestError>) {
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    let mut limited = decoder.take(MAX_DECOMPRESSED_BYTES + 1);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() as u64 > MAX_DECOMPRESSED_BYTES {
                    out.truncate(MAX_DECOMPRESSED_BYTES as usize);
                    return (
                        out,
                        Some(IngestError::TooLarge(format!(
                            "gzip expands beyond {} bytes",
                            MAX_DECOMPRESSED_BYTES
                        ))),
                    );
                }
            }
            Err(e) => return (out, Some(IngestError::Gzip(e.to_string()))),
        }
    }
    (out, None)
}

/// Decode document bytes to text. `declared` is a charset label found in metadata (HTTP header,
/// HTML meta), used only when the bytes are not valid UTF-8 and carry no BOM.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, IngestError> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..], true);
    }
    if let Some(enc) = sniff_utf16_without_bom(bytes) {
        return decode_with(enc, bytes, false);
    }
    if looks_binary(bytes) {
        return Err(IngestError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
        });
    }
    let declared = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE);
    let enc = match declared {
        Some(e) => e,
        None => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    decode_with(enc, bytes, false)
}

fn decode_with(
    enc: &'static Encoding,
    bytes: &[u8],
    had_bom: bool,
) -> Result<Decoded, IngestError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let total = text.chars().count().max(1);
        // A few stray bytes are tolerated (replaced); a mostly-undecodable file is rejected.
        if bad * 100 > total {
            return Err(IngestError::Undecodable(format!(
                "{bad} of {total} characters are not valid {}{}",
                enc.name(),
                if had_bom {
                    " (despite its byte-order mark)"
                } else {
                    ""
                }
            )));
        }
    }
    if text.contains('\0') {
        return Err(IngestError::Binary);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    })
}

/// UTF-16 without a BOM shows up as NUL bytes in every other position.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // Latin text in UTF-16 has NUL high bytes; Arabic (U+06xx) has 0x06 high bytes.
    let even_06 = sample
        .iter()
        .step_by(2)
        .filter(|&&b| b == 0x06 || b == 0)
        .count();
    let odd_06 = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0x06 || b == 0)
        .count();
    if even_nul * 20 < pairs && odd_06 * 10 > pairs * 8 {
        Some(UTF_16LE)
    } else if odd_nul * 20 < pairs && even_06 * 10 > pairs * 8 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Binary data: NUL bytes or many C0 control characters in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > sample.len()
}

/// Normalize line endings to `\n`, remove bidi control marks and stray BOMs.
pub fn normalize_layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
            '\u{FEFF}' => {}
            c if rasd_text::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str =
        "التقى وزير الخارجية نظيره التركي في أنقرة اليوم لبحث وقف إطلاق النار في غزة.";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(ARABIC.as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (ARABIC, "UTF-8"));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(ARABIC.as_bytes());
        assert_eq!(decode(&b, None).unwrap().text, ARABIC);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let (le, _, _) = UTF_16LE.encode(ARABIC);
        // encoding_rs encodes UTF-16 as UTF-8 (per the Encoding Standard), so build it by hand.
        assert!(!le.is_empty());
        let units: Vec<u8> = ARABIC
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&units);
        assert_eq!(decode(&with_bom, None).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&with_bom, None).unwrap().text, ARABIC);
        let d = decode(&units, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (ARABIC, "UTF-16LE"));
        let be: Vec<u8> = ARABIC
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be, None).unwrap().text, ARABIC);
    }

    #[test]
    fn legacy_arabic_code_pages_are_detected() {
        for enc in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
            let (bytes, _, unmappable) = enc.encode(ARABIC);
            assert!(!unmappable);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.text, ARABIC, "{}", enc.name());
            assert_eq!(d.encoding, enc.name());
        }
    }

    #[test]
    fn declared_charset_is_used_for_non_utf8() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        assert_eq!(decode(&bytes, Some("windows-1256")).unwrap().text, ARABIC);
    }

    #[test]
    fn empty_and_binary_are_rejected() {
        assert!(matches!(decode(b"", None), Err(IngestError::Empty)));
        assert!(matches!(
            decode(b" \n\t", None),
            Err(IngestError::Binary | IngestError::Empty)
        ));
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0", None),
            Err(IngestError::Binary)
        ));
        let png = [
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
        ];
        assert!(matches!(decode(&png, None), Err(IngestError::Binary)));
    }

    #[test]
    fn truncated_gzip_keeps_prefix_and_reports() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(ARABIC.repeat(200).as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        let (full, err) = gunzip(&gz);
        assert!(err.is_none());
        assert_eq!(full.len(), ARABIC.len() * 200);
        let (_, err) = gunzip(&gz[..gz.len() / 2]);
        assert!(matches!(err, Some(IngestError::Gzip(_))));
    }

    #[test]
    fn layout_normalization_removes_bidi_and_crlf() {
        assert_eq!(normalize_layout("أ\u{200F}ب\r\nج\rد\u{202B}"), "أب\nج\nد");
    }
}
