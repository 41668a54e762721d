//! The exchange in both directions: for each sending and hosting party and each
//! training domain, how many people were nominated, accepted, went, completed
//! and were certified in a period. Outcomes, not course counts, so that the
//! reciprocity of "regular exchange of personnel" is visible.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use crate::entity::{certificate, course, course_session, nomination};
use crate::exchange::{SEATED, check_date};
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
            return Err(StoreError::invalid("to", format!("the period ends ({to}) before it starts ({from})")));
        }
        Ok(Period { from: from.to_owned(), to: to.to_owned() })
    }
}

impl Store {
    /// The exchange of a period by direction and domain, sorted by direction then domain.
    pub async fn exchange_report(&self, _actor: &Actor, period: &Period) -> Result<Vec<ExchangeRow>> {
        let conn = self.connection();
        let sessions: BTreeMap<i64, course_session::Model> = course_session::Entity::find()
            .filter(course_session::Column::StartDate.gte(period.from.as_str()))
            .filter(course_session::Column::StartDate.lte(period.to.as_str()))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
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
            let domain = courses.get(&s.course_id).cloned().unwrap_or_default();
            let sets = people.entry((n.person_party.clone(), s.host_party.clone(), domain)).or_default();
            sets[0].insert(n.person_id);
            if SEATED.contains(&n.status.as_str()) {
                sets[1].insert(n.person_id);
            }
            if n.arrived_on.is_some() {
                sets[2].insert(n.person_id);
            }
            match n.status.as_str() {
                "completed" => {
                    sets[3].insert(n.person_id);
                }
                "failed" => {
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
