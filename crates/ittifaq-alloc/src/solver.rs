//! The solver: Lagrangian relaxation for the bound, greedy and local search
//! for the plan.
//!
//! 1. **Static filtering.** A nomination is a *candidate* when the rank and
//!    language fit, the session, party quota, person and unit limits are all
//!    at least one, and every required qualification is held or granted by
//!    another candidate nomination of the same person whose session ends
//!    before this one starts (greatest fixpoint). Every feasible plan only
//!    uses candidates.
//! 2. **Lagrangian relaxation.** Capacity, party quotas and unit-away limits
//!    (one constraint per unit and per maximal run of days on which the set
//!    of covering sessions is constant, when it can bind and no
//!    neighbouring run's implies it) are dualised with multipliers
//!    `λ, π, μ ≥ 0`. What remains decomposes per person: choose pairwise
//!    non-overlapping candidate sessions, at most `max_sessions`, maximising
//!    reduced weight. That is solved exactly (weighted interval scheduling
//!    with a cardinality limit); prerequisite chains are dropped, which only
//!    relaxes further. So for any multipliers the dual value is an upper
//!    bound; since objectives are integers, its floor is one too. The
//!    multipliers follow a projected subgradient method with Polyak steps
//!    along a deflected direction (the subgradient plus a share of the
//!    previous direction).
//! 3. **Primal heuristics.** Greedy insertion in reduced-weight order (and in
//!    weight order), then local search: insert a refused nomination by
//!    ejecting cheaper assignments, re-seat the ejected people and refill the
//!    freed seats, keep the move if the total weight rises. The local search
//!    also runs inside the subgradient loop, so that the loop can stop as
//!    soon as the plan is proven within the gap target.
//! 4. **Reasons.** Every refused nomination gets the first true reason (see
//!    [`crate::checker`]) in the order rank, language, prerequisite,
//!    capacity, quota, overlap, person limit, unit limit.

use std::time::{Duration, Instant};

use crate::AllocError;
use crate::fairness::report;
use crate::model::{
    AllocResult, Assignment, FairnessReport, Instance, Lists, Model, PriorityFair, Reason, Stats, Unassigned,
};

/// Solver settings.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock budget for the whole solve (approximate).
    pub time_limit: Duration,
    /// Upper limit on subgradient iterations.
    pub max_iterations: usize,
    /// Fairness floor: after optimising, try to bring every unit's granted
    /// share of its nominated weight (as in [`mod@crate::fairness`]) up to this
    /// value, by insertions that eject assignments of units that stay at or
    /// above it. Best effort; it costs total weight (see
    /// `docs/benchmarks-alloc.md`). `None` (the default) disables it.
    pub min_unit_share: Option<f64>,
    /// Priority-fair mode: after optimising, remove every justified envy
    /// (see [`mod@crate::fairness`]) by moves that may cost total weight; the
    /// cost is stated in [`AllocResult::priority_fair`]. Takes precedence
    /// over `min_unit_share`, which it would undo.
    pub priority_fair: bool,
    /// Fill [`AllocResult::fairness`] with the fairness report.
    pub report_fairness: bool,
    /// Relative gap target (`(bound − objective) / bound`), like a MIP
    /// solver's: the solver stops as soon as the plan is proven within it
    /// (and skips the local search when it already is). 0 (the default)
    /// works on until the bound meets the plan or a time or iteration limit.
    pub gap: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: Duration::from_secs(30),
            max_iterations: 300,
            min_unit_share: None,
            priority_fair: false,
            report_fairness: false,
            gap: 0.0,
        }
    }
}

/// Validate and solve an instance.
pub fn solve(instance: &Instance, options: &SolveOptions) -> Result<AllocResult, AllocError> {
    let started = Instant::now();
    let model = Model::new(instance)?;
    Ok(solve_model(&model, options, started))
}

/// Unit-away segments: per unit with a limit, the maximal runs of days on
/// which the set of covering candidate sessions is constant, less those
/// whose limit can never bind (no more people could be away) or is implied
/// by a neighbour's (whose set of sessions contains theirs).
struct Segments {
    /// For each nomination, its range in the flat segment array.
    nom_range: Vec<(u32, u32)>,
    /// The unit limit of each flat segment.
    cap: Vec<u32>,
    /// What testing an insertion needs of each nomination, in one place.
    noms: Vec<NomData>,
    /// Seats of each session.
    capacity: Vec<u32>,
    /// The quota of each (session, party), `u32::MAX` when none.
    quota: Vec<u32>,
    /// The most sessions of each person.
    limit: Vec<u32>,
}

/// A nomination as insertion tests see it.
#[derive(Clone, Copy)]
struct NomData {
    session: u32,
    person: u32,
    /// Index of its (session, party) in `Segments::quota`.
    quota: u32,
    /// Whether its person's unit has `max_away` 0.
    unit_closed: bool,
    /// Whether its course requires a qualification that its person does
    /// not hold (only then can its prerequisites depend on the plan).
    open_prereq: bool,
    /// Whether its course grants a qualification that its person does not
    /// hold and another of the person's nominations requires (only then
    /// can withdrawing it break a prerequisite).
    feeds_prereq: bool,
    start: i32,
    end: i32,
    weight: i64,
}

fn build_segments(m: &Model, cand: &[bool]) -> Segments {
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); m.units.len()];
    for (p, person) in m.people.iter().enumerate() {
        members[person.unit as usize].push(p as u32);
    }
    let mut nom_range = vec![(0u32, 0u32); m.nominations.len()];
    let mut cap = Vec::new();
    for (u, unit) in m.units.iter().enumerate() {
        let Some(limit) = unit.max_away else { continue };
        let mut points: Vec<i64> = Vec::new();
        for &p in &members[u] {
            for &n in &m.person_noms[p as usize] {
                if cand[n as usize] {
                    let s = &m.sessions[m.nominations[n as usize].session as usize];
                    points.push(i64::from(s.start));
                    points.push(i64::from(s.end) + 1);
                }
            }
        }
        points.sort_unstable();
        points.dedup();
        if points.len() < 2 {
            continue;
        }
        // Each nomination's range of elementary segments (between
        // consecutive points), per person in day order.
        let span = |n: u32| {
            let s = &m.sessions[m.nominations[n as usize].session as usize];
            let a = points.partition_point(|&x| x < i64::from(s.start));
            let b = points.partition_point(|&x| x < i64::from(s.end) + 1);
            (a, b)
        };
        let count = points.len() - 1;
        // People away on each segment if all their candidates were granted
        // (overlapping ones count once), and whether sessions start or
        // end at each point.
        let mut away = vec![0i64; count + 1];
        let (mut starts, mut ends) = (vec![false; points.len()], vec![false; points.len()]);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for &p in &members[u] {
            spans.clear();
            spans.extend(m.person_noms[p as usize].iter().filter(|&&n| cand[n as usize]).map(|&n| span(n)));
            spans.sort_unstable();
            let mut run: Option<(usize, usize)> = None;
            for &(a, b) in &spans {
                starts[a] = true;
                ends[b] = true;
                run = match run {
                    Some((ra, rb)) if a < rb => Some((ra, rb.max(b))),
                    Some((ra, rb)) => {
                        away[ra] += 1;
                        away[rb] -= 1;
                        Some((a, b))
                    }
                    None => Some((a, b)),
                };
            }
            if let Some((ra, rb)) = run {
                away[ra] += 1;
                away[rb] -= 1;
            }
        }
        // A segment's limit matters only if more people than it could be
        // away then, and if it is not implied by a neighbour's: the set of
        // sessions covering a segment grows at a point where sessions only
        // start and shrinks where they only end, so a segment followed by
        // such a start, or preceded by such an end, has a superset beside
        // it with the same limit.
        let mut kept_before = vec![0u32; count + 1];
        let mut on_day = 0i64;
        for j in 0..count {
            on_day += away[j];
            let implied = (starts[j + 1] && !ends[j + 1]) || (ends[j] && !starts[j]);
            let keep = on_day > i64::from(limit) && !implied;
            kept_before[j + 1] = kept_before[j] + u32::from(keep);
        }
        let off = cap.len() as u32;
        cap.extend(std::iter::repeat_n(limit, kept_before[count] as usize));
        for &p in &members[u] {
            for &n in &m.person_noms[p as usize] {
                if cand[n as usize] {
                    let (a, b) = span(n);
                    nom_range[n as usize] = (off + kept_before[a], off + kept_before[b]);
                }
            }
        }
    }
    let mut feeds_prereq = vec![false; m.nominations.len()];
    for (p, noms) in m.person_noms.iter().enumerate() {
        let held = &m.people[p].qualifications;
        let course = |n: u32| &m.courses[m.sessions[m.nominations[n as usize].session as usize].course as usize];
        for &n in noms {
            if let Some(g) = course(n).grants
                && held.binary_search(&g).is_err()
            {
                feeds_prereq[n as usize] = noms.iter().any(|&o| o != n && course(o).requires.contains(&g));
            }
        }
    }
    let np = m.parties.len();
    let noms = m
        .nominations
        .iter()
        .zip(feeds_prereq)
        .map(|(nom, feeds_prereq)| {
            let person = &m.people[nom.person as usize];
            let sess = &m.sessions[nom.session as usize];
            let course = &m.courses[sess.course as usize];
            NomData {
                session: nom.session,
                person: nom.person,
                quota: (nom.session as usize * np + person.party as usize) as u32,
                unit_closed: m.units[person.unit as usize].max_away == Some(0),
                open_prereq: course.requires.iter().any(|q| person.qualifications.binary_search(q).is_err()),
                feeds_prereq,
                start: sess.start,
                end: sess.end,
                weight: nom.weight,
            }
        })
        .collect();
    let capacity = m.sessions.iter().map(|s| s.capacity).collect();
    let quota = m.sessions.iter().flat_map(|s| s.quota.iter().map(|q| q.unwrap_or(u32::MAX))).collect();
    let limit = m.people.iter().map(|p| p.max_sessions).collect();
    Segments { nom_range, cap, noms, capacity, quota, limit }
}

