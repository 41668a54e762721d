//! The deconfliction hotline: messages between the parties' deconfliction
//! officers, each to be acknowledged by a deadline set by its priority; an
//! unacknowledged message escalates along the receiving party's roster.
//!
//! Escalation: a message waits on level 1, the receiving party's duty officer
//! (roster position 1; every deconfliction officer of the party when its
//! roster is empty). When its deadline passes unacknowledged,
//! [`Store::hotline_escalate_overdue`] moves it to the next position with a
//! fresh deadline of the same length, and after the last position to the
//! party's joint office, which is the last step: the joint office is notified
//! so that it gets an officer to answer, and the message stays marked overdue
//! until one does. Any deconfliction officer of the receiving party may
//! acknowledge at any level. Sending, acknowledging, each escalation and each
//! change of a roster write their audit row in their own transaction, and
//! notify the people they concern (who also get e-mail).
//!
//! A client's send carries an idempotency key, unique per sender: sending
//! again with the same key returns the original message instead of a second.

use ittifaq_core::Msg;
use ittifaq_core::id::HotlineMessageId;
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::entity::{hotline_message, hotline_roster, user};
use crate::notify::notify_users;
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::Role;
use ittifaq_core::audit::{Action, ObjectKind};
pub use ittifaq_core::hotline::{MessageStatus, Priority};

/// Minutes a recipient has to acknowledge, by priority (the agreement's
/// `rules.hotline_*_ack_minutes`; 30, 10 and 3 unless it says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckMinutes {
    pub routine: u32,
    pub urgent: u32,
    pub flash: u32,
}

impl Default for AckMinutes {
    fn default() -> Self {
        AckMinutes { routine: 30, urgent: 10, flash: 3 }
    }
}

impl AckMinutes {
    pub fn from_rules(rules: &ittifaq_core::agreement::Rules) -> AckMinutes {
        AckMinutes {
            routine: rules.hotline_routine_ack_minutes,
            urgent: rules.hotline_urgent_ack_minutes,
            flash: rules.hotline_flash_ack_minutes,
        }
    }

    pub fn of(&self, p: Priority) -> u32 {
        match p {
            Priority::Routine => self.routine,
            Priority::Urgent => self.urgent,
            Priority::Flash => self.flash,
        }
        .max(1)
    }
}

/// A message to send. A reply names the message it answers and goes to that
/// message's other party.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// The receiving party's code; optional in a reply.
    #[serde(default)]
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
    /// routine (the default), urgent or flash.
    #[serde(default)]
    pub priority: Option<String>,
    /// The code of a declared activity the message is about.
    #[serde(default)]
    pub declaration: Option<String>,
    /// The message this one answers.
    #[serde(default)]
    pub reply_to: Option<i64>,
    /// The client's key for this send; the `Idempotency-Key` header may carry it instead.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// A message as a user of one of its two parties sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    pub id: HotlineMessageId,
    /// The first message of the thread (the message itself when it starts one).
    pub thread_id: HotlineMessageId,
    pub reply_to: Option<i64>,
    pub from_party: String,
    pub from_user: String,
    pub to_party: String,
    pub subject: String,
    pub body: String,
    pub priority: String,
    pub declaration: Option<String>,
    pub sent_at: i64,
    pub ack_minutes: i32,
    pub ack_due_at: i64,
    /// 1 is the duty officer, 2 the next on the roster…
    pub level: i32,
    /// The officer the message waits on; shown only to the receiving party.
    pub waiting_on: Option<String>,
    /// Escalated past the roster to the receiving party's joint office.
    pub at_joint_office: bool,
    /// sent, escalated or acknowledged.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub status: MessageStatus,
    /// Unacknowledged past its deadline.
    pub overdue: bool,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    pub ack_reply: Option<String>,
    /// The sender's idempotency key; shown only to the sending party.
    pub idempotency_key: Option<String>,
}

/// The outcome of a send: the message, and whether it already existed under the key.
#[derive(Debug, Clone)]
pub struct Sent {
    pub message: MessageView,
    pub replayed: bool,
}

