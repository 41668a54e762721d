//! The vetting gate, for trainees and advisors alike: the agreement's checks
//! for whom they are (`applies_to`), where each stands for one person, what
//! a recorded check must say, and who records it (the party the agreement
//! makes responsible: the sending party or the host). A trainee's travel
//! order and an advisor's first report wait until every check has passed.

use ittifaq_core::Msg;
use ittifaq_core::agreement::{Names, Responsible, Vetted, VettingCheck};
use ittifaq_core::exchange::{CheckState, VettingOutcome};
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// Where one of the agreement's vetting checks stands for a person.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VettingStatus {
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub name: Names,
    /// The party that records this check.
    pub party: String,
    /// passed, failed, or pending when nothing is recorded.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub outcome: CheckState,
    pub actor: Option<String>,
    pub at: Option<i64>,
    /// The comment, shown only to the party that recorded it.
    pub comment: Option<String>,
    /// The level found (a language check), seen by both parties.
    pub level: Option<String>,
    /// The scale the check records levels on, and the lowest that may pass.
    pub scale: Option<String>,
    pub min_level: Option<String>,
}

/// A vetting check recorded by the responsible party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VettingInput {
    pub check: String,
    /// passed or failed.
    #[cfg_attr(feature = "openapi", schema(pattern = "^(passed|failed)$"))]
    pub outcome: String,
    #[serde(default)]
    pub comment: String,
    /// The level found, for a check the agreement gives a scale (CEFR such as B2,
    /// or a STANAG 6001 profile such as 3232); required there, refused elsewhere.
    #[serde(default)]
    pub level: Option<String>,
}

/// A check as stored, whichever table holds it.
pub(crate) struct Recorded {
    pub id: i64,
    pub code: String,
    pub outcome: String,
    pub party: String,
    pub actor: String,
    pub at: i64,
    pub comment: String,
    pub level: Option<String>,
}

/// A check ready to store: the agreement's check, the outcome, the level on
/// its scale and the comment, each already checked.
pub(crate) struct Checked<'a> {
    pub check: &'a VettingCheck,
    pub outcome: VettingOutcome,
    pub level: Option<String>,
    pub comment: String,
}

impl Store {
    /// The agreement's vetting checks for trainees or for advisors.
    pub(crate) async fn checks_for(&self, to: Vetted) -> Result<Vec<VettingCheck>> {
        Ok(self
            .agreement()
            .await?
            .map(|a| a.vetting.into_iter().filter(|c| c.applies(to)).collect())
            .unwrap_or_default())
    }
}

/// The party that records a check for a person sent by `sending` to `host`.
pub(crate) fn responsible<'a>(check: &VettingCheck, sending: &'a str, host: &'a str) -> &'a str {
    match check.responsible {
        Responsible::Sending => sending,
        Responsible::Host => host,
    }
}

/// Where each check stands: its latest recorded outcome, or pending. The
/// comment is shown only to the party that recorded it (`viewer`).
pub(crate) fn states(
    checks: Vec<VettingCheck>,
    rows: &[Recorded],
    sending: &str,
    host: &str,
    viewer: &str,
) -> Result<Vec<VettingStatus>> {
    checks
        .into_iter()
        .map(|c| {
            let party = responsible(&c, sending, host).to_owned();
            let last = rows.iter().filter(|r| r.code == c.code).max_by_key(|r| r.id);
            Ok(VettingStatus {
                outcome: match last {
                    None => CheckState::Pending,
                    Some(r) => VettingOutcome::parse(&r.outcome)
                        .map_err(|_| StoreError::Corrupt(Msg::new("corrupt-vetting-outcome").arg("id", r.id)))?
                        .into(),
                },
                actor: last.map(|r| r.actor.clone()),
                at: last.map(|r| r.at),
                comment: last.filter(|r| r.party == viewer).map(|r| r.comment.clone()),
                level: last.and_then(|r| r.level.clone()),
                scale: c.scale.map(|s| s.code().to_owned()),
                min_level: c.min_level,
                code: c.code,
                name: c.name,
                party,
            })
        })
        .collect()
}

/// Refuses with `key` unless every check has passed, naming those that have not.
pub(crate) fn ensure_passed(states: &[VettingStatus], key: &'static str) -> Result<()> {
    let missing: Vec<&str> =
        states.iter().filter(|v| v.outcome != CheckState::Passed).map(|v| v.code.as_str()).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Conflict(Msg::new(key).arg("missing", missing.join(", "))))
    }
}

/// Checks what a recorded check says: a check of the agreement (for these
/// people), passed or failed, a level on the check's scale where it has one
/// (a pass at or above its lowest level) and none elsewhere, a short comment.
pub(crate) fn check_input<'a>(checks: &'a [VettingCheck], input: &VettingInput) -> Result<Checked<'a>> {
    let comment = crate::exchange::check_comment(&input.comment)?;
    let outcome = VettingOutcome::parse(&input.outcome).map_err(|_| {
        StoreError::invalid("outcome", Msg::new("invalid-vetting-outcome").arg("outcome", &input.outcome))
    })?;
    let check = checks.iter().find(|c| c.code == input.check).ok_or_else(|| {
        let known: Vec<&str> = checks.iter().map(|c| c.code.as_str()).collect();
        StoreError::invalid(
            "check",
            Msg::new("invalid-check").arg("check", &input.check).arg("codes", known.join(", ")),
        )
    })?;
    let level = input.level.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let level = match (check.scale, level) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(StoreError::invalid("level", Msg::new("invalid-check-no-level").arg("check", &check.code)));
        }
        (Some(scale), None) => {
            return Err(StoreError::invalid(
                "level",
                Msg::new("invalid-check-needs-level").arg("check", &check.code).arg("scale", scale),
            ));
        }
        (Some(scale), Some(text)) => {
            let found = scale.level(text)?;
            if let Some(min) = &check.min_level
                && outcome == VettingOutcome::Passed
                && !found.meets(&scale.level(min)?)
            {
                return Err(StoreError::invalid(
                    "level",
                    Msg::new("invalid-level-below").arg("level", text).arg("min", min).arg("check", &check.code),
                ));
            }
            Some(text.to_uppercase())
        }
    };
    Ok(Checked { check, outcome, level, comment })
}
