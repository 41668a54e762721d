//! Seat allocation in the platform: the joint office runs `ittifaq-alloc` on a
//! planning period's current nominations, reviews and adjusts the plan (pin or
//! forbid a nomination, then solve again), and commits it with two keys: each
//! party's joint office commits the same run, and the last key applies the
//! plan through the exchange's own steps (approve, accept, waitlist, withdraw),
//! each recorded under the key of the party it belongs to.
//!
//! The instance of a period: its sessions (starting from `from` to `to`, not
//! cancelled, running or completed) with capacity and party quotas; their
//! courses with language, rank range, prerequisites and the qualification they
//! grant; every nomination that still claims a place (nominated, approved,
//! waitlisted or accepted) of a person not archived; the nominees with rank,
//! languages and qualifications, and the agreement's
//! `max_sessions_per_person`; their units with `max_away`, or when a unit has
//! none, the agreement's `unit_max_away_share` of its members (rounded up,
//! at least one). A nomination's weight is `10 - priority` (priority 1, the
//! highest, weighs 9), so a person's first choice is their highest priority.
//! Accepted nominations already hold a seat: they are pinned in every run, and
//! a person's or unit's limit is raised to what its accepted nominations hold.

use ittifaq_core::Msg;
use ittifaq_core::allocation::{Decision, RunState};
use ittifaq_core::id::AllocationRunId;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use ittifaq_alloc::model::{Course, Nomination, Person, Session, Unit};
use ittifaq_alloc::{AllocResult, FairnessReport, Instance, SolveOptions};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::{self, Event};
use crate::entity::{allocation_key, allocation_run, course_session, nomination, party, person, unit};
use crate::reports::Period;
use crate::scope::person_view;
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::exchange::NominationStatus::{Approved, Nominated, Waitlisted};
use ittifaq_core::exchange::{ACTIVE_CODES, NominationStatus, SessionStatus, Step};

/// Statuses of a nomination that the allocator plans for: every one that claims a place.
const PLANNED: [&str; 4] = ACTIVE_CODES;
/// Statuses of a session whose seats may still be allocated.
const SESSION_OPEN: [&str; 3] =
    [SessionStatus::Planned.code(), SessionStatus::Open.code(), SessionStatus::Confirmed.code()];
/// Person fields the other party must release for its users to see a run's
/// instance (units it did not release appear under stand-in names).
const INSTANCE_FIELDS: &[&str] = &["rank", "languages", "qualifications"];
/// The solver's budget for one run.
const SOLVE_SECONDS: u64 = 10;

/// A new run for a planning period.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RunInput {
    /// First day of the period, `YYYY-MM-DD`: sessions starting from it.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub from: String,
    /// Last day of the period, `YYYY-MM-DD`, included.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub to: String,
}

/// The hand adjustments of a new run made from another: the full sets of
/// nominations to pin (grant whatever the weights say) and to forbid (refuse).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Adjustments {
    #[serde(default)]
    pub pins: Vec<i64>,
    #[serde(default)]
    pub forbids: Vec<i64>,
}

/// One nomination of a run and what the plan decided for it, as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct StoredRow {
    nomination_id: i64,
    person_id: i64,
    person_party: String,
    unit_id: i64,
    unit_code: String,
    session_id: i64,
    session_code: String,
    host_party: String,
    priority: i32,
    weight: i64,
    /// The nomination's status when the run was made.
    status: String,
    granted: bool,
    /// Why it was not granted: a reason of the contract, or `forbidden`.
    reason: Option<String>,
    pinned: bool,
    forbidden: bool,
}

/// A party's key on a run.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyView {
    pub party: String,
    pub username: String,
    pub at: i64,
}

/// A run as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunSummary {
    pub id: AllocationRunId,
    pub from: String,
    pub to: String,
    pub parent_id: Option<AllocationRunId>,
    pub objective: i64,
    pub bound: f64,
    /// `1 - objective / bound`: how far the plan may be from the best.
    pub gap: f64,
    pub granted: usize,
    pub refused: usize,
    pub pins: Vec<i64>,
    pub forbids: Vec<i64>,
    pub created_by: String,
    pub created_by_party: String,
    pub created_at: i64,
    /// proposed, committed (both keys) or superseded (a newer run covers its period).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub state: RunState,
    pub keys: Vec<KeyView>,
    pub committed_at: Option<i64>,
}

/// One nomination of a run under review, its nominee as the viewer may see them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRowView {
    pub nomination_id: i64,
    pub person_id: i64,
    pub person: String,
    pub person_party: String,
    /// The nominee's unit, where the viewer may see it.
    pub unit: Option<String>,
    pub session_id: i64,
    pub session_code: String,
    pub host_party: String,
    pub priority: i32,
    pub weight: i64,
    /// The nomination's status when the run was made.
    pub status: String,
    pub granted: bool,
    pub reason: Option<String>,
    pub pinned: bool,
    pub forbidden: bool,
}

/// Seats of one session in a plan.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionLine {
    pub session_id: i64,
    pub code: String,
    pub host_party: String,
    pub start: String,
    pub end: String,
    pub capacity: i64,
    pub nominated: usize,
    pub granted: usize,
}

/// A party's or unit's share of what it nominated.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareView {
    pub id: String,
    pub nominated_weight: i64,
    pub granted_weight: i64,
    pub weight_share: f64,
    pub people_nominated: usize,
    pub first_choices_met: usize,
    pub first_choice_share: f64,
}

/// A nomination whose decision differs from the previous run's.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeView {
    pub nomination_id: i64,
    pub person: String,
    pub session_code: String,
    /// granted, a refusal reason, or `absent` (not in that run).
    pub before: String,
    pub after: String,
}

