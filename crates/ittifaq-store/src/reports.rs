//! The exchange in both directions: for each sending and hosting party and each
//! training domain, how many people were nominated, accepted, went, completed
//! and were certified in a period. Outcomes, not course counts, so that the
//! reciprocity of "regular exchange of personnel" is visible.

use ittifaq_core::Msg;
use ittifaq_core::exchange::NominationStatus;
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use crate::entity::{certificate, course, course_session, nomination};
use crate::exchange::{SEATED, check_date, courses_of};
use crate::{Actor, Result, Store, StoreError};

/// One direction and domain of the exchange. People are counted once per
/// row, however many sessions they attended in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRow {
    /// The sending party.
    pub from: String,
    /// The hosting party.
    pub to: String,
    pub domain: String,
    /// People nominated (whatever became of the nomination).
    pub nominated: u64,
    /// People given a seat by both keys.
    pub accepted: u64,
    /// People who arrived at the host.
    pub went: u64,
    pub completed: u64,
    pub failed: u64,
    /// People holding a certificate of the period that is not revoked.
    pub certified: u64,
}

/// The period a report covers: sessions starting from `from` to `to`, inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: String,
    pub to: String,
}

impl Period {
    pub fn new(from: &str, to: &str) -> Result<Period> {
        check_date("from", from)?;
        check_date("to", to)?;
        if to < from {
            return Err(StoreError::invalid(
                "to",
                Msg::new("invalid-period-ends-before").arg("from", from).arg("to", to),
            ));
        }
        Ok(Period { from: from.to_owned(), to: to.to_owned() })
    }

    /// The sessions starting in the period (reports and the allocation read them).
    pub(crate) fn sessions(&self) -> sea_orm::Select<course_session::Entity> {
        course_session::Entity::find()
            .filter(course_session::Column::StartDate.gte(self.from.as_str()))
            .filter(course_session::Column::StartDate.lte(self.to.as_str()))
    }
}

impl Store {
    /// The exchange of a period by direction and domain, sorted by direction then domain.
    pub async fn exchange_report(&self, _actor: &Actor, period: &Period) -> Result<Vec<ExchangeRow>> {
        let conn = self.connection();
        let sessions: BTreeMap<i64, course_session::Model> =
            period.sessions().all(conn).await?.into_iter().map(|s| (s.id, s)).collect();
        let courses: BTreeMap<i64, String> =
            course::Entity::find().all(conn).await?.into_iter().map(|c| (c.id, c.domain)).collect();
        let nominations = nomination::Entity::find()
            .filter(nomination::Column::SessionId.is_in(sessions.keys().copied()))
            .all(conn)
            .await?;
        let certified: BTreeSet<i64> = certificate::Entity::find()
            .filter(certificate::Column::NominationId.is_in(nominations.iter().map(|n| n.id)))
            .filter(certificate::Column::RevokedAt.is_null())
            .all(conn)
            .await?
            .into_iter()
            .map(|c| c.nomination_id)
            .collect();
        // (from, to, domain) → counter → people.
        type Key = (String, String, String);
        let mut people: BTreeMap<Key, [BTreeSet<i64>; 6]> = BTreeMap::new();
        for n in &nominations {
            let Some(s) = sessions.get(&n.session_id) else { continue };
            // A party's own people trained at home are not an exchange.
            if n.person_party == s.host_party {
                continue;
            }
            let domain = courses.get(&s.course_id).cloned().unwrap_or_default();
            let sets = people.entry((n.person_party.clone(), s.host_party.clone(), domain)).or_default();
            sets[0].insert(n.person_id);
            if SEATED.contains(&n.status.as_str()) {
                sets[1].insert(n.person_id);
            }
            if n.arrived_on.is_some() {
                sets[2].insert(n.person_id);
            }
            match crate::exchange::status_of(n)? {
                NominationStatus::Completed => {
                    sets[3].insert(n.person_id);
                }
                NominationStatus::Failed => {
                    sets[4].insert(n.person_id);
                }
                _ => {}
            }
            if certified.contains(&n.id) {
                sets[5].insert(n.person_id);
            }
        }
        Ok(people
            .into_iter()
            .map(|((from, to, domain), sets)| {
                let [nominated, accepted, went, completed, failed, certified] = sets.map(|s| s.len() as u64);
                ExchangeRow { from, to, domain, nominated, accepted, went, completed, failed, certified }
            })
            .collect())
    }
}

