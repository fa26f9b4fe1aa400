//! Prints eval errors and scores for testdata/time (the library side of `rasd eval time`, usable without the CLI).

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/time/");
    let split = std::env::args().nth(1).unwrap_or_else(|| "dev".into());
    let data = std::fs::read_to_string(format!("{root}eval.jsonl")).expect("eval.jsonl");
    let cases = rasd_time::eval::read_cases(&data).expect("cases");
    let (scores, errors) = rasd_time::eval::evaluate(&cases).expect("evaluates");
    let ids: std::collections::HashMap<_, _> = cases
        .iter()
        .map(|c| (c.id.clone(), c.split.clone()))
        .collect();
    for e in &errors {
        if split == "all" || ids.get(&e.id) == Some(&split) {
            println!(
                "{}\t{}\t{}\texp {:?}\tgot {:?}",
                e.id, e.kind, e.text, e.expected, e.got
            );
        }
    }
    for (s, sc) in &scores {
        println!(
            "{s}: gold {} pred {} P {:.3} R {:.3} acc {:.3} conflict {}/{}",
            sc.gold,
            sc.predicted,
            sc.precision(),
            sc.recall(),
            sc.accuracy(),
            sc.conflict_correct,
            sc.conflict_gold
        );
    }
    let data = std::fs::read_to_string(format!("{root}datelines.jsonl")).expect("datelines.jsonl");
    let cases = rasd_time::eval::read_dateline_cases(&data).expect("cases");
    let (scores, errors) = rasd_time::eval::evaluate_datelines(&cases);
    for e in &errors {
        println!(
            "{}\t{}\t{}\texp {:?}\tgot {:?}",
            e.id, e.kind, e.text, e.expected, e.got
        );
    }
    println!("datelines {scores:?}");
}
