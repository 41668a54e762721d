//! Exact spherical geometry on unit vectors.
//!
//! Every vertex is a unit vector in 3D; edges are the shorter great-circle arc
//! between consecutive vertices. Distances are angles in radians; multiply by
//! [`EARTH_RADIUS_M`] for metres. Nothing here depends on longitude, so the
//! antimeridian and the poles need no special case.

/// Radius of the sphere used for distances, in metres (mean Earth radius).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Safety margin (radians, about 6 µm) added to conservative bounds so that
/// rounding never prunes a candidate that the exact test would accept.
pub(crate) const MARGIN: f64 = 1e-12;

/// A vector in 3D; on the sphere when it has unit length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct V3 {
    pub x: f64,
    pub y: f64,
    pub z: f64,
}

impl V3 {
    pub const fn new(x: f64, y: f64, z: f64) -> V3 {
        V3 { x, y, z }
    }

    /// The unit vector of a longitude and latitude in degrees.
    pub fn from_lonlat(lon: f64, lat: f64) -> V3 {
        let (slat, clat) = lat.to_radians().sin_cos();
        let (slon, clon) = lon.to_radians().sin_cos();
        V3::new(clat * clon, clat * slon, slat)
    }

    /// Longitude and latitude in degrees.
    pub fn to_lonlat(self) -> (f64, f64) {
        let lon = self.y.atan2(self.x).to_degrees();
        let lat = self.z.atan2(self.x.hypot(self.y)).to_degrees();
        (lon, lat)
    }

    pub fn dot(self, o: V3) -> f64 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }

    pub fn cross(self, o: V3) -> V3 {
        V3::new(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)
    }

    pub fn plus(self, o: V3) -> V3 {
        V3::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }

    pub fn minus(self, o: V3) -> V3 {
        V3::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }

    pub fn scale(self, k: f64) -> V3 {
        V3::new(self.x * k, self.y * k, self.z * k)
    }

    pub fn norm2(self) -> f64 {
        self.dot(self)
    }

    pub fn norm(self) -> f64 {
        self.norm2().sqrt()
    }

    /// The unit vector in the same direction, or `None` for a (near) zero vector.
    pub fn normalized(self) -> Option<V3> {
        let n = self.norm();
        if n > 1e-300 && n.is_finite() { Some(self.scale(1.0 / n)) } else { None }
    }

    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite() && self.z.is_finite()
    }
}

/// Angle between two unit vectors in radians, accurate for tiny and large angles.
pub fn angle(a: V3, b: V3) -> f64 {
    a.cross(b).norm().atan2(a.dot(b))
}

/// Great-circle distance in metres between two longitude/latitude points
/// (degrees), by the haversine formula. Independent of the vector code; used
/// by tests as a reference.
pub fn haversine_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// `2 (a × b)` computed as `(b + a) × (b − a)`, which keeps precision when
/// `a` and `b` are close together.
fn robust_cross(a: V3, b: V3) -> V3 {
    b.plus(a).cross(b.minus(a))
}

/// Shortest angle from point `p` to the arc `a`–`b` (all unit vectors).
pub fn point_arc_distance(p: V3, a: V3, b: V3) -> f64 {
    let n = robust_cross(a, b);
    let nn = n.norm();
    if nn > 1e-300 && a.cross(p).dot(n) > 0.0 && p.cross(b).dot(n) > 0.0 {
        // The foot of the perpendicular lies inside the arc.
        (p.dot(n) / nn).abs().min(1.0).asin()
    } else {
        angle(p, a).min(angle(p, b))
    }
}

/// Whether arcs `a`–`b` and `c`–`d` cross at a point interior to both
/// (touching at an endpoint is left to the distance test, which yields ~0).
pub fn arcs_cross(a: V3, b: V3, c: V3, d: V3) -> bool {
    let ab = a.cross(b);
    let acb = -ab.dot(c);
    let bda = ab.dot(d);
    if acb * bda <= 0.0 {
        return false;
    }
    let cd = c.cross(d);
    let cbd = -cd.dot(b);
    let dac = cd.dot(a);
    acb * cbd > 0.0 && acb * dac > 0.0
}

