//! Offices named by a title phrase before a person's name ("وزير الخارجية النرويجي بورج براندي" → foreign minister), from `resources/ner/titles.tsv`, for people the actor list does not know.

use crate::fold::fold_word;

/// The shipped title table.
pub const TITLES_TSV: &str = include_str!("../../../resources/ner/titles.tsv");

/// Words that may join two title heads of one phrase ("المتحدث باسم رئيس الحكومة"). This and
/// the list below are folded keys (لدى is لدي, شؤون is شوون), as the words they meet are.
const CONNECTORS: &[&str] = &["باسم", "لدي", "في", "عن", "الي"];

/// Nouns that head a construct chain inside a title ("رئيس أركان جيش الاحتلال", "وزير شؤون الدفاع").
const CONSTRUCT_NOUNS: &[&str] = &[
    "جزر",
    "مجلس",
    "جيش",
    "حزب",
    "شوون",
    "اركان",
    "جهاز",
    "مكتب",
    "قسم",
    "فرع",
    "بنك",
    "صندوق",
    "اتحاد",
    "تحالف",
    "قوات",
    "مركز",
    "معهد",
    "ديوان",
    "كتايب",
    "حلف",
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
];

/// Whether a word may stand inside a title phrase, between its head and the name: a definite
/// word (الخارجية، النرويجي، الجنرال), a connector (باسم، لدى), a construct noun, a noun in ة
/// (جمهورية، وزارة، حكومة), or a name `is_name` knows (قطر، ترامب is not one). A verb ends the
/// phrase: "مستشار ترامب وصهره سيزور العراق مع الجنرال جوزيف دانفورد" gives Dunford no title.
fn in_title(w: &str, is_name: &dyn Fn(&str) -> bool) -> bool {
    let (clitic, bare) = crate::fold::split_proclitic(w);
    // "للشرق", "بالأمم": a preposition on a definite word.
    w.starts_with("ال")
        || clitic.ends_with("ال")
        || clitic.ends_with("لل")
        || CONNECTORS.contains(&w)
        || CONSTRUCT_NOUNS.contains(&w)
        || CONSTRUCT_NOUNS.contains(&bare)
        || w.ends_with('ه')
        || is_name(w)
}

/// Title phrases (folded words) and the English role each gives.
#[derive(Debug, Clone, Default)]
pub struct TitleTable {
    entries: Vec<(Vec<String>, String)>,
}

/// A title found before a name: the role, and where its phrase starts in the words given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    pub role: String,
    pub start: usize,
}

