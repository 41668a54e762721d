use ittifaq_decon::ndjson::{parse_activities, parse_conflicts};
use ittifaq_decon::{Activity, Engine, Kind, conflict, write_conflicts};

pub const EXAMPLE: &str = r#"{"id": "TR-EX-2027-0042", "party": "TR", "kind": "exercise",
 "footprint": {"type": "Polygon", "coordinates": [[[36.10, 36.20], [36.30, 36.20], [36.30, 36.35], [36.10, 36.20]]]},
 "altitude_m": [0, 3000],
 "start": "2027-03-01T06:00:00Z", "end": "2027-03-01T12:00:00Z",
 "separation_m": 2000, "vertical_separation_m": 300, "time_buffer_s": 900}"#;

pub fn activity(json: &str) -> Activity {
    Activity::from_json(json).unwrap()
}

#[test]
fn contract_activity_example_parses() {
    let a = activity(EXAMPLE);
    assert_eq!(a.id(), "TR-EX-2027-0042");
    assert_eq!(a.party(), "TR");
    assert_eq!(a.kind(), Kind::Exercise);
    assert_eq!(a.separation_m(), 2000.0);
    assert_eq!(a.vertical_separation_m(), 300.0);
    assert_eq!(a.time_buffer_ns(), 900_000_000_000);
    // Round trip through JSON keeps everything.
    assert_eq!(Activity::from_json(&a.to_json()).unwrap(), a);
    // The NDJSON reader accepts it on one line.
    let line = EXAMPLE.replace('\n', "");
    let v = parse_activities(&format!("{line}\n\n{line}\n")).unwrap();
    assert_eq!(v.len(), 2);
}

#[test]
fn contract_conflict_example_parses_and_round_trips() {
    let text = r#"{"a": "TR-EX-2027-0042", "b": "SY-DM-2027-0007", "distance_m": 850.4, "overlap_start": "2027-03-01T08:00:00Z", "overlap_end": "2027-03-01T12:00:00Z"}"#;
    let cs = parse_conflicts(text).unwrap();
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].distance_m, 850.4);
    let mut out = Vec::new();
    write_conflicts(&mut out, &cs).unwrap();
    let back = parse_conflicts(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(back, cs);
    assert!(std::str::from_utf8(&out).unwrap().contains("\"overlap_start\":\"2027-03-01T08:00:00Z\""));
}

#[test]
fn example_pair_conflicts_with_a_nearby_demining_site() {
    let a = activity(EXAMPLE);
    // A demining circle 850 m or so outside the triangle's southern edge (lat 36.20).
    let b = activity(
        r#"{"id": "SY-DM-2027-0007", "party": "SY", "kind": "demining",
        "footprint": {"type": "Point", "coordinates": [36.20, 36.19], "radius_m": 250},
        "altitude_m": [0, 0], "start": "2027-03-01T08:00:00+03:00", "end": "2027-03-01T15:00:00+03:00"}"#,
    );
    let c = conflict(&a, &b).expect("within 2000 m and overlapping in time");
    assert_eq!(c.a, "SY-DM-2027-0007");
    assert_eq!(c.b, "TR-EX-2027-0042");
    // The southern edge is a great-circle arc, so at 36.2°E it bulges north
    // of the parallel: tan φ = tan 36.2° / cos 0.1°. Distance is along the meridian.
    let phi = (36.2f64.to_radians().tan() / 0.1f64.to_radians().cos()).atan();
    let expected = (phi - 36.19f64.to_radians()) * ittifaq_decon::EARTH_RADIUS_M - 250.0;
    assert!((c.distance_m - expected).abs() < 0.01, "{} vs {expected}", c.distance_m);
    assert!(expected - (1111.95 - 250.0) > 4.0); // the bulge, about 4.6 m
    assert_eq!(c.overlap_start.to_string(), "2027-03-01 6:00:00.0 +00:00:00");
    assert_eq!(c.overlap_end.to_string(), "2027-03-01 12:00:00.0 +00:00:00");
    let mut e = Engine::new();
    assert!(e.declare(a).unwrap().is_empty());
    assert_eq!(e.declare(b).unwrap(), vec![c.clone()]);
    assert_eq!(e.all_conflicts(), vec![c]);
}

#[test]
fn conflicts_ndjson_end_to_end() {
    let tr = EXAMPLE.replace('\n', "");
    let sy = r#"{"id": "SY-DM-2027-0007", "party": "SY", "kind": "demining", "footprint": {"type": "Point", "coordinates": [36.20, 36.19], "radius_m": 250}, "altitude_m": [0, 0], "start": "2027-03-01T08:00:00Z", "end": "2027-03-01T15:00:00Z"}"#;
    let input = format!("{tr}\n{sy}\n");
    let mut out = Vec::new();
    let n = ittifaq_decon::ndjson::conflicts_ndjson(input.as_bytes(), &mut out).unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with(r#"{"a":"SY-DM-2027-0007","b":"TR-EX-2027-0042","distance_m":866.5"#), "{text}");
    assert!(text.ends_with("\"overlap_start\":\"2027-03-01T08:00:00Z\",\"overlap_end\":\"2027-03-01T12:00:00Z\"}\n"));
    // A repeated id names its line.
    let input = format!("{tr}\n{sy}\n\n{sy}\n");
    let e = ittifaq_decon::ndjson::conflicts_ndjson(input.as_bytes(), Vec::new()).unwrap_err();
    assert_eq!(e.to_string(), "line 4: activity SY-DM-2027-0007 is already declared");
}