/// What the trainees of one session said of it: how many answered of those who
/// finished, the mean rating and how the ratings spread. Who wrote what is never
/// shown; the comments go only to the hosting party, which runs the course.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationRow {
    pub session_id: i64,
    pub session: String,
    pub course: String,
    pub course_title_en: String,
    pub course_title_tr: String,
    pub course_title_ar: String,
    pub host_party: String,
    pub start_date: String,
    pub end_date: String,
    /// Trainees whose result is recorded (completed or failed).
    pub finished: u64,
    /// Evaluations received.
    pub responses: u64,
    /// Mean rating from 1 to 5, to two decimals; absent without responses.
    pub mean: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub ratings: [u64; 5],
    /// The comments, newest first, for the hosting party; empty for the other.
    pub comments: Vec<String>,
    /// Whether comments were withheld because the reader's party does not host the session.
    pub comments_withheld: bool,
}

impl Store {
    /// The trainees' evaluations of the sessions starting in a period that someone
    /// finished, by session (course code, then start date).
    pub async fn evaluation_report(&self, actor: &Actor, period: &Period) -> Result<Vec<EvaluationRow>> {
        use crate::entity::evaluation;
        let conn = self.connection();
        let sessions = period.sessions().all(conn).await?;
        let courses = courses_of(conn, &sessions).await?;
        let nominations = nomination::Entity::find()
            .filter(nomination::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
            .all(conn)
            .await?;
        let session_of: BTreeMap<i64, i64> = nominations.iter().map(|n| (n.id, n.session_id)).collect();
        let mut evaluations = evaluation::Entity::find()
            .filter(evaluation::Column::NominationId.is_in(nominations.iter().map(|n| n.id)))
            .all(conn)
            .await?;
        evaluations.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
        let mut rows: Vec<EvaluationRow> = sessions
            .iter()
            .filter_map(|s| {
                let c = courses.get(&s.course_id)?;
                let finished = nominations
                    .iter()
                    .filter(|n| {
                        n.session_id == s.id
                            && [NominationStatus::Completed.code(), NominationStatus::Failed.code()]
                                .contains(&n.status.as_str())
                    })
                    .count() as u64;
                let host = s.host_party == actor.party.as_str();
                let mut row = EvaluationRow {
                    session_id: s.id,
                    session: s.code.clone(),
                    course: c.code.clone(),
                    course_title_en: c.title_en.clone(),
                    course_title_tr: c.title_tr.clone(),
                    course_title_ar: c.title_ar.clone(),
                    host_party: s.host_party.clone(),
                    start_date: s.start_date.clone(),
                    end_date: s.end_date.clone(),
                    finished,
                    responses: 0,
                    mean: None,
                    ratings: [0; 5],
                    comments: Vec::new(),
                    comments_withheld: !host,
                };
                let mut sum = 0i64;
                for e in evaluations.iter().filter(|e| session_of.get(&e.nomination_id) == Some(&s.id)) {
                    row.responses += 1;
                    sum += i64::from(e.rating);
                    if let Some(slot) = usize::try_from(e.rating - 1).ok().and_then(|i| row.ratings.get_mut(i)) {
                        *slot += 1;
                    }
                    if host && !e.comment.trim().is_empty() {
                        row.comments.push(e.comment.clone());
                    }
                }
                if row.responses > 0 {
                    row.mean = Some((sum as f64 / row.responses as f64 * 100.0).round() / 100.0);
                }
                // A session nobody has finished yet has nothing to say.
                (row.finished > 0 || row.responses > 0).then_some(row)
            })
            .collect();
        rows.sort_by(|a, b| (&a.course, &a.start_date, &a.session).cmp(&(&b.course, &b.start_date, &b.session)));
        Ok(rows)
    }
}
