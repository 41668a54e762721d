//! Activities as declared (GeoJSON, RFC 3339) and their validated internal form.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::DeconError;
use crate::geometry::{
    Cap, EARTH_RADIUS_M, Edge, Polygon, Ring, Shape, V3, arc_arc_distance, arcs_cross, point_arc_distance,
};

/// What kind of activity is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Exercise,
    Flight,
    Demining,
    Convoy,
    Firing,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Exercise, Kind::Flight, Kind::Demining, Kind::Convoy, Kind::Firing, Kind::Other];
}

/// A footprint in GeoJSON (WGS 84 longitude, latitude in degrees).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum GeoJson {
    /// A circle: centre position and `radius_m`.
    Point {
        coordinates: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radius_m: Option<f64>,
    },
    /// A route.
    LineString { coordinates: Vec<Vec<f64>> },
    /// A shell followed by holes; each ring closed.
    Polygon { coordinates: Vec<Vec<Vec<f64>>> },
    /// Several polygons.
    MultiPolygon { coordinates: Vec<Vec<Vec<Vec<f64>>>> },
}

/// One activity exactly as written in the NDJSON contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    pub id: String,
    pub party: String,
    pub kind: Kind,
    pub footprint: GeoJson,
    pub altitude_m: [f64; 2],
    #[serde(with = "start_time")]
    pub start: OffsetDateTime,
    #[serde(with = "end_time")]
    pub end: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separation_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vertical_separation_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_buffer_s: Option<f64>,
}

/// Which ring of which polygon a fault is in (polygon 0 for a `Polygon`;
/// ring 0 is the shell, later rings are holes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RingRef {
    pub polygon: usize,
    pub ring: usize,
}

impl fmt::Display for RingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ring == 0 {
            write!(f, "polygon {} shell", self.polygon)
        } else {
            write!(f, "polygon {} hole {}", self.polygon, self.ring)
        }
    }
}

/// What is wrong with an activity.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Not JSON, or not the contract's schema (unknown field, wrong type...).
    Schema(String),
    EmptyId,
    BadParty(String),
    /// A number that is NaN or infinite.
    NotFinite {
        field: &'static str,
    },
    /// A number that must not be negative.
    Negative {
        field: &'static str,
        value: f64,
    },
    LatitudeOutOfRange {
        lat: f64,
    },
    LongitudeOutOfRange {
        lon: f64,
    },
    /// A position that is not two or three numbers.
    BadPosition {
        len: usize,
    },
    /// A ring (or route) with too few positions.
    TooFewPositions {
        ring: Option<RingRef>,
        got: usize,
        need: usize,
    },
    UnclosedRing {
        ring: RingRef,
    },
    /// A ring whose distinct vertices do not span an area.
    DegenerateRing {
        ring: RingRef,
    },
    SelfIntersectingRing {
        ring: RingRef,
    },
    /// Two rings of one polygon cross each other.
    RingsCross {
        polygon: usize,
        a: usize,
        b: usize,
    },
    HoleOutsideShell {
        ring: RingRef,
    },
    /// A polygon without rings, a MultiPolygon without polygons.
    EmptyGeometry,

    /// A ring wider than 80° (it could not be told apart from its complement).
    FootprintTooLarge,
    /// A route edge between (nearly) antipodal positions: no unique great circle.
    AntipodalEdge,
    MissingRadius,
    AltitudeInverted {
        lo: f64,
        hi: f64,
    },
    EndNotAfterStart,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Schema(m) => write!(f, "invalid record: {m}"),
            Fault::EmptyId => write!(f, "empty id"),
            Fault::BadParty(p) => write!(f, "\"{p}\" is not a party code (two to four capital letters, such as TR)"),
            Fault::NotFinite { field } => write!(f, "{field} is not a finite number (NaN)"),
            Fault::Negative { field, value } => write!(f, "{field} is negative ({value})"),
            Fault::LatitudeOutOfRange { lat } => write!(f, "latitude {lat} outside ±90"),
            Fault::LongitudeOutOfRange { lon } => write!(f, "longitude {lon} outside ±180"),
            Fault::BadPosition { len } => {
                write!(f, "a position has {len} numbers, expected 2 or 3")
            }
            Fault::TooFewPositions { ring, got, need } => match ring {
                Some(r) => write!(f, "{r}: ring has {got} positions, fewer than {need}"),
                None => write!(f, "route has {got} positions, fewer than {need}"),
            },
            Fault::UnclosedRing { ring } => {
                write!(f, "{ring}: unclosed ring (first and last positions differ)")
            }
            Fault::DegenerateRing { ring } => write!(f, "{ring}: ring encloses no area"),
            Fault::SelfIntersectingRing { ring } => write!(f, "{ring}: self-intersecting ring"),
            Fault::RingsCross { polygon, a, b } => {
                write!(f, "polygon {polygon}: rings {a} and {b} cross")
            }
            Fault::HoleOutsideShell { ring } => write!(f, "{ring}: hole outside the shell"),
            Fault::EmptyGeometry => write!(f, "empty geometry"),
            Fault::FootprintTooLarge => {
                write!(f, "a ring spans more than 80° (larger than supported)")
            }
            Fault::AntipodalEdge => write!(f, "route edge between nearly antipodal positions"),
            Fault::MissingRadius => write!(f, "Point footprint without radius_m"),
            Fault::AltitudeInverted { lo, hi } => {
                write!(f, "altitude_m lower bound {lo} above upper bound {hi}")
            }
            Fault::EndNotAfterStart => write!(f, "end is not after start"),
        }
    }
}

