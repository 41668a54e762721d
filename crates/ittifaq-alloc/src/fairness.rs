//! Fairness: how the granted weight and first choices are shared out
//! between parties and units, and justified envy by priority.
//!
//! A person's *first choice* is their highest-weight nomination; it is *met*
//! when the person is granted a nomination of that (maximal) weight, so ties
//! between equally weighted first choices count any of them.
//!
//! # Justified envy
//!
//! A nomination's weight is its priority. A refused nomination `n` of person
//! `i` for session `s` has *justified envy* when an assigned nomination `m`
//! of the same session whose person is of `i`'s party, with a lower weight
//! than `n`, holds a seat that `n` could have taken: for some set `L` of
//! `i`'s assignments each lighter than `n`, the plan without `m` and `L`,
//! without the assignments whose prerequisites only `m` or `L` granted (of
//! their persons, none of them as heavy as `n` for `i`), and with `n`
//! satisfies every rule. (`i` gives up only what it values less than `n`;
//! the holder of `m` loses `m` and what depended on it.) Nominations that
//! are ineligible by rank or language never envy. To bound the work on
//! any input, at most the 8 lightest assignments of `i` are considered for
//! `L`, and at most 32 holders `m` (those of `i`'s unit first).
//!
//! The utilitarian optimum can have justified envy (a heavier nomination
//! refused because its person holds another seat and dropping it loses more
//! than the swap gains); [`crate::SolveOptions::priority_fair`] removes every
//! envy and states the cost in weight ([`PriorityFair`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::AllocError;
use crate::model::{AllocResult, Instance, Model};

/// Shares for one party or unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupShare {
    pub id: String,
    pub nominated_weight: i64,
    pub granted_weight: i64,
    /// `granted_weight / nominated_weight` (1.0 when nothing was nominated).
    pub weight_share: f64,
    /// People of the group with at least one nomination.
    pub people_nominated: usize,
    pub first_choices_met: usize,
    /// `first_choices_met / people_nominated` (1.0 when nobody).
    pub first_choice_share: f64,
    /// Refused nominations of the group's people with a justified envy.
    #[serde(default)]
    pub envy: usize,
}

/// What the priority-fair mode cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityFair {
    /// The objective of the plan before the envy was removed.
    pub utilitarian_objective: i64,
    /// `utilitarian_objective − objective` (negative if the repair found a
    /// better plan).
    pub cost: i64,
    /// `cost / utilitarian_objective`.
    pub cost_share: f64,
    /// Envies left (0 unless the time limit stopped the repair).
    pub envy: usize,
}

/// Per-party and per-unit shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FairnessReport {
    pub parties: Vec<GroupShare>,
    pub units: Vec<GroupShare>,
    /// The smallest unit `weight_share` among units with nominations.
    pub min_unit_share: f64,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    nominated: i64,
    granted: i64,
    people: usize,
    met: usize,
    envy: usize,
}

fn share(a: i64, b: i64) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn finish(id: &str, a: Acc) -> GroupShare {
    GroupShare {
        id: id.to_owned(),
        nominated_weight: a.nominated,
        granted_weight: a.granted,
        weight_share: share(a.granted, a.nominated),
        people_nominated: a.people,
        first_choices_met: a.met,
        first_choice_share: if a.people == 0 { 1.0 } else { a.met as f64 / a.people as f64 },
        envy: a.envy,
    }
}

/// Compute the fairness report of a result. Assignments that do not match a
/// nomination are ignored.
pub fn fairness(instance: &Instance, result: &AllocResult) -> Result<FairnessReport, AllocError> {
    let m = Model::new(instance)?;
    let person_ix: HashMap<&str, usize> = m.person_ids.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let session_ix: HashMap<&str, usize> = m.session_ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let mut assigned = vec![false; m.nominations.len()];
    for a in &result.assignments {
        if let (Some(&p), Some(&s)) = (person_ix.get(a.person.as_str()), session_ix.get(a.session.as_str()))
            && let Some(n) = m.nomination(p as u32, s as u32)
        {
            assigned[n as usize] = true;
        }
    }
    let envious = crate::solver::envious(&m, &assigned);
    Ok(report(&m, &assigned, &envious))
}

/// The report of a plan given per nomination, with its envious nominations.
pub(crate) fn report(m: &Model, assigned: &[bool], envious: &[u32]) -> FairnessReport {
    let mut parties = vec![Acc::default(); m.parties.len()];
    let mut units = vec![Acc::default(); m.units.len()];
    for &n in envious {
        let person = &m.people[m.nominations[n as usize].person as usize];
        parties[person.party as usize].envy += 1;
        units[person.unit as usize].envy += 1;
    }
    for (p, noms) in m.person_noms.iter().enumerate() {
        if noms.is_empty() {
            continue;
        }
        let person = &m.people[p];
        let mut nominated = 0i64;
        let mut got = 0i64;
        let mut top = 0i64;
        for &n in noms {
            let w = m.nominations[n as usize].weight;
            nominated = nominated.saturating_add(w);
            top = top.max(w);
            if assigned[n as usize] {
                got = got.saturating_add(w);
            }
        }
        let met = noms.iter().any(|&n| assigned[n as usize] && m.nominations[n as usize].weight == top);
        for acc in [&mut parties[person.party as usize], &mut units[person.unit as usize]] {
            acc.nominated = acc.nominated.saturating_add(nominated);
            acc.granted = acc.granted.saturating_add(got);
            acc.people += 1;
            acc.met += usize::from(met);
        }
    }
    let units: Vec<GroupShare> = units.into_iter().enumerate().map(|(i, a)| finish(&m.unit_ids[i], a)).collect();
    let min_unit_share = units.iter().filter(|u| u.nominated_weight > 0).map(|u| u.weight_share).fold(1.0, f64::min);
    FairnessReport {
        parties: parties.into_iter().enumerate().map(|(i, a)| finish(&m.parties[i], a)).collect(),
        units,
        min_unit_share,
    }
}