/// Everything the review of a run shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunReview {
    pub run: RunSummary,
    pub sessions: Vec<SessionLine>,
    pub parties: Vec<ShareView>,
    pub units: Vec<ShareView>,
    pub rows: Vec<PlanRowView>,
    /// The run the changes are counted from: the parent, or the previous run of the same period.
    pub previous_run: Option<i64>,
    pub changes: Vec<ChangeView>,
    /// The instance solved (contract JSON); withheld when the other party does
    /// not release the nominees' rank, languages and qualifications. Units the
    /// other party did not release appear under stand-in names.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub instance: Option<serde_json::Value>,
    /// The result (contract JSON).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: serde_json::Value,
}

/// The platform's instance of a period, with the nomination behind each pair.
struct Built {
    instance: Instance,
    rows: Vec<StoredRow>,
    hash: String,
}

/// Most session codes a change names before counting the rest.
const NAMED_SESSIONS: usize = 10;

/// Codes, at most [`NAMED_SESSIONS`] of them named and the rest counted.
fn some_codes(codes: &BTreeSet<&str>) -> Msg {
    let named: Vec<&str> = codes.iter().take(NAMED_SESSIONS).copied().collect();
    let rest = codes.len() - named.len();
    if rest == 0 {
        Msg::new("run-codes").arg("codes", named.join(", "))
    } else {
        Msg::new("run-codes-more").arg("codes", named.join(", ")).num("count", rest as i64)
    }
}

/// Items by their key.
fn keyed<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> K) -> BTreeMap<K, &'a T> {
    items.iter().map(|t| (key(t), t)).collect()
}

/// What changed between the inputs a run was solved on and today's: the
/// sessions changed, added or gone (by code), the nominations added or gone
/// and those whose priority moved (counted, with their sessions), and how
/// many people, units and courses changed. Nothing here names a person.
pub(crate) fn changes_between(was: &Instance, now: &Instance) -> Msg {
    let mut items = Vec::new();
    let (a, b) = (keyed(&was.sessions, |s| s.id.as_str()), keyed(&now.sessions, |s| s.id.as_str()));
    let changed: BTreeSet<&str> = a.keys().chain(b.keys()).copied().filter(|k| a.get(k) != b.get(k)).collect();
    if !changed.is_empty() {
        items.push(
            Msg::new("run-changed-sessions").num("count", changed.len() as i64).msg("codes", some_codes(&changed)),
        );
    }
    let key = |n: &Nomination| (n.person.clone(), n.session.clone());
    let (a, b) = (keyed(&was.nominations, key), keyed(&now.nominations, key));
    let mut kinds: [(&'static str, BTreeSet<&str>, i64); 3] = [
        ("run-changed-added", BTreeSet::new(), 0),
        ("run-changed-gone", BTreeSet::new(), 0),
        ("run-changed-priority", BTreeSet::new(), 0),
    ];
    for key in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        let k = match (a.get(key), b.get(key)) {
            (None, Some(_)) => 0,
            (Some(_), None) => 1,
            (Some(x), Some(y)) if x.weight != y.weight => 2,
            _ => continue,
        };
        kinds[k].1.insert(key.1.as_str());
        kinds[k].2 += 1;
    }
    for (key, codes, count) in &kinds {
        if *count > 0 {
            items.push(Msg::new(key).num("count", *count).msg("codes", some_codes(codes)));
        }
    }
    let differing = |x: usize, y: usize, same: usize| (x.max(y) - same) as i64;
    let (pa, pb) = (keyed(&was.people, |p| p.id.as_str()), keyed(&now.people, |p| p.id.as_str()));
    let same = pa.iter().filter(|(k, v)| pb.get(*k) == Some(*v)).count();
    let n = differing(pa.len(), pb.len(), same);
    if n > 0 {
        items.push(Msg::new("run-changed-people").num("count", n));
    }
    let (ua, ub) = (keyed(&was.units, |u| u.id.as_str()), keyed(&now.units, |u| u.id.as_str()));
    let same = ua.iter().filter(|(k, v)| ub.get(*k) == Some(*v)).count();
    let n = differing(ua.len(), ub.len(), same);
    if n > 0 {
        items.push(Msg::new("run-changed-units").num("count", n));
    }
    if was.courses != now.courses || was.parties != now.parties {
        items.push(Msg::new("run-changed-courses"));
    }
    if items.is_empty() { Msg::new("run-changed-unknown") } else { Msg::list("run-changed", items) }
}

fn person_key(id: i64) -> String {
    format!("P{id}")
}

/// The ids a run stores as JSON (its pins, its forbids); a list that does not
/// read is refused, naming the run.
fn json_ids(m: &allocation_run::Model, what: Msg, text: &str) -> Result<Vec<i64>> {
    serde_json::from_str(text)
        .map_err(|_| StoreError::Corrupt(what.msg("what", crate::record(ObjectKind::AllocationRun, m.id))))
}

/// The plan a run stores; one that does not read is refused, naming the run,
/// never taken as an empty plan.
fn plan_of(m: &allocation_run::Model) -> Result<Vec<StoredRow>> {
    serde_json::from_str(&m.plan).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-plan").msg("what", crate::record(ObjectKind::AllocationRun, m.id)))
    })
}

fn reason_code(r: ittifaq_alloc::Reason) -> String {
    serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| format!("{r:?}"))
}

/// Reasons that no plan can change: the nominee is not eligible for the session.
fn ineligible(reason: &str) -> bool {
    matches!(reason, "ineligible_rank" | "ineligible_language" | "missing_prerequisite")
}

