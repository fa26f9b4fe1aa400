//! Readers for every news format and encoding, producing cleaned articles.

pub mod clean;
