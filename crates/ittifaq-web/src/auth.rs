//! Sign-in, server-side sessions and the access guard. The guard is the one
//! place that applies the route table's access (`crate::ROUTES`, in the
//! permissions of `ittifaq_core::policy`) to every route; party scoping of
//! records is applied below it, in the store.

use ittifaq_core::Msg;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::entity::user;
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// The signed-in user of a request, placed in its extensions by the guard.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub party: PartyCode,
    pub role: Role,
    pub locale: Option<String>,
    pub totp_enabled: bool,
    pub token_hash: String,
}

/// A handler that takes a `CurrentUser` is reached signed in only: the guard
/// put it in the request, or the request is answered 401.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| AppError::Unauthorized(Msg::new("auth-sign-in-first")))
    }
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor { user_id: Some(self.id), username: self.username.clone(), party: self.party.clone(), role: self.role }
    }
}

/// The session cookie's name: `__Host-` prefixed when cookies are secure.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies { "__Host-ittifaq_session" } else { "ittifaq_session" }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random session token (256 bits).
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(hex::encode(bytes))
}

/// The session token of a request: a bearer token, or the session cookie.
fn request_token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_owned());
    }
    let name = session_cookie_name(state);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

fn current_user(u: user::Model, token_hash: String) -> Option<CurrentUser> {
    Some(CurrentUser {
        id: u.id,
        party: PartyCode::parse(&u.party).ok()?,
        role: Role::parse(&u.role).ok()?,
        username: u.username,
        display_name: u.display_name,
        locale: u.locale,
        totp_enabled: u.totp_secret.is_some(),
        token_hash,
    })
}

/// The nearest address above `actual` (which matches the route `pattern`)
/// whose route is a page taken by GET: `/sessions/5/nominations` gives
/// `/sessions/5`.
fn page_above(pattern: &str, actual: &str) -> Option<String> {
    let (mut pattern, mut actual) = (pattern, actual.trim_end_matches('/'));
    while let (Some((p, _)), Some((a, _))) = (pattern.rsplit_once('/'), actual.rsplit_once('/')) {
        (pattern, actual) = (p, a);
        let (p, a) = if p.is_empty() { ("/", "/") } else { (p, a) };
        if crate::route("GET", p).is_some() {
            return Some(a.to_owned());
        }
    }
    None
}

/// Loads the session of a request, if it has a valid one.
pub async fn load_user(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = request_token(state, headers) else {
        return Ok(None);
    };
    if token.len() > 128 {
        return Ok(None);
    }
    let token_hash = hash_token(&token);
    let idle_ms = i64::from(state.rules.session_idle_minutes) * 60_000;
    Ok(state.store.session(&token_hash, idle_ms).await?.and_then(|(_, u)| current_user(u, token_hash)))
}

/// The guard in front of every route: finds the route's row in the route
/// table (none means refused), loads the session and checks that the role
/// holds the access the row names.
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let method = if req.method() == Method::HEAD { "GET" } else { req.method().as_str() };
    let Some(rule) = crate::route(method, &path) else {
        // A method the route does not take: 405 with the methods it does,
        // whoever asks (the route's existence is public: it is in the API document).
        let allowed = crate::route_methods(&path);
        // A page reached by GET whose address only takes a form's POST (a
        // refused form, then a reload or a change of language): the page the
        // form belongs to, the nearest address above it that is a page.
        if method == "GET"
            && !allowed.is_empty()
            && !path.starts_with("/api/")
            && let Some(page) = page_above(&path, req.uri().path())
        {
            return Redirect::to(&page).into_response();
        }
        if !allowed.is_empty() {
            let mut allow = allowed;
            if allow.contains(&"GET") {
                allow.push("HEAD");
            }
            let mut res = axum::http::StatusCode::METHOD_NOT_ALLOWED.into_response();
            if let Ok(v) = axum::http::HeaderValue::from_str(&allow.join(", ")) {
                res.headers_mut().insert(axum::http::header::ALLOW, v);
            }
            return res;
        }
        // Unreachable while the router is built from the table; fails closed.
        tracing::error!(%method, %path, "route without an access policy entry");
        return AppError::Forbidden(Msg::new("auth-no-policy").arg("method", method).arg("path", path)).into_response();
    };
    let user = match load_user(&state, req.headers()).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let api = path.starts_with("/api/");
    if !rule.access.allows(user.as_ref().map(|u| u.role)) {
        return match (&user, api) {
            (None, true) => AppError::Unauthorized(Msg::new("auth-sign-in-first-api")).into_response(),
            (None, false) => {
                let next = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
                Redirect::to(&format!("/login?next={}", urlencode(next))).into_response()
            }
            (Some(u), _) => AppError::Forbidden(
                Msg::new("auth-role-may-not")
                    .msg("role", Msg::of_key(format!("role-{}", u.role.code())))
                    .arg("method", method)
                    .arg("path", path),
            )
            .into_response(),
        };
    }
    // Public pages too know who is signed in, for the navigation bar.
    if let Some(u) = user {
        req.extensions_mut().insert(u);
    }
    // The peer's address, for the sign-in throttle: the TCP peer only, never a
    // header a client can write (X-Forwarded-For).
    let source = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    SOURCE.scope(source, next.run(req)).await
}

