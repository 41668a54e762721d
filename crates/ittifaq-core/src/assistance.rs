//! Technical assistance: engagement plans. A plan serves one assistance
//! track of the agreement (its `tracks`) at one partner institution; its
//! objectives have indicators (a unit, a direction, a baseline with its
//! value, date, source and method, a target per period, the party that
//! measures) and the plan has milestones (a due date, the party that owns
//! it, the evidence expected). The rules here read the inputs, naming the
//! field at fault, and decide what a plan must hold before it is activated:
//! every missing element is named at once, never the first alone. Its
//! substance (objectives, indicators, baselines, targets) is agreed only
//! when both parties' joint offices have turned their key on the same
//! version of it; any change makes a new version, which needs both keys again.

pub mod advisory;

use crate::{Msg, ParseError, PartyCode, code_enum};

code_enum! {
    /// Where a plan stands.
    pub enum PlanStatus: "plan_status" {
        /// Being written; nothing of it is yet carried out.
        Draft = "draft",
        /// Activated: complete, and being carried out.
        Active = "active",
        Closed = "closed",
    }
}

code_enum! {
    /// Which way an indicator should move.
    pub enum Direction: "indicator_direction" {
        Increase = "increase",
        Decrease = "decrease",
        Maintain = "maintain",
    }
}

/// Most characters of a short text (a unit, a source, a method).
const SHORT: usize = 200;
/// Most characters of a statement (absorptive capacity, sustainment, evidence).
const LONG: usize = 4000;

fn text(field: &'static str, value: &str, max: usize, required: bool) -> Result<String, ParseError> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(ParseError::invalid(field, Msg::new("invalid-required")));
    }
    if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ParseError::invalid(field, Msg::new("invalid-text-max").num("max", max as i64)));
    }
    Ok(v.to_owned())
}

fn date(field: &'static str, value: &str) -> Result<time::Date, ParseError> {
    time::Date::parse(value.trim(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| ParseError::invalid(field, Msg::new("invalid-date").arg("text", value.trim())))
}

fn number(field: &'static str, value: f64) -> Result<f64, ParseError> {
    if value.is_finite() { Ok(value) } else { Err(ParseError::invalid(field, Msg::new("invalid-not-finite"))) }
}

/// An indicator's baseline: where it stood before the assistance, when,
/// from what source and measured how.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub value: f64,
    pub date: time::Date,
    pub source: String,
    pub method: String,
}

impl Baseline {
    pub fn parse(value: f64, day: &str, source: &str, method: &str) -> Result<Baseline, ParseError> {
        Ok(Baseline {
            value: number("baseline.value", value)?,
            date: date("baseline.date", day)?,
            source: text("baseline.source", source, SHORT, true)?,
            method: text("baseline.method", method, SHORT, true)?,
        })
    }
}

/// The value an indicator should reach by the end of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub period_end: time::Date,
    pub value: f64,
}

impl Target {
    /// A target; its period ends after the baseline, when there is one.
    pub fn parse(period_end: &str, value: f64, baseline: Option<&Baseline>) -> Result<Target, ParseError> {
        if period_end.trim().is_empty() {
            return Err(ParseError::invalid("period_end", Msg::new("invalid-target-period")));
        }
        let period_end = date("period_end", period_end)?;
        if let Some(b) = baseline
            && period_end <= b.date
        {
            return Err(ParseError::invalid(
                "period_end",
                Msg::new("invalid-target-before-baseline").arg("end", period_end).arg("baseline", b.date),
            ));
        }
        Ok(Target { period_end, value: number("value", value)? })
    }
}

/// What an indicator is: its unit, which way it should move, the party
/// that measures it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorSpec {
    pub unit: String,
    pub direction: Direction,
    pub measured_by: PartyCode,
}

impl IndicatorSpec {
    pub fn parse(unit: &str, direction: &str, measured_by: &str) -> Result<IndicatorSpec, ParseError> {
        Ok(IndicatorSpec {
            unit: text("unit", unit, SHORT, true)?,
            direction: Direction::parse(direction.trim())
                .map_err(|e| ParseError::invalid("direction", e.message().clone()))?,
            measured_by: PartyCode::parse(measured_by.trim())
                .map_err(|e| ParseError::invalid("measured_by", e.message().clone()))?,
        })
    }
}

/// A milestone: when it is due, the party that owns it, the evidence expected.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneSpec {
    pub due: time::Date,
    pub owner: PartyCode,
    pub evidence: String,
}

