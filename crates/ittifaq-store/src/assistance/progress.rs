//! What the joint offices watch of technical assistance: the completeness
//! of the record (plans without a baseline, deployments without a plan,
//! reports overdue, reports left unreviewed, milestones past due) and each
//! plan's progress (every indicator's values against its baseline and
//! targets over time, with contested values beside them, and the burn-up
//! of its milestones). Both parties read it all; drafts of reports are the
//! advisor's until submitted and count nowhere.

use std::collections::{BTreeMap, BTreeSet};

use ittifaq_core::assistance::advisory::{Progress, ReportStatus, Span};
use ittifaq_core::id::{DeploymentId, PlanId, ReportId};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::advisory::by_id;
use crate::entity::{
    advisor_report, deployment, engagement_plan, measurement, measurement_contest, plan_indicator, plan_milestone,
    report_progress,
};
use crate::{Actor, Result, Store};

/// A plan named with its code.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRef {
    pub id: PlanId,
    pub code: String,
}

/// A plan with indicators that have no baseline.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoBaseline {
    pub plan: PlanRef,
    /// The codes of its indicators without a baseline (none when it has no indicator at all).
    pub indicators: Vec<String>,
}

/// A deployment named with its code.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeploymentRef {
    pub id: DeploymentId,
    pub code: String,
    pub sending_party: String,
}

/// A report due and not in: its deployment and day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overdue {
    pub deployment: DeploymentRef,
    pub due_on: String,
    /// A draft or returned report written for the day, if any.
    pub report_id: Option<ReportId>,
}

/// A submitted report waiting for the partner's review.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unreviewed {
    pub report_id: ReportId,
    pub deployment: DeploymentRef,
    pub due_on: String,
    /// The party that reviews it.
    pub host_party: String,
    /// When it was submitted (ms since 1970, UTC).
    pub submitted_at: i64,
}

/// A milestone past its day that no report has said done.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateMilestone {
    pub plan: PlanRef,
    pub code: String,
    pub due: String,
    pub owner_party: String,
}

/// What is missing or late, for the joint offices.
#[derive(Debug, Clone, Serialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub plans_without_baseline: Vec<NoBaseline>,
    pub deployments_without_plan: Vec<DeploymentRef>,
    /// Running or coming deployments with a vetting check not passed: the advisor may not report yet.
    pub deployments_not_cleared: Vec<DeploymentRef>,
    pub reports_overdue: Vec<Overdue>,
    pub reports_unreviewed: Vec<Unreviewed>,
    pub milestones_past_due: Vec<LateMilestone>,
}

/// One value of an indicator as a report gave it, with the contests of it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub day: String,
    pub value: f64,
    pub party: String,
    pub report_id: ReportId,
    /// Each other value a party set against it: (party, value).
    pub contested: Vec<(String, f64)>,
}

/// The values of an indicator measured in one month, over every advisor's
/// report that counts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// How many values.
    pub n: usize,
    /// How many of them a party contested.
    pub contested: usize,
}

/// An indicator's course: baseline, targets, the values reported by month,
/// and every contested value beside the value it contests.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Series {
    pub code: String,
    pub objective: String,
    pub unit: String,
    pub direction: String,
    pub baseline: Option<(String, f64)>,
    /// (period end, value), in order.
    pub targets: Vec<(String, f64)>,
    /// The values of submitted and approved reports, month by month.
    pub months: Vec<Month>,
    /// Each value a party contested, with the contests: by day.
    pub contested: Vec<Point>,
}

/// The milestones done by each day a report said one was done, against those due by then.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BurnUp {
    pub total: usize,
    /// (day, due by then, done by then), at each milestone's due day and each day one was first reported done.
    pub steps: Vec<(String, usize, usize)>,
}

/// A plan's progress.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanProgress {
    pub plan: PlanRef,
    pub series: Vec<Series>,
    pub burn_up: BurnUp,
}

/// The last change to any record (the audit record's last row) and the
/// day: what a kept figure was computed from. Every write is audited in its
/// own transaction, so a figure computed after the row was committed is
/// never older than the key says.
type Seen = (i64, time::Date);

