//! The home page: each user's inbox (what awaits their action, with the keys
//! of several nominations turned at once) above the agreement's figures.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Lang;
use ittifaq_core::exchange::Step;
use ittifaq_core::id::NominationId;
use ittifaq_store::inbox::Waiting;

use crate::extract::Caller;
use crate::pages::{FormData, PageCtx, confirmed};
use crate::{AppError, AppState, CurrentUser};

/// The oldest items of each kind the home page shows.
const INBOX_ROWS: u64 = 50;

/// A nomination waiting for the user's key, as the inbox lists it.
struct WaitingRow {
    id: i64,
    name: String,
    session_id: i64,
    session: String,
    since: String,
}

/// One kind of work waiting: its heading with the count, its rows, and
/// where its bulk form posts (none for work done one record at a time).
struct WaitingList {
    id: &'static str,
    heading: String,
    action: Option<&'static str>,
    button: String,
    more: Option<String>,
    rows: Vec<WaitingRow>,
}

/// A session whose attendance of today awaits: id, code, dates and place.
type SessionRow = (i64, String, String);

/// A hotline message awaiting acknowledgement: id, subject, sending party, due.
type HotlineRow = (i64, String, String, String);

/// A document awaiting the party's seal: id, kind, reference, requested at.
type SealRow = (i64, String, String, String);

/// An advisor's report awaiting review: report id, deployment code, due day.
type ReviewRow = (i64, String, String);

/// A deployment awaiting the party's vetting checks: id, code, the checks.
type VetRow = (i64, String, String);

/// A report the advisor is to write: deployment id, deployment code, due day, report id if written.
type WriteRow = (i64, String, String, Option<i64>);

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    agreement_title: String,
    parties: Vec<(String, String, String)>,
    inbox: Vec<WaitingList>,
    /// Hotline messages awaiting acknowledgement: heading and rows.
    hotline: Option<(String, Vec<HotlineRow>)>,
    /// Sessions whose attendance of today awaits: heading and (id, code, dates and place).
    attendance: Option<(String, Vec<SessionRow>)>,
    /// Documents awaiting the party's seal: heading and rows.
    seal: Option<(String, Vec<SealRow>)>,
    /// Advisors' reports awaiting the party's review: heading and (report id, deployment, due day).
    review: Option<(String, Vec<ReviewRow>)>,
    /// Advisors' deployments awaiting the party's vetting checks: heading and (id, code, checks).
    vet_deployments: Option<(String, Vec<VetRow>)>,
    /// The advisor's reports to write: heading and (deployment id, deployment, due day, report id).
    write: Option<(String, Vec<WriteRow>)>,
    /// After a bulk step that was refused for some: who, and why.
    refused: Vec<String>,
}

