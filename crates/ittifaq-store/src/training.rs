//! Training, after the two keys: the vetting gate, the travel order, arrival
//! and departure, daily attendance, assessments, the result (completion grants
//! the course's qualification), the trainee's evaluation and the certificate.
//!
//! Who may take each step follows from the record: the party the agreement
//! makes responsible records a vetting check; the host issues the order,
//! confirms arrival and departure, takes attendance, grades and issues the
//! certificate; only the trainee evaluates. Documents (orders, certificates)
//! are rendered and sealed by the caller and stored here as issued.

use ittifaq_core::Msg;
use ittifaq_core::id::{NominationId, PersonId, SessionId};
use std::collections::BTreeMap;

use ittifaq_core::agreement::{Names, Vetted};
use ittifaq_core::exchange::{
    CheckState, Mark, NominationStatus, Outcome, Step, result_step, takes_attendance, takes_results, transition,
    vetting_step,
};
use sea_orm::sea_query::LockType;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{
    assessment, attendance, certificate, course, course_session, evaluation, institution, nomination, person,
    travel_order, unit, user, vetting_check,
};
use crate::exchange::{NominationView, SEATED, SessionView, check_comment, check_date};
use crate::scope::{
    NominationFacts, NominationRelease, PersonView, ensure_own, nomination_release, person_view, person_view_with,
};
use crate::vetting::{self, Checked, Recorded};
use crate::{Actor, Result, Store, StoreError, frame_list, unframe_list};
use ittifaq_core::audit::{Action, ObjectKind};

pub use crate::vetting::{VettingInput, VettingStatus};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    pub reference: String,
    pub party: String,
    pub issued_on: String,
    pub issued_by: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentView {
    pub name: String,
    pub score: i32,
    pub actor: String,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    pub code: String,
    pub party: String,
    pub qualification: String,
    pub issued_on: String,
    pub expires_on: Option<String>,
    pub revoked: bool,
    pub revoked_reason: Option<String>,
}

impl From<certificate::Model> for CertificateView {
    fn from(c: certificate::Model) -> Self {
        CertificateView {
            code: c.code,
            party: c.party,
            qualification: c.qualification,
            issued_on: c.issued_on,
            expires_on: c.expires_on,
            revoked: c.revoked_at.is_some(),
            revoked_reason: c.revoked_reason,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationView {
    pub rating: i32,
    pub comment: String,
    pub at: i64,
}

/// Everything about one enrolment, as the actor may see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRecord {
    pub nomination: NominationView,
    pub session: SessionView,
    pub vetting: Vec<VettingStatus>,
    /// Whether every check the agreement requires has passed.
    pub vetting_passed: bool,
    pub order: Option<OrderView>,
    pub arrived_on: Option<String>,
    pub departed_on: Option<String>,
    /// Day → present, absent or excused.
    pub attendance: BTreeMap<String, String>,
    pub assessments: Vec<AssessmentView>,
    pub grade: Option<String>,
    pub result_reason: Option<String>,
    pub certificate: Option<CertificateView>,
    /// The trainee's evaluation: its rating is shown to both parties, never who gave it beyond the trainee.
    pub evaluation: Option<EvaluationView>,
    /// Whether the actor is the trainee of this record.
    pub is_trainee: bool,
    /// Whether the actor may download the travel order and the certificate
    /// (the nomination's release rule), so a page offers no link that would fail.
    pub documents: bool,
}

/// A day of arrival or departure, `YYYY-MM-DD`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub day: String,
}

/// One day's attendance sheet of a session: nomination id → mark.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub day: String,
    pub marks: BTreeMap<i64, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub name: String,
    /// Out of 100.
    pub score: i32,
}

/// The end of a trainee's course: completed, or failed with the reason.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultInput {
    /// completed or failed.
    #[cfg_attr(feature = "openapi", schema(pattern = "^(completed|failed)$"))]
    pub outcome: String,
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    /// 1 (poor) to 5 (excellent).
    pub rating: i32,
    #[serde(default)]
    pub comment: String,
}

/// What a document about one enrolment shows; the caller renders it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentData {
    /// The order's reference or the certificate's code.
    pub reference: String,
    pub person_name: String,
    pub native_name: Option<String>,
    pub rank_code: String,
    pub rank_title: String,
    pub sending_party: String,
    pub host_party: String,
    pub course_title: Names,
    pub institution: Names,
    pub place: String,
    pub start: String,
    pub end: String,
    /// The day of issue, `YYYY-MM-DD`.
    pub issued_on: String,
    pub issued_by: String,
    /// Passed vetting checks: name and day passed.
    pub vetting: Vec<(Names, String)>,
    pub qualification: Option<String>,
    pub grade: Option<String>,
    pub expires_on: Option<String>,
}

/// A row of "who is abroad now".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AbroadRow {
    pub nomination_id: NominationId,
    pub person: PersonView,
    pub unit_code: Option<String>,
    pub session_code: String,
    pub host_party: String,
    pub place: String,
    /// The session's first day.
    pub start: String,
    /// The day of arrival; empty while the person has not left yet.
    pub arrived_on: String,
    pub until: String,
}

/// A certificate as the public verification page shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCertificate {
    pub code: String,
    pub party: String,
    pub holder: String,
    pub course_title: Names,
    pub qualification: String,
    pub issued_on: String,
    pub expires_on: Option<String>,
    pub revoked: bool,
    pub revoked_reason: Option<String>,
    /// The exact signed payload, so a verifier can compare the document's seal.
    pub payload: String,
}

const MARKS: &[&str] = Mark::CODES;

