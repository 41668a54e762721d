//! Deconfliction declarations: activities the parties (and, entered by a
//! deconfliction officer, third states) declare as a footprint, an altitude
//! band and a time window. A declaration is a draft until its party confirms
//! it; confirmed ones may be amended (a new version) or cancelled. Every step
//! is audited in its transaction.
//!
//! What the other party sees is cut here: the footprint, time, altitude and
//! kind of confirmed declarations, never the unit or who declared it; a third
//! state's declarations only by deconfliction officers. Conflicts are computed
//! by `ittifaq_decon` on the [`Activity`] each call returns.

use ittifaq_core::Msg;
use ittifaq_core::Role;
use ittifaq_core::decon::{ACTIVE_CODES, DeclarationStatus, declaration_visible, sees_third_states};
use ittifaq_core::id::DeclarationId;
use ittifaq_decon::{Activity, ActivityRecord, DeconError, Fault, GeoJson, Kind, MAX_FOOTPRINT_POSITIONS, RingRef};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::audit::{self, Event};
use crate::entity::{declaration, party};
use crate::scope::ensure_own;
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::audit::{Action, ObjectKind};

/// Statuses of a declaration that the engine holds (released to the other party).
pub const ACTIVE: [&str; 2] = ACTIVE_CODES;

/// Most declarations one listing returns.
pub const LIST_LIMIT: u64 = 5000;

/// A third state whose activity a deconfliction officer enters.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ThirdStateInput {
    /// Two to four capital letters (e.g. the ISO 3166 alpha-3 code), not a party of the agreement.
    pub code: String,
    pub name: String,
}

/// A declaration as submitted (`shared/contracts/deconfliction.md`, without the id and party).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclarationInput {
    /// exercise, flight, demining, convoy, firing or other.
    pub kind: String,
    /// A GeoJSON geometry (Polygon, MultiPolygon, LineString, or Point with `radius_m`),
    /// or a Feature or FeatureCollection of one feature holding one.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub footprint: serde_json::Value,
    /// Lower and upper bound, metres above mean sea level.
    pub altitude_m: Vec<f64>,
    /// RFC 3339 with a zone, e.g. `2027-03-01T06:00:00Z`.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub end: String,
    #[serde(default)]
    pub separation_m: Option<f64>,
    #[serde(default)]
    pub vertical_separation_m: Option<f64>,
    #[serde(default)]
    pub time_buffer_s: Option<f64>,
    /// The unit carrying it out; not released to the other party.
    #[serde(default)]
    pub unit: Option<String>,
    /// Set when the activity is a third state's.
    #[serde(default)]
    pub third_state: Option<ThirdStateInput>,
}

/// A declaration as one user may see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclarationView {
    pub id: DeclarationId,
    pub code: String,
    /// TR, SY, or the third state's code.
    pub party: String,
    pub third_state: bool,
    pub state_name: String,
    /// Whether the viewer's party entered it (and may change it).
    pub own: bool,
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub footprint: serde_json::Value,
    pub altitude_m: [f64; 2],
    pub start: String,
    pub end: String,
    pub separation_m: f64,
    pub vertical_separation_m: f64,
    pub time_buffer_s: f64,
    /// draft, confirmed, amended or cancelled.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: DeclarationStatus,
    pub version: i32,
    /// Shown only to the party that entered it.
    pub unit: Option<String>,
    /// Shown only to the party that entered it.
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl DeclarationView {
    pub fn active(&self) -> bool {
        self.status.is_active()
    }
}

/// A declaration as the actor may see it, and its validated activity.
#[derive(Debug, Clone)]
pub struct Declared {
    pub view: DeclarationView,
    pub activity: Activity,
}

/// Which declarations to list.
#[derive(Debug, Clone, Default)]
pub struct DeclarationFilter {
    /// Only those whose window ends after this instant (ms since the epoch).
    pub from_ms: Option<i64>,
    /// Only those whose window starts before this instant.
    pub to_ms: Option<i64>,
    /// West, south, east, north in degrees: only footprints whose extent meets the box.
    pub bbox: Option<[f64; 4]>,
    /// Only confirmed and amended ones.
    pub active_only: bool,
}

