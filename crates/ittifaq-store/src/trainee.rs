//! A trainee's own training: every enrolment of the person their account
//! belongs to, each with its record (schedule, joining details, travel
//! order, results, certificate) as the trainee may read it, and where to
//! report. What "my training" and the transcript are made of.

use ittifaq_core::audit::ObjectKind;
use ittifaq_core::id::{NominationId, PersonId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{course, course_session, institution, nomination};
use crate::scope::PersonView;
use crate::training::TrainingRecord;
use crate::{Actor, Result, Store, StoreError};

/// Most enrolments one trainee's page lists (a career holds far fewer).
pub const MAX_ENROLMENTS: u64 = 500;

/// One enrolment of the trainee's, with where to report.
#[derive(Debug, Clone)]
pub struct OwnEnrolment {
    pub record: TrainingRecord,
    /// The institution that teaches the course, in the three languages (en, tr, ar).
    pub institution: [String; 3],
    pub city: String,
    /// The language of instruction (ISO 639-1).
    pub language: String,
    /// Whether the institution is of the party that sent the trainee.
    pub at_home: bool,
}

/// The trainee and their enrolments, the soonest first.
#[derive(Debug, Clone)]
pub struct OwnTraining {
    pub person: PersonView,
    pub enrolments: Vec<OwnEnrolment>,
}

impl Store {
    /// The training of the person the actor's account belongs to; none when
    /// the account belongs to no person.
    pub async fn own_training(&self, actor: &Actor) -> Result<Option<OwnTraining>> {
        let Some(person_id) = self.linked_person(actor).await? else { return Ok(None) };
        let person = self.get_person(actor, PersonId(person_id)).await?;
        let conn = self.connection();
        let rows: Vec<(i64, i64)> = nomination::Entity::find()
            .select_only()
            .column(nomination::Column::Id)
            .column(nomination::Column::SessionId)
            .filter(nomination::Column::PersonId.eq(person_id))
            .order_by_asc(nomination::Column::Id)
            .limit(MAX_ENROLMENTS)
            .into_tuple()
            .all(conn)
            .await?;
        let sessions = course_session::Entity::find()
            .filter(course_session::Column::Id.is_in(rows.iter().map(|(_, s)| *s)))
            .all(conn)
            .await?;
        let courses = course::Entity::find()
            .filter(course::Column::Id.is_in(sessions.iter().map(|s| s.course_id)))
            .all(conn)
            .await?;
        let institutions = institution::Entity::find()
            .filter(institution::Column::Id.is_in(courses.iter().map(|c| c.institution_id)))
            .all(conn)
            .await?;
        let mut enrolments = Vec::with_capacity(rows.len());
        for (id, session_id) in rows {
            let record = self.training_record(actor, NominationId(id)).await?;
            let course = sessions
                .iter()
                .find(|s| s.id == session_id)
                .and_then(|s| courses.iter().find(|c| c.id == s.course_id))
                .ok_or_else(|| StoreError::not_found(ObjectKind::Session, session_id))?;
            let inst = institutions
                .iter()
                .find(|i| i.id == course.institution_id)
                .ok_or_else(|| StoreError::not_found(ObjectKind::Institution, course.institution_id))?;
            enrolments.push(OwnEnrolment {
                at_home: inst.party == person.party,
                institution: [inst.name_en.clone(), inst.name_tr.clone(), inst.name_ar.clone()],
                city: inst.city.clone(),
                language: course.language.clone(),
                record,
            });
        }
        enrolments.sort_by(|a, b| a.record.session.start.cmp(&b.record.session.start));
        Ok(Some(OwnTraining { person, enrolments }))
    }
}
