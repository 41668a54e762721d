//! The incremental deconfliction engine and the pairwise conflict test.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset};

use crate::DeconError;
use crate::geometry::{Cap, EARTH_RADIUS_M, Shape, shape_distance_within};
use crate::index::{Bounds, Grid};
use crate::model::{Activity, GeoJson};

/// Two activities that conflict (`a` sorts before `b`).
///
/// `overlap_start`/`overlap_end` are the common part of the two windows; when
/// the windows do not overlap but come closer than the time buffer, they are
/// the gap between them (the earlier end and the later start).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub a: String,
    pub b: String,
    /// Shortest great-circle distance between the footprints in metres
    /// (0 when they share a point), rounded to the millimetre.
    pub distance_m: f64,
    #[serde(with = "time::serde::rfc3339")]
    pub overlap_start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub overlap_end: OffsetDateTime,
}

/// Whether two activities conflict, by the contract's three rules, and the
/// conflict record if they do. Symmetric in its arguments.
pub fn conflict(x: &Activity, y: &Activity) -> Option<Conflict> {
    if x.party() == y.party() || x.id() == y.id() {
        return None;
    }
    let buf = x.time_buffer_ns().max(y.time_buffer_ns());
    let s = x.start_ns().max(y.start_ns());
    let e = x.end_ns().min(y.end_ns());
    // max(starts) - min(ends) < buf; with no buffer the windows must overlap.
    if s - e >= buf {
        return None;
    }
    let (xl, xh) = x.altitude();
    let (yl, yh) = y.altitude();
    let (lo, hi) = (xl.max(yl), xh.min(yh));
    let vsep = x.vertical_separation_m().max(y.vertical_separation_m());
    if !(lo <= hi || lo - hi < vsep) {
        return None;
    }
    let sep = x.separation_rad().max(y.separation_rad());
    if !x.cap().may_reach(&y.cap(), sep) {
        return None;
    }
    let d = shape_distance_within(x.shape(), y.shape(), sep)?;
    let latest_start = if x.start_ns() >= y.start_ns() { x.start() } else { y.start() };
    let earliest_end = if x.end_ns() <= y.end_ns() { x.end() } else { y.end() };
    let (os, oe) = if s <= e { (latest_start, earliest_end) } else { (earliest_end, latest_start) };
    let (a, b) = if x.id() < y.id() { (x, y) } else { (y, x) };
    Some(Conflict {
        a: a.id().to_owned(),
        b: b.id().to_owned(),
        distance_m: (d * EARTH_RADIUS_M * 1000.0).round() / 1000.0,
        overlap_start: os.to_offset(UtcOffset::UTC),
        overlap_end: oe.to_offset(UtcOffset::UTC),
    })
}

/// Index bounds of an activity: footprint cap grown by its separation, window
/// grown by its time buffer.
pub fn bounds_of(a: &Activity) -> Bounds {
    let cap = a.cap();
    Bounds {
        cap: Cap { center: cap.center, radius: cap.radius + a.separation_rad() },
        t0: a.start_ns() - a.time_buffer_ns(),
        t1: a.end_ns() + a.time_buffer_ns(),
    }
}

/// Sort conflicts by `(a, b)`.
pub fn sort_conflicts(cs: &mut [Conflict]) {
    cs.sort_by(|p, q| (p.a.as_str(), p.b.as_str()).cmp(&(q.a.as_str(), q.b.as_str())));
}

/// A compact copy of what the cheap rules need, kept in a dense array so
/// that filtering candidates touches one small record each. Conservative:
/// times are widened to whole seconds, so it never rejects a conflict.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Summary {
    live: bool,
    party: [u8; 4],
    /// Start (floor) and end (ceiling) in seconds; buffer (ceiling) in seconds.
    t0: i64,
    t1: i64,
    buf: i64,
    lo: f64,
    hi: f64,
    vsep: f64,
    sep: f64,
    cap: Cap,
}

const NS: i128 = 1_000_000_000;

