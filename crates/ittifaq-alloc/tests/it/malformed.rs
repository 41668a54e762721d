//! Malformed instances: every error names the item.

use ittifaq_alloc::model::{Instance, Model};
use ittifaq_alloc::{AllocError, SolveOptions, check, solve};
use serde_json::{Value, json};

use crate::roundtrip::INSTANCE;

fn base() -> Value {
    serde_json::from_str(INSTANCE).expect("json")
}

/// Parse and validate; return the error text.
fn error_of(v: &Value) -> AllocError {
    let text = v.to_string();
    let e = owned_error(&text, v);
    // The command line's path, which borrows the strings from the text,
    // reports the same error.
    assert_eq!(Model::from_json(&text).err(), Some(e.clone()), "{text}");
    e
}

/// The error of the owned path: `Instance::from_json`, then `Model::new`.
fn owned_error(text: &str, v: &Value) -> AllocError {
    match Instance::from_json(text) {
        Err(e) => e,
        Ok(inst) => match Model::new(&inst) {
            Err(e) => {
                // The solver and the checker report the same error.
                assert_eq!(solve(&inst, &SolveOptions::default()).err(), Some(e.clone()));
                let res = ittifaq_alloc::model::AllocResult::from_json(
                    r#"{"assignments":[],"objective":0,"bound":0,"unassigned":[],"stats":{"seconds":0}}"#,
                )
                .expect("result");
                assert_eq!(check(&inst, &res).len(), 1);
                e
            }
            Ok(_) => panic!("accepted: {v}"),
        },
    }
}

fn assert_names(v: &Value, needles: &[&str]) -> AllocError {
    let e = error_of(v);
    let msg = e.to_string();
    for n in needles {
        assert!(msg.contains(n), "`{msg}` does not name {n}");
    }
    e
}

#[test]
fn base_is_valid() {
    let inst = Instance::from_json(&base().to_string()).expect("parses");
    Model::new(&inst).expect("valid");
}

#[test]
fn unknown_session_course() {
    let mut v = base();
    v["sessions"][0]["course"] = json!("NOPE");
    let e = assert_names(&v, &["MC-101/2027-1", "NOPE"]);
    assert!(matches!(e, AllocError::UnknownId { kind: "course", .. }));
}

#[test]
fn unknown_person_unit() {
    let mut v = base();
    v["people"][0]["unit"] = json!("GHOST");
    assert_names(&v, &["SY-000123", "GHOST"]);
}

#[test]
fn unknown_nomination_person_and_session() {
    let mut v = base();
    v["nominations"][0]["person"] = json!("X-1");
    assert_names(&v, &["X-1", "nomination"]);
    let mut v = base();
    v["nominations"][0]["session"] = json!("S-404");
    assert_names(&v, &["S-404", "nomination"]);
}

#[test]
fn duplicate_ids() {
    for (section, id) in
        [("sessions", "MC-101/2027-1"), ("people", "SY-000123"), ("courses", "MC-101"), ("units", "SY-ENG-12")]
    {
        let mut v = base();
        let first = v[section][0].clone();
        v[section].as_array_mut().expect("array").push(first);
        let e = assert_names(&v, &[id]);
        assert!(matches!(e, AllocError::DuplicateId { .. }), "{section}: {e}");
    }
}

#[test]
fn duplicate_nomination() {
    let mut v = base();
    let first = v["nominations"][0].clone();
    v["nominations"].as_array_mut().expect("array").push(first);
    let e = assert_names(&v, &["SY-000123", "MC-101/2027-1"]);
    assert!(matches!(e, AllocError::DuplicateNomination { .. }));
}

#[test]
fn negative_capacity() {
    let mut v = base();
    v["sessions"][0]["capacity"] = json!(-1);
    let e = assert_names(&v, &["MC-101/2027-1", "-1"]);
    assert!(matches!(e, AllocError::NegativeCapacity { .. }));
}

#[test]
fn zero_capacity_is_valid() {
    let mut v = base();
    v["sessions"][0]["capacity"] = json!(0);
    let inst = Instance::from_json(&v.to_string()).expect("parses");
    let res = solve(&inst, &SolveOptions::default()).expect("valid");
    assert_eq!(res.objective, 0);
    assert!(check(&inst, &res).is_empty());
}

