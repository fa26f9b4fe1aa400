//! Recognizes and resolves entities in raw Arabic text on stdin; prints one entity per line as JSON.
//! Usage: `echo "..." | cargo run --release -p rasd-ner --example annotate`

use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: reading stdin: {e}");
        std::process::exit(1);
    }
    let rec = match rasd_ner::Recognizer::load_default() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let mentions = rec.recognize(&text);
    let entities = rasd_ner::resolve::Resolver::load_default().resolve(&mentions, &text);
    for e in entities {
        match serde_json::to_string(&e) {
            Ok(j) => println!("{j}"),
            Err(e) => eprintln!("error: {e}"),
        }
    }
}
