//! Contract types (serde) and their validation into a dense indexed [`Model`].

use std::collections::{BTreeMap, HashMap};

use ittifaq_core::Rank;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;
use time::macros::format_description;

use crate::AllocError;

/// An allocation instance, exactly as in the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub parties: Vec<String>,
    #[serde(default)]
    pub courses: Vec<Course>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub nominations: Vec<Nomination>,
}

/// A course: what it requires and the qualification it grants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub id: String,
    pub domain: String,
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grants: Option<String>,
}

/// One run of a course. Dates are ISO 8601, both days included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub id: String,
    pub course: String,
    pub start: String,
    pub end: String,
    pub capacity: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<BTreeMap<String, i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rank: Option<String>,
}

/// A unit; `max_away` caps members away on any single day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub party: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_away: Option<i64>,
}

fn one() -> i64 {
    1
}

/// A person who may be nominated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub party: String,
    pub unit: String,
    pub rank: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default = "one")]
    pub max_sessions: i64,
}

/// A weighted wish: this person in this session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nomination {
    pub person: String,
    pub session: String,
    pub weight: i64,
}

/// The contract's instance borrowed from the JSON text it was read from:
/// the same fields and rules as [`Instance`], but no string is copied (an
/// instance of 200,000 people has about two million). A string with an
/// escape cannot be borrowed; [`Model::from_json`] then reads the text into
/// an owned [`Instance`] instead.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance<'a> {
    #[serde(borrow)]
    parties: Vec<&'a str>,
    #[serde(default, borrow)]
    courses: Vec<RawCourse<'a>>,
    #[serde(default, borrow)]
    sessions: Vec<RawSession<'a>>,
    #[serde(default, borrow)]
    units: Vec<RawUnit<'a>>,
    #[serde(default, borrow)]
    people: Vec<RawPerson<'a>>,
    #[serde(default, borrow)]
    nominations: Vec<RawNomination<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse<'a> {
    id: &'a str,
    /// Required by the contract (so read, to refuse an instance without
    /// it); the solver does not use it.
    #[allow(dead_code)]
    domain: &'a str,
    #[serde(default, borrow)]
    requires: Vec<&'a str>,
    #[serde(default)]
    grants: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession<'a> {
    id: &'a str,
    course: &'a str,
    start: &'a str,
    end: &'a str,
    capacity: i64,
    #[serde(default, borrow)]
    quota: Option<BTreeMap<&'a str, i64>>,
    #[serde(default)]
    language: Option<&'a str>,
    #[serde(default)]
    min_rank: Option<&'a str>,
    #[serde(default)]
    max_rank: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit<'a> {
    id: &'a str,
    party: &'a str,
    #[serde(default)]
    max_away: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson<'a> {
    id: &'a str,
    party: &'a str,
    unit: &'a str,
    rank: &'a str,
    #[serde(default, borrow)]
    languages: Few<'a>,
    #[serde(default, borrow)]
    qualifications: Few<'a>,
    #[serde(default = "one")]
    max_sessions: i64,
}

/// A short list of borrowed strings, the first three kept inline: a person
/// has a few languages and qualifications, and a `Vec` each would be two
/// allocations per person. Read from a JSON array as a `Vec` is.
#[derive(Default)]
struct Few<'a> {
    inline: [&'a str; 3],
    len: usize,
    more: Vec<&'a str>,
}

impl<'a> Few<'a> {
    fn push(&mut self, s: &'a str) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = s,
            None => self.more.push(s),
        }
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.inline[..self.len.min(3)].iter().chain(&self.more).copied()
    }
}

impl<'a> FromIterator<&'a str> for Few<'a> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(items: I) -> Few<'a> {
        let mut few = Few::default();
        items.into_iter().for_each(|s| few.push(s));
        few
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Few<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Few<'a>, D::Error> {
        struct Strings<'a>(std::marker::PhantomData<&'a str>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Strings<'a> {
            type Value = Few<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence of strings")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Few<'a>, A::Error> {
                let mut few = Few::default();
                while let Some(s) = seq.next_element::<&'a str>()? {
                    few.push(s);
                }
                Ok(few)
            }
        }
        deserializer.deserialize_seq(Strings(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNomination<'a> {
    person: &'a str,
    session: &'a str,
    weight: i64,
}

impl<'a> RawInstance<'a> {
    /// The owned instance's fields, borrowed.
    fn of(inst: &'a Instance) -> RawInstance<'a> {
        let strs = |v: &'a [String]| v.iter().map(String::as_str).collect::<Vec<_>>();
        RawInstance {
            parties: strs(&inst.parties),
            courses: inst
                .courses
                .iter()
                .map(|c| RawCourse {
                    id: &c.id,
                    domain: &c.domain,
                    requires: strs(&c.requires),
                    grants: c.grants.as_deref(),
                })
                .collect(),
            sessions: inst
                .sessions
                .iter()
                .map(|s| RawSession {
                    id: &s.id,
                    course: &s.course,
                    start: &s.start,
                    end: &s.end,
                    capacity: s.capacity,
                    quota: s.quota.as_ref().map(|q| q.iter().map(|(k, &v)| (k.as_str(), v)).collect()),
                    language: s.language.as_deref(),
                    min_rank: s.min_rank.as_deref(),
                    max_rank: s.max_rank.as_deref(),
                })
                .collect(),
            units: inst.units.iter().map(|u| RawUnit { id: &u.id, party: &u.party, max_away: u.max_away }).collect(),
            people: inst
                .people
                .iter()
                .map(|p| RawPerson {
                    id: &p.id,
                    party: &p.party,
                    unit: &p.unit,
                    rank: &p.rank,
                    languages: p.languages.iter().map(String::as_str).collect(),
                    qualifications: p.qualifications.iter().map(String::as_str).collect(),
                    max_sessions: p.max_sessions,
                })
                .collect(),
            nominations: inst
                .nominations
                .iter()
                .map(|n| RawNomination { person: &n.person, session: &n.session, weight: n.weight })
                .collect(),
        }
    }
}

/// A granted seat.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub person: String,
    pub session: String,
}

/// Why a nomination was not granted. See [`crate::checker`] for the precise
/// condition under which each reason is *true* for a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    IneligibleRank,
    IneligibleLanguage,
    MissingPrerequisite,
    Capacity,
    Quota,
    PersonOverlap,
    PersonLimit,
    UnitAwayLimit,
    LowerWeight,
}