#[test]
fn end_before_start() {
    let mut v = base();
    v["sessions"][0]["end"] = json!("2027-02-01");
    let e = assert_names(&v, &["MC-101/2027-1"]);
    assert!(matches!(e, AllocError::EndBeforeStart { .. }));
}

#[test]
fn bad_date() {
    let mut v = base();
    v["sessions"][0]["start"] = json!("2027-13-01");
    assert_names(&v, &["MC-101/2027-1", "2027-13-01"]);
}

#[test]
fn prerequisite_cycle() {
    let mut v = base();
    v["courses"] = json!([
        {"id": "MC-101", "domain": "mine_clearance", "requires": ["EOD-BASIC"], "grants": "MC-OPERATOR"},
        {"id": "A", "domain": "logistics", "requires": ["QC"], "grants": "QA"},
        {"id": "B", "domain": "logistics", "requires": ["QA"], "grants": "QB"},
        {"id": "C", "domain": "logistics", "requires": ["QB"], "grants": "QC"}
    ]);
    let e = assert_names(&v, &["A", "B", "C"]);
    assert!(matches!(e, AllocError::PrerequisiteCycle { .. }));
    // A course requiring its own grant is a cycle of length one.
    let mut v = base();
    v["courses"][0]["requires"] = json!(["MC-OPERATOR"]);
    let e = assert_names(&v, &["MC-101"]);
    assert!(matches!(e, AllocError::PrerequisiteCycle { .. }));
}

#[test]
fn unknown_fields_name_the_item() {
    let mut v = base();
    v["sessions"][0]["capcity"] = json!(3);
    assert_names(&v, &["MC-101/2027-1", "capcity"]);
    let mut v = base();
    v["people"][0]["rnak"] = json!("OR-1");
    assert_names(&v, &["SY-000123", "rnak"]);
    let mut v = base();
    v["nominations"][0]["wieght"] = json!(1);
    assert_names(&v, &["SY-000123", "wieght"]);
    let mut v = base();
    v["extra"] = json!(1);
    assert_names(&v, &["extra"]);
}

#[test]
fn bad_weight_party_and_rank() {
    for w in [0, -3] {
        let mut v = base();
        v["nominations"][0]["weight"] = json!(w);
        let e = assert_names(&v, &["SY-000123", "MC-101/2027-1"]);
        assert!(matches!(e, AllocError::BadWeight { .. }));
    }
    let mut v = base();
    v["units"][0]["party"] = json!("XX");
    assert_names(&v, &["SY-ENG-12", "party", "XX"]);
    let mut v = base();
    v["sessions"][0]["quota"] = json!({"IQ": 3});
    assert_names(&v, &["MC-101/2027-1", "quota", "IQ"]);
    let mut v = base();
    v["people"][0]["rank"] = json!("OR-12");
    assert_names(&v, &["SY-000123", "rank \"OR-12\""]);
    let mut v = base();
    v["sessions"][0]["min_rank"] = json!("GEN");
    assert_names(&v, &["MC-101/2027-1", "min_rank \"GEN\""]);
    let mut v = base();
    v["sessions"][0]["max_rank"] = json!("GEN");
    assert_names(&v, &["MC-101/2027-1", "max_rank \"GEN\""]);
}

/// The error text of a raw (possibly invalid JSON) instance.
fn raw_error(text: &str) -> String {
    let e = match Instance::from_json(text) {
        Err(e) => e,
        Ok(inst) => match Model::new(&inst) {
            Err(e) => e,
            Ok(_) => panic!("accepted: {text}"),
        },
    };
    assert_eq!(Model::from_json(text).err(), Some(e.clone()), "{text}");
    e.to_string()
}

/// The contract example with `from` replaced by `to` in its text.
fn edited(from: &str, to: &str) -> String {
    assert!(INSTANCE.contains(from), "{from}");
    INSTANCE.replacen(from, to, 1)
}

