//! An independent verifier of results.
//!
//! This module does not share code with the solver. It works on the raw
//! contract types with string-keyed maps and plain loops, so that it is easy
//! to read and convince oneself that it is right. It only borrows instance
//! *validation* from [`crate::model::Model::new`] (an invalid instance yields
//! a single [`ViolationKind::InvalidInstance`]).
//!
//! # What a "true reason" means
//!
//! Let `P` be the set of assignments of the result and `n = (p, s)` a
//! nomination not in `P`. The reason given for `n` is *true* when:
//!
//! * `ineligible_rank`: `s` has `min_rank` and `p`'s rank is below it, or
//!   `max_rank` and `p`'s rank is above it.
//! * `ineligible_language`: `s` has a `language` that `p` does not list.
//! * `missing_prerequisite`: some qualification required by `s`'s course is
//!   neither in `p`'s `qualifications` nor granted by the course of a session
//!   `p` is assigned to in `P` that ends strictly before `s` starts.
//! * `capacity`: `s` already has `capacity` assignments in `P`.
//! * `quota`: `s` has a quota for `p`'s party and that many of the party's
//!   people are assigned to `s` in `P`.
//! * `person_overlap`: `p` is assigned in `P` to a session sharing a day with
//!   `s`.
//! * `person_limit`: `p` already has `max_sessions` assignments in `P`.
//! * `unit_away_limit`: `p`'s unit has `max_away` and on some day of `s`
//!   that many members of the unit are in sessions they are assigned to in
//!   `P`.
//! * `lower_weight`: `n` is feasible alone (the plan `{n}` satisfies every
//!   rule, with prerequisites held in `qualifications`), and `P ∪ {n}` is not
//!   feasible. Since adding a nomination can only break the rules above for
//!   that nomination, this is the same as "feasible alone and one of the
//!   plan-dependent reasons (prerequisite, capacity, quota, overlap, person
//!   limit, unit limit) is true": it says the seat went to better-weighted
//!   nominations without naming the binding rule.
//!
//! A nomination for which no reason is true could be added to `P`: the
//! result is then not maximal, and that is reported.

use std::collections::{HashMap, HashSet};

use ittifaq_core::Rank;

use crate::model::{AllocResult, Instance, Model, Person, Reason, Session, parse_day};

/// What kind of rule a [`Violation`] breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    InvalidInstance,
    NotNominated,
    DuplicateAssignment,
    Rank,
    Language,
    Prerequisite,
    Capacity,
    Quota,
    PersonOverlap,
    PersonLimit,
    UnitAway,
    Objective,
    Bound,
    UnassignedMissing,
    UnassignedDuplicate,
    UnassignedGranted,
    UnassignedNotNominated,
    FalseReason,
}

/// One problem found in a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub detail: String,
}

fn v(kind: ViolationKind, detail: String) -> Violation {
    Violation { kind, detail }
}

struct Ctx<'a> {
    sessions: HashMap<&'a str, (&'a Session, i32, i32)>,
    people: HashMap<&'a str, &'a Person>,
    grants: HashMap<&'a str, Option<&'a str>>,
    requires: HashMap<&'a str, &'a [String]>,
    max_away: HashMap<&'a str, Option<i64>>,
    /// person → sessions assigned in the plan.
    plan_of: HashMap<&'a str, Vec<&'a str>>,
    /// session → persons assigned.
    in_session: HashMap<&'a str, Vec<&'a str>>,
    /// unit → (start, end) of every assignment of a member.
    unit_intervals: HashMap<&'a str, Vec<(i32, i32)>>,
}

impl<'a> Ctx<'a> {
    fn span(&self, s: &str) -> (i32, i32) {
        self.sessions.get(s).map(|x| (x.1, x.2)).unwrap_or((0, -1))
    }

    fn rank_bad(&self, p: &Person, s: &Session) -> bool {
        let Ok(r) = Rank::parse(&p.rank) else {
            return true;
        };
        let below = s.min_rank.as_deref().and_then(|x| Rank::parse(x).ok()).is_some_and(|min| r < min);
        let above = s.max_rank.as_deref().and_then(|x| Rank::parse(x).ok()).is_some_and(|max| r > max);
        below || above
    }

    fn language_bad(&self, p: &Person, s: &Session) -> bool {
        s.language.as_ref().is_some_and(|l| !p.languages.contains(l))
    }

    /// Required qualifications of `s` that `p` neither holds nor gets from an
    /// earlier assigned session (other than `s`).
    fn prereq_missing(&self, p: &Person, s: &Session) -> bool {
        let (start, _) = self.span(&s.id);
        let req = self.requires.get(s.course.as_str()).copied().unwrap_or(&[]);
        req.iter().any(|q| {
            !p.qualifications.contains(q)
                && !self.plan_of.get(p.id.as_str()).into_iter().flatten().any(|&o| {
                    let Some((so, _, end)) = self.sessions.get(o) else {
                        return false;
                    };
                    o != s.id
                        && *end < start
                        && self.grants.get(so.course.as_str()).copied().flatten() == Some(q.as_str())
                })
        })
    }

