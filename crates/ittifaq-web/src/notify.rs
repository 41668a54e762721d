//! Notifications: the page and API of a user's notifications, each rendered in
//! the reader's language. The mailer that sends them is [`crate::mailer`].

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::notify::EmailStatus;
use ittifaq_store::notify::NotificationView;
use serde::Deserialize;

use crate::api::ErrorBody;
use crate::auth::CurrentUser;
use crate::extract::Caller;
use crate::mailer::message;
use crate::pages::{FormData, PageCtx};
use crate::{AppError, AppState};

struct Row {
    text: String,
    link: String,
    read: bool,
    /// Its e-mail went out.
    emailed: bool,
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
        .map(|n| Row {
            text: message(&ctx.tr, &n),
            link: n.link.clone(),
            read: n.read,
            emailed: n.email_status == EmailStatus::Sent,
        })
        .collect();
    let email = state.store.user_by_id(u.id).await?.and_then(|u| u.email).unwrap_or_default();
    Ok(NotificationsPage { ctx, rows, email, saved }.into_response())
}

pub async fn list(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    page(&state, ctx, &u, false).await
}

pub async fn mark_read(Caller { state, user: u }: Caller) -> Result<Response, AppError> {
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
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<EmailForm>,
) -> Result<Response, AppError> {
    state.store.set_own_email(&u.actor(), Some(&f.email)).await?;
    page(&state, ctx, &u, true).await
}

/// The caller's latest notifications, newest first, with the message in the caller's language.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, body = Vec<NotificationOut>), (status = 401, body = ErrorBody)))]
pub async fn api_notifications(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
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
