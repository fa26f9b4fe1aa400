//! Place gazetteer (countries + cities with Arabic variants) and the multi-word name lexicon used as model features.

use crate::fold::fold_word;
use crate::NerError;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Kind of a gazetteer place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    City,
}

/// One place with its Arabic spellings, English name, ISO3 country and coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// `iso3` for countries, GeoNames id for cities.
    pub id: String,
    pub kind: PlaceKind,
    /// Arabic spellings; the first is canonical.
    pub names_ar: Vec<String>,
    pub name_en: String,
    pub iso3: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// True for national capitals.
    pub capital: bool,
}

/// Countries of the Middle East and North Africa (plus neighbours) whose small towns are kept.
const MENA_ISO3: &[&str] = &[
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN",
    "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "ESH", "IRN", "ISR", "TUR",
    "CYP", "SSD", "ERI", "TCD",
];

/// Common Arabic names of countries that CLDR does not list (written by hand; one country per line).
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    (
        "USA",
        "الولايات المتحدة الأمريكية|الولايات المتحدة الأميركية|أمريكا|أميركا|امريكا",
    ),
    ("GBR", "بريطانيا|بريطانيا العظمى|المملكة المتحدة"),
    ("RUS", "روسيا الاتحادية"),
    ("CHN", "جمهورية الصين الشعبية"),
    ("PSE", "فلسطين|دولة فلسطين|الأراضي الفلسطينية"),
    ("ISR", "إسرائيل|اسرائيل"),
    ("SAU", "السعودية|المملكة العربية السعودية|المملكة السعودية"),
    ("ARE", "الإمارات|الامارات|دولة الإمارات"),
    ("SYR", "سوريا|سورية|الجمهورية العربية السورية"),
    ("EGY", "مصر|جمهورية مصر العربية"),
    ("IRN", "إيران|ايران|الجمهورية الإسلامية الإيرانية"),
    ("TUR", "تركيا|الجمهورية التركية"),
    ("LBY", "ليبيا"),
    ("YEM", "اليمن"),
    ("IRQ", "العراق"),
    ("LBN", "لبنان"),
    ("JOR", "الأردن|الاردن|المملكة الأردنية الهاشمية"),
    ("KWT", "الكويت"),
    ("QAT", "قطر"),
    ("BHR", "البحرين"),
    ("OMN", "عمان|سلطنة عمان|سلطنة عُمان"),
    ("SDN", "السودان"),
    ("SSD", "جنوب السودان"),
    ("TUN", "تونس"),
    ("DZA", "الجزائر"),
    ("MAR", "المغرب|المملكة المغربية"),
    ("MRT", "موريتانيا"),
    ("AFG", "أفغانستان|افغانستان"),
    ("PAK", "باكستان"),
    ("IND", "الهند"),
    ("DEU", "ألمانيا|المانيا"),
    ("FRA", "فرنسا"),
    ("ITA", "إيطاليا|ايطاليا"),
    ("ESP", "إسبانيا|اسبانيا"),
    ("UKR", "أوكرانيا|اوكرانيا"),
    ("KOR", "كوريا الجنوبية"),
    ("PRK", "كوريا الشمالية"),
    ("NLD", "هولندا"),
    ("CZE", "التشيك|تشيكيا"),
    ("COD", "الكونغو الديمقراطية"),
    ("VAT", "الفاتيكان"),
];

/// Arabic names of capitals that the GeoNames extract lacks (GeoNames id → names), written by hand.
const CAPITAL_NAMES_AR: &[(&str, &str)] = &[
    ("4140963", "واشنطن|واشنطون|واشنطن العاصمة"),
    ("3492908", "سانتو دومينغو"),
    ("3489854", "كينغستون"),
    ("3703443", "مدينة بنما|بنما سيتي"),
    ("1282027", "ماليه"),
    ("2422465", "كوناكري"),
    ("2389853", "بانغي"),
    ("6611854", "نايبيداو|نايبيتاو"),
    ("2993458", "موناكو"),
    ("6691831", "مدينة الفاتيكان"),
    ("426272", "جيتيغا"),
];

/// Orders a place's Arabic spellings so the canonical (first) one is the most frequent in news text
/// (`freq`: folded word → count), then one with ة over ه, then one without آ, then as listed.
fn order_variants(names: &mut [String], freq: &HashMap<String, u32>) {
    let score = |n: &str| -> (std::cmp::Reverse<u32>, bool, bool) {
        let f = n
            .split_whitespace()
            .map(fold_word)
            .collect::<Vec<_>>()
            .join(" ");
        let c = freq.get(&f).copied().unwrap_or(0);
        (
            std::cmp::Reverse(c),
            !n.ends_with('ة') && n.ends_with('ه'),
            n.contains('آ'),
        )
    };
    names.sort_by_key(|n| score(n));
}