tokio::task_local! {
    /// The address a request came from, while its handler runs.
    static SOURCE: Option<IpAddr>;
}

/// The address the current request came from, when the server knows it.
pub fn request_source() -> Option<IpAddr> {
    SOURCE.try_with(|s| *s).ok().flatten()
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only local paths are followed after sign-in, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The outcome of a sign-in attempt.
pub struct SignedIn {
    pub token: String,
    pub expires_at: i64,
    pub user: user::Model,
}

/// Checks a user name, password and (when enabled) TOTP code, throttled per
/// account name and source address with a growing wait (`Throttle`), and opens
/// a session. A name that does not exist is answered exactly as a wrong
/// password, throttled or not.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: String,
    code: Option<&str>,
) -> Result<SignedIn, AppError> {
    let refused = || AppError::Unauthorized(Msg::new("auth-wrong-password"));
    let store = &state.store;
    let throttle = &state.passwords.throttle;
    let source = request_source();
    let name = username.trim();
    let now = store.now_ms();
    let rules = &state.rules;
    let free = rules.login_max_failures.max(1);
    let cap_ms = i64::from(rules.login_lockout_minutes.max(1)) * 60_000;
    let wait = throttle.wait_ms(name, source, now);
    if wait > 0 {
        let seconds = (wait + 999) / 1000;
        return Err(AppError::TooManyRequests(Msg::new("auth-throttled").num("seconds", seconds)));
    }
    let user = store.user_by_username(name).await?;
    let ok = state.passwords.verify(password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let Some(user) = user.filter(|u| !u.disabled && ok) else {
        throttle.failed(name, source, now, free, cap_ms);
        return Err(refused());
    };
    if let Some(secret) = &user.totp_secret {
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AppError::Unauthorized(Msg::new("auth-needs-code")));
        };
        let totp = totp_for(secret, &user.username)?;
        let step = totp.check(code, (now / 1000).max(0) as u64).map(|s| i64::try_from(s).unwrap_or(i64::MAX));
        let accepted = match step {
            Some(step) => store.accept_totp_step(user.id, step).await?,
            None => false,
        };
        if !accepted {
            throttle.failed(name, source, now, free, cap_ms);
            return Err(AppError::Unauthorized(Msg::new("auth-wrong-code")));
        }
    }
    throttle.succeeded(name, source);
    let token = new_token()?;
    let expires_at = now + i64::from(rules.session_absolute_hours) * 3_600_000;
    store.create_session(&hash_token(&token), user.id, expires_at, false).await?;
    Ok(SignedIn { token, expires_at, user })
}

/// The TOTP generator for a stored base32 secret.
pub fn totp_for(secret_base32: &str, account: &str) -> Result<totp_rs::Totp, AppError> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32)
        .map_err(|e| AppError::Internal(format!("stored TOTP secret: {e}")))?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(account.to_owned())
        .with_issuer(Some("Ittifaq"))
        .build()
        .map_err(|e| AppError::Internal(format!("TOTP: {e}")))
}

/// The `Set-Cookie` value that holds a session.
pub fn session_cookie(state: &AppState, token: &str, max_age_s: i64) -> String {
    let mut c = cookie::Cookie::new(session_cookie_name(state), token.to_owned());
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(cookie::SameSite::Strict);
    c.set_secure(state.config.secure_cookies);
    c.set_max_age(time::Duration::seconds(max_age_s));
    c.to_string()
}
