//! What awaits a user's action: the nominations waiting for the key their
//! party turns (the sending party's approval, the host's acceptance), for a
//! vetting check their party answers for, or for the travel order their
//! party issues, each read through the user's release; the sessions whose
//! attendance of today is theirs to take; and the hotline messages waiting
//! for their party's acknowledgement, oldest first; and the documents
//! waiting for their party's seal (signed on the party's own machine). The
//! home page lists them and turns the keys of several nominations at once.

use std::collections::{BTreeMap, BTreeSet};

use ittifaq_core::Role;
use ittifaq_core::agreement::Responsible;
use ittifaq_core::assistance::advisory::ReportStatus;
use ittifaq_core::exchange::{NominationStatus, SessionStatus, VettingOutcome};
use ittifaq_core::policy::Permission;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::entity::{
    advisor_report, attendance, course_session, deployment, hotline_message, nomination, nomination_step, seal_request,
    travel_order, vetting_check,
};
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
    /// Accepted nominations with a vetting check the actor's party answers
    /// for still to record.
    pub vet: Waiting,
    /// Accepted nominations for the actor's party's sessions, every check
    /// passed, waiting for their travel order.
    pub order: Waiting,
    /// Sessions whose attendance of today the actor is to take, by start.
    pub attendance: Vec<course_session::Model>,
    /// How many sessions wait for today's attendance in all.
    pub attendance_total: u64,
    /// Today (UTC), the day of the attendance asked for.
    pub today: String,
    /// Session id → code, for the sessions of the items.
    pub sessions: BTreeMap<i64, String>,
    /// Hotline messages to the actor's party not yet acknowledged, oldest
    /// first (for the officers who acknowledge them).
    pub acknowledge: Vec<hotline_message::Model>,
    /// How many messages wait in all.
    pub acknowledge_total: u64,
    /// Documents of the actor's party waiting for its seal, oldest first.
    pub seal: Vec<crate::seal::SealRequestView>,
    /// How many documents wait for the seal in all.
    pub seal_total: u64,
    /// Advisors' reports submitted to the actor's party, waiting for its
    /// review, oldest first: (report id, deployment code, due day).
    pub review: Vec<(i64, String, String)>,
    pub review_total: u64,
    /// The actor's own reports to write: past their day and not submitted,
    /// or returned: (deployment id, deployment code, due day, report id if written).
    pub write: Vec<(i64, String, String, Option<i64>)>,
    /// Advisors' deployments waiting for a vetting check of the actor's
    /// party: (deployment id, code, the checks awaited).
    pub vet_deployments: Vec<(i64, String, Vec<String>)>,
}

