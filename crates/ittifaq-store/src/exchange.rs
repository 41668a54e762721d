//! Personnel exchange: sessions of the catalog's courses, nominations checked
//! against the eligibility rules at once, and the two keys: the sending party
//! approves, the host party accepts; neither alone commits a seat. A withdrawn
//! seat goes to the waiting list automatically. Every step is recorded with
//! who, when and why, and audited.

use ittifaq_core::id::{CourseId, NominationId, PersonId, SessionId, UnitId};
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{Expr, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{course, course_session, institution, nomination, nomination_step, person, unit};
use crate::scope::{NominationFacts, PersonView, Reach, ensure_own, nomination_release, person_view, person_view_with};
use crate::{Actor, Result, Store, StoreError, unframe_list};
use ittifaq_core::Msg;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::exchange::{
    ACTIVE_CODES, EligibilityFacts, Ineligible, KEYED_CODES, NominationStatus, SEATED_CODES, SessionFilter,
    SessionStatus, Span, Step, UnitAway, eligibility, session_transition, transition,
};

/// A new session, as entered by the host institution's party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    pub code: String,
    pub course_id: i64,
    /// First day, `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub start: String,
    /// Last day, `YYYY-MM-DD`, included.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub end: String,
    pub place: String,
    pub capacity: i32,
    /// The most seats each party may take.
    #[serde(default)]
    pub quota: BTreeMap<String, i32>,
}

/// A session with its course, as every party sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: SessionId,
    pub code: String,
    pub course_id: CourseId,
    pub course_code: String,
    pub title_en: String,
    pub title_tr: String,
    pub title_ar: String,
    pub host_party: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub capacity: i32,
    pub quota: BTreeMap<String, i32>,
    pub status: String,
    /// Seats committed (accepted nominations).
    pub seats_taken: u64,
    /// The course's description in each language.
    pub description_en: Option<String>,
    pub description_tr: Option<String>,
    pub description_ar: Option<String>,
}

/// One step of a nomination's history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepView {
    pub step: String,
    pub actor: String,
    pub actor_party: String,
    pub at: i64,
    pub comment: String,
}

/// A nomination as one user may see it: the nominee through what their party released.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationView {
    pub id: NominationId,
    pub session_id: SessionId,
    pub person: PersonView,
    pub priority: i32,
    /// One of nominated, approved, accepted, waitlisted, withdrawn, cancelled, completed, failed.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: NominationStatus,
    pub history: Vec<StepView>,
}

/// Which of a session's nominations to read: one status or all, and a page.
#[derive(Debug, Clone)]
pub struct NominationFilter {
    pub status: Option<String>,
    /// Only the nominations for the sessions this lets through.
    pub sessions: SessionFilter,
    /// From 1.
    pub page: u64,
    /// From 1 to 500; `None` reads every nomination on page 1.
    pub per_page: Option<u64>,
}

/// A page of a session's nominations.
#[derive(Debug, Clone)]
pub struct NominationPage {
    pub items: Vec<NominationView>,
    /// The nominations of the filter's status (or all), on every page.
    pub total: u64,
    pub page: u64,
    pub per_page: Option<u64>,
    /// How many nominations of each status present the reader may see.
    pub by_status: BTreeMap<String, u64>,
}

/// A new nomination by a unit commander (or the joint office) of the person's party.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NominationInput {
    pub session_id: SessionId,
    pub person_id: PersonId,
    #[serde(default = "default_priority")]
    pub priority: i32,
    #[serde(default)]
    pub comment: String,
}

fn default_priority() -> i32 {
    1
}

/// A `LIKE` pattern of text found anywhere, its wildcards escaped.
pub(crate) fn like_anywhere(word: &str) -> LikeExpr {
    let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// A column, lower case, holds the word (ASCII letters fold on SQLite;
/// PostgreSQL folds every letter).
pub(crate) fn holds_word(column: impl sea_orm::sea_query::IntoColumnRef, word: &str) -> SimpleExpr {
    use sea_orm::sea_query::ExprTrait;
    Expr::expr(Func::lower(Expr::col(column))).like(like_anywhere(word))
}

/// The nominations for the sessions a catalog filter lets through (all
/// when it lets every session through).
fn within_sessions(f: &SessionFilter) -> Condition {
    if f.is_empty() {
        return Condition::all();
    }
    let sessions = Query::select()
        .column((course_session::Entity, course_session::Column::Id))
        .from(course_session::Entity)
        .cond_where(catalog_condition(f))
        .to_owned();
    Condition::all().add(nomination::Column::SessionId.in_subquery(sessions))
}

/// The sessions a catalog filter lets through.
fn catalog_condition(f: &SessionFilter) -> Condition {
    let mut c = Condition::all();
    if let Some(status) = f.status {
        c = c.add(course_session::Column::Status.eq(status.code()));
    }
    if let Some(host) = &f.host {
        c = c.add(course_session::Column::HostParty.eq(host.as_str()));
    }
    if let Some(from) = &f.from {
        c = c.add(course_session::Column::EndDate.gte(from.as_str()));
    }
    if let Some(to) = &f.to {
        c = c.add(course_session::Column::StartDate.lte(to.as_str()));
    }
    if let Some(domain) = &f.domain {
        let of_domain = Query::select()
            .column(course::Column::Id)
            .from(course::Entity)
            .and_where(course::Column::Domain.eq(domain.as_str()))
            .to_owned();
        c = c.add(course_session::Column::CourseId.in_subquery(of_domain));
    }
    for word in &f.words {
        let mut in_course = Condition::any();
        for col in [course::Column::Code, course::Column::TitleEn, course::Column::TitleTr, course::Column::TitleAr] {
            in_course = in_course.add(holds_word((course::Entity, col), word));
        }
        let courses = Query::select().column(course::Column::Id).from(course::Entity).cond_where(in_course).to_owned();
        c = c.add(
            Condition::any()
                .add(holds_word((course_session::Entity, course_session::Column::Code), word))
                .add(course_session::Column::CourseId.in_subquery(courses)),
        );
    }
    c
}

pub(crate) fn check_date(field: &str, text: &str) -> Result<()> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map(|_| ())
        .map_err(|_| StoreError::invalid(field, Msg::new("invalid-date").arg("text", text)))
}

/// A nomination's status by its stored code, in the reader's language.
pub(crate) fn status_msg(code: &str) -> Msg {
    NominationStatus::parse(code).map_or_else(|_| Msg::plain(code), |s| Msg::of_key(s.key()))
}