/// Candidate nominations (see the module documentation).
fn candidates(m: &Model) -> Vec<bool> {
    let mut cand: Vec<bool> = (0..m.nominations.len() as u32)
        .map(|n| {
            let nom = &m.nominations[n as usize];
            let s = &m.sessions[nom.session as usize];
            let p = &m.people[nom.person as usize];
            m.static_reason(n).is_none()
                && s.capacity > 0
                && s.quota[p.party as usize] != Some(0)
                && p.max_sessions > 0
                && m.units[p.unit as usize].max_away != Some(0)
        })
        .collect();
    // Prerequisites only involve the person's own nominations: each
    // person's greatest fixpoint is reached on its own.
    for (p, noms) in m.person_noms.iter().enumerate() {
        let person = &m.people[p];
        loop {
            let mut changed = false;
            for &n in noms {
                if !cand[n as usize] {
                    continue;
                }
                let s = &m.sessions[m.nominations[n as usize].session as usize];
                let ok = m.courses[s.course as usize].requires.iter().all(|q| {
                    person.qualifications.binary_search(q).is_ok()
                        || noms.iter().any(|&o| {
                            let so = &m.sessions[m.nominations[o as usize].session as usize];
                            o != n
                                && cand[o as usize]
                                && so.end < s.start
                                && m.courses[so.course as usize].grants == Some(*q)
                        })
                });
                if !ok {
                    cand[n as usize] = false;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
    cand
}

/// The assigned nominations of each person (or session), in the order they
/// were added: list `i` lives in the slots of `lists[i]` (a person or
/// session cannot hold more nominations than it has), so the plan needs no
/// allocation per person and clones with a few copies.
#[derive(Clone)]
struct Slots<'a> {
    lists: &'a Lists,
    len: Vec<u32>,
    items: Vec<u32>,
}

impl<'a> Slots<'a> {
    fn new(lists: &'a Lists) -> Slots<'a> {
        Slots { lists, len: vec![0; lists.len()], items: vec![0; lists.total()] }
    }

    fn push(&mut self, i: usize, v: u32) {
        let at = self.lists.start(i) + self.len[i] as usize;
        // A list never holds more than its nominations, each once.
        debug_assert!(at < self.lists.start(i + 1));
        self.items[at] = v;
        self.len[i] += 1;
    }

    /// Remove `v` from list `i`, keeping the others' order.
    fn remove(&mut self, i: usize, v: u32) {
        let (a, n) = (self.lists.start(i), self.len[i] as usize);
        if let Some(k) = self.items[a..a + n].iter().position(|&x| x == v) {
            self.items.copy_within(a + k + 1..a + n, a + k);
            self.len[i] -= 1;
        }
    }
}

impl std::ops::Index<usize> for Slots<'_> {
    type Output = [u32];
    fn index(&self, i: usize) -> &[u32] {
        let a = self.lists.start(i);
        &self.items[a..a + self.len[i] as usize]
    }
}

/// A plan under construction, with the counters needed to test insertions.
#[derive(Clone)]
struct Plan<'a> {
    m: &'a Model,
    seg: &'a Segments,
    assigned: Vec<bool>,
    sess_count: Vec<u32>,
    quota_count: Vec<u32>,
    person_assigned: Slots<'a>,
    /// The assigned nominations of each session.
    sess_holders: Slots<'a>,
    seg_count: Vec<u32>,
    objective: i64,
    journal: Vec<(bool, u32)>,
}

impl<'a> Plan<'a> {
    fn new(m: &'a Model, seg: &'a Segments) -> Plan<'a> {
        Plan {
            m,
            seg,
            assigned: vec![false; m.nominations.len()],
            sess_count: vec![0; m.sessions.len()],
            quota_count: vec![0; m.sessions.len() * m.parties.len()],
            person_assigned: Slots::new(&m.person_noms),
            sess_holders: Slots::new(&m.session_noms),
            seg_count: vec![0; seg.cap.len()],
            objective: 0,
            journal: Vec::new(),
        }
    }

    fn prereq_ok(&self, n: u32) -> bool {
        if !self.seg.noms[n as usize].open_prereq {
            return true;
        }
        let m = self.m;
        let nom = &m.nominations[n as usize];
        let s = &m.sessions[nom.session as usize];
        let person = &m.people[nom.person as usize];
        m.courses[s.course as usize].requires.iter().all(|q| {
            person.qualifications.binary_search(q).is_ok()
                || self.person_assigned[nom.person as usize].iter().any(|&o| {
                    let so = &m.sessions[m.nominations[o as usize].session as usize];
                    o != n && so.end < s.start && m.courses[so.course as usize].grants == Some(*q)
                })
        })
    }

    /// Why `n` cannot be added to the plan now, or `Ok` if it can.
    fn can_add(&self, n: u32) -> Result<(), Reason> {
        let seg = self.seg;
        let d = &seg.noms[n as usize];
        let (p, s) = (d.person as usize, d.session as usize);
        if !self.prereq_ok(n) {
            return Err(Reason::MissingPrerequisite);
        }
        if self.sess_count[s] >= seg.capacity[s] {
            return Err(Reason::Capacity);
        }
        if self.quota_count[d.quota as usize] >= seg.quota[d.quota as usize] {
            return Err(Reason::Quota);
        }
        let mine = &self.person_assigned[p];
        if mine.iter().any(|&o| {
            let e = &seg.noms[o as usize];
            e.start <= d.end && d.start <= e.end
        }) {
            return Err(Reason::PersonOverlap);
        }
        if mine.len() >= seg.limit[p] as usize {
            return Err(Reason::PersonLimit);
        }
        if d.unit_closed {
            return Err(Reason::UnitAwayLimit);
        }
        let (a, b) = seg.nom_range[n as usize];
        if (a..b).any(|i| self.seg_count[i as usize] >= seg.cap[i as usize]) {
            return Err(Reason::UnitAwayLimit);
        }
        Ok(())
    }

    fn apply(&mut self, n: u32, add: bool) {
        let d = self.seg.noms[n as usize];
        let (p, s, qi) = (d.person as usize, d.session as usize, d.quota as usize);
        let (a, b) = self.seg.nom_range[n as usize];
        if add {
            self.assigned[n as usize] = true;
            self.sess_count[s] += 1;
            self.quota_count[qi] += 1;
            self.person_assigned.push(p, n);
            self.sess_holders.push(s, n);
            for i in a..b {
                self.seg_count[i as usize] += 1;
            }
            self.objective += d.weight;
        } else {
            self.assigned[n as usize] = false;
            self.sess_count[s] = self.sess_count[s].saturating_sub(1);
            self.quota_count[qi] = self.quota_count[qi].saturating_sub(1);
            self.person_assigned.remove(p, n);
            self.sess_holders.remove(s, n);
            for i in a..b {
                self.seg_count[i as usize] = self.seg_count[i as usize].saturating_sub(1);
            }
            self.objective -= d.weight;
        }
        self.journal.push((add, n));
    }

    fn add(&mut self, n: u32) {
        self.apply(n, true);
    }

    fn remove(&mut self, n: u32) {
        self.apply(n, false);
    }

    fn mark(&self) -> usize {
        self.journal.len()
    }

    fn rollback(&mut self, mark: usize) {
        while self.journal.len() > mark {
            let Some((added, n)) = self.journal.pop() else {
                break;
            };
            self.apply(n, !added);
            self.journal.pop();
        }
    }

    /// Whether removing assigned `n` keeps the prerequisites of the person's
    /// other assignments satisfied.
    fn removable(&self, n: u32) -> bool {
        if !self.seg.noms[n as usize].feeds_prereq {
            return true;
        }
        let m = self.m;
        let nom = &m.nominations[n as usize];
        let s = &m.sessions[nom.session as usize];
        let Some(g) = m.courses[s.course as usize].grants else {
            return true;
        };
        let person = &m.people[nom.person as usize];
        if person.qualifications.binary_search(&g).is_ok() {
            return true;
        }
        let mine = &self.person_assigned[nom.person as usize];
        mine.iter().all(|&b| {
            let sb = &m.sessions[m.nominations[b as usize].session as usize];
            b == n
                || !m.courses[sb.course as usize].requires.contains(&g)
                || mine.iter().any(|&c| {
                    let sc = &m.sessions[m.nominations[c as usize].session as usize];
                    c != n && c != b && sc.end < sb.start && m.courses[sc.course as usize].grants == Some(g)
                })
        })
    }

    /// Withdraw the person's assignments whose prerequisites no longer
    /// hold, until none is left. Fails (leaving a partial withdrawal for the
    /// caller to roll back) when one of them weighs `protect` or more.
    fn cascade(&mut self, person: usize, protect: i64) -> bool {
        loop {
            let broken = self.person_assigned[person].iter().copied().find(|&a| !self.prereq_ok(a));
            let Some(a) = broken else { return true };
            if self.m.nominations[a as usize].weight >= protect {
                return false;
            }
            self.remove(a);
        }
    }

    /// A justified envy of refused nomination `n` (see [`crate::fairness`]):
    /// an assigned nomination `m` of the same session and party with a lower
    /// weight, and a set `L` of the person's assignments lighter than `n`,
    /// such that withdrawing `L` and `m` (and whatever relied on their
    /// qualifications) lets `n` in. Leaves the plan unchanged.
    fn find_envy(&mut self, n: u32) -> Option<(u32, Vec<u32>)> {
        let m = self.m;
        if self.assigned[n as usize] || m.static_reason(n).is_some() {
            return None;
        }
        let nom = &m.nominations[n as usize];
        let (i, s, w) = (nom.person as usize, nom.session, nom.weight);
        let person = &m.people[i];
        // The person's heavier assignments stay; they must leave room (the
        // cheaper test first: most refusals fail it).
        let heavy = || self.person_assigned[i].iter().copied().filter(|&a| m.nominations[a as usize].weight >= w);
        if heavy().count() >= person.max_sessions as usize
            || heavy().any(|a| m.overlap(m.nominations[a as usize].session, s))
        {
            return None;
        }
        let mut holders: Vec<u32> = {
            let mut v: Vec<u32> = m.session_noms[s as usize]
                .iter()
                .copied()
                .filter(|&o| {
                    let on = &m.nominations[o as usize];
                    self.assigned[o as usize] && on.weight < w && m.people[on.person as usize].party == person.party
                })
                .collect();
            // Holders of the same unit first: only they can free unit days.
            v.sort_by_key(|&o| (m.people[m.nominations[o as usize].person as usize].unit != person.unit, o));
            v
        };
        if holders.is_empty() {
            return None;
        }
        let mine = self.person_assigned[i].to_vec();
        let mut light: Vec<u32> = mine.iter().copied().filter(|&a| m.nominations[a as usize].weight < w).collect();
        light.sort_by_key(|&a| (m.nominations[a as usize].weight, a));
        light.truncate(MAX_ENVY_DROPS);
        holders.truncate(MAX_ENVY_HOLDERS);
        // Dropping fewer light assignments only tightens every rule but
        // prerequisites: if dropping them all leaves `n` blocked by another
        // rule than those two, no subset helps.
        if !light.is_empty() {
            let mark = self.mark();
            for &a in &light {
                self.remove(a);
            }
            let verdict = if self.cascade(i, w) {
                self.remove(holders[0]);
                self.cascade(m.nominations[holders[0] as usize].person as usize, i64::MAX);
                self.can_add(n)
            } else {
                Err(Reason::MissingPrerequisite)
            };
            self.rollback(mark);
            if verdict.is_err_and(|r| r != Reason::MissingPrerequisite && r != Reason::UnitAwayLimit) {
                return None;
            }
        }
        let mut masks: Vec<u32> = (0..1u32 << light.len()).collect();
        masks.sort_by_key(|&x| (x.count_ones(), x));
        let unit_of = |o: u32| m.people[m.nominations[o as usize].person as usize].unit;
        for mask in masks {
            let mark = self.mark();
            let drop: Vec<u32> = (0..light.len()).filter(|b| mask >> b & 1 == 1).map(|b| light[b]).collect();
            for &a in &drop {
                self.remove(a);
            }
            if self.cascade(i, w) {
                for (k, &h) in holders.iter().enumerate() {
                    if k > 0 && unit_of(h) != person.unit {
                        break;
                    }
                    let inner = self.mark();
                    self.remove(h);
                    let j = m.nominations[h as usize].person as usize;
                    self.cascade(j, i64::MAX);
                    let verdict = self.can_add(n);
                    self.rollback(inner);
                    match verdict {
                        Ok(()) => {
                            self.rollback(mark);
                            return Some((h, drop));
                        }
                        Err(Reason::UnitAwayLimit) => {}
                        Err(_) => break,
                    }
                }
            }
            self.rollback(mark);
        }
        None
    }

    /// Every refused nomination with a justified envy.
    fn envious(&mut self) -> Vec<u32> {
        let m = self.m;
        let np = m.parties.len();
        // The lightest assignment of each session and party: a nomination
        // no heavier has no lighter holder to envy, and is skipped.
        let mut lightest = vec![i64::MAX; m.sessions.len() * np];
        for (n, nom) in m.nominations.iter().enumerate() {
            if self.assigned[n] {
                let slot = nom.session as usize * np + m.people[nom.person as usize].party as usize;
                lightest[slot] = lightest[slot].min(nom.weight);
            }
        }
        (0..m.nominations.len() as u32)
            .filter(|&n| {
                let nom = &m.nominations[n as usize];
                let slot = nom.session as usize * np + m.people[nom.person as usize].party as usize;
                nom.weight > lightest[slot] && self.find_envy(n).is_some()
            })
            .collect()
    }

    /// Insert every nomination of `order` that fits, then retry (in order)
    /// those refused for a missing prerequisite while that unlocks more.
    fn greedy(&mut self, order: &[u32]) {
        let mut blocked: Vec<u32> = Vec::new();
        for &n in order {
            if self.assigned[n as usize] {
                continue;
            }
            match self.can_add(n) {
                Ok(()) => self.add(n),
                Err(Reason::MissingPrerequisite) => blocked.push(n),
                Err(_) => {}
            }
        }
        for _ in 0..4 {
            let before = blocked.len();
            blocked.retain(|&n| match self.can_add(n) {
                Ok(()) => {
                    self.add(n);
                    false
                }
                Err(Reason::MissingPrerequisite) => true,
                Err(_) => false,
            });
            if blocked.len() == before || blocked.is_empty() {
                break;
            }
        }
    }
}

/// One candidate nomination as the subproblem needs it, stored by person.
#[derive(Clone, Copy)]
struct Item {
    weight: f64,
    n: u32,
    session: u32,
    /// Index of the (session, party) quota multiplier.
    quota: u32,
    /// Range in the flat segment array.
    seg: (u32, u32),
    start: i32,
    end: i32,
}

/// One person's candidates in [`Lagrange::items`].
#[derive(Clone, Copy)]
struct Group {
    start: u32,
    end: u32,
    person: u32,
    /// The most sessions the person may attend.
    limit: u32,
    /// At most one session and no prerequisite among the candidates: the
    /// best positive candidate is the subproblem's solution.
    single: bool,
    /// Some candidate needs a qualification another candidate grants, and
    /// there are few enough candidates to enumerate their subsets (see
    /// [`MAX_ENUMERATED`]): prerequisites are kept in the subproblem.
    chain: bool,
    /// For a chain: its feasible subsets of candidates (as bit masks over
    /// the group's items, in increasing order), a range in
    /// [`Lagrange::masks`]; empty when there are too many to keep.
    masks: (u32, u32),
}

/// The Lagrangian state and per-person subproblem.
struct Lagrange<'a> {
    m: &'a Model,
    /// Candidates, grouped by person.
    items: Vec<Item>,
    /// Each person with candidates: where they are in `items`, and how
    /// the person's subproblem is solved.
    groups: Vec<Group>,
    lambda: Vec<f64>,
    pi: Vec<f64>,
    mu: Vec<f64>,
    /// The reduced weight of each item at the last evaluation.
    reduced: Vec<f64>,
    chosen: Vec<bool>,
    /// The nominations chosen at the last evaluation.
    chosen_list: Vec<u32>,
    /// Prefix sums of `mu` (reused between evaluations).
    prefix: Vec<f64>,
    /// The feasible subsets of the chains' candidates (see `Group::masks`).
    masks: Vec<u16>,
}

