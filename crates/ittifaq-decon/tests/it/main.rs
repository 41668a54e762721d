//! Integration tests: contract examples, validation, engine against brute force.

mod contract;
mod engine_ops;
mod reference;
mod robustness;
mod validation;