pub(crate) fn today(now_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(now_ms / 1000).map(|t| t.date()).unwrap_or(time::Date::MIN).to_string()
}

fn names_of(c: &course::Model) -> Names {
    Names { en: c.title_en.clone(), tr: c.title_tr.clone(), ar: c.title_ar.clone() }
}

/// The day `months` months after `day`, clamped to the month's last day.
fn add_months(day: &str, months: u32) -> Option<String> {
    let d = time::Date::parse(day, &time::format_description::well_known::Iso8601::DATE).ok()?;
    let total = d.year() * 12 + (d.month() as i32 - 1) + months as i32;
    let (year, month) = (total.div_euclid(12), time::Month::try_from((total.rem_euclid(12) + 1) as u8).ok()?);
    let last = month.length(year);
    time::Date::from_calendar_date(year, month, d.day().min(last)).ok().map(|d| d.to_string())
}

fn require_status(n: &nomination::Model, allowed: &[NominationStatus], doing: &'static str) -> Result<()> {
    if allowed.contains(&crate::exchange::status_of(n)?) {
        Ok(())
    } else {
        Err(StoreError::Conflict(
            Msg::new("conflict-status-cannot")
                .arg("id", n.id)
                .msg("status", crate::exchange::status_msg(&n.status))
                .msg("doing", Msg::new(doing)),
        ))
    }
}

