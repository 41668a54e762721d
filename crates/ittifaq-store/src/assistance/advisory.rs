//! Advisors: deployments and their periodic reports (the rules are
//! `ittifaq_core::assistance::advisory`). The sending party's joint office
//! deploys a person of its registry to an institution of the other party,
//! for a plan's track and some of its objectives, and extends or ends the
//! deployment early. The advisor (the account linked to that person) files
//! a report on each day the plan's schedule gives: a summary, working notes
//! (the sending party's alone unless released), progress on each of the
//! plan's milestones and measurements of its indicators. The partner's
//! joint office approves a submitted report or returns it with a comment.
//! Either party's joint office contests a measurement with its own value
//! and a reason; both values are kept and shown side by side. Both parties
//! read every deployment and report (the notes aside); every step is audited.

use std::collections::BTreeMap;

use ittifaq_core::assistance::advisory::{
    DeploymentStatus, Measurement, Progress, ReportStatus, ReportStep, Span, due_dates, editable, report_transition,
};
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::id::{DeploymentId, MeasurementId, PlanId, ReportId};
use ittifaq_core::{Msg, ParseError};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{
    advisor_report, deployment, deployment_objective, engagement_plan, institution, measurement, measurement_contest,
    person, plan_indicator, plan_milestone, plan_objective, report_progress, user,
};
use crate::registry::{check_code, text_field};
use crate::{Actor, Result, Store, StoreError};

/// The schedule of a deployment with no plan, and of a new plan.
pub const DEFAULT_REPORT_RULE: &str = "FREQ=MONTHLY";

/// A new deployment. With a plan, its track is the plan's and its
/// institution the plan's; `objectives` are codes of the plan's objectives.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeploymentInput {
    pub code: String,
    /// The advisor: a person of the sending party's registry.
    pub person_id: i64,
    /// An institution of the other party (the plan's, when there is a plan).
    pub institution_id: i64,
    #[serde(default)]
    pub plan_id: Option<i64>,
    /// A track of the agreement (the plan's, when there is a plan).
    #[serde(default)]
    pub track: Option<String>,
    #[serde(default)]
    pub objectives: Vec<String>,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
}

/// A deployment's last day moved: later (an extension), or earlier with a reason (an early end).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndInput {
    /// The new last day, `YYYY-MM-DD`.
    pub end: String,
    /// Why it ends early (required for an early end).
    #[serde(default)]
    pub reason: String,
}

/// One report due, as the schedule gives it, and the report filed for it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueView {
    pub due_on: String,
    pub report_id: Option<ReportId>,
    /// The report's status; none while no report is filed.
    pub status: Option<String>,
    /// Past its day (and not today) with no report submitted or approved.
    pub overdue: bool,
}

/// A deployment as read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeploymentView {
    pub id: DeploymentId,
    pub code: String,
    pub person_id: i64,
    /// The advisor's name and rank.
    pub advisor: String,
    pub sending_party: String,
    pub host_party: String,
    pub institution_id: i64,
    pub institution: String,
    pub plan_id: Option<PlanId>,
    pub plan_code: Option<String>,
    pub track: String,
    pub objectives: Vec<String>,
    pub start: String,
    /// The last day first set.
    pub planned_end: String,
    /// The last day now (later after an extension, earlier after an early end).
    pub end: String,
    pub end_reason: Option<String>,
    /// planned, active or ended, today.
    pub status: String,
    /// The RRULE its reports fall due by.
    pub report_rule: String,
    /// Every report due, in order.
    pub due: Vec<DueView>,
    /// The agreement's checks for advisors and where each stands.
    pub vetting: Vec<crate::vetting::VettingStatus>,
    /// Every check has passed: the advisor may report.
    pub cleared: bool,
}

/// What a report says of a milestone.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// The milestone's code in the plan.
    pub milestone: String,
    /// not_started, underway, done or blocked.
    pub progress: String,
    #[serde(default)]
    pub note: String,
}

/// A measurement as sent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeasurementInput {
    /// The indicator's code in the deployment's plan.
    pub indicator: String,
    pub value: f64,
    /// `YYYY-MM-DD`, within the deployment and not after today.
    pub measured_on: String,
    pub method: String,
}

/// A report as the advisor writes it (again for the same day replaces a
/// draft or returned report).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// The day the report falls due, one of the deployment's schedule.
    pub due_on: String,
    pub summary: String,
    /// Working notes: the sending party's alone unless released.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub notes_released: bool,
    #[serde(default)]
    pub progress: Vec<ProgressInput>,
    #[serde(default)]
    pub measurements: Vec<MeasurementInput>,
}

/// A review step: submit, return (a comment required) or approve.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    #[serde(default)]
    pub comment: String,
}

