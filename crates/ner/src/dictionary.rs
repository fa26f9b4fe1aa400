//! Post-decoding dictionary pass: names from the curated actor list that the model left untagged (ترامب, قوات الدعم السريع) become mentions.
//!
//! The statistical model was trained mostly on news from the 2000s: it has never seen many of
//! today's actors, and a lone family name ("وهدد ترامب إيران") carries little context. The actor
//! list knows them. A listed name (longest match, first token may carry a proclitic و/ف/ب/ل/ك)
//! is tagged where its tokens are untagged or already carry its class (completing "دونالد" into
//! "دونالد ترامب") — or, for an organization, a place ("نداء تونس": the party, not Tunisia) —
//! unless the next token continues another entity. Names of one word that are also common
//! words or adjectives (مبارك "blessed", القاعدة "the base", رئيسي "main", السوداني "Sudanese",
//! روحاني "spiritual", طالبان "two students", جبل عرفات)
//! are left to the model: see [`HOMOGRAPHS`].

use crate::actors::{parse_actors, Actor, ActorKind};
use crate::fold::fold_word;
use crate::gazetteer::{flag, Lexicon};
use crate::tags::{EntityClass, Tag};

/// One-word listed names that are also ordinary words, adjectives, first names or nisbas, so an
/// untagged occurrence is more likely not the actor.
pub const HOMOGRAPHS: &[&str] = &[
    // persons
    "عرفات",
    "روحاني",
    "أوستن",
    "إسلامي",
    "الأسد",
    "الشرع",
    "الصدر",
    "السوداني",
    "المالكي",
    "البغدادي",
    "الأنصاري",
    "العامري",
    "المنفي",
    "الحوثي",
    "باراك",
    "بارو",
    "بوش",
    "تورك",
    "كوستا",
    "شكري",
    "عبدي",
    "مبارك",
    "رئيسي",
    "فرنسيس",
    "لامي",
    "رجي",
    "مرسي",
    "العبادي",
    "الخليفي",
    "اليحيا",
    "البشير",
    "القدوة",
    "الزبيدي",
    "هنية",
    "ظريف",
    "بقائي",
    "البرهان",
    "الجولاني",
    "النخالة",
    "الصفدي",
    "الشيباني",
    "السادات",
    "كيري",
    "بلير",
    "هاريس",
    "رابين",
    // organizations
    "أمل",
    "فتح",
    "حماس",
    "الجزيرة",
    "القاعدة",
    "النهضة",
    "الفاو",
    "الجمهوريين",
    "النجباء",
    "العصائب",
    "الإخوان",
    "الأزهر",
    "واس",
    "سانا",
    "الأناضول",
    "طالبان",
];

/// The actor list's names as a lexicon (persons and organizations), minus the homographs.
#[derive(Debug, Clone)]
pub struct ActorDictionary {
    lexicon: Lexicon,
}

impl ActorDictionary {
    /// Built from actor records; one-word names in [`HOMOGRAPHS`] and one-word names shorter
    /// than 4 letters are left out.
    pub fn new(actors: &[Actor]) -> ActorDictionary {
        let homographs: std::collections::HashSet<String> =
            HOMOGRAPHS.iter().map(|w| fold_word(w)).collect();
        let mut lexicon = Lexicon::default();
        for a in actors {
            let f = match a.kind {
                ActorKind::Person => flag::PERSON,
                ActorKind::Organization => flag::ORG,
            };
            for name in a.all_names() {
                let one_word = !name.contains([' ', '-']);
                if one_word {
                    let folded = fold_word(name);
                    if homographs.contains(&folded) || folded.chars().count() < 4 {
                        continue;
                    }
                }
                lexicon.add(name, f);
            }
        }
        ActorDictionary { lexicon }
    }

