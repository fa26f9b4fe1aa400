//! Romanizes the Arabic names given as arguments (or one per stdin line) with the shipped learned table and with the letter table, side by side.

use std::io::BufRead;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<String> = if args.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        args
    };
    for n in names {
        println!(
            "{n}\t{}\t{}",
            rasd_ner::translit::shipped().romanize(&n),
            rasd_ner::names::transliterate(&n)
        );
    }
}
