//! The OpenAPI document of every route under `/api/v1`: the handlers'
//! annotations, completed with what the plumbing answers.

use axum::Json;
use axum::response::IntoResponse;
use ittifaq_core::person::PersonInput;
use ittifaq_store::PersonView;
use ittifaq_store::audit_view::AuditView;
use ittifaq_store::registry::{CourseInput, InstitutionInput, UnitInput};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ittifaq API",
        description = "The JSON API of Ittifaq. Sign in with POST /api/v1/login and send the token as a bearer token."
    ),
    paths(
        crate::api::health,
        crate::signin::api_login,
        crate::accounts::api_unlock,
        crate::accounts::api_user_unit,
        crate::documents::api_seal_requests,
        crate::documents::api_seal_request_pdf,
        crate::documents::api_seal,
        crate::signin::api_logout,
        crate::signin::api_me,
        crate::agreement::api_agreement,
        crate::registry::api_units,
        crate::registry::api_unit_create,
        crate::registry::api_unit_update,
        crate::registry::api_unit_archive,
        crate::registry::api_institutions,
        crate::registry::api_institution_create,
        crate::registry::api_institution_update,
        crate::registry::api_institution_archive,
        crate::courses::api_courses,
        crate::courses::api_course_create,
        crate::courses::course_update_api,
        crate::people::api_people,
        crate::people::api_person,
        crate::people::api_person_create,
        crate::people::api_person_update,
        crate::people::api_person_archive,
        crate::audit::api_audit,
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
        crate::hotline::events,
        crate::assistance::api_plans,
        crate::assistance::api_plan_create,
        crate::assistance::api_plan,
        crate::assistance::api_plan_statements,
        crate::assistance::api_plan_objective,
        crate::assistance::api_plan_indicator,
        crate::assistance::api_plan_baseline,
        crate::assistance::api_plan_target,
        crate::assistance::api_plan_milestone,
        crate::assistance::api_plan_agree,
        crate::assistance::api_plan_activate,
        crate::assistance::advisory::api_plan_schedule,
        crate::assistance::advisory::api_deployments,
        crate::assistance::advisory::api_deployment_create,
        crate::assistance::advisory::api_deployment,
        crate::assistance::advisory::api_deployment_end,
        crate::assistance::advisory::api_deployment_vetting,
        crate::integration::api_formations,
        crate::integration::api_formation_create,
        crate::integration::api_formation,
        crate::integration::api_deadline,
        crate::integration::api_verification,
        crate::integration::api_reported,
        crate::integration::structure::api_target_structure,
        crate::integration::structure::api_target_unit_create,
        crate::integration::roster::api_candidates,
        crate::integration::roster::api_candidates_import,
        crate::integration::roster::api_candidates_verify,
        crate::integration::roster::api_roster_summary,
        crate::integration::roster::api_candidate_review,
        crate::integration::roster::api_candidate_reintegrate,
        crate::assistance::advisory::api_report_file,
        crate::assistance::advisory::api_report,
        crate::assistance::advisory::api_report_submit,
        crate::assistance::advisory::api_report_return,
        crate::assistance::advisory::api_report_approve,
        crate::assistance::advisory::api_contest,
        crate::assistance::progress::api_completeness,
        crate::assistance::progress::api_progress
    ),
    components(schemas(
        CourseInput,
        // Technical assistance (issue 19).
        ittifaq_store::assistance::PlanInput,
        ittifaq_store::assistance::PlanView,
        ittifaq_store::assistance::ObjectiveInput,
        ittifaq_store::assistance::ObjectiveView,
        ittifaq_store::assistance::IndicatorInput,
        ittifaq_store::assistance::IndicatorView,
        ittifaq_store::assistance::BaselineInput,
        ittifaq_store::assistance::TargetInput,
        ittifaq_store::assistance::MilestoneInput,
        ittifaq_store::assistance::PlanKeyView,
        crate::assistance::PlanSummary,
        crate::assistance::StatementsInput,
        crate::assistance::BaselineSet,
        crate::assistance::advisory::ScheduleInput,
        ittifaq_store::assistance::progress::Completeness,
        ittifaq_store::assistance::progress::PlanRef,
        ittifaq_store::assistance::progress::NoBaseline,
        ittifaq_store::assistance::progress::DeploymentRef,
        ittifaq_store::assistance::progress::Overdue,
        ittifaq_store::assistance::progress::Unreviewed,
        ittifaq_store::assistance::progress::LateMilestone,
        ittifaq_store::assistance::progress::PlanProgress,
        ittifaq_store::assistance::progress::Series,
        ittifaq_store::assistance::progress::Month,
        ittifaq_store::assistance::progress::Point,
        ittifaq_store::assistance::progress::BurnUp,
        ittifaq_store::assistance::advisory::DeploymentInput,
        ittifaq_store::assistance::advisory::DeploymentView,
        ittifaq_store::assistance::advisory::DueView,
        ittifaq_store::assistance::advisory::EndInput,
        ittifaq_store::assistance::advisory::ReportInput,
        ittifaq_store::assistance::advisory::ReportView,
        ittifaq_store::assistance::advisory::ProgressInput,
        ittifaq_store::assistance::advisory::MeasurementInput,
        ittifaq_store::assistance::advisory::MeasurementView,
        ittifaq_store::assistance::advisory::ContestInput,
        ittifaq_store::assistance::advisory::ContestView,
        ittifaq_store::assistance::advisory::ReviewInput,
        crate::exchange::StatusInput,
        crate::exchange::ReplaceInput,
        crate::exchange::InstructorView,
        crate::accounts::CommandedUnit,
        ittifaq_store::exchange::SessionView,
        ittifaq_store::exchange::SessionInput,
        ittifaq_store::exchange::NominationView,
        ittifaq_store::exchange::NominationInput,
        ittifaq_store::exchange::StepView,
        crate::exchange::StepForm,
        ittifaq_store::training::TrainingRecord,
        ittifaq_store::vetting::VettingStatus,
        ittifaq_store::training::OrderView,
        ittifaq_store::training::AssessmentView,
        ittifaq_store::training::CertificateView,
        ittifaq_store::training::EvaluationView,
        ittifaq_store::vetting::VettingInput,
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
        crate::issuing::Verdict,
        crate::documents::CertificateStatus,
        crate::ledger::CheckpointOut,
        ittifaq_store::ledger::InclusionView,
        ittifaq_store::ledger::ConsistencyView,
        crate::ledger::WitnessKeyInput,
        crate::ledger::CosignInput,
        ittifaq_store::witness::WitnessKeyView,
        ittifaq_store::witness::CosignatureView,
        crate::api::Health,
        crate::signin::LoginRequest,
        crate::signin::LoginResponse,
        crate::signin::Me,
        PersonView,
        PersonInput,
        crate::people::PeopleApiPage,
        UnitInput,
        crate::registry::UnitOut,
        InstitutionInput,
        crate::registry::InstitutionOut,
        crate::courses::CourseOut,
        AuditView,
        crate::api::ErrorBody,
        crate::api::ErrorDetail,
        ittifaq_store::decon::DeclarationInput,
        ittifaq_store::decon::ThirdStateInput,
        ittifaq_store::decon::DeclarationView,
        ittifaq_store::decon_engine::DeclarationOut,
        ittifaq_store::decon_engine::ConflictView,
        ittifaq_store::hotline::MessageInput,
        ittifaq_store::hotline::MessageView,
        ittifaq_store::hotline::RosterEntry,
        crate::hotline::AckForm,
        crate::hotline::RosterInput,
        crate::hotline_live::MessageEvent
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
    use ittifaq_core::policy::Access;
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
            let public = crate::route(method, path).is_none_or(|r| matches!(r.access, Access::Public));
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
