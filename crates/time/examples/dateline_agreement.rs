//! Measures how often `find_dateline` agrees with a JSONL corpus's own `date` field (stdin: one article per line).

use std::io::BufRead;

fn main() {
    let (mut n, mut found, mut agree) = (0usize, 0usize, 0usize);
    let show = std::env::args().any(|a| a == "--show");
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let date = v.get("date").and_then(|t| t.as_str()).unwrap_or("");
        n += 1;
        if let Some(d) = rasd_time::find_dateline(text) {
            found += 1;
            let ok = date.starts_with(&d.date.iso());
            agree += usize::from(ok);
            if show && !ok {
                println!(
                    "{} vs {} :: {}",
                    d.date.iso(),
                    date.get(..10).unwrap_or(date),
                    d.span.slice(text).unwrap_or("")
                );
            }
        }
    }
    println!("articles {n}, dateline found {found}, agrees with date field {agree}");
}
