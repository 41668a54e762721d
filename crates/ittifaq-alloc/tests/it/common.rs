use std::collections::BTreeMap;
use std::time::Duration;

use ittifaq_alloc::generator::SplitMix64;
use ittifaq_alloc::model::{Course, Instance, Nomination, Person, Session, Unit};
use ittifaq_alloc::{SolveOptions, ViolationKind};

pub fn options() -> SolveOptions {
    SolveOptions { time_limit: Duration::from_secs(5), max_iterations: 200, ..SolveOptions::default() }
}

fn day(offset: u64) -> String {
    // 2027-03-01 + offset, offset < 28.
    format!("2027-03-{:02}", 1 + offset)
}

/// A small random instance with tight constraints: tiny capacities, quotas,
/// unit limits of 1–2, overlapping dates, a prerequisite chain, ranks and
/// languages.
pub fn random_instance(seed: u64, people: usize, sessions: usize, noms: usize) -> Instance {
    let mut r = SplitMix64::new(seed);
    let parties = vec!["TR".to_string(), "SY".to_string()];
    let courses = vec![
        Course { id: "A".into(), domain: "logistics".into(), requires: vec![], grants: Some("QA".into()) },
        Course { id: "B".into(), domain: "logistics".into(), requires: vec!["QA".into()], grants: Some("QB".into()) },
        Course { id: "C".into(), domain: "peacekeeping".into(), requires: vec![], grants: None },
    ];
    let ranks = ["OR-2", "OR-5", "OR-9", "WO-2", "OF-1", "OF-4"];
    let mut ss = Vec::new();
    for i in 0..sessions {
        let start = r.below(20);
        let len = 1 + r.below(6);
        let mut quota = None;
        if r.chance(0.3) {
            let mut q = BTreeMap::new();
            q.insert(if r.chance(0.5) { "TR" } else { "SY" }.to_string(), r.below(3) as i64);
            quota = Some(q);
        }
        ss.push(Session {
            id: format!("S{i}"),
            course: ["A", "B", "C"][r.below(3) as usize].into(),
            start: day(start),
            end: day(start + len),
            capacity: r.below(4) as i64,
            quota,
            language: if r.chance(0.3) { Some(["ar", "tr"][r.below(2) as usize].into()) } else { None },
            min_rank: if r.chance(0.2) { Some(ranks[r.below(3) as usize].into()) } else { None },
            max_rank: if r.chance(0.2) { Some(ranks[3 + r.below(3) as usize].into()) } else { None },
        });
    }
    let units: Vec<Unit> = (0..2)
        .map(|u| Unit {
            id: format!("U{u}"),
            party: parties[u].clone(),
            max_away: if r.chance(0.7) { Some(r.below(3) as i64) } else { None },
        })
        .collect();
    let mut ps = Vec::new();
    for i in 0..people {
        let u = r.below(2) as usize;
        let mut languages = vec![["tr", "ar"][u].to_string()];
        if r.chance(0.3) {
            languages.push("en".into());
        }
        ps.push(Person {
            id: format!("P{i}"),
            party: parties[u].clone(),
            unit: format!("U{u}"),
            rank: ranks[r.below(6) as usize].into(),
            languages,
            qualifications: if r.chance(0.3) { vec!["QA".into()] } else { vec![] },
            max_sessions: r.below(4) as i64,
        });
    }
    let mut ns: Vec<Nomination> = Vec::new();
    if people > 0 && sessions > 0 {
        for _ in 0..noms {
            let p = format!("P{}", r.below(people as u64));
            let s = format!("S{}", r.below(sessions as u64));
            if ns.iter().any(|n| n.person == p && n.session == s) {
                continue;
            }
            ns.push(Nomination { person: p, session: s, weight: 1 + r.below(9) as i64 });
        }
    }
    Instance { parties, courses, sessions: ss, units, people: ps, nominations: ns }
}

/// Violation kinds that make a set of assignments infeasible.
pub fn is_rule(kind: ViolationKind) -> bool {
    use ViolationKind as K;
    matches!(
        kind,
        K::NotNominated
            | K::DuplicateAssignment
            | K::Rank
            | K::Language
            | K::Prerequisite
            | K::Capacity
            | K::Quota
            | K::PersonOverlap
            | K::PersonLimit
            | K::UnitAway
    )
}