#[test]
fn a_literal_nan_names_the_item_and_the_field() {
    for (from, to, needles) in [
        (r#""weight": 7"#, r#""weight": NaN"#, &["nominations[0]", "SY-000123", "MC-101/2027-1", "weight: NaN"][..]),
        (r#""capacity": 24"#, r#""capacity": NaN"#, &["sessions[0]", "MC-101/2027-1", "capacity: NaN"][..]),
        (r#""capacity": 24"#, r#""capacity": -Infinity"#, &["MC-101/2027-1", "capacity: -Infinity"][..]),
        (r#""max_away": 3"#, r#""max_away": Infinity"#, &["units[0]", "SY-ENG-12", "max_away: Infinity"][..]),
        (r#""SY": 20"#, r#""SY": NaN"#, &["MC-101/2027-1", "quota: NaN"][..]),
    ] {
        let msg = raw_error(&edited(from, to));
        for n in needles {
            assert!(msg.contains(n), "`{msg}` does not name {n}");
        }
        // Said once: no second copy of the item or the field.
        assert_eq!(msg.matches(needles[1]).count(), 1, "{msg}");
    }
}

#[test]
fn a_mistyped_value_names_its_field() {
    for (from, to, item, field) in [
        (r#""weight": 7"#, r#""weight": 1.5"#, "MC-101/2027-1", "weight: "),
        (r#""weight": 7"#, r#""weight": "7""#, "MC-101/2027-1", "weight: "),
        (r#""start": "2027-03-01""#, r#""start": 20270301"#, "MC-101/2027-1", "start: "),
        (r#""max_sessions": 2"#, r#""max_sessions": true"#, "SY-000123", "max_sessions: "),
        (r#""languages": ["ar", "en"]"#, r#""languages": "ar""#, "SY-000123", "languages: "),
    ] {
        let msg = raw_error(&edited(from, to));
        assert!(msg.contains(item) && msg.contains(field), "`{msg}` does not name {item} and {field}");
    }
    let msg = raw_error(&edited(r#""start": "2027-03-01""#, r#""start": "2027-03-01T09:00+03:00""#));
    assert!(msg.contains("start \"2027-03-01T09:00+03:00\" is not an ISO 8601 date"), "{msg}");
    assert!(!msg.contains("offset"), "{msg}");
}

#[test]
fn a_repeated_field_is_refused_not_overwritten() {
    let msg = raw_error(&edited(r#""capacity": 24"#, r#""capacity": 24, "capacity": 2"#));
    assert!(msg.contains("duplicate field `capacity`") && msg.contains("MC-101/2027-1"), "{msg}");
}

#[test]
fn garbage_does_not_panic() {
    for text in ["", "[]", "null", "{\"parties\": 3}", "{}", "{\"parties\":[],\"people\":[1]}"] {
        assert!(Instance::from_json(text).is_err(), "{text}");
    }
}

#[test]
fn a_nomination_after_another_names_its_own_person() {
    // Validation reuses the previous nomination's person while the id stays
    // the same: a different id right after one must still be looked up.
    let mut v = base();
    let first = v["nominations"][0].clone();
    let mut unknown = first.clone();
    unknown["person"] = json!("X-2");
    v["nominations"].as_array_mut().expect("array").insert(1, unknown);
    assert_names(&v, &["X-2", "nomination"]);
    let mut v = base();
    v["nominations"].as_array_mut().expect("array").insert(1, first);
    assert!(matches!(error_of(&v), AllocError::DuplicateNomination { .. }));
}

#[test]
fn the_first_faulty_nomination_is_reported() {
    // Repetitions are found after the other checks of each nomination; the
    // error named is still that of the first faulty one in the file.
    let mut v = base();
    let first = v["nominations"][0].clone();
    let mut unknown = first.clone();
    unknown["session"] = json!("S-404");
    let noms = v["nominations"].as_array_mut().expect("array");
    noms.insert(1, first.clone());
    noms.push(unknown.clone());
    assert!(matches!(error_of(&v), AllocError::DuplicateNomination { .. }));
    let mut v = base();
    let noms = v["nominations"].as_array_mut().expect("array");
    noms.insert(1, unknown);
    noms.push(first);
    assert!(matches!(error_of(&v), AllocError::UnknownId { kind: "session", .. }));
}
