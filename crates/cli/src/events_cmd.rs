//! `rasd events` and `rasd eval events`: PLOVER event coding by the `rasd-events` crate over NER entities.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use rasd_core::{Span, Ymd};
use rasd_events::{eval, Coder, EntityLike};

/// Arguments of `rasd events`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Publication date of the text (reference for relative dates and the fallback event date), YYYY-MM-DD.
    #[arg(long = "ref", value_name = "YYYY-MM-DD")]
    pub reference: Option<String>,
    /// Trigger dictionary (TSV, format in resources/events/triggers.tsv); default: the shipped one.
    #[arg(long)]
    pub triggers: Option<PathBuf>,
    /// Context dictionary (TSV, format in resources/events/contexts.tsv); default: the shipped one.
    #[arg(long)]
    pub contexts: Option<PathBuf>,
    /// Also print quantity claims (one JSON object per line, with `"claim": true`).
    #[arg(long)]
    pub claims: bool,
    /// Also print the entities the coder used (NER + resolution + descriptive actors), with `"entity": true`.
    #[arg(long)]
    pub show_entities: bool,
    /// The text; read from stdin when absent. Several arguments are joined with spaces.
    pub text: Vec<String>,
}

/// Arguments of `rasd eval events`.
#[derive(Debug, Args)]
pub struct EvalEventsArgs {
    /// Gold sentences (TSV, format in its header).
    #[arg(long, default_value = "testdata/events/gold.tsv")]
    pub data: PathBuf,
    /// Trigger dictionary (TSV); default: the shipped one.
    #[arg(long)]
    pub triggers: Option<PathBuf>,
    /// Context dictionary (TSV); default: the shipped one.
    #[arg(long)]
    pub contexts: Option<PathBuf>,
    /// Print the sentences with a type error, the missed actor slots and the context errors (dev split only,
    /// to keep test held out).
    #[arg(long)]
    pub errors: bool,
}

/// Arguments of `rasd eval claims`.
#[derive(Debug, Args)]
pub struct EvalClaimsArgs {
    /// Labelled sentences (TSV, format in its header).
    #[arg(long, default_value = "testdata/claims/gold.tsv")]
    pub data: PathBuf,
    /// Print the sentences of a split with a missed or spurious claim: `dev` (the default) or
    /// `conflict` (rules have been written from it since the ninth session); `test` and
    /// `conflict2` stay held out.
    #[arg(long, value_name = "SPLIT", num_args = 0..=1, default_missing_value = "dev",
          value_parser = ["dev", "conflict"])]
    pub errors: Option<String>,
}

fn load_coder(path: Option<&PathBuf>, contexts: Option<&PathBuf>) -> anyhow::Result<Coder> {
    let coder = match path {
        None => Coder::load_default()?,
        Some(p) => {
            let tsv = std::fs::read_to_string(p)
                .with_context(|| format!("reading trigger dictionary {}", p.display()))?;
            Coder::new(rasd_events::triggers::TriggerSet::parse(&tsv)?)
        }
    };
    Ok(match contexts {
        None => coder,
        Some(p) => {
            let tsv = std::fs::read_to_string(p)
                .with_context(|| format!("reading context dictionary {}", p.display()))?;
            coder.with_contexts(rasd_events::ContextSet::parse(&tsv)?)
        }
    })
}

/// Entities of a text from the NER recognizer and resolver, in the shape the coder takes.
struct EntitySource {
    recognizer: rasd_ner::Recognizer,
    resolver: rasd_ner::resolve::Resolver,
}

impl EntitySource {
    fn load() -> anyhow::Result<EntitySource> {
        Ok(EntitySource {
            recognizer: rasd_ner::Recognizer::load_default()?,
            resolver: rasd_ner::resolve::Resolver::load_default(),
        })
    }

    /// Entities of `text` published on `published` (titles resolve to the holder at that date).
    fn entities(&self, text: &str, published: Option<Ymd>) -> Vec<EntityLike> {
        let mentions = self.recognizer.recognize(text);
        let date = published.map(|d| d.iso());
        self.resolver
            .resolve_at(&mentions, text, date.as_deref())
            .into_iter()
            .map(|e| EntityLike {
                id: e.id,
                kind: e.kind.as_str().to_string(),
                country: e.country,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| Span::new(m.start, m.end))
                    .collect(),
                media: EntityLike::is_media_role(e.role.as_deref()),
            })
            .collect()
    }
}