impl TitleTable {
    /// Parses the table (`Arabic title<TAB>English role`, `#` comments); bad lines are returned
    /// with their line numbers.
    pub fn parse(tsv: &str) -> (TitleTable, Vec<(usize, String)>) {
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('\t') {
                Some((ar, en)) if !ar.trim().is_empty() && !en.trim().is_empty() => {
                    let words: Vec<String> = ar.split_whitespace().map(fold_word).collect();
                    entries.push((words, en.trim().to_string()));
                }
                _ => bad.push((n + 1, "expected: Arabic title<TAB>English role".to_string())),
            }
        }
        // Longest first, so the first entry that matches at a position is the longest.
        entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        (TitleTable { entries }, bad)
    }

    /// The shipped table.
    pub fn shipped() -> &'static TitleTable {
        static T: std::sync::OnceLock<TitleTable> = std::sync::OnceLock::new();
        T.get_or_init(|| TitleTable::parse(TITLES_TSV).0)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The longest entry that starts at `words[at]` (proclitics glued to its first word
    /// allowed: "ولوزير"), with its length.
    fn entry_at(&self, words: &[String], at: usize) -> Option<(usize, &str)> {
        let rest = words.get(at..)?;
        let first = rest.first()?;
        let bare = crate::fold::split_proclitic(first).1;
        self.entries.iter().find_map(|(e, role)| {
            let (head, tail) = e.split_first()?;
            let head_ok = head == first || bare == head;
            (head_ok && rest.get(1..e.len()).is_some_and(|r| r == tail))
                .then_some((e.len(), role.as_str()))
        })
    }

    /// The title of the phrase that ends right before a name: `words` are the folded words
    /// before it in the same clause (nearest last; cut at punctuation by the caller). The
    /// nearest title head is taken, then an earlier head joined to it only by definite words
    /// (ال…) or a connector (باسم، لدى، في) takes its place: "نائب رئيس الوزراء", "المتحدث باسم
    /// رئيس الحكومة", but not "رئيس الجمهورية يستقبل وزير الخارجية".
    pub fn title_before(
        &self,
        words: &[String],
        is_name: &dyn Fn(&str) -> bool,
    ) -> Option<TitleMatch> {
        let heads: Vec<(usize, usize, &str)> = (0..words.len())
            .filter_map(|i| self.entry_at(words, i).map(|(n, r)| (i, n, r)))
            .collect();
        // The nearest head whose phrase reaches the name through title words only.
        let nearest = heads.iter().rposition(|&(i, n, _)| {
            words
                .get(i + n..)
                .unwrap_or(&[])
                .iter()
                .all(|w| in_title(w, is_name))
        })?;
        let &(mut start, _, mut role) = heads.get(nearest)?;
        for &(i, n, r) in heads.get(..nearest).unwrap_or(&[]).iter().rev() {
            let between = words.get(i + 1..start).unwrap_or(&[]);
            // Joined by definite words or a connector, or the earlier entry ends where this
            // one starts ("كبير مستشاري الرئيس").
            let joined = i + n == start
                || between
                    .iter()
                    .all(|w| w.starts_with("ال") || CONNECTORS.contains(&w.as_str()));
            if !joined {
                break;
            }
            start = i;
            role = r;
        }
        Some(TitleMatch {
            role: role.to_string(),
            start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(fold_word).collect()
    }

    #[test]
    fn the_title_right_before_a_name_gives_the_role() {
        let t = TitleTable::shipped();
        let places = ["قطر"];
        let is_name = |w: &str| places.contains(&w);
        let role = |s: &str| t.title_before(&words(s), &is_name).map(|m| m.role);
        assert_eq!(
            role("وزير الخارجية النرويجي").as_deref(),
            Some("foreign minister")
        );
        assert_eq!(
            role("التقى وزير الخارجية النرويجي").as_deref(),
            Some("foreign minister")
        );
        assert_eq!(
            role("نائب رئيس الوزراء القطري").as_deref(),
            Some("deputy prime minister")
        );
        assert_eq!(
            role("المتحدث باسم رئيس الحكومة").as_deref(),
            Some("spokesperson")
        );
        // A construct noun in its folded form (كتائب is كتايب).
        assert_eq!(
            role("الناطق باسم كتائب القسام").as_deref(),
            Some("spokesperson")
        );
        assert_eq!(role("ولوزير الدفاع").as_deref(), Some("defense minister"));
        assert_eq!(
            role("كبير مستشاري الرئيس الأمريكي").as_deref(),
            Some("senior adviser")
        );
        assert_eq!(
            role("المبعوث الأمريكي للشرق الأوسط").as_deref(),
            Some("envoy")
        );
        // Another clause's title is not this one's.
        assert_eq!(
            role("رئيس الجمهورية يستقبل وزير الخارجية").as_deref(),
            Some("foreign minister")
        );
        assert_eq!(role("وزير خارجية قطر").as_deref(), Some("foreign minister"));
        assert_eq!(role("رئيس جمهورية جزر القمر").as_deref(), Some("president"));
        // A verb or an unknown name between a title and the name ends the phrase.
        assert_eq!(role("مستشار ترامب وصهره سيزور العراق مع الجنرال"), None);
        assert_eq!(role("قال مصدر مطلع"), None);
        // An adjective that is also a title word does not take over its noun's title.
        assert_eq!(role("المحلل السياسي").as_deref(), Some("political analyst"));
        assert_eq!(role("الناشط السياسي").as_deref(), Some("activist"));
        assert_eq!(role(""), None);
    }

    #[test]
    fn bad_table_lines_are_reported() {
        let (t, bad) = TitleTable::parse("# c\nوزير\tminister\nبلا دور\n");
        assert_eq!(t.len(), 1);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 3);
    }
}