    fn party_count(&self, s: &str, party: &str) -> usize {
        self.in_session
            .get(s)
            .into_iter()
            .flatten()
            .filter(|&&x| self.people.get(x).is_some_and(|p| p.party == party))
            .count()
    }

    /// Most members of `unit` away on one day of [a, b].
    fn unit_peak(&self, unit: &str, a: i32, b: i32) -> usize {
        let ivs = self.unit_intervals.get(unit).map(Vec::as_slice).unwrap_or(&[]);
        let mut days: Vec<i32> = vec![a];
        days.extend(ivs.iter().map(|x| x.0).filter(|&d| d > a && d <= b));
        days.iter().map(|&d| ivs.iter().filter(|x| x.0 <= d && d <= x.1).count()).max().unwrap_or(0)
    }

    fn reason_true(&self, p: &Person, s: &Session, reason: Reason) -> bool {
        let (start, end) = self.span(&s.id);
        let mine = self.plan_of.get(p.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let capacity = || self.in_session.get(s.id.as_str()).map_or(0, Vec::len) as i64 >= s.capacity;
        let quota = || {
            s.quota
                .as_ref()
                .and_then(|q| q.get(&p.party))
                .is_some_and(|&q| self.party_count(&s.id, &p.party) as i64 >= q)
        };
        let overlap = || {
            mine.iter().any(|&o| {
                let (a, b) = self.span(o);
                a <= end && start <= b
            })
        };
        let limit = || mine.len() as i64 >= p.max_sessions;
        let unit = || {
            self.max_away
                .get(p.unit.as_str())
                .copied()
                .flatten()
                .is_some_and(|m| self.unit_peak(&p.unit, start, end) as i64 >= m)
        };
        match reason {
            Reason::IneligibleRank => self.rank_bad(p, s),
            Reason::IneligibleLanguage => self.language_bad(p, s),
            Reason::MissingPrerequisite => self.prereq_missing(p, s),
            Reason::Capacity => capacity(),
            Reason::Quota => quota(),
            Reason::PersonOverlap => overlap(),
            Reason::PersonLimit => limit(),
            Reason::UnitAwayLimit => unit(),
            Reason::LowerWeight => {
                let req = self.requires.get(s.course.as_str()).copied().unwrap_or(&[]);
                let alone = !self.rank_bad(p, s)
                    && !self.language_bad(p, s)
                    && req.iter().all(|q| p.qualifications.contains(q))
                    && s.capacity >= 1
                    && s.quota.as_ref().and_then(|q| q.get(&p.party)).is_none_or(|&q| q >= 1)
                    && p.max_sessions >= 1
                    && self.max_away.get(p.unit.as_str()).copied().flatten().is_none_or(|m| m >= 1);
                alone && (self.prereq_missing(p, s) || capacity() || quota() || overlap() || limit() || unit())
            }
        }
    }
}

/// Check a result against an instance. An empty vector means the result is
/// feasible, its objective is right, its bound is not below its objective,
/// and every refused nomination is listed once with a true reason.
pub fn check(instance: &Instance, result: &AllocResult) -> Vec<Violation> {
    use ViolationKind as K;
    if let Err(e) = Model::new(instance) {
        return vec![v(K::InvalidInstance, e.to_string())];
    }
    let mut out = Vec::new();
    let mut ctx = Ctx {
        sessions: HashMap::new(),
        people: instance.people.iter().map(|p| (p.id.as_str(), p)).collect(),
        grants: instance.courses.iter().map(|c| (c.id.as_str(), c.grants.as_deref())).collect(),
        requires: instance.courses.iter().map(|c| (c.id.as_str(), c.requires.as_slice())).collect(),
        max_away: instance.units.iter().map(|u| (u.id.as_str(), u.max_away)).collect(),
        plan_of: HashMap::new(),
        in_session: HashMap::new(),
        unit_intervals: HashMap::new(),
    };
    for s in &instance.sessions {
        let a = parse_day(&s.start).unwrap_or(0);
        let b = parse_day(&s.end).unwrap_or(-1);
        ctx.sessions.insert(s.id.as_str(), (s, a, b));
    }
    let weights: HashMap<(&str, &str), i64> =
        instance.nominations.iter().map(|n| ((n.person.as_str(), n.session.as_str()), n.weight)).collect();

    // Assignments: nominated, unique.
    let mut granted: HashSet<(&str, &str)> = HashSet::new();
    let mut objective = 0i64;
    for a in &result.assignments {
        let key = (a.person.as_str(), a.session.as_str());
        let Some(&w) = weights.get(&key) else {
            out.push(v(K::NotNominated, format!("{} in {}: no such nomination", a.person, a.session)));
            continue;
        };
        if !granted.insert(key) {
            out.push(v(K::DuplicateAssignment, format!("{} in {} twice", a.person, a.session)));
            continue;
        }
        objective = objective.saturating_add(w);
        ctx.plan_of.entry(key.0).or_default().push(key.1);
        ctx.in_session.entry(key.1).or_default().push(key.0);
        if let Some(p) = ctx.people.get(key.0) {
            let span = ctx.span(key.1);
            ctx.unit_intervals.entry(p.unit.as_str()).or_default().push(span);
        }
    }

    // Per assignment rules.
    let mut sorted: Vec<&(&str, &str)> = granted.iter().collect();
    sorted.sort();
    for &&(pid, sid) in &sorted {
        let (Some(p), Some((s, _, _))) = (ctx.people.get(pid), ctx.sessions.get(sid)) else {
            continue;
        };
        if ctx.rank_bad(p, s) {
            out.push(v(K::Rank, format!("{pid} in {sid}: rank {} out of range", p.rank)));
        }
        if ctx.language_bad(p, s) {
            out.push(v(K::Language, format!("{pid} in {sid}: language")));
        }
        if ctx.prereq_missing(p, s) {
            out.push(v(K::Prerequisite, format!("{pid} in {sid}: prerequisite")));
        }
    }
    // Per session.
    for s in &instance.sessions {
        let here = ctx.in_session.get(s.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        if here.len() as i64 > s.capacity {
            out.push(v(K::Capacity, format!("{}: {} assigned, capacity {}", s.id, here.len(), s.capacity)));
        }
        for (party, &q) in s.quota.iter().flatten() {
            let c = ctx.party_count(&s.id, party);
            if c as i64 > q {
                out.push(v(K::Quota, format!("{}: {c} from {party}, quota {q}", s.id)));
            }
        }
    }
    // Per person.
    for p in &instance.people {
        let mine = ctx.plan_of.get(p.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        if mine.len() as i64 > p.max_sessions {
            out.push(v(K::PersonLimit, format!("{}: {} sessions, max {}", p.id, mine.len(), p.max_sessions)));
        }
        for i in 0..mine.len() {
            for j in i + 1..mine.len() {
                let (a, b) = (ctx.span(mine[i]), ctx.span(mine[j]));
                if a.0 <= b.1 && b.0 <= a.1 {
                    out.push(v(K::PersonOverlap, format!("{}: {} overlaps {}", p.id, mine[i], mine[j])));
                }
            }
        }
    }
    // Per unit: sweep over start/end events.
    for u in &instance.units {
        let Some(max) = u.max_away else { continue };
        let ivs = ctx.unit_intervals.get(u.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let mut events: Vec<(i64, i64)> =
            ivs.iter().flat_map(|&(a, b)| [(i64::from(a), 1), (i64::from(b) + 1, -1)]).collect();
        events.sort(); // at equal days, -1 sorts before +1
        let mut cur = 0;
        let mut peak = 0;
        for (_, d) in events {
            cur += d;
            peak = peak.max(cur);
        }
        if peak > max {
            out.push(v(K::UnitAway, format!("{}: {peak} away, max {max}", u.id)));
        }
    }
    if objective != result.objective {
        out.push(v(K::Objective, format!("objective {} but assignments sum to {objective}", result.objective)));
    }
    if !result.bound.is_finite() || result.bound + 1e-6 < objective as f64 {
        out.push(v(K::Bound, format!("bound {} below objective {objective}", result.bound)));
    }

    // Unassigned.
    let mut listed: HashSet<(&str, &str)> = HashSet::new();
    for u in &result.unassigned {
        let key = (u.person.as_str(), u.session.as_str());
        if !weights.contains_key(&key) {
            out.push(v(K::UnassignedNotNominated, format!("{} / {}: not a nomination", u.person, u.session)));
            continue;
        }
        if granted.contains(&key) {
            out.push(v(
                K::UnassignedGranted,
                format!("{} / {}: listed as unassigned but granted", u.person, u.session),
            ));
            continue;
        }
        if !listed.insert(key) {
            out.push(v(K::UnassignedDuplicate, format!("{} / {}: listed twice", u.person, u.session)));
            continue;
        }
        if let (Some(p), Some((s, _, _))) = (ctx.people.get(key.0), ctx.sessions.get(key.1))
            && !ctx.reason_true(p, s, u.reason)
        {
            out.push(v(K::FalseReason, format!("{} / {}: reason {:?} is not true", u.person, u.session, u.reason)));
        }
    }
    for n in &instance.nominations {
        let key = (n.person.as_str(), n.session.as_str());
        if !granted.contains(&key) && !listed.contains(&key) {
            out.push(v(K::UnassignedMissing, format!("{} / {}: neither granted nor listed", n.person, n.session)));
        }
    }
    out
}
