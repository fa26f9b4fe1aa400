//! SQLite store with versioned migrations for articles and annotations.
