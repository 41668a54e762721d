//! The audit record as each user may read it: the page and the API.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Msg;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_store::audit_view::{AuditFilter, AuditView};
use serde::Deserialize;

use crate::AppError;
use crate::extract::Caller;
use crate::i18n::Tr;
use crate::pages::{FormError, PageCtx, QueryData, csv_attachment, csv_cell, party_options};

/// The audit page's filters (also the CSV export's): an action, a kind of
/// record, a party, a period of days, and where an older page starts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPageQuery {
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    /// One record of that kind (its id or code): its history.
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    party: String,
    /// The first day, `YYYY-MM-DD` (UTC).
    #[serde(default)]
    from: String,
    /// The last day, included.
    #[serde(default)]
    to: String,
    #[serde(default)]
    before: Option<i64>,
}

/// Rows per page of the audit page.
const PAGE_ROWS: u64 = 50;
/// Rows of one CSV export at most (a narrower filter or period gives the rest).
const CSV_ROWS: u64 = 1000;

impl AuditPageQuery {
    fn filter(&self, limit: u64) -> Result<AuditFilter, AppError> {
        let some = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
        let action = some(&self.action);
        if let Some(a) = &action {
            Action::parse(a).map_err(|e| AppError::invalid("action", e.message().clone()))?;
        }
        let object_type = some(&self.object_type);
        if let Some(k) = &object_type {
            ObjectKind::parse(k).map_err(|e| AppError::invalid("object_type", e.message().clone()))?;
        }
        let day = |field: &'static str, text: &str| -> Result<Option<i64>, AppError> {
            let Some(text) = some(text) else { return Ok(None) };
            let d = time::Date::parse(&text, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| AppError::invalid(field, Msg::new("invalid-date").arg("text", &text)))?;
            Ok(Some(d.midnight().assume_utc().unix_timestamp() * 1000))
        };
        let from_ms = day("from", &self.from)?;
        let to_ms = day("to", &self.to)?.map(|t| t + 86_400_000);
        if let (Some(f), Some(t)) = (from_ms, to_ms)
            && f >= t
        {
            return Err(AppError::invalid(
                "to",
                Msg::new("invalid-period-ends-before").arg("from", self.from.trim()).arg("to", self.to.trim()),
            ));
        }
        Ok(AuditFilter {
            object_id: object_type.as_ref().and(some(&self.object_id)),
            object_type,
            action,
            party: some(&self.party).map(|p| p.to_uppercase()),
            from_ms,
            to_ms,
            before: self.before,
            limit,
        })
    }

    /// The query string of these filters, without the page.
    fn filters_query(&self) -> String {
        let pairs = [
            ("action", &self.action),
            ("object_type", &self.object_type),
            ("object_id", &self.object_id),
            ("party", &self.party),
            ("from", &self.from),
            ("to", &self.to),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", crate::auth::urlencode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// What an entry changed, field by field: the field (its stored name, shown
/// as code) and `before → after`, a status or priority by its name when
/// `named` (the page) or its stored code (the CSV, the same in every
/// language). Values the reader may not see are withheld: only the fields'
/// names are given.
fn changes(tr: &Tr, e: &AuditView, named: bool) -> Vec<(String, String)> {
    use serde_json::Value;
    let withheld = tr.t("audit-withheld");
    let kind = ObjectKind::parse(&e.object_type).ok().filter(|_| named);
    let show = |field: &str, v: &Value| match v {
        Value::String(s) => value_name(tr, kind, field, s).unwrap_or_else(|| s.clone()),
        Value::Null => "—".to_owned(),
        other => other.to_string(),
    };
    match (&e.before, &e.after) {
        (Some(Value::Array(b)), _) | (_, Some(Value::Array(b))) if e.redacted => {
            vec![(b.iter().map(|v| show("", v)).collect::<Vec<_>>().join(", "), withheld)]
        }
        (before, after) => {
            let empty = serde_json::Map::new();
            let b = before.as_ref().and_then(Value::as_object).unwrap_or(&empty);
            let a = after.as_ref().and_then(Value::as_object).unwrap_or(&empty);
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| match (b.get(k), a.get(k)) {
                    (Some(old), Some(new)) => (k.clone(), format!("{} → {}", show(k, old), show(k, new))),
                    (None, Some(new)) => (k.clone(), show(k, new)),
                    (Some(old), None) => (k.clone(), format!("{} → —", show(k, old))),
                    (None, None) => (k.clone(), String::new()),
                })
                .collect()
        }
    }
}

/// The name of a stored code in a field of a record of `kind`: a status or
/// a priority, said in the reader's language; none for any other value.
fn value_name(tr: &Tr, kind: Option<ObjectKind>, field: &str, code: &str) -> Option<String> {
    use ittifaq_core::{allocation, assistance, decon, exchange, hotline};
    let key = match (kind?, field) {
        (ObjectKind::Nomination, "status") => exchange::NominationStatus::parse(code).ok()?.key(),
        (ObjectKind::Session, "status") => exchange::SessionStatus::parse(code).ok()?.key(),
        (ObjectKind::Declaration, "status") => decon::DeclarationStatus::parse(code).ok()?.key(),
        (ObjectKind::HotlineMessage, "status") => hotline::MessageStatus::parse(code).ok()?.key(),
        (ObjectKind::HotlineMessage, "priority") => hotline::Priority::parse(code).ok()?.key(),
        (ObjectKind::AllocationRun, "state") => allocation::RunState::parse(code).ok()?.key(),
        (ObjectKind::EngagementPlan, "status") => assistance::PlanStatus::parse(code).ok()?.key(),
        (ObjectKind::AdvisorReport, "status") => assistance::advisory::ReportStatus::parse(code).ok()?.key(),
        (ObjectKind::Deployment, "outcome") => exchange::VettingOutcome::parse(code).ok()?.key(),
        _ => return None,
    };
    Some(tr.t(&key))
}

struct AuditRow {
    id: i64,
    when: String,
    who: String,
    action: String,
    object: String,
    changes: Vec<(String, String)>,
}

fn row(ctx: &PageCtx, e: &AuditView) -> AuditRow {
    AuditRow {
        id: e.id,
        when: crate::i18n::utc_second(e.at),
        who: format!("{} ({})", e.actor, e.actor_party),
        action: Action::parse(&e.action).map_or_else(|_| ctx.tr.step_name(&e.action), |a| ctx.t(&a.key())),
        object: format!(
            "{} {} ({})",
            ObjectKind::parse(&e.object_type).map_or_else(|_| e.object_type.clone(), |k| ctx.t(&k.key())),
            e.object_id,
            e.object_party
        ),
        changes: changes(&ctx.tr, e, true),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPageView {
    ctx: PageCtx,
    q: AuditPageQuery,
    actions: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    parties: Vec<(String, bool)>,
    rows: Vec<AuditRow>,
    older: Option<String>,
    csv: String,
    error: Option<FormError>,
}

pub async fn audit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<AuditPageQuery>,
) -> Result<Response, AppError> {
    let filters = q.filters_query();
    let found = match q.filter(PAGE_ROWS) {
        Ok(filter) => Ok(state.store.audit_page(&u.actor(), &filter).await?),
        Err(e) => Err(e),
    };
    let (rows, older, error, status) = match found {
        Ok(page) => {
            let older = page.older.map(|b| {
                if filters.is_empty() { format!("/audit?before={b}") } else { format!("/audit?{filters}&before={b}") }
            });
            (page.items.iter().map(|e| row(&ctx, e)).collect(), older, None, StatusCode::OK)
        }
        Err(e) => (Vec::new(), None, Some(FormError::of(&e, &ctx.tr)), e.status()),
    };
    let actions = Action::ALL.iter().map(|a| (a.code(), ctx.t(&a.key()))).collect();
    let kinds = ObjectKind::ALL.iter().map(|k| (k.code(), ctx.t(&k.key()))).collect();
    let party = q.party.trim().to_uppercase();
    let parties = party_options(&state, Some(party.as_str())).await?;
    let csv = if filters.is_empty() { "/audit.csv".to_owned() } else { format!("/audit.csv?{filters}") };
    let page = AuditPageView { ctx, q, actions, kinds, parties, rows, older, csv, error };
    Ok((status, page).into_response())
}

/// The audit entries of the filters as CSV, newest first, as the reader may
/// see them (at most [`CSV_ROWS`]).
pub async fn audit_csv(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<AuditPageQuery>,
) -> Result<Response, AppError> {
    let found = state.store.audit_page(&u.actor(), &q.filter(CSV_ROWS)?).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["id", "at", "actor", "actor_party", "action", "object_type", "object_id", "object_party", "changes"];
    w.write_record(header).map_err(|e| AppError::Internal(e.to_string()))?;
    for e in &found.items {
        let record = [
            e.id.to_string(),
            crate::i18n::utc_second(e.at),
            csv_cell(&e.actor),
            e.actor_party.clone(),
            e.action.clone(),
            e.object_type.clone(),
            csv_cell(&e.object_id),
            e.object_party.clone(),
            csv_cell(
                &changes(&ctx.tr, e, false)
                    .into_iter()
                    .map(|(field, change)| format!("{field}: {change}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ];
        w.write_record(&record).map_err(|e| AppError::Internal(e.to_string()))?;
    }
    csv_attachment(w, "audit.csv")
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
pub async fn api_audit(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<AuditQuery>,
) -> Result<Json<Vec<AuditView>>, AppError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", Msg::new("invalid-limit").arg("limit", limit)));
    }
    let filter = AuditFilter { object_type: q.object_type, object_id: q.object_id, limit, ..Default::default() };
    Ok(Json(state.store.audit_list(&u.actor(), &filter).await?))
}
