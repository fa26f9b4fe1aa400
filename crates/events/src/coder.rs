//! Per-sentence event coding: triggers → type, actors → source/target/location, mode, attribution, quote, date.

use std::sync::OnceLock;

use rasd_core::{Span, Ymd};
use rasd_text::{Token, TokenKind};
use rasd_time::{DateMention, Precision};
use regex::Regex;

use crate::contexts::{ArticleContexts, ContextSet};
use crate::triggers::{Role, TriggerMatch, TriggerSet};
use crate::{EntityLike, EventError, EventMention, EventType, Mode};

/// An event coder over one trigger dictionary.
#[derive(Debug, Clone)]
pub struct Coder {
    triggers: TriggerSet,
    contexts: ContextSet,
    speech: Regex,
    cue: Regex,
}

/// Char offsets → byte offsets of one text, for O(1) slicing.
/// What coding events and finding claims both need from an article: char index, tokens,
/// sentences and date mentions (relative to the publication date; without one, only absolute
/// dates, found against a fixed reference).
pub(crate) struct Prepared<'a> {
    pub(crate) idx: CharIndex<'a>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) sentences: Vec<Span>,
    pub(crate) dates: Vec<DateMention>,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(text: &'a str, published: Option<Ymd>) -> Prepared<'a> {
        let dates = match published {
            Some(p) => rasd_time::find_dates(text, p),
            None => rasd_time::find_dates(
                text,
                Ymd {
                    year: 2000,
                    month: 1,
                    day: 1,
                },
            )
            .into_iter()
            .filter(|d| !d.relative)
            .collect(),
        };
        Prepared {
            idx: CharIndex::new(text),
            tokens: rasd_text::tokens(text),
            sentences: rasd_text::sentences(text),
            dates,
        }
    }
}

pub(crate) struct CharIndex<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    pub(crate) fn new(text: &'a str) -> CharIndex<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    pub(crate) fn slice(&self, span: Span) -> &'a str {
        match (self.bytes.get(span.start), self.bytes.get(span.end)) {
            (Some(&b), Some(&e)) if b <= e => self.text.get(b..e).unwrap_or(""),
            _ => "",
        }
    }
}

/// One actor-capable entity mention inside a sentence.
#[derive(Debug, Clone)]
pub(crate) struct ActorRef {
    span: Span,
    entity: usize,
    /// True when the mention names a place where something happens ("في القاهرة", "بغزة").
    place: bool,
    /// True when the place follows إلى ("أرسلت تركيا سفينة مساعدات إلى غزة"): a recipient of aid.
    to: bool,
    /// True when the place follows من ("انطلقت الصواريخ من إيران"): where something came from.
    from: bool,
    /// True after بقيادة/بزعامة ("التحالف بقيادة السعودية"): it qualifies the actor before it and
    /// is never a target.
    led_by: bool,
    /// True for a place named through a place noun with no preposition before it, as a verb's
    /// object ("اقتحمت قوات الاحتلال مخيم جنين", "حاصرت مدينة تعز").
    object_place: bool,
    /// True when the name carries the preposition ل ("للاحتلال", "لداعش"): after an attack noun
    /// it names the attacker ("غارة للاحتلال").
    lam: bool,
    /// True when the mention is a nationality adjective alone ("الإسرائيلي" of "الهجوم الإسرائيلي").
    adjective: bool,
    /// A nationality adjective right after an event noun ([`EVENT_NOUN_HEADS`]: "القصف
    /// الإسرائيلي", "بالهجوم التركي"): it names that noun's agent, so the phrase is a verb's object, not
    /// its subject ("وأدان القصف الإسرائيلي": Israel is condemned, it does not condemn).
    of_event_noun: bool,
    /// Span end of the previous mention when only a conjunction separates the two ("السعودية
    /// ومصر", "اليمن وليبيا، ثم جزر المالديف"): the two are one coordinated argument.
    coordinated_after: Option<usize>,
    /// Part of a person's designation, not a party of its own: the state or body of a title
    /// next to the person's name ("حيدر العبادي رئيس وزراء العراق", "بابا الفاتيكان فرانسيس",
    /// "أمير قطر الشيخ تميم"), or a bare title right before the name ("وزير الخارجية الأمريكي
    /// ريكس تيلرسون": the title alone may resolve to another holder of it).
    affiliation: bool,
    /// A body or place whose first word ends with taa marbuta ("الوزارة", "حركة حماس",
    /// "الحكومة"): a feminine noun, which a verb without the feminine ت does not take as its
    /// subject.
    feminine: bool,
    /// The object of a preposition, glued ("للجيش", "بالدعم", "كالأردن") or a word of its own
    /// ("مع إيران", "على السعودية"): never a verb's subject ("وأشاد الوزير بالدعم الأمريكي للجيش
    /// اللبناني": the army is not who praises).
    governed: bool,
}

impl ActorRef {
    /// The id of the entity this mention names.
    fn id(&self, entities: &[EntityLike]) -> Option<String> {
        entities.get(self.entity).map(|e| e.id.clone())
    }
}

/// Attribution found in a sentence.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attribution {
    /// Char offset of the attribution marker (speech verb or cue).
    pub(crate) marker: usize,
    /// End of the attribution phrase (the clause with the reported content starts after it).
    pub(crate) phrase_end: usize,
    pub(crate) entity: Option<String>,
    pub(crate) text: Option<String>,
    /// True for a speech verb (أعلن، قال…), false for a cue (حسب، وفقا لـ…).
    pub(crate) by_verb: bool,
}

/// Whether a phrase names a security body: an army, forces, police, security services or
/// authorities ("الجيش اللبناني", "قوات الاحتلال", "السلطات العراقية"), or a ministry of defence
/// or of the interior.
fn is_security_body(text: &str) -> bool {
    let folded = rasd_text::fold(text);
    let mut words = folded.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    // The word itself or after a conjunction و ("وقوات"; "وزارة" keeps its و).
    let security = |w: &str| {
        let head = w.strip_prefix("ال").unwrap_or(w);
        OWN_FORCES
            .iter()
            .any(|f| f.strip_prefix("ال") == Some(head))
            || matches!(head, "حرس" | "جيوش" | "قوه")
            || (head == "وزاره" && matches!(second, "الدفاع" | "الداخليه"))
    };
    security(first) || first.strip_prefix('و').is_some_and(security)
}

/// Whether token `i` starts a time or a channel after a speaker's name, which ends the name:
/// "أكد مصدر عسكري اليوم الأحد", "منظمة أطباء بلا حدود اليوم", "الحرس الثوري في بيان", "يونامي قد
/// أعلنت في شهر فيفري" (folded keys).
fn starts_time_or_channel(toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    let k = t.key.strip_prefix('و').unwrap_or(&t.key);
    let next = toks.get(i + 1).map_or("", |n| n.key.as_str());
    match k {
        "اليوم" | "امس" | "البارحه" | "الليله" | "صباح" | "مساء" | "ظهر" | "فجر" | "الاحد"
        | "الاثنين" | "الثلاثاء" | "الاربعاء" | "الخميس" | "الجمعه" | "السبت" => {
            true
        }
        "في" | "خلال" | "عبر" => matches!(
            next.strip_prefix("ال").unwrap_or(next),
            "شهر"
                | "بيان"
                | "بلاغ"
                | "تصريح"
                | "تصريحات"
                | "مؤتمر"
                | "حديث"
                | "كلمه"
                | "خطاب"
                | "رساله"
                | "مقابله"
                | "تغريده"
                | "يوم"
                | "وقت"
        ),
        _ => false,
    }
}

/// Attribution verbs: قال، أكد، أعلن، ذكر، أفاد، صرح، أوضح، أشار، كشف، أضاف، نقل، زعم (folded keys).
const SPEECH_VERBS: &str = "^(?:[وف])?(?:قال|[يت]قول|اكد|[يت]وكد|اعلن|[يت]علن|ذكر|[يت]ذكر|افاد|[يت]فيد|صرح|[يت]صرح|اوضح|[يت]وضح|اشار|[يت]شير|كشف|[يت]كشف|اضاف|[يت]ضيف|نقل|زعم|[يت]زعم)(?:ت|وا|ا|ن)?$";
/// Attribution cues: حسب، بحسب، وفقا، طبقا، نقلا.
const ATTRIBUTION_CUES: &str = "^(?:[وف])?(?:ب)?(?:حسب|وفقا|وفق|طبقا|نقلا)$";

/// Whether the clause before a verb (`before`: its tokens up to the verb) is a complement clause
/// after `marker` that names its own subject: the nearest complementizer is a bare أن/إن, and a
/// definite noun that is no security body follows it ("قال … إن القصف استهدف"). With a pronoun
/// ("وأكدت أنها اعتقلت") the speaker is the subject.
fn names_own_subject(before: &[Token], marker: usize) -> bool {
    let Some(c) = before
        .iter()
        .rposition(|t| t.span.start >= marker && is_complementizer(&t.key))
    else {
        return false;
    };
    let bare = before
        .get(c)
        .is_some_and(|t| is_bare_complementizer(&t.key));
    // "أعلن محافظ طهران أن القوات الأمنية قتلت …": an official speaks of his own state's forces.
    bare && before
        .get(c + 1)
        .is_some_and(|t| t.key.starts_with("ال") && !OWN_FORCES.contains(&t.key.as_str()))
}

/// A complementizer أن/إن, bare or with a pronoun, after و/ف and ب ("وأنه", "بأنها"; folded keys).
fn is_complementizer(key: &str) -> bool {
    let k = key.strip_prefix(['و', 'ف']).unwrap_or(key);
    matches!(
        k.strip_prefix('ب').unwrap_or(k),
        "ان" | "انه" | "انها" | "انهم" | "انهما" | "انني" | "اننا"
    )
}

/// A complementizer without a pronoun: "أن", "بأن", "وأن" (a clause that names its own subject).
fn is_bare_complementizer(key: &str) -> bool {
    matches!(key, "ان" | "بان" | "وان")
}

/// Security bodies (folded) an official names as the subject of what his side did: "أعلن محافظ
/// طهران أن القوات الأمنية قتلت أحد المهاجمين" (Iran's forces).
const OWN_FORCES: &[&str] = &[
    "القوات",
    "الوحدات",
    "الجيش",
    "الشرطه",
    "الامن",
    "الاجهزه",
    "السلطات",
];

const NEGATIONS: &[&str] = &["لم", "لن", "لا", "ما", "ليس", "عدم", "دون", "بدون", "لسنا"];
const FUTURE_CUES: &[&str] = &[
    "سوف",
    "مقرر",
    "المقرر",
    "يعتزم",
    "تعتزم",
    "مرتقب",
    "المرتقب",
    "المتوقع",
    "يتوقع",
    "يرتقب",
];
/// Adjectives after an event noun (within two words) that make it a coming event (folded).
const NOUN_FUTURE_CUES: &[&str] = &[
    "مرتقب",
    "مرتقبه",
    "المرتقب",
    "المرتقبه",
    "المقبل",
    "المقبله",
    "القادم",
    "القادمه",
    "المزمع",
    "مزمع",
    "المنتظر",
    "المنتظره",
    "منتظر",
    "منتظره",
];
const HYPOTHETICAL_CUES: &[&str] = &["اذا", "لو", "حال", "ربما", "يمكن", "امكانيه", "احتمال"];
const PLACE_WORDS: &[&str] = &[
    "في",
    "من",
    "الي",
    "داخل",
    "قرب",
    // Not بين: "اتفاقية بين حكومة تونس وبلغاريا", "التعاون بين سوريا وروسيا" name the parties.
    // "جنوب فرنسا", "شمالي العراق": a direction before a name makes it a place.
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
    "وسط",
    "جنوبي",
    "شمالي",
    "شرقي",
    "غربي",
    // "وشهدت غزة احتفالات": the subject of شهد (witnessed) is where something happened.
    "شهدت",
    "وشهدت",
    "شهد",
    "وشهد",
    "تشهد",
    "وتشهد",
    "يشهد",
    "ويشهد",
];

/// Place nouns standing between a preposition (or a verb) and the name: "في قطاع غزة", "مخيم
/// جنين", "محافظة إدلب". Like [`PLACE_WORDS`] they make the name a place.
const PLACE_NOUNS: &[&str] = &[
    "مدينه",
    "بلده",
    "عاصمه",
    "قطاع",
    "مخيم",
    "محافظه",
    "ولايه",
    "منطقه",
    // "حي الرياض", "حي الشجاعية": a neighbourhood (named after a capital or not) is a place.
    "حي",
];

/// A token key before a name that makes the name a place (a preposition, a direction, a place
/// noun …).
fn is_place_word(key: &str) -> bool {
    PLACE_WORDS.contains(&key) || PLACE_NOUNS.contains(&key)
}

/// Whether the token before a name (`at` = the name's first token) is a definite place noun
/// after a place word ("في العاصمة لندن", "وشهدت العاصمة العراقية"), possibly with a nationality
/// adjective between the noun and the name ("في العاصمة الفرنسية باريس"). Not after another
/// word: "هجوما على العاصمة الأوكرانية كييف" attacks Ukraine.
fn after_place_phrase(toks: &[Token], at: usize) -> bool {
    let key = |i: Option<usize>| i.and_then(|i| toks.get(i)).map(|t| t.key.as_str());
    let definite_place_noun = |i: Option<usize>| {
        key(i)
            .and_then(|k| k.strip_prefix("ال"))
            .is_some_and(|k| PLACE_NOUNS.contains(&k))
    };
    let place_word = |i: Option<usize>| key(i).is_some_and(|k| PLACE_WORDS.contains(&k));
    let (p1, p2, p3) = (at.checked_sub(1), at.checked_sub(2), at.checked_sub(3));
    (definite_place_noun(p1) && place_word(p2))
        || (key(p1).is_some_and(|k| nisba_iso(k).is_some())
            && definite_place_noun(p2)
            && place_word(p3))
}

impl Coder {
    /// A coder over the shipped trigger dictionary.
    pub fn load_default() -> Result<Coder, EventError> {
        Ok(Coder::new(TriggerSet::load_default()?))
    }

    /// A coder over the given trigger dictionary and the shipped context dictionary.
    pub fn new(triggers: TriggerSet) -> Coder {
        // The two patterns are constants; a failure would be a programming error caught by the tests.
        let speech = Regex::new(SPEECH_VERBS).unwrap_or_else(|_| never_matching());
        let cue = Regex::new(ATTRIBUTION_CUES).unwrap_or_else(|_| never_matching());
        Coder {
            triggers,
            // The shipped file is tested to parse; an empty set would only mean no contexts.
            contexts: ContextSet::load_default().unwrap_or_default(),
            speech,
            cue,
        }
    }

    /// The same coder with another context dictionary (`ContextSet::parse`).
    pub fn with_contexts(mut self, contexts: ContextSet) -> Coder {
        self.contexts = contexts;
        self
    }

    /// Codes the events of one article; `published` is the reference for relative dates and the fallback date.
    pub fn code(
        &self,
        text: &str,
        published: Option<Ymd>,
        entities: &[EntityLike],
    ) -> Vec<EventMention> {
        self.code_prepared(&Prepared::new(text, published), published, entities)
    }

    /// [`Coder::code`] and [`Coder::claims`] of one article, tokenizing it, splitting its
    /// sentences and finding its dates once for both (the same results as the two calls).
    pub fn code_with_claims(
        &self,
        text: &str,
        published: Option<Ymd>,
        entities: &[EntityLike],
    ) -> (Vec<EventMention>, Vec<crate::Claim>) {
        let prepared = Prepared::new(text, published);
        (
            self.code_prepared(&prepared, published, entities),
            self.claims_prepared(&prepared, published, entities),
        )
    }