/// Whether the actor may see a declaration at all: the release rule of a
/// declaration, also applied to its audit rows.
pub(crate) fn visible(actor: &Actor, m: &declaration::Model) -> bool {
    // A status that does not read releases nothing.
    DeclarationStatus::parse(&m.status).is_ok_and(|status| {
        declaration_visible(actor.role, m.owner_party == actor.party.as_str(), m.third_state, status)
    })
}

/// The status of a stored declaration; one that does not read is refused, naming it.
fn status_of(m: &declaration::Model) -> Result<DeclarationStatus> {
    DeclarationStatus::parse(&m.status).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-status").msg("what", crate::record(ObjectKind::Declaration, &m.code)))
    })
}

fn rfc3339(ms: i64) -> String {
    time_of(ms).format(&Rfc3339).unwrap_or_default()
}

fn time_of(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A stored declaration as the actor sees it; a status or footprint that
/// does not read is refused, naming the declaration.
fn view(actor: &Actor, m: &declaration::Model) -> Result<DeclarationView> {
    let own = m.owner_party == actor.party.as_str();
    let footprint = serde_json::from_str(&m.footprint).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-footprint").msg("what", crate::record(ObjectKind::Declaration, &m.code)))
    })?;
    Ok(DeclarationView {
        id: DeclarationId(m.id),
        code: m.code.clone(),
        party: m.party.clone(),
        third_state: m.third_state,
        state_name: m.state_name.clone(),
        own,
        kind: m.kind.clone(),
        footprint,
        altitude_m: [m.altitude_lo, m.altitude_hi],
        start: rfc3339(m.start_ms),
        end: rfc3339(m.end_ms),
        separation_m: m.separation_m,
        vertical_separation_m: m.vertical_separation_m,
        time_buffer_s: m.time_buffer_s,
        status: status_of(m)?,
        version: m.version,
        unit: if own { m.unit.clone() } else { None },
        created_by: own.then(|| m.created_by.clone()),
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The stored declaration as the engine's activity. It was validated when it
/// was declared, so it is compiled in linear time, not validated again.
pub fn activity_of(m: &declaration::Model) -> Result<Activity> {
    let footprint: GeoJson = serde_json::from_str(&m.footprint).map_err(|e| {
        StoreError::invalid("footprint", Msg::new("invalid-stored-footprint").arg("code", &m.code).arg("error", e))
    })?;
    let kind = parse_kind(&m.kind)?;
    let record = ActivityRecord {
        id: m.code.clone(),
        party: m.party.clone(),
        kind,
        footprint,
        altitude_m: [m.altitude_lo, m.altitude_hi],
        start: time_of(m.start_ms),
        end: time_of(m.end_ms),
        separation_m: Some(m.separation_m),
        vertical_separation_m: Some(m.vertical_separation_m),
        time_buffer_s: Some(m.time_buffer_s),
    };
    Activity::from_validated(record).map_err(fault_error)
}

fn parse_kind(kind: &str) -> Result<Kind> {
    serde_json::from_value::<Kind>(serde_json::Value::String(kind.trim().to_owned()))
        .map_err(|_| StoreError::invalid("kind", Msg::new("invalid-activity-kind").arg("kind", kind)))
}

fn kind_abbreviation(kind: Kind) -> &'static str {
    match kind {
        Kind::Exercise => "EX",
        Kind::Flight => "FL",
        Kind::Demining => "DM",
        Kind::Convoy => "CV",
        Kind::Firing => "FR",
        Kind::Other => "OT",
    }
}

/// The field an engine fault is about, and the fault as the error's reason.
fn fault_error(e: DeconError) -> StoreError {
    let Some(fault) = e.fault() else {
        return StoreError::invalid("footprint", Msg::new("invalid-activity").arg("error", e));
    };
    let field = match fault {
        Fault::AltitudeInverted { .. } => "altitude_m",
        Fault::EndNotAfterStart => "end",
        Fault::Negative { field, .. } | Fault::NotFinite { field } if *field != "footprint coordinate" => field,
        _ => "footprint",
    };
    StoreError::invalid(field, fault_msg(fault))
}

/// An engine fault in the reader's language; field names, codes and numbers as they are.
fn fault_msg(fault: &Fault) -> Msg {
    match fault {
        Fault::Schema(m) => Msg::new("decon-fault-schema").arg("detail", m),
        Fault::EmptyId => Msg::new("decon-fault-empty-id"),
        Fault::BadParty(p) => Msg::new("invalid-party-code").arg("text", p),
        Fault::NotFinite { field } => Msg::new("decon-fault-not-finite").arg("field", field),
        Fault::Negative { field, value } => Msg::new("decon-fault-negative").arg("field", field).arg("value", value),
        Fault::LatitudeOutOfRange { lat } => Msg::new("decon-fault-latitude").arg("lat", lat),
        Fault::LongitudeOutOfRange { lon } => Msg::new("decon-fault-longitude").arg("lon", lon),
        Fault::BadPosition { len } => Msg::new("decon-fault-bad-position").arg("count", len),
        Fault::TooFewPositions { ring: Some(r), got, need } => {
            Msg::new("decon-fault-ring-too-few").msg("ring", ring_msg(*r)).arg("got", got).arg("need", need)
        }
        Fault::TooFewPositions { ring: None, got, need } => {
            Msg::new("decon-fault-route-too-few").arg("got", got).arg("need", need)
        }
        Fault::UnclosedRing { ring } => Msg::new("decon-fault-unclosed").msg("ring", ring_msg(*ring)),
        Fault::DegenerateRing { ring } => Msg::new("decon-fault-degenerate").msg("ring", ring_msg(*ring)),
        Fault::SelfIntersectingRing { ring } => Msg::new("decon-fault-self-intersecting").msg("ring", ring_msg(*ring)),
        Fault::RingsCross { polygon, a, b } => {
            Msg::new("decon-fault-rings-cross").arg("polygon", polygon).arg("a", a).arg("b", b)
        }
        Fault::HoleOutsideShell { ring } => Msg::new("decon-fault-hole-outside").msg("ring", ring_msg(*ring)),
        Fault::EmptyGeometry => Msg::new("decon-fault-empty"),
        Fault::FootprintTooLarge => Msg::new("decon-fault-too-large"),
        Fault::AntipodalEdge => Msg::new("decon-fault-antipodal"),
        Fault::MissingRadius => Msg::new("decon-fault-missing-radius"),
        Fault::AltitudeInverted { lo, hi } => Msg::new("decon-fault-altitude-inverted").arg("lo", lo).arg("hi", hi),
        Fault::EndNotAfterStart => Msg::new("decon-fault-end-not-after-start"),
    }
}

/// A ring of a footprint ("polygon 0 shell", "polygon 0 hole 1").
fn ring_msg(r: RingRef) -> Msg {
    if r.ring == 0 {
        Msg::new("decon-ring-shell").arg("polygon", r.polygon)
    } else {
        Msg::new("decon-ring-hole").arg("polygon", r.polygon).arg("ring", r.ring)
    }
}

/// The geometry of a footprint given as a geometry, a Feature or a
/// FeatureCollection of one feature (a Point feature may carry `radius_m`
/// among its properties).
pub fn footprint_geometry(value: &serde_json::Value) -> Result<GeoJson> {
    let bad = |m: Msg| StoreError::invalid("footprint", m);
    let kind = value.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let geometry = match kind {
        "Feature" => {
            let mut g = value.get("geometry").cloned().ok_or_else(|| bad(Msg::new("invalid-feature-no-geometry")))?;
            if let (Some(obj), Some(r)) =
                (g.as_object_mut(), value.get("properties").and_then(|p| p.get("radius_m")).cloned())
                && obj.get("type").and_then(|t| t.as_str()) == Some("Point")
                && !obj.contains_key("radius_m")
            {
                obj.insert("radius_m".into(), r);
            }
            return footprint_geometry(&g);
        }
        "FeatureCollection" => {
            let features = value.get("features").and_then(|f| f.as_array()).map(Vec::as_slice).unwrap_or(&[]);
            return match features {
                [one] => footprint_geometry(one),
                _ => Err(bad(Msg::new("invalid-feature-collection").arg("count", features.len()))),
            };
        }
        "Point" | "LineString" | "Polygon" | "MultiPolygon" => value.clone(),
        "" => return Err(bad(Msg::new("invalid-geojson-no-type"))),
        other => {
            return Err(bad(Msg::new("invalid-footprint-type").arg("type", other)));
        }
    };
    serde_json::from_value(geometry).map_err(|e| bad(Msg::new("invalid-geojson").arg("kind", kind).arg("error", e)))
}

/// The extent of a footprint in degrees: west, south, east, north.
fn extent(g: &GeoJson) -> [f64; 4] {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    let mut add = |p: &[f64]| {
        if let [lon, lat, ..] = p {
            b = [b[0].min(*lon), b[1].min(*lat), b[2].max(*lon), b[3].max(*lat)];
        }
    };
    match g {
        GeoJson::Point { coordinates, radius_m } => {
            add(coordinates);
            if let [lon, lat, ..] = coordinates.as_slice() {
                let r = radius_m.unwrap_or(0.0);
                let dlat = r / 111_195.0;
                let dlon = dlat / lat.to_radians().cos().max(0.01);
                b = [lon - dlon, lat - dlat, lon + dlon, lat + dlat];
            }
        }
        GeoJson::LineString { coordinates } => coordinates.iter().for_each(|p| add(p)),
        GeoJson::Polygon { coordinates } => coordinates.iter().flatten().for_each(|p| add(p)),
        GeoJson::MultiPolygon { coordinates } => coordinates.iter().flatten().flatten().for_each(|p| add(p)),
    }
    b
}

fn parse_time(field: &str, text: &str) -> Result<i64> {
    let t = OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map_err(|_| StoreError::invalid(field, Msg::new("invalid-rfc3339").arg("text", text)))?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000)
        .map_err(|_| StoreError::invalid(field, Msg::new("invalid-out-of-range")))
}