async fn home_page(
    state: &AppState,
    ctx: PageCtx,
    user: Option<&CurrentUser>,
    refused: Vec<String>,
) -> Result<HomePage, AppError> {
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
    let mut inbox = Vec::new();
    let mut hotline = None;
    let mut attendance = None;
    let mut seal = None;
    let (mut review, mut write, mut vet_deployments) = (None, None, None);
    if let Some(u) = user {
        let found = state.store.inbox(&u.actor(), INBOX_ROWS).await?;
        let list = |w: Waiting, id: &'static str, key: &str, action: Option<&'static str>, button: &str| {
            let rows: Vec<WaitingRow> = w
                .items
                .iter()
                .map(|n| WaitingRow {
                    id: n.id.get(),
                    name: n.person.label(),
                    session_id: n.session_id.get(),
                    session: found.sessions.get(&n.session_id.get()).cloned().unwrap_or_default(),
                    since: n.history.last().map(|h| crate::i18n::utc_minute(h.at)).unwrap_or_default(),
                })
                .collect();
            let more = (w.total > rows.len() as u64).then(|| ctx.tr.count("inbox-more", w.total - rows.len() as u64));
            WaitingList {
                id,
                heading: ctx.tr.count(key, w.total),
                action,
                button: if button.is_empty() { String::new() } else { ctx.t(button) },
                more,
                rows,
            }
        };
        if found.acknowledge_total > 0 {
            let rows = found
                .acknowledge
                .iter()
                .map(|m| (m.id, m.subject.clone(), m.from_party.clone(), crate::i18n::utc_minute(m.ack_due_at)))
                .collect();
            hotline = Some((ctx.tr.count("inbox-acknowledge", found.acknowledge_total), rows));
        }
        if found.review_total > 0 {
            review = Some((ctx.tr.count("inbox-review", found.review_total), found.review.clone()));
        }
        if !found.vet_deployments.is_empty() {
            let rows = found.vet_deployments.iter().map(|(id, code, checks)| (*id, code.clone(), checks.join(", ")));
            vet_deployments =
                Some((ctx.tr.count("inbox-vet-deployments", found.vet_deployments.len() as u64), rows.collect()));
        }
        if !found.write.is_empty() {
            write = Some((ctx.tr.count("inbox-write-report", found.write.len() as u64), found.write.clone()));
        }
        if found.seal_total > 0 {
            let rows = found
                .seal
                .iter()
                .map(|r| {
                    let kind = ctx.t(if r.kind == ittifaq_docs::SealKind::Certificate.code() {
                        "object-kind-certificate"
                    } else {
                        "object-kind-travel-order"
                    });
                    (r.id.get(), kind, r.reference.clone(), crate::i18n::utc_minute(r.created_at))
                })
                .collect();
            seal = Some((ctx.tr.count("inbox-seal", found.seal_total), rows));
        }
        if found.attendance_total > 0 {
            let heading = ctx.tr.t_args(
                "inbox-attendance",
                &[
                    ("count", found.attendance_total.into()),
                    ("plural", crate::i18n::arabic_plural(found.attendance_total).into()),
                    ("day", found.today.clone().into()),
                ],
            );
            let rows = found
                .attendance
                .iter()
                .map(|s| (s.id, s.code.clone(), format!("{} – {} · {}", s.start_date, s.end_date, s.place)))
                .collect();
            attendance = Some((heading, rows));
        }
        for l in [
            list(
                found.approve.clone(),
                "inbox-approve",
                "inbox-approve",
                Some("/inbox/approve"),
                "inbox-approve-selected",
            ),
            list(found.accept.clone(), "inbox-accept", "inbox-accept", Some("/inbox/accept"), "inbox-accept-selected"),
            list(found.vet.clone(), "inbox-vet", "inbox-vet", None, ""),
            list(found.order.clone(), "inbox-order", "inbox-order", None, ""),
        ] {
            if !l.rows.is_empty() {
                inbox.push(l);
            }
        }
    }
    Ok(HomePage {
        ctx,
        agreement_title,
        parties,
        inbox,
        hotline,
        attendance,
        seal,
        review,
        write,
        vet_deployments,
        refused,
    })
}

/// How much awaits the user's action, for the navigation's badge (nothing
/// when nothing does).
pub async fn inbox_count(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let found = state.store.inbox(&u.actor(), 0).await?;
    let n = found.total();
    let badge = if n == 0 {
        String::new()
    } else {
        // An attribute is read as a whole: no isolation marks in it.
        let label = crate::i18n::strip_isolation(&ctx.tr.count("inbox-count", n));
        let label = askama::filters::escape(label, askama::filters::Html).map(|e| e.to_string()).unwrap_or_default();
        format!("<span class=\"badge\" title=\"{label}\" aria-label=\"{label}\">{n}</span>")
    };
    Ok(([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], badge).into_response())
}

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let user = ctx.user.clone();
    home_page(&state, ctx, user.as_ref(), Vec::new()).await
}

/// Turns one key on every nomination ticked on the home page, once the
/// confirmation box is ticked; each is its own step, so one refused leaves
/// the others taken, and the page says which was refused and why.
async fn bulk(
    state: AppState,
    u: CurrentUser,
    ctx: PageCtx,
    fields: HashMap<String, String>,
    step: Step,
) -> Result<Response, AppError> {
    confirmed(fields.get("confirm").map(String::as_str))?;
    let ids: Vec<NominationId> = fields
        .iter()
        .filter(|(_, v)| v.as_str() == "yes")
        .filter_map(|(k, _)| k.strip_prefix("n_")?.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .map(NominationId)
        .collect();
    if ids.is_empty() {
        return Err(AppError::invalid("nominations", ittifaq_core::Msg::new("inbox-none-selected")));
    }
    let mut refused = Vec::new();
    for id in ids {
        if let Err(e) = state.store.take_step(&u.actor(), id, step, "").await {
            refused.push(format!("#{id}: {}", ctx.tr.msg(&AppError::from(e).message())));
        }
    }
    if refused.is_empty() {
        return Ok(Redirect::to("/").into_response());
    }
    refused.sort();
    let page = home_page(&state, ctx, Some(&u), refused).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn bulk_approve(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    bulk(state, u, ctx, f, Step::Approve).await
}

pub async fn bulk_accept(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    bulk(state, u, ctx, f, Step::Accept).await
}
