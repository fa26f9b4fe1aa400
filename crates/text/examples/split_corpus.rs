//! Debug aid: print the sentences (or tokens) of each `"text"` line of a JSONL file, one per line.
//!
//! Usage: `cargo run -p rasd-text --example split_corpus -- FILE.jsonl [sentences|tokens]`.

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
    let mut args = std::env::args().skip(1);
    let (Some(path), mode) = (args.next(), args.next()) else {
        eprintln!("usage: split_corpus FILE.jsonl [sentences|tokens]");
        std::process::exit(2);
    };
    let data = std::fs::read_to_string(&path).unwrap_or_default();
    for (n, text) in data.lines().filter_map(text_field).enumerate() {
        if mode.as_deref() == Some("tokens") {
            for t in rasd_text::tokens(&text) {
                println!(
                    "{n}\t{:?}\t{}\t{}",
                    t.kind,
                    t.span.slice(&text).unwrap_or("?"),
                    t.key
                );
            }
        } else {
            for s in rasd_text::sentences(&text) {
                println!("{n}\t{}", s.slice(&text).unwrap_or("?"));
            }
        }
    }
}
