//! The checker catches every kind of violation and judges reasons exactly.

use ittifaq_alloc::model::{AllocResult, Assignment, Instance, Reason, Stats, Unassigned};
use ittifaq_alloc::{ViolationKind as K, check};

const INSTANCE: &str = r#"{
  "parties": ["TR", "SY"],
  "courses": [
    {"id": "A", "domain": "logistics", "requires": [], "grants": "QA"},
    {"id": "B", "domain": "logistics", "requires": ["QA"]}
  ],
  "sessions": [
    {"id": "S1", "course": "A", "start": "2027-03-01", "end": "2027-03-05", "capacity": 1},
    {"id": "S2", "course": "B", "start": "2027-03-10", "end": "2027-03-12", "capacity": 2,
     "quota": {"TR": 1}, "language": "tr", "min_rank": "OR-5"},
    {"id": "S3", "course": "A", "start": "2027-03-04", "end": "2027-03-08", "capacity": 2}
  ],
  "units": [{"id": "U1", "party": "TR", "max_away": 1}, {"id": "U2", "party": "SY"}],
  "people": [
    {"id": "P1", "party": "TR", "unit": "U1", "rank": "OR-6", "languages": ["tr"], "max_sessions": 2},
    {"id": "P2", "party": "TR", "unit": "U1", "rank": "OR-3", "languages": ["tr"]},
    {"id": "P3", "party": "SY", "unit": "U2", "rank": "OF-1", "languages": ["ar"], "max_sessions": 2}
  ],
  "nominations": [
    {"person": "P1", "session": "S1", "weight": 5},
    {"person": "P2", "session": "S1", "weight": 4},
    {"person": "P1", "session": "S2", "weight": 3},
    {"person": "P2", "session": "S2", "weight": 2},
    {"person": "P3", "session": "S2", "weight": 2},
    {"person": "P3", "session": "S3", "weight": 1},
    {"person": "P1", "session": "S3", "weight": 1}
  ]
}"#;

fn inst() -> Instance {
    Instance::from_json(INSTANCE).expect("valid")
}

fn weight(i: &Instance, p: &str, s: &str) -> i64 {
    i.nominations.iter().find(|n| n.person == p && n.session == s).map_or(0, |n| n.weight)
}

fn result(assign: &[(&str, &str)], unassigned: &[(&str, &str, Reason)]) -> AllocResult {
    let i = inst();
    let objective = assign.iter().map(|(p, s)| weight(&i, p, s)).sum();
    AllocResult {
        assignments: assign.iter().map(|(p, s)| Assignment { person: (*p).into(), session: (*s).into() }).collect(),
        objective,
        bound: 100.0,
        unassigned: unassigned
            .iter()
            .map(|(p, s, r)| Unassigned { person: (*p).into(), session: (*s).into(), reason: *r })
            .collect(),
        stats: Stats { seconds: 0.0 },
        fairness: None,
        priority_fair: None,
    }
}

const GOOD: [(&str, &str); 3] = [("P1", "S1"), ("P1", "S2"), ("P3", "S3")];

fn good_unassigned() -> Vec<(&'static str, &'static str, Reason)> {
    vec![
        ("P2", "S1", Reason::Capacity),
        ("P2", "S2", Reason::IneligibleRank),
        ("P3", "S2", Reason::IneligibleLanguage),
        ("P1", "S3", Reason::PersonOverlap),
    ]
}

fn kinds(r: &AllocResult) -> Vec<K> {
    check(&inst(), r).into_iter().map(|v| v.kind).collect()
}

#[test]
fn a_correct_plan_passes() {
    assert_eq!(kinds(&result(&GOOD, &good_unassigned())), vec![]);
}

/// Replace the reason of one unassigned nomination; is it accepted?
fn reason_ok(p: &str, s: &str, reason: Reason) -> bool {
    let mut u = good_unassigned();
    for x in &mut u {
        if x.0 == p && x.1 == s {
            x.2 = reason;
        }
    }
    kinds(&result(&GOOD, &u)).is_empty()
}