/// A party's contest of a measurement: its own value and why.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestInput {
    pub value: f64,
    pub reason: String,
}

/// A contest as read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestView {
    pub party: String,
    pub value: f64,
    pub reason: String,
    pub username: String,
    pub at: i64,
}

/// A measurement as read, with every contest of it beside it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasurementView {
    pub id: MeasurementId,
    pub indicator: String,
    pub value: f64,
    pub measured_on: String,
    pub method: String,
    pub party: String,
    pub measured_by: String,
    pub contests: Vec<ContestView>,
}

/// A report as read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: ReportId,
    pub deployment_id: DeploymentId,
    pub deployment_code: String,
    pub sending_party: String,
    pub host_party: String,
    pub due_on: String,
    pub status: String,
    pub summary: String,
    /// The working notes; `None` to the other party unless released.
    pub notes: Option<String>,
    pub notes_released: bool,
    pub progress: Vec<ProgressInput>,
    pub measurements: Vec<MeasurementView>,
    pub review_comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub created_by: String,
}

fn day_of(text: &str, field: &'static str) -> Result<time::Date> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| StoreError::Corrupt(crate::record(ObjectKind::Deployment, field).arg("text", text)))
}

pub(crate) fn span_of(d: &deployment::Model) -> Result<Span> {
    Ok(Span { start: day_of(&d.start_date, "start_date")?, end: day_of(&d.end_date, "end_date")? })
}

pub(crate) async fn deployment_of<C: ConnectionTrait>(conn: &C, id: DeploymentId) -> Result<deployment::Model> {
    deployment::Entity::find_by_id(id.get())
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(ObjectKind::Deployment, id))
}

async fn report_of<C: ConnectionTrait>(conn: &C, id: ReportId) -> Result<advisor_report::Model> {
    advisor_report::Entity::find_by_id(id.get())
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::not_found(ObjectKind::AdvisorReport, id))
}

/// Rows of `query` for ids taken a thousand at a time (a bound on the
/// parameters of one statement).
pub(crate) async fn by_id<C, E, F>(conn: &C, ids: &[i64], query: F) -> Result<Vec<E::Model>>
where
    C: ConnectionTrait,
    E: EntityTrait,
    F: Fn(Vec<i64>) -> sea_orm::Select<E>,
{
    let mut out = Vec::new();
    for chunk in ids.chunks(1000) {
        out.extend(query(chunk.to_vec()).all(conn).await?);
    }
    Ok(out)
}

/// The schedule a deployment reports by: its plan's, else the default.
async fn rule_of<C: ConnectionTrait>(conn: &C, d: &deployment::Model) -> Result<String> {
    Ok(match d.plan_id {
        Some(p) => engagement_plan::Entity::find_by_id(p)
            .one(conn)
            .await?
            .map(|p| p.report_rule)
            .unwrap_or_else(|| DEFAULT_REPORT_RULE.to_owned()),
        None => DEFAULT_REPORT_RULE.to_owned(),
    })
}

/// The days a deployment's reports fall due; a stored rule that no longer
/// gives any (the deployment was cut short) gives none.
///
/// Schedules are kept once computed (a rule's occurrences cost tens of
/// microseconds each, and every listing of deployments asks for all of
/// them): the cache holds at most [`SCHEDULES_KEPT`] and starts afresh when full.
pub(crate) fn schedule(rule: &str, span: Span) -> std::sync::Arc<Vec<time::Date>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Key = (String, time::Date, time::Date);
    static KEPT: OnceLock<Mutex<HashMap<Key, Arc<Vec<time::Date>>>>> = OnceLock::new();
    let kept = KEPT.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (rule.to_owned(), span.start, span.end);
    if let Some(days) = kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
        return days;
    }
    let days = Arc::new(due_dates(rule, span).unwrap_or_default());
    if let Ok(mut k) = kept.lock() {
        if k.len() >= SCHEDULES_KEPT {
            k.clear();
        }
        k.insert(key, days.clone());
    }
    days
}

/// The most schedules kept in memory.
const SCHEDULES_KEPT: usize = 50_000;