    fn code_prepared(
        &self,
        prepared: &Prepared<'_>,
        published: Option<Ymd>,
        entities: &[EntityLike],
    ) -> Vec<EventMention> {
        let Prepared {
            idx,
            tokens,
            sentences,
            dates,
        } = prepared;
        let with_descriptive = descriptive_actors(tokens, entities);
        let entities = with_descriptive.as_slice();
        let mentions = sorted_mentions(entities);
        let mut out = Vec::new();
        for &sent in sentences {
            let toks = sentence_tokens(tokens, sent);
            if toks.is_empty() {
                continue;
            }
            let sent_mentions = mentions_in(&mentions, sent);
            self.code_sentence(
                idx,
                sent,
                toks,
                &sent_mentions,
                entities,
                dates,
                published,
                &mut out,
            );
        }
        if !out.is_empty() {
            // Contexts are looked up only in articles that report an event (the coder's hot path is the rest).
            let found = ArticleContexts::new(&self.contexts, tokens, sentences);
            for m in &mut out {
                m.contexts = found.of(Span::new(m.start, m.end));
                let states = states_of(m, entities);
                let extra: Vec<String> = self
                    .contexts
                    .interstate(m.event_type, states)
                    .map(String::from)
                    .filter(|c| !m.contexts.contains(c))
                    .collect();
                if !extra.is_empty() {
                    m.contexts.extend(extra);
                    m.contexts.sort();
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn code_sentence(
        &self,
        idx: &CharIndex<'_>,
        sent: Span,
        toks: &[Token],
        mentions: &[(Span, usize)],
        entities: &[EntityLike],
        dates: &[DateMention],
        published: Option<Ymd>,
        out: &mut Vec<EventMention>,
    ) {
        let inside_entity = |span: Span| {
            mentions
                .iter()
                .any(|(m, _)| m.start < span.end && span.start < m.end)
        };
        let span_of = |m: &TriggerMatch| -> Option<Span> {
            Some(Span::new(
                toks.get(m.first)?.span.start,
                toks.get(m.last)?.span.end,
            ))
        };
        let found: Vec<(TriggerMatch, Span)> = self
            .triggers
            .find(toks)
            .into_iter()
            .filter_map(|m| span_of(&m).map(|s| (m, s)))
            .filter(|(m, s)| {
                // "مجلس التعاون" is an organization, not a COOPERATE event.
                !inside_entity(toks.get(m.first).map_or(*s, |t| t.span))
            })
            // "وقف إطلاق النار" (a ceasefire), "وقف العدوان", "وقف المساعدات": stopping the
            // act is not the act.
            .filter(|(m, _)| {
                !m.first
                    .checked_sub(1)
                    .and_then(|p| toks.get(p))
                    .is_some_and(|t| is_stop_word(&t.key))
            })
            .filter(|(m, _)| {
                let t = &self.triggers.triggers[m.trigger];
                !crate::senses::other_sense(t.event_type, t.role, toks, m)
            })
            .collect();
        let has_verb = found
            .iter()
            .any(|(m, _)| self.triggers.triggers[m.trigger].role == Role::Verb);
        let mut seen: Vec<EventType> = Vec::new();
        let kept: Vec<(TriggerMatch, Span)> = found
            .into_iter()
            .filter(|(m, _)| !has_verb || self.triggers.triggers[m.trigger].role == Role::Verb)
            .filter(|(m, _)| {
                let t = self.triggers.triggers[m.trigger].event_type;
                let new = !seen.contains(&t);
                seen.push(t);
                new
            })
            .collect();
        // "عقوبات على روسيا تستهدف قطاع الطاقة": in a sentence about sanctions, "targets" is
        // what the sanctions aim at, not an attack.
        let sanctions = kept
            .iter()
            .any(|(m, _)| self.triggers.triggers[m.trigger].event_type == EventType::Sanction);
        let kept: Vec<(TriggerMatch, Span)> = kept
            .into_iter()
            .filter(|(m, _)| {
                let t = &self.triggers.triggers[m.trigger];
                !(sanctions && t.event_type == EventType::Assault && t.pattern.contains("ستهدف"))
            })
            .collect();
        if kept.is_empty() {
            return;
        }
        let mut actors = actor_refs(idx, toks, mentions, entities);
        // "عمان (بترا) – التقى ...": the dateline's city and agency name where the report was
        // filed, not a party or the place of the event.
        // The location mention that opens the sentence and ends before `cut`, if any.
        let first = toks.first().map_or(sent.start, |t| t.span.start);
        let opening_location = |actors: &[ActorRef], cut: usize| {
            actors
                .iter()
                .find(|a| {
                    a.span.start == first
                        && a.span.end <= cut
                        && entities.get(a.entity).is_some_and(|e| e.kind == "location")
                })
                .cloned()
        };
        if let Some(end) = dateline_prefix_end(idx.slice(sent)) {
            let cut = sent.start + end;
            if opening_location(&actors, cut).is_some() {
                actors.retain(|a| a.span.start >= cut);
            }
        }
        // "غزة : استشهاد فلسطينيين في غارة …", "لندن : …": a city (or a capital) before a colon
        // labels the report's place; it is not a party. A state before a colon is usually the
        // speaker ("إيران: نرفض …") — except for an attack or a coercive act ("بريطانيا : قتيل في
        // عملية دهس"), where it is only the label too.
        let mut state_label_cut = None;
        if let Some(end) = place_label_end(idx.slice(sent)) {
            let cut = sent.start + end;
            let label = opening_location(&actors, cut);
            let is_state = label
                .as_ref()
                .and_then(|a| entities.get(a.entity))
                .is_some_and(|e| e.id.strip_prefix("location:").is_some_and(|s| s.len() == 3));
            let capital = label.as_ref().is_some_and(|a| {
                let f = rasd_text::fold(idx.slice(a.span).trim());
                let f = strip_article(&f);
                capital_table().iter().any(|(c, _)| c == f)
            });
            match label {
                Some(_) if !is_state || capital => actors.retain(|a| a.span.start >= cut),
                Some(_) => state_label_cut = Some(cut),
                None => {}
            }
        }
        let trigger_tokens: Vec<usize> = kept.iter().map(|(m, _)| m.first).collect();
        let attribution = self.attribution(idx, toks, &actors, entities, &trigger_tokens);
        let sentence_text = idx.slice(sent).to_string();
        let date = event_date(sent, dates, published);
        let location = actors.iter().find(|a| a.place).and_then(|a| a.id(entities));

        for (m, trig_span) in kept {
            let trig = &self.triggers.triggers[m.trigger];
            let mut mode = self.mode(toks, &m, trig.role, trig.mode.as_deref(), &date, published);
            // Actors inside a gap pattern ("حمّلت إيران الولايات المتحدة المسؤولية") follow the head word.
            let head = toks.get(m.first).map_or(trig_span, |t| t.span);
            // "… بعد أن قصف الطيران الإسرائيلي نفقا": a verb right after a subordinator starts
            // its own clause; a name before the subordinator is not its subject.
            // Only with a subject named right after the verb: "بعد أن اقتحمته" (a pronoun
            // subject) still refers back to the sentence's subject.
            let named_subject_next = toks.get(m.first + 1).is_some_and(|t| {
                actors
                    .iter()
                    .any(|a| !a.place && a.span.start <= t.span.start && t.span.start < a.span.end)
            });
            let clause_floor = m
                .first
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .filter(|t| {
                    trig.role == Role::Verb
                        && named_subject_next
                        && SUBORDINATORS.contains(&t.key.as_str())
                })
                .map_or(0, |t| t.span.end);
            // "علّق الوزير على الاحتجاجات", "تحدث عن الإضراب": an event noun that is what someone
            // comments on or speaks about is not that someone's act; no party before it is its
            // source.
            let about = trig.role == Role::Noun && commented_on(toks, m.first);
            let clause_floor = if about {
                clause_floor.max(head.start)
            } else {
                clause_floor
            };
            let unlabelled: Vec<ActorRef>;
            let actors_here = match state_label_cut {
                Some(cut) if matches!(trig.event_type, EventType::Assault | EventType::Coerce) => {
                    unlabelled = actors
                        .iter()
                        .filter(|a| a.span.start >= cut)
                        .cloned()
                        .collect();
                    &unlabelled
                }
                _ => &actors,
            };
            // "قتل 12 جنديا تركيا": a count right after the verb is the passive's victims, and a
            // nationality among them is theirs, not the attacker's.
            let passive_count = trig.role == Role::Verb
                && (toks
                    .get(m.first + 1)
                    .is_some_and(|t| t.kind == TokenKind::Number)
                    || toks
                        .get(m.first)
                        .is_some_and(|t| marked_passive(idx.slice(t.span))));
            // "قال مسؤول إن الهجوم على …": a noun trigger inside a complement clause (bare أن/إن,
            // no pronoun naming the speaker as its subject) is not the speaker's own act.
            // So is a noun trigger in the speaker's quoted words ("وقال شينبوم للصحيفة «نلاحظ
            // هجمات ضد الشبكات الحكومية»": the attacks are not his).
            let quote = in_quotes(idx.slice(Span::new(sent.start, trig_span.start)));
            // …unless the speaker says "we" do it ("نجري محادثات مع تركيا").
            let ours = m
                .first
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|t| {
                    matches!(
                        t.key.as_str(),
                        "نجري"
                            | "نعقد"
                            | "ننظم"
                            | "نقوم"
                            | "ننفذ"
                            | "نشارك"
                            | "نواصل"
                            | "نخوض"
                            | "نقدم"
                    )
                });
            let quoted = quote && !ours;
            let complement_noun = about
                || trig.role == Role::Noun
                    && attribution.as_ref().is_some_and(|at| {
                        (quoted && at.marker < head.start)
                            || toks.iter().any(|t| {
                                t.span.start >= at.marker
                                    && t.span.end <= head.start
                                    && is_bare_complementizer(&t.key)
                            })
                    });
            // The speaker before "أن/إن" of a complement clause is not a party of its noun's
            // event ("قال القيادي طارق الكحلاوي إن استقالة لزهر العكرمي …"): the clause starts
            // after the complementizer.
            let last_complementizer_end = toks
                .get(..m.first)
                .unwrap_or(&[])
                .iter()
                .rev()
                .find(|t| is_bare_complementizer(&t.key))
                .map_or(0, |t| t.span.end);
            let complementizer_end = if complement_noun && !about {
                last_complementizer_end
            } else {
                0
            };
            // "قال مراسل الجزيرة إن القصف استهدف المنزل": the clause names its own subject, a
            // definite noun right after a bare complementizer, so the speaker did not do it
            // (unlike "قال الجيش إنه قصف …" or "… إن قواته قصفت …").
            let explicit_subject = trig.role == Role::Verb
                // "وقالت الولايات المتحدة إن التقرير أثار غضبها وطالبت بسحبه": a verb joined
                // by و/ف goes on with the speaker's own clause.
                && !toks
                    .get(m.first)
                    .is_some_and(|t| t.key.starts_with(['و', 'ف']))
                && attribution.as_ref().is_some_and(|at| {
                    names_own_subject(toks.get(..m.first).unwrap_or(&[]), at.marker)
                });
            let (mut source, mut target) = assign_actors(
                actors_here,
                entities,
                head,
                trig.event_type,
                trig.role,
                attribution.as_ref(),
                Clause {
                    // A verb's clause with its own subject starts at its complementizer too
                    // ("أن الشرطة الفرنسية انتشرت …، مضيفا أن المسلح يحتجز زوجة الشرطي": the
                    // police of the first clause are no party of the second).
                    floor: clause_floor
                        .max(complementizer_end)
                        .max(if explicit_subject {
                            last_complementizer_end
                        } else {
                            0
                        }),
                    complement_noun,
                    explicit_subject,
                    masculine_verb: trig.role == Role::Verb
                        && toks.get(m.first).is_some_and(|t| {
                            let w = t.key.strip_prefix(['و', 'ف']).unwrap_or(&t.key);
                            !w.ends_with('ت') && !w.starts_with('ت')
                        }),
                    comma_end: toks
                        .get(..m.first)
                        .and_then(|before| {
                            before
                                .iter()
                                .rev()
                                .find(|t| matches!(idx.slice(t.span), "،" | ","))
                        })
                        .map_or(0, |t| t.span.end),
                    clause_end: toks
                        .get(m.last + 1..)
                        .unwrap_or(&[])
                        .iter()
                        .find(|t| is_complementizer(&t.key))
                        .map_or(usize::MAX, |t| t.span.start),
                    victim_noun: trig.role == Role::Noun
                        && toks.get(m.first).is_some_and(|t| {
                            let k = t.key.strip_prefix(['و', 'ف']).unwrap_or(&t.key);
                            matches!(k, "مقتل" | "بمقتل" | "لمقتل" | "مصرع" | "بمصرع")
                        }),
                },
            );
            // "سليم الرياحي يتلقى تهديدا", "تلقى الرئيس اتصالا هاتفيا من نظيره": the subject of
            // a verb of receiving is the target; the one it comes from (after من) is the source.
            let received = trig.role == Role::Noun
                && toks
                    .get(m.first.saturating_sub(4)..m.first)
                    .unwrap_or(&[])
                    .iter()
                    .any(|t| is_receive_verb(&t.key));
            if received {
                let from: Vec<String> = actors_here
                    .iter()
                    .filter(|a| a.from && a.span.start >= head.end)
                    .filter_map(|a| a.id(entities))
                    .collect();
                let mut receivers = std::mem::take(&mut source);
                for t in target.drain(..) {
                    if !receivers.contains(&t) && !from.contains(&t) {
                        receivers.push(t);
                    }
                }
                receivers.retain(|r| !from.contains(r));
                source = from;
                target = receivers;
            }
            let party_before = actors_here
                .iter()
                .any(|a| !a.place && a.span.end <= head.start);
            if passive_count && !party_before {
                // No subject before the verb: what follows the count is the victims, except an
                // attacker named with ل ("وقتل 40 مدنيا في قصف لقوات الدعم السريع").
                let attacker = |id: &String| {
                    actors_here.iter().any(|a| {
                        a.lam
                            && a.span.start > head.end
                            && entities.get(a.entity).is_some_and(|e| &e.id == id)
                    })
                };
                let mut victims = Vec::new();
                let mut agents = Vec::new();
                for t in source.drain(..).chain(target.drain(..)) {
                    let list = if attacker(&t) {
                        &mut agents
                    } else {
                        &mut victims
                    };
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
                source = agents;
                target = victims;
            } else if party_before
                && trig.role == Role::Verb
                && toks
                    .get(m.first)
                    .is_some_and(|t| marked_passive(idx.slice(t.span)))
            {
                // "… عدد الأطفال الذين قُتلوا أو جُرحوا في قصف جوي": a verb marked passive names
                // no agent before it (whoever is named there reports it or suffered it); an
                // agent phrase after it ("على يد …") still gives one, below. A security body
                // speaking of it did it ("وقالت الشرطة إن كل من اعتقلوا أُفرج عنهم").
                let own_act = attribution.as_ref().is_some_and(|at| {
                    at.text.as_deref().is_some_and(is_security_body)
                        && at.entity.as_ref().is_some_and(|e| source == [e.clone()])
                });
                if !own_act {
                    source.clear();
                }
            }
            if trig.role == Role::Noun {
                // "غارات جوية شنها التحالف", "هجوم نفذه مسلحون": the agent of a noun trigger is
                // the subject of the relative verb that follows it.
                if let Some(agent) = relative_agent(toks, m.last, &actors, entities) {
                    make_sole_source(&mut source, &mut target, agent);
                } else if matches!(trig.event_type, EventType::Assault | EventType::Coerce) {
                    if let Some(agent) = genitive_agent(toks, head.end, actors_here, entities) {
                        make_sole_source(&mut source, &mut target, agent);
                    }
                }
            }
            // "أبلغت السلطة الفلسطينية إسرائيل رفضها دفع …", "السلطة أبلغت إسرائيل رفضها": a
            // noun with a possessive pronoun belongs to the clause's subject; the party named
            // next to it is the verb's object, its target.
            if trig.role == Role::Noun {
                if let Some((subject, object)) =
                    possessive_owner(toks, m.first, head, actors_here, entities)
                {
                    if source == [object.clone()] {
                        source = vec![subject];
                        target.retain(|t| t != &object);
                        target.insert(0, object);
                    }
                }
            }
            // "حكومة الحبيب الصيد بدعم من الباجي قايد السبسي وراشد الغنوشي", "بدعم من التحالف
            // بقيادة الولايات المتحدة": support or aid "from" someone is given by the parties
            // named right after من (or the leader of an unnamed body there) and received by the
            // party before. Not "من أجل", "من خلال", "من قبل"; no change when no giver is named.
            let from_word = toks.get(m.last + 1).filter(|t| t.key == "من").filter(|_| {
                toks.get(m.last + 2)
                    .is_none_or(|t| !matches!(t.key.as_str(), "اجل" | "خلال" | "قبل"))
            });
            if let (Role::Noun, EventType::Support | EventType::Aid, Some(from)) =
                (trig.role, trig.event_type, from_word)
            {
                let after_from: Vec<&ActorRef> = actors_here
                    .iter()
                    .filter(|a| !a.place && a.span.start >= from.span.end)
                    .collect();
                let first = after_from.first().copied().filter(|a| {
                    a.span.start <= from.span.end + 1
                        || (a.led_by && a.span.start <= from.span.end + 40)
                });
                let givers: Vec<String> = first
                    .map(|f| {
                        std::iter::once(f)
                            .chain(
                                after_from
                                    .iter()
                                    .skip(1)
                                    .take_while(|a| a.coordinated_after.is_some())
                                    .copied(),
                            )
                            .filter_map(|a| a.id(entities))
                            .collect()
                    })
                    .unwrap_or_default();
                if !givers.is_empty() {
                    let receivers = std::mem::replace(&mut source, givers);
                    target.retain(|t| !source.contains(t));
                    for r in receivers.into_iter().rev() {
                        if !source.contains(&r) && !target.contains(&r) {
                            target.insert(0, r);
                        }
                    }
                }
            }
            // "أعلنت وزارة الصحة مقتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي", "اعتقل شاب على
            // يد قوات الاحتلال": the party after برصاص / على يد / من قبل did it, whoever
            // announces it or is named before.
            if matches!(trig.event_type, EventType::Assault | EventType::Coerce) {
                if let Some(agent) = agent_phrase(toks, head.end, actors_here, entities) {
                    make_sole_source(&mut source, &mut target, agent);
                }
            }
            // "ونفت قطر الاتهامات التي وجهتها لها دول خليجية": the one who denies an accusation
            // is its target and the accusers (named after it) its source; the accusation itself
            // was made (the denial does not negate it).
            // (With no named denier, what is named is the accused: "نفى الاتهامات الموجهة للحكم".)
            if trig.event_type == EventType::Accuse
                && trig.role == Role::Noun
                && !source.is_empty()
                && denied(toks, m.first)
            {
                std::mem::swap(&mut source, &mut target);
                if mode == Mode::Negated {
                    mode = Mode::Asserted;
                }
            }
            // "دعم السياحة", "لدعم قطاع السكن", "دعم القدرة التشغيلية": a support noun with no
            // party on either side is development or budget language, not one actor backing
            // another (of 15 such corpus mentions read, 13 were).
            // (So for the verb دعم with no party at all: unvocalized "دعم" in "في إطار دعم
            // السياحة" is the noun. Praise — "أشاد الوزير بـ" — stays.)
            let support_word =
                trig.role == Role::Noun || toks.get(m.first).is_some_and(|t| t.key.contains("دعم"));
            if trig.event_type == EventType::Support
                && support_word
                && source.is_empty()
                && target.is_empty()
            {
                continue;
            }
            out.push(EventMention {
                event_type: trig.event_type,
                cameo: trig.cameo.clone(),
                mode,
                reported: attribution.is_some(),
                source,
                target,
                location: location.clone(),
                date: date.0.clone(),
                date_precision: date.1.to_string(),
                start: sent.start,
                end: sent.end,
                text: sentence_text.clone(),
                trigger: trig_span,
                trigger_text: idx.slice(trig_span).to_string(),
                attributed_to: attribution.as_ref().and_then(|a| a.entity.clone()),
                attributed_to_text: attribution.as_ref().and_then(|a| a.text.clone()),
                quote,
                contexts: Vec::new(),
            });
        }
    }

    /// The sentence's attribution: the first speech verb or cue and the phrase naming who says it.
    pub(crate) fn attribution(
        &self,
        idx: &CharIndex<'_>,
        toks: &[Token],
        actors: &[ActorRef],
        entities: &[EntityLike],
        triggers: &[usize],
    ) -> Option<Attribution> {
        // "نقل" reports only with عن or أن after it ("ونقلت وكالة رويترز عن مصادر", "ونقلت
        // وسائل إعلام أن …"); otherwise it is the noun or verb of carrying ("تم نقل 8 جرحى",
        // "وسيلتي نقل", "نقل السفارة إلى القدس").
        let carries = |i: usize, key: &str| {
            let k = key
                .strip_prefix('و')
                .or_else(|| key.strip_prefix('ف'))
                .unwrap_or(key);
            let reports = toks.iter().skip(i + 1).take(9).any(|t| {
                matches!(
                    t.key.as_str(),
                    "عن" | "ان" | "انه" | "انها" | "انهم" | "بان" | "بانه" | "بانها"
                )
            });
            k.starts_with("نقل")
                && (i > 0 && toks.get(i - 1).is_some_and(|p| p.key == "تم") || !reports)
        };
        let (pos, is_cue) = toks.iter().enumerate().find_map(|(i, t)| {
            if self.speech.is_match(&t.key) && !carries(i, &t.key) {
                Some((i, false))
            } else if self.cue.is_match(&t.key) {
                Some((i, true))
            } else {
                None
            }
        })?;
        let marker = toks.get(pos)?.span.start;
        let mut first = pos + 1;
        if is_cue {
            while toks
                .get(first)
                .is_some_and(|t| matches!(t.key.as_str(), "ل" | "عن" | "ما" | "لما"))
            {
                first += 1;
            }
            // "وفق ما أكده مصدر أمني", "حسب ما أفادت به الوزارة": the speech verb after ما
            // (with its pronoun, and به or عنه) is not the source.
            if toks
                .get(first.wrapping_sub(1))
                .is_some_and(|t| t.key.ends_with("ما"))
                && toks
                    .get(first)
                    .is_some_and(|t| self.speech.is_match(t.key.trim_end_matches('ه')))
            {
                first += 1;
                if toks
                    .get(first)
                    .is_some_and(|t| matches!(t.key.as_str(), "به" | "عنه"))
                {
                    first += 1;
                }
            }
        }
        let mut last = None;
        for (i, t) in toks.iter().enumerate().skip(first).take(7) {
            let stop = t.kind == TokenKind::Punctuation
                || triggers.contains(&i)
                || matches!(
                    t.key.as_str(),
                    "ان" | "انه" | "انها" | "انهم" | "بان" | "بانه" | "بانها"
                );
            if stop {
                break;
            }
            last = Some(i);
        }
        // "وفق ما أكده الناطق باسم المحكمة، فريد بن جحا": after a cue, a person named right
        // after the comma that ends the phrase is the source it describes. (Not after a speech
        // verb, whose subject may be the event's source: "قال رئيس الحركة، راشد الغنوشي إن …".)
        if let Some(l) = last.filter(|_| is_cue) {
            let comma = toks
                .get(l + 1)
                .filter(|t| matches!(t.key.as_str(), "،" | ","));
            if let Some(c) = comma {
                if let Some(person) = actors.iter().find(|a| {
                    a.span.start >= c.span.end
                        && a.span.start <= c.span.end + 1
                        && entities.get(a.entity).is_some_and(|e| e.kind == "person")
                }) {
                    last = toks
                        .iter()
                        .rposition(|t| t.span.end <= person.span.end)
                        .or(last);
                }
            }
        }
        let (phrase, phrase_end) = match last {
            Some(l) => {
                let s = Span::new(toks.get(first)?.span.start, toks.get(l)?.span.end);
                (Some(s), s.end)
            }
            None => (None, toks.get(pos)?.span.end),
        };
        let in_phrase =
            |a: &&ActorRef| phrase.is_some_and(|p| a.span.start >= p.start && a.span.end <= p.end);
        let kind_of = |a: &ActorRef| entities.get(a.entity).map_or("", |e| e.kind.as_str());
        let mut entity = actors
            .iter()
            .filter(in_phrase)
            .find(|a| kind_of(a) == "person")
            .or_else(|| actors.iter().find(in_phrase))
            .and_then(|a| a.id(entities));
        if entity.is_none() && phrase.is_none() {
            // "الوزير قال إن ...": the speaker stands before the verb.
            entity = actors
                .iter()
                .rfind(|a| a.span.end <= marker && !a.place)
                .and_then(|a| a.id(entities));
        }
        // The text names the speaker only: "أكد مصدر عسكري عراقي اليوم الأحد 19 مارس" is
        // "مصدر عسكري عراقي" (the phrase itself, which bounds the reported clause, is kept).
        let text = phrase.map(|p| {
            let end = toks
                .iter()
                .enumerate()
                .skip(first + 1)
                .take_while(|(_, t)| t.span.end <= p.end)
                .find(|(i, _)| starts_time_or_channel(toks, *i))
                .and_then(|(i, _)| toks.get(i - 1))
                .map_or(p.end, |t| t.span.end);
            idx.slice(Span::new(p.start, end)).to_string()
        });
        Some(Attribution {
            marker,
            phrase_end,
            entity,
            text,
            by_verb: !is_cue,
        })
    }

    fn mode(
        &self,
        toks: &[Token],
        m: &TriggerMatch,
        role: Role,
        trigger_mode: Option<&str>,
        date: &(Option<String>, &'static str),
        published: Option<Ymd>,
    ) -> Mode {
        match trigger_mode {
            Some("negated") => return Mode::Negated,
            Some("future") => return Mode::Future,
            Some("hypothetical") => return Mode::Hypothetical,
            _ => {}
        }
        let before = toks.get(..m.first).unwrap_or(&[]);
        let bare = |k: &str| -> String {
            let s = k
                .strip_prefix('و')
                .or_else(|| k.strip_prefix('ف'))
                .unwrap_or(k);
            s.to_string()
        };
        let near = &before[before.len().saturating_sub(3)..];
        if near
            .iter()
            .any(|t| NEGATIONS.contains(&bare(&t.key).as_str()))
            || before.iter().any(|t| {
                matches!(
                    bare(&t.key).as_str(),
                    "نفي" | "نفت" | "ينفي" | "تنفي" | "نفوا"
                )
            })
        {
            return Mode::Negated;
        }
        let trig_key = toks.get(m.first).map_or(String::new(), |t| bare(&t.key));
        // "قد يفرض" (may impose): قد right before an imperfect verb. Not "قد وقعتا اتفاقية تعاون"
        // (قد + perfect = already; the trigger تعاون is three tokens on).
        let imperfect = role == Role::Verb && trig_key.starts_with(['ي', 'ت', 'ن']);
        if before.last().is_some_and(|t| bare(&t.key) == "قد") && imperfect {
            return Mode::Hypothetical;
        }
        let window = &before[before.len().saturating_sub(8)..];
        if window
            .iter()
            .any(|t| HYPOTHETICAL_CUES.contains(&bare(&t.key).as_str()))
        {
            return Mode::Hypothetical;
        }
        let s_future = role == Role::Verb
            && (trig_key.starts_with("سي")
                || trig_key.starts_with("ست")
                || trig_key.starts_with("سن"));
        // "اجتماع مرتقب", "القمة المقبلة", "لقاء الأحد المقبل": a noun described as coming.
        let coming_noun = role == Role::Noun
            && toks
                .get(m.last + 1..(m.last + 3).min(toks.len()))
                .unwrap_or(&[])
                .iter()
                .any(|t| NOUN_FUTURE_CUES.contains(&bare(&t.key).as_str()));
        if s_future
            || coming_noun
            || window
                .iter()
                .any(|t| FUTURE_CUES.contains(&bare(&t.key).as_str()))
        {
            return Mode::Future;
        }
        if let (Some(d), "day", Some(p)) = (&date.0, date.1, published) {
            if d.as_str() > p.iso().as_str() {
                return Mode::Future;
            }
        }
        if let (Some(d), Some(p)) = (&date.0, published) {
            if date.1 != "publication" && is_historical(d, p) {
                return Mode::Historical;
            }
        }
        Mode::Asserted
    }
}

/// Char length of a dateline at the start of a sentence — one or two words (a city), an optional
/// agency in parentheses, then a dash: "عمان (بترا) –", "غزة - ", "القاهرة — ".
fn dateline_prefix_end(sentence: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*\p{Arabic}+(?: \p{Arabic}+)?\s*(?:\([^()]{1,40}\)\s*)?[-–—]+\s")
            .unwrap_or_else(|_| never_matching())
    });
    match_end_chars(re, sentence)
}

/// End (in chars) of a leading "name :" label of one or two words, if any.
fn place_label_end(sentence: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*\p{Arabic}+(?: \p{Arabic}+)?\s*:\s").unwrap_or_else(|_| never_matching())
    });
    match_end_chars(re, sentence)
}

/// End in chars of the leading match of `re` in `sentence` (the patterns are anchored at ^).
fn match_end_chars(re: &Regex, sentence: &str) -> Option<usize> {
    re.find(sentence)
        .map(|m| sentence[..m.end()].chars().count())
}

/// True when an event date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `a/b`) ends more than a year before `published`.
fn is_historical(date: &str, published: Ymd) -> bool {
    let last = date.rsplit('/').next().unwrap_or(date);
    let end = match last.len() {
        10 => Ymd::parse_iso(last),
        7 => Ymd::parse_iso(&format!("{last}-28")),
        4 => Ymd::parse_iso(&format!("{last}-12-31")),
        _ => None,
    };
    end.is_some_and(|e| published.day_number() - e.day_number() > 365)
}

fn never_matching() -> Regex {
    // `[^\s\S]` matches nothing; it always compiles.
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("constant regex"))
}

/// Number of distinct states among a mention's actors (an entity's country, or the ISO-3 of a `location:xxx` id).
fn states_of(m: &EventMention, entities: &[EntityLike]) -> usize {
    let mut states: Vec<String> = m
        .source
        .iter()
        .chain(&m.target)
        .filter_map(|id| {
            let e = entities.iter().find(|e| &e.id == id)?;
            e.country
                .clone()
                .map(|c| c.to_ascii_uppercase())
                .or_else(|| {
                    e.id.strip_prefix("location:")
                        .filter(|iso| iso.len() == 3)
                        .map(str::to_ascii_uppercase)
                })
        })
        .collect();
    states.sort();
    states.dedup();
    states.len()
}

