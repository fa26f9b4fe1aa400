//! Training data assembly (ANERcorp split, AQMAR, NewsFANE, Wojood) and the perceptron training loop.

use crate::conll::{label_sentences, read_anercorp, read_raw, segment_ranges, Corpus, Sentence};
use crate::eval::Scores;
use crate::features::{domain_key, extract, FeatureResources};
use crate::model::{KeyMap, Model, Trainer};
use crate::NerError;
use std::path::Path;

/// Training domains (feature-augmentation ids). ANERcorp is the target domain used at prediction time.
pub const DOMAIN_ANER: u8 = 0;
pub const DOMAIN_NEWSFANE: u8 = 1;
pub const DOMAIN_AQMAR: u8 = 2;
pub const DOMAIN_WOJOOD: u8 = 3;

/// A sentence with its training domain.
#[derive(Debug, Clone)]
pub struct DomainSentence {
    pub sentence: Sentence,
    pub domain: u8,
}

/// The fixed ANERcorp split by sentence order: last 10% test, the 10% before it dev, the rest train.
#[derive(Debug, Clone, Default)]
pub struct AnerSplit {
    pub train: Vec<Sentence>,
    pub dev: Vec<Sentence>,
    pub test: Vec<Sentence>,
}

pub fn split_anercorp(sents: Vec<Sentence>) -> AnerSplit {
    let n = sents.len();
    let test_start = n - n / 10;
    let dev_start = test_start - n / 10;
    let mut split = AnerSplit::default();
    for (i, s) in sents.into_iter().enumerate() {
        if i >= test_start {
            split.test.push(s);
        } else if i >= dev_start {
            split.dev.push(s);
        } else {
            split.train.push(s);
        }
    }
    split
}

fn read(p: &Path) -> Result<String, NerError> {
    std::fs::read_to_string(p).map_err(|e| NerError::io(p, e))
}

/// Loads ANERcorp (split) and, if `extra`, the other corpora from `<shared>/data`.
pub fn load_corpora(
    shared: &Path,
    extra: bool,
) -> Result<(AnerSplit, Vec<DomainSentence>), NerError> {
    let data = shared.join("data");
    let aner = read_anercorp(&read(
        &data.join("anercorp").join("ANERcorp_train_part.txt"),
    )?);
    let split = split_anercorp(aner);
    let mut others = Vec::new();
    if extra {
        let nf = read(&data.join("newsfane").join("NewsFANE_Gold_2014_170K.txt"))?;
        for s in label_sentences(read_raw(&nf), Corpus::NewsFane) {
            others.push(DomainSentence {
                sentence: s,
                domain: DOMAIN_NEWSFANE,
            });
        }
        let aq_dir = data.join("aqmar").join("articles");
        let mut files: Vec<_> = std::fs::read_dir(&aq_dir)
            .map_err(|e| NerError::io(&aq_dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            for s in label_sentences(read_raw(&read(&f)?), Corpus::Aqmar) {
                others.push(DomainSentence {
                    sentence: s,
                    domain: DOMAIN_AQMAR,
                });
            }
        }
        for part in ["train.txt", "val.txt", "test.txt"] {
            let w = read(&data.join("wojood_sample").join(part))?;
            // Wojood lines are `token outer-tag [nested tags…]`: keep the outer (second) column.
            let w: String = w
                .lines()
                .map(|l| {
                    let mut it = l.split_whitespace();
                    match (it.next(), it.next()) {
                        (Some(t), Some(g)) => format!("{t} {g}\n"),
                        _ => "\n".to_string(),
                    }
                })
                .collect();
            for s in label_sentences(read_raw(&w), Corpus::Wojood) {
                if s.tokens.iter().any(|t| t == "$#$") {
                    // Wojood marks paragraph ends with `$#$`; drop the marker token.
                    let keep: Vec<usize> = (0..s.tokens.len())
                        .filter(|&i| s.tokens[i] != "$#$")
                        .collect();
                    let tokens = keep.iter().map(|&i| s.tokens[i].clone()).collect();
                    let tags = keep.iter().map(|&i| s.tags[i]).collect();
                    others.push(DomainSentence {
                        sentence: Sentence { tokens, tags },
                        domain: DOMAIN_WOJOOD,
                    });
                } else {
                    others.push(DomainSentence {
                        sentence: s,
                        domain: DOMAIN_WOJOOD,
                    });
                }
            }
        }
    }
    Ok((split, others))
}

/// Training hyper-parameters.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    /// Drop features seen fewer than this many times in training data.
    pub min_count: u32,
    /// Use feature augmentation by domain (general + per-corpus copies).
    pub domain_adapt: bool,
    /// Also train on the ANERcorp dev portion (for a final model; dev scores are then not held out).
    pub include_dev: bool,
    /// Treat O and MISC in the other corpora as "O or MISC" (their MISC conventions differ from ANERcorp's).
    pub partial_misc: bool,
    /// Independent shuffled runs whose averaged weights are averaged (1 = a single run).
    pub runs: usize,
    /// How many times each ANERcorp training sentence is presented per epoch (target-domain weight).
    pub aner_repeat: usize,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 5,
            min_count: 1,
            domain_adapt: false,
            include_dev: false,
            aner_repeat: 3,
            partial_misc: true,
            runs: 3,
            seed: 17,
        }
    }
}