impl<'a> Lagrange<'a> {
    fn new(m: &'a Model, seg: &'a Segments, cand: &[bool]) -> Lagrange<'a> {
        let np = m.parties.len();
        let mut items = Vec::with_capacity(cand.iter().filter(|&&c| c).count());
        let mut offsets = Vec::with_capacity(m.people.len() + 1);
        offsets.push(0u32);
        for (p, noms) in m.person_noms.iter().enumerate() {
            let party = m.people[p].party as usize;
            for &n in noms.iter().filter(|&&n| cand[n as usize]) {
                let nom = &m.nominations[n as usize];
                let sess = &m.sessions[nom.session as usize];
                items.push(Item {
                    weight: nom.weight as f64,
                    n,
                    session: nom.session,
                    quota: (nom.session as usize * np + party) as u32,
                    seg: seg.nom_range[n as usize],
                    start: sess.start,
                    end: sess.end,
                });
            }
            offsets.push(items.len() as u32);
        }
        let mut masks = Vec::new();
        let groups = (0..m.people.len())
            .filter(|&p| offsets[p] < offsets[p + 1])
            .map(|p| {
                let (start, end) = (offsets[p], offsets[p + 1]);
                let held = &m.people[p].qualifications;
                let chained = items[start as usize..end as usize].iter().any(|it| {
                    let s = &m.sessions[it.session as usize];
                    m.courses[s.course as usize].requires.iter().any(|q| held.binary_search(q).is_err())
                });
                let chain = chained && (end - start) as usize <= MAX_ENUMERATED;
                let limit = m.people[p].max_sessions;
                // Which subsets of a chain's candidates are feasible does
                // not depend on the multipliers: found once.
                let from = masks.len();
                if chain {
                    let spans: Vec<(i32, i32, u32)> =
                        items[start as usize..end as usize].iter().map(|it| (it.start, it.end, it.n)).collect();
                    let person = &m.people[p];
                    masks.extend(
                        (1u32..1 << spans.len()).filter(|&x| chain_feasible(m, &spans, person, x)).map(|x| x as u16),
                    );
                    if masks.len() - from > MAX_CHAIN_MASKS {
                        masks.truncate(from);
                    }
                }
                let range = (from as u32, masks.len() as u32);
                Group { start, end, person: p as u32, limit, single: limit == 1 && !chain, chain, masks: range }
            })
            .collect();
        Lagrange {
            m,
            reduced: vec![0.0; items.len()],
            items,
            groups,
            lambda: vec![0.0; m.sessions.len()],
            pi: vec![0.0; m.sessions.len() * np],
            mu: vec![0.0; seg.cap.len()],
            chosen: vec![false; m.nominations.len()],
            chosen_list: Vec::new(),
            prefix: Vec::with_capacity(seg.cap.len() + 1),
            masks,
        }
    }

    /// Evaluate the dual function at the current multipliers; fills
    /// `reduced`, `chosen` and `chosen_list`, returns the dual value.
    fn evaluate(&mut self, scratch: &mut Vec<(f64, i32, i32, u32)>, dp: &mut DpBuffers, caps: &[u32]) -> f64 {
        let m = self.m;
        let np = m.parties.len();
        let mut prefix = std::mem::take(&mut self.prefix);
        prefix.clear();
        prefix.push(0.0);
        let mut acc = 0.0;
        for &x in &self.mu {
            acc += x;
            prefix.push(acc);
        }
        let mut value = 0.0;
        for (s, sess) in m.sessions.iter().enumerate() {
            value += self.lambda[s] * f64::from(sess.capacity);
            for (party, q) in sess.quota.iter().enumerate() {
                if let Some(q) = q {
                    value += self.pi[s * np + party] * f64::from(*q);
                }
            }
        }
        for (i, &c) in caps.iter().enumerate() {
            value += self.mu[i] * f64::from(c);
        }
        for &n in &self.chosen_list {
            self.chosen[n as usize] = false;
        }
        self.chosen_list.clear();
        let (lambda, pi) = (&self.lambda, &self.pi);
        let reduced = |it: &Item| {
            it.weight
                - lambda[it.session as usize]
                - pi[it.quota as usize]
                - (prefix[it.seg.1 as usize] - prefix[it.seg.0 as usize])
        };
        for g in &self.groups {
            let (a, b) = (g.start as usize, g.end as usize);
            let items = &self.items[a..b];
            let out = &mut self.reduced[a..b];
            if g.single {
                // The best single candidate, if positive.
                let mut best: Option<(f64, u32)> = None;
                for (it, o) in items.iter().zip(out.iter_mut()) {
                    let r = reduced(it);
                    *o = r;
                    if r > 0.0 && best.is_none_or(|(b, _)| r > b) {
                        best = Some((r, it.n));
                    }
                }
                if let Some((r, n)) = best {
                    value += r;
                    self.chosen[n as usize] = true;
                    self.chosen_list.push(n);
                }
                continue;
            }
            if g.masks.0 < g.masks.1 {
                // The best feasible subset (the first of the best, in
                // increasing order of masks, as `best_chain_subset`).
                for (it, o) in items.iter().zip(out.iter_mut()) {
                    *o = reduced(it);
                }
                let (mut best, mut best_mask) = (0.0, 0u16);
                for &mask in &self.masks[g.masks.0 as usize..g.masks.1 as usize] {
                    let (mut v, mut bits) = (0.0, mask);
                    while bits != 0 {
                        v += out[bits.trailing_zeros() as usize];
                        bits &= bits - 1;
                    }
                    if v > best {
                        (best, best_mask) = (v, mask);
                    }
                }
                value += best;
                for (i, it) in items.iter().enumerate() {
                    if best_mask >> i & 1 == 1 {
                        self.chosen[it.n as usize] = true;
                        self.chosen_list.push(it.n);
                    }
                }
                continue;
            }
            scratch.clear();
            for (it, o) in items.iter().zip(out.iter_mut()) {
                let r = reduced(it);
                *o = r;
                if r > 0.0 || g.chain {
                    scratch.push((r, it.start, it.end, it.n));
                }
            }
            let before = self.chosen_list.len();
            let fits_all = !g.chain
                && scratch.len() <= g.limit as usize
                && scratch.iter().enumerate().all(|(i, a)| scratch[..i].iter().all(|b| a.1 > b.2 || b.1 > a.2));
            if fits_all {
                // Every positive candidate fits together: the schedule
                // takes them all.
                for x in scratch.iter() {
                    value += x.0;
                    self.chosen[x.3 as usize] = true;
                }
            } else if g.chain {
                value += best_chain_subset(m, scratch, &m.people[g.person as usize], &mut self.chosen);
            } else {
                value += best_schedule(scratch, g.limit as usize, dp, &mut self.chosen);
            }
            debug_assert_eq!(self.chosen_list.len(), before);
            self.chosen_list.extend(scratch.iter().map(|x| x.3).filter(|&n| self.chosen[n as usize]));
        }
        self.prefix = prefix;
        value
    }
}

