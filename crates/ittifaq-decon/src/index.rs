//! A spatio-temporal grid: keys are (day, latitude cell, longitude cell).
//!
//! Each entry is filed under every key its bounds touch: its bounding cap
//! grown by its own separation, and its time window grown by its own time
//! buffer on both sides. Two activities can only conflict when their grown
//! bounds overlap (the pair's separation and buffer are each at most the sum
//! of the two), so they then share a key. Entries that would need too many
//! keys (huge, polar, or very long) go to a `wide` list scanned by every query.

use std::collections::HashMap;

use crate::geometry::Cap;

/// Cell size in degrees of latitude and longitude.
pub const CELL_DEG: f64 = 0.5;
/// Time bucket length in nanoseconds (one day).
pub const BUCKET_NS: i128 = 86_400 * 1_000_000_000;
/// Entries needing more keys than this go to the wide list.
pub const MAX_KEYS: usize = 256;

const N_LAT: i64 = (180.0 / CELL_DEG) as i64;
const N_LON: i64 = (360.0 / CELL_DEG) as i64;

/// A grid key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub bucket: i64,
    pub lat: i16,
    pub lon: i16,
}

/// What is indexed: a cap (already grown) and a closed time range in ns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub cap: Cap,
    pub t0: i128,
    pub t1: i128,
}

/// Latitude range and longitude range (degrees) that cover a cap;
/// the longitude range is `None` when all longitudes are needed.
pub fn lonlat_box(cap: &Cap) -> ((f64, f64), Option<(f64, f64)>) {
    let (lon, lat) = cap.center.to_lonlat();
    let rho = cap.radius.to_degrees() + 1e-9;
    let (lat0, lat1) = (lat - rho, lat + rho);
    if rho >= 90.0 || lat0 <= -90.0 || lat1 >= 90.0 {
        return ((lat0.max(-90.0), lat1.min(90.0)), None);
    }
    let s = rho.to_radians().sin() / lat.to_radians().cos();
    if s.is_nan() || s >= 1.0 {
        return ((lat0, lat1), None);
    }
    let dl = s.asin().to_degrees() + 1e-9;
    ((lat0, lat1), Some((lon - dl, lon + dl)))
}

/// The keys covering `b`, or `None` when there would be more than [`MAX_KEYS`].
pub fn keys(b: &Bounds) -> Option<Vec<Key>> {
    let (tb0, tb1) = (b.t0.div_euclid(BUCKET_NS), b.t1.div_euclid(BUCKET_NS));
    let nt = tb1 - tb0 + 1;
    if nt > MAX_KEYS as i128 || nt < 1 {
        return None;
    }
    let ((lat0, lat1), lon) = lonlat_box(&b.cap);
    let cell = |x: f64, off: f64| ((x + off) / CELL_DEG).floor() as i64;
    let (la0, la1) = (cell(lat0, 90.0).clamp(0, N_LAT - 1), cell(lat1, 90.0).clamp(0, N_LAT - 1));
    let (lo0, lo1) = match lon {
        Some((l0, l1)) => {
            let (a, z) = (cell(l0, 180.0), cell(l1, 180.0));
            if z - a + 1 >= N_LON { (0, N_LON - 1) } else { (a, z) }
        }
        None => (0, N_LON - 1),
    };
    let count = (nt as i64) * (la1 - la0 + 1) * (lo1 - lo0 + 1);
    if count > MAX_KEYS as i64 || count < 1 {
        return None;
    }
    let mut out = Vec::with_capacity(count as usize);
    for t in tb0..=tb1 {
        for la in la0..=la1 {
            for lo in lo0..=lo1 {
                out.push(Key { bucket: t as i64, lat: la as i16, lon: lo.rem_euclid(N_LON) as i16 });
            }
        }
    }
    Some(out)
}

/// What a grid list holds per slot: a compact, conservative copy of its
/// bounds, so that most candidates are rejected without leaving the list.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    slot: u32,
    /// Grown window in whole minutes since the Unix epoch (floor, ceiling;
    /// saturated, which only widens it).
    t0: i32,
    t1: i32,
    /// Grown cap, centre and radius in single precision; the radius is
    /// padded to cover rounding.
    c: [f32; 3],
    r: f32,
}

const MINUTE_NS: i128 = 60_000_000_000;
/// Padding (radians, about 6 m) that covers single-precision rounding.
const F32_PAD: f64 = 1e-6;

impl Entry {
    fn of(slot: u32, b: &Bounds) -> Entry {
        let sat = |m: i128| m.clamp(i32::MIN as i128, i32::MAX as i128) as i32;
        let c = b.cap.center;
        Entry {
            slot,
            t0: sat(b.t0.div_euclid(MINUTE_NS)),
            t1: sat(-((-b.t1).div_euclid(MINUTE_NS))),
            c: [c.x as f32, c.y as f32, c.z as f32],
            r: (b.cap.radius + F32_PAD).min(4.0) as f32,
        }
    }