/// Scores of a trained model on the held-out ANERcorp portions.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub dev: Scores,
    pub test: Scores,
    pub num_features: usize,
    pub train_sentences: usize,
}

/// Tags a labelled set and accumulates scores (sentences are re-segmented after `.` as at prediction time).
pub fn evaluate(model: &Model, res: &FeatureResources, sents: &[Sentence]) -> Scores {
    let mut sc = Scores::default();
    for s in sents {
        let pred = tag_tokens(model, res, &s.tokens);
        sc.add(&s.tags, &pred);
    }
    sc
}

/// Tags tokens, decoding each `.`-delimited segment separately.
pub fn tag_tokens(
    model: &Model,
    res: &FeatureResources,
    tokens: &[String],
) -> Vec<crate::tags::Tag> {
    let mut out = Vec::with_capacity(tokens.len());
    for r in segment_ranges(tokens) {
        let seg = tokens.get(r).unwrap_or(&[]);
        out.extend(model.predict(&extract(seg, res)));
    }
    out
}

/// Allowed tags for a token of a non-target corpus: PER/ORG/LOC are kept, O and MISC become "O or MISC".
fn misc_or_o_mask(t: crate::tags::Tag) -> u16 {
    use crate::tags::{EntityClass, Tag};
    match t {
        Tag::O | Tag::B(EntityClass::Misc) | Tag::I(EntityClass::Misc) => {
            (1 << Tag::O.index())
                | (1 << Tag::B(EntityClass::Misc).index())
                | (1 << Tag::I(EntityClass::Misc).index())
        }
        other => 1 << other.index(),
    }
}

/// A training sentence as feature rows per token, its gold tags, and optional per-token allowed-tag masks.
type RowedSentence<'a> = (Vec<Vec<u32>>, &'a Sentence, Option<Vec<u16>>);

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Trains a model. `progress` is called after each epoch with (epoch, dev scores).
pub fn train(
    split: &AnerSplit,
    others: &[DomainSentence],
    res: &FeatureResources,
    cfg: &TrainConfig,
    mut progress: impl FnMut(usize, &Scores),
) -> Result<(Model, TrainReport), NerError> {
    let mut data: Vec<DomainSentence> = Vec::new();
    for _ in 0..cfg.aner_repeat.max(1) {
        data.extend(split.train.iter().map(|s| DomainSentence {
            sentence: s.clone(),
            domain: DOMAIN_ANER,
        }));
        if cfg.include_dev {
            data.extend(split.dev.iter().map(|s| DomainSentence {
                sentence: s.clone(),
                domain: DOMAIN_ANER,
            }));
        }
    }
    data.extend(others.iter().cloned());
    // Feature keys per token (general + domain copy).
    let mut keyed: Vec<KeyedSentence<'_>> = Vec::with_capacity(data.len());
    for ds in &data {
        let mut feats = extract(&ds.sentence.tokens, res);
        if cfg.domain_adapt {
            for f in feats.iter_mut() {
                let extra: Vec<u64> = f.iter().map(|&k| domain_key(k, ds.domain)).collect();
                f.extend(extra);
            }
        }
        keyed.push((
            feats,
            &ds.sentence,
            cfg.partial_misc && ds.domain != DOMAIN_ANER,
        ));
    }
    let train_sentences = keyed.len();
    let model = fit(keyed, cfg, |step, m| {
        progress(step, &evaluate(m, res, &split.dev))
    });
    let report = TrainReport {
        dev: evaluate(&model, res, &split.dev),
        test: evaluate(&model, res, &split.test),
        num_features: model.num_features(),
        train_sentences,
    };
    Ok((model, report))
}