/// The checked fields of an input, before it has a code.
struct Checked {
    party: String,
    third: Option<ThirdStateInput>,
    kind: Kind,
    footprint: GeoJson,
    altitude: [f64; 2],
    start_ms: i64,
    end_ms: i64,
    separation_m: f64,
    vertical_separation_m: f64,
    time_buffer_s: f64,
    unit: Option<String>,
}

impl Checked {
    fn record(&self, code: &str) -> ActivityRecord {
        ActivityRecord {
            id: code.to_owned(),
            party: self.party.clone(),
            kind: self.kind,
            footprint: self.footprint.clone(),
            altitude_m: self.altitude,
            start: time_of(self.start_ms),
            end: time_of(self.end_ms),
            separation_m: Some(self.separation_m),
            vertical_separation_m: Some(self.vertical_separation_m),
            time_buffer_s: Some(self.time_buffer_s),
        }
    }

    /// Validates the whole activity with the engine's rules, on a blocking
    /// thread (a footprint's checks cost up to about 0.1 s of CPU, never on
    /// the async workers) and within [`VALIDATION_BUDGET`].
    async fn validate(&self) -> Result<()> {
        let record = self.record(DeclarationStatus::Draft.code());
        let task = tokio::task::spawn_blocking(move || Activity::new(record).map(drop));
        match tokio::time::timeout(VALIDATION_BUDGET, task).await {
            Ok(Ok(checked)) => checked.map_err(fault_error),
            Ok(Err(_)) | Err(_) => Err(StoreError::invalid("footprint", Msg::new("invalid-footprint-timeout"))),
        }
    }

