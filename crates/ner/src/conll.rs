//! CoNLL reading/writing and the mapping of each training corpus's tag set onto BIO PER/ORG/LOC/MISC.

use crate::tags::{EntityClass, Tag};

/// One sentence of tokens with (optional) gold tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

/// A sentence of raw CoNLL lines: each token's first column and its last column (if any).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSentence {
    pub tokens: Vec<String>,
    /// Last column of each line, `None` when the line has one column only.
    pub labels: Vec<Option<String>>,
}

/// Splits one CoNLL line into (token, last column). Tab-separated if a tab is present, else space-separated.
fn split_line(line: &str) -> (String, Option<String>) {
    let line = line.trim_end_matches(['\r', '\n']);
    let sep = if line.contains('\t') { '\t' } else { ' ' };
    let fields: Vec<&str> = line.split(sep).collect();
    let token = fields.first().copied().unwrap_or("").to_string();
    if fields.len() >= 2 {
        let last = fields.last().copied().unwrap_or("").trim().to_string();
        (token, Some(last))
    } else {
        (token, None)
    }
}

/// Reads CoNLL text: token per line, blank line between sentences, extra columns ignored.
pub fn read_raw(text: &str) -> Vec<RawSentence> {
    let mut out = Vec::new();
    let mut cur = RawSentence::default();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (tok, lab) = split_line(line);
        cur.tokens.push(tok);
        cur.labels.push(lab);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    out
}

/// Which corpus a label comes from; selects the tag mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Corpus {
    /// ANERcorp / CoNLL style: PERS|PER, ORG, LOC, MISC (also accepts GPE → LOC).
    Generic,
    /// AQMAR: PER, ORG, LOC, MIS0-3 → MISC; malformed tags mapped leniently.
    Aqmar,
    /// NewsFANE fine classes.
    NewsFane,
    /// Wojood outer layer: PERS, ORG, GPE/LOC/FAC → LOC, EVENT → MISC, everything else O.
    Wojood,
}

fn class_generic(t: &str) -> Option<EntityClass> {
    match t {
        "PER" | "PERS" | "PERSON" => Some(EntityClass::Per),
        "ORG" | "ORGANIZATION" => Some(EntityClass::Org),
        "LOC" | "GPE" | "LOCATION" => Some(EntityClass::Loc),
        "MISC" | "MIS" => Some(EntityClass::Misc),
        _ => None,
    }
}

fn class_aqmar(t: &str) -> Option<EntityClass> {
    let t = t.trim_start_matches('-');
    if t.starts_with("MIS") {
        return Some(EntityClass::Misc);
    }
    class_generic(t)
}

fn class_newsfane(t: &str) -> Option<EntityClass> {
    use EntityClass::*;
    Some(match t {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist"
        | "Businessperson" | "Lawyer" | "Engineer" | "Police_PER" => Per,
        "Non-Governmental" | "Sports" | "Media" | "Government" | "Commercial" | "Educational"
        | "Police" | "Religious_ORG" | "Medical-Science" | "Entertainment" => Org,
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "GPE-Cluster"
        | "Continent"
        | "Water-Body"
        | "Land"
        | "County-or-District"
        | "Land-Region-Natural"
        | "Celestial"
        | "Path"
        | "Building-Grounds"
        | "Airport"
        | "Subarea-Facility" => Loc,
        "Book" | "Movie" | "Software" | "Hardware" | "Shooting" | "Projectile" | "Food"
        | "Drug" | "Plant" | "Air" | "Water" | "Sea" | "Land-Vehicle" | "Chemical" | "Blunt"
        | "Exploding" | "Nuclear" | "Sharp" | "Sound" => Misc,
        // "Group" (العرب, المسلمين) is a people group; ANERcorp leaves those untagged.
        _ => return None,
    })
}

fn class_wojood(t: &str) -> Option<EntityClass> {
    use EntityClass::*;
    Some(match t {
        "PERS" => Per,
        "ORG" => Org,
        "GPE" | "LOC" | "FAC" => Loc,
        "EVENT" => Misc,
        _ => return None,
    })
}