#[test]
fn reasons_are_judged_exactly() {
    use Reason::*;
    // P2 in S1: S1 full; U1 has P1 away on those days (max 1); feasible alone.
    for r in [Capacity, UnitAwayLimit, LowerWeight] {
        assert!(reason_ok("P2", "S1", r), "{r:?}");
    }
    for r in [IneligibleRank, IneligibleLanguage, MissingPrerequisite, Quota, PersonOverlap, PersonLimit] {
        assert!(!reason_ok("P2", "S1", r), "{r:?}");
    }
    // P2 in S2: rank too low, no QA, TR quota taken by P1, U1 full (P1 is
    // away then); not feasible alone.
    for r in [IneligibleRank, MissingPrerequisite, Quota, UnitAwayLimit] {
        assert!(reason_ok("P2", "S2", r), "{r:?}");
    }
    for r in [IneligibleLanguage, Capacity, PersonOverlap, PersonLimit, LowerWeight] {
        assert!(!reason_ok("P2", "S2", r), "{r:?}");
    }
    // P1 in S3: overlaps S1, P1 at max_sessions 2, U1 full on 03-04..05.
    for r in [PersonOverlap, PersonLimit, UnitAwayLimit, LowerWeight] {
        assert!(reason_ok("P1", "S3", r), "{r:?}");
    }
    for r in [Capacity, Quota, MissingPrerequisite, IneligibleRank] {
        assert!(!reason_ok("P1", "S3", r), "{r:?}");
    }
}

#[test]
fn rule_violations_are_caught() {
    // P2 also in S1: capacity and unit away limit.
    let r = result(&[("P1", "S1"), ("P2", "S1"), ("P1", "S2"), ("P3", "S3")], &[]);
    let k = kinds(&r);
    assert!(k.contains(&K::Capacity) && k.contains(&K::UnitAway), "{k:?}");
    // P2 in S2: rank, prerequisite, quota.
    let r = result(&[("P1", "S1"), ("P1", "S2"), ("P2", "S2")], &[]);
    let k = kinds(&r);
    for x in [K::Rank, K::Prerequisite, K::Quota] {
        assert!(k.contains(&x), "{x:?} in {k:?}");
    }
    // P3 in S2: language and prerequisite.
    let k = kinds(&result(&[("P3", "S2")], &[]));
    assert!(k.contains(&K::Language) && k.contains(&K::Prerequisite), "{k:?}");
    // P1 in S1, S3, S2: overlap and person limit.
    let k = kinds(&result(&[("P1", "S1"), ("P1", "S3"), ("P1", "S2")], &[]));
    assert!(k.contains(&K::PersonOverlap) && k.contains(&K::PersonLimit), "{k:?}");
    // Prerequisite from a session that does not end before: S3 ends 03-08,
    // S2 starts 03-10 — fine; but S1 in the same plan as S2 for P1 is needed.
    let k = kinds(&result(&[("P1", "S2")], &[]));
    assert!(k.contains(&K::Prerequisite), "{k:?}");
    // Not nominated, duplicate.
    let k = kinds(&result(&[("P3", "S1"), ("P3", "S3"), ("P3", "S3")], &[]));
    assert!(k.contains(&K::NotNominated) && k.contains(&K::DuplicateAssignment), "{k:?}");
}

#[test]
fn bookkeeping_violations_are_caught() {
    let mut r = result(&GOOD, &good_unassigned());
    r.objective += 1;
    assert!(kinds(&r).contains(&K::Objective));
    let mut r = result(&GOOD, &good_unassigned());
    r.bound = 8.0; // objective is 9
    assert_eq!(kinds(&r), vec![K::Bound]);
    let mut r = result(&GOOD, &good_unassigned());
    r.bound = f64::NAN;
    assert_eq!(kinds(&r), vec![K::Bound]);
    let mut u = good_unassigned();
    u.pop();
    assert_eq!(kinds(&result(&GOOD, &u)), vec![K::UnassignedMissing]);
    let mut u = good_unassigned();
    u.push(("P2", "S1", Reason::LowerWeight));
    assert_eq!(kinds(&result(&GOOD, &u)), vec![K::UnassignedDuplicate]);
    let mut u = good_unassigned();
    u.push(("P1", "S1", Reason::Capacity));
    assert_eq!(kinds(&result(&GOOD, &u)), vec![K::UnassignedGranted]);
    let mut u = good_unassigned();
    u.push(("P3", "S1", Reason::Capacity));
    assert_eq!(kinds(&result(&GOOD, &u)), vec![K::UnassignedNotNominated]);
}

#[test]
fn solver_finds_the_optimum_here() {
    let i = inst();
    let r = ittifaq_alloc::solve(&i, &crate::common::options()).expect("valid");
    assert!(check(&i, &r).is_empty(), "{:?}", check(&i, &r));
    // P1: S1 + S2 (8); P3: S3 (1). P2 cannot join S1 (capacity).
    assert_eq!(r.objective, 9);
    assert!(r.bound >= 9.0);
}
