//! Prints precision/recall of actor resolution on the hand-written pairs in testdata/ner/resolution_pairs.tsv.
//! Usage: `cargo run -p rasd-ner --example eval_resolution [-- FILE]`

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/ner/resolution_pairs.tsv"
        )
        .to_string()
    });
    let tsv = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let sc = rasd_ner::resolve::Resolver::load_default().evaluate_pairs(&tsv);
    for e in &sc.errors {
        println!("{e}");
    }
    println!(
        "pairs {}  merge precision {:.4}  recall {:.4}  (tp {} fp {} fn {} tn {})",
        sc.tp + sc.fp + sc.fn_ + sc.tn,
        sc.precision(),
        sc.recall(),
        sc.tp,
        sc.fp,
        sc.fn_,
        sc.tn
    );
}
