//! Deterministic realistic activities for tests and benchmarks.
//!
//! Activities lie over the Syria–Turkey border region (longitude 35–42.5,
//! latitude 32–37.5 by default) during 2027, with every footprint shape:
//! polygons (some with holes), multipolygons, routes and circles.

use time::{OffsetDateTime, UtcOffset};

use crate::geometry::EARTH_RADIUS_M;
use crate::model::{Activity, ActivityRecord, GeoJson, Kind};

/// The splitmix64 generator: tiny, fast, deterministic.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Where and when generated activities fall, and how large they are.
#[derive(Debug, Clone, PartialEq)]
pub struct GenConfig {
    pub lon: (f64, f64),
    pub lat: (f64, f64),
    /// Unix time (seconds) of the earliest start.
    pub start_s: i64,
    /// Length of the period in which starts fall, seconds.
    pub span_s: i64,
    /// Multiplies every footprint size and separation.
    pub size_scale: f64,
    /// Multiplies every duration.
    pub duration_scale: f64,
}

impl Default for GenConfig {
    fn default() -> GenConfig {
        GenConfig {
            lon: (35.0, 42.5),
            lat: (32.0, 37.5),
            start_s: 1_798_761_600, // 2027-01-01T00:00:00Z
            span_s: 365 * 86_400,
            size_scale: 1.0,
            duration_scale: 1.0,
        }
    }
}

/// `count` activities over the default region, deterministic for `seed`.
pub fn generate(count: usize, seed: u64) -> Vec<Activity> {
    generate_with(&GenConfig::default(), count, seed)
}

/// `count` activities per `cfg`, deterministic for `seed`.
pub fn generate_with(cfg: &GenConfig, count: usize, seed: u64) -> Vec<Activity> {
    let mut rng = SplitMix64(seed ^ 0x1771_FA90_0000_0001);
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        // A generated shape is valid almost always; retry the rare failure.
        for _ in 0..64 {
            let rec = record(cfg, &mut rng, n);
            if let Ok(a) = Activity::new(rec) {
                out.push(a);
                break;
            }
        }
    }
    out
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Position `(dx, dy)` metres east and north of `(lon, lat)`, rounded to 1e-6°.
fn offset(lon: f64, lat: f64, dx: f64, dy: f64) -> Vec<f64> {
    let dlat = (dy / EARTH_RADIUS_M).to_degrees();
    let dlon = (dx / (EARTH_RADIUS_M * lat.to_radians().cos())).to_degrees();
    let lon = (lon + dlon + 180.0).rem_euclid(360.0) - 180.0;
    vec![round6(lon), round6(lat + dlat)]
}

/// A star-shaped (hence simple) ring around the centre, closed.
fn star_ring(rng: &mut SplitMix64, lon: f64, lat: f64, size: f64, holes: bool) -> Vec<Vec<Vec<f64>>> {
    let k = 3 + rng.below(8) as usize;
    let step = std::f64::consts::TAU / k as f64;
    let phase = rng.range(0.0, step);
    let mut min_r = f64::INFINITY;
    let mut shell = Vec::with_capacity(k + 1);
    for i in 0..k {
        let th = phase + step * i as f64 + rng.range(-0.3, 0.3) * step;
        let r = size * rng.range(0.5, 1.0);
        min_r = min_r.min(r);
        shell.push(offset(lon, lat, r * th.cos(), r * th.sin()));
    }
    shell.push(shell[0].clone());
    let mut rings = vec![shell];
    if holes && rng.chance(0.25) {
        // A small pentagon well inside the inner radius (clockwise).
        let r = min_r * 0.3 * step.cos().max(0.2);
        let mut hole: Vec<Vec<f64>> = (0..5)
            .map(|i| {
                let th = -std::f64::consts::TAU * i as f64 / 5.0;
                offset(lon, lat, r * th.cos(), r * th.sin())
            })
            .collect();
        hole.push(hole[0].clone());
        rings.push(hole);
    }
    rings
}

