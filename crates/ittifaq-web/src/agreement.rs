//! The agreement as loaded: its page and its JSON.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Msg;

use crate::pages::{ListPage, ListRow, PageCtx};
use crate::{AppError, AppState};

pub async fn agreement(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let a = state.store.agreement().await?.ok_or_else(|| AppError::NotFound(Msg::new("error-no-agreement")))?;
    let l = ctx.tr.lang;
    let mut rows = Vec::new();
    for p in &a.parties {
        rows.push(vec![ctx.t("field-party"), p.code.to_string(), p.name.get(l).to_owned()]);
    }
    for art in &a.articles {
        rows.push(vec![ctx.t("field-article"), art.number.clone(), art.title.get(l).to_owned()]);
    }
    for (key, items) in [("measure", &a.measures), ("field-domain", &a.domains), ("track", &a.tracks)] {
        for i in items {
            let article = i.article.as_ref().map(|n| format!(" ({} {n})", ctx.t("field-article"))).unwrap_or_default();
            rows.push(vec![ctx.t(key), i.code.clone(), format!("{}{article}", i.name.get(l))]);
        }
    }
    Ok(ListPage {
        heading: a.title.get(l).to_owned(),
        lead: Some(format!("{} {}", ctx.t("signed-on"), a.signed)),
        headers: vec![ctx.t("kind"), ctx.t("field-code"), ctx.t("field-name")],
        rows: rows.into_iter().map(ListRow::plain).collect(),
        new_link: None,
        link_label: String::new(),
        search: None,
        pager: None,
        ctx,
    })
}

#[utoipa::path(get, path = "/api/v1/agreement", responses((status = 200, description = "The agreement as loaded from its file")))]
pub async fn api_agreement(State(state): State<AppState>) -> Result<Response, AppError> {
    let a = state.store.agreement().await?.ok_or_else(|| AppError::NotFound(Msg::new("error-no-agreement")))?;
    Ok(Json(a).into_response())
}