/// The `"id"` of a record read from its text, for naming a record that is
/// not JSON. Only a plain string value is taken.
fn id_in_text(text: &str) -> Option<String> {
    let rest = &text[text.find("\"id\"")? + 4..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let id = &rest[..rest.find(['"', '\\'])?];
    (!id.is_empty() && id.len() <= 200).then(|| id.to_owned())
}

/// An RFC 3339 time; a fault names `field`, not the parser's component.
fn time_field<'de, D: serde::Deserializer<'de>>(field: &str, d: D) -> Result<OffsetDateTime, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339).map_err(|_| {
        serde::de::Error::custom(format!("{field}: \"{text}\" is not an RFC 3339 time such as 2027-03-01T06:00:00Z"))
    })
}

/// `start` as RFC 3339.
mod start_time {
    pub use time::serde::rfc3339::serialize;
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<time::OffsetDateTime, D::Error> {
        super::time_field("start", d)
    }
}

/// `end` as RFC 3339.
mod end_time {
    pub use time::serde::rfc3339::serialize;
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<time::OffsetDateTime, D::Error> {
        super::time_field("end", d)
    }
}

/// A validated activity with its compiled footprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    record: ActivityRecord,
    shape: Shape,
    cap: Cap,
    start_ns: i128,
    end_ns: i128,
    buffer_ns: i128,
}

/// Largest accepted time buffer (about 31 years).
const MAX_BUFFER_S: f64 = 1e9;

impl Activity {
    /// Validate a record.
    pub fn new(record: ActivityRecord) -> Result<Activity, DeconError> {
        Activity::compile(record, Validation::Full)
    }

    /// Compile a record that [`Activity::new`] accepted before (one read back
    /// from storage): the footprint is compiled in linear time, without the
    /// checks of its rings against each other, which are done once, when it
    /// is declared. Every other check still runs.
    pub fn from_validated(record: ActivityRecord) -> Result<Activity, DeconError> {
        Activity::compile(record, Validation::Stored)
    }