/// Shortest angle between arcs `a`–`b` and `c`–`d`; 0 when they cross.
pub fn arc_arc_distance(a: V3, b: V3, c: V3, d: V3) -> f64 {
    if arcs_cross(a, b, c, d) {
        return 0.0;
    }
    point_arc_distance(a, c, d)
        .min(point_arc_distance(b, c, d))
        .min(point_arc_distance(c, a, b))
        .min(point_arc_distance(d, a, b))
}

/// A spherical cap: every point within `radius` radians of `center`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    pub center: V3,
    pub radius: f64,
}

impl Cap {
    /// The whole sphere.
    pub const FULL: Cap = Cap { center: V3::new(0.0, 0.0, 1.0), radius: std::f64::consts::PI };

    /// A conservative test that the caps, each grown by `extra` in total,
    /// may come within reach: never false when the true angular gap between
    /// the caps is below `extra`. Uses the chord (≤ the arc) so needs no trigonometry.
    pub fn may_reach(&self, other: &Cap, extra: f64) -> bool {
        let reach = self.radius + other.radius + extra + MARGIN;
        if reach >= 2.0 {
            return true;
        }
        self.center.minus(other.center).norm2() <= reach * reach
    }

    /// A conservative test that `p` may lie within `extra` of the cap.
    pub fn may_reach_point(&self, p: V3, extra: f64) -> bool {
        let reach = self.radius + extra + MARGIN;
        if reach >= 2.0 {
            return true;
        }
        self.center.minus(p).norm2() <= reach * reach
    }

    /// The smallest-ish cap around a set of points: centred on their mean
    /// direction. `None` when the points have no meaningful mean direction.
    pub fn around(points: &[V3]) -> Option<Cap> {
        let mut sum = V3::new(0.0, 0.0, 0.0);
        for p in points {
            sum = sum.plus(*p);
        }
        let center = sum.normalized()?;
        let radius = points.iter().map(|p| angle(center, *p)).fold(0.0, f64::max);
        Some(Cap { center, radius })
    }
}

/// An edge with its bounding cap (centre at the midpoint, radius half its length).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: V3,
    pub b: V3,
    pub cap: Cap,
}

impl Edge {
    pub fn new(a: V3, b: V3) -> Edge {
        let center = a.plus(b).normalized().unwrap_or(a);
        let radius = angle(a, b) / 2.0 + MARGIN;
        Edge { a, b, cap: Cap { center, radius } }
    }

    pub fn length(&self) -> f64 {
        angle(self.a, self.b)
    }
}

/// A closed ring of a polygon; vertices without the closing repeat.
///
/// The ring encloses the side that does not contain the antipode of its
/// bounding cap's centre, i.e. the smaller side; orientation does not matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring {
    pub edges: Vec<Edge>,
    pub cap: Cap,
    /// A point strictly outside the ring, just beyond its cap.
    outside: V3,
    /// Squared chord bound of the cap, for the fast outside test.
    chord2: f64,
}

/// Largest allowed cap radius of a ring (radians); keeps every ring inside
/// an open hemisphere, which the containment test relies on.
pub const MAX_RING_RADIUS: f64 = 80.0 * std::f64::consts::PI / 180.0;

impl Ring {
    /// Build a ring from distinct vertices (at least three). `None` when the
    /// ring is too large for a hemisphere.
    pub fn new(verts: &[V3]) -> Option<Ring> {
        let cap = Cap::around(verts)?;
        if cap.radius > MAX_RING_RADIUS {
            return None;
        }
        let edges = (0..verts.len()).map(|i| Edge::new(verts[i], verts[(i + 1) % verts.len()])).collect();
        // A direction perpendicular to the centre, to step outside the cap.
        let c = cap.center;
        let helper = if c.x.abs() < 0.6 { V3::new(1.0, 0.0, 0.0) } else { V3::new(0.0, 1.0, 0.0) };
        let t = c.cross(helper).normalized()?;
        let step = cap.radius + 0.01;
        let outside = c.scale(step.cos()).plus(t.scale(step.sin()));
        let reach = cap.radius + 2.0 * MARGIN;
        Some(Ring { edges, cap, outside, chord2: reach * reach })
    }