impl Store {
    /// Builds the instance of a period from the platform's data.
    async fn build_instance<C: ConnectionTrait>(&self, conn: &C, period: &Period) -> Result<Built> {
        let rules = crate::agreement_in(conn).await?.map(|a| a.rules).unwrap_or_default();
        let parties: Vec<String> = party::Entity::find()
            .order_by_asc(party::Column::Code)
            .all(conn)
            .await?
            .into_iter()
            .map(|p| p.code)
            .collect();
        let sessions: Vec<course_session::Model> = period
            .sessions()
            .filter(course_session::Column::Status.is_in(SESSION_OPEN.iter().copied()))
            .order_by_asc(course_session::Column::Code)
            .all(conn)
            .await?;
        let courses = crate::exchange::courses_of(conn, &sessions).await?;
        let noms = nomination::Entity::find()
            .filter(nomination::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
            .filter(nomination::Column::Status.is_in(PLANNED.iter().copied()))
            .order_by_asc(nomination::Column::Id)
            .all(conn)
            .await?;
        let people: BTreeMap<i64, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(noms.iter().map(|n| n.person_id)))
            .filter(person::Column::Archived.eq(false))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let units: BTreeMap<i64, unit::Model> = unit::Entity::find()
            .filter(unit::Column::Id.is_in(people.values().map(|p| p.unit_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let members: BTreeMap<i64, i64> = person::Entity::find()
            .select_only()
            .column(person::Column::UnitId)
            .column_as(person::Column::Id.count(), "members")
            .filter(person::Column::UnitId.is_in(units.keys().copied()))
            .filter(person::Column::Archived.eq(false))
            .group_by(person::Column::UnitId)
            .into_tuple::<(i64, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let by_id: BTreeMap<i64, &course_session::Model> = sessions.iter().map(|s| (s.id, s)).collect();
        let mut instance = Instance {
            parties,
            courses: courses
                .values()
                .map(|c| Course {
                    id: c.code.clone(),
                    domain: c.domain.clone(),
                    requires: crate::unframe_list(&c.requires),
                    grants: c.grants.clone().filter(|g| !g.is_empty()),
                })
                .collect(),
            sessions: Vec::new(),
            units: units
                .values()
                .map(|u| {
                    let share = (rules.unit_max_away_share * members.get(&u.id).copied().unwrap_or(0) as f64).ceil();
                    Unit {
                        id: u.code.clone(),
                        party: u.party.clone(),
                        max_away: Some(u.max_away.map(i64::from).unwrap_or((share as i64).max(1))),
                    }
                })
                .collect(),
            people: people
                .values()
                .map(|p| Person {
                    id: person_key(p.id),
                    party: p.party.clone(),
                    unit: units.get(&p.unit_id).map(|u| u.code.clone()).unwrap_or_default(),
                    rank: p.rank.clone(),
                    languages: crate::unframe_list(&p.languages),
                    qualifications: crate::unframe_list(&p.qualifications),
                    max_sessions: i64::from(rules.max_sessions_per_person.max(1)),
                })
                .collect(),
            nominations: Vec::new(),
        };
        for s in &sessions {
            let Some(c) = courses.get(&s.course_id) else { continue };
            let quota: BTreeMap<String, i64> =
                crate::exchange::quota_of(s)?.into_iter().map(|(k, v)| (k, i64::from(v))).collect();
            instance.sessions.push(Session {
                id: s.code.clone(),
                course: c.code.clone(),
                start: s.start_date.clone(),
                end: s.end_date.clone(),
                capacity: i64::from(s.capacity),
                quota: (!quota.is_empty()).then_some(quota),
                language: Some(c.language.clone()),
                min_rank: c.min_rank.clone().filter(|r| !r.is_empty()),
                max_rank: c.max_rank.clone().filter(|r| !r.is_empty()),
            });
        }
        let mut rows = Vec::new();
        for n in noms {
            let (Some(p), Some(s)) = (people.get(&n.person_id), by_id.get(&n.session_id)) else { continue };
            if !courses.contains_key(&s.course_id) {
                continue;
            }
            let weight = i64::from(10 - n.priority.clamp(1, 9));
            instance.nominations.push(Nomination { person: person_key(p.id), session: s.code.clone(), weight });
            rows.push(StoredRow {
                nomination_id: n.id,
                person_id: p.id,
                person_party: p.party.clone(),
                unit_id: p.unit_id,
                unit_code: units.get(&p.unit_id).map(|u| u.code.clone()).unwrap_or_default(),
                session_id: s.id,
                session_code: s.code.clone(),
                host_party: s.host_party.clone(),
                priority: n.priority,
                weight,
                pinned: n.status == NominationStatus::Accepted.code(),
                status: n.status,
                granted: false,
                reason: None,
                forbidden: false,
            });
        }
        // Seats already held are never taken away by a plan: where the
        // accepted nominations alone exceed a person's or a unit's limit (the
        // exchange checks only the unit caps it stores), the limit is raised to
        // what they hold, so that the plan can keep every one of them.
        let mut held: BTreeMap<i64, i64> = BTreeMap::new();
        let mut away: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for r in rows.iter().filter(|r| r.status == NominationStatus::Accepted.code()) {
            *held.entry(r.person_id).or_default() += 1;
            if let Some(s) = by_id.get(&r.session_id) {
                away.entry(r.unit_code.as_str()).or_default().push((s.start_date.as_str(), s.end_date.as_str()));
            }
        }
        for p in &mut instance.people {
            let id = p.id.trim_start_matches('P').parse::<i64>().unwrap_or_default();
            p.max_sessions = p.max_sessions.max(held.get(&id).copied().unwrap_or(0));
        }
        for u in &mut instance.units {
            let spans = away.get(u.id.as_str()).map(Vec::as_slice).unwrap_or_default();
            // The busiest day falls on the first day of one of the spans.
            let busiest = spans.iter().map(|(day, _)| spans.iter().filter(|(s, e)| s <= day && day <= e).count()).max();
            u.max_away = u.max_away.map(|cap| cap.max(busiest.unwrap_or(0) as i64));
        }
        let hash = hex::encode(Sha256::digest(instance.to_json().as_bytes()));
        Ok(Built { instance, rows, hash })
    }

    /// Runs the allocator on a period's current nominations (no adjustments).
    pub async fn run_allocation(&self, actor: &Actor, input: &RunInput) -> Result<RunSummary> {
        let period = Period::new(input.from.trim(), input.to.trim())?;
        self.new_run(actor, &period, None, &Adjustments::default()).await
    }

    /// A new run of the same period as run `id`, with these pins and forbids.
    pub async fn resolve_allocation(
        &self,
        actor: &Actor,
        id: AllocationRunId,
        adjust: &Adjustments,
    ) -> Result<RunSummary> {
        let parent = self.load_run(self.connection(), id.get()).await?;
        let period = Period { from: parent.period_from.clone(), to: parent.period_to.clone() };
        self.new_run(actor, &period, Some(&parent), adjust).await
    }

    async fn new_run(
        &self,
        actor: &Actor,
        period: &Period,
        parent: Option<&allocation_run::Model>,
        adjust: &Adjustments,
    ) -> Result<RunSummary> {
        let Built { instance, mut rows, hash } = self.build_instance(self.connection(), period).await?;
        if instance.sessions.is_empty() {
            return Err(StoreError::invalid(
                "to",
                Msg::new("invalid-no-session-in-period").arg("from", &period.from).arg("to", &period.to),
            ));
        }
        let pins: BTreeSet<i64> = adjust.pins.iter().copied().collect();
        let forbids: BTreeSet<i64> = adjust.forbids.iter().copied().collect();
        if let Some(both) = pins.intersection(&forbids).next() {
            return Err(StoreError::invalid("forbids", Msg::new("invalid-pinned-and-forbidden").arg("id", both)));
        }
        let known: HashMap<i64, &StoredRow> = rows.iter().map(|r| (r.nomination_id, r)).collect();
        for (field, ids) in [("pins", &pins), ("forbids", &forbids)] {
            for id in ids {
                match known.get(id) {
                    None => {
                        return Err(StoreError::invalid(
                            field,
                            Msg::new("invalid-not-in-run")
                                .arg("id", id)
                                .arg("from", &period.from)
                                .arg("to", &period.to),
                        ));
                    }
                    Some(r) if field == "forbids" && r.status == NominationStatus::Accepted.code() => {
                        return Err(StoreError::invalid(field, Msg::new("invalid-forbid-held").arg("id", id)));
                    }
                    Some(_) => {}
                }
            }
        }
        for r in &mut rows {
            r.pinned |= pins.contains(&r.nomination_id);
            r.forbidden = forbids.contains(&r.nomination_id);
        }
        // The instance solved leaves the forbidden nominations out.
        let mut solved = instance.clone();
        let forbidden: BTreeSet<(String, String)> =
            rows.iter().filter(|r| r.forbidden).map(|r| (person_key(r.person_id), r.session_code.clone())).collect();
        solved.nominations.retain(|n| !forbidden.contains(&(n.person.clone(), n.session.clone())));
        let pinned: BTreeSet<(String, String)> =
            rows.iter().filter(|r| r.pinned).map(|r| (person_key(r.person_id), r.session_code.clone())).collect();
        let to_solve = solved.clone();
        let result = tokio::task::spawn_blocking(move || solve_pinned(&to_solve, &pinned))
            .await
            .map_err(|e| StoreError::Conflict(Msg::new("conflict-allocator-stopped").arg("error", e)))?
            .map_err(|e| StoreError::invalid("period", Msg::new("invalid-period-not-allocatable").arg("error", e)))?;
        let granted: BTreeSet<(String, String)> =
            result.assignments.iter().map(|a| (a.person.clone(), a.session.clone())).collect();
        let reasons: HashMap<(String, String), String> =
            result.unassigned.iter().map(|u| ((u.person.clone(), u.session.clone()), reason_code(u.reason))).collect();
        for r in &mut rows {
            let key = (person_key(r.person_id), r.session_code.clone());
            r.granted = granted.contains(&key);
            r.reason = if r.forbidden {
                Some("forbidden".into())
            } else if r.granted {
                None
            } else {
                Some(reasons.get(&key).cloned().unwrap_or_else(|| "lower_weight".into()))
            };
        }
        let gap = if result.bound > 0.0 { (1.0 - result.objective as f64 / result.bound).max(0.0) } else { 0.0 };
        let now = self.now_ms();
        let txn = self.write().await?;
        let m = allocation_run::ActiveModel {
            period_from: Set(period.from.clone()),
            period_to: Set(period.to.clone()),
            parent_id: Set(parent.map(|p| p.id)),
            instance_hash: Set(hash.clone()),
            instance: Set(solved.to_json()),
            result: Set(serde_json::to_string(&result).unwrap_or_default()),
            plan: Set(serde_json::to_string(&rows).unwrap_or_default()),
            objective: Set(result.objective),
            bound: Set(result.bound),
            gap: Set(gap),
            pins: Set(serde_json::to_string(&pins).unwrap_or_default()),
            forbids: Set(serde_json::to_string(&forbids).unwrap_or_default()),
            created_by: Set(actor.username.clone()),
            created_by_party: Set(actor.party.to_string()),
            created_at: Set(now),
            committed_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let audited = Event {
            action: if parent.is_some() { Action::Resolve } else { Action::Run }.code(),
            object_type: ObjectKind::AllocationRun,
            object_id: m.id.to_string(),
            object_party: actor.party.as_str(),
            before: None,
            after: Some(serde_json::json!({
            "from": period.from, "to": period.to, "parent_id": m.parent_id,
            "instance_hash": hash, "objective": m.objective, "bound": m.bound,
            "granted": rows.iter().filter(|r| r.granted).count(),
            "refused": rows.iter().filter(|r| !r.granted).count(),
            "pins": pins, "forbids": forbids,
            })),
        };
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.run_summary(self.connection(), m).await
    }

    async fn load_run<C: ConnectionTrait>(&self, conn: &C, id: i64) -> Result<allocation_run::Model> {
        allocation_run::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::AllocationRun, id))
    }

    /// The newest run after `run` whose period overlaps it, if any.
    async fn superseded_by<C: ConnectionTrait>(&self, conn: &C, run: &allocation_run::Model) -> Result<Option<i64>> {
        Ok(allocation_run::Entity::find()
            .filter(allocation_run::Column::Id.gt(run.id))
            .filter(allocation_run::Column::PeriodFrom.lte(run.period_to.as_str()))
            .filter(allocation_run::Column::PeriodTo.gte(run.period_from.as_str()))
            .order_by_desc(allocation_run::Column::Id)
            .one(conn)
            .await?
            .map(|r| r.id))
    }

    async fn run_summary<C: ConnectionTrait>(&self, conn: &C, m: allocation_run::Model) -> Result<RunSummary> {
        let keys = allocation_key::Entity::find()
            .filter(allocation_key::Column::RunId.eq(m.id))
            .order_by_asc(allocation_key::Column::Id)
            .all(conn)
            .await?;
        let superseded = self.superseded_by(conn, &m).await?.is_some();
        summary_of(m, keys, superseded)
    }

    /// The latest runs, newest first.
    pub async fn list_allocation_runs(&self) -> Result<Vec<RunSummary>> {
        let conn = self.connection();
        let runs =
            allocation_run::Entity::find().order_by_desc(allocation_run::Column::Id).limit(100).all(conn).await?;
        let mut keys: BTreeMap<i64, Vec<allocation_key::Model>> = BTreeMap::new();
        for k in allocation_key::Entity::find()
            .filter(allocation_key::Column::RunId.is_in(runs.iter().map(|r| r.id)))
            .order_by_asc(allocation_key::Column::Id)
            .all(conn)
            .await?
        {
            keys.entry(k.run_id).or_default().push(k);
        }
        let mut out = Vec::with_capacity(runs.len());
        for r in &runs {
            // The list is newest first, so a later overlapping run is already known,
            // except when it is older than the 100 listed: then ask the database.
            let later =
                runs.iter().any(|o| o.id > r.id && o.period_from <= r.period_to && o.period_to >= r.period_from);
            let superseded = later || (runs.len() == 100 && self.superseded_by(conn, r).await?.is_some());
            out.push(summary_of(r.clone(), keys.remove(&r.id).unwrap_or_default(), superseded)?);
        }
        Ok(out)
    }

    /// The review of a run, its nominees as the actor may see them.
    pub async fn allocation_review(&self, actor: &Actor, id: AllocationRunId) -> Result<RunReview> {
        let conn = self.connection();
        let m = self.load_run(conn, id.get()).await?;
        let rows = plan_of(&m)?;
        let instance: Instance = serde_json::from_str(&m.instance).map_err(|e| {
            StoreError::Conflict(Msg::new("conflict-run-instance-unreadable").arg("id", id).arg("error", e))
        })?;
        let result: AllocResult = serde_json::from_str(&m.result).map_err(|e| {
            StoreError::Conflict(Msg::new("conflict-run-result-unreadable").arg("id", id).arg("error", e))
        })?;
        let releases = self.releases().await;
        let people: BTreeMap<i64, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let name = |r: &StoredRow| {
            people
                .get(&r.person_id)
                .map(|p| person_view(&releases, actor, p).display_name())
                .unwrap_or_else(|| format!("#{}", r.person_id))
        };
        // Units of a party that did not release them appear under a stand-in name.
        let mut hidden_units: BTreeMap<String, String> = BTreeMap::new();
        for r in &rows {
            if !releases.visible(actor, &r.person_party, "unit") && !hidden_units.contains_key(&r.unit_code) {
                let k = hidden_units.values().filter(|v| v.starts_with(&r.person_party)).count() + 1;
                hidden_units.insert(r.unit_code.clone(), format!("{} unit {k}", r.person_party));
            }
        }
        let unit_label = |code: &str| hidden_units.get(code).cloned().unwrap_or_else(|| code.to_owned());
        // Fairness over every nomination of the run, forbidden ones included.
        let mut full = instance.clone();
        for r in rows.iter().filter(|r| r.forbidden) {
            full.nominations.push(Nomination {
                person: person_key(r.person_id),
                session: r.session_code.clone(),
                weight: r.weight,
            });
        }
        let report = ittifaq_alloc::fairness(&full, &result).unwrap_or(FairnessReport {
            parties: Vec::new(),
            units: Vec::new(),
            min_unit_share: 1.0,
        });
        let share = |g: &ittifaq_alloc::GroupShare, id: String| ShareView {
            id,
            nominated_weight: g.nominated_weight,
            granted_weight: g.granted_weight,
            weight_share: g.weight_share,
            people_nominated: g.people_nominated,
            first_choices_met: g.first_choices_met,
            first_choice_share: g.first_choice_share,
        };
        let parties = report.parties.iter().map(|g| share(g, g.id.clone())).collect();
        let mut units: Vec<ShareView> = report.units.iter().map(|g| share(g, unit_label(&g.id))).collect();
        units.sort_by(|a, b| a.id.cmp(&b.id));
        // Seats per session: counted in one pass, the sessions read in one query.
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for r in &rows {
            let c = counts.entry(r.session_code.as_str()).or_default();
            c.0 += 1;
            c.1 += usize::from(r.granted);
        }
        let stored: HashMap<String, course_session::Model> = course_session::Entity::find()
            .filter(course_session::Column::Code.is_in(instance.sessions.iter().map(|s| s.id.as_str())))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.code.clone(), s))
            .collect();
        let sessions: Vec<SessionLine> = instance
            .sessions
            .iter()
            .map(|s| {
                let (nominated, granted) = counts.get(s.id.as_str()).copied().unwrap_or_default();
                let found = stored.get(&s.id);
                SessionLine {
                    session_id: found.map(|f| f.id).unwrap_or_default(),
                    code: s.id.clone(),
                    host_party: found.map(|f| f.host_party.clone()).unwrap_or_default(),
                    start: s.start.clone(),
                    end: s.end.clone(),
                    capacity: s.capacity,
                    nominated,
                    granted,
                }
            })
            .collect();
        let previous = match m.parent_id {
            Some(p) => allocation_run::Entity::find_by_id(p).one(conn).await?,
            None => {
                allocation_run::Entity::find()
                    .filter(allocation_run::Column::Id.lt(m.id))
                    .filter(allocation_run::Column::PeriodFrom.eq(m.period_from.as_str()))
                    .filter(allocation_run::Column::PeriodTo.eq(m.period_to.as_str()))
                    .order_by_desc(allocation_run::Column::Id)
                    .one(conn)
                    .await?
            }
        };
        let decision = |r: &StoredRow| {
            if r.granted {
                Decision::Granted.code().to_owned()
            } else {
                r.reason.clone().unwrap_or_else(|| Decision::Refused.code().into())
            }
        };
        let mut changes = Vec::new();
        if let Some(prev) = &previous {
            let before: BTreeMap<i64, StoredRow> = plan_of(prev)?.into_iter().map(|r| (r.nomination_id, r)).collect();
            let now_ids: BTreeSet<i64> = rows.iter().map(|r| r.nomination_id).collect();
            for r in &rows {
                let was = before.get(&r.nomination_id).map(decision).unwrap_or_else(|| Decision::Absent.code().into());
                let is = decision(r);
                if was != is {
                    changes.push(ChangeView {
                        nomination_id: r.nomination_id,
                        person: name(r),
                        session_code: r.session_code.clone(),
                        before: was,
                        after: is,
                    });
                }
            }
            for (id, r) in &before {
                if !now_ids.contains(id) {
                    changes.push(ChangeView {
                        nomination_id: *id,
                        person: name(r),
                        session_code: r.session_code.clone(),
                        before: decision(r),
                        after: Decision::Absent.code().into(),
                    });
                }
            }
        }
        let visible = rows
            .iter()
            .map(|r| &r.person_party)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .all(|p| INSTANCE_FIELDS.iter().all(|f| releases.visible(actor, p, f)));
        let row_views = rows
            .iter()
            .map(|r| PlanRowView {
                nomination_id: r.nomination_id,
                person_id: r.person_id,
                person: name(r),
                person_party: r.person_party.clone(),
                unit: releases.visible(actor, &r.person_party, "unit").then(|| r.unit_code.clone()),
                session_id: r.session_id,
                session_code: r.session_code.clone(),
                host_party: r.host_party.clone(),
                priority: r.priority,
                weight: r.weight,
                status: r.status.clone(),
                granted: r.granted,
                reason: r.reason.clone(),
                pinned: r.pinned,
                forbidden: r.forbidden,
            })
            .collect();
        drop(releases);
        let run = self.run_summary(conn, m).await?;
        Ok(RunReview {
            run,
            sessions,
            parties,
            units,
            rows: row_views,
            previous_run: previous.map(|p| p.id),
            changes,
            instance: if visible {
                let mut shown = instance;
                for u in &mut shown.units {
                    u.id = unit_label(&u.id);
                }
                for p in &mut shown.people {
                    p.unit = unit_label(&p.unit);
                }
                serde_json::to_value(&shown).ok()
            } else {
                None
            },
            result: serde_json::to_value(&result).unwrap_or_default(),
        })
    }

    /// Records the actor's party's key on a run. When every party's key is on
    /// it, the plan is applied through the exchange's steps in the same
    /// transaction: granted nominations are approved by the sending party and
    /// accepted by the host; refused ones go to the waiting list with the
    /// reason (approved first by the sending party when they were not), or,
    /// when the nominee is not eligible, are withdrawn by the sending party
    /// with the reason. Each step is taken under the key of the party it
    /// belongs to: the user who committed the run for that party.
    pub async fn commit_allocation(&self, actor: &Actor, id: AllocationRunId) -> Result<RunSummary> {
        let txn = self.write().await?;
        let m = self.load_run(&txn, id.get()).await?;
        if m.committed_at.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-run-committed").arg("id", id)));
        }
        if let Some(newer) = self.superseded_by(&txn, &m).await? {
            return Err(StoreError::Conflict(Msg::new("conflict-run-superseded").arg("id", id).arg("newer", newer)));
        }
        let keys = allocation_key::Entity::find()
            .filter(allocation_key::Column::RunId.eq(id.get()))
            .order_by_asc(allocation_key::Column::Id)
            .all(&txn)
            .await?;
        if keys.iter().any(|k| k.party == actor.party.as_str()) {
            return Err(StoreError::Conflict(
                Msg::new("conflict-run-committed-by").arg("party", &actor.party).arg("id", id),
            ));
        }
        let period = Period { from: m.period_from.clone(), to: m.period_to.clone() };
        let now_built = self.build_instance(&txn, &period).await?;
        if now_built.hash != m.instance_hash {
            // What changed, as far as the stored instance still reads.
            let changes = serde_json::from_str::<Instance>(&m.instance)
                .map_or_else(|_| Msg::new("run-changed-unknown"), |was| changes_between(&was, &now_built.instance));
            return Err(StoreError::Conflict(
                Msg::new("conflict-run-inputs-changed")
                    .arg("from", &period.from)
                    .arg("to", &period.to)
                    .arg("id", id)
                    .msg("changes", changes),
            ));
        }
        let now = self.now_ms();
        let key = allocation_key::ActiveModel {
            run_id: Set(id.get()),
            party: Set(actor.party.to_string()),
            user_id: Set(actor.user_id),
            username: Set(actor.username.clone()),
            role: Set(actor.role.code().to_owned()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            StoreError::unique(e, || Msg::new("conflict-run-committed-by").arg("party", &actor.party).arg("id", id))
        })?;
        let audited = Event::new(Action::Commit, ObjectKind::AllocationRun, id, actor.party.as_str())
            .with(None, Some(serde_json::json!({"party": key.party, "instance_hash": m.instance_hash})));
        audit::record(&txn, now, actor, audited).await?;
        let parties: Vec<String> = party::Entity::find().all(&txn).await?.into_iter().map(|p| p.code).collect();
        let mut signers: BTreeMap<String, Actor> = BTreeMap::new();
        for k in keys.iter().chain(std::iter::once(&key)) {
            signers.insert(k.party.clone(), key_actor(k)?);
        }
        let complete = parties.iter().all(|p| signers.contains_key(p));
        let m = if complete {
            let rows = plan_of(&m)?;
            self.apply_plan(&txn, id.get(), &rows, &signers).await?;
            let mut am: allocation_run::ActiveModel = m.into();
            am.committed_at = Set(Some(now));
            let m = am.update(&txn).await?;
            let audited = Event {
                action: Action::Committed.code(),
                object_type: ObjectKind::AllocationRun,
                object_id: id.to_string(),
                object_party: actor.party.as_str(),
                before: None,
                after: Some(serde_json::json!({
                "parties": signers.keys().collect::<Vec<_>>(),
                "granted": rows.iter().filter(|r| r.granted).count(),
                "refused": rows.iter().filter(|r| !r.granted).count(),
                })),
            };
            audit::record(&txn, now, actor, audited).await?;
            m
        } else {
            m
        };
        let summary = self.run_summary(&txn, m).await?;
        txn.commit().await?;
        Ok(summary)
    }

