//! "My training": a trainee's own enrolments, the coming ones first with
//! where and when to report and the travel order to carry, then the past
//! ones with their results and certificates; and the transcript of them all
//! as a PDF.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Lang;
use ittifaq_store::trainee::OwnEnrolment;

use crate::AppError;
use crate::extract::Caller;
use crate::pages::PageCtx;

/// One enrolment as the page shows it.
struct Row {
    nomination: i64,
    session: String,
    title: String,
    dates: String,
    host: String,
    status: String,
    /// Where and when to report, while the course is to come.
    joining: Option<String>,
    /// The travel order's reference, when it may be downloaded.
    order: Option<String>,
    grade: Option<String>,
    /// The certificate's code, when it may be downloaded.
    certificate: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_training.html")]
struct MyTrainingPage {
    ctx: PageCtx,
    /// The trainee's name, rank and service number.
    who: Option<String>,
    /// The coming and current enrolments, then the past ones: id, heading, rows.
    sections: Vec<(&'static str, String, Vec<Row>)>,
}

fn row(ctx: &PageCtx, e: &OwnEnrolment, today: &str) -> Row {
    let (r, s) = (&e.record, &e.record.session);
    let lang = ctx.tr.lang;
    let pick = |en: &str, tr: &str, ar: &str| match lang {
        Lang::En => en.to_owned(),
        Lang::Tr => tr.to_owned(),
        Lang::Ar => ar.to_owned(),
    };
    let institution = pick(&e.institution[0], &e.institution[1], &e.institution[2]);
    let waiting = matches!(
        r.nomination.status,
        ittifaq_core::exchange::NominationStatus::Accepted | ittifaq_core::exchange::NominationStatus::Approved
    );
    let joining = (waiting && s.end.as_str() >= today).then(|| {
        ctx.tr.t_args(
            "my-training-joining",
            &[
                ("institution", institution.clone().into()),
                ("city", e.city.clone().into()),
                ("place", s.place.clone().into()),
                ("day", s.start.clone().into()),
                ("language", e.language.clone().into()),
            ],
        )
    });
    Row {
        nomination: r.nomination.id.get(),
        session: s.code.clone(),
        title: pick(&s.title_en, &s.title_tr, &s.title_ar),
        dates: format!("{} – {}", s.start, s.end),
        host: s.host_party.clone(),
        status: ctx.t(&r.nomination.status.key()),
        joining,
        order: r.order.as_ref().filter(|_| r.documents).map(|o| o.reference.clone()),
        grade: r.grade.clone(),
        certificate: r.certificate.as_ref().filter(|c| r.documents && !c.revoked).map(|c| c.code.clone()),
    }
}

pub async fn my_training(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let own = state.store.own_training(&u.actor()).await?;
    let today = state.store.today();
    let (mut coming, mut past) = (Vec::new(), Vec::new());
    let who = own.as_ref().map(|o| o.person.label());
    for e in own.iter().flat_map(|o| &o.enrolments) {
        let r = row(&ctx, e, &today);
        if e.record.session.end >= today { coming.push(r) } else { past.push(r) }
    }
    // The latest course first among the past ones.
    past.reverse();
    let sections = vec![("coming", ctx.t("my-training-coming"), coming), ("past", ctx.t("my-training-past"), past)];
    Ok(MyTrainingPage { ctx, who, sections }.into_response())
}

pub async fn transcript(Caller { state, user: u }: Caller) -> Result<Response, AppError> {
    let base = state.documents.as_ref().map(|k| k.public_url.clone()).unwrap_or_default();
    let today = time::Date::parse(&state.store.today(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|e| AppError::Internal(format!("today: {e}")))?;
    let pdf = crate::issuing::transcript(&state.store, &base, &u.actor(), today)
        .await?
        .ok_or_else(|| AppError::NotFound(ittifaq_core::Msg::new("my-training-no-person")))?;
    Ok(crate::pages::pdf_response(&format!("transcript-{}", u.username), pdf))
}
