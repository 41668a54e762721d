//! The engine against references: all pairs with the same exact predicates
//! but no index, haversine for circles, and planar predicates in the gnomonic
//! projection (where great-circle arcs are straight) for intersection.

use ittifaq_decon::generate::{GenConfig, generate_with};
use ittifaq_decon::geometry::{haversine_m, shape_distance_within};
use ittifaq_decon::{Activity, ActivityRecord, Conflict, EARTH_RADIUS_M, Engine, GeoJson, conflict};
use proptest::prelude::*;

pub fn brute_force(acts: &[Activity]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for i in 0..acts.len() {
        for j in i + 1..acts.len() {
            if let Some(c) = conflict(&acts[i], &acts[j]) {
                out.push(c);
            }
        }
    }
    ittifaq_decon::engine::sort_conflicts(&mut out);
    out
}

pub fn dense_config() -> GenConfig {
    GenConfig { lon: (36.0, 36.6), lat: (36.0, 36.5), span_s: 86_400, size_scale: 0.3, ..GenConfig::default() }
}

fn engine_of(acts: &[Activity]) -> Engine {
    let mut e = Engine::new();
    for a in acts {
        e.declare(a.clone()).unwrap();
    }
    e
}

fn check_engine_matches(acts: &[Activity]) -> usize {
    let e = engine_of(acts);
    let all = e.all_conflicts();
    let reference = brute_force(acts);
    assert_eq!(all.len(), reference.len());
    assert_eq!(all, reference);
    for c in &all {
        assert!(c.a < c.b);
        let (a, b) = (e.get(&c.a).unwrap(), e.get(&c.b).unwrap());
        assert_ne!(a.party(), b.party(), "same party conflict");
    }
    all.len()
}

#[test]
fn default_region_engine_equals_brute_force() {
    let acts = generate_with(&GenConfig { span_s: 30 * 86_400, ..GenConfig::default() }, 3000, 11);
    let n = check_engine_matches(&acts);
    assert!(n > 50, "too few conflicts to be a test: {n}");
}

#[test]
fn antimeridian_and_pole_engine_equals_brute_force() {
    for (lon, lat) in [((179.6, 180.4), (-10.0, -9.5)), ((-180.0, 180.0), (88.8, 89.4))] {
        let cfg = GenConfig { lon, lat, ..dense_config() };
        let acts = generate_with(&cfg, 300, 5);
        assert!(acts.len() > 250);
        let n = check_engine_matches(&acts);
        assert!(n > 10, "{n}");
    }
    // Some footprints really straddle the antimeridian.
    let cfg = GenConfig { lon: (179.9, 180.1), lat: (0.0, 0.1), ..dense_config() };
    let acts = generate_with(&cfg, 100, 1);
    let straddle = acts.iter().filter(|a| {
        let j = a.to_json();
        j.contains("179.") && j.contains("-179.")
    });
    assert!(straddle.count() > 5);
    check_engine_matches(&acts);
}

fn boundary_ok(true_d: f64, sep: f64) -> bool {
    (true_d - sep).abs() <= (0.001 * sep).max(1.0)
}

fn lonlat(a: &Activity) -> (f64, f64, f64) {
    match &a.record().footprint {
        GeoJson::Point { coordinates, radius_m } => (coordinates[0], coordinates[1], radius_m.unwrap()),
        _ => unreachable!(),
    }
}

fn circle(id: usize, party: &str, lon: f64, lat: f64, r: f64, sep: f64, t: (i64, i64)) -> Activity {
    let json = format!(
        r#"{{"id": "{party}-C-{id}", "party": "{party}", "kind": "firing",
        "footprint": {{"type": "Point", "coordinates": [{lon}, {lat}], "radius_m": {r}}},
        "altitude_m": [0, 100], "start": "{}", "end": "{}", "separation_m": {sep}}}"#,
        time::OffsetDateTime::from_unix_timestamp(1_800_000_000 + t.0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
        time::OffsetDateTime::from_unix_timestamp(1_800_000_000 + t.1)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
    );
    Activity::from_json(&json).unwrap()
}