/// A refused nomination and its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unassigned {
    pub person: String,
    pub session: String,
    pub reason: Reason,
}

/// Run statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    pub seconds: f64,
}

/// A result, exactly as in the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocResult {
    pub assignments: Vec<Assignment>,
    pub objective: i64,
    pub bound: f64,
    pub unassigned: Vec<Unassigned>,
    pub stats: Stats,
    /// The fairness report of the plan (written by the command line, see
    /// [`crate::fairness`]); absent when not asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness: Option<FairnessReport>,
    /// Present when the plan was made in the priority-fair mode
    /// ([`crate::SolveOptions::priority_fair`]): what that cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_fair: Option<PriorityFair>,
}

impl AllocResult {
    /// Parse a result from JSON; unknown fields are rejected, naming the
    /// offending assignment or unassigned entry when there is one.
    pub fn from_json(text: &str) -> Result<AllocResult, AllocError> {
        serde_json::from_str(text).map_err(|e| {
            let generic = AllocError::Json { item: "result".into(), message: e.to_string() };
            let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
                return generic;
            };
            section::<Assignment>(&map, "assignments")
                .and_then(|_| section::<Unassigned>(&map, "unassigned"))
                .err()
                .unwrap_or(generic)
        })
    }

    /// Serialise to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

pub(crate) fn session_item(id: &str) -> String {
    format!("session \"{id}\"")
}
pub(crate) fn course_item(id: &str) -> String {
    format!("course \"{id}\"")
}
pub(crate) fn unit_item(id: &str) -> String {
    format!("unit \"{id}\"")
}
pub(crate) fn person_item(id: &str) -> String {
    format!("person \"{id}\"")
}
pub(crate) fn nomination_item(person: &str, session: &str) -> String {
    format!("nomination (person \"{person}\", session \"{session}\")")
}

fn describe(section: &str, index: usize, v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let label = match section {
        "nominations" | "assignments" | "unassigned" => match (s("person"), s("session")) {
            (Some(p), Some(q)) => Some(nomination_item(&p, &q)),
            (Some(p), None) => Some(person_item(&p)),
            (None, Some(q)) => Some(session_item(&q)),
            (None, None) => None,
        },
        _ => s("id").map(|id| {
            let kind = section.trim_end_matches('s');
            let kind = if kind == "people" { "person" } else { kind };
            format!("{kind} \"{id}\"")
        }),
    };
    match label {
        Some(l) => format!("{section}[{index}] ({l})"),
        None => format!("{section}[{index}]"),
    }
}

/// The error of an item, led by the name of the field at fault (the one
/// whose removal makes this error go away) unless serde already names it.
fn field_error<T: serde::de::DeserializeOwned>(v: &Value, e: &serde_json::Error) -> String {
    let message = e.to_string();
    let names_field = ["missing field", "unknown field", "duplicate field"].iter().any(|p| message.starts_with(p));
    if let Value::Object(map) = v
        && !names_field
    {
        for key in map.keys() {
            let mut without = map.clone();
            without.remove(key);
            match T::deserialize(&Value::Object(without)) {
                Err(other) if other.to_string() == message => {}
                _ => return format!("{key}: {message}"),
            }
        }
    }
    message
}

/// The value of the string field `key` in the JSON text of one object, if
/// it is there before anything unreadable.
fn string_value(object: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\"");
    let mut rest = object;
    while let Some(i) = rest.find(&pattern) {
        rest = &rest[i + pattern.len()..];
        if let Some(v) = rest.trim_start().strip_prefix(':').map(str::trim_start).and_then(|v| v.strip_prefix('"'))
            && let Some(end) = v.find(['"', '\\'])
        {
            return Some(v[..end].to_owned());
        }
    }
    None
}