/// A session's status by its stored code, in the reader's language.
pub(crate) fn session_status_msg(code: &str) -> Msg {
    SessionStatus::parse(code).map_or_else(|_| Msg::plain(code), |s| Msg::of_key(s.key()))
}

pub(crate) fn check_comment(comment: &str) -> Result<String> {
    let c = comment.trim();
    if c.chars().count() > 1000 || c.chars().any(|ch| ch.is_control() && ch != '\n') {
        return Err(StoreError::invalid("comment", Msg::new("invalid-comment")));
    }
    Ok(c.to_owned())
}

/// Every status a nomination can have.
pub const NOMINATION_STATUSES: &[&str] = NominationStatus::CODES;
/// The codes of statuses that hold or claim a place (and keep the person from being nominated again).
pub(crate) const ACTIVE: [&str; 4] = ACTIVE_CODES;
/// The codes of statuses that hold a seat of the session: accepted, and after the course its result.
pub(crate) const SEATED: [&str; 3] = SEATED_CODES;

/// The status of a stored nomination; one that does not read is refused, naming it.
pub(crate) fn status_of(n: &nomination::Model) -> Result<NominationStatus> {
    NominationStatus::parse(&n.status).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-status").msg("what", crate::record(ObjectKind::Nomination, n.id)))
    })
}

/// The quota of a stored session; one that does not read is refused, naming it.
pub(crate) fn quota_of(s: &course_session::Model) -> Result<BTreeMap<String, i32>> {
    serde_json::from_str(&s.quota).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-quota").msg("what", crate::record(ObjectKind::Session, &s.code)))
    })
}

/// A session as the rules of eligibility see it.
fn span(s: &course_session::Model) -> Span<'_> {
    Span { id: s.id, code: s.code.as_str(), start: s.start_date.as_str(), end: s.end_date.as_str() }
}

