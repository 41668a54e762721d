//! Notifications of the steps of a nomination to the people they concern: the
//! nominee (through a linked account), the commanders of the nominee's unit
//! and the approvers of the sending party, the host's office and the
//! instructors who teach the session. Written in the same
//! transaction as the step; shown in the platform and queued for e-mail to the
//! accounts that have an address. The message is rendered later, in the
//! recipient's language, from the step and its arguments.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use crate::entity::{course_session, nomination, notification, person, session_instructor, user};
use crate::scope::{NominationFacts, Reach, nomination_release, person_view};
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::Msg;
use ittifaq_core::Role;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::exchange::{Step, VettingOutcome, vetting_of};
use ittifaq_core::notify::EmailStatus;

/// Whom a step concerns: roles of the sending party, roles of the host party,
/// and whether the nominee. A failed vetting check concerns both offices.
fn audience(step: &str) -> (&'static [Role], &'static [Role], bool) {
    use Role::{Instructor, JointOffice, UnitCommander};
    let Ok(step) = Step::parse(step) else {
        let failed_check = vetting_of(step).is_some_and(|(_, outcome)| outcome == VettingOutcome::Failed);
        return if failed_check { (&[JointOffice], &[JointOffice], false) } else { (&[], &[], false) };
    };
    match step {
        Step::Nominate => (&[JointOffice], &[], false),
        Step::Approve => (&[], &[JointOffice], false),
        Step::Accept | Step::Waitlist | Step::Promote | Step::Cancel => (&[UnitCommander, JointOffice], &[], true),
        Step::Withdraw | Step::Replace => (&[UnitCommander], &[JointOffice], false),
        Step::Order => (&[UnitCommander], &[], true),
        Step::Arrive => (&[UnitCommander], &[Instructor], false),
        Step::Depart => (&[UnitCommander], &[], false),
        Step::Complete | Step::Fail => (&[UnitCommander, JointOffice], &[], true),
        Step::Certify => (&[], &[], true),
    }
}

/// A notification as its recipient sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub args: serde_json::Value,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub email_status: EmailStatus,
}

impl TryFrom<notification::Model> for NotificationView {
    type Error = StoreError;
    fn try_from(m: notification::Model) -> Result<Self> {
        let email_status = EmailStatus::parse(&m.email_status).map_err(|_| {
            StoreError::Corrupt(
                Msg::new("corrupt-email-status").msg("what", Msg::new("record-notification").arg("id", m.id)),
            )
        })?;
        Ok(NotificationView {
            id: m.id,
            kind: m.kind,
            args: serde_json::from_str(&m.args).unwrap_or(serde_json::Value::Null),
            link: m.link,
            created_at: m.created_at,
            read: m.read_at.is_some(),
            email_status,
        })
    }
}

/// How many times a failing e-mail is tried before it is given up.
pub const MAX_EMAIL_ATTEMPTS: i32 = 5;

