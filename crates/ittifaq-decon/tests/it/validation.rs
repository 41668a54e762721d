use ittifaq_decon::ndjson::parse_activities;
use ittifaq_decon::{Activity, DeconError, Fault, RingRef};

fn with_footprint(fp: &str) -> String {
    format!(
        r#"{{"id": "SY-X-1", "party": "SY", "kind": "other", "footprint": {fp},
        "altitude_m": [0, 10], "start": "2027-01-01T00:00:00Z", "end": "2027-01-01T01:00:00Z"}}"#
    )
}

fn fault_of(json: &str) -> (Fault, String) {
    let e = Activity::from_json(json).unwrap_err();
    let msg = e.to_string();
    (e.fault().cloned().unwrap(), msg)
}

fn expect(json: &str, check: impl Fn(&Fault) -> bool, words: &str) {
    let (f, msg) = fault_of(json);
    assert!(check(&f), "unexpected fault {f:?}");
    assert!(msg.contains("SY-X-1"), "message does not name the activity: {msg}");
    assert!(msg.contains(words), "message {msg:?} lacks {words:?}");
}

const SHELL0: RingRef = RingRef { polygon: 0, ring: 0 };

#[test]
fn self_intersecting_ring() {
    // A bow tie.
    let j =
        with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,36],[36.1,36.1],[36.1,36],[36,36.1],[36,36]]]}"#);
    expect(&j, |f| *f == Fault::SelfIntersectingRing { ring: SHELL0 }, "self-intersecting");
    // A spike that folds back over an edge.
    let j = with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,0],[36.2,0],[36.1,0],[36.1,0.1],[36,0]]]}"#);
    expect(&j, |f| matches!(f, Fault::SelfIntersectingRing { .. }), "self-intersecting");
    // In a hole of a MultiPolygon's second polygon.
    let j = with_footprint(
        r#"{"type": "MultiPolygon", "coordinates": [
        [[[30,30],[30.1,30],[30.1,30.1],[30,30]]],
        [[[36,36],[37,36],[37,37],[36,37],[36,36]], [[36.2,36.2],[36.4,36.4],[36.4,36.2],[36.2,36.4],[36.2,36.2]]]]}"#,
    );
    expect(&j, |f| *f == Fault::SelfIntersectingRing { ring: RingRef { polygon: 1, ring: 1 } }, "polygon 1 hole 1");
}

#[test]
fn unclosed_ring() {
    let j = with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,36],[36.1,36],[36.1,36.1],[36,36.1]]]}"#);
    expect(&j, |f| *f == Fault::UnclosedRing { ring: SHELL0 }, "unclosed");
}

#[test]
fn fewer_than_four_positions() {
    let j = with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,36],[36.1,36],[36,36]]]}"#);
    expect(&j, |f| *f == Fault::TooFewPositions { ring: Some(SHELL0), got: 3, need: 4 }, "fewer than 4");
    let j = with_footprint(r#"{"type": "LineString", "coordinates": [[36,36]]}"#);
    expect(&j, |f| matches!(f, Fault::TooFewPositions { ring: None, .. }), "fewer than 2");
}

#[test]
fn latitude_outside_range() {
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 91], "radius_m": 10}"#);
    expect(&j, |f| *f == Fault::LatitudeOutOfRange { lat: 91.0 }, "latitude 91");
    let j = with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,36],[36.1,-90.5],[36.1,36.1],[36,36]]]}"#);
    expect(&j, |f| matches!(f, Fault::LatitudeOutOfRange { .. }), "outside ±90");
}

#[test]
fn nan_is_rejected() {
    // JSON cannot carry NaN; it reaches us through the Rust API.
    let mut rec =
        Activity::from_json(&with_footprint(r#"{"type": "LineString", "coordinates": [[36,36],[36.1,36.1]]}"#))
            .unwrap()
            .record()
            .clone();
    rec.footprint = ittifaq_decon::GeoJson::LineString { coordinates: vec![vec![36.0, f64::NAN], vec![36.1, 36.1]] };
    let e = Activity::new(rec.clone()).unwrap_err();
    assert!(matches!(e.fault(), Some(Fault::NotFinite { .. })), "{e:?}");
    assert!(e.to_string().contains("SY-X-1") && e.to_string().contains("NaN"));
    rec.footprint = ittifaq_decon::GeoJson::LineString { coordinates: vec![vec![36.0, 36.0], vec![36.1, 36.1]] };
    rec.separation_m = Some(f64::NAN);
    let e = Activity::new(rec).unwrap_err();
    assert_eq!(e.fault(), Some(&Fault::NotFinite { field: "separation_m" }));
}

#[test]
fn unknown_fields_are_rejected() {
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 36], "radius_m": 10}"#)
        .replace("\"kind\"", "\"colour\": \"red\", \"kind\"");
    expect(&j, |f| matches!(f, Fault::Schema(_)), "unknown field `colour`");
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 36], "radius_m": 10, "srid": 4326}"#);
    expect(&j, |f| matches!(f, Fault::Schema(_)), "srid");
}

