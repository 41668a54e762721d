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

/// Named sets of generator knobs that span the contract's dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The original distribution: about 25 people per session of 12–30
    /// seats, quotas on 60 %, three-level chains, units of 60 with caps 3–8.
    Standard,
    /// Plenty of seats: large sessions, few quotas, loose unit caps.
    Loose,
    /// Many small sessions of 4–12 seats, fewer nominations per person,
    /// about 100 people per session.
    SeatScarce,
    /// Quotas on almost every session, each party's share tight.
    QuotaBound,
    /// Small units with tight away limits (1–3) on every unit.
    CapBound,
    /// Five-level prerequisite chains; people nominate whole chains and may
    /// attend up to four sessions.
    ChainHeavy,
}

impl Profile {
    /// Every profile, in a fixed order.
    pub const ALL: [Profile; 6] = [
        Profile::Standard,
        Profile::Loose,
        Profile::SeatScarce,
        Profile::QuotaBound,
        Profile::CapBound,
        Profile::ChainHeavy,
    ];

    /// The profile's name (as on the command line).
    pub fn name(self) -> &'static str {
        match self {
            Profile::Standard => "standard",
            Profile::Loose => "loose",
            Profile::SeatScarce => "seat-scarce",
            Profile::QuotaBound => "quota-bound",
            Profile::CapBound => "cap-bound",
            Profile::ChainHeavy => "chain-heavy",
        }
    }

    /// Parse a profile name.
    pub fn parse(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Every knob of the generator. Ranges are inclusive `(low, high)`; shares
/// are probabilities in `[0, 1]`. Out-of-range values are clamped, so any
/// setting gives a valid instance.
#[derive(Debug, Clone, PartialEq)]
pub struct GenOptions {
    pub people: usize,
    pub sessions: usize,
    pub seed: u64,
    /// Nominations per person (before duplicates and missing sessions are
    /// dropped).
    pub nominations: (u32, u32),
    /// Seats per session.
    pub capacity: (u32, u32),
    /// Days per session.
    pub days: (u32, u32),
    /// Days over which session starts are spread.
    pub horizon_days: u32,
    /// Share of sessions with party quotas.
    pub quota_share: f64,
    /// Quotas: the first party's share of the seats is drawn in
    /// `[low, high]`; the second party gets the rest plus `quota_slack`.
    pub quota_split: (f64, f64),
    pub quota_slack: u32,
    /// Share of sessions with a language.
    pub language_share: f64,
    /// Share of sessions with a minimum rank.
    pub min_rank_share: f64,
    /// Share of level-1 sessions with a maximum rank (below the top).
    pub max_rank_share: f64,
    /// Levels per domain; level `k` requires level `k − 1`'s qualification.
    pub chain_levels: u32,
    /// Chance that a further nomination of a person goes one level up the
    /// chain from their next level.
    pub chain_share: f64,
    /// People per unit (on average).
    pub unit_size: u32,
    /// Share of units with `max_away`.
    pub unit_cap_share: f64,
    /// The `max_away` of capped units.
    pub unit_cap: (u32, u32),
    /// The most sessions a person may attend is 1 + `below(…)`, drawn
    /// from these chances of 2, 3 and 4 sessions.
    pub max_sessions_chances: (f64, f64, f64),
    /// Weight of a person's first nomination, then of the others.
    pub first_weight: (u32, u32),
    pub other_weight: (u32, u32),
}

impl GenOptions {
    /// The knobs of `profile` for `people` people; sessions default to the
    /// profile's people-per-session ratio.
    pub fn profile(profile: Profile, people: usize, seed: u64) -> GenOptions {
        let standard = GenOptions {
            people,
            sessions: (people / 25).max(1),
            seed,
            nominations: (2, 4),
            capacity: (12, 30),
            days: (4, 25),
            horizon_days: 700,
            quota_share: 0.6,
            quota_split: (0.2, 0.8),
            quota_slack: 2,
            language_share: 0.8,
            min_rank_share: 0.7,
            max_rank_share: 1.0,
            chain_levels: 3,
            chain_share: 0.3,
            unit_size: 60,
            unit_cap_share: 0.85,
            unit_cap: (3, 8),
            max_sessions_chances: (0.3, 0.1, 0.0),
            first_weight: (6, 10),
            other_weight: (1, 6),
        };
        match profile {
            Profile::Standard => standard,
            Profile::Loose => GenOptions {
                sessions: (people / 15).max(1),
                nominations: (1, 3),
                capacity: (20, 40),
                quota_share: 0.2,
                language_share: 0.4,
                min_rank_share: 0.3,
                unit_cap_share: 0.3,
                unit_cap: (8, 15),
                ..standard
            },
            Profile::SeatScarce => GenOptions {
                sessions: (people / 100).max(1),
                nominations: (1, 3),
                capacity: (4, 12),
                days: (3, 15),
                quota_share: 0.8,
                language_share: 0.8,
                min_rank_share: 0.8,
                unit_cap_share: 0.9,
                unit_cap: (2, 5),
                ..standard
            },
            Profile::QuotaBound => {
                GenOptions { quota_share: 0.95, quota_split: (0.15, 0.5), quota_slack: 0, ..standard }
            }
            Profile::CapBound => GenOptions {
                sessions: (people / 20).max(1),
                unit_size: 25,
                unit_cap_share: 1.0,
                unit_cap: (1, 3),
                days: (7, 30),
                horizon_days: 400,
                ..standard
            },
            Profile::ChainHeavy => GenOptions {
                nominations: (3, 5),
                chain_levels: 5,
                chain_share: 0.8,
                days: (3, 12),
                max_sessions_chances: (0.3, 0.2, 0.2),
                ..standard
            },
        }
    }
}

/// Parse an inclusive range `LOW-HIGH` (or a single number `N`, meaning
/// `N-N`).
pub fn parse_range(text: &str) -> Result<(u32, u32), String> {
    let num = |t: &str| t.trim().parse::<u32>().map_err(|_| format!("`{text}` is not LOW-HIGH (whole numbers)"));
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (num(a)?, num(b)?);
            if a > b { Err(format!("`{text}`: LOW is above HIGH")) } else { Ok((a, b)) }
        }
        None => num(text).map(|n| (n, n)),
    }
}