impl MilestoneSpec {
    pub fn parse(due: &str, owner: &str, evidence: &str) -> Result<MilestoneSpec, ParseError> {
        Ok(MilestoneSpec {
            due: date("due", due)?,
            owner: PartyCode::parse(owner.trim()).map_err(|e| ParseError::invalid("owner", e.message().clone()))?,
            evidence: text("evidence", evidence, LONG, true)?,
        })
    }
}

/// A plan's statement of the partner's absorptive capacity or its
/// sustainment plan: empty while it is being written, at most 4,000
/// characters.
pub fn statement(field: &'static str, value: &str) -> Result<String, ParseError> {
    text(field, value, LONG, false)
}

/// What the activation rule reads of an indicator.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFacts {
    /// How the plan names it (its code).
    pub code: String,
    pub has_baseline: bool,
    pub targets: usize,
}

/// What the activation rule reads of an objective.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveFacts {
    pub code: String,
    pub indicators: Vec<IndicatorFacts>,
}

/// What the activation rule reads of a plan.
#[derive(Debug, Clone, Default)]
pub struct PlanFacts {
    pub status: Option<PlanStatus>,
    /// The plan's two parties (advising, partner).
    pub parties: [String; 2],
    /// The parties whose key is on the current version of the substance.
    pub keyed: Vec<String>,
    pub absorptive_capacity: String,
    pub sustainment: String,
    pub objectives: Vec<ObjectiveFacts>,
    pub milestones: usize,
}

/// An element a plan lacks before it may be activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Objectives,
    AbsorptiveCapacity,
    Sustainment,
    Milestones,
    Indicators {
        objective: String,
    },
    Baseline {
        indicator: String,
    },
    Targets {
        indicator: String,
    },
    /// A party's key on the current version of the substance.
    Key {
        party: String,
    },
}

impl Missing {
    pub fn msg(&self) -> Msg {
        match self {
            Missing::Objectives => Msg::new("plan-missing-objectives"),
            Missing::AbsorptiveCapacity => Msg::new("plan-missing-absorptive-capacity"),
            Missing::Sustainment => Msg::new("plan-missing-sustainment"),
            Missing::Milestones => Msg::new("plan-missing-milestones"),
            Missing::Indicators { objective } => Msg::new("plan-missing-indicators").arg("objective", objective),
            Missing::Baseline { indicator } => Msg::new("plan-missing-baseline").arg("indicator", indicator),
            Missing::Targets { indicator } => Msg::new("plan-missing-targets").arg("indicator", indicator),
            Missing::Key { party } => Msg::new("plan-missing-key").arg("party", party),
        }
    }
}

/// Every element a plan lacks before it may be activated: an objective at
/// least, each with an indicator, each indicator with a baseline and a
/// target; a milestone; the statement of the partner's absorptive capacity
/// and the sustainment plan; both parties' keys on the current version.
pub fn missing_for_activation(p: &PlanFacts) -> Vec<Missing> {
    let mut out = Vec::new();
    if p.objectives.is_empty() {
        out.push(Missing::Objectives);
    }
    for o in &p.objectives {
        if o.indicators.is_empty() {
            out.push(Missing::Indicators { objective: o.code.clone() });
        }
        for i in &o.indicators {
            if !i.has_baseline {
                out.push(Missing::Baseline { indicator: i.code.clone() });
            }
            if i.targets == 0 {
                out.push(Missing::Targets { indicator: i.code.clone() });
            }
        }
    }
    if p.milestones == 0 {
        out.push(Missing::Milestones);
    }
    if p.absorptive_capacity.trim().is_empty() {
        out.push(Missing::AbsorptiveCapacity);
    }
    if p.sustainment.trim().is_empty() {
        out.push(Missing::Sustainment);
    }
    for party in &p.parties {
        if !party.is_empty() && !p.keyed.contains(party) {
            out.push(Missing::Key { party: party.clone() });
        }
    }
    out
}

