//! Force integration (the rules are `ittifaq_core::integration`): the
//! integrating party's joint office enters the formations to integrate
//! (how each joins, the strength it declared, the first day its stages may
//! move) and the deadline of each stage (binding or indicative, citing the
//! clause it comes from, with the party that answers for it). A stage's
//! headcount moves only through a verification event (who verified, when,
//! how, from which list); the figures a formation reports of itself are
//! kept apart and shown beside the verified ones, never mixed. The board
//! gives both, and each stage's flags (stalled, at risk, paper only) with
//! their reasons. The other party reads the board as aggregates: a count
//! of fewer than [`SUPPRESS_BELOW`] people is withheld, and so are the
//! figures in the reasons of its flags. Every step is audited.

mod roster;
pub mod roster_file;
mod structure;

use std::collections::BTreeMap;

use ittifaq_core::agreement::Names;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::id::FormationId;
use ittifaq_core::integration::stall::{Flag, StageFacts, assess};
use ittifaq_core::integration::{Figure, FlagKind, Mode, Stage};
use ittifaq_core::{Msg, ParseError};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::audit::{self, Event};
use crate::entity::{formation, integration_notice, stage_count, stage_deadline, user};
use crate::registry::{check_code, check_text, text_field};
use crate::{Actor, Result, Store, StoreError};

pub use roster::{
    CandidateInput, CandidateReview, CandidateView, ImportOutcome, MAX_ROWS, MatchPeer, PER_PAGE, ReintegrationInput,
    RosterPage, RosterQuery, RosterSummary, VerifyInput,
};
pub(crate) use structure::plan_target_units;
pub use structure::{MAX_POSTS, TargetUnitInput, TargetUnitView};

/// Counts under this many people are withheld from the other party.
pub const SUPPRESS_BELOW: u32 = 10;
/// The largest headcount a stage may have.
pub const MAX_COUNT: i64 = 1_000_000;

/// A new formation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormationInput {
    pub code: String,
    pub name: Names,
    /// Where it comes from.
    pub origin: String,
    /// bloc, individual or mixed.
    pub mode: String,
    /// The strength it declared.
    pub declared_strength: i64,
    /// The first day its stages may move, `YYYY-MM-DD`.
    pub starts_on: String,
}

/// A stage's deadline: the day (none: a commitment without a date), binding
/// or indicative, the clause it comes from, and the party that answers for it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    pub stage: String,
    #[serde(default)]
    pub due: Option<String>,
    pub binding: bool,
    pub clause: String,
    #[serde(default)]
    pub owner_party: Option<String>,
}

/// A headcount of a stage on a day: verified (how, from which list) or
/// reported by the formation; a count lower than the last needs a reason.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CountInput {
    pub stage: String,
    pub count: i64,
    /// `YYYY-MM-DD`.
    pub on_day: String,
    pub method: String,
    pub list_reference: String,
    #[serde(default)]
    pub reason: String,
}

/// One stage of one formation as the reader may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub stage: Stage,
    /// The verified headcount; none when withheld (under [`SUPPRESS_BELOW`], other party).
    pub verified: Option<u32>,
    /// The formation's own figure; none when it gave none, or withheld.
    pub reported: Option<u32>,
    /// Whether a figure was withheld from the reader: the verified one, the reported one.
    pub withheld: bool,
    pub verified_withheld: bool,
    pub reported_withheld: bool,
    /// The day of the last verification.
    pub verified_on: Option<String>,
    pub due: Option<String>,
    pub binding: bool,
    pub clause: String,
    pub owner_party: Option<String>,
    pub flags: Vec<Flag>,
    /// The verified count after each verification, oldest first (empty when withheld).
    pub history: Vec<(Date, u32)>,
    /// The headcount the stage aims at (none when withheld).
    pub target: Option<u32>,
    /// When the stage reaches it at the verified pace, and at the slowest
    /// pace of the interval; none for a stage not begun, done, or withheld.
    pub forecast: Option<(Option<Date>, Option<Date>)>,
}

/// A formation and its stages, as the board shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormationRow {
    pub id: FormationId,
    pub code: String,
    pub name: Names,
    pub party: String,
    pub origin: String,
    pub mode: Mode,
    pub declared_strength: u32,
    pub starts_on: String,
    pub cells: Vec<Cell>,
}

