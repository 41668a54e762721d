//! The contract example of allocation.md round-trips through JSON.

use std::time::Instant;

use ittifaq_alloc::model::{AllocResult, Instance, Model, Reason};
use ittifaq_alloc::solver::solve_model;
use ittifaq_alloc::{GenOptions, Profile, SolveOptions, check, generate_with, solve, solve_compact};

pub const INSTANCE: &str = r#"{
  "parties": ["TR", "SY"],
  "courses": [
    {"id": "MC-101", "domain": "mine_clearance", "requires": ["EOD-BASIC"], "grants": "MC-OPERATOR"}
  ],
  "sessions": [
    {"id": "MC-101/2027-1", "course": "MC-101", "start": "2027-03-01", "end": "2027-03-26",
     "capacity": 24, "quota": {"TR": 4, "SY": 20}, "language": "ar",
     "min_rank": "OR-3", "max_rank": "OF-2"}
  ],
  "units": [{"id": "SY-ENG-12", "party": "SY", "max_away": 3}],
  "people": [
    {"id": "SY-000123", "party": "SY", "unit": "SY-ENG-12", "rank": "OR-5",
     "languages": ["ar", "en"], "qualifications": ["EOD-BASIC"], "max_sessions": 2}
  ],
  "nominations": [{"person": "SY-000123", "session": "MC-101/2027-1", "weight": 7}]
}"#;

const RESULT: &str = r#"{
  "assignments": [{"person": "SY-000123", "session": "MC-101/2027-1"}],
  "objective": 7,
  "bound": 7.0,
  "unassigned": [
    {"person": "SY-000456", "session": "MC-101/2027-1", "reason": "capacity"}
  ],
  "stats": {"seconds": 0.01}
}"#;

#[test]
fn contract_instance_round_trips() {
    let inst = Instance::from_json(INSTANCE).expect("contract example parses");
    let again = Instance::from_json(&inst.to_json()).expect("re-parses");
    assert_eq!(inst, again);
    let a: serde_json::Value = serde_json::from_str(INSTANCE).expect("json");
    let b: serde_json::Value = serde_json::from_str(&inst.to_json()).expect("json");
    assert_eq!(a, b, "serialised form is the contract form");
}

#[test]
fn contract_result_round_trips() {
    let res = AllocResult::from_json(RESULT).expect("contract example parses");
    assert_eq!(res.unassigned[0].reason, Reason::Capacity);
    assert_eq!(AllocResult::from_json(&res.to_json()).expect("re-parses"), res);
    let a: serde_json::Value = serde_json::from_str(RESULT).expect("json");
    let b: serde_json::Value = serde_json::from_str(&res.to_json()).expect("json");
    assert_eq!(a, b);
}

#[test]
fn contract_example_solves() {
    let inst = Instance::from_json(INSTANCE).expect("parses");
    let res = solve(&inst, &crate::common::options()).expect("valid");
    assert_eq!(res.objective, 7);
    assert_eq!(res.bound, 7.0);
    assert!(check(&inst, &res).is_empty());
    let text = res.to_json();
    assert_eq!(AllocResult::from_json(&text).expect("parses"), res);
}

#[test]
fn result_rejects_unknown_fields_and_reasons() {
    assert!(AllocResult::from_json(&RESULT.replace("\"objective\"", "\"objectiv\"")).is_err());
    let e = AllocResult::from_json(&RESULT.replace("\"capacity\"", "\"full\"")).expect_err("unknown reason");
    assert!(e.to_string().contains("SY-000456"), "{e}");
    let e =
        AllocResult::from_json(&RESULT.replace("\"session\": \"MC", "\"sesion\": \"MC")).expect_err("unknown field");
    assert!(e.to_string().contains("SY-000123"), "{e}");
}

/// The result with its clock zeroed, for comparing runs.
fn timeless(mut r: AllocResult) -> AllocResult {
    r.stats.seconds = 0.0;
    r
}

#[test]
fn parsing_into_the_model_directly_agrees_with_the_owned_path() {
    let options = SolveOptions { report_fairness: true, gap: 0.0005, ..SolveOptions::default() };
    for profile in [Profile::Loose, Profile::SeatScarce, Profile::ChainHeavy] {
        let mut inst = generate_with(&GenOptions::profile(profile, 400, 3));
        let owned = timeless(solve(&inst, &options).expect("valid"));
        let text = inst.to_json();
        let model = Model::from_json(&text).expect("valid");
        assert_eq!(model.nominations.len(), inst.nominations.len());
        assert_eq!(timeless(solve_model(&model, &options, Instant::now())), owned, "{profile}");

        // Ids with escapes in the JSON text cannot be borrowed: the owned
        // path reads them, with the same result.
        let old = inst.people[0].id.clone();
        let new = format!("{old} \"é\"\\");
        inst.people[0].id = new.clone();
        for n in inst.nominations.iter_mut().filter(|n| n.person == old) {
            n.person = new.clone();
        }
        let text = inst.to_json();
        assert!(text.contains("\\\""), "the id is escaped in the text");
        let owned = timeless(solve(&inst, &options).expect("valid"));
        let model = Model::from_json(&text).expect("valid");
        assert_eq!(model.person_ids.name(0), new);
        assert_eq!(timeless(solve_model(&model, &options, Instant::now())), owned, "{profile}");
    }
}

#[test]
fn a_solution_is_written_as_its_result() {
    for (profile, priority_fair) in [(Profile::Loose, false), (Profile::QuotaBound, true)] {
        let inst = generate_with(&GenOptions::profile(profile, 300, 5));
        let text = inst.to_json();
        let model = Model::from_json(&text).expect("valid");
        let options = SolveOptions { report_fairness: true, priority_fair, ..SolveOptions::default() };
        let solution = solve_compact(&model, &options, Instant::now());
        let result = solution.to_result();
        assert!(!result.assignments.is_empty() && !result.unassigned.is_empty());
        assert_eq!((solution.assigned(), solution.unassigned()), (result.assignments.len(), result.unassigned.len()));
        assert_eq!(serde_json::to_string(&solution).ok(), serde_json::to_string(&result).ok());
        assert_eq!(serde_json::to_string_pretty(&solution).ok(), Some(result.to_json()));
        assert!(check(&inst, &result).is_empty());
    }
}
