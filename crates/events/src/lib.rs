//! PLOVER event coding of Arabic news: triggers, actors, modes, attribution, dates, evidence spans; merge; claims.
//!
//! The coder is a documented pattern layer ([`triggers`], data in `resources/events/triggers.tsv`) over
//! the sentence split, tokens, entity mentions (from the caller) and date expressions (`rasd-time`).
//! Every offset is a char offset into the article's clean text, and every `text` field equals that slice.

pub mod claims;
pub mod claims_eval;
pub mod coder;
pub mod contexts;
pub mod eval;
pub mod export;
pub mod merge;
mod senses;
pub mod table;
pub mod triggers;

use serde::{Deserialize, Serialize};

pub use claims::{find_claims, Claim, Qualifier, Quantity};
pub use coder::{code_article, code_article_with_claims, Coder};
pub use contexts::ContextSet;
pub use merge::{merge, CodedArticle, Conflict, Event, MergedMention};
pub use rasd_core::Span;
pub use table::{materialize, rematerialize, MaterializeStats};

/// Errors of this crate (all from loading dictionaries; coding itself never fails).
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("trigger dictionary line {line}: {why}")]
    Dictionary { line: usize, why: String },
    #[error("context dictionary line {line}: {why}")]
    Contexts { line: usize, why: String },
    #[error("gold file line {line}: {why}")]
    Gold { line: usize, why: String },
    #[error("stored event data of {article} is unreadable: {why}")]
    StoredMention { article: String, why: String },
    #[error("the events table was rewritten by other processes {0} times while it was being updated; run the command again")]
    Busy(usize),
    #[error(transparent)]
    Store(#[from] rasd_store::StoreError),
}

impl EventError {
    pub(crate) fn dictionary(line: usize, why: &str) -> EventError {
        EventError::Dictionary {
            line,
            why: why.to_string(),
        }
    }

    pub(crate) fn contexts(line: usize, why: &str) -> EventError {
        EventError::Contexts {
            line,
            why: why.to_string(),
        }
    }
}

/// The 16 PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }
}

impl Mode {
    /// Every mode, in declaration order.
    pub const ALL: [Mode; 5] = [
        Mode::Asserted,
        Mode::Negated,
        Mode::Future,
        Mode::Hypothetical,
        Mode::Historical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Asserted => "asserted",
            Mode::Negated => "negated",
            Mode::Future => "future",
            Mode::Hypothetical => "hypothetical",
            Mode::Historical => "historical",
        }
    }
}

impl std::str::FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown PLOVER event type {s:?}"))
    }
}

/// Event mode: what the sentence says about whether the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Stated as having happened / happening.
    Asserted,
    /// Negated: "لم يلتقِ"، "نفى أن يكون ...".
    Negated,
    /// Announced for the future: "سيلتقي"، "سوف"، "من المقرر".
    Future,
    /// Conditional or possible: "إذا"، "قد يفرض".
    Hypothetical,
    /// Recounted from the past: the sentence dates the event more than a year before publication
    /// ("اغتياله في جوان 1961"), PLOVER's auxiliary mode `historical`.
    Historical,
}

/// An entity as the event coder needs it (the pipeline adapts its resolved entities to this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityLike {
    /// Resolved id (`location:irn`, an actor slug, ...).
    pub id: String,
    /// `person`, `organization` or `location`.
    pub kind: String,
    /// ISO-3 country of the entity, when known.
    pub country: Option<String>,
    /// Char spans of its mentions in the article text.
    pub mentions: Vec<Span>,
    /// A news agency or media outlet (the actor list's role): it reports events and is never
    /// their source, though it can be a target ("حظرت السلطات قناة الجزيرة").
    #[serde(default)]
    pub media: bool,
}

impl EntityLike {
    /// Whether an actor-list role names a news agency, a media outlet or a correspondent.
    pub fn is_media_role(role: Option<&str>) -> bool {
        // A correspondent ("مراسلنا", "موفدتنا إيمان الفجاري") reports the event, like the outlet.
        role.is_some_and(|r| matches!(r, "media" | "news agency" | "correspondent"))
    }
}

/// One coded event mention: a sentence (the evidence) that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// CAMEO code of the trigger (per PLOVER's CAMEO2PLOVER table).
    pub cameo: String,
    pub mode: Mode,
    /// True when the event is reported by someone (attribution), false when the outlet asserts it.
    pub reported: bool,
    /// Source actor entity ids.
    pub source: Vec<String>,
    /// Target actor entity ids (for CONSULT: the other participants).
    pub target: Vec<String>,
    /// Location entity id.
    pub location: Option<String>,
    /// Event date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or an interval), or `None` when unknown.
    pub date: Option<String>,
    /// `day` | `month` | `year` | `range` | `publication` (fallback) | `unknown`.
    pub date_precision: String,
    /// Evidence sentence: char offsets into the article text, `text == article.text[start..end]`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The trigger words: char offsets and text.
    pub trigger: Span,
    pub trigger_text: String,
    /// Entity id of who says it, when it is a recognized entity.
    pub attributed_to: Option<String>,
    /// The attribution as written ("مصادر أمنية تركية"), when there is one.
    pub attributed_to_text: Option<String>,
    /// True when the trigger is inside quotation marks.
    pub quote: bool,
    /// PLOVER contexts (`resources/events/contexts.tsv`): those said in the sentence plus the article's
    /// document-level ones, sorted. Absent in data stored before contexts existed.
    #[serde(default)]
    pub contexts: Vec<String>,
}

/// Stable 64-bit FNV-1a hash as 16 hex digits (ids must be deterministic across runs and platforms).
pub(crate) fn stable_id(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
