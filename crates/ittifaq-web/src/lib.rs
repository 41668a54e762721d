//! The web layer of Ittifaq: the axum router with its server-rendered pages
//! (askama, htmx), the JSON API under `/api/v1` with its OpenAPI document,
//! sessions and sign-in, the access-policy guard, and translations.

mod accounts;
mod agreement;
mod allocation;
pub mod api;
mod assets;
mod audit;
mod auth;
mod courses;
pub mod documents;
mod error;
mod error_pages;
mod exchange;
mod extract;
mod home;
pub mod hotline;
pub mod hotline_live;
pub mod i18n;
pub mod issuing;
mod ledger;
pub mod mailer;
mod nominee_search;
pub mod notify;
pub mod openapi;
mod pages;
pub mod password;
mod people;
mod registry;
mod reports;
mod signin;
mod training;
// Deconfliction: declarations, conflicts, the offline map.
pub mod decon;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, delete, get, post, put};
use ittifaq_core::agreement::Rules;
use ittifaq_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;

pub use auth::CurrentUser;
pub use error::AppError;
pub use password::{PasswordCost, Passwords};

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` and use the `__Host-` prefix; on for HTTPS deployments.
    pub secure_cookies: bool,
    /// Origins trusted for cross-origin form posts, beyond the server's own.
    pub trusted_origins: Vec<String>,
}

/// The ledger's identity on this server: its origin line, and the host's
/// checkpoint key when this server holds it.
#[derive(Clone)]
pub struct LedgerKeys {
    pub origin: String,
    pub signer: Option<Arc<ittifaq_ledger::checkpoint::Signer>>,
}

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub rules: Arc<Rules>,
    pub passwords: Passwords,
    pub ledger: Option<LedgerKeys>,
    /// The keys that seal and verify travel orders and certificates.
    pub documents: Option<Arc<issuing::DocumentKeys>>,
    /// The deconfliction engine of confirmed declarations.
    pub decon: Arc<ittifaq_store::decon_engine::DeconEngine>,
    /// The hotline's event channel (server-sent events).
    pub hotline: hotline_live::Hotline,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig, rules: Rules, passwords: Passwords) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            rules: Arc::new(rules),
            passwords,
            ledger: None,
            documents: None,
            decon: Arc::default(),
            hotline: Default::default(),
        }
    }

    /// The same state with the document-sealing keys.
    pub fn with_documents(mut self, keys: issuing::DocumentKeys) -> AppState {
        self.documents = Some(Arc::new(keys));
        self
    }

    /// The same state with the ledger's keys.
    pub fn with_ledger(mut self, keys: LedgerKeys) -> AppState {
        self.ledger = Some(keys);
        self
    }
}

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// Every route: method, path and handler. The router is built from this list,
/// and the tests check it against the access policy.
pub fn routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("GET", "/login", get(signin::login_form)),
        ("POST", "/login", post(signin::login)),
        ("POST", "/lang", post(signin::set_language)),
        ("GET", "/static/{file}", get(assets::serve)),
        ("GET", "/api/v1/health", get(api::health)),
        ("GET", "/api/v1/openapi.json", get(openapi::openapi)),
        ("POST", "/api/v1/login", post(signin::api_login)),
        ("POST", "/api/v1/users/{username}/unlock", post(accounts::api_unlock)),
        ("PUT", "/api/v1/users/{username}/unit", put(accounts::api_user_unit)),
        ("GET", "/", get(home::home)),
        ("POST", "/logout", post(signin::logout)),
        ("GET", "/account", get(accounts::account)),
        ("POST", "/account/totp", post(accounts::totp_start)),
        ("POST", "/account/totp/confirm", post(accounts::totp_confirm)),
        ("POST", "/account/calendar", post(exchange::calendar_create)),
        ("GET", "/calendar/{token}", get(exchange::calendar_feed)),
        ("GET", "/calendar", get(exchange::calendar)),
        ("GET", "/agreement", get(agreement::agreement)),
        ("GET", "/units", get(registry::units)),
        ("GET", "/institutions", get(registry::institutions)),
        ("GET", "/courses", get(courses::courses)),
        ("GET", "/api/v1/me", get(signin::api_me)),
        ("POST", "/api/v1/logout", post(signin::api_logout)),
        ("GET", "/api/v1/agreement", get(agreement::api_agreement)),
        ("GET", "/api/v1/units", get(registry::api_units)),
        ("GET", "/api/v1/institutions", get(registry::api_institutions)),
        ("GET", "/api/v1/courses", get(courses::api_courses)),
        ("POST", "/api/v1/courses", post(courses::api_course_create)),
        ("PUT", "/api/v1/courses/{id}", put(courses::course_update_api)),
        ("GET", "/courses/new", get(courses::course_new)),
        ("POST", "/courses", post(courses::course_create)),
        ("GET", "/courses/{id}/edit", get(courses::course_edit)),
        ("POST", "/courses/{id}", post(courses::course_update)),
        ("GET", "/sessions/new", get(exchange::session_new)),
        ("POST", "/sessions", post(exchange::session_create)),
        ("GET", "/people", get(people::people)),
        ("GET", "/people.csv", get(people::people_csv)),
        ("GET", "/people/{id}", get(people::person)),
        ("GET", "/people/new", get(people::person_new)),
        ("POST", "/people", post(people::person_create)),
        ("GET", "/people/{id}/edit", get(people::person_edit)),
        ("POST", "/people/{id}", post(people::person_update)),
        ("POST", "/people/{id}/archive", post(people::person_archive)),
        ("GET", "/api/v1/people", get(people::api_people)),
        ("GET", "/api/v1/people/{id}", get(people::api_person)),
        ("POST", "/api/v1/people", post(people::api_person_create)),
        ("PUT", "/api/v1/people/{id}", put(people::api_person_update)),
        ("POST", "/api/v1/people/{id}/archive", post(people::api_person_archive)),
        ("GET", "/units/new", get(registry::unit_new)),
        ("POST", "/units", post(registry::unit_create)),
        ("GET", "/units/{id}/edit", get(registry::unit_edit)),
        ("POST", "/units/{id}", post(registry::unit_update)),
        ("POST", "/units/{id}/archive", post(registry::unit_archive)),
        ("POST", "/api/v1/units", post(registry::api_unit_create)),
        ("PUT", "/api/v1/units/{id}", put(registry::api_unit_update)),
        ("POST", "/api/v1/units/{id}/archive", post(registry::api_unit_archive)),
        ("GET", "/institutions/new", get(registry::institution_new)),
        ("POST", "/institutions", post(registry::institution_create)),
        ("GET", "/institutions/{id}/edit", get(registry::institution_edit)),
        ("POST", "/institutions/{id}", post(registry::institution_update)),
        ("POST", "/institutions/{id}/archive", post(registry::institution_archive)),
        ("POST", "/api/v1/institutions", post(registry::api_institution_create)),
        ("PUT", "/api/v1/institutions/{id}", put(registry::api_institution_update)),
        ("POST", "/api/v1/institutions/{id}/archive", post(registry::api_institution_archive)),
        ("GET", "/sessions", get(exchange::sessions)),
        ("GET", "/sessions/{id}", get(exchange::session)),
        ("POST", "/sessions/{id}/nominations", post(exchange::nominate)),
        ("GET", "/sessions/{id}/candidates", get(exchange::candidates)),
        ("POST", "/nominations/{id}/approve", post(exchange::approve)),
        ("POST", "/nominations/{id}/accept", post(exchange::accept)),
        ("POST", "/nominations/{id}/withdraw", post(exchange::withdraw)),
        ("POST", "/sessions/{id}/status", post(exchange::session_status)),
        ("POST", "/api/v1/sessions/{id}/status", post(exchange::api_session_status)),
        ("GET", "/api/v1/sessions/{id}/instructors", get(exchange::api_session_instructors)),
        ("PUT", "/api/v1/sessions/{id}/instructors/{username}", put(exchange::api_assign_instructor)),
        ("DELETE", "/api/v1/sessions/{id}/instructors/{username}", delete(exchange::api_release_instructor)),
        ("POST", "/sessions/{id}/instructors", post(exchange::session_instructor_form)),
        ("POST", "/api/v1/nominations/{id}/replace", post(exchange::api_replace)),
        ("GET", "/api/v1/sessions", get(exchange::api_sessions)),
        ("POST", "/api/v1/sessions", post(exchange::api_session_create)),
        ("GET", "/api/v1/sessions/{id}/nominations", get(exchange::api_session_nominations)),
        ("GET", "/units/{id}/nominations", get(exchange::unit_nominations)),
        ("GET", "/api/v1/units/{id}/nominations", get(exchange::api_unit_nominations)),
        ("POST", "/api/v1/nominations", post(exchange::api_nominate)),
        ("POST", "/api/v1/nominations/{id}/approve", post(exchange::api_approve)),
        ("POST", "/api/v1/nominations/{id}/accept", post(exchange::api_accept)),
        ("POST", "/api/v1/nominations/{id}/withdraw", post(exchange::api_withdraw)),
        ("GET", "/nominations/{id}", get(training::record)),
        ("POST", "/nominations/{id}/vetting", post(training::vetting)),
        ("POST", "/nominations/{id}/arrival", post(training::arrival)),
        ("POST", "/nominations/{id}/departure", post(training::departure)),
        ("POST", "/nominations/{id}/assessments", post(training::assessment)),
        ("POST", "/nominations/{id}/result", post(training::result)),
        ("POST", "/nominations/{id}/evaluation", post(training::evaluation)),
        ("POST", "/nominations/{id}/replace", post(training::replace)),
        ("GET", "/sessions/{id}/attendance", get(training::attendance)),
        ("POST", "/sessions/{id}/attendance", post(training::attendance_save)),
        ("GET", "/sessions/{id}/sign-in-sheet", get(training::sign_in_sheet)),
        ("GET", "/abroad", get(training::abroad)),
        ("GET", "/api/v1/nominations/{id}", get(training::api_record)),
        ("POST", "/api/v1/nominations/{id}/vetting", post(training::api_vetting)),
        ("POST", "/api/v1/nominations/{id}/arrival", post(training::api_arrival)),
        ("POST", "/api/v1/nominations/{id}/departure", post(training::api_departure)),
        ("POST", "/api/v1/nominations/{id}/assessments", post(training::api_assessment)),
        ("POST", "/api/v1/nominations/{id}/result", post(training::api_result)),
        ("POST", "/api/v1/nominations/{id}/evaluation", post(training::api_evaluation)),
        ("PUT", "/api/v1/sessions/{id}/attendance", put(training::api_attendance)),
        ("GET", "/api/v1/abroad", get(training::api_abroad)),
        ("GET", "/notifications", get(notify::list)),
        ("POST", "/notifications/read", post(notify::mark_read)),
        ("POST", "/notifications/email", post(notify::set_email)),
        ("GET", "/api/v1/notifications", get(notify::api_notifications)),
        ("GET", "/reports/exchange", get(reports::exchange)),
        ("GET", "/reports/exchange.csv", get(reports::exchange_csv)),
        ("GET", "/api/v1/reports/exchange", get(reports::api_exchange)),
        ("GET", "/reports/evaluations", get(reports::evaluations)),
        ("GET", "/reports/evaluations.csv", get(reports::evaluations_csv)),
        ("GET", "/api/v1/reports/evaluations", get(reports::api_evaluations)),
        ("POST", "/nominations/{id}/order", post(documents::order_issue)),
        ("GET", "/nominations/{id}/order", get(documents::order_pdf)),
        ("POST", "/nominations/{id}/certificate", post(documents::certificate_issue)),
        ("GET", "/certificates/{id}", get(documents::certificate_pdf)),
        ("POST", "/certificates/{id}/revoke", post(documents::revoke)),
        ("POST", "/api/v1/nominations/{id}/order", post(documents::api_order_issue)),
        ("POST", "/api/v1/certificates/{id}/revoke", post(documents::api_revoke)),
        ("GET", "/api/v1/seal-requests", get(documents::api_seal_requests)),
        ("GET", "/api/v1/seal-requests/{id}/pdf", get(documents::api_seal_request_pdf)),
        ("POST", "/api/v1/seal-requests/{id}/seal", post(documents::api_seal)),
        ("GET", "/verify/{id}", get(documents::verify_page)),
        ("POST", "/verify", post(documents::verify_upload)),
        ("GET", "/api/v1/verify/{id}", get(documents::api_verify_code)),
        ("POST", "/api/v1/verify", post(documents::api_verify)),
        ("GET", "/audit", get(audit::audit)),
        ("GET", "/ledger", get(ledger::page)),
        ("GET", "/api/v1/ledger/checkpoint", get(ledger::latest)),
        ("POST", "/api/v1/ledger/checkpoints", post(ledger::issue)),
        ("GET", "/api/v1/ledger/entries/{seq}", get(ledger::entry)),
        ("GET", "/api/v1/ledger/consistency", get(ledger::consistency)),
        ("GET", "/api/v1/ledger/witness-keys", get(ledger::witness_keys)),
        ("POST", "/api/v1/ledger/witness-keys", post(ledger::register_witness_key)),
        ("POST", "/api/v1/ledger/cosign", post(ledger::cosign)),
        ("GET", "/api/v1/audit", get(audit::api_audit)),
        ("GET", "/admin/users", get(accounts::users)),
        ("POST", "/admin/users", post(accounts::user_create)),
        ("POST", "/admin/users/{username}/unit", post(accounts::user_unit)),
        // Deconfliction.
        ("GET", "/decon", get(decon::list)),
        ("GET", "/decon/new", get(decon::new)),
        ("POST", "/decon", post(decon::create)),
        ("GET", "/decon/map", get(decon::map)),
        ("GET", "/decon/{id}", get(decon::show)),
        ("GET", "/decon/{id}/edit", get(decon::edit)),
        ("POST", "/decon/{id}", post(decon::update)),
        ("POST", "/decon/{id}/confirm", post(decon::confirm_page)),
        ("POST", "/decon/{id}/cancel", post(decon::cancel_page)),
        ("GET", "/api/v1/declarations", get(decon::api_declarations)),
        ("POST", "/api/v1/declarations", post(decon::api_declare)),
        ("GET", "/api/v1/declarations/{id}", get(decon::api_get)),
        ("PUT", "/api/v1/declarations/{id}", put(decon::api_amend)),
        ("POST", "/api/v1/declarations/{id}/confirm", post(decon::api_confirm)),
        ("POST", "/api/v1/declarations/{id}/cancel", post(decon::api_cancel)),
        ("GET", "/api/v1/conflicts", get(decon::api_conflicts)),
        // Seat allocation (issue 5).
        ("GET", "/allocation", get(allocation::page)),
        ("POST", "/allocation/runs", post(allocation::run)),
        ("GET", "/allocation/runs/{id}", get(allocation::review)),
        ("POST", "/allocation/runs/{id}/resolve", post(allocation::resolve)),
        ("POST", "/allocation/runs/{id}/commit", post(allocation::commit)),
        ("GET", "/api/v1/allocation/runs", get(allocation::api_runs)),
        ("POST", "/api/v1/allocation/runs", post(allocation::api_run)),
        ("GET", "/api/v1/allocation/runs/{id}", get(allocation::api_review)),
        ("POST", "/api/v1/allocation/runs/{id}/resolve", post(allocation::api_resolve)),
        ("POST", "/api/v1/allocation/runs/{id}/commit", post(allocation::api_commit)),
        // hotline
        ("GET", "/hotline", get(hotline::page)),
        ("GET", "/hotline/messages/{id}", get(hotline::thread)),
        ("POST", "/hotline/messages", post(hotline::send)),
        ("POST", "/hotline/messages/{id}/ack", post(hotline::ack)),
        ("POST", "/hotline/roster", post(hotline::roster_save)),
        ("GET", "/api/v1/hotline/messages", get(hotline::api_messages)),
        ("POST", "/api/v1/hotline/messages", post(hotline::api_send)),
        ("GET", "/api/v1/hotline/messages/{id}", get(hotline::api_thread)),
        ("POST", "/api/v1/hotline/messages/{id}/ack", post(hotline::api_ack)),
        ("GET", "/api/v1/hotline/roster", get(hotline::api_roster)),
        ("PUT", "/api/v1/hotline/roster", put(hotline::api_roster_save)),
        ("GET", "/api/v1/hotline/events", get(hotline::events)),
        // end hotline
    ]
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (_, path, handler) in routes() {
        router = router.route(path, handler);
    }
    let mut csrf = CsrfLayer::new();
    for origin in &state.config.trusted_origins {
        match csrf.clone().add_trusted_origin(origin) {
            Ok(c) => csrf = c,
            Err(e) => tracing::warn!(%origin, "ignoring trusted origin: {e}"),
        }
    }
    router
        .route_layer(from_fn_with_state(state.clone(), auth::guard))
        .fallback(error::not_found)
        .layer(from_fn(strict_utf8))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(csrf)
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(from_fn(error_pages::render_errors))
        .layer(from_fn(server_timing))
        .layer(from_fn(security_headers))
        .with_state(state)
}

/// Refuses, with a 400 naming the field, a query string or URL-encoded form
/// whose names or values are not UTF-8 once percent-decoded: axum's decoder
/// would turn such bytes into U+FFFD and the record would be stored altered.
/// The body is read once here (bounded by [`MAX_BODY`]) and handed on.
async fn strict_utf8(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Some(field) = req.uri().query().and_then(non_utf8_field) {
        return not_utf8(field).into_response();
    }
    let form = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return AppError::BadRequest("the form is larger than the server accepts".into()).into_response(),
    };
    let field = std::str::from_utf8(&bytes).map_or(Some(String::new()), non_utf8_field);
    if let Some(field) = field {
        return not_utf8(field).into_response();
    }
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

/// The first name (or the name of the first value) of `pairs`
/// (`a=1&b=2`, percent-encoded, `+` for space) that is not UTF-8 once decoded.
fn non_utf8_field(pairs: &str) -> Option<String> {
    // Without a percent escape every byte is the text's own, already UTF-8.
    if !pairs.contains('%') {
        return None;
    }
    let decode =
        |s: &str| percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8().map(|c| c.into_owned());
    for pair in pairs.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match decode(name) {
            Err(_) => return Some(String::new()),
            Ok(name) if decode(value).is_err() => return Some(name),
            Ok(_) => {}
        }
    }
    None
}

fn not_utf8(field: String) -> AppError {
    if field.is_empty() {
        AppError::BadRequest("a field's name is not UTF-8 text".into())
    } else {
        AppError::BadRequest((format!("{field}: not UTF-8 text (the bytes sent are not characters)")).into())
    }
}

/// The pages' Content Security Policy: scripts, styles, images and requests
/// from this origin only (every script is a file under `/static/`, none
/// inline, and no inline `style` attribute), no plugins, no `<base>`, forms
/// sent back here only, and never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Headers every answer carries: the Content Security Policy, no MIME
/// sniffing, no framing, no referrer sent elsewhere, and, except for the
/// static files and answers that set their own, no copy kept by a browser or
/// a proxy (pages and API answers hold personal data).
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // A handler that chose its own caching keeps it (the calendar feed is
    // `private`: kept by the subscribing calendar program only).
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Says how long the server took over each request, in the W3C `Server-Timing`
/// header (`app;dur=` milliseconds, from the request reaching the router to its
/// response), so load tests and browsers' tools read server time apart from the
/// network and queueing in front of it.
async fn server_timing(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let start = std::time::Instant::now();
    let mut res = next.run(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        res.headers_mut().insert("server-timing", v);
    }
    res
}
