//! Wires the stages: read, clean, annotate, store; bad-input accounting.