/// Maps a corpus label (`B-PERS`, `I-Politician`, `O`, ...) to a BIO tag over the four classes.
pub fn map_label(corpus: Corpus, label: &str) -> Tag {
    let label = label.trim();
    let (prefix, rest) = match label.split_once('-') {
        Some((p, r)) if p == "B" || p == "I" => (p, r),
        _ => return Tag::O,
    };
    let class = match corpus {
        Corpus::Generic => class_generic(rest),
        Corpus::Aqmar => class_aqmar(rest),
        Corpus::NewsFane => class_newsfane(rest),
        Corpus::Wojood => class_wojood(rest),
    };
    match class {
        Some(c) if prefix == "B" => Tag::B(c),
        Some(c) => Tag::I(c),
        None => Tag::O,
    }
}

/// Repairs a tag sequence into valid IOB2 (an `I-X` not following `B-X`/`I-X` becomes `B-X`), as conlleval reads it.
pub fn repair_iob2(tags: &mut [Tag]) {
    let mut prev = Tag::O;
    for t in tags.iter_mut() {
        if let Tag::I(c) = *t {
            let cont = matches!(prev, Tag::B(p) | Tag::I(p) if p == c);
            if !cont {
                *t = Tag::B(c);
            }
        }
        prev = *t;
    }
}

/// Converts raw sentences to labelled sentences using `corpus`'s tag mapping (lines without a label are `O`).
pub fn label_sentences(raw: Vec<RawSentence>, corpus: Corpus) -> Vec<Sentence> {
    raw.into_iter()
        .map(|r| {
            let mut tags: Vec<Tag> = r
                .labels
                .iter()
                .map(|l| l.as_deref().map_or(Tag::O, |l| map_label(corpus, l)))
                .collect();
            repair_iob2(&mut tags);
            Sentence {
                tokens: r.tokens,
                tags,
            }
        })
        .collect()
}

/// Reads ANERcorp's `TOKEN TAG` lines (no blank lines; sentences end at a `.` token).
/// Lines with an empty token are skipped; for lines with several words before the tag, the words are kept as one token.
pub fn read_anercorp(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end();
        let Some((tok, lab)) = line.rsplit_once(' ') else {
            continue;
        };
        let tok = tok.trim();
        if tok.is_empty() {
            continue;
        }
        cur.tokens.push(tok.to_string());
        cur.tags.push(map_label(Corpus::Generic, lab));
        if tok == "." {
            repair_iob2(&mut cur.tags);
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.tokens.is_empty() {
        repair_iob2(&mut cur.tags);
        out.push(cur);
    }
    out
}

/// Splits an over-long sentence after `.` tokens (for corpora without sentence breaks); returns index ranges.
pub fn segment_ranges(tokens: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if (t == "." || i + 1 - start >= 250) && i + 1 < tokens.len() {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityClass::*;

    #[test]
    fn anercorp_pers_maps_to_per_and_sentences_end_at_period() {
        let s = read_anercorp("فرانكفورت B-LOC\nقال O\nبوش B-PERS\n. O\nثم O\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags, vec![Tag::B(Loc), Tag::O, Tag::B(Per), Tag::O]);
    }

    #[test]
    fn newsfane_fine_classes_map_to_coarse() {
        assert_eq!(map_label(Corpus::NewsFane, "B-Politician"), Tag::B(Per));
        assert_eq!(map_label(Corpus::NewsFane, "I-Nation"), Tag::I(Loc));
        assert_eq!(map_label(Corpus::NewsFane, "B-Group"), Tag::O);
        assert_eq!(map_label(Corpus::Aqmar, "B-MIS2"), Tag::B(Misc));
        assert_eq!(map_label(Corpus::Wojood, "B-GPE"), Tag::B(Loc));
        assert_eq!(map_label(Corpus::Wojood, "B-DATE"), Tag::O);
    }

    #[test]
    fn raw_reader_takes_first_and_last_columns() {
        let r = read_raw("a\tx\tB-PER\nb\n\nc O\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].tokens, vec!["a", "b"]);
        assert_eq!(r[0].labels, vec![Some("B-PER".to_string()), None]);
        assert_eq!(r[1].labels, vec![Some("O".to_string())]);
    }

    #[test]
    fn stray_inside_tag_is_repaired_to_begin() {
        let mut t = vec![Tag::O, Tag::I(Per), Tag::I(Loc)];
        repair_iob2(&mut t);
        assert_eq!(t, vec![Tag::O, Tag::B(Per), Tag::B(Loc)]);
    }

    #[test]
    fn segments_split_after_period() {
        let toks: Vec<String> = ["a", ".", "b", "."].iter().map(|s| s.to_string()).collect();
        assert_eq!(segment_ranges(&toks), vec![0..2, 2..4]);
    }
}