    /// Takes the exchange's steps that the plan decides, inside the commit's transaction.
    async fn apply_plan<C: crate::audit::Appender>(
        &self,
        conn: &C,
        run: i64,
        rows: &[StoredRow],
        signers: &BTreeMap<String, Actor>,
    ) -> Result<()> {
        let signer = |party: &str| {
            signers.get(party).ok_or_else(|| {
                StoreError::Conflict(Msg::new("conflict-run-not-committed-by").arg("party", party).arg("id", run))
            })
        };
        // Granted first, so that seats are taken in the plan's order before anyone is waitlisted.
        let mut ordered: Vec<&StoredRow> = rows.iter().collect();
        ordered.sort_by_key(|r| (!r.granted, r.nomination_id));
        for r in ordered {
            let (n, s) = self.load_nomination(conn, r.nomination_id).await?;
            let sender = signer(&r.person_party)?;
            let host = signer(&r.host_party)?;
            let status = crate::exchange::status_of(&n)?;
            if r.granted {
                let note = format!("granted by allocation run {run}");
                let mut n = n;
                if status == Nominated {
                    n = self.advance(conn, sender, n, Step::Approve, &note).await?;
                }
                if matches!(status, Nominated | Approved | Waitlisted) {
                    let free = self.seat_free(conn, &s, &n.person_party).await?;
                    let (step, comment) = if free {
                        (Step::Accept, note)
                    } else {
                        (Step::Waitlist, format!("{note}, but no seat is left"))
                    };
                    // A waitlisted nomination given a seat is promoted.
                    let step = if step == Step::Accept && status == Waitlisted { Step::Promote } else { step };
                    self.advance(conn, host, n, step, &comment).await?;
                }
                continue;
            }
            let reason = r.reason.clone().unwrap_or_else(|| Decision::Refused.code().into());
            let note = format!("not granted by allocation run {run}: {reason}");
            match status {
                Nominated | Approved if ineligible(&reason) => {
                    self.advance(conn, sender, n, Step::Withdraw, &note).await?;
                }
                Nominated => {
                    let n =
                        self.advance(conn, sender, n, Step::Approve, &format!("for the waiting list: {note}")).await?;
                    self.advance(conn, host, n, Step::Waitlist, &note).await?;
                }
                // Onto the list, or stays on it; the reason is recorded.
                Approved | Waitlisted => {
                    self.advance(conn, host, n, Step::Waitlist, &note).await?;
                }
                // An accepted seat is never taken away by a plan: that is a withdrawal.
                _ => {}
            }
        }
        Ok(())
    }
}

