//! Entity-level precision/recall/F1 with CoNLL `conlleval` semantics (exact span and class match).

use crate::tags::{EntityClass, Tag};
use std::collections::BTreeMap;

/// An entity chunk: class and half-open token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chunk {
    pub class: EntityClass,
    pub start: usize,
    pub end: usize,
}

/// Chunks of a BIO sequence; an `I-X` after `O` or another class starts a chunk (as conlleval does).
pub fn chunks(tags: &[Tag]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(EntityClass, usize)> = None;
    for (i, t) in tags.iter().enumerate() {
        let starts = match *t {
            Tag::O => None,
            Tag::B(c) => Some(c),
            Tag::I(c) => match open {
                Some((oc, _)) if oc == c => None,
                _ => Some(c),
            },
        };
        let ends_open = matches!(t, Tag::O) || starts.is_some();
        if ends_open {
            if let Some((c, s)) = open.take() {
                out.push(Chunk {
                    class: c,
                    start: s,
                    end: i,
                });
            }
        }
        if let Some(c) = starts {
            open = Some((c, i));
        }
    }
    if let Some((c, s)) = open {
        out.push(Chunk {
            class: c,
            start: s,
            end: tags.len(),
        });
    }
    out
}

pub use rasd_core::{ratio, Counts};

/// Accumulated entity-level scores, per class and micro-averaged.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub per_class: BTreeMap<EntityClass, Counts>,
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Scores {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &p {
            let e = self.per_class.entry(c.class).or_default();
            if g.contains(c) {
                e.tp += 1;
            } else {
                e.fp += 1;
            }
        }
        for c in &g {
            if !p.contains(c) {
                self.per_class.entry(c.class).or_default().fn_ += 1;
            }
        }
        self.tokens += gold.len().min(pred.len());
        self.tokens_correct += gold.iter().zip(pred).filter(|(a, b)| a == b).count();
    }

    pub fn micro(&self) -> Counts {
        let mut m = Counts::default();
        for c in self.per_class.values() {
            m.tp += c.tp;
            m.fp += c.fp;
            m.fn_ += c.fn_;
        }
        m
    }

    /// A conlleval-like text table.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6}\n",
            "class", "P", "R", "F1", "tp", "fp", "fn"
        );
        let line = |name: &str, c: &Counts| {
            format!(
                "{:<6} {:>7.4} {:>7.4} {:>7.4} {:>6} {:>6} {:>6}\n",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )
        };
        for (k, c) in &self.per_class {
            s.push_str(&line(k.as_str(), c));
        }
        s.push_str(&line("micro", &self.micro()));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityClass::*;

    #[test]
    fn chunks_follow_conlleval_rules() {
        let t = [
            Tag::B(Per),
            Tag::I(Per),
            Tag::O,
            Tag::I(Loc),
            Tag::B(Loc),
            Tag::I(Org),
        ];
        assert_eq!(
            chunks(&t),
            vec![
                Chunk {
                    class: Per,
                    start: 0,
                    end: 2
                },
                Chunk {
                    class: Loc,
                    start: 3,
                    end: 4
                },
                Chunk {
                    class: Loc,
                    start: 4,
                    end: 5
                },
                Chunk {
                    class: Org,
                    start: 5,
                    end: 6
                },
            ]
        );
    }

    #[test]
    fn partial_span_counts_as_error() {
        let gold = [Tag::B(Per), Tag::I(Per), Tag::O];
        let pred = [Tag::B(Per), Tag::O, Tag::B(Loc)];
        let mut s = Scores::default();
        s.add(&gold, &pred);
        let m = s.micro();
        assert_eq!((m.tp, m.fp, m.fn_), (0, 2, 1));
        assert_eq!(m.f1(), 0.0);
    }
}
