//! A user's own account (second factor) and the accounts a party's admin manages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Msg;
use ittifaq_core::Role;
use ittifaq_core::id::UnitId;
use ittifaq_store::users::NewUser;
use serde::Deserialize;

use crate::auth::{self, CurrentUser};
use crate::extract::Caller;
use crate::pages::{FormData, PageCtx};
use crate::{AppError, AppState};

// ---------------------------------------------------------------- account

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageCtx,
    totp_enabled: bool,
    pending_secret: Option<String>,
    pending_url: String,
    error: Option<String>,
}

pub async fn account(ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    Ok(AccountPage { ctx, totp_enabled: u.totp_enabled, pending_secret: None, pending_url: String::new(), error: None })
}

fn new_totp_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(totp_rs::Secret::from(bytes).to_base32())
}

pub async fn totp_start(ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    if u.totp_enabled {
        return Err(AppError::Conflict(Msg::new("conflict-totp-enabled")));
    }
    let secret = new_totp_secret()?;
    let url = auth::totp_for(&secret, &u.username)?.to_url().unwrap_or_default();
    Ok(AccountPage { ctx, totp_enabled: false, pending_secret: Some(secret), pending_url: url, error: None })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotpConfirm {
    secret: String,
    code: String,
}

pub async fn totp_confirm(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<TotpConfirm>,
) -> Result<Response, AppError> {
    if u.totp_enabled {
        return Err(AppError::Conflict(Msg::new("conflict-totp-enabled")));
    }
    if totp_rs::Secret::try_from_base32(&f.secret).map(|s| s.len()).unwrap_or(0) < 16 {
        return Err(AppError::invalid("secret", Msg::new("invalid-totp-secret")));
    }
    let totp = auth::totp_for(&f.secret, &u.username)?;
    let now_s = (state.store.now_ms() / 1000).max(0) as u64;
    match totp.check(f.code.trim(), now_s) {
        Some(step) => {
            state
                .store
                .set_totp_secret(&u.actor(), Some(f.secret), Some(i64::try_from(step).unwrap_or(i64::MAX)))
                .await?;
            Ok(Redirect::to("/account").into_response())
        }
        None => {
            let url = totp.to_url().unwrap_or_default();
            let page = AccountPage {
                error: Some(ctx.t("totp-wrong")),
                ctx,
                totp_enabled: false,
                pending_secret: Some(f.secret),
                pending_url: url,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---------------------------------------------------------------- users

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: PageCtx,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, String)>,
    /// The party's units a commander may command: id and code.
    units: Vec<(i64, String)>,
    /// The new account's form as the user left it, with the error beside its field.
    form: UserFormValues,
    error: Option<(String, String)>,
    /// An error of no field of the page's forms.
    general: Option<String>,
    created: Option<String>,
}

/// One account of the users page.
struct UserRow {
    username: String,
    display_name: String,
    role: String,
    totp: String,
    /// A commander's unit (id), so that the page offers to change it.
    commander: Option<Option<i64>>,
}

#[derive(Default)]
struct UserFormValues {
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<i64>,
}

async fn users_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    form: UserFormValues,
    error: Option<(String, String)>,
    created: Option<String>,
) -> Result<UsersPage, AppError> {
    let actor = u.actor();
    let users = state
        .store
        .list_users(&actor)
        .await?
        .into_iter()
        .map(|x| UserRow {
            role: ctx.t(&format!("role-{}", x.role)),
            totp: if x.totp_secret.is_some() { ctx.t("yes") } else { ctx.t("no") },
            commander: (x.role == Role::UnitCommander.code()).then_some(x.unit_id),
            username: x.username,
            display_name: x.display_name,
        })
        .collect();
    let units = state
        .store
        .list_units(&actor)
        .await?
        .into_iter()
        .filter(|x| x.party == u.party.as_str() && !x.archived)
        .map(|x| (x.id, x.code))
        .collect();
    let roles = Role::ALL.iter().map(|r| (r.code(), ctx.t(&format!("role-{}", r.code())))).collect();
    let fields = ["username", "display_name", "role", "unit_id", "password"];
    let general = error
        .as_ref()
        .filter(|(f, _)| !fields.contains(&f.as_str()) && !f.starts_with("unit_id-"))
        .map(|(_, e)| e.clone());
    Ok(UsersPage { ctx, users, roles, units, form, error, general, created })
}

pub async fn users(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    users_page(&state, ctx, &u, UserFormValues::default(), None, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserForm {
    username: String,
    display_name: String,
    role: String,
    password: String,
    /// The unit a commander commands; empty for any other role.
    #[serde(default)]
    unit_id: String,
}

/// An optional id of a form's select: empty is none.
fn optional_id(raw: &str, field: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| AppError::invalid(field, Msg::new("invalid-id").arg("text", raw)))
}

pub async fn user_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<UserForm>,
) -> Result<Response, AppError> {
    let mut kept = UserFormValues {
        username: f.username.trim().to_owned(),
        display_name: f.display_name.trim().to_owned(),
        role: f.role.trim().to_owned(),
        unit_id: None,
    };
    let result = async {
        let role = Role::parse(&f.role)?;
        let unit_id = optional_id(&f.unit_id, "unit_id")?;
        kept.unit_id = unit_id;
        if f.display_name.trim().is_empty() {
            return Err(AppError::invalid("display_name", Msg::new("invalid-required")));
        }
        let password_hash = state.passwords.hash_new(f.username.trim(), f.password).await?;
        let new = NewUser {
            username: f.username.trim().to_owned(),
            display_name: f.display_name.trim().to_owned(),
            password_hash,
            party: u.party.clone(),
            role,
            unit_id,
        };
        Ok::<_, AppError>(state.store.create_user(&u.actor(), &new).await?)
    }
    .await;
    match result {
        Ok(created) => {
            let msg = format!("{} {}", ctx.t("user-created"), created.username);
            Ok(users_page(&state, ctx, &u, UserFormValues::default(), None, Some(msg)).await?.into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            let field = match &e {
                AppError::Invalid { field, .. } => field.clone(),
                _ => "username".to_owned(),
            };
            let error = Some((field, ctx.tr.msg(&e.message())));
            Ok((status, users_page(&state, ctx, &u, kept, error, None).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitForm {
    unit_id: String,
}

/// Sets the unit a commander of the admin's party commands.
pub async fn user_unit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Path(username): Path<String>,
    FormData(f): FormData<UnitForm>,
) -> Result<Response, AppError> {
    let result = async {
        let unit = optional_id(&f.unit_id, "unit_id")?
            .ok_or_else(|| AppError::invalid("unit_id", Msg::new("invalid-commander-unit")))?;
        Ok::<_, AppError>(state.store.set_commanded_unit(&u.actor(), &username, UnitId(unit)).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            let error = Some((format!("unit_id-{username}"), ctx.tr.msg(&e.message())));
            Ok((status, users_page(&state, ctx, &u, UserFormValues::default(), error, None).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Lifts the sign-in throttle of an account of the admin's own party (an
/// officer locked out by failures from elsewhere). An account of another party
/// is answered as one that does not exist.
#[utoipa::path(post, path = "/api/v1/users/{username}/unlock", params(("username" = String, Path)),
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
pub async fn api_unlock(
    Caller { state, user: u }: Caller,
    axum::extract::Path(username): axum::extract::Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    let unlocked = state.store.unlock_user(&u.actor(), &username).await?;
    state.passwords.throttle.unlock(&unlocked.username);
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The unit a commander commands.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandedUnit {
    pub unit_id: i64,
}

/// Sets the unit a commander of the admin's own party commands: the people
/// they see and nominate from then on. An account of another party is
/// answered as one that does not exist.
#[utoipa::path(put, path = "/api/v1/users/{username}/unit", params(("username" = String, Path)), request_body = CommandedUnit,
    responses((status = 204), (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn api_user_unit(
    Caller { state, user: u }: Caller,
    axum::extract::Path(username): axum::extract::Path<String>,
    crate::api::ApiJson(input): crate::api::ApiJson<CommandedUnit>,
) -> Result<axum::http::StatusCode, AppError> {
    state.store.set_commanded_unit(&u.actor(), &username, UnitId(input.unit_id)).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