impl Store {
    /// The people of the actor's party linked to an advisor's account, by
    /// name: whom the party can deploy and who will write the reports.
    pub async fn advisor_people(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        let conn = self.connection();
        let ids: Vec<i64> = user::Entity::find()
            .filter(user::Column::Party.eq(actor.party.as_str()))
            .filter(user::Column::Role.eq(ittifaq_core::Role::Advisor.code()))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|u| u.person_id)
            .collect();
        Ok(person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .filter(person::Column::Party.eq(actor.party.as_str()))
            .order_by_asc(person::Column::FamilyName)
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, format!("{} {} {} ({})", p.rank, p.given_name, p.family_name, p.service_number)))
            .collect())
    }

    /// Today's date by the store's clock.
    pub fn today_date(&self) -> time::Date {
        time::OffsetDateTime::from_unix_timestamp(self.now_ms() / 1000).map(|t| t.date()).unwrap_or(time::Date::MIN)
    }

    /// Deploys a person of the actor's party to an institution of the other party.
    pub async fn create_deployment(&self, actor: &Actor, input: &DeploymentInput) -> Result<DeploymentView> {
        check_code("code", &input.code)?;
        let span = Span::parse(&input.start, &input.end)?;
        let txn = self.write().await?;
        let who = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .filter(|p| p.party == actor.party.as_str())
            .ok_or_else(|| StoreError::no_such("person_id", ObjectKind::Person, input.person_id))?;
        let inst = institution::Entity::find_by_id(input.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("institution_id", ObjectKind::Institution, input.institution_id))?;
        if inst.party == actor.party.as_str() {
            return Err(StoreError::invalid("institution_id", Msg::new("invalid-plan-own-institution")));
        }
        let mut objective_ids = Vec::new();
        let track = match input.plan_id {
            Some(pid) => {
                let p = engagement_plan::Entity::find_by_id(pid)
                    .one(&txn)
                    .await?
                    .filter(|p| p.advising_party == actor.party.as_str())
                    .ok_or_else(|| StoreError::no_such("plan_id", ObjectKind::EngagementPlan, pid))?;
                if p.institution_id != inst.id {
                    return Err(StoreError::invalid("institution_id", Msg::new("invalid-deployment-plan-institution")));
                }
                if input.track.as_ref().is_some_and(|t| *t != p.track) {
                    return Err(StoreError::invalid("track", Msg::new("invalid-deployment-plan-track")));
                }
                for code in &input.objectives {
                    let o = plan_objective::Entity::find()
                        .filter(plan_objective::Column::PlanId.eq(p.id))
                        .filter(plan_objective::Column::Code.eq(code.as_str()))
                        .one(&txn)
                        .await?
                        .ok_or_else(|| {
                            StoreError::invalid("objectives", Msg::new("invalid-plan-no-such").arg("code", code))
                        })?;
                    if !objective_ids.contains(&o.id) {
                        objective_ids.push(o.id);
                    }
                }
                p.track
            }
            None => {
                if !input.objectives.is_empty() {
                    return Err(StoreError::invalid("objectives", Msg::new("invalid-deployment-no-plan-objectives")));
                }
                let track = input.track.clone().unwrap_or_default();
                let agreement = crate::agreement_in(&txn).await?;
                let known = agreement.as_ref().is_none_or(|a| a.tracks.iter().any(|t| t.code == track));
                if track.is_empty() || !known {
                    return Err(StoreError::invalid("track", Msg::new("invalid-track").arg("track", &track)));
                }
                track
            }
        };
        let now = self.now_ms();
        let m = deployment::ActiveModel {
            code: Set(input.code.clone()),
            person_id: Set(who.id),
            sending_party: Set(actor.party.to_string()),
            host_party: Set(inst.party.clone()),
            institution_id: Set(inst.id),
            plan_id: Set(input.plan_id),
            track: Set(track),
            start_date: Set(span.start.to_string()),
            planned_end: Set(span.end.to_string()),
            end_date: Set(span.end.to_string()),
            end_reason: Set(None),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Deployment, &input.code))?;
        for o in &objective_ids {
            deployment_objective::ActiveModel { deployment_id: Set(m.id), objective_id: Set(*o) }.insert(&txn).await?;
        }
        let after = serde_json::json!({
            "code": m.code, "person_id": m.person_id, "institution_id": m.institution_id, "plan_id": m.plan_id,
            "track": m.track, "objectives": input.objectives, "start": m.start_date, "end": m.end_date,
        });
        let event = Event::new(Action::Create, ObjectKind::Deployment, m.id, &m.sending_party).with(None, Some(after));
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_deployment(actor, DeploymentId(m.id)).await
    }

    /// Every deployment, the current first; both parties read them all.
    pub async fn list_deployments(&self, actor: &Actor) -> Result<Vec<DeploymentView>> {
        let conn = self.connection();
        let rows = deployment::Entity::find()
            .order_by_desc(deployment::Column::EndDate)
            .order_by_asc(deployment::Column::Code)
            .all(conn)
            .await?;
        self.deployment_views(conn, actor, rows).await
    }

    /// One deployment with its schedule and the reports filed.
    pub async fn get_deployment(&self, actor: &Actor, id: DeploymentId) -> Result<DeploymentView> {
        let conn = self.connection();
        let d = deployment_of(conn, id).await?;
        let mut views = self.deployment_views(conn, actor, vec![d]).await?;
        views.pop().ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("a deployment's view".into())))
    }

    /// The views of several deployments, read in one query per table
    /// whatever their number (the list shows every deployment).
    pub(crate) async fn deployment_views<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        rows: Vec<deployment::Model>,
    ) -> Result<Vec<DeploymentView>> {
        let today = self.today_date();
        let mut clearances = self.clearances(conn, actor, &rows).await?;
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        let of = |f: fn(&deployment::Model) -> i64| -> Vec<i64> {
            let mut v: Vec<i64> = rows.iter().map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let people: BTreeMap<i64, person::Model> =
            by_id(conn, &of(|d| d.person_id), |ids| person::Entity::find().filter(person::Column::Id.is_in(ids)))
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        let institutions: BTreeMap<i64, String> = by_id(conn, &of(|d| d.institution_id), |ids| {
            institution::Entity::find().filter(institution::Column::Id.is_in(ids))
        })
        .await?
        .into_iter()
        .map(|i| (i.id, i.code))
        .collect();
        let plans: BTreeMap<i64, engagement_plan::Model> = by_id(conn, &of(|d| d.plan_id.unwrap_or(-1)), |ids| {
            engagement_plan::Entity::find().filter(engagement_plan::Column::Id.is_in(ids))
        })
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        let links = by_id(conn, &ids, |ids| {
            deployment_objective::Entity::find().filter(deployment_objective::Column::DeploymentId.is_in(ids))
        })
        .await?;
        let objective_ids: Vec<i64> = links.iter().map(|l| l.objective_id).collect();
        let objective_codes: BTreeMap<i64, String> = by_id(conn, &objective_ids, |ids| {
            plan_objective::Entity::find().filter(plan_objective::Column::Id.is_in(ids))
        })
        .await?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect();
        let mut objectives: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for l in links {
            if let Some(code) = objective_codes.get(&l.objective_id) {
                objectives.entry(l.deployment_id).or_default().push(code.clone());
            }
        }
        // Each report's id and status by deployment and day (not its texts).
        let mut filed: BTreeMap<i64, BTreeMap<String, (i64, String)>> = BTreeMap::new();
        for chunk in ids.chunks(1000) {
            let rows: Vec<(i64, i64, String, String)> = advisor_report::Entity::find()
                .select_only()
                .column(advisor_report::Column::Id)
                .column(advisor_report::Column::DeploymentId)
                .column(advisor_report::Column::DueOn)
                .column(advisor_report::Column::Status)
                .filter(advisor_report::Column::DeploymentId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(conn)
                .await?;
            for (id, deployment, day, status) in rows {
                filed.entry(deployment).or_default().insert(day, (id, status));
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for d in rows {
            let span = span_of(&d)?;
            let rule = d
                .plan_id
                .and_then(|p| plans.get(&p))
                .map_or_else(|| DEFAULT_REPORT_RULE.to_owned(), |p| p.report_rule.clone());
            let reports = filed.remove(&d.id).unwrap_or_default();
            let mut due: Vec<DueView> = schedule(&rule, span)
                .iter()
                .copied()
                .map(|day| {
                    let key = day.to_string();
                    let report = reports.get(&key);
                    let sent = report.is_some_and(|(_, status)| {
                        status == ReportStatus::Submitted.code() || status == ReportStatus::Approved.code()
                    });
                    DueView {
                        due_on: key,
                        report_id: report.map(|(id, _)| ReportId(*id)),
                        status: report.map(|(_, status)| status.clone()),
                        overdue: day < today && !sent,
                    }
                })
                .collect();
            // A report filed for a day the schedule no longer gives (the deployment was cut short) stays listed.
            for (day, (id, status)) in &reports {
                if !due.iter().any(|d| &d.due_on == day) {
                    due.push(DueView {
                        due_on: day.clone(),
                        report_id: Some(ReportId(*id)),
                        status: Some(status.clone()),
                        overdue: false,
                    });
                }
            }
            due.sort_by(|a, b| a.due_on.cmp(&b.due_on));
            let mut objectives = objectives.remove(&d.id).unwrap_or_default();
            objectives.sort();
            let vetting = clearances.remove(&d.id).unwrap_or_default();
            let cleared = vetting.iter().all(|v| v.outcome == ittifaq_core::exchange::CheckState::Passed);
            out.push(DeploymentView {
                id: DeploymentId(d.id),
                code: d.code,
                person_id: d.person_id,
                advisor: people
                    .get(&d.person_id)
                    .map(|p| format!("{} {} ({})", p.rank, p.given_name, p.family_name))
                    .unwrap_or_default(),
                sending_party: d.sending_party,
                host_party: d.host_party,
                institution_id: d.institution_id,
                institution: institutions.get(&d.institution_id).cloned().unwrap_or_default(),
                plan_id: d.plan_id.map(PlanId),
                plan_code: d.plan_id.and_then(|p| plans.get(&p)).map(|p| p.code.clone()),
                track: d.track,
                objectives,
                start: d.start_date,
                planned_end: d.planned_end,
                end: d.end_date,
                end_reason: d.end_reason,
                status: span.status_on(today).code().to_owned(),
                report_rule: rule,
                due,
                vetting,
                cleared,
            });
        }
        Ok(out)
    }

    /// The deployments running on `day` (first day to last), by sending
    /// party and code: the advisors away, for `/abroad`.
    pub async fn deployed_on(&self, actor: &Actor, day: &str) -> Result<Vec<DeploymentView>> {
        let day = time::Date::parse(day.trim(), &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| StoreError::invalid("day", Msg::new("invalid-date").arg("text", day.trim())))?
            .to_string();
        let conn = self.connection();
        let rows = deployment::Entity::find()
            .filter(deployment::Column::StartDate.lte(day.as_str()))
            .filter(deployment::Column::EndDate.gte(day.as_str()))
            .order_by_asc(deployment::Column::SendingParty)
            .order_by_asc(deployment::Column::Code)
            .all(conn)
            .await?;
        self.deployment_views(conn, actor, rows).await
    }

    /// Moves a deployment's last day: later (an extension), or earlier with
    /// a reason (an early end); the sending party's joint office alone, and
    /// not once it has ended.
    pub async fn end_deployment(&self, actor: &Actor, id: DeploymentId, input: &EndInput) -> Result<DeploymentView> {
        let txn = self.write().await?;
        let d = deployment_of(&txn, id).await?;
        crate::scope::ensure_own(actor, &d.sending_party, crate::record(ObjectKind::Deployment, &d.code))?;
        let span = span_of(&d)?;
        let today = self.today_date();
        if span.status_on(today) == DeploymentStatus::Ended {
            return Err(StoreError::Conflict(
                Msg::new("conflict-deployment-ended").msg("what", crate::record(ObjectKind::Deployment, &d.code)),
            ));
        }
        let later = time::Date::parse(input.end.trim(), &time::format_description::well_known::Iso8601::DATE)
            .map(|e| e > span.end)
            .unwrap_or(false);
        let (new, reason, action) = if later || input.reason.trim().is_empty() {
            (span.extended(&input.end)?, None, Action::Extend)
        } else {
            let (s, r) = span.ended_early(&input.end, &input.reason, today)?;
            (s, Some(r), Action::EndEarly)
        };
        let now = self.now_ms();
        let before = serde_json::json!({"end": d.end_date});
        let after = serde_json::json!({"end": new.end.to_string(), "reason": reason});
        let mut am: deployment::ActiveModel = d.clone().into();
        am.end_date = Set(new.end.to_string());
        if reason.is_some() {
            am.end_reason = Set(reason);
        }
        am.updated_at = Set(now);
        am.update(&txn).await?;
        let event = Event::new(action, ObjectKind::Deployment, d.id, &d.sending_party).with(Some(before), Some(after));
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_deployment(actor, id).await
    }

    /// Sets when the advisors of a plan of the actor's party report (an RRULE).
    pub async fn set_report_rule(&self, actor: &Actor, id: PlanId, rule: &str) -> Result<()> {
        // A rule must fall due at least once in a year's deployment.
        let year = Span::parse("2026-01-01", "2026-12-31")?;
        due_dates(rule, year)?;
        let rule = rule.trim().strip_prefix("RRULE:").unwrap_or(rule.trim()).to_owned();
        let txn = self.write().await?;
        let p = engagement_plan::Entity::find_by_id(id.get())
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::EngagementPlan, id))?;
        crate::scope::ensure_own(actor, &p.advising_party, crate::record(ObjectKind::EngagementPlan, &p.code))?;
        let now = self.now_ms();
        let event = Event::new(Action::Schedule, ObjectKind::EngagementPlan, p.id, &p.advising_party).with(
            Some(serde_json::json!({"report_rule": p.report_rule})),
            Some(serde_json::json!({"report_rule": rule})),
        );
        let mut am: engagement_plan::ActiveModel = p.clone().into();
        am.report_rule = Set(rule);
        am.updated_at = Set(now);
        am.update(&txn).await?;
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Files (or rewrites, while it is a draft or returned) the report of a
    /// deployment due on a day of its schedule: the advisor of the deployment alone.
    pub async fn file_report(&self, actor: &Actor, id: DeploymentId, input: &ReportInput) -> Result<ReportView> {
        let summary = text_field("summary", &input.summary, 8000, true)?;
        let notes = text_field("notes", &input.notes, 8000, false)?;
        if input.progress.len() > 200 || input.measurements.len() > 500 {
            return Err(StoreError::invalid("measurements", Msg::new("invalid-too-many").num("max", 500)));
        }
        let txn = self.write().await?;
        let d = deployment_of(&txn, id).await?;
        if crate::users::linked_person_in(&txn, actor).await? != Some(d.person_id) {
            return Err(StoreError::Forbidden(Msg::new("forbidden-not-the-advisor")));
        }
        let span = span_of(&d)?;
        let rule = rule_of(&txn, &d).await?;
        let due_on = time::Date::parse(input.due_on.trim(), &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| {
                StoreError::from(ParseError::invalid("due_on", Msg::new("invalid-date").arg("text", &input.due_on)))
            })?;
        if !schedule(&rule, span).contains(&due_on) {
            return Err(StoreError::invalid("due_on", Msg::new("invalid-report-not-due").arg("day", due_on)));
        }
        let today = self.today_date();
        let existing = advisor_report::Entity::find()
            .filter(advisor_report::Column::DeploymentId.eq(d.id))
            .filter(advisor_report::Column::DueOn.eq(due_on.to_string()))
            .one(&txn)
            .await?;
        if existing.is_none() && span.status_on(today) == DeploymentStatus::Ended {
            return Err(StoreError::Conflict(
                Msg::new("conflict-deployment-ended").msg("what", crate::record(ObjectKind::Deployment, &d.code)),
            ));
        }
        // The vetting gate: no report before every check for advisors has passed.
        let clearance = self.clearances(&txn, actor, std::slice::from_ref(&d)).await?;
        crate::vetting::ensure_passed(
            clearance.get(&d.id).map_or(&[][..], Vec::as_slice),
            "conflict-deployment-not-cleared",
        )?;
        if let Some(r) = &existing
            && !ReportStatus::parse(&r.status).is_ok_and(editable)
        {
            return Err(StoreError::Conflict(Msg::new("conflict-report-not-editable").arg("day", due_on)));
        }
        // Milestones and indicators are those of the deployment's plan.
        let plan = d.plan_id.unwrap_or(-1);
        let milestones: BTreeMap<String, i64> = plan_milestone::Entity::find()
            .filter(plan_milestone::Column::PlanId.eq(plan))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| (m.code, m.id))
            .collect();
        let indicators: BTreeMap<String, i64> = plan_indicator::Entity::find()
            .filter(plan_indicator::Column::PlanId.eq(plan))
            .all(&txn)
            .await?
            .into_iter()
            .map(|i| (i.code, i.id))
            .collect();
        let mut progress = Vec::new();
        for (n, p) in input.progress.iter().enumerate() {
            let at = |f: &str| format!("progress[{n}].{f}");
            let Some(mid) = milestones.get(&p.milestone) else {
                return Err(StoreError::invalid(
                    at("milestone"),
                    Msg::new("invalid-plan-no-such").arg("code", &p.milestone),
                ));
            };
            let state = Progress::parse(p.progress.trim())
                .map_err(|e| StoreError::invalid(at("progress"), e.message().clone()))?;
            let note = text_field("note", &p.note, 2000, false)
                .map_err(|_| StoreError::invalid(at("note"), Msg::new("invalid-text-max").num("max", 2000)))?;
            if progress.iter().any(|(m, _, _)| m == mid) {
                return Err(StoreError::invalid(
                    at("milestone"),
                    Msg::new("invalid-repeated").arg("code", &p.milestone),
                ));
            }
            progress.push((*mid, state, note));
        }
        let mut measured = Vec::new();
        for (n, m) in input.measurements.iter().enumerate() {
            let at = |f: &str| format!("measurements[{n}].{f}");
            let Some(iid) = indicators.get(&m.indicator) else {
                return Err(StoreError::invalid(
                    at("indicator"),
                    Msg::new("invalid-plan-no-such").arg("code", &m.indicator),
                ));
            };
            let parsed = Measurement::parse(m.value, &m.measured_on, &m.method, span, today)
                .map_err(|e| StoreError::invalid(at(e.field()), e.message().clone()))?;
            measured.push((*iid, parsed));
        }
        let now = self.now_ms();
        let report = match existing {
            Some(r) => {
                let mut am: advisor_report::ActiveModel = r.into();
                am.summary = Set(summary.clone());
                am.notes = Set(notes.clone());
                am.notes_released = Set(input.notes_released);
                am.updated_at = Set(now);
                am.update(&txn).await?
            }
            None => {
                advisor_report::ActiveModel {
                    deployment_id: Set(d.id),
                    due_on: Set(due_on.to_string()),
                    status: Set(ReportStatus::Draft.code().to_owned()),
                    summary: Set(summary.clone()),
                    notes: Set(notes.clone()),
                    notes_released: Set(input.notes_released),
                    created_by: Set(actor.username.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        report_progress::Entity::delete_many()
            .filter(report_progress::Column::ReportId.eq(report.id))
            .exec(&txn)
            .await?;
        for (mid, state, note) in &progress {
            report_progress::ActiveModel {
                report_id: Set(report.id),
                milestone_id: Set(*mid),
                progress: Set(state.code().to_owned()),
                note: Set(note.clone()),
            }
            .insert(&txn)
            .await?;
        }
        // Measurements of an earlier writing that nobody contested are replaced.
        let old: Vec<i64> = measurement::Entity::find()
            .filter(measurement::Column::ReportId.eq(report.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let contested: Vec<i64> = measurement_contest::Entity::find()
            .filter(measurement_contest::Column::MeasurementId.is_in(old.clone()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| c.measurement_id)
            .collect();
        let replaced: Vec<i64> = old.into_iter().filter(|id| !contested.contains(id)).collect();
        measurement::Entity::delete_many().filter(measurement::Column::Id.is_in(replaced)).exec(&txn).await?;
        for (iid, m) in &measured {
            measurement::ActiveModel {
                report_id: Set(report.id),
                indicator_id: Set(*iid),
                value: Set(m.value),
                measured_on: Set(m.measured_on.to_string()),
                method: Set(m.method.clone()),
                party: Set(actor.party.to_string()),
                measured_by: Set(actor.username.clone()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        // The notes are the sending party's: the ledger keeps that they changed, not what they say.
        let after = serde_json::json!({
            "deployment": d.code, "due_on": report.due_on, "summary": summary,
            "notes_written": !notes.is_empty(), "notes_released": input.notes_released,
            "progress": input.progress.iter().map(|p| (p.milestone.clone(), p.progress.clone())).collect::<BTreeMap<_, _>>(),
            "measurements": input.measurements.iter().map(|m| serde_json::json!([m.indicator, m.value, m.measured_on])).collect::<Vec<_>>(),
        });
        let event =
            Event::new(Action::Update, ObjectKind::AdvisorReport, report.id, &d.sending_party).with(None, Some(after));
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_report(actor, ReportId(report.id)).await
    }

    /// A step of a report's review: the advisor submits; the partner's
    /// joint office returns it (with a comment) or approves it.
    pub async fn report_step(
        &self,
        actor: &Actor,
        id: ReportId,
        step: ReportStep,
        comment: &str,
    ) -> Result<ReportView> {
        let comment = text_field("comment", comment, 4000, step == ReportStep::Return)?;
        let txn = self.write().await?;
        let r = report_of(&txn, id).await?;
        let d = deployment_of(&txn, DeploymentId(r.deployment_id)).await?;
        let allowed = match step {
            ReportStep::Submit => crate::users::linked_person_in(&txn, actor).await? == Some(d.person_id),
            ReportStep::Return | ReportStep::Approve => actor.party.as_str() == d.host_party,
        };
        if !allowed {
            return Err(StoreError::Forbidden(Msg::new("forbidden-report-step").arg("step", step)));
        }
        let from = ReportStatus::parse(&r.status).map_err(|_| {
            StoreError::Corrupt(crate::record(ObjectKind::AdvisorReport, r.id).arg("status", &r.status))
        })?;
        let to = report_transition(from, step).ok_or_else(|| {
            StoreError::Conflict(
                Msg::new("conflict-report-step")
                    .msg("step", Msg::of_key(step.key()))
                    .msg("status", Msg::of_key(from.key())),
            )
        })?;
        let now = self.now_ms();
        let mut am: advisor_report::ActiveModel = r.clone().into();
        am.status = Set(to.code().to_owned());
        am.updated_at = Set(now);
        match step {
            ReportStep::Submit => am.submitted_at = Set(Some(now)),
            ReportStep::Return | ReportStep::Approve => {
                am.review_comment = Set((!comment.is_empty()).then(|| comment.clone()));
                am.reviewed_by = Set(Some(actor.username.clone()));
                am.reviewed_at = Set(Some(now));
            }
        }
        am.update(&txn).await?;
        let action = match step {
            ReportStep::Submit => Action::Submit,
            ReportStep::Return => Action::Return,
            ReportStep::Approve => Action::Approve,
        };
        let event = Event::new(action, ObjectKind::AdvisorReport, r.id, &d.sending_party).with(
            Some(serde_json::json!({"status": r.status})),
            Some(serde_json::json!({"status": to.code(), "comment": comment})),
        );
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_report(actor, id).await
    }

    /// A report as the actor may read it: the notes only to the sending
    /// party, unless released.
    pub async fn get_report(&self, actor: &Actor, id: ReportId) -> Result<ReportView> {
        let conn = self.connection();
        let r = report_of(conn, id).await?;
        let d = deployment_of(conn, DeploymentId(r.deployment_id)).await?;
        let milestones: BTreeMap<i64, String> = plan_milestone::Entity::find()
            .filter(plan_milestone::Column::PlanId.eq(d.plan_id.unwrap_or(-1)))
            .all(conn)
            .await?
            .into_iter()
            .map(|m| (m.id, m.code))
            .collect();
        let indicators: BTreeMap<i64, String> = plan_indicator::Entity::find()
            .filter(plan_indicator::Column::PlanId.eq(d.plan_id.unwrap_or(-1)))
            .all(conn)
            .await?
            .into_iter()
            .map(|i| (i.id, i.code))
            .collect();
        let progress = report_progress::Entity::find()
            .filter(report_progress::Column::ReportId.eq(r.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| ProgressInput {
                milestone: milestones.get(&p.milestone_id).cloned().unwrap_or_default(),
                progress: p.progress,
                note: p.note,
            })
            .collect();
        let rows = measurement::Entity::find()
            .filter(measurement::Column::ReportId.eq(r.id))
            .order_by_asc(measurement::Column::Id)
            .all(conn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
        let mut contests: BTreeMap<i64, Vec<ContestView>> = BTreeMap::new();
        for c in measurement_contest::Entity::find()
            .filter(measurement_contest::Column::MeasurementId.is_in(ids))
            .order_by_asc(measurement_contest::Column::Id)
            .all(conn)
            .await?
        {
            contests.entry(c.measurement_id).or_default().push(ContestView {
                party: c.party,
                value: c.value,
                reason: c.reason,
                username: c.username,
                at: c.at,
            });
        }
        let measurements = rows
            .into_iter()
            .map(|m| MeasurementView {
                id: MeasurementId(m.id),
                indicator: indicators.get(&m.indicator_id).cloned().unwrap_or_default(),
                value: m.value,
                measured_on: m.measured_on,
                method: m.method,
                party: m.party,
                measured_by: m.measured_by,
                contests: contests.remove(&m.id).unwrap_or_default(),
            })
            .collect();
        let sees_notes = r.notes_released || actor.party.as_str() == d.sending_party;
        Ok(ReportView {
            id: ReportId(r.id),
            deployment_id: DeploymentId(d.id),
            deployment_code: d.code,
            sending_party: d.sending_party,
            host_party: d.host_party,
            due_on: r.due_on,
            status: r.status,
            summary: r.summary,
            notes: sees_notes.then_some(r.notes),
            notes_released: r.notes_released,
            progress,
            measurements,
            review_comment: r.review_comment,
            reviewed_by: r.reviewed_by,
            created_by: r.created_by,
        })
    }

    /// Contests a measurement for the actor's party: its own value and the
    /// reason; once per party (again replaces the party's contest). The
    /// measurement itself is never changed.
    pub async fn contest_measurement(
        &self,
        actor: &Actor,
        id: MeasurementId,
        input: &ContestInput,
    ) -> Result<ReportView> {
        if !input.value.is_finite() {
            return Err(StoreError::invalid("value", Msg::new("invalid-not-finite")));
        }
        let reason = text_field("reason", &input.reason, 2000, true)?;
        let txn = self.write().await?;
        let m = measurement::Entity::find_by_id(id.get())
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Measurement, id))?;
        let r = report_of(&txn, ReportId(m.report_id)).await?;
        let d = deployment_of(&txn, DeploymentId(r.deployment_id)).await?;
        let party = actor.party.as_str();
        if party != d.sending_party && party != d.host_party {
            return Err(StoreError::not_found(ObjectKind::Measurement, id));
        }
        measurement_contest::Entity::delete_many()
            .filter(measurement_contest::Column::MeasurementId.eq(m.id))
            .filter(measurement_contest::Column::Party.eq(party))
            .exec(&txn)
            .await?;
        let now = self.now_ms();
        measurement_contest::ActiveModel {
            measurement_id: Set(m.id),
            party: Set(party.to_owned()),
            value: Set(input.value),
            reason: Set(reason.clone()),
            username: Set(actor.username.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let event = Event::new(Action::Contest, ObjectKind::Measurement, m.id, &d.sending_party).with(
            Some(serde_json::json!({"value": m.value})),
            Some(serde_json::json!({"party": party, "value": input.value, "reason": reason})),
        );
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_report(actor, ReportId(r.id)).await
    }
}
