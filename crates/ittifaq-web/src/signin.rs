//! Signing in and out, on the pages and through the API, and the language chosen.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Lang;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::{self, CurrentUser};
use crate::extract::Caller;
use crate::i18n::LANG_COOKIE;
use crate::pages::{FormData, PageCtx, QueryData};
use crate::{AppError, AppState};

// ---------------------------------------------------------------- sign-in

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    error: Option<String>,
    next: String,
    username: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: PageCtx, QueryData(q): QueryData<LoginQuery>) -> impl IntoResponse {
    LoginPage { ctx, error: None, next: auth::safe_next(q.next.as_deref()), username: String::new() }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(State(state): State<AppState>, ctx: PageCtx, FormData(f): FormData<LoginForm>) -> Response {
    let next = auth::safe_next(f.next.as_deref());
    match auth::sign_in(&state, &f.username, f.password, f.code.as_deref()).await {
        Ok(s) => {
            let max_age = (s.expires_at - state.store.now_ms()) / 1000;
            let cookie = auth::session_cookie(&state, &s.token, max_age);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(e @ (AppError::Unauthorized(_) | AppError::TooManyRequests(_))) => {
            let status = e.status();
            let page = LoginPage { error: Some(ctx.tr.msg(&e.message())), next, username: f.username, ctx };
            (status, page).into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn logout(Caller { state, user: u }: Caller) -> Result<Response, AppError> {
    state.store.delete_session(&u.token_hash).await?;
    let cookie = auth::session_cookie(&state, "", 0);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn set_language(FormData(f): FormData<LangForm>) -> Result<Response, AppError> {
    let lang = Lang::from_code(&f.lang).ok_or_else(|| {
        AppError::invalid(
            "lang",
            ittifaq_core::Msg::new("invalid-one-of").arg("value", &f.lang).arg("codes", "en, tr, ar"),
        )
    })?;
    let mut c = cookie::Cookie::new(LANG_COOKIE, lang.code());
    c.set_path("/");
    c.set_same_site(cookie::SameSite::Lax);
    c.set_max_age(time::Duration::days(365));
    let next = auth::safe_next(f.next.as_deref());
    Ok(([(header::SET_COOKIE, c.to_string())], Redirect::to(&next)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    username: String,
    password: String,
    /// The current TOTP code, for accounts with a second factor.
    #[serde(default)]
    totp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    token: String,
    /// Milliseconds since the Unix epoch.
    expires_at: i64,
    user: Me,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    username: String,
    display_name: String,
    party: String,
    role: String,
    totp_enabled: bool,
}

#[utoipa::path(post, path = "/api/v1/login", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn api_login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    let s = auth::sign_in(&state, &req.username, req.password, req.totp.as_deref()).await?;
    Ok(Json(LoginResponse {
        token: s.token,
        expires_at: s.expires_at,
        user: Me {
            username: s.user.username,
            display_name: s.user.display_name,
            party: s.user.party,
            role: s.user.role,
            totp_enabled: s.user.totp_secret.is_some(),
        },
    }))
}

#[utoipa::path(post, path = "/api/v1/logout", responses((status = 204)))]
pub async fn api_logout(Caller { state, user: u }: Caller) -> Result<StatusCode, AppError> {
    state.store.delete_session(&u.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me)))]
pub async fn api_me(u: CurrentUser) -> Result<Json<Me>, AppError> {
    Ok(Json(Me {
        username: u.username,
        display_name: u.display_name,
        party: u.party.to_string(),
        role: u.role.to_string(),
        totp_enabled: u.totp_enabled,
    }))
}