    /// The activity under its code, compiled without the checks [`Checked::validate`] did.
    fn activity(&self, code: &str) -> Result<Activity> {
        Activity::from_validated(self.record(code)).map_err(fault_error)
    }
}

/// The longest a declaration's validation may take before it is refused.
const VALIDATION_BUDGET: std::time::Duration = std::time::Duration::from_secs(2);

fn audit_payload(m: &declaration::Model) -> serde_json::Value {
    serde_json::json!({
        "code": m.code,
        "party": m.party,
        "state_name": m.state_name,
        "kind": m.kind,
        "footprint": serde_json::from_str::<serde_json::Value>(&m.footprint).unwrap_or_default(),
        "altitude_m": [m.altitude_lo, m.altitude_hi],
        "start": rfc3339(m.start_ms),
        "end": rfc3339(m.end_ms),
        "separation_m": m.separation_m,
        "vertical_separation_m": m.vertical_separation_m,
        "time_buffer_s": m.time_buffer_s,
        "unit": m.unit,
        "status": m.status,
        "version": m.version,
    })
}

/// Whose record an audit row is: a third state's declarations are their own
/// party in the log, so that only their values' names show to anyone.
fn audit_party(m: &declaration::Model) -> &str {
    if m.third_state { &m.party } else { &m.owner_party }
}