impl Summary {
    fn of(a: &Activity) -> Summary {
        let mut party = [0u8; 4];
        for (d, s) in party.iter_mut().zip(a.party().bytes()) {
            *d = s;
        }
        let (lo, hi) = a.altitude();
        Summary {
            live: true,
            party,
            t0: a.start_ns().div_euclid(NS) as i64,
            t1: -((-a.end_ns()).div_euclid(NS)) as i64,
            buf: -((-a.time_buffer_ns()).div_euclid(NS)) as i64,
            lo,
            hi,
            vsep: a.vertical_separation_m(),
            sep: a.separation_rad(),
            cap: a.cap(),
        }
    }

    /// Necessary for [`conflict`] (parties, time, altitude, bounding caps).
    fn may_conflict(&self, y: &Summary) -> bool {
        let (lo, hi) = (self.lo.max(y.lo), self.hi.min(y.hi));
        self.party != y.party
            && self.t0.max(y.t0) - self.t1.min(y.t1) < self.buf.max(y.buf)
            && (lo <= hi || lo - hi < self.vsep.max(y.vsep))
            && self.cap.may_reach(&y.cap, self.sep.max(y.sep))
    }
}

/// The set of declared activities with a spatio-temporal index.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    slots: Vec<Option<Activity>>,
    summaries: Vec<Summary>,
    free: Vec<u32>,
    by_id: HashMap<String, u32>,
    grid: Grid,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Number of declared activities.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Activity> {
        let slot = *self.by_id.get(id)?;
        self.slots.get(slot as usize)?.as_ref()
    }

    /// All declared activities, in no particular order.
    pub fn activities(&self) -> impl Iterator<Item = &Activity> + '_ {
        self.slots.iter().flatten()
    }

    /// Live slots that may conflict with `q` (by the summaries), sorted,
    /// without repeats; only slots above `above` when given.
    fn candidates(&self, b: &Bounds, q: &Summary, above: Option<u32>) -> Vec<u32> {
        let above = |s: u32| above.is_none_or(|i| s > i);
        let mut c = Vec::new();
        if !self.grid.for_each_candidate(b, |s| {
            if above(s) {
                c.push(s)
            }
        }) {
            c = (0..self.slots.len() as u32).filter(|&s| above(s)).collect();
        }
        // Repeats first (cheap, sequential), then the summaries (random access).
        c.sort_unstable();
        c.dedup();
        c.retain(|&s| self.summaries.get(s as usize).is_some_and(|y| y.live && q.may_conflict(y)));
        c
    }

    /// Conflicts of `a` with the declared activities (other than one with
    /// the same id), sorted by `(a, b)`. Does not change the engine.
    pub fn conflicts_of(&self, a: &Activity) -> Vec<Conflict> {
        let mut out: Vec<Conflict> = self
            .candidates(&bounds_of(a), &Summary::of(a), None)
            .into_iter()
            .filter_map(|s| self.slots.get(s as usize)?.as_ref())
            .filter_map(|other| conflict(a, other))
            .collect();
        sort_conflicts(&mut out);
        out
    }

    fn insert(&mut self, a: Activity) {
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.grid.insert(slot, &bounds_of(&a));
        self.by_id.insert(a.id().to_owned(), slot);
        let summary = Summary::of(&a);
        if let Some(x) = self.summaries.get_mut(slot as usize) {
            *x = summary;
        } else {
            self.summaries.push(summary);
        }
        self.slots[slot as usize] = Some(a);
    }

    fn remove(&mut self, id: &str) -> Option<Activity> {
        let slot = self.by_id.remove(id)?;
        let a = self.slots.get_mut(slot as usize)?.take()?;
        self.grid.remove(slot, &bounds_of(&a));
        if let Some(x) = self.summaries.get_mut(slot as usize) {
            x.live = false;
        }
        self.free.push(slot);
        Some(a)
    }

    /// Declare a new activity; returns its conflicts with those already declared.
    pub fn declare(&mut self, a: Activity) -> Result<Vec<Conflict>, DeconError> {
        if self.by_id.contains_key(a.id()) {
            return Err(DeconError::Duplicate(a.id().to_owned()));
        }
        let out = self.conflicts_of(&a);
        self.insert(a);
        Ok(out)
    }

    /// Adds an activity already declared elsewhere (a restart loading what the
    /// database holds) to the index, without computing its conflicts: those
    /// were answered when it was declared, and `all_conflicts` gives them all.
    pub fn load(&mut self, a: Activity) -> Result<(), DeconError> {
        if self.by_id.contains_key(a.id()) {
            return Err(DeconError::Duplicate(a.id().to_owned()));
        }
        self.insert(a);
        Ok(())
    }

    /// Replace a declared activity (same id); returns the conflicts of the
    /// new version. Its old conflicts disappear with it.
    pub fn amend(&mut self, a: Activity) -> Result<Vec<Conflict>, DeconError> {
        if !self.by_id.contains_key(a.id()) {
            return Err(DeconError::Unknown(a.id().to_owned()));
        }
        self.remove(a.id());
        let out = self.conflicts_of(&a);
        self.insert(a);
        Ok(out)
    }

    /// Withdraw a declared activity and return it.
    pub fn cancel(&mut self, id: &str) -> Result<Activity, DeconError> {
        self.remove(id).ok_or_else(|| DeconError::Unknown(id.to_owned()))
    }

    /// Every conflicting pair among the declared activities, once, sorted by `(a, b)`.
    pub fn all_conflicts(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        for (i, a) in self.slots.iter().enumerate() {
            let Some(a) = a else { continue };
            let q = self.summaries.get(i).copied().unwrap_or_else(|| Summary::of(a));
            for j in self.candidates(&bounds_of(a), &q, Some(i as u32)) {
                if let Some(Some(b)) = self.slots.get(j as usize)
                    && let Some(c) = conflict(a, b)
                {
                    out.push(c);
                }
            }
        }
        sort_conflicts(&mut out);
        out
    }

    /// Ids (sorted) of activities whose footprint shares a point with
    /// `region` and whose window overlaps `[from, to)`.
    pub fn query(&self, region: &Shape, from: OffsetDateTime, to: OffsetDateTime) -> Vec<String> {
        let (f, t) = (from.unix_timestamp_nanos(), to.unix_timestamp_nanos());
        let b = Bounds { cap: region.bounding_cap(), t0: f, t1: t };
        let mut c = self.grid.candidates(&b).unwrap_or_else(|| (0..self.slots.len() as u32).collect());
        c.retain(|&s| self.summaries.get(s as usize).is_some_and(|y| y.live && y.cap.may_reach(&b.cap, 0.0)));
        let mut out: Vec<String> = c
            .into_iter()
            .filter_map(|s| self.slots.get(s as usize)?.as_ref())
            .filter(|a| a.overlaps_window(f, t))
            .filter(|a| a.cap().may_reach(&b.cap, 0.0))
            .filter(|a| shape_distance_within(region, a.shape(), 0.0).is_some())
            .map(|a| a.id().to_owned())
            .collect();
        out.sort();
        out
    }

    /// [`Engine::query`] with a GeoJSON region (validated like a footprint;
    /// errors name the activity `query region`).
    pub fn query_geojson(
        &self,
        region: &GeoJson,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<String>, DeconError> {
        let shape = region.to_shape().map_err(|fault| DeconError::Invalid { id: "query region".to_owned(), fault })?;
        Ok(self.query(&shape, from, to))
    }

    /// Estimated bytes held: activities, id map, slots and the grid.
    pub fn memory_bytes(&self) -> usize {
        let acts: usize = self.activities().map(|a| a.memory_bytes()).sum();
        let slots = (self.slots.capacity() * std::mem::size_of::<Option<Activity>>())
            .saturating_sub(self.len() * std::mem::size_of::<Activity>());
        let ids = self.by_id.capacity() * (std::mem::size_of::<String>() + 4 + 8)
            + self.by_id.keys().map(|k| k.len()).sum::<usize>();
        acts + slots
            + ids
            + self.grid.memory_bytes()
            + self.free.capacity() * 4
            + self.summaries.capacity() * std::mem::size_of::<Summary>()
    }

    /// Grid statistics: (key memberships, non-empty keys).
    pub fn grid_stats(&self) -> (usize, usize) {
        self.grid.stats()
    }

    /// Number of activities filed in the grid's wide list.
    pub fn wide_len(&self) -> usize {
        self.grid.wide_len()
    }
}
