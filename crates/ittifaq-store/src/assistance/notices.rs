//! Notices of advisor reports that wait: a report overdue (its day passed
//! with nothing submitted) tells the advisor and the sending party's joint
//! office; a report submitted and left unreviewed for longer than the
//! agreement's `report_review_days` tells both joint offices. Each is sent
//! once (the `report_notice` table remembers it), in the platform and by
//! e-mail to those with an address, rendered in each reader's language.

use std::collections::BTreeSet;

use ittifaq_core::assistance::advisory::ReportStatus;
use ittifaq_core::{PartyCode, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entity::{advisor_report, deployment, report_notice, user};
use crate::notify::notify_users;
use crate::{Actor, Result, Store};

/// The kind of notice of a deployment's reports past their day.
pub const OVERDUE: &str = "report-overdue";
/// The kind of notice of a report waiting for the partner's review.
pub const UNREVIEWED: &str = "report-unreviewed";

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Sends the notices of reports overdue and reports unreviewed that were
    /// not sent before; returns how many notices (one a deployment with
    /// reports overdue, however many; one a report unreviewed) were sent.
    pub async fn notify_reports(&self) -> Result<usize> {
        let conn = self.connection();
        let rows = deployment::Entity::find().all(conn).await?;
        let Some(first) = rows.first() else { return Ok(0) };
        let system = Actor::system(PartyCode::parse(&first.sending_party)?);
        let sent: BTreeSet<(i64, String, String)> = report_notice::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|n| (n.deployment_id, n.due_on, n.kind))
            .collect();
        let review_days = self.agreement().await?.map_or(14, |a| a.rules.report_review_days);
        let now = self.now_ms();
        let mut count = 0;
        for d in self.deployment_views(conn, &system, rows).await? {
            let late: Vec<&str> = d
                .due
                .iter()
                .filter(|due| due.overdue && !sent.contains(&(d.id.get(), due.due_on.clone(), OVERDUE.to_owned())))
                .map(|due| due.due_on.as_str())
                .collect();
            let Some(earliest) = late.first() else { continue };
            let txn = self.write().await?;
            let to = user::Entity::find()
                .filter(
                    sea_orm::Condition::any().add(user::Column::PersonId.eq(d.person_id)).add(
                        sea_orm::Condition::all()
                            .add(user::Column::Party.eq(d.sending_party.as_str()))
                            .add(user::Column::Role.eq(Role::JointOffice.code())),
                    ),
                )
                .all(&txn)
                .await?;
            let args = serde_json::json!({
                "deployment": d.code, "day": earliest, "count": late.len().to_string(), "by": system.username,
            });
            let link = format!("/assistance/deployments/{}", d.id);
            notify_users(&txn, now, &system, &to, OVERDUE, &args, &link).await?;
            for day in &late {
                remember(&txn, d.id.get(), day, OVERDUE, now).await?;
            }
            txn.commit().await?;
            count += 1;
        }
        let waiting = advisor_report::Entity::find()
            .filter(advisor_report::Column::Status.eq(ReportStatus::Submitted.code()))
            .filter(advisor_report::Column::SubmittedAt.lte(now - i64::from(review_days) * DAY_MS))
            .all(conn)
            .await?;
        for r in waiting {
            if sent.contains(&(r.deployment_id, r.due_on.clone(), UNREVIEWED.to_owned())) {
                continue;
            }
            let Some(d) = deployment::Entity::find_by_id(r.deployment_id).one(conn).await? else { continue };
            let txn = self.write().await?;
            let offices = user::Entity::find()
                .filter(user::Column::Role.eq(Role::JointOffice.code()))
                .filter(user::Column::Party.is_in([d.sending_party.as_str(), d.host_party.as_str()]))
                .all(&txn)
                .await?;
            let args = serde_json::json!({
                "deployment": d.code, "day": r.due_on, "days": review_days.to_string(), "by": system.username,
            });
            let link = format!("/assistance/reports/{}", r.id);
            notify_users(&txn, now, &system, &offices, UNREVIEWED, &args, &link).await?;
            remember(&txn, d.id, &r.due_on, UNREVIEWED, now).await?;
            txn.commit().await?;
            count += 1;
        }
        Ok(count)
    }
}

async fn remember<C: sea_orm::ConnectionTrait>(
    conn: &C,
    deployment: i64,
    day: &str,
    kind: &str,
    now: i64,
) -> Result<()> {
    report_notice::ActiveModel {
        deployment_id: Set(deployment),
        due_on: Set(day.to_owned()),
        kind: Set(kind.to_owned()),
        sent_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}
