//! Notifications: the page and API of a user's notifications, each rendered in
//! the reader's language, and the mailer that sends the queued ones by SMTP in
//! the recipient's language (their chosen one, else their party's).

use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use ittifaq_core::Lang;
use ittifaq_store::Store;
use ittifaq_store::notify::NotificationView;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;

use crate::api::ErrorBody;
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use crate::pages::{FormData, PageCtx};
use crate::{AppError, AppState};

/// The message of a notification in the reader's language.
pub fn message(tr: &Tr, n: &NotificationView) -> String {
    let arg = |k: &str| FluentValue::from(n.args.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned());
    let mut args = vec![("session", arg("session")), ("person", arg("person")), ("by", arg("by"))];
    // The hotline's notifications.
    args.extend([
        ("subject", arg("subject")),
        ("from", arg("from")),
        ("priority", arg("priority")),
        ("level", arg("level")),
    ]);
    let key = match n.kind.strip_prefix("vetting:").and_then(|rest| rest.split_once(':')) {
        Some((check, _)) => {
            args.push(("check", FluentValue::from(check.to_owned())));
            "notify-vetting-failed".to_owned()
        }
        None => format!("notify-{}", n.kind),
    };
    // Fluent isolates arguments with bidi marks: right in HTML, noise in a mail subject.
    tr.t_args(&key, &args).replace(['\u{2068}', '\u{2069}'], "")
}

struct Row {
    text: String,
    link: String,
    read: bool,
    email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    email: String,
    saved: bool,
}

async fn page(state: &AppState, ctx: PageCtx, u: &CurrentUser, saved: bool) -> Result<Response, AppError> {
    let rows = state
        .store
        .notifications(&u.actor(), 200)
        .await?
        .into_iter()
        .map(|n| Row { text: message(&ctx.tr, &n), link: n.link.clone(), read: n.read, email: n.email_status })
        .collect();
    let email = state.store.user_by_id(u.id).await?.and_then(|u| u.email).unwrap_or_default();
    Ok(NotificationsPage { ctx, rows, email, saved }.into_response())
}

pub async fn list(State(state): State<AppState>, ctx: PageCtx, u: CurrentUser) -> Result<Response, AppError> {
    page(&state, ctx, &u, false).await
}

pub async fn mark_read(State(state): State<AppState>, u: CurrentUser) -> Result<Response, AppError> {
    state.store.mark_notifications_read(&u.actor()).await?;
    Ok(Redirect::to("/notifications").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// Sets the address notifications are e-mailed to (empty: none).
pub async fn set_email(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    FormData(f): FormData<EmailForm>,
) -> Result<Response, AppError> {
    state.store.set_own_email(&u.actor(), Some(&f.email)).await?;
    page(&state, ctx, &u, true).await
}

/// The caller's latest notifications, newest first, with the message in the caller's language.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, body = Vec<NotificationOut>), (status = 401, body = ErrorBody)))]
pub async fn api_notifications(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
) -> Result<Json<Vec<NotificationOut>>, AppError> {
    let out = state
        .store
        .notifications(&u.actor(), 200)
        .await?
        .into_iter()
        .map(|n| NotificationOut { message: message(&ctx.tr, &n), notification: n })
        .collect();
    Ok(Json(out))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NotificationOut {
    pub message: String,
    #[serde(flatten)]
    pub notification: NotificationView,
}

// ---------------------------------------------------------------- e-mail

/// Sends queued notifications by SMTP.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// A mailer for an SMTP URL (`smtp://host:port`, `smtps://user:pass@host`,
    /// `smtp://host?tls=required`), sending from `from`.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("smtp_url: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| format!("mail_from \"{from}\": {e}"))?;
        Ok(Mailer { transport, from, public_url: public_url.trim_end_matches('/').to_owned() })
    }

    /// Sends up to `limit` queued e-mails; each is recorded as sent or as a
    /// failed attempt (tried again later). Returns how many were sent.
    pub async fn send_pending(&self, store: &Store, limit: u64) -> Result<usize, AppError> {
        let languages: std::collections::HashMap<String, Lang> = store
            .agreement()
            .await?
            .map(|a| a.parties.into_iter().map(|p| (p.code.to_string(), p.language)).collect())
            .unwrap_or_default();
        let mut sent = 0;
        for (n, user) in store.pending_emails(limit).await? {
            let Some(address) = user.email.clone() else { continue };
            let lang = user
                .locale
                .as_deref()
                .and_then(Lang::from_code)
                .or_else(|| languages.get(&user.party).copied())
                .unwrap_or_default();
            let tr = Tr::new(lang);
            let view = NotificationView::from(n.clone());
            let text = message(&tr, &view);
            let body = format!("{text}\n\n{}{}\n\n-- \n{}\n", self.public_url, view.link, tr.t("notify-footer"));
            let outcome = async {
                let to = address.parse::<Mailbox>().map_err(|e| format!("the address {address}: {e}"))?;
                let email = Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(text.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .map_err(|e| format!("the message: {e}"))?;
                self.transport.send(email).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
            }
            .await;
            if outcome.is_ok() {
                sent += 1;
            } else if let Err(e) = &outcome {
                tracing::warn!(notification = n.id, error = %e, "an e-mail was not sent");
            }
            store.record_email(n.id, outcome).await?;
        }
        Ok(sent)
    }

    /// Sends the queue every `every`, for as long as the process runs.
    pub fn spawn(self, store: Store, every: Duration) {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = self.send_pending(&store, 100).await {
                    tracing::warn!(error = %e.message(), "the mail queue could not be read");
                }
            }
        });
    }
}
