//! Integration tests for ittifaq-alloc.

mod checker;
mod common;
mod envy;
mod exact;
mod fairness;
mod malformed;
mod props;
mod roundtrip;