prop_compose! {
    fn circles(n: usize, spread: f64)(v in prop::collection::vec(
        (0u8..3, -1.0f64..1.0, -1.0f64..1.0, 0.0f64..3000.0, prop::sample::select(vec![0.0, 0.0, 500.0, 2000.0]),
         0i64..20, 1i64..10), n),
        lon0 in -180.0f64..180.0, lat0 in -80.0f64..80.0) -> Vec<Activity> {
        v.into_iter().enumerate().map(|(k, (p, dx, dy, r, sep, t0, dt))| {
            let party = ["TR", "SY", "IL"][p as usize];
            let lon = (lon0 + dx * spread / lat0.to_radians().cos() + 180.0).rem_euclid(360.0) - 180.0;
            let lat = lat0 + dy * spread;
            circle(k, party, (lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6, r.round(), sep, (t0 * 3600, (t0 + dt) * 3600))
        }).collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Circles against haversine: exact except within the contract's
    /// boundary tolerance.
    #[test]
    fn circles_match_haversine(acts in circles(60, 0.05)) {
        let e = engine_of(&acts);
        let all = e.all_conflicts();
        prop_assert_eq!(&all, &brute_force(&acts));
        let found: std::collections::HashMap<(String, String), f64> =
            all.iter().map(|c| ((c.a.clone(), c.b.clone()), c.distance_m)).collect();
        for i in 0..acts.len() {
            for j in i + 1..acts.len() {
                let (a, b) = (&acts[i], &acts[j]);
                let key = if a.id() < b.id() { (a.id().to_owned(), b.id().to_owned()) } else { (b.id().to_owned(), a.id().to_owned()) };
                let (lo1, la1, r1) = lonlat(a);
                let (lo2, la2, r2) = lonlat(b);
                let true_d = (haversine_m(lo1, la1, lo2, la2) - r1 - r2).max(0.0);
                let sep = a.separation_m().max(b.separation_m());
                let time_ok = a.start_ns().max(b.start_ns()) < a.end_ns().min(b.end_ns());
                let expected = a.party() != b.party() && time_ok && (true_d == 0.0 || true_d < sep);
                let got = found.get(&key);
                if let Some(d) = got {
                    prop_assert!((d - true_d).abs() < 0.01 + true_d * 1e-9, "distance {} vs haversine {}", d, true_d);
                }
                if got.is_some() != expected {
                    prop_assert!(boundary_ok(true_d, sep), "pair {:?}: engine {} reference {} at {} m, sep {}", key, got.is_some(), expected, true_d, sep);
                }
            }
        }
    }

    /// Every shape: engine (index) equals all pairs (no index), results are
    /// symmetric, never between one party's own activities.
    #[test]
    fn engine_equals_brute_force_all_shapes(seed in any::<u64>(), n in 20usize..200) {
        let acts = generate_with(&dense_config(), n, seed);
        check_engine_matches(&acts);
        for a in &acts {
            for b in &acts {
                prop_assert_eq!(conflict(a, b), conflict(b, a));
                if a.party() == b.party() {
                    prop_assert!(conflict(a, b).is_none());
                }
            }
        }
    }

    /// Polygons and routes against planar predicates in the gnomonic
    /// projection, with no separation: "share a point".
    #[test]
    fn intersections_match_gnomonic(seed in any::<u64>(), n in 20usize..150) {
        let acts: Vec<Activity> = generate_with(&dense_config(), n, seed)
            .into_iter()
            .filter(|a| !matches!(a.record().footprint, GeoJson::Point { .. }))
            .map(|a| {
                let rec = ActivityRecord { separation_m: None, ..a.record().clone() };
                Activity::new(rec).unwrap()
            })
            .collect();
        let e = engine_of(&acts);
        let all = e.all_conflicts();
        let found: std::collections::HashSet<(String, String)> =
            all.iter().map(|c| (c.a.clone(), c.b.clone())).collect();
        for i in 0..acts.len() {
            for j in i + 1..acts.len() {
                let (a, b) = (&acts[i], &acts[j]);
                let t = conflict_ignoring_ground(a, b);
                let expected = t && gnomonic::intersects(&a.record().footprint, &b.record().footprint);
                let key = if a.id() < b.id() { (a.id().to_owned(), b.id().to_owned()) } else { (b.id().to_owned(), a.id().to_owned()) };
                let got = found.contains(&key);
                if got != expected {
                    let d = shape_distance_within(a.shape(), b.shape(), f64::INFINITY).unwrap() * EARTH_RADIUS_M;
                    prop_assert!(d < 1.0, "pair {:?}: engine {} gnomonic {} distance {}", key, got, expected, d);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Circles against routes and polygons with separations, against an
    /// independent reference: bearings and cross-track distance in
    /// latitude/longitude trigonometry, containment in the gnomonic projection.
    #[test]
    fn circles_vs_routes_and_polygons_match_cross_track(seed in any::<u64>(), n in 20usize..150) {
        let acts = generate_with(&dense_config(), n, seed);
        let e = engine_of(&acts);
        let found: std::collections::HashMap<(String, String), f64> = e
            .all_conflicts()
            .into_iter()
            .map(|c| ((c.a, c.b), c.distance_m))
            .collect();
        let mut checked = 0;
        for c in &acts {
            let GeoJson::Point { coordinates, radius_m } = &c.record().footprint else { continue };
            let (lon, lat, r) = (coordinates[0], coordinates[1], radius_m.unwrap());
            for o in &acts {
                if matches!(o.record().footprint, GeoJson::Point { .. }) {
                    continue;
                }
                let to_shape = cross_track::point_to_footprint_m(lon, lat, &o.record().footprint);
                let true_d = (to_shape - r).max(0.0);
                let sep = c.separation_m().max(o.separation_m());
                let expected = conflict_ignoring_ground(c, o) && (true_d == 0.0 || true_d < sep);
                let key = if c.id() < o.id() { (c.id().to_owned(), o.id().to_owned()) } else { (o.id().to_owned(), c.id().to_owned()) };
                let got = found.get(&key);
                if let Some(d) = got {
                    prop_assert!((d - true_d).abs() < 0.5, "{:?}: distance {} vs reference {}", key, d, true_d);
                }
                if got.is_some() != expected {
                    prop_assert!(boundary_ok(true_d, sep), "{:?}: engine {} reference {} at {} m, sep {}", key, got.is_some(), expected, true_d, sep);
                }
                checked += 1;
            }
        }
        prop_assert!(checked > 0 || n < 40);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Routes and polygons with their separations: reference distance is 0
    /// when the gnomonic predicates say they share a point, else the least
    /// cross-track distance from any vertex of one to any edge of the other.
    #[test]
    fn routes_and_polygons_match_reference_with_separation(seed in any::<u64>(), n in 20usize..120) {
        let acts: Vec<Activity> = generate_with(&dense_config(), n, seed)
            .into_iter()
            .filter(|a| !matches!(a.record().footprint, GeoJson::Point { .. }))
            .collect();
        let e = engine_of(&acts);
        let found: std::collections::HashMap<(String, String), f64> = e
            .all_conflicts()
            .into_iter()
            .map(|c| ((c.a, c.b), c.distance_m))
            .collect();
        for i in 0..acts.len() {
            for j in i + 1..acts.len() {
                let (a, b) = (&acts[i], &acts[j]);
                if !conflict_ignoring_ground(a, b) {
                    continue;
                }
                let (fa, fb) = (&a.record().footprint, &b.record().footprint);
                let true_d = if gnomonic::intersects(fa, fb) {
                    0.0
                } else {
                    cross_track::vertices_to_edges_m(fa, fb).min(cross_track::vertices_to_edges_m(fb, fa))
                };
                let sep = a.separation_m().max(b.separation_m());
                let expected = true_d == 0.0 || true_d < sep;
                let key = if a.id() < b.id() { (a.id().to_owned(), b.id().to_owned()) } else { (b.id().to_owned(), a.id().to_owned()) };
                let got = found.get(&key);
                if let Some(d) = got {
                    prop_assert!((d - true_d).abs() < 0.5, "{:?}: distance {} vs reference {}", key, d, true_d);
                }
                if got.is_some() != expected {
                    prop_assert!(boundary_ok(true_d, sep), "{:?}: engine {} reference {} at {} m, sep {}", key, got.is_some(), expected, true_d, sep);
                }
            }
        }
    }
}

mod cross_track {
    //! Point-to-footprint distance by the classic navigation formulas
    //! (bearing, cross-track and along-track distance), in degrees of
    //! latitude and longitude, and gnomonic containment.
    use ittifaq_decon::{EARTH_RADIUS_M, GeoJson};

    fn ang(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
        ittifaq_decon::geometry::haversine_m(lon1, lat1, lon2, lat2) / EARTH_RADIUS_M
    }

    fn bearing(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dl = (lon2 - lon1).to_radians();
        (dl.sin() * p2.cos()).atan2(p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos())
    }

    /// Metres from point 3 to the great-circle segment 1–2.
    fn to_segment(p1: &[f64], p2: &[f64], lon: f64, lat: f64) -> f64 {
        let d13 = ang(p1[0], p1[1], lon, lat);
        let d12 = ang(p1[0], p1[1], p2[0], p2[1]);
        let to_end = ang(p2[0], p2[1], lon, lat);
        if d12 == 0.0 {
            return d13 * EARTH_RADIUS_M;
        }
        let t13 = bearing(p1[0], p1[1], lon, lat);
        let t12 = bearing(p1[0], p1[1], p2[0], p2[1]);
        let dxt = (d13.sin() * (t13 - t12).sin()).asin();
        let best_end = d13.min(to_end);
        if (t13 - t12).cos() < 0.0 {
            return best_end * EARTH_RADIUS_M; // behind the start
        }
        let dat = (d13.cos() / dxt.cos()).clamp(-1.0, 1.0).acos();
        if dat > d12 {
            return best_end * EARTH_RADIUS_M;
        }
        dxt.abs().min(best_end) * EARTH_RADIUS_M
    }

    fn chain_min(pts: &[Vec<f64>], lon: f64, lat: f64) -> f64 {
        pts.windows(2).map(|w| to_segment(&w[0], &w[1], lon, lat)).fold(f64::INFINITY, f64::min)
    }

    fn vertices(g: &GeoJson) -> Vec<&Vec<f64>> {
        match g {
            GeoJson::LineString { coordinates } => coordinates.iter().collect(),
            GeoJson::Polygon { coordinates } => coordinates.iter().flatten().collect(),
            GeoJson::MultiPolygon { coordinates } => coordinates.iter().flatten().flatten().collect(),
            GeoJson::Point { coordinates, .. } => vec![coordinates],
        }
    }

    fn boundary_distance_m(lon: f64, lat: f64, g: &GeoJson) -> f64 {
        match g {
            GeoJson::LineString { coordinates } if coordinates.len() == 1 => {
                ang(coordinates[0][0], coordinates[0][1], lon, lat) * EARTH_RADIUS_M
            }
            GeoJson::LineString { coordinates } => chain_min(coordinates, lon, lat),
            GeoJson::Polygon { coordinates } => {
                coordinates.iter().map(|r| chain_min(r, lon, lat)).fold(f64::INFINITY, f64::min)
            }
            GeoJson::MultiPolygon { coordinates } => {
                coordinates.iter().flatten().map(|r| chain_min(r, lon, lat)).fold(f64::INFINITY, f64::min)
            }
            GeoJson::Point { .. } => unreachable!(),
        }
    }

    /// Least distance from any vertex of `a` to the boundary (edges) of `b`.
    pub fn vertices_to_edges_m(a: &GeoJson, b: &GeoJson) -> f64 {
        vertices(a).into_iter().map(|p| boundary_distance_m(p[0], p[1], b)).fold(f64::INFINITY, f64::min)
    }

    pub fn point_to_footprint_m(lon: f64, lat: f64, g: &GeoJson) -> f64 {
        let polys: Vec<&Vec<Vec<Vec<f64>>>> = match g {
            GeoJson::LineString { coordinates } => {
                return if coordinates.len() == 1 {
                    ang(coordinates[0][0], coordinates[0][1], lon, lat) * EARTH_RADIUS_M
                } else {
                    chain_min(coordinates, lon, lat)
                };
            }
            GeoJson::Polygon { coordinates } => vec![coordinates],
            GeoJson::MultiPolygon { coordinates } => coordinates.iter().collect(),
            GeoJson::Point { .. } => unreachable!(),
        };
        let inside = polys.iter().any(|rings| {
            super::gnomonic::in_rings(&rings[0], lon, lat)
                && !rings[1..].iter().any(|h| super::gnomonic::in_rings(h, lon, lat))
        });
        if inside {
            return 0.0;
        }
        polys.iter().flat_map(|rings| rings.iter()).map(|r| chain_min(r, lon, lat)).fold(f64::INFINITY, f64::min)
    }
}

/// Party, time and altitude rules only.
fn conflict_ignoring_ground(a: &Activity, b: &Activity) -> bool {
    let buf = a.time_buffer_ns().max(b.time_buffer_ns());
    let time = a.start_ns().max(b.start_ns()) - a.end_ns().min(b.end_ns()) < buf;
    let (al, ah) = a.altitude();
    let (bl, bh) = b.altitude();
    let (lo, hi) = (al.max(bl), ah.min(bh));
    let vsep = a.vertical_separation_m().max(b.vertical_separation_m());
    a.party() != b.party() && time && (lo <= hi || lo - hi < vsep)
}

mod gnomonic {
    //! Planar predicates after the gnomonic projection about (36.3°E, 36.25°N).
    use ittifaq_decon::GeoJson;

    type P = (f64, f64);

    fn project(pos: &[f64]) -> P {
        let (lon0, lat0) = (36.3f64.to_radians(), 36.25f64.to_radians());
        let (lon, lat) = (pos[0].to_radians(), pos[1].to_radians());
        let cosc = lat0.sin() * lat.sin() + lat0.cos() * lat.cos() * (lon - lon0).cos();
        let x = lat.cos() * (lon - lon0).sin() / cosc;
        let y = (lat0.cos() * lat.sin() - lat0.sin() * lat.cos() * (lon - lon0).cos()) / cosc;
        (x, y)
    }

    /// Rings (closed, first = last) of every polygon; or the route as one open chain.
    struct Parts {
        polys: Vec<Vec<Vec<P>>>,
        chain: Vec<P>,
    }

    fn parts(g: &GeoJson) -> Parts {
        let ring = |r: &Vec<Vec<f64>>| r.iter().map(|p| project(p)).collect::<Vec<P>>();
        match g {
            GeoJson::Polygon { coordinates } => {
                Parts { polys: vec![coordinates.iter().map(ring).collect()], chain: vec![] }
            }
            GeoJson::MultiPolygon { coordinates } => {
                Parts { polys: coordinates.iter().map(|p| p.iter().map(ring).collect()).collect(), chain: vec![] }
            }
            GeoJson::LineString { coordinates } => Parts { polys: vec![], chain: ring(coordinates) },
            GeoJson::Point { .. } => unreachable!(),
        }
    }

    fn orient(a: P, b: P, c: P) -> f64 {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    }

    fn on_segment(a: P, b: P, p: P) -> bool {
        p.0 >= a.0.min(b.0) && p.0 <= a.0.max(b.0) && p.1 >= a.1.min(b.1) && p.1 <= a.1.max(b.1)
    }

    fn seg_intersect(a: P, b: P, c: P, d: P) -> bool {
        let (d1, d2) = (orient(c, d, a), orient(c, d, b));
        let (d3, d4) = (orient(a, b, c), orient(a, b, d));
        if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0)) {
            return true;
        }
        (d1 == 0.0 && on_segment(c, d, a))
            || (d2 == 0.0 && on_segment(c, d, b))
            || (d3 == 0.0 && on_segment(a, b, c))
            || (d4 == 0.0 && on_segment(a, b, d))
    }

    fn in_ring(r: &[P], p: P) -> bool {
        let mut inside = false;
        for w in r.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                inside = !inside;
            }
        }
        inside
    }

    /// Whether (lon, lat) lies inside a closed ring given in degrees.
    pub fn in_rings(ring: &[Vec<f64>], lon: f64, lat: f64) -> bool {
        let r: Vec<P> = ring.iter().map(|p| project(p)).collect();
        in_ring(&r, project(&[lon, lat]))
    }

    fn in_area(x: &Parts, p: P) -> bool {
        x.polys.iter().any(|rings| in_ring(&rings[0], p) && !rings[1..].iter().any(|h| in_ring(h, p)))
    }

    fn segments(x: &Parts) -> Vec<(P, P)> {
        let mut out: Vec<(P, P)> = x.chain.windows(2).map(|w| (w[0], w[1])).collect();
        for rings in &x.polys {
            for r in rings {
                out.extend(r.windows(2).map(|w| (w[0], w[1])));
            }
        }
        out
    }

    fn firsts(x: &Parts) -> Vec<P> {
        let mut out: Vec<P> = x.chain.first().copied().into_iter().collect();
        for rings in &x.polys {
            out.extend(rings.iter().map(|r| r[0]));
        }
        out
    }

    pub fn intersects(a: &GeoJson, b: &GeoJson) -> bool {
        let (pa, pb) = (parts(a), parts(b));
        if firsts(&pa).into_iter().any(|p| in_area(&pb, p)) || firsts(&pb).into_iter().any(|p| in_area(&pa, p)) {
            return true;
        }
        let sb = segments(&pb);
        segments(&pa).iter().any(|&(a1, a2)| sb.iter().any(|&(b1, b2)| seg_intersect(a1, a2, b1, b2)))
    }
}

#[test]
fn property_data_is_dense_enough_to_matter() {
    let mut counts = Vec::new();
    for seed in 1..6 {
        let acts = generate_with(&dense_config(), 100, seed);
        let all = engine_of(&acts).all_conflicts();
        let zero = all.iter().filter(|c| c.distance_m == 0.0).count();
        counts.push((all.len(), zero));
    }
    eprintln!("dense conflicts (all, intersecting) per seed: {counts:?}");
    assert!(counts.iter().all(|&(n, z)| n >= 10 && z >= 3 && n > z));
}

#[test]
fn wide_entries_engine_equals_brute_force() {
    // Long windows (up to ~300 days) and big footprints land in the wide list.
    let cfg = GenConfig { span_s: 400 * 86_400, duration_scale: 100.0, size_scale: 3.0, ..dense_config() };
    let acts = generate_with(&cfg, 300, 17);
    let e = engine_of(&acts);
    assert!(e.wide_len() > 20, "{}", e.wide_len());
    assert!(e.wide_len() < acts.len());
    let n = check_engine_matches(&acts);
    assert!(n > 100, "{n}");
}
