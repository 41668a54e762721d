//! The vetting gate on a page, for a trainee's record and an advisor's
//! deployment alike: each check as a row (its name in the reader's
//! language, the party that records it, where it stands) and the form
//! that records it, and that form as posted. The table is the macro of
//! `templates/vetting.html`.

use ittifaq_store::vetting::{VettingInput, VettingStatus};
use serde::Deserialize;

use crate::pages::{PageCtx, names};

/// One check as a page shows it.
pub(crate) struct VettingRow {
    pub code: String,
    pub name: String,
    pub party: String,
    pub outcome: String,
    pub outcome_label: String,
    pub by: String,
    pub comment: String,
    pub can_record: bool,
    /// The level recorded, and for a check with a scale: its levels to choose from
    /// (empty: typed, as a STANAG 6001 profile) and the lowest that passes.
    pub level: String,
    pub scale: Option<String>,
    pub choices: Vec<&'static str>,
    pub min_level: String,
}

/// The rows of these checks; the user records those of their `party`
/// when `may_record` (the record's state and the user's permission allow it).
pub(crate) fn vetting_rows(ctx: &PageCtx, states: &[VettingStatus], party: &str, may_record: bool) -> Vec<VettingRow> {
    states
        .iter()
        .map(|v| VettingRow {
            code: v.code.clone(),
            name: names(ctx.tr.lang, &v.name),
            party: v.party.clone(),
            outcome: v.outcome.code().to_owned(),
            outcome_label: ctx.t(&v.outcome.key()),
            by: v.actor.clone().unwrap_or_default(),
            comment: v.comment.clone().unwrap_or_default(),
            level: v.level.clone().unwrap_or_default(),
            scale: v.scale.clone(),
            choices: v
                .scale
                .as_deref()
                .and_then(|s| ittifaq_core::level::LevelScale::parse(s).ok())
                .map(|s| s.choices().to_vec())
                .unwrap_or_default(),
            min_level: v.min_level.clone().unwrap_or_default(),
            can_record: may_record && v.party == party,
        })
        .collect()
}

/// A check as its form posts it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VettingForm {
    check: String,
    outcome: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    level: String,
}

impl From<VettingForm> for VettingInput {
    fn from(f: VettingForm) -> Self {
        let level = Some(f.level).filter(|l| !l.trim().is_empty());
        VettingInput { check: f.check, outcome: f.outcome, comment: f.comment, level }
    }
}