/// Parse a share in `[0, 1]`.
pub fn parse_share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{text}` is not a share between 0 and 1")),
    }
}

impl GenOptions {
    /// The knob names accepted by [`GenOptions::set`].
    pub const KNOBS: [&'static str; 16] = [
        "sessions",
        "nominations",
        "capacity",
        "days",
        "horizon-days",
        "quota-share",
        "language-share",
        "min-rank-share",
        "chain-levels",
        "chain-share",
        "unit-size",
        "unit-cap-share",
        "unit-cap",
        "first-weight",
        "other-weight",
        "quota-slack",
    ];

    /// Set one knob by name (see [`GenOptions::KNOBS`]) from its text.
    pub fn set(&mut self, knob: &str, value: &str) -> Result<(), String> {
        let whole = |t: &str| t.trim().parse::<u32>().map_err(|_| format!("{knob}: `{t}` is not a whole number"));
        match knob {
            "sessions" => self.sessions = whole(value)? as usize,
            "nominations" => self.nominations = parse_range(value)?,
            "capacity" => self.capacity = parse_range(value)?,
            "days" => self.days = parse_range(value)?,
            "horizon-days" => self.horizon_days = whole(value)?,
            "quota-share" => self.quota_share = parse_share(value)?,
            "language-share" => self.language_share = parse_share(value)?,
            "min-rank-share" => self.min_rank_share = parse_share(value)?,
            "chain-levels" => self.chain_levels = whole(value)?,
            "chain-share" => self.chain_share = parse_share(value)?,
            "unit-size" => self.unit_size = whole(value)?,
            "unit-cap-share" => self.unit_cap_share = parse_share(value)?,
            "unit-cap" => self.unit_cap = parse_range(value)?,
            "first-weight" => self.first_weight = parse_range(value)?,
            "other-weight" => self.other_weight = parse_range(value)?,
            "quota-slack" => self.quota_slack = whole(value)?,
            _ => return Err(format!("unknown knob `{knob}`; expected one of {}", Self::KNOBS.join(", "))),
        }
        Ok(())
    }
}

fn range(rng: &mut SplitMix64, (low, high): (u32, u32)) -> u64 {
    let (low, high) = (u64::from(low), u64::from(high.max(low)));
    low + rng.below(high - low + 1)
}

/// Generate an instance with `people` people and `sessions` sessions of the
/// [`Profile::Standard`] distribution, deterministic for `seed`. Courses:
/// three levels per domain (level 2 requires level 1's qualification, level
/// 3 level 2's); about three nominations per person; sessions spread over
/// two years.
pub fn generate(people: usize, sessions: usize, seed: u64) -> Instance {
    generate_with(&GenOptions { sessions, ..GenOptions::profile(Profile::Standard, people, seed) })
}

/// Generate an instance from explicit knobs, deterministic for the knobs
/// (seed included).
pub fn generate_with(o: &GenOptions) -> Instance {
    let (people, sessions) = (o.people, o.sessions);
    let share = |p: f64| if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    let levels = o.chain_levels.clamp(1, 9) as usize;
    let mut rng = SplitMix64::new(o.seed ^ 0x1771_FA9A_2027);
    let parties = vec!["TR".to_string(), "SY".to_string()];
    let mut courses = Vec::new();
    for (d, domain) in DOMAINS.iter().enumerate() {
        for level in 1..=levels {
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
    for i in 0..sessions {
        let c = rng.below(courses.len() as u64) as usize;
        // Level 1 courses are more common.
        let c = if !c.is_multiple_of(levels) && rng.chance(0.35) { c - c % levels } else { c };
        let level = c % levels + 1;
        let start = base + rng.below(u64::from(o.horizon_days.max(1))) as i32;
        let len = range(&mut rng, (o.days.0.max(1), o.days.1)).min(3650) as i32;
        let capacity = range(&mut rng, o.capacity) as i64;
        let quota = if rng.chance(share(o.quota_share)) {
            let (lo, hi) = (share(o.quota_split.0), share(o.quota_split.1));
            let tr = (capacity as f64 * (lo + (hi - lo).max(0.0) * rng.below(100) as f64 / 100.0)) as i64;
            let mut q = BTreeMap::new();
            q.insert("TR".to_string(), tr.max(1));
            q.insert("SY".to_string(), (capacity - tr + i64::from(o.quota_slack)).max(1));
            Some(q)
        } else {
            None
        };
        let language =
            if rng.chance(share(o.language_share)) { Some(langs[rng.below(3) as usize].to_string()) } else { None };
        // Rank windows: level 1 from OR-2 (up to OF-3), higher levels from
        // a floor that rises with the level.
        let (min_rank, max_rank) = match level {
            1 => (Some(rank_code(1)), if rng.chance(share(o.max_rank_share)) { Some(rank_code(15)) } else { None }),
            2 => (Some(rank_code(3 + rng.below(2))), None),
            l => (Some(rank_code((6 + 2 * (l as u64 - 3) + rng.below(4)).min(20))), None),
        };
        by_course[c].push(i);
        sess.push(Session {
            id: format!("{}/{}-{:05}", courses[c].id, 2027 + (start - base) / 365, i),
            course: courses[c].id.clone(),
            start: date(start),
            end: date(start + len - 1),
            capacity,
            quota,
            language,
            min_rank: if rng.chance(share(o.min_rank_share)) { min_rank } else { None },
            max_rank,
        });
    }
    let n_units = people.div_ceil(o.unit_size.max(1) as usize).max(2);
    let units: Vec<Unit> = (0..n_units)
        .map(|u| {
            let party = if u % 2 == 0 { "TR" } else { "SY" };
            Unit {
                id: format!("{party}-U{u:05}"),
                party: party.to_string(),
                max_away: if rng.chance(share(o.unit_cap_share)) {
                    Some(range(&mut rng, o.unit_cap) as i64)
                } else {
                    None
                },
            }
        })
        .collect();
    let (c2, c3, c4) = o.max_sessions_chances;
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
        let held = rng.below(levels as u64) as usize; // levels already held in the domain
        let qualifications: Vec<String> = (1..=held).map(|l| format!("{}-L{}", PREFIX[domain], l)).collect();
        let roll = rng.below(100) as f64 / 100.0;
        let max_sessions = if roll < 1.0 - share(c2 + c3 + c4) {
            1
        } else if roll < 1.0 - share(c3 + c4) {
            2
        } else if roll < 1.0 - share(c4) {
            3
        } else {
            4
        };
        let id = format!("{party}-{i:07}");
        // Mostly the next level in the preferred domain, sometimes further
        // up the chain, sometimes elsewhere.
        let k = range(&mut rng, o.nominations) as usize;
        let mut chosen: Vec<usize> = Vec::new();
        let mut up = 0usize;
        for j in 0..k {
            let (d, level) = if j < 2 || rng.chance(0.5) {
                if j > 0 && held + up + 1 < levels && rng.chance(share(o.chain_share)) {
                    up += 1;
                }
                (domain, (held + up).min(levels - 1))
            } else {
                (rng.below(6) as usize, 0)
            };
            let list = &by_course[d * levels + level];
            if list.is_empty() {
                continue;
            }
            let s = list[rng.below(list.len() as u64) as usize];
            if chosen.contains(&s) {
                continue;
            }
            chosen.push(s);
            let weight = if j == 0 { range(&mut rng, o.first_weight) } else { range(&mut rng, o.other_weight) };
            let weight = weight.clamp(1, crate::model::MAX_WEIGHT as u64) as i64;
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
    fn every_profile_is_valid_and_shows_its_trait() {
        let stats = |p: Profile| {
            let inst = generate_with(&GenOptions::profile(p, 6000, 7));
            let m = Model::new(&inst).expect("valid");
            let n = inst.sessions.len() as f64;
            let quota = inst.sessions.iter().filter(|s| s.quota.is_some()).count() as f64 / n;
            let seats: i64 = inst.sessions.iter().map(|s| s.capacity).sum();
            let capped: Vec<i64> = inst.units.iter().filter_map(|u| u.max_away).collect();
            let levels = m.courses.iter().filter(|c| !c.requires.is_empty()).count() / DOMAINS.len() + 1;
            let noms_per_person = inst.nominations.len() as f64 / 6000.0;
            (quota, inst.nominations.len() as f64 / seats as f64, capped, levels, noms_per_person, inst)
        };
        let standard = stats(Profile::Standard);
        let loose = stats(Profile::Loose);
        let scarce = stats(Profile::SeatScarce);
        let quota = stats(Profile::QuotaBound);
        let cap = stats(Profile::CapBound);
        let chain = stats(Profile::ChainHeavy);
        // Nominations per seat: loose < standard < seat-scarce.
        assert!(loose.1 < standard.1 && standard.1 * 2.0 < scarce.1, "{} {} {}", loose.1, standard.1, scarce.1);
        assert!(scarce.5.sessions.iter().all(|s| (4..=12).contains(&s.capacity)));
        assert!(quota.0 > 0.9 && loose.0 < 0.3, "{} {}", quota.0, loose.0);
        assert!(cap.2.len() == cap.5.units.len() && cap.2.iter().all(|&c| (1..=3).contains(&c)));
        assert!(cap.5.units.len() > 2 * standard.5.units.len());
        assert_eq!((standard.3, chain.3), (3, 5));
        assert!(chain.4 > standard.4 && scarce.4 < standard.4, "{} {} {}", chain.4, standard.4, scarce.4);
        // A deeper chain is actually nominated: someone nominates two
        // sessions of the same domain two levels apart.
        let level = |s: &str| s.split('-').nth(1).and_then(|x| x.chars().next()).and_then(|c| c.to_digit(10));
        let mut by_person: std::collections::HashMap<&str, Vec<u32>> = std::collections::HashMap::new();
        for n in &chain.5.nominations {
            by_person.entry(&n.person).or_default().extend(level(&n.session));
        }
        assert!(by_person.values().any(|ls| ls.iter().any(|a| ls.iter().any(|b| b >= &(a + 2)))));
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.name()), Some(p));
        }
    }

    #[test]
    fn extreme_knobs_give_valid_instances() {
        let mut o = GenOptions::profile(Profile::Standard, 300, 2);
        o.sessions = 7;
        o.nominations = (9, 0);
        o.capacity = (0, 0);
        o.days = (0, 0);
        o.quota_share = f64::NAN;
        o.quota_split = (2.0, -1.0);
        o.chain_levels = 0;
        o.unit_size = 0;
        o.unit_cap = (u32::MAX, 1);
        o.first_weight = (0, 0);
        o.max_sessions_chances = (5.0, 5.0, 5.0);
        Model::new(&generate_with(&o)).expect("valid");
        o.chain_levels = 40;
        o.horizon_days = 0;
        Model::new(&generate_with(&o)).expect("valid");
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
