//! The JSON API under `/api/v1`, described by the OpenAPI document served at
//! `/api/v1/openapi.json`. Sign in with `POST /api/v1/login`, then send the
//! token as `Authorization: Bearer …`.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::person::PersonInput;
use ittifaq_store::audit::{AuditFilter, AuditView};
use ittifaq_store::registry::{CourseInput, InstitutionInput, UnitInput};
use ittifaq_store::{Backend, PersonView};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::auth::{self, CurrentUser};
use crate::extract::{Id, Institution, Person, Unit};
use crate::pages::{PeopleQuery, QueryData};
use crate::registry::RegistryQuery;
use crate::{AppError, AppState};

/// A JSON body whose rejection becomes a 400 naming the problem.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => from_json(v).map(ApiJson),
            Err(e) => {
                let status = e.status();
                let text = e.body_text();
                Err(match status {
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        AppError::BadRequest(format!("the body is larger than {} bytes", crate::MAX_BODY))
                    }
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                        AppError::BadRequest("the body must be JSON, sent with Content-Type: application/json".into())
                    }
                    _ => AppError::BadRequest(text),
                })
            }
        }
    }
}

/// A JSON value as `T`. A number written with a zero fraction (`3.0`) is an
/// integer, as JSON Schema counts it, so an integer field takes it.
pub fn from_json<T: serde::de::DeserializeOwned>(mut value: serde_json::Value) -> Result<T, AppError> {
    fn integral(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // Within ±2^53 every integral float is exact.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    *v = serde_json::Value::from(f as i64);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(integral),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(integral),
            _ => {}
        }
    }
    integral(&mut value);
    // The error names the field's path (`unit_id: invalid type…`).
    serde_path_to_error::deserialize(value)
        .map_err(|e| AppError::BadRequest(format!("the body could not be read: {e}")))
}

/// An optional JSON body: none (or only whitespace) and `null` are `None`.
pub fn optional_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Option<T>, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value =
        serde_json::from_slice(body).map_err(|e| AppError::BadRequest(format!("the body could not be read: {e}")))?;
    from_json(value)
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