    pub fn vertices(&self) -> impl Iterator<Item = V3> + '_ {
        self.edges.iter().map(|e| e.a)
    }

    pub fn first(&self) -> V3 {
        self.edges[0].a
    }

    /// Whether `p` lies inside the ring. Points within rounding distance of
    /// the boundary may go either way.
    pub fn contains(&self, p: V3) -> bool {
        if self.cap.center.minus(p).norm2() > self.chord2 {
            return false;
        }
        let o = self.outside;
        let n = o.cross(p);
        let mut inside = false;
        for e in &self.edges {
            // Half-open rule: a vertex exactly on the great circle O–P counts
            // as on the positive side, the same way for both of its edges.
            let sa = n.dot(e.a) >= 0.0;
            let sb = n.dot(e.b) >= 0.0;
            if sa == sb {
                continue;
            }
            let m = e.a.cross(e.b);
            let so = m.dot(o) >= 0.0;
            let sp = m.dot(p) >= 0.0;
            if so != sp {
                inside = !inside;
            }
        }
        inside
    }
}

/// A polygon: a shell and holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub shell: Ring,
    pub holes: Vec<Ring>,
}

impl Polygon {
    pub fn contains(&self, p: V3) -> bool {
        self.shell.contains(p) && !self.holes.iter().any(|h| h.contains(p))
    }

    pub fn rings(&self) -> impl Iterator<Item = &Ring> + '_ {
        std::iter::once(&self.shell).chain(self.holes.iter())
    }
}

/// A compiled footprint.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// One or more polygons (a GeoJSON Polygon or MultiPolygon).
    Polygons(Vec<Polygon>),
    /// A route; a single vertex when all positions coincide.
    Line { verts: Vec<V3>, edges: Vec<Edge> },
    /// A circle: centre and radius in radians.
    Circle { center: V3, radius: f64 },
}

impl Shape {
    /// Bounding cap of the shape (`Cap::FULL` when no smaller one is known).
    pub fn bounding_cap(&self) -> Cap {
        match self {
            Shape::Circle { center, radius } => Cap { center: *center, radius: *radius + MARGIN },
            Shape::Line { verts, edges } => {
                let Some(mut cap) = Cap::around(verts) else {
                    return Cap::FULL;
                };
                for e in edges {
                    let r = angle(cap.center, e.cap.center) + e.cap.radius;
                    cap.radius = cap.radius.max(r);
                }
                cap.radius += MARGIN;
                cap
            }
            Shape::Polygons(polys) => {
                let pts: Vec<V3> = polys.iter().flat_map(|p| p.shell.vertices()).collect();
                let Some(mut cap) = Cap::around(&pts) else {
                    return Cap::FULL;
                };
                for p in polys {
                    let r = angle(cap.center, p.shell.cap.center) + p.shell.cap.radius;
                    cap.radius = cap.radius.max(r);
                }
                cap.radius += MARGIN;
                cap
            }
        }
    }

    /// Boundary edges: ring edges of polygons, route edges of a line.
    fn edges(&self) -> Box<dyn Iterator<Item = &Edge> + '_> {
        match self {
            Shape::Polygons(polys) => Box::new(polys.iter().flat_map(|p| p.rings()).flat_map(|r| r.edges.iter())),
            Shape::Line { edges, .. } => Box::new(edges.iter()),
            Shape::Circle { .. } => Box::new(std::iter::empty()),
        }
    }

    /// One point of every connected boundary part (a vertex of each ring, or
    /// the first vertex of the route).
    fn part_points(&self) -> Vec<V3> {
        match self {
            Shape::Polygons(polys) => polys.iter().flat_map(|p| p.rings()).map(|r| r.first()).collect(),
            Shape::Line { verts, .. } => verts.first().copied().into_iter().collect(),
            Shape::Circle { center, .. } => vec![*center],
        }
    }

    /// Whether `p` lies in the interior of the area (polygons, circles).
    pub fn contains(&self, p: V3) -> bool {
        match self {
            Shape::Polygons(polys) => polys.iter().any(|poly| poly.contains(p)),
            Shape::Circle { center, radius } => angle(*center, p) <= *radius,
            Shape::Line { .. } => false,
        }
    }
}