/// Persons with prerequisite chains and at most this many candidates get
/// their subproblem solved exactly, prerequisites included, by enumeration.
const MAX_ENUMERATED: usize = 10;

/// Best subset of `items` (all candidates of one person) that is pairwise
/// non-overlapping, within `max_sessions`, and satisfies prerequisites using
/// held qualifications and earlier-ending sessions of the subset.
fn best_chain_subset(
    m: &Model,
    items: &[(f64, i32, i32, u32)],
    person: &crate::model::PersonIx,
    chosen: &mut [bool],
) -> f64 {
    let k = items.len();
    let spans: Vec<(i32, i32, u32)> = items.iter().map(|it| (it.1, it.2, it.3)).collect();
    let mut best = 0.0;
    let mut best_mask = 0u32;
    for mask in 1u32..(1u32 << k) {
        if !chain_feasible(m, &spans, person, mask) {
            continue;
        }
        let value: f64 = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| items[i].0).sum();
        if value > best {
            best = value;
            best_mask = mask;
        }
    }
    for (i, it) in items.iter().enumerate() {
        if best_mask >> i & 1 == 1 {
            chosen[it.3 as usize] = true;
        }
    }
    best
}

/// At most this many feasible subsets of a chain's candidates are kept
/// (the others are enumerated at each evaluation).
const MAX_CHAIN_MASKS: usize = 64;

/// Whether the candidates of `mask` (bits over `spans`, one person's
/// candidates as (start, end, nomination)) can be granted together: within
/// `max_sessions`, pairwise non-overlapping, and each required
/// qualification held or granted by another of them that ends before.
fn chain_feasible(m: &Model, spans: &[(i32, i32, u32)], person: &crate::model::PersonIx, mask: u32) -> bool {
    if mask.count_ones() > person.max_sessions {
        return false;
    }
    let course = |i: usize| {
        let s = m.nominations[spans[i].2 as usize].session as usize;
        &m.courses[m.sessions[s].course as usize]
    };
    let k = spans.len();
    (0..k).filter(|i| mask >> i & 1 == 1).all(|i| {
        (i + 1..k).filter(|j| mask >> j & 1 == 1).all(|j| !(spans[i].0 <= spans[j].1 && spans[j].0 <= spans[i].1))
            && course(i).requires.iter().all(|q| {
                person.qualifications.binary_search(q).is_ok()
                    || (0..k).any(|j| {
                        mask >> j & 1 == 1 && j != i && spans[j].1 < spans[i].0 && course(j).grants == Some(*q)
                    })
            })
    })
}

/// Reused buffers of [`best_schedule`].
#[derive(Default)]
struct DpBuffers {
    values: Vec<f64>,
    pred: Vec<usize>,
}

/// Exact weighted interval scheduling with at most `k` intervals; marks the
/// chosen nominations and returns their total reduced weight.
fn best_schedule(items: &mut [(f64, i32, i32, u32)], k: usize, dp: &mut DpBuffers, chosen: &mut [bool]) -> f64 {
    if items.is_empty() || k == 0 {
        return 0.0;
    }
    if k == 1 || items.len() == 1 {
        let mut best = 0;
        for i in 1..items.len() {
            if items[i].0 > items[best].0 {
                best = i;
            }
        }
        chosen[items[best].3 as usize] = true;
        return items[best].0;
    }
    items.sort_by(|a, b| a.2.cmp(&b.2).then(a.1.cmp(&b.1)).then(a.3.cmp(&b.3)));
    let n = items.len();
    let k = k.min(n);
    let w = k + 1;
    let DpBuffers { values: dp, pred } = dp;
    dp.clear();
    dp.resize((n + 1) * w, f64::NEG_INFINITY);
    for j in 0..=n {
        dp[j * w] = 0.0;
    }
    // pred[i]: number of items (prefix length) that end before items[i] starts.
    pred.clear();
    pred.extend((0..n).map(|i| items[..i].partition_point(|x| x.2 < items[i].1)));
    for i in 1..=n {
        for c in 1..=k {
            let skip = dp[(i - 1) * w + c];
            let take = dp[pred[i - 1] * w + c - 1] + items[i - 1].0;
            dp[i * w + c] = if take > skip { take } else { skip };
        }
    }
    let mut best_c = 0;
    for c in 0..=k {
        if dp[n * w + c] > dp[n * w + best_c] {
            best_c = c;
        }
    }
    let best = dp[n * w + best_c];
    let (mut i, mut c) = (n, best_c);
    while i > 0 && c > 0 {
        let take = dp[pred[i - 1] * w + c - 1] + items[i - 1].0;
        if take >= dp[(i - 1) * w + c] && take == dp[i * w + c] {
            chosen[items[i - 1].3 as usize] = true;
            i = pred[i - 1];
            c -= 1;
        } else {
            i -= 1;
        }
    }
    best
}

/// Share of the gap between the best dual value and the plan that a window
/// of iterations must close, once the plan has had a local search, before
/// the step is halved (see the subgradient loop). Measured on every profile
/// at 20,000 and 200,000 people, two seeds: 0.05 lowers the iterations of
/// seat-scarce, quota-bound, cap-bound and chain-heavy by up to 40 % and
/// changes none on loose; 0.1 stops some runs above the gap target.
const SUFFICIENT_DECREASE: f64 = 0.05;

/// Share of the previous step direction added to the subgradient.
const DEFLECTION: f64 = 0.6;

/// The first subgradient iteration whose guided greedy plan gets a local
/// search inside the loop (the multipliers are poor before).
const FIRST_SEARCH: usize = 20;

/// An integer that orders as `x` does in `f64::total_cmp`, reversed.
fn descending_key(x: f64) -> u64 {
    let bits = x.to_bits() as i64;
    // As `total_cmp`: flip the magnitude bits of negative numbers.
    let ordered = bits ^ (((bits >> 63) as u64) >> 1) as i64;
    !((ordered as u64) ^ (1 << 63))
}

fn floor_bound(value: f64) -> f64 {
    (value + 1e-9 * value.abs() + 1e-6).floor()
}

/// Solve a validated model. `started` is when the clock began (for stats and
/// the time limit).
pub fn solve_model(m: &Model, options: &SolveOptions, started: Instant) -> AllocResult {
    solve_compact(m, options, started).to_result()
}