    /// Necessary for the bounds to overlap in time and space.
    fn may_overlap(&self, o: &Entry) -> bool {
        if self.t0 > o.t1 || o.t0 > self.t1 {
            return false;
        }
        let reach = (self.r + o.r) as f64 + F32_PAD;
        if reach >= 2.0 {
            return true;
        }
        let d2: f64 = (0..3)
            .map(|i| {
                let d = self.c[i] as f64 - o.c[i] as f64;
                d * d
            })
            .sum();
        d2 <= reach * reach
    }
}

/// The grid: keys to entries, plus the wide list.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    cells: HashMap<Key, Vec<Entry>>,
    wide: Vec<Entry>,
    memberships: usize,
}

impl Grid {
    pub fn new() -> Grid {
        Grid::default()
    }

    pub fn insert(&mut self, slot: u32, b: &Bounds) {
        let e = Entry::of(slot, b);
        match keys(b) {
            Some(ks) => {
                self.memberships += ks.len();
                for k in ks {
                    self.cells.entry(k).or_default().push(e);
                }
            }
            None => self.wide.push(e),
        }
    }

    /// Remove a slot filed with the same bounds as at insertion.
    pub fn remove(&mut self, slot: u32, b: &Bounds) {
        match keys(b) {
            Some(ks) => {
                for k in ks {
                    if let Some(v) = self.cells.get_mut(&k) {
                        if let Some(pos) = v.iter().position(|e| e.slot == slot) {
                            v.swap_remove(pos);
                            self.memberships -= 1;
                        }
                        if v.is_empty() {
                            self.cells.remove(&k);
                        }
                    }
                }
            }
            None => {
                if let Some(pos) = self.wide.iter().position(|e| e.slot == slot) {
                    self.wide.swap_remove(pos);
                }
            }
        }
    }

    /// Candidate slots whose keys meet those of `b` (deduplicated, sorted),
    /// or `None` when `b` is too wide for keys: then every slot is a candidate.
    pub fn candidates(&self, b: &Bounds) -> Option<Vec<u32>> {
        let mut out = self.candidates_raw(b)?;
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// Like [`Grid::candidates`] but unsorted and possibly with repeats
    /// (a slot appears once per shared key).
    pub fn candidates_raw(&self, b: &Bounds) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        self.for_each_candidate(b, |s| out.push(s)).then_some(out)
    }

    /// Call `f` for every slot sharing a key with `b` whose filed bounds may
    /// overlap `b` (a slot may come more than once). Returns false, calling
    /// nothing, when `b` is too wide for keys.
    pub fn for_each_candidate(&self, b: &Bounds, mut f: impl FnMut(u32)) -> bool {
        let Some(ks) = keys(b) else { return false };
        let q = Entry::of(u32::MAX, b);
        let mut visit = |v: &[Entry]| {
            for e in v {
                if q.may_overlap(e) {
                    f(e.slot)
                }
            }
        };
        visit(&self.wide);
        for k in ks {
            if let Some(v) = self.cells.get(&k) {
                visit(v);
            }
        }
        true
    }

    /// Estimated bytes used by the grid.
    pub fn memory_bytes(&self) -> usize {
        let per_cell = std::mem::size_of::<Key>() + std::mem::size_of::<Vec<Entry>>() + 8;
        self.cells.capacity() * per_cell
            + self.memberships * std::mem::size_of::<Entry>()
            + self.wide.capacity() * std::mem::size_of::<Entry>()
    }

    /// Number of (key, slot) memberships and of non-empty keys.
    pub fn stats(&self) -> (usize, usize) {
        (self.memberships, self.cells.len())
    }

    pub fn wide_len(&self) -> usize {
        self.wide.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::V3;

    #[test]
    fn antimeridian_keys_wrap() {
        let b = Bounds { cap: Cap { center: V3::from_lonlat(179.9, 10.0), radius: 0.5f64.to_radians() }, t0: 0, t1: 1 };
        let ks = keys(&b).unwrap();
        assert!(ks.iter().any(|k| k.lon == 0));
        assert!(ks.iter().any(|k| k.lon == (N_LON - 1) as i16));
    }

    #[test]
    fn polar_cap_is_all_longitudes() {
        let b = Bounds { cap: Cap { center: V3::from_lonlat(0.0, 89.9), radius: 0.5f64.to_radians() }, t0: 0, t1: 1 };
        assert!(keys(&b).is_none()); // 720 longitude cells: wide
    }
}