/// The actor whose key a stored party key is.
fn key_actor(k: &allocation_key::Model) -> Result<Actor> {
    Ok(Actor {
        user_id: k.user_id,
        username: k.username.clone(),
        party: ittifaq_core::PartyCode::parse(&k.party)?,
        role: ittifaq_core::Role::parse(&k.role)?,
    })
}

fn summary_of(m: allocation_run::Model, keys: Vec<allocation_key::Model>, superseded: bool) -> Result<RunSummary> {
    let rows = plan_of(&m)?;
    let state = if m.committed_at.is_some() {
        RunState::Committed
    } else if superseded {
        RunState::Superseded
    } else {
        RunState::Proposed
    };
    let pins = json_ids(&m, Msg::new("corrupt-pins"), &m.pins)?;
    let forbids = json_ids(&m, Msg::new("corrupt-forbids"), &m.forbids)?;
    Ok(RunSummary {
        id: AllocationRunId(m.id),
        from: m.period_from,
        to: m.period_to,
        parent_id: m.parent_id.map(AllocationRunId),
        objective: m.objective,
        bound: m.bound,
        gap: m.gap,
        granted: rows.iter().filter(|r| r.granted).count(),
        refused: rows.iter().filter(|r| !r.granted).count(),
        pins,
        forbids,
        created_by: m.created_by,
        created_by_party: m.created_by_party,
        created_at: m.created_at,
        state,
        keys: keys.into_iter().map(|k| KeyView { party: k.party, username: k.username, at: k.at }).collect(),
        committed_at: m.committed_at,
    })
}

