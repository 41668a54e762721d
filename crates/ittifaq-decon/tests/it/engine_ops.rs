//! Declare, amend, cancel and query against brute force; time and altitude rules.

use ittifaq_decon::generate::{GenConfig, generate_with};
use ittifaq_decon::{Activity, ActivityRecord, DeconError, Engine, GeoJson, conflict};
use proptest::prelude::*;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::reference::{brute_force, dense_config};

fn sorted_conflicts_of(a: &Activity, others: &[Activity]) -> Vec<ittifaq_decon::Conflict> {
    let mut v: Vec<_> = others.iter().filter(|o| o.id() != a.id()).filter_map(|o| conflict(a, o)).collect();
    ittifaq_decon::engine::sort_conflicts(&mut v);
    v
}

#[derive(Debug, Clone)]
enum Op {
    Declare,
    Amend(usize),
    Cancel(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Declare),
        2 => any::<usize>().prop_map(Op::Amend),
        1 => any::<usize>().prop_map(Op::Cancel),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// After any sequence of declarations, amendments and cancellations the
    /// engine's conflicts equal brute force over what is live: nothing stale.
    #[test]
    fn amend_and_cancel_leave_no_stale_conflicts(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..120)) {
        let pool = generate_with(&dense_config(), 400, seed);
        let mut fresh = pool.into_iter();
        let mut live: Vec<Activity> = Vec::new();
        let mut e = Engine::new();
        for o in ops {
            match o {
                Op::Declare => {
                    let Some(a) = fresh.next() else { break };
                    let expected = sorted_conflicts_of(&a, &live);
                    prop_assert_eq!(e.declare(a.clone()).unwrap(), expected);
                    live.push(a);
                }
                Op::Amend(k) if !live.is_empty() => {
                    // Same id, another activity's footprint, window and rules.
                    let k = k % live.len();
                    let Some(donor) = fresh.next() else { break };
                    let rec = ActivityRecord { id: live[k].id().to_owned(), ..donor.record().clone() };
                    let a = Activity::new(rec).unwrap();
                    live[k] = a.clone();
                    let expected = sorted_conflicts_of(&a, &live);
                    prop_assert_eq!(e.amend(a).unwrap(), expected);
                }
                Op::Cancel(k) if !live.is_empty() => {
                    let k = k % live.len();
                    let gone = live.swap_remove(k);
                    prop_assert_eq!(e.cancel(gone.id()).unwrap(), gone.clone());
                    prop_assert!(e.get(gone.id()).is_none());
                    prop_assert!(e.all_conflicts().iter().all(|c| c.a != gone.id() && c.b != gone.id()));
                }
                _ => {}
            }
            prop_assert_eq!(e.len(), live.len());
        }
        prop_assert_eq!(e.all_conflicts(), brute_force(&live));
    }

    /// Region queries equal a scan of every activity.
    #[test]
    fn query_equals_scan(seed in any::<u64>(), qseed in any::<u64>()) {
        let acts = generate_with(&dense_config(), 150, seed);
        let mut e = Engine::new();
        for a in &acts {
            e.declare(a.clone()).unwrap();
        }
        for q in generate_with(&dense_config(), 5, qseed) {
            let (from, to) = (q.start(), q.end());
            let region = q.shape();
            let got = e.query(region, from, to);
            let mut expected: Vec<String> = acts
                .iter()
                .filter(|a| a.start() < to && from < a.end())
                .filter(|a| ittifaq_decon::geometry::shape_distance_within(region, a.shape(), 0.0).is_some())
                .map(|a| a.id().to_owned())
                .collect();
            expected.sort();
            prop_assert_eq!(got, expected);
        }
    }
}

fn base(id: &str, party: &str) -> ActivityRecord {
    ActivityRecord {
        id: id.to_owned(),
        party: party.to_owned(),
        kind: ittifaq_decon::Kind::Exercise,
        footprint: GeoJson::Point { coordinates: vec![36.0, 36.0], radius_m: Some(1000.0) },
        altitude_m: [0.0, 0.0],
        start: datetime!(2027-03-01 06:00 UTC),
        end: datetime!(2027-03-01 12:00 UTC),
        separation_m: None,
        vertical_separation_m: None,
        time_buffer_s: None,
    }
}

fn act(r: ActivityRecord) -> Activity {
    Activity::new(r).unwrap()
}

