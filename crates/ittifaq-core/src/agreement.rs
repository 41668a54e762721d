//! The agreement file: a TOML document naming the parties, articles, cooperation
//! measures, training domains, technical-assistance tracks, institutions and
//! default rules. [`Agreement::parse`] reports every fault with its line and field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lang::Lang;
use crate::party::PartyCode;
use crate::person::RELEASABLE_FIELDS;

/// A name in the three working languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    pub tr: String,
    pub ar: String,
}

impl Names {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Tr => &self.tr,
            Lang::Ar => &self.ar,
        }
    }
}

/// One party to the agreement and what it releases of its people to the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub code: PartyCode,
    pub name: Names,
    /// Fields of a person record that the other parties may see.
    pub released_fields: Vec<String>,
    /// The language the party's users read when they chose none (notifications, e-mail).
    pub language: crate::Lang,
    /// The party's document-sealing public key (64 hex digits of an Ed25519
    /// key), pinned here so that the hosting party cannot substitute its own.
    pub seal_key: Option<String>,
    /// The party's ledger witness key (a C2SP verifier key,
    /// `name+hash+base64`), pinned here for the same reason.
    pub witness_key: Option<String>,
}

/// An article of the agreement, to which activities link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub number: String,
    pub title: Names,
}

/// A coded item with trilingual names: a measure, a domain or a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub code: String,
    pub name: Names,
    /// The article the item serves, where the file names one.
    pub article: Option<String>,
    /// For an assistance track: when its plans' advisors report by default
    /// (an RRULE such as `FREQ=MONTHLY`), where the file says.
    pub report_rule: Option<String>,
}

/// Who measures an indicator of a kind: the partner (the institution's
/// party) or the advising party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasuredBy {
    Partner,
    Advising,
}

/// A kind of indicator the agreement names, and which party measures it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorKind {
    pub code: String,
    pub name: Names,
    pub measured_by: MeasuredBy,
}

/// A training institution named by the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institution {
    pub code: String,
    pub party: PartyCode,
    pub name: Names,
    pub city: String,
    pub domains: Vec<String>,
}

/// Which party records a vetting check: the one sending the person, or the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Responsible {
    Sending,
    Host,
}

/// Whom a vetting check is for: trainees (before their travel order) or
/// advisors (before their deployment's reports start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vetted {
    Trainees,
    Advisors,
}

/// A check the agreement requires before a trainee's travel order is
/// issued, or before an advisor's deployment is cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VettingCheck {
    pub code: String,
    pub name: Names,
    pub responsible: Responsible,
    /// Whom the check is for (`applies_to`; trainees when not given).
    pub applies_to: Vec<Vetted>,
    /// The scale the check records a level on (a language check), if any.
    pub scale: Option<crate::level::LevelScale>,
    /// The lowest level that may pass, on `scale`.
    pub min_level: Option<String>,
}

/// Default rules the platform applies unless a record says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Most sessions one person may attend in a planning period.
    pub max_sessions_per_person: u32,
    /// Default share of a unit that may be away on training at once.
    pub unit_max_away_share: f64,
    /// Minutes of inactivity after which a login session expires.
    pub session_idle_minutes: u32,
    /// Hours after which a login session expires whatever the activity.
    pub session_absolute_hours: u32,
    /// Failed logins of one account before it is locked for a while.
    pub login_max_failures: u32,
    /// Minutes an account stays locked after too many failed logins.
    pub login_lockout_minutes: u32,
    /// Months a certificate stays valid after it is issued.
    pub certificate_valid_months: u32,
    // hotline: minutes each recipient has to acknowledge a message, by priority.
    /// Minutes to acknowledge a routine hotline message before it escalates.
    pub hotline_routine_ack_minutes: u32,
    /// Minutes to acknowledge an urgent hotline message before it escalates.
    pub hotline_urgent_ack_minutes: u32,
    /// Minutes to acknowledge a flash hotline message before it escalates.
    pub hotline_flash_ack_minutes: u32,
    /// Days a submitted advisor report may wait for the partner's review
    /// before both joint offices are told.
    pub report_review_days: u32,
    /// Days without verified progress after which a force-integration
    /// stage past its deadline is flagged stalled.
    pub integration_stall_days: u32,
}

impl VettingCheck {
    /// Whether the check is for these people.
    pub fn applies(&self, to: Vetted) -> bool {
        self.applies_to.contains(&to)
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            max_sessions_per_person: 1,
            unit_max_away_share: 0.2,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            login_max_failures: 5,
            login_lockout_minutes: 15,
            certificate_valid_months: 36,
            hotline_routine_ack_minutes: 30,
            hotline_urgent_ack_minutes: 10,
            hotline_flash_ack_minutes: 3,
            report_review_days: 14,
            integration_stall_days: 30,
        }
    }
}

/// A validated agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub id: String,
    pub title: Names,
    pub signed: time::Date,
    /// The party that hosts the server (and signs the ledger's checkpoints).
    pub host_party: PartyCode,
    pub parties: Vec<Party>,
    pub articles: Vec<Article>,
    pub measures: Vec<Item>,
    pub domains: Vec<Item>,
    pub tracks: Vec<Item>,
    /// The kinds of indicator of engagement plans, each with the party that measures it.
    pub indicator_kinds: Vec<IndicatorKind>,
    pub institutions: Vec<Institution>,
    /// The checks that must pass before a travel order is issued.
    pub vetting: Vec<VettingCheck>,
    /// The formations to integrate, if the agreement plans any (read by the
    /// store when the agreement loads; the board shows them).
    #[serde(skip)]
    pub formations: Vec<PlannedFormation>,
    /// The army's target structure for integration, if the agreement sets
    /// it (each unit entered, or its names and posts brought up to date,
    /// when the agreement loads).
    #[serde(skip)]
    pub target_units: Vec<PlannedUnit>,
    pub rules: Rules,
}

/// A unit of the target structure as the agreement sets it (`[[target_units]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedUnit {
    pub code: String,
    /// The integrating party whose army it is.
    pub party: PartyCode,
    pub name: Names,
    pub kind: crate::integration::TargetKind,
    /// The code of the unit above it, defined before it in the file.
    pub parent: Option<String>,
    /// Posts for integrated people.
    pub posts: u32,
}

/// A formation the agreement plans to integrate, with its stages' deadlines
/// (`[[formations]]`, its `[[formations.deadlines]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFormation {
    pub code: String,
    /// The integrating party.
    pub party: PartyCode,
    pub name: Names,
    pub origin: String,
    /// bloc, individual or mixed.
    pub mode: crate::integration::Mode,
    pub declared_strength: u32,
    pub starts_on: time::Date,
    pub deadlines: Vec<PlannedDeadline>,
}