    fn compile(record: ActivityRecord, validation: Validation) -> Result<Activity, DeconError> {
        let invalid = |fault: Fault| DeconError::Invalid { id: record.id.clone(), fault };
        if record.id.trim().is_empty() {
            return Err(invalid(Fault::EmptyId));
        }
        let p = &record.party;
        if !((2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(invalid(Fault::BadParty(p.clone())));
        }
        let [lo, hi] = record.altitude_m;
        if !lo.is_finite() || !hi.is_finite() {
            return Err(invalid(Fault::NotFinite { field: "altitude_m" }));
        }
        if lo > hi {
            return Err(invalid(Fault::AltitudeInverted { lo, hi }));
        }
        for (field, v) in [
            ("separation_m", record.separation_m),
            ("vertical_separation_m", record.vertical_separation_m),
            ("time_buffer_s", record.time_buffer_s),
        ] {
            let v = v.unwrap_or(0.0);
            if !v.is_finite() {
                return Err(invalid(Fault::NotFinite { field }));
            }
            if v < 0.0 {
                return Err(invalid(Fault::Negative { field, value: v }));
            }
        }
        if record.end <= record.start {
            return Err(invalid(Fault::EndNotAfterStart));
        }
        let shape = record.footprint.compile(validation).map_err(invalid)?;
        let buffer_s = record.time_buffer_s.unwrap_or(0.0).min(MAX_BUFFER_S);
        let cap = shape.bounding_cap();
        Ok(Activity {
            start_ns: record.start.unix_timestamp_nanos(),
            end_ns: record.end.unix_timestamp_nanos(),
            buffer_ns: (buffer_s * 1e9).round() as i128,
            cap,
            shape,
            record,
        })
    }

    /// Parse and validate one JSON object. Errors name the activity (its
    /// `id` when one can be read, else `?`).
    pub fn from_json(text: &str) -> Result<Activity, DeconError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| DeconError::Invalid {
            // Not JSON (a literal NaN, say): the activity is still named when its id can be read.
            id: id_in_text(text).unwrap_or_else(|| "?".to_owned()),
            fault: Fault::Schema(e.to_string()),
        })?;
        let id = value.get("id").and_then(|v| v.as_str()).unwrap_or("?").to_owned();
        let record: ActivityRecord = serde_json::from_value(value)
            .map_err(|e| DeconError::Invalid { id, fault: Fault::Schema(e.to_string()) })?;
        Activity::new(record)
    }

    /// The activity as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.record).unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        &self.record.id
    }
    pub fn party(&self) -> &str {
        &self.record.party
    }
    pub fn kind(&self) -> Kind {
        self.record.kind
    }
    pub fn record(&self) -> &ActivityRecord {
        &self.record
    }
    pub fn shape(&self) -> &Shape {
        &self.shape
    }
    /// Bounding cap of the footprint (not grown by the separation).
    pub fn cap(&self) -> Cap {
        self.cap
    }
    pub fn start(&self) -> OffsetDateTime {
        self.record.start
    }
    pub fn end(&self) -> OffsetDateTime {
        self.record.end
    }
    pub fn start_ns(&self) -> i128 {
        self.start_ns
    }
    pub fn end_ns(&self) -> i128 {
        self.end_ns
    }
    pub fn time_buffer_ns(&self) -> i128 {
        self.buffer_ns
    }
    pub fn altitude(&self) -> (f64, f64) {
        (self.record.altitude_m[0], self.record.altitude_m[1])
    }
    pub fn separation_m(&self) -> f64 {
        self.record.separation_m.unwrap_or(0.0)
    }
    /// Separation as an angle in radians.
    pub fn separation_rad(&self) -> f64 {
        self.separation_m() / EARTH_RADIUS_M
    }
    pub fn vertical_separation_m(&self) -> f64 {
        self.record.vertical_separation_m.unwrap_or(0.0)
    }

    /// Estimated heap plus inline bytes held for this activity.
    pub fn memory_bytes(&self) -> usize {
        let coords = match &self.record.footprint {
            GeoJson::Point { coordinates, .. } => coordinates.len() * 8 + 24,
            GeoJson::LineString { coordinates } => coordinates.len() * (24 + 16) + 24,
            GeoJson::Polygon { coordinates } => coordinates.iter().map(|r| r.len() * 40 + 24).sum::<usize>() + 24,
            GeoJson::MultiPolygon { coordinates } => {
                coordinates.iter().flatten().map(|r| r.len() * 40 + 24).sum::<usize>() + 24 * (coordinates.len() + 1)
            }
        };
        let edge = std::mem::size_of::<Edge>();
        let shape = match &self.shape {
            Shape::Circle { .. } => 0,
            Shape::Line { verts, edges } => verts.len() * 24 + edges.len() * edge,
            Shape::Polygons(polys) => polys
                .iter()
                .map(|p| {
                    std::mem::size_of::<Polygon>()
                        + p.rings().map(|r| std::mem::size_of::<Ring>() + r.edges.len() * edge).sum::<usize>()
                })
                .sum(),
        };
        std::mem::size_of::<Activity>() + self.record.id.len() + self.record.party.len() + coords + shape
    }

    /// Whether the activity is live at some instant of the half-open window
    /// `[from, to)` (nanoseconds since the Unix epoch).
    pub fn overlaps_window(&self, from_ns: i128, to_ns: i128) -> bool {
        self.start_ns < to_ns && from_ns < self.end_ns
    }
}

/// Serializes as the contract's record (the form it was declared in).
impl Serialize for Activity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.record.serialize(s)
    }
}