/// Solves with the pinned nominations forced in: each weighs more than all the
/// others together, so every plan that holds the pins beats every plan that
/// does not. The result reports the nominated weights; its bound is the
/// pinned problem's bound, brought back to nominated weights, when every pin
/// was granted, and otherwise the bound of the problem without pins.
fn solve_pinned(
    instance: &Instance,
    pinned: &BTreeSet<(String, String)>,
) -> std::result::Result<AllocResult, ittifaq_alloc::AllocError> {
    let options = SolveOptions { time_limit: std::time::Duration::from_secs(SOLVE_SECONDS), ..Default::default() };
    let pins: Vec<&Nomination> =
        instance.nominations.iter().filter(|n| pinned.contains(&(n.person.clone(), n.session.clone()))).collect();
    if pins.is_empty() {
        return ittifaq_alloc::solve(instance, &options);
    }
    let total: i64 = instance.nominations.iter().map(|n| n.weight).sum();
    let heavy = total + 1;
    let mut forced = instance.clone();
    for n in &mut forced.nominations {
        if pinned.contains(&(n.person.clone(), n.session.clone())) {
            n.weight = heavy;
        }
    }
    let mut result = ittifaq_alloc::solve(&forced, &options)?;
    let weights: HashMap<(&str, &str), i64> =
        instance.nominations.iter().map(|n| ((n.person.as_str(), n.session.as_str()), n.weight)).collect();
    result.objective =
        result.assignments.iter().filter_map(|a| weights.get(&(a.person.as_str(), a.session.as_str()))).sum();
    let granted: BTreeSet<(&str, &str)> =
        result.assignments.iter().map(|a| (a.person.as_str(), a.session.as_str())).collect();
    let all_pins = pins.iter().all(|n| granted.contains(&(n.person.as_str(), n.session.as_str())));
    let bound = if all_pins {
        let extra: i64 = pins.iter().map(|n| heavy - n.weight).sum();
        result.bound - extra as f64
    } else {
        ittifaq_alloc::solve(instance, &options)?.bound
    };
    result.bound = bound.max(result.objective as f64);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinning refused nominations grants them, the plan stays feasible and
    /// its reasons true (the engine's checker), and the bound still bounds it.
    #[test]
    fn pins_are_granted_and_the_plan_checks() {
        for seed in 1..4 {
            let instance = ittifaq_alloc::generate(400, 10, seed);
            let free = solve_pinned(&instance, &BTreeSet::new()).unwrap();
            assert!(ittifaq_alloc::check(&instance, &free).is_empty());
            // Pin the first few refusals that are eligible (a pin cannot fix a rank or language).
            let pinned: BTreeSet<(String, String)> = free
                .unassigned
                .iter()
                .filter(|u| !ineligible(&reason_code(u.reason)))
                .take(3)
                .map(|u| (u.person.clone(), u.session.clone()))
                .collect();
            assert!(!pinned.is_empty(), "seed {seed}: nothing to pin");
            let forced = solve_pinned(&instance, &pinned).unwrap();
            let violations = ittifaq_alloc::check(&instance, &forced);
            assert!(violations.is_empty(), "seed {seed}: {violations:?}");
            let granted: BTreeSet<(String, String)> =
                forced.assignments.iter().map(|a| (a.person.clone(), a.session.clone())).collect();
            for p in &pinned {
                if !granted.contains(p) {
                    // Pins can conflict with each other; then the unpinned bound applies.
                    assert!(forced.bound + 1e-6 >= free.objective as f64, "seed {seed}");
                }
            }
            assert!(pinned.iter().any(|p| granted.contains(p)), "seed {seed}: no pin was granted");
            // Forcing seats can only cost value.
            assert!(forced.objective <= free.bound.floor() as i64, "seed {seed}");
        }
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;

    fn instance(sessions: &[(&str, i64)], nominations: &[(&str, &str, i64)]) -> Instance {
        Instance {
            parties: vec!["TR".into(), "SY".into()],
            sessions: sessions
                .iter()
                .map(|(id, capacity)| Session {
                    id: (*id).into(),
                    course: "C".into(),
                    start: "2027-03-01".into(),
                    end: "2027-03-05".into(),
                    capacity: *capacity,
                    quota: None,
                    language: None,
                    min_rank: None,
                    max_rank: None,
                })
                .collect(),
            nominations: nominations
                .iter()
                .map(|(p, s, w)| Nomination { person: (*p).into(), session: (*s).into(), weight: *w })
                .collect(),
            courses: Vec::new(),
            units: Vec::new(),
            people: Vec::new(),
        }
    }

    #[test]
    fn the_changes_of_a_runs_inputs_name_sessions_and_count_nominations_never_people() {
        let was = instance(&[("A", 5), ("B", 5)], &[("P1", "A", 3), ("P2", "A", 2), ("P3", "B", 1)]);
        let now = instance(&[("A", 4), ("B", 5), ("C", 2)], &[("P1", "A", 5), ("P3", "B", 1), ("P4", "C", 1)]);
        let said = ittifaq_core::i18n::strip_isolation(&changes_between(&was, &now).in_lang(ittifaq_core::Lang::En));
        assert_eq!(
            said,
            "2 sessions changed: A, C; a nomination was added, for C; a nomination left the run, of A; \
             a nomination's priority changed, for A"
        );
        assert!(!said.contains('P'), "no person is named");
        let many: Vec<(String, i64)> = (0..12).map(|k| (format!("S{k:02}"), 1)).collect();
        let many: Vec<(&str, i64)> = many.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let said = changes_between(&instance(&[], &[]), &instance(&many, &[])).in_lang(ittifaq_core::Lang::En);
        assert!(ittifaq_core::i18n::strip_isolation(&said).ends_with("S09 and 2 more"), "{said}");
        let same = changes_between(&was, &was).in_lang(ittifaq_core::Lang::En);
        assert_eq!(same, ittifaq_core::Msg::new("run-changed-unknown").in_lang(ittifaq_core::Lang::En));
    }
}