/// Answers 200 when the database is reachable, 503 when it is not.
#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let database = match state.store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    match state.store.ping().await {
        Ok(()) => Json(Health { status: "ok", database }).into_response(),
        Err(e) => {
            tracing::error!("health check: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database })).into_response()
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ittifaq API",
        description = "The JSON API of Ittifaq. Sign in with POST /api/v1/login and send the token as a bearer token."
    ),
    paths(
        health,
        login,
        crate::auth::api_unlock,
        crate::auth::api_user_unit,
        crate::documents::api_seal_requests,
        crate::documents::api_seal_request_pdf,
        crate::documents::api_seal,
        logout,
        me_handler,
        agreement,
        units,
        unit_create,
        unit_update,
        unit_archive,
        institutions,
        institution_create,
        institution_update,
        institution_archive,
        courses,
        course_create,
        crate::courses::course_update_api,
        people,
        person,
        person_create,
        person_update,
        person_archive,
        audit,
        crate::exchange::api_sessions,
        crate::exchange::api_session_create,
        crate::exchange::api_session_nominations,
        crate::exchange::api_unit_nominations,
        crate::exchange::api_nominate,
        crate::exchange::api_approve,
        crate::exchange::api_accept,
        crate::exchange::api_withdraw,
        crate::exchange::api_session_status,
        crate::exchange::api_session_instructors,
        crate::exchange::api_assign_instructor,
        crate::exchange::api_release_instructor,
        crate::exchange::api_replace,
        crate::training::api_record,
        crate::training::api_vetting,
        crate::training::api_arrival,
        crate::training::api_departure,
        crate::training::api_assessment,
        crate::training::api_result,
        crate::training::api_evaluation,
        crate::training::api_attendance,
        crate::training::api_abroad,
        crate::reports::api_exchange,
        crate::reports::api_evaluations,
        crate::notify::api_notifications,
        crate::documents::api_order_issue,
        crate::documents::api_revoke,
        crate::documents::api_verify_code,
        crate::documents::api_verify,
        crate::ledger::latest,
        crate::ledger::issue,
        crate::ledger::entry,
        crate::ledger::consistency,
        crate::ledger::witness_keys,
        crate::ledger::register_witness_key,
        crate::ledger::cosign,
        crate::decon::api_declare,
        crate::decon::api_declarations,
        crate::decon::api_get,
        crate::decon::api_confirm,
        crate::decon::api_amend,
        crate::decon::api_cancel,
        crate::decon::api_conflicts,
        // Seat allocation (issue 5).
        crate::allocation::api_runs,
        crate::allocation::api_run,
        crate::allocation::api_review,
        crate::allocation::api_resolve,
        crate::allocation::api_commit,
        crate::hotline::api_messages,
        crate::hotline::api_send,
        crate::hotline::api_thread,
        crate::hotline::api_ack,
        crate::hotline::api_roster,
        crate::hotline::api_roster_save,
        crate::hotline::events
    ),
    components(schemas(
        CourseInput,
        crate::exchange::StatusInput,
        crate::exchange::ReplaceInput,
        crate::exchange::InstructorView,
        crate::auth::CommandedUnit,
        ittifaq_store::exchange::SessionView,
        ittifaq_store::exchange::SessionInput,
        ittifaq_store::exchange::NominationView,
        ittifaq_store::exchange::NominationInput,
        ittifaq_store::exchange::StepView,
        crate::exchange::StepForm,
        ittifaq_store::training::TrainingRecord,
        ittifaq_store::training::VettingStatus,
        ittifaq_store::training::OrderView,
        ittifaq_store::training::AssessmentView,
        ittifaq_store::training::CertificateView,
        ittifaq_store::training::EvaluationView,
        ittifaq_store::training::VettingInput,
        ittifaq_store::training::DayInput,
        ittifaq_store::training::AttendanceInput,
        ittifaq_store::training::AssessmentInput,
        ittifaq_store::training::ResultInput,
        ittifaq_store::training::EvaluationInput,
        ittifaq_store::training::AbroadRow,
        ittifaq_store::reports::ExchangeRow,
        ittifaq_store::reports::EvaluationRow,
        // Seat allocation (issue 5).
        ittifaq_store::allocation::RunInput,
        ittifaq_store::allocation::Adjustments,
        ittifaq_store::allocation::RunSummary,
        ittifaq_store::allocation::KeyView,
        ittifaq_store::allocation::RunReview,
        ittifaq_store::allocation::PlanRowView,
        ittifaq_store::allocation::SessionLine,
        ittifaq_store::allocation::ShareView,
        ittifaq_store::allocation::ChangeView,
        ittifaq_store::notify::NotificationView,
        crate::notify::NotificationOut,
        ittifaq_store::training::PublicCertificate,
        crate::documents::RevokeInput,
        crate::documents::Verdict,
        crate::documents::CertificateStatus,
        crate::ledger::CheckpointOut,
        ittifaq_store::ledger::InclusionView,
        ittifaq_store::ledger::ConsistencyView,
        crate::ledger::WitnessKeyInput,
        crate::ledger::CosignInput,
        ittifaq_store::witness::WitnessKeyView,
        ittifaq_store::witness::CosignatureView,
        Health,
        LoginRequest,
        LoginResponse,
        Me,
        PersonView,
        PersonInput,
        PeoplePage,
        UnitInput,
        UnitOut,
        InstitutionInput,
        InstitutionOut,
        CourseOut,
        AuditView,
        ErrorBody,
        ErrorDetail,
        ittifaq_store::decon::DeclarationInput,
        ittifaq_store::decon::ThirdStateInput,
        ittifaq_store::decon::DeclarationView,
        crate::decon::DeclarationOut,
        crate::decon::ConflictView,
        ittifaq_store::hotline::MessageInput,
        ittifaq_store::hotline::MessageView,
        ittifaq_store::hotline::RosterEntry,
        crate::hotline::AckForm,
        crate::hotline::RosterInput,
        crate::hotline::MessageEvent
    ))
)]
pub struct ApiDoc;