/// Deserializes and validates a contract record.
impl<'de> Deserialize<'de> for Activity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Activity, D::Error> {
        let record = ActivityRecord::deserialize(d)?;
        Activity::new(record).map_err(serde::de::Error::custom)
    }
}

fn check_position(pos: &[f64]) -> Result<V3, Fault> {
    if pos.len() != 2 && pos.len() != 3 {
        return Err(Fault::BadPosition { len: pos.len() });
    }
    let (lon, lat) = (pos[0], pos[1]);
    if !lon.is_finite() || !lat.is_finite() || pos.get(2).is_some_and(|z| !z.is_finite()) {
        return Err(Fault::NotFinite { field: "footprint coordinate" });
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(Fault::LatitudeOutOfRange { lat });
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(Fault::LongitudeOutOfRange { lon });
    }
    Ok(V3::from_lonlat(lon, lat))
}

/// Rounding slack for validity checks (radians, about 0.06 mm).
const TOUCH_EPS: f64 = 1e-11;

/// Drop consecutive duplicate vertices (the same point on the sphere).
fn dedup(vs: &mut Vec<V3>) {
    vs.dedup_by(|b, a| a.minus(*b).norm2() < 1e-30);
}

fn compile_ring(pos: &[Vec<f64>], at: RingRef, validation: Validation) -> Result<Ring, Fault> {
    let mut vs = pos.iter().map(|p| check_position(p)).collect::<Result<Vec<_>, _>>()?;
    if pos.len() < 4 {
        return Err(Fault::TooFewPositions { ring: Some(at), got: pos.len(), need: 4 });
    }
    let (first, last) = (&pos[0], &pos[pos.len() - 1]);
    if first[0] != last[0] || first[1] != last[1] {
        return Err(Fault::UnclosedRing { ring: at });
    }
    vs.pop();
    dedup(&mut vs);
    while vs.len() > 1 && vs[0].minus(vs[vs.len() - 1]).norm2() < 1e-30 {
        vs.pop();
    }
    if vs.len() < 3 {
        return Err(Fault::DegenerateRing { ring: at });
    }
    let ring = Ring::new(&vs).ok_or(Fault::FootprintTooLarge)?;
    if validation == Validation::Full && ring_self_intersects(&ring.edges) {
        return Err(Fault::SelfIntersectingRing { ring: at });
    }
    Ok(ring)
}

/// Whether a closed ring touches or crosses itself anywhere except between
/// consecutive edges at their shared vertex. A sweep over the edges' extent
/// along the x axis keeps this near O(n log n) for ordinary rings.
fn ring_self_intersects(edges: &[Edge]) -> bool {
    let n = edges.len();
    for i in 0..n {
        let (e, f) = (&edges[i], &edges[(i + 1) % n]);
        // Consecutive edges: the path must not fold back over itself.
        if point_arc_distance(f.b, e.a, e.b) < TOUCH_EPS || point_arc_distance(e.a, f.a, f.b) < TOUCH_EPS {
            return true;
        }
    }
    // Every point of an edge is within its cap radius (an angle, at least the
    // chord) of the cap centre, so also along the x axis.
    let lo = |i: usize| edges[i].cap.center.x - edges[i].cap.radius;
    let hi = |i: usize| edges[i].cap.center.x + edges[i].cap.radius;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| lo(a).total_cmp(&lo(b)));
    let mut active: Vec<usize> = Vec::new();
    for &i in &order {
        let start = lo(i) - TOUCH_EPS;
        active.retain(|&j| hi(j) >= start);
        let e = &edges[i];
        for &j in &active {
            if (i + 1) % n == j || (j + 1) % n == i {
                continue;
            }
            let f = &edges[j];
            if e.cap.may_reach(&f.cap, TOUCH_EPS) && arc_arc_distance(e.a, e.b, f.a, f.b) < TOUCH_EPS {
                return true;
            }
        }
        active.push(i);
    }
    false
}