/// Builds the shipped place list from `<shared>/data/geonames`: every country, every city with an Arabic
/// name in MENA, and cities elsewhere with an Arabic name and ≥100k people or a capital. `freq` (folded word →
/// count in news text) picks each place's canonical spelling.
pub fn build_places(shared: &Path, freq: &HashMap<String, u32>) -> Result<Vec<Place>, NerError> {
    let dir = shared.join("data").join("geonames");
    let countries_txt = read(&dir.join("countries.tsv"))?;
    let mut places = Vec::new();
    let mut capitals: HashSet<(String, String)> = HashSet::new();
    let aliases: HashMap<&str, &str> = COUNTRY_ALIASES.iter().copied().collect();
    for line in countries_txt.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 10 {
            continue;
        }
        let iso3 = f[1].to_string();
        let mut names = Vec::new();
        if let Some(a) = aliases.get(iso3.as_str()) {
            names.extend(a.split('|').map(str::to_string));
        }
        if !f[4].is_empty() && !names.iter().any(|n| n == f[4]) {
            names.insert(0, f[4].to_string());
        }
        if names.is_empty() {
            continue;
        }
        capitals.insert((iso3.clone(), f[5].to_string()));
        places.push(Place {
            id: iso3.clone(),
            kind: PlaceKind::Country,
            names_ar: names,
            name_en: f[3].to_string(),
            iso3,
            lat: 0.0,
            lon: 0.0,
            population: f[7].parse().unwrap_or(0),
            capital: false,
        });
    }
    let cities_txt = read(&dir.join("cities_ar.tsv"))?;
    // A capital is the most populous city of its country carrying the capital's name (not Washington, Utah).
    let mut capital_ids: HashMap<(String, String), (u64, String)> = HashMap::new();
    for line in cities_txt.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let k = (f[5].to_string(), f[3].to_string());
        if capitals.contains(&k) {
            let pop: u64 = f[8].parse().unwrap_or(0);
            let e = capital_ids.entry(k).or_insert((0, String::new()));
            if pop >= e.0 {
                *e = (pop, f[0].to_string());
            }
        }
    }
    let capital_ids: HashSet<String> = capital_ids.into_values().map(|(_, id)| id).collect();
    let extra: HashMap<&str, &str> = CAPITAL_NAMES_AR.iter().copied().collect();
    for line in cities_txt.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let added = extra.get(f[0]).copied().unwrap_or("");
        if f[1].is_empty() && added.is_empty() {
            continue;
        }
        let iso3 = f[5];
        let pop: u64 = f[8].parse().unwrap_or(0);
        let capital = capital_ids.contains(f[0]);
        if !(MENA_ISO3.contains(&iso3) || pop >= 100_000 || capital) {
            continue;
        }
        let mut names: Vec<String> = added
            .split('|')
            .chain(f[1].split('|'))
            .map(str::trim)
            .filter(|n| {
                n.chars().count() >= 2
                    && n.chars()
                        .all(|c| is_arabic_letter(c) || c == ' ' || c == '-')
            })
            .map(str::to_string)
            .collect();
        if names.is_empty() {
            continue;
        }
        let mut seen = HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        order_variants(&mut names, freq);
        places.push(Place {
            id: f[0].to_string(),
            kind: PlaceKind::City,
            names_ar: names,
            name_en: f[3].to_string(),
            iso3: iso3.to_string(),
            lat: f[6].parse().unwrap_or(0.0),
            lon: f[7].parse().unwrap_or(0.0),
            population: pop,
            capital,
        });
    }
    Ok(places)
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{064B}'..='\u{0652}').contains(&c)
}

fn read(p: &Path) -> Result<String, NerError> {
    std::fs::read_to_string(p).map_err(|e| NerError::io(p, e))
}

/// Header of `resources/ner/places.tsv`.
pub const PLACES_HEADER: &str = "id\tkind\tname_en\tiso3\tlat\tlon\tpopulation\tcapital\tnames_ar";

