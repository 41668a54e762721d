//! The audit record: every change, written in the same transaction as the
//! change, behind the one function [`record`]. The ledger will turn this table
//! into a verifiable Merkle log behind the same interface.

use crate::entity::audit_log;
pub use crate::ledger::Appender;
use crate::{Actor, Result};
use ittifaq_core::audit::{Action, ObjectKind};

/// One change to record: an [`Action`]'s code, or a nomination's step.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_type: ObjectKind,
    pub object_id: String,
    pub object_party: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Event<'a> {
    /// An action on a record, with no values before or after.
    pub fn new(action: Action, object_type: ObjectKind, object_id: impl ToString, object_party: &'a str) -> Self {
        Event {
            action: action.code(),
            object_type,
            object_id: object_id.to_string(),
            object_party,
            before: None,
            after: None,
        }
    }

    /// The record's values before and after the action.
    pub fn with(self, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> Self {
        Event { before, after, ..self }
    }
}

/// Appends an event to the audit table, and its canonical entry to the joint
/// ledger, inside the caller's transaction. On PostgreSQL the ledger's append
/// lock is held from here to the end of the transaction, so a step records
/// its event last, and commits soon after.
pub async fn record<C: Appender>(conn: &C, at: i64, actor: &Actor, event: Event<'_>) -> Result<()> {
    let mut row = audit_log::Model {
        id: 0,
        at,
        actor: actor.username.clone(),
        actor_party: actor.party.to_string(),
        action: event.action.to_owned(),
        object_type: event.object_type.code().to_owned(),
        object_id: event.object_id,
        object_party: event.object_party.to_owned(),
        before: event.before.map(|v| v.to_string()),
        after: event.after.map(|v| v.to_string()),
    };
    row.id = crate::ledger::insert_audit_row(conn, &row).await?;
    crate::ledger::append(conn, &row).await
}

/// Records that a record was archived (it was not before).
pub async fn record_archive<C: Appender>(
    conn: &C,
    at: i64,
    actor: &Actor,
    object_type: ObjectKind,
    id: i64,
    object_party: &str,
) -> Result<()> {
    record(
        conn,
        at,
        actor,
        Event {
            action: Action::Archive.code(),
            object_type,
            object_id: id.to_string(),
            object_party,
            before: Some(serde_json::json!({"archived": false})),
            after: Some(serde_json::json!({"archived": true})),
        },
    )
    .await
}
