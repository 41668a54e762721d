//! The rules of the exchange, as pure code: where a nomination and a session
//! stand, the steps that move them, and which move is allowed from where.
//! The store loads, checks here, writes and audits; the pages name each
//! status and step through its Fluent key.

use crate::code_enum;

code_enum! {
    /// Where a nomination stands.
    pub enum NominationStatus: "nomination_status" {
        /// Put forward by the sending party; its first key is awaited.
        Nominated = "nominated",
        /// The sending party's key is turned; the host's is awaited.
        Approved = "approved",
        /// The host's key is turned: the nominee holds a seat.
        Accepted = "accepted",
        /// Both keys, but no seat free yet.
        Waitlisted = "waitlisted",
        Withdrawn = "withdrawn",
        /// Ended with its session.
        Cancelled = "cancelled",
        Completed = "completed",
        Failed = "failed",
    }
}

code_enum! {
    /// A step of a nomination's history. A vetting check is recorded as
    /// [`vetting_step`] instead, naming the check and its outcome.
    pub enum Step: "step" {
        Nominate = "nominate",
        Approve = "approve",
        Accept = "accept",
        Waitlist = "waitlist",
        /// A freed seat goes to the first of the waiting list.
        Promote = "promote",
        Withdraw = "withdraw",
        /// The nominee is withdrawn for another person of the same party.
        Replace = "replace",
        /// The session was cancelled.
        Cancel = "cancel",
        Order = "order",
        Arrive = "arrive",
        Depart = "depart",
        Complete = "completed",
        Fail = "failed",
        Certify = "certify",
    }
}