/// One place of a party's roster.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub position: i32,
    pub username: String,
    pub display_name: String,
}

/// Which messages to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mailbox {
    /// To and from the user's party.
    #[default]
    All,
    /// To the user's party.
    Inbox,
    /// From the user's party.
    Outbox,
}

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 5000;
const KEY_MAX: usize = 100;
const DECLARATION_MAX: usize = 64;
const OFFICER: &str = Role::DeconflictionOfficer.code();

fn required_text(field: &str, text: &str, max: usize) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::invalid(field, Msg::new("invalid-required")));
    }
    if t.chars().count() > max {
        return Err(StoreError::invalid(field, Msg::new("invalid-too-long").arg("max", max)));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(StoreError::invalid(field, Msg::new("invalid-control-characters")));
    }
    Ok(t.to_owned())
}

/// Checks an idempotency key: 1 to 100 visible ASCII characters.
pub fn check_key(key: &str) -> Result<String> {
    let k = key.trim();
    if k.is_empty() {
        return Err(StoreError::invalid("idempotency_key", Msg::new("invalid-idempotency-key-required")));
    }
    if k.len() > KEY_MAX || !k.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(StoreError::invalid("idempotency_key", Msg::new("invalid-idempotency-key").arg("max", KEY_MAX)));
    }
    Ok(k.to_owned())
}

fn other_party(m: &hotline_message::Model, party: &str) -> String {
    if m.from_party == party { m.to_party.clone() } else { m.from_party.clone() }
}

fn involves(m: &hotline_message::Model, party: &str) -> bool {
    m.from_party == party || m.to_party == party
}

/// The roster of a party: its enabled deconfliction officers in order. Places
/// whose account was disabled or changed role are skipped.
async fn roster_users<C: ConnectionTrait>(conn: &C, party: &str) -> Result<Vec<(i32, user::Model)>> {
    let rows = hotline_roster::Entity::find()
        .filter(hotline_roster::Column::Party.eq(party))
        .order_by_asc(hotline_roster::Column::Position)
        .all(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let users: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| users.get(&r.user_id).map(|u| (r.position, u.clone())))
        .filter(|(_, u)| !u.disabled && u.role == OFFICER && u.party == party)
        .collect())
}

async fn party_users<C: ConnectionTrait>(conn: &C, party: &str, role: &str) -> Result<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Party.eq(party))
        .filter(user::Column::Role.eq(role))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?)
}

/// Who is notified at a level: the roster's officer at that position, every
/// officer when the roster is empty (level 1 only), or the joint office.
struct Target {
    assignee: Option<user::Model>,
    joint_office: bool,
}

async fn target<C: ConnectionTrait>(conn: &C, party: &str, level: i32) -> Result<Target> {
    let roster = roster_users(conn, party).await?;
    if roster.is_empty() && level == 1 {
        return Ok(Target { assignee: None, joint_office: false });
    }
    match roster.into_iter().nth((level - 1).max(0) as usize) {
        Some((_, u)) => Ok(Target { assignee: Some(u), joint_office: false }),
        None => Ok(Target { assignee: None, joint_office: true }),
    }
}

async fn target_users<C: ConnectionTrait>(conn: &C, party: &str, t: &Target) -> Result<Vec<user::Model>> {
    Ok(match (&t.assignee, t.joint_office) {
        (Some(u), _) => vec![u.clone()],
        (None, true) => party_users(conn, party, Role::JointOffice.code()).await?,
        (None, false) => party_users(conn, party, OFFICER).await?,
    })
}

fn link(m: &hotline_message::Model) -> String {
    format!("/hotline/messages/{}", m.thread_id.unwrap_or(m.id))
}