/// Solve a validated instance; the clock and time limit count from
/// `started`. The solution keeps the model's indices: see [`Solution`].
pub fn solve_compact<'m>(m: &'m Model, options: &SolveOptions, started: Instant) -> Solution<'m> {
    // A time limit too large to represent means no limit (about a century).
    let far = Duration::from_secs(3_000_000_000);
    let deadline = started.checked_add(options.time_limit).or_else(|| started.checked_add(far)).unwrap_or(started);
    let cand = candidates(m);
    let seg = build_segments(m, &cand);

    let np = m.parties.len();

    let cand_list: Vec<u32> = (0..m.nominations.len() as u32).filter(|&n| cand[n as usize]).collect();

    // Initial greedy by weight.
    let by_weight = heaviest_first(m, &cand_list);
    let mut best = Plan::new(m, &seg);
    best.greedy(&by_weight);
    best.journal.clear();

    let mut lag = Lagrange::new(m, &seg, &cand);

    let mut scratch = Vec::new();
    let mut dp = DpBuffers::default();
    let mut best_dual = f64::INFINITY;
    let mut theta: f64 = 1.0;
    // Proven close enough to optimal: the gap target is met.
    let gap_target = if options.gap.is_finite() { options.gap.clamp(0.0, 1.0) } else { 0.0 };
    let close_enough = |dual: f64, objective: i64| {
        let bound = floor_bound(dual);
        bound <= objective as f64 || bound - objective as f64 <= gap_target * bound
    };
    // Iterations without a better dual value before the step is halved.
    let patience: usize = 5;
    let mut since_improved = 0;
    // The best dual value at the start of the current window of `patience`
    // iterations, and how many iterations of it have run.
    let mut window = (f64::INFINITY, 0usize);
    let lag_deadline = started.checked_add(options.time_limit.mul_f64(0.6)).unwrap_or(deadline);
    let mut sess_use = vec![0u32; m.sessions.len()];
    let mut quota_use = vec![0u32; m.sessions.len() * np];
    let mut seg_diff = vec![0i64; seg.cap.len() + 1];
    let (mut g_s, mut g_q, mut g_u) =
        (vec![0.0; m.sessions.len()], vec![0.0; quota_use.len()], vec![0.0; seg.cap.len()]);
    let mut order = cand_list.clone();
    let mut chosen_keys: Vec<(u64, u32)> = Vec::new();
    let mut other_keys: Vec<(u64, u32)> = Vec::new();
    let index = Index::new(m, &by_weight);
    // The best guided greedy plan before local search, and how many local
    // searches ran inside the loop.
    let mut best_raw = 0i64;
    let mut searches = 0usize;
    // What the last local search added to its greedy plan.
    let mut last_gain = 0i64;
    // The best greedy plan that has not had its local search, if better
    // than every one that has, and whether `best` had one.
    let mut unsearched: Option<Plan<'_>> = None;
    let mut best_searched = false;
    let mut search_stalled = false;
    // The step direction: the subgradient plus a share of the previous
    // direction (a deflected subgradient, as Camerini, Fratta and Maffioli),
    // which damps the zigzag between opposite constraints.
    let mut dir = vec![0.0f64; g_s.len() + g_q.len() + g_u.len()];

    for iter in 0..options.max_iterations.max(1) {
        let value = lag.evaluate(&mut scratch, &mut dp, &seg.cap);
        if value < best_dual - 1e-9 {
            best_dual = value;
            since_improved = 0;
        } else {
            since_improved += 1;
            if since_improved >= patience {
                theta *= 0.5;
                since_improved = 0;
            }
        }
        // Sufficient decrease: once a local search has made the plan a fair
        // estimate of the optimum, a window whose best dual value closed
        // less than a twentieth of the gap to the plan halves the step
        // too (the steps are then too long: they zigzag and improve slowly).
        window.1 += 1;
        if window.1 >= patience {
            if searches > 0 && window.0 - best_dual < SUFFICIENT_DECREASE * (window.0 - best.objective as f64) {
                theta *= 0.5;
                since_improved = 0;
            }
            window = (best_dual, 0);
        }
        // Primal heuristic guided by reduced weights.
        if iter == 5 || iter % 40 == 20 {
            // Chosen in the relaxation first, then by reduced weight
            // (heaviest first), then by index; integer keys sort fast.
            chosen_keys.clear();
            other_keys.clear();
            for (it, &r) in lag.items.iter().zip(&lag.reduced) {
                let key = (descending_key(r), it.n);
                if lag.chosen[it.n as usize] { chosen_keys.push(key) } else { other_keys.push(key) }
            }
            chosen_keys.sort_unstable();
            other_keys.sort_unstable();
            order.clear();
            order.extend(chosen_keys.iter().chain(&other_keys).map(|k| k.1));
            let mut plan = Plan::new(m, &seg);
            plan.greedy(&order);

            plan.journal.clear();
            // The loop can stop only once the plan is within the gap
            // target, and greedy plans rarely are before local search: it
            // runs on the best greedy plan that has not had it, once the
            // multipliers have had some iterations, then again only when
            // that plan with the last search's gain would close the gap.
            if plan.objective > best_raw {
                best_raw = plan.objective;
                if plan.objective > best.objective {
                    best = plan.clone();
                    best_searched = false;
                }
                unsearched = Some(plan);
            }
            let dual_bound = floor_bound(best_dual);
            // Whether the plan, gaining what the last search gained, would
            // be within the gap target of the bound.
            let promising = |plan: &Plan<'_>| (plan.objective + last_gain) as f64 >= dual_bound * (1.0 - gap_target);
            if iter >= FIRST_SEARCH
                && !search_stalled
                && unsearched.as_ref().is_some_and(|p| searches == 0 || promising(p))
                && let Some(mut plan) = unsearched.take()
            {
                searches += 1;
                let raw = plan.objective;
                improve(&mut plan, &by_weight, &index, deadline);
                last_gain = plan.objective - raw;
                if plan.objective > best.objective {
                    best = plan;
                    best_searched = true;
                } else {
                    // A search that found nothing better: later greedy
                    // plans are searched once, after the loop.
                    search_stalled = true;
                }
            }
        }
        if close_enough(best_dual, best.objective) || Instant::now() >= lag_deadline || theta < 1e-4 {
            break;
        }
        // Subgradient.
        sess_use.iter_mut().for_each(|x| *x = 0);
        quota_use.iter_mut().for_each(|x| *x = 0);
        seg_diff.iter_mut().for_each(|x| *x = 0);
        for &n in &lag.chosen_list {
            let d = &seg.noms[n as usize];
            sess_use[d.session as usize] += 1;
            quota_use[d.quota as usize] += 1;
            let (a, b) = seg.nom_range[n as usize];
            seg_diff[a as usize] += 1;
            seg_diff[b as usize] -= 1;
        }
        g_s.iter_mut().for_each(|x| *x = 0.0);
        g_q.iter_mut().for_each(|x| *x = 0.0);
        g_u.iter_mut().for_each(|x| *x = 0.0);
        let mut norm = 0.0;
        for (s, sess) in m.sessions.iter().enumerate() {
            let g = f64::from(sess.capacity) - f64::from(sess_use[s]);
            if !(lag.lambda[s] <= 0.0 && g > 0.0) {
                g_s[s] = g;
                norm += g * g;
            }
            for (party, q) in sess.quota.iter().enumerate() {
                if let Some(q) = q {
                    let i = s * np + party;
                    let g = f64::from(*q) - f64::from(quota_use[i]);
                    if !(lag.pi[i] <= 0.0 && g > 0.0) {
                        g_q[i] = g;
                        norm += g * g;
                    }
                }
            }
        }
        let mut run = 0i64;
        for (i, &c) in seg.cap.iter().enumerate() {
            run += seg_diff[i];
            let g = f64::from(c) - run as f64;
            if !(lag.mu[i] <= 0.0 && g > 0.0) {
                g_u[i] = g;
                norm += g * g;
            }
        }
        if norm <= 0.0 {
            // The relaxed solution is feasible for the dualised
            // constraints with complementary slackness: the bound is tight.
            break;
        }
        let target = best.objective as f64;
        norm = 0.0;
        for (d, g) in dir.iter_mut().zip(g_s.iter().chain(&g_q).chain(&g_u)) {
            *d = g + DEFLECTION * *d;
            norm += *d * *d;
        }
        if norm <= 0.0 {
            break;
        }
        let step = theta * (value - target).max(1e-3) / norm;
        let (ds, rest) = dir.split_at(g_s.len());
        let (dq, du) = rest.split_at(g_q.len());
        for (x, g) in lag.lambda.iter_mut().zip(ds) {
            *x = (*x - step * g).max(0.0);
        }
        for (x, g) in lag.pi.iter_mut().zip(dq) {
            *x = (*x - step * g).max(0.0);
        }
        for (x, g) in lag.mu.iter_mut().zip(du) {
            *x = (*x - step * g).max(0.0);
        }
    }
    let mut bound = if best_dual.is_finite() { floor_bound(best_dual) } else { 0.0 };

    // Local search on the best greedy plan that has not had one, and on
    // the best plan if it has not.
    if !close_enough(best_dual, best.objective) {
        if let Some(mut plan) = unsearched.take() {
            improve(&mut plan, &by_weight, &index, deadline);
            if plan.objective > best.objective {
                best = plan;
                best_searched = true;
            }
        }
        if !best_searched && !close_enough(best_dual, best.objective) {
            improve(&mut best, &by_weight, &index, deadline);
        }
    }

    // Small instances: exhaustive branch and bound, which also proves the
    // optimum when it completes.
    if bound > best.objective as f64 && cand_list.len() <= EXACT_MAX_CANDIDATES {
        let mut order = cand_list.clone();
        order.sort_by_key(|&n| {
            let nom = &m.nominations[n as usize];
            (m.sessions[nom.session as usize].start, -nom.weight, n)
        });
        let (better, proven) = exact_search(m, &seg, &order, best.objective);
        if let Some(plan) = better {
            best = plan;
        }
        if proven {
            bound = bound.min(best.objective as f64);
        }
    }
    if let Some(target) = options.min_unit_share
        && !options.priority_fair
        && target.is_finite()
        && target > 0.0
    {
        raise_units(&mut best, target.min(1.0), &index, deadline);
    }

    // Maximality (repeated: an addition may grant a prerequisite to an
    // earlier one), then priority fairness, then reasons.
    // Only candidates can be added to a plan (see `candidates`).
    fill(&mut best, &by_weight);
    let priority_fair = options.priority_fair.then(|| {
        let all = heaviest_first(m, &(0..m.nominations.len() as u32).collect::<Vec<_>>());
        let utilitarian = best.objective;
        // The repair may overrun the solve's own budget by up to half of it.
        let repair_deadline = Instant::now().checked_add(options.time_limit / 2).unwrap_or(deadline).max(deadline);
        let mut envy = repair_envy(&mut best, &all, repair_deadline);
        // Win back weight by moves that keep the plan envy-free, then
        // repair whatever the local checks missed.
        for _ in 0..3 {
            if envy > 0 || !improve_fair(&mut best, &by_weight, &index, repair_deadline) {
                break;
            }
            envy = repair_envy(&mut best, &all, repair_deadline);
        }
        let cost = utilitarian - best.objective;
        PriorityFair {
            utilitarian_objective: utilitarian,
            cost,
            cost_share: if utilitarian > 0 { cost as f64 / utilitarian as f64 } else { 0.0 },
            envy,
        }
    });
    let report = options.report_fairness.then(|| {
        let envious = if priority_fair.as_ref().is_some_and(|p| p.envy == 0) { Vec::new() } else { best.envious() };
        report(m, &best.assigned, &envious)
    });

    let outcome = (0..m.nominations.len() as u32)
        .map(|n| {
            (!best.assigned[n as usize])
                .then(|| m.static_reason(n).or_else(|| best.can_add(n).err()).unwrap_or(Reason::LowerWeight))
        })
        .collect();

    Solution {
        model: m,
        outcome,
        objective: best.objective,
        bound: bound.max(0.0),
        stats: Stats { seconds: started.elapsed().as_secs_f64() },
        fairness: report,
        priority_fair,
    }
}

/// A solved plan in the model's indices: the contract's [`AllocResult`]
/// without its two strings per nomination. [`Solution::to_result`] builds
/// the result; serialising the solution writes the same JSON as
/// serialising that result, straight from the model's ids (what `ittifaq
/// alloc solve` does: a result of 400,000 entries would be 800,000 strings
/// allocated only to be written and freed).
#[derive(Debug, Clone)]
pub struct Solution<'m> {
    model: &'m Model,
    /// For each nomination: `None` if granted, else why not.
    outcome: Vec<Option<Reason>>,
    pub objective: i64,
    pub bound: f64,
    pub stats: Stats,
    pub fairness: Option<FairnessReport>,
    pub priority_fair: Option<PriorityFair>,
}

impl Solution<'_> {
    /// How many nominations are granted.
    pub fn assigned(&self) -> usize {
        self.outcome.iter().filter(|o| o.is_none()).count()
    }

    /// How many nominations are refused.
    pub fn unassigned(&self) -> usize {
        self.outcome.len() - self.assigned()
    }

    fn ids(&self, n: usize) -> (&str, &str) {
        let nom = &self.model.nominations[n];
        (self.model.person_ids.name(nom.person as usize), self.model.session_ids.name(nom.session as usize))
    }

    /// The contract's result.
    pub fn to_result(&self) -> AllocResult {
        let mut assignments = Vec::new();
        let mut unassigned = Vec::new();
        for (n, outcome) in self.outcome.iter().enumerate() {
            let (person, session) = self.ids(n);
            let (person, session) = (person.to_owned(), session.to_owned());
            match *outcome {
                None => assignments.push(Assignment { person, session }),
                Some(reason) => unassigned.push(Unassigned { person, session, reason }),
            }
        }
        AllocResult {
            assignments,
            objective: self.objective,
            bound: self.bound,
            unassigned,
            stats: self.stats.clone(),
            fairness: self.fairness.clone(),
            priority_fair: self.priority_fair.clone(),
        }
    }
}