#[test]
fn touching_windows_do_not_conflict_without_buffer() {
    let a = base("TR-1", "TR");
    let b = ActivityRecord {
        start: datetime!(2027-03-01 12:00 UTC),
        end: datetime!(2027-03-01 13:00 UTC),
        ..base("SY-1", "SY")
    };
    assert!(conflict(&act(a.clone()), &act(b.clone())).is_none());
    // The same instant written in another zone still only touches.
    let b2 = ActivityRecord {
        start: datetime!(2027-03-01 15:00 +03:00),
        end: datetime!(2027-03-01 16:00 +03:00),
        ..b.clone()
    };
    assert!(conflict(&act(a.clone()), &act(b2)).is_none());
    // One second of overlap conflicts.
    let b3 = ActivityRecord { start: datetime!(2027-03-01 11:59:59 UTC), ..b.clone() };
    let c = conflict(&act(a.clone()), &act(b3)).unwrap();
    assert_eq!(c.overlap_start, datetime!(2027-03-01 11:59:59 UTC));
    assert_eq!(c.overlap_end, datetime!(2027-03-01 12:00 UTC));
    // A buffer: a gap of 600 s conflicts with a 601 s buffer, not with 600 s.
    let gap =
        ActivityRecord { start: datetime!(2027-03-01 12:10 UTC), end: datetime!(2027-03-01 13:00 UTC), ..b.clone() };
    let with = |s: f64| ActivityRecord { time_buffer_s: Some(s), ..a.clone() };
    assert!(conflict(&act(with(600.0)), &act(gap.clone())).is_none());
    let c = conflict(&act(with(601.0)), &act(gap.clone())).unwrap();
    // Reported as the gap between the windows.
    assert_eq!(c.overlap_start, datetime!(2027-03-01 12:00 UTC));
    assert_eq!(c.overlap_end, datetime!(2027-03-01 12:10 UTC));
    // Touching with any buffer conflicts.
    assert!(conflict(&act(with(1.0)), &act(b)).is_some());
}

#[test]
fn altitude_rules() {
    let a = base("TR-1", "TR"); // [0, 0]
    let b = |lo: f64, hi: f64, vsep: Option<f64>| ActivityRecord {
        altitude_m: [lo, hi],
        vertical_separation_m: vsep,
        ..base("SY-1", "SY")
    };
    // Two ground activities share height 0.
    assert!(conflict(&act(a.clone()), &act(b(0.0, 0.0, None))).is_some());
    assert!(conflict(&act(a.clone()), &act(b(300.0, 900.0, None))).is_none());
    assert!(conflict(&act(a.clone()), &act(b(300.0, 900.0, Some(300.0)))).is_none());
    assert!(conflict(&act(a.clone()), &act(b(300.0, 900.0, Some(300.5)))).is_some());
}

#[test]
fn same_party_never_conflicts_and_ids_are_unique() {
    let mut e = Engine::new();
    assert!(e.declare(act(base("TR-1", "TR"))).unwrap().is_empty());
    assert!(e.declare(act(base("TR-2", "TR"))).unwrap().is_empty());
    assert_eq!(e.declare(act(base("TR-2", "TR"))), Err(DeconError::Duplicate("TR-2".into())));
    assert_eq!(e.declare(act(base("SY-1", "SY"))).unwrap().len(), 2);
    assert_eq!(e.all_conflicts().len(), 2);
    assert_eq!(e.amend(act(base("XX-9", "SY"))), Err(DeconError::Unknown("XX-9".into())));
    assert!(matches!(e.cancel("nope"), Err(DeconError::Unknown(_))));
    // Amend SY-1 away in time: no conflicts remain.
    let later = ActivityRecord {
        start: datetime!(2027-04-01 06:00 UTC),
        end: datetime!(2027-04-01 07:00 UTC),
        ..base("SY-1", "SY")
    };
    assert!(e.amend(act(later)).unwrap().is_empty());
    assert!(e.all_conflicts().is_empty());
}