/// `rasd events --ref YYYY-MM-DD [TEXT]`: one JSON object per coded event mention.
pub fn run_code(args: CodeArgs) -> anyhow::Result<i32> {
    let published = match args.reference.as_deref() {
        None => None,
        Some(s) => Some(
            Ymd::parse_iso(s).with_context(|| format!("--ref {s:?} is not a YYYY-MM-DD date"))?,
        ),
    };
    let text = if args.text.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        args.text.join(" ")
    };
    let coder = load_coder(args.triggers.as_ref(), args.contexts.as_ref())?;
    let entities = EntitySource::load()?.entities(&text, published);
    if args.show_entities {
        let tokens = rasd_text::tokens(&text);
        for e in rasd_events::coder::descriptive_actors(&tokens, &entities) {
            let mut v = serde_json::to_value(&e)?;
            if let Some(o) = v.as_object_mut() {
                let spans: Vec<String> = e
                    .mentions
                    .iter()
                    .map(|s| s.slice(&text).unwrap_or("").to_string())
                    .collect();
                o.insert("text".into(), spans.into());
                o.insert("entity".into(), serde_json::Value::Bool(true));
            }
            println!("{v}");
        }
    }
    for m in coder.code(&text, published, &entities) {
        println!("{}", serde_json::to_string(&m)?);
    }
    if args.claims {
        for c in coder.claims(&text, published, &entities) {
            let mut v = serde_json::to_value(&c)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("claim".into(), serde_json::Value::Bool(true));
            }
            println!("{v}");
        }
    }
    Ok(0)
}

/// `rasd eval events`: type P/R/F1 (micro and per type), actor and date accuracy, for the dev, test and
/// random, random2 and random3 (held-out sentences drawn at random from the corpus) splits.
pub fn run_eval(args: EvalEventsArgs) -> anyhow::Result<i32> {
    let tsv = std::fs::read_to_string(&args.data)
        .with_context(|| format!("reading {}", args.data.display()))?;
    let rows = eval::parse_gold(&tsv)?;
    let coder = load_coder(args.triggers.as_ref(), args.contexts.as_ref())?;
    let source = EntitySource::load()?;
    for split in ["dev", "dev-random", "test", "random", "random2", "random3"] {
        let part: Vec<&eval::GoldRow> = rows.iter().filter(|r| r.split == split).collect();
        let scores = eval::evaluate(part.iter().copied(), &coder, |t, d| {
            source.entities(t, Some(d))
        });
        println!("== {split} ==");
        print!("{scores}");
        if args.errors && split.starts_with("dev") {
            for id in &scores.errors {
                if let Some(r) = part.iter().find(|r| &r.id == id) {
                    let ents = source.entities(&r.sentence, Some(r.published));
                    let got: Vec<&str> = coder
                        .code(&r.sentence, Some(r.published), &ents)
                        .iter()
                        .map(|m| m.event_type.as_str())
                        .collect();
                    let want: Vec<&str> = r.types.iter().map(|t| t.as_str()).collect();
                    println!("  {id}\tgold {want:?}\tgot {got:?}\t{}", r.sentence);
                }
            }
            for (id, role, gold, src, tgt) in &scores.actor_errors {
                let sentence = part
                    .iter()
                    .find(|r| &r.id == id)
                    .map_or("", |r| r.sentence.as_str());
                println!(
                    "  actor {id}\t{role} {gold:?}\tgot source {src:?} target {tgt:?}\t{sentence}"
                );
            }
            for (id, gold, got) in &scores.context_errors {
                let sentence = part
                    .iter()
                    .find(|r| &r.id == id)
                    .map_or("", |r| r.sentence.as_str());
                println!("  context {id}\tgold {gold:?}\tgot {got:?}\t{sentence}");
            }
        }
    }
    Ok(0)
}

/// `rasd eval claims`: P/R/F1 of (unit, value) claims on hand-labelled corpus sentences, dev and
/// test splits, with the shipped NER for claimants.
pub fn run_eval_claims(args: EvalClaimsArgs) -> anyhow::Result<i32> {
    use rasd_events::claims_eval::{parse_claim_gold, score_claims};
    let tsv = std::fs::read_to_string(&args.data)
        .with_context(|| format!("reading {}", args.data.display()))?;
    let rows = parse_claim_gold(&tsv)?;
    let coder = Coder::load_default()?;
    let source = EntitySource::load()?;
    for split in ["dev", "test", "conflict", "conflict2"] {
        let scores = score_claims(rows.iter().filter(|r| r.split == split), |t| {
            coder
                .claims(t, None, &source.entities(t, None))
                .into_iter()
                .map(|c| rasd_events::claims_eval::Predicted {
                    quantity: c.quantity,
                    claimant_text: c.claimant_text,
                })
                .collect()
        });
        println!("== {split} ==");
        print!("{scores}");
        if args.errors.as_deref() == Some(split) {
            for (sentence, missed, spurious) in &scores.errors {
                let show = |unit: &str, v: f64| format!("{unit}={v}");
                let missed: Vec<String> = missed.iter().map(|g| show(&g.unit, g.value)).collect();
                let spurious: Vec<String> =
                    spurious.iter().map(|q| show(&q.unit, q.value)).collect();
                println!("  missed {missed:?} spurious {spurious:?}\t{sentence}");
            }
            for (sentence, gold, got) in &scores.claimant_errors {
                println!("  claimant gold {gold:?} got {got:?}\t{sentence}");
            }
            for (sentence, gold, got) in &scores.qualifier_errors {
                println!(
                    "  qualifier {}={} gold {:?} got {got:?}\t{sentence}",
                    gold.unit, gold.value, gold.qualifier
                );
            }
        }
    }
    Ok(0)
}