fn compile_polygon(rings: &[Vec<Vec<f64>>], polygon: usize, validation: Validation) -> Result<Polygon, Fault> {
    if rings.is_empty() {
        return Err(Fault::EmptyGeometry);
    }
    let mut compiled = Vec::with_capacity(rings.len());
    for (ring, pos) in rings.iter().enumerate() {
        compiled.push(compile_ring(pos, RingRef { polygon, ring }, validation)?);
    }
    if validation == Validation::Stored {
        let shell = compiled.remove(0);
        return Ok(Polygon { shell, holes: compiled });
    }
    for a in 0..compiled.len() {
        for b in a + 1..compiled.len() {
            let cross = compiled[a].edges.iter().any(|e| {
                e.cap.may_reach(&compiled[b].cap, 0.0)
                    && compiled[b].edges.iter().any(|f| arcs_cross(e.a, e.b, f.a, f.b))
            });
            if cross {
                return Err(Fault::RingsCross { polygon, a, b });
            }
        }
    }
    let shell = compiled.remove(0);
    for (k, hole) in compiled.iter().enumerate() {
        if !shell.contains(hole.first()) {
            return Err(Fault::HoleOutsideShell { ring: RingRef { polygon, ring: k + 1 } });
        }
    }
    Ok(Polygon { shell, holes: compiled })
}

/// How much of a footprint's validity is checked when it is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validation {
    /// Every check: a footprint as declared.
    Full,
    /// The checks of linear cost only: a footprint accepted before.
    Stored,
}

/// Most positions a footprint declared on the platform may have, all rings
/// and polygons together ([`GeoJson::positions`]; the engine itself takes
/// any size). The checks of a polygon's rings against each other, and a
/// conflict check between two footprints, cost more than linear time in the
/// worst case, so the cap bounds what one declaration can cost (about 0.1 s
/// of CPU at the cap); a real footprint, even a long route, has a few hundred.
pub const MAX_FOOTPRINT_POSITIONS: usize = 2_000;

impl GeoJson {
    /// The number of positions, all rings and polygons together, counted
    /// without compiling anything.
    pub fn positions(&self) -> usize {
        match self {
            GeoJson::Point { .. } => 1,
            GeoJson::LineString { coordinates } => coordinates.len(),
            GeoJson::Polygon { coordinates } => coordinates.iter().map(Vec::len).sum(),
            GeoJson::MultiPolygon { coordinates } => coordinates.iter().flatten().map(Vec::len).sum(),
        }
    }
}

impl GeoJson {
    /// Compile and validate a GeoJSON footprint into a shape on the sphere.
    pub fn to_shape(&self) -> Result<Shape, Fault> {
        self.compile(Validation::Full)
    }

    fn compile(&self, validation: Validation) -> Result<Shape, Fault> {
        match self {
            GeoJson::Point { coordinates, radius_m } => {
                let center = check_position(coordinates)?;
                let r = radius_m.ok_or(Fault::MissingRadius)?;
                if !r.is_finite() {
                    return Err(Fault::NotFinite { field: "radius_m" });
                }
                if r < 0.0 {
                    return Err(Fault::Negative { field: "radius_m", value: r });
                }
                let radius = r / EARTH_RADIUS_M;
                if radius > MAX_CIRCLE_RADIUS {
                    return Err(Fault::FootprintTooLarge);
                }
                Ok(Shape::Circle { center, radius })
            }
            GeoJson::LineString { coordinates } => {
                let mut verts = coordinates.iter().map(|p| check_position(p)).collect::<Result<Vec<_>, _>>()?;
                if verts.len() < 2 {
                    return Err(Fault::TooFewPositions { ring: None, got: verts.len(), need: 2 });
                }
                dedup(&mut verts);
                let edges: Vec<Edge> = verts.windows(2).map(|w| Edge::new(w[0], w[1])).collect();
                if edges.iter().any(|e| e.length() > MAX_EDGE) {
                    return Err(Fault::AntipodalEdge);
                }
                Ok(Shape::Line { verts, edges })
            }
            GeoJson::Polygon { coordinates } => Ok(Shape::Polygons(vec![compile_polygon(coordinates, 0, validation)?])),
            GeoJson::MultiPolygon { coordinates } => {
                if coordinates.is_empty() {
                    return Err(Fault::EmptyGeometry);
                }
                let polys = coordinates
                    .iter()
                    .enumerate()
                    .map(|(k, p)| compile_polygon(p, k, validation))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Shape::Polygons(polys))
            }
        }
    }
}

/// Longest accepted route edge (radians, 179°).
const MAX_EDGE: f64 = 179.0 * std::f64::consts::PI / 180.0;
/// Largest accepted circle radius (radians, 90°).
const MAX_CIRCLE_RADIUS: f64 = std::f64::consts::FRAC_PI_2;
