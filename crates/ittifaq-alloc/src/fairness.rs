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
//! envy and states the cost in weight ([`crate::model::PriorityFair`]).
//! [`crate::solver::fairness`] reports on any plan.

use crate::model::{FairnessReport, GroupShare, Model};

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