/// A stage's deadline as the agreement sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedDeadline {
    pub stage: crate::integration::Stage,
    /// None: a commitment without a date.
    pub due: Option<time::Date>,
    pub binding: bool,
    /// The clause it comes from.
    pub clause: String,
    pub owner_party: Option<PartyCode>,
}

/// One fault found in an agreement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementFault {
    /// 1-based line of the fault in the file.
    pub line: usize,
    /// Where in the document: `parties[1].code`, `institutions[0].domains`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for AgreementFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

/// The sections of the file, each element deserialized on its own so that a
/// type error in one is reported and the others are still checked.
#[derive(Default)]
struct RawFile {
    agreement: Option<RawHeader>,
    parties: Vec<RawParty>,
    articles: Vec<RawArticle>,
    measures: Vec<RawItem>,
    domains: Vec<RawItem>,
    tracks: Vec<RawItem>,
    indicator_kinds: Vec<RawIndicatorKind>,
    institutions: Vec<RawInstitution>,
    vetting: Vec<RawVetting>,
    formations: Vec<RawFormation>,
    target_units: Vec<RawTargetUnit>,
    rules: Option<Spanned<Rules>>,
    /// Where each key of `[rules]` is, for faults of its value.
    rule_spans: Vec<(String, std::ops::Range<usize>)>,
}

