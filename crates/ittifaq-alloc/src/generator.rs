//! Deterministic generator of realistic instances (splitmix64 PRNG).

use std::collections::BTreeMap;

use ittifaq_core::Rank;
use time::Date;

use crate::model::{Course, Instance, Nomination, Person, Session, Unit};

/// The six domains of the MoU.
pub const DOMAINS: [&str; 6] =
    ["mine_clearance", "counterterrorism", "cyber_defence", "military_engineering", "logistics", "peacekeeping"];

const PREFIX: [&str; 6] = ["MC", "CT", "CY", "ME", "LG", "PK"];

/// splitmix64: a tiny, fixed, well-mixed PRNG.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64 }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn rank_code(ordinal: u64) -> String {
    Rank::all().nth(ordinal as usize).map(|r| r.to_string()).unwrap_or_else(|| "OR-1".into())
}

fn date(julian: i32) -> String {
    Date::from_julian_day(julian)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_else(|_| "2027-01-01".into())
}

/// Generate an instance with `people` people and `sessions` sessions,
/// deterministic for `seed`. Courses: three levels per domain (level 2
/// requires level 1's qualification, level 3 level 2's); about three
/// nominations per person; sessions spread over two years.
pub fn generate(people: usize, sessions: usize, seed: u64) -> Instance {
    let mut rng = SplitMix64::new(seed ^ 0x1771_FA9A_2027);
    let parties = vec!["TR".to_string(), "SY".to_string()];
    let mut courses = Vec::new();
    for (d, domain) in DOMAINS.iter().enumerate() {
        for level in 1..=3u32 {
            courses.push(Course {
                id: format!("{}-{}01", PREFIX[d], level),
                domain: (*domain).to_string(),
                requires: if level == 1 { Vec::new() } else { vec![format!("{}-L{}", PREFIX[d], level - 1)] },
                grants: Some(format!("{}-L{}", PREFIX[d], level)),
            });
        }
    }
    let base = Date::from_calendar_date(2027, time::Month::January, 4).map(Date::to_julian_day).unwrap_or(2_461_410);
    let langs = ["ar", "tr", "en"];
    // Sessions: (domain, level) → session indices.
    let mut by_course: Vec<Vec<usize>> = vec![Vec::new(); courses.len()];
    let mut sess = Vec::with_capacity(sessions);
    let mut starts = Vec::with_capacity(sessions);
    for i in 0..sessions {
        let c = rng.below(courses.len() as u64) as usize;
        // Level 1 courses are more common.
        let c = if !c.is_multiple_of(3) && rng.chance(0.35) { c - c % 3 } else { c };
        let level = c % 3 + 1;
        let start = base + rng.below(700) as i32;
        let len = 4 + rng.below(22) as i32;
        let capacity = 12 + rng.below(19) as i64;
        let quota = if rng.chance(0.6) {
            let tr = (capacity as f64 * (0.2 + 0.6 * rng.below(100) as f64 / 100.0)) as i64;
            let mut q = BTreeMap::new();
            q.insert("TR".to_string(), tr.max(1));
            q.insert("SY".to_string(), (capacity - tr + 2).max(1));
            Some(q)
        } else {
            None
        };
        let language = if rng.chance(0.8) { Some(langs[rng.below(3) as usize].to_string()) } else { None };
        let (min_rank, max_rank) = match level {
            1 => (Some(rank_code(1)), Some(rank_code(15))),
            2 => (Some(rank_code(3 + rng.below(2))), None),
            _ => (Some(rank_code(6 + rng.below(4))), None),
        };
        by_course[c].push(i);
        starts.push(start);
        sess.push(Session {
            id: format!("{}/{}-{:05}", courses[c].id, 2027 + (start - base) / 365, i),
            course: courses[c].id.clone(),
            start: date(start),
            end: date(start + len - 1),
            capacity,
            quota,
            language,
            min_rank: if rng.chance(0.7) { min_rank } else { None },
            max_rank,
        });
    }
    // Units of about 60 people.
    let n_units = people.div_ceil(60).max(2);
    let units: Vec<Unit> = (0..n_units)
        .map(|u| {
            let party = if u % 2 == 0 { "TR" } else { "SY" };
            Unit {
                id: format!("{party}-U{u:04}"),
                party: party.to_string(),
                max_away: if rng.chance(0.85) { Some(3 + rng.below(6) as i64) } else { None },
            }
        })
        .collect();
    let mut persons = Vec::with_capacity(people);
    let mut noms = Vec::with_capacity(people * 3);
    for i in 0..people {
        let u = rng.below(n_units as u64) as usize;
        let party = units[u].party.clone();
        let native = if party == "TR" { "tr" } else { "ar" };
        let mut languages = vec![native.to_string()];
        if rng.chance(0.45) {
            languages.push("en".into());
        }
        if rng.chance(0.12) {
            languages.push(if native == "tr" { "ar" } else { "tr" }.into());
        }
        let rank = rank_code(match rng.below(10) {
            0..=5 => 1 + rng.below(8),
            6..=7 => 9 + rng.below(5),
            _ => 14 + rng.below(5),
        });
        let domain = rng.below(6) as usize;
        let held = rng.below(3) as usize; // levels already held in the domain
        let qualifications: Vec<String> = (1..=held).map(|l| format!("{}-L{}", PREFIX[domain], l)).collect();
        let max_sessions = match rng.below(10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let id = format!("{party}-{i:07}");
        // About three nominations: mostly the next level in the preferred
        // domain, sometimes the level after (a chain), sometimes elsewhere.
        let k = 2 + rng.below(3) as usize;
        let mut chosen: Vec<usize> = Vec::new();
        for j in 0..k {
            let (d, level) = if j < 2 || rng.chance(0.5) {
                let extra = usize::from(j > 0 && held < 2 && rng.chance(0.3));
                (domain, (held + extra).min(2))
            } else {
                (rng.below(6) as usize, 0)
            };
            let list = &by_course[d * 3 + level];
            if list.is_empty() {
                continue;
            }
            let s = list[rng.below(list.len() as u64) as usize];
            if chosen.contains(&s) {
                continue;
            }
            chosen.push(s);
            let weight = if j == 0 { 6 + rng.below(5) } else { 1 + rng.below(6) } as i64;
            noms.push(Nomination { person: id.clone(), session: sess[s].id.clone(), weight });
        }
        persons.push(Person { id, party, unit: units[u].id.clone(), rank, languages, qualifications, max_sessions });
    }
    Instance { parties, courses, sessions: sess, units, people: persons, nominations: noms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    #[test]
    fn generated_instances_are_valid_and_realistic() {
        let inst = generate(3000, 120, 5);
        let m = Model::new(&inst).expect("valid");
        assert_eq!(m.people.len(), 3000);
        assert_eq!(m.sessions.len(), 120);
        let per_person = inst.nominations.len() as f64 / 3000.0;
        assert!((2.3..=3.6).contains(&per_person), "{per_person}");
        for d in DOMAINS {
            assert!(inst.courses.iter().any(|c| c.domain == d));
        }
        assert!(inst.courses.iter().any(|c| !c.requires.is_empty()));
        assert!(inst.sessions.iter().any(|s| s.quota.is_some()));
        assert!(inst.units.iter().any(|u| u.max_away.is_some()));
        assert_eq!(inst, generate(3000, 120, 5));
    }

    #[test]
    fn degenerate_sizes_do_not_panic() {
        for (p, s) in [(0, 0), (1, 0), (0, 1), (5, 1)] {
            let inst = generate(p, s, 1);
            Model::new(&inst).expect("valid");
        }
    }

    #[test]
    fn splitmix_is_fixed() {
        // Reference values of splitmix64 for seed 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
