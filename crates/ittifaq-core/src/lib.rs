//! Domain types, rules and the access policy of Ittifaq. Everything here is
//! pure: no IO, no async runtime, so engines and tests can depend on it cheaply.

pub mod agreement;
pub mod allocation;
pub mod assistance;
pub mod audit;
pub mod code_enum;
pub mod decon;
pub mod exchange;
pub mod hotline;
pub mod i18n;
pub mod id;
pub mod integration;
pub mod lang;
pub mod level;
pub mod notify;
pub mod paging;
pub mod party;
pub mod person;
pub mod policy;
pub mod rank;
pub mod role;

pub use agreement::{Agreement, AgreementFault};
pub use i18n::Msg;
pub use lang::Lang;
pub use paging::Paging;
pub use party::PartyCode;
pub use rank::Rank;
pub use role::Role;

/// Errors raised when a value from outside does not parse into a domain type.
#[derive(Debug, thiserror::Error, PartialEq, Clone)]
pub enum ParseError {
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: Msg },
}

impl ParseError {
    pub fn invalid(field: &'static str, reason: impl Into<Msg>) -> Self {
        ParseError::Invalid { field, reason: reason.into() }
    }

    /// The name of the field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            ParseError::Invalid { field, .. } => field,
        }
    }

    /// What is wrong, without the field's name.
    pub fn message(&self) -> &Msg {
        match self {
            ParseError::Invalid { reason, .. } => reason,
        }
    }
}
