//! Arabic text handling for matching keys: folding with offsets back to the clean text, tokens, sentences.
//!
//! Two layers, as in charabia (Meilisearch's tokenizer):
//! - **Lossless** ([`classify`], [`token`], [`sentence`]): find structure in the clean text without
//!   changing it. Every token and sentence is a [`Span`] of char offsets into the original string, so
//!   `span.slice(text)` is exactly the source text.
//! - **Lossy** ([`fold`](mod@fold), [`clitic`]): turn text into *matching keys* (no harakat or tatweel,
//!   one alef, `ى`→`ي`, `ة`→`ه`, ASCII digits, expanded presentation forms, lowercase Latin).
//!   [`fold_with_offsets`] keeps a map from each key char back to the source char, so a match found in
//!   a key becomes a span of the clean text. Keys never leave the crate that made them.
//!
//! ```
//! let text = "زار أردوغانُ إسطنبولَ.";
//! let folded = rasd_text::fold_with_offsets(text);
//! let hit = folded.find_all(&rasd_text::fold("اسطنبول"));
//! assert_eq!(hit[0].slice(text), Some("إسطنبولَ"));
//! ```

pub mod classify;
pub mod clitic;
pub mod fold;
pub mod latin;
pub mod sentence;
pub mod token;

pub use classify::is_bidi_control;
pub use clitic::{clitic_stems, is_proclitic_prefix, strip_clitics, Stem, MIN_STEM_CHARS};
pub use fold::{fold, fold_with_offsets, Folded};
pub use latin::{latin_base, latin_key_matches, latin_name_key};
pub use rasd_core::Span;
pub use sentence::{sentences, sentences_with, SentenceOptions};
pub use token::{tokens, Token, TokenKind};
