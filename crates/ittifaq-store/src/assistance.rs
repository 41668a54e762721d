//! Technical assistance: engagement plans. The advising party's joint office
//! writes a plan for one track of the agreement at one institution of the
//! other party (objectives, their indicators with a baseline and a target
//! per period, milestones, the partner's absorptive capacity and the
//! sustainment plan); both parties' joint offices turn their key on a
//! version of its substance (a hash of its objectives, indicators,
//! baselines and targets: any change makes a new version); it is activated
//! once nothing is missing (the rule is `ittifaq_core::assistance`). Both
//! parties read every plan; only the advising party writes it, and only
//! while it is a draft. Every step is audited.

pub mod advisory;
pub mod clearance;
pub mod notices;
pub mod progress;

use std::collections::BTreeMap;

use ittifaq_core::agreement::Names;
use ittifaq_core::assistance::{
    Baseline, IndicatorFacts, IndicatorSpec, MilestoneSpec, ObjectiveFacts, PlanFacts, PlanStatus, Target, activation,
    statement,
};
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::id::PlanId;
use ittifaq_core::{Msg, PartyCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{
    engagement_plan, indicator_target, institution, plan_indicator, plan_key, plan_milestone, plan_objective,
};
use crate::registry::{check_code, check_text};
use crate::{Actor, Result, Store, StoreError};

/// A new plan: its code, the track of the agreement, the partner's
/// institution and its title; the two statements may come later.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub code: String,
    pub track: String,
    pub institution_id: i64,
    pub title: Names,
    #[serde(default)]
    pub absorptive_capacity: String,
    #[serde(default)]
    pub sustainment: String,
}

/// An objective, or a milestone's title: a code within the plan and a title.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ObjectiveInput {
    pub code: String,
    pub title: Names,
}

/// A baseline as sent: value, date (`YYYY-MM-DD`), source and method.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BaselineInput {
    pub value: f64,
    pub date: String,
    pub source: String,
    pub method: String,
}

/// An indicator of an objective, with its baseline when it is known.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub objective: String,
    pub code: String,
    pub name: Names,
    pub unit: String,
    /// increase, decrease or maintain.
    pub direction: String,
    /// The party that measures it; may be left out when `kind` says it.
    #[serde(default)]
    pub measured_by: String,
    /// A kind of indicator the agreement names; its measuring party is the agreement's.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub baseline: Option<BaselineInput>,
}

/// A target of an indicator: the end of its period and the value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    pub indicator: String,
    pub period_end: String,
    pub value: f64,
}

/// A milestone: code, title, due date, owner party, evidence expected.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    pub code: String,
    pub title: Names,
    pub due: String,
    pub owner: String,
    pub evidence: String,
}

/// An indicator as read, with its targets by period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorView {
    pub code: String,
    pub name: Names,
    pub unit: String,
    pub direction: String,
    pub measured_by: String,
    pub kind: Option<String>,
    pub baseline: Option<BaselineInput>,
    /// Period end → target value.
    pub targets: BTreeMap<String, f64>,
}

/// An objective as read, with its indicators.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectiveView {
    pub code: String,
    pub title: Names,
    pub indicators: Vec<IndicatorView>,
}

/// A plan as read: everything it holds.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanView {
    pub id: PlanId,
    pub code: String,
    pub track: String,
    pub institution_id: i64,
    pub advising_party: String,
    pub partner_party: String,
    pub title: Names,
    pub absorptive_capacity: String,
    pub sustainment: String,
    /// draft, active or closed.
    pub status: String,
    /// When its advisors report: an RRULE counted from each deployment's first day.
    pub report_rule: String,
    pub objectives: Vec<ObjectiveView>,
    pub milestones: Vec<MilestoneInput>,
    /// The version of the substance: the SHA-256 (hex) of the objectives,
    /// indicators, baselines and targets as they stand.
    pub version: String,
    /// Every key turned on a version of it, the latest last.
    pub keys: Vec<PlanKeyView>,
    /// Whether both parties' keys are on the current version.
    pub agreed: bool,
}

/// A party's key on a version of a plan's substance.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanKeyView {
    pub party: String,
    pub version: String,
    pub username: String,
    /// Milliseconds since 1970, UTC.
    pub at: i64,
}