impl Store {
    fn hotline_view(
        &self,
        m: hotline_message::Model,
        viewer: &str,
        names: &HashMap<i64, String>,
    ) -> Result<MessageView> {
        let now = self.now_ms();
        let status = MessageStatus::parse(&m.status).map_err(|_| {
            StoreError::Corrupt(Msg::new("corrupt-status").msg("what", crate::record(ObjectKind::HotlineMessage, m.id)))
        })?;
        let receiving = m.to_party == viewer;
        let waiting_on = if !receiving || status == MessageStatus::Acknowledged {
            None
        } else if m.at_joint_office {
            Some(Role::JointOffice.code().to_owned())
        } else {
            m.assignee_user_id.and_then(|id| names.get(&id).cloned())
        };
        Ok(MessageView {
            thread_id: HotlineMessageId(m.thread_id.unwrap_or(m.id)),
            id: HotlineMessageId(m.id),
            reply_to: m.reply_to,
            overdue: status != MessageStatus::Acknowledged && now >= m.ack_due_at,
            idempotency_key: (m.from_party == viewer).then(|| m.idempotency_key.clone()),
            from_party: m.from_party,
            from_user: m.from_username,
            to_party: m.to_party,
            subject: m.subject,
            body: m.body,
            priority: m.priority,
            declaration: m.declaration,
            sent_at: m.sent_at,
            ack_minutes: m.ack_minutes,
            ack_due_at: m.ack_due_at,
            level: m.level,
            waiting_on,
            at_joint_office: m.at_joint_office,
            status,
            acknowledged_at: m.acked_at,
            acknowledged_by: m.acked_by,
            ack_reply: m.ack_reply,
        })
    }

    async fn hotline_views(&self, rows: Vec<hotline_message::Model>, viewer: &str) -> Result<Vec<MessageView>> {
        let ids: Vec<i64> = rows.iter().filter_map(|m| m.assignee_user_id).collect();
        let names: HashMap<i64, String> = if ids.is_empty() {
            HashMap::new()
        } else {
            user::Entity::find()
                .filter(user::Column::Id.is_in(ids))
                .all(self.connection())
                .await?
                .into_iter()
                .map(|u| (u.id, u.username))
                .collect()
        };
        rows.into_iter().map(|m| self.hotline_view(m, viewer, &names)).collect()
    }

    async fn hotline_one(&self, m: hotline_message::Model, viewer: &str) -> Result<MessageView> {
        Ok(self.hotline_views(vec![m], viewer).await?.remove(0))
    }

