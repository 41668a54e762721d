//! The home page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::IntoResponse;
use ittifaq_core::Lang;

use crate::pages::PageCtx;
use crate::{AppError, AppState};

// ---------------------------------------------------------------- home

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    agreement_title: String,
    parties: Vec<(String, String, String)>,
}

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let agreement = state.store.agreement().await?;
    let agreement_title =
        agreement.as_ref().map(|a| a.title.get(ctx.tr.lang).to_owned()).unwrap_or_else(|| ctx.t("no-agreement"));
    let mut parties = Vec::new();
    for p in state.store.parties().await? {
        let n = state.store.count_people(Some(&p.code)).await?;
        let name = match ctx.tr.lang {
            Lang::En => p.name_en.clone(),
            Lang::Tr => p.name_tr.clone(),
            Lang::Ar => p.name_ar.clone(),
        };
        parties.push((p.code.clone(), name, ctx.tr.count("people-count", n)));
    }
    Ok(HomePage { ctx, agreement_title, parties })
}