impl PlanView {
    /// What the activation rule reads of it.
    /// The parties whose key is on the current version.
    pub fn keyed(&self) -> Vec<String> {
        self.keys.iter().filter(|k| k.version == self.version).map(|k| k.party.clone()).collect()
    }

    pub fn facts(&self) -> PlanFacts {
        PlanFacts {
            status: PlanStatus::parse(&self.status).ok(),
            parties: [self.advising_party.clone(), self.partner_party.clone()],
            keyed: self.keyed(),
            absorptive_capacity: self.absorptive_capacity.clone(),
            sustainment: self.sustainment.clone(),
            objectives: self
                .objectives
                .iter()
                .map(|o| ObjectiveFacts {
                    code: o.code.clone(),
                    indicators: o
                        .indicators
                        .iter()
                        .map(|i| IndicatorFacts {
                            code: i.code.clone(),
                            has_baseline: i.baseline.is_some(),
                            targets: i.targets.len(),
                        })
                        .collect(),
                })
                .collect(),
            milestones: self.milestones.len(),
        }
    }
}

/// The code of an objective, indicator or milestone within its plan
/// (`O1`, `O1.2`, `M-3`).
fn check_part_code(code: &str) -> Result<()> {
    let ok =
        !code.is_empty() && code.len() <= 32 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    if ok { Ok(()) } else { Err(StoreError::invalid("code", Msg::new("invalid-code").arg("code", code))) }
}

fn check_names(field: &str, n: &Names) -> Result<()> {
    check_text(&format!("{field}.en"), &n.en)?;
    check_text(&format!("{field}.tr"), &n.tr)?;
    check_text(&format!("{field}.ar"), &n.ar)
}

fn names(en: &str, tr: &str, ar: &str) -> Names {
    Names { en: en.to_owned(), tr: tr.to_owned(), ar: ar.to_owned() }
}