/// Shortest angle from point `p` to `shape`, if it is below `limit` or zero;
/// `None` when it is at least `limit` (and not zero).
pub fn point_shape_distance_within(p: V3, shape: &Shape, limit: f64) -> Option<f64> {
    let d = match shape {
        Shape::Circle { center, radius } => (angle(p, *center) - radius).max(0.0),
        Shape::Line { verts, edges } => {
            if edges.is_empty() {
                verts.first().map_or(f64::INFINITY, |v| angle(p, *v))
            } else {
                min_point_edges(p, edges.iter(), limit)
            }
        }
        Shape::Polygons(polys) => {
            if polys.iter().any(|poly| poly.contains(p)) {
                0.0
            } else {
                min_point_edges(p, shape.edges(), limit)
            }
        }
    };
    accept(d, limit)
}

fn accept(d: f64, limit: f64) -> Option<f64> {
    (d == 0.0 || d < limit).then_some(d)
}

fn min_point_edges<'a>(p: V3, edges: impl Iterator<Item = &'a Edge>, limit: f64) -> f64 {
    let mut best = f64::INFINITY;
    for e in edges {
        if !e.cap.may_reach_point(p, best.min(limit)) {
            continue;
        }
        best = best.min(point_arc_distance(p, e.a, e.b));
        if best == 0.0 {
            break;
        }
    }
    best
}

/// Shortest angle between two shapes (0 when they share a point, including
/// when one contains the other), if it is below `limit` or zero; `None` otherwise.
///
/// A circle's distance is the distance to its centre minus its radius.
pub fn shape_distance_within(a: &Shape, b: &Shape, limit: f64) -> Option<f64> {
    match (a, b) {
        (Shape::Circle { center, radius }, other) | (other, Shape::Circle { center, radius }) => {
            let d = point_shape_distance_within(*center, other, limit + radius)?;
            accept((d - radius).max(0.0), limit)
        }
        _ => {
            // Line with a single vertex behaves as a point.
            if let Shape::Line { verts, edges } = a
                && edges.is_empty()
            {
                return verts.first().and_then(|v| point_shape_distance_within(*v, b, limit));
            }
            if let Shape::Line { verts, edges } = b
                && edges.is_empty()
            {
                return verts.first().and_then(|v| point_shape_distance_within(*v, a, limit));
            }
            // Containment of one boundary part inside the other's area.
            if b.part_points().into_iter().any(|p| a.contains(p)) || a.part_points().into_iter().any(|p| b.contains(p))
            {
                return Some(0.0);
            }
            let cap_b = b.bounding_cap_fast();
            let mut best = f64::INFINITY;
            for e in a.edges() {
                if !e.cap.may_reach(&cap_b, best.min(limit)) {
                    continue;
                }
                for f in b.edges() {
                    if !e.cap.may_reach(&f.cap, best.min(limit)) {
                        continue;
                    }
                    best = best.min(arc_arc_distance(e.a, e.b, f.a, f.b));
                    if best == 0.0 {
                        return Some(0.0);
                    }
                }
            }
            accept(best, limit)
        }
    }
}