/// The largest agreement file read, in bytes (a real one is about 20 KiB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The bounds of each rule, inclusive: a value outside is surely a typing error.
pub const RULE_BOUNDS: &[(&str, u32, u32)] = &[
    ("max_sessions_per_person", 1, 100),
    ("session_idle_minutes", 1, 24 * 60),
    ("session_absolute_hours", 1, 7 * 24),
    ("login_max_failures", 1, 100),
    ("login_lockout_minutes", 1, 24 * 60),
    ("certificate_valid_months", 1, 20 * 12),
    ("hotline_routine_ack_minutes", 1, 24 * 60),
    ("hotline_urgent_ack_minutes", 1, 24 * 60),
    ("hotline_flash_ack_minutes", 1, 24 * 60),
    ("report_review_days", 1, 365),
    ("integration_stall_days", 1, 365),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVetting {
    code: Spanned<String>,
    name: Spanned<Names>,
    responsible: Spanned<String>,
    #[serde(default)]
    scale: Option<Spanned<String>>,
    #[serde(default)]
    min_level: Option<Spanned<String>>,
    #[serde(default)]
    applies_to: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormation {
    code: Spanned<String>,
    party: Spanned<String>,
    name: Spanned<Names>,
    origin: Spanned<String>,
    mode: Spanned<String>,
    declared_strength: Spanned<i64>,
    starts_on: Spanned<String>,
    #[serde(default)]
    deadlines: Vec<RawDeadline>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargetUnit {
    code: Spanned<String>,
    party: Spanned<String>,
    name: Spanned<Names>,
    kind: Spanned<String>,
    #[serde(default)]
    parent: Option<Spanned<String>>,
    posts: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    stage: Spanned<String>,
    #[serde(default)]
    due: Option<Spanned<String>>,
    binding: Spanned<bool>,
    clause: Spanned<String>,
    #[serde(default)]
    owner_party: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: Spanned<String>,
    title: Spanned<Names>,
    signed: Spanned<String>,
    host_party: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    code: Spanned<String>,
    name: Spanned<Names>,
    #[serde(default)]
    released_fields: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    seal_key: Option<Spanned<String>>,
    #[serde(default)]
    witness_key: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    number: Spanned<String>,
    title: Spanned<Names>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: Spanned<String>,
    name: Spanned<Names>,
    #[serde(default)]
    article: Option<Spanned<String>>,
    /// Tracks only.
    #[serde(default)]
    report_rule: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicatorKind {
    code: Spanned<String>,
    name: Spanned<Names>,
    measured_by: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstitution {
    code: Spanned<String>,
    party: Spanned<String>,
    name: Spanned<Names>,
    city: Spanned<String>,
    #[serde(default)]
    domains: Option<Spanned<Vec<String>>>,
}

/// Collects faults, turning byte offsets into line numbers.
struct Faults<'a> {
    source: &'a str,
    found: Vec<AgreementFault>,
}

impl Faults<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.source.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
    }

    fn push<T>(&mut self, at: &Spanned<T>, field: impl Into<String>, message: impl Into<String>) {
        self.push_at(at.span().start, field, message);
    }

    fn push_at(&mut self, offset: usize, field: impl Into<String>, message: impl Into<String>) {
        let line = self.line_of(offset);
        self.found.push(AgreementFault { line, field: field.into(), message: message.into() });
    }

    /// A TOML error of the element `place` (a section or `parties[1]`) that begins at `offset`.
    fn push_error(&mut self, err: &toml::de::Error, place: &str, offset: usize) {
        let at = err.span().map_or(offset, |s| s.start);
        let message = err.message().trim().to_owned();
        let field = match field_in_message(&message) {
            Some(f) if place.is_empty() => f,
            Some(f) => format!("{place}.{f}"),
            None if place.is_empty() => "document".to_owned(),
            None => place.to_owned(),
        };
        self.push_at(at, field, message);
    }
}

fn de<'i, T: Deserialize<'i>>(value: Spanned<toml::de::DeValue<'i>>) -> Result<T, toml::de::Error> {
    T::deserialize(toml::de::ValueDeserializer::from(value))
}

/// Deserializes each element of an array of tables on its own.
fn elements<'i, T: Deserialize<'i>>(
    faults: &mut Faults<'_>,
    value: Spanned<toml::de::DeValue<'i>>,
    section: &str,
) -> Vec<T> {
    let start = value.span().start;
    let toml::de::DeValue::Array(items) = value.into_inner() else {
        faults.push_at(start, section, format!("must be an array of tables ([[{section}]])"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = item.span().start;
        match de::<T>(item) {
            Ok(t) => out.push(t),
            Err(e) => faults.push_error(&e, &format!("{section}[{i}]"), at),
        }
    }
    out
}

/// Reads the file's sections, collecting the faults of every one.
fn read_sections(source: &str, faults: &mut Faults<'_>) -> Option<RawFile> {
    let root = match toml::de::DeTable::parse(source) {
        Ok(root) => root,
        Err(e) => {
            faults.push_error(&e, "", 0);
            return None;
        }
    };
    let mut raw = RawFile::default();
    for (key, value) in root.into_inner() {
        let at = key.span().start;
        let name: &str = key.get_ref();
        match name {
            "agreement" => match de::<RawHeader>(value) {
                Ok(h) => raw.agreement = Some(h),
                Err(e) => faults.push_error(&e, "agreement", at),
            },
            "parties" => raw.parties = elements(faults, value, "parties"),
            "articles" => raw.articles = elements(faults, value, "articles"),
            "measures" => raw.measures = elements(faults, value, "measures"),
            "domains" => raw.domains = elements(faults, value, "domains"),
            "tracks" => raw.tracks = elements(faults, value, "tracks"),
            "indicator_kinds" => raw.indicator_kinds = elements(faults, value, "indicator_kinds"),
            "institutions" => raw.institutions = elements(faults, value, "institutions"),
            "vetting" => raw.vetting = elements(faults, value, "vetting"),
            "formations" => raw.formations = elements(faults, value, "formations"),
            "target_units" => raw.target_units = elements(faults, value, "target_units"),
            "rules" => {
                if let toml::de::DeValue::Table(t) = value.get_ref() {
                    raw.rule_spans = t.iter().map(|(k, v)| (k.get_ref().to_string(), v.span())).collect();
                }
                match de::<Spanned<Rules>>(value) {
                    Ok(r) => raw.rules = Some(r),
                    Err(e) => faults.push_error(&e, "rules", at),
                }
            }
            other => faults.push_at(
                at,
                other,
                format!(
                    "unknown field `{other}`, expected one of `agreement`, `parties`, `articles`, `measures`, \
                     `domains`, `tracks`, `indicator_kinds`, `institutions`, `vetting`, `formations`, \
                     `target_units`, `rules`"
                ),
            ),
        }
    }
    Some(raw)
}

fn is_code(text: &str) -> bool {
    !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn check_names(faults: &mut Faults<'_>, names: &Spanned<Names>, field: &str) {
    let n = names.get_ref();
    for (lang, text) in [("en", &n.en), ("tr", &n.tr), ("ar", &n.ar)] {
        if text.trim().is_empty() {
            faults.push(names, format!("{field}.{lang}"), "must not be empty");
        }
    }
    let arabic = n.ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if !n.ar.trim().is_empty() && !arabic {
        faults.push(names, format!("{field}.ar"), "must be written in Arabic script");
    }
}

fn date_of(text: &str) -> Option<time::Date> {
    time::Date::parse(text.trim(), &time::format_description::well_known::Iso8601::DATE).ok()
}

/// The formations to integrate and their stages' deadlines: codes once
/// each, parties of the agreement, a known mode and stage, a strength from
/// 0 to a million, dates that are dates and no deadline before its
/// formation's first day, each stage's deadline once, a clause for each.
fn check_formations(
    faults: &mut Faults<'_>,
    raw: &[RawFormation],
    parties: &HashSet<PartyCode>,
) -> Vec<PlannedFormation> {
    use crate::integration::{Mode, Stage};
    let mut out = Vec::new();
    let mut codes = HashSet::new();
    let party_of =
        |faults: &mut Faults<'_>, at: &Spanned<String>, field: String| party_among(faults, at, field, parties);
    for (i, f) in raw.iter().enumerate() {
        let field = format!("formations[{i}]");
        let code = f.code.get_ref().trim();
        if !is_code(code) {
            faults.push(
                &f.code,
                format!("{field}.code"),
                format!("\"{code}\" is not a code (letters, digits, _ and -)"),
            );
        } else if !codes.insert(code.to_owned()) {
            faults.push(&f.code, format!("{field}.code"), format!("\"{code}\" is defined twice"));
        }
        let party = party_of(faults, &f.party, format!("{field}.party"));
        check_names(faults, &f.name, &format!("{field}.name"));
        if f.origin.get_ref().trim().is_empty() {
            faults.push(&f.origin, format!("{field}.origin"), "must not be empty");
        }
        let mode = Mode::parse(f.mode.get_ref().trim());
        if mode.is_err() {
            faults.push(
                &f.mode,
                format!("{field}.mode"),
                format!("\"{}\" is not one of bloc, individual, mixed", f.mode.get_ref()),
            );
        }
        let strength = *f.declared_strength.get_ref();
        if !(0..=1_000_000).contains(&strength) {
            faults.push(&f.declared_strength, format!("{field}.declared_strength"), "must be from 0 to 1000000");
        }
        let starts = date_of(f.starts_on.get_ref());
        if starts.is_none() {
            faults.push(
                &f.starts_on,
                format!("{field}.starts_on"),
                format!("\"{}\" is not a date (YYYY-MM-DD)", f.starts_on.get_ref()),
            );
        }
        let mut stages = HashSet::new();
        let mut deadlines = Vec::new();
        for (j, d) in f.deadlines.iter().enumerate() {
            let at = format!("{field}.deadlines[{j}]");
            let stage = match Stage::parse(d.stage.get_ref().trim()) {
                Ok(s) => {
                    if !stages.insert(s) {
                        faults.push(
                            &d.stage,
                            format!("{at}.stage"),
                            format!("\"{}\" has a deadline already", s.code()),
                        );
                    }
                    Some(s)
                }
                Err(_) => {
                    faults.push(
                        &d.stage,
                        format!("{at}.stage"),
                        format!("\"{}\" is not one of {}", d.stage.get_ref(), Stage::CODES.join(", ")),
                    );
                    None
                }
            };
            let due = match &d.due {
                None => None,
                Some(text) => match date_of(text.get_ref()) {
                    Some(day) => {
                        if starts.is_some_and(|s| day < s) {
                            faults.push(text, format!("{at}.due"), "is before the formation's first day (starts_on)");
                        }
                        Some(day)
                    }
                    None => {
                        faults.push(
                            text,
                            format!("{at}.due"),
                            format!("\"{}\" is not a date (YYYY-MM-DD)", text.get_ref()),
                        );
                        None
                    }
                },
            };
            if d.clause.get_ref().trim().is_empty() {
                faults.push(&d.clause, format!("{at}.clause"), "must name the clause the deadline comes from");
            }
            let owner = d.owner_party.as_ref().and_then(|o| party_of(faults, o, format!("{at}.owner_party")));
            if let Some(stage) = stage {
                deadlines.push(PlannedDeadline {
                    stage,
                    due,
                    binding: *d.binding.get_ref(),
                    clause: d.clause.get_ref().trim().to_owned(),
                    owner_party: owner,
                });
            }
        }
        if let (Some(party), Ok(mode), Some(starts_on)) = (party, mode, starts) {
            out.push(PlannedFormation {
                code: code.to_owned(),
                party,
                name: f.name.get_ref().clone(),
                origin: f.origin.get_ref().trim().to_owned(),
                mode,
                declared_strength: u32::try_from(strength.clamp(0, 1_000_000)).unwrap_or(0),
                starts_on,
                deadlines,
            });
        }
    }
    out
}

/// The party a field names, if it is one of the agreement's; else a fault.
fn party_among(
    faults: &mut Faults<'_>,
    at: &Spanned<String>,
    field: String,
    parties: &HashSet<PartyCode>,
) -> Option<PartyCode> {
    match PartyCode::parse(at.get_ref()) {
        Ok(p) if parties.contains(&p) => Some(p),
        Ok(p) => {
            faults.push(at, field, format!("{p} is not one of the parties"));
            None
        }
        Err(e) => {
            faults.push(at, field, e.to_string());
            None
        }
    }
}

/// The target structure: codes once each, parties of the agreement, a
/// known kind, posts from 0 to [`crate::integration::MAX_POSTS`], and each
/// parent defined above it, of the same party and of a higher kind (so the
/// structure is a tree, read top down).
fn check_target_units(
    faults: &mut Faults<'_>,
    raw: &[RawTargetUnit],
    parties: &HashSet<PartyCode>,
) -> Vec<PlannedUnit> {
    use crate::integration::{MAX_POSTS, TargetKind};
    let mut out: Vec<PlannedUnit> = Vec::new();
    let mut seen: HashMap<String, (Option<PartyCode>, Option<TargetKind>)> = HashMap::new();
    for (i, u) in raw.iter().enumerate() {
        let field = format!("target_units[{i}]");
        let code = u.code.get_ref().trim();
        if !is_code(code) {
            faults.push(
                &u.code,
                format!("{field}.code"),
                format!("\"{code}\" is not a code (letters, digits, _ and -)"),
            );
        } else if seen.contains_key(code) {
            faults.push(&u.code, format!("{field}.code"), format!("\"{code}\" is defined twice"));
        }
        let party = party_among(faults, &u.party, format!("{field}.party"), parties);
        check_names(faults, &u.name, &format!("{field}.name"));
        let kind = TargetKind::parse(u.kind.get_ref().trim()).ok();
        if kind.is_none() {
            faults.push(
                &u.kind,
                format!("{field}.kind"),
                format!("\"{}\" is not one of {}", u.kind.get_ref(), TargetKind::CODES.join(", ")),
            );
        }
        let posts = *u.posts.get_ref();
        if !(0..=MAX_POSTS).contains(&posts) {
            faults.push(&u.posts, format!("{field}.posts"), format!("must be from 0 to {MAX_POSTS}"));
        }
        let parent = u.parent.as_ref().map(|p| (p, p.get_ref().trim().to_owned())).filter(|(_, c)| !c.is_empty());
        if let Some((at, p)) = &parent {
            match seen.get(p) {
                None => faults.push(
                    *at,
                    format!("{field}.parent"),
                    format!("\"{p}\" is not a unit defined above this one in [[target_units]]"),
                ),
                Some((their_party, _)) if their_party.is_some() && party.is_some() && *their_party != party => {
                    faults.push(*at, format!("{field}.parent"), format!("\"{p}\" is another party's unit"))
                }
                Some((_, Some(their_kind))) if kind.is_some_and(|k| !k.fits_under(*their_kind)) => faults.push(
                    *at,
                    format!("{field}.parent"),
                    format!("a {} cannot stand under a {}", u.kind.get_ref().trim(), their_kind.code()),
                ),
                Some(_) => {}
            }
        }
        if is_code(code) {
            seen.entry(code.to_owned()).or_insert((party.clone(), kind));
        }
        if let (Some(party), Some(kind)) = (party, kind) {
            out.push(PlannedUnit {
                code: code.to_owned(),
                party,
                name: u.name.get_ref().clone(),
                kind,
                parent: parent.map(|(_, p)| p),
                posts: u32::try_from(posts.clamp(0, MAX_POSTS)).unwrap_or(0),
            });
        }
    }
    out
}

fn check_items(faults: &mut Faults<'_>, items: &[RawItem], section: &str, articles: &HashSet<String>) -> Vec<Item> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let code = item.code.get_ref();
        if !is_code(code) {
            faults.push(
                &item.code,
                format!("{section}[{i}].code"),
                format!("\"{code}\" is not a code (letters, digits, _ and -)"),
            );
        } else if !seen.insert(code.clone()) {
            faults.push(&item.code, format!("{section}[{i}].code"), format!("\"{code}\" is defined twice"));
        }
        check_names(faults, &item.name, &format!("{section}[{i}].name"));
        if let Some(article) = &item.article
            && !articles.contains(article.get_ref())
        {
            faults.push(
                article,
                format!("{section}[{i}].article"),
                format!("article \"{}\" is not among [[articles]]", article.get_ref()),
            );
        }
        if let Some(rule) = &item.report_rule {
            let field = format!("{section}[{i}].report_rule");
            if section != "tracks" {
                faults.push(rule, field, "only an assistance track has a report schedule");
            } else if let Err(e) = crate::assistance::advisory::check_rule(rule.get_ref()) {
                faults.push(rule, field, e.message().in_lang(crate::Lang::En));
            }
        }
        out.push(Item {
            code: code.clone(),
            name: item.name.get_ref().clone(),
            article: item.article.as_ref().map(|a| a.get_ref().clone()),
            report_rule: item.report_rule.as_ref().map(|r| r.get_ref().trim().to_owned()),
        });
    }
    out
}

impl Agreement {
    /// Parses and checks an agreement file. On failure, returns every fault
    /// found (a syntax or type error stops the check at that point).
    pub fn parse(source: &str) -> Result<Agreement, Vec<AgreementFault>> {
        let mut faults = Faults { source, found: Vec::new() };
        if source.len() > MAX_FILE_BYTES {
            faults.push_at(0, "document", format!("the file is larger than {MAX_FILE_BYTES} bytes"));
            return Err(faults.found);
        }
        let Some(raw) = read_sections(source, &mut faults) else {
            return Err(faults.found);
        };
        let Some(header) = &raw.agreement else {
            if !faults.found.iter().any(|f| f.field.starts_with("agreement")) {
                faults.push_at(0, "agreement", "missing field `agreement`");
            }
            // Without its header the rest cannot be checked against it; report what was found.
            faults.found.sort_by_key(|f| f.line);
            return Err(faults.found);
        };

        let id = header.id.get_ref();
        if !is_code(id) {
            faults.push(&header.id, "agreement.id", format!("\"{id}\" is not a code (letters, digits, _ and -)"));
        }
        check_names(&mut faults, &header.title, "agreement.title");
        let signed = time::Date::parse(header.signed.get_ref(), &time::format_description::well_known::Iso8601::DATE);
        if signed.is_err() {
            faults.push(
                &header.signed,
                "agreement.signed",
                format!("\"{}\" is not a date (YYYY-MM-DD)", header.signed.get_ref()),
            );
        }

        let mut parties = Vec::new();
        let mut party_codes = HashSet::new();
        for (i, p) in raw.parties.iter().enumerate() {
            let field = format!("parties[{i}]");
            match PartyCode::parse(p.code.get_ref()) {
                Ok(code) => {
                    if !party_codes.insert(code.clone()) {
                        faults.push(&p.code, format!("{field}.code"), format!("party {code} is defined twice"));
                    }
                    let released_fields = p.released_fields.as_ref().map(|r| r.get_ref().clone()).unwrap_or_default();
                    for released in &released_fields {
                        if let Some(at) = &p.released_fields
                            && !RELEASABLE_FIELDS.contains(&released.as_str())
                        {
                            faults.push(
                                at,
                                format!("{field}.released_fields"),
                                format!(
                                    "\"{released}\" is not a field of a person; expected some of {}",
                                    RELEASABLE_FIELDS.join(", ")
                                ),
                            );
                        }
                    }
                    let language = match &p.language {
                        None => crate::Lang::En,
                        Some(l) => crate::Lang::from_code(l.get_ref()).unwrap_or_else(|| {
                            faults.push(
                                l,
                                format!("{field}.language"),
                                format!("\"{}\" is not one of en, tr, ar", l.get_ref()),
                            );
                            crate::Lang::En
                        }),
                    };
                    let seal_key = p.seal_key.as_ref().map(|k| {
                        let text = k.get_ref().trim().to_ascii_lowercase();
                        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                            faults.push(
                                k,
                                format!("{field}.seal_key"),
                                "must be 64 hex digits (an Ed25519 public key)",
                            );
                        }
                        text
                    });
                    let witness_key = p.witness_key.as_ref().map(|k| {
                        let text = k.get_ref().trim().to_owned();
                        // The key's base64 may itself hold '+': the name and hash come first.
                        let parts: Vec<&str> = text.splitn(3, '+').collect();
                        let ok = parts.len() == 3
                            && !parts[0].is_empty()
                            && parts[1].len() == 8
                            && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
                            && !parts[2].is_empty();
                        if !ok {
                            faults.push(
                                k,
                                format!("{field}.witness_key"),
                                "must be a verifier key, name+hash+base64, as `ittifaq audit witness-key generate` prints it",
                            );
                        }
                        text
                    });
                    parties.push(Party {
                        code,
                        name: p.name.get_ref().clone(),
                        released_fields,
                        language,
                        seal_key,
                        witness_key,
                    });
                }
                Err(e) => faults.push(&p.code, format!("{field}.code"), e.to_string()),
            }
            check_names(&mut faults, &p.name, &format!("{field}.name"));
        }
        if raw.parties.len() < 2 {
            faults.push(&header.id, "parties", "an agreement needs at least two parties");
        }
        let host = PartyCode::parse(header.host_party.get_ref());
        match &host {
            Ok(code) if !party_codes.contains(code) => {
                faults.push(&header.host_party, "agreement.host_party", format!("{code} is not one of the parties"))
            }
            Ok(_) => {}
            Err(e) => faults.push(&header.host_party, "agreement.host_party", e.to_string()),
        }

        let mut articles = Vec::new();
        let mut article_numbers = HashSet::new();
        for (i, a) in raw.articles.iter().enumerate() {
            if a.number.get_ref().trim().is_empty() {
                faults.push(&a.number, format!("articles[{i}].number"), "must not be empty");
            } else if !article_numbers.insert(a.number.get_ref().clone()) {
                faults.push(
                    &a.number,
                    format!("articles[{i}].number"),
                    format!("article \"{}\" is defined twice", a.number.get_ref()),
                );
            }
            check_names(&mut faults, &a.title, &format!("articles[{i}].title"));
            articles.push(Article { number: a.number.get_ref().clone(), title: a.title.get_ref().clone() });
        }

        let measures = check_items(&mut faults, &raw.measures, "measures", &article_numbers);
        let domains = check_items(&mut faults, &raw.domains, "domains", &article_numbers);
        let tracks = check_items(&mut faults, &raw.tracks, "tracks", &article_numbers);
        let mut indicator_kinds = Vec::new();
        let mut kind_codes = HashSet::new();
        for (i, k) in raw.indicator_kinds.iter().enumerate() {
            let code = k.code.get_ref();
            if !is_code(code) {
                faults.push(
                    &k.code,
                    format!("indicator_kinds[{i}].code"),
                    format!("\"{code}\" is not a code (letters, digits, _ and -)"),
                );
            } else if !kind_codes.insert(code.clone()) {
                faults.push(&k.code, format!("indicator_kinds[{i}].code"), format!("\"{code}\" is defined twice"));
            }
            check_names(&mut faults, &k.name, &format!("indicator_kinds[{i}].name"));
            let measured_by = match k.measured_by.get_ref().as_str() {
                "partner" => MeasuredBy::Partner,
                "advising" => MeasuredBy::Advising,
                other => {
                    faults.push(
                        &k.measured_by,
                        format!("indicator_kinds[{i}].measured_by"),
                        format!("\"{other}\" is neither \"partner\" nor \"advising\""),
                    );
                    MeasuredBy::Partner
                }
            };
            indicator_kinds.push(IndicatorKind { code: code.clone(), name: k.name.get_ref().clone(), measured_by });
        }
        let domain_codes: HashSet<&str> = domains.iter().map(|d| d.code.as_str()).collect();

        let mut institutions = Vec::new();
        let mut institution_codes = HashSet::new();
        for (i, inst) in raw.institutions.iter().enumerate() {
            let field = format!("institutions[{i}]");
            let code = inst.code.get_ref();
            if !is_code(code) {
                faults.push(
                    &inst.code,
                    format!("{field}.code"),
                    format!("\"{code}\" is not a code (letters, digits, _ and -)"),
                );
            } else if !institution_codes.insert(code.clone()) {
                faults.push(&inst.code, format!("{field}.code"), format!("\"{code}\" is defined twice"));
            }
            let party = party_among(&mut faults, &inst.party, format!("{field}.party"), &party_codes);
            check_names(&mut faults, &inst.name, &format!("{field}.name"));
            if inst.city.get_ref().trim().is_empty() {
                faults.push(&inst.city, format!("{field}.city"), "must not be empty");
            }
            let inst_domains = inst.domains.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default();
            for d in &inst_domains {
                if let Some(at) = &inst.domains
                    && !domain_codes.contains(d.as_str())
                {
                    faults.push(at, format!("{field}.domains"), format!("\"{d}\" is not among [[domains]]"));
                }
            }
            if let Some(party) = party {
                institutions.push(Institution {
                    code: code.clone(),
                    party,
                    name: inst.name.get_ref().clone(),
                    city: inst.city.get_ref().clone(),
                    domains: inst_domains,
                });
            }
        }

        let mut vetting = Vec::new();
        let mut vetting_codes = HashSet::new();
        for (i, v) in raw.vetting.iter().enumerate() {
            let field = format!("vetting[{i}]");
            let code = v.code.get_ref();
            if !is_code(code) {
                faults.push(
                    &v.code,
                    format!("{field}.code"),
                    format!("\"{code}\" is not a code (letters, digits, _ and -)"),
                );
            } else if !vetting_codes.insert(code.clone()) {
                faults.push(&v.code, format!("{field}.code"), format!("\"{code}\" is defined twice"));
            }
            check_names(&mut faults, &v.name, &format!("{field}.name"));
            let responsible = match v.responsible.get_ref().as_str() {
                "sending" => Responsible::Sending,
                "host" => Responsible::Host,
                other => {
                    faults.push(
                        &v.responsible,
                        format!("{field}.responsible"),
                        format!("\"{other}\" is neither \"sending\" nor \"host\""),
                    );
                    Responsible::Sending
                }
            };
            let scale = v.scale.as_ref().and_then(|s| match crate::level::LevelScale::parse(s.get_ref()) {
                Ok(scale) => Some(scale),
                Err(e) => {
                    faults.push(s, format!("{field}.scale"), e.message().to_string());
                    None
                }
            });
            let min_level = v.min_level.as_ref().map(|m| {
                match scale {
                    Some(scale) => {
                        if let Err(e) = scale.level(m.get_ref()) {
                            faults.push(m, format!("{field}.min_level"), e.message().to_string());
                        }
                    }
                    None if v.scale.is_none() => {
                        faults.push(m, format!("{field}.min_level"), "needs a scale (\"cefr\" or \"stanag6001\")");
                    }
                    None => {}
                }
                m.get_ref().trim().to_owned()
            });
            let mut applies_to = Vec::new();
            match &v.applies_to {
                None => applies_to.push(Vetted::Trainees),
                Some(list) => {
                    for who in list.get_ref() {
                        let to = match who.as_str() {
                            "trainees" => Vetted::Trainees,
                            "advisors" => Vetted::Advisors,
                            other => {
                                faults.push(
                                    list,
                                    format!("{field}.applies_to"),
                                    format!("\"{other}\" is neither \"trainees\" nor \"advisors\""),
                                );
                                continue;
                            }
                        };
                        if !applies_to.contains(&to) {
                            applies_to.push(to);
                        }
                    }
                    if list.get_ref().is_empty() {
                        faults.push(list, format!("{field}.applies_to"), "names no one (\"trainees\", \"advisors\")");
                    }
                }
            }
            vetting.push(VettingCheck {
                code: code.clone(),
                name: v.name.get_ref().clone(),
                responsible,
                applies_to,
                scale,
                min_level,
            });
        }

        let rules = raw.rules.as_ref().map(|r| r.get_ref().clone()).unwrap_or_default();
        let rules_at = raw.rules.as_ref().map(|r| r.span()).unwrap_or(0..0);
        let rules_at = Spanned::new(rules_at, ());
        if !(rules.unit_max_away_share > 0.0 && rules.unit_max_away_share <= 1.0) {
            faults.push(&rules_at, "rules.unit_max_away_share", "must be a share above 0 and at most 1");
        }
        for (name, value) in [
            ("max_sessions_per_person", rules.max_sessions_per_person),
            ("session_idle_minutes", rules.session_idle_minutes),
            ("session_absolute_hours", rules.session_absolute_hours),
            ("login_max_failures", rules.login_max_failures),
            ("login_lockout_minutes", rules.login_lockout_minutes),
            ("certificate_valid_months", rules.certificate_valid_months),
            ("hotline_routine_ack_minutes", rules.hotline_routine_ack_minutes),
            ("hotline_urgent_ack_minutes", rules.hotline_urgent_ack_minutes),
            ("hotline_flash_ack_minutes", rules.hotline_flash_ack_minutes),
            ("report_review_days", rules.report_review_days),
            ("integration_stall_days", rules.integration_stall_days),
        ] {
            let (_, low, high) =
                RULE_BOUNDS.iter().find(|(n, _, _)| *n == name).copied().unwrap_or((name, 1, u32::MAX));
            if !(low..=high).contains(&value) {
                let at = raw.rule_spans.iter().find(|(k, _)| k == name).map_or(rules_at.span().start, |(_, s)| s.start);
                faults.push_at(at, format!("rules.{name}"), format!("{value} is outside {low} to {high}"));
            }
        }
        if rules.session_idle_minutes > rules.session_absolute_hours.saturating_mul(60) {
            faults.push(&rules_at, "rules.session_idle_minutes", "must not exceed session_absolute_hours");
        }

        let formations = check_formations(&mut faults, &raw.formations, &party_codes);
        let target_units = check_target_units(&mut faults, &raw.target_units, &party_codes);
        match (faults.found.is_empty(), signed, host) {
            (true, Ok(signed), Ok(host_party)) => Ok(Agreement {
                id: id.clone(),
                title: header.title.get_ref().clone(),
                signed,
                host_party,
                parties,
                articles,
                measures,
                domains,
                tracks,
                indicator_kinds,
                institutions,
                vetting,
                formations,
                target_units,
                rules,
            }),
            _ => {
                faults.found.sort_by_key(|f| f.line);
                Err(faults.found)
            }
        }
    }

    pub fn party(&self, code: &PartyCode) -> Option<&Party> {
        self.parties.iter().find(|p| &p.code == code)
    }

    pub fn domain(&self, code: &str) -> Option<&Item> {
        self.domains.iter().find(|d| d.code == code)
    }
}

/// Pulls the field name out of serde's messages ("unknown field `x`", "missing field `y`").
fn field_in_message(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../agreements/tr-sy-2025.toml");

    const FORMATIONS: &str = r#"
[[formations]]
code = "F-NORTH"
party = "SY"
name = { en = "Northern formation", tr = "Kuzey oluşumu", ar = "تشكيل الشمال" }
origin = "Northern front"
mode = "bloc"
declared_strength = 4200
starts_on = "2026-01-01"

[[formations.deadlines]]
stage = "register"
due = "2026-03-31"
binding = true
clause = "Integration annex, article 1"
owner_party = "SY"

[[formations.deadlines]]
stage = "assign"
binding = false
clause = "Integration annex, article 5"
"#;

    #[test]
    fn formations_to_integrate_are_read_with_their_deadlines_and_faults_are_named() {
        use crate::integration::{Mode, Stage};
        let a = Agreement::parse(&format!("{SHIPPED}{FORMATIONS}")).expect("formations check clean");
        assert_eq!(a.formations.len(), 1);
        let f = &a.formations[0];
        assert_eq!(
            (f.code.as_str(), f.party.as_str(), f.mode, f.declared_strength),
            ("F-NORTH", "SY", Mode::Bloc, 4200)
        );
        assert_eq!(f.deadlines.len(), 2);
        assert_eq!((f.deadlines[0].stage, f.deadlines[0].binding), (Stage::Register, true));
        assert_eq!((f.deadlines[1].due, f.deadlines[1].owner_party.as_ref()), (None, None), "a commitment on paper");
        let broken = format!("{SHIPPED}{FORMATIONS}")
            .replace("party = \"SY\"\nname = { en = \"Northern", "party = \"XX\"\nname = { en = \"Northern")
            .replace("mode = \"bloc\"", "mode = \"blob\"")
            .replace("due = \"2026-03-31\"", "due = \"2025-12-31\"")
            .replace("stage = \"assign\"", "stage = \"register\"")
            .replace("clause = \"Integration annex, article 5\"", "clause = \" \"");
        let faults = Agreement::parse(&broken).unwrap_err();
        let fields: Vec<&str> = faults.iter().map(|f| f.field.as_str()).collect();
        for field in [
            "formations[0].party",
            "formations[0].mode",
            "formations[0].deadlines[0].due",
            "formations[0].deadlines[1].stage",
            "formations[0].deadlines[1].clause",
        ] {
            assert!(fields.contains(&field), "{field} named: {faults:?}");
        }
        assert!(faults.iter().all(|f| f.line > 0), "each with its line");
    }

    const TARGET_UNITS: &str = r#"
[[target_units]]
code = "DIV-7"
party = "SY"
name = { en = "7th Division", tr = "7. Tümen", ar = "الفرقة السابعة" }
kind = "division"
posts = 0

[[target_units]]
code = "BDE-71"
party = "SY"
name = { en = "71st Brigade", tr = "71. Tugay", ar = "اللواء 71" }
kind = "brigade"
parent = "DIV-7"
posts = 1800
"#;

    #[test]
    fn a_target_structure_is_read_top_down_and_faults_are_named() {
        use crate::integration::TargetKind;
        let a = Agreement::parse(&format!("{SHIPPED}{TARGET_UNITS}")).expect("the structure checks clean");
        assert_eq!(a.target_units.len(), 2);
        let b = &a.target_units[1];
        assert_eq!(
            (b.code.as_str(), b.party.as_str(), b.kind, b.parent.as_deref(), b.posts),
            ("BDE-71", "SY", TargetKind::Brigade, Some("DIV-7"), 1800)
        );
        // A parent defined below, another kind, too many posts, a party outside the agreement.
        let broken = format!("{SHIPPED}{TARGET_UNITS}")
            .replace("kind = \"brigade\"", "kind = \"corps\"")
            .replace("posts = 1800", "posts = 100001")
            .replace("code = \"DIV-7\"\nparty = \"SY\"", "code = \"DIV-7\"\nparty = \"XX\"");
        let faults = Agreement::parse(&broken).unwrap_err();
        let fields: Vec<&str> = faults.iter().map(|f| f.field.as_str()).collect();
        for field in ["target_units[0].party", "target_units[1].kind", "target_units[1].posts"] {
            assert!(fields.contains(&field), "{field} named: {faults:?}");
        }
        // Upside down: a division under a brigade, and a parent not defined above.
        let upside = format!("{SHIPPED}{TARGET_UNITS}")
            .replace("kind = \"division\"\nposts = 0", "kind = \"division\"\nparent = \"BDE-71\"\nposts = 0");
        let faults = Agreement::parse(&upside).unwrap_err();
        assert_eq!(faults.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), vec!["target_units[0].parent"]);
        let under = format!("{SHIPPED}{TARGET_UNITS}")
            .replace("kind = \"brigade\"\nparent = \"DIV-7\"", "kind = \"division\"\nparent = \"DIV-7\"");
        let faults = Agreement::parse(&under).unwrap_err();
        assert!(
            faults[0].field == "target_units[1].parent" && faults[0].message.contains("cannot stand under"),
            "{faults:?}"
        );
    }

    #[test]
    fn shipped_agreement_is_valid() {
        let a = Agreement::parse(SHIPPED).expect("the shipped agreement checks clean");
        let codes: Vec<&str> = a.parties.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["TR", "SY"]);
        let domains: Vec<&str> = a.domains.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            domains,
            [
                "counterterrorism",
                "mine_clearance",
                "cyber_defence",
                "military_engineering",
                "logistics",
                "peacekeeping"
            ]
        );
        let tracks: Vec<&str> = a.tracks.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(tracks, ["military_systems", "organizational_structures", "command_capabilities"]);
    }

    #[test]
    fn reports_every_semantic_fault_with_its_line() {
        let broken = SHIPPED
            .replacen("host_party = \"TR\"", "host_party = \"IQ\"", 1)
            .replacen("party = \"SY\"", "party = \"XX\"", 1)
            .replacen("domains = [\"mine_clearance\"", "domains = [\"mine_clearing\"", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        let fields: Vec<&str> = faults.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.contains(&"agreement.host_party"), "{faults:?}");
        assert!(fields.iter().any(|f| f.starts_with("institutions[") && f.ends_with(".party")), "{faults:?}");
        assert!(fields.iter().any(|f| f.ends_with(".domains")), "{faults:?}");
        let host = faults.iter().find(|f| f.field == "agreement.host_party").unwrap();
        let expected_line = broken.lines().position(|l| l.contains("host_party = \"IQ\"")).unwrap() + 1;
        assert_eq!(host.line, expected_line);
    }

    #[test]
    fn each_vetting_check_says_whom_it_vets_and_a_wrong_word_is_named() {
        let a = Agreement::parse(SHIPPED).unwrap();
        let of = |to: Vetted| a.vetting.iter().filter(|c| c.applies(to)).map(|c| c.code.as_str()).collect::<Vec<_>>();
        assert_eq!(of(Vetted::Trainees), ["security", "medical", "language"]);
        assert_eq!(of(Vetted::Advisors), ["security", "medical", "host_access"]);
        let broken = SHIPPED.replacen("applies_to = [\"advisors\"]", "applies_to = [\"advisers\"]", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        let f = faults.iter().find(|f| f.field == "vetting[3].applies_to").expect("the list named");
        assert!(f.message.contains("\"advisers\""), "{faults:?}");
        assert_eq!(f.line, broken.lines().position(|l| l.contains("\"advisers\"")).unwrap() + 1);
        let empty = SHIPPED.replacen("applies_to = [\"advisors\"]", "applies_to = []", 1);
        assert!(Agreement::parse(&empty).unwrap_err().iter().any(|f| f.field == "vetting[3].applies_to"));
    }

    #[test]
    fn unknown_field_is_named_with_its_line() {
        let broken = SHIPPED.replacen("signed = ", "signd = ", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].field, "agreement.signd");
        let expected_line = broken.lines().position(|l| l.starts_with("signd")).unwrap() + 1;
        assert_eq!(faults[0].line, expected_line);
    }

    #[test]
    fn vetting_checks_name_who_records_them_and_faults_name_the_check() {
        let a = Agreement::parse(SHIPPED).unwrap();
        let checks: Vec<(&str, Responsible)> = a.vetting.iter().map(|v| (v.code.as_str(), v.responsible)).collect();
        assert_eq!(
            checks,
            [
                ("security", Responsible::Sending),
                ("medical", Responsible::Sending),
                ("language", Responsible::Host),
                ("host_access", Responsible::Host)
            ]
        );
        assert_eq!(a.rules.certificate_valid_months, 36);
        let broken = SHIPPED.replacen("responsible = \"host\"", "responsible = \"both\"", 1).replacen(
            "code = \"medical\"",
            "code = \"security\"",
            1,
        );
        let faults = Agreement::parse(&broken).unwrap_err();
        let line = broken.lines().position(|l| l.contains("\"both\"")).unwrap() + 1;
        let responsible = faults.iter().find(|f| f.field == "vetting[2].responsible").expect("the bad party named");
        assert_eq!(responsible.line, line);
        assert!(responsible.message.contains("\"both\" is neither"), "{responsible}");
        assert!(
            faults.iter().any(|f| f.field == "vetting[1].code" && f.message.contains("defined twice")),
            "{faults:?}"
        );
    }

    #[test]
    fn a_language_check_records_a_level_on_its_scale_and_bad_levels_are_named() {
        let a = Agreement::parse(SHIPPED).unwrap();
        let language = a.vetting.iter().find(|v| v.code == "language").unwrap();
        assert_eq!(language.scale, Some(crate::level::LevelScale::Cefr));
        assert_eq!(language.min_level.as_deref(), Some("B1"));
        assert!(a.vetting.iter().filter(|v| v.code != "language").all(|v| v.scale.is_none()));

        let bad_level = SHIPPED.replacen("min_level = \"B1\"", "min_level = \"B7\"", 1);
        let faults = Agreement::parse(&bad_level).unwrap_err();
        let f = faults.iter().find(|f| f.field == "vetting[2].min_level").expect("the level named");
        assert!(f.message.contains("\"B7\" is not a CEFR level"), "{f}");
        assert_eq!(f.line, bad_level.lines().position(|l| l.contains("B7")).unwrap() + 1);

        let bad_scale = SHIPPED.replacen("scale = \"cefr\"", "scale = \"ilr\"", 1);
        let faults = Agreement::parse(&bad_scale).unwrap_err();
        assert!(faults.iter().any(|f| f.field == "vetting[2].scale" && f.message.contains("\"ilr\"")), "{faults:?}");

        let no_scale = SHIPPED.replacen("scale = \"cefr\"\n", "", 1);
        let faults = Agreement::parse(&no_scale).unwrap_err();
        assert!(faults.iter().any(|f| f.field == "vetting[2].min_level" && f.message.contains("needs a scale")));
    }

    #[test]
    fn arabic_names_must_be_arabic() {
        let broken = SHIPPED.replacen("ar = \"الجمهورية التركية\"", "ar = \"Turkiye\"", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        assert_eq!(faults[0].field, "parties[0].name.ar");
    }

    #[test]
    fn type_errors_do_not_hide_the_other_faults() {
        let broken = SHIPPED
            .replacen("session_idle_minutes = 30", "session_idle_minutes = \"soon\"", 1)
            .replacen("language = \"ar\"", "language = 5", 1)
            .replacen("host_party = \"TR\"", "host_party = \"IQ\"", 1)
            .replacen("city = ", "citty = ", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        let fields: Vec<&str> = faults.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.iter().any(|f| f.starts_with("rules")), "the rules' type error: {faults:?}");
        assert!(fields.iter().any(|f| f.starts_with("parties[1]")), "the party's type error: {faults:?}");
        assert!(fields.iter().any(|f| f.starts_with("institutions[0]")), "the misspelt field: {faults:?}");
        assert!(fields.contains(&"agreement.host_party"), "the semantic fault after them: {faults:?}");
        let language = faults.iter().find(|f| f.field.starts_with("parties[1]")).unwrap();
        assert_eq!(language.line, broken.lines().position(|l| l == "language = 5").unwrap() + 1, "{language}");
    }

    #[test]
    fn tracks_carry_their_report_schedule_and_indicator_kinds_their_measuring_party() {
        let a = Agreement::parse(SHIPPED).unwrap();
        assert_eq!(a.tracks[0].report_rule.as_deref(), Some("FREQ=MONTHLY"));
        let kinds: Vec<(&str, MeasuredBy)> =
            a.indicator_kinds.iter().map(|k| (k.code.as_str(), k.measured_by)).collect();
        assert!(kinds.contains(&("coverage", MeasuredBy::Partner)), "{kinds:?}");
        assert!(kinds.contains(&("capability_assessment", MeasuredBy::Advising)), "{kinds:?}");
        let broken = SHIPPED
            .replacen("report_rule = \"FREQ=MONTHLY\"", "report_rule = \"FREQ=HOURLY\"", 1)
            .replacen("measured_by = \"advising\"", "measured_by = \"both\"", 1)
            .replacen("[[domains]]\ncode = ", "[[domains]]\nreport_rule = \"FREQ=MONTHLY\"\ncode = ", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        let fields: Vec<&str> = faults.iter().map(|f| f.field.as_str()).collect();
        assert!(fields.contains(&"tracks[0].report_rule"), "{faults:?}");
        assert!(fields.contains(&"indicator_kinds[2].measured_by"), "{faults:?}");
        assert!(fields.contains(&"domains[0].report_rule"), "only tracks have a schedule: {faults:?}");
        let hourly = faults.iter().find(|f| f.field == "tracks[0].report_rule").unwrap();
        assert_eq!(hourly.line, broken.lines().position(|l| l.contains("FREQ=HOURLY")).unwrap() + 1, "{hourly}");
    }

    #[test]
    fn absurd_rules_and_huge_files_are_refused() {
        let broken = SHIPPED.replacen("session_absolute_hours = 12", "session_absolute_hours = 100000", 1);
        let faults = Agreement::parse(&broken).unwrap_err();
        let f = faults.iter().find(|f| f.field == "rules.session_absolute_hours").expect("the rule named");
        assert_eq!(f.line, broken.lines().position(|l| l.contains("100000")).unwrap() + 1);
        assert!(f.message.contains("100000") && f.message.contains("168"), "{f}");
        let huge = format!("{SHIPPED}{}", "#".repeat(MAX_FILE_BYTES));
        let faults = Agreement::parse(&huge).unwrap_err();
        assert!(faults[0].message.contains("larger than"), "{faults:?}");
    }

    #[test]
    fn parties_may_pin_their_keys_and_malformed_pins_are_named() {
        let pinned = SHIPPED.replacen(
            "language = \"ar\"",
            "language = \"ar\"\nseal_key = \"ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c\"\nwitness_key = \"ittifaq.sy/witness+0123abcd+AQIDBA\"",
            1,
        );
        let a = Agreement::parse(&pinned).unwrap();
        let sy = a.parties.iter().find(|p| p.code.as_str() == "SY").unwrap();
        assert_eq!(sy.seal_key.as_deref(), Some("ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"));
        assert_eq!(sy.witness_key.as_deref(), Some("ittifaq.sy/witness+0123abcd+AQIDBA"));
        let bad = pinned.replacen("seal_key = \"ea4a", "seal_key = \"zz4a", 1);
        let faults = Agreement::parse(&bad).unwrap_err();
        assert_eq!(faults[0].field, "parties[1].seal_key");
    }
}