/// Entity mentions of a sentence with their place/actor role.
/// Every mention of every entity as `(span, entity index)`, sorted by span.
pub(crate) fn sorted_mentions(entities: &[EntityLike]) -> Vec<(Span, usize)> {
    let mut mentions: Vec<(Span, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |s| (*s, i)))
        .collect();
    mentions.sort();
    mentions
}

/// The tokens that start inside sentence `sent` (tokens sorted by start).
/// The entity mentions (from [`sorted_mentions`]) inside sentence `sent`.
pub(crate) fn mentions_in(mentions: &[(Span, usize)], sent: Span) -> Vec<(Span, usize)> {
    mentions
        .iter()
        .filter(|(s, _)| s.start >= sent.start && s.end <= sent.end)
        .copied()
        .collect()
}

pub(crate) fn sentence_tokens(tokens: &[Token], sent: Span) -> &[Token] {
    let lo = tokens.partition_point(|t| t.span.start < sent.start);
    let hi = tokens.partition_point(|t| t.span.start < sent.end);
    tokens.get(lo..hi).unwrap_or(&[])
}

pub(crate) fn actor_refs(
    idx: &CharIndex<'_>,
    toks: &[Token],
    mentions: &[(Span, usize)],
    entities: &[EntityLike],
) -> Vec<ActorRef> {
    let mut prev_end: Option<usize> = None;
    let entity_of = |k: usize| mentions.get(k).and_then(|m| entities.get(m.1));
    mentions
        .iter()
        .enumerate()
        .filter_map(|(k, &(span, entity))| {
            let coordinated_after = prev_end.filter(|&end| {
                end <= span.start && is_conjunction(idx.slice(Span::new(end, span.start)))
            });
            prev_end = Some(span.end);
            let e = entities.get(entity)?;
            // The token holding the mention's start, and the one before it.
            let ti = toks.partition_point(|t| t.span.end <= span.start);
            let own = toks.get(ti);
            let prev = ti.checked_sub(1).and_then(|p| toks.get(p));
            let prev_is = |k: &str| prev.is_some_and(|t| t.key == k);
            // The text of the mention's own token before the name: a glued proclitic.
            let glued_before = own
                .filter(|t| t.span.start < span.start)
                .map_or("", |t| idx.slice(Span::new(t.span.start, span.start)));
            // "كل من السعودية والإمارات" (each of): this من is no preposition.
            let each_of = prev_is("من")
                && ti
                    .checked_sub(2)
                    .and_then(|p| toks.get(p))
                    .is_some_and(|t| matches!(t.key.as_str(), "كل" | "وكل"));
            let place = e.kind == "location" && {
                // A proclitic ب/في glued to the name: "بغزة".
                let glued = glued_before.ends_with('ب') || glued_before.ends_with("في");
                glued
                    || after_place_phrase(toks, ti)
                    || (!each_of && prev.is_some_and(|t| is_place_word(&t.key)))
            };
            let to = prev_is("الي");
            let from = prev_is("من");
            let led_by =
                prev.is_some_and(|t| matches!(t.key.as_str(), "بقياده" | "بزعامه" | "برياسه"));
            let lam = glued_before.ends_with('ل')
                || idx.slice(span).starts_with("لل")
                || own.is_some_and(|t| t.span.start == span.start && t.key.starts_with("لل"));
            let separate = !each_of && prev.is_some_and(|t| is_preposition(&t.key));
            let glued = lam || glued_before.ends_with('ب') || glued_before.ends_with('ك');
            // "الأمين العام للأمم المتحدة", "القيادي في نداء تونس", "النائبة عن حزب آفاق تونس",
            // "النائب بمجلس نواب الشعب": after a title or role the preposition names the holder's
            // body, part of the holder's designation and not the verb's argument.
            let head = if separate {
                ti.checked_sub(2)
            } else {
                ti.checked_sub(1)
            };
            let of_body = prev.is_some_and(|t| matches!(t.key.as_str(), "في" | "عن" | "من"))
                || (glued && !glued_before.ends_with('ك'));
            let governed =
                (separate || glued) && !(of_body && head.is_some_and(|h| after_role_word(toks, h)));
            let object_place = place && {
                let before_noun = ti.checked_sub(2).and_then(|p| toks.get(p));
                let bare = |k: &str| k.strip_prefix('و').unwrap_or(k).to_string();
                prev.is_some_and(|t| PLACE_NOUNS.contains(&bare(&t.key).as_str()))
                    && before_noun.is_none_or(|t| {
                        !matches!(t.key.as_str(), "في" | "من" | "الي" | "داخل" | "قرب" | "علي")
                    })
            };
            let adjective = {
                let f = rasd_text::fold(idx.slice(span));
                let k = strip_article(&f);
                let base = k.strip_suffix('ه').unwrap_or(k);
                !base.contains(' ') && nisba_table().iter().any(|(adj, _)| adj == base)
            };
            let of_event_noun = adjective
                && prev.is_some_and(|t| EVENT_NOUN_HEADS.contains(&strip_event_prefix(&t.key)));
            let affiliation = is_affiliation(toks, mentions, k, ti, &entity_of);
            // Not for people: "جلالة الملك", "آية الله", "سماحة" are honorifics of men.
            let feminine = entity_of(k).is_some_and(|e| e.kind != "person")
                && idx.slice(span).split_whitespace().next().is_some_and(|w| {
                    w.trim_end_matches(|c: char| !c.is_alphabetic())
                        .ends_with('ة')
                });
            Some(ActorRef {
                span,
                entity,
                place,
                to,
                from,
                led_by,
                object_place,
                lam,
                adjective,
                of_event_noun,
                coordinated_after,
                affiliation,
                feminine,
                governed,
            })
        })
        .collect()
}

/// Role nouns that a prepositional phrase naming the holder's body may follow ("القيادي في
/// الحزب", "عضو بالمكتب"), besides the title words.
const ROLE_WORDS: &[&str] = &[
    "خاص",
    "قيادي",
    "قياديه",
    "عضو",
    "عضوه",
    "كاتب",
    "كاتبه",
    "ناطق",
    "ناطقه",
    "متحدث",
    "متحدثه",
    "مسوول",
    "مسووله",
    "منسق",
    "منسقه",
    "مدير",
    "مديره",
    "نايبه",
    "محامي",
    "محاميه",
    "لجنه",
    "كتله",
    "مكتب",
    "هييه",
    "قاضي",
    "نقيب",
    "مراسل",
    "قنصل",
    "والي",
    "معتمد",
    "عمده",
    "رييسه",
    "اعضاء",
    "نواب",
    "ممثلو",
    "ممثلي",
    "قياديو",
    "قياديي",
    "ابن",
    "ابنه",
    "نجل",
    "نجله",
    "زوجه",
    "شقيق",
    "شقيقه",
];

/// Whether token `h` ends a designation that starts with a title or role word at most six
/// tokens back, with no prepositional phrase in between ("الكاتب العام المحلي", "رئيس الهيئة
/// الجهوية", "لجنة المالية والتخطيط والتنمية"; not "الوزير بالدعم الأمريكي").
fn after_role_word(toks: &[Token], h: usize) -> bool {
    let role =
        |k: &str| word_in(k, TITLE_HEADS) || word_in(k, TITLE_WORDS) || word_in(k, ROLE_WORDS);
    for i in (h.saturating_sub(5)..=h).rev() {
        let Some(t) = toks.get(i) else {
            return false;
        };
        if role(&t.key) {
            return true;
        }
        if opens_prepositional_phrase(&t.key) {
            return false;
        }
    }
    false
}

/// Whether a token (folded key, a leading و allowed) starts a prepositional phrase: a preposition
/// of its own ("في", "مع") or a word with ب/ل/ك and the article glued ("بالدعم", "للجيش").
fn opens_prepositional_phrase(key: &str) -> bool {
    let k = key.strip_prefix('و').unwrap_or(key);
    is_preposition(k) || ["بال", "لل", "كال"].iter().any(|p| k.starts_with(p))
}

/// Whether a token key (folded, a leading و allowed) is a preposition standing on its own: the
/// noun after it is governed by it.
fn is_preposition(key: &str) -> bool {
    let k = key
        .strip_prefix('و')
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    matches!(
        k,
        "في" | "من"
            | "الي"
            | "علي"
            | "عن"
            | "مع"
            | "ضد"
            | "عبر"
            | "لدي"
            | "حول"
            | "نحو"
            | "تجاه"
            | "بين"
            | "دون"
            | "منذ"
            | "حتي"
            | "لصالح"
            | "بحق"
    )
}

/// Words of a title phrase (folded, without و/ال): "رئيس وزراء", "وزير الخارجية", "ولي العهد",
/// "الأمين العام". `TITLE_HEADS` are the ones a title starts with.
const TITLE_WORDS: &[&str] = &[
    "اول",
    "وزراء",
    "خارجيه",
    "دفاع",
    "داخليه",
    "ماليه",
    "حكومه",
    "عهد",
    "عام",
    "مجلس",
    "نواب",
    "دوله",
    "سياديه",
    "تنفيذي",
    "اعلي",
    "اركان",
    "هييه",
    "جمهوريه",
    "شوون",
];
const TITLE_HEADS: &[&str] = &[
    "رييس",
    "رييسه",
    "وزير",
    "وزيره",
    "ملك",
    "عاهل",
    "امير",
    "بابا",
    "سفير",
    "سفيره",
    "مبعوث",
    "مبعوثه",
    "زعيم",
    "قايد",
    "نايب",
    "ولي",
    "حاكم",
    "سلطان",
    "مستشار",
    "مستشاره",
    "مندوب",
    "ممثل",
    "امين",
];
/// Honorifics that may stand between a title and the name ("أمير قطر الشيخ تميم"), and the
/// descriptors former/current ("وزير الدفاع التركي السابق عصمت يلماز").
const HONORIFIC_WORDS: &[&str] = &[
    "سابق",
    "اسبق",
    "حالي",
    "شيخ",
    "سيد",
    "سيده",
    "دكتور",
    "لواء",
    "عميد",
    "مشير",
    "فريق",
    "عماد",
    "امام",
    "حاج",
    "عقيد",
    "جنرال",
    "قاضي",
    "ملك",
    "امير",
    "رييس",
    "سلطان",
    "بابا",
];

/// Whether a token key, bare or after a leading و and/or the article ال, is in `list`
/// ("وزير" is in it as itself, "والرئيس" as "رييس").
pub(crate) fn word_in(key: &str, list: &[&str]) -> bool {
    let no_wa = key.strip_prefix('و');
    [Some(key), no_wa]
        .into_iter()
        .flatten()
        .flat_map(|k| [Some(k), k.strip_prefix("ال")])
        .flatten()
        .any(|k| list.contains(&k))
}

/// Whether mention `k` (whose first token is `ti`) is part of a person's designation rather
/// than a party: see [`ActorRef::affiliation`].
fn is_affiliation<'e>(
    toks: &[Token],
    mentions: &[(Span, usize)],
    k: usize,
    ti: usize,
    entity_of: &impl Fn(usize) -> Option<&'e EntityLike>,
) -> bool {
    let (Some(&(span, _)), Some(me)) = (mentions.get(k), entity_of(k)) else {
        return false;
    };
    let kind_of = |j: usize| entity_of(j).map(|e| e.kind.as_str());
    let is_head = |t: &Token| word_in(&t.key, TITLE_HEADS);
    // The next mention after this one (mentions inside it, such as the nationality adjective
    // of "وزير الخارجية الأمريكي", are skipped), and the previous one before it.
    let next =
        (k + 1..mentions.len()).find(|&j| mentions.get(j).is_some_and(|m| m.0.start >= span.end));
    let prev = (0..k)
        .rev()
        .find(|&j| mentions.get(j).is_some_and(|m| m.0.end <= span.start));
    // The next mention is a person, with only honorifics between ("الفاتيكان فرانسيس").
    let person_follows = || {
        let Some((j, &(next, _))) = next.and_then(|j| mentions.get(j).map(|m| (j, m))) else {
            return false;
        };
        kind_of(j) == Some("person")
            && toks
                .iter()
                .filter(|t| t.span.start >= span.end && t.span.end <= next.start)
                .all(|t| word_in(&t.key, HONORIFIC_WORDS))
    };
    // Title words and a nationality adjective, no name: "وزير الخارجية الأمريكي".
    let bare_title = |sp: Span| {
        toks.iter()
            .filter(|t| t.span.start >= sp.start && t.span.end <= sp.end)
            .all(|t| {
                word_in(&t.key, TITLE_HEADS)
                    || word_in(&t.key, TITLE_WORDS)
                    || nisba_iso(&t.key).is_some()
            })
    };
    // The next mention is a person, with only a comma or honorifics between.
    let person_after_comma = || {
        next.and_then(|j| mentions.get(j).map(|m| (j, m.0)))
            .is_some_and(|(j, n)| {
                kind_of(j) == Some("person")
                    && toks
                        .iter()
                        .filter(|t| t.span.start >= span.end && t.span.end <= n.start)
                        .all(|t| {
                            matches!(t.key.as_str(), "،" | ",") || word_in(&t.key, HONORIFIC_WORDS)
                        })
            })
    };
    match me.kind.as_str() {
        // A bare title read as its state ("السفير الفرنسي", "الوزير الأول الجزائري") right
        // before a name designates that person: "زار السفير الفرنسي أوليفيي بوافر دارفور".
        "location" | "organization"
            if toks.get(ti).is_some_and(is_head) && bare_title(span) && person_after_comma() =>
        {
            true
        }
        // A bare title right before a name of its country ("وزير الخارجية الأمريكي ريكس
        // تيلرسون") designates that person. Before a person of another country it is another
        // party: "ولم يلتق الرئيس المصري وزير الخارجية الإيراني عباس عراقجي".
        "person" => {
            let same_country_name = next.is_some_and(|j| {
                entity_of(j).zip(mentions.get(j)).is_some_and(|(n, m)| {
                    n.country.is_some() && n.country == me.country && !bare_title(m.0)
                })
            });
            toks.get(ti).is_some_and(is_head)
                && bare_title(span)
                && same_country_name
                && person_follows()
        }
        "location" | "organization" => {
            // The title phrase right before the mention: "رئيس وزراء", "وزير خارجية".
            let mut first = ti;
            while first > 0
                && toks
                    .get(first - 1)
                    .is_some_and(|t| word_in(&t.key, TITLE_WORDS) || word_in(&t.key, TITLE_HEADS))
            {
                first -= 1;
            }
            if first == ti || !toks.get(first).is_some_and(is_head) {
                // A longer title: "وزير الشؤون الخارجية والتعاون الدولي لجمهورية إيطاليا، باولو
                // جانتلوني" — a title head a few words before, no other mention between it and
                // this one, and the person right after (a comma allowed).
                let head_near = (ti.saturating_sub(8)..ti)
                    .rev()
                    .find(|&h| toks.get(h).is_some_and(is_head));
                let clear = head_near.is_some_and(|h| {
                    let from = toks.get(h).map_or(span.start, |t| t.span.start);
                    prev.and_then(|p| mentions.get(p))
                        .is_none_or(|m| m.0.end <= from)
                });
                return me.kind == "location" && clear && person_after_comma();
            }
            // A person right before the title ("حيدر العبادي رئيس وزراء العراق") or right after
            // the mention ("بابا الفاتيكان فرانسيس").
            let person_before = prev
                .and_then(|p| mentions.get(p).map(|m| (p, m.0)))
                .is_some_and(|(p, prev)| {
                    kind_of(p) == Some("person")
                        && first
                            .checked_sub(1)
                            .and_then(|b| toks.get(b))
                            .is_some_and(|t| t.span.end <= prev.end && t.span.start >= prev.start)
                });
            person_before || person_follows()
        }
        _ => false,
    }
}

/// Verbs of denial (folded).
const DENIAL_VERBS: &[&str] = &[
    "نفي",
    "نفت",
    "ينفي",
    "تنفي",
    "نفوا",
    "ينفون",
    "فند",
    "فندت",
    "دحض",
    "دحضت",
];

/// Verbs and nouns of commenting or speaking about something (folded).
const COMMENT_WORDS: &[&str] = &[
    "علق",
    "علقت",
    "يعلق",
    "تعلق",
    "تعليق",
    "تعليقا",
    "تحدث",
    "تحدثت",
    "يتحدث",
    "تتحدث",
    "حديث",
    "حديثه",
    "تطرق",
    "تطرقت",
    "يتطرق",
    "معلقا",
    "معلقه",
];

/// Whether one of the `n` tokens before token `at` is a word of `list` (read by [`word_in`]:
/// whole, and without و or the article).
pub(crate) fn listed_before(toks: &[Token], at: usize, n: usize, list: &[&str]) -> bool {
    toks.get(at.saturating_sub(n)..at)
        .unwrap_or(&[])
        .iter()
        .any(|t| word_in(&t.key, list))
}

/// Whether a verb of denial comes within the six words before `at` ("نفت قطر الاتهامات",
/// "وتنفي قطر بشدة هذه الاتهامات").
fn denied(toks: &[Token], at: usize) -> bool {
    listed_before(toks, at, 6, DENIAL_VERBS)
}

/// Whether the token before `at` is على/عن after a verb or noun of commenting or speaking within
/// the eight words before it ("علّق الوزير على الاحتجاجات", "تعليقا على الهجوم", "تحدث عن الإضراب").
fn commented_on(toks: &[Token], at: usize) -> bool {
    let key_at = |i: usize| toks.get(i).map_or("", |t| t.key.as_str());
    let Some(p) = at.checked_sub(1) else {
        return false;
    };
    if !matches!(key_at(p), "علي" | "عن") {
        return false;
    }
    listed_before(toks, p, 8, COMMENT_WORDS)
}

/// Whether the text between two mentions only coordinates them: a conjunction "و" (glued to
/// the second name or not), a comma, or "ثم", and nothing else.
fn is_conjunction(gap: &str) -> bool {
    let mut joined = false;
    let mut rest = gap.trim_start();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(['،', ',', 'و']) {
            rest = r;
        } else if let Some(r) = rest
            .strip_prefix("ثم")
            .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        {
            rest = r;
        } else {
            return false;
        }
        joined = true;
        rest = rest.trim_start();
    }
    joined
}

/// The coordinated run of `list` that ends at index `last` (walking back while each actor is
/// joined to the one before it by a conjunction): "السعودية ومصر والإمارات".
fn chain_ending_at<'a>(list: &[&'a ActorRef], last: usize) -> Vec<&'a ActorRef> {
    let mut first = last;
    while first > 0 {
        let (Some(cur), Some(prev)) = (list.get(first), list.get(first - 1)) else {
            break;
        };
        if cur.coordinated_after != Some(prev.span.end) {
            break;
        }
        first -= 1;
    }
    list.get(first..=last)
        .map(<[_]>::to_vec)
        .unwrap_or_default()
}

/// Length of the coordinated run of `list` that starts at its first actor.
fn chain_len_from_start(list: &[&ActorRef]) -> usize {
    let mut n = usize::from(!list.is_empty());
    while let (Some(prev), Some(cur)) = (list.get(n.wrapping_sub(1)), list.get(n)) {
        if cur.coordinated_after != Some(prev.span.end) {
            break;
        }
        n += 1;
    }
    n
}

/// Verbs of receiving (folded, with a conjunction allowed): تلقى، يتلقى، تلقت، تتلقى، تلقوا، استلم.
fn is_receive_verb(key: &str) -> bool {
    let k = key.strip_prefix('و').unwrap_or(key);
    matches!(
        k,
        "تلقي"
            | "يتلقي"
            | "تلقت"
            | "تتلقي"
            | "تلقوا"
            | "يتلقون"
            | "استلم"
            | "استلمت"
            | "يستلم"
    )
}

/// Subordinators (folded) after which a verb opens a clause of its own: أن/إن, بأن, لأن, حيث,
/// عندما, بعدما, لما, إذ.
const SUBORDINATORS: &[&str] = &["ان", "بان", "لان", "حيث", "عندما", "بعدما", "لما", "اذ"];

/// A verb written with the passive's damma on its first letter ("قُتل", "وقُتل", "اُعتقل"):
/// what follows it is the one it was done to. Unvocalized verbs stay ambiguous.
fn marked_passive(word: &str) -> bool {
    let w = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    w.chars().nth(1) == Some('\u{64F}')
}

/// "وقف" (stopping) with its proclitics, before an event noun: "وقف إطلاق النار", "لوقف العدوان";
/// also a charge ("بتهمة قتل"), which is not the act either.
fn is_stop_word(key: &str) -> bool {
    // "وقف" itself begins with و: the word is read whole and without a conjunction.
    [Some(key), key.strip_prefix('و')]
        .into_iter()
        .flatten()
        .any(is_stop_word_bare)
}

/// [`is_stop_word`] of a word without the conjunction و.
fn is_stop_word_bare(k: &str) -> bool {
    let k = k
        .strip_prefix("ب")
        .or_else(|| k.strip_prefix("ل"))
        .unwrap_or(k);
    let k = k.strip_prefix("ال").unwrap_or(k);
    // "بتهمة قتل المتظاهرين", "اتهامه بقتل": a charge of the act is not the act.
    // "انتهك قواعد الاشتباك": rules of engagement are no clash.
    // "تلقى تهديدات بتفجير المبنى", "هدد بقطع العلاقات": what is threatened has not happened
    // (the threat itself is coded).
    matches!(
        k,
        "وقف"
            | "ايقاف"
            | "انهاء"
            | "منع"
            | "تهمه"
            | "تهم"
            | "تهما"
            | "شبهه"
            | "قواعد"
            | "خطر"
            | "مخاطر"
            | "تهديد"
            | "تهديدات"
            | "تهديدا"
            | "هدد"
            | "هددت"
            | "هددوا"
            | "يهدد"
            | "تهدد"
            | "توعد"
            | "توعدت"
            | "يتوعد"
    ) || k.starts_with("اتهام")
}

/// Verbs (folded, with the object pronoun of the noun they follow) that introduce the agent of an
/// event noun: "شنها" (launched it), "نفذه" (carried it out).
fn is_agent_verb(key: &str) -> bool {
    let k = key.strip_prefix('و').unwrap_or(key);
    let stem = [
        "شنها",
        "شنه",
        "شنتها",
        "شنته",
        "يشنها",
        "تشنها",
        "نفذها",
        "نفذه",
        "نفذتها",
        "نفذته",
        "ينفذها",
        "تنفذها",
        // "هجمات جوية للتحالف الذي تقوده الولايات المتحدة": the body that carried them out is
        // led by the party named next.
        "تقوده",
        "يقوده",
        "تقودها",
        "يقودها",
    ];
    stem.contains(&k)
}

/// `agent` becomes the event's only source and is no longer a target.
fn make_sole_source(source: &mut Vec<String>, target: &mut Vec<String>, agent: String) {
    target.retain(|t| t != &agent);
    *source = vec![agent];
}

/// The party named right after an agent verb within four tokens after a noun trigger ending at
/// token `last`.
fn relative_agent(
    toks: &[Token],
    last: usize,
    actors: &[ActorRef],
    entities: &[EntityLike],
) -> Option<String> {
    let (vi, verb) = toks
        .iter()
        .enumerate()
        .skip(last + 1)
        .take(4)
        .find(|(_, t)| is_agent_verb(&t.key))?;
    let limit = toks.get(vi + 4).map_or(usize::MAX, |t| t.span.end);
    actors
        .iter()
        .filter(|a| !a.place && a.span.start >= verb.span.end && a.span.end <= limit)
        .min_by_key(|a| a.span.start)
        .and_then(|a| a.id(entities))
}