/// The OpenAPI document of this API.
pub async fn openapi() -> impl IntoResponse {
    Json(document())
}

/// The API document: each operation as its handler describes it, completed
/// with what the plumbing in front of every handler answers (so the document
/// lists every status the server can give): 400 for a body, query or path
/// that does not parse, 404 for a record that does not exist or that the
/// caller may not see, 422 for a field a rule refuses; 401 and 403 on routes
/// that need a signed-in user (who signs in with a bearer token); 409 and 413
/// on writes. The access policy says which routes are public.
pub fn document() -> utoipa::openapi::OpenApi {
    use ittifaq_core::policy::{self, Access};
    use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
    let mut doc = ApiDoc::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("a token from POST /api/v1/login"))
                .build(),
        ),
    );
    // A PDF to verify is the body's bytes, whatever its content type says.
    if let Some(utoipa::openapi::RefOr::T(body)) =
        doc.paths.paths.get_mut("/api/v1/verify").and_then(|i| i.post.as_mut()).and_then(|o| o.request_body.as_mut())
    {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        let binary = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .min_length(Some(1));
        body.content = [(
            "application/octet-stream".to_owned(),
            utoipa::openapi::ContentBuilder::new().schema(Some(binary)).build().into(),
        )]
        .into_iter()
        .collect();
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in
            [("GET", &mut item.get), ("POST", &mut item.post), ("PUT", &mut item.put), ("DELETE", &mut item.delete)]
        {
            let Some(op) = op.as_mut() else { continue };
            let public = policy::lookup(method, path).is_none_or(|r| matches!(r.access, Access::Public));
            let mut statuses = vec![
                ("400", "the request is malformed: a body, query or path parameter that does not parse"),
                ("404", "no such record, or none the caller may see"),
                ("422", "a field is invalid: `error.field` names it"),
            ];
            if !public {
                statuses.push(("401", "no valid session or bearer token"));
                statuses.push(("403", "the caller's role or party may not do this"));
                op.security = Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
            }
            if method != "GET" {
                statuses.push(("409", "the record's state does not allow the change"));
                statuses.push(("413", "the body is larger than the server takes"));
            }
            for (status, description) in statuses {
                op.responses.responses.entry(status.to_owned()).or_insert_with(|| error_response(description));
            }
        }
    }
    doc
}

/// A documented error answer: an [`ErrorBody`].
fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
        .into()
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    status: u16,
    message: String,
    field: Option<String>,
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
pub async fn login(
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
pub async fn logout(State(state): State<AppState>, u: CurrentUser) -> Result<StatusCode, AppError> {
    state.store.delete_session(&u.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me)))]
pub async fn me_handler(u: CurrentUser) -> Result<Json<Me>, AppError> {
    Ok(Json(Me {
        username: u.username,
        display_name: u.display_name,
        party: u.party.to_string(),
        role: u.role.to_string(),
        totp_enabled: u.totp_enabled,
    }))
}