/// Whether a plan may be activated: a draft with nothing missing; otherwise
/// the refusal, listing every missing element.
pub fn activation(p: &PlanFacts) -> Result<(), Msg> {
    if p.status != Some(PlanStatus::Draft) {
        let status = p.status.map_or_else(|| Msg::plain("?"), |s| Msg::of_key(s.key()));
        return Err(Msg::new("plan-not-draft").msg("status", status));
    }
    let missing = missing_for_activation(p);
    if missing.is_empty() {
        return Ok(());
    }
    Err(Msg::new("plan-not-ready")
        .msg("missing", Msg::list("plan-missing", missing.iter().map(Missing::msg).collect())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(code: &str, baseline: bool, targets: usize) -> IndicatorFacts {
        IndicatorFacts { code: code.into(), has_baseline: baseline, targets }
    }

    #[test]
    fn an_empty_plan_is_refused_naming_every_missing_element() {
        let p = PlanFacts { status: Some(PlanStatus::Draft), ..Default::default() };
        assert_eq!(
            missing_for_activation(&p),
            [Missing::Objectives, Missing::Milestones, Missing::AbsorptiveCapacity, Missing::Sustainment]
        );
        let said = crate::i18n::strip_isolation(&activation(&p).unwrap_err().in_lang(crate::Lang::En));
        assert!(said.contains("no objective") && said.contains("sustainment"), "{said}");
    }

    #[test]
    fn every_indicator_needs_a_baseline_and_a_target_and_every_objective_an_indicator() {
        let p = PlanFacts {
            status: Some(PlanStatus::Draft),
            absorptive_capacity: "Two logistics officers per brigade can take the system on.".into(),
            sustainment: "The partner's budget carries the licences from year two.".into(),
            objectives: vec![
                ObjectiveFacts {
                    code: "O1".into(),
                    indicators: vec![
                        indicator("O1.1", false, 1),
                        indicator("O1.2", true, 0),
                        indicator("O1.3", true, 2),
                    ],
                },
                ObjectiveFacts { code: "O2".into(), indicators: vec![] },
            ],
            milestones: 1,
            parties: Default::default(),
            keyed: Vec::new(),
        };
        assert_eq!(
            missing_for_activation(&p),
            [
                Missing::Baseline { indicator: "O1.1".into() },
                Missing::Targets { indicator: "O1.2".into() },
                Missing::Indicators { objective: "O2".into() },
            ]
        );
        let unkeyed = PlanFacts {
            objectives: vec![ObjectiveFacts { code: "O1".into(), indicators: vec![indicator("O1.3", true, 2)] }],
            parties: ["TR".into(), "SY".into()],
            keyed: vec!["TR".into()],
            ..p.clone()
        };
        assert_eq!(missing_for_activation(&unkeyed), [Missing::Key { party: "SY".into() }]);
        let complete = PlanFacts { keyed: vec!["SY".into(), "TR".into()], ..unkeyed };
        assert_eq!(activation(&complete), Ok(()));
        let active = PlanFacts { status: Some(PlanStatus::Active), ..complete };
        assert_eq!(activation(&active).unwrap_err().key(), "plan-not-draft");
    }

    #[test]
    fn inputs_name_the_field_at_fault() {
        let b = Baseline::parse(12.0, "2026-01-15", "Logistics directorate returns", "Monthly count").unwrap();
        assert_eq!(Baseline::parse(f64::NAN, "2026-01-15", "s", "m").unwrap_err().field(), "baseline.value");
        assert_eq!(Baseline::parse(1.0, "15/01/2026", "s", "m").unwrap_err().field(), "baseline.date");
        assert_eq!(Baseline::parse(1.0, "2026-01-15", " ", "m").unwrap_err().field(), "baseline.source");
        assert_eq!(Target::parse("", 20.0, Some(&b)).unwrap_err().field(), "period_end");
        assert_eq!(Target::parse("2026-01-01", 20.0, Some(&b)).unwrap_err().field(), "period_end");
        assert!(Target::parse("2026-06-30", 20.0, Some(&b)).is_ok());
        assert_eq!(IndicatorSpec::parse("%", "sideways", "TR").unwrap_err().field(), "direction");
        assert_eq!(IndicatorSpec::parse("%", "increase", "XX1").unwrap_err().field(), "measured_by");
        assert_eq!(IndicatorSpec::parse("", "increase", "TR").unwrap_err().field(), "unit");
        assert_eq!(MilestoneSpec::parse("2026-02-30", "SY", "Signed handover").unwrap_err().field(), "due");
        assert_eq!(MilestoneSpec::parse("2026-03-01", "SY", "").unwrap_err().field(), "evidence");
        assert_eq!(statement("sustainment", &"x".repeat(4001)).unwrap_err().field(), "sustainment");
    }
}
