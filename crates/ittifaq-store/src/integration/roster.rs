//! The roster of candidates, which belongs to the integrating party: its
//! import (all rows or none, every rejected row named), the verification
//! of a stage for named people (the only way a formation with a roster
//! moves its verified counts), the reintegration track, and the review of
//! registrations that may be one person.
//!
//! Identities are compared only through keyed digests
//! ([`ittifaq_core::integration::identity`]) under this node's secret: the
//! same name (in either script, by any usual transliteration) with at most
//! one part of the date of birth different is put in one group for review,
//! across formations and parties; the other party learns that a
//! registration of its own matches one in a formation, never whose. A
//! person already integrated (the same name and date) is not registered again.

use std::collections::{BTreeMap, HashMap, HashSet};

use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::id::{CandidateId, FormationId};
use ittifaq_core::integration::identity::{Digest, IdentityDigests, IdentityMac, duplicate_groups};
use ittifaq_core::integration::{CandidateStatus, Figure, MatchState, ReintegrationReason, Stage};
use ittifaq_core::{Msg, ParseError};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use time::Date;

use super::{SUPPRESS_BELOW, day, stage_of};
use crate::audit::{self, Event};
use crate::entity::{candidate, formation, node_secret, target_unit};
use crate::registry::text_field;
use crate::{Actor, Result, Store, StoreError};

/// The most rows one import or one verification may name.
pub const MAX_ROWS: usize = 100_000;
/// Candidates on a page of the roster.
pub const PER_PAGE: u64 = 50;
/// Rows written per statement.
const CHUNK: usize = 500;

/// One row of a roster to import.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CandidateInput {
    /// The candidate's reference on the formation's list.
    pub roster_ref: String,
    pub full_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// The mother's name, where the list records it (Syrian civil records do):
    /// it tells namesakes born near the same day apart.
    #[serde(default)]
    pub mother_name: String,
    /// The place of birth, where the list records it.
    #[serde(default)]
    pub birthplace: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOutcome {
    pub imported: usize,
    /// Rows of this import that match another registration, to review.
    pub flagged: usize,
}

/// Verifies a stage for named candidates of one formation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyInput {
    pub stage: String,
    /// `YYYY-MM-DD`.
    pub on_day: String,
    pub method: String,
    pub list_reference: String,
    /// The roster references of the people verified.
    pub refs: Vec<String>,
    /// At the assignment stage: the code of the unit of the target structure they are assigned to.
    #[serde(default)]
    pub unit: Option<String>,
}

/// A candidate leaves for the reintegration track.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReintegrationInput {
    /// age, medical, vetting, voluntary, no_post or other.
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// The review of a candidate that matches another registration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CandidateReview {
    /// `distinct` (another person of the same name) or `withdraw` (a second registration: struck off).
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

/// Which candidates a roster page lists.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RosterQuery {
    #[serde(default)]
    pub status: Option<String>,
    /// A piece of the reference or the name.
    #[serde(default)]
    pub q: String,
    /// Only those whose review is open.
    #[serde(default)]
    pub flagged: bool,
    #[serde(default)]
    pub page: u64,
}

/// Another registration a candidate matches: its formation, and (own party only) its reference.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchPeer {
    pub formation: String,
    pub candidate: Option<(CandidateId, String)>,
}

/// A candidate as its party sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateView {
    pub id: CandidateId,
    pub formation: FormationId,
    pub roster_ref: String,
    pub full_name: String,
    pub born: String,
    /// Empty where the list does not record it.
    pub mother_name: String,
    /// Empty where the list does not record it.
    pub birthplace: String,
    pub stage: Option<Stage>,
    pub status: CandidateStatus,
    pub reason: Option<ReintegrationReason>,
    pub note: String,
    pub match_state: Option<MatchState>,
    pub matches: Vec<MatchPeer>,
}

/// A page of a roster.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterPage {
    pub rows: Vec<CandidateView>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// A roster in figures, as either party may see it: a figure under
/// [`SUPPRESS_BELOW`] is withheld from the other party.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterSummary {
    pub total: Option<u32>,
    pub by_status: Vec<(CandidateStatus, Option<u32>)>,
    pub by_reason: Vec<(ReintegrationReason, Option<u32>)>,
    /// Candidates whose registration matches another and is not yet reviewed.
    pub under_review: Option<u32>,
    pub withheld: bool,
}

fn bad_row(field: &'static str, msg: Msg) -> StoreError {
    StoreError::invalid(field, msg)
}

fn hex16(d: &Digest) -> String {
    hex::encode(d)
}