/// Serialised exactly as [`AllocResult`] (same fields, order and
/// formatting), with the ids borrowed from the model.
impl serde::Serialize for Solution<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;

        #[derive(serde::Serialize)]
        struct Granted<'a> {
            person: &'a str,
            session: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Refused<'a> {
            person: &'a str,
            session: &'a str,
            reason: Reason,
        }
        /// The granted (`false`) or refused (`true`) nominations.
        struct Entries<'a, 'm>(&'a Solution<'m>, bool);
        impl serde::Serialize for Entries<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let Entries(solution, refused) = *self;
                let len = if refused { solution.unassigned() } else { solution.assigned() };
                let mut seq = serializer.serialize_seq(Some(len))?;
                for (n, outcome) in solution.outcome.iter().enumerate() {
                    let (person, session) = solution.ids(n);
                    match (*outcome, refused) {
                        (None, false) => seq.serialize_element(&Granted { person, session })?,
                        (Some(reason), true) => seq.serialize_element(&Refused { person, session, reason })?,
                        _ => {}
                    }
                }
                seq.end()
            }
        }
        #[derive(serde::Serialize)]
        struct View<'a, 'm> {
            assignments: Entries<'a, 'm>,
            objective: i64,
            bound: f64,
            unassigned: Entries<'a, 'm>,
            stats: &'a Stats,
            #[serde(skip_serializing_if = "Option::is_none")]
            fairness: Option<&'a FairnessReport>,
            #[serde(skip_serializing_if = "Option::is_none")]
            priority_fair: Option<&'a PriorityFair>,
        }
        View {
            assignments: Entries(self, false),
            objective: self.objective,
            bound: self.bound,
            unassigned: Entries(self, true),
            stats: &self.stats,
            fairness: self.fairness.as_ref(),
            priority_fair: self.priority_fair.as_ref(),
        }
        .serialize(serializer)
    }
}

/// `noms` by weight, heaviest first, then by index: sorted as packed
/// integer keys (weights are at most [`crate::model::MAX_WEIGHT`] < 2^32).
fn heaviest_first(m: &Model, noms: &[u32]) -> Vec<u32> {
    let mut keys: Vec<u64> = noms
        .iter()
        .map(|&n| ((crate::model::MAX_WEIGHT - m.nominations[n as usize].weight) as u64) << 32 | u64::from(n))
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// Instances with at most this many candidate nominations are solved by
/// exhaustive branch and bound.
const EXACT_MAX_CANDIDATES: usize = 40;
const EXACT_NODE_LIMIT: usize = 1 << 22;

/// Depth-first include/exclude search over `order` (sorted by session start,
/// so every prerequisite source is decided before the sessions it unlocks;
/// all other rules only get tighter as assignments are added, so testing
/// insertion when a nomination is decided is exact). Returns a plan better
/// than `incumbent` if one exists, and whether the search completed (then
/// the better plan, or else the incumbent, is optimal).
fn exact_search<'a>(m: &'a Model, seg: &'a Segments, order: &[u32], incumbent: i64) -> (Option<Plan<'a>>, bool) {
    struct Search<'s, 'a> {
        plan: Plan<'a>,
        order: &'s [u32],
        suffix: Vec<i64>,
        best: i64,
        best_set: Option<Vec<u32>>,
        chosen: Vec<u32>,
        nodes: usize,
    }
    fn dfs(s: &mut Search<'_, '_>, i: usize) {
        s.nodes += 1;
        if s.nodes > EXACT_NODE_LIMIT {
            return;
        }
        if s.plan.objective > s.best {
            s.best = s.plan.objective;
            s.best_set = Some(s.chosen.clone());
        }
        if i == s.order.len() || s.plan.objective + s.suffix[i] <= s.best {
            return;
        }
        let n = s.order[i];
        if s.plan.can_add(n).is_ok() {
            s.plan.add(n);
            s.chosen.push(n);
            dfs(s, i + 1);
            s.chosen.pop();
            s.plan.remove(n);
            s.plan.journal.clear();
        }
        dfs(s, i + 1);
    }
    let mut suffix = vec![0i64; order.len() + 1];
    for i in (0..order.len()).rev() {
        suffix[i] = suffix[i + 1] + m.nominations[order[i] as usize].weight;
    }
    let mut search = Search {
        plan: Plan::new(m, seg),
        order,
        suffix,
        best: incumbent,
        best_set: None,
        chosen: Vec::new(),
        nodes: 0,
    };
    dfs(&mut search, 0);
    let proven = search.nodes <= EXACT_NODE_LIMIT;
    let better = search.best_set.map(|set| {
        let mut plan = Plan::new(m, seg);
        for n in set {
            plan.add(n);
        }
        plan.journal.clear();
        plan
    });
    (better, proven)
}

/// Compute the fairness report of a result. Assignments that do not match a
/// nomination are ignored.
pub fn fairness(instance: &Instance, result: &AllocResult) -> Result<FairnessReport, AllocError> {
    let m = Model::new(instance)?;
    let mut assigned = vec![false; m.nominations.len()];
    for a in &result.assignments {
        if let (Some(&p), Some(&s)) = (m.person_ids.get(&a.person), m.session_ids.get(&a.session))
            && let Some(n) = m.nomination(p, s)
        {
            assigned[n as usize] = true;
        }
    }
    let envious = envious(&m, &assigned);
    Ok(report(&m, &assigned, &envious))
}

/// At most this many of a person's lighter assignments are considered for
/// withdrawal when testing envy (2^this subsets).
const MAX_ENVY_DROPS: usize = 8;

/// At most this many lighter holders of the session are tried when testing
/// envy (those of the envious person's unit first: only they can free unit
/// days).
const MAX_ENVY_HOLDERS: usize = 32;

/// The refused nominations with a justified envy in a plan given as a
/// per-nomination flag (see [`crate::fairness`]).
pub(crate) fn envious(m: &Model, assigned: &[bool]) -> Vec<u32> {
    let all = vec![true; m.nominations.len()];
    let seg = build_segments(m, &all);
    let mut plan = Plan::new(m, &seg);
    for (n, &a) in assigned.iter().enumerate() {
        if a {
            plan.add(n as u32);
        }
    }
    plan.journal.clear();
    plan.envious()
}

/// Add every nomination that fits, heaviest first, until none does.
fn fill(plan: &mut Plan<'_>, all_by_weight: &[u32]) {
    loop {
        // Every rule but prerequisites only gets tighter as nominations
        // are added: another pass can add more only if this one granted a
        // qualification one of the person's other nominations requires.
        let mut unlocked = false;
        for &n in all_by_weight {
            if !plan.assigned[n as usize] && plan.m.static_reason(n).is_none() && plan.can_add(n).is_ok() {
                plan.add(n);
                unlocked |= plan.seg.noms[n as usize].feeds_prereq;
            }
        }
        plan.journal.clear();
        if !unlocked {
            break;
        }
    }
}

/// Priority-fair repair: while some refused nomination has a justified
/// envy, give it the seat (withdrawing the lighter holder, the lighter
/// assignments of its own person that are in the way, and whatever relied
/// on their qualifications), then refill. Heaviest envy first. Returns how
/// many envies remain (0 unless the deadline or the pass limit stopped it).
fn repair_envy(plan: &mut Plan<'_>, all_by_weight: &[u32], deadline: Instant) -> usize {
    let m = plan.m;
    for _pass in 0..MAX_REPAIR_PASSES {
        let mut moved = 0usize;
        for (k, &n) in all_by_weight.iter().enumerate() {
            if k % 256 == 0 && Instant::now() >= deadline {
                return plan.envious().len();
            }
            let Some((holder, drop)) = plan.find_envy(n) else { continue };
            let i = m.nominations[n as usize].person as usize;
            let j = m.nominations[holder as usize].person as usize;
            for a in drop {
                plan.remove(a);
            }
            plan.cascade(i, i64::MAX);
            plan.remove(holder);
            plan.cascade(j, i64::MAX);
            if plan.can_add(n).is_ok() {
                plan.add(n);
            }
            plan.journal.clear();
            moved += 1;
        }
        fill(plan, all_by_weight);
        if moved == 0 {
            return 0;
        }
    }
    plan.envious().len()
}

const MAX_REPAIR_PASSES: usize = 200;

/// Local search: try to insert each refused candidate by ejecting cheaper
/// assignments, then re-seat the ejected and refill freed seats.
fn improve(plan: &mut Plan<'_>, by_weight: &[u32], index: &Index, deadline: Instant) {
    let m = plan.m;
    // Don't-look bits: a nomination that could not go in is tried again
    // only after a kept move changed its session, its person or its unit.
    let mut look = vec![true; m.nominations.len()];
    for _pass in 0..20 {
        let mut improved = false;
        for (k, &n) in by_weight.iter().enumerate() {
            if k % 256 == 0 && Instant::now() >= deadline {
                return;
            }
            if plan.assigned[n as usize] || !look[n as usize] {
                continue;
            }
            let mark = plan.mark();
            let before = plan.objective;
            if try_insert(plan, n, index, &|_, _| true, 2) && plan.objective > before {
                for &(_, x) in &plan.journal[mark..] {
                    let nom = &m.nominations[x as usize];
                    let unit = m.people[nom.person as usize].unit as usize;
                    let near = index.session_sorted[nom.session as usize]
                        .iter()
                        .chain(&index.person_sorted[nom.person as usize])
                        .chain(index.unit_members[unit].iter().flat_map(|&p| index.person_sorted[p as usize].iter()));
                    for &o in near {
                        look[o as usize] = true;
                    }
                }
                plan.journal.clear();
                improved = true;
            } else {
                plan.rollback(mark);
                look[n as usize] = false;
            }
        }
        if !improved {
            break;
        }
    }
}

