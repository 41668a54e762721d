//! The web layer of Ittifaq: the axum router with its server-rendered pages
//! (askama, htmx), the JSON API under `/api/v1` with its OpenAPI document,
//! sessions and sign-in, the access-policy guard, and translations.

mod accounts;
mod agreement;
mod allocation;
pub mod api;
mod assets;
mod assistance;
mod audit;
mod auth;
mod chart;
mod courses;
pub mod documents;
mod error;
mod error_pages;
mod exchange;
mod extract;
mod fields;
mod home;
pub mod hotline;
pub mod hotline_live;
pub mod i18n;
mod integration;
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
mod search;
mod signin;
mod trainee;
mod training;
mod vetting_rows;
// Deconfliction: declarations, conflicts, the offline map.
pub mod decon;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodFilter, MethodRouter, on};
use ittifaq_core::agreement::Rules;
use ittifaq_core::policy::Access::{self, Granted, Public, SignedIn};
use ittifaq_core::policy::Permission::*;
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

/// One row of the route table: a method and path and the access it needs.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    /// As registered with the router, e.g. `/people/{id}`.
    pub path: &'static str,
    pub access: Access,
}

/// Declares the route table: each row is the method, the path, the access
/// it needs and the handler, together (the method routes the handler, so the
/// two cannot disagree). It makes [`ROUTES`] (what the guard,
/// the navigation and the API document read) and the handlers the router is
/// built from, from the same rows.
macro_rules! route_table {
    ($(($method:ident, $path:literal, $access:expr, $handler:expr)),* $(,)?) => {
        /// Every route with the access it needs. A route is reachable only
        /// through this table, so none is without an access rule.
        pub static ROUTES: &[Route] = &[$(Route { method: stringify!($method), path: $path, access: $access }),*];

        fn handlers() -> Vec<(&'static str, MethodRouter<AppState>)> {
            vec![$(($path, on(MethodFilter::$method, $handler))),*]
        }
    };
}