/// Queues the notifications of a step, inside the step's transaction.
pub(crate) async fn notify_step<C: ConnectionTrait>(
    store: &Store,
    conn: &C,
    actor: &Actor,
    n: &nomination::Model,
    step: &str,
) -> Result<()> {
    let (sending, hosting, nominee) = audience(step);
    if sending.is_empty() && hosting.is_empty() && !nominee {
        return Ok(());
    }
    let Some(s) = course_session::Entity::find_by_id(n.session_id).one(conn).await? else { return Ok(()) };
    let Some(p) = person::Entity::find_by_id(n.person_id).one(conn).await? else { return Ok(()) };
    // Everyone the step concerns, in one query: the roles of each party, and the nominee.
    let mut who = Condition::any();
    for (party, roles) in [(&n.person_party, sending), (&s.host_party, hosting)] {
        if !roles.is_empty() {
            who = who.add(
                Condition::all()
                    .add(user::Column::Party.eq(party.as_str()))
                    .add(user::Column::Role.is_in(roles.iter().map(|r| r.code()))),
            );
        }
    }
    if nominee {
        who = who.add(user::Column::PersonId.eq(n.person_id));
    }
    let recipients = user::Entity::find()
        .filter(who)
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?;
    // Within their party, the commanders of the nominee's unit or of one above
    // it, and the instructors who teach the session: the nomination's release
    // rule decides, as it does for every reader.
    // Each read only when a recipient of that role is among them: a step is
    // a write, and many steps concern neither.
    let among = |role: Role| recipients.iter().any(|u| u.role == role.code());
    let commanding = if among(Role::UnitCommander) {
        crate::scope::units_above(conn, &n.person_party, n.unit_id).await?
    } else {
        Default::default()
    };
    let teaching: Vec<i64> = if among(Role::Instructor) {
        session_instructor::Entity::find()
            .select_only()
            .column(session_instructor::Column::UserId)
            .filter(session_instructor::Column::SessionId.eq(s.id))
            .into_tuple()
            .all(conn)
            .await?
    } else {
        Vec::new()
    };
    let releases = store.releases().await;
    let now = store.now_ms();
    let mut rows = Vec::new();
    for u in recipients.into_iter().filter(|u| Some(u.id) != actor.user_id) {
        let viewer = Actor {
            user_id: Some(u.id),
            username: u.username.clone(),
            party: ittifaq_core::PartyCode::parse(&u.party)?,
            role: ittifaq_core::Role::parse(&u.role)?,
        };
        let reach = Reach {
            me: u.person_id,
            units: u.unit_id.filter(|unit| commanding.contains(unit)).map(|_| n.unit_id).into_iter().collect(),
            sessions: teaching.contains(&u.id).then_some(s.id).into_iter().collect(),
        };
        let facts = NominationFacts::of(&viewer, &reach, n, &s.host_party);
        // The nominee's own account is told of their record's steps whatever its role.
        if u.person_id != Some(n.person_id) && nomination_release(&viewer, facts).is_none() {
            continue;
        }
        // The person's name as this recipient's party may see it.
        let name = person_view(&releases, &viewer, &p).display_name();
        let args = serde_json::json!({"session": s.code, "person": name, "by": actor.username});
        rows.push(row(now, &u, step, &args, &format!("/nominations/{}", n.id)));
    }
    drop(releases);
    if !rows.is_empty() {
        notification::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// One notification for a user, with an e-mail to send when the user has an address.
fn row(now: i64, u: &user::Model, kind: &str, args: &serde_json::Value, link: &str) -> notification::ActiveModel {
    notification::ActiveModel {
        user_id: Set(u.id),
        kind: Set(kind.to_owned()),
        args: Set(args.to_string()),
        link: Set(link.to_owned()),
        created_at: Set(now),
        read_at: Set(None),
        email_status: Set(if u.email.is_some() { EmailStatus::Pending } else { EmailStatus::None }.code().to_owned()),
        email_attempts: Set(0),
        email_error: Set(None),
        ..Default::default()
    }
}

/// Checks an e-mail address: one `@`, something each side, no spaces or controls.
pub fn check_email(email: &str) -> Result<()> {
    let ok = email.len() <= 254
        && email.split('@').count() == 2
        && email.split('@').all(|part| !part.is_empty())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
    if ok { Ok(()) } else { Err(StoreError::invalid("email", Msg::new("invalid-email").arg("email", email))) }
}

impl Store {
    /// The user's latest notifications, newest first.
    pub async fn notifications(&self, actor: &Actor, limit: u64) -> Result<Vec<NotificationView>> {
        let Some(uid) = actor.user_id else { return Ok(Vec::new()) };
        notification::Entity::find()
            .filter(notification::Column::UserId.eq(uid))
            .order_by_desc(notification::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?
            .into_iter()
            .map(NotificationView::try_from)
            .collect()
    }

    pub async fn unread_notifications(&self, user_id: i64) -> Result<u64> {
        Ok(notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .count(self.connection())
            .await?)
    }

    /// Marks every notification of the user read.
    pub async fn mark_notifications_read(&self, actor: &Actor) -> Result<u64> {
        let Some(uid) = actor.user_id else { return Ok(0) };
        let r = notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, sea_orm::sea_query::Expr::value(self.now_ms()))
            .filter(notification::Column::UserId.eq(uid))
            .filter(notification::Column::ReadAt.is_null())
            .exec(self.connection())
            .await?;
        Ok(r.rows_affected)
    }

    /// Sets (or, with `None`, removes) the e-mail address of the actor's own account.
    pub async fn set_own_email(&self, actor: &Actor, email: Option<&str>) -> Result<()> {
        let uid = actor.user_id.ok_or_else(|| StoreError::Forbidden(Msg::new("forbidden-no-account-address")))?;
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email {
            check_email(e)?;
        }
        let txn = self.write().await?;
        let u = user::Entity::find_by_id(uid)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::User, uid))?;
        let before = u.email.clone();
        let mut am: user::ActiveModel = u.into();
        am.email = Set(email.map(str::to_owned));
        am.update(&txn).await?;
        crate::audit::record(
            &txn,
            self.now_ms(),
            actor,
            crate::audit::Event::new(Action::Email, ObjectKind::User, uid, actor.party.as_str()).with(
                Some(serde_json::json!({"email": before.is_some()})),
                Some(serde_json::json!({"email": email.is_some()})),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Notifications waiting to be e-mailed, oldest first, with their recipients.
    pub async fn pending_emails(&self, limit: u64) -> Result<Vec<(notification::Model, user::Model)>> {
        let rows = notification::Entity::find()
            .filter(notification::Column::EmailStatus.eq(EmailStatus::Pending.code()))
            .order_by_asc(notification::Column::Id)
            .limit(limit)
            .all(self.connection())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for n in rows {
            if let Some(u) = user::Entity::find_by_id(n.user_id).one(self.connection()).await? {
                out.push((n, u));
            }
        }
        Ok(out)
    }

    /// Records the outcome of sending a notification's e-mail: sent, or one
    /// more failed attempt (given up after [`MAX_EMAIL_ATTEMPTS`]).
    pub async fn record_email(&self, id: i64, outcome: std::result::Result<(), String>) -> Result<()> {
        let Some(n) = notification::Entity::find_by_id(id).one(self.connection()).await? else { return Ok(()) };
        let attempts = n.email_attempts + 1;
        let mut am: notification::ActiveModel = n.into();
        am.email_attempts = Set(attempts);
        match outcome {
            Ok(()) => {
                am.email_status = Set(EmailStatus::Sent.code().into());
                am.email_error = Set(None);
            }
            Err(e) => {
                let status = if attempts >= MAX_EMAIL_ATTEMPTS { EmailStatus::Failed } else { EmailStatus::Pending };
                am.email_status = Set(status.code().into());
                am.email_error = Set(Some(e.chars().take(500).collect()));
            }
        }
        am.update(self.connection()).await?;
        Ok(())
    }
}

// ---------------------------------------------------------------- hotline

/// Queues one notification for each of `users` (but not the one acting),
/// inside the caller's transaction; used by the hotline for its messages.
pub(crate) async fn notify_users<C: ConnectionTrait>(
    conn: &C,
    now: i64,
    actor: &Actor,
    users: &[user::Model],
    kind: &str,
    args: &serde_json::Value,
    link: &str,
) -> Result<()> {
    let rows: Vec<_> = users
        .iter()
        .filter(|u| Some(u.id) != actor.user_id && !u.disabled)
        .map(|u| row(now, u, kind, args, link))
        .collect();
    if !rows.is_empty() {
        notification::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}