#[utoipa::path(get, path = "/api/v1/agreement", responses((status = 200, description = "The agreement as loaded from its file")))]
pub async fn agreement(State(state): State<AppState>) -> Result<Response, AppError> {
    let a = state.store.agreement().await?.ok_or_else(|| AppError::NotFound("no agreement is loaded".into()))?;
    Ok(Json(a).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct UnitOut {
    id: i64,
    code: String,
    party: String,
    parent_id: Option<i64>,
    name_en: String,
    name_tr: String,
    name_ar: String,
    max_away: Option<i32>,
}

impl From<ittifaq_store::entity::unit::Model> for UnitOut {
    fn from(u: ittifaq_store::entity::unit::Model) -> Self {
        UnitOut {
            id: u.id,
            code: u.code,
            party: u.party,
            parent_id: u.parent_id,
            name_en: u.name_en,
            name_tr: u.name_tr,
            name_ar: u.name_ar,
            max_away: u.max_away,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/units",
    params(("q" = Option<String>, Query, description = "words to find in codes and names"), ("party" = Option<String>, Query)),
    responses((status = 200, body = Vec<UnitOut>)))]
pub async fn units(
    State(state): State<AppState>,
    u: CurrentUser,
    QueryData(q): QueryData<RegistryQuery>,
) -> Result<Json<Vec<UnitOut>>, AppError> {
    Ok(Json(
        state
            .store
            .list_units(&u.actor())
            .await?
            .into_iter()
            .filter(|x| !x.archived && q.unit(x))
            .map(UnitOut::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/units", request_body = UnitInput, responses((status = 201, body = UnitOut), (status = 422, body = ErrorBody)))]
pub async fn unit_create(
    State(state): State<AppState>,
    u: CurrentUser,
    ApiJson(input): ApiJson<UnitInput>,
) -> Result<Response, AppError> {
    let m = state.store.create_unit(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(UnitOut::from(m))).into_response())
}

#[utoipa::path(put, path = "/api/v1/units/{id}", params(("id" = i64, Path)), request_body = UnitInput,
    responses((status = 200, body = UnitOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn unit_update(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Unit>,
    ApiJson(input): ApiJson<UnitInput>,
) -> Result<Json<UnitOut>, AppError> {
    Ok(Json(state.store.update_unit(&u.actor(), id, &input).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/units/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = UnitOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unit_archive(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Unit>,
) -> Result<Json<UnitOut>, AppError> {
    Ok(Json(state.store.archive_unit(&u.actor(), id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct InstitutionOut {
    id: i64,
    code: String,
    party: String,
    name_en: String,
    name_tr: String,
    name_ar: String,
    city: String,
    domains: Vec<String>,
}

impl From<ittifaq_store::entity::institution::Model> for InstitutionOut {
    fn from(i: ittifaq_store::entity::institution::Model) -> Self {
        InstitutionOut {
            id: i.id,
            domains: i.domains.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect(),
            code: i.code,
            party: i.party,
            name_en: i.name_en,
            name_tr: i.name_tr,
            name_ar: i.name_ar,
            city: i.city,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/institutions",
    params(("q" = Option<String>, Query, description = "words to find in codes, names and cities"), ("party" = Option<String>, Query), ("domain" = Option<String>, Query)),
    responses((status = 200, body = Vec<InstitutionOut>)))]
pub async fn institutions(
    State(state): State<AppState>,
    QueryData(q): QueryData<RegistryQuery>,
) -> Result<Json<Vec<InstitutionOut>>, AppError> {
    Ok(Json(
        state
            .store
            .list_institutions()
            .await?
            .into_iter()
            .filter(|i| q.institution(i))
            .map(InstitutionOut::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/institutions", request_body = InstitutionInput, responses((status = 201, body = InstitutionOut), (status = 422, body = ErrorBody)))]
pub async fn institution_create(
    State(state): State<AppState>,
    u: CurrentUser,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<Response, AppError> {
    let m = state.store.create_institution(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(InstitutionOut::from(m))).into_response())
}

#[utoipa::path(put, path = "/api/v1/institutions/{id}", params(("id" = i64, Path)), request_body = InstitutionInput,
    responses((status = 200, body = InstitutionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn institution_update(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Institution>,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<Json<InstitutionOut>, AppError> {
    Ok(Json(state.store.update_institution(&u.actor(), id, &input).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = InstitutionOut), (status = 403, body = ErrorBody)))]
pub async fn institution_archive(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Institution>,
) -> Result<Json<InstitutionOut>, AppError> {
    Ok(Json(state.store.archive_institution(&u.actor(), id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct CourseOut {
    id: i64,
    code: String,
    institution_id: i64,
    domain: String,
    article: Option<String>,
    title_en: String,
    title_tr: String,
    title_ar: String,
    language: String,
    min_rank: Option<String>,
    max_rank: Option<String>,
    duration_days: i32,
    capacity: i32,
    requires: Vec<String>,
    grants: Option<String>,
    description_en: Option<String>,
    description_tr: Option<String>,
    description_ar: Option<String>,
}

/// Adds a course to the catalog of an institution of the caller's party.
#[utoipa::path(post, path = "/api/v1/courses", request_body = CourseInput,
    responses((status = 201, body = CourseOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn course_create(
    State(state): State<AppState>,
    u: CurrentUser,
    ApiJson(input): ApiJson<CourseInput>,
) -> Result<Response, AppError> {
    let c = state.store.create_course(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(CourseOut::from(c))).into_response())
}

impl From<ittifaq_store::entity::course::Model> for CourseOut {
    fn from(c: ittifaq_store::entity::course::Model) -> Self {
        CourseOut {
            id: c.id,
            requires: c.requires.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect(),
            code: c.code,
            institution_id: c.institution_id,
            domain: c.domain,
            article: c.article,
            title_en: c.title_en,
            title_tr: c.title_tr,
            title_ar: c.title_ar,
            language: c.language,
            min_rank: c.min_rank,
            max_rank: c.max_rank,
            duration_days: c.duration_days,
            capacity: c.capacity,
            grants: c.grants,
            description_en: c.description_en,
            description_tr: c.description_tr,
            description_ar: c.description_ar,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/courses", responses((status = 200, body = Vec<CourseOut>)))]
pub async fn courses(State(state): State<AppState>) -> Result<Json<Vec<CourseOut>>, AppError> {
    Ok(Json(state.store.list_courses().await?.into_iter().map(CourseOut::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    items: Vec<PersonView>,
    total: u64,
    page: u64,
    per_page: u64,
}

#[utoipa::path(get, path = "/api/v1/people",
    params(
        ("q" = Option<String>, Query, description = "words to find in service numbers and names"),
        ("party" = Option<String>, Query), ("unit_id" = Option<i64>, Query),
        ("rank_min" = Option<String>, Query, description = "STANAG 2116 code"), ("rank_max" = Option<String>, Query),
        ("language" = Option<String>, Query), ("qualification" = Option<String>, Query),
        ("include_archived" = Option<bool>, Query), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = PeoplePage), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn people(
    State(state): State<AppState>,
    u: CurrentUser,
    QueryData(q): QueryData<PeopleQuery>,
) -> Result<Json<PeoplePage>, AppError> {
    let page = state.store.list_people(&u.actor(), &q.filter(100)?).await?;
    Ok(Json(PeoplePage { items: page.items, total: page.total, page: page.page, per_page: page.per_page }))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = PersonView), (status = 404, body = ErrorBody)))]
pub async fn person(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Person>,
) -> Result<Json<PersonView>, AppError> {
    Ok(Json(state.store.get_person(&u.actor(), id).await?))
}

#[utoipa::path(post, path = "/api/v1/people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn person_create(
    State(state): State<AppState>,
    u: CurrentUser,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Response, AppError> {
    let record = input.validate()?;
    let p = state.store.create_person(&u.actor(), &record).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

#[utoipa::path(put, path = "/api/v1/people/{id}", params(("id" = i64, Path)), request_body = PersonInput,
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn person_update(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Person>,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Json<PersonView>, AppError> {
    let record = input.validate()?;
    Ok(Json(state.store.update_person(&u.actor(), id, &record).await?))
}

#[utoipa::path(post, path = "/api/v1/people/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn person_archive(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Person>,
) -> Result<Json<PersonView>, AppError> {
    Ok(Json(state.store.archive_person(&u.actor(), id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    #[serde(default)]
    object_type: Option<String>,
    #[serde(default)]
    object_id: Option<String>,
    #[serde(default)]
    limit: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/audit",
    params(("object_type" = Option<String>, Query), ("object_id" = Option<String>, Query), ("limit" = Option<u64>, Query, minimum = 1, maximum = 1000, description = "at most this many, newest first (default 100)")),
    responses((status = 200, body = Vec<AuditView>)))]
pub async fn audit(
    State(state): State<AppState>,
    u: CurrentUser,
    QueryData(q): QueryData<AuditQuery>,
) -> Result<Json<Vec<AuditView>>, AppError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", format!("{limit} is not from 1 to 1000")));
    }
    let filter = AuditFilter { object_type: q.object_type, object_id: q.object_id, limit };
    Ok(Json(state.store.audit_list(&u.actor(), &filter).await?))
}