route_table! {
    (GET, "/login", Public, signin::login_form),
    (POST, "/login", Public, signin::login),
    (POST, "/lang", Public, signin::set_language),
    (GET, "/static/{file}", Public, assets::serve),
    (GET, "/api/v1/health", Public, api::health),
    (GET, "/api/v1/openapi.json", Public, openapi::openapi),
    (POST, "/api/v1/login", Public, signin::api_login),
    (POST, "/api/v1/users/{username}/unlock", Granted(UsersAdmin), accounts::api_unlock),
    (PUT, "/api/v1/users/{username}/unit", Granted(UsersAdmin), accounts::api_user_unit),
    (GET, "/", SignedIn, home::home),
    (GET, "/inbox/count", SignedIn, home::inbox_count),
    (POST, "/inbox/approve", Granted(Approve), home::bulk_approve),
    (POST, "/inbox/accept", Granted(Approve), home::bulk_accept),
    (POST, "/logout", SignedIn, signin::logout),
    (GET, "/account", SignedIn, accounts::account),
    (POST, "/account/totp", SignedIn, accounts::totp_start),
    (POST, "/account/totp/confirm", SignedIn, accounts::totp_confirm),
    (POST, "/account/calendar", SignedIn, exchange::calendar_create),
    (GET, "/calendar/{token}", Public, exchange::calendar_feed),
    (GET, "/calendar", SignedIn, exchange::calendar),
    (GET, "/agreement", SignedIn, agreement::agreement),
    (GET, "/units", SignedIn, registry::units),
    (GET, "/institutions", SignedIn, registry::institutions),
    (GET, "/courses", SignedIn, courses::courses),
    (GET, "/api/v1/me", SignedIn, signin::api_me),
    (POST, "/api/v1/logout", SignedIn, signin::api_logout),
    (GET, "/api/v1/agreement", SignedIn, agreement::api_agreement),
    (GET, "/api/v1/units", SignedIn, registry::api_units),
    (GET, "/api/v1/institutions", SignedIn, registry::api_institutions),
    (GET, "/api/v1/courses", SignedIn, courses::api_courses),
    (POST, "/api/v1/courses", Granted(SessionsWrite), courses::api_course_create),
    (PUT, "/api/v1/courses/{id}", Granted(SessionsWrite), courses::course_update_api),
    (GET, "/courses/new", Granted(SessionsWrite), courses::course_new),
    (POST, "/courses", Granted(SessionsWrite), courses::course_create),
    (GET, "/courses/{id}/edit", Granted(SessionsWrite), courses::course_edit),
    (POST, "/courses/{id}", Granted(SessionsWrite), courses::course_update),
    (GET, "/sessions/new", Granted(SessionsWrite), exchange::session_new),
    (POST, "/sessions", Granted(SessionsWrite), exchange::session_create),
    (GET, "/people", Granted(PeopleRead), people::people),
    (GET, "/people.csv", Granted(PeopleRead), people::people_csv),
    (GET, "/people/{id}", Granted(PeopleRead), people::person),
    (GET, "/people/new", Granted(PeopleWrite), people::person_new),
    (POST, "/people", Granted(PeopleWrite), people::person_create),
    (GET, "/people/{id}/edit", Granted(PeopleWrite), people::person_edit),
    (POST, "/people/{id}", Granted(PeopleWrite), people::person_update),
    (POST, "/people/{id}/archive", Granted(PeopleWrite), people::person_archive),
    (GET, "/api/v1/people", Granted(PeopleRead), people::api_people),
    (GET, "/api/v1/people/{id}", Granted(PeopleRead), people::api_person),
    (POST, "/api/v1/people", Granted(PeopleWrite), people::api_person_create),
    (PUT, "/api/v1/people/{id}", Granted(PeopleWrite), people::api_person_update),
    (POST, "/api/v1/people/{id}/archive", Granted(PeopleWrite), people::api_person_archive),
    (GET, "/units/new", Granted(UnitsWrite), registry::unit_new),
    (POST, "/units", Granted(UnitsWrite), registry::unit_create),
    (GET, "/units/{id}/edit", Granted(UnitsWrite), registry::unit_edit),
    (POST, "/units/{id}", Granted(UnitsWrite), registry::unit_update),
    (POST, "/units/{id}/archive", Granted(UnitsWrite), registry::unit_archive),
    (POST, "/api/v1/units", Granted(UnitsWrite), registry::api_unit_create),
    (PUT, "/api/v1/units/{id}", Granted(UnitsWrite), registry::api_unit_update),
    (POST, "/api/v1/units/{id}/archive", Granted(UnitsWrite), registry::api_unit_archive),
    (GET, "/institutions/new", Granted(InstitutionsWrite), registry::institution_new),
    (POST, "/institutions", Granted(InstitutionsWrite), registry::institution_create),
    (GET, "/institutions/{id}/edit", Granted(InstitutionsWrite), registry::institution_edit),
    (POST, "/institutions/{id}", Granted(InstitutionsWrite), registry::institution_update),
    (POST, "/institutions/{id}/archive", Granted(InstitutionsWrite), registry::institution_archive),
    (POST, "/api/v1/institutions", Granted(InstitutionsWrite), registry::api_institution_create),
    (PUT, "/api/v1/institutions/{id}", Granted(InstitutionsWrite), registry::api_institution_update),
    (POST, "/api/v1/institutions/{id}/archive", Granted(InstitutionsWrite), registry::api_institution_archive),
    (GET, "/sessions", SignedIn, exchange::sessions),
    (GET, "/sessions/{id}", SignedIn, exchange::session),
    (POST, "/sessions/{id}/nominations", Granted(Nominate), exchange::nominate),
    (GET, "/sessions/{id}/candidates", Granted(Nominate), exchange::candidates),
    (POST, "/nominations/{id}/approve", Granted(Approve), exchange::approve),
    (POST, "/nominations/{id}/accept", Granted(Approve), exchange::accept),
    (POST, "/nominations/{id}/withdraw", Granted(Nominate), exchange::withdraw),
    (POST, "/sessions/{id}/status", Granted(SessionsWrite), exchange::session_status),
    (POST, "/api/v1/sessions/{id}/status", Granted(SessionsWrite), exchange::api_session_status),
    (GET, "/api/v1/sessions/{id}/instructors", Granted(SessionsWrite), exchange::api_session_instructors),
    (PUT, "/api/v1/sessions/{id}/instructors/{username}", Granted(SessionsWrite), exchange::api_assign_instructor),
    (DELETE, "/api/v1/sessions/{id}/instructors/{username}", Granted(SessionsWrite), exchange::api_release_instructor),
    (POST, "/sessions/{id}/instructors", Granted(SessionsWrite), exchange::session_instructor_form),
    (POST, "/api/v1/nominations/{id}/replace", Granted(Nominate), exchange::api_replace),
    (GET, "/api/v1/sessions", SignedIn, exchange::api_sessions),
    (POST, "/api/v1/sessions", Granted(SessionsWrite), exchange::api_session_create),
    (GET, "/api/v1/sessions/{id}/nominations", SignedIn, exchange::api_session_nominations),
    (GET, "/units/{id}/nominations", Granted(Nominate), exchange::unit_nominations),
    (GET, "/api/v1/units/{id}/nominations", Granted(Nominate), exchange::api_unit_nominations),
    (POST, "/api/v1/nominations", Granted(Nominate), exchange::api_nominate),
    (POST, "/api/v1/nominations/{id}/approve", Granted(Approve), exchange::api_approve),
    (POST, "/api/v1/nominations/{id}/accept", Granted(Approve), exchange::api_accept),
    (POST, "/api/v1/nominations/{id}/withdraw", Granted(Nominate), exchange::api_withdraw),
    (GET, "/nominations/{id}", SignedIn, training::record),
    (POST, "/nominations/{id}/vetting", Granted(Vetting), training::vetting),
    (POST, "/nominations/{id}/arrival", Granted(HostOffice), training::arrival),
    (POST, "/nominations/{id}/departure", Granted(HostOffice), training::departure),
    (POST, "/nominations/{id}/assessments", Granted(Teach), training::assessment),
    (POST, "/nominations/{id}/result", Granted(Teach), training::result),
    (POST, "/nominations/{id}/evaluation", Granted(Evaluate), training::evaluation),
    (GET, "/my-training", Granted(OwnTraining), trainee::my_training),
    (GET, "/search", SignedIn, search::search),
    (GET, "/assistance", Granted(AssistanceRead), assistance::plans),
    (POST, "/assistance", Granted(AssistanceWrite), assistance::plan_create),
    (GET, "/assistance/plans/{id}", Granted(AssistanceRead), assistance::plan),
    (POST, "/assistance/plans/{id}/statements", Granted(AssistanceWrite), assistance::plan_statements_form),
    (POST, "/assistance/plans/{id}/objectives", Granted(AssistanceWrite), assistance::plan_objective_form),
    (POST, "/assistance/plans/{id}/indicators", Granted(AssistanceWrite), assistance::plan_indicator_form),
    (POST, "/assistance/plans/{id}/targets", Granted(AssistanceWrite), assistance::plan_target_form),
    (POST, "/assistance/plans/{id}/milestones", Granted(AssistanceWrite), assistance::plan_milestone_form),
    (POST, "/assistance/plans/{id}/agree", Granted(AssistanceWrite), assistance::plan_agree_form),
    (POST, "/assistance/plans/{id}/activate", Granted(AssistanceWrite), assistance::plan_activate_form),
    (GET, "/api/v1/plans", Granted(AssistanceRead), assistance::api_plans),
    (POST, "/api/v1/plans", Granted(AssistanceWrite), assistance::api_plan_create),
    (GET, "/api/v1/plans/{id}", Granted(AssistanceRead), assistance::api_plan),
    (PUT, "/api/v1/plans/{id}/statements", Granted(AssistanceWrite), assistance::api_plan_statements),
    (POST, "/api/v1/plans/{id}/objectives", Granted(AssistanceWrite), assistance::api_plan_objective),
    (POST, "/api/v1/plans/{id}/indicators", Granted(AssistanceWrite), assistance::api_plan_indicator),
    (PUT, "/api/v1/plans/{id}/baseline", Granted(AssistanceWrite), assistance::api_plan_baseline),
    (PUT, "/api/v1/plans/{id}/targets", Granted(AssistanceWrite), assistance::api_plan_target),
    (POST, "/api/v1/plans/{id}/milestones", Granted(AssistanceWrite), assistance::api_plan_milestone),
    (POST, "/api/v1/plans/{id}/agree", Granted(AssistanceWrite), assistance::api_plan_agree),
    (POST, "/api/v1/plans/{id}/activate", Granted(AssistanceWrite), assistance::api_plan_activate),
    (PUT, "/api/v1/plans/{id}/schedule", Granted(AssistanceWrite), assistance::advisory::api_plan_schedule),
    (GET, "/assistance/completeness", Granted(AssistanceRead), assistance::progress::completeness),
    (GET, "/api/v1/assistance/completeness", Granted(AssistanceRead), assistance::progress::api_completeness),
    (GET, "/assistance/plans/{id}/progress", Granted(AssistanceRead), assistance::progress::progress),
    (GET, "/assistance/plans/{id}/progress.csv", Granted(AssistanceRead), assistance::progress::progress_csv),
    (GET, "/assistance/plans/{id}/progress.pdf", Granted(AssistanceRead), assistance::progress::progress_pdf),
    (GET, "/assistance/plans/{id}/progress.xlsx", Granted(AssistanceRead), assistance::progress::progress_xlsx),
    (GET, "/api/v1/plans/{id}/progress", Granted(AssistanceRead), assistance::progress::api_progress),
    (GET, "/assistance/deployments", Granted(AssistanceRead), assistance::advisory::deployments),
    (POST, "/assistance/deployments", Granted(AssistanceWrite), assistance::advisory::deployment_create),
    (GET, "/assistance/deployments/{id}", Granted(AssistanceRead), assistance::advisory::deployment),
    (POST, "/assistance/deployments/{id}/end", Granted(AssistanceWrite), assistance::advisory::deployment_end_form),
    (POST, "/assistance/deployments/{id}/vetting", Granted(AssistanceWrite), assistance::advisory::deployment_vetting_form),
    (POST, "/assistance/deployments/{id}/reports", Granted(AssistanceReport), assistance::advisory::report_form),
    (GET, "/assistance/reports/{id}", Granted(AssistanceRead), assistance::advisory::report),
    (POST, "/assistance/reports/{id}/submit", Granted(AssistanceReport), assistance::advisory::report_submit_form),
    (POST, "/assistance/reports/{id}/return", Granted(AssistanceWrite), assistance::advisory::report_return_form),
    (POST, "/assistance/reports/{id}/approve", Granted(AssistanceWrite), assistance::advisory::report_approve_form),
    (POST, "/assistance/measurements/{id}/contest", Granted(AssistanceWrite), assistance::advisory::contest_form),
    (GET, "/api/v1/deployments", Granted(AssistanceRead), assistance::advisory::api_deployments),
    (POST, "/api/v1/deployments", Granted(AssistanceWrite), assistance::advisory::api_deployment_create),
    (GET, "/api/v1/deployments/{id}", Granted(AssistanceRead), assistance::advisory::api_deployment),
    (POST, "/api/v1/deployments/{id}/end", Granted(AssistanceWrite), assistance::advisory::api_deployment_end),
    (POST, "/api/v1/deployments/{id}/vetting", Granted(AssistanceWrite), assistance::advisory::api_deployment_vetting),
    (POST, "/api/v1/deployments/{id}/reports", Granted(AssistanceReport), assistance::advisory::api_report_file),
    (GET, "/api/v1/reports/{id}", Granted(AssistanceRead), assistance::advisory::api_report),
    (POST, "/api/v1/reports/{id}/submit", Granted(AssistanceReport), assistance::advisory::api_report_submit),
    (POST, "/api/v1/reports/{id}/return", Granted(AssistanceWrite), assistance::advisory::api_report_return),
    (POST, "/api/v1/reports/{id}/approve", Granted(AssistanceWrite), assistance::advisory::api_report_approve),
    (POST, "/api/v1/measurements/{id}/contest", Granted(AssistanceWrite), assistance::advisory::api_contest),
    (GET, "/integration", Granted(IntegrationRead), integration::board),
    (POST, "/integration", Granted(IntegrationWrite), integration::formation_create),
    (GET, "/integration.csv", Granted(IntegrationRead), integration::report::board_csv),
    (GET, "/integration.xlsx", Granted(IntegrationRead), integration::report::board_xlsx),
    (GET, "/integration.pdf", Granted(IntegrationRead), integration::report::board_pdf),
    (GET, "/integration/formations/{id}", Granted(IntegrationRead), integration::formation),
    (POST, "/integration/formations/{id}/deadlines", Granted(IntegrationWrite), integration::deadline_form),
    (POST, "/integration/formations/{id}/counts", Granted(IntegrationWrite), integration::count_form),
    (GET, "/api/v1/formations", Granted(IntegrationRead), integration::api_formations),
    (POST, "/api/v1/formations", Granted(IntegrationWrite), integration::api_formation_create),
    (GET, "/api/v1/formations/{id}", Granted(IntegrationRead), integration::api_formation),
    (PUT, "/api/v1/formations/{id}/deadlines", Granted(IntegrationWrite), integration::api_deadline),
    (POST, "/api/v1/formations/{id}/verifications", Granted(IntegrationWrite), integration::api_verification),
    (POST, "/api/v1/formations/{id}/reported", Granted(IntegrationWrite), integration::api_reported),
    (POST, "/integration/structure", Granted(IntegrationWrite), integration::structure::unit_form),
    (GET, "/api/v1/integration/structure", Granted(IntegrationRead), integration::structure::api_target_structure),
    (POST, "/api/v1/integration/structure", Granted(IntegrationWrite), integration::structure::api_target_unit_create),
    (GET, "/integration/formations/{id}/roster", Granted(IntegrationRead), integration::roster::roster),
    (POST, "/integration/formations/{id}/roster", Granted(IntegrationWrite), integration::roster::import_form),
    (POST, "/integration/formations/{id}/roster/verify", Granted(IntegrationWrite), integration::roster::verify_form),
    (POST, "/integration/candidates/{id}/review", Granted(IntegrationWrite), integration::roster::review_form),
    (POST, "/integration/candidates/{id}/reintegration", Granted(IntegrationWrite), integration::roster::reintegrate_form),
    (GET, "/api/v1/formations/{id}/candidates", Granted(IntegrationRead), integration::roster::api_candidates),
    (POST, "/api/v1/formations/{id}/candidates", Granted(IntegrationWrite), integration::roster::api_candidates_import),
    (POST, "/api/v1/formations/{id}/candidates/verify", Granted(IntegrationWrite), integration::roster::api_candidates_verify),
    (GET, "/api/v1/formations/{id}/roster-summary", Granted(IntegrationRead), integration::roster::api_roster_summary),
    (POST, "/api/v1/candidates/{id}/review", Granted(IntegrationWrite), integration::roster::api_candidate_review),
    (POST, "/api/v1/candidates/{id}/reintegration", Granted(IntegrationWrite), integration::roster::api_candidate_reintegrate),
    (GET, "/my-training/transcript.pdf", Granted(OwnTraining), trainee::transcript),
    (POST, "/nominations/{id}/replace", Granted(Nominate), training::replace),
    (GET, "/sessions/{id}/attendance", Granted(Teach), training::attendance),
    (POST, "/sessions/{id}/attendance", Granted(Teach), training::attendance_save),
    (GET, "/sessions/{id}/sign-in-sheet", Granted(Teach), training::sign_in_sheet),
    (GET, "/abroad", Granted(PeopleRead), training::abroad),
    (GET, "/api/v1/nominations/{id}", SignedIn, training::api_record),
    (POST, "/api/v1/nominations/{id}/vetting", Granted(Vetting), training::api_vetting),
    (POST, "/api/v1/nominations/{id}/arrival", Granted(HostOffice), training::api_arrival),
    (POST, "/api/v1/nominations/{id}/departure", Granted(HostOffice), training::api_departure),
    (POST, "/api/v1/nominations/{id}/assessments", Granted(Teach), training::api_assessment),
    (POST, "/api/v1/nominations/{id}/result", Granted(Teach), training::api_result),
    (POST, "/api/v1/nominations/{id}/evaluation", Granted(Evaluate), training::api_evaluation),
    (PUT, "/api/v1/sessions/{id}/attendance", Granted(Teach), training::api_attendance),
    (GET, "/api/v1/abroad", Granted(PeopleRead), training::api_abroad),
    (GET, "/notifications", SignedIn, notify::list),
    (POST, "/notifications/read", SignedIn, notify::mark_read),
    (POST, "/notifications/email", SignedIn, notify::set_email),
    (GET, "/api/v1/notifications", SignedIn, notify::api_notifications),
    (GET, "/reports/exchange", Granted(Reports), reports::exchange),
    (GET, "/reports/exchange.csv", Granted(Reports), reports::exchange_csv),
    (GET, "/api/v1/reports/exchange", Granted(Reports), reports::api_exchange),
    (GET, "/reports/evaluations", Granted(Reports), reports::evaluations),
    (GET, "/reports/evaluations.csv", Granted(Reports), reports::evaluations_csv),
    (GET, "/api/v1/reports/evaluations", Granted(Reports), reports::api_evaluations),
    (POST, "/nominations/{id}/order", Granted(HostOffice), documents::order_issue),
    (GET, "/nominations/{id}/order", SignedIn, documents::order_pdf),
    (POST, "/nominations/{id}/certificate", Granted(HostOffice), documents::certificate_issue),
    (GET, "/certificates/{id}", SignedIn, documents::certificate_pdf),
    (POST, "/certificates/{id}/revoke", Granted(Revoke), documents::revoke),
    (POST, "/api/v1/nominations/{id}/order", Granted(HostOffice), documents::api_order_issue),
    (POST, "/api/v1/certificates/{id}/revoke", Granted(Revoke), documents::api_revoke),
    (GET, "/api/v1/seal-requests", Granted(Seal), documents::api_seal_requests),
    (GET, "/api/v1/seal-requests/{id}/pdf", Granted(Seal), documents::api_seal_request_pdf),
    (POST, "/api/v1/seal-requests/{id}/seal", Granted(Seal), documents::api_seal),
    (GET, "/verify/{id}", Public, documents::verify_page),
    (POST, "/verify", Public, documents::verify_upload),
    (GET, "/api/v1/verify/{id}", Public, documents::api_verify_code),
    (POST, "/api/v1/verify", Public, documents::api_verify),
    (GET, "/audit", Granted(AuditRead), audit::audit),
    (GET, "/audit.csv", Granted(AuditRead), audit::audit_csv),
    (GET, "/ledger", Granted(AuditRead), ledger::page),
    (GET, "/api/v1/ledger/checkpoint", Granted(AuditRead), ledger::latest),
    (POST, "/api/v1/ledger/checkpoints", Granted(AuditRead), ledger::issue),
    (GET, "/api/v1/ledger/entries/{seq}", Granted(AuditRead), ledger::entry),
    (GET, "/api/v1/ledger/consistency", Granted(AuditRead), ledger::consistency),
    (GET, "/api/v1/ledger/witness-keys", Granted(AuditRead), ledger::witness_keys),
    (POST, "/api/v1/ledger/witness-keys", Granted(UsersAdmin), ledger::register_witness_key),
    (POST, "/api/v1/ledger/cosign", Granted(Witness), ledger::cosign),
    (GET, "/api/v1/audit", Granted(AuditRead), audit::api_audit),
    (GET, "/admin/users", Granted(UsersAdmin), accounts::users),
    (POST, "/admin/users", Granted(UsersAdmin), accounts::user_create),
    (POST, "/admin/users/{username}/unit", Granted(UsersAdmin), accounts::user_unit),
    // Deconfliction.
    (GET, "/decon", Granted(DeconRead), decon::list),
    (GET, "/decon/new", Granted(DeconWrite), decon::new),
    (POST, "/decon", Granted(DeconWrite), decon::create),
    (GET, "/decon/map", Granted(DeconRead), decon::map),
    (GET, "/decon/{id}", Granted(DeconRead), decon::show),
    (GET, "/decon/{id}/edit", Granted(DeconWrite), decon::edit),
    (POST, "/decon/{id}", Granted(DeconWrite), decon::update),
    (POST, "/decon/{id}/confirm", Granted(DeconWrite), decon::confirm_page),
    (POST, "/decon/{id}/cancel", Granted(DeconWrite), decon::cancel_page),
    (GET, "/api/v1/declarations", Granted(DeconRead), decon::api_declarations),
    (POST, "/api/v1/declarations", Granted(DeconWrite), decon::api_declare),
    (GET, "/api/v1/declarations/{id}", Granted(DeconRead), decon::api_get),
    (PUT, "/api/v1/declarations/{id}", Granted(DeconWrite), decon::api_amend),
    (POST, "/api/v1/declarations/{id}/confirm", Granted(DeconWrite), decon::api_confirm),
    (POST, "/api/v1/declarations/{id}/cancel", Granted(DeconWrite), decon::api_cancel),
    (GET, "/api/v1/conflicts", Granted(DeconRead), decon::api_conflicts),
    // Seat allocation (issue 5).
    (GET, "/allocation", Granted(AllocationRead), allocation::page),
    (POST, "/allocation/runs", Granted(Allocate), allocation::run),
    (GET, "/allocation/runs/{id}", Granted(AllocationRead), allocation::review),
    (POST, "/allocation/runs/{id}/resolve", Granted(Allocate), allocation::resolve),
    (POST, "/allocation/runs/{id}/commit", Granted(Allocate), allocation::commit),
    (GET, "/api/v1/allocation/runs", Granted(AllocationRead), allocation::api_runs),
    (POST, "/api/v1/allocation/runs", Granted(Allocate), allocation::api_run),
    (GET, "/api/v1/allocation/runs/{id}", Granted(AllocationRead), allocation::api_review),
    (POST, "/api/v1/allocation/runs/{id}/resolve", Granted(Allocate), allocation::api_resolve),
    (POST, "/api/v1/allocation/runs/{id}/commit", Granted(Allocate), allocation::api_commit),
    // hotline
    (GET, "/hotline", Granted(HotlineRead), hotline::page),
    (GET, "/hotline/messages/{id}", Granted(HotlineRead), hotline::thread),
    (POST, "/hotline/messages", Granted(HotlineSend), hotline::send),
    (POST, "/hotline/messages/{id}/ack", Granted(HotlineSend), hotline::ack),
    (POST, "/hotline/roster", Granted(HotlineRoster), hotline::roster_save),
    (GET, "/api/v1/hotline/messages", Granted(HotlineRead), hotline::api_messages),
    (POST, "/api/v1/hotline/messages", Granted(HotlineSend), hotline::api_send),
    (GET, "/api/v1/hotline/messages/{id}", Granted(HotlineRead), hotline::api_thread),
    (POST, "/api/v1/hotline/messages/{id}/ack", Granted(HotlineSend), hotline::api_ack),
    (GET, "/api/v1/hotline/roster", Granted(HotlineRead), hotline::api_roster),
    (PUT, "/api/v1/hotline/roster", Granted(HotlineRoster), hotline::api_roster_save),
    (GET, "/api/v1/hotline/events", Granted(HotlineRead), hotline::events),
    // end hotline
}

/// The routes that take a roster, larger than [`MAX_BODY`].
const UPLOADS: &[&str] = &["/integration/formations/{id}/roster", "/api/v1/formations/{id}/candidates"];

/// The whole application.
pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (path, handler) in handlers() {
        // A roster may be a file of tens of thousands of rows.
        let handler = if UPLOADS.contains(&path) {
            handler.layer(DefaultBodyLimit::max(ittifaq_store::integration::roster_file::MAX_BYTES))
        } else {
            handler
        };
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
        Err(_) => return AppError::BadRequest(ittifaq_core::Msg::new("error-form-too-large")).into_response(),
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
        AppError::BadRequest(ittifaq_core::Msg::new("error-field-name-not-utf8"))
    } else {
        AppError::BadRequest(ittifaq_core::Msg::new("error-field-not-utf8").arg("field", field))
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

/// The table's row for a route, if there is one.
pub fn route(method: &str, path: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.method == method && r.path == path)
}

/// The methods a path takes, in the order of the table (for `Allow`).
pub fn route_methods(path: &str) -> Vec<&'static str> {
    ROUTES.iter().filter(|r| r.path == path).map(|r| r.method).collect()
}
