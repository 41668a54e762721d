//! The hotline's live side, apart from HTTP: the broadcast of what happened
//! to each party's messages, and the background job that escalates overdue
//! ones, started by the binary.

use std::time::Duration;

use ittifaq_store::hotline::{AckMinutes, MessageStatus, MessageView};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::{AppError, AppState};

/// How many events a slow listener may fall behind before it is told to resync.
const EVENT_BACKLOG: usize = 256;

/// One thing that happened on the hotline, for the parties it concerns.
#[derive(Debug, Clone)]
pub struct HotlineEvent {
    /// The parties that may receive it.
    pub(crate) parties: Vec<String>,
    /// The SSE event name: `hotline` for messages, `roster` for a roster change.
    pub(crate) name: &'static str,
    pub(crate) data: String,
}

/// The hotline's share of the application state: the channel its events travel on.
#[derive(Clone)]
pub struct Hotline {
    pub(crate) events: broadcast::Sender<HotlineEvent>,
}

impl Default for Hotline {
    fn default() -> Self {
        Hotline { events: broadcast::channel(EVENT_BACKLOG).0 }
    }
}

/// What a party's listeners are told about a message: what both parties may
/// see of it (not which officer it waits on, not the sender's key).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageEvent {
    /// sent, acknowledged or escalated.
    #[schema(value_type = String)]
    pub event: MessageStatus,
    pub id: i64,
    pub thread_id: i64,
    pub from_party: String,
    pub to_party: String,
    pub subject: String,
    pub priority: String,
    #[schema(value_type = String)]
    pub status: MessageStatus,
    pub level: i32,
    pub at_joint_office: bool,
    pub ack_due_at: i64,
}

impl Hotline {
    pub(crate) fn publish(&self, parties: Vec<String>, name: &'static str, data: String) {
        // No listener is not an error: the event simply has no one to reach.
        let _ = self.events.send(HotlineEvent { parties, name, data });
    }

    pub(crate) fn message(&self, event: MessageStatus, m: &MessageView) {
        let e = MessageEvent {
            event,
            id: m.id.get(),
            thread_id: m.thread_id.get(),
            from_party: m.from_party.clone(),
            to_party: m.to_party.clone(),
            subject: m.subject.clone(),
            priority: m.priority.clone(),
            status: m.status,
            level: m.level,
            at_joint_office: m.at_joint_office,
            ack_due_at: m.ack_due_at,
        };
        let data = serde_json::to_string(&e).unwrap_or_default();
        self.publish(vec![m.from_party.clone(), m.to_party.clone()], "hotline", data);
    }
}

pub(crate) fn minutes(state: &AppState) -> AckMinutes {
    AckMinutes::from_rules(&state.rules)
}

/// Escalates the overdue messages once and tells both parties of each.
pub async fn escalate(state: &AppState) -> Result<usize, AppError> {
    let ids = state.store.hotline_escalate_overdue(state.store.now_ms()).await?;
    for id in &ids {
        let m = state.store.hotline_message_shared(*id).await?;
        state.hotline.message(MessageStatus::Escalated, &m);
    }
    Ok(ids.len())
}

/// Escalates overdue messages every `every`, for as long as the process runs.
pub fn spawn_escalations(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match escalate(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "hotline messages escalated"),
                Err(e) => tracing::warn!(error = %e.message(), "the hotline escalation failed"),
            }
        }
    });
}