/// A training sentence with its feature keys per token, and whether its O/MISC labels are partial.
pub type KeyedSentence<'a> = (Vec<Vec<u64>>, &'a Sentence, bool);

/// The perceptron training loop on sentences whose feature keys are already extracted: `runs`
/// shuffled runs of `epochs` epochs, their averaged weights averaged. `progress` sees the
/// averaged model after each run's last epoch (after every epoch with one run).
pub fn fit(
    keyed: Vec<KeyedSentence<'_>>,
    cfg: &TrainConfig,
    mut progress: impl FnMut(usize, &Model),
) -> Model {
    let mut counts: KeyMap<u32> = KeyMap::default();
    for (feats, _, _) in &keyed {
        for f in feats {
            for &k in f {
                *counts.entry(k).or_insert(0) += 1;
            }
        }
    }
    let mut keys: Vec<u64> = counts
        .iter()
        .filter(|(_, &c)| c >= cfg.min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    let rows: KeyMap<u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    let rowed: Vec<RowedSentence<'_>> = keyed
        .into_iter()
        .map(|(feats, s, partial)| {
            let r = feats
                .iter()
                .map(|f| f.iter().filter_map(|k| rows.get(k).copied()).collect())
                .collect();
            let masks = partial.then(|| s.tags.iter().map(|t| misc_or_o_mask(*t)).collect());
            (r, s, masks)
        })
        .collect();
    let domain = cfg.domain_adapt.then_some(DOMAIN_ANER);
    // Several runs with different shuffles, their averaged weights averaged again: lowers the variance
    // that the sentence order gives a single perceptron run.
    let runs = cfg.runs.max(1);
    let mut model: Option<Model> = None;
    for run in 0..runs {
        let mut trainer = Trainer::new(rows.clone(), domain);
        let mut order: Vec<usize> = (0..rowed.len()).collect();
        let mut rng = XorShift(cfg.seed.wrapping_add(run as u64 * 7919).max(1));
        for epoch in 1..=cfg.epochs {
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &i in &order {
                if let Some((r, s, masks)) = rowed.get(i) {
                    trainer.update_partial(r, &s.tags, masks.as_deref());
                }
            }
            if epoch == cfg.epochs || runs == 1 {
                let avg = trainer.averaged();
                progress(run * cfg.epochs + epoch, &avg);
            }
        }
        let avg = trainer.averaged();
        model = Some(match model {
            None => avg,
            Some(mut m) => {
                for (a, b) in m.weights.iter_mut().zip(&avg.weights) {
                    *a += *b;
                }
                for (ra, rb) in m.trans.iter_mut().zip(&avg.trans) {
                    for (a, b) in ra.iter_mut().zip(rb) {
                        *a += *b;
                    }
                }
                m
            }
        });
    }
    let mut model = model.unwrap_or_default();
    let k = runs as f32;
    model.weights.iter_mut().for_each(|w| *w /= k);
    model.trans.iter_mut().flatten().for_each(|w| *w /= k);
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_holds_out_last_tenth_as_test_and_previous_tenth_as_dev() {
        let sents: Vec<Sentence> = (0..100)
            .map(|i| Sentence {
                tokens: vec![i.to_string()],
                tags: vec![crate::tags::Tag::O],
            })
            .collect();
        let s = split_anercorp(sents);
        assert_eq!((s.train.len(), s.dev.len(), s.test.len()), (80, 10, 10));
        assert_eq!(s.test[0].tokens[0], "90");
        assert_eq!(s.dev[0].tokens[0], "80");
    }
}

/// Inputs and outputs of [`train_to_files`].
#[derive(Debug, Clone, Copy)]
pub struct TrainJob<'a> {
    /// The shared data root (holding `data/`).
    pub shared: &'a Path,
    /// `resources/ner`.
    pub res_dir: &'a Path,
    /// Model output file.
    pub out: &'a Path,
    /// Regenerate places.tsv and clusters.tsv from the shared data first.
    pub regenerate: bool,
    pub use_clusters: bool,
    /// Train on AQMAR, NewsFANE and Wojood besides ANERcorp.
    pub extra_corpora: bool,
}