/// Words that name the agent of a killing, an injury or an arrest right before it: "برصاص
/// الجيش", "بنيران القوات", "على يد مسلحين", "من قبل الشرطة" (folded keys, the last word of the
/// phrase, with the word that must precede it for the two-word phrases).
fn is_agent_marker(toks: &[Token], at: usize) -> bool {
    let Some(t) = toks.get(at) else {
        return false;
    };
    let k = t.key.strip_prefix('و').unwrap_or(&t.key);
    let before = at
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .map(|t| t.key.as_str());
    match k {
        "برصاص" | "بنيران" | "بنار" | "برصاصه" => true,
        "يد" | "ايدي" => before == Some("علي"),
        // "من طرف الشرطة" (Maghreb usage for "by").
        "قبل" | "طرف" => before == Some("من"),
        _ => false,
    }
}

/// The party named right after an agent phrase ([`is_agent_marker`]) after the trigger ending
/// at char `after`, within the sentence: "مقتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي".
fn agent_phrase(
    toks: &[Token],
    after: usize,
    actors: &[ActorRef],
    entities: &[EntityLike],
) -> Option<String> {
    actors
        .iter()
        .filter(|a| !a.place && a.span.start >= after)
        .find(|a| {
            let ti = toks.partition_point(|t| t.span.end <= a.span.start);
            ti.checked_sub(1).is_some_and(|p| is_agent_marker(toks, p))
        })
        .and_then(|a| a.id(entities))
}

/// The agent of an act noun named as its genitive, right after it and followed by a count of
/// those it was done to: "اعتقال قوات الاحتلال 480 فلسطينيا" (the forces arrested 480). Without
/// the count the genitive is as often the one it was done to ("اغتيال السفير الروسي").
fn genitive_agent(
    toks: &[Token],
    trigger_end: usize,
    actors: &[ActorRef],
    entities: &[EntityLike],
) -> Option<String> {
    let a = actors
        .iter()
        .find(|a| a.span.start >= trigger_end && a.span.start <= trigger_end + 1)?;
    if a.place || a.lam || a.adjective || a.coordinated_after.is_some() {
        return None;
    }
    // The token after the name (a nationality adjective of the name may come between).
    let next = toks.iter().find(|t| t.span.start >= a.span.end)?;
    let count = next.kind == TokenKind::Number
        || matches!(
            next.key.as_str(),
            "عشرات"
                | "مئات"
                | "الاف"
                | "ثلاثه"
                | "اربعه"
                | "خمسه"
                | "سته"
                | "سبعه"
                | "ثمانيه"
                | "تسعه"
                | "عشره"
        );
    count.then(|| a.id(entities)).flatten()
}

/// A verb of telling or declaring that takes the addressee as its object (folded, perfect or
/// imperfect, with و/ف): أبلغ، أكد، جدد، نقل، أبدى، أعلن.
fn is_telling_verb(key: &str) -> bool {
    let k = key.strip_prefix(['و', 'ف']).unwrap_or(key);
    let k = k
        .strip_suffix("ت")
        .or_else(|| k.strip_suffix("وا"))
        .or_else(|| k.strip_suffix('ا'))
        .unwrap_or(k);
    matches!(
        k,
        "ابلغ"
            | "يبلغ"
            | "تبلغ"
            | "اكد"
            | "يوكد"
            | "توكد"
            | "جدد"
            | "يجدد"
            | "تجدد"
            | "نقل"
            | "ينقل"
            | "تنقل"
            | "ابد"
            | "ابدي"
            | "يبدي"
            | "تبدي"
            | "اعلن"
            | "يعلن"
            | "تعلن"
    )
}

/// For a noun trigger with a possessive pronoun ("رفضها", "دعمهم"; token `first`) right after
/// two parties that are a verb's subject and object — side by side after the verb ("أبلغت
/// السعودية الكويت رفضها") or with the verb between them ("السلطة أبلغت إسرائيل رفضها") —
/// their ids `(subject, object)`. Not a person right after another party (a title's state or
/// body and the holder: "وزيرة الدفاع الفرنسية سيلفي غولار استقالتها").
fn possessive_owner(
    toks: &[Token],
    first: usize,
    trig: Span,
    actors: &[ActorRef],
    entities: &[EntityLike],
) -> Option<(String, String)> {
    let key = toks.get(first)?.key.as_str();
    if !(key.ends_with("ها") || key.ends_with("هم") || key.ends_with("هما")) {
        return None;
    }
    let before: Vec<&ActorRef> = actors
        .iter()
        .filter(|a| !a.place && a.span.end <= trig.start)
        .collect();
    let (p, l) = match before.as_slice() {
        [.., p, l] => (*p, *l),
        _ => return None,
    };
    // The object ends right before the noun.
    let next_after = |end: usize| toks.iter().find(|t| t.span.start >= end);
    if next_after(l.span.end).map(|t| t.span.start) != Some(trig.start) {
        return None;
    }
    let between: Vec<&Token> = toks
        .iter()
        .filter(|t| t.span.start >= p.span.end && t.span.end <= l.span.start)
        .collect();
    let (ep, el) = (entities.get(p.entity)?, entities.get(l.entity)?);
    let ok = match between.as_slice() {
        [] => ep.kind != "person" && el.kind != "person",
        [verb] => is_telling_verb(&verb.key),
        _ => false,
    };
    (ok && l.coordinated_after.is_none() && !p.affiliation && !l.affiliation && ep.id != el.id)
        .then(|| (ep.id.clone(), el.id.clone()))
}

/// Where a trigger's clause starts and what kind of clause it is.
#[derive(Debug, Clone, Copy)]
struct Clause {
    /// Char offset before which no actor is the trigger's subject (0: the sentence start).
    floor: usize,
    /// A noun trigger inside a complement clause (bare أن/إن after a speech verb).
    complement_noun: bool,
    /// A verb trigger in a complement clause whose subject is a definite noun right after a bare
    /// أن/إن ("إن القصف استهدف"): the speaker is not its actor.
    explicit_subject: bool,
    /// A verb trigger without the feminine marker: third person masculine ("طالب", "يطالب"),
    /// neither ending in ت nor starting with it.
    masculine_verb: bool,
    /// End of the last comma before the trigger (0: none).
    comma_end: usize,
    /// A noun naming a death rather than an act ("مقتل"): who announces it is not its agent
    /// unless a security body announces it.
    victim_noun: bool,
    /// Start of the first complement clause after the trigger (a complementizer أن/إن; `usize::MAX`
    /// when none): its parties are not the trigger's.
    clause_end: usize,
}

/// Source and target entity ids for one trigger.
/// Farthest start (in characters after a verb) of the subject of a verb-initial clause: room for
/// a long title ("دعا وزير الفلاحة والموارد المائية والصيد البحري، سمير الطيب") and a time phrase.
const SUBJECT_REACH: usize = 60;

fn assign_actors(
    actors: &[ActorRef],
    entities: &[EntityLike],
    trig: Span,
    ty: EventType,
    role: Role,
    attribution: Option<&Attribution>,
    clause: Clause,
) -> (Vec<String>, Vec<String>) {
    let Clause {
        floor: clause_floor,
        complement_noun,
        explicit_subject,
        masculine_verb,
        comma_end,
        victim_noun,
        clause_end,
    } = clause;
    let id = |a: &ActorRef| a.id(entities);
    let clause_start = attribution
        .filter(|a| a.marker < trig.start)
        .map_or(0, |a| a.phrase_end)
        .max(clause_floor);
    // A news agency or outlet reports an event; it is never its source ("وذكرت وكالة الأنباء
    // الفلسطينية أن زورقا حربيا إسرائيليا هاجم ...").
    let media = |a: &ActorRef| entities.get(a.entity).is_some_and(|e| e.media);
    let speaker = attribution
        .and_then(|a| a.entity.clone())
        .filter(|s| !entities.iter().any(|e| &e.id == s && e.media));
    // "أعلنت وزارة الصحة مقتل ثلاثة فلسطينيين", "أعلنت بعثة الأمم المتحدة مقتل 1115 مدنيا": a
    // death is announced by whoever counts it; a security body announcing one ("أعلن الجيش
    // اللبناني مقتل مسلحين") is the side that killed. (Nor is the speaker named again,
    // "بعثة الأمم المتحدة لمساعدة العراق «يونامي»".)
    let speaker_acts = !victim_noun
        || attribution
            .and_then(|a| a.text.as_deref())
            .is_some_and(is_security_body);
    let kind = |a: &ActorRef| entities.get(a.entity).map_or("", |e| e.kind.as_str());
    let all_parties: Vec<&ActorRef> = actors.iter().filter(|a| !a.place).collect();
    // "الأمين العام لحزب الله حسن نصر الله": an organization right before a person names the
    // person's affiliation; the person is the party (and so for the state or body of a title
    // next to a name, see `ActorRef::affiliation`).
    let parties: Vec<&ActorRef> = all_parties
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let next = all_parties.get(i + 1);
            let org_of_person = kind(a) == "organization"
                && next.is_some_and(|n| kind(n) == "person" && n.span.start <= a.span.end + 1);
            !(a.affiliation || org_of_person)
        })
        .map(|(_, a)| *a)
        .collect();
    let before: Vec<&ActorRef> = parties
        .iter()
        .copied()
        .filter(|a| a.span.end <= trig.start && a.span.start >= clause_start && !media(a))
        .filter(|a| speaker_acts || speaker.is_none() || id(a) != speaker)
        .collect();
    let after: Vec<&ActorRef> = parties
        .iter()
        .copied()
        .filter(|a| a.span.start >= trig.end && !a.led_by)
        .filter(|a| {
            // The speaker of a trailing attribution ("..., قال الوزير") is not a target.
            attribution.is_none_or(|at| at.marker < trig.start || a.span.start < at.marker)
        })
        // Nor a party of a complement clause that follows ("الوفد الذي زار سوريا، إن معدلات
        // التطوع بالجيش السوري ترتفع": the army was not visited).
        .filter(|a| a.span.start < clause_end)
        .collect();
    let mut source: Vec<String> = Vec::new();
    let mut rest = after.as_slice();
    let said_before = attribution.is_some_and(|a| a.marker < trig.start && a.text.is_some());
    // "غارات إسرائيلية على غزة": the adjective right after a noun trigger names its agent, so it is never a
    // target. It is not made the source either: a headline coded that way (dated by publication) joins the
    // dated report of the strike and then keeps a second outlet's report a day earlier out of the merged event
    // (the merge requires ±1 day against every member). Verb triggers keep it: "أدانت تركيا الهجوم الإسرائيلي".
    let own_adjective = after
        .first()
        .is_some_and(|a| a.adjective && role == Role::Noun && a.span.start <= trig.end + 1);
    if own_adjective {
        rest = after.get(1..).unwrap_or(&[]);
    }
    // "غارة للاحتلال الإسرائيلي", "هجوم لداعش": ل right after an attack noun names the attacker.
    let lam_agent = (role == Role::Noun && ty == EventType::Assault && !own_adjective)
        .then(|| {
            after
                .first()
                .filter(|a| a.lam && a.span.start <= trig.end + 2)
        })
        .flatten();
    // "أن الهجوم استهدف حافلة … بمحافظة المنيا": the clause's own subject comes before the verb,
    // so the verb does not start its clause and what follows it is no subject.
    let verb_initial = role == Role::Verb && !explicit_subject;
    // The ids of `list`, each once, appended to `out`.
    let push_ids = |out: &mut Vec<String>, list: Vec<&ActorRef>| {
        for i in list.into_iter().filter_map(id) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
    };
    if lam_agent.is_some() {
        rest = after.get(1..).unwrap_or(&[]);
    }
    if let Some(a) = lam_agent {
        source.extend(id(a));
    } else if let Some(mut last) = before.len().checked_sub(1) {
        // "أبلغت السعودية الكويت بـ 10 شروط، طالبت الدوحة بتطبيقها": two parties side by side
        // are a verb's subject and object, and a verb after a comma with no subject of its own
        // (a relative clause, or the next clause) continues the subject, not the object.
        if role == Role::Verb && last >= 1 && comma_end > 0 {
            let (p, l) = (before[last - 1], before[last]);
            if l.coordinated_after.is_none()
                && l.span.start <= p.span.end + 1
                && comma_end > l.span.end
                && comma_end <= trig.start
            {
                last -= 1;
            }
        }
        // A coordinated subject is the source as a whole: "وكانت السعودية ومصر والإمارات …
        // قطعت العلاقات مع قطر".
        // (Symmetric events keep one source: every participant is listed either way.)
        let first: Vec<&ActorRef> = if is_symmetric(ty) {
            before.get(last).copied().into_iter().collect()
        } else {
            chain_ending_at(&before, last)
        };
        push_ids(&mut source, first);
    } else if said_before
        && clause_floor == 0
        && !complement_noun
        && !explicit_subject
        && speaker_acts
    {
        // "أعلنت الحكومة اليمنية قطع علاقاتها مع قطر": the one who announces is the actor.
        source.extend(speaker.clone());
    } else if verb_initial
        // "وأدان القصف الإسرائيلي على غزة": an event noun's adjective is the object's agent.
        && after.first().is_some_and(|a| !a.of_event_noun)
        // "وأشاد الوزير بالدعم الأمريكي للجيش اللبناني": a subject carries no preposition.
        && after.first().is_some_and(|a| !a.governed)
        // "وطالب الوزارة بتطبيق الاتفاق": a masculine verb does not agree with a feminine body
        // right after it, which is its object; the subject is elsewhere (or left unnamed).
        && !(masculine_verb && after.first().is_some_and(|a| a.feminine))
        // "وطالب وزير الأوقاف المؤسسات الدولية بمتابعة القرارات … لمنع الاحتلال الإسرائيلي":
        // the subject of a verb-initial clause follows the verb within a title's length; a
        // party named much later is an object (the subject here is unnamed).
        && after
            .first()
            .is_some_and(|a| a.span.start <= trig.end + SUBJECT_REACH)
    {
        // Verb-initial clause: "استقبل الرئيس المصري وزير الخارجية الأمريكي"; a coordinated
        // subject is the source as a whole ("وقطعت السعودية ومصر والإمارات علاقاتها مع قطر").
        let n = if is_symmetric(ty) {
            1
        } else {
            chain_len_from_start(&after)
        };
        push_ids(&mut source, after.get(..n).unwrap_or(&[]).to_vec());
        rest = after.get(n..).unwrap_or(&[]);
    } else if let Some(s) = speaker.filter(|_| {
        !complement_noun
            && !explicit_subject
            && speaker_acts
            && attribution.is_some_and(|a| a.by_verb)
    }) {
        // "قال الجيش إنه قصف …": the one who says it did it. Not through a cue ("حسب وزارة
        // الصحة", "وفقا لرويترز"): whoever is cited for a count or a report is not its actor.
        source.push(s);
    }
    let symmetric = is_symmetric(ty);
    // Two targets at most, unless the first is a longer coordinated object ("حذرت … إيران
    // وسوريا والعراق").
    let limit = if symmetric {
        usize::MAX
    } else {
        chain_len_from_start(rest).max(2)
    };
    let mut target: Vec<String> = Vec::new();
    for a in rest {
        if let Some(i) = id(a) {
            if !source.contains(&i) && !target.contains(&i) && target.len() < limit {
                target.push(i);
            }
        }
    }
    if symmetric {
        // Every participant: earlier co-subjects ("اجتمع وزيرا خارجية مصر والأردن") join the targets, and so do
        // co-announcers ("أعلنت السعودية وإيران التوصل إلى اتفاق").
        // Only when the announcement is the source (no party before the trigger in the clause), by a verb, and
        // names two or more parties: not "وفقا لرويترز", not "قال وزير الخارجية الأمريكي إن …".
        let in_phrase: Vec<&ActorRef> = parties
            .iter()
            .copied()
            .filter(|a| {
                !media(a)
                    && attribution.is_some_and(|at| {
                        at.by_verb
                            && at.marker < trig.start
                            && a.span.start >= at.marker
                            && a.span.end <= clause_start
                    })
            })
            .collect();
        // Not for an event noun in a complement clause: who says "… إن المفاوضات متقدمة" is
        // not a party of the talks.
        let announcers: &[&ActorRef] =
            if before.is_empty() && said_before && !complement_noun && in_phrase.len() >= 2 {
                &in_phrase
            } else {
                &[]
            };
        for a in before.iter().rev().skip(1).chain(announcers).copied() {
            if let Some(i) = id(a) {
                if !source.contains(&i) && !target.contains(&i) {
                    target.push(i);
                }
            }
        }
    }
    if target.is_empty() {
        // A place as the target when no party is one, by event type:
        // - an attack on a place: the place ("قصفت طائرات الاحتلال منازل في خان يونس" → Khan
        //   Younis), not where the attack came from ("انطلقت الصواريخ من إيران");
        // - a raid, siege or closure: the place named as the verb's object ("اقتحمت قوات
        //   الاحتلال مخيم جنين"); a place after في is only where it happened ("اعتقلت الشرطة
        //   مشتبهين في إسطنبول");
        // - aid: the place it is sent to.
        // - a request: the one it is asked of, after من ("طلبت تونس من إيطاليا استرجاع …");
        let place_target = |a: &ActorRef| match ty {
            EventType::Request => a.from && a.span.start <= trig.end + 40,
            EventType::Assault | EventType::Threaten => a.place && !a.from,
            EventType::Coerce => a.object_place,
            EventType::Aid => a.place && a.to,
            _ => false,
        };
        if let Some(i) = actors
            .iter()
            .find(|a| a.span.start >= trig.end && place_target(a))
            .and_then(id)
            .filter(|i| !source.contains(i))
        {
            target.push(i);
        }
    }
    (source, target)
}

/// Add a mention to the descriptive actor `id`, creating it (with `kind` and `country`) when new.
fn add_actor_mention(
    out: &mut Vec<EntityLike>,
    id: String,
    kind: &str,
    country: Option<String>,
    span: Span,
) {
    match out.iter_mut().find(|e| e.id == id) {
        Some(e) => e.mentions.push(span),
        None => out.push(EntityLike {
            id,
            kind: kind.into(),
            country,
            mentions: vec![span],
            media: false,
        }),
    }
}

/// Shipped nationality adjectives (`resources/events/nisba.tsv`).
pub const NISBA_TSV: &str = include_str!("../../../resources/events/nisba.tsv");

/// Head nouns of descriptive actors (folded, without ال).
const ACTOR_HEADS: &[&str] = &[
    "وزاره",
    "خارجيه",
    "حكومه",
    "قوات",
    "جيش",
    // "وحدة الأراضي السورية", "قصف الأراضي اللبنانية": the territory stands for its state.
    "اراضي",
    "طائرات",
    "طائره",
    "طائرتان",
    "طائرتين",
    "طيران",
    "سلطات",
    "شرطه",
    "بحريه",
    "رئاسه",
    "دفاع",
    "داخليه",
    "وفد",
    "سفاره",
    "مقاتلات",
    "حرس",
    "اجهزه",
    // "المسؤولين العمانيين", "الوسطاء القطريين"
    "مسوول",
    "مسوولين",
    "مسوولون",
    "وسطاء",
    "وسيط",
    // "الجانب الإيراني", "الطرفين الليبي والتونسي": a side of talks is its state.
    "جانب",
    "جانبين",
    "جانبان",
    "طرف",
    "طرفين",
    "طرفان",
    // "محكمة إسرائيلية", "النيابة العامة المصرية": the judiciary acts for its state.
    "محكمه",
    "نيابه",
    // "خفر السواحل الإيطالي", "قوى الأمن الداخلي اللبناني", "سلاح الجو الليبي", "الوحدات الأمنية
    // التونسية", "أعوان الأمن المصري": security bodies named by their state.
    "خفر",
    "قوى",
    "سلاح",
    "وحدات",
    "أعوان",
    "مخابرات",
    "استخبارات",
    // "الوزير الفرنسي", "السفير الأمريكي", "دبلوماسيين روس": an official with no name acts for
    // the state (a named one is a person: "وزير الخارجية الإيراني عباس عراقجي").
    "وزير",
    "وزيره",
    "سفير",
    "سفيره",
    "مبعوث",
    "دبلوماسي",
    "دبلوماسيين",
    "ديبلوماسي",
    "ديبلوماسيين",
];

/// Event nouns whose nationality adjective names a party ("الهجوم الإسرائيلي" → Israel); the mention is the
/// adjective alone, so the noun stays free to be a trigger (folded, without ال).
const EVENT_NOUN_HEADS: &[&str] = &[
    "هجوم",
    "هجمات",
    "عدوان",
    "قصف",
    "غارات",
    "غاره",
    "اعتداء",
    "اعتداءات",
    "ضربات",
    "ضربه",
    "حصار",
    "توغل",
    "اقتحام",
    "عمليه",
];

/// [`ACTOR_HEADS`] folded like token keys (طائرات → طايرات; the list was compared unfolded and
/// "طائرات الاحتلال الإسرائيلي" was never an actor).
fn actor_heads() -> &'static Vec<String> {
    static HEADS: OnceLock<Vec<String>> = OnceLock::new();
    HEADS.get_or_init(|| ACTOR_HEADS.iter().map(|h| rasd_text::fold(h)).collect())
}

/// Shipped capitals used for their state (`resources/events/capitals.tsv`).
pub const CAPITALS_TSV: &str = include_str!("../../../resources/events/capitals.tsv");

/// Capital names (folded, without ال) → ISO-3 (lowercase).
fn capital_table() -> &'static Vec<(String, String)> {
    static TABLE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        CAPITALS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, iso) = l.split_once('\t')?;
                let f = rasd_text::fold(name.trim());
                let f = f.strip_prefix("ال").map(str::to_string).unwrap_or(f);
                Some((f, iso.trim().to_ascii_lowercase()))
            })
            .collect()
    })
}

/// The state a capital mention stands for when it is a party ("رفضت واشنطن" → `usa`); `None` for a place
/// ("في واشنطن", "بواشنطن") or another name.
fn capital_as_state(tokens: &[Token], m: Span) -> Option<&'static str> {
    let lo = tokens.partition_point(|t| t.span.end <= m.start);
    let hi = tokens.partition_point(|t| t.span.start < m.end);
    let inside = tokens.get(lo..hi)?;
    let key = inside
        .iter()
        .map(|t| t.key.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // واشنطن itself starts with و: try the key as it is, then without a conjunction.
    let bare = key.strip_prefix('و').or_else(|| key.strip_prefix('ف'));
    let candidates: Vec<&str> = std::iter::once(key.as_str())
        .chain(bare)
        .map(|k| k.strip_prefix("ال").unwrap_or(k))
        .collect();
    let prev = lo.checked_sub(1).and_then(|p| tokens.get(p));
    if prev.is_some_and(|t| is_place_word(&t.key)) {
        return None;
    }
    if after_place_phrase(tokens, lo) {
        return None;
    }
    // A glued ب/ل/في ("بواشنطن") makes it a place: then the key is not a bare name and finds nothing.
    capital_table()
        .iter()
        .find(|(name, _)| candidates.contains(&name.as_str()))
        .map(|(_, iso)| iso.as_str())
}