/// The completeness record and each plan's progress as last computed: both
/// parties read the same (the records are joint), so one computation serves
/// every reader until something changes or the day turns.
#[derive(Default)]
pub(crate) struct Kept {
    completeness: std::sync::Mutex<Option<(Seen, Completeness)>>,
    progress: std::sync::Mutex<BTreeMap<i64, (Seen, PlanProgress)>>,
}

/// The most plans whose progress is kept.
const PLANS_KEPT: usize = 1_000;

/// A report as the completeness record reads it.
struct Filed {
    id: i64,
    deployment_id: i64,
    due_on: String,
    status: String,
    submitted_at: Option<i64>,
    updated_at: i64,
}

/// Every value of a plan's indicators: (indicator code, value), by code and day.
#[derive(Debug, Clone, Serialize)]
pub struct PlanValues {
    pub points: Vec<(String, Point)>,
}

/// The statuses of the reports whose values count.
const COUNTED: [&str; 2] = [ReportStatus::Submitted.code(), ReportStatus::Approved.code()];

/// The ids of a plan's reports whose values count, as a subquery.
fn counted_of(id: PlanId) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(advisor_report::Column::Id)
        .from(advisor_report::Entity)
        .and_where(advisor_report::Column::Status.is_in(COUNTED))
        .and_where(advisor_report::Column::DeploymentId.in_subquery(deployments_of(id)))
        .to_owned()
}

/// The ids of a plan's deployments, as a subquery.
fn deployments_of(id: PlanId) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(deployment::Column::Id)
        .from(deployment::Entity)
        .and_where(deployment::Column::PlanId.eq(id.get()))
        .to_owned()
}

/// The values of a plan's indicators from the reports that count (only
/// those a party contested, when `contested`), each with its contests, by
/// indicator id.
async fn values_of<C: sea_orm::ConnectionTrait>(conn: &C, id: PlanId, contested: bool) -> Result<Vec<(i64, Point)>> {
    let mut query = measurement::Entity::find()
        .select_only()
        .column(measurement::Column::Id)
        .column(measurement::Column::ReportId)
        .column(measurement::Column::IndicatorId)
        .column(measurement::Column::Value)
        .column(measurement::Column::MeasuredOn)
        .column(measurement::Column::Party)
        .filter(measurement::Column::ReportId.in_subquery(counted_of(id)));
    if contested {
        let any = Query::select()
            .column(measurement_contest::Column::MeasurementId)
            .from(measurement_contest::Entity)
            .to_owned();
        query = query.filter(measurement::Column::Id.in_subquery(any));
    }
    let rows: Vec<(i64, i64, i64, f64, String, String)> = query.into_tuple().all(conn).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut contests: BTreeMap<i64, Vec<(String, f64)>> = BTreeMap::new();
    for c in by_id(conn, &ids, |ids| {
        measurement_contest::Entity::find().filter(measurement_contest::Column::MeasurementId.is_in(ids))
    })
    .await?
    {
        contests.entry(c.measurement_id).or_default().push((c.party, c.value));
    }
    let mut out: Vec<(i64, Point)> = rows
        .into_iter()
        .map(|(mid, report, indicator, value, day, party)| {
            let contested = contests.remove(&mid).unwrap_or_default();
            (indicator, Point { day, value, party, report_id: ReportId(report), contested })
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1.day, a.1.report_id.get()).cmp(&(b.0, &b.1.day, b.1.report_id.get())));
    Ok(out)
}

fn parse_day(text: &str) -> Option<time::Date> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// Reports that count: submitted or approved.
fn counts(status: &str) -> bool {
    status == ReportStatus::Submitted.code() || status == ReportStatus::Approved.code()
}

impl Store {
    /// The last change and the day (see [`Kept`]).
    async fn seen(&self) -> Result<Seen> {
        let last = crate::entity::audit_log::Entity::find()
            .select_only()
            .expr(Func::max(Expr::col(crate::entity::audit_log::Column::Id)))
            .into_tuple::<Option<i64>>()
            .one(self.connection())
            .await?
            .flatten()
            .unwrap_or(0);
        Ok((last, self.today_date()))
    }