/// What [`train_to_files`] did.
#[derive(Debug, Clone)]
pub struct TrainRun {
    pub report: TrainReport,
    pub model_bytes: u64,
    pub places: Option<usize>,
    pub clusters: Option<usize>,
}

/// The whole `rasd train ner` job: optionally regenerate `places.tsv` and `clusters.tsv` in `res_dir` from
/// `<shared>/data`, train on the corpora with the resources in `res_dir`, and write the model to `out`.
pub fn train_to_files(
    job: &TrainJob<'_>,
    cfg: &TrainConfig,
    mut log: impl FnMut(&str),
) -> Result<TrainRun, NerError> {
    let TrainJob {
        shared,
        res_dir,
        out,
        regenerate,
        use_clusters,
        extra_corpora,
    } = *job;
    let started = std::time::Instant::now();
    let mut run_places = None;
    let mut run_clusters = None;
    let write = |name: &str, s: String| -> Result<(), NerError> {
        let p = res_dir.join(name);
        std::fs::write(&p, s).map_err(|e| NerError::io(&p, e))
    };
    if regenerate {
        let news = shared
            .join("data")
            .join("news_corpus")
            .join("ant_corpus_v1.1_jawharafm.jsonl.gz");
        let docs = crate::clusters::read_news_corpus(&news)?;
        let mut freq: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        for d in &docs {
            for w in d {
                *freq.entry(w.clone()).or_insert(0) += 1;
            }
        }
        let places = crate::gazetteer::build_places(shared, &freq)?;
        write("places.tsv", crate::gazetteer::places_to_tsv(&places))?;
        run_places = Some(places.len());
        let clusters = crate::clusters::compute_clusters(&docs, &Default::default());
        run_clusters = Some(clusters.len());
        write("clusters.tsv", crate::clusters::clusters_to_tsv(clusters))?;
        log(&format!(
            "wrote {} places and {} word clusters ({:.0}s)",
            run_places.unwrap_or(0),
            run_clusters.unwrap_or(0),
            started.elapsed().as_secs_f64()
        ));
    }
    let read = |name: &str| -> Result<String, NerError> { read(&res_dir.join(name)) };
    let clusters = if use_clusters {
        read("clusters.tsv")?
    } else {
        String::new()
    };
    let res = crate::feature_resources(&read("places.tsv")?, &read("actors.tsv")?, &clusters);
    let (split, others) = load_corpora(shared, extra_corpora)?;
    log(&format!(
        "ANERcorp sentences: train {} dev {} test {}; other corpora {}",
        split.train.len(),
        split.dev.len(),
        split.test.len(),
        others.len()
    ));
    let (model, report) = train(&split, &others, &res, cfg, |e, dev| {
        log(&format!(
            "epoch {e:>2}  dev micro F1 {:.4}  ({:.0}s)",
            dev.micro().f1(),
            started.elapsed().as_secs_f64()
        ));
    })?;
    let f = std::fs::File::create(out).map_err(|e| NerError::io(out, e))?;
    model.write_to(std::io::BufWriter::new(f))?;
    let model_bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(TrainRun {
        report,
        model_bytes,
        places: run_places,
        clusters: run_clusters,
    })
}