fn route(rng: &mut SplitMix64, lon: f64, lat: f64, length: f64) -> Vec<Vec<f64>> {
    let legs = 1 + rng.below(9) as usize;
    let mut heading = rng.range(0.0, std::f64::consts::TAU);
    let (mut x, mut y) = (0.0, 0.0);
    let mut pts = vec![offset(lon, lat, 0.0, 0.0)];
    for _ in 0..legs {
        let l = length / legs as f64 * rng.range(0.5, 1.5);
        heading += rng.range(-0.7, 0.7);
        x += l * heading.cos();
        y += l * heading.sin();
        pts.push(offset(lon, lat, x, y));
    }
    pts
}

fn record(cfg: &GenConfig, rng: &mut SplitMix64, n: usize) -> ActivityRecord {
    let party = match rng.below(20) {
        0..=8 => "TR",
        9..=17 => "SY",
        _ => "IL",
    };
    let kind = Kind::ALL[rng.below(6) as usize];
    let lon = rng.range(cfg.lon.0, cfg.lon.1);
    let lat = rng.range(cfg.lat.0, cfg.lat.1);
    let sc = cfg.size_scale;
    let hours = |rng: &mut SplitMix64, lo: f64, hi: f64| rng.range(lo, hi) * 3600.0;
    let (code, footprint, alt, sep, vsep, buf, dur) = match kind {
        Kind::Exercise => {
            let size = rng.range(2_000.0, 15_000.0) * sc;
            let fp = if rng.chance(0.2) {
                let a = star_ring(rng, lon, lat, size, true);
                let c2 = offset(lon, lat, 3.5 * size, rng.range(-size, size));
                let b = star_ring(rng, c2[0], c2[1], size, true);
                GeoJson::MultiPolygon { coordinates: vec![a, b] }
            } else {
                GeoJson::Polygon { coordinates: star_ring(rng, lon, lat, size, true) }
            };
            let hi = [0.0, 500.0, 3000.0][rng.below(3) as usize];
            let sep = [0.0, 1000.0, 2000.0, 3000.0][rng.below(4) as usize];
            let buf = [0.0, 900.0, 1800.0][rng.below(3) as usize];
            let d = hours(rng, 4.0, 72.0);
            ("EX", fp, [0.0, hi], sep, 300.0, buf, d)
        }
        Kind::Flight => {
            let fp = if rng.chance(0.6) {
                let len = rng.range(20_000.0, 80_000.0) * sc;
                GeoJson::LineString { coordinates: route(rng, lon, lat, len) }
            } else {
                GeoJson::Point {
                    coordinates: offset(lon, lat, 0.0, 0.0),
                    radius_m: Some((rng.range(5_000.0, 25_000.0) * sc).round()),
                }
            };
            let lo = (rng.range(300.0, 6000.0) / 100.0).round() * 100.0;
            let hi = lo + (rng.range(300.0, 3000.0) / 100.0).round() * 100.0;
            let d = hours(rng, 1.0, 6.0);
            ("FL", fp, [lo, hi], 5000.0 * sc.min(1.0), 300.0, 600.0, d)
        }
        Kind::Demining => {
            let size = rng.range(200.0, 2000.0) * sc;
            let fp = GeoJson::Polygon { coordinates: star_ring(rng, lon, lat, size, false) };
            let sep = [0.0, 100.0, 200.0][rng.below(3) as usize];
            let d = hours(rng, 8.0, 240.0);
            ("DM", fp, [0.0, 0.0], sep, 0.0, 0.0, d)
        }
        Kind::Convoy => {
            let len = rng.range(10_000.0, 100_000.0) * sc;
            let fp = GeoJson::LineString { coordinates: route(rng, lon, lat, len) };
            let sep = [0.0, 250.0, 500.0][rng.below(3) as usize];
            let buf = [0.0, 600.0][rng.below(2) as usize];
            let d = hours(rng, 2.0, 12.0);
            ("CV", fp, [0.0, 0.0], sep, 0.0, buf, d)
        }
        Kind::Firing => {
            let fp = GeoJson::Point {
                coordinates: offset(lon, lat, 0.0, 0.0),
                radius_m: Some((rng.range(1_000.0, 15_000.0) * sc).round()),
            };
            let hi = [2000.0, 8000.0, 15000.0][rng.below(3) as usize];
            let sep = [500.0, 1000.0, 3000.0][rng.below(3) as usize];
            let d = hours(rng, 1.0, 10.0);
            ("FR", fp, [0.0, hi], sep, 500.0, 900.0, d)
        }
        Kind::Other => {
            let fp = if rng.chance(0.5) {
                GeoJson::Point {
                    coordinates: offset(lon, lat, 0.0, 0.0),
                    radius_m: Some((rng.range(0.0, 3_000.0) * sc).round()),
                }
            } else {
                let size = rng.range(500.0, 5_000.0) * sc;
                GeoJson::Polygon { coordinates: star_ring(rng, lon, lat, size, true) }
            };
            let d = hours(rng, 1.0, 48.0);
            ("OT", fp, [0.0, 100.0], 0.0, 0.0, 0.0, d)
        }
    };
    let sep = sep * sc;
    let start_s = cfg.start_s + (rng.below(cfg.span_s.max(1) as u64 / 60) as i64) * 60;
    let dur_s = ((dur * cfg.duration_scale / 60.0).round().max(1.0) as i64) * 60;
    let to_time = |s: i64| OffsetDateTime::from_unix_timestamp(s).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let zone = if rng.chance(0.3) { UtcOffset::from_hms(3, 0, 0).unwrap_or(UtcOffset::UTC) } else { UtcOffset::UTC };
    let opt = |v: f64| (v > 0.0).then_some(v);
    ActivityRecord {
        id: format!("{party}-{code}-2027-{n:06}"),
        party: party.to_owned(),
        kind,
        footprint,
        altitude_m: alt,
        start: to_time(start_s).to_offset(zone),
        end: to_time(start_s + dur_s).to_offset(zone),
        separation_m: opt(sep),
        vertical_separation_m: opt(vsep),
        time_buffer_s: opt(buf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_complete() {
        let a = generate(500, 7);
        let b = generate(500, 7);
        assert_eq!(a.len(), 500);
        assert_eq!(a, b);
        let c = generate(500, 8);
        assert_ne!(a, c);
        for k in Kind::ALL {
            assert!(a.iter().any(|x| x.kind() == k));
        }
        assert!(a.iter().any(|x| x.party() == "IL"));
        assert!(a.iter().any(|x| matches!(x.record().footprint, GeoJson::MultiPolygon { .. })));
        assert!(a.iter().any(|x| matches!(
            &x.record().footprint,
            GeoJson::Polygon { coordinates } if coordinates.len() > 1
        )));
    }

    #[test]
    fn serde_roundtrip() {
        for a in generate(50, 4) {
            let text = serde_json::to_string(&a).unwrap();
            let back: Activity = serde_json::from_str(&text).unwrap();
            assert_eq!(back, a);
        }
        let bad = r#"{"id":"X-1","party":"SY","kind":"other","footprint":{"type":"Point","coordinates":[0,91],"radius_m":1},"altitude_m":[0,0],"start":"2027-01-01T00:00:00Z","end":"2027-01-01T01:00:00Z"}"#;
        let e = serde_json::from_str::<Activity>(bad).unwrap_err();
        assert!(e.to_string().contains("activity X-1: latitude 91"), "{e}");
    }

    #[test]
    fn roundtrip_json() {
        for a in generate(200, 3) {
            let back = Activity::from_json(&a.to_json()).unwrap();
            assert_eq!(back, a);
        }
    }
}