impl Store {
    async fn check_declaration(&self, actor: &Actor, input: &DeclarationInput) -> Result<Checked> {
        let kind = parse_kind(&input.kind)?;
        let altitude = match input.altitude_m.as_slice() {
            [lo, hi] => [*lo, *hi],
            other => {
                return Err(StoreError::invalid(
                    "altitude_m",
                    Msg::new("invalid-altitude-pair").arg("count", other.len()),
                ));
            }
        };
        let start_ms = parse_time("start", &input.start)?;
        let end_ms = parse_time("end", &input.end)?;
        let unit = input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if unit.as_ref().is_some_and(|u| u.chars().count() > 200) {
            return Err(StoreError::invalid("unit", Msg::new("invalid-too-long").arg("max", 200)));
        }
        let third = match &input.third_state {
            None => None,
            Some(t) => {
                if actor.role != Role::DeconflictionOfficer {
                    return Err(StoreError::Forbidden(Msg::new("forbidden-third-state")));
                }
                let code = t.code.trim().to_owned();
                if !((2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase())) {
                    return Err(StoreError::invalid("third_state", Msg::new("invalid-state-code").arg("code", &code)));
                }
                let parties = party::Entity::find().all(self.connection()).await?;
                if parties.iter().any(|p| p.code == code) {
                    return Err(StoreError::invalid(
                        "third_state",
                        Msg::new("invalid-third-state-is-party").arg("code", &code),
                    ));
                }
                let name = t.name.trim().to_owned();
                if name.is_empty() || name.chars().count() > 100 {
                    return Err(StoreError::invalid("third_state", Msg::new("invalid-state-name")));
                }
                Some(ThirdStateInput { code, name })
            }
        };
        let footprint = footprint_geometry(&input.footprint)?;
        let positions = footprint.positions();
        if positions > MAX_FOOTPRINT_POSITIONS {
            return Err(StoreError::invalid(
                "footprint",
                Msg::new("invalid-footprint-positions").arg("count", positions).arg("max", MAX_FOOTPRINT_POSITIONS),
            ));
        }
        let checked = Checked {
            party: third.as_ref().map_or_else(|| actor.party.to_string(), |t| t.code.clone()),
            third,
            kind,
            footprint,
            altitude,
            start_ms,
            end_ms,
            separation_m: input.separation_m.unwrap_or(0.0),
            vertical_separation_m: input.vertical_separation_m.unwrap_or(0.0),
            time_buffer_s: input.time_buffer_s.unwrap_or(0.0),
            unit,
        };
        // The engine's own validation names every fault (geometry, altitude, times).
        checked.validate().await?;
        Ok(checked)
    }