impl Store {
    /// Writes a new draft plan of the actor's party for an institution of the other party.
    pub async fn create_plan(&self, actor: &Actor, input: &PlanInput) -> Result<PlanView> {
        check_code("code", &input.code)?;
        check_names("title", &input.title)?;
        let absorptive = statement("absorptive_capacity", &input.absorptive_capacity)?;
        let sustainment = statement("sustainment", &input.sustainment)?;
        let txn = self.write().await?;
        let agreement = crate::agreement_in(&txn).await?;
        if agreement.as_ref().is_some_and(|a| !a.tracks.iter().any(|t| t.code == input.track)) {
            return Err(StoreError::invalid("track", Msg::new("invalid-track").arg("track", &input.track)));
        }
        let report_rule = agreement
            .as_ref()
            .and_then(|a| a.tracks.iter().find(|t| t.code == input.track))
            .and_then(|t| t.report_rule.clone())
            .unwrap_or_else(|| advisory::DEFAULT_REPORT_RULE.to_owned());
        let inst = institution::Entity::find_by_id(input.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("institution_id", ObjectKind::Institution, input.institution_id))?;
        if inst.party == actor.party.as_str() {
            return Err(StoreError::invalid("institution_id", Msg::new("invalid-plan-own-institution")));
        }
        let now = self.now_ms();
        let m = engagement_plan::ActiveModel {
            code: Set(input.code.clone()),
            track: Set(input.track.clone()),
            institution_id: Set(inst.id),
            advising_party: Set(actor.party.to_string()),
            partner_party: Set(inst.party.clone()),
            title_en: Set(input.title.en.trim().to_owned()),
            title_tr: Set(input.title.tr.trim().to_owned()),
            title_ar: Set(input.title.ar.trim().to_owned()),
            absorptive_capacity: Set(absorptive),
            sustainment: Set(sustainment),
            status: Set(PlanStatus::Draft.code().to_owned()),
            report_rule: Set(report_rule),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::EngagementPlan, &input.code))?;
        let after = serde_json::json!({"code": m.code, "track": m.track, "institution_id": m.institution_id});
        let event =
            Event::new(Action::Create, ObjectKind::EngagementPlan, m.id, &m.advising_party).with(None, Some(after));
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_plan(actor, PlanId(m.id)).await
    }

    /// Every plan, its track and status; both parties read them all.
    pub async fn list_plans(&self) -> Result<Vec<engagement_plan::Model>> {
        Ok(engagement_plan::Entity::find()
            .order_by_asc(engagement_plan::Column::Track)
            .order_by_asc(engagement_plan::Column::Code)
            .all(self.connection())
            .await?)
    }

    /// A plan with everything it holds.
    pub async fn get_plan(&self, _actor: &Actor, id: PlanId) -> Result<PlanView> {
        let conn = self.connection();
        let p = engagement_plan::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::EngagementPlan, id))?;
        plan_view(conn, p).await
    }

    /// The draft plan `id` of the actor's party, locked for a change in `txn`.
    async fn draft_of<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: PlanId,
    ) -> Result<engagement_plan::Model> {
        let p = engagement_plan::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::EngagementPlan, id))?;
        crate::scope::ensure_own(actor, &p.advising_party, crate::record(ObjectKind::EngagementPlan, &p.code))?;
        if p.status != PlanStatus::Draft.code() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-plan-not-draft").msg("what", crate::record(ObjectKind::EngagementPlan, &p.code)),
            ));
        }
        Ok(p)
    }

    /// Records a change to a draft plan in the audit: what was added, and
    /// what a value replaced (`before`), so the plan's history shows what
    /// changed between the versions the parties keyed.
    async fn changed<C: crate::audit::Appender + ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        p: engagement_plan::Model,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Result<()> {
        let now = self.now_ms();
        let event =
            Event::new(Action::Update, ObjectKind::EngagementPlan, p.id, &p.advising_party).with(before, Some(after));
        audit::record(conn, now, actor, event).await?;
        let mut am: engagement_plan::ActiveModel = p.into();
        am.updated_at = Set(now);
        am.update(conn).await?;
        Ok(())
    }

    /// Sets a draft plan's statements of the partner's absorptive capacity and of its sustainment.
    pub async fn set_plan_statements(
        &self,
        actor: &Actor,
        id: PlanId,
        absorptive_capacity: &str,
        sustainment: &str,
    ) -> Result<PlanView> {
        let absorptive = statement("absorptive_capacity", absorptive_capacity)?;
        let sustainment = statement("sustainment", sustainment)?;
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        let mut am: engagement_plan::ActiveModel = p.clone().into();
        am.absorptive_capacity = Set(absorptive.clone());
        am.sustainment = Set(sustainment.clone());
        am.update(&txn).await?;
        let before = (!p.absorptive_capacity.is_empty() || !p.sustainment.is_empty())
            .then(|| serde_json::json!({"absorptive_capacity": p.absorptive_capacity, "sustainment": p.sustainment}));
        let after = serde_json::json!({"absorptive_capacity": absorptive, "sustainment": sustainment});
        self.changed(&txn, actor, p, before, after).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Adds an objective to a draft plan.
    pub async fn add_objective(&self, actor: &Actor, id: PlanId, input: &ObjectiveInput) -> Result<PlanView> {
        check_part_code(&input.code)?;
        check_names("title", &input.title)?;
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        plan_objective::ActiveModel {
            plan_id: Set(p.id),
            code: Set(input.code.clone()),
            title_en: Set(input.title.en.trim().to_owned()),
            title_tr: Set(input.title.tr.trim().to_owned()),
            title_ar: Set(input.title.ar.trim().to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-plan-code-exists").arg("code", &input.code)))?;
        self.changed(&txn, actor, p, None, serde_json::json!({"objective": input.code})).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Adds an indicator to an objective of a draft plan.
    pub async fn add_indicator(&self, actor: &Actor, id: PlanId, input: &IndicatorInput) -> Result<PlanView> {
        check_part_code(&input.code)?;
        check_names("name", &input.name)?;
        let baseline =
            input.baseline.as_ref().map(|b| Baseline::parse(b.value, &b.date, &b.source, &b.method)).transpose()?;
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        // The kind's measuring party is the agreement's; a party named beside it must be the same.
        let measured_by = match input.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            Some(kind) => {
                let agreement = crate::agreement_in(&txn).await?;
                let found = agreement.as_ref().and_then(|a| a.indicator_kinds.iter().find(|k| k.code == kind));
                let Some(found) = found else {
                    return Err(StoreError::invalid("kind", Msg::new("invalid-indicator-kind").arg("kind", kind)));
                };
                let party = match found.measured_by {
                    ittifaq_core::agreement::MeasuredBy::Partner => p.partner_party.clone(),
                    ittifaq_core::agreement::MeasuredBy::Advising => p.advising_party.clone(),
                };
                let named = input.measured_by.trim();
                if !named.is_empty() && named != party {
                    return Err(StoreError::invalid(
                        "measured_by",
                        Msg::new("invalid-measured-by-kind").arg("kind", kind).arg("party", &party),
                    ));
                }
                party
            }
            None => input.measured_by.clone(),
        };
        let spec = IndicatorSpec::parse(&input.unit, &input.direction, &measured_by)?;
        check_party(&p, &spec.measured_by, "measured_by")?;
        let objective = plan_objective::Entity::find()
            .filter(plan_objective::Column::PlanId.eq(p.id))
            .filter(plan_objective::Column::Code.eq(input.objective.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                StoreError::invalid("objective", Msg::new("invalid-plan-no-such").arg("code", &input.objective))
            })?;
        plan_indicator::ActiveModel {
            plan_id: Set(p.id),
            objective_id: Set(objective.id),
            code: Set(input.code.clone()),
            name_en: Set(input.name.en.trim().to_owned()),
            name_tr: Set(input.name.tr.trim().to_owned()),
            name_ar: Set(input.name.ar.trim().to_owned()),
            unit: Set(spec.unit),
            direction: Set(spec.direction.code().to_owned()),
            measured_by: Set(spec.measured_by.to_string()),
            baseline_value: Set(baseline.as_ref().map(|b| b.value)),
            baseline_date: Set(baseline.as_ref().map(|b| b.date.to_string())),
            baseline_source: Set(baseline.as_ref().map(|b| b.source.clone())),
            baseline_method: Set(baseline.as_ref().map(|b| b.method.clone())),
            kind: Set(input.kind.clone().filter(|k| !k.trim().is_empty())),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-plan-code-exists").arg("code", &input.code)))?;
        self.changed(&txn, actor, p, None, serde_json::json!({"indicator": input.code, "objective": input.objective}))
            .await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Sets the baseline of an indicator of a draft plan.
    pub async fn set_baseline(
        &self,
        actor: &Actor,
        id: PlanId,
        indicator: &str,
        input: &BaselineInput,
    ) -> Result<PlanView> {
        let b = Baseline::parse(input.value, &input.date, &input.source, &input.method)?;
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        let i = indicator_of(&txn, &p, indicator).await?;
        let before = i.baseline_value.map(|value| {
            serde_json::json!({"baseline": indicator, "value": value, "date": i.baseline_date,
                "source": i.baseline_source, "method": i.baseline_method})
        });
        let after = serde_json::json!({"baseline": indicator, "value": b.value, "date": b.date.to_string(),
            "source": b.source, "method": b.method});
        let mut am: plan_indicator::ActiveModel = i.into();
        am.baseline_value = Set(Some(b.value));
        am.baseline_date = Set(Some(b.date.to_string()));
        am.baseline_source = Set(Some(b.source));
        am.baseline_method = Set(Some(b.method));
        am.update(&txn).await?;
        self.changed(&txn, actor, p, before, after).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Sets the target of an indicator of a draft plan for a period (again for the same period replaces it).
    pub async fn set_target(&self, actor: &Actor, id: PlanId, input: &TargetInput) -> Result<PlanView> {
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        let i = indicator_of(&txn, &p, &input.indicator).await?;
        let baseline = match (i.baseline_value, &i.baseline_date, &i.baseline_source, &i.baseline_method) {
            (Some(v), Some(d), Some(s), Some(m)) => Some(Baseline::parse(v, d, s, m)?),
            _ => None,
        };
        let t = Target::parse(&input.period_end, input.value, baseline.as_ref())?;
        let period_end = t.period_end.to_string();
        let replaced = indicator_target::Entity::find()
            .filter(indicator_target::Column::IndicatorId.eq(i.id))
            .filter(indicator_target::Column::PeriodEnd.eq(period_end.as_str()))
            .one(&txn)
            .await?;
        let before = replaced
            .map(|old| serde_json::json!({"target": input.indicator, "period_end": period_end, "value": old.value}));
        indicator_target::Entity::delete_many()
            .filter(indicator_target::Column::IndicatorId.eq(i.id))
            .filter(indicator_target::Column::PeriodEnd.eq(period_end.as_str()))
            .exec(&txn)
            .await?;
        indicator_target::ActiveModel {
            indicator_id: Set(i.id),
            period_end: Set(period_end.clone()),
            value: Set(t.value),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = serde_json::json!({"target": input.indicator, "period_end": period_end, "value": t.value});
        self.changed(&txn, actor, p, before, after).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Adds a milestone to a draft plan.
    pub async fn add_milestone(&self, actor: &Actor, id: PlanId, input: &MilestoneInput) -> Result<PlanView> {
        check_part_code(&input.code)?;
        check_names("title", &input.title)?;
        let spec = MilestoneSpec::parse(&input.due, &input.owner, &input.evidence)?;
        let txn = self.write().await?;
        let p = self.draft_of(&txn, actor, id).await?;
        check_party(&p, &spec.owner, "owner")?;
        plan_milestone::ActiveModel {
            plan_id: Set(p.id),
            code: Set(input.code.clone()),
            title_en: Set(input.title.en.trim().to_owned()),
            title_tr: Set(input.title.tr.trim().to_owned()),
            title_ar: Set(input.title.ar.trim().to_owned()),
            due: Set(spec.due.to_string()),
            owner_party: Set(spec.owner.to_string()),
            evidence: Set(spec.evidence),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-plan-code-exists").arg("code", &input.code)))?;
        self.changed(&txn, actor, p, None, serde_json::json!({"milestone": input.code})).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Turns the actor's party's key on the current version of a plan's
    /// substance (either party's joint office, while the plan is a draft).
    pub async fn agree_plan(&self, actor: &Actor, id: PlanId) -> Result<PlanView> {
        let txn = self.write().await?;
        let p = engagement_plan::Entity::find_by_id(id.get())
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::EngagementPlan, id))?;
        let party = actor.party.as_str();
        if party != p.advising_party && party != p.partner_party {
            return Err(StoreError::not_found(ObjectKind::EngagementPlan, id));
        }
        if p.status != PlanStatus::Draft.code() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-plan-not-draft").msg("what", crate::record(ObjectKind::EngagementPlan, &p.code)),
            ));
        }
        let view = plan_view(&txn, p.clone()).await?;
        let now = self.now_ms();
        plan_key::ActiveModel {
            plan_id: Set(p.id),
            party: Set(party.to_owned()),
            version: Set(view.version.clone()),
            username: Set(actor.username.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-plan-agreed").arg("party", party)))?;
        let after = serde_json::json!({"party": party, "version": view.version});
        let event =
            Event::new(Action::Agree, ObjectKind::EngagementPlan, p.id, &p.advising_party).with(None, Some(after));
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }

    /// Activates a draft plan once nothing is missing; the refusal names every missing element.
    pub async fn activate_plan(&self, actor: &Actor, id: PlanId) -> Result<PlanView> {
        let txn = self.write().await?;
        let p = engagement_plan::Entity::find_by_id(id.get())
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::EngagementPlan, id))?;
        crate::scope::ensure_own(actor, &p.advising_party, crate::record(ObjectKind::EngagementPlan, &p.code))?;
        let view = plan_view(&txn, p.clone()).await?;
        activation(&view.facts()).map_err(StoreError::Conflict)?;
        let now = self.now_ms();
        let mut am: engagement_plan::ActiveModel = p.clone().into();
        am.status = Set(PlanStatus::Active.code().to_owned());
        am.updated_at = Set(now);
        am.update(&txn).await?;
        let event = Event::new(Action::Status, ObjectKind::EngagementPlan, p.id, &p.advising_party).with(
            Some(serde_json::json!({"status": p.status})),
            Some(serde_json::json!({"status": PlanStatus::Active.code()})),
        );
        audit::record(&txn, now, actor, event).await?;
        txn.commit().await?;
        self.get_plan(actor, id).await
    }
}

/// A party named on a plan is one of its two parties.
fn check_party(p: &engagement_plan::Model, party: &PartyCode, field: &str) -> Result<()> {
    if party.as_str() == p.advising_party || party.as_str() == p.partner_party {
        Ok(())
    } else {
        Err(StoreError::invalid(field, Msg::new("invalid-plan-party").arg("party", party)))
    }
}

async fn indicator_of<C: ConnectionTrait>(
    conn: &C,
    p: &engagement_plan::Model,
    code: &str,
) -> Result<plan_indicator::Model> {
    plan_indicator::Entity::find()
        .filter(plan_indicator::Column::PlanId.eq(p.id))
        .filter(plan_indicator::Column::Code.eq(code))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::invalid("indicator", Msg::new("invalid-plan-no-such").arg("code", code)))
}

/// A plan with its objectives, indicators, targets and milestones, in four queries.
async fn plan_view<C: ConnectionTrait>(conn: &C, p: engagement_plan::Model) -> Result<PlanView> {
    let objectives = plan_objective::Entity::find()
        .filter(plan_objective::Column::PlanId.eq(p.id))
        .order_by_asc(plan_objective::Column::Id)
        .all(conn)
        .await?;
    let indicators = plan_indicator::Entity::find()
        .filter(plan_indicator::Column::PlanId.eq(p.id))
        .order_by_asc(plan_indicator::Column::Id)
        .all(conn)
        .await?;
    let mut targets: BTreeMap<i64, BTreeMap<String, f64>> = BTreeMap::new();
    for t in indicator_target::Entity::find()
        .filter(indicator_target::Column::IndicatorId.is_in(indicators.iter().map(|i| i.id)))
        .all(conn)
        .await?
    {
        targets.entry(t.indicator_id).or_default().insert(t.period_end, t.value);
    }
    let milestones = plan_milestone::Entity::find()
        .filter(plan_milestone::Column::PlanId.eq(p.id))
        .order_by_asc(plan_milestone::Column::Due)
        .order_by_asc(plan_milestone::Column::Id)
        .all(conn)
        .await?;
    let objectives: Vec<ObjectiveView> = objectives
        .into_iter()
        .map(|o| ObjectiveView {
            indicators: indicators
                .iter()
                .filter(|i| i.objective_id == o.id)
                .map(|i| IndicatorView {
                    code: i.code.clone(),
                    name: names(&i.name_en, &i.name_tr, &i.name_ar),
                    unit: i.unit.clone(),
                    direction: i.direction.clone(),
                    measured_by: i.measured_by.clone(),
                    kind: i.kind.clone(),
                    baseline: match (i.baseline_value, &i.baseline_date, &i.baseline_source, &i.baseline_method) {
                        (Some(value), Some(date), Some(source), Some(method)) => Some(BaselineInput {
                            value,
                            date: date.clone(),
                            source: source.clone(),
                            method: method.clone(),
                        }),
                        _ => None,
                    },
                    targets: targets.remove(&i.id).unwrap_or_default(),
                })
                .collect(),
            code: o.code,
            title: names(&o.title_en, &o.title_tr, &o.title_ar),
        })
        .collect();
    let version = {
        use sha2::{Digest, Sha256};
        let substance = serde_json::to_vec(&objectives).map_err(|_| {
            StoreError::Corrupt(
                Msg::new("corrupt-plan").msg("what", crate::record(ObjectKind::EngagementPlan, &p.code)),
            )
        })?;
        hex::encode(Sha256::digest(&substance))
    };
    let keys: Vec<PlanKeyView> = plan_key::Entity::find()
        .filter(plan_key::Column::PlanId.eq(p.id))
        .order_by_asc(plan_key::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|k| PlanKeyView { party: k.party, version: k.version, username: k.username, at: k.at })
        .collect();
    let agreed = [&p.advising_party, &p.partner_party]
        .iter()
        .all(|party| keys.iter().any(|k| &&k.party == party && k.version == version));
    Ok(PlanView {
        version,
        keys,
        agreed,
        id: PlanId(p.id),
        code: p.code,
        track: p.track,
        institution_id: p.institution_id,
        advising_party: p.advising_party,
        partner_party: p.partner_party,
        title: names(&p.title_en, &p.title_tr, &p.title_ar),
        absorptive_capacity: p.absorptive_capacity,
        sustainment: p.sustainment,
        status: p.status,
        report_rule: p.report_rule,
        objectives,
        milestones: milestones
            .into_iter()
            .map(|m| MilestoneInput {
                code: m.code,
                title: names(&m.title_en, &m.title_tr, &m.title_ar),
                due: m.due,
                owner: m.owner_party,
                evidence: m.evidence,
            })
            .collect(),
    })
}