impl Store {
    async fn load_all<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: i64,
    ) -> Result<(nomination::Model, course_session::Model, course::Model)> {
        let (n, s) = self.load_nomination(conn, id).await?;
        let c = course::Entity::find_by_id(s.course_id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Course, s.course_id))?;
        Ok((n, s, c))
    }

    /// The agreement's vetting checks for trainees and where each stands for the nomination.
    async fn vetting_state<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        s: &course_session::Model,
    ) -> Result<Vec<VettingStatus>> {
        let checks = self.checks_for(Vetted::Trainees).await?;
        let rows: Vec<Recorded> = vetting_check::Entity::find()
            .filter(vetting_check::Column::NominationId.eq(n.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| Recorded {
                id: r.id,
                code: r.check_code,
                outcome: r.outcome,
                party: r.party,
                actor: r.actor,
                at: r.at,
                comment: r.comment,
                level: r.level,
            })
            .collect();
        vetting::states(checks, &rows, &n.person_party, &s.host_party, actor.party.as_str())
    }

    /// Everything about one enrolment.
    pub async fn training_record(&self, actor: &Actor, id: NominationId) -> Result<TrainingRecord> {
        let conn = self.connection();
        let (n, s) = self.load_nomination(conn, id.get()).await?;
        let release = self.release_of(conn, actor, &n, &s.host_party).await?;
        let mut vetting = self.vetting_state(conn, actor, &n, &s).await?;
        let vetting_passed = vetting.iter().all(|v| v.outcome == CheckState::Passed);
        if !release.vetting {
            for v in &mut vetting {
                (v.actor, v.at, v.comment, v.level) = (None, None, None, None);
            }
        }
        let order =
            travel_order::Entity::find().filter(travel_order::Column::NominationId.eq(id.get())).one(conn).await?.map(
                |o| OrderView {
                    reference: o.reference,
                    party: o.party,
                    issued_on: o.issued_on,
                    issued_by: o.issued_by,
                },
            );
        let mut attendance = attendance::Entity::find()
            .filter(attendance::Column::NominationId.eq(id.get()))
            .all(conn)
            .await?
            .into_iter()
            .map(|a| (a.day, a.mark))
            .collect();
        let mut assessments = assessment::Entity::find()
            .filter(assessment::Column::NominationId.eq(id.get()))
            .order_by_asc(assessment::Column::Id)
            .all(conn)
            .await?
            .into_iter()
            .map(|a| AssessmentView { name: a.name, score: a.score, actor: a.actor, at: a.at })
            .collect();
        let certificate = certificate::Entity::find()
            .filter(certificate::Column::NominationId.eq(id.get()))
            .one(conn)
            .await?
            .map(CertificateView::from);
        let mut evaluation = evaluation::Entity::find()
            .filter(evaluation::Column::NominationId.eq(id.get()))
            .one(conn)
            .await?
            .map(|e| EvaluationView { rating: e.rating, comment: e.comment, at: e.at });
        let is_trainee = self.linked_person(actor).await? == Some(n.person_id);
        let (arrived_on, departed_on, mut grade, mut result_reason) =
            (n.arrived_on.clone(), n.departed_on.clone(), n.grade.clone(), n.result_reason.clone());
        if !release.results {
            (attendance, assessments, grade, result_reason, evaluation) =
                (BTreeMap::new(), Vec::new(), None, None, None);
        }
        Ok(TrainingRecord {
            nomination: self.nomination_view(actor, n).await?,
            session: self.session_view(s).await?,
            vetting,
            vetting_passed,
            order,
            arrived_on,
            departed_on,
            attendance,
            assessments,
            grade,
            result_reason,
            certificate,
            evaluation,
            is_trainee,
            documents: release.documents,
        })
    }

    /// Links an account to its person in the registry, both of the actor's party.
    pub async fn link_user_person(&self, actor: &Actor, user_id: i64, person_id: i64) -> Result<()> {
        let txn = self.write().await?;
        let u = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::User, user_id))?;
        ensure_own(actor, &u.party, crate::record(ObjectKind::User, &u.username))?;
        let p = person::Entity::find_by_id(person_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::no_such("person_id", ObjectKind::Person, person_id))?;
        if p.party != u.party {
            return Err(StoreError::invalid("person_id", Msg::new("invalid-person-other-party")));
        }
        let before = u.person_id;
        let mut am: user::ActiveModel = u.into();
        am.person_id = Set(Some(person_id));
        am.update(&txn).await?;
        let now = self.now_ms();
        let audited = Event::new(Action::Link, ObjectKind::User, user_id, actor.party.as_str())
            .with(Some(serde_json::json!({"person_id": before})), Some(serde_json::json!({"person_id": person_id})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records a vetting check. Only the party the agreement makes responsible
    /// for the check may record it, and only for an enrolled person before the
    /// travel order is issued.
    pub async fn record_vetting(
        &self,
        actor: &Actor,
        id: NominationId,
        input: &VettingInput,
    ) -> Result<TrainingRecord> {
        let checks = self.checks_for(Vetted::Trainees).await?;
        let Checked { check, outcome, level, comment } = vetting::check_input(&checks, input)?;
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        let responsible = vetting::responsible(check, &n.person_party, &s.host_party);
        ensure_own(actor, responsible, Msg::new("vetting-check-of").arg("check", &check.code).arg("id", id))?;
        require_status(&n, &[NominationStatus::Accepted], "doing-record-vetting")?;
        let ordered =
            travel_order::Entity::find().filter(travel_order::Column::NominationId.eq(id.get())).one(&txn).await?;
        if ordered.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-order-issued").arg("id", id)));
        }
        let now = self.now_ms();
        vetting_check::ActiveModel {
            nomination_id: Set(id.get()),
            check_code: Set(check.code.clone()),
            outcome: Set(outcome.code().to_owned()),
            party: Set(actor.party.to_string()),
            actor: Set(actor.username.clone()),
            at: Set(now),
            comment: Set(comment.clone()),
            level: Set(level),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The other party sees that a check passed or failed, and the level, not the comment.
        self.record_step(&txn, actor, &n, &vetting_step(&check.code, outcome), "", None).await?;
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The data of a travel order about to be issued by the host, once every
    /// vetting check has passed. The caller renders it and calls [`Store::issue_travel_order`].
    pub async fn prepare_travel_order(&self, actor: &Actor, id: NominationId) -> Result<DocumentData> {
        let conn = self.connection();
        let (n, s, c) = self.load_all(conn, id.get()).await?;
        self.release_of(conn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        self.check_order_allowed(conn, actor, &n, &s).await?;
        let reference = format!("ITO-{}-{}-{:06}", s.host_party, &s.start_date[..4.min(s.start_date.len())], n.id);
        self.document_data(conn, actor, &n, &s, &c, reference).await
    }

    async fn check_order_allowed<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        s: &course_session::Model,
    ) -> Result<()> {
        require_status(n, &[NominationStatus::Accepted], "doing-issue-order")?;
        vetting::ensure_passed(&self.vetting_state(conn, actor, n, s).await?, "conflict-vetting-incomplete")?;
        let ordered =
            travel_order::Entity::find().filter(travel_order::Column::NominationId.eq(n.id)).one(conn).await?;
        if ordered.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-order-issued").arg("id", n.id)));
        }
        Ok(())
    }

    async fn document_data<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        s: &course_session::Model,
        c: &course::Model,
        reference: String,
    ) -> Result<DocumentData> {
        let p = person::Entity::find_by_id(n.person_id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Person, n.person_id))?;
        let inst = institution::Entity::find_by_id(c.institution_id)
            .one(conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, c.institution_id))?;
        // A document shows what the person's party released to the host.
        let view = person_view(&*self.releases().await, actor, &p);
        let vetting = self
            .vetting_state(conn, actor, n, s)
            .await?
            .into_iter()
            .map(|v| (v.name, v.at.map(today).unwrap_or_default()))
            .collect();
        Ok(DocumentData {
            reference,
            person_name: view.display_name(),
            native_name: view.native_name.clone(),
            rank_code: view.rank.clone().unwrap_or_default(),
            rank_title: view.rank_title.clone().unwrap_or_default(),
            sending_party: n.person_party.clone(),
            host_party: s.host_party.clone(),
            course_title: names_of(c),
            institution: Names { en: inst.name_en, tr: inst.name_tr, ar: inst.name_ar },
            place: s.place.clone(),
            start: s.start_date.clone(),
            end: s.end_date.clone(),
            issued_on: today(self.now_ms()),
            issued_by: actor.username.clone(),
            vetting,
            qualification: c.grants.clone(),
            grade: n.grade.clone(),
            expires_on: None,
        })
    }

    /// Stores a travel order rendered from [`Store::prepare_travel_order`],
    /// checking again that it may be issued.
    pub async fn issue_travel_order(
        &self,
        actor: &Actor,
        id: NominationId,
        data: &DocumentData,
        pdf: Vec<u8>,
    ) -> Result<()> {
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        self.check_order_allowed(&txn, actor, &n, &s).await?;
        let now = self.now_ms();
        travel_order::ActiveModel {
            nomination_id: Set(id.get()),
            reference: Set(data.reference.clone()),
            party: Set(s.host_party.clone()),
            issued_on: Set(data.issued_on.clone()),
            issued_by: Set(actor.username.clone()),
            at: Set(now),
            pdf: Set(pdf),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-order-issued").arg("id", id)))?;
        self.step(&txn, actor, &n, Step::Order, &data.reference, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The issued travel order: its reference and the sealed PDF.
    pub async fn travel_order_pdf(&self, actor: &Actor, id: NominationId) -> Result<(String, Vec<u8>)> {
        let (n, s) = self.load_nomination(self.connection(), id.get()).await?;
        if !self.release_of(self.connection(), actor, &n, &s.host_party).await?.documents {
            return Err(StoreError::not_found(ObjectKind::Nomination, id));
        }
        let o = travel_order::Entity::find()
            .filter(travel_order::Column::NominationId.eq(id.get()))
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::NotFound(Msg::new("record-travel-order").arg("id", id)))?;
        Ok((o.reference, o.pdf))
    }

    /// What the release rule of a nomination gives `actor`, read through
    /// `conn`; a nomination it withholds is answered as one that does not exist.
    pub(crate) async fn release_of<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        n: &nomination::Model,
        host_party: &str,
    ) -> Result<NominationRelease> {
        let reach = crate::scope::Reach::load(conn, actor).await?;
        nomination_release(actor, NominationFacts::of(actor, &reach, n, host_party))
            .ok_or_else(|| StoreError::not_found(ObjectKind::Nomination, n.id))
    }

    /// The host confirms that the person arrived, once the order is issued.
    pub async fn confirm_arrival(&self, actor: &Actor, id: NominationId, day: &str) -> Result<TrainingRecord> {
        check_date("day", day)?;
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        require_status(&n, &[NominationStatus::Accepted], "doing-confirm-arrival")?;
        if n.arrived_on.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-arrival-confirmed").arg("id", id)));
        }
        let ordered =
            travel_order::Entity::find().filter(travel_order::Column::NominationId.eq(id.get())).one(&txn).await?;
        if ordered.is_none() {
            return Err(StoreError::Conflict(Msg::new("conflict-no-order").arg("id", id)));
        }
        if day > s.end_date.as_str() {
            return Err(StoreError::invalid(
                "day",
                Msg::new("invalid-day-after-end").arg("day", day).arg("end", &s.end_date),
            ));
        }
        let mut am: nomination::ActiveModel = n.into();
        am.arrived_on = Set(Some(day.to_owned()));
        am.updated_at = Set(self.now_ms());
        let n = am.update(&txn).await?;
        self.step(&txn, actor, &n, Step::Arrive, day, None).await?;
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The host confirms that the person left.
    pub async fn confirm_departure(&self, actor: &Actor, id: NominationId, day: &str) -> Result<TrainingRecord> {
        check_date("day", day)?;
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        let Some(arrived) = n.arrived_on.clone() else {
            return Err(StoreError::Conflict(Msg::new("conflict-not-arrived").arg("id", id)));
        };
        if n.departed_on.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-departure-confirmed").arg("id", id)));
        }
        if day < arrived.as_str() {
            return Err(StoreError::invalid(
                "day",
                Msg::new("invalid-day-before-arrival").arg("day", day).arg("arrived", arrived),
            ));
        }
        let mut am: nomination::ActiveModel = n.into();
        am.departed_on = Set(Some(day.to_owned()));
        am.updated_at = Set(self.now_ms());
        let n = am.update(&txn).await?;
        self.step(&txn, actor, &n, Step::Depart, day, None).await?;
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The people who arrived for a session and are to be marked, with their marks of `day`.
    pub async fn attendance_sheet(
        &self,
        actor: &Actor,
        session_id: SessionId,
        day: &str,
    ) -> Result<(SessionView, Vec<(NominationView, Option<String>)>)> {
        check_date("day", day)?;
        // Five queries on one connection, whatever the number of trainees.
        let conn = self.read().await?;
        let s = course_session::Entity::find_by_id(session_id)
            .one(&conn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, session_id))?;
        let rows = nomination::Entity::find()
            .filter(nomination::Column::SessionId.eq(session_id.get()))
            .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
            .filter(nomination::Column::ArrivedOn.is_not_null())
            .order_by_asc(nomination::Column::Id)
            .all(&conn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|n| n.id).collect();
        let mut marks: BTreeMap<i64, String> = attendance::Entity::find()
            .filter(attendance::Column::NominationId.is_in(ids.iter().copied()))
            .filter(attendance::Column::Day.eq(day))
            .all(&conn)
            .await?
            .into_iter()
            .map(|a| (a.nomination_id, a.mark))
            .collect();
        let steps = crate::entity::nomination_step::Entity::find()
            .filter(crate::entity::nomination_step::Column::NominationId.is_in(ids));
        let reach = crate::scope::Reach::load(&conn, actor).await?;
        let views = self.views_of(&conn, actor, &reach, rows, steps).await?;
        let out = views
            .into_iter()
            .map(|v| {
                let mark = marks.remove(&v.id.get());
                (v, mark)
            })
            .collect();
        Ok((crate::exchange::session_views(&conn, vec![s]).await?.remove(0), out))
    }

    /// Records one day's attendance of a session hosted by the actor's party:
    /// every mark or none.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        session_id: SessionId,
        input: &AttendanceInput,
    ) -> Result<usize> {
        check_date("day", &input.day)?;
        for (id, mark) in &input.marks {
            if !MARKS.contains(&mark.as_str()) {
                return Err(StoreError::invalid(
                    "marks",
                    Msg::new("invalid-mark").arg("id", id).arg("mark", mark).arg("codes", MARKS.join(", ")),
                ));
            }
        }
        let txn = self.write().await?;
        // The trainees first, before the session's turn is taken: what they
        // are does not depend on the saves that take turns below.
        let ids = input.marks.keys().copied();
        let of_session: BTreeMap<i64, nomination::Model> = nomination::Entity::find()
            .filter(nomination::Column::Id.is_in(ids))
            .filter(nomination::Column::SessionId.eq(session_id.get()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect();
        // The session's saves take turns (on PostgreSQL by locking its row; SQLite
        // has one writer), so each reads the marks the one before it left, and
        // audits what it replaced. The lock lets nominations of the session go on.
        let s = course_session::Entity::find_by_id(session_id)
            .lock(LockType::NoKeyUpdate)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, session_id))?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        if actor.role == ittifaq_core::Role::Instructor
            && !crate::scope::Reach::load(&txn, actor).await?.sessions.contains(&session_id.get())
        {
            return Err(StoreError::Forbidden(Msg::new("forbidden-not-teaching").arg("session", &s.code)));
        }
        if !takes_attendance(crate::exchange::session_status_of(&s)?) {
            return Err(StoreError::Conflict(
                Msg::new("conflict-no-attendance")
                    .arg("session", &s.code)
                    .msg("status", crate::exchange::session_status_msg(&s.status)),
            ));
        }
        if input.day.as_str() < s.start_date.as_str() || input.day.as_str() > s.end_date.as_str() {
            return Err(StoreError::invalid(
                "day",
                Msg::new("invalid-not-a-day")
                    .arg("day", &input.day)
                    .arg("session", &s.code)
                    .arg("start", &s.start_date)
                    .arg("end", &s.end_date),
            ));
        }
        let now = self.now_ms();
        for &id in input.marks.keys() {
            let n = of_session.get(&id).ok_or_else(|| {
                StoreError::invalid("marks", Msg::new("invalid-not-of-session").arg("id", id).arg("session", &s.code))
            })?;
            if n.arrived_on.as_deref().is_none_or(|a| a > input.day.as_str()) {
                return Err(StoreError::invalid(
                    "marks",
                    Msg::new("invalid-not-arrived-on").arg("id", id).arg("day", &input.day),
                ));
            }
        }
        let before = save_marks(&txn, &input.day, &input.marks, &actor.username, now).await?;
        // Only the marks that change are written and audited: saving the same
        // sheet again (a tablet's autosave) changes nothing and records nothing.
        let changed: BTreeMap<i64, &String> =
            input.marks.iter().filter(|(id, mark)| before.get(id) != Some(*mark)).map(|(&id, m)| (id, m)).collect();
        if changed.is_empty() {
            return Ok(input.marks.len());
        }
        let was: BTreeMap<i64, Option<&String>> = changed.keys().map(|id| (*id, before.get(id))).collect();
        let audited = Event::new(Action::Attendance, ObjectKind::Session, session_id, &s.host_party).with(
            Some(serde_json::json!({"day": input.day, "marks": was})),
            Some(serde_json::json!({"day": input.day, "marks": changed})),
        );
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(input.marks.len())
    }

    /// The host's instructor records an assessment of an arrived trainee.
    pub async fn record_assessment(
        &self,
        actor: &Actor,
        id: NominationId,
        input: &AssessmentInput,
    ) -> Result<TrainingRecord> {
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(StoreError::invalid("name", Msg::new("invalid-name-length")));
        }
        if !(0..=100).contains(&input.score) {
            return Err(StoreError::invalid("score", Msg::new("invalid-score").arg("score", input.score)));
        }
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        require_status(&n, &[NominationStatus::Accepted], "doing-record-assessment")?;
        if n.arrived_on.is_none() {
            return Err(StoreError::Conflict(Msg::new("conflict-not-arrived").arg("id", id)));
        }
        let now = self.now_ms();
        assessment::ActiveModel {
            nomination_id: Set(id.get()),
            name: Set(name.to_owned()),
            score: Set(input.score),
            actor: Set(actor.username.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let audited = Event::new(Action::Assess, ObjectKind::Nomination, id, &n.person_party)
            .with(None, Some(serde_json::json!({"name": name, "score": input.score})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The host records the end of a trainee's course. Completion grants the
    /// course's qualification to the person, which then satisfies prerequisites.
    pub async fn record_result(&self, actor: &Actor, id: NominationId, input: &ResultInput) -> Result<TrainingRecord> {
        let reason = check_comment(&input.reason)?;
        let grade = input.grade.as_deref().map(str::trim).filter(|g| !g.is_empty()).map(str::to_owned);
        if grade.as_ref().is_some_and(|g| g.chars().count() > 32) {
            return Err(StoreError::invalid("grade", Msg::new("invalid-grade-length")));
        }
        let outcome = Outcome::parse(&input.outcome).map_err(|_| {
            StoreError::invalid("outcome", Msg::new("invalid-result-outcome").arg("outcome", &input.outcome))
        })?;
        if outcome == Outcome::Failed && reason.is_empty() {
            return Err(StoreError::invalid("reason", Msg::new("invalid-failure-reason")));
        }
        let step = result_step(outcome);
        let txn = self.write().await?;
        let (n, s, c) = self.load_all(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        require_status(&n, &[NominationStatus::Accepted], "doing-record-result")?;
        if n.arrived_on.is_none() {
            return Err(StoreError::Conflict(Msg::new("conflict-not-arrived").arg("id", id)));
        }
        if !takes_results(crate::exchange::session_status_of(&s)?) {
            return Err(StoreError::Conflict(
                Msg::new("conflict-no-results")
                    .arg("session", &s.code)
                    .msg("status", crate::exchange::session_status_msg(&s.status)),
            ));
        }
        let after = transition(NominationStatus::Accepted, step).unwrap_or(NominationStatus::Accepted);
        let mut am: nomination::ActiveModel = n.into();
        am.status = Set(after.code().to_owned());
        am.grade = Set(grade.clone());
        am.result_reason = Set((!reason.is_empty()).then(|| reason.clone()));
        am.updated_at = Set(self.now_ms());
        let n = am.update(&txn).await?;
        self.step(&txn, actor, &n, step, &reason, Some(NominationStatus::Accepted)).await?;
        if outcome == Outcome::Completed
            && let Some(q) = &c.grants
        {
            let p = person::Entity::find_by_id(n.person_id)
                .one(&txn)
                .await?
                .ok_or_else(|| StoreError::not_found(ObjectKind::Person, n.person_id))?;
            let mut held = unframe_list(&p.qualifications);
            if !held.contains(q) {
                let before = held.clone();
                held.push(q.clone());
                held.sort();
                let mut pm: person::ActiveModel = p.into();
                pm.qualifications = Set(frame_list(&held));
                pm.updated_at = Set(self.now_ms());
                let p = pm.update(&txn).await?;
                let audited = Event::new(Action::Qualify, ObjectKind::Person, p.id, &p.party).with(
                    Some(serde_json::json!({"qualifications": before})),
                    Some(serde_json::json!({"qualifications": held, "by_nomination": id})),
                );
                audit::record(&txn, self.now_ms(), actor, audited).await?;
            }
        }
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The trainee evaluates the course they attended, once.
    pub async fn record_evaluation(
        &self,
        actor: &Actor,
        id: NominationId,
        input: &EvaluationInput,
    ) -> Result<TrainingRecord> {
        let comment = check_comment(&input.comment)?;
        if !(1..=5).contains(&input.rating) {
            return Err(StoreError::invalid("rating", Msg::new("invalid-rating").arg("rating", input.rating)));
        }
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        // In the transaction: a second connection while holding one could wait
        // for ever on a pool that all such writers hold.
        if crate::users::linked_person_in(&txn, actor).await? != Some(n.person_id) {
            return Err(StoreError::Forbidden(Msg::new("forbidden-not-the-trainee").arg("id", id)));
        }
        if n.arrived_on.is_none() {
            return Err(StoreError::Conflict(Msg::new("conflict-not-attended").arg("id", id)));
        }
        let now = self.now_ms();
        evaluation::ActiveModel {
            nomination_id: Set(id.get()),
            rating: Set(input.rating),
            comment: Set(comment.clone()),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-already-evaluated").arg("id", id)))?;
        let audited = Event::new(Action::Evaluate, ObjectKind::Nomination, id, &n.person_party)
            .with(None, Some(serde_json::json!({"rating": input.rating, "comment": comment})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        self.training_record(actor, id).await
    }

    /// The data of the certificate the host issues for a completed course.
    pub async fn prepare_certificate(&self, actor: &Actor, id: NominationId) -> Result<DocumentData> {
        let conn = self.connection();
        let (n, s, c) = self.load_all(conn, id.get()).await?;
        self.release_of(conn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        self.check_certificate_allowed(conn, &n).await?;
        let code = format!(
            "CERT-{}-{}-{:06}-{}",
            s.host_party,
            &s.start_date[..4.min(s.start_date.len())],
            n.id,
            crate::seal::unguessable()?
        );
        let mut data = self.document_data(conn, actor, &n, &s, &c, code).await?;
        let months = self.agreement().await?.map_or(36, |a| a.rules.certificate_valid_months);
        data.expires_on = add_months(&data.issued_on, months);
        data.qualification = Some(c.grants.clone().unwrap_or_else(|| c.code.clone()));
        Ok(data)
    }

    async fn check_certificate_allowed<C: ConnectionTrait>(&self, conn: &C, n: &nomination::Model) -> Result<()> {
        require_status(n, &[NominationStatus::Completed], "doing-issue-certificate")?;
        let issued = certificate::Entity::find().filter(certificate::Column::NominationId.eq(n.id)).one(conn).await?;
        if issued.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-certificate-issued").arg("id", n.id)));
        }
        Ok(())
    }

    /// Stores a certificate rendered and sealed from [`Store::prepare_certificate`];
    /// `payload` is the seal's signed payload, byte for byte.
    pub async fn issue_certificate(
        &self,
        actor: &Actor,
        id: NominationId,
        data: &DocumentData,
        payload: String,
        pdf: Vec<u8>,
    ) -> Result<()> {
        let txn = self.write().await?;
        let (n, s) = self.load_nomination(&txn, id.get()).await?;
        self.release_of(&txn, actor, &n, &s.host_party).await?;
        ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        self.check_certificate_allowed(&txn, &n).await?;
        let now = self.now_ms();
        let m = certificate::ActiveModel {
            code: Set(data.reference.clone()),
            nomination_id: Set(id.get()),
            person_id: Set(n.person_id),
            party: Set(s.host_party.clone()),
            qualification: Set(data.qualification.clone().unwrap_or_default()),
            issued_on: Set(data.issued_on.clone()),
            expires_on: Set(data.expires_on.clone()),
            payload: Set(payload),
            pdf: Set(pdf),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-certificate-issued").arg("id", id)))?;
        self.step(&txn, actor, &n, Step::Certify, &m.code, None).await?;
        let audited = Event::new(Action::Issue, ObjectKind::Certificate, m.code.clone(), &m.party)
            .with(None, Some(serde_json::json!({"nomination_id": id, "payload": m.payload})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A certificate's sealed PDF, for its holder, the holder's party and the issuer.
    pub async fn certificate_pdf(&self, actor: &Actor, code: &str) -> Result<Vec<u8>> {
        let c = self.certificate_model(code).await?;
        let (n, s) = self.load_nomination(self.connection(), c.nomination_id).await?;
        // Withheld, it is answered as a certificate that does not exist.
        let shown = match self.release_of(self.connection(), actor, &n, &s.host_party).await {
            Ok(release) => release.documents,
            Err(StoreError::NotFound(_)) => false,
            Err(e) => return Err(e),
        };
        if !shown {
            return Err(StoreError::not_found(ObjectKind::Certificate, code));
        }
        Ok(c.pdf)
    }

    async fn certificate_model(&self, code: &str) -> Result<certificate::Model> {
        certificate::Entity::find()
            .filter(certificate::Column::Code.eq(code))
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Certificate, code))
    }

    /// The certificates of a person; a trainee sees only their own.
    pub async fn certificates_of_person(&self, actor: &Actor, person_id: PersonId) -> Result<Vec<CertificateView>> {
        if actor.role == ittifaq_core::Role::Trainee && self.linked_person(actor).await? != Some(person_id.get()) {
            return Err(StoreError::Forbidden(Msg::new("forbidden-not-you").arg("person", person_id)));
        }
        Ok(certificate::Entity::find()
            .filter(certificate::Column::PersonId.eq(person_id.get()))
            .order_by_asc(certificate::Column::Id)
            .all(self.connection())
            .await?
            .into_iter()
            .map(CertificateView::from)
            .collect())
    }

    /// What anyone may learn of a certificate by its code: the verification page.
    pub async fn public_certificate(&self, code: &str) -> Result<PublicCertificate> {
        let c = self.certificate_model(code).await?;
        let (n, s, course) = self.load_all(self.connection(), c.nomination_id).await?;
        let p = person::Entity::find_by_id(n.person_id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Person, n.person_id))?;
        // The holder's name as printed on the certificate: released names only.
        let as_host = Actor::system(ittifaq_core::PartyCode::parse(&s.host_party)?);
        let holder = person_view(&*self.releases().await, &as_host, &p).display_name();
        Ok(PublicCertificate {
            code: c.code,
            party: c.party,
            holder,
            course_title: names_of(&course),
            qualification: c.qualification,
            issued_on: c.issued_on,
            expires_on: c.expires_on,
            revoked: c.revoked_at.is_some(),
            revoked_reason: c.revoked_reason,
            payload: c.payload,
        })
    }

    /// The issuing party revokes a certificate, with the reason.
    pub async fn revoke_certificate(&self, actor: &Actor, code: &str, reason: &str) -> Result<()> {
        let reason = check_comment(reason)?;
        if reason.is_empty() {
            return Err(StoreError::invalid("reason", Msg::new("invalid-revocation-reason")));
        }
        let txn = self.write().await?;
        let c = certificate::Entity::find()
            .filter(certificate::Column::Code.eq(code))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Certificate, code))?;
        ensure_own(actor, &c.party, crate::record(ObjectKind::Certificate, code))?;
        if c.revoked_at.is_some() {
            return Err(StoreError::Conflict(Msg::new("conflict-revoked").arg("code", code)));
        }
        let now = self.now_ms();
        let party = c.party.clone();
        let mut am: certificate::ActiveModel = c.into();
        am.revoked_at = Set(Some(now));
        am.revoked_reason = Set(Some(reason.clone()));
        am.revoked_by = Set(Some(actor.username.clone()));
        am.update(&txn).await?;
        let audited = Event::new(Action::Revoke, ObjectKind::Certificate, code.to_owned(), &party)
            .with(None, Some(serde_json::json!({"reason": reason})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Who is abroad on `day`: arrived and not yet departed, of every party,
    /// the enrolments the release rule of a nomination gives the actor, each
    /// person through the actor's scope.
    pub async fn abroad(&self, actor: &Actor, day: &str) -> Result<Vec<AbroadRow>> {
        check_date("day", day)?;
        let conn = self.connection();
        let rows = nomination::Entity::find()
            .filter(nomination::Column::ArrivedOn.lte(day))
            .filter(
                sea_orm::Condition::any()
                    .add(nomination::Column::DepartedOn.is_null())
                    .add(nomination::Column::DepartedOn.gt(day)),
            )
            .order_by_asc(nomination::Column::PersonParty)
            .order_by_asc(nomination::Column::UnitId)
            .all(conn)
            .await?;
        let reach = crate::scope::Reach::load(conn, actor).await?;
        let releases = self.releases().await;
        let mut out = Vec::with_capacity(rows.len());
        for n in rows {
            let (Some(p), Some(s)) = (
                person::Entity::find_by_id(n.person_id).one(conn).await?,
                course_session::Entity::find_by_id(n.session_id).one(conn).await?,
            ) else {
                continue;
            };
            let facts = NominationFacts::of(actor, &reach, &n, &s.host_party);
            let Some(release) = nomination_release(actor, facts) else { continue };
            let view = person_view_with(&releases, actor, &p, release.contact);
            let unit_code = match view.unit_id {
                Some(u) => unit::Entity::find_by_id(u).one(conn).await?.map(|u| u.code),
                None => None,
            };
            out.push(AbroadRow {
                nomination_id: NominationId(n.id),
                person: view,
                unit_code,
                session_code: s.code,
                host_party: s.host_party,
                place: s.place,
                start: s.start_date,
                arrived_on: n.arrived_on.unwrap_or_default(),
                until: s.end_date,
            });
        }
        Ok(out)
    }

    /// The actor's party's people who hold a seat in a session that has not
    /// ended before `from` and have not come back: who of each unit is away when.
    pub async fn away_plan(&self, actor: &Actor, from: &str) -> Result<Vec<AbroadRow>> {
        check_date("from", from)?;
        let conn = self.connection();
        let sessions: BTreeMap<i64, course_session::Model> = course_session::Entity::find()
            .filter(course_session::Column::EndDate.gte(from))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let rows = nomination::Entity::find()
            .filter(nomination::Column::PersonParty.eq(actor.party.as_str()))
            .filter(nomination::Column::Status.is_in(SEATED.iter().copied()))
            .filter(nomination::Column::DepartedOn.is_null())
            .filter(nomination::Column::SessionId.is_in(sessions.keys().copied()))
            .all(conn)
            .await?;
        let reach = crate::scope::Reach::load(conn, actor).await?;
        let releases = self.releases().await;
        let mut units: BTreeMap<i64, String> = BTreeMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for n in rows {
            let (Some(p), Some(s)) =
                (person::Entity::find_by_id(n.person_id).one(conn).await?, sessions.get(&n.session_id))
            else {
                continue;
            };
            let facts = NominationFacts::of(actor, &reach, &n, &s.host_party);
            let Some(release) = nomination_release(actor, facts) else { continue };
            if !units.contains_key(&p.unit_id)
                && let Some(u) = unit::Entity::find_by_id(p.unit_id).one(conn).await?
            {
                units.insert(u.id, u.code);
            }
            out.push(AbroadRow {
                nomination_id: NominationId(n.id),
                unit_code: units.get(&p.unit_id).cloned(),
                person: person_view_with(&releases, actor, &p, release.contact),
                session_code: s.code.clone(),
                host_party: s.host_party.clone(),
                place: s.place.clone(),
                start: s.start_date.clone(),
                arrived_on: n.arrived_on.unwrap_or_default(),
                until: s.end_date.clone(),
            });
        }
        out.sort_by(|a, b| (&a.unit_code, &a.start, a.nomination_id).cmp(&(&b.unit_code, &b.start, b.nomination_id)));
        Ok(out)
    }

    /// The day today, as the store's clock has it.
    pub fn today(&self) -> String {
        today(self.now_ms())
    }
}

/// Writes the marks of `day` that differ from the stored ones and returns the
/// stored ones as they were (the caller holds the session's turn). An upsert:
/// two instructors saving the same day at once (PostgreSQL runs their
/// transactions side by side) must both succeed, the later mark winning,
/// instead of one failing on the (nomination, day) key. On PostgreSQL one
/// statement reads the old marks and writes the new (its data-modifying part
/// does not see its own writes); on SQLite, two.
async fn save_marks<C: ConnectionTrait>(
    conn: &C,
    day: &str,
    marks: &BTreeMap<i64, String>,
    actor: &str,
    now: i64,
) -> Result<BTreeMap<i64, String>> {
    let backend = conn.get_database_backend();
    if backend == sea_orm::DbBackend::Postgres {
        let mut values: Vec<sea_orm::Value> = vec![day.into(), actor.into(), now.into()];
        let (mut ids, mut rows) = (Vec::new(), Vec::new());
        for (id, mark) in marks {
            let n = values.len();
            ids.push(format!("${}::bigint", n + 1));
            rows.push(format!("(${}::bigint, $1, ${}, $2, $3::bigint)", n + 1, n + 2));
            values.extend([(*id).into(), mark.as_str().into()]);
        }
        let sql = format!(
            "WITH saved AS (INSERT INTO attendance (nomination_id, day, mark, actor, at) VALUES {} \
             ON CONFLICT (nomination_id, day) DO UPDATE SET mark = EXCLUDED.mark, actor = EXCLUDED.actor, at = EXCLUDED.at \
             WHERE attendance.mark IS DISTINCT FROM EXCLUDED.mark) \
             SELECT nomination_id, mark FROM attendance WHERE day = $1 AND nomination_id IN ({})",
            rows.join(", "),
            ids.join(", ")
        );
        let found = conn.query_all_raw(sea_orm::Statement::from_sql_and_values(backend, sql, values)).await?;
        let mut before = BTreeMap::new();
        for row in found {
            before.insert(row.try_get_by_index::<i64>(0)?, row.try_get_by_index::<String>(1)?);
        }
        return Ok(before);
    }
    let before: BTreeMap<i64, String> = attendance::Entity::find()
        .filter(attendance::Column::NominationId.is_in(marks.keys().copied()))
        .filter(attendance::Column::Day.eq(day))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.nomination_id, a.mark))
        .collect();
    let changed: Vec<(i64, &String)> =
        marks.iter().filter(|(id, mark)| before.get(id) != Some(*mark)).map(|(&id, m)| (id, m)).collect();
    if changed.is_empty() {
        return Ok(before);
    }
    attendance::Entity::insert_many(changed.into_iter().map(|(id, mark)| attendance::ActiveModel {
        nomination_id: Set(id),
        day: Set(day.to_owned()),
        mark: Set(mark.clone()),
        actor: Set(actor.to_owned()),
        at: Set(now),
        ..Default::default()
    }))
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([attendance::Column::NominationId, attendance::Column::Day])
            .update_columns([attendance::Column::Mark, attendance::Column::Actor, attendance::Column::At])
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(before)
}

#[cfg(test)]
mod tests {
    use super::add_months;

    #[test]
    fn months_are_added_to_the_calendar() {
        assert_eq!(add_months("2026-11-25", 36).as_deref(), Some("2029-11-25"));
        assert_eq!(add_months("2027-01-31", 1).as_deref(), Some("2027-02-28"));
        assert_eq!(add_months("2028-01-31", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_months("2027-12-15", 1).as_deref(), Some("2028-01-15"));
        assert_eq!(add_months("2026-05-28", 36).as_deref(), Some("2029-05-28"));
        assert_eq!(add_months("not a day", 1), None);
    }
}