impl Store {
    /// Opens a session of a course taught by an institution of the actor's party.
    pub async fn create_course_session(&self, actor: &Actor, input: &SessionInput) -> Result<SessionView> {
        if input.code.trim().is_empty() || input.code.len() > 64 {
            return Err(StoreError::invalid("code", Msg::new("invalid-code-length")));
        }
        check_date("start", &input.start)?;
        check_date("end", &input.end)?;
        if input.end < input.start {
            return Err(StoreError::invalid("end", Msg::new("invalid-session-ends-before")));
        }
        if input.capacity < 1 {
            return Err(StoreError::invalid("capacity", Msg::new("invalid-at-least-one")));
        }
        if input.place.trim().is_empty() {
            return Err(StoreError::invalid("place", Msg::new("invalid-required")));
        }
        let parties: Vec<String> = self.parties().await?.into_iter().map(|p| p.code).collect();
        for (party, seats) in &input.quota {
            if !parties.contains(party) {
                return Err(StoreError::invalid("quota", Msg::new("invalid-not-a-party").arg("party", party)));
            }
            if *seats < 0 {
                return Err(StoreError::invalid("quota", Msg::new("invalid-quota-negative").arg("party", party)));
            }
        }
        let txn = self.write().await?;
        let course = course::Entity::find_by_id(input.course_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("course_id", ObjectKind::Course, input.course_id))?;
        let inst = institution::Entity::find_by_id(course.institution_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, course.institution_id))?;
        ensure_own(actor, &inst.party, crate::record(ObjectKind::Course, &course.code))?;
        let now = self.now_ms();
        let m = course_session::ActiveModel {
            code: Set(input.code.trim().to_owned()),
            course_id: Set(course.id),
            host_party: Set(inst.party.clone()),
            start_date: Set(input.start.clone()),
            end_date: Set(input.end.clone()),
            place: Set(input.place.trim().to_owned()),
            capacity: Set(input.capacity),
            quota: Set(serde_json::to_string(&input.quota).unwrap_or_else(|_| "{}".into())),
            status: Set(SessionStatus::Open.code().into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::Session, &input.code))?;
        let audited = Event::new(Action::Create, ObjectKind::Session, m.id, &m.host_party)
            .with(None, serde_json::to_value(&m).ok());
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.session_view(m).await
    }

    pub(crate) async fn session_view(&self, s: course_session::Model) -> Result<SessionView> {
        let c = course::Entity::find_by_id(s.course_id).one(self.connection()).await?;
        let seats_taken = nomination::Entity::find()
            .filter(nomination::Column::SessionId.eq(s.id))
            .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
            .count(self.connection())
            .await?;
        session_view_of(s, c.as_ref(), seats_taken)
    }

    /// Every session with its course and seats taken, in three queries whatever the number of sessions.
    pub async fn list_course_sessions(&self) -> Result<Vec<SessionView>> {
        let txn = self.read().await?;
        let rows = course_session::Entity::find()
            .order_by_asc(course_session::Column::StartDate)
            .order_by_asc(course_session::Column::Code)
            .all(&txn)
            .await?;
        let views = session_views(&txn, rows).await?;
        txn.commit().await?;
        Ok(views)
    }

    /// The sessions of the catalog that pass `filter`, by start date then
    /// code: one page of them (`page` from 1, and how many a page holds), or
    /// all; and how many pass in all.
    pub async fn catalog_page(
        &self,
        filter: &SessionFilter,
        page: Option<(u64, u64)>,
    ) -> Result<(Vec<SessionView>, u64)> {
        let txn = self.read().await?;
        let found = course_session::Entity::find().filter(catalog_condition(filter));
        let total = found.clone().count(&txn).await?;
        let mut ordered = found
            .order_by_asc(course_session::Column::StartDate)
            .order_by_asc(course_session::Column::Code)
            .order_by_asc(course_session::Column::Id);
        if let Some((page, per_page)) = page {
            ordered = ordered.offset(ittifaq_core::Paging::clamped_offset(page, per_page)).limit(per_page);
        }
        let rows = ordered.all(&txn).await?;
        let views = session_views(&txn, rows).await?;
        txn.commit().await?;
        Ok((views, total))
    }

    pub async fn get_course_session(&self, id: SessionId) -> Result<SessionView> {
        let s = course_session::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, id))?;
        self.session_view(s).await
    }

    /// A session with one page of its nominations (see
    /// [`Store::session_nominations_page`]); its seats taken are counted
    /// from the page's status counts, not by a query of their own.
    pub async fn session_with_nominations(
        &self,
        actor: &Actor,
        id: SessionId,
        filter: &NominationFilter,
    ) -> Result<(SessionView, NominationPage)> {
        let txn = self.read().await?;
        let with_course = course_session::Entity::belongs_to(course::Entity)
            .from(course_session::Column::CourseId)
            .to(course::Column::Id)
            .into();
        let (s, c) = course_session::Entity::find_by_id(id)
            .join(JoinType::LeftJoin, with_course)
            .select_also(course::Entity)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, id))?;
        let page = self.nominations_page(&txn, actor, NominationsOf::Session(id.get()), filter).await?;
        // The page counts only the nominations the actor may see; the seats taken are everyone's.
        let seats = nomination::Entity::find()
            .filter(nomination::Column::SessionId.eq(id.get()))
            .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
            .count(&txn)
            .await?;
        txn.commit().await?;
        Ok((session_view_of(s, c.as_ref(), seats)?, page))
    }

    /// Loads what eligibility needs (the person's commitments and the unit's
    /// people away, each in two queries whatever their number) and asks the
    /// rules of `ittifaq-core` for every rule the nomination breaks.
    async fn eligibility<C: ConnectionTrait>(
        &self,
        conn: &C,
        p: &person::Model,
        s: &course_session::Model,
        c: &course::Model,
    ) -> Result<Vec<Msg>> {
        let sessions_of = async |rows: Vec<nomination::Model>| -> Result<Vec<course_session::Model>> {
            let ids: BTreeSet<i64> = rows.iter().map(|n| n.session_id).collect();
            Ok(course_session::Entity::find().filter(course_session::Column::Id.is_in(ids)).all(conn).await?)
        };
        let mine = nomination::Entity::find()
            .filter(nomination::Column::PersonId.eq(p.id))
            .filter(nomination::Column::Status.is_in(KEYED_CODES))
            .all(conn)
            .await?;
        let committed = sessions_of(mine).await?;
        let unit = unit::Entity::find_by_id(p.unit_id).one(conn).await?;
        let away = match unit.as_ref().and_then(|u| u.max_away.map(|cap| (u, cap))) {
            Some((u, _)) => {
                let rows = nomination::Entity::find()
                    .filter(nomination::Column::UnitId.eq(u.id))
                    .filter(nomination::Column::Status.eq(NominationStatus::Accepted.code()))
                    .filter(nomination::Column::PersonId.ne(p.id))
                    .all(conn)
                    .await?;
                // One span per seat held: two people in one session are two away.
                let by_id: BTreeMap<i64, course_session::Model> =
                    sessions_of(rows.clone()).await?.into_iter().map(|s| (s.id, s)).collect();
                rows.iter().filter_map(|n| by_id.get(&n.session_id).cloned()).collect()
            }
            None => Vec::new(),
        };
        let committed: Vec<Span<'_>> = committed.iter().map(span).collect();
        let away_spans: Vec<Span<'_>> = away.iter().map(span).collect();
        let (languages, held, requires) =
            (unframe_list(&p.languages), unframe_list(&p.qualifications), unframe_list(&c.requires));
        let rank = |r: Option<&str>| r.and_then(|r| ittifaq_core::Rank::parse(r).ok());
        let facts = EligibilityFacts {
            rank: rank(Some(&p.rank)),
            min_rank: rank(c.min_rank.as_deref()),
            max_rank: rank(c.max_rank.as_deref()),
            languages: &languages,
            course_language: &c.language,
            held: &held,
            requires: &requires,
            session: span(s),
            committed: &committed,
            unit: unit
                .as_ref()
                .and_then(|u| u.max_away.map(|cap| UnitAway { code: u.code.as_str(), cap, away: &away_spans })),
        };
        Ok(eligibility(&facts).iter().map(Ineligible::msg).collect())
    }

    /// Nominates a person of the actor's party; refused with every failed rule when ineligible.
    pub async fn nominate(&self, actor: &Actor, input: &NominationInput) -> Result<NominationView> {
        let comment = check_comment(&input.comment)?;
        if !(1..=9).contains(&input.priority) {
            return Err(StoreError::invalid("priority", Msg::new("invalid-priority")));
        }
        let txn = self.write().await?;
        let p = person::Entity::find_by_id(input.person_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("person_id", ObjectKind::Person, input.person_id))?;
        ensure_own(actor, &p.party, crate::record(ObjectKind::Person, p.id))?;
        // A commander nominates the people of their units; another unit's
        // person is answered as one that does not exist.
        if !Reach::load(&txn, actor).await?.holds_person(actor, &p.party, p.unit_id) {
            return Err(StoreError::no_such("person_id", ObjectKind::Person, input.person_id));
        }
        if p.archived {
            return Err(StoreError::invalid(
                "person_id",
                Msg::new("invalid-archived").msg("what", crate::record(ObjectKind::Person, p.id)),
            ));
        }
        let s = course_session::Entity::find_by_id(input.session_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("session_id", ObjectKind::Session, input.session_id))?;
        if session_status_of(&s)? != SessionStatus::Open {
            return Err(StoreError::Conflict(
                Msg::new("conflict-session-not-open")
                    .arg("session", &s.code)
                    .msg("status", session_status_msg(&s.status)),
            ));
        }
        let c = course::Entity::find_by_id(s.course_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Course, s.course_id))?;
        let already = nomination::Entity::find()
            .filter(nomination::Column::SessionId.eq(s.id))
            .filter(nomination::Column::PersonId.eq(p.id))
            .filter(nomination::Column::Status.is_in(ACTIVE.iter().copied()))
            .count(&txn)
            .await?;
        if already > 0 {
            return Err(StoreError::Conflict(
                Msg::new("conflict-already-nominated").arg("person", p.id).arg("session", &s.code),
            ));
        }
        let n = self.insert_nomination(&txn, &p, &s, &c, input.priority).await?;
        let view = self.step_viewed(&txn, actor, &n, Step::Nominate, &comment, None).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// Checks every eligibility rule and, when all hold, stores a new nomination.
    async fn insert_nomination<C: ConnectionTrait>(
        &self,
        conn: &C,
        p: &person::Model,
        s: &course_session::Model,
        c: &course::Model,
        priority: i32,
    ) -> Result<nomination::Model> {
        let failed = self.eligibility(conn, p, s, c).await?;
        if !failed.is_empty() {
            return Err(StoreError::Ineligible(failed));
        }
        let now = self.now_ms();
        Ok(nomination::ActiveModel {
            session_id: Set(s.id),
            person_id: Set(p.id),
            person_party: Set(p.party.clone()),
            unit_id: Set(p.unit_id),
            priority: Set(priority),
            status: Set(NominationStatus::Nominated.code().into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?)
    }

    /// Records a step of a nomination (already moved to its new status): its
    /// row in the history, the notifications it sends, and its audit row.
    pub(crate) async fn step<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        step: Step,
        comment: &str,
        before: Option<NominationStatus>,
    ) -> Result<()> {
        self.record_step(conn, actor, n, step.code(), comment, before).await
    }

    /// As [`Store::step`] for a record of the history that is not one of the
    /// steps (a vetting check's outcome, [`ittifaq_core::exchange::vetting_step`]).
    pub(crate) async fn record_step<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        step: &str,
        comment: &str,
        before: Option<NominationStatus>,
    ) -> Result<()> {
        let now = self.step_rows(conn, actor, n, step, comment).await?;
        step_audit(conn, now, actor, n, step, comment, before).await
    }

    /// As [`Store::step`], returning the nomination as `actor` sees it after
    /// the step: read in the step's transaction before its audit row (which
    /// takes the ledger's append lock on PostgreSQL), in two queries, where a
    /// read after the commit would take a connection from the pool for each.
    pub(crate) async fn step_viewed<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        step: Step,
        comment: &str,
        before: Option<NominationStatus>,
    ) -> Result<NominationView> {
        let now = self.step_rows(conn, actor, n, step.code(), comment).await?;
        let view = self.view_in(conn, actor, n.clone()).await?;
        step_audit(conn, now, actor, n, step.code(), comment, before).await?;
        Ok(view)
    }

    /// The step's row in the history and its notifications; returns its time.
    async fn step_rows<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        step: &str,
        comment: &str,
    ) -> Result<i64> {
        let now = self.now_ms();
        nomination_step::ActiveModel {
            nomination_id: Set(n.id),
            step: Set(step.to_owned()),
            actor: Set(actor.username.clone()),
            actor_party: Set(actor.party.to_string()),
            at: Set(now),
            comment: Set(comment.to_owned()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        crate::notify::notify_step(self, conn, actor, n, step).await?;
        Ok(now)
    }

    pub(crate) async fn set_status<C: ConnectionTrait>(
        &self,
        conn: &C,
        n: nomination::Model,
        status: NominationStatus,
    ) -> Result<nomination::Model> {
        let mut am: nomination::ActiveModel = n.into();
        am.status = Set(status.code().to_owned());
        am.updated_at = Set(self.now_ms());
        Ok(am.update(conn).await?)
    }

    /// Takes a nomination through a step of [`transition`]: its new status,
    /// the step's row, notifications and audit row. A step not allowed from
    /// where the nomination stands is refused and nothing is written.
    pub(crate) async fn advance<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        n: nomination::Model,
        step: Step,
        comment: &str,
    ) -> Result<nomination::Model> {
        let (n, before) = self.move_by(conn, n, step).await?;
        self.step(conn, actor, &n, step, comment, before).await?;
        Ok(n)
    }

    /// The status move of [`Store::advance`], checked against [`transition`]:
    /// the nomination moved, and where it stood when the step records that.
    async fn move_by<C: ConnectionTrait>(
        &self,
        conn: &C,
        n: nomination::Model,
        step: Step,
    ) -> Result<(nomination::Model, Option<NominationStatus>)> {
        let before = status_of(&n)?;
        let after = transition(before, step).ok_or_else(|| {
            StoreError::Conflict(
                Msg::new("conflict-cannot-step")
                    .arg("id", n.id)
                    .msg("status", Msg::of_key(before.key()))
                    .msg("step", Msg::of_key(format!("do-{}", step.key()))),
            )
        })?;
        let n = if after == before { n } else { self.set_status(conn, n, after).await? };
        Ok((n, step.moves().then_some(before)))
    }

    /// As [`Store::advance`], with the nomination as `actor` sees it after the step.
    pub(crate) async fn advance_viewed<C: audit::Appender>(
        &self,
        conn: &C,
        actor: &Actor,
        n: nomination::Model,
        step: Step,
        comment: &str,
    ) -> Result<(nomination::Model, NominationView)> {
        let (n, before) = self.move_by(conn, n, step).await?;
        let view = self.step_viewed(conn, actor, &n, step, comment, before).await?;
        Ok((n, view))
    }

    pub(crate) async fn load_nomination<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(nomination::Model, course_session::Model)> {
        let n = nomination::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Nomination, id))?;
        let s = course_session::Entity::find_by_id(n.session_id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, n.session_id))?;
        Ok((n, s))
    }

    /// A step a user takes on a nomination from a page or the API: a key
    /// (approve, accept) or a withdrawal. Any other step is the platform's
    /// own and is refused here, naming the step.
    pub async fn take_step(
        &self,
        actor: &Actor,
        id: NominationId,
        step: Step,
        comment: &str,
    ) -> Result<NominationView> {
        match step {
            Step::Approve => self.approve(actor, id, comment).await,
            Step::Accept => self.accept(actor, id, comment).await,
            Step::Withdraw => self.withdraw(actor, id, comment).await,
            other => Err(StoreError::invalid("step", Msg::new("invalid-step").arg("step", other))),
        }
    }

    /// The first key: the sending party approves its nomination.
    pub async fn approve(&self, actor: &Actor, id: NominationId, comment: &str) -> Result<NominationView> {
        let comment = check_comment(comment)?;
        let txn = self.write().await?;
        // One statement checks and moves the nomination; only when it moves
        // none is the nomination read, to say why.
        let moved = nomination::Entity::update_many()
            .col_expr(nomination::Column::Status, Expr::value(NominationStatus::Approved.code()))
            .col_expr(nomination::Column::UpdatedAt, Expr::value(self.now_ms()))
            .filter(nomination::Column::Id.eq(id.get()))
            .filter(nomination::Column::PersonParty.eq(actor.party.as_str()))
            .filter(nomination::Column::Status.eq(NominationStatus::Nominated.code()))
            .exec_with_returning(&txn)
            .await?;
        let Some(n) = moved.into_iter().next() else {
            let (n, s) = self.load_nomination(&txn, id.get()).await?;
            self.release_of(&txn, actor, &n, &s.host_party).await?;
            ensure_own(actor, &n.person_party, crate::record(ObjectKind::Nomination, id))?;
            return Err(StoreError::Conflict(
                Msg::new("conflict-not-awaiting-approval").arg("id", id).msg("status", status_msg(&n.status)),
            ));
        };
        let view =
            self.step_viewed(&txn, actor, &n, Step::Approve, &comment, Some(NominationStatus::Nominated)).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// Whether a seat is free for the nomination's party in the session.
    pub(crate) async fn seat_free<C: ConnectionTrait>(
        &self,
        conn: &C,
        s: &course_session::Model,
        party: &str,
    ) -> Result<bool> {
        let accepted = nomination::Entity::find()
            .filter(nomination::Column::SessionId.eq(s.id))
            .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
            .all(conn)
            .await?;
        let quota = quota_of(s)?;
        let of_party = accepted.iter().filter(|a| a.person_party == party).count() as i64;
        let within_quota = quota.get(party).is_none_or(|q| of_party < i64::from(*q));
        Ok((accepted.len() as i64) < i64::from(s.capacity) && within_quota)
    }

    /// The second key: the host party accepts an approved nomination. With no
    /// seat left, it goes on the waiting list.
    pub async fn accept(&self, actor: &Actor, id: NominationId, comment: &str) -> Result<NominationView> {
        let comment = check_comment(comment)?;
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        let before = status_of(&n)?;
        if transition(before, Step::Accept).is_none() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-approve-before-accept").arg("id", id).msg("status", status_msg(&n.status)),
            ));
        }
        let free = self.seat_free(&txn, &s, &n.person_party).await?;
        let step = if free { Step::Accept } else { Step::Waitlist };
        let (_, view) = self.advance_viewed(&txn, actor, n, step, &comment).await?;
        txn.commit().await?;
        Ok(view)
    }

    /// The sending party withdraws its nomination; a freed seat goes to the
    /// waiting list's first nomination (highest priority, then oldest).
    pub async fn withdraw(&self, actor: &Actor, id: NominationId, comment: &str) -> Result<NominationView> {
        let comment = check_comment(comment)?;
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &n.person_party, crate::record(ObjectKind::Nomination, id))?;
        let before = status_of(&n)?;
        if transition(before, Step::Withdraw).is_none() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-already").arg("id", id).msg("status", status_msg(&n.status)),
            ));
        }
        let (_, view) = self.advance_viewed(&txn, actor, n, Step::Withdraw, &comment).await?;
        if before == NominationStatus::Accepted {
            let waiting = nomination::Entity::find()
                .filter(nomination::Column::SessionId.eq(s.id))
                .filter(nomination::Column::Status.eq(NominationStatus::Waitlisted.code()))
                .order_by_asc(nomination::Column::Priority)
                .order_by_asc(nomination::Column::CreatedAt)
                .order_by_asc(nomination::Column::Id)
                .all(&txn)
                .await?;
            for w in waiting {
                if self.seat_free(&txn, &s, &w.person_party).await? {
                    let system = Actor::system(ittifaq_core::PartyCode::parse(&s.host_party)?);
                    self.advance(&txn, &system, w, Step::Promote, "a seat was freed").await?;
                    break;
                }
            }
        }
        txn.commit().await?;
        Ok(view)
    }

    pub(crate) async fn nomination_view(&self, actor: &Actor, n: nomination::Model) -> Result<NominationView> {
        self.view_in(self.connection(), actor, n).await
    }

    /// One nomination as `actor` sees it, read through `conn`: its person and history.
    pub(crate) async fn view_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: nomination::Model,
    ) -> Result<NominationView> {
        let id = n.id;
        let steps = nomination_step::Entity::find().filter(nomination_step::Column::NominationId.eq(id));
        let reach = Reach::load(conn, actor).await?;
        self.views_of(conn, actor, &reach, vec![n], steps)
            .await?
            .pop()
            .ok_or_else(|| StoreError::not_found(ObjectKind::Nomination, id))
    }

    pub async fn get_nomination(&self, actor: &Actor, id: NominationId) -> Result<NominationView> {
        let n = nomination::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Nomination, id))?;
        self.nomination_view(actor, n).await
    }

    /// Every nomination of a session, each through the actor's scope, in the
    /// order of priority: three queries on one connection whatever their number.
    pub async fn session_nominations(&self, actor: &Actor, session_id: SessionId) -> Result<Vec<NominationView>> {
        let txn = self.read().await?;
        let reach = Reach::load(&txn, actor).await?;
        let all =
            self.read_nominations(&txn, actor, &reach, NominationsOf::Session(session_id.get()), Slice::all()).await?;
        txn.commit().await?;
        Ok(all)
    }

    /// One page of a session's nominations, in the order of priority, of one
    /// status or of all; with how many the session has of each status, which
    /// also counts its seats taken. Four queries on one connection whatever
    /// the session's size.
    pub async fn session_nominations_page(
        &self,
        actor: &Actor,
        session_id: SessionId,
        filter: &NominationFilter,
    ) -> Result<NominationPage> {
        let txn = self.read().await?;
        let page = self.nominations_page(&txn, actor, NominationsOf::Session(session_id.get()), filter).await?;
        txn.commit().await?;
        Ok(page)
    }

    /// One page of the nominations of a unit's people, the newest first, each
    /// with its session; only for the unit's own party, whose commanders made
    /// them. The host party sees them through its sessions.
    pub async fn unit_nominations_page(
        &self,
        actor: &Actor,
        unit_id: UnitId,
        filter: &NominationFilter,
    ) -> Result<(unit::Model, NominationPage, BTreeMap<i64, SessionView>)> {
        let txn = self.read().await?;
        let u = unit::Entity::find_by_id(unit_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Unit, unit_id))?;
        if u.party != actor.party.as_str() {
            // A unit the owner did not release is answered as one that does not exist.
            if !self.releases().await.visible(actor, &u.party, "unit") {
                return Err(StoreError::not_found(ObjectKind::Unit, unit_id));
            }
            return Err(StoreError::Forbidden(Msg::new("forbidden-unit-nominations").arg("unit", unit_id)));
        }
        let page = self.nominations_page(&txn, actor, NominationsOf::Unit(unit_id.get()), filter).await?;
        let ids: BTreeSet<i64> = page.items.iter().map(|n| n.session_id.get()).collect();
        let sessions = course_session::Entity::find().filter(course_session::Column::Id.is_in(ids)).all(&txn).await?;
        let courses = courses_of(&txn, &sessions).await?;
        txn.commit().await?;
        // The seats of these sessions are not what this listing is about.
        let sessions = sessions
            .into_iter()
            .map(|s| Ok((s.id, session_view_of(s.clone(), courses.get(&s.course_id), 0)?)))
            .collect::<Result<_>>()?;
        Ok((u, page, sessions))
    }

    async fn nominations_page<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        of: NominationsOf,
        filter: &NominationFilter,
    ) -> Result<NominationPage> {
        if let Some(status) = &filter.status
            && !NOMINATION_STATUSES.contains(&status.as_str())
        {
            return Err(StoreError::invalid(
                "status",
                Msg::new("invalid-nomination-status")
                    .arg("status", status)
                    .arg("codes", NOMINATION_STATUSES.join(", ")),
            ));
        }
        // The bounds of every listing's paging (a page past them is refused, not clamped).
        ittifaq_core::Paging::parse(Some(filter.page), filter.per_page, 1)?;
        if filter.per_page.is_none() && filter.page != 1 {
            return Err(StoreError::invalid("page", Msg::new("invalid-page-without-per-page")));
        }
        let reach = Reach::load(conn, actor).await?;
        let within = within_sessions(&filter.sessions);
        let by_status: BTreeMap<String, u64> = nomination::Entity::find()
            .select_only()
            .column(nomination::Column::Status)
            .column_as(nomination::Column::Id.count(), "n")
            .filter(of.condition())
            .filter(within.clone())
            .filter(visible_to(actor, &reach))
            .group_by(nomination::Column::Status)
            .into_tuple::<(String, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .map(|(status, n)| (status, n.max(0) as u64))
            .collect();
        let total = match &filter.status {
            Some(status) => by_status.get(status).copied().unwrap_or(0),
            None => by_status.values().sum(),
        };
        let window = filter.per_page.map(|n| ((filter.page - 1).saturating_mul(n), n));
        let items = if window.is_none_or(|(offset, _)| offset < total) {
            let slice = Slice { within, status: filter.status.as_deref(), window };
            self.read_nominations(conn, actor, &reach, of, slice).await?
        } else {
            Vec::new()
        };
        Ok(NominationPage { items, total, page: filter.page, per_page: filter.per_page, by_status })
    }

    /// Nominations, then their steps, then their people, in three queries:
    /// the cost is in the rows fetched.
    async fn read_nominations<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        reach: &Reach,
        of: NominationsOf,
        slice: Slice<'_>,
    ) -> Result<Vec<NominationView>> {
        let Slice { within, status, window } = slice;
        let filtered = !within.is_empty();
        let mut query =
            nomination::Entity::find().filter(of.condition()).filter(within).filter(visible_to(actor, reach));
        query = match of {
            NominationsOf::Session(_) => {
                query.order_by_asc(nomination::Column::Priority).order_by_asc(nomination::Column::Id)
            }
            NominationsOf::Unit(_) => query.order_by_desc(nomination::Column::Id),
        };
        if let Some(status) = status {
            query = query.filter(nomination::Column::Status.eq(status));
        }
        if let Some((offset, limit)) = window {
            query = query.offset(offset).limit(limit);
        }
        let rows = query.all(conn).await?;
        let steps = nomination_step::Entity::find();
        // A whole session's steps are found by a subquery; a page's by its ids.
        let steps = match of {
            NominationsOf::Session(session_id) if window.is_none() && status.is_none() && !filtered => steps.filter(
                nomination_step::Column::NominationId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(nomination::Column::Id)
                        .from(nomination::Entity)
                        .and_where(nomination::Column::SessionId.eq(session_id))
                        .to_owned(),
                ),
            ),
            _ => steps.filter(nomination_step::Column::NominationId.is_in(rows.iter().map(|n| n.id))),
        };
        self.views_of(conn, actor, reach, rows, steps).await
    }

    /// Views of some nominations, each through the actor's scope, in two
    /// queries whatever their number: their people, then their steps (`steps`
    /// selects at least theirs).
    pub(crate) async fn views_of<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        reach: &Reach,
        rows: Vec<nomination::Model>,
        steps: sea_orm::Select<nomination_step::Entity>,
    ) -> Result<Vec<NominationView>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        // The people in a query of their own: a joined row's columns are found
        // by prefixed names, each formatted anew for every row (SeaORM).
        let person_ids: BTreeSet<i64> = rows.iter().map(|n| n.person_id).collect();
        let mut people: BTreeMap<i64, person::Model> = BTreeMap::new();
        for p in person::Entity::find().filter(person::Column::Id.is_in(person_ids)).all(conn).await? {
            people.insert(p.id, p);
        }
        let mut history: BTreeMap<i64, Vec<StepView>> = BTreeMap::new();
        for st in steps.order_by_asc(nomination_step::Column::Id).all(conn).await? {
            history.entry(st.nomination_id).or_default().push(StepView {
                step: st.step,
                actor: st.actor,
                actor_party: st.actor_party,
                at: st.at,
                comment: st.comment,
            });
        }
        let hosts = hosts_of(conn, rows.iter().map(|n| n.session_id)).await?;
        let releases = self.releases().await;
        let mut out = Vec::with_capacity(rows.len());
        for n in rows {
            let host = hosts.get(&n.session_id).map_or("", String::as_str);
            let Some(release) = nomination_release(actor, NominationFacts::of(actor, reach, &n, host)) else {
                continue;
            };
            let p = people.get(&n.person_id).ok_or_else(|| StoreError::not_found(ObjectKind::Person, n.person_id))?;
            let mut steps = if release.history { history.remove(&n.id).unwrap_or_default() } else { Vec::new() };
            if !release.comments {
                steps.iter_mut().for_each(|st| st.comment.clear());
            }
            out.push(NominationView {
                id: NominationId(n.id),
                session_id: SessionId(n.session_id),
                person: person_view_with(&releases, actor, p, release.contact),
                priority: n.priority,
                history: steps,
                status: status_of(&n)?,
            });
        }
        Ok(out)
    }
}

