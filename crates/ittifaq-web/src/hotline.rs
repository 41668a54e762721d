//! The deconfliction hotline's pages and API: inbox and outbox with deadline
//! countdowns, the thread view, sending (with an idempotency key) and
//! acknowledging, each party's escalation roster, and a server-sent events
//! stream that tells each party (and only it) what happened to its messages.
//! The events' broadcast and the escalation job are [`crate::hotline_live`].

use ittifaq_core::Msg;
use ittifaq_core::Role;
use ittifaq_core::id::HotlineMessageId;
use ittifaq_store::hotline::MessageStatus;
use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::Stream;
use ittifaq_store::hotline::{AckMinutes, Mailbox, MessageInput, MessageView, RosterEntry};
use serde::Deserialize;
use tokio::sync::broadcast;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Caller, Id};
use crate::hotline_live::{HotlineEvent, MessageEvent, minutes};
use crate::pages::{FormData, PageCtx, QueryData};
use crate::{AppError, AppState};

/// A fresh random idempotency key for a form, so that a form posted twice sends once.
fn new_key() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(hex::encode(bytes))
}

/// A message as a row of the page.
struct Row {
    m: MessageView,
    sent: String,
    due: String,
    /// Seconds left until the deadline (negative: overdue by).
    left: i64,
    status: String,
    priority: String,
    waiting_on: String,
    can_ack: bool,
    acked: bool,
    escalated: bool,
}

fn row(ctx: &PageCtx, now: i64, can_ack: bool, m: MessageView) -> Row {
    let status = if m.status == MessageStatus::Acknowledged {
        ctx.t("hotline-status-acknowledged")
    } else if m.at_joint_office {
        ctx.t("hotline-status-joint-office")
    } else if m.status == MessageStatus::Escalated {
        format!("{} ({} {})", ctx.t("hotline-status-escalated"), ctx.t("hotline-level"), m.level)
    } else {
        ctx.t("hotline-status-sent")
    };
    let waiting_on = match m.waiting_on.as_deref() {
        Some(u) if u == Role::JointOffice.code() => ctx.t(&format!("role-{u}")),
        Some(u) => u.to_owned(),
        None => String::new(),
    };
    Row {
        sent: crate::i18n::utc_second(m.sent_at),
        due: crate::i18n::utc_second(m.ack_due_at),
        left: (m.ack_due_at - now).div_euclid(1000),
        can_ack: can_ack && m.status != MessageStatus::Acknowledged,
        acked: m.status == MessageStatus::Acknowledged,
        escalated: m.status == MessageStatus::Escalated,
        priority: ctx.t(&format!("hotline-priority-{}", m.priority)),
        status,
        waiting_on,
        m,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "hotline.html")]
struct HotlinePage {
    ctx: PageCtx,
    inbox: Vec<Row>,
    outbox: Vec<Row>,
    can_send: bool,
    can_roster: bool,
    to_options: Vec<String>,
    key: String,
    roster: Vec<RosterEntry>,
    roster_text: String,
    ack_minutes: AckMinutes,
}

pub async fn page(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let actor = u.actor();
    let now = state.store.now_ms();
    let can_send = ctx.can("POST", "/hotline/messages");
    let can_ack = ctx.can("POST", "/hotline/messages/{id}/ack");
    let messages = state.store.hotline_messages(&actor, Mailbox::All, 200).await?;
    let (mut inbox, mut outbox) = (Vec::new(), Vec::new());
    for m in messages {
        if m.to_party == u.party.as_str() {
            inbox.push(row(&ctx, now, can_ack, m));
        } else {
            outbox.push(row(&ctx, now, false, m));
        }
    }
    let to_options =
        state.store.parties().await?.into_iter().map(|p| p.code).filter(|c| c != u.party.as_str()).collect();
    let roster = state.store.hotline_roster(&actor).await?;
    let roster_text = roster.iter().map(|r| r.username.clone()).collect::<Vec<_>>().join("\n");
    Ok(HotlinePage {
        can_roster: ctx.can("POST", "/hotline/roster"),
        ctx,
        inbox,
        outbox,
        can_send,
        to_options,
        key: new_key()?,
        roster,
        roster_text,
        ack_minutes: minutes(&state),
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "hotline_thread.html")]
struct ThreadPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    root: i64,
    can_send: bool,
    key: String,
}

