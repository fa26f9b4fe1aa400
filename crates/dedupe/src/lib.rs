//! Exact and near-duplicate detection (MinHash/LSH) and story clustering.
