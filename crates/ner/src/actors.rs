//! The curated actor list (`resources/ner/actors.tsv`): people and organizations with Arabic variants and roles.

use crate::gazetteer::{flag, Lexicon};

/// Person or organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    Person,
    Organization,
}

/// One line of the actor list.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Stable slug, e.g. `person:ibrahim-kalin`.
    pub id: String,
    pub kind: ActorKind,
    /// Canonical Arabic name.
    pub name_ar: String,
    /// Other Arabic spellings (canonical not repeated).
    pub variants_ar: Vec<String>,
    pub name_en: String,
    /// ISO3 of the affiliated country (empty for international bodies).
    pub country: String,
    /// English role, e.g. "head of intelligence".
    pub role: String,
    /// Arabic title descriptions that designate this actor, e.g. "رئيس جهاز المخابرات التركي".
    pub titles_ar: Vec<String>,
    /// Wikidata id if known.
    pub wikidata: String,
}

impl Actor {
    /// Canonical name followed by the variants.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name_ar.as_str()).chain(self.variants_ar.iter().map(String::as_str))
    }
}

/// Column header of actors.tsv.
pub const ACTORS_HEADER: &str =
    "id\tkind\tname_ar\tvariants_ar\tname_en\tcountry\trole\ttitles_ar\twikidata";

fn split_bar(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses actors.tsv. Lines starting with `#` and blank lines are comments; malformed lines are returned as
/// `(line number, reason)` so a bad line never hides the rest.
pub fn parse_actors(tsv: &str) -> (Vec<Actor>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("id\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            bad.push((
                n + 1,
                format!("expected ≥7 tab-separated columns, got {}", f.len()),
            ));
            continue;
        }
        let kind = match f[1] {
            "PER" => ActorKind::Person,
            "ORG" => ActorKind::Organization,
            other => {
                bad.push((n + 1, format!("unknown kind {other:?}")));
                continue;
            }
        };
        out.push(Actor {
            id: f[0].trim().to_string(),
            kind,
            name_ar: f[2].trim().to_string(),
            variants_ar: split_bar(f[3]),
            name_en: f[4].trim().to_string(),
            country: f[5].trim().to_string(),
            role: f[6].trim().to_string(),
            titles_ar: f.get(7).map_or_else(Vec::new, |s| split_bar(s)),
            wikidata: f.get(8).map_or_else(String::new, |s| s.trim().to_string()),
        });
    }
    (out, bad)
}

/// Adds actor names to a feature lexicon: full names as PERSON/ORG, first tokens of person names as FIRST_NAME.
pub fn add_to_lexicon(lex: &mut Lexicon, actors: &[Actor]) {
    for a in actors {
        for n in a.all_names() {
            match a.kind {
                ActorKind::Person => {
                    lex.add(n, flag::PERSON);
                    if let Some(first) = n.split(' ').next() {
                        if n.contains(' ') {
                            lex.add(first, flag::FIRST_NAME);
                        }
                    }
                }
                ActorKind::Organization => lex.add(n, flag::ORG),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_line_and_reports_bad_ones() {
        let tsv = "# comment\nperson:ibrahim-kalin\tPER\tإبراهيم قالن\tإبراهيم كالن|ابراهيم قالن\tİbrahim Kalın\tTUR\thead of intelligence\tرئيس جهاز المخابرات التركي\t\nbroken line\n";
        let (a, bad) = parse_actors(tsv);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].variants_ar.len(), 2);
        assert_eq!(a[0].titles_ar, vec!["رئيس جهاز المخابرات التركي"]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 3);
    }
}