pub async fn thread(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<HotlineMessageId>,
) -> Result<Response, AppError> {
    let now = state.store.now_ms();
    let can_ack = ctx.can("POST", "/hotline/messages/{id}/ack");
    let party = u.party.as_str().to_owned();
    let rows: Vec<Row> = state
        .store
        .hotline_thread(&u.actor(), id)
        .await?
        .into_iter()
        .map(|m| {
            let mine = m.to_party == party;
            row(&ctx, now, can_ack && mine, m)
        })
        .collect();
    let root = rows.first().map_or(id.get(), |r| r.m.thread_id.get());
    Ok(ThreadPage { can_send: ctx.can("POST", "/hotline/messages"), ctx, rows, root, key: new_key()? }.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendForm {
    #[serde(default)]
    to: String,
    subject: String,
    body: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    declaration: String,
    #[serde(default)]
    reply_to: String,
    idempotency_key: String,
}

pub async fn send(Caller { state, user: u }: Caller, FormData(f): FormData<SendForm>) -> Result<Response, AppError> {
    let reply_to = match f.reply_to.trim() {
        "" => None,
        t => Some(
            t.parse::<i64>()
                .map_err(|_| AppError::invalid("reply_to", Msg::new("invalid-not-a-message").arg("text", t)))?,
        ),
    };
    let input = MessageInput {
        to: Some(f.to),
        subject: f.subject,
        body: f.body,
        priority: Some(f.priority),
        declaration: Some(f.declaration),
        reply_to,
        idempotency_key: None,
    };
    let sent = state.store.hotline_send(&u.actor(), &input, &f.idempotency_key, &minutes(&state)).await?;
    if !sent.replayed {
        state.hotline.message(MessageStatus::Sent, &sent.message);
    }
    let to =
        if reply_to.is_some() { format!("/hotline/messages/{}", sent.message.thread_id) } else { "/hotline".into() };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AckForm {
    /// An optional answer, kept with the acknowledgement.
    #[serde(default)]
    reply: Option<String>,
}

pub async fn ack(
    Caller { state, user: u }: Caller,
    Id(id): Id<HotlineMessageId>,
    FormData(f): FormData<AckForm>,
) -> Result<Response, AppError> {
    let m = acknowledge(&state, &u, id, f.reply.as_deref()).await?;
    Ok(Redirect::to(&format!("/hotline/messages/{}", m.thread_id)).into_response())
}

async fn acknowledge(
    state: &AppState,
    u: &CurrentUser,
    id: HotlineMessageId,
    reply: Option<&str>,
) -> Result<MessageView, AppError> {
    let (m, changed) = state.store.hotline_ack(&u.actor(), id, reply).await?;
    if changed {
        state.hotline.message(MessageStatus::Acknowledged, &m);
    }
    Ok(m)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterForm {
    #[serde(default)]
    officers: String,
}

pub async fn roster_save(
    Caller { state, user: u }: Caller,
    FormData(f): FormData<RosterForm>,
) -> Result<Response, AppError> {
    let names: Vec<String> =
        f.officers.split(['\n', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    save_roster(&state, &u, &names).await?;
    Ok(Redirect::to("/hotline#roster").into_response())
}

async fn save_roster(state: &AppState, u: &CurrentUser, names: &[String]) -> Result<Vec<RosterEntry>, AppError> {
    let roster = state.store.set_hotline_roster(&u.actor(), names).await?;
    let data = serde_json::json!({"party": u.party.as_str(), "officers": roster}).to_string();
    // Who stands watch is the party's own business: only its listeners hear of it.
    state.hotline.publish(vec![u.party.to_string()], "roster", data);
    Ok(roster)
}

// ---------------------------------------------------------------- API

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// inbox (to my party), outbox (from my party) or all (the default).
    #[serde(default, rename = "box")]
    mailbox: Option<String>,
    /// At most this many, newest first (default 200, at most 1000).
    #[serde(default)]
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
}

/// Hotline messages to and from the caller's party, newest first.
#[utoipa::path(get, path = "/api/v1/hotline/messages", params(ListQuery),
    responses((status = 200, body = Vec<MessageView>), (status = 400, body = ErrorBody)))]
pub async fn api_messages(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<ListQuery>,
) -> Result<Json<Vec<MessageView>>, AppError> {
    let mailbox = match q.mailbox.as_deref().map(str::trim) {
        None | Some("" | "all") => Mailbox::All,
        Some("inbox") => Mailbox::Inbox,
        Some("outbox") => Mailbox::Outbox,
        Some(other) => {
            return Err(AppError::invalid("box", Msg::new("invalid-mailbox").arg("value", other)));
        }
    };
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", Msg::new("invalid-limit").arg("limit", limit)));
    }
    Ok(Json(state.store.hotline_messages(&u.actor(), mailbox, limit).await?))
}

/// Sends a message. The `Idempotency-Key` header (or the `idempotency_key`
/// field) is required: sending again with the same key returns the original
/// message with 200 and `Idempotency-Replayed: true` instead of a second one.
#[utoipa::path(post, path = "/api/v1/hotline/messages", request_body = MessageInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "the client's key for this send")),
    responses((status = 201, body = MessageView), (status = 200, body = MessageView),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_send(
    Caller { state, user: u }: Caller,
    headers: HeaderMap,
    ApiJson(input): ApiJson<MessageInput>,
) -> Result<Response, AppError> {
    let header = match headers.get("idempotency-key") {
        Some(v) => Some(
            v.to_str()
                .map_err(|_| AppError::invalid("idempotency_key", Msg::new("invalid-key-header")))?
                .trim()
                .to_owned(),
        ),
        None => None,
    };
    let key = match (header, input.idempotency_key.as_deref().map(str::trim)) {
        (Some(h), Some(f)) if h != f => {
            return Err(AppError::invalid("idempotency_key", Msg::new("invalid-key-differs")));
        }
        (Some(h), _) => h,
        (None, Some(f)) => f.to_owned(),
        (None, None) => String::new(),
    };
    let sent = state.store.hotline_send(&u.actor(), &input, &key, &minutes(&state)).await?;
    if sent.replayed {
        let mut res = Json(sent.message).into_response();
        res.headers_mut().insert("idempotency-replayed", HeaderValue::from_static("true"));
        return Ok(res);
    }
    state.hotline.message(MessageStatus::Sent, &sent.message);
    Ok((StatusCode::CREATED, Json(sent.message)).into_response())
}

/// A message with its whole thread, oldest first.
#[utoipa::path(get, path = "/api/v1/hotline/messages/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<MessageView>), (status = 404, body = ErrorBody)))]
pub async fn api_thread(
    Caller { state, user: u }: Caller,
    Id(id): Id<HotlineMessageId>,
) -> Result<Json<Vec<MessageView>>, AppError> {
    Ok(Json(state.store.hotline_thread(&u.actor(), id).await?))
}

/// Acknowledges a message to the caller's party; the body (optional) may carry a reply.
#[utoipa::path(post, path = "/api/v1/hotline/messages/{id}/ack", params(("id" = i64, Path)),
    request_body(content = Option<AckForm>),
    responses((status = 200, body = MessageView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_ack(
    Caller { state, user: u }: Caller,
    Id(id): Id<HotlineMessageId>,
    body: Bytes,
) -> Result<Json<MessageView>, AppError> {
    let input = crate::api::optional_json::<AckForm>(&body)?.unwrap_or(AckForm { reply: None });
    Ok(Json(acknowledge(&state, &u, id, input.reply.as_deref()).await?))
}

/// The caller's party's escalation roster, in order (position 1 is the duty officer).
#[utoipa::path(get, path = "/api/v1/hotline/roster", responses((status = 200, body = Vec<RosterEntry>)))]
pub async fn api_roster(Caller { state, user: u }: Caller) -> Result<Json<Vec<RosterEntry>>, AppError> {
    Ok(Json(state.store.hotline_roster(&u.actor()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterInput {
    /// Usernames of the party's deconfliction officers, duty officer first.
    officers: Vec<String>,
}

/// Replaces the caller's party's roster.
#[utoipa::path(put, path = "/api/v1/hotline/roster", request_body = RosterInput,
    responses((status = 200, body = Vec<RosterEntry>), (status = 422, body = ErrorBody)))]
pub async fn api_roster_save(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<RosterInput>,
) -> Result<Json<Vec<RosterEntry>>, AppError> {
    Ok(Json(save_roster(&state, &u, &input.officers).await?))
}

/// How often an open stream checks that its session is still valid.
const SESSION_CHECK: Duration = Duration::from_secs(60);

/// What an open event stream holds between events.
struct Listener {
    rx: broadcast::Receiver<HotlineEvent>,
    party: String,
    state: AppState,
    token_hash: String,
    check: tokio::time::Interval,
}

impl Listener {
    /// The next event for this party; `None` ends the stream (signed out,
    /// session expired, or the server is stopping).
    async fn next(&mut self) -> Option<Event> {
        loop {
            tokio::select! {
                received = self.rx.recv() => match received {
                    // An event is delivered only while the session is valid, so a
                    // stream opened before signing out tells nothing after it.
                    Ok(e) if e.parties.contains(&self.party) => {
                        return self.signed_in().await.then(|| Event::default().event(e.name).data(e.data));
                    }
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return self.signed_in().await.then(|| Event::default().event("resync").data("{}"));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.check.tick() => {
                    if !self.signed_in().await {
                        return None;
                    }
                }
            }
        }
    }

    async fn signed_in(&self) -> bool {
        let idle_ms = i64::from(self.state.rules.session_idle_minutes) * 60_000;
        match self.state.store.session(&self.token_hash, idle_ms).await {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "an event stream could not check its session");
                false
            }
        }
    }
}

/// A server-sent events stream of what happens to the messages to and from
/// the caller's party: `hotline` events carry a [`MessageEvent`]; `roster`
/// events the party's new roster; `resync` means events were missed. The
/// stream ends when the caller's session does (checked every minute; an open
/// stream counts as use of the session, up to its absolute lifetime).
#[utoipa::path(get, path = "/api/v1/hotline/events",
    responses((status = 200, content_type = "text/event-stream", body = MessageEvent)))]
pub async fn events(
    Caller { state, user: u }: Caller,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.reset();
    let listener = Listener {
        rx: state.hotline.events.subscribe(),
        party: u.party.to_string(),
        token_hash: u.token_hash.clone(),
        state,
        check,
    };
    let stream = futures_util::stream::unfold(listener, |mut l| async move { l.next().await.map(|e| (Ok(e), l)) });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
