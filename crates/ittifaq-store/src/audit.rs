//! The audit record: every change, written in the same transaction as the
//! change, behind the one function [`record`]. The ledger will turn this table
//! into a verifiable Merkle log behind the same interface.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::audit_log;
pub use crate::ledger::Appender;
use crate::{Actor, Result, Store};

/// One change to record.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub object_party: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
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
        object_type: event.object_type.to_owned(),
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
    object_type: &str,
    id: i64,
    object_party: &str,
) -> Result<()> {
    record(
        conn,
        at,
        actor,
        Event {
            action: "archive",
            object_type,
            object_id: id.to_string(),
            object_party,
            before: Some(serde_json::json!({"archived": false})),
            after: Some(serde_json::json!({"archived": true})),
        },
    )
    .await
}

/// An audit entry as one user may see it: the other party's changes show
/// which fields changed but not their values.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub actor_party: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_party: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// True when values were withheld because the record is another party's.
    pub redacted: bool,
}

fn redact(text: &Option<String>) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text.as_deref()?).ok()?;
    match value {
        serde_json::Value::Object(map) => {
            Some(serde_json::Value::Array(map.keys().map(|k| serde_json::Value::String(k.clone())).collect()))
        }
        _ => None,
    }
}

/// Filter of the audit listing.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub limit: u64,
}

impl Store {
    /// The newest audit entries visible to `actor`, newest first.
    pub async fn audit_list(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditView>> {
        let mut q = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(t) = &filter.object_type {
            q = q.filter(audit_log::Column::ObjectType.eq(t.as_str()));
        }
        if let Some(id) = &filter.object_id {
            q = q.filter(audit_log::Column::ObjectId.eq(id.as_str()));
        }
        let limit = if filter.limit == 0 { 100 } else { filter.limit.min(1000) };
        let rows = q.limit(limit).all(self.connection()).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let own = r.object_party == actor.party.as_str();
                let parse = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str(t).ok());
                AuditView {
                    id: r.id,
                    at: r.at,
                    actor: r.actor.clone(),
                    actor_party: r.actor_party.clone(),
                    action: r.action.clone(),
                    object_type: r.object_type.clone(),
                    object_id: r.object_id.clone(),
                    object_party: r.object_party.clone(),
                    before: if own { parse(&r.before) } else { redact(&r.before) },
                    after: if own { parse(&r.after) } else { redact(&r.after) },
                    redacted: !own,
                }
            })
            .collect())
    }

    /// Every audit row, oldest first, unredacted: for the command line's export.
    pub async fn audit_all(&self) -> Result<Vec<audit_log::Model>> {
        Ok(audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(self.connection()).await?)
    }
}