/// Where a syntax error at (`line`, `column`) lies: the section item it is
/// in (named as in other errors) and the item's field, found by scanning
/// the text up to the error.
fn locate(text: &str, line: usize, column: usize) -> (String, Option<String>) {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let at = (line_start + column.saturating_sub(1)).min(text.len());
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut string_start, mut last_string) = (0usize, (0usize, 0usize));
    let (mut section, mut index, mut item_start) = (None::<String>, 0usize, None::<usize>);
    let (mut key_expected, mut field) = (false, None::<(usize, usize)>);
    for (k, &c) in bytes.iter().enumerate().take(at) {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
                last_string = (string_start, k);
                if depth == 3 && key_expected {
                    field = Some(last_string);
                    key_expected = false;
                }
            }
            continue;
        }
        match c {
            b'"' => {
                in_string = true;
                string_start = k + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 && c == b'[' {
                    section = text.get(last_string.0..last_string.1).map(str::to_owned);
                    index = 0;
                }
                if depth == 2 {
                    item_start = None;
                }
                if depth == 3 {
                    item_start = Some(k);
                    field = None;
                    key_expected = c == b'{';
                }
            }
            b'}' | b']' => {
                if depth == 2 {
                    section = None;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 2 => index += 1,
            b',' if depth == 3 => key_expected = true,
            _ => {}
        }
    }
    let Some(section) = section.filter(|_| depth >= 2) else { return ("instance".into(), None) };
    let Some(from) = item_start.filter(|_| depth >= 3) else { return (format!("{section}[{index}]"), None) };
    // The item's text, to its closing brace (or a bounded prefix).
    let (mut d, mut in_string, mut escaped, mut end) = (0usize, false, false, text.len().min(from + 65_536));
    for (k, &c) in bytes.iter().enumerate().take(end).skip(from) {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' | b'[' => d += 1,
            b'}' | b']' => {
                d = d.saturating_sub(1);
                if d == 0 {
                    end = k + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let object = text.get(from..end).unwrap_or("");
    let mut known = serde_json::Map::new();
    for key in ["id", "person", "session"] {
        if let Some(v) = string_value(object, key) {
            known.insert(key.to_owned(), Value::String(v));
        }
    }
    let field = field.and_then(|(a, b)| text.get(a..b)).map(str::to_owned);
    (describe(&section, index, &Value::Object(known)), field)
}

/// A JSON syntax error, naming the item and field it lies in and what is
/// there when it is a non-finite number (JSON has none).
fn syntax_error(text: &str, e: &serde_json::Error) -> AllocError {
    let (item, field) = locate(text, e.line(), e.column());
    let line_start: usize = text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
    let at = (line_start + e.column().saturating_sub(1)).min(text.len());
    let around = text.get(at.saturating_sub(1)..).unwrap_or("");
    let around = around.trim_start_matches([':', ' ', '\t', '\r', '\n', '[', ',']);
    let non_finite = ["NaN", "-Infinity", "Infinity", "nan", "inf", "-inf"].into_iter().find(|t| around.starts_with(t));
    let mut message = match non_finite {
        Some(t) => format!("{t} is not a number JSON allows (line {}, column {})", e.line(), e.column()),
        None => e.to_string(),
    };
    if let Some(f) = field {
        message = format!("{f}: {message}");
    }
    AllocError::Json { item, message }
}

/// Deserialize the array `name` of `map` item by item, naming the item on
/// error.
fn section<T: serde::de::DeserializeOwned>(
    map: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Vec<T>, AllocError> {
    match map.get(name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                T::deserialize(v)
                    .map_err(|e| AllocError::Json { item: describe(name, i, v), message: field_error::<T>(v, &e) })
            })
            .collect(),
        Some(_) => Err(AllocError::Json { item: name.into(), message: "expected an array".into() }),
    }
}

impl Instance {
    /// Parse an instance from JSON. Unknown or mistyped fields are rejected
    /// with an error naming the item (section, index and id).
    pub fn from_json(text: &str) -> Result<Instance, AllocError> {
        // Typed parsing straight from the text: no intermediate tree. Only
        // when it fails is the text parsed again, item by item, to name the
        // offending item.
        match serde_json::from_str::<Instance>(text) {
            Ok(inst) => Ok(inst),
            Err(typed) => match Instance::from_json_named(text) {
                Err(named) => Err(named),
                // The tree accepts what the typed parse refuses (a
                // repeated field): report the typed error where it lies.
                Ok(_) => Err(syntax_error(text, &typed)),
            },
        }
    }

    fn from_json_named(text: &str) -> Result<Instance, AllocError> {
        let root: Value = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let Value::Object(map) = &root else {
            return Err(AllocError::Json { item: "instance".into(), message: "expected a JSON object".into() });
        };
        let known = ["parties", "courses", "sessions", "units", "people", "nominations"];
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                return Err(AllocError::Json {
                    item: "instance".into(),
                    message: format!("unknown field `{key}`, expected one of {known:?}"),
                });
            }
        }
        if !map.contains_key("parties") {
            return Err(AllocError::Json { item: "instance".into(), message: "missing field `parties`".into() });
        }
        Ok(Instance {
            parties: section(map, "parties")?,
            courses: section(map, "courses")?,
            sessions: section(map, "sessions")?,
            units: section(map, "units")?,
            people: section(map, "people")?,
            nominations: section(map, "nominations")?,
        })
    }

    /// Serialise to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Parse an ISO 8601 calendar date (`YYYY-MM-DD`) into a Julian day number.
pub fn parse_day(text: &str) -> Option<i32> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok().map(Date::to_julian_day)
}

/// The largest accepted nomination weight, so that sums of weights stay
/// exact in `i64` and (for realistic sizes) in `f64`.
pub const MAX_WEIGHT: i64 = 1_000_000_000;

/// A validated session with dense indices.
#[derive(Debug, Clone)]
pub struct SessionIx {
    pub course: u32,
    /// Julian day of the first day.
    pub start: i32,
    /// Julian day of the last day (included).
    pub end: i32,
    pub capacity: u32,
    /// Per party (index into `Model::parties`): the quota, if any.
    pub quota: Vec<Option<u32>>,
    /// The language, as an index into `Model::languages`.
    pub language: Option<u32>,
    pub min_rank: Option<Rank>,
    pub max_rank: Option<Rank>,
}

/// A validated course.
#[derive(Debug, Clone)]
pub struct CourseIx {
    /// Qualification indices.
    pub requires: Vec<u32>,
    pub grants: Option<u32>,
}

/// A validated unit.
#[derive(Debug, Clone)]
pub struct UnitIx {
    pub party: u32,
    pub max_away: Option<u32>,
}

/// A validated person.
#[derive(Debug, Clone)]
pub struct PersonIx {
    pub party: u32,
    pub unit: u32,
    pub rank: Rank,
    /// The languages spoken, as indices into `Model::languages`: those
    /// below 64 as bits of `language_bits`, the others listed.
    pub language_bits: u64,
    pub languages: Vec<u32>,
    /// Sorted qualification indices held.
    pub qualifications: Vec<u32>,
    pub max_sessions: u32,
}

/// A validated nomination.
#[derive(Debug, Clone)]
pub struct NominationIx {
    pub person: u32,
    pub session: u32,
    pub weight: i64,
}

/// The validated, indexed instance. Every index is dense (`0..len`).
#[derive(Debug, Clone)]
pub struct Model {
    pub parties: Vec<String>,
    pub course_ids: Vec<String>,
    /// Session and person ids are many: they are kept with their index.
    pub session_ids: IdIndex,
    pub unit_ids: Vec<String>,
    pub person_ids: IdIndex,
    pub qualification_names: Vec<String>,
    /// Every language named by a session.
    pub languages: Vec<String>,
    pub courses: Vec<CourseIx>,
    pub sessions: Vec<SessionIx>,
    pub units: Vec<UnitIx>,
    pub people: Vec<PersonIx>,
    pub nominations: Vec<NominationIx>,
    /// Nomination indices per person.
    pub person_noms: Lists,
    /// Nomination indices per session.
    pub session_noms: Lists,
}

/// Ids of one kind and their dense index: the ids laid out contiguously
/// (no allocation per id), and an open-addressing table of (hash, index)
/// pairs over them, so a lookup touches two compact arrays instead of
/// strings scattered over the instance.
#[derive(Debug, Clone)]
pub struct IdIndex {
    text: String,
    /// Id `i` is `text[ends[i]..ends[i + 1]]`.
    ends: Vec<u32>,
    /// (high half of the hash, index); `index == u32::MAX` marks an empty
    /// slot.
    table: Vec<(u32, u32)>,
    hasher: IdHasher,
}

impl IdIndex {
    fn new<'a>(
        ids: impl ExactSizeIterator<Item = &'a str>,
        item: impl Fn(&str) -> String,
    ) -> Result<IdIndex, AllocError> {
        let mut index = IdIndex::with_capacity(ids.len());
        for id in ids {
            index.push(id, &item)?;
        }
        Ok(index)
    }

    fn with_capacity(ids: usize) -> IdIndex {
        let mut ends = Vec::with_capacity(ids + 1);
        ends.push(0);
        let slots = (ids * 2).max(4).next_power_of_two();
        IdIndex { text: String::new(), ends, table: vec![(0, u32::MAX); slots], hasher: IdHasher::default() }
    }

    /// Add the next id; a repeated one is an error naming `item(id)`.
    fn push(&mut self, id: &str, item: impl Fn(&str) -> String) -> Result<u32, AllocError> {
        let too_many = || AllocError::BadValue { item: item(id), message: "too many items".into() };
        let ix = u32::try_from(self.len()).ok().filter(|&x| x < u32::MAX).ok_or_else(too_many)?;
        if (self.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let slots = self.table.len();
        let hash = self.hash(id);
        let (tag, mut slot) = ((hash >> 32) as u32, hash as usize & (slots - 1));
        loop {
            let (h, at) = self.table[slot];
            if at == u32::MAX {
                self.table[slot] = (tag, ix);
                break;
            }
            if h == tag && self.id(at) == id.as_bytes() {
                return Err(AllocError::DuplicateId { item: item(id) });
            }
            slot = (slot + 1) & (slots - 1);
        }
        self.text.push_str(id);
        let end = u32::try_from(self.text.len()).map_err(|_| too_many())?;
        self.ends.push(end);
        Ok(ix)
    }

    /// Twice the slots, every id placed again.
    fn grow(&mut self) {
        let slots = self.table.len() * 2;
        self.table = vec![(0, u32::MAX); slots];
        for i in 0..self.len() {
            let hash = self.hash(self.name(i));
            let (tag, mut slot) = ((hash >> 32) as u32, hash as usize & (slots - 1));
            while self.table[slot].1 != u32::MAX {
                slot = (slot + 1) & (slots - 1);
            }
            self.table[slot] = (tag, i as u32);
        }
    }

    fn hash(&self, id: &str) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = self.hasher.build_hasher();
        h.write(id.as_bytes());
        h.finish()
    }

    fn id(&self, i: u32) -> &[u8] {
        &self.text.as_bytes()[self.ends[i as usize] as usize..self.ends[i as usize + 1] as usize]
    }

    /// Id `i`.
    pub fn name(&self, i: usize) -> &str {
        &self.text[self.ends[i] as usize..self.ends[i + 1] as usize]
    }

    /// How many ids.
    pub fn len(&self) -> usize {
        self.ends.len() - 1
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of `id`, if it is one of them.
    pub fn get(&self, id: &str) -> Option<&u32> {
        let hash = self.hash(id);
        let mask = self.table.len() - 1;
        let (tag, mut slot) = ((hash >> 32) as u32, hash as usize & mask);
        loop {
            let (h, at) = &self.table[slot];
            if *at == u32::MAX {
                return None;
            }
            if *h == tag && self.id(*at) == id.as_bytes() {
                return Some(at);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A keyed multiply-rotate hasher for ids (FxHash's step over 8-byte
/// words), several times faster than SipHash on short ids. The key comes
/// from the standard library's random state, so ids chosen to collide
/// cannot be prepared in advance.
#[derive(Clone)]
pub(crate) struct IdHasher {
    key: u64,
}

/// The key is not shown: ids chosen to collide would need it.
impl std::fmt::Debug for IdHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdHasher")
    }
}

impl Default for IdHasher {
    fn default() -> Self {
        use std::hash::BuildHasher;
        thread_local! {
            static KEY: u64 = std::hash::RandomState::new().hash_one(0u64) | 1;
        }
        IdHasher { key: KEY.with(|k| *k) }
    }
}

impl std::hash::BuildHasher for IdHasher {
    type Hasher = IdHash;
    fn build_hasher(&self) -> IdHash {
        IdHash(self.key)
    }
}

pub(crate) struct IdHash(u64);

impl IdHash {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for IdHash {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // Mix the high bits down: hashbrown takes its control bits from
        // the top and its bucket from the bottom.
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
    }
}

/// Lists of indices, one per item (per person, per session), stored flat:
/// list `i` is `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// Lists `0..count` from (list, value) pairs; each list keeps the
    /// pairs' order.
    pub fn from_pairs(count: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Lists {
        let mut offsets = vec![0u32; count + 1];
        for (k, _) in pairs.clone() {
            offsets[k as usize + 1] += 1;
        }
        for i in 0..count {
            offsets[i + 1] += offsets[i];
        }
        let mut fill: Vec<u32> = offsets[..count].to_vec();
        let mut items = vec![0u32; offsets[count] as usize];
        for (k, v) in pairs {
            items[fill[k as usize] as usize] = v;
            fill[k as usize] += 1;
        }
        Lists { offsets, items }
    }

    /// Where list `i` starts in the flat array (`i` up to `len()`).
    pub(crate) fn start(&self, i: usize) -> usize {
        self.offsets[i] as usize
    }

    /// How many items in all lists.
    pub(crate) fn total(&self) -> usize {
        self.items.len()
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there are no lists.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// List `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&[u32]> {
        let (a, b) = (*self.offsets.get(i)?, *self.offsets.get(i + 1)?);
        Some(&self.items[a as usize..b as usize])
    }

    /// Every list in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.offsets.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }
}

impl std::ops::Index<usize> for Lists {
    type Output = [u32];
    fn index(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

fn to_u32(item: &str, what: &str, v: i64) -> Result<u32, AllocError> {
    u32::try_from(v).map_err(|_| AllocError::BadValue {
        item: item.to_owned(),
        message: format!("{what} {v} must be between 0 and {}", u32::MAX),
    })
}

impl Model {
    /// Validate an instance. Errors name the offending item.
    pub fn new(inst: &Instance) -> Result<Model, AllocError> {
        Model::from_raw(&RawInstance::of(inst))
    }

    /// Parse and validate an instance from JSON, with the errors of
    /// [`Instance::from_json`] then [`Model::new`], but without building the
    /// owned [`Instance`]: strings are borrowed from `text` while
    /// validating. This is the fast path of `ittifaq alloc solve`.
    pub fn from_json(text: &str) -> Result<Model, AllocError> {
        if let Some(model) = Model::streamed(text) {
            return Ok(model);
        }
        match serde_json::from_str::<RawInstance<'_>>(text) {
            Ok(raw) => Model::from_raw(&raw),
            // An error, or a string with an escape: the owned path reads
            // it (and names the offending item).
            Err(_) => Model::new(&Instance::from_json(text)?),
        }
    }

    fn from_raw(inst: &RawInstance<'_>) -> Result<Model, AllocError> {
        let person_ix = Some(inst.people.iter().map(|p| p.id));
        let mut b = Builder::new(&inst.parties, &inst.courses, &inst.sessions, &inst.units, person_ix)?;
        for p in &inst.people {
            b.person(p)?;
        }
        b.nominations.reserve(inst.nominations.len());
        // An error of a later nomination yields to a repetition before it
        // (found in `finish`), so the first faulty nomination is the one
        // reported.
        let read = inst.nominations.iter().try_for_each(|n| b.nomination(n));
        b.finish(read)
    }

    /// Parse and validate in one pass over the text: people and nominations
    /// are validated as they are read, never stored as parsed items (their
    /// strings are still hot in the cache, and the parsed items of 200,000
    /// people and 600,000 nominations are not built only to be dropped).
    /// `None` when the text is not a valid instance with its sections in
    /// the order the contract lists them (then the other paths read it).
    fn streamed(text: &str) -> Option<Model> {
        let mut de = serde_json::Deserializer::from_str(text);
        let model = serde::de::DeserializeSeed::deserialize(Stream, &mut de).ok()?;
        de.end().ok()?;
        model.ok()
    }
}

/// The instance's sections read in the contract's order, people and
/// nominations fed to a [`Builder`] one at a time.
struct Stream;

impl<'de> serde::de::DeserializeSeed<'de> for Stream {
    type Value = Result<Model, AllocError>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Stream {
    type Value = Result<Model, AllocError>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an allocation instance")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let fail = |what: &str| A::Error::custom(what);
        let mut parties: Option<Vec<&'de str>> = None;
        let (mut courses, mut sessions, mut units): (Vec<RawCourse<'de>>, Vec<RawSession<'de>>, Vec<RawUnit<'de>>) =
            Default::default();
        let mut builder: Option<Builder<'de>> = None;
        // Which sections were read: each at most once, in this order.
        const ORDER: [&str; 6] = ["parties", "courses", "sessions", "units", "people", "nominations"];
        let mut next = 0;
        let mut read: Result<(), AllocError> = Ok(());
        while let Some(key) = map.next_key::<&'de str>()? {
            let at = ORDER.iter().position(|&k| k == key).ok_or_else(|| fail("unknown or repeated section"))?;
            if at < next {
                return Err(fail("section out of order"));
            }
            next = at + 1;
            if at >= 4 && builder.is_none() {
                let parties = parties.as_deref().ok_or_else(|| fail("parties first"))?;
                let no_ids: Option<std::iter::Empty<&str>> = None;
                builder =
                    Some(Builder::new(parties, &courses, &sessions, &units, no_ids).map_err(|_| fail("invalid"))?);
            }
            match at {
                0 => parties = Some(map.next_value()?),
                1 => courses = map.next_value()?,
                2 => sessions = map.next_value()?,
                3 => units = map.next_value()?,
                4 => map.next_value_seed(Section {
                    builder: builder.as_mut().ok_or_else(|| fail("people"))?,
                    people: true,
                    read: &mut read,
                })?,
                _ => map.next_value_seed(Section {
                    builder: builder.as_mut().ok_or_else(|| fail("nominations"))?,
                    people: false,
                    read: &mut read,
                })?,
            }
            if read.is_err() {
                return Err(fail("invalid"));
            }
        }
        let builder = match builder {
            Some(b) => b,
            None => {
                let parties = parties.as_deref().ok_or_else(|| fail("missing field `parties`"))?;
                let no_ids: Option<std::iter::Empty<&str>> = None;
                Builder::new(parties, &courses, &sessions, &units, no_ids).map_err(|_| fail("invalid"))?
            }
        };
        Ok(builder.finish(read))
    }
}

/// The people (`people`) or nominations array, each item validated as read;
/// the first error stops the reading and is kept in `read`.
struct Section<'b, 'de> {
    builder: &'b mut Builder<'de>,
    people: bool,
    read: &'b mut Result<(), AllocError>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Section<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Section<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error;
        if self.people {
            while let Some(p) = seq.next_element::<RawPerson<'de>>()? {
                if let Err(e) = self.builder.person(&p) {
                    *self.read = Err(e);
                    return Err(A::Error::custom("invalid person"));
                }
            }
        } else {
            while let Some(n) = seq.next_element::<RawNomination<'de>>()? {
                if let Err(e) = self.builder.nomination(&n) {
                    *self.read = Err(e);
                    return Err(A::Error::custom("invalid nomination"));
                }
            }
        }
        Ok(())
    }
}

/// Validation into a [`Model`], fed section by section: the small sections
/// at once, then each person and each nomination (from a parsed instance,
/// or as they are read from the text).
struct Builder<'a> {
    parties: Vec<String>,
    course_ids: Vec<&'a str>,
    /// Courses by index, for the cycle check.
    courses: Vec<CourseIx>,
    party_ix: IdIndex,
    session_ix: IdIndex,
    unit_ix: IdIndex,
    unit_ids: Vec<String>,
    person_ix: IdIndex,
    /// Whether `person_ix` was given whole (else each person's id is added
    /// as the person is read).
    ids_given: bool,
    qual_ix: HashMap<String, u32, IdHasher>,
    qualification_names: Vec<String>,
    language_ix: HashMap<&'a str, u32, IdHasher>,
    languages: Vec<String>,
    /// Ranks are a few distinct texts: each is parsed once (parsing
    /// allocates).
    rank_seen: HashMap<&'a str, Rank, IdHasher>,
    sessions: Vec<SessionIx>,
    units: Vec<UnitIx>,
    people: Vec<PersonIx>,
    nominations: Vec<NominationIx>,
    /// The person of the previous nomination.
    last: Option<(&'a str, u32)>,
}

impl<'a> Builder<'a> {
    fn new<I: ExactSizeIterator<Item = &'a str>>(
        parties: &[&'a str],
        courses: &[RawCourse<'a>],
        sessions: &[RawSession<'a>],
        units: &[RawUnit<'a>],
        person_ids: Option<I>,
    ) -> Result<Builder<'a>, AllocError> {
        let party_ix = IdIndex::new(parties.iter().copied(), |id| format!("party \"{id}\""))?;
        let course_ix = IdIndex::new(courses.iter().map(|c| c.id), course_item)?;
        let session_ix = IdIndex::new(sessions.iter().map(|s| s.id), session_item)?;
        let unit_ix = IdIndex::new(units.iter().map(|u| u.id), unit_item)?;
        let ids_given = person_ids.is_some();
        let person_ix = match person_ids {
            Some(ids) => IdIndex::new(ids, person_item)?,
            None => IdIndex::with_capacity(0),
        };
        let mut b = Builder {
            parties: parties.iter().map(|p| (*p).to_owned()).collect(),
            course_ids: courses.iter().map(|c| c.id).collect(),
            courses: Vec::with_capacity(courses.len()),
            party_ix,
            session_ix,
            unit_ix,
            unit_ids: units.iter().map(|u| u.id.to_owned()).collect(),
            person_ix,
            ids_given,
            qual_ix: HashMap::default(),
            qualification_names: Vec::new(),
            language_ix: HashMap::default(),
            languages: Vec::new(),
            rank_seen: HashMap::default(),
            sessions: Vec::with_capacity(sessions.len()),
            units: Vec::with_capacity(units.len()),
            people: Vec::new(),
            nominations: Vec::new(),
            last: None,
        };

        // Qualifications: interned over requires, grants and held ones.
        for c in courses {
            let mut requires: Vec<u32> = c.requires.iter().map(|q| b.intern(q)).collect();
            requires.sort_unstable();
            requires.dedup();
            let grants = c.grants.map(|q| b.intern(q));
            b.courses.push(CourseIx { requires, grants });
        }

        let rank_of = |item: &str, field: &'static str, text: &str| {
            Rank::parse(text).map_err(|_| AllocError::BadRank { item: item.to_owned(), field, rank: text.to_owned() })
        };

        // Languages: interned over those sessions name (a person's other
        // languages never matter).
        for s in sessions {
            let item = session_item(s.id);
            let course = *course_ix.get(s.course).ok_or_else(|| AllocError::UnknownId {
                item: item.clone(),
                kind: "course",
                id: s.course.to_owned(),
            })?;
            let day = |text: &str, what: &str| {
                parse_day(text).ok_or_else(|| AllocError::BadValue {
                    item: item.clone(),
                    message: format!("{what} \"{text}\" is not an ISO 8601 date (YYYY-MM-DD)"),
                })
            };
            let start = day(s.start, "start")?;
            let end = day(s.end, "end")?;
            if end < start {
                return Err(AllocError::EndBeforeStart { item, start: s.start.to_owned(), end: s.end.to_owned() });
            }
            if s.capacity < 0 {
                return Err(AllocError::NegativeCapacity { item, value: s.capacity });
            }
            let capacity = to_u32(&item, "capacity", s.capacity)?;
            let mut quota = vec![None; parties.len()];
            if let Some(q) = &s.quota {
                for (party, &n) in q {
                    let p = b.party_of(&item, "quota", party)?;
                    quota[p as usize] = Some(to_u32(&item, "quota", n)?);
                }
            }
            let min_rank = s.min_rank.map(|r| rank_of(&item, "min_rank", r)).transpose()?;
            let max_rank = s.max_rank.map(|r| rank_of(&item, "max_rank", r)).transpose()?;
            let language = s.language.map(|l| {
                *b.language_ix.entry(l).or_insert_with(|| {
                    b.languages.push(l.to_owned());
                    (b.languages.len() - 1) as u32
                })
            });
            b.sessions.push(SessionIx { course, start, end, capacity, quota, language, min_rank, max_rank });
        }

        for u in units {
            let item = unit_item(u.id);
            let party = b.party_of(&item, "party", u.party)?;
            let max_away = u.max_away.map(|m| to_u32(&item, "max_away", m)).transpose()?;
            b.units.push(UnitIx { party, max_away });
        }
        Ok(b)
    }

    fn intern(&mut self, q: &str) -> u32 {
        if let Some(&i) = self.qual_ix.get(q) {
            return i;
        }
        let i = self.qualification_names.len() as u32;
        self.qualification_names.push(q.to_owned());
        self.qual_ix.insert(q.to_owned(), i);
        i
    }

    fn party_of(&self, item: &str, field: &'static str, p: &str) -> Result<u32, AllocError> {
        self.party_ix.get(p).copied().ok_or_else(|| AllocError::UnknownParty {
            item: item.to_owned(),
            field,
            party: p.to_owned(),
        })
    }

    fn person(&mut self, p: &RawPerson<'a>) -> Result<(), AllocError> {
        if !self.ids_given {
            self.person_ix.push(p.id, person_item)?;
        }
        // Named only when there is an error to report: building the label
        // for every person costs more than the checks.
        let item = || person_item(p.id);
        let party = match self.party_ix.get(p.party) {
            Some(&i) => i,
            None => self.party_of(&item(), "party", p.party)?,
        };
        let unit = *self.unit_ix.get(p.unit).ok_or_else(|| AllocError::UnknownId {
            item: item(),
            kind: "unit",
            id: p.unit.to_owned(),
        })?;
        let rank = match self.rank_seen.get(p.rank) {
            Some(&r) => r,
            None => {
                let r = Rank::parse(p.rank).map_err(|_| AllocError::BadRank {
                    item: item(),
                    field: "rank",
                    rank: p.rank.to_owned(),
                })?;
                self.rank_seen.insert(p.rank, r);
                r
            }
        };
        let mut qualifications: Vec<u32> = p.qualifications.iter().map(|q| self.intern(q)).collect();
        qualifications.sort_unstable();
        qualifications.dedup();
        let max_sessions = match u32::try_from(p.max_sessions) {
            Ok(v) => v,
            Err(_) => to_u32(&item(), "max_sessions", p.max_sessions)?,
        };
        let (mut language_bits, mut spoken) = (0u64, Vec::new());
        for l in p.languages.iter() {
            match self.language_ix.get(l) {
                Some(&i) if i < 64 => language_bits |= 1 << i,
                Some(&i) => spoken.push(i),
                None => {}
            }
        }
        self.people.push(PersonIx {
            party,
            unit,
            rank,
            language_bits,
            languages: spoken,
            qualifications,
            max_sessions,
        });
        Ok(())
    }

    fn nomination(&mut self, n: &RawNomination<'a>) -> Result<(), AllocError> {
        let item = || nomination_item(n.person, n.session);
        // Nominations usually come grouped by person, in the order of
        // `people`: the same person as the nomination before, or the next
        // one, is recognised without a lookup. Repeated nominations are
        // found per person in `finish` (a person has a few).
        let next = self.last.map_or(0, |(_, ix)| ix as usize + 1);
        let person = match self.last {
            Some((id, ix)) if id == n.person => ix,
            _ if next < self.person_ix.len() && self.person_ix.name(next) == n.person => next as u32,
            _ => *self.person_ix.get(n.person).ok_or_else(|| AllocError::UnknownId {
                item: item(),
                kind: "person",
                id: n.person.to_owned(),
            })?,
        };
        self.last = Some((n.person, person));
        let session = *self.session_ix.get(n.session).ok_or_else(|| AllocError::UnknownId {
            item: item(),
            kind: "session",
            id: n.session.to_owned(),
        })?;
        if n.weight <= 0 || n.weight > MAX_WEIGHT {
            return Err(AllocError::BadWeight { item: item(), weight: n.weight });
        }
        self.nominations.push(NominationIx { person, session, weight: n.weight });
        Ok(())
    }

    /// The model, once every person and nomination was fed (`read`: how
    /// reading the nominations ended).
    fn finish(self, read: Result<(), AllocError>) -> Result<Model, AllocError> {
        let nominations = self.nominations;
        let pairs = |by_session: bool| {
            nominations.iter().enumerate().map(move |(i, n)| (if by_session { n.session } else { n.person }, i as u32))
        };
        let person_noms = Lists::from_pairs(self.people.len(), pairs(false));
        let repeated = person_noms
            .iter()
            .filter_map(|noms| {
                let session = |&i: &u32| nominations[i as usize].session;
                noms.iter()
                    .enumerate()
                    .find(|&(k, i)| noms[..k].iter().any(|j| session(j) == session(i)))
                    .map(|(_, &i)| i)
            })
            .min();
        if let Some(i) = repeated {
            let n = &nominations[i as usize];
            let (person, session) = (self.person_ix.name(n.person as usize), self.session_ix.name(n.session as usize));
            return Err(AllocError::DuplicateNomination { item: nomination_item(person, session) });
        }
        read?;
        let session_noms = Lists::from_pairs(self.sessions.len(), pairs(true));

        check_cycles(&self.course_ids, &self.courses)?;

        Ok(Model {
            parties: self.parties,
            course_ids: self.course_ids.iter().map(|&c| c.to_owned()).collect(),
            session_ids: self.session_ix,
            unit_ids: self.unit_ids,
            person_ids: self.person_ix,
            qualification_names: self.qualification_names,
            languages: self.languages,
            courses: self.courses,
            sessions: self.sessions,
            units: self.units,
            people: self.people,
            nominations,
            person_noms,
            session_noms,
        })
    }
}

impl Model {
    /// The nomination of `person` for `session`, if any.
    pub fn nomination(&self, person: u32, session: u32) -> Option<u32> {
        let noms = self.person_noms.get(person as usize)?;
        noms.iter().copied().find(|&n| self.nominations[n as usize].session == session)
    }

    /// Whether two sessions share at least one day.
    pub fn overlap(&self, a: u32, b: u32) -> bool {
        let (a, b) = (&self.sessions[a as usize], &self.sessions[b as usize]);
        a.start <= b.end && b.start <= a.end
    }

    /// The static reason (rank, then language) a nomination can never be
    /// granted, if any.
    pub fn static_reason(&self, n: u32) -> Option<Reason> {
        let nom = &self.nominations[n as usize];
        let s = &self.sessions[nom.session as usize];
        let p = &self.people[nom.person as usize];
        if s.min_rank.is_some_and(|r| p.rank < r) || s.max_rank.is_some_and(|r| p.rank > r) {
            return Some(Reason::IneligibleRank);
        }
        if let Some(lang) = s.language
            && !(if lang < 64 { p.language_bits >> lang & 1 == 1 } else { p.languages.contains(&lang) })
        {
            return Some(Reason::IneligibleLanguage);
        }
        None
    }
}

/// Reject cycles in the course graph: A → B when A requires what B grants.
fn check_cycles(course_ids: &[&str], courses: &[CourseIx]) -> Result<(), AllocError> {
    let mut granted_by: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, c) in courses.iter().enumerate() {
        if let Some(g) = c.grants {
            granted_by.entry(g).or_default().push(i);
        }
    }
    let succ = |i: usize| -> Vec<usize> {
        let mut out: Vec<usize> =
            courses[i].requires.iter().flat_map(|q| granted_by.get(q).into_iter().flatten().copied()).collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    // 0 = new, 1 = on stack, 2 = done. Iterative DFS.
    let mut color = vec![0u8; courses.len()];
    for root in 0..courses.len() {
        if color[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(root, succ(root), 0)];
        color[root] = 1;
        while let Some(top) = stack.last_mut() {
            let (node, next, pos) = (top.0, &top.1, top.2);
            if pos < next.len() {
                let child = next[pos];
                top.2 += 1;
                match color[child] {
                    0 => {
                        color[child] = 1;
                        let s = succ(child);
                        stack.push((child, s, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|f| f.0 == child).unwrap_or(0);
                        let mut cyc: Vec<String> = stack[from..].iter().map(|f| course_ids[f.0].to_owned()).collect();
                        cyc.push(course_ids[child].to_owned());
                        return Err(AllocError::PrerequisiteCycle { courses: cyc });
                    }
                    _ => {}
                }
            } else {
                color[node] = 2;
                stack.pop();
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_calendar_dates() {
        assert_eq!(parse_day("2027-03-02").map(|d| d - parse_day("2027-03-01").unwrap_or(0)), Some(1));
        for bad in ["2027-02-30", "27-03-01", "2027/03/01", "", "2027-03-01T00:00"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn id_index_agrees_with_a_hash_map() {
        let ids: Vec<String> = (0..5000).map(|i| format!("P-{:07}", i * 7919 % 100_003)).collect();
        let index = IdIndex::new(ids.iter().map(String::as_str), |id| id.to_owned()).expect("distinct");
        let map: HashMap<&str, u32> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i as u32)).collect();
        for probe in
            ids.iter().map(String::as_str).chain(["", "P-", "P-0000000x", "a much longer id than any of those"])
        {
            assert_eq!(index.get(probe), map.get(probe), "{probe}");
        }
        let mut repeated = ids.clone();
        repeated.push(ids[1234].clone());
        let err = IdIndex::new(repeated.iter().map(String::as_str), |id| id.to_owned()).err();
        assert_eq!(err, Some(AllocError::DuplicateId { item: ids[1234].clone() }));
    }

    #[test]
    fn lists_keep_each_lists_order() {
        let pairs = [(2u32, 10u32), (0, 11), (2, 12), (1, 13), (2, 14), (0, 15)];
        let lists = Lists::from_pairs(4, pairs.iter().copied());
        let got: Vec<Vec<u32>> = lists.iter().map(<[u32]>::to_vec).collect();
        assert_eq!(got, vec![vec![11, 15], vec![13], vec![10, 12, 14], vec![]]);
        assert_eq!((lists.len(), lists.get(4)), (4, None));
        assert_eq!(&lists[2], &[10, 12, 14]);
    }

    #[test]
    fn the_model_read_in_one_pass_is_the_parsed_one() {
        use crate::generator::{GenOptions, Profile, generate_with};
        for profile in [Profile::Loose, Profile::ChainHeavy] {
            let inst = generate_with(&GenOptions::profile(profile, 300, 2));
            let owned = format!("{:?}", Model::new(&inst).expect("valid"));
            let text = inst.to_json();
            let streamed = Model::streamed(&text).expect("read in one pass");
            assert_eq!(format!("{streamed:?}"), owned);
            // Sections in another order (here alphabetical): not read in
            // one pass, but read all the same.
            let reordered = serde_json::to_value(&inst).map(|v| v.to_string()).expect("json");
            assert!(reordered.find("\"courses\"") < reordered.find("\"parties\""));
            assert!(Model::streamed(&reordered).is_none());
            assert_eq!(format!("{:?}", Model::from_json(&reordered).expect("valid")), owned);
            // A repeated person id is refused by the one pass too.
            let repeated = text.replacen(
                &format!("\"id\": \"{}\"", inst.people[1].id),
                &format!("\"id\": \"{}\"", inst.people[0].id),
                1,
            );
            assert_ne!(repeated, text);
            assert!(Model::streamed(&repeated).is_none());
            assert!(matches!(Model::from_json(&repeated), Err(AllocError::DuplicateId { .. })));
        }
    }

    #[test]
    fn a_few_strings_read_as_a_vec_does() {
        for n in 0..7 {
            let strings: Vec<String> = (0..n).map(|i| format!("q{i}")).collect();
            let text = serde_json::to_string(&strings).expect("json");
            let few: Few<'_> = serde_json::from_str(&text).expect("an array of strings");
            assert_eq!(few.iter().collect::<Vec<_>>(), strings.iter().map(String::as_str).collect::<Vec<_>>());
        }
        for bad in [r#""en""#, "[1]", r#"["en", null]"#, "{}", "null"] {
            assert!(serde_json::from_str::<Few<'_>>(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<Vec<&str>>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_optional_fields_take_defaults() {
        let p: Person =
            serde_json::from_str(r#"{"id": "P", "party": "TR", "unit": "U", "rank": "OR-1"}"#).expect("parses");
        assert_eq!(p.max_sessions, 1);
        assert!(p.languages.is_empty() && p.qualifications.is_empty());
    }
}

/// Shares for one party or unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupShare {
    pub id: String,
    pub nominated_weight: i64,
    pub granted_weight: i64,
    /// `granted_weight / nominated_weight` (1.0 when nothing was nominated).
    pub weight_share: f64,
    /// People of the group with at least one nomination.
    pub people_nominated: usize,
    pub first_choices_met: usize,
    /// `first_choices_met / people_nominated` (1.0 when nobody).
    pub first_choice_share: f64,
    /// Refused nominations of the group's people with a justified envy.
    #[serde(default)]
    pub envy: usize,
}

/// What the priority-fair mode cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityFair {
    /// The objective of the plan before the envy was removed.
    pub utilitarian_objective: i64,
    /// `utilitarian_objective − objective` (negative if the repair found a
    /// better plan).
    pub cost: i64,
    /// `cost / utilitarian_objective`.
    pub cost_share: f64,
    /// Envies left (0 unless the time limit stopped the repair).
    pub envy: usize,
}

/// Per-party and per-unit shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FairnessReport {
    pub parties: Vec<GroupShare>,
    pub units: Vec<GroupShare>,
    /// The smallest unit `weight_share` among units with nominations.
    pub min_unit_share: f64,
}
