//! What awaits a user's action: the nominations waiting for the key their
//! party turns (the sending party's approval, the host's acceptance), each
//! read through the user's release, and the hotline messages waiting for
//! their party's acknowledgement, oldest first. The home page lists them
//! and turns the keys of several nominations at once.

use std::collections::{BTreeMap, BTreeSet};

use ittifaq_core::exchange::NominationStatus;
use ittifaq_core::policy::Permission;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{course_session, hotline_message, nomination, nomination_step};
use crate::exchange::{NominationView, visible_to};
use crate::scope::Reach;
use crate::{Actor, Result, Store};

/// The nominations waiting for one key of the actor's party.
#[derive(Debug, Clone, Default)]
pub struct Waiting {
    /// The oldest, at most the limit asked for.
    pub items: Vec<NominationView>,
    /// How many wait in all.
    pub total: u64,
}

/// What awaits the actor's keys, with the codes of the sessions named.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    /// Nominations of the actor's party waiting for its approval.
    pub approve: Waiting,
    /// Nominations for the actor's party's sessions waiting for its acceptance.
    pub accept: Waiting,
    /// Session id → code, for the sessions of the items.
    pub sessions: BTreeMap<i64, String>,
    /// Hotline messages to the actor's party not yet acknowledged, oldest
    /// first (for the officers who acknowledge them).
    pub acknowledge: Vec<hotline_message::Model>,
    /// How many messages wait in all.
    pub acknowledge_total: u64,
}

impl Inbox {
    /// How much waits in all.
    pub fn total(&self) -> u64 {
        self.approve.total + self.accept.total + self.acknowledge_total
    }
}

impl Store {
    /// What awaits the actor's keys (empty for a role that turns none), at
    /// most `limit` of each kind; with `limit` 0 only the counts.
    pub async fn inbox(&self, actor: &Actor, limit: u64) -> Result<Inbox> {
        let mut inbox = Inbox::default();
        if Permission::HotlineSend.granted_to(actor.role) {
            let waiting = hotline_message::Entity::find()
                .filter(hotline_message::Column::ToParty.eq(actor.party.as_str()))
                .filter(hotline_message::Column::AckedAt.is_null());
            inbox.acknowledge_total = waiting.clone().count(self.connection()).await?;
            if limit > 0 {
                inbox.acknowledge =
                    waiting.order_by_asc(hotline_message::Column::Id).limit(limit).all(self.connection()).await?;
            }
        }
        if !Permission::Approve.granted_to(actor.role) {
            return Ok(inbox);
        }
        let txn = self.read().await?;
        let reach = Reach::load(&txn, actor).await?;
        let party = actor.party.as_str();
        let hosted = sea_orm::sea_query::Query::select()
            .column(course_session::Column::Id)
            .from(course_session::Entity)
            .and_where(course_session::Column::HostParty.eq(party))
            .to_owned();
        let approve = nomination::Entity::find()
            .filter(nomination::Column::Status.eq(NominationStatus::Nominated.code()))
            .filter(nomination::Column::PersonParty.eq(party))
            .filter(visible_to(actor, &reach));
        let accept = nomination::Entity::find()
            .filter(nomination::Column::Status.eq(NominationStatus::Approved.code()))
            .filter(nomination::Column::SessionId.in_subquery(hosted))
            .filter(visible_to(actor, &reach));
        let mut session_ids = BTreeSet::new();
        for (query, waiting) in [(approve, &mut inbox.approve), (accept, &mut inbox.accept)] {
            waiting.total = query.clone().count(&txn).await?;
            // The navigation's count (`limit` 0) reads no rows: it runs on every page.
            if limit == 0 {
                continue;
            }
            let rows = query.order_by_asc(nomination::Column::Id).limit(limit).all(&txn).await?;
            session_ids.extend(rows.iter().map(|n| n.session_id));
            let steps = nomination_step::Entity::find()
                .filter(nomination_step::Column::NominationId.is_in(rows.iter().map(|n| n.id)));
            waiting.items = self.views_of(&txn, actor, &reach, rows, steps).await?;
        }
        inbox.sessions = course_session::Entity::find()
            .filter(course_session::Column::Id.is_in(session_ids))
            .all(&txn)
            .await?
            .into_iter()
            .map(|s| (s.id, s.code))
            .collect();
        txn.commit().await?;
        Ok(inbox)
    }
}