/// The audit row of a nomination's step. Last in a step, because on
/// PostgreSQL the ledger's append lock is held from here to the commit.
async fn step_audit<C: audit::Appender>(
    conn: &C,
    now: i64,
    actor: &Actor,
    n: &nomination::Model,
    step: &str,
    comment: &str,
    before: Option<NominationStatus>,
) -> Result<()> {
    audit::record(conn, now, actor, Event {
        action: step,
        object_type: ittifaq_core::audit::ObjectKind::Nomination,
        object_id: n.id.to_string(),
        object_party: &n.person_party,
        before: before.map(|b| serde_json::json!({"status": b.code()})),
        after: Some(serde_json::json!({"status": n.status, "session_id": n.session_id, "person_id": n.person_id, "comment": comment})),
    })
    .await
}

/// Whose nominations a listing reads.
#[derive(Debug, Clone, Copy)]
enum NominationsOf {
    Session(i64),
    Unit(i64),
}

/// Which of the nominations a listing reads: those for the sessions
/// `within` lets through, of one status or all, a window of them or all.
struct Slice<'a> {
    within: Condition,
    status: Option<&'a str>,
    /// Offset and limit.
    window: Option<(u64, u64)>,
}

impl Slice<'_> {
    /// Every nomination.
    fn all() -> Self {
        Slice { within: Condition::all(), status: None, window: None }
    }
}

