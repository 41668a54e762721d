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
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
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

/// An indicator's course: baseline, targets and the values reported.
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
    /// The values of submitted and approved reports, by day.
    pub points: Vec<Point>,
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

fn parse_day(text: &str) -> Option<time::Date> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// Reports that count: submitted or approved.
fn counts(status: &str) -> bool {
    status == ReportStatus::Submitted.code() || status == ReportStatus::Approved.code()
}

impl Store {
    /// What is missing or late in technical assistance, as of today.
    pub async fn completeness(&self, _actor: &Actor) -> Result<Completeness> {
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
        let reports = advisor_report::Entity::find().all(conn).await?;
        let mut filed: BTreeMap<(i64, String), &advisor_report::Model> = BTreeMap::new();
        for r in &reports {
            filed.insert((r.deployment_id, r.due_on.clone()), r);
        }
        let by_id: BTreeMap<i64, &deployment::Model> = deployments.iter().map(|d| (d.id, d)).collect();
        for d in &deployments {
            if d.plan_id.is_none() {
                out.deployments_without_plan.push(dep_ref(d));
            }
            let (Some(start), Some(end)) = (parse_day(&d.start_date), parse_day(&d.end_date)) else { continue };
            let rule = d
                .plan_id
                .and_then(|p| plans.get(&p))
                .map_or(super::advisory::DEFAULT_REPORT_RULE, |p| p.report_rule.as_str());
            let due = ittifaq_core::assistance::advisory::due_dates(rule, Span { start, end }).unwrap_or_default();
            for day in due.into_iter().filter(|day| *day < today) {
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
        let mut waiting: Vec<&advisor_report::Model> =
            reports.iter().filter(|r| r.status == ReportStatus::Submitted.code()).collect();
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
            .filter(report_progress::Column::Progress.eq(Progress::Done.code()))
            .all(conn)
            .await?
            .into_iter()
            .filter(|p| counted.contains(&p.report_id))
            .map(|p| p.milestone_id)
            .collect();
        let today_text = today.to_string();
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

    /// A plan's progress: its indicators' values over time and its milestones' burn-up.
    pub async fn plan_progress(&self, actor: &Actor, id: PlanId) -> Result<PlanProgress> {
        let conn = self.connection();
        let view = self.get_plan(actor, id).await?;
        let plan = PlanRef { id, code: view.code.clone() };
        let deployments: Vec<i64> = deployment::Entity::find()
            .filter(deployment::Column::PlanId.eq(id.get()))
            .all(conn)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect();
        let reports: BTreeMap<i64, advisor_report::Model> = advisor_report::Entity::find()
            .filter(advisor_report::Column::DeploymentId.is_in(deployments))
            .all(conn)
            .await?
            .into_iter()
            .filter(|r| counts(&r.status))
            .map(|r| (r.id, r))
            .collect();
        let report_ids: Vec<i64> = reports.keys().copied().collect();
        let indicators =
            plan_indicator::Entity::find().filter(plan_indicator::Column::PlanId.eq(id.get())).all(conn).await?;
        let codes: BTreeMap<i64, String> = indicators.iter().map(|i| (i.id, i.code.clone())).collect();
        let measurements = by_id(conn, &report_ids, |ids| {
            measurement::Entity::find().filter(measurement::Column::ReportId.is_in(ids))
        })
        .await?;
        let ids: Vec<i64> = measurements.iter().map(|m| m.id).collect();
        let mut contests: BTreeMap<i64, Vec<(String, f64)>> = BTreeMap::new();
        for c in by_id(conn, &ids, |ids| {
            measurement_contest::Entity::find().filter(measurement_contest::Column::MeasurementId.is_in(ids))
        })
        .await?
        {
            contests.entry(c.measurement_id).or_default().push((c.party, c.value));
        }
        let mut points: BTreeMap<String, Vec<Point>> = BTreeMap::new();
        for m in measurements {
            let Some(code) = codes.get(&m.indicator_id) else { continue };
            points.entry(code.clone()).or_default().push(Point {
                day: m.measured_on,
                value: m.value,
                party: m.party,
                report_id: ReportId(m.report_id),
                contested: contests.remove(&m.id).unwrap_or_default(),
            });
        }
        let mut series = Vec::new();
        for o in &view.objectives {
            for i in &o.indicators {
                let mut pts = points.remove(&i.code).unwrap_or_default();
                pts.sort_by(|a, b| (&a.day, a.report_id.get()).cmp(&(&b.day, b.report_id.get())));
                series.push(Series {
                    code: i.code.clone(),
                    objective: o.code.clone(),
                    unit: i.unit.clone(),
                    direction: i.direction.clone(),
                    baseline: i.baseline.as_ref().map(|b| (b.date.clone(), b.value)),
                    targets: i.targets.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                    points: pts,
                });
            }
        }
        // Burn-up: the first day a counted report said each milestone done.
        let milestones =
            plan_milestone::Entity::find().filter(plan_milestone::Column::PlanId.eq(id.get())).all(conn).await?;
        let mut first_done: BTreeMap<i64, String> = BTreeMap::new();
        for p in by_id(conn, &report_ids, |ids| {
            report_progress::Entity::find().filter(report_progress::Column::ReportId.is_in(ids))
        })
        .await?
        {
            if p.progress != Progress::Done.code() {
                continue;
            }
            if let Some(r) = reports.get(&p.report_id) {
                let day = first_done.entry(p.milestone_id).or_insert_with(|| r.due_on.clone());
                if r.due_on < *day {
                    *day = r.due_on.clone();
                }
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
}