    /// A message as both its parties may see it (read as its sender sees it),
    /// for telling both of a change.
    pub async fn hotline_message_shared(&self, id: i64) -> Result<MessageView> {
        let m = hotline_message::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::HotlineMessage, id))?;
        let party = m.from_party.clone();
        self.hotline_one(m, &party).await
    }

    /// The code of a declared activity a message cites: it must name one the
    /// sender may see (one it may not is answered as one that does not exist).
    async fn cited_declaration(&self, actor: &Actor, code: &str) -> Result<String> {
        let rows = crate::entity::declaration::Entity::find()
            .filter(crate::entity::declaration::Column::Code.eq(code))
            .all(self.connection())
            .await?;
        if rows.iter().any(|m| crate::decon::visible(actor, m)) {
            Ok(code.to_owned())
        } else {
            Err(StoreError::invalid("declaration", Msg::new("invalid-declaration-code").arg("code", code)))
        }
    }

    /// Sends a message from the actor's party with the client's idempotency
    /// key: a send with a key this sender already used returns the original
    /// message (and refuses different content under the same key).
    pub async fn hotline_send(
        &self,
        actor: &Actor,
        input: &MessageInput,
        key: &str,
        minutes: &AckMinutes,
    ) -> Result<Sent> {
        let uid = actor.user_id.ok_or_else(|| StoreError::Forbidden(Msg::new("forbidden-hotline-send")))?;
        let key = check_key(key)?;
        let subject = required_text("subject", &input.subject, SUBJECT_MAX)?;
        let body = required_text("body", &input.body, BODY_MAX)?;
        let priority = match input.priority.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Priority::parse(p).map_err(|e| StoreError::invalid("priority", e.message().clone()))?,
            None => Priority::Routine,
        };
        let declaration = match input.declaration.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(self.cited_declaration(actor, &required_text("declaration", d, DECLARATION_MAX)?).await?),
            None => None,
        };
        let to_given = input.to.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_uppercase);
        // A retry finds the original before anything else is checked again.
        if let Some(existing) = self.hotline_by_key(uid, &key).await? {
            return self
                .replay(actor, existing, &key, to_given.as_deref(), &subject, &body, priority, input.reply_to)
                .await;
        }
        let txn = self.write().await?;
        let (thread_id, to) = match input.reply_to {
            Some(parent_id) => {
                let parent = hotline_message::Entity::find_by_id(parent_id)
                    .one(&txn)
                    .await?
                    .filter(|m| involves(m, actor.party.as_str()))
                    .ok_or_else(|| StoreError::no_such("reply_to", ObjectKind::HotlineMessage, parent_id))?;
                let to = other_party(&parent, actor.party.as_str());
                if let Some(t) = &to_given
                    && *t != to
                {
                    return Err(StoreError::invalid(
                        "to",
                        Msg::new("invalid-reply-to").arg("id", parent_id).arg("to", &to).arg("given", t),
                    ));
                }
                (Some(parent.thread_id.unwrap_or(parent.id)), to)
            }
            None => {
                let to = to_given.ok_or_else(|| StoreError::invalid("to", Msg::new("invalid-to-required")))?;
                (None, to)
            }
        };
        if to == actor.party.as_str() {
            return Err(StoreError::invalid("to", Msg::new("invalid-to-own").arg("party", &to)));
        }
        let parties = crate::entity::party::Entity::find().all(&txn).await?;
        if !parties.iter().any(|p| p.code == to) {
            let known: Vec<&str> =
                parties.iter().map(|p| p.code.as_str()).filter(|c| *c != actor.party.as_str()).collect();
            return Err(StoreError::invalid(
                "to",
                Msg::new("invalid-to-party").arg("party", &to).arg("codes", known.join(", ")),
            ));
        }
        let now = self.now_ms();
        let ack_minutes = minutes.of(priority) as i32;
        let due = now + i64::from(ack_minutes) * 60_000;
        let t = target(&txn, &to, 1).await?;
        let row = hotline_message::ActiveModel {
            thread_id: Set(thread_id),
            reply_to: Set(input.reply_to),
            from_party: Set(actor.party.to_string()),
            from_user_id: Set(uid),
            from_username: Set(actor.username.clone()),
            to_party: Set(to.clone()),
            subject: Set(subject),
            body: Set(body),
            priority: Set(priority.code().to_owned()),
            declaration: Set(declaration.clone()),
            idempotency_key: Set(key.clone()),
            sent_at: Set(now),
            ack_minutes: Set(ack_minutes),
            ack_due_at: Set(due),
            level: Set(1),
            assignee_user_id: Set(t.assignee.as_ref().map(|u| u.id)),
            at_joint_office: Set(t.joint_office),
            status: Set(MessageStatus::Sent.code().into()),
            acked_at: Set(None),
            acked_by_user_id: Set(None),
            acked_by: Set(None),
            ack_reply: Set(None),
            ..Default::default()
        };
        let m = match row.insert(&txn).await {
            Ok(m) => m,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                // The same key committed concurrently: answer with that message.
                txn.rollback().await?;
                let existing = self
                    .hotline_by_key(uid, &key)
                    .await?
                    .ok_or_else(|| StoreError::Conflict(Msg::new("conflict-key-in-use").arg("key", &key)))?;
                return self
                    .replay(actor, existing, &key, Some(&to), &input.subject, &input.body, priority, input.reply_to)
                    .await;
            }
            Err(e) => return Err(e.into()),
        };
        let audited = Event {
            action: Action::HotlineSend.code(),
            object_type: ObjectKind::HotlineMessage,
            object_id: m.id.to_string(),
            object_party: actor.party.as_str(),
            before: None,
            after: Some(serde_json::json!({
            "to": to,
            "priority": m.priority,
            "subject": m.subject,
            "declaration": declaration,
            "reply_to": m.reply_to,
            "ack_due_at": due,
            "idempotency_key": key,
            })),
        };
        audit::record(&txn, now, actor, audited).await?;
        let recipients = target_users(&txn, &to, &t).await?;
        let args = serde_json::json!({"subject": m.subject, "from": m.from_party, "priority": m.priority, "by": actor.username});
        notify_users(&txn, now, actor, &recipients, "hotline-message", &args, &link(&m)).await?;
        txn.commit().await?;
        Ok(Sent { message: self.hotline_one(m, actor.party.as_str()).await?, replayed: false })
    }

    async fn hotline_by_key(&self, uid: i64, key: &str) -> Result<Option<hotline_message::Model>> {
        Ok(hotline_message::Entity::find()
            .filter(hotline_message::Column::FromUserId.eq(uid))
            .filter(hotline_message::Column::IdempotencyKey.eq(key))
            .one(self.connection())
            .await?)
    }

    #[allow(clippy::too_many_arguments)]
    async fn replay(
        &self,
        actor: &Actor,
        existing: hotline_message::Model,
        key: &str,
        to: Option<&str>,
        subject: &str,
        body: &str,
        priority: Priority,
        reply_to: Option<i64>,
    ) -> Result<Sent> {
        let same = existing.subject == subject.trim()
            && existing.body == body.trim()
            && existing.priority == priority.code()
            && existing.reply_to == reply_to
            && to.is_none_or(|t| t == existing.to_party);
        if !same {
            return Err(StoreError::Conflict(Msg::new("conflict-key-used").arg("key", key).arg("id", existing.id)));
        }
        Ok(Sent { message: self.hotline_one(existing, actor.party.as_str()).await?, replayed: true })
    }

    /// Acknowledges a message to the actor's party, with an optional reply.
    /// Acknowledging again as the same officer with the same reply returns the
    /// message unchanged. The flag says whether this call acknowledged it.
    pub async fn hotline_ack(
        &self,
        actor: &Actor,
        id: HotlineMessageId,
        reply: Option<&str>,
    ) -> Result<(MessageView, bool)> {
        let uid = actor.user_id.ok_or_else(|| StoreError::Forbidden(Msg::new("forbidden-hotline-ack")))?;
        let reply = match reply.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(required_text("reply", r, BODY_MAX)?),
            None => None,
        };
        let txn = self.write().await?;
        let m = self.load_message(&txn, actor, id.get()).await?;
        if m.to_party != actor.party.as_str() {
            return Err(StoreError::Forbidden(Msg::new("forbidden-ack-other").arg("id", id).arg("party", &m.to_party)));
        }
        if m.status == MessageStatus::Acknowledged.code() {
            if m.acked_by_user_id == Some(uid) && m.ack_reply == reply {
                txn.rollback().await?;
                return Ok((self.hotline_one(m, actor.party.as_str()).await?, false));
            }
            return Err(StoreError::Conflict(
                Msg::new("conflict-already-acknowledged").arg("id", id).arg("by", m.acked_by.as_deref().unwrap_or("—")),
            ));
        }
        let now = self.now_ms();
        let before = serde_json::json!({"status": m.status, "level": m.level, "overdue": now >= m.ack_due_at});
        let mut am: hotline_message::ActiveModel = m.into();
        am.status = Set(MessageStatus::Acknowledged.code().into());
        am.acked_at = Set(Some(now));
        am.acked_by_user_id = Set(Some(uid));
        am.acked_by = Set(Some(actor.username.clone()));
        am.ack_reply = Set(reply.clone());
        let m = am.update(&txn).await?;
        let audited = Event::new(Action::HotlineAck, ObjectKind::HotlineMessage, id, actor.party.as_str())
            .with(Some(before), Some(serde_json::json!({"status": MessageStatus::Acknowledged, "reply": reply})));
        audit::record(&txn, now, actor, audited).await?;
        let sender: Vec<user::Model> = user::Entity::find_by_id(m.from_user_id).all(&txn).await?;
        let args = serde_json::json!({"subject": m.subject, "from": m.to_party, "by": actor.username});
        notify_users(&txn, now, actor, &sender, "hotline-acknowledged", &args, &link(&m)).await?;
        txn.commit().await?;
        Ok((self.hotline_one(m, actor.party.as_str()).await?, true))
    }

    async fn load_message(&self, txn: &DatabaseTransaction, actor: &Actor, id: i64) -> Result<hotline_message::Model> {
        hotline_message::Entity::find_by_id(id)
            .one(txn)
            .await?
            .filter(|m| involves(m, actor.party.as_str()))
            .ok_or_else(|| StoreError::not_found(ObjectKind::HotlineMessage, id))
    }

    /// Messages to and from the actor's party, newest first.
    pub async fn hotline_messages(&self, actor: &Actor, mailbox: Mailbox, limit: u64) -> Result<Vec<MessageView>> {
        let party = actor.party.as_str();
        let cond = match mailbox {
            Mailbox::All => Condition::any()
                .add(hotline_message::Column::FromParty.eq(party))
                .add(hotline_message::Column::ToParty.eq(party)),
            Mailbox::Inbox => Condition::all().add(hotline_message::Column::ToParty.eq(party)),
            Mailbox::Outbox => Condition::all().add(hotline_message::Column::FromParty.eq(party)),
        };
        let rows = hotline_message::Entity::find()
            .filter(cond)
            .order_by_desc(hotline_message::Column::Id)
            .limit(limit.clamp(1, 1000))
            .all(self.connection())
            .await?;
        self.hotline_views(rows, party).await
    }

    /// One message and its whole thread, oldest first.
    pub async fn hotline_thread(&self, actor: &Actor, id: HotlineMessageId) -> Result<Vec<MessageView>> {
        let party = actor.party.as_str();
        let m = hotline_message::Entity::find_by_id(id)
            .one(self.connection())
            .await?
            .filter(|m| involves(m, party))
            .ok_or_else(|| StoreError::not_found(ObjectKind::HotlineMessage, id))?;
        let root = m.thread_id.unwrap_or(m.id);
        let rows = hotline_message::Entity::find()
            .filter(
                Condition::any()
                    .add(hotline_message::Column::Id.eq(root))
                    .add(hotline_message::Column::ThreadId.eq(root)),
            )
            .order_by_asc(hotline_message::Column::Id)
            .all(self.connection())
            .await?;
        self.hotline_views(rows.into_iter().filter(|m| involves(m, party)).collect(), party).await
    }

    /// Escalates every message unacknowledged past its deadline at `now` one
    /// step: to the next officer of the roster with a new deadline, or after
    /// the last to the joint office. Each step is audited and notified in its
    /// own transaction. Returns the ids of the messages escalated.
    pub async fn hotline_escalate_overdue(&self, now: i64) -> Result<Vec<i64>> {
        let due: Vec<i64> = hotline_message::Entity::find()
            .select_only()
            .column(hotline_message::Column::Id)
            .filter(hotline_message::Column::Status.ne(MessageStatus::Acknowledged.code()))
            .filter(hotline_message::Column::AtJointOffice.eq(false))
            .filter(hotline_message::Column::AckDueAt.lte(now))
            .order_by_asc(hotline_message::Column::AckDueAt)
            .limit(500)
            .into_tuple()
            .all(self.connection())
            .await?;
        let mut escalated = Vec::new();
        for id in due {
            if self.escalate_one(id, now).await? {
                escalated.push(id);
            }
        }
        Ok(escalated)
    }

    async fn escalate_one(&self, id: i64, now: i64) -> Result<bool> {
        let txn = self.write().await?;
        // Read again inside the transaction: an officer may have acknowledged meanwhile.
        let Some(m) = hotline_message::Entity::find_by_id(id).one(&txn).await? else { return Ok(false) };
        if m.status == MessageStatus::Acknowledged.code() || m.at_joint_office || m.ack_due_at > now {
            return Ok(false);
        }
        let party = ittifaq_core::PartyCode::parse(&m.to_party)?;
        let actor = Actor { username: format!("hotline-escalation@{party}"), ..Actor::system(party) };
        let level = m.level + 1;
        let t = target(&txn, &m.to_party, level).await?;
        let due = now + i64::from(m.ack_minutes) * 60_000;
        let before = serde_json::json!({"level": m.level, "ack_due_at": m.ack_due_at, "assignee": m.assignee_user_id});
        let after = serde_json::json!({
            "level": level,
            "ack_due_at": due,
            "assignee": t.assignee.as_ref().map(|u| u.username.clone()),
            "joint_office": t.joint_office,
        });
        let mut am: hotline_message::ActiveModel = m.into();
        am.level = Set(level);
        am.ack_due_at = Set(due);
        am.assignee_user_id = Set(t.assignee.as_ref().map(|u| u.id));
        am.at_joint_office = Set(t.joint_office);
        am.status = Set(MessageStatus::Escalated.code().into());
        let m = am.update(&txn).await?;
        let audited = Event::new(Action::HotlineEscalate, ObjectKind::HotlineMessage, id, &m.to_party)
            .with(Some(before), Some(after));
        audit::record(&txn, now, &actor, audited).await?;
        let recipients = target_users(&txn, &m.to_party, &t).await?;
        let kind = if t.joint_office { "hotline-joint-office" } else { "hotline-escalated" };
        let args = serde_json::json!({
            "subject": m.subject, "from": m.from_party, "priority": m.priority, "level": level.to_string(), "by": actor.username,
        });
        notify_users(&txn, now, &actor, &recipients, kind, &args, &link(&m)).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The actor's party's escalation roster, in order.
    pub async fn hotline_roster(&self, actor: &Actor) -> Result<Vec<RosterEntry>> {
        Ok(roster_users(self.connection(), actor.party.as_str())
            .await?
            .into_iter()
            .map(|(position, u)| RosterEntry { position, username: u.username, display_name: u.display_name })
            .collect())
    }

    /// Replaces the actor's party's roster with these officers, in order
    /// (position 1 is the duty officer). Empty: every officer is notified of
    /// a new message, and an overdue one goes to the joint office.
    pub async fn set_hotline_roster(&self, actor: &Actor, usernames: &[String]) -> Result<Vec<RosterEntry>> {
        let party = actor.party.as_str();
        if usernames.len() > 50 {
            return Err(StoreError::invalid("officers", Msg::new("invalid-roster-size")));
        }
        let txn = self.write().await?;
        let mut ids = Vec::new();
        for name in usernames {
            let name = name.trim();
            let u = user::Entity::find()
                .filter(user::Column::Username.eq(name))
                .one(&txn)
                .await?
                .filter(|u| u.party == party)
                .ok_or_else(|| {
                    StoreError::invalid(
                        "officers",
                        Msg::new("invalid-roster-account").arg("name", name).arg("party", party),
                    )
                })?;
            if u.role != OFFICER || u.disabled {
                return Err(StoreError::invalid("officers", Msg::new("invalid-roster-officer").arg("name", name)));
            }
            if ids.contains(&u.id) {
                return Err(StoreError::invalid("officers", Msg::new("invalid-roster-twice").arg("name", name)));
            }
            ids.push(u.id);
        }
        let before: Vec<String> = roster_users(&txn, party).await?.into_iter().map(|(_, u)| u.username).collect();
        hotline_roster::Entity::delete_many().filter(hotline_roster::Column::Party.eq(party)).exec(&txn).await?;
        for (i, id) in ids.iter().enumerate() {
            hotline_roster::ActiveModel {
                party: Set(party.to_owned()),
                position: Set(i as i32 + 1),
                user_id: Set(*id),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let after: Vec<String> = usernames.iter().map(|n| n.trim().to_owned()).collect();
        let audited = Event::new(Action::HotlineRoster, ObjectKind::HotlineRoster, party.to_owned(), party)
            .with(Some(serde_json::json!({"officers": before})), Some(serde_json::json!({"officers": after})));
        audit::record(&txn, self.now_ms(), actor, audited).await?;
        txn.commit().await?;
        self.hotline_roster(actor).await
    }
}