    /// What is missing or late in technical assistance, as of today.
    pub async fn completeness(&self, actor: &Actor) -> Result<Completeness> {
        let seen = self.seen().await?;
        if let Ok(kept) = self.kept.completeness.lock()
            && let Some((at, c)) = kept.as_ref()
            && *at == seen
        {
            return Ok(c.clone());
        }
        let c = self.compute_completeness(actor).await?;
        if let Ok(mut kept) = self.kept.completeness.lock() {
            *kept = Some((seen, c.clone()));
        }
        Ok(c)
    }

    async fn compute_completeness(&self, actor: &Actor) -> Result<Completeness> {
        let conn = self.connection();
        let today = time::OffsetDateTime::from_unix_timestamp(self.now_ms() / 1000)
            .map(|t| t.date())
            .unwrap_or(time::Date::MIN);
        let plans: BTreeMap<i64, engagement_plan::Model> = engagement_plan::Entity::find()
            .order_by_asc(engagement_plan::Column::Code)
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let plan_ref =
            |id: i64| PlanRef { id: PlanId(id), code: plans.get(&id).map(|p| p.code.clone()).unwrap_or_default() };
        let mut out = Completeness::default();

        let mut missing: BTreeMap<i64, Vec<String>> = plans.keys().map(|id| (*id, Vec::new())).collect();
        let mut with_indicators = BTreeSet::new();
        for i in plan_indicator::Entity::find().order_by_asc(plan_indicator::Column::Code).all(conn).await? {
            with_indicators.insert(i.plan_id);
            if i.baseline_value.is_none() {
                missing.entry(i.plan_id).or_default().push(i.code);
            }
        }
        for (id, indicators) in missing {
            if !indicators.is_empty() || !with_indicators.contains(&id) {
                out.plans_without_baseline.push(NoBaseline { plan: plan_ref(id), indicators });
            }
        }

        let deployments = deployment::Entity::find().order_by_asc(deployment::Column::Code).all(conn).await?;
        let dep_ref = |d: &deployment::Model| DeploymentRef {
            id: DeploymentId(d.id),
            code: d.code.clone(),
            sending_party: d.sending_party.clone(),
        };
        // The columns the record needs, not the reports' texts.
        let reports: Vec<Filed> = advisor_report::Entity::find()
            .select_only()
            .column(advisor_report::Column::Id)
            .column(advisor_report::Column::DeploymentId)
            .column(advisor_report::Column::DueOn)
            .column(advisor_report::Column::Status)
            .column(advisor_report::Column::SubmittedAt)
            .column(advisor_report::Column::UpdatedAt)
            .into_tuple::<(i64, i64, String, String, Option<i64>, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .map(|(id, deployment_id, due_on, status, submitted_at, updated_at)| Filed {
                id,
                deployment_id,
                due_on,
                status,
                submitted_at,
                updated_at,
            })
            .collect();
        let mut filed: BTreeMap<(i64, String), &Filed> = BTreeMap::new();
        for r in &reports {
            filed.insert((r.deployment_id, r.due_on.clone()), r);
        }
        let by_id: BTreeMap<i64, &deployment::Model> = deployments.iter().map(|d| (d.id, d)).collect();
        let clearances = self.clearances(conn, actor, &deployments).await?;
        let today_text = today.to_string();
        for d in &deployments {
            if d.plan_id.is_none() {
                out.deployments_without_plan.push(dep_ref(d));
            }
            let passed = |v: &crate::vetting::VettingStatus| v.outcome == ittifaq_core::exchange::CheckState::Passed;
            if d.end_date >= today_text && !clearances.get(&d.id).is_none_or(|c| c.iter().all(passed)) {
                out.deployments_not_cleared.push(dep_ref(d));
            }
            let (Some(start), Some(end)) = (parse_day(&d.start_date), parse_day(&d.end_date)) else { continue };
            let rule = d
                .plan_id
                .and_then(|p| plans.get(&p))
                .map_or(super::advisory::DEFAULT_REPORT_RULE, |p| p.report_rule.as_str());
            let due = super::advisory::schedule(rule, Span { start, end });
            for day in due.iter().copied().filter(|day| *day < today) {
                let report = filed.get(&(d.id, day.to_string()));
                if !report.is_some_and(|r| counts(&r.status)) {
                    out.reports_overdue.push(Overdue {
                        deployment: dep_ref(d),
                        due_on: day.to_string(),
                        report_id: report.map(|r| ReportId(r.id)),
                    });
                }
            }
        }
        let mut waiting: Vec<&Filed> = reports.iter().filter(|r| r.status == ReportStatus::Submitted.code()).collect();
        waiting.sort_by_key(|r| (r.submitted_at, r.id));
        for r in waiting {
            if let Some(d) = by_id.get(&r.deployment_id) {
                out.reports_unreviewed.push(Unreviewed {
                    report_id: ReportId(r.id),
                    deployment: dep_ref(d),
                    due_on: r.due_on.clone(),
                    host_party: d.host_party.clone(),
                    submitted_at: r.submitted_at.unwrap_or(r.updated_at),
                });
            }
        }

        let counted: BTreeSet<i64> = reports.iter().filter(|r| counts(&r.status)).map(|r| r.id).collect();
        let done: BTreeSet<i64> = report_progress::Entity::find()
            .select_only()
            .column(report_progress::Column::ReportId)
            .column(report_progress::Column::MilestoneId)
            .filter(report_progress::Column::Progress.eq(Progress::Done.code()))
            .into_tuple::<(i64, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .filter(|(report, _)| counted.contains(report))
            .map(|(_, milestone)| milestone)
            .collect();
        for m in plan_milestone::Entity::find()
            .filter(plan_milestone::Column::Due.lt(today_text.as_str()))
            .order_by_asc(plan_milestone::Column::Due)
            .all(conn)
            .await?
        {
            if !done.contains(&m.id) {
                out.milestones_past_due.push(LateMilestone {
                    plan: plan_ref(m.plan_id),
                    code: m.code,
                    due: m.due,
                    owner_party: m.owner_party,
                });
            }
        }
        Ok(out)
    }

    /// A plan's progress: its indicators' values by month (every value,
    /// with the contests, is in [`Store::plan_values`]) and its milestones' burn-up.
    pub async fn plan_progress(&self, actor: &Actor, id: PlanId) -> Result<PlanProgress> {
        let seen = self.seen().await?;
        if let Ok(kept) = self.kept.progress.lock()
            && let Some((at, p)) = kept.get(&id.get())
            && *at == seen
        {
            return Ok(p.clone());
        }
        let p = self.compute_progress(actor, id).await?;
        if let Ok(mut kept) = self.kept.progress.lock() {
            if kept.len() >= PLANS_KEPT {
                kept.clear();
            }
            kept.insert(id.get(), (seen, p.clone()));
        }
        Ok(p)
    }

    async fn compute_progress(&self, actor: &Actor, id: PlanId) -> Result<PlanProgress> {
        let view = self.get_plan(actor, id).await?;
        let plan = PlanRef { id, code: view.code.clone() };
        let conn = self.connection();
        // Each indicator's values by month, summed up by the database.
        let month = || Expr::cust("substr(measured_on, 1, 7)");
        let by_month = Query::select()
            .column(measurement::Column::IndicatorId)
            .expr_as(month(), Alias::new("month"))
            .expr_as(Func::avg(Expr::col(measurement::Column::Value)), Alias::new("mean"))
            .expr_as(Func::min(Expr::col(measurement::Column::Value)), Alias::new("low"))
            .expr_as(Func::max(Expr::col(measurement::Column::Value)), Alias::new("high"))
            .expr_as(Func::count(Expr::col(measurement::Column::Id)), Alias::new("n"))
            .from(measurement::Entity)
            .and_where(measurement::Column::ReportId.in_subquery(counted_of(id)))
            .add_group_by([Expr::col(measurement::Column::IndicatorId), month()])
            .to_owned();
        let contested = values_of(conn, id, true).await?;
        let mut months_of: BTreeMap<i64, Vec<Month>> = BTreeMap::new();
        for row in conn.query_all(&by_month).await? {
            let indicator: i64 = row.try_get("", "indicator_id")?;
            let month: String = row.try_get("", "month")?;
            let n: i64 = row.try_get("", "n")?;
            let in_month = contested.iter().filter(|(i, p)| *i == indicator && p.day.starts_with(&month)).count();
            months_of.entry(indicator).or_default().push(Month {
                mean: (row.try_get::<f64>("", "mean")? * 100.0).round() / 100.0,
                min: row.try_get("", "low")?,
                max: row.try_get("", "high")?,
                n: n as usize,
                contested: in_month,
                month,
            });
        }
        let ids: BTreeMap<String, i64> = plan_indicator::Entity::find()
            .select_only()
            .column(plan_indicator::Column::Code)
            .column(plan_indicator::Column::Id)
            .filter(plan_indicator::Column::PlanId.eq(id.get()))
            .into_tuple::<(String, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let mut series = Vec::new();
        for o in &view.objectives {
            for i in &o.indicators {
                let indicator = ids.get(&i.code).copied().unwrap_or(-1);
                let mut months = months_of.remove(&indicator).unwrap_or_default();
                months.sort_by(|a, b| a.month.cmp(&b.month));
                let contested = contested.iter().filter(|(x, _)| *x == indicator).map(|(_, p)| p.clone()).collect();
                series.push(Series {
                    code: i.code.clone(),
                    objective: o.code.clone(),
                    unit: i.unit.clone(),
                    direction: i.direction.clone(),
                    baseline: i.baseline.as_ref().map(|b| (b.date.clone(), b.value)),
                    targets: i.targets.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                    months,
                    contested,
                });
            }
        }
        // Burn-up: the first report day on which a counted report said each milestone done.
        let milestones =
            plan_milestone::Entity::find().filter(plan_milestone::Column::PlanId.eq(id.get())).all(conn).await?;
        let rp = Alias::new("rp");
        let first = Query::select()
            .expr_as(Expr::col((rp.clone(), report_progress::Column::MilestoneId)), Alias::new("milestone_id"))
            .expr_as(Func::min(Expr::col((advisor_report::Entity, advisor_report::Column::DueOn))), Alias::new("day"))
            .from_as(report_progress::Entity, rp.clone())
            .inner_join(
                advisor_report::Entity,
                Expr::col((advisor_report::Entity, advisor_report::Column::Id))
                    .equals((rp.clone(), report_progress::Column::ReportId)),
            )
            .and_where(Expr::col((rp.clone(), report_progress::Column::Progress)).eq(Progress::Done.code()))
            .and_where(Expr::col((advisor_report::Entity, advisor_report::Column::Id)).in_subquery(counted_of(id)))
            .group_by_col((rp.clone(), report_progress::Column::MilestoneId))
            .to_owned();
        let mut done: Vec<(i64, String)> = Vec::new();
        for row in conn.query_all(&first).await? {
            done.push((row.try_get("", "milestone_id")?, row.try_get("", "day")?));
        }
        let mut first_done: BTreeMap<i64, String> = BTreeMap::new();
        for (milestone, day) in done {
            let first = first_done.entry(milestone).or_insert_with(|| day.clone());
            if day < *first {
                *first = day;
            }
        }
        let mut days: BTreeSet<String> = milestones.iter().map(|m| m.due.clone()).collect();
        days.extend(first_done.values().cloned());
        let steps = days
            .into_iter()
            .map(|day| {
                let due = milestones.iter().filter(|m| m.due <= day).count();
                let done = first_done.values().filter(|d| **d <= day).count();
                (day, due, done)
            })
            .collect();
        Ok(PlanProgress { plan, series, burn_up: BurnUp { total: milestones.len(), steps } })
    }

    /// Every value of a plan's indicators from the reports that count, each
    /// with its contests, by indicator code and day (for the CSV export).
    pub async fn plan_values(&self, _actor: &Actor, id: PlanId) -> Result<PlanValues> {
        let conn = self.connection();
        let codes: BTreeMap<i64, String> = plan_indicator::Entity::find()
            .filter(plan_indicator::Column::PlanId.eq(id.get()))
            .all(conn)
            .await?
            .into_iter()
            .map(|i| (i.id, i.code))
            .collect();
        let mut points: Vec<(String, Point)> = values_of(conn, id, false)
            .await?
            .into_iter()
            .filter_map(|(indicator, p)| Some((codes.get(&indicator)?.clone(), p)))
            .collect();
        points.sort_by(|a, b| (&a.0, &a.1.day, a.1.report_id.get()).cmp(&(&b.0, &b.1.day, b.1.report_id.get())));
        Ok(PlanValues { points })
    }
}
