//! The contract example of allocation.md round-trips through JSON.

use ittifaq_alloc::model::{AllocResult, Instance, Reason};
use ittifaq_alloc::{check, solve};

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