fn nisba_table() -> &'static Vec<(String, String)> {
    static TABLE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        NISBA_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (adj, iso) = l.split_once('\t')?;
                Some((rasd_text::fold(adj.trim()), iso.trim().to_ascii_lowercase()))
            })
            .collect()
    })
}

/// A token key without و/ف, then ب/ل, then ال ("وبالعدوان" → عدوان).
fn strip_event_prefix(key: &str) -> &str {
    let k = key
        .strip_prefix('و')
        .or_else(|| key.strip_prefix('ف'))
        .unwrap_or(key);
    let k = k
        .strip_prefix('ب')
        .or_else(|| k.strip_prefix('ل'))
        .filter(|rest| rest.starts_with("ال"))
        .unwrap_or(k);
    k.strip_prefix("ال").unwrap_or(k)
}

/// The state (ISO-3, lower case) whose nationality adjective the token key is, in any form
/// ("الإسرائيلية", "القطريين", "ليبيتان").
pub(crate) fn nisba_iso(key: &str) -> Option<&'static str> {
    let base = nisba_base(strip_article(key));
    nisba_table()
        .iter()
        .find(|(adj, _)| adj == base)
        .map(|(_, iso)| iso.as_str())
}

/// The masculine singular of a nationality adjective: feminine "عمانية" and plurals "العمانيين",
/// "القطريون" → "عماني", "قطري" (folded, without ال).
fn nisba_base(k: &str) -> &str {
    if let Some(b) = k.strip_suffix('ه') {
        return b;
    }
    // Dual: "ليبيتان"/"ليبيتين" (feminine), "ليبيان"/"ليبيين" is the plural case below.
    if let Some(b) = k.strip_suffix("تان").or_else(|| k.strip_suffix("تين")) {
        if b.ends_with('ي') && b.chars().count() >= 3 {
            return b;
        }
    }
    if let Some(b) = k.strip_suffix("ان") {
        if b.ends_with('ي') && b.chars().count() >= 3 {
            return b;
        }
    }
    match k.strip_suffix("ين").or_else(|| k.strip_suffix("ون")) {
        Some(b) if b.ends_with('ي') && b.chars().count() >= 3 => b,
        _ => k,
    }
}

fn strip_article(key: &str) -> &str {
    let k = key.strip_prefix('و').unwrap_or(key);
    k.strip_prefix("ال").unwrap_or(k)
}

/// The caller's entities plus descriptive actors ("وزارة الخارجية السورية" → `location:syr`) that no entity covers.
pub fn descriptive_actors(tokens: &[Token], entities: &[EntityLike]) -> Vec<EntityLike> {
    let mut out = entities.to_vec();
    // Metonymy: a capital that is a party stands for its state ("رفضت واشنطن" → location:usa).
    let mut states: Vec<(String, Span)> = Vec::new();
    for e in &mut out {
        let is_state = e.id.strip_prefix("location:").is_some_and(|s| s.len() == 3);
        if e.kind != "location" || is_state {
            continue;
        }
        e.mentions.retain(|m| match capital_as_state(tokens, *m) {
            Some(iso) => {
                states.push((iso.to_string(), *m));
                false
            }
            None => true,
        });
    }
    for (iso, span) in states {
        let id = format!("location:{iso}");
        match out.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.mentions.push(span);
                e.mentions.sort();
            }
            None => out.push(EntityLike {
                id,
                kind: "location".into(),
                country: Some(iso.to_ascii_uppercase()),
                mentions: vec![span],
                media: false,
            }),
        }
    }
    out.retain(|e| !e.mentions.is_empty());
    let covered = |s: Span| {
        entities
            .iter()
            .flat_map(|e| &e.mentions)
            .any(|m| m.start < s.end && s.start < m.end)
    };
    let mut i = 0;
    while let Some(head) = tokens.get(i) {
        let k = strip_article(&head.key);
        // "ناشد المجتمع الدولي": the international community, an unnamed actor.
        if strip_event_prefix(&head.key) == "مجتمع"
            && tokens.get(i + 1).is_some_and(|t| t.key == "الدولي")
        {
            let span = Span::new(
                head.span.start,
                tokens.get(i + 1).map_or(head.span.end, |t| t.span.end),
            );
            if !covered(span) {
                let id = format!("{UNNAMED_PREFIX}مجتمع دولي");
                add_actor_mention(&mut out, id, "organization", None, span);
                i += 2;
                continue;
            }
        }
        // "غارة للاحتلال الإسرائيلي", "اعتقلها الاحتلال": the occupation, bare, is Israel as Arab
        // and Palestinian outlets use it; with a nationality adjective it is that state
        // ("الاحتلال الأمريكي"). (After an actor head — "قوات الاحتلال" — the head rule below
        // already took it.)
        let bare = {
            let k = head.key.strip_prefix('و').unwrap_or(&head.key);
            k.strip_prefix("لل")
                .or_else(|| k.strip_prefix("بال"))
                .or_else(|| k.strip_prefix("ال"))
        };
        if bare == Some("احتلال") && !covered(head.span) {
            let adjective = tokens
                .get(i + 1)
                .and_then(|t| Some((t.span, nisba_iso(&t.key)?.to_string())));
            let (span, iso, step) = match adjective {
                Some((adj, iso)) => (Span::new(head.span.start, adj.end), iso, 2),
                None => (head.span, "isr".to_string(), 1),
            };
            let country = Some(iso.to_ascii_uppercase());
            add_actor_mention(
                &mut out,
                format!("location:{iso}"),
                "location",
                country,
                span,
            );
            i += step;
            continue;
        }
        // "قرار دول عربية قطع العلاقات", "الدول الغربية": a group of states, unnamed.
        if k == "دول" {
            let adj = tokens
                .get(i + 1)
                .map(|t| strip_article(&t.key).to_string())
                .filter(|a| STATE_GROUP_ADJECTIVES.contains(&a.as_str()));
            if let (Some(adj), Some(next)) = (adj, tokens.get(i + 1)) {
                let span = Span::new(head.span.start, next.span.end);
                if !covered(span) {
                    let id = format!("{UNNAMED_PREFIX}دول {adj}");
                    add_actor_mention(&mut out, id, "organization", None, span);
                    i += 2;
                    continue;
                }
            }
        }
        // "وزراء الخارجية العرب", "القادة العرب", "الزعماء العرب": the Arab states' leaders or
        // ministers acting together, an unnamed group.
        // (strip_article also drops a conjunction و, which "وزراء" starts with.)
        let leaders = |w: &str| matches!(w, "وزراء" | "قاده" | "زعماء" | "رووساء");
        if leaders(&head.key) || leaders(k) {
            let arab = (1..=2).find(|d| tokens.get(i + d).is_some_and(|t| t.key == "العرب"));
            if let Some(d) = arab {
                let span = Span::new(
                    head.span.start,
                    tokens.get(i + d).map_or(head.span.end, |t| t.span.end),
                );
                if !covered(span) {
                    // Without a conjunction glued to the head ("والقادة العرب").
                    let h = head
                        .key
                        .strip_prefix('و')
                        .filter(|r| leaders(r) || leaders(strip_article(r)))
                        .unwrap_or(&head.key);
                    let name = std::iter::once(h)
                        .chain(
                            tokens
                                .get(i + 1..=i + d)
                                .unwrap_or(&[])
                                .iter()
                                .map(|t| t.key.as_str()),
                        )
                        .collect::<Vec<_>>()
                        .join(" ");
                    add_actor_mention(
                        &mut out,
                        format!("{UNNAMED_PREFIX}{name}"),
                        "organization",
                        None,
                        span,
                    );
                    i += d + 1;
                    continue;
                }
            }
        }
        // Groups of people act as unnamed actors, definite or not ("هجوم نفذه مسلحون", "اقتحم
        // المستوطنون المسجد").
        if let Some((_, name)) = UNNAMED_GROUPS.iter().find(|(forms, _)| forms.contains(&k)) {
            if !covered(head.span) {
                let id = format!("{UNNAMED_PREFIX}{name}");
                add_actor_mention(&mut out, id, "organization", None, head.span);
            }
            i += 1;
            continue;
        }
        // "من طرف الشرطة": "by", not a side of talks.
        if k == "طرف"
            && i.checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|t| t.key == "من")
        {
            i += 1;
            continue;
        }
        let event_head = EVENT_NOUN_HEADS.contains(&strip_event_prefix(&head.key));
        let head_word =
            actor_heads().iter().any(|h| h == k) || UNNAMED_HEADS.contains(&k) || event_head;
        if !head_word || covered(head.span) {
            i += 1;
            continue;
        }
        // An event noun takes its adjective right after it; an actor head one within 3 tokens.
        let window = if event_head { 1 } else { 3 };
        // Not across a prepositional phrase: "وأشاد الوزير بالدعم الأمريكي" (the support is
        // American, the minister is not). (A partitive من stays: "قوات من الأمن المصري".)
        let governed = |t: &Token| {
            opens_prepositional_phrase(&t.key) && t.key.strip_prefix('و').unwrap_or(&t.key) != "من"
        };
        let found = tokens
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(window)
            .take_while(|(_, t)| !governed(t))
            .find_map(|(j, t)| Some((j, t.span, nisba_iso(&t.key)?.to_string())))
            .or_else(|| {
                // "قوات الاحتلال" without an adjective: Israel, as Arab and Palestinian outlets use it
                // ("قوات الاحتلال الإسرائيلي" takes the adjective above, so the mention names Israel).
                let t = tokens.get(i + 1).filter(|_| !event_head)?;
                (strip_article(&t.key) == "احتلال").then(|| (i + 1, t.span, "isr".to_string()))
            });
        match found {
            Some((j, adj_span, iso)) if !covered(adj_span) => {
                let span = if event_head {
                    adj_span
                } else {
                    Span::new(head.span.start, adj_span.end)
                };
                let id = format!("location:{iso}");
                add_actor_mention(
                    &mut out,
                    id,
                    "location",
                    Some(iso.to_ascii_uppercase()),
                    span,
                );
                i = j + 1;
            }
            _ => {
                // A bare definite institution ("اعتقلت الشرطة", "دعت النقابة"): an unnamed actor, kept
                // for source/target but never used to merge events across articles.
                let bare = head.key.strip_prefix('و').unwrap_or(&head.key);
                let k = strip_article(&head.key);
                // "وحدات الشرطة", "أعوان الجيش": the institution named next is the actor.
                let of_institution = matches!(k, "وحدات" | "اعوان")
                    && tokens
                        .get(i + 1)
                        .is_some_and(|t| UNNAMED_HEADS.contains(&strip_article(&t.key)));
                if bare.starts_with("ال") && UNNAMED_HEADS.contains(&k) && !of_institution {
                    let id = format!("{UNNAMED_PREFIX}{k}");
                    add_actor_mention(&mut out, id, "organization", None, head.span);
                }
                i += 1;
            }
        }
    }
    out
}

/// Id prefix of unnamed actors (a bare institution noun); the merge ignores them.
pub const UNNAMED_PREFIX: &str = "unnamed:";

/// Adjectives that make "دول …" a group of states acting together (folded, without ال).
const STATE_GROUP_ADJECTIVES: &[&str] = &[
    "عربيه",
    "خليجيه",
    "غربيه",
    "اوروبيه",
    "افريقيه",
    "اسلاميه",
    "اسيويه",
    "مجاوره",
    "كبري",
];

/// Plural nouns naming groups of people that act in the news, with the name of the unnamed
/// actor they make (both case forms, folded, without ال).
const UNNAMED_GROUPS: &[(&[&str], &str)] = &[
    (&["مسلحون", "مسلحين"], "مسلحون"),
    (&["مستوطنون", "مستوطنين"], "مستوطنون"),
    (&["متظاهرون", "متظاهرين"], "متظاهرون"),
    (&["محتجون", "محتجين"], "محتجون"),
];

/// Bare institution nouns coded as unnamed actors (folded, without ال).
const UNNAMED_HEADS: &[&str] = &[
    // "تمكنت الوحدات الأمنية من إيقاف", "اعتداء أعوان الأمن على": the security forces, unnamed.
    "وحدات",
    "اعوان",
    "شرطه",
    "حكومه",
    "نقابه",
    "وزاره",
    "جيش",
    "سلطات",
    "نيابه",
    "محكمه",
];

/// Types whose actors are all participants alike (a meeting, an agreement, cooperation): co-subjects are targets too.
pub fn is_symmetric(ty: EventType) -> bool {
    matches!(
        ty,
        EventType::Consult | EventType::Agree | EventType::Cooperate
    )
}

/// The event date of a sentence: a date expression in it, else the publication date.
pub(crate) fn event_date(
    sent: Span,
    dates: &[DateMention],
    published: Option<Ymd>,
) -> (Option<String>, &'static str) {
    let inside: Vec<&DateMention> = dates
        .iter()
        .filter(|d| d.start >= sent.start && d.end <= sent.end)
        .collect();
    let pick = inside
        .iter()
        .find(|d| d.precision == Precision::Day)
        .or_else(|| inside.first());
    match (pick, published) {
        (Some(d), _) => (
            Some(d.value.clone()),
            match d.precision {
                Precision::Day => "day",
                Precision::Month => "month",
                Precision::Year => "year",
                Precision::Range => "range",
            },
        ),
        (None, Some(p)) => (Some(p.iso()), "publication"),
        (None, None) => (None, "unknown"),
    }
}

/// True when `before` (sentence text up to the trigger) leaves a quotation open.
fn in_quotes(before: &str) -> bool {
    let count = |c: char| before.chars().filter(|&x| x == c).count();
    count('«') > count('»') || count('“') > count('”') || count('"') % 2 == 1
}

/// Codes an article with the shipped dictionary (loaded once).
pub fn code_article(
    text: &str,
    published: Option<Ymd>,
    entities: &[EntityLike],
) -> Vec<EventMention> {
    match default_coder() {
        Some(c) => c.code(text, published, entities),
        None => Vec::new(),
    }
}

/// [`code_article`] and [`crate::find_claims`] with the work they share done once.
pub fn code_article_with_claims(
    text: &str,
    published: Option<Ymd>,
    entities: &[EntityLike],
) -> (Vec<EventMention>, Vec<crate::Claim>) {
    match default_coder() {
        Some(c) => c.code_with_claims(text, published, entities),
        None => (Vec::new(), Vec::new()),
    }
}