impl NominationsOf {
    fn condition(self) -> sea_orm::Condition {
        match self {
            NominationsOf::Session(id) => sea_orm::Condition::all().add(nomination::Column::SessionId.eq(id)),
            NominationsOf::Unit(id) => sea_orm::Condition::all().add(nomination::Column::UnitId.eq(id)),
        }
    }
}

/// The host party of each of some sessions, in one query.
pub(crate) async fn hosts_of<C: ConnectionTrait>(
    conn: &C,
    sessions: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>> {
    let ids: BTreeSet<i64> = sessions.into_iter().collect();
    Ok(course_session::Entity::find()
        .select_only()
        .column(course_session::Column::Id)
        .column(course_session::Column::HostParty)
        .filter(course_session::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The nominations `actor` may know of, as a condition of a query: made
/// from [`nomination_release`] (a disjunction of the facts it releases on),
/// so that a listing reads and counts only the rows that rule lets through.
pub(crate) fn visible_to(actor: &Actor, reach: &Reach) -> sea_orm::Condition {
    let released = |f: NominationFacts| nomination_release(actor, f).is_some();
    let none = NominationFacts::default();
    let party = actor.party.as_str();
    let hosted = || {
        nomination::Column::SessionId.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(course_session::Column::Id)
                .from(course_session::Entity)
                .and_where(course_session::Column::HostParty.eq(party))
                .to_owned(),
        )
    };
    let mut any = sea_orm::Condition::any();
    if released(NominationFacts { sending: true, ..none }) {
        any = any.add(nomination::Column::PersonParty.eq(party));
    } else if released(NominationFacts { sending: true, my_unit: true, ..none }) {
        any = any.add(
            sea_orm::Condition::all()
                .add(nomination::Column::PersonParty.eq(party))
                .add(nomination::Column::UnitId.is_in(reach.units.iter().copied())),
        );
    }
    if released(NominationFacts { hosting: true, ..none }) {
        any = any.add(hosted());
    } else if released(NominationFacts { hosting: true, teaching: true, ..none }) {
        any = any.add(
            sea_orm::Condition::all()
                .add(hosted())
                .add(nomination::Column::SessionId.is_in(reach.sessions.iter().copied())),
        );
    }
    if released(NominationFacts { own_record: true, ..none })
        && let Some(me) = reach.me
    {
        any = any.add(nomination::Column::PersonId.eq(me));
    }
    // Nothing released, no row: an empty disjunction would read all, and an
    // id is never null.
    any.add(nomination::Column::Id.is_null())
}

/// The courses of some sessions, by id, in one query.
pub(crate) async fn courses_of<C: ConnectionTrait>(
    conn: &C,
    sessions: &[course_session::Model],
) -> Result<BTreeMap<i64, course::Model>> {
    let ids: BTreeSet<i64> = sessions.iter().map(|s| s.course_id).collect();
    Ok(course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// Views of the given sessions in two queries whatever their number: their
/// courses and their seats taken.
pub(crate) async fn session_views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<course_session::Model>,
) -> Result<Vec<SessionView>> {
    let courses = courses_of(conn, &rows).await?;
    let seats: BTreeMap<i64, i64> = nomination::Entity::find()
        .select_only()
        .column(nomination::Column::SessionId)
        .column_as(nomination::Column::Id.count(), "seats")
        .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
        .filter(nomination::Column::SessionId.is_in(rows.iter().map(|s| s.id)))
        .group_by(nomination::Column::SessionId)
        .into_tuple::<(i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|s| {
            let taken = seats.get(&s.id).copied().unwrap_or(0).max(0) as u64;
            let c = courses.get(&s.course_id);
            session_view_of(s, c, taken)
        })
        .collect()
}

/// A session with its course as everyone sees it.
fn session_view_of(s: course_session::Model, c: Option<&course::Model>, seats_taken: u64) -> Result<SessionView> {
    let (course_code, title_en, title_tr, title_ar, description) = match c {
        Some(c) => (
            c.code.clone(),
            c.title_en.clone(),
            c.title_tr.clone(),
            c.title_ar.clone(),
            [c.description_en.clone(), c.description_tr.clone(), c.description_ar.clone()],
        ),
        None => Default::default(),
    };
    let [description_en, description_tr, description_ar] = description;
    let quota = quota_of(&s)?;
    Ok(SessionView {
        id: SessionId(s.id),
        code: s.code,
        course_id: CourseId(s.course_id),
        course_code,
        title_en,
        title_tr,
        title_ar,
        host_party: s.host_party,
        start: s.start_date,
        end: s.end_date,
        place: s.place,
        capacity: s.capacity,
        quota,
        status: s.status,
        seats_taken,
        description_en,
        description_tr,
        description_ar,
    })
}

/// The statuses a session moves through.
pub const SESSION_STATUSES: &[&str] = SessionStatus::CODES;

/// The status of a stored session; one that does not read is refused, naming it.
pub(crate) fn session_status_of(s: &course_session::Model) -> Result<SessionStatus> {
    SessionStatus::parse(&s.status).map_err(|_| {
        StoreError::Corrupt(Msg::new("corrupt-status").msg("what", crate::record(ObjectKind::Session, &s.code)))
    })
}

impl Store {
    /// Moves a session of the actor's party to another status. Cancelling it
    /// ends every nomination that still claims a place, each with a step.
    pub async fn set_session_status(&self, actor: &Actor, id: SessionId, status: &str) -> Result<SessionView> {
        let to = SessionStatus::parse(status).map_err(|e| StoreError::invalid("status", e.message().clone()))?;
        let txn = self.write().await?;
        let s = course_session::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, id))?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        if !session_transition(session_status_of(&s)?, to) {
            return Err(StoreError::Conflict(
                Msg::new("conflict-session-move")
                    .arg("session", &s.code)
                    .msg("status", session_status_msg(&s.status))
                    .msg("to", Msg::of_key(to.key())),
            ));
        }
        let before = s.status.clone();
        let now = self.now_ms();
        let mut am: course_session::ActiveModel = s.into();
        am.status = Set(status.to_owned());
        am.updated_at = Set(now);
        let s = am.update(&txn).await?;
        let audited = Event::new(Action::Status, ObjectKind::Session, id, &s.host_party)
            .with(Some(serde_json::json!({"status": before})), Some(serde_json::json!({"status": status})));
        audit::record(&txn, now, actor, audited).await?;
        if to == SessionStatus::Cancelled {
            let active = nomination::Entity::find()
                .filter(nomination::Column::SessionId.eq(id.get()))
                .filter(nomination::Column::Status.is_in(ACTIVE))
                .all(&txn)
                .await?;
            for n in active {
                self.advance(&txn, actor, n, Step::Cancel, "the session was cancelled").await?;
            }
        }
        txn.commit().await?;
        self.session_view(s).await
    }

    /// Replaces the nominee of a nomination by another person of the same party:
    /// the old nomination is withdrawn and the new one starts again at the first
    /// key, checked against every rule. A seat the old nominee held is not passed
    /// to the waiting list: the replacement is meant to take it, through both keys.
    pub async fn replace_nominee(
        &self,
        actor: &Actor,
        id: NominationId,
        person_id: PersonId,
        comment: &str,
    ) -> Result<NominationView> {
        let comment = check_comment(comment)?;
        // Withdraw first, then nominate; if the replacement is refused, the
        // withdrawal is undone with it.
        let txn = self.write().await?;
        let (old, session) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &old, &session.host_party).await?;
        ensure_own(actor, &old.person_party, crate::record(ObjectKind::Nomination, id))?;
        if transition(status_of(&old)?, Step::Replace).is_none() {
            return Err(StoreError::Conflict(
                Msg::new("conflict-cannot-replace").arg("id", id).msg("status", status_msg(&old.status)),
            ));
        }
        if old.person_id == person_id.get() {
            return Err(StoreError::invalid("person_id", Msg::new("invalid-same-person")));
        }
        let note = format!("replaced by person {person_id}: {comment}");
        self.advance(&txn, actor, old.clone(), Step::Replace, &note).await?;
        // A commander replaces with a person of their units; another is answered as absent.
        let missing = || StoreError::no_such("person_id", ObjectKind::Person, person_id);
        let p = person::Entity::find_by_id(person_id).one(&txn).await?.ok_or_else(missing)?;
        ensure_own(actor, &p.party, crate::record(ObjectKind::Person, person_id))?;
        if !Reach::load(&txn, actor).await?.holds_person(actor, &p.party, p.unit_id) {
            return Err(missing());
        }
        let s = course_session::Entity::find_by_id(old.session_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, old.session_id))?;
        let c = course::Entity::find_by_id(s.course_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Course, s.course_id))?;
        let n = self.insert_nomination(&txn, &p, &s, &c, old.priority).await?;
        let view = self
            .step_viewed(&txn, actor, &n, Step::Nominate, &format!("replaces nomination {id}: {comment}"), None)
            .await?;
        txn.commit().await?;
        Ok(view)
    }
}

