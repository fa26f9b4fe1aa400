//! Whole-article tests: three outlets report one meeting (merge, relative dates, attribution, duplicates, claims).

use rasd_core::{Span, Ymd};
use rasd_events::{code_article, find_claims, merge, CodedArticle, EntityLike, EventType, Mode};

/// Entities by literal name (every occurrence, char offsets), as the NER stage would give them.
fn ents(text: &str, names: &[(&str, &str, &str)]) -> Vec<EntityLike> {
    let chars: Vec<char> = text.chars().collect();
    names
        .iter()
        .map(|(id, kind, name)| {
            let n: Vec<char> = name.chars().collect();
            let mentions = (0..=chars.len().saturating_sub(n.len()))
                .filter(|&i| chars.get(i..i + n.len()) == Some(&n[..]))
                .map(|i| Span::new(i, i + n.len()))
                .collect();
            EntityLike {
                id: id.to_string(),
                kind: kind.to_string(),
                country: None,
                mentions,
                media: false,
            }
        })
        .collect()
}

const NAMES: &[(&str, &str, &str)] = &[
    ("person:sisi", "person", "عبد الفتاح السيسي"),
    ("person:sisi", "person", "السيسي"),
    ("person:abdullah-ii", "person", "عبد الله الثاني"),
    ("location:egy", "location", "مصر"),
    ("location:jor", "location", "الأردن"),
];

fn coded(id: &str, outlet: &str, dup: Option<&str>, published: &str, text: &str) -> CodedArticle {
    let mut e = ents(text, NAMES);
    e.retain(|x| !x.mentions.is_empty());
    CodedArticle {
        article: id.into(),
        outlet: Some(outlet.into()),
        duplicate_of: dup.map(Into::into),
        story: None,
        mentions: code_article(text, Ymd::parse_iso(published), &e),
    }
}

const A: &str = "القاهرة - التقى الرئيس المصري عبد الفتاح السيسي أمس الجمعة العاهل الأردني الملك عبد الله الثاني في القاهرة.\nوقال السيسي إن البلدين يرفضان تهجير الفلسطينيين.";
const B: &str = "بحث الملك عبد الله الثاني مع الرئيس السيسي يوم الجمعة العلاقات بين الأردن ومصر.\nوذكرت مصادر طبية أن أكثر من 20 شخصا قتلى في غارات على غزة.";

#[test]
fn one_meeting_reported_by_two_outlets_and_a_copy_is_one_event_with_two_sources() {
    let arts = vec![
        coded("a1", "outlet-a", None, "2025-12-20", A),
        coded("b1", "outlet-b", None, "2025-12-20", B),
        coded("a2", "outlet-c", Some("a1"), "2025-12-20", A),
    ];
    for art in &arts {
        let text = if art.article == "b1" { B } else { A };
        for m in &art.mentions {
            assert_eq!(Span::new(m.start, m.end).slice(text), Some(m.text.as_str()));
        }
    }
    let events = merge(&arts);
    let consult: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == EventType::Consult)
        .collect();
    assert_eq!(consult.len(), 1, "{events:#?}");
    let c = consult[0];
    assert_eq!(c.date.as_deref(), Some("2025-12-19"));
    assert_eq!(c.mentions.len(), 3);
    assert_eq!(c.num_articles, 2, "the copy a2 counts with a1");
    assert_eq!(c.num_sources, 2);
    assert!(c.source.iter().chain(&c.target).any(|x| x == "person:sisi"));
    assert!(c
        .source
        .iter()
        .chain(&c.target)
        .any(|x| x == "person:abdullah-ii"));
}

#[test]
fn reported_rejection_is_attributed_to_the_speaker() {
    let art = coded("a1", "outlet-a", None, "2025-12-20", A);
    let r = art
        .mentions
        .iter()
        .find(|m| m.event_type == EventType::Reject)
        .expect("REJECT coded");
    assert_eq!(r.attributed_to.as_deref(), Some("person:sisi"));
    assert!(r.reported);
    assert_eq!(r.mode, Mode::Asserted);
}

#[test]
fn claim_from_unnamed_medical_sources() {
    let claims = find_claims(B, Ymd::new(2025, 12, 20), &[]);
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].quantity.value, 20.0);
    assert_eq!(claims[0].claimant_text.as_deref(), Some("مصادر طبية"));
    assert_eq!(
        Span::new(claims[0].start, claims[0].end).slice(B),
        Some(claims[0].text.as_str())
    );
}
