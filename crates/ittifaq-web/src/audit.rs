//! The audit record as each user may read it: the page and the API.

use axum::Json;
use axum::response::IntoResponse;
use ittifaq_core::Msg;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_store::audit_view::{AuditFilter, AuditView};
use serde::Deserialize;

use crate::AppError;
use crate::extract::Caller;
use crate::pages::{ListPage, ListRow, PageCtx, QueryData};

pub async fn audit(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let entries = state.store.audit_list(&u.actor(), &AuditFilter { limit: 200, ..Default::default() }).await?;
    let rows: Vec<Vec<String>> = entries
        .into_iter()
        .map(|e| {
            let when = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.at) * 1_000_000)
                .map(|t| format!("{} {:02}:{:02}:{:02}", t.date(), t.hour(), t.minute(), t.second()))
                .unwrap_or_default();
            let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
            vec![
                e.id.to_string(),
                when,
                format!("{} ({})", e.actor, e.actor_party),
                Action::parse(&e.action).map_or_else(|_| ctx.tr.step_name(&e.action), |a| ctx.t(&a.key())),
                format!(
                    "{} {} ({})",
                    ObjectKind::parse(&e.object_type).map_or_else(|_| e.object_type.clone(), |k| ctx.t(&k.key())),
                    e.object_id,
                    e.object_party
                ),
                show(&e.before),
                show(&e.after),
            ]
        })
        .collect();
    Ok(ListPage {
        heading: ctx.t("audit-title"),
        lead: Some(ctx.t("audit-lead")),
        headers: vec![
            "#".into(),
            ctx.t("when"),
            ctx.t("who"),
            ctx.t("action"),
            ctx.t("object"),
            ctx.t("before"),
            ctx.t("after"),
        ],
        rows: rows.into_iter().map(ListRow::plain).collect(),
        new_link: None,
        link_label: String::new(),
        search: None,
        pager: None,
        ctx,
    })
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
    let filter = AuditFilter { object_type: q.object_type, object_id: q.object_id, limit };
    Ok(Json(state.store.audit_list(&u.actor(), &filter).await?))
}
