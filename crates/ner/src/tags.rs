//! BIO tags over the four entity classes PER/ORG/LOC/MISC, with dense indices for the model.

use std::fmt;

/// Coarse entity class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityClass {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityClass {
    pub const ALL: [EntityClass; 4] = [
        EntityClass::Per,
        EntityClass::Org,
        EntityClass::Loc,
        EntityClass::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityClass::Per => "PER",
            EntityClass::Org => "ORG",
            EntityClass::Loc => "LOC",
            EntityClass::Misc => "MISC",
        }
    }

    fn index(self) -> usize {
        match self {
            EntityClass::Per => 0,
            EntityClass::Org => 1,
            EntityClass::Loc => 2,
            EntityClass::Misc => 3,
        }
    }
}

impl fmt::Display for EntityClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BIO tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityClass),
    I(EntityClass),
}

/// Number of distinct tags (O + B/I × 4).
pub const NUM_TAGS: usize = 9;

impl Tag {
    /// Dense index in `0..NUM_TAGS`: O=0, B-X = 1+2k, I-X = 2+2k.
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(c) => 1 + 2 * c.index(),
            Tag::I(c) => 2 + 2 * c.index(),
        }
    }

    pub fn from_index(i: usize) -> Tag {
        let c = EntityClass::ALL
            .get(i.saturating_sub(1) / 2)
            .copied()
            .unwrap_or(EntityClass::Misc);
        match i {
            0 => Tag::O,
            i if i % 2 == 1 => Tag::B(c),
            _ => Tag::I(c),
        }
    }

    pub fn class(self) -> Option<EntityClass> {
        match self {
            Tag::O => None,
            Tag::B(c) | Tag::I(c) => Some(c),
        }
    }

    /// Whether `self` may follow `prev` in IOB2.
    pub fn may_follow(self, prev: Tag) -> bool {
        match self {
            Tag::I(c) => matches!(prev, Tag::B(p) | Tag::I(p) if p == c),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(c) => write!(f, "B-{c}"),
            Tag::I(c) => write!(f, "I-{c}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_index_round_trips() {
        for i in 0..NUM_TAGS {
            assert_eq!(Tag::from_index(i).index(), i);
        }
        assert_eq!(Tag::B(EntityClass::Loc).to_string(), "B-LOC");
    }

    #[test]
    fn inside_tag_must_continue_same_class() {
        assert!(Tag::I(EntityClass::Per).may_follow(Tag::B(EntityClass::Per)));
        assert!(!Tag::I(EntityClass::Per).may_follow(Tag::B(EntityClass::Org)));
        assert!(!Tag::I(EntityClass::Per).may_follow(Tag::O));
    }
}