/// Local search that keeps the plan envy-free: like [`improve`], but a move
/// is kept only if no refused nomination it could affect (of the sessions
/// and persons it touched, the sessions where those persons hold seats, and
/// the members of their units) has a justified envy afterwards. Returns
/// whether any move was kept.
fn improve_fair(plan: &mut Plan<'_>, by_weight: &[u32], index: &Index, deadline: Instant) -> bool {
    let m = plan.m;
    let mut kept = false;
    plan.journal.clear();
    for _pass in 0..5 {
        let mut improved = false;
        for (k, &n) in by_weight.iter().enumerate() {
            if k % 256 == 0 && Instant::now() >= deadline {
                return kept;
            }
            if plan.assigned[n as usize] {
                continue;
            }
            let mark = plan.mark();
            let before = plan.objective;
            if !(try_insert(plan, n, index, &|_, _| true, 2) && plan.objective > before) {
                plan.rollback(mark);
                continue;
            }
            let mut persons: Vec<u32> =
                plan.journal[mark..].iter().map(|&(_, x)| m.nominations[x as usize].person).collect();
            persons.sort_unstable();
            persons.dedup();
            let mut sessions: Vec<u32> =
                plan.journal[mark..].iter().map(|&(_, x)| m.nominations[x as usize].session).collect();
            for &p in &persons {
                sessions.extend(plan.person_assigned[p as usize].iter().map(|&a| m.nominations[a as usize].session));
            }
            sessions.sort_unstable();
            sessions.dedup();
            let mut affected: Vec<u32> =
                sessions.iter().flat_map(|&s| m.session_noms[s as usize].iter().copied()).collect();
            let mut units: Vec<u32> = persons.iter().map(|&p| m.people[p as usize].unit).collect();
            units.sort_unstable();
            units.dedup();
            for &u in &units {
                for &p in &index.unit_members[u as usize] {
                    affected.extend(m.person_noms[p as usize].iter().copied());
                }
            }
            affected.sort_unstable();
            affected.dedup();
            let journal_len = plan.journal.len();
            let envious = affected.iter().any(|&r| !plan.assigned[r as usize] && plan.find_envy(r).is_some());
            debug_assert_eq!(plan.journal.len(), journal_len);
            if envious {
                plan.rollback(mark);
            } else {
                plan.journal.clear();
                improved = true;
                kept = true;
            }
        }
        if !improved {
            break;
        }
    }
    kept
}

/// Lookup lists for the local search (candidates only, by weight).
struct Index {
    session_sorted: Lists,
    person_sorted: Lists,
    unit_members: Lists,
}

impl Index {
    fn new(m: &Model, by_weight: &[u32]) -> Index {
        let nom = |n: u32| &m.nominations[n as usize];
        Index {
            session_sorted: Lists::from_pairs(m.sessions.len(), by_weight.iter().map(|&n| (nom(n).session, n))),
            person_sorted: Lists::from_pairs(m.people.len(), by_weight.iter().map(|&n| (nom(n).person, n))),
            unit_members: Lists::from_pairs(
                m.units.len(),
                m.people.iter().enumerate().map(|(p, x)| (x.unit, p as u32)),
            ),
        }
    }
}

/// Fairness pass: raise units below `target` share of their nominated
/// weight, ejecting only assignments of units that stay at or above it.
fn raise_units(plan: &mut Plan<'_>, target: f64, index: &Index, deadline: Instant) {
    let m = plan.m;
    let nu = m.units.len();
    let unit_of = |n: u32| m.people[m.nominations[n as usize].person as usize].unit as usize;
    let mut nominated = vec![0i64; nu];
    for nom in &m.nominations {
        let u = m.people[nom.person as usize].unit as usize;
        nominated[u] = nominated[u].saturating_add(nom.weight);
    }
    let need = |u: usize| target * nominated[u] as f64;
    let mut granted = vec![0i64; nu];
    for (n, &a) in plan.assigned.iter().enumerate() {
        if a {
            granted[unit_of(n as u32)] += m.nominations[n].weight;
        }
    }
    plan.journal.clear();
    for _round in 0..3 {
        let mut low: Vec<usize> = (0..nu).filter(|&u| nominated[u] > 0 && (granted[u] as f64) < need(u)).collect();
        if low.is_empty() {
            return;
        }
        low.sort_by(|&a, &b| {
            let sa = granted[a] as f64 / nominated[a] as f64;
            let sb = granted[b] as f64 / nominated[b] as f64;
            sa.total_cmp(&sb).then(a.cmp(&b))
        });
        let mut progress = false;
        for u in low {
            let mut noms: Vec<u32> =
                index.unit_members[u].iter().flat_map(|&p| index.person_sorted[p as usize].iter().copied()).collect();
            noms.sort_by(|&a, &b| {
                m.nominations[b as usize].weight.cmp(&m.nominations[a as usize].weight).then(a.cmp(&b))
            });
            for n in noms {
                if Instant::now() >= deadline {
                    return;
                }
                if granted[u] as f64 >= need(u) {
                    break;
                }
                if plan.assigned[n as usize] {
                    continue;
                }
                let mark = plan.mark();
                let allow = |_: &Plan<'_>, v: u32| {
                    let vu = unit_of(v);
                    vu != u && (granted[vu] - m.nominations[v as usize].weight) as f64 >= need(vu)
                };
                let ok = try_insert(plan, n, index, &allow, 1_000);
                let mut next = granted.clone();
                let mut touched: Vec<usize> = Vec::new();
                for &(added, x) in &plan.journal[mark..] {
                    let w = m.nominations[x as usize].weight;
                    next[unit_of(x)] += if added { w } else { -w };
                    touched.push(unit_of(x));
                }
                // Accept when the unit rises and no unit that met the
                // target falls below it.
                let fine = ok
                    && next[u] > granted[u]
                    && touched.iter().all(|&v| next[v] >= granted[v] || next[v] as f64 >= need(v));
                if fine {
                    granted = next;
                    plan.journal.clear();
                    progress = true;
                } else {
                    plan.rollback(mark);
                }
            }
        }
        if !progress {
            return;
        }
    }
}

