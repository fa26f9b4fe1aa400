//! Prints, for each wrong dev pair (`story_pairs.tsv`), the members of the stories involved (date, id, title): shows chaining behind false merges. `RASD_LARGEST=N` also lists the N largest stories.

use std::collections::HashMap;

use rasd_dedupe::eval::{assign_all, date_order, DataDirs};
use rasd_dedupe::Config;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs = DataDirs::locate();
    let corpus = dirs.corpus()?;
    let dev = dirs.dev_pairs()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Optional overrides: story_max_recent_days, story_recurrence_damping.
    let d = Config::default();
    let cfg = Config {
        story_max_recent_days: args
            .first()
            .and_then(|a| a.parse().ok())
            .unwrap_or(d.story_max_recent_days),
        story_recurrence_damping: args
            .get(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(d.story_recurrence_damping),
        ..d.clone()
    };
    let mut refs: Vec<_> = corpus.iter().collect();
    date_order(&mut refs);
    let assigned = assign_all(&cfg, &refs)?;
    let story: HashMap<&str, &str> = refs
        .iter()
        .zip(&assigned)
        .map(|(d, (_, s))| (d.id.as_str(), s.as_str()))
        .collect();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, s)) in assigned.iter().enumerate() {
        members.entry(s.as_str()).or_default().push(i);
    }
    let largest: usize = std::env::var("RASD_LARGEST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut by_size: Vec<(&str, &Vec<usize>)> = members.iter().map(|(s, m)| (*s, m)).collect();
    by_size.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (s, m) in by_size.into_iter().take(largest) {
        println!("## story {s} ({} members)", m.len());
        for &i in m {
            if let Some(d) = refs.get(i) {
                println!(
                    "    {} {}",
                    d.published.map(|x| x.iso()).unwrap_or_default(),
                    d.title.as_deref().unwrap_or("")
                );
            }
        }
    }
    for p in &dev {
        let (Some(sa), Some(sb)) = (story.get(p.a.as_str()), story.get(p.b.as_str())) else {
            continue;
        };
        if (sa == sb) == p.same {
            continue;
        }
        println!(
            "== {} {} gold {} — {}",
            p.a,
            p.b,
            if p.same { "same" } else { "different" },
            p.reason
        );
        let mut shown = vec![*sa];
        if sb != sa {
            shown.push(*sb);
        }
        for s in shown {
            let m = members.get(s).map_or(&[][..], |v| &v[..]);
            println!("  story {s} ({} members)", m.len());
            for &i in m.iter().take(12) {
                if let Some(d) = refs.get(i) {
                    let root = assigned.get(i).map_or("", |a| a.0.as_str());
                    let dup = if root == d.id {
                        String::new()
                    } else {
                        format!(" [copy of {root}]")
                    };
                    println!(
                        "    {} {} {}{dup}",
                        d.published.map(|x| x.iso()).unwrap_or_default(),
                        d.id,
                        d.title.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    Ok(())
}
