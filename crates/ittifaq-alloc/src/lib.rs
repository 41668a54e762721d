//! Seat allocation for the Ittifaq training programme.
//!
//! The crate reads an allocation *instance* (parties, courses, sessions,
//! units, people and weighted nominations, see
//! `shared/contracts/allocation.md`) and produces a *result*: a feasible
//! set of assignments, its objective, a proven upper bound, and a reason for
//! every nomination that was not granted.
//!
//! * [`model`]: the serde types of the contract and their validation into a
//!   dense, indexed form ([`model::Model`]).
//! * [`solver`]: Lagrangian relaxation (bound) plus greedy and local-search
//!   heuristics (plan), see [`solver::solve`].
//! * [`checker`]: an independent, deliberately simple verifier of results,
//!   see [`checker::check`].
//! * [`mod@fairness`]: per-party and per-unit shares of granted weight and of
//!   first choices met.
//! * [`generator`]: deterministic realistic instances for tests and benches.
//!
//! The crate is pure: no IO, and no panics on any input.

pub mod checker;
pub mod fairness;
pub mod generator;
pub mod model;
pub mod solver;

pub use checker::{Violation, ViolationKind, check};
pub use generator::{GenOptions, Profile, generate, generate_with};
pub use model::{AllocResult, Instance, Model, Reason};
pub use model::{FairnessReport, GroupShare, PriorityFair};
pub use solver::{Solution, SolveOptions, fairness, solve, solve_compact};

/// Every error the crate reports. Each variant names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocError {
    /// The JSON text is malformed or has an unknown / mistyped field.
    #[error("{item}: {message}")]
    Json { item: String, message: String },
    /// A reference to an id that does not exist.
    #[error("{item}: unknown {kind} \"{id}\"")]
    UnknownId { item: String, kind: &'static str, id: String },
    /// Two items of the same kind share an id.
    #[error("{item}: duplicate id")]
    DuplicateId { item: String },
    /// A session with a negative capacity.
    #[error("{item}: capacity {value} is negative")]
    NegativeCapacity { item: String, value: i64 },
    /// A session that ends before it starts.
    #[error("{item}: end {end} is before start {start}")]
    EndBeforeStart { item: String, start: String, end: String },
    /// Courses whose prerequisites form a cycle.
    #[error("prerequisite cycle among courses: {}", courses.join(" -> "))]
    PrerequisiteCycle { courses: Vec<String> },
    /// A nomination weight that is not a positive integer (at most
    /// [`model::MAX_WEIGHT`]).
    #[error("{item}: weight {weight} must be a positive integer (at most 10^9)")]
    BadWeight { item: String, weight: i64 },
    /// A party that is not listed in `parties`; `field` is where it was
    /// named (`party`, or `quota` for a session).
    #[error("{item}: {field}: unknown party \"{party}\"")]
    UnknownParty { item: String, field: &'static str, party: String },
    /// A rank that is not a STANAG 2116 code; `field` is `rank`,
    /// `min_rank` or `max_rank`.
    #[error("{item}: {field} \"{rank}\" is not a STANAG 2116 code (OR-1…OR-9, WO-1…WO-5, OF-1…OF-10)")]
    BadRank { item: String, field: &'static str, rank: String },
    /// The same (person, session) nominated twice.
    #[error("{item}: duplicate nomination")]
    DuplicateNomination { item: String },
    /// Any other invalid value (bad date, negative limit, ...).
    #[error("{item}: {message}")]
    BadValue { item: String, message: String },
}

impl AllocError {
    /// The item the error is about (empty for a prerequisite cycle, whose
    /// courses are listed in the message).
    pub fn item(&self) -> &str {
        match self {
            AllocError::Json { item, .. }
            | AllocError::UnknownId { item, .. }
            | AllocError::DuplicateId { item }
            | AllocError::NegativeCapacity { item, .. }
            | AllocError::EndBeforeStart { item, .. }
            | AllocError::BadWeight { item, .. }
            | AllocError::UnknownParty { item, .. }
            | AllocError::BadRank { item, .. }
            | AllocError::DuplicateNomination { item }
            | AllocError::BadValue { item, .. } => item,
            AllocError::PrerequisiteCycle { .. } => "",
        }
    }
}
