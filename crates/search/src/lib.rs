//! rasd-search: a full-text index over stored articles with an Arabic analyzer (folded, clitic-aware tokens).