fn day(field: &'static str, text: &str) -> Result<Date> {
    Date::parse(text.trim(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| StoreError::from(ParseError::invalid(field, Msg::new("invalid-date").arg("text", text.trim()))))
}

fn stage_of(text: &str) -> Result<Stage> {
    Stage::parse(text.trim()).map_err(|e| StoreError::invalid("stage", e.message().clone()))
}

fn stored<T>(parsed: std::result::Result<T, ParseError>, what: Msg) -> Result<T> {
    parsed.map_err(|_| StoreError::Corrupt(what))
}

impl Store {
    /// Enters a formation the actor's party integrates.
    pub async fn create_formation(&self, actor: &Actor, input: &FormationInput) -> Result<FormationRow> {
        check_code("code", &input.code)?;
        for (field, text) in [("name.en", &input.name.en), ("name.tr", &input.name.tr), ("name.ar", &input.name.ar)] {
            check_text(field, text)?;
        }
        check_text("origin", &input.origin)?;
        let mode = Mode::parse(input.mode.trim()).map_err(|e| StoreError::invalid("mode", e.message().clone()))?;
        if !(0..=MAX_COUNT).contains(&input.declared_strength) {
            return Err(StoreError::invalid(
                "declared_strength",
                Msg::new("invalid-integration-count").num("max", MAX_COUNT),
            ));
        }
        let starts = day("starts_on", &input.starts_on)?;
        let txn = self.write().await?;
        let now = self.now_ms();
        let m = formation::ActiveModel {
            code: Set(input.code.trim().to_owned()),
            party: Set(actor.party.to_string()),
            name_en: Set(input.name.en.trim().to_owned()),
            name_tr: Set(input.name.tr.trim().to_owned()),
            name_ar: Set(input.name.ar.trim().to_owned()),
            origin: Set(input.origin.trim().to_owned()),
            mode: Set(mode.code().to_owned()),
            declared_strength: Set(input.declared_strength as i32),
            starts_on: Set(starts.to_string()),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Formation, &input.code))?;
        let after = serde_json::json!({"code": m.code, "mode": m.mode, "declared_strength": m.declared_strength,
            "starts_on": m.starts_on, "origin": m.origin});
        let audited = Event::new(Action::Create, ObjectKind::Formation, m.id, &m.party).with(None, Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.formation(actor, FormationId(m.id)).await
    }

    /// Sets the deadline of a stage of a formation of the actor's party.
    pub async fn set_stage_deadline(
        &self,
        actor: &Actor,
        id: FormationId,
        input: &DeadlineInput,
    ) -> Result<FormationRow> {
        let stage = stage_of(&input.stage)?;
        let due = input.due.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(|d| day("due", d)).transpose()?;
        let clause = input.clause.trim();
        if clause.is_empty() {
            return Err(StoreError::invalid("clause", Msg::new("invalid-required")));
        }
        check_text("clause", clause)?;
        let owner = input.owner_party.as_deref().map(str::trim).filter(|o| !o.is_empty());
        if let Some(o) = owner
            && !self.parties().await?.iter().any(|p| p.code == o)
        {
            return Err(StoreError::invalid("owner_party", Msg::new("invalid-integration-party").arg("party", o)));
        }
        let txn = self.write().await?;
        let f = self.own_formation(&txn, actor, id).await?;
        if let Some(d) = due
            && d < day("starts_on", &f.starts_on)?
        {
            return Err(StoreError::invalid(
                "due",
                Msg::new("invalid-integration-before-start").arg("start", &f.starts_on),
            ));
        }
        let row = stage_deadline::ActiveModel {
            formation_id: Set(f.id),
            stage: Set(stage.code().to_owned()),
            due: Set(due.map(|d| d.to_string())),
            binding: Set(input.binding),
            clause: Set(clause.to_owned()),
            owner_party: Set(owner.map(str::to_owned)),
        };
        let (before, after) = upsert_deadline(&txn, (f.id, stage), row).await?;
        let now = self.now_ms();
        let audited = Event::new(Action::Deadline, ObjectKind::Formation, f.id, &f.party).with(before, Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.formation(actor, id).await
    }

    /// Records a headcount of a stage: verified (the only kind that moves
    /// the board's counts and flags) or reported by the formation. Refused:
    /// a stage that is not one, a count outside 0 to [`MAX_COUNT`], a day
    /// before the formation's start, after today or before the stage's last
    /// count of that kind, a lower count without a reason, and (verified) a
    /// count above the previous stage's: no stage is skipped.
    pub async fn record_count(
        &self,
        actor: &Actor,
        id: FormationId,
        figure: Figure,
        input: &CountInput,
    ) -> Result<FormationRow> {
        let stage = stage_of(&input.stage)?;
        if !(0..=MAX_COUNT).contains(&input.count) {
            return Err(StoreError::invalid("count", Msg::new("invalid-integration-count").num("max", MAX_COUNT)));
        }
        let on = day("on_day", &input.on_day)?;
        for (field, text) in [("method", &input.method), ("list_reference", &input.list_reference)] {
            if text.trim().is_empty() {
                return Err(StoreError::invalid(field, Msg::new("invalid-required")));
            }
            check_text(field, text)?;
        }
        let reason = text_field("reason", &input.reason, 2000, false)?;
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
        if figure == Figure::Verified && self.has_roster(&txn, f.id).await? {
            return Err(StoreError::invalid("count", Msg::new("invalid-integration-roster-verify")));
        }
        let history = counts(&txn, f.id, figure).await?;
        let last = history.get(&stage).and_then(|h| h.last());
        if let Some((last_day, last_count)) = last {
            if on < *last_day {
                return Err(StoreError::invalid(
                    "on_day",
                    Msg::new("invalid-integration-day-order").arg("last", last_day),
                ));
            }
            if input.count < i64::from(*last_count) && reason.is_empty() {
                return Err(StoreError::invalid(
                    "reason",
                    Msg::new("invalid-integration-count-down").num("last", i64::from(*last_count)),
                ));
            }
        }
        if figure == Figure::Verified
            && let Some(before) = stage.previous()
        {
            let reached = history.get(&before).and_then(|h| h.last()).map_or(0, |(_, n)| *n);
            if input.count > i64::from(reached) {
                return Err(StoreError::invalid(
                    "count",
                    Msg::new("invalid-integration-stage-skipped")
                        .msg("stage", Msg::of_key(before.key()))
                        .num("reached", i64::from(reached)),
                ));
            }
        }
        let now = self.now_ms();
        let row = CountRow {
            formation: f.id,
            figure,
            stage,
            count: input.count,
            on_day: on.to_string(),
            method: input.method.trim(),
            list_reference: input.list_reference.trim(),
            reason: &reason,
        };
        insert_count(&txn, actor, now, row).await?;
        let action = if figure == Figure::Verified { Action::Verify } else { Action::Report };
        let before = last.map(|(d, n)| serde_json::json!({"stage": stage.code(), "count": n, "on_day": d.to_string()}));
        let after = serde_json::json!({"stage": stage.code(), "count": input.count, "on_day": on.to_string(),
            "method": input.method.trim(), "list_reference": input.list_reference.trim(), "reason": input.reason.trim()});
        let audited = Event::new(action, ObjectKind::Formation, f.id, &f.party).with(before, Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.formation(actor, id).await
    }

    /// Every formation with its stages, as the actor may see them.
    pub async fn integration_board(&self, actor: &Actor) -> Result<Vec<FormationRow>> {
        let conn = self.connection();
        let formations = formation::Entity::find().order_by_asc(formation::Column::Code).all(conn).await?;
        let mut out = Vec::with_capacity(formations.len());
        for f in formations {
            out.push(self.formation_row(conn, actor, f).await?);
        }
        Ok(out)
    }

    /// One formation with its stages.
    pub async fn formation(&self, actor: &Actor, id: FormationId) -> Result<FormationRow> {
        let conn = self.connection();
        let f = formation::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Formation, id))?;
        self.formation_row(conn, actor, f).await
    }

    /// Tells both parties' joint offices of each stage's flag not told
    /// before (the formation, the stage and the flag; never a count, so the
    /// other party learns no figure it may not see); returns how many flags
    /// were told. Run by the server's sweep.
    pub async fn notify_integration_flags(&self) -> Result<usize> {
        let conn = self.connection();
        let sent: std::collections::BTreeSet<(i64, String, String)> = integration_notice::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|n| (n.formation_id, n.stage, n.kind))
            .collect();
        let formations = formation::Entity::find().order_by_asc(formation::Column::Code).all(conn).await?;
        // Both parties' joint offices: every flag is told to them all.
        let offices = user::Entity::find()
            .filter(user::Column::Role.eq(ittifaq_core::Role::JointOffice.code()))
            .all(conn)
            .await?;
        let mut told = 0;
        for f in formations {
            let owner = Actor::system(ittifaq_core::PartyCode::parse(&f.party)?);
            let row = self.formation_row(conn, &owner, f).await?;
            for cell in &row.cells {
                for flag in &cell.flags {
                    let key = (row.id.get(), cell.stage.code().to_owned(), flag.kind.code().to_owned());
                    if sent.contains(&key) {
                        continue;
                    }
                    let txn = self.write().await?;
                    let args = serde_json::json!({
                        "formation": row.code, "stage_key": cell.stage.key(), "flag_key": flag.kind.key(),
                        "by": owner.username,
                    });
                    let link = format!("/integration/formations/{}", row.id);
                    tell_once(&txn, self.now_ms(), &owner, &offices, "integration-flag", &args, &link, key).await?;
                    txn.commit().await?;
                    told += 1;
                }
            }
        }
        Ok(told)
    }

    /// Sends both parties' joint offices the week's digest of force
    /// integration: how many stages of how many formations stand flagged
    /// stalled, at risk, and on paper only (no figure of any formation).
    /// Once an ISO week, at the first sweep of it; returns whether it was sent.
    pub async fn integration_digest(&self) -> Result<bool> {
        let conn = self.connection();
        let today = self.today_date();
        let (year, week, _) = today.to_iso_week_date();
        let week = format!("{year}-W{week:02}");
        let key = (0i64, "digest".to_owned(), week.clone());
        if integration_notice::Entity::find_by_id(key.clone()).one(conn).await?.is_some() {
            return Ok(false);
        }
        let formations = formation::Entity::find().order_by_asc(formation::Column::Code).all(conn).await?;
        if formations.is_empty() {
            return Ok(false);
        }
        let mut tally: BTreeMap<FlagKind, usize> = BTreeMap::new();
        let total = formations.len();
        // The sweep sends it in the name of the system of an integrating party.
        let system = Actor::system(ittifaq_core::PartyCode::parse(&formations[0].party)?);
        for f in formations {
            let owner = Actor::system(ittifaq_core::PartyCode::parse(&f.party)?);
            for cell in self.formation_row(conn, &owner, f).await?.cells {
                for flag in cell.flags {
                    *tally.entry(flag.kind).or_default() += 1;
                }
            }
        }
        let offices = user::Entity::find()
            .filter(user::Column::Role.eq(ittifaq_core::Role::JointOffice.code()))
            .all(conn)
            .await?;
        let n = |k: FlagKind| tally.get(&k).copied().unwrap_or(0).to_string();
        let args = serde_json::json!({
            "week": week, "formations": total.to_string(), "stalled": n(FlagKind::Stalled),
            "at_risk": n(FlagKind::AtRisk), "paper_only": n(FlagKind::PaperOnly),
        });
        let txn = self.write().await?;
        tell_once(&txn, self.now_ms(), &system, &offices, "integration-digest", &args, "/integration", key).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn own_formation<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: FormationId,
    ) -> Result<formation::Model> {
        let f = formation::Entity::find_by_id(id.get())
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Formation, id))?;
        crate::scope::ensure_own(actor, &f.party, crate::record(ObjectKind::Formation, &f.code))?;
        Ok(f)
    }

    async fn formation_row<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        f: formation::Model,
    ) -> Result<FormationRow> {
        let what = || crate::record(ObjectKind::Formation, &f.code);
        let mode = stored(Mode::parse(&f.mode), what())?;
        let starts = day("starts_on", &f.starts_on).map_err(|_| StoreError::Corrupt(what()))?;
        let verified = counts(conn, f.id, Figure::Verified).await?;
        let reported = counts(conn, f.id, Figure::Reported).await?;
        let deadlines: BTreeMap<String, stage_deadline::Model> = stage_deadline::Entity::find()
            .filter(stage_deadline::Column::FormationId.eq(f.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|d| (d.stage.clone(), d))
            .collect();
        let stall_days = self.agreement().await?.map_or(30, |a| a.rules.integration_stall_days);
        let today = self.today_date();
        let own = actor.party.as_str() == f.party;
        let declared = u32::try_from(f.declared_strength).unwrap_or(0);
        let registered = verified.get(&Stage::Register).and_then(|h| h.last()).map(|(_, n)| *n).filter(|n| *n > 0);
        let mut cells = Vec::new();
        for stage in Stage::ALL.iter().copied() {
            let history = verified.get(&stage).cloned().unwrap_or_default();
            let deadline = deadlines.get(stage.code());
            let due = deadline
                .and_then(|d| d.due.as_deref())
                .map(|d| day("due", d))
                .transpose()
                .map_err(|_| StoreError::Corrupt(what()))?;
            // Registration aims at the declared strength; each later stage at those registered.
            let target = if stage == Stage::Register { declared } else { registered.unwrap_or(declared) };
            // A stage can move once people have passed the stage before it.
            let opened = match stage.previous() {
                None => Some(starts),
                Some(before) => verified.get(&before).and_then(|h| h.iter().find(|(_, n)| *n > 0)).map(|(d, _)| *d),
            };
            let facts = StageFacts {
                target,
                verified: history.clone(),
                since: opened.unwrap_or(starts).max(starts),
                due,
                owner: deadline.and_then(|d| d.owner_party.clone()),
            };
            let mut flags = if deadline.is_some() { assess(&facts, today, stall_days) } else { Vec::new() };
            let done = history.last().is_some_and(|(_, n)| *n >= target);
            let predicted = (opened.is_some() && !done && target > 0)
                .then(|| ittifaq_core::integration::stall::forecast(&facts, today))
                .map(|f| (f.finish, f.latest));
            // Nothing can be forecast of a stage nobody has reached yet: late, it is stalled; else unflagged.
            if opened.is_none() {
                flags.retain(|f| f.kind != FlagKind::AtRisk);
            }
            let count = history.last().map(|(_, n)| *n);
            let mine = reported.get(&stage).and_then(|h| h.last()).map(|(_, n)| *n);
            let hidden = |n: Option<u32>| !own && n.is_some_and(|n| n > 0 && n < SUPPRESS_BELOW);
            let withheld = hidden(count) || hidden(mine);
            // A flag's reason gives the count and the target: withheld when either is small.
            if withheld || !own && target > 0 && target < SUPPRESS_BELOW {
                for flag in &mut flags {
                    if flag.kind != FlagKind::PaperOnly {
                        flag.reason = Msg::new("integration-reason-withheld").num("under", i64::from(SUPPRESS_BELOW));
                    }
                }
            }
            cells.push(Cell {
                stage,
                verified: if hidden(count) { None } else { count },
                reported: if hidden(mine) { None } else { mine },
                withheld,
                verified_withheld: hidden(count),
                reported_withheld: hidden(mine),
                verified_on: history.last().map(|(d, _)| d.to_string()),
                due: deadline.and_then(|d| d.due.clone()),
                binding: deadline.is_some_and(|d| d.binding),
                clause: deadline.map(|d| d.clause.clone()).unwrap_or_default(),
                owner_party: deadline.and_then(|d| d.owner_party.clone()),
                flags,
                history: if hidden(count) {
                    Vec::new()
                } else {
                    // An earlier count under ten is a small cell too.
                    history.into_iter().filter(|(_, n)| own || *n == 0 || *n >= SUPPRESS_BELOW).collect()
                },
                target: (own || target == 0 || target >= SUPPRESS_BELOW).then_some(target),
                forecast: if withheld { None } else { predicted },
            });
        }
        Ok(FormationRow {
            id: FormationId(f.id),
            name: Names { en: f.name_en, tr: f.name_tr, ar: f.name_ar },
            code: f.code,
            party: f.party,
            origin: f.origin,
            mode,
            declared_strength: declared,
            starts_on: f.starts_on,
            cells,
        })
    }
}

