//! No panics on any input: arbitrary numbers (NaN, infinities, extremes,
//! poles, the antimeridian, repeated points) and arbitrary text.

use ittifaq_decon::{Activity, ActivityRecord, Engine, GeoJson, Kind, conflict};
use proptest::prelude::*;
use time::macros::datetime;

fn num() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -180.0f64..180.0,
        2 => -90.0f64..90.0,
        1 => prop::sample::select(vec![
            0.0, -0.0, 90.0, -90.0, 180.0, -180.0, 179.9999999, 1e-300, 1e308, -1e308,
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 36.0, 36.0000001,
        ]),
    ]
}

/// Positions on a coarse lattice: many repeats, collinear runs, touching
/// rings, the poles and the antimeridian.
fn lattice() -> impl Strategy<Value = Vec<f64>> {
    (
        prop::sample::select(vec![179.9, 180.0, -180.0, -179.9, 36.0, 36.1, 36.2]),
        prop::sample::select(vec![89.9, 90.0, 0.0, 36.0, 36.1, 36.2, -90.0]),
    )
        .prop_map(|(a, b)| vec![a, b])
}

fn pos() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        8 => lattice(),
        8 => (num(), num()).prop_map(|(a, b)| vec![a, b]),
        1 => prop::collection::vec(num(), 0..5),
    ]
}

fn ring() -> impl Strategy<Value = Vec<Vec<f64>>> {
    (prop::collection::vec(pos(), 0..8), any::<bool>()).prop_map(|(mut r, close)| {
        if close && !r.is_empty() {
            r.push(r[0].clone());
        }
        r
    })
}

fn footprint() -> impl Strategy<Value = GeoJson> {
    prop_oneof![
        (pos(), prop::option::of(num()))
            .prop_map(|(c, r)| GeoJson::Point { coordinates: c, radius_m: r.map(f64::abs) }),
        prop::collection::vec(pos(), 0..8).prop_map(|c| GeoJson::LineString { coordinates: c }),
        prop::collection::vec(ring(), 0..3).prop_map(|c| GeoJson::Polygon { coordinates: c }),
        prop::collection::vec(prop::collection::vec(ring(), 0..3), 0..3)
            .prop_map(|c| GeoJson::MultiPolygon { coordinates: c }),
    ]
}

fn record() -> impl Strategy<Value = ActivityRecord> {
    (
        footprint(),
        (num(), num()),
        prop::option::of(num()),
        prop::option::of(num()),
        prop::option::of(num()),
        prop::sample::select(vec!["TR", "SY", "IL"]),
        0i64..100_000,
        0i64..100_000,
    )
        .prop_map(|(fp, (lo, hi), sep, vsep, buf, party, s, d)| ActivityRecord {
            id: format!("{party}-{s}-{d}"),
            party: party.to_owned(),
            kind: Kind::Other,
            footprint: fp,
            altitude_m: [lo, hi],
            start: datetime!(2027-01-01 00:00 UTC) + time::Duration::seconds(s),
            end: datetime!(2027-01-01 00:00 UTC) + time::Duration::seconds(s + d),
            separation_m: sep,
            vertical_separation_m: vsep,
            time_buffer_s: buf,
        })
}

static VALID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[test]
fn some_arbitrary_records_are_valid() {
    arbitrary_records_never_panic();
    let n = VALID.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!("valid arbitrary records: {n}");
    assert!(n > 100, "{n}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_records_never_panic(recs in prop::collection::vec(record(), 1..12)) {
        let mut e = Engine::new();
        let mut ok = Vec::new();
        for r in recs {
            if let Ok(a) = Activity::new(r) {
                let _ = a.record().footprint.to_shape();
                let _ = e.declare(a.clone());
                ok.push(a);
            }
        }
        for a in &ok {
            for b in &ok {
                prop_assert_eq!(conflict(a, b), conflict(b, a));
            }
            let _ = e.conflicts_of(a);
            let _ = e.query(a.shape(), a.start(), a.end());
        }
        let _ = e.all_conflicts();
        VALID.fetch_add(ok.len(), std::sync::atomic::Ordering::Relaxed);
        for a in &ok {
            let _ = e.amend(a.clone());
            let _ = e.cancel(a.id());
        }
        prop_assert!(e.is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = Activity::from_json(&s);
        let _ = ittifaq_decon::ndjson::parse_activities(&s);
        let _ = ittifaq_decon::ndjson::parse_conflicts(&s);
    }
}
