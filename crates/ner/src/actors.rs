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
    /// Periods `(start, end)` (ISO date prefixes, `YYYY[-MM[-DD]]`) in which `titles_ar` designate
    /// this actor; empty = at any date.
    pub titles_periods: Vec<(String, Option<String>)>,
}

impl Actor {
    /// Whether the titles designate this actor in an article published on `date` (ISO
    /// `YYYY-MM-DD`; unknown date = yes).
    pub fn titles_apply(&self, date: Option<&str>) -> bool {
        let Some(d) = date else { return true };
        if self.titles_periods.is_empty() {
            return true;
        }
        let prefix = |bound: &str| d.get(..bound.len().min(d.len())).unwrap_or(d).to_string();
        self.titles_periods.iter().any(|(start, end)| {
            prefix(start).as_str() >= start.as_str()
                && end.as_deref().is_none_or(|e| prefix(e).as_str() <= e)
        })
    }

    /// Canonical name followed by the variants.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name_ar.as_str()).chain(self.variants_ar.iter().map(String::as_str))
    }
}

/// Column header of actors.tsv.
pub const ACTORS_HEADER: &str =
    "id\tkind\tname_ar\tvariants_ar\tname_en\tcountry\trole\ttitles_ar\twikidata\ttitles_since";

/// `2017-01-20..2021-01-19|2025-01-20` → periods; malformed parts are reported.
fn parse_periods(s: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let date_like = |x: &str| {
        let ok_len = matches!(x.len(), 4 | 7 | 10);
        ok_len
            && x.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    s.split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (a, b) = match p.split_once("..") {
                Some((a, b)) => (a.trim(), Some(b.trim()).filter(|b| !b.is_empty())),
                None => (p, None),
            };
            if date_like(a) && b.is_none_or(date_like) {
                Ok((a.to_string(), b.map(str::to_string)))
            } else {
                Err(format!(
                    "titles_since period {p:?} is not YYYY[-MM[-DD]][..YYYY[-MM[-DD]]]"
                ))
            }
        })
        .collect()
}

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
        let titles_periods = match parse_periods(f.get(9).copied().unwrap_or("")) {
            Ok(p) => p,
            Err(why) => {
                bad.push((n + 1, why));
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
            titles_periods,
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
        assert!(a[0].titles_apply(Some("1990-01-01")), "no periods: always");
    }

    #[test]
    fn shipped_actor_list_has_no_malformed_line() {
        let (actors, bad) = parse_actors(crate::ACTORS_TSV);
        assert!(bad.is_empty(), "{bad:?}");
        assert!(actors.len() > 400);
        let mut ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "actor ids are unique");
    }

    #[test]
    fn titles_apply_only_within_their_periods() {
        let tsv = "person:x\tPER\tس\t\tX\tUSA\tpresident\tالرئيس\t\t2017-01-20..2021-01-19|2025-01\nperson:y\tPER\tص\t\tY\tUSA\tr\tt\t\t20xx\n";
        let (a, bad) = parse_actors(tsv);
        assert_eq!(a.len(), 1);
        assert_eq!(bad.len(), 1, "a malformed period is reported");
        let x = &a[0];
        for (d, want) in [
            ("2016-12-31", false),
            ("2017-01-20", true),
            ("2021-01-19", true),
            ("2022-06-01", false),
            ("2025-01-01", true),
            ("2026-11-23", true),
        ] {
            assert_eq!(x.titles_apply(Some(d)), want, "{d}");
        }
        assert!(x.titles_apply(None));
    }
}
