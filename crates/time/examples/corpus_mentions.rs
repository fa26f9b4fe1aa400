//! Lists date mentions found in a JSONL corpus (stdin; fields `text`, `date` as reference), with context, as TSV.

use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let id = v.get("id").and_then(|t| t.as_str()).unwrap_or("");
        let Some(reference) = v
            .get("date")
            .and_then(|t| t.as_str())
            .and_then(rasd_core::Ymd::parse_iso)
        else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        for m in rasd_time::find_dates(text, reference) {
            let a = m.start.saturating_sub(40);
            let b = (m.end + 25).min(chars.len());
            let ctx: String = chars[a..b].iter().collect::<String>().replace('\n', " ");
            println!(
                "{id}\t{reference}\t{}\t{}\t{}\t{ctx}",
                m.text, m.value, m.weekday_conflict
            );
        }
    }
}
