//! Force integration: a formerly separate force joins the national army,
//! formation by formation, stage by stage. The vocabulary lives here (the
//! stages in their order, how a formation joins, the flags a stage can
//! raise), with the two pure rules the store and the pages call:
//! [`stall::assess`] (is a stage stalled, at risk, or a commitment on paper
//! only, with the reason and the evidence) and [`identity::name_key`] (one
//! key for one name however it was written, so the same person registered
//! twice is found).

pub mod identity;
pub mod roster;
pub mod stall;

use crate::code_enum;

code_enum! {
    /// A stage every candidate passes in this order; anyone found ineligible
    /// leaves to the reintegration track with a reason.
    pub enum Stage: "integration_stage" {
        Register = "register",
        VerifyIdentity = "verify_identity",
        Vet = "vet",
        HarmoniseRank = "harmonise_rank",
        Assign = "assign",
        HandOver = "hand_over",
    }
}

code_enum! {
    /// How a formation joins: as a whole unit, person by person, or both.
    pub enum Mode: "integration_mode" {
        Bloc = "bloc",
        Individual = "individual",
        Mixed = "mixed",
    }
}

code_enum! {
    /// A headcount verified (who, when, how, from which list), or reported
    /// by the formation itself: shown side by side, never mixed.
    pub enum Figure: "integration_figure" {
        Verified = "verified",
        Reported = "reported",
    }
}

code_enum! {
    /// What a stage of a formation can be flagged as.
    pub enum FlagKind: "integration_flag" {
        /// Past its deadline with no verified progress for the agreement's number of days.
        Stalled = "stalled",
        /// The forecast from verified progress passes the deadline.
        AtRisk = "at_risk",
        /// A commitment without an owner or a date.
        PaperOnly = "paper_only",
    }
}

code_enum! {
    /// A unit of the army's target structure that integrated people are assigned to.
    pub enum TargetKind: "target_kind" {
        Division = "division",
        Brigade = "brigade",
        Battalion = "battalion",
    }
}

/// The most posts one unit of the target structure may have.
pub const MAX_POSTS: i64 = 100_000;

impl TargetKind {
    /// Whether a unit of this kind may stand under one of `parent`'s (a
    /// brigade under a division, a battalion under a brigade or a division).
    pub fn fits_under(self, parent: TargetKind) -> bool {
        (parent as u8) < (self as u8)
    }
}

code_enum! {
    /// Where a candidate on a roster stands.
    pub enum CandidateStatus: "candidate_status" {
        /// On the way through the stages.
        Active = "active",
        /// Handed over: part of the national army, never registered again.
        Integrated = "integrated",
        /// Found ineligible, or chose to leave: on the reintegration track, with a reason.
        Reintegration = "reintegration",
        /// Struck off the roster as a second registration of one person.
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    /// Why a candidate leaves for the reintegration track (IDDRS 6.10).
    pub enum ReintegrationReason: "reintegration_reason" {
        Age = "age",
        Medical = "medical",
        Vetting = "vetting",
        Voluntary = "voluntary",
        NoPost = "no_post",
        Other = "other",
    }
}

code_enum! {
    /// The review of a candidate whose identity matches another registration.
    pub enum MatchState: "match_state" {
        /// To review.
        Open = "open",
        /// Reviewed: another person of the same name.
        Distinct = "distinct",
    }
}

impl Stage {
    /// The stage after this one; none after the hand-over.
    pub fn next(self) -> Option<Stage> {
        let at = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(at + 1).copied()
    }

    /// The stage before this one; none before registration.
    pub fn previous(self) -> Option<Stage> {
        let at = Stage::ALL.iter().position(|s| *s == self)?;
        at.checked_sub(1).map(|i| Stage::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stages_run_in_one_order_and_skip_none() {
        assert_eq!(Stage::Register.previous(), None);
        assert_eq!(Stage::Register.next(), Some(Stage::VerifyIdentity));
        assert_eq!(Stage::HandOver.next(), None);
        let mut walked = vec![Stage::Register];
        while let Some(next) = walked.last().and_then(|s| s.next()) {
            assert_eq!(next.previous(), walked.last().copied());
            walked.push(next);
        }
        assert_eq!(walked, Stage::ALL);
    }
}
