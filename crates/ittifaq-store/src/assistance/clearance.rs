//! An advisor's clearance: the vetting gate of trainees (`crate::vetting`)
//! applied to a deployment. Each of the agreement's checks for advisors is
//! recorded by the party responsible for it (the sending party's security
//! and medical checks, the host's access to its institution); the advisor
//! files no report until every check has passed. Both parties see where
//! each check stands; the comment stays with the joint office of the party
//! that recorded it.

use std::collections::BTreeMap;

use ittifaq_core::Msg;
use ittifaq_core::agreement::Vetted;
use ittifaq_core::assistance::advisory::DeploymentStatus;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::exchange::{CheckState, VettingOutcome};
use ittifaq_core::id::DeploymentId;
use ittifaq_core::policy::Permission;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::advisory::{DeploymentView, by_id, deployment_of, span_of};
use crate::audit::{self, Event};
use crate::entity::{deployment, deployment_vetting, user};
use crate::vetting::{self, Checked, Recorded, VettingInput, VettingStatus};
use crate::{Actor, Result, Store, StoreError};

impl From<deployment_vetting::Model> for Recorded {
    fn from(r: deployment_vetting::Model) -> Self {
        Recorded {
            id: r.id,
            code: r.check_code,
            outcome: r.outcome,
            party: r.party,
            actor: r.actor,
            at: r.at,
            comment: r.comment,
            level: r.level,
        }
    }
}

impl Store {
    /// Where each check for advisors stands, per deployment; a comment is
    /// shown to the joint office of the party that recorded it alone.
    pub(crate) async fn clearances<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        rows: &[deployment::Model],
    ) -> Result<BTreeMap<i64, Vec<VettingStatus>>> {
        let checks = self.checks_for(Vetted::Advisors).await?;
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let mut recorded: BTreeMap<i64, Vec<Recorded>> = BTreeMap::new();
        if !checks.is_empty() {
            let found = by_id(conn, &ids, |ids| {
                deployment_vetting::Entity::find().filter(deployment_vetting::Column::DeploymentId.is_in(ids))
            })
            .await?;
            for r in found {
                recorded.entry(r.deployment_id).or_default().push(r.into());
            }
        }
        let viewer = if Permission::AssistanceWrite.granted_to(actor.role) { actor.party.as_str() } else { "" };
        let mut out = BTreeMap::new();
        for d in rows {
            let rows = recorded.remove(&d.id).unwrap_or_default();
            // `states` gives the comment to the viewer's party alone; who recorded
            // a check is the joint offices' to read too.
            let mut states = vetting::states(checks.clone(), &rows, &d.sending_party, &d.host_party, viewer)?;
            if viewer.is_empty() {
                for s in &mut states {
                    s.actor = None;
                }
            }
            out.insert(d.id, states);
        }
        Ok(out)
    }

    /// Records one of the agreement's checks for advisors on a deployment:
    /// the joint office of the party the agreement makes responsible, until
    /// the deployment has ended. A later record of the same check replaces
    /// its outcome (a check failed and passed again), and both are kept.
    pub async fn record_deployment_vetting(
        &self,
        actor: &Actor,
        id: DeploymentId,
        input: &VettingInput,
    ) -> Result<DeploymentView> {
        let checks = self.checks_for(Vetted::Advisors).await?;
        let Checked { check, outcome, level, comment } = vetting::check_input(&checks, input)?;
        let txn = self.write().await?;
        let d = deployment_of(&txn, id).await?;
        let responsible = vetting::responsible(check, &d.sending_party, &d.host_party);
        crate::scope::ensure_own(
            actor,
            responsible,
            Msg::new("vetting-check-of").arg("check", &check.code).arg("id", &d.code),
        )?;
        if span_of(&d)?.status_on(self.today_date()) == DeploymentStatus::Ended {
            return Err(StoreError::Conflict(
                Msg::new("conflict-deployment-ended").msg("what", crate::record(ObjectKind::Deployment, &d.code)),
            ));
        }
        let now = self.now_ms();
        deployment_vetting::ActiveModel {
            deployment_id: Set(d.id),
            check_code: Set(check.code.clone()),
            outcome: Set(outcome.code().to_owned()),
            party: Set(actor.party.to_string()),
            actor: Set(actor.username.clone()),
            at: Set(now),
            comment: Set(comment),
            level: Set(level.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The ledger holds what both parties see: the check, its outcome and level, not the
        // comment. The check is the recording party's record of the deployment.
        let after = serde_json::json!({"check": check.code, "outcome": outcome.code(), "level": level});
        let event = Event::new(Action::Vet, ObjectKind::Deployment, d.id, actor.party.as_str()).with(None, Some(after));
        audit::record(&txn, now, actor, event).await?;
        if outcome == VettingOutcome::Failed {
            // A failed check concerns both joint offices, as a trainee's does.
            let offices = user::Entity::find()
                .filter(user::Column::Role.eq(ittifaq_core::Role::JointOffice.code()))
                .filter(user::Column::Party.is_in([d.sending_party.as_str(), d.host_party.as_str()]))
                .all(&txn)
                .await?;
            let args = serde_json::json!({"deployment": d.code, "check": check.code, "by": actor.username});
            let link = format!("/assistance/deployments/{}", d.id);
            crate::notify::notify_users(&txn, now, actor, &offices, "deployment-vetting-failed", &args, &link).await?;
        }
        txn.commit().await?;
        self.get_deployment(actor, id).await
    }

    /// The running or coming deployments with a check for advisors the
    /// actor's party records and has not yet recorded: id, code and the
    /// checks awaited, for the inbox.
    pub async fn deployments_to_vet(&self, actor: &Actor) -> Result<Vec<(i64, String, Vec<String>)>> {
        let conn = self.connection();
        let party = actor.party.as_str();
        let today = self.today_date().to_string();
        let rows = deployment::Entity::find()
            .filter(deployment::Column::EndDate.gte(today.as_str()))
            .filter(
                sea_orm::Condition::any()
                    .add(deployment::Column::SendingParty.eq(party))
                    .add(deployment::Column::HostParty.eq(party)),
            )
            .all(conn)
            .await?;
        let states = self.clearances(conn, actor, &rows).await?;
        let mut out = Vec::new();
        for d in rows {
            let awaited: Vec<String> = states
                .get(&d.id)
                .into_iter()
                .flatten()
                .filter(|s| s.party == party && s.outcome == CheckState::Pending)
                .map(|s| s.code.clone())
                .collect();
            if !awaited.is_empty() {
                out.push((d.id, d.code, awaited));
            }
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }
}