#[test]
fn other_faults() {
    let point = r#"{"type": "Point", "coordinates": [36, 36], "radius_m": 10}"#;
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 36]}"#);
    expect(&j, |f| *f == Fault::MissingRadius, "radius_m");
    let j = with_footprint(point).replace("[0, 10]", "[10, 0]");
    expect(&j, |f| matches!(f, Fault::AltitudeInverted { .. }), "altitude");
    let j = with_footprint(point).replace("01:00:00Z", "00:00:00Z");
    expect(&j, |f| *f == Fault::EndNotAfterStart, "end is not after start");
    let j = with_footprint(point).replace("T01:00:00Z", "T01:00:00");
    expect(&j, |f| matches!(f, Fault::Schema(_)), "SY-X-1");
    let j = with_footprint(point).replace("\"SY\"", "\"syria\"");
    expect(&j, |f| matches!(f, Fault::BadParty(_)), "party code");
    let j = with_footprint(point).replace("\"other\"", "\"picnic\"");
    expect(&j, |f| matches!(f, Fault::Schema(_)), "picnic");
    let j = with_footprint(r#"{"type": "Polygon", "coordinates": [[[36,0],[36.1,0],[36.2,0],[36,0]]]}"#);
    expect(&j, |f| matches!(f, Fault::SelfIntersectingRing { .. }), "self-intersecting");
    let j = with_footprint(
        r#"{"type": "Polygon", "coordinates": [[[36,36],[37,36],[37,37],[36,37],[36,36]], [[38,38],[38.1,38],[38.1,38.1],[38,38]]]}"#,
    );
    expect(&j, |f| matches!(f, Fault::HoleOutsideShell { .. }), "hole outside");
    let j = with_footprint(
        r#"{"type": "Polygon", "coordinates": [[[36,36],[37,36],[37,37],[36,37],[36,36]], [[36.5,36.5],[37.5,36.5],[37.5,36.6],[36.5,36.5]]]}"#,
    );
    expect(&j, |f| matches!(f, Fault::RingsCross { .. }), "cross");
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 36], "radius_m": -1}"#);
    expect(&j, |f| matches!(f, Fault::Negative { .. }), "negative");
    let j = with_footprint(r#"{"type": "Point", "coordinates": [36, 36, 1, 2], "radius_m": 1}"#);
    expect(&j, |f| matches!(f, Fault::BadPosition { len: 4 }), "position");
    let j = with_footprint(r#"{"type": "Point", "coordinates": [181, 36], "radius_m": 1}"#);
    expect(&j, |f| matches!(f, Fault::LongitudeOutOfRange { .. }), "longitude");
}

#[test]
fn ndjson_errors_carry_line_numbers() {
    let good = with_footprint(r#"{"type": "Point", "coordinates": [36, 36], "radius_m": 10}"#).replace('\n', "");
    let bad = with_footprint(r#"{"type": "Point", "coordinates": [36, 95], "radius_m": 10}"#)
        .replace('\n', "")
        .replace("SY-X-1", "SY-X-2");
    let text = format!("{good}\n\n{bad}\n");
    let e = parse_activities(&text).unwrap_err();
    assert!(matches!(e, DeconError::AtLine { line: 3, .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.starts_with("line 3: activity SY-X-2: latitude 95"), "{msg}");
    let e = parse_activities("{not json\n").unwrap_err();
    assert!(e.to_string().starts_with("line 1: activity ?"), "{e}");
}

#[test]
fn large_rings_validate_quickly_and_exactly() {
    // A 20,000-vertex circle-like ring is valid...
    let n = 20_000;
    let mut pts: Vec<String> = (0..n)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / n as f64;
            format!("[{},{}]", 36.0 + 0.5 * t.cos(), 36.0 + 0.4 * t.sin())
        })
        .collect();
    pts.push(pts[0].clone());
    let ring = pts.join(",");
    let j = with_footprint(&format!(r#"{{"type": "Polygon", "coordinates": [[{ring}]]}}"#));
    let t = std::time::Instant::now();
    assert!(Activity::from_json(&j).is_ok());
    assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
    // ...and swapping two distant vertices makes it cross itself.
    pts.swap(100, 10_100);
    let ring = pts.join(",");
    let j = with_footprint(&format!(r#"{{"type": "Polygon", "coordinates": [[{ring}]]}}"#));
    expect(&j, |f| matches!(f, Fault::SelfIntersectingRing { .. }), "self-intersecting");
}

#[test]
fn a_literal_nan_names_the_activity_and_a_bad_time_names_its_field() {
    // A literal NaN is not JSON; the fault still names the activity.
    let nan = with_footprint(r#"{"type": "Point", "coordinates": [36, NaN], "radius_m": 10}"#);
    let e = Activity::from_json(&nan).unwrap_err().to_string();
    assert!(e.contains("SY-X-1"), "{e}");
    // A time that is not RFC 3339 names `start` (or `end`), once.
    let good = with_footprint(r#"{"type": "Point", "coordinates": [36, 36], "radius_m": 10}"#);
    let start = good.replacen(r#""start": ""#, r#""start": "2027-03-01 06:00"#, 1);
    assert_ne!(start, good, "the fixture has a start");
    let e = Activity::from_json(&start).unwrap_err().to_string();
    assert!(e.contains("start: ") && !e.contains("component"), "{e}");
    assert_eq!(e.matches("start").count(), 1, "{e}");
}