/// Serializes places as TSV (one place per line; Arabic variants `|`-separated, canonical first).
pub fn places_to_tsv(places: &[Place]) -> String {
    let mut s = String::from(PLACES_HEADER);
    s.push('\n');
    for p in places {
        let kind = match p.kind {
            PlaceKind::Country => "country",
            PlaceKind::City => "city",
        };
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\n",
            p.id,
            kind,
            p.name_en,
            p.iso3,
            p.lat,
            p.lon,
            p.population,
            u8::from(p.capital),
            p.names_ar.join("|")
        ));
    }
    s
}

/// Parses `places.tsv`; malformed lines are skipped.
pub fn parse_places(tsv: &str) -> Vec<Place> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            continue;
        }
        out.push(Place {
            id: f[0].to_string(),
            kind: if f[1] == "country" {
                PlaceKind::Country
            } else {
                PlaceKind::City
            },
            name_en: f[2].to_string(),
            iso3: f[3].to_string(),
            lat: f[4].parse().unwrap_or(0.0),
            lon: f[5].parse().unwrap_or(0.0),
            population: f[6].parse().unwrap_or(0),
            capital: f[7] == "1",
            names_ar: f[8]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    out
}

/// Names ANERcorp tags MISC that no other resource lists: currencies, religions, recurring events and prizes
/// (written by hand; plural/accusative forms included because the lexicon matches whole tokens).
const MISC_NAMES: &[&str] = &[
    "دولار",
    "دولارا",
    "دولارات",
    "الدولار",
    "يورو",
    "اليورو",
    "دينار",
    "دينارا",
    "الدينار",
    "ريال",
    "ريالا",
    "الريال",
    "جنيه",
    "جنيها",
    "الجنيه",
    "درهم",
    "درهما",
    "الدرهم",
    "ليرة",
    "الليرة",
    "شيكل",
    "الشيكل",
    "ين",
    "الين",
    "يوان",
    "اليوان",
    "روبل",
    "الروبل",
    "روبية",
    "الإسلام",
    "المسيحية",
    "اليهودية",
    "البوذية",
    "كأس العالم",
    "كأس الأمم الأفريقية",
    "الألعاب الأولمبية",
    "دورة الألعاب الأولمبية",
    "جائزة نوبل",
    "نوبل",
    "رمضان",
    "عيد الفطر",
    "عيد الأضحى",
    "الحرب العالمية الثانية",
    "الحرب العالمية الأولى",
    "الحرب الباردة",
    "الربيع العربي",
    "الانتفاضة",
    "النكبة",
    "تسونامي",
    "أوسلو",
    "اتفاقية أوسلو",
    "كامب ديفيد",
];

/// Lexicon feature classes (bit flags).
pub mod flag {
    pub const COUNTRY: u8 = 1;
    pub const CITY_BIG: u8 = 2;
    pub const CITY: u8 = 4;
    pub const PERSON: u8 = 8;
    pub const ORG: u8 = 16;
    pub const FIRST_NAME: u8 = 32;
    pub const MISC: u8 = 64;
    pub const NAMES: [(u8, &str); 7] = [
        (COUNTRY, "cty"),
        (CITY_BIG, "big"),
        (CITY, "city"),
        (PERSON, "per"),
        (ORG, "org"),
        (FIRST_NAME, "fn"),
        (MISC, "misc"),
    ];
}

/// Maximum number of tokens in a lexicon name.
pub const MAX_NAME_TOKENS: usize = 6;

/// Folded multi-word names → class flags, matched longest-first over token sequences.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    names: crate::strhash::StrMap<u8>,
    /// Folded first tokens of all names, to skip impossible starts quickly.
    firsts: crate::strhash::StrSet,
}

impl Lexicon {
    /// Adds a name (any spelling) with flags.
    pub fn add(&mut self, name: &str, flags: u8) {
        let toks: Vec<String> = name
            .split([' ', '-'])
            .filter(|t| !t.is_empty())
            .map(fold_word)
            .collect();
        if toks.is_empty() || toks.len() > MAX_NAME_TOKENS {
            return;
        }
        if let Some(f) = toks.first() {
            self.firsts.insert(f.clone());
        }
        *self.names.entry(toks.join(" ")).or_insert(0) |= flags;
    }