/// What a calendar shows: every session, or those of an institution, of a
/// unit's people, or of one person.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFilter {
    #[serde(default)]
    pub institution: Option<i64>,
    #[serde(default)]
    pub unit: Option<i64>,
    #[serde(default)]
    pub person: Option<i64>,
}

/// A session on a calendar, with the people of the unit or person asked for.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarEntry {
    pub session: SessionView,
    /// Name and status of each nominee of the unit or person in this session.
    pub people: Vec<(String, String)>,
}

impl Store {
    /// The sessions of a calendar, by start day. A unit's or a person's
    /// calendar is its own party's (a trainee's, their own).
    pub async fn calendar(&self, actor: &Actor, f: &CalendarFilter) -> Result<Vec<CalendarEntry>> {
        let conn = self.connection();
        let mut sessions = course_session::Entity::find()
            .order_by_asc(course_session::Column::StartDate)
            .order_by_asc(course_session::Column::Code);
        if let Some(inst) = f.institution {
            let courses: Vec<i64> = course::Entity::find()
                .filter(course::Column::InstitutionId.eq(inst))
                .all(conn)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect();
            sessions = sessions.filter(course_session::Column::CourseId.is_in(courses));
        }
        let mut who: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
        if f.unit.is_some() || f.person.is_some() {
            let mut q = nomination::Entity::find()
                .filter(nomination::Column::Status.is_in(ACTIVE.iter().chain(SEATED.iter()).copied()))
                .order_by_asc(nomination::Column::Id);
            if let Some(u) = f.unit {
                let releases = self.releases().await;
                let unit = unit::Entity::find_by_id(u)
                    .one(conn)
                    .await?
                    .filter(|unit| releases.visible(actor, &unit.party, "unit"))
                    .ok_or_else(|| StoreError::not_found(ObjectKind::Unit, u))?;
                drop(releases);
                ensure_own(
                    actor,
                    &unit.party,
                    Msg::new("calendar-of").msg("what", crate::record(ObjectKind::Unit, u)),
                )?;
                q = q.filter(nomination::Column::UnitId.eq(u));
            }
            if let Some(p) = f.person {
                let person = person::Entity::find_by_id(p)
                    .one(conn)
                    .await?
                    .ok_or_else(|| StoreError::not_found(ObjectKind::Person, p))?;
                ensure_own(
                    actor,
                    &person.party,
                    Msg::new("calendar-of").msg("what", crate::record(ObjectKind::Person, p)),
                )?;
                if actor.role == ittifaq_core::Role::Trainee && self.linked_person(actor).await? != Some(p) {
                    return Err(StoreError::Forbidden(Msg::new("forbidden-not-you").arg("person", p)));
                }
                q = q.filter(nomination::Column::PersonId.eq(p));
            }
            let rows = q.all(conn).await?;
            let hosts = hosts_of(conn, rows.iter().map(|n| n.session_id)).await?;
            let reach = Reach::load(conn, actor).await?;
            let releases = self.releases().await;
            for n in rows {
                let host = hosts.get(&n.session_id).map_or("", String::as_str);
                let facts = NominationFacts::of(actor, &reach, &n, host);
                if nomination_release(actor, facts).is_none() {
                    continue;
                }
                if let Some(p) = person::Entity::find_by_id(n.person_id).one(conn).await? {
                    who.entry(n.session_id)
                        .or_default()
                        .push((person_view(&releases, actor, &p).display_name(), n.status));
                }
            }
            sessions = sessions.filter(course_session::Column::Id.is_in(who.keys().copied()));
        }
        let mut out = Vec::new();
        for s in sessions.all(conn).await? {
            let people = who.remove(&s.id).unwrap_or_default();
            out.push(CalendarEntry { session: self.session_view(s).await?, people });
        }
        Ok(out)
    }
}
