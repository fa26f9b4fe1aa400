//! Micro benchmark: fold, fold_with_offsets, tokens and sentences over the texts of a JSONL(.gz) file.
//!
//! Usage: `cargo run --release -p rasd-text --example bench_text -- FILE.jsonl` (decompress .gz first,
//! e.g. `zcat corpus.jsonl.gz > /tmp/c.jsonl`). Reads the `"text"` field of each line with a minimal
//! scan so the example needs no JSON dependency; escaped quotes inside text are handled.

use std::time::Instant;

fn text_field(line: &str) -> Option<String> {
    let start = line.find("\"text\": \"").map(|i| i + 9)?;
    let mut out = String::new();
    let mut chars = line.get(start..)?.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{FFFD}'),
                    );
                }
                other => out.push(other),
            },
            _ => out.push(c),
        }
    }
    None
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_text FILE.jsonl");
        std::process::exit(2);
    };
    let data = match std::fs::read_to_string(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let texts: Vec<String> = data.lines().filter_map(text_field).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} texts, {:.1} MB, mean {} bytes",
        texts.len(),
        bytes as f64 / 1e6,
        bytes / texts.len().max(1)
    );
    let mb = bytes as f64 / 1e6;
    let n = texts.len() as f64;
    let mismatches = texts
        .iter()
        .filter(|s| rasd_text::fold(s) != rasd_text::fold_with_offsets(s).key)
        .count();
    println!("fold/fold_with_offsets key mismatches: {mismatches}");
    let mut check = 0usize;
    let t = Instant::now();
    for s in &texts {
        check += rasd_text::fold(s).len();
    }
    let d = t.elapsed().as_secs_f64();
    println!(
        "fold:              {:8.1} MB/s  {:6.2} µs/article",
        mb / d,
        d / n * 1e6
    );
    let t = Instant::now();
    for s in &texts {
        check += rasd_text::fold_with_offsets(s).key_chars();
    }
    let d = t.elapsed().as_secs_f64();
    println!(
        "fold_with_offsets: {:8.1} MB/s  {:6.2} µs/article",
        mb / d,
        d / n * 1e6
    );
    let t = Instant::now();
    for s in &texts {
        check += rasd_text::tokens(s).len();
    }
    let d = t.elapsed().as_secs_f64();
    println!(
        "tokens:            {:8.1} MB/s  {:6.2} µs/article",
        mb / d,
        d / n * 1e6
    );
    let t = Instant::now();
    for s in &texts {
        check += rasd_text::sentences(s).len();
    }
    let d = t.elapsed().as_secs_f64();
    println!(
        "sentences:         {:8.1} MB/s  {:6.2} µs/article",
        mb / d,
        d / n * 1e6
    );
    println!("(checksum {check})");
}