code_enum! {
    /// Where a session stands.
    pub enum SessionStatus: "session_status" {
        Planned = "planned",
        Open = "open",
        Confirmed = "confirmed",
        Running = "running",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

code_enum! {
    /// The outcome of a vetting check.
    pub enum VettingOutcome: "vetting_outcome" {
        Passed = "passed",
        Failed = "failed",
    }
}

code_enum! {
    /// How a trainee's course ended.
    pub enum Outcome: "outcome" {
        Completed = "completed",
        Failed = "failed",
    }
}

code_enum! {
    /// A day's attendance mark.
    pub enum Mark: "mark" {
        Present = "present",
        Absent = "absent",
        Excused = "excused",
    }
}

use NominationStatus as N;

/// Statuses that hold or claim a place (and keep the person from being
/// nominated again for the same session).
pub const ACTIVE: [NominationStatus; 4] = [N::Nominated, N::Approved, N::Accepted, N::Waitlisted];
/// Statuses that hold a seat of the session: accepted, and after the course its result.
pub const SEATED: [NominationStatus; 3] = [N::Accepted, N::Completed, N::Failed];
/// Statuses whose people count against a session's capacity once both keys are turned.
pub const KEYED: [NominationStatus; 3] = [N::Approved, N::Accepted, N::Waitlisted];

/// The codes of [`ACTIVE`], for a query's `IN`.
pub const ACTIVE_CODES: [&str; 4] = [N::Nominated.code(), N::Approved.code(), N::Accepted.code(), N::Waitlisted.code()];
/// The codes of [`SEATED`], for a query's `IN`.
pub const SEATED_CODES: [&str; 3] = [N::Accepted.code(), N::Completed.code(), N::Failed.code()];
/// The codes of [`KEYED`], for a query's `IN`.
pub const KEYED_CODES: [&str; 3] = [N::Approved.code(), N::Accepted.code(), N::Waitlisted.code()];

impl Step {
    /// Whether the step moves the nomination (its history records where it
    /// stood before); an order, an arrival, a departure and a certificate
    /// only record.
    pub fn moves(self) -> bool {
        !matches!(self, Step::Order | Step::Arrive | Step::Depart | Step::Certify)
    }
}

impl NominationStatus {
    pub fn is_active(self) -> bool {
        ACTIVE.contains(&self)
    }

    pub fn is_seated(self) -> bool {
        SEATED.contains(&self)
    }
}

/// Where `step` takes a nomination that stands at `from`, or `None` when the
/// step is not allowed from there. Steps that record without moving
/// (an order, an arrival, a certificate) keep the status they require.
pub fn transition(from: NominationStatus, step: Step) -> Option<NominationStatus> {
    use Step as S;
    match (from, step) {
        (N::Nominated, S::Approve) => Some(N::Approved),
        (N::Approved, S::Accept) => Some(N::Accepted),
        (N::Approved | N::Waitlisted, S::Waitlist) => Some(N::Waitlisted),
        (N::Waitlisted, S::Promote) => Some(N::Accepted),
        (f, S::Withdraw | S::Replace) if f.is_active() => Some(N::Withdrawn),
        (f, S::Cancel) if f.is_active() => Some(N::Cancelled),
        (N::Accepted, S::Order | S::Arrive | S::Depart) => Some(N::Accepted),
        (N::Accepted, S::Complete) => Some(N::Completed),
        (N::Accepted, S::Fail) => Some(N::Failed),
        (N::Completed, S::Certify) => Some(N::Completed),
        _ => None,
    }
}

/// The step a result records.
pub fn result_step(outcome: Outcome) -> Step {
    match outcome {
        Outcome::Completed => Step::Complete,
        Outcome::Failed => Step::Fail,
    }
}

/// The history's record of a vetting check: `vetting:<check>:<outcome>`.
pub fn vetting_step(check: &str, outcome: VettingOutcome) -> String {
    format!("vetting:{check}:{outcome}")
}

/// Whether a session may move from `from` to `to`: forward one stage at a
/// time (an open session back to planned, too), or cancelled before it runs.
pub fn session_transition(from: SessionStatus, to: SessionStatus) -> bool {
    use SessionStatus as S;
    matches!(
        (from, to),
        (S::Planned, S::Open)
            | (S::Open, S::Planned)
            | (S::Open, S::Confirmed)
            | (S::Confirmed, S::Running)
            | (S::Running, S::Completed)
            | (S::Planned | S::Open | S::Confirmed, S::Cancelled)
    )
}

/// Whether attendance is taken in a session that stands at `status`.
pub fn takes_attendance(status: SessionStatus) -> bool {
    matches!(status, SessionStatus::Confirmed | SessionStatus::Running | SessionStatus::Completed)
}

/// Whether results are recorded in a session that stands at `status`.
pub fn takes_results(status: SessionStatus) -> bool {
    matches!(status, SessionStatus::Running | SessionStatus::Completed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_and_nothing_else_does() {
        for s in NominationStatus::ALL {
            assert_eq!(NominationStatus::parse(s.code()), Ok(*s));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Ok(*s));
        }
        assert!(Step::parse("aprove").is_err(), "a misspelt step is no step");
        assert!(NominationStatus::parse("Approved").is_err());
    }

    #[test]
    fn the_code_lists_are_the_status_lists() {
        assert_eq!(ACTIVE_CODES, ACTIVE.map(NominationStatus::code));
        assert_eq!(SEATED_CODES, SEATED.map(NominationStatus::code));
        assert_eq!(KEYED_CODES, KEYED.map(NominationStatus::code));
    }

    #[test]
    fn the_two_keys_turn_in_order_and_end_states_do_not_move() {
        assert_eq!(transition(N::Nominated, Step::Approve), Some(N::Approved));
        assert_eq!(transition(N::Nominated, Step::Accept), None, "the host's key before the sender's");
        assert_eq!(transition(N::Approved, Step::Accept), Some(N::Accepted));
        assert_eq!(transition(N::Accepted, Step::Approve), None);
        for end in [N::Withdrawn, N::Cancelled, N::Completed, N::Failed] {
            for step in [Step::Approve, Step::Accept, Step::Withdraw, Step::Cancel, Step::Promote] {
                assert_eq!(transition(end, step), None, "{end} {step}");
            }
        }
    }

    #[test]
    fn only_an_accepted_nomination_travels_and_only_a_completed_one_is_certified() {
        for from in NominationStatus::ALL.iter().copied() {
            assert_eq!(transition(from, Step::Order).is_some(), from == N::Accepted, "{from}");
            assert_eq!(transition(from, Step::Certify).is_some(), from == N::Completed, "{from}");
        }
    }

    #[test]
    fn a_session_moves_forward_one_stage_or_is_cancelled_before_it_runs() {
        use SessionStatus as S;
        assert!(session_transition(S::Planned, S::Open));
        assert!(!session_transition(S::Planned, S::Running));
        assert!(session_transition(S::Confirmed, S::Cancelled));
        assert!(!session_transition(S::Running, S::Cancelled));
        assert!(!session_transition(S::Completed, S::Running));
    }
}