    /// The shipped actor list, built once per process.
    pub fn shared() -> &'static ActorDictionary {
        static SHARED: std::sync::OnceLock<ActorDictionary> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| ActorDictionary::new(&parse_actors(crate::ACTORS_TSV).0))
    }

    /// Tag listed names in one sentence (`words` as written, `tags` the model's) where some of
    /// their tokens are `O`, the others already carry the name's class, and the next token does
    /// not continue another entity: the name becomes one mention.
    pub fn apply<S: AsRef<str>>(&self, words: &[S], tags: &mut [Tag]) {
        let n = words.len().min(tags.len());
        if n == 0 {
            return;
        }
        let folded: Vec<String> = words[..n].iter().map(|w| fold_word(w.as_ref())).collect();
        let hits = self.lexicon.tag(&folded);
        let per = flag_index(flag::PERSON);
        let org = flag_index(flag::ORG);
        let mut i = 0;
        while i < n {
            let class = match hits.get(i) {
                Some(h) if h[per] == 1 => EntityClass::Per,
                Some(h) if h[org] == 1 => EntityClass::Org,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let k = if class == EntityClass::Per { per } else { org };
            let len = 1 + hits[i + 1..n].iter().take_while(|h| h[k] == 2).count();
            let end = i + len;
            // Untagged tokens of the name, the others (if any) already of its class: the name
            // completes a partial mention ("دونالد" tagged, "ترامب" not) or is new.
            let run = &tags[i..end];
            // A place inside a listed organization's name is part of the name ("نداء تونس",
            // "حزب آفاق تونس"): the model tags the country, the list knows the party.
            let place_inside = |c: EntityClass| class == EntityClass::Org && c == EntityClass::Loc;
            let fills = run.contains(&Tag::O)
                && run
                    .iter()
                    .all(|t| t.class().is_none_or(|c| c == class || place_inside(c)))
                && tags[i] != Tag::I(EntityClass::Loc);
            let next_continues = matches!(tags.get(end), Some(Tag::I(_)));
            if fills && !next_continues {
                // The name's first token continues a mention begun before it: keep it joined.
                let extends = tags[i] == Tag::I(class);
                for (j, t) in tags[i..end].iter_mut().enumerate() {
                    *t = if j == 0 && !extends {
                        Tag::B(class)
                    } else {
                        Tag::I(class)
                    };
                }
            }
            i = end;
        }
    }
}

fn flag_index(bit: u8) -> usize {
    flag::NAMES.iter().position(|(b, _)| *b == bit).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(sentence: &str, tags: &[Tag]) -> Vec<Tag> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut t = tags.to_vec();
        ActorDictionary::shared().apply(&words, &mut t);
        t
    }

    #[test]
    fn a_listed_family_name_the_model_missed_is_tagged() {
        use EntityClass::*;
        let o = Tag::O;
        assert_eq!(
            run("وهدد ترامب إيران بعواقب", &[o, o, Tag::B(Loc), o]),
            vec![o, Tag::B(Per), Tag::B(Loc), o]
        );
        // Multi-word organization with a proclitic on its first word.
        assert_eq!(
            run("في قصف لقوات الدعم السريع على سوق", &[o; 7]),
            vec![o, o, Tag::B(Org), Tag::I(Org), Tag::I(Org), o, o]
        );
    }

    #[test]
    fn model_decisions_and_homographs_are_kept() {
        use EntityClass::*;
        let o = Tag::O;
        // Already tagged (even with another class): untouched.
        assert_eq!(
            run("قال ترامب إن", &[o, Tag::B(Org), o]),
            vec![o, Tag::B(Org), o]
        );
        assert_eq!(
            run("قال دونالد ترامب إن", &[o, Tag::B(Loc), o, o]),
            vec![o, Tag::B(Loc), o, o]
        );
        // "مبارك" (blessed) and "القاعدة" (the base) are common words.
        assert_eq!(run("عيد مبارك في القاعدة", &[o; 4]), vec![o; 4]);
        // A listed name completes a partial mention of it.
        assert_eq!(
            run("الرئيس دونالد ترامب", &[o, Tag::B(Per), o]),
            vec![o, Tag::B(Per), Tag::I(Per)]
        );
        assert_eq!(
            run("الرئيس دونالد ترامب", &[o, o, Tag::B(Per)]),
            vec![o, Tag::B(Per), Tag::I(Per)]
        );
        // Two people side by side stay two mentions.
        assert_eq!(
            run("استقبل نتنياهو بلينكن", &[o, Tag::B(Per), o]),
            vec![o, Tag::B(Per), Tag::B(Per)]
        );
        // The next token continuing another entity blocks the match.
        assert_eq!(run("ترامب تاور", &[o, Tag::I(Org)]), vec![o, Tag::I(Org)]);
    }

    #[test]
    fn a_country_inside_a_listed_party_name_is_the_party() {
        use EntityClass::*;
        let o = Tag::O;
        // The model tags Tunisia inside the party's name; the list knows the party.
        assert_eq!(
            run("قررت حركة نداء تونس تجميد", &[o, o, o, Tag::B(Loc), o]),
            vec![o, Tag::B(Org), Tag::I(Org), Tag::I(Org), o]
        );
        assert_eq!(
            run("وفد عن حزب آفاق تونس", &[o, o, o, o, Tag::B(Loc)]),
            vec![o, o, Tag::B(Org), Tag::I(Org), Tag::I(Org)]
        );
        // A person's name is never overwritten, and Tunisia alone stays a place.
        assert_eq!(
            run("زار نداء تونس", &[o, Tag::B(Per), Tag::I(Per)]),
            vec![o, Tag::B(Per), Tag::I(Per)]
        );
        assert_eq!(run("زار تونس", &[o, Tag::B(Loc)]), vec![o, Tag::B(Loc)]);
    }
}