fn near_text(near: &[Digest]) -> String {
    near.iter().map(hex16).collect::<Vec<_>>().join(":")
}

/// The parts recorded and the digests of each smaller set of them, as stored.
fn partial_text(ids: &IdentityDigests) -> Option<String> {
    (ids.recorded != 0).then(|| {
        let sets = ids.partial.iter().map(|(set, d)| format!("{set}:{}", hex16(d)));
        std::iter::once(ids.recorded.to_string()).chain(sets).collect::<Vec<_>>().join(";")
    })
}

/// The parts recorded and the partial digests, read back.
fn partial_of(text: &str) -> Option<(u8, Vec<(u8, Digest)>)> {
    let mut parts = text.split(';');
    let recorded = parts.next()?.parse().ok()?;
    let partial = parts
        .map(|p| {
            let (set, hex) = p.split_once(':')?;
            let mut d = [0u8; 16];
            hex::decode_to_slice(hex, &mut d).ok()?;
            Some((set.parse().ok()?, d))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((recorded, partial))
}

/// The stored near digests: the date's four, then one per word of a long name.
fn near_of(text: &str) -> Option<Vec<Digest>> {
    let out = text
        .split(':')
        .map(|part| {
            let mut d = [0u8; 16];
            hex::decode_to_slice(part, &mut d).ok().map(|()| d)
        })
        .collect::<Option<Vec<Digest>>>()?;
    (out.len() >= 4).then_some(out)
}

fn parsed<T>(value: std::result::Result<T, ParseError>, c: &candidate::Model) -> Result<T> {
    value.map_err(|_| StoreError::Corrupt(crate::record(ObjectKind::Candidate, &c.roster_ref)))
}

/// A row read and checked, with its digests.
struct Checked {
    roster_ref: String,
    full_name: String,
    born: Date,
    mother_name: String,
    birthplace: String,
    digests: IdentityDigests,
}

fn check_row(mac: &IdentityMac, today: Date, row: &CandidateInput) -> Result<Checked> {
    let roster_ref = row.roster_ref.trim();
    if roster_ref.is_empty() {
        return Err(bad_row("roster_ref", Msg::new("invalid-required")));
    }
    if roster_ref.chars().count() > 64 || roster_ref.chars().any(char::is_control) {
        return Err(bad_row("roster_ref", Msg::new("invalid-text-max").num("max", 64)));
    }
    // A name on one line.
    let line = |field, value: &str, max, required| -> Result<String> {
        Ok(text_field(field, value, max, required)?.replace(['\n', '\r'], " "))
    };
    let full_name = line("full_name", &row.full_name, 200, true)?;
    let born = day("date_of_birth", &row.date_of_birth)?;
    let earliest = Date::from_ordinal_date(1900, 1).unwrap_or(Date::MIN);
    if born > today || born < earliest {
        return Err(bad_row("date_of_birth", Msg::new("invalid-candidate-born").arg("text", born)));
    }
    let mother_name = line("mother_name", &row.mother_name, 100, false)?;
    let birthplace = line("birthplace", &row.birthplace, 100, false)?;
    let digests = mac
        .identity(&full_name, born, &mother_name, &birthplace)
        .ok_or_else(|| bad_row("full_name", Msg::new("invalid-candidate-name")))?;
    Ok(Checked { roster_ref: roster_ref.to_owned(), full_name, born, mother_name, birthplace, digests })
}

/// Work off the async threads that stopped (a panic): refused, nothing stored.
fn stopped(e: tokio::task::JoinError) -> StoreError {
    StoreError::Db(sea_orm::DbErr::Custom(format!("comparing identities: {e}")))
}

/// What regrouping keeps of a stored candidate beside its digests.
struct Stored {
    id: i64,
    group: Option<i64>,
    state: Option<String>,
}

impl Store {
    /// The key identities are compared under: made at first use, kept in the database.
    async fn identity_mac<C: ConnectionTrait>(&self, conn: &C) -> Result<IdentityMac> {
        const NAME: &str = "identity_hmac";
        if let Some(s) = node_secret::Entity::find_by_id(NAME).one(conn).await? {
            let key = hex::decode(&s.value)
                .map_err(|_| StoreError::Corrupt(Msg::new("record-node-secret").arg("name", NAME)))?;
            return Ok(IdentityMac::new(&key));
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)
            .map_err(|e| StoreError::invalid("random", Msg::new("invalid-no-randomness").arg("error", e)))?;
        node_secret::ActiveModel { name: Set(NAME.to_owned()), value: Set(hex::encode(key)) }.insert(conn).await?;
        Ok(IdentityMac::new(&key))
    }

    /// Imports candidates onto a roster of the actor's party: all rows or
    /// none. Refused, each naming its row (0-based) and field: a reference
    /// empty, or already on the roster or twice in the rows; a name without
    /// a letter; a date of birth that is not one, before 1900 or to come;
    /// the same person twice in the rows; a person already integrated.
    /// A row matching another registration is imported and flagged for review.
    pub async fn import_candidates(
        &self,
        actor: &Actor,
        id: FormationId,
        rows: &[CandidateInput],
    ) -> std::result::Result<ImportOutcome, Vec<(usize, StoreError)>> {
        let one = |e: StoreError| vec![(0usize, e)];
        if rows.is_empty() {
            return Err(one(StoreError::invalid("rows", Msg::new("invalid-roster-empty"))));
        }
        if rows.len() > MAX_ROWS {
            return Err(one(StoreError::invalid(
                "rows",
                Msg::new("invalid-roster-too-many").num("max", MAX_ROWS as i64),
            )));
        }
        let txn = self.write().await.map_err(one)?;
        let f = self.own_formation(&txn, actor, id).await.map_err(one)?;
        let mac = self.identity_mac(&txn).await.map_err(one)?;
        let today = self.today_date();
        let input = rows.to_vec();
        // Reading and digesting every row is CPU work: off the async threads.
        let checked = tokio::task::spawn_blocking(move || {
            input.iter().map(|r| check_row(&mac, today, r)).collect::<Vec<Result<Checked>>>()
        })
        .await
        .map_err(|e| one(stopped(e)))?;
        let existing: Vec<(i64, String, String, String)> = candidate::Entity::find()
            .select_only()
            .columns([candidate::Column::FormationId, candidate::Column::RosterRef, candidate::Column::Status])
            .column(candidate::Column::DigestExact)
            .into_tuple()
            .all(&txn)
            .await
            .map_err(|e| one(e.into()))?;
        let taken: HashSet<&str> =
            existing.iter().filter(|(fid, ..)| *fid == f.id).map(|(_, r, _, _)| r.as_str()).collect();
        let integrated: HashSet<&str> = existing
            .iter()
            .filter(|(_, _, s, _)| s == CandidateStatus::Integrated.code())
            .map(|(_, _, _, d)| d.as_str())
            .collect();
        let mut rejected = Vec::new();
        let mut refs: HashMap<String, usize> = HashMap::new();
        let mut people: HashMap<Digest, usize> = HashMap::new();
        let mut good = Vec::with_capacity(checked.len());
        for (i, row) in checked.into_iter().enumerate() {
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    rejected.push((i, e));
                    continue;
                }
            };
            if taken.contains(row.roster_ref.as_str()) {
                let msg = Msg::new("invalid-roster-ref-taken").arg("ref", &row.roster_ref);
                rejected.push((i, bad_row("roster_ref", msg)));
            } else if let Some(first) = refs.insert(row.roster_ref.clone(), i) {
                let msg = Msg::new("invalid-roster-duplicate-ref").num("row", first as i64 + 1);
                rejected.push((i, bad_row("roster_ref", msg)));
            } else if let Some(first) = people.insert(row.digests.exact, i) {
                let msg = Msg::new("invalid-roster-duplicate-person").num("row", first as i64 + 1);
                rejected.push((i, bad_row("full_name", msg)));
            } else if integrated.contains(hex16(&row.digests.exact).as_str()) {
                rejected.push((i, bad_row("full_name", Msg::new("invalid-candidate-integrated"))));
            } else {
                good.push(row);
            }
        }
        if !rejected.is_empty() {
            return Err(rejected);
        }
        let now = self.now_ms();
        let batch: HashSet<String> = good.iter().map(|r| r.roster_ref.clone()).collect();
        for chunk in good.chunks(CHUNK) {
            let models = chunk.iter().map(|r| candidate::ActiveModel {
                formation_id: Set(f.id),
                party: Set(f.party.clone()),
                roster_ref: Set(r.roster_ref.clone()),
                full_name: Set(r.full_name.clone()),
                born: Set(r.born.to_string()),
                mother_name: Set(r.mother_name.clone()),
                birthplace: Set(r.birthplace.clone()),
                stage: Set(None),
                status: Set(CandidateStatus::Active.code().to_owned()),
                reason: Set(None),
                note: Set(String::new()),
                digest_exact: Set(hex16(&r.digests.exact)),
                digest_near: Set(near_text(&r.digests.near)),
                digest_partial: Set(partial_text(&r.digests)),
                assigned_unit: Set(None),
                match_group: Set(None),
                match_state: Set(None),
                created_by: Set(actor.username.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            candidate::Entity::insert_many(models).exec(&txn).await.map_err(|e| one(e.into()))?;
        }
        let opened = self.regroup(&txn).await.map_err(one)?;
        let flagged = candidate::Entity::find()
            .filter(candidate::Column::FormationId.eq(f.id))
            .filter(candidate::Column::MatchState.eq(MatchState::Open.code()))
            .select_only()
            .column(candidate::Column::RosterRef)
            .into_tuple::<String>()
            .all(&txn)
            .await
            .map_err(|e| one(e.into()))?
            .into_iter()
            .filter(|r| batch.contains(r))
            .count();
        let after = serde_json::json!({"imported": good.len(), "flagged": flagged, "reopened": opened,
            "first_ref": good.first().map(|r| &r.roster_ref), "last_ref": good.last().map(|r| &r.roster_ref)});
        let audited = Event::new(Action::Import, ObjectKind::Formation, f.id, &f.party).with(None, Some(after));
        audit::record(&txn, now, actor, audited).await.map_err(one)?;
        txn.commit().await.map_err(|e| one(e.into()))?;
        Ok(ImportOutcome { imported: good.len(), flagged })
    }

    /// Puts every registration (struck-off ones aside) in its group of
    /// possible duplicates, across formations and parties: a group that
    /// gained a member is open to review again. Returns how many
    /// candidates were (re)opened.
    async fn regroup<C: ConnectionTrait>(&self, conn: &C) -> Result<usize> {
        type Row = (i64, String, Option<String>, Option<i64>, Option<String>);
        let all: Vec<Row> = candidate::Entity::find()
            .filter(candidate::Column::Status.ne(CandidateStatus::Withdrawn.code()))
            .select_only()
            .columns([candidate::Column::Id, candidate::Column::DigestNear, candidate::Column::DigestPartial])
            .columns([candidate::Column::MatchGroup, candidate::Column::MatchState])
            .order_by_asc(candidate::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
        let mut stored = Vec::with_capacity(all.len());
        let mut ids = Vec::with_capacity(all.len());
        for (id, near, partial, group, state) in all {
            let corrupt = || StoreError::Corrupt(crate::record(ObjectKind::Candidate, id));
            let near = near_of(&near).ok_or_else(corrupt)?;
            let (recorded, partial) = match partial.as_deref() {
                None => (0, Vec::new()),
                Some(text) => partial_of(text).ok_or_else(corrupt)?,
            };
            // The exact digest is not compared here.
            ids.push(IdentityDigests { exact: [0; 16], near, recorded, partial });
            stored.push(Stored { id, group, state });
        }
        let groups = tokio::task::spawn_blocking(move || duplicate_groups(&ids)).await.map_err(stopped)?;
        // The new group and state of each candidate whose either changes.
        let mut want: BTreeMap<(Option<i64>, Option<String>), Vec<i64>> = BTreeMap::new();
        let mut grouped = vec![false; stored.len()];
        let mut opened = 0;
        for g in &groups {
            let head = g.iter().map(|i| stored[*i].id).min();
            let changed = g.iter().any(|i| stored[*i].group != head);
            for i in g {
                grouped[*i] = true;
                let s = &stored[*i];
                let state = if changed { Some(MatchState::Open.code().to_owned()) } else { s.state.clone() };
                if changed && s.state.as_deref() != Some(MatchState::Open.code()) {
                    opened += 1;
                }
                if s.group != head || s.state != state {
                    want.entry((head, state)).or_default().push(s.id);
                }
            }
        }
        for (i, s) in stored.iter().enumerate() {
            if !grouped[i] && (s.group.is_some() || s.state.is_some()) {
                want.entry((None, None)).or_default().push(s.id);
            }
        }
        for ((group, state), ids) in want {
            for chunk in ids.chunks(CHUNK) {
                candidate::Entity::update_many()
                    .col_expr(candidate::Column::MatchGroup, Expr::value(group))
                    .col_expr(candidate::Column::MatchState, Expr::value(state.clone()))
                    .filter(candidate::Column::Id.is_in(chunk.iter().copied()))
                    .exec(conn)
                    .await?;
            }
        }
        // Struck-off registrations leave their groups.
        candidate::Entity::update_many()
            .col_expr(candidate::Column::MatchGroup, Expr::value(Option::<i64>::None))
            .col_expr(candidate::Column::MatchState, Expr::value(Option::<String>::None))
            .filter(candidate::Column::Status.eq(CandidateStatus::Withdrawn.code()))
            .filter(candidate::Column::MatchGroup.is_not_null())
            .exec(conn)
            .await?;
        Ok(opened)
    }

    /// Whether a formation keeps a roster (its verified counts then move only by name).
    pub(super) async fn has_roster<C: ConnectionTrait>(&self, conn: &C, formation: i64) -> Result<bool> {
        Ok(candidate::Entity::find().filter(candidate::Column::FormationId.eq(formation)).count(conn).await? > 0)
    }

    /// Verifies a stage for named candidates of a formation of the actor's
    /// party: the stage's verified count becomes the number of candidates
    /// who passed it. Refused, naming the reference: one not on this
    /// formation's roster, named twice, struck off, integrated or on the
    /// reintegration track, one that has not passed the stage before or
    /// has passed this one, and (from identity verification on) one whose
    /// match with another registration is not yet reviewed.
    pub async fn verify_candidates(
        &self,
        actor: &Actor,
        id: FormationId,
        input: &VerifyInput,
    ) -> Result<super::FormationRow> {
        let stage = stage_of(&input.stage)?;
        let on = day("on_day", &input.on_day)?;
        let method = text_field("method", &input.method, 200, true)?;
        let list = text_field("list_reference", &input.list_reference, 200, true)?;
        if input.refs.is_empty() {
            return Err(StoreError::invalid("refs", Msg::new("invalid-required")));
        }
        if input.refs.len() > MAX_ROWS {
            return Err(StoreError::invalid("refs", Msg::new("invalid-roster-too-many").num("max", MAX_ROWS as i64)));
        }
        if on > self.today_date() {
            return Err(StoreError::invalid("on_day", Msg::new("invalid-integration-future")));
        }
        let txn = self.write().await?;
        let f = self.own_formation(&txn, actor, id).await?;
        if on < day("starts_on", &f.starts_on)? {
            return Err(StoreError::invalid(
                "on_day",
                Msg::new("invalid-integration-before-start").arg("start", &f.starts_on),
            ));
        }
        let history = super::counts(&txn, f.id, Figure::Verified).await?;
        if let Some((last_day, _)) = history.get(&stage).and_then(|h| h.last())
            && on < *last_day
        {
            return Err(StoreError::invalid("on_day", Msg::new("invalid-integration-day-order").arg("last", last_day)));
        }
        let roster = candidate::Entity::find().filter(candidate::Column::FormationId.eq(f.id)).all(&txn).await?;
        let by_ref: HashMap<&str, &candidate::Model> = roster.iter().map(|c| (c.roster_ref.as_str(), c)).collect();
        let mut seen = HashSet::new();
        let mut ids = Vec::with_capacity(input.refs.len());
        for r in &input.refs {
            let r = r.trim();
            let fault = |key: &'static str| Err(StoreError::invalid("refs", Msg::new(key).arg("ref", r)));
            if !seen.insert(r) {
                return fault("invalid-verify-ref-twice");
            }
            let Some(c) = by_ref.get(r) else { return fault("invalid-verify-not-on-roster") };
            let status = parsed(CandidateStatus::parse(&c.status), c)?;
            if status != CandidateStatus::Active {
                return Err(StoreError::invalid(
                    "refs",
                    Msg::new("invalid-verify-not-active").arg("ref", r).msg("status", Msg::of_key(status.key())),
                ));
            }
            let passed = passed_stage(c)?;
            if passed >= Some(stage) {
                return fault("invalid-verify-already");
            }
            if passed != stage.previous() {
                let needed = stage.previous().map_or(Stage::Register, |s| s);
                return Err(StoreError::invalid(
                    "refs",
                    Msg::new("invalid-verify-skipped").arg("ref", r).msg("stage", Msg::of_key(needed.key())),
                ));
            }
            if stage > Stage::Register && c.match_state.as_deref() == Some(MatchState::Open.code()) {
                return fault("invalid-verify-under-review");
            }
            ids.push(c.id);
        }
        // The assignment names the unit, and never fills it beyond its posts.
        let unit = input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let assigned_to = match (stage, unit) {
            (Stage::Assign, None) => return Err(StoreError::invalid("unit", Msg::new("invalid-required"))),
            (Stage::Assign, Some(code)) => {
                let u = target_unit::Entity::find()
                    .filter(target_unit::Column::Code.eq(code))
                    .filter(target_unit::Column::Party.eq(&f.party))
                    .one(&txn)
                    .await?
                    .ok_or_else(|| StoreError::invalid("unit", Msg::new("invalid-target-parent").arg("code", code)))?;
                let held = super::structure::assigned_counts(&txn).await?.get(&u.id).copied().unwrap_or(0);
                let free = i64::from(u.posts) - i64::from(held);
                if ids.len() as i64 > free {
                    return Err(StoreError::invalid(
                        "unit",
                        Msg::new("invalid-verify-no-posts").arg("unit", code).num("free", free.max(0)),
                    ));
                }
                Some(u.id)
            }
            (_, Some(_)) => return Err(StoreError::invalid("unit", Msg::new("invalid-verify-unit-not-assign"))),
            (_, None) => None,
        };
        let now = self.now_ms();
        let status = if stage == Stage::HandOver { CandidateStatus::Integrated } else { CandidateStatus::Active };
        for chunk in ids.chunks(CHUNK) {
            candidate::Entity::update_many()
                .col_expr(candidate::Column::Stage, Expr::value(stage.code()))
                .col_expr(candidate::Column::Status, Expr::value(status.code()))
                .col_expr(candidate::Column::UpdatedAt, Expr::value(now))
                .filter(candidate::Column::Id.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
            if let Some(unit) = assigned_to {
                candidate::Entity::update_many()
                    .col_expr(candidate::Column::AssignedUnit, Expr::value(unit))
                    .filter(candidate::Column::Id.is_in(chunk.iter().copied()))
                    .exec(&txn)
                    .await?;
            }
        }
        let before = passed_count(&roster, stage)?;
        let count = before + ids.len();
        let row = super::CountRow {
            formation: f.id,
            figure: Figure::Verified,
            stage,
            count: count as i64,
            on_day: on.to_string(),
            method: &method,
            list_reference: &list,
            reason: "",
        };
        super::insert_count(&txn, actor, now, row).await?;
        let after = serde_json::json!({"stage": stage.code(), "count": count, "on_day": on.to_string(),
            "method": method, "list_reference": list, "people": ids.len(), "unit": unit});
        let prior = serde_json::json!({"stage": stage.code(), "count": before});
        let audited = Event::new(Action::Verify, ObjectKind::Formation, f.id, &f.party).with(Some(prior), Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.formation(actor, id).await
    }

    async fn own_candidate<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: CandidateId,
    ) -> Result<candidate::Model> {
        let c = candidate::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Candidate, id))?;
        // Another party's candidate does not exist for the actor.
        if c.party != actor.party.as_str() {
            return Err(StoreError::not_found(ObjectKind::Candidate, id));
        }
        Ok(c)
    }

    /// A candidate leaves for the reintegration track, with a reason (a
    /// note required for "other"); only one still on its way.
    pub async fn reintegrate(
        &self,
        actor: &Actor,
        id: CandidateId,
        input: &ReintegrationInput,
    ) -> Result<CandidateView> {
        let reason = ReintegrationReason::parse(input.reason.trim())
            .map_err(|e| StoreError::invalid("reason", e.message().clone()))?;
        let note = text_field("note", &input.note, 2000, reason == ReintegrationReason::Other)?;
        let txn = self.write().await?;
        let c = self.own_candidate(&txn, actor, id).await?;
        if c.status != CandidateStatus::Active.code() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-candidate-not-active")
                    .msg("what", crate::record(ObjectKind::Candidate, &c.roster_ref)),
            ));
        }
        let now = self.now_ms();
        let mut am: candidate::ActiveModel = c.clone().into();
        am.status = Set(CandidateStatus::Reintegration.code().to_owned());
        am.reason = Set(Some(reason.code().to_owned()));
        am.note = Set(note.clone());
        am.updated_at = Set(now);
        am.update(&txn).await?;
        let before = serde_json::json!({"roster_ref": c.roster_ref, "status": c.status, "stage": c.stage});
        let after = serde_json::json!({"roster_ref": c.roster_ref, "status": CandidateStatus::Reintegration.code(),
            "reason": reason.code(), "note": note});
        let audited =
            Event::new(Action::Reintegrate, ObjectKind::Candidate, c.id, &c.party).with(Some(before), Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.candidate(actor, id).await
    }

    /// Reviews a candidate whose registration matches another: another
    /// person of the same name (`distinct`), or a second registration
    /// (`withdraw`: struck off; the verified counts of the stages it had
    /// passed go down by one, with the reason).
    pub async fn review_candidate(
        &self,
        actor: &Actor,
        id: CandidateId,
        input: &CandidateReview,
    ) -> Result<CandidateView> {
        let note = text_field("note", &input.note, 2000, false)?;
        let withdraw = match input.decision.trim() {
            "withdraw" => true,
            "distinct" => false,
            other => {
                return Err(StoreError::invalid("decision", Msg::new("invalid-review-decision").arg("text", other)));
            }
        };
        let txn = self.write().await?;
        let c = self.own_candidate(&txn, actor, id).await?;
        if c.match_state.as_deref() != Some(MatchState::Open.code()) {
            return Err(StoreError::Conflict(
                Msg::new("conflict-candidate-not-flagged")
                    .msg("what", crate::record(ObjectKind::Candidate, &c.roster_ref)),
            ));
        }
        let now = self.now_ms();
        let mut am: candidate::ActiveModel = c.clone().into();
        am.note = Set(note.clone());
        am.updated_at = Set(now);
        if withdraw {
            am.status = Set(CandidateStatus::Withdrawn.code().to_owned());
        } else {
            am.match_state = Set(Some(MatchState::Distinct.code().to_owned()));
        }
        am.update(&txn).await?;
        if withdraw {
            let passed = passed_stage(&c)?;
            let history = super::counts(&txn, c.formation_id, Figure::Verified).await?;
            let today = self.today_date().to_string();
            for stage in Stage::ALL.iter().copied().filter(|s| Some(*s) <= passed) {
                let Some((_, last)) = history.get(&stage).and_then(|h| h.last()) else { continue };
                let reason = format!("second registration struck off: {}", c.roster_ref);
                let row = super::CountRow {
                    formation: c.formation_id,
                    figure: Figure::Verified,
                    stage,
                    count: i64::from(last.saturating_sub(1)),
                    on_day: today.clone(),
                    method: "review",
                    list_reference: &c.roster_ref,
                    reason: &reason,
                };
                super::insert_count(&txn, actor, now, row).await?;
            }
            self.regroup(&txn).await?;
        }
        let decision = if withdraw { "withdraw" } else { "distinct" };
        let before = serde_json::json!({"roster_ref": c.roster_ref, "status": c.status, "match_state": c.match_state});
        let after = serde_json::json!({"roster_ref": c.roster_ref, "decision": decision, "note": note});
        let audited =
            Event::new(Action::Resolve, ObjectKind::Candidate, c.id, &c.party).with(Some(before), Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.candidate(actor, id).await
    }

    /// One candidate of the actor's party, with the registrations it matches.
    pub async fn candidate(&self, actor: &Actor, id: CandidateId) -> Result<CandidateView> {
        let conn = self.connection();
        let c = self.own_candidate(conn, actor, id).await?;
        let mut views = self.candidate_views(conn, actor, vec![c]).await?;
        views.pop().ok_or_else(|| StoreError::not_found(ObjectKind::Candidate, id))
    }

    /// A page of a roster of the actor's party (the other party's does not exist for it).
    pub async fn roster(&self, actor: &Actor, id: FormationId, q: &RosterQuery) -> Result<RosterPage> {
        let conn = self.connection();
        let f = self.own_formation(conn, actor, id).await?;
        let mut find = candidate::Entity::find().filter(candidate::Column::FormationId.eq(f.id));
        if let Some(status) = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let status =
                CandidateStatus::parse(status).map_err(|e| StoreError::invalid("status", e.message().clone()))?;
            find = find.filter(candidate::Column::Status.eq(status.code()));
        }
        if q.flagged {
            find = find.filter(candidate::Column::MatchState.eq(MatchState::Open.code()));
        }
        let needle = q.q.trim();
        if !needle.is_empty() {
            let needle: String = needle.chars().take(100).collect();
            find = find.filter(
                Condition::any()
                    .add(candidate::Column::RosterRef.contains(&needle))
                    .add(candidate::Column::FullName.contains(&needle)),
            );
        }
        let pager = find
            .order_by_asc(candidate::Column::RosterRef)
            .order_by_asc(candidate::Column::Id)
            .paginate(conn, PER_PAGE);
        let total = pager.num_items().await?;
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = q.page.min(pages - 1);
        let rows = pager.fetch_page(page).await?;
        let rows = self.candidate_views(conn, actor, rows).await?;
        Ok(RosterPage { rows, total, page, pages })
    }

    async fn candidate_views<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        rows: Vec<candidate::Model>,
    ) -> Result<Vec<CandidateView>> {
        let groups: Vec<i64> = rows.iter().filter_map(|c| c.match_group).collect();
        let peers = if groups.is_empty() {
            Vec::new()
        } else {
            candidate::Entity::find()
                .filter(candidate::Column::MatchGroup.is_in(groups))
                .filter(candidate::Column::Status.ne(CandidateStatus::Withdrawn.code()))
                .all(conn)
                .await?
        };
        let codes: HashMap<i64, String> = formation::Entity::find()
            .select_only()
            .columns([formation::Column::Id, formation::Column::Code])
            .into_tuple()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            let matches = match c.match_group {
                None => Vec::new(),
                Some(g) => peers
                    .iter()
                    .filter(|p| p.match_group == Some(g) && p.id != c.id)
                    .map(|p| MatchPeer {
                        formation: codes.get(&p.formation_id).cloned().unwrap_or_default(),
                        // Whose registration the other party holds is not told.
                        candidate: (p.party == actor.party.as_str()).then(|| (CandidateId(p.id), p.roster_ref.clone())),
                    })
                    .collect(),
            };
            out.push(CandidateView {
                id: CandidateId(c.id),
                formation: FormationId(c.formation_id),
                stage: passed_stage(&c)?,
                status: parsed(CandidateStatus::parse(&c.status), &c)?,
                reason: c
                    .reason
                    .as_deref()
                    .map(ReintegrationReason::parse)
                    .transpose()
                    .map_err(|_| StoreError::Corrupt(crate::record(ObjectKind::Candidate, &c.roster_ref)))?,
                match_state: c
                    .match_state
                    .as_deref()
                    .map(MatchState::parse)
                    .transpose()
                    .map_err(|_| StoreError::Corrupt(crate::record(ObjectKind::Candidate, &c.roster_ref)))?,
                roster_ref: c.roster_ref,
                full_name: c.full_name,
                born: c.born,
                mother_name: c.mother_name,
                birthplace: c.birthplace,
                note: c.note,
                matches,
            });
        }
        Ok(out)
    }

    /// A roster in figures, for either party: the other party's figures under
    /// [`SUPPRESS_BELOW`] are withheld.
    pub async fn roster_summary(&self, actor: &Actor, id: FormationId) -> Result<RosterSummary> {
        let conn = self.connection();
        let f = formation::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Formation, id))?;
        // One row per status, reason and review state, with its count: the
        // database counts, however long the roster.
        // status, reason, review state, how many.
        type Tally = (String, Option<String>, Option<String>, i64);
        let rows: Vec<Tally> = candidate::Entity::find()
            .filter(candidate::Column::FormationId.eq(f.id))
            .select_only()
            .columns([candidate::Column::Status, candidate::Column::Reason, candidate::Column::MatchState])
            .column_as(candidate::Column::Id.count(), "n")
            .group_by(candidate::Column::Status)
            .group_by(candidate::Column::Reason)
            .group_by(candidate::Column::MatchState)
            .into_tuple()
            .all(conn)
            .await?;
        let count = |keep: &dyn Fn(&Tally) -> bool| -> usize {
            rows.iter().filter(|r| keep(r)).map(|r| usize::try_from(r.3).unwrap_or(0)).sum()
        };
        let own = actor.party.as_str() == f.party;
        let mut withheld = false;
        let mut shown = |n: usize| -> Option<u32> {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            if !own && n > 0 && n < SUPPRESS_BELOW {
                withheld = true;
                None
            } else {
                Some(n)
            }
        };
        let by_status = CandidateStatus::ALL.iter().map(|s| (*s, shown(count(&|r| r.0 == s.code())))).collect();
        let by_reason = ReintegrationReason::ALL
            .iter()
            .map(|re| (*re, shown(count(&|r| r.1.as_deref() == Some(re.code())))))
            .collect();
        let under_review = shown(count(&|r| r.2.as_deref() == Some(MatchState::Open.code())));
        let total = shown(count(&|_| true));
        Ok(RosterSummary { total, by_status, by_reason, under_review, withheld })
    }
}

/// The last stage verified for a candidate.
fn passed_stage(c: &candidate::Model) -> Result<Option<Stage>> {
    c.stage
        .as_deref()
        .map(Stage::parse)
        .transpose()
        .map_err(|_| StoreError::Corrupt(crate::record(ObjectKind::Candidate, &c.roster_ref)))
}

/// How many of a roster (struck-off registrations aside) have passed a stage.
fn passed_count(roster: &[candidate::Model], stage: Stage) -> Result<usize> {
    let mut n = 0;
    for c in roster {
        if c.status == CandidateStatus::Withdrawn.code() {
            continue;
        }
        let passed = passed_stage(c)?;
        if passed >= Some(stage) {
            n += 1;
        }
    }
    Ok(n)
}