/// Insert `n`, ejecting for each blocking rule the cheapest removable
/// assignment that `allow` permits (at most six, weighing at most
/// `max_loss_factor` times `n`), then re-seat the ejected people and refill
/// their seats. Returns whether `n` went in; the caller keeps or rolls back.
fn try_insert(
    plan: &mut Plan<'_>,
    n: u32,
    index: &Index,
    allow: &dyn Fn(&Plan<'_>, u32) -> bool,
    max_loss_factor: i64,
) -> bool {
    let (session_sorted, person_sorted, unit_members) =
        (&index.session_sorted, &index.person_sorted, &index.unit_members);
    let m = plan.m;
    let nom = &m.nominations[n as usize];
    let weight = nom.weight;
    // At most six ejections: kept on the stack (this runs for every
    // refused candidate of every local search pass).
    let mut removed = [0u32; 6];
    let mut ejected = 0;
    let mut removed_weight = 0;
    // The lightest (then first by index) assignment of `it` that may be
    // ejected; whether one is removable is asked only of those lighter
    // than the best so far.
    let cheapest = |plan: &Plan<'_>, it: &mut dyn Iterator<Item = u32>| -> Option<u32> {
        let mut best: Option<(i64, u32)> = None;
        for o in it {
            let key = (plan.seg.noms[o as usize].weight, o);
            if best.is_none_or(|b| key < b)
                && plan.assigned[o as usize]
                && o != n
                && allow(plan, o)
                && plan.removable(o)
            {
                best = Some(key);
            }
        }
        best.map(|b| b.1)
    };
    for _ in 0..6 {
        let victim = match plan.can_add(n) {
            Ok(()) => break,
            Err(Reason::Capacity) => {
                let holders = &plan.sess_holders[nom.session as usize];
                cheapest(plan, &mut holders.iter().copied())
            }
            Err(Reason::Quota) => {
                let party = m.people[nom.person as usize].party;
                let holders = &plan.sess_holders[nom.session as usize];
                cheapest(
                    plan,
                    &mut holders
                        .iter()
                        .copied()
                        .filter(|&o| m.people[m.nominations[o as usize].person as usize].party == party),
                )
            }
            Err(Reason::PersonOverlap) => {
                let mine = &plan.person_assigned[nom.person as usize];
                cheapest(
                    plan,
                    &mut mine.iter().copied().filter(|&o| m.overlap(m.nominations[o as usize].session, nom.session)),
                )
            }
            Err(Reason::PersonLimit) => {
                let mine = &plan.person_assigned[nom.person as usize];
                cheapest(plan, &mut mine.iter().copied())
            }
            Err(Reason::UnitAwayLimit) => {
                let (a, b) = plan.seg.nom_range[n as usize];
                let full = (a..b).find(|&i| plan.seg_count[i as usize] >= plan.seg.cap[i as usize]);
                match full {
                    None => None,
                    Some(i) => {
                        let unit = m.people[nom.person as usize].unit as usize;
                        let mut list = unit_members[unit]
                            .iter()
                            .flat_map(|&p| plan.person_assigned[p as usize].iter().copied())
                            .filter(|&o| {
                                let (c, d) = plan.seg.nom_range[o as usize];
                                c <= i && i < d
                            });
                        cheapest(plan, &mut list)
                    }
                }
            }
            Err(_) => None,
        };
        let Some(v) = victim else { return false };
        removed_weight += m.nominations[v as usize].weight;
        if removed_weight > max_loss_factor.saturating_mul(weight) {
            return false;
        }
        plan.remove(v);
        removed[ejected] = v;
        ejected += 1;
    }
    if plan.can_add(n).is_err() {
        return false;
    }
    plan.add(n);
    // The new assignment may unlock the person's later sessions.
    for &o in &person_sorted[nom.person as usize] {
        if !plan.assigned[o as usize] && plan.can_add(o).is_ok() {
            plan.add(o);
        }
    }
    // Re-seat the ejected people and refill freed seats.
    for &v in &removed[..ejected] {
        let vn = &m.nominations[v as usize];
        for &o in &person_sorted[vn.person as usize] {
            if !plan.assigned[o as usize] && o != v && plan.can_add(o).is_ok() {
                plan.add(o);
            }
        }
        let vs = vn.session as usize;
        if plan.sess_count[vs] >= m.sessions[vs].capacity {
            continue;
        }
        for &o in &session_sorted[vs] {
            if !plan.assigned[o as usize] && o != v && plan.can_add(o).is_ok() {
                plan.add(o);
                break;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{SplitMix64, generate};

    fn brute(items: &[(f64, i32, i32, u32)], k: usize) -> f64 {
        let n = items.len();
        let mut best = 0.0f64;
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize > k {
                continue;
            }
            let sel: Vec<_> = (0..n).filter(|i| mask >> i & 1 == 1).collect();
            let disjoint =
                sel.iter().all(|&i| sel.iter().all(|&j| i == j || items[i].2 < items[j].1 || items[j].2 < items[i].1));
            if disjoint {
                best = best.max(sel.iter().map(|&i| items[i].0).sum());
            }
        }
        best
    }

    #[test]
    fn heaviest_first_is_the_weight_order_with_ties_by_index() {
        let mut inst = generate(300, 12, 3);
        let mut rng = SplitMix64::new(9);
        for n in &mut inst.nominations {
            n.weight = [1, 2, 3, crate::model::MAX_WEIGHT][rng.below(4) as usize];
        }
        let m = Model::new(&inst).expect("valid");
        let noms: Vec<u32> = (0..m.nominations.len() as u32).filter(|n| n % 3 != 1).collect();
        let mut expected = noms.clone();
        expected.sort_by_key(|&n| (std::cmp::Reverse(m.nominations[n as usize].weight), n));
        assert_eq!(heaviest_first(&m, &noms), expected);
    }

    #[test]
    fn kept_chain_subsets_give_the_enumerated_optimum() {
        use crate::generator::{GenOptions, Profile, generate_with};
        let mut rng = SplitMix64::new(17);
        for seed in 1..4 {
            let m = Model::new(&generate_with(&GenOptions::profile(Profile::ChainHeavy, 2000, seed))).expect("valid");
            let cand = candidates(&m);
            let seg = build_segments(&m, &cand);
            let mut lag = Lagrange::new(&m, &seg, &cand);
            let kept = lag.groups.iter().filter(|g| g.masks.0 < g.masks.1).count();
            assert!(kept > 20, "chains with kept subsets: {kept}");
            for _ in 0..5 {
                for x in lag.lambda.iter_mut().chain(&mut lag.pi).chain(&mut lag.mu) {
                    *x = if rng.chance(0.5) { 0.0 } else { rng.below(1000) as f64 / 100.0 };
                }
                let value = lag.evaluate(&mut Vec::new(), &mut DpBuffers::default(), &seg.cap);
                let mut total = 0.0;
                let mut expected = vec![false; m.nominations.len()];
                for g in lag.groups.iter().filter(|g| g.chain) {
                    let (a, b) = (g.start as usize, g.end as usize);
                    let items: Vec<(f64, i32, i32, u32)> = (a..b)
                        .map(|i| (lag.reduced[i], lag.items[i].start, lag.items[i].end, lag.items[i].n))
                        .collect();
                    total += best_chain_subset(&m, &items, &m.people[g.person as usize], &mut expected);
                    for it in &lag.items[a..b] {
                        assert_eq!(lag.chosen[it.n as usize], expected[it.n as usize], "person {}", g.person);
                    }
                }
                assert!(total <= value + 1e-6);
            }
        }
    }

    #[test]
    fn interval_dp_is_exact() {
        let mut rng = SplitMix64::new(42);
        let mut dp = DpBuffers::default();
        for _ in 0..500 {
            let n = 1 + rng.below(7) as usize;
            let k = 1 + rng.below(4) as usize;
            let mut items: Vec<(f64, i32, i32, u32)> = (0..n)
                .map(|i| {
                    let s = rng.below(20) as i32;
                    (1.0 + rng.below(10) as f64, s, s + rng.below(6) as i32, i as u32)
                })
                .collect();
            let want = brute(&items, k);
            let mut chosen = vec![false; n];
            let got = best_schedule(&mut items, k, &mut dp, &mut chosen);
            assert!((got - want).abs() < 1e-9, "{items:?} k={k}: {got} vs {want}");
            // The marked set realises the value and is feasible.
            let picked: Vec<_> = items.iter().filter(|x| chosen[x.3 as usize]).collect();
            let sum: f64 = picked.iter().map(|x| x.0).sum();
            assert!((sum - got).abs() < 1e-9 && picked.len() <= k);
        }
    }

    #[test]
    fn shortcuts_agree_with_the_rules() {
        // `prereq_ok` and `removable` skip their scans for nominations
        // marked as not depending on / not feeding a prerequisite; the
        // scans must give the same answer on plans with long chains.
        use crate::generator::{GenOptions, Profile, generate_with};
        for seed in 1..=3 {
            let model =
                Model::new(&generate_with(&GenOptions::profile(Profile::ChainHeavy, 400, seed))).expect("valid");
            let cand = candidates(&model);
            let seg = build_segments(&model, &cand);
            let mut plan = Plan::new(&model, &seg);
            let mut order: Vec<u32> = (0..model.nominations.len() as u32).filter(|&n| cand[n as usize]).collect();
            order.sort_by_key(|&n| (model.sessions[model.nominations[n as usize].session as usize].start, n));
            plan.greedy(&order);
            let course =
                |n: u32| &model.courses[model.sessions[model.nominations[n as usize].session as usize].course as usize];
            let session = |n: u32| &model.sessions[model.nominations[n as usize].session as usize];
            // Prerequisites of `b` by the definition, without assignment `without`.
            let holds = |b: u32, without: u32| {
                let person = model.nominations[b as usize].person as usize;
                course(b).requires.iter().all(|q| {
                    model.people[person].qualifications.contains(q)
                        || plan.person_assigned[person].iter().any(|&c| {
                            c != b && c != without && session(c).end < session(b).start && course(c).grants == Some(*q)
                        })
                })
            };
            let mut chained = 0;
            for n in 0..model.nominations.len() as u32 {
                let person = model.nominations[n as usize].person as usize;
                if plan.assigned[n as usize] {
                    let want = plan.person_assigned[person].iter().all(|&b| b == n || holds(b, n));
                    assert_eq!(plan.removable(n), want, "seed {seed}, nomination {n}");
                    chained += usize::from(!want);
                } else {
                    assert_eq!(plan.prereq_ok(n), holds(n, u32::MAX), "seed {seed}, nomination {n}");
                }
            }
            assert!(chained > 0, "seed {seed}: no assignment carries a prerequisite");
        }
    }

    #[test]
    fn unit_limits_hold_with_the_pruned_segments() {
        // Only segments that can bind and that no neighbour implies are
        // kept; whether a nomination would overrun its unit's limit must
        // still be exactly the rule: on some day of its session, as many
        // members as the limit are already away.
        use crate::generator::{GenOptions, Profile, generate_with};
        let mut full = 0;
        for seed in 1..=4 {
            let model = Model::new(&generate_with(&GenOptions::profile(Profile::CapBound, 600, seed))).expect("valid");
            let cand = candidates(&model);
            let seg = build_segments(&model, &cand);
            let mut rng = SplitMix64::new(seed);
            let mut order: Vec<u32> = (0..model.nominations.len() as u32).filter(|&n| cand[n as usize]).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i as u64 + 1) as usize);
            }
            let mut plan = Plan::new(&model, &seg);
            plan.greedy(&order);
            let away_on = |unit: u32, day: i32| {
                (0..model.people.len())
                    .filter(|&p| model.people[p].unit == unit)
                    .filter(|&p| {
                        plan.person_assigned[p].iter().any(|&a| {
                            let s = &model.sessions[model.nominations[a as usize].session as usize];
                            s.start <= day && day <= s.end
                        })
                    })
                    .count()
            };
            // The plan the segments allowed keeps every limit on every day.
            for (unit, u) in model.units.iter().enumerate() {
                let Some(limit) = u.max_away else { continue };
                for day in model.sessions.iter().flat_map(|s| [s.start, s.end]) {
                    assert!(away_on(unit as u32, day) <= limit as usize, "seed {seed}, unit {unit}, day {day}");
                }
            }
            for &n in &order {
                let verdict = plan.can_add(n);
                if plan.assigned[n as usize] || !matches!(verdict, Ok(()) | Err(Reason::UnitAwayLimit)) {
                    continue;
                }
                let nom = &model.nominations[n as usize];
                let unit = model.people[nom.person as usize].unit;
                let Some(limit) = model.units[unit as usize].max_away else { continue };
                let sess = &model.sessions[nom.session as usize];
                let overrun = (sess.start..=sess.end).any(|day| away_on(unit, day) >= limit as usize);
                assert_eq!(verdict.is_err(), overrun, "seed {seed}, nomination {n}");
                full += usize::from(overrun);
            }
        }
        assert!(full > 0, "no nomination met a full unit");
    }

    #[test]
    fn disjoint_positive_items_within_the_limit_are_all_taken() {
        // The shortcut of `evaluate`: when the positive candidates of a
        // person fit together, the exact schedule takes them all.
        let mut rng = SplitMix64::new(11);
        let mut dp = DpBuffers::default();
        for _ in 0..500 {
            let k = 1 + rng.below(4) as usize;
            let mut day = 0i32;
            let mut items: Vec<(f64, i32, i32, u32)> = (0..1 + rng.below(k as u64) as usize)
                .map(|i| {
                    day += 1 + rng.below(5) as i32;
                    let start = day;
                    day += rng.below(6) as i32;
                    (0.5 + rng.below(100) as f64 / 7.0, start, day, i as u32)
                })
                .collect();
            let sum: f64 = items.iter().map(|x| x.0).sum();
            let mut chosen = vec![false; items.len()];
            let got = best_schedule(&mut items, k, &mut dp, &mut chosen);
            assert!((got - sum).abs() < 1e-9 && chosen.iter().all(|&c| c), "{items:?}");
        }
    }

    #[test]
    fn descending_key_orders_as_total_cmp_reversed() {
        let xs = [f64::NEG_INFINITY, -3.5, -1e-300, -0.0, 0.0, 1e-300, 2.0, 7.25, f64::INFINITY];
        for a in xs {
            for b in xs {
                assert_eq!(descending_key(a).cmp(&descending_key(b)), b.total_cmp(&a), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn rollback_restores_the_plan() {
        let model = Model::new(&generate(300, 12, 3)).expect("valid");
        let cand = candidates(&model);
        let seg = build_segments(&model, &cand);
        let mut plan = Plan::new(&model, &seg);
        let order: Vec<u32> = (0..model.nominations.len() as u32).filter(|&n| cand[n as usize]).collect();
        plan.greedy(&order);
        plan.journal.clear();
        let before = (plan.assigned.clone(), plan.sess_count.clone(), plan.objective);
        let mark = plan.mark();
        let victims: Vec<u32> = order.iter().copied().filter(|&n| plan.assigned[n as usize]).take(20).collect();
        for v in victims {
            plan.remove(v);
        }
        plan.greedy(&order);
        plan.rollback(mark);
        assert_eq!(before, (plan.assigned.clone(), plan.sess_count.clone(), plan.objective));
        assert!(plan.seg_count.iter().zip(&seg.cap).all(|(c, m)| c <= m));
        // Each session's holders are exactly its assigned nominations.
        for s in 0..model.sessions.len() {
            let holders = &plan.sess_holders[s];
            let mut got = holders.to_vec();
            got.sort_unstable();
            let want: Vec<u32> = (0..model.nominations.len() as u32)
                .filter(|&n| plan.assigned[n as usize] && model.nominations[n as usize].session as usize == s)
                .collect();
            assert_eq!(got, want, "session {s}");
            assert_eq!(holders.len(), plan.sess_count[s] as usize);
        }
    }

    #[test]
    fn tiny_time_limit_still_gives_a_valid_plan() {
        let inst = generate(2000, 80, 9);
        let opts = SolveOptions { time_limit: Duration::ZERO, max_iterations: 1, ..SolveOptions::default() };
        let res = solve(&inst, &opts).expect("valid");
        assert!(crate::checker::check(&inst, &res).is_empty());
        let huge = SolveOptions { time_limit: Duration::MAX, max_iterations: 5, ..SolveOptions::default() };
        let res = solve(&inst, &huge).expect("valid");
        assert!(crate::checker::check(&inst, &res).is_empty());
    }
}