    pub fn from_places(places: &[Place]) -> Lexicon {
        let mut lex = Lexicon::default();
        for n in MISC_NAMES {
            lex.add(n, flag::MISC);
        }
        for p in places {
            let flags = match p.kind {
                PlaceKind::Country => flag::COUNTRY,
                PlaceKind::City if p.capital || p.population >= 100_000 => flag::CITY_BIG,
                PlaceKind::City => flag::CITY,
            };
            for n in &p.names_ar {
                lex.add(n, flags);
            }
        }
        lex
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether a folded token starts some lexicon name.
    pub fn is_first_token(&self, folded: &str) -> bool {
        self.firsts.contains(folded)
    }

    /// Flags of an exact (folded) name.
    pub fn get(&self, folded_name: &str) -> u8 {
        self.names.get(folded_name).copied().unwrap_or(0)
    }

    /// For each token, per flag: 0 = no match, 1 = begins a match, 2 = inside a match (longest match wins).
    /// `folded` are the folded tokens; the first token of a match may carry a proclitic (و/ف/ب/ل/ك, لل→ال).
    pub fn tag<S: AsRef<str>>(&self, folded: &[S]) -> Vec<[u8; 7]> {
        let n = folded.len();
        let mut out = vec![[0u8; 7]; n];
        let mut key = String::new();
        let mut variants = FirstTokenVariants::default();
        for i in 0..n {
            variants.fill(folded[i].as_ref());
            for first in variants.iter() {
                if !self.firsts.contains(first) {
                    continue;
                }
                let maxlen = MAX_NAME_TOKENS.min(n - i);
                key.clear();
                key.push_str(first);
                let mut best: Option<(usize, u8)> = None;
                for len in 1..=maxlen {
                    if len > 1 {
                        key.push(' ');
                        key.push_str(folded[i + len - 1].as_ref());
                    }
                    if let Some(&f) = self.names.get(key.as_str()) {
                        best = Some((len, f));
                    }
                }
                if let Some((len, f)) = best {
                    for (k, (bit, _)) in flag::NAMES.iter().enumerate() {
                        if f & bit != 0 {
                            for (j, slot) in out.iter_mut().enumerate().skip(i).take(len) {
                                let v = if j == i { 1 } else { 2 };
                                if slot[k] == 0 {
                                    slot[k] = v;
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// [`first_token_variants`] in reusable buffers (the gazetteer runs it on every token).
#[derive(Default)]
struct FirstTokenVariants {
    buf: String,
    /// Byte ranges into `buf`: the token, then its stripped forms.
    ranges: Vec<std::ops::Range<usize>>,
}

impl FirstTokenVariants {
    fn fill(&mut self, f: &str) {
        self.buf.clear();
        self.ranges.clear();
        for v in first_token_variant_parts(f) {
            let start = self.buf.len();
            self.buf.push_str(v.0);
            self.buf.push_str(v.1);
            self.ranges.push(start..self.buf.len());
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.ranges.iter().filter_map(|r| self.buf.get(r.clone()))
    }
}

/// The variants of [`first_token_variants`] as (prefix, rest) pairs, without allocating.
fn first_token_variant_parts(f: &str) -> impl Iterator<Item = (&'static str, &str)> {
    let mut v: [Option<(&'static str, &str)>; 3] = [Some(("", f)), None, None];
    let mut rest = f;
    if let Some(r) = rest.strip_prefix(['و', 'ف']) {
        if r.chars().count() >= 3 {
            v[1] = Some(("", r));
            rest = r;
        }
    }
    if let Some(r) = rest.strip_prefix("لل") {
        if r.chars().count() >= 2 {
            v[2] = Some(("ال", r));
        }
    } else if let Some(r) = rest.strip_prefix(['ب', 'ل', 'ك']) {
        if r.chars().count() >= 3 {
            v[2] = Some(("", r));
        }
    }
    v.into_iter().flatten()
}

/// The token itself and its forms without a leading conjunction/preposition (لل → ال).
pub fn first_token_variants(f: &str) -> Vec<String> {
    first_token_variant_parts(f)
        .map(|(p, r)| format!("{p}{r}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_matches_multiword_names_with_proclitic() {
        let mut lex = Lexicon::default();
        lex.add("الولايات المتحدة", flag::COUNTRY);
        lex.add("إسطنبول", flag::CITY_BIG);
        let toks: Vec<String> = ["وصل", "الى", "بإسطنبول", "من", "والولايات", "المتحدة"]
            .iter()
            .map(|t| fold_word(t))
            .collect();
        let tags = lex.tag(&toks);
        assert_eq!(tags[2][1], 1);
        assert_eq!(tags[4][0], 1);
        assert_eq!(tags[5][0], 2);
        assert_eq!(tags[3], [0; 7]);
    }

    #[test]
    fn lil_prefix_yields_definite_variant() {
        assert!(first_token_variants("للامم").contains(&"الامم".to_string()));
    }
}