/// The shipped-dictionary coder, built once per process (compiling the patterns costs more than coding an article).
pub(crate) fn default_coder() -> Option<&'static Coder> {
    static CODER: OnceLock<Option<Coder>> = OnceLock::new();
    CODER.get_or_init(|| Coder::load_default().ok()).as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entities by literal name: every occurrence of each name becomes a mention (char offsets).
    fn ents(text: &str, names: &[(&str, &str, &str)]) -> Vec<EntityLike> {
        names
            .iter()
            .map(|(id, kind, name)| {
                let chars: Vec<char> = text.chars().collect();
                let n: Vec<char> = name.chars().collect();
                let mentions = (0..chars.len().saturating_sub(n.len() - 1))
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

    /// Codes `text` with these entities plus the descriptive actors found in it, and returns the
    /// first mention of type `ty` (the test fails when there is none).
    fn coded(text: &str, names: &[(&str, &str, &str)], ty: EventType) -> EventMention {
        let e = descriptive_actors(&rasd_text::tokens(text), &ents(text, names));
        first_of(&code_article(text, pub_date(), &e), ty).clone()
    }

    /// The first coded mention of type `ty` (the test fails when there is none).
    fn first_of(ms: &[EventMention], ty: EventType) -> &EventMention {
        ms.iter()
            .find(|m| m.event_type == ty)
            .unwrap_or_else(|| panic!("no {ty:?} in {ms:?}"))
    }

    /// Source and target ids of a mention, sorted (for symmetric events).
    fn participants(m: &EventMention) -> Vec<&str> {
        let mut all: Vec<&str> = m
            .source
            .iter()
            .chain(&m.target)
            .map(String::as_str)
            .collect();
        all.sort();
        all
    }

    fn pub_date() -> Option<Ymd> {
        Ymd::new(2025, 12, 20)
    }

    #[test]
    fn every_mention_text_is_the_char_slice_of_the_article() {
        let text =
            "عاجل 🔴 — «التقى» وزير خارجية مصر نظيره الأردني في عمّان.\nوقصفت طائرات غزة أمس الجمعة.";
        let e = ents(
            text,
            &[
                ("location:egy", "location", "مصر"),
                ("location:pse", "location", "غزة"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        assert!(ms.len() >= 2);
        for m in &ms {
            assert_eq!(Span::new(m.start, m.end).slice(text), Some(m.text.as_str()));
            assert_eq!(m.trigger.slice(text), Some(m.trigger_text.as_str()));
        }
    }

    #[test]
    fn meeting_codes_consult_with_every_participant_and_relative_date() {
        let text = "التقى الرئيس المصري عبد الفتاح السيسي أمس الجمعة العاهل الأردني الملك عبد الله الثاني في القاهرة.";
        let e = ents(
            text,
            &[
                ("sisi", "person", "عبد الفتاح السيسي"),
                ("abdullah2", "person", "الملك عبد الله الثاني"),
                ("location:cairo", "location", "القاهرة"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms.len(), 1);
        let m = &ms[0];
        assert_eq!(m.event_type, EventType::Consult);
        assert_eq!(m.source, vec!["sisi"]);
        assert_eq!(m.target, vec!["abdullah2"]);
        assert_eq!(m.location.as_deref(), Some("location:cairo"));
        assert_eq!(m.date.as_deref(), Some("2025-12-19"));
        assert_eq!(m.date_precision, "day");
        assert_eq!(m.mode, Mode::Asserted);
    }

    #[test]
    fn negation_before_the_verb_gives_negated_mode() {
        let text = "لم يلتق وزير الخارجية الإيراني نظيره السعودي.";
        let ms = code_article(text, pub_date(), &[]);
        assert_eq!(ms[0].mode, Mode::Negated);
    }

    #[test]
    fn future_prefix_and_scheduled_are_future() {
        let a = code_article("وسيلتقي الوزيران الأسبوع المقبل.", pub_date(), &[]);
        assert_eq!(a[0].mode, Mode::Future);
        let b = code_article("ومن المقرر أن يجتمع القادة في الرياض.", pub_date(), &[]);
        assert_eq!(b[0].mode, Mode::Future);
        let c = code_article(
            "وإذا فرضت واشنطن عقوبات جديدة فسترد طهران.",
            pub_date(),
            &[],
        );
        assert_eq!(c[0].mode, Mode::Hypothetical);
    }

    #[test]
    fn speaker_is_attribution_and_reported_actor_is_source() {
        let text =
            "قال المتحدث باسم الخارجية الروسية ماريا زاخاروفا إن أوكرانيا قصفت مدينة بيلغورود.";
        let e = ents(
            text,
            &[
                ("zakharova", "person", "ماريا زاخاروفا"),
                ("location:ukr", "location", "أوكرانيا"),
                ("location:belgorod", "location", "بيلغورود"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Assault);
        assert_eq!(m.attributed_to.as_deref(), Some("zakharova"));
        assert!(m.reported);
        assert_eq!(m.source, vec!["location:ukr"]);
        assert!(
            m.location.as_deref() == Some("location:belgorod")
                || m.target == vec!["location:belgorod"]
        );
    }

    #[test]
    fn unnamed_source_is_recorded_as_text() {
        let text = "وذكرت مصادر أمنية تركية أن الشرطة اعتقلت 12 شخصا في إسطنبول.";
        let ms = code_article(text, pub_date(), &[]);
        assert_eq!(ms[0].event_type, EventType::Coerce);
        assert_eq!(ms[0].attributed_to, None);
        assert_eq!(
            ms[0].attributed_to_text.as_deref(),
            Some("مصادر أمنية تركية")
        );
    }

    #[test]
    fn ministry_with_nationality_adjective_is_a_country_actor() {
        let text = "واتهمت وزارة الخارجية السورية الولايات المتحدة بسرقة النفط.";
        let e = ents(text, &[("location:usa", "location", "الولايات المتحدة")]);
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].event_type, EventType::Accuse);
        assert_eq!(ms[0].source, vec!["location:syr"]);
        assert_eq!(ms[0].target, vec!["location:usa"]);
    }

    #[test]
    fn a_neighbourhood_named_after_a_capital_is_a_place_not_a_state() {
        let text = "وداهمت الوحدات الأمنية شقة في حي الرياض بمدينة سوسة.";
        let e = descriptive_actors(
            &rasd_text::tokens(text),
            &ents(text, &[("location:geonames-108410", "location", "الرياض")]),
        );
        let ms = code_article(text, pub_date(), &e);
        assert!(
            ms.iter().all(|m| !m
                .source
                .iter()
                .chain(&m.target)
                .any(|a| a == "location:sau")),
            "{ms:?}"
        );
    }

    #[test]
    fn a_side_with_a_nationality_adjective_is_its_state() {
        let m = coded(
            "واتهم الجانب الإيراني واشنطن بدعم الإرهاب.",
            &[("location:usa", "location", "واشنطن")],
            EventType::Accuse,
        );
        assert_eq!(m.source, vec!["location:irn"]);
        assert_eq!(m.target, vec!["location:usa"]);
        let m = coded(
            "وأكد أن المحادثات مع الطرف التونسي كانت ناجحة.",
            &[],
            EventType::Consult,
        );
        assert_eq!(participants(&m), vec!["location:tun"]);
    }

    #[test]
    fn arrests_seizures_investigations_and_criticism_are_coded_in_their_senses_only() {
        let yes = [
            (
                "تمكنت الوحدات الأمنية من إيقاف 4 أشخاص قرب الحدود.",
                EventType::Coerce,
            ),
            ("وأذنت النيابة العمومية بالاحتفاظ بهم.", EventType::Coerce),
            ("وتم حجز كمية من المخدرات.", EventType::Coerce),
            ("وفرض رجال الشرطة طوقا أمنيا على المكان.", EventType::Coerce),
            (
                "أصدرت المحكمة حكما حضوريا بالسجن 6 سنوات ضد الوزير.",
                EventType::Coerce,
            ),
            ("وتم اختطاف الصحفية من أمام منزلها.", EventType::Assault),
            (
                "أطلقت الشرطة الفرنسية النار على رجل مسلح.",
                EventType::Assault,
            ),
            ("وانتقد الرئيس حكم المحكمة.", EventType::Accuse),
            (
                "وفتحت النيابة العمومية تحقيقا في الحادثة.",
                EventType::Accuse,
            ),
            (
                "وأوصت اللجنة وسائل الإعلام بعدم نشر النتائج.",
                EventType::Request,
            ),
            (
                "وبحث الوزير في اجتماعه مع نظيره الفرنسي التعاون.",
                EventType::Consult,
            ),
            ("وتم تسجيل انسحاب الكتل البرلمانية من الجلسة.", EventType::Protest),
            ("واندلعت أعمال شغب في المدينة.", EventType::Protest),
            ("تمكنت البحرية الإيطالية من إنقاذ 500 مهاجر.", EventType::Aid),
            ("حجبت السلطات مواقع قنوات الجزيرة.", EventType::Coerce),
            ("تعرض طفل لاجئ للضرب من مواطن.", EventType::Assault),
            (
                "حمّل القيادي في حركة نداء تونس خميس قسيلة المدير التنفيذي للحركة حافظ قائد السبسي مسؤولية الأزمة.",
                EventType::Accuse,
            ),
            ("اجتمع الرئيس المصري والعاهل الأردني في القاهرة.", EventType::Consult),
            ("وتعهد الرئيس الفرنسي بتقديم التجهيزات اللازمة لتونس.", EventType::Agree),
            ("وأبدى الوزير استعداده للحوار مع النقابة.", EventType::Agree),
            ("وأقدم محتجون على غلق الطريق الوطنية.", EventType::Protest),
            ("وامتنع المسؤولون عن الإدلاء بأي تصريحات.", EventType::Reject),
            ("وشجبت الخارجية المصرية الاعتداء على المسجد.", EventType::Accuse),
            ("قامت السلطات بإجلاء سكان المدينة.", EventType::Aid),
            ("وأعلنت الداخلية الفرنسية عن ترحيل المفكر.", EventType::Coerce),
            ("ورفع المحتجون شعارات تطالب بالتشغيل.", EventType::Protest),
            ("وعارض نواب الكتلة مقترح الحكومة.", EventType::Reject),
            ("وتمكن الجيش من تدمير 9 مخابئ للإرهابيين.", EventType::Assault),
            ("لقي 5 أشخاص مصرعهم في هجوم انتحاري.", EventType::Assault),
        ];
        for (text, ty) in yes {
            assert!(has_event(text, ty), "{ty:?} expected in {text}");
        }
        let no = [
            ("وقرر المكتب إيقاف خمسة لاعبين عن النشاط.", EventType::Coerce),
            ("ودعت النقابة إلى فتح تحقيق في الحادثة.", EventType::Accuse),
            ("وطالب الحزب بفتح تحقيق في الحادثة.", EventType::Accuse),
            ("وقد تم فتح بحث تحقيقي في الحادثة.", EventType::Consult),
            ("وشكر ماكرون غريمته على هجومها الكلامي.", EventType::Assault),
            (
                "واعتبر ذلك اعتداء على حقوق الشعب الفلسطيني.",
                EventType::Assault,
            ),
            (
                "وأضاف على هامش اجتماع للمجلس أن القانون تأجل.",
                EventType::Consult,
            ),
            (
                "وجدد المكتب التنفيذي في اجتماعه مساء أمس الثقة في رئيسه.",
                EventType::Consult,
            ),
            (
                "واجتمعت اللجنة الوطنية السبت وأوصت وسائل الإعلام بالحذر.",
                EventType::Consult,
            ),
            (
                "وأدت فرق المراقبة زيارات ميدانية للمحلات.",
                EventType::Consult,
            ),
            ("وانسحب النواب من الجلسة احتجاجا.", EventType::Retreat),
            ("ودرست الوزارة تفعيل العقوبات البديلة.", EventType::Sanction),
            ("ورحلت السلطات 404 طالب لجوء.", EventType::Request),
            (
                "وتعهدت فرقة الشرطة العدلية بمتابعة القضية.",
                EventType::Agree,
            ),
            ("وتم غلق الطريق بسبب الثلوج.", EventType::Protest),
            ("وأحيا الفلسطينيون ذكرى وعد بلفور.", EventType::Agree),
            ("لقي شاب مصرعه في حادث مرور.", EventType::Assault),
            ("وقتل بائع السمك في الحسيمة.", EventType::Support),
            ("وزارت سفاري بارك بالصين.", EventType::Support),
        ];
        for (text, ty) in no {
            assert!(!has_event(text, ty), "no {ty:?} expected in {text}");
        }
    }

    #[test]
    fn an_unnamed_official_with_a_nationality_adjective_acts_for_the_state() {
        let m = coded(
            "ويجري الوزير الفرنسي سلسلة من اللقاءات مع المسؤولين التونسيين.",
            &[],
            EventType::Consult,
        );
        assert_eq!(m.source, vec!["location:fra"]);
        assert_eq!(m.target, vec!["location:tun"]);
        // Named, the official is the person ("زار السفير الفرنسي أوليفيي دارفور").
        let m = coded(
            "زار السفير الفرنسي أوليفيي دارفور مدينة قرقنة.",
            &[("person:x-darfur", "person", "أوليفيي دارفور")],
            EventType::Consult,
        );
        assert_eq!(m.source, vec!["person:x-darfur"]);
        // Security bodies named by their state, European ones too.
        let m = coded(
            "تمكن خفر السواحل الإيطالي أمس من إنقاذ مئات المهاجرين.",
            &[],
            EventType::Aid,
        );
        assert_eq!(m.source, vec!["location:ita"]);
        let m = coded(
            "واعتقلت قوى الأمن الداخلي اللبناني رجلا.",
            &[],
            EventType::Coerce,
        );
        assert_eq!(m.source, vec!["location:lbn"]);
        // The adjective is not read across a prepositional phrase, and "من طرف" names the agent.
        let m = coded(
            "وتم إيقافه من طرف الشرطة البريطانية.",
            &[],
            EventType::Coerce,
        );
        assert_eq!(m.source, vec!["location:gbr"]);
    }

    #[test]
    fn a_party_after_a_preposition_is_no_verb_initial_subject() {
        // The praiser is an unnamed minister; the army received the support.
        let m = coded(
            "وأشاد الوزير بالدعم الأمريكي للجيش اللبناني.",
            &[("org:lebanese-army", "organization", "الجيش اللبناني")],
            EventType::Support,
        );
        assert!(m.source.is_empty(), "{m:?}");
        let m = coded(
            "واتفق الوزير مع قطر على تعزيز التعاون.",
            &[("location:qat", "location", "قطر")],
            EventType::Agree,
        );
        assert!(m.source.is_empty(), "{m:?}");
        assert_eq!(m.target, vec!["location:qat"]);
        // ل after a title names the title holder's body: the subject.
        let m = coded(
            "ودعا الأمين العام للأمم المتحدة إلى وقف فوري لإطلاق النار.",
            &[("org:un", "organization", "للأمم المتحدة")],
            EventType::Request,
        );
        assert_eq!(m.source, vec!["org:un"]);
        // Without a preposition the party after the verb is still its subject.
        let m = coded(
            "وأشادت تركيا بالدعم القطري.",
            &[("location:tur", "location", "تركيا")],
            EventType::Support,
        );
        assert_eq!(m.source, vec!["location:tur"]);
    }

    #[test]
    fn an_event_noun_s_nationality_adjective_is_the_object_not_the_subject() {
        // The condemned shelling is Israel's: Israel is the target, the condemner is unnamed.
        let m = coded("وأدان القصف الإسرائيلي على غزة.", &[], EventType::Accuse);
        assert!(m.source.is_empty(), "{m:?}");
        assert_eq!(m.target.first().map(String::as_str), Some("location:isr"));
        let m = coded(
            "ندد الرئيس بالهجوم التركي على شمال سوريا.",
            &[],
            EventType::Accuse,
        );
        assert!(m.source.is_empty(), "{m:?}");
        assert_eq!(m.target, vec!["location:tur"]);
        // With a named subject, it stays the source.
        let m = coded(
            "أدانت قطر القصف الإسرائيلي على غزة.",
            &[("location:qat", "location", "قطر")],
            EventType::Accuse,
        );
        assert_eq!(m.source, vec!["location:qat"]);
        assert_eq!(m.target.first().map(String::as_str), Some("location:isr"));
        // After a noun that names the actor itself, the adjective is still the subject.
        let m = coded(
            "وهدد المسؤول الإيراني بالرد على أي هجوم أمريكي.",
            &[],
            EventType::Threaten,
        );
        assert_eq!(m.source, vec!["location:irn"]);
        let m = coded(
            "ورفض الاحتلال الإسرائيلي الإفراج عن الأسرى.",
            &[],
            EventType::Reject,
        );
        assert_eq!(m.source, vec!["location:isr"]);
    }

    /// Whether `text` (no entities) is coded with an event of type `ty`.
    fn has_event(text: &str, ty: EventType) -> bool {
        code_article(text, pub_date(), &[])
            .iter()
            .any(|m| m.event_type == ty)
    }

    #[test]
    fn trigger_words_in_another_sense_are_no_events() {
        use EventType::{Assault, Consult, Request};
        // Looking for, hosting a count, a morsel, a call to the press: no talks.
        assert!(!has_event("ما زال خفر السواحل يبحث عن 3 آخرين.", Consult));
        assert!(has_event(
            "يبحث الوزير مع نظيره الفرنسي التعاون الأمني.",
            Consult
        ));
        assert!(!has_event("مدينة ران التي تستقبل آلاف النازحين.", Consult));
        // In exchange for damages, a helicopter crash, budget support: no meeting, attack or backing.
        assert!(!has_event(
            "قضت المحكمة بسجنه 8 أشهر مع الغرامات لقاء الضرر البدني.",
            Consult
        ));
        assert!(has_event(
            "وجرى لقاء بين الوزيرين التونسي والليبي.",
            Consult
        ));
        assert!(!has_event(
            "قتل 12 جنديا تركيا في تحطم مروحية عسكرية.",
            Assault
        ));
        assert!(!has_event(
            "ستكون هناك إجراءات خاصة لدعم السياحة.",
            EventType::Support
        ));
        assert!(!has_event(
            "قرر المجلس رفع التأشيرة في إطار دعم السياحة الوطنية.",
            EventType::Support
        ));
        assert!(has_event("أشاد رئيس النادي بالجمهور.", EventType::Support));
        let m = coded(
            "أعلنت قطر دعمها للحكومة الليبية.",
            &[("location:qat", "location", "قطر")],
            EventType::Support,
        );
        assert_eq!(m.source, vec!["location:qat"]);
        assert!(!has_event(
            "وزير التنمية و الاستثمار و التعاون الدولي : فاضل عبد الكافي",
            EventType::Cooperate
        ));
        // A coming meeting is future.
        let ms = code_article("تحدث عن اجتماع مرتقب بين وزراء الخارجية.", pub_date(), &[]);
        assert_eq!(ms.first().map(|m| m.mode), Some(Mode::Future));
        let ms = code_article("انعقد الاجتماع بين وزراء الخارجية.", pub_date(), &[]);
        assert_eq!(ms.first().map(|m| m.mode), Some(Mode::Asserted));
        // What is threatened has not happened; the threat is the event.
        assert!(!has_event("تلقى تهديدات بتفجير مبنى المجموعة.", Assault));
        assert!(has_event(
            "تلقى تهديدات بتفجير مبنى المجموعة.",
            EventType::Threaten
        ));
        assert!(!has_event("هدد الوزير بقطع العلاقات.", EventType::Sanction));
        // A dog's attack, a club's withdrawal from a competition, a danger to health.
        assert!(!has_event(
            "تعرضت امرأة إلى هجوم من قبل كلب، مما أدى إلى نقلها إلى المستشفى.",
            Assault
        ));
        assert!(!has_event(
            "ترشح النادي بعد انسحاب نادي القوات المسلحة من المسابقة إثر هزيمته في مقابلة الذهاب.",
            EventType::Retreat
        ));
        assert!(!has_event(
            "قال إن الذبح العشوائي من شأنها أن تهدد صحة المواطن.",
            EventType::Threaten
        ));
        // Auxiliary medical staff, not aid.
        assert!(!has_event(
            "أهابت الوزارة بالعناصر الطبية والطبية المساعدة الالتحاق بمستشفياتهم.",
            EventType::Aid
        ));
        assert!(has_event(
            "أعلنت تركيا تقديم المساعدة لقطر.",
            EventType::Aid
        ));
        // "قصفاً" is the noun: the verb in "أن قصفاً جوياً استهدف المدرسة" is استهدف.
        let ms = code_article(
            "وأكدت المنظمة أن قصفاً جوياً استهدف المدرسة.",
            pub_date(),
            &[],
        );
        assert_eq!(
            ms.iter()
                .map(|m| m.trigger_text.as_str())
                .collect::<Vec<_>>(),
            vec!["استهدف"]
        );
        assert!(has_event(
            "استقبل رئيس الجمهورية وزير الخارجية القطري.",
            Consult
        ));
        assert!(!has_event("هاجر الى ايطاليا بحثا عن لقمة العيش.", Consult));
        assert!(!has_event(
            "وأكد في اتصال هاتفي مع الجوهرة أف أم أن الوضع مستقر.",
            Consult
        ));
        assert!(!has_event("وقالت في اتصال هاتفي إن الوضع مستقر.", Consult));
        assert!(has_event(
            "أجرى الرئيس اتصالا هاتفيا مع نظيره التركي.",
            Consult
        ));
        // Counted in hundreds or more: a statistic, not a visit (a year is no count).
        assert!(!has_event(
            "أدت فرق المراقبة أكثر من 5000 زيارة إلى المحلات.",
            Consult
        ));
        assert!(!has_event(
            "بعد القيام ب 887 زيارة ميدانية للمكتبات.",
            Consult
        ));
        assert!(!has_event(
            "وشارف عدد الأسرى منذ عام 1948 على مليون حالة اعتقال.",
            EventType::Coerce
        ));
        // A festival is no protest; a demonstration against something is.
        assert!(!has_event(
            "وأثث هذه التظاهرة عدد من الوجوه الفنية.",
            EventType::Protest
        ));
        assert!(has_event(
            "خرجت تظاهرة حاشدة ضد الحكومة في العاصمة.",
            EventType::Protest
        ));
        assert!(!has_event("ينشط في خطة قلب هجوم.", Assault));
        assert!(!has_event(
            "تظاهر شاب بفقدانه البصر في الطريق العام.",
            EventType::Protest
        ));
        assert!(has_event(
            "تظاهر نحو ألفي شخص في مدينة الحسيمة.",
            EventType::Protest
        ));
        assert!(has_event(
            "تظاهر المواطنون بالآلاف في العاصمة.",
            EventType::Protest
        ));
        // The speaker quoted about others' attacks is not their source; "we hold talks" is his.
        let m = coded(
            "وقال شينبوم رئيس المكتب للصحيفة \"نلاحظ هجمات ضد الشبكات الحكومية بشكل يومي.\"",
            &[("person:s", "person", "شينبوم")],
            Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        let m = coded(
            "وقال مسؤول قطري \"نجري محادثات مع تركيا ودول أخرى\".",
            &[
                ("location:qat", "location", "قطري"),
                ("location:tur", "location", "تركيا"),
            ],
            Consult,
        );
        assert_eq!(m.source, vec!["location:qat".to_string()]);
        // Reaching results is no agreement; reaching a deal is.
        assert!(!has_event(
            "وتوصلت الدراسة إلى بعض النتائج المثيرة للدهشة.",
            EventType::Agree
        ));
        assert!(has_event(
            "توصلت الحكومة والنقابة إلى اتفاق بشأن الزيادة في الأجور.",
            EventType::Agree
        ));
        // Accidents are no attacks; a shooting in an accident report still is.
        assert!(!has_event(
            "جد حادث مرور بمنطقة بئر الشباك ما أسفر عن مقتل سيدة وطفلة.",
            Assault
        ));
        assert!(!has_event(
            "ارتفعت حصيلة انقلاب سيارة عسكرية إلى مقتل 4 عسكريين.",
            Assault
        ));
        assert!(!has_event(
            "قال المتحدث إن الحادث ناجم عن عطل فني أسفر عن مقتل 4 من طاقم الطائرة.",
            Assault
        ));
        assert!(!has_event(
            "الملاعب التي ستستقبل نحو 7 ملايين متفرج.",
            Consult
        ));
        assert!(has_event(
            "أسفر هجوم مسلح قرب موقع الحادث عن مقتل 3 من ضباط الشرطة.",
            Assault
        ));
        // A match hosted, a team's standing, a coach leaving: sport, not politics.
        assert!(!has_event(
            "يستقبل النجم الساحلي اليوم نادي الهلال في مباراة الجولة الثالثة على الملعب الأولمبي.",
            Consult
        ));
        assert!(!has_event(
            "دعم الاتحاد المنستيري موقعه في الصدارة بعد فوزه في مباراة مؤجلة على ملعب قفصة.",
            EventType::Support
        ));
        assert!(has_event(
            "ينعقد اليوم الاجتماع الأمني الخاص بمباراة النجم الساحلي على ملعب سوسة.",
            Consult
        ));
        // A student, not a demand.
        assert!(!has_event("تشير إلى أنه طالب جزائري الجنسية.", Request));
        assert!(has_event("طالب الاتحاد بإطلاق سراح الموقوفين.", Request));
        // What a programme or a campaign aims at is no attack.
        assert!(!has_event(
            "اعتماد وقاية ثانوية تستهدف الأشخاص المدخنين.",
            Assault
        ));
        assert!(!has_event(
            "ويعمل البنك على استراتيجية جديدة تستهدف خلق الفرص للشباب.",
            Assault
        ));
        assert!(has_event(
            "غارة جوية تستهدف مواقع المسلحين في سرت.",
            Assault
        ));
        assert!(!has_event(
            "ندد المحتجون بكثرة المحاضر التي أصبحت تستهدفهم.",
            Assault
        ));
        // The risk of attacks is no attack; a crowd is no mobilization; a danger is no threat.
        assert!(!has_event(
            "تستوعب الأحزاب خطر الهجمات قبل الانتخابات.",
            Assault
        ));
        assert!(!has_event(
            "صدمت شاحنة حشدا من المارة.",
            EventType::Mobilize
        ));
        assert!(has_event(
            "حشد الجيش قواته على الحدود.",
            EventType::Mobilize
        ));
        assert!(!has_event(
            "مياه في أوعية تشكل تهديدا لصحتهم.",
            EventType::Threaten
        ));
        assert!(!has_event(
            "لمواجهة التحديات التي تهدد الوجهات السياحية.",
            EventType::Threaten
        ));
        assert!(has_event(
            "هدد الرئيس بفرض عقوبات على الشركة.",
            EventType::Threaten
        ));
        assert!(has_event(
            "احتد النقاش الى درجة تهديد النواب بالتصعيد.",
            EventType::Threaten
        ));
        assert!(!has_event(
            "مشكلة الإرهاب بإمكانها أن تهدد أمننا جميعا.",
            EventType::Threaten
        ));
        // A match, converging aims, tutoring, help in an arrest, a ministry's name.
        assert!(!has_event(
            "بعد أن تمكن من الإنتصار في لقاء ذهاب الدور النهائي.",
            Consult
        ));
        assert!(!has_event(
            "أطراف تختلف أجنداتها ولكن تلتقي أهدافها.",
            Consult
        ));
        assert!(has_event("يلتقي الرئيس اليوم نظيره الجزائري.", Consult));
        assert!(!has_event(
            "تقديم دروس دعم مجانية للتلاميذ.",
            EventType::Support
        ));
        assert!(!has_event(
            "تم القبض عليه بمساعدة بعض المواطنين.",
            EventType::Aid
        ));
        // A pledge of help is PLOVER AGREE (CAMEO 033, intent to provide aid), coded from the
        // verb; the aid noun after it is its content.
        assert!(has_event(
            "تعهدت المؤسسات الدولية بمساعدة تونس في التمويل.",
            EventType::Agree
        ));
        assert!(has_event(
            "قامت المؤسسات الدولية بمساعدة تونس في التمويل.",
            EventType::Aid
        ));
        assert!(!has_event(
            "يؤدي وزير الشؤون الخارجية والتعاون الدولي لجمهورية إيطاليا اليوم زيارة إلى تونس.",
            EventType::Cooperate
        ));
        assert!(!has_event(
            "في سؤال لوزير التنمية والاستثمار والتعاون الدولي خلال جلسة عامة.",
            EventType::Cooperate
        ));
    }

    #[test]
    fn a_ceasefire_written_without_a_proclitic_is_not_an_attack() {
        // The و of "وقف" is its first letter.
        assert!(!has_event(
            "وقف إطلاق النار في غزة يدخل حيز التنفيذ.",
            EventType::Assault
        ));
    }

    #[test]
    fn a_ceasefire_is_not_an_attack() {
        assert!(!has_event(
            "الأمم المتحدة تصوت اليوم على مشروع قرار لوقف إطلاق النار في سوريا.",
            EventType::Assault
        ));
        assert!(has_event(
            "وأصيب جندي في إطلاق نار قرب الحدود.",
            EventType::Assault
        ));
    }

    #[test]
    fn a_source_cited_with_hasab_is_not_the_actor() {
        let text = "وأسفرت الغارات عن مقتل نحو 35 شخصا، حسب وزارة الصحة في غزة.";
        let e = ents(
            text,
            &[("organization:x-wzrh-shh", "organization", "وزارة الصحة")],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Assault);
        assert!(m.source.is_empty(), "{:?}", m.source);
        assert_eq!(m.attributed_to.as_deref(), Some("organization:x-wzrh-shh"));
    }

    #[test]
    fn an_organization_before_a_person_is_the_person_s_affiliation() {
        let text = "توعد الأمين العام لحزب الله حسن نصر الله إسرائيل بالرد.";
        let e = ents(
            text,
            &[
                ("org:hezbollah", "organization", "حزب الله"),
                ("person:hassan-nasrallah", "person", "حسن نصر الله"),
                ("location:isr", "location", "إسرائيل"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Threaten);
        assert_eq!(m.source, vec!["person:hassan-nasrallah"]);
        assert_eq!(m.target, vec!["location:isr"]);
    }

    #[test]
    fn a_clause_with_its_own_subject_is_not_the_speaker_s_act() {
        let m = coded(
            "وقال وائل الدحدوح مراسل الجزيرة إن القصف استهدف المنزل.",
            &[("person:dahdouh", "person", "وائل الدحدوح")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        // What follows the verb is no subject either ("… بمحافظة المنيا").
        let m = coded(
            "وقال شهود عيان إن الهجوم استهدف حافلة بمحافظة المنيا.",
            &[("location:minya", "location", "المنيا")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        // A pronoun on the complementizer is the speaker: "she did it".
        let m = coded(
            "وكشفت الشرطة أن الحادث لا صلة له بالإرهاب، وأكدت أنها اعتقلت السائق.",
            &[("org:police", "organization", "الشرطة")],
            EventType::Coerce,
        );
        assert_eq!(m.source, vec!["org:police".to_string()]);
    }

    #[test]
    fn the_speaker_before_a_complement_clause_is_no_party_of_its_noun_event() {
        let m = coded(
            "قال القيادي في الحزب طارق الكحلاوي إن استقالة الوزير لزهر العكرمي جاءت متأخرة.",
            &[
                ("person:kahlaoui", "person", "طارق الكحلاوي"),
                ("person:akremi", "person", "لزهر العكرمي"),
            ],
            EventType::Concede,
        );
        assert!(
            !m.source.contains(&"person:kahlaoui".to_string()),
            "{:?}",
            m.source
        );
        assert!(!has_event(
            "ستجرى لقاءات الإياب بعدها بأسبوع.",
            EventType::Consult
        ));
    }

    #[test]
    fn the_speaker_of_a_complement_clause_is_no_co_announcer_of_its_talks() {
        let m = coded(
            "وقالت الوزيرة لمياء الزريبي ووكالة تونس إفريقيا للأنباء إن المفاوضات مع صندوق النقد الدولي متقدمة.",
            &[
                ("person:zribi", "person", "لمياء الزريبي"),
                ("org:tap", "organization", "وكالة تونس إفريقيا للأنباء"),
                ("org:imf", "organization", "صندوق النقد الدولي"),
            ],
            EventType::Consult,
        );
        assert!(
            !participants(&m).contains(&"person:zribi"),
            "{:?} {:?}",
            m.source,
            m.target
        );
    }

    #[test]
    fn who_denies_an_accusation_is_its_target() {
        let m = coded(
            "ونفت قطر الاتهامات التي وجهتها لها دول خليجية بدعم الإرهاب.",
            &[
                ("location:qat", "location", "قطر"),
                ("location:sau", "location", "دول خليجية"),
            ],
            EventType::Accuse,
        );
        assert_eq!(m.target, vec!["location:qat".to_string()]);
        assert_eq!(m.source, vec!["location:sau".to_string()]);
        assert_eq!(m.mode, Mode::Asserted);
    }

    #[test]
    fn who_comments_on_an_event_is_not_its_source() {
        let m = coded(
            "علّق وزير التكوين المهني زياد العذاري على الاحتجاجات التي رافقت زيارته.",
            &[("person:adhari", "person", "زياد العذاري")],
            EventType::Protest,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        // Those who go on strike are still its source.
        let m = coded(
            "ونفذ أعوان الشركة الوطنية إضرابا عن العمل.",
            &[("org:snct", "organization", "الشركة الوطنية")],
            EventType::Protest,
        );
        assert_eq!(m.source, vec!["org:snct".to_string()]);
    }

    #[test]
    fn the_state_at_the_end_of_a_long_title_before_a_comma_and_the_name_is_no_party() {
        let m = coded(
            "يؤدي وزير الشؤون الخارجية والتعاون الدولي لجمهورية إيطاليا، باولو جانتلوني، اليوم زيارة رسمية إلى تونس.",
            &[
                ("location:ita", "location", "إيطاليا"),
                ("person:gentiloni", "person", "باولو جانتلوني"),
                ("location:tun", "location", "تونس"),
            ],
            EventType::Consult,
        );
        assert_eq!(m.source, vec!["person:gentiloni"]);
        assert!(
            !m.target.contains(&"location:ita".to_string()),
            "{:?}",
            m.target
        );
        // A state named between the title and another state is still a party.
        let m = coded(
            "زار أمير قطر الكويت، الشيخ صباح في استقباله.",
            &[
                ("location:qat", "location", "قطر"),
                ("location:kwt", "location", "الكويت"),
                ("person:sabah", "person", "الشيخ صباح"),
            ],
            EventType::Consult,
        );
        assert!(participants(&m).contains(&"location:kwt"), "{m:?}");
    }

    #[test]
    fn the_state_of_a_person_s_title_and_a_bare_title_before_the_name_are_no_parties() {
        // Title after the name: the person meets, not the state of the title.
        let m = coded(
            "وكان حيدر العبادي رئيس وزراء العراق قد التقى مع ترامب في واشنطن.",
            &[
                ("person:abadi", "person", "حيدر العبادي"),
                ("location:irq", "location", "العراق"),
                ("person:trump", "person", "ترامب"),
            ],
            EventType::Consult,
        );
        assert_eq!(m.source, vec!["person:abadi"]);
        assert_eq!(m.target, vec!["person:trump"]);
        // Title before the name, with an honorific between; a bare title right before a name
        // (which alone may resolve to another holder) is that name's designation.
        let with_countries = |mut e: Vec<EntityLike>, cs: &[&str]| {
            for (x, c) in e.iter_mut().zip(cs) {
                x.country = Some(c.to_string());
            }
            e
        };
        let text = "استقبل أمير قطر الشيخ تميم بن حمد وزير الخارجية الأمريكي ريكس تيلرسون.";
        let names = [
            ("location:qat", "location", "قطر"),
            ("person:tamim", "person", "الشيخ تميم بن حمد"),
            ("person:other", "person", "وزير الخارجية الأمريكي"),
            ("person:tillerson", "person", "ريكس تيلرسون"),
        ];
        let e = with_countries(ents(text, &names), &["QAT", "QAT", "USA", "USA"]);
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Consult);
        assert_eq!(m.source, vec!["person:tamim"]);
        assert_eq!(m.target, vec!["person:tillerson"]);
        // A bare title before a person of another country is another party.
        let text = "ولم يلتق الرئيس المصري وزير الخارجية الإيراني عباس عراقجي خلال الزيارة.";
        let names = [
            ("person:sisi", "person", "الرئيس المصري"),
            (
                "person:araghchi",
                "person",
                "وزير الخارجية الإيراني عباس عراقجي",
            ),
        ];
        let e = with_countries(ents(text, &names), &["EGY", "IRN"]);
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Consult);
        assert_eq!(m.source, vec!["person:sisi"]);
        assert_eq!(m.target, vec!["person:araghchi"]);
        // No name next to the title: the state is the party; a state right before a verb or a
        // person as the verb's object stays one ("دعت مصر جون كيري").
        for (text, names, src, tgt) in [
            (
                "أمير قطر يستقبل ترامب في الدوحة.",
                vec![
                    ("location:qat", "location", "قطر"),
                    ("person:trump", "person", "ترامب"),
                ],
                "location:qat",
                "person:trump",
            ),
            (
                "دعت مصر جون كيري إلى زيارة القاهرة.",
                vec![
                    ("location:egy", "location", "مصر"),
                    ("person:kerry", "person", "جون كيري"),
                ],
                "location:egy",
                "person:kerry",
            ),
        ] {
            let ms = code_article(text, pub_date(), &ents(text, &names));
            let m = ms.first().expect("an event");
            assert_eq!(m.source, vec![src], "{text}");
            assert_eq!(m.target, vec![tgt], "{text}");
        }
        // "Former" between the title and the name, and "وزير شؤون الدفاع".
        let text = "والاتفاقيات تم توقيعها بين وزير الدفاع التركي السابق عصمت يلماز ووزير شؤون الدفاع القطري خالد العطية.";
        let names = [
            ("location:tur", "location", "التركي"),
            ("person:yilmaz", "person", "عصمت يلماز"),
            ("location:qat", "location", "القطري"),
            ("person:attiyah", "person", "خالد العطية"),
        ];
        let ms = code_article(text, pub_date(), &ents(text, &names));
        let m = first_of(&ms, EventType::Agree);
        assert_eq!(m.target, vec!["person:yilmaz", "person:attiyah"]);
    }

    #[test]
    fn a_cited_source_is_named_after_the_comma_of_its_title() {
        let m = coded(
            "اعتقلت الشرطة 3 أشخاص، وفق ما أكده الناطق باسم المحكمة، فريد بن جحا لمراسلنا.",
            &[("person:farid", "person", "فريد بن جحا")],
            EventType::Coerce,
        );
        assert_eq!(m.attributed_to.as_deref(), Some("person:farid"));
        assert_eq!(
            m.attributed_to_text.as_deref(),
            Some("الناطق باسم المحكمة، فريد بن جحا")
        );
    }

    #[test]
    fn a_verb_after_a_comma_continues_the_subject_not_the_object_before_it() {
        let names = [
            ("location:sau", "location", "السعودية"),
            ("location:kwt", "location", "الكويت"),
            ("location:qat", "location", "الدوحة"),
        ];
        // Saudi Arabia told Kuwait of ten conditions it asked Doha to meet.
        let m = coded(
            "أبلغت السعودية الكويت بـ 10 شروط، طالبت الدوحة بتطبيقها خلال 24 ساعة.",
            &names,
            EventType::Request,
        );
        assert_eq!(m.source, vec!["location:sau"]);
        assert_eq!(m.target, vec!["location:qat"]);
        // Without the comma Kuwait stays the nearest subject; coordinated parties stay one.
        let m = coded(
            "أبلغت السعودية الكويت بشروط طالبت الدوحة بتطبيقها.",
            &names,
            EventType::Request,
        );
        assert_eq!(m.source, vec!["location:kwt"]);
        let m = coded(
            "أرسلت السعودية والكويت رسالة، طالبت الدوحة بتطبيقها.",
            &names,
            EventType::Request,
        );
        assert_eq!(m.source, vec!["location:sau", "location:kwt"]);
    }

    #[test]
    fn a_masculine_verb_does_not_take_a_feminine_body_after_it_as_subject() {
        // The ministry is the one asked, not the one asking.
        let m = coded(
            "وطالب الوزارة بتطبيق ما وقع الاتفاق بشأنه.",
            &[("org:ministry", "organization", "الوزارة")],
            EventType::Request,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        assert_eq!(m.target, vec!["org:ministry"]);
        // The feminine verb agrees: the ministry asks.
        let m = coded(
            "وطالبت الوزارة النقابة بتطبيق الاتفاق.",
            &[
                ("org:ministry", "organization", "الوزارة"),
                ("org:union", "organization", "النقابة"),
            ],
            EventType::Request,
        );
        assert_eq!(m.source, vec!["org:ministry"]);
        // A man's honorific ending in ة is no feminine body: "جلالة الملك" asks.
        let m = coded(
            "وطالب جلالة الملك الحكومة بتطبيق الاتفاق.",
            &[
                ("person:king", "person", "جلالة الملك"),
                ("org:gov", "organization", "الحكومة"),
            ],
            EventType::Request,
        );
        assert_eq!(m.source, vec!["person:king"]);
    }

    #[test]
    fn the_agent_of_an_attack_noun_follows_shanaha() {
        let text = "وتسببت غارات جوية شنها التحالف العربي على مدرسة في صعدة بمقتل عشرة أطفال.";
        let e = ents(
            text,
            &[("org:saudi-led-coalition", "organization", "التحالف العربي")],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Assault);
        assert_eq!(m.source, vec!["org:saudi-led-coalition"]);
        assert!(m.target.is_empty(), "{:?}", m.target);
        // An unnamed body led by a party: the leader.
        let m = coded(
            "استعادت القوات العراقية المدن بفضل هجمات جوية للتحالف الذي تقوده الولايات المتحدة.",
            &[
                ("location:irq", "location", "القوات العراقية"),
                ("location:usa", "location", "الولايات المتحدة"),
            ],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["location:usa"], "{m:?}");
    }

    #[test]
    fn a_news_agency_reports_an_attack_it_does_not_carry_it_out() {
        let text = "وذكرت وكالة الأنباء الفلسطينية أن زورقا حربيا هاجم مراكب الصيادين قبالة غزة.";
        let mut e = ents(
            text,
            &[("org:wafa", "organization", "وكالة الأنباء الفلسطينية")],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Assault);
        // Without the media flag the reporter used to be made the attacker.
        assert_eq!(m.source, vec!["org:wafa"]);
        e[0].media = true;
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Assault);
        assert!(m.source.is_empty(), "{:?}", m.source);
        assert_eq!(m.attributed_to.as_deref(), Some("org:wafa"));
    }

    #[test]
    fn plural_nationality_adjectives_name_their_country() {
        let text = "وأجرى وزير الخارجية الإيراني مباحثات في مسقط مع المسؤولين العمانيين.";
        let ms = code_article(text, pub_date(), &[]);
        assert_eq!(ms[0].event_type, EventType::Consult);
        assert!(
            ms[0].target.contains(&"location:omn".to_string()),
            "{:?}",
            ms[0]
        );
        assert_eq!(nisba_base("قطريون"), "قطري");
        assert_eq!(nisba_base("عمانيين"), "عماني");
        assert_eq!(nisba_base("سوريه"), "سوري");
        // Not a plural adjective: left as it is.
        assert_eq!(nisba_base("فلسطين"), "فلسطين");
    }

    #[test]
    fn nationality_adjective_with_hamza_is_matched_after_folding() {
        let text = "اعتقلت قوات الاحتلال الإسرائيلي 15 مواطنا.";
        let ms = code_article(text, pub_date(), &[]);
        assert_eq!(ms[0].source, vec!["location:isr"]);
    }

    #[test]
    fn actors_inside_a_gap_pattern_are_source_and_target() {
        let text = "حمّلت إيران الولايات المتحدة المسؤولية.";
        let e = ents(
            text,
            &[
                ("location:irn", "location", "إيران"),
                ("location:usa", "location", "الولايات المتحدة"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].event_type, EventType::Accuse);
        assert_eq!(ms[0].source, vec!["location:irn"]);
        assert_eq!(ms[0].target, vec!["location:usa"]);
    }

    #[test]
    fn aircraft_with_nationality_adjective_is_the_source_and_a_camp_is_a_place() {
        let text = "قصفت طائرات الاحتلال الإسرائيلي أمس الجمعة مخيم النصيرات في قطاع غزة.";
        let e = ents(
            text,
            &[
                ("location:nuseirat", "location", "مخيم النصيرات"),
                ("location:gaza", "location", "غزة"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].source, vec!["location:isr"]);
        assert_eq!(ms[0].location.as_deref(), Some("location:gaza"));
    }

    #[test]
    fn qad_before_a_noun_trigger_is_not_hypothetical() {
        let ms = code_article(
            "وكانت سوريا وروسيا قد وقعتا اتفاقية تعاون عسكري في عام 2015.",
            pub_date(),
            &[],
        );
        assert!(!ms.is_empty());
        // Not hypothetical; the 2015 agreement is recounted ten years later: historical.
        assert!(ms.iter().all(|m| m.mode == Mode::Historical), "{ms:?}");
        assert_eq!(ms[0].date.as_deref(), Some("2015"));
        let ms = code_article(
            "ووقعت سوريا وروسيا اتفاقية في أكتوبر 2025.",
            pub_date(),
            &[],
        );
        assert_eq!(ms[0].mode, Mode::Asserted, "two months before publication");
    }

    #[test]
    fn occupation_forces_are_israel_and_a_bare_police_is_an_unnamed_actor() {
        let ms = code_article("وانسحبت قوات الاحتلال من مخيم نور شمس.", pub_date(), &[]);
        assert_eq!(ms[0].source, vec!["location:isr"]);
        let ms = code_article("واعتقلت الشرطة عشرات المحتجين.", pub_date(), &[]);
        assert_eq!(ms[0].source, vec!["unnamed:شرطه"]);
    }

    #[test]
    fn trigger_inside_quotes_is_a_quote() {
        let ms = code_article("وقال الوزير: «نرفض هذه الشروط».", pub_date(), &[]);
        let m = first_of(&ms, EventType::Reject);
        assert!(m.quote);
    }

    #[test]
    fn trigger_word_inside_an_organization_name_is_not_an_event() {
        let text = "صدر بيان عن مجلس التعاون الخليجي.";
        let e = ents(text, &[("gcc", "organization", "مجلس التعاون الخليجي")]);
        assert!(code_article(text, pub_date(), &e).is_empty());
    }

    #[test]
    fn noun_trigger_yields_to_verb_trigger_in_the_same_sentence() {
        let ms = code_article("بحث الوزيران سبل تعزيز التعاون الاقتصادي.", pub_date(), &[]);
        let types: Vec<EventType> = ms.iter().map(|m| m.event_type).collect();
        assert_eq!(types, vec![EventType::Consult]);
    }

    #[test]
    fn parties_after_bayna_are_participants_not_places() {
        let text = "ووقعت اتفاقية تعاون بين تونس وبلغاريا.";
        let e = ents(
            text,
            &[
                ("location:tun", "location", "تونس"),
                ("location:bgr", "location", "بلغاريا"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Agree);
        let all = participants(m);
        assert_eq!(all, vec!["location:bgr", "location:tun"]);
        assert_eq!(m.location, None);
    }

    #[test]
    fn nationality_adjective_of_an_attack_noun_is_the_accused_and_never_the_attacked() {
        let text = "وأدانت تركيا بشدة الهجوم الإسرائيلي على المسجد الأقصى.";
        let e = ents(text, &[("location:tur", "location", "تركيا")]);
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].event_type, EventType::Accuse);
        assert_eq!(ms[0].source, vec!["location:tur"]);
        assert_eq!(ms[0].target, vec!["location:isr"]);
        // After a noun trigger the adjective is its agent: never the target.
        let ms = code_article("وتواصلت غارات إسرائيلية على رفح.", pub_date(), &[]);
        let m = first_of(&ms, EventType::Assault);
        assert!(!m.target.contains(&"location:isr".to_string()), "{m:?}");
        // A noun trigger followed by a named party that is no adjective keeps that party as target.
        let ms = code_article("وجدد مطالبته الحكومة بالإسراع.", pub_date(), &[]);
        assert_eq!(ms[0].target, vec!["unnamed:حكومه"]);
    }

    #[test]
    fn coordinated_subjects_are_all_sources_and_the_object_is_the_target() {
        let names = [
            ("location:sau", "location", "السعودية"),
            ("location:egy", "location", "مصر"),
            ("location:are", "location", "الإمارات"),
            ("location:mdv", "location", "جزر المالديف"),
            ("location:qat", "location", "قطر"),
            ("location:irn", "location", "إيران"),
        ];
        // Verb first, then the coordinated subject.
        let text = "وقطعت السعودية ومصر والإمارات علاقاتها الدبلوماسية مع قطر هذا الشهر.";
        let ms = code_article(text, pub_date(), &ents(text, &names));
        let m = first_of(&ms, EventType::Sanction);
        assert_eq!(
            m.source,
            vec!["location:sau", "location:egy", "location:are"]
        );
        assert_eq!(m.target, vec!["location:qat"]);
        // Subject first, with commas and ثم.
        let text = "وكانت السعودية ومصر والإمارات، ثم جزر المالديف، قطعت العلاقات مع قطر.";
        let ms = code_article(text, pub_date(), &ents(text, &names));
        let m = first_of(&ms, EventType::Sanction);
        assert_eq!(
            m.source,
            vec![
                "location:sau",
                "location:egy",
                "location:are",
                "location:mdv"
            ]
        );
        assert_eq!(m.target, vec!["location:qat"]);
        // Apposition is not coordination: only the nearest name is the subject.
        let text = "وقال مسؤول إن قطر السعودية قطعت العلاقات مع إيران.";
        let ms = code_article(text, pub_date(), &ents(text, &names));
        let m = first_of(&ms, EventType::Sanction);
        assert_eq!(m.source, vec!["location:sau"]);
    }

    #[test]
    fn an_attacked_place_is_the_target_when_no_party_is_named() {
        let text = "قصفت طائرتان حربيتان ليبيتان قواعد في بنغازي.";
        let m = coded(
            text,
            &[("location:benghazi", "location", "بنغازي")],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["location:lby"]);
        assert_eq!(m.target, vec!["location:benghazi"]);
        // A named party attacked stays the target.
        let text = "قصفت الطائرات الإسرائيلية مواقع لحركة حماس في غزة.";
        let m = coded(
            text,
            &[
                ("org:hamas", "organization", "حماس"),
                ("location:gaza", "location", "غزة"),
            ],
            EventType::Assault,
        );
        assert_eq!(m.target, vec!["org:hamas"]);
    }

    #[test]
    fn a_count_after_the_verb_is_the_victims_and_lam_names_the_attacker() {
        let text = "قتل 12 جنديا تركيا في هجوم جنوب شرق البلاد.";
        let m = coded(
            text,
            &[("location:tur", "location", "تركيا")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        assert_eq!(m.target, vec!["location:tur"]);
        let text = "وقتل 40 مدنيا على الأقل في قصف لقوات الدعم السريع على سوق في الفاشر.";
        let m = coded(
            text,
            &[("org:rsf", "organization", "قوات الدعم السريع")],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["org:rsf"]);
    }

    #[test]
    fn directions_make_places_and_a_leader_of_the_agent_is_no_target() {
        let text = "هاجم مسلحون مركزا للشرطة جنوب فرنسا.";
        let m = coded(
            text,
            &[("location:fra", "location", "فرنسا")],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["unnamed:مسلحون"]);
        assert_eq!(m.location.as_deref(), Some("location:fra"));
        let text = "شن التحالف بقيادة السعودية غارات على صنعاء.";
        let m = coded(
            text,
            &[
                ("org:coalition", "organization", "التحالف"),
                ("location:sau", "location", "السعودية"),
            ],
            EventType::Assault,
        );
        assert!(
            !m.target.contains(&"location:sau".to_string()),
            "{:?}",
            m.target
        );
    }

    #[test]
    fn a_capital_or_a_state_labelling_an_attack_report_is_not_a_party() {
        let text = "لندن : سياسي يدعو إلى مصادرة المنازل الشاغرة.";
        let m = coded(
            text,
            &[("location:london", "location", "لندن")],
            EventType::Request,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        let text = "بريطانيا : قتيل وعدد من الجرحى في عملية دهس استهدفت مصلين.";
        let m = coded(
            text,
            &[("location:gbr", "location", "بريطانيا")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        // A state before a colon speaks: "إيران: نرفض …".
        let text = "إيران : نرفض الاتهامات الأمريكية.";
        let m = coded(
            text,
            &[("location:irn", "location", "إيران")],
            EventType::Reject,
        );
        assert_eq!(m.source, vec!["location:irn"]);
    }

    #[test]
    fn a_noun_trigger_in_a_complement_clause_is_not_the_speaker_s_act() {
        let text = "وقال نصر الله إن من حقنا أن نرد على اغتياله في المكان المناسب.";
        let m = coded(
            text,
            &[("person:nasrallah", "person", "نصر الله")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        // Announcing one's own act: no complementizer, the announcer is the source.
        let text = "أعلنت الحكومة اليمنية قطع علاقاتها الدبلوماسية مع قطر.";
        let m = coded(
            text,
            &[("location:qat", "location", "قطر")],
            EventType::Sanction,
        );
        assert_eq!(m.source, vec!["location:yem"]);
    }

    #[test]
    fn the_receiver_of_a_threat_or_a_call_is_the_target() {
        let text = "سليم الرياحي يتلقى تهديدا في مكتبه.";
        let m = coded(
            text,
            &[("person:riahi", "person", "سليم الرياحي")],
            EventType::Threaten,
        );
        assert!(m.source.is_empty(), "{:?}", m.source);
        assert_eq!(m.target, vec!["person:riahi"]);
        let text = "وتلقى قيس سعيد اتصالا هاتفيا من إيمانويل ماكرون.";
        let m = coded(
            text,
            &[
                ("person:saied", "person", "قيس سعيد"),
                ("person:macron", "person", "إيمانويل ماكرون"),
            ],
            EventType::Consult,
        );
        assert_eq!(m.source, vec!["person:macron"]);
        assert_eq!(m.target, vec!["person:saied"]);
    }

    #[test]
    fn a_verb_marked_passive_has_its_victims_after_it() {
        let m = coded(
            "وقُتل حارس البرلمان جراء هجوم على ضريح الإمام الخميني في طهران.",
            &[
                ("person:khomeini", "person", "الإمام الخميني"),
                ("location:tehran", "location", "طهران"),
            ],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{m:?}");
        let m = coded(
            "وأوردت اليونيسف أن عدد الأطفال الذين قُتلوا في اليمن ارتفع.",
            &[
                ("org:unicef", "organization", "اليونيسف"),
                ("location:yem", "location", "اليمن"),
            ],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{m:?}");
        // …but a security body speaking of its own act did it.
        let m = coded(
            "وقالت الشرطة البريطانية إن كل من اعتقلوا أُفرج عنهم دون إجراءات أخرى.",
            &[("org:met", "organization", "الشرطة البريطانية")],
            EventType::Concede,
        );
        assert_eq!(m.source, vec!["org:met"], "{m:?}");
        assert!(marked_passive("اُعتقل") && marked_passive("قُتلوا"));
        assert!(!marked_passive("قتل") && !marked_passive("وقتل"));
    }

    #[test]
    fn the_party_after_birasas_or_ala_yad_did_it_whoever_announces_it() {
        let m = coded(
            "أعلنت وزارة الصحة مقتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي.",
            &[
                ("org:moh", "organization", "وزارة الصحة"),
                ("org:idf", "organization", "الجيش الإسرائيلي"),
            ],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["org:idf"], "{m:?}");
        assert!(m.target.is_empty(), "{m:?}");
        let m = coded(
            "اعتقل ثلاثة شبان على يد قوات الاحتلال في نابلس.",
            &[
                ("location:isr", "location", "قوات الاحتلال"),
                ("location:nablus", "location", "نابلس"),
            ],
            EventType::Coerce,
        );
        assert_eq!(m.source, vec!["location:isr"], "{m:?}");
        // "على يد" needs its على; "يد" alone is no agent phrase.
        let toks = rasd_text::tokens("مد يد العون على يد الجيش من قبل الشرطة");
        let marked: Vec<usize> = (0..toks.len())
            .filter(|&i| is_agent_marker(&toks, i))
            .collect();
        assert_eq!(marked, vec![4, 7], "{toks:?}");
    }

    #[test]
    fn the_genitive_of_an_act_noun_before_a_count_is_its_agent() {
        let names = [
            ("org:center", "organization", "مركز أسرى فلسطين"),
            ("location:isr", "location", "قوات الاحتلال"),
        ];
        let m = coded(
            "أظهرت إحصائية أعدها مركز أسرى فلسطين، اعتقال قوات الاحتلال 480 فلسطينيا.",
            &names,
            EventType::Coerce,
        );
        assert_eq!(m.source, vec!["location:isr"], "{m:?}");
        // Without a count the genitive may be the one it was done to: nothing changes.
        let m = coded(
            "أظهرت إحصائية أعدها مركز أسرى فلسطين، اعتقال قوات الاحتلال في الضفة.",
            &names,
            EventType::Coerce,
        );
        assert_ne!(m.source, vec!["location:isr"], "{m:?}");
    }

    #[test]
    fn support_from_someone_is_given_by_the_party_after_min() {
        let m = coded(
            "استعادت القوات العراقية المدن بدعم من التحالف بقيادة الولايات المتحدة.",
            &[
                ("location:irq", "location", "القوات العراقية"),
                ("location:usa", "location", "الولايات المتحدة"),
            ],
            EventType::Support,
        );
        assert_eq!(m.source, vec!["location:usa"], "{m:?}");
        assert_eq!(m.target, vec!["location:irq"], "{m:?}");
        let m = coded(
            "تشكلت حكومة الحبيب الصيد بدعم من الباجي قايد السبسي وراشد الغنوشي.",
            &[
                ("person:essid", "person", "الحبيب الصيد"),
                ("person:essebsi", "person", "الباجي قايد السبسي"),
                ("person:ghannouchi", "person", "راشد الغنوشي"),
            ],
            EventType::Support,
        );
        assert_eq!(
            m.source,
            vec!["person:essebsi", "person:ghannouchi"],
            "{m:?}"
        );
        assert_eq!(m.target, vec!["person:essid"], "{m:?}");
        // "من أجل" is no giver.
        let m = coded(
            "قال الوزير خميس الجهيناوي سنعمل على دعمها من أجل سفراء تونس.",
            &[
                ("person:jhinaoui", "person", "خميس الجهيناوي"),
                ("location:tun", "location", "تونس"),
            ],
            EventType::Support,
        );
        assert!(!m.source.contains(&"location:tun".to_string()), "{m:?}");
        // Without من the party before stays the source.
        let m = coded(
            "أعلنت الولايات المتحدة دعم العراق.",
            &[
                ("location:usa", "location", "الولايات المتحدة"),
                ("location:irq", "location", "العراق"),
            ],
            EventType::Support,
        );
        assert_eq!(m.source, vec!["location:usa"], "{m:?}");
    }

    #[test]
    fn the_subject_of_shahidat_after_a_place_noun_is_a_place() {
        let m = coded(
            "وشهدت العاصمة العراقية بغداد مقتل سبعة أشخاص.",
            &[("location:irq", "location", "العراقية")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{m:?}");
        // …and so is the capital named after it, but not the target of an attack.
        let capital = |text: &str| {
            let toks = rasd_text::tokens(text);
            let at = text.find("بغداد").map_or(0, |b| text[..b].chars().count());
            capital_as_state(&toks, Span::new(at, at + 5))
        };
        assert_eq!(
            capital("وشهدت العاصمة العراقية بغداد مقتل سبعة أشخاص."),
            None
        );
        assert_eq!(capital("وقع انفجار في العاصمة بغداد."), None);
        assert_eq!(
            capital("شنت طائرات هجوما على العاصمة العراقية بغداد."),
            Some("irq")
        );
        assert_eq!(capital("رفضت بغداد الطلب."), Some("irq"));
    }

    #[test]
    fn a_possessive_noun_belongs_to_the_subject_not_the_object_beside_it() {
        let names = [
            ("org:pa", "organization", "السلطة الفلسطينية"),
            ("location:isr", "location", "إسرائيل"),
        ];
        let m = coded(
            "وكانت السلطة الفلسطينية أبلغت إسرائيل رفضها دفع قيمة التيار الكهربائي.",
            &names,
            EventType::Reject,
        );
        assert_eq!(m.source, vec!["org:pa"], "{m:?}");
        assert_eq!(m.target, vec!["location:isr"], "{m:?}");
        // Without the pronoun the party next to the noun stays its source.
        let m = coded(
            "أبلغت السلطة الفلسطينية إسرائيل رفض الحكومة دفع الفاتورة.",
            &names,
            EventType::Reject,
        );
        assert_eq!(m.source, vec!["location:isr"], "{m:?}");
        // A title's state and the holder are no subject and object.
        let m = coded(
            "أكدت زعيمة حزب الجبهة الوطنية مارين لوبان رفضها لارتداء الحجاب.",
            &[
                ("org:fn", "organization", "حزب الجبهة الوطنية"),
                ("person:le-pen", "person", "مارين لوبان"),
            ],
            EventType::Reject,
        );
        assert_eq!(m.source, vec!["person:le-pen"], "{m:?}");
        assert!(is_telling_verb("ابلغت") && is_telling_verb("اكدت"));
        assert!(is_telling_verb("وتبدي") && !is_telling_verb("مارين"));
    }

    #[test]
    fn the_speaker_text_stops_before_a_time_or_a_channel() {
        for (text, speaker) in [
            (
                "أكد مصدر عسكري عراقي اليوم الأحد 19 مارس مقتل 6 قياديين.",
                "مصدر عسكري عراقي",
            ),
            (
                "وقال وزير التربية في تصريح للجوهرة إن الإضراب ألغي.",
                "وزير التربية",
            ),
            ("وأعلنت الوزارة أمس قطع العلاقات.", "الوزارة"),
        ] {
            let ms = code_article(text, pub_date(), &[]);
            let m = ms.first().unwrap_or_else(|| panic!("no event: {text}"));
            assert_eq!(m.attributed_to_text.as_deref(), Some(speaker), "{text}");
        }
    }

    #[test]
    fn a_second_complement_clause_with_its_own_subject_starts_at_its_complementizer() {
        let m = coded(
            "ونقل الموقع أن الشرطة الفرنسية انتشرت في البلدة، مضيفا أن المسلح يحتجز زوجة الشرطي.",
            &[("location:fra", "location", "الشرطة الفرنسية")],
            EventType::Coerce,
        );
        assert!(m.source.is_empty(), "{m:?}");
    }

    #[test]
    fn targets_stop_at_the_next_complement_clause() {
        let names = [
            ("location:syr", "location", "سوريا"),
            ("org:syrian-army", "organization", "الجيش العربي السوري"),
        ];
        let m = coded(
            "وقال إن الوفد زار مؤخرا سوريا، وإن التطوع بالجيش العربي السوري يرتفع.",
            &names,
            EventType::Consult,
        );
        assert_eq!(m.target, vec!["location:syr"], "{m:?}");
    }

    #[test]
    fn who_announces_a_death_killed_only_if_a_security_body() {
        let m = coded(
            "أعلنت وزارة الصحة مقتل ثلاثة فلسطينيين.",
            &[("org:moh", "organization", "وزارة الصحة")],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{m:?}");
        assert_eq!(m.attributed_to.as_deref(), Some("org:moh"));
        // The speaker named again ("«يونامي»") is still only the speaker.
        let m = coded(
            "أعلنت بعثة الأمم المتحدة \"يونامي\" عن مقتل 1115 مدنيا.",
            &[
                ("org:unami", "organization", "بعثة الأمم المتحدة"),
                ("org:unami", "organization", "يونامي"),
            ],
            EventType::Assault,
        );
        assert!(m.source.is_empty(), "{m:?}");
        let m = coded(
            "أعلن الجيش اللبناني مقتل ثلاثة مسلحين في اشتباك.",
            &[("org:lebanese-army", "organization", "الجيش اللبناني")],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["org:lebanese-army"], "{m:?}");
        // Other announcements keep their announcer as the actor.
        let m = coded(
            "أعلنت الحكومة اليمنية قطع علاقاتها مع قطر.",
            &[
                ("location:yem", "location", "الحكومة اليمنية"),
                ("location:qat", "location", "قطر"),
            ],
            EventType::Sanction,
        );
        assert_eq!(m.source, vec!["location:yem"], "{m:?}");
        assert!(is_security_body("وقوات الاحتلال") && is_security_body("وزارة الدفاع التركية"));
        assert!(!is_security_body("وزارة الصحة") && !is_security_body("المرصد السوري"));
    }

    #[test]
    fn rules_of_engagement_are_no_clash() {
        assert!(!has_event(
            "وقال المدعون إن الرقيب انتهك قواعد الاشتباك.",
            EventType::Assault
        ));
        assert!(has_event("وتجددت الاشتباكات في المخيم.", EventType::Assault));
    }

    #[test]
    fn a_charge_of_killing_is_not_a_killing() {
        let text = "أصدرت محكمة النقض حكما نهائيا ببراءة مبارك من تهمة قتل المتظاهرين.";
        let ms = code_article(text, pub_date(), &[]);
        assert!(
            ms.iter().all(|m| m.event_type != EventType::Assault),
            "{ms:?}"
        );
        let text = "واعتقلت الشرطة شابا بتهمة قتل جاره.";
        let ms = code_article(text, pub_date(), &[]);
        assert!(
            ms.iter().any(|m| m.event_type == EventType::Coerce),
            "{ms:?}"
        );
        assert!(
            ms.iter().all(|m| m.event_type != EventType::Assault),
            "{ms:?}"
        );
    }

    #[test]
    fn sanctions_that_target_a_sector_are_no_attack() {
        let text = "فرض الاتحاد الأوروبي حزمة جديدة من العقوبات على روسيا تستهدف قطاع الطاقة.";
        let ms = code_article(text, pub_date(), &[]);
        assert!(
            ms.iter().any(|m| m.event_type == EventType::Sanction),
            "{ms:?}"
        );
        assert!(
            ms.iter().all(|m| m.event_type != EventType::Assault),
            "{ms:?}"
        );
        let text = "استهدفت غارات إسرائيلية مواقع في غزة.";
        let ms = code_article(text, pub_date(), &[]);
        assert!(
            ms.iter().any(|m| m.event_type == EventType::Assault),
            "{ms:?}"
        );
    }

    #[test]
    fn kull_min_lists_parties_not_places() {
        let text = "وقطعت كل من السعودية والإمارات والبحرين العلاقات مع قطر.";
        let names = [
            ("location:sau", "location", "السعودية"),
            ("location:are", "location", "الإمارات"),
            ("location:bhr", "location", "البحرين"),
            ("location:qat", "location", "قطر"),
        ];
        let m = coded(text, &names, EventType::Sanction);
        assert_eq!(
            m.source,
            vec!["location:sau", "location:are", "location:bhr"]
        );
        assert_eq!(m.target, vec!["location:qat"]);
    }

    #[test]
    fn a_request_is_made_of_the_party_after_min() {
        let text = "ولذلك طلبت تونس من إيطاليا استرجاع الهيكل.";
        let m = coded(
            text,
            &[
                ("location:tun", "location", "تونس"),
                ("location:ita", "location", "إيطاليا"),
            ],
            EventType::Request,
        );
        assert_eq!(
            (m.source, m.target),
            (
                vec!["location:tun".to_string()],
                vec!["location:ita".to_string()]
            )
        );
    }

    #[test]
    fn a_raided_place_is_the_target_but_a_place_of_arrest_is_not() {
        let text = "داهمت قوات الاحتلال الإسرائيلي مخيم جنين فجر اليوم.";
        let m = coded(
            text,
            &[("location:jenin", "location", "جنين")],
            EventType::Coerce,
        );
        assert_eq!(m.target, vec!["location:jenin"]);
        let text = "اعتقلت الشرطة التركية مشتبهين في إسطنبول.";
        let m = coded(
            text,
            &[("location:istanbul", "location", "إسطنبول")],
            EventType::Coerce,
        );
        assert!(m.target.is_empty(), "{:?}", m.target);
        assert_eq!(m.location.as_deref(), Some("location:istanbul"));
    }

    #[test]
    fn a_group_of_states_is_the_actor_of_a_reported_decision() {
        let text = "قال مسؤول إيراني رفيع إن قرار دول عربية قطع العلاقات مع قطر لن يساعد.";
        let m = coded(
            text,
            &[("location:qat", "location", "قطر")],
            EventType::Sanction,
        );
        assert_eq!(m.source, vec!["unnamed:دول عربيه"]);
        assert_eq!(m.target, vec!["location:qat"]);
        assert_eq!(m.attributed_to.as_deref(), Some("location:irn"));
    }

    #[test]
    fn arab_ministers_or_leaders_together_are_an_unnamed_group() {
        let text = "وعقد وزراء الخارجية العرب اجتماعا طارئا في القاهرة.";
        let m = coded(text, &[], EventType::Consult);
        assert_eq!(m.source, vec!["unnamed:وزراء الخارجيه العرب"]);
    }

    #[test]
    fn the_occupation_alone_is_israel_and_an_attack_noun_takes_its_agent_after_lam() {
        let text = "غزة : استشهاد فلسطينيين اثنين في غارة للاحتلال الإسرائيلي.";
        let m = coded(
            text,
            &[("location:gaza", "location", "غزة")],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["location:isr"]);
        // The city labelling the report is not a party.
        assert!(!m.source.contains(&"location:gaza".to_string()));
        let text = "وقصف الاحتلال منزلا في خان يونس.";
        let m = coded(text, &[], EventType::Assault);
        assert_eq!(m.source, vec!["location:isr"]);
    }

    #[test]
    fn a_verb_after_a_subordinator_takes_the_subject_named_after_it() {
        let text = "وأفادت وكالة وفا باستشهاد المواطن محمد أنور بعد أن قصف الطيران الإسرائيلي نفقا.";
        let m = coded(
            text,
            &[
                ("person:anwar", "person", "محمد أنور"),
                ("org:wafa", "organization", "وفا"),
            ],
            EventType::Assault,
        );
        assert_eq!(m.source, vec!["location:isr"]);
        // A pronoun subject after the subordinator still refers back to the sentence's subject.
        let text = "خلفت قوات الاحتلال الإسرائيلي خرابا في المسجد بعد أن اقتحمته.";
        let m = coded(text, &[], EventType::Coerce);
        assert_eq!(m.source, vec!["location:isr"]);
    }

    #[test]
    fn groups_of_people_are_unnamed_actors() {
        let text = "واقتحم المستوطنون المسجد الأقصى صباح اليوم.";
        let m = coded(text, &[], EventType::Coerce);
        assert_eq!(m.source, vec!["unnamed:مستوطنون"]);
        let text = "وقتل ثلاثة جنود في هجوم نفذه مسلحين قرب الحدود.";
        let m = coded(text, &[], EventType::Assault);
        assert_eq!(m.source, vec!["unnamed:مسلحون"]);
    }

    #[test]
    fn territory_with_a_nationality_adjective_is_its_state() {
        let text = "وأكد أردوغان أن تركيا ستواصل دعم وحدة الأراضي السورية.";
        let m = coded(
            text,
            &[("location:tur", "location", "تركيا")],
            EventType::Support,
        );
        assert_eq!(m.target, vec!["location:syr"]);
    }

    #[test]
    fn conjunction_gaps() {
        for g in [" و", " ، ", "، ثم ", ", و", "و"] {
            assert!(is_conjunction(g), "{g:?}");
        }
        for g in ["", " ", " في ", " ثمن ", " و في "] {
            assert!(!is_conjunction(g), "{g:?}");
        }
    }

    #[test]
    fn co_announcers_of_an_agreement_are_all_participants() {
        let text = "وأعلنت السعودية وإيران التوصل إلى اتفاق لاستئناف العلاقات.";
        let e = ents(
            text,
            &[
                ("location:sau", "location", "السعودية"),
                ("location:irn", "location", "إيران"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Agree);
        let all = participants(m);
        assert_eq!(all, vec!["location:irn", "location:sau"]);
    }

    #[test]
    fn aid_sent_to_a_place_has_that_place_as_recipient() {
        let text = "وأرسلت تركيا سفينة مساعدات جديدة إلى غزة.";
        let e = ents(
            text,
            &[
                ("location:tur", "location", "تركيا"),
                ("location:gaza", "location", "غزة"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Aid);
        assert_eq!(m.source, vec!["location:tur"]);
        assert_eq!(m.target, vec!["location:gaza"]);
    }

    #[test]
    fn mentions_carry_sentence_article_and_interstate_contexts() {
        let text = "تصاعدت أزمة النازحين في المنطقة. والتقى وزير الخارجية المصري نظيره الأردني في عمّان. وعاد آلاف النازحين إلى منازلهم.";
        let ms = code_article(text, pub_date(), &[]);
        let m = first_of(&ms, EventType::Consult);
        // diplomatic: said in the sentence and two states meet; migration: two sentences of the article.
        assert_eq!(m.contexts, vec!["diplomatic", "migration"]);
        let text = "والتقى السيسي الملك عبد الله الثاني.";
        let mut e = ents(
            text,
            &[
                ("person:sisi", "person", "السيسي"),
                ("person:abdullah", "person", "الملك عبد الله الثاني"),
            ],
        );
        e[0].country = Some("EGY".into());
        e[1].country = Some("JOR".into());
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].contexts, vec!["diplomatic"], "{ms:?}");
        // One state only: no interstate context.
        e[1].country = Some("EGY".into());
        assert!(code_article(text, pub_date(), &e)[0].contexts.is_empty());
    }

    #[test]
    fn a_capital_as_a_party_is_its_state_but_stays_a_city_as_a_place() {
        let text = "ورفضت واشنطن المقترح الذي قدم في موسكو.";
        let e = ents(
            text,
            &[
                ("location:washington", "location", "واشنطن"),
                ("location:moscow", "location", "موسكو"),
            ],
        );
        let ms = code_article(text, pub_date(), &e);
        let m = first_of(&ms, EventType::Reject);
        assert_eq!(m.source, vec!["location:usa"]);
        assert_eq!(m.location.as_deref(), Some("location:moscow"));
    }

    #[test]
    fn international_community_is_an_unnamed_target() {
        let text = "وناشد الرئيس محمود عباس المجتمع الدولي التدخل الفوري.";
        let e = ents(text, &[("person:abbas", "person", "محمود عباس")]);
        let ms = code_article(text, pub_date(), &e);
        assert_eq!(ms[0].source, vec!["person:abbas"]);
        assert_eq!(ms[0].target, vec!["unnamed:مجتمع دولي"]);
    }

    #[test]
    fn a_dateline_city_and_agency_are_neither_parties_nor_the_place() {
        assert_eq!(dateline_prefix_end("عمان (بترا) – التقى"), Some(14));
        assert_eq!(dateline_prefix_end("غزة - قصفت"), Some(6));
        // Only a place opens a dateline: "التقى الرئيس - ..." keeps its actors (code_sentence checks).
        let text = "عمان (بترا) – التقى الملك عبد الله الثاني الرئيس السيسي في القاهرة.";
        let es = ents(
            text,
            &[
                ("location:amman", "location", "عمان"),
                ("location:petra", "location", "بترا"),
                ("person:abdullah-ii", "person", "الملك عبد الله الثاني"),
                ("person:sisi", "person", "الرئيس السيسي"),
                ("location:cairo", "location", "القاهرة"),
            ],
        );
        let ms = code_article(text, pub_date(), &es);
        let m = ms.first().expect("a meeting");
        assert_eq!(m.source, vec!["person:abdullah-ii"]);
        assert_eq!(m.target, vec!["person:sisi"]);
        assert_eq!(m.location.as_deref(), Some("location:cairo"));
    }

    #[test]
    fn coding_with_claims_equals_the_two_separate_calls() {
        let coder = default_coder().expect("shipped coder");
        let text = "قصفت طائرات الاحتلال الإسرائيلي أمس الجمعة مخيم النصيرات. وأسفرت الغارات عن مقتل نحو ٣٥ شخصا، حسب وزارة الصحة في غزة. وكان الزعيمان قد التقيا في أكتوبر 2024 لبحث الملف.";
        let e = ents(
            text,
            &[
                ("location:isr", "location", "الإسرائيلي"),
                ("org:moh", "organization", "وزارة الصحة في غزة"),
            ],
        );
        for published in [pub_date(), None] {
            let (events, claims) = coder.code_with_claims(text, published, &e);
            assert_eq!(events, coder.code(text, published, &e));
            assert_eq!(claims, coder.claims(text, published, &e));
            assert!(!events.is_empty());
            if published.is_some() {
                assert!(!claims.is_empty(), "the casualty figure is a claim");
            }
        }
    }

    #[test]
    fn detention_is_not_a_protest_though_both_start_with_ihtaj() {
        let types = |t: &str| -> Vec<EventType> {
            code_article(t, pub_date(), &[])
                .iter()
                .map(|m| m.event_type)
                .collect()
        };
        assert_eq!(types("واحتجزت الشرطة 12 شخصا."), vec![EventType::Coerce]);
        assert_eq!(types("يحتجز الجيش الصيادين."), vec![EventType::Coerce]);
        assert!(!types("وسط احتجاز بطاقات الشبان.").contains(&EventType::Protest));
        assert_eq!(types("احتج العمال على القرار."), vec![EventType::Protest]);
        assert_eq!(types("يحتجان على القرار."), vec![EventType::Protest]);
        assert!(types("أضربوا عن الطعام احتجاجا على ظروفهم.").contains(&EventType::Protest));
    }

    #[test]
    fn without_date_in_sentence_the_publication_date_is_used() {
        let ms = code_article("اتهمت إيران إسرائيل بالوقوف وراء الهجوم.", pub_date(), &[]);
        assert_eq!(ms[0].date.as_deref(), Some("2025-12-20"));
        assert_eq!(ms[0].date_precision, "publication");
    }
}