impl Shape {
    /// A cheap bounding cap for pruning inside the exact test.
    fn bounding_cap_fast(&self) -> Cap {
        match self {
            Shape::Polygons(polys) if polys.len() == 1 => polys[0].shell.cap,
            _ => self.bounding_cap(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEG: f64 = std::f64::consts::PI / 180.0;

    fn ring(pts: &[(f64, f64)]) -> Ring {
        let v: Vec<V3> = pts.iter().map(|&(x, y)| V3::from_lonlat(x, y)).collect();
        Ring::new(&v).unwrap()
    }

    #[test]
    fn equator_distance() {
        let a = V3::from_lonlat(10.0, 0.0);
        let b = V3::from_lonlat(11.0, 0.0);
        assert!((angle(a, b) - DEG).abs() < 1e-15);
        let hv = haversine_m(10.0, 0.0, 11.0, 0.0);
        assert!((hv - DEG * EARTH_RADIUS_M).abs() < 1e-6);
    }

    #[test]
    fn point_to_meridian_arc() {
        let a = V3::from_lonlat(0.0, -10.0);
        let b = V3::from_lonlat(0.0, 10.0);
        let p = V3::from_lonlat(1.0, 0.0);
        assert!((point_arc_distance(p, a, b) - DEG).abs() < 1e-14);
        // Beyond the end: distance to the endpoint.
        let q = V3::from_lonlat(0.0, 12.0);
        assert!((point_arc_distance(q, a, b) - 2.0 * DEG).abs() < 1e-14);
    }

    #[test]
    fn arc_crossing() {
        let a = V3::from_lonlat(-1.0, 0.0);
        let b = V3::from_lonlat(1.0, 0.0);
        let c = V3::from_lonlat(0.0, -1.0);
        let d = V3::from_lonlat(0.0, 1.0);
        assert!(arcs_cross(a, b, c, d));
        assert_eq!(arc_arc_distance(a, b, c, d), 0.0);
        let e = V3::from_lonlat(2.0, -1.0);
        let f = V3::from_lonlat(2.0, 1.0);
        assert!(!arcs_cross(a, b, e, f));
        assert!((arc_arc_distance(a, b, e, f) - DEG).abs() < 1e-14);
    }

    #[test]
    fn ring_across_antimeridian() {
        let r = ring(&[(179.0, -1.0), (-179.0, -1.0), (-179.0, 1.0), (179.0, 1.0)]);
        assert!(r.contains(V3::from_lonlat(180.0, 0.0)));
        assert!(r.contains(V3::from_lonlat(-179.5, 0.5)));
        assert!(!r.contains(V3::from_lonlat(0.0, 0.0)));
        assert!(!r.contains(V3::from_lonlat(178.9, 0.0)));
    }

    #[test]
    fn ring_around_pole() {
        let r = ring(&[(0.0, 85.0), (90.0, 85.0), (180.0, 85.0), (-90.0, 85.0)]);
        assert!(r.contains(V3::new(0.0, 0.0, 1.0)));
        assert!(!r.contains(V3::from_lonlat(45.0, 80.0)));
    }

    #[test]
    fn polygon_hole_and_orientation() {
        let shell = ring(&[(0.0, 0.0), (0.0, 4.0), (4.0, 4.0), (4.0, 0.0)]);
        let hole = ring(&[(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)]);
        let poly = Polygon { shell, holes: vec![hole] };
        assert!(poly.contains(V3::from_lonlat(0.5, 0.5)));
        assert!(!poly.contains(V3::from_lonlat(2.0, 2.0)));
        let shape = Shape::Polygons(vec![poly]);
        // A point in the hole is 1 degree (along the parallel, roughly) from the hole edge.
        let d = point_shape_distance_within(V3::from_lonlat(2.0, 2.0), &shape, 1.0).unwrap();
        assert!((d / DEG - 1.0).abs() < 0.01, "{d}");
    }

    #[test]
    fn circle_distances() {
        let a = Shape::Circle { center: V3::from_lonlat(0.0, 0.0), radius: 0.2 * DEG };
        let b = Shape::Circle { center: V3::from_lonlat(1.0, 0.0), radius: 0.3 * DEG };
        let d = shape_distance_within(&a, &b, 1.0).unwrap();
        assert!((d - 0.5 * DEG).abs() < 1e-14);
        assert_eq!(shape_distance_within(&a, &b, 0.4 * DEG), None);
    }
}