/// Enters the formations an agreement plans (in the name of each one's
/// integrating party) and sets their stages' deadlines as the agreement
/// gives them; a formation entered before keeps its counts and roster, and
/// its deadlines follow the agreement. Every change is audited.
pub(crate) async fn plan_formations<C: crate::ledger::Appender>(
    conn: &C,
    a: &ittifaq_core::agreement::Agreement,
    now: i64,
) -> Result<()> {
    for p in &a.formations {
        let actor = Actor::system(p.party.clone());
        let existing = formation::Entity::find().filter(formation::Column::Code.eq(&p.code)).one(conn).await?;
        let f = match existing {
            Some(f) => f,
            None => {
                let m = formation::ActiveModel {
                    code: Set(p.code.clone()),
                    party: Set(p.party.to_string()),
                    name_en: Set(p.name.en.trim().to_owned()),
                    name_tr: Set(p.name.tr.trim().to_owned()),
                    name_ar: Set(p.name.ar.trim().to_owned()),
                    origin: Set(p.origin.clone()),
                    mode: Set(p.mode.code().to_owned()),
                    declared_strength: Set(p.declared_strength as i32),
                    starts_on: Set(p.starts_on.to_string()),
                    created_by: Set(actor.username.clone()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(conn)
                .await?;
                let after = serde_json::json!({"code": m.code, "mode": m.mode, "declared_strength": m.declared_strength,
                    "starts_on": m.starts_on, "origin": m.origin, "from": "agreement"});
                let audited = Event::new(Action::Create, ObjectKind::Formation, m.id, &m.party).with(None, Some(after));
                audit::record(conn, now, &actor, audited).await?;
                m
            }
        };
        for d in &p.deadlines {
            let row = stage_deadline::ActiveModel {
                formation_id: Set(f.id),
                stage: Set(d.stage.code().to_owned()),
                due: Set(d.due.map(|d| d.to_string())),
                binding: Set(d.binding),
                clause: Set(d.clause.clone()),
                owner_party: Set(d.owner_party.as_ref().map(ToString::to_string)),
            };
            let (before, after) = upsert_deadline(conn, (f.id, d.stage), row).await?;
            if before.as_ref() != Some(&after) {
                let audited =
                    Event::new(Action::Deadline, ObjectKind::Formation, f.id, &f.party).with(before, Some(after));
                audit::record(conn, now, &actor, audited).await?;
            }
        }
    }
    Ok(())
}

/// A headcount of a stage as it is stored.
pub(crate) struct CountRow<'a> {
    pub formation: i64,
    pub figure: Figure,
    pub stage: Stage,
    pub count: i64,
    pub on_day: String,
    pub method: &'a str,
    pub list_reference: &'a str,
    pub reason: &'a str,
}

/// Stores a headcount of a stage, by the actor.
pub(crate) async fn insert_count<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    now: i64,
    row: CountRow<'_>,
) -> Result<()> {
    stage_count::ActiveModel {
        formation_id: Set(row.formation),
        figure: Set(row.figure.code().to_owned()),
        stage: Set(row.stage.code().to_owned()),
        count: Set(i32::try_from(row.count).unwrap_or(i32::MAX)),
        on_day: Set(row.on_day),
        method: Set(row.method.to_owned()),
        list_reference: Set(row.list_reference.to_owned()),
        reason: Set(row.reason.to_owned()),
        party: Set(actor.party.to_string()),
        username: Set(actor.username.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Sets a stage's deadline (a new one, or one replaced); returns it as the
/// audit records it, before and after.
async fn upsert_deadline<C: ConnectionTrait>(
    conn: &C,
    key: (i64, Stage),
    row: stage_deadline::ActiveModel,
) -> Result<(Option<serde_json::Value>, serde_json::Value)> {
    let json = |d: &stage_deadline::Model| {
        serde_json::json!({"stage": d.stage, "due": d.due, "binding": d.binding, "clause": d.clause,
            "owner_party": d.owner_party})
    };
    let old = stage_deadline::Entity::find_by_id((key.0, key.1.code().to_owned())).one(conn).await?;
    let before = old.as_ref().map(json);
    let new = if old.is_some() { row.update(conn).await? } else { row.insert(conn).await? };
    Ok((before, json(&new)))
}

/// Tells the joint offices once: the notice, and the record that it was sent.
#[allow(clippy::too_many_arguments)]
async fn tell_once<C: ConnectionTrait>(
    conn: &C,
    now: i64,
    from: &Actor,
    offices: &[user::Model],
    kind: &str,
    args: &serde_json::Value,
    link: &str,
    key: (i64, String, String),
) -> Result<()> {
    crate::notify::notify_users(conn, now, from, offices, kind, args, link).await?;
    integration_notice::ActiveModel {
        formation_id: Set(key.0),
        stage: Set(key.1),
        kind: Set(key.2),
        sent_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Each stage's counts of one kind, in the order of their days.
async fn counts<C: ConnectionTrait>(
    conn: &C,
    formation: i64,
    figure: Figure,
) -> Result<BTreeMap<Stage, Vec<(Date, u32)>>> {
    let rows: Vec<(i64, String, i32, String)> = stage_count::Entity::find()
        .filter(stage_count::Column::FormationId.eq(formation))
        .filter(stage_count::Column::Figure.eq(figure.code()))
        .order_by_asc(stage_count::Column::OnDay)
        .order_by_asc(stage_count::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.stage, r.count, r.on_day))
        .collect();
    let mut out: BTreeMap<Stage, Vec<(Date, u32)>> = BTreeMap::new();
    for (id, stage, count, on_day) in rows {
        let what = || crate::record(ObjectKind::Formation, formation).arg("count", id);
        let stage = stored(Stage::parse(&stage), what())?;
        let on = day("on_day", &on_day).map_err(|_| StoreError::Corrupt(what()))?;
        out.entry(stage).or_default().push((on, u32::try_from(count).unwrap_or(0)));
    }
    Ok(out)
}