#[test]
fn separation_across_the_antimeridian() {
    // Two circles of 1 km, centres 0.03° of longitude apart on the equator
    // across 180°: gap ≈ 3335.8 − 2000 = 1335.8 m.
    let a = ActivityRecord {
        footprint: GeoJson::Point { coordinates: vec![179.985, 0.0], radius_m: Some(1000.0) },
        separation_m: Some(1400.0),
        ..base("TR-1", "TR")
    };
    let b = ActivityRecord {
        footprint: GeoJson::Point { coordinates: vec![-179.985, 0.0], radius_m: Some(1000.0) },
        ..base("SY-1", "SY")
    };
    let mut e = Engine::new();
    e.declare(act(a.clone())).unwrap();
    let cs = e.declare(act(b.clone())).unwrap();
    assert_eq!(cs.len(), 1);
    assert!((cs[0].distance_m - 1335.85).abs() < 0.5, "{}", cs[0].distance_m);
    let a2 = ActivityRecord { separation_m: Some(1300.0), ..a };
    assert!(e.amend(act(a2)).unwrap().is_empty());
    // A polygon straddling 180° contains a point on it.
    let poly = ActivityRecord {
        footprint: GeoJson::Polygon {
            coordinates: vec![vec![
                vec![179.9, -0.1],
                vec![-179.9, -0.1],
                vec![-179.9, 0.1],
                vec![179.9, 0.1],
                vec![179.9, -0.1],
            ]],
        },
        ..base("IL-1", "IL")
    };
    let cs = e.declare(act(poly)).unwrap();
    assert_eq!(cs.len(), 2);
    assert!(cs.iter().all(|c| c.distance_m == 0.0));
    let region = GeoJson::Point { coordinates: vec![180.0, 0.0], radius_m: Some(0.0) }.to_shape().unwrap();
    let ids = e.query(&region, datetime!(2027-03-01 00:00 UTC), datetime!(2027-03-02 00:00 UTC));
    assert_eq!(ids, vec!["IL-1".to_owned()]);
    let same = e
        .query_geojson(
            &GeoJson::Point { coordinates: vec![180.0, 0.0], radius_m: Some(0.0) },
            datetime!(2027-03-01 00:00 UTC),
            datetime!(2027-03-02 00:00 UTC),
        )
        .unwrap();
    assert_eq!(same, vec!["IL-1".to_owned()]);
    let bad = e.query_geojson(
        &GeoJson::Point { coordinates: vec![0.0, 100.0], radius_m: Some(0.0) },
        datetime!(2027-03-01 00:00 UTC),
        datetime!(2027-03-02 00:00 UTC),
    );
    assert!(bad.unwrap_err().to_string().contains("query region"));
    let none: Vec<String> = e.query(&region, datetime!(2027-03-01 12:00 UTC), datetime!(2027-03-02 00:00 UTC));
    assert!(none.is_empty());
}

#[test]
fn line_inside_polygon_hole_is_apart() {
    let poly = ActivityRecord {
        footprint: GeoJson::Polygon {
            coordinates: vec![
                vec![vec![36.0, 36.0], vec![37.0, 36.0], vec![37.0, 37.0], vec![36.0, 37.0], vec![36.0, 36.0]],
                vec![vec![36.2, 36.2], vec![36.2, 36.8], vec![36.8, 36.8], vec![36.8, 36.2], vec![36.2, 36.2]],
            ],
        },
        ..base("TR-1", "TR")
    };
    let line = |sep: f64| ActivityRecord {
        footprint: GeoJson::LineString { coordinates: vec![vec![36.4, 36.5], vec![36.6, 36.5]] },
        separation_m: Some(sep),
        ..base("SY-1", "SY")
    };
    // 0.2° of longitude at 36.5°N ≈ 17.87 km to the hole's east and west edges.
    let d_expected = 0.2f64.to_radians() * 36.5f64.to_radians().cos() * ittifaq_decon::EARTH_RADIUS_M;
    assert!(conflict(&act(poly.clone()), &act(line(17_000.0))).is_none());
    let c = conflict(&act(poly.clone()), &act(line(18_500.0))).unwrap();
    assert!((c.distance_m - d_expected).abs() < 30.0, "{} vs {d_expected}", c.distance_m);
    // A route crossing the shell shares a point.
    let cross = ActivityRecord {
        footprint: GeoJson::LineString { coordinates: vec![vec![35.5, 36.5], vec![36.1, 36.5]] },
        ..base("SY-2", "SY")
    };
    assert_eq!(conflict(&act(poly), &act(cross)).unwrap().distance_m, 0.0);
}

#[test]
fn declare_results_add_up_to_all_conflicts() {
    let acts = generate_with(&GenConfig { span_s: 10 * 86_400, ..GenConfig::default() }, 2000, 99);
    let mut e = Engine::new();
    let mut sum = Vec::new();
    for a in acts {
        sum.extend(e.declare(a).unwrap());
    }
    ittifaq_decon::engine::sort_conflicts(&mut sum);
    assert!(!sum.is_empty());
    assert_eq!(sum, e.all_conflicts());
    let _unused: Option<OffsetDateTime> = None;
}

#[test]
fn an_engine_loaded_without_conflict_checks_answers_as_one_built_by_declaring() {
    let acts = generate_with(&GenConfig { span_s: 10 * 86_400, ..GenConfig::default() }, 1500, 7);
    let (probes, acts) = acts.split_at(50);
    let mut declared = Engine::new();
    let mut loaded = Engine::new();
    for a in acts {
        declared.declare(a.clone()).unwrap();
        loaded.load(a.clone()).unwrap();
    }
    assert_eq!(loaded.len(), declared.len());
    let all = loaded.all_conflicts();
    assert!(!all.is_empty());
    assert_eq!(all, brute_force(acts));
    for p in probes {
        assert_eq!(loaded.conflicts_of(p), sorted_conflicts_of(p, acts), "{}", p.id());
    }
    assert!(matches!(loaded.load(acts[0].clone()), Err(DeconError::Duplicate(_))));
}