impl Inbox {
    /// How much waits in all.
    pub fn total(&self) -> u64 {
        self.approve.total
            + self.accept.total
            + self.vet.total
            + self.order.total
            + self.attendance_total
            + self.acknowledge_total
            + self.seal_total
            + self.review_total
            + self.write.len() as u64
            + self.vet_deployments.len() as u64
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
        if Permission::Seal.granted_to(actor.role) {
            let waiting = seal_request::Entity::find().filter(seal_request::Column::Party.eq(actor.party.as_str()));
            inbox.seal_total = waiting.clone().count(self.connection()).await?;
            if limit > 0 {
                inbox.seal = waiting
                    .order_by_asc(seal_request::Column::Id)
                    .limit(limit)
                    .all(self.connection())
                    .await?
                    .iter()
                    .map(crate::seal::SealRequestView::from)
                    .collect();
            }
        }
        if Permission::AssistanceWrite.granted_to(actor.role) {
            inbox.vet_deployments = self.deployments_to_vet(actor).await?;
            let hosted = Query::select()
                .column(deployment::Column::Id)
                .from(deployment::Entity)
                .and_where(deployment::Column::HostParty.eq(actor.party.as_str()))
                .to_owned();
            let waiting = advisor_report::Entity::find()
                .filter(advisor_report::Column::Status.eq(ReportStatus::Submitted.code()))
                .filter(advisor_report::Column::DeploymentId.in_subquery(hosted));
            inbox.review_total = waiting.clone().count(self.connection()).await?;
            if limit > 0 {
                let rows = waiting
                    .order_by_asc(advisor_report::Column::SubmittedAt)
                    .order_by_asc(advisor_report::Column::Id)
                    .limit(limit)
                    .all(self.connection())
                    .await?;
                let codes: BTreeMap<i64, String> = deployment::Entity::find()
                    .filter(deployment::Column::Id.is_in(rows.iter().map(|r| r.deployment_id)))
                    .all(self.connection())
                    .await?
                    .into_iter()
                    .map(|d| (d.id, d.code))
                    .collect();
                inbox.review = rows
                    .into_iter()
                    .map(|r| (r.id, codes.get(&r.deployment_id).cloned().unwrap_or_default(), r.due_on))
                    .collect();
            }
        }
        if Permission::AssistanceReport.granted_to(actor.role)
            && let Some(person) = self.linked_person(actor).await?
        {
            let own = deployment::Entity::find()
                .filter(deployment::Column::PersonId.eq(person))
                .filter(deployment::Column::SendingParty.eq(actor.party.as_str()))
                .all(self.connection())
                .await?;
            for d in self.deployment_views(self.connection(), actor, own).await? {
                for due in &d.due {
                    let returned = due.status.as_deref() == Some(ReportStatus::Returned.code());
                    if due.overdue || returned {
                        inbox.write.push((
                            d.id.get(),
                            d.code.clone(),
                            due.due_on.clone(),
                            due.report_id.map(|r| r.get()),
                        ));
                    }
                }
            }
        }
        let (vets, orders, approves) = (
            Permission::Vetting.granted_to(actor.role),
            Permission::HostOffice.granted_to(actor.role),
            Permission::Approve.granted_to(actor.role),
        );
        let teaches = Permission::Teach.granted_to(actor.role);
        if !(vets || orders || approves || teaches) {
            return Ok(inbox);
        }
        let txn = self.read().await?;
        let reach = Reach::load(&txn, actor).await?;
        let party = actor.party.as_str();
        let hosted = || {
            Query::select()
                .column(course_session::Column::Id)
                .from(course_session::Entity)
                .and_where(course_session::Column::HostParty.eq(party))
                .to_owned()
        };
        let accepted = || {
            nomination::Entity::find()
                .filter(nomination::Column::Status.eq(NominationStatus::Accepted.code()))
                .filter(visible_to(actor, &reach))
        };
        let checks = self.checks_for(ittifaq_core::agreement::Vetted::Trainees).await?;
        let mut lists: Vec<(Select<nomination::Entity>, &mut Waiting)> = Vec::new();
        if approves {
            let approve = nomination::Entity::find()
                .filter(nomination::Column::Status.eq(NominationStatus::Nominated.code()))
                .filter(nomination::Column::PersonParty.eq(party))
                .filter(visible_to(actor, &reach));
            let accept = nomination::Entity::find()
                .filter(nomination::Column::Status.eq(NominationStatus::Approved.code()))
                .filter(nomination::Column::SessionId.in_subquery(hosted()))
                .filter(visible_to(actor, &reach));
            lists.push((approve, &mut inbox.approve));
            lists.push((accept, &mut inbox.accept));
        }
        if vets && !checks.is_empty() {
            // A check of the party's with no outcome recorded yet.
            let mut missing = Condition::any();
            for c in &checks {
                let ours = match c.responsible {
                    Responsible::Sending => nomination::Column::PersonParty.eq(party),
                    Responsible::Host => nomination::Column::SessionId.in_subquery(hosted()),
                };
                let recorded = Query::select()
                    .column(vetting_check::Column::NominationId)
                    .from(vetting_check::Entity)
                    .and_where(vetting_check::Column::CheckCode.eq(c.code.as_str()))
                    .to_owned();
                missing = missing.add(Condition::all().add(ours).add(nomination::Column::Id.not_in_subquery(recorded)));
            }
            lists.push((accepted().filter(missing), &mut inbox.vet));
        }
        if orders {
            let ordered =
                Query::select().column(travel_order::Column::NominationId).from(travel_order::Entity).to_owned();
            let mut order = accepted()
                .filter(nomination::Column::SessionId.in_subquery(hosted()))
                .filter(nomination::Column::Id.not_in_subquery(ordered));
            // Every check's latest outcome is a pass, as the order requires.
            let (v, w) = (Alias::new("v"), Alias::new("w"));
            for c in &checks {
                let latest = Query::select()
                    .expr(Func::max(Expr::col((w.clone(), vetting_check::Column::Id))))
                    .from_as(vetting_check::Entity, w.clone())
                    .and_where(
                        Expr::col((w.clone(), vetting_check::Column::NominationId))
                            .equals((v.clone(), vetting_check::Column::NominationId)),
                    )
                    .and_where(
                        Expr::col((w.clone(), vetting_check::Column::CheckCode))
                            .equals((v.clone(), vetting_check::Column::CheckCode)),
                    )
                    .to_owned();
                let passed = Query::select()
                    .column((v.clone(), vetting_check::Column::NominationId))
                    .from_as(vetting_check::Entity, v.clone())
                    .and_where(Expr::col((v.clone(), vetting_check::Column::CheckCode)).eq(c.code.as_str()))
                    .and_where(Expr::col((v.clone(), vetting_check::Column::Outcome)).eq(VettingOutcome::Passed.code()))
                    .and_where(Expr::col((v.clone(), vetting_check::Column::Id)).in_subquery(latest))
                    .to_owned();
                order = order.filter(nomination::Column::Id.in_subquery(passed));
            }
            lists.push((order, &mut inbox.order));
        }
        let mut session_ids = BTreeSet::new();
        for (query, waiting) in lists {
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
        if teaches {
            let today = crate::training::today(self.now_ms());
            // Sessions running today with someone arrived and unmarked today.
            let marked = Query::select()
                .column(attendance::Column::NominationId)
                .from(attendance::Entity)
                .and_where(attendance::Column::Day.eq(today.as_str()))
                .to_owned();
            let unmarked = Query::select()
                .column(nomination::Column::SessionId)
                .from(nomination::Entity)
                .and_where(nomination::Column::Status.is_in(crate::exchange::SEATED.iter().copied()))
                .and_where(nomination::Column::ArrivedOn.lte(today.as_str()))
                .and_where(nomination::Column::Id.not_in_subquery(marked))
                .to_owned();
            let mut sessions = course_session::Entity::find()
                .filter(course_session::Column::HostParty.eq(party))
                .filter(
                    course_session::Column::Status
                        .is_in([SessionStatus::Confirmed.code(), SessionStatus::Running.code()]),
                )
                .filter(course_session::Column::StartDate.lte(today.as_str()))
                .filter(course_session::Column::EndDate.gte(today.as_str()))
                .filter(course_session::Column::Id.in_subquery(unmarked));
            if actor.role == Role::Instructor {
                sessions = sessions.filter(course_session::Column::Id.is_in(reach.sessions.iter().copied()));
            }
            inbox.attendance_total = sessions.clone().count(&txn).await?;
            if limit > 0 {
                inbox.attendance = sessions
                    .order_by_asc(course_session::Column::StartDate)
                    .order_by_asc(course_session::Column::Id)
                    .limit(limit)
                    .all(&txn)
                    .await?;
            }
            inbox.today = today;
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
