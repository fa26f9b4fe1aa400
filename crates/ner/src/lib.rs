//! Arabic named-entity recognition and actor resolution.