    async fn load_declaration<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: i64,
    ) -> Result<declaration::Model> {
        declaration::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|m| visible(actor, m))
            .ok_or_else(|| StoreError::not_found(ObjectKind::Declaration, id))
    }

    /// Declares an activity as a draft of the actor's party (or, for a
    /// deconfliction officer, of a third state). Nothing is stored when it is invalid.
    pub async fn declare(&self, actor: &Actor, input: &DeclarationInput) -> Result<Declared> {
        let c = self.check_declaration(actor, input).await?;
        let now = self.now_ms();
        let txn = self.write().await?;
        let [min_lon, min_lat, max_lon, max_lat] = extent(&c.footprint);
        let row = declaration::ActiveModel {
            code: Set(String::new()),
            party: Set(c.party.clone()),
            owner_party: Set(actor.party.to_string()),
            third_state: Set(c.third.is_some()),
            state_name: Set(c.third.as_ref().map(|t| t.name.clone()).unwrap_or_default()),
            kind: Set(serde_json::to_value(c.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()),
            footprint: Set(serde_json::to_string(&c.footprint).unwrap_or_default()),
            altitude_lo: Set(c.altitude[0]),
            altitude_hi: Set(c.altitude[1]),
            start_ms: Set(c.start_ms),
            end_ms: Set(c.end_ms),
            separation_m: Set(c.separation_m),
            vertical_separation_m: Set(c.vertical_separation_m),
            time_buffer_s: Set(c.time_buffer_s),
            min_lon: Set(min_lon),
            min_lat: Set(min_lat),
            max_lon: Set(max_lon),
            max_lat: Set(max_lat),
            unit: Set(c.unit.clone()),
            status: Set(DeclarationStatus::Draft.code().into()),
            version: Set(1),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let year = time_of(c.start_ms).year();
        let code = format!("{}-{}-{year}-{:05}", c.party, kind_abbreviation(c.kind), row.id);
        let mut am: declaration::ActiveModel = row.into();
        am.code = Set(code.clone());
        let row = am.update(&txn).await?;
        let activity = c.activity(&code)?;
        let audited = Event::new(Action::Declare, ObjectKind::Declaration, code, audit_party(&row))
            .with(None, Some(audit_payload(&row)));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(Declared { view: view(actor, &row)?, activity })
    }

    /// Confirms a draft: from now on it is released and held by the engine.
    pub async fn confirm_declaration(&self, actor: &Actor, id: DeclarationId) -> Result<Declared> {
        let txn = self.write().await?;
        let m = self.load_declaration(&txn, actor, id.get()).await?;
        ensure_own(actor, &m.owner_party, crate::record(ObjectKind::Declaration, &m.code))?;
        if status_of(&m)? != DeclarationStatus::Draft {
            return Err(StoreError::Conflict(
                Msg::new("conflict-declaration-not-draft")
                    .arg("code", &m.code)
                    .msg("status", Msg::of_key(status_of(&m)?.key())),
            ));
        }
        let now = self.now_ms();
        let mut am: declaration::ActiveModel = m.into();
        am.status = Set(DeclarationStatus::Confirmed.code().into());
        am.updated_at = Set(now);
        let row = am.update(&txn).await?;
        let activity = activity_of(&row)?;
        let audited = Event::new(Action::Confirm, ObjectKind::Declaration, row.code.clone(), audit_party(&row)).with(
            Some(serde_json::json!({"status": DeclarationStatus::Draft})),
            Some(serde_json::json!({"status": DeclarationStatus::Confirmed})),
        );
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(Declared { view: view(actor, &row)?, activity })
    }

    /// Amends a draft or a confirmed declaration: a new version with the new
    /// values (a confirmed one becomes `amended`). Its party cannot change.
    pub async fn amend_declaration(
        &self,
        actor: &Actor,
        id: DeclarationId,
        input: &DeclarationInput,
    ) -> Result<Declared> {
        let c = self.check_declaration(actor, input).await?;
        let txn = self.write().await?;
        let m = self.load_declaration(&txn, actor, id.get()).await?;
        ensure_own(actor, &m.owner_party, crate::record(ObjectKind::Declaration, &m.code))?;
        if status_of(&m)? == DeclarationStatus::Cancelled {
            return Err(StoreError::Conflict(Msg::new("conflict-declaration-cancelled").arg("code", &m.code)));
        }
        if c.party != m.party {
            return Err(StoreError::invalid(
                "third_state",
                Msg::new("invalid-declaration-party-fixed").arg("code", &m.code).arg("party", &m.party),
            ));
        }
        let activity = c.activity(&m.code)?;
        let now = self.now_ms();
        let before = audit_payload(&m);
        let [min_lon, min_lat, max_lon, max_lat] = extent(&c.footprint);
        let status = if status_of(&m)? == DeclarationStatus::Draft {
            DeclarationStatus::Draft
        } else {
            DeclarationStatus::Amended
        };
        let version = m.version + 1;
        let mut am: declaration::ActiveModel = m.into();
        am.state_name = Set(c.third.as_ref().map(|t| t.name.clone()).unwrap_or_default());
        am.kind =
            Set(serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default());
        am.footprint = Set(serde_json::to_string(&c.footprint).unwrap_or_default());
        am.altitude_lo = Set(c.altitude[0]);
        am.altitude_hi = Set(c.altitude[1]);
        am.start_ms = Set(c.start_ms);
        am.end_ms = Set(c.end_ms);
        am.separation_m = Set(c.separation_m);
        am.vertical_separation_m = Set(c.vertical_separation_m);
        am.time_buffer_s = Set(c.time_buffer_s);
        am.min_lon = Set(min_lon);
        am.min_lat = Set(min_lat);
        am.max_lon = Set(max_lon);
        am.max_lat = Set(max_lat);
        am.unit = Set(c.unit.clone());
        am.status = Set(status.code().into());
        am.version = Set(version);
        am.updated_at = Set(now);
        let row = am.update(&txn).await?;
        let audited = Event::new(Action::Amend, ObjectKind::Declaration, row.code.clone(), audit_party(&row))
            .with(Some(before), Some(audit_payload(&row)));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(Declared { view: view(actor, &row)?, activity })
    }

    /// Cancels a draft or a confirmed declaration. Returns it and whether it
    /// was active (held by the engine) before.
    pub async fn cancel_declaration(&self, actor: &Actor, id: DeclarationId) -> Result<(DeclarationView, bool)> {
        let txn = self.write().await?;
        let m = self.load_declaration(&txn, actor, id.get()).await?;
        ensure_own(actor, &m.owner_party, crate::record(ObjectKind::Declaration, &m.code))?;
        if status_of(&m)? == DeclarationStatus::Cancelled {
            return Err(StoreError::Conflict(Msg::new("conflict-declaration-already-cancelled").arg("code", &m.code)));
        }
        let was_active = status_of(&m)?.is_active();
        let before = m.status.clone();
        let now = self.now_ms();
        let mut am: declaration::ActiveModel = m.into();
        am.status = Set(DeclarationStatus::Cancelled.code().into());
        am.updated_at = Set(now);
        let row = am.update(&txn).await?;
        let audited = Event::new(Action::Cancel, ObjectKind::Declaration, row.code.clone(), audit_party(&row)).with(
            Some(serde_json::json!({"status": before})),
            Some(serde_json::json!({"status": DeclarationStatus::Cancelled})),
        );
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok((view(actor, &row)?, was_active))
    }

    /// One declaration as the actor may see it (another party's drafts and,
    /// except for deconfliction officers, third states' are not found).
    pub async fn declaration(&self, actor: &Actor, id: DeclarationId) -> Result<Declared> {
        let m = self.load_declaration(self.connection(), actor, id.get()).await?;
        Ok(Declared { view: view(actor, &m)?, activity: activity_of(&m)? })
    }

    /// The declarations the actor may see, by start, at most [`LIST_LIMIT`].
    pub async fn declarations(&self, actor: &Actor, filter: &DeclarationFilter) -> Result<Vec<DeclarationView>> {
        // The release rule of a declaration ([`declaration_visible`]) as a query.
        let mut q = declaration::Entity::find().filter(
            Condition::any()
                .add(declaration::Column::OwnerParty.eq(actor.party.as_str()))
                .add(declaration::Column::Status.ne(DeclarationStatus::Draft.code())),
        );
        if !sees_third_states(actor.role) {
            q = q.filter(declaration::Column::ThirdState.eq(false));
        }
        if let Some(from) = filter.from_ms {
            q = q.filter(declaration::Column::EndMs.gt(from));
        }
        if let Some(to) = filter.to_ms {
            q = q.filter(declaration::Column::StartMs.lt(to));
        }
        if let Some([w, s, e, n]) = filter.bbox {
            q = q
                .filter(declaration::Column::MaxLon.gte(w))
                .filter(declaration::Column::MinLon.lte(e))
                .filter(declaration::Column::MaxLat.gte(s))
                .filter(declaration::Column::MinLat.lte(n));
        }
        if filter.active_only {
            q = q.filter(declaration::Column::Status.is_in(ACTIVE));
        }
        let rows = q
            .order_by_asc(declaration::Column::StartMs)
            .order_by_asc(declaration::Column::Id)
            .limit(LIST_LIMIT)
            .all(self.connection())
            .await?;
        rows.iter().filter(|m| visible(actor, m)).map(|m| view(actor, m)).collect()
    }

    /// Every confirmed or amended declaration as the engine's activity, with
    /// its id and whether it is a third state's: what the engine is loaded with.
    pub async fn active_declarations(&self) -> Result<Vec<(i64, bool, Activity)>> {
        let rows = declaration::Entity::find()
            .filter(declaration::Column::Status.is_in(ACTIVE))
            .order_by_asc(declaration::Column::Id)
            .all(self.connection())
            .await?;
        rows.iter().map(|m| Ok((m.id, m.third_state, activity_of(m)?))).collect()
    }
}
