//! The global search: one box in the header finds people by name or service
//! number (where their party released them), sessions by code or course
//! title, and courses by code or title; each kind a short list with a link
//! to its full, filtered listing.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::exchange::{SessionFilter, search_words};
use ittifaq_core::policy::Permission;
use ittifaq_store::people::PeopleFilter;

use crate::AppError;
use crate::extract::Caller;
use crate::pages::{FormError, PageCtx, QueryData, pick};

/// How many of each kind the search page lists before linking to the rest.
const SHOWN: u64 = 20;

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// One kind of result: its heading with the count, (link, text) rows, and
/// the full listing when there are more.
struct Found {
    id: &'static str,
    heading: String,
    rows: Vec<(String, String)>,
    more: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
struct SearchPage {
    ctx: PageCtx,
    q: String,
    error: Option<FormError>,
    found: Vec<Found>,
}

pub async fn search(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(query): QueryData<SearchQuery>,
) -> Result<Response, AppError> {
    let words = match search_words(&query.q) {
        Ok(w) => w,
        Err(e) => {
            let error = Some(FormError::of(&e.into(), &ctx.tr));
            let page = SearchPage { ctx, q: query.q, error, found: Vec::new() };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut found = Vec::new();
    if !words.is_empty() {
        let q = words.join(" ");
        let encoded = crate::auth::urlencode(&q);
        if Permission::PeopleRead.granted_to(u.role) {
            let filter = PeopleFilter { q: Some(q.clone()), page: 1, per_page: SHOWN, ..Default::default() };
            let people = state.store.list_people(&u.actor(), &filter).await?;
            found.push(Found {
                id: "found-people",
                heading: ctx.tr.count("search-people", people.total),
                rows: people.items.iter().map(|p| (format!("/people/{}", p.id), p.label())).collect(),
                more: (people.total > SHOWN).then(|| format!("/people?q={encoded}")),
            });
        }
        let filter = SessionFilter { words: words.clone(), ..Default::default() };
        let (sessions, total) = state.store.catalog_page(&filter, Some((1, SHOWN))).await?;
        found.push(Found {
            id: "found-sessions",
            heading: ctx.tr.count("search-sessions", total),
            rows: sessions
                .iter()
                .map(|s| {
                    let title = pick(ctx.tr.lang, &s.title_en, &s.title_tr, &s.title_ar);
                    (format!("/sessions/{}", s.id), format!("{} — {title} ({} – {})", s.code, s.start, s.end))
                })
                .collect(),
            more: (total > SHOWN).then(|| format!("/sessions?q={encoded}")),
        });
        let courses: Vec<_> = state
            .store
            .list_courses()
            .await?
            .into_iter()
            .filter(|c| {
                let text = [&c.code, &c.title_en, &c.title_tr, &c.title_ar].map(|t| t.to_lowercase()).join(" ");
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect();
        found.push(Found {
            id: "found-courses",
            heading: ctx.tr.count("search-courses", courses.len() as u64),
            rows: courses
                .iter()
                .take(SHOWN as usize)
                .map(|c| {
                    let title = pick(ctx.tr.lang, &c.title_en, &c.title_tr, &c.title_ar);
                    (format!("/courses?q={}", crate::auth::urlencode(&c.code)), format!("{} — {title}", c.code))
                })
                .collect(),
            more: (courses.len() as u64 > SHOWN).then(|| format!("/courses?q={encoded}")),
        });
    }
    Ok(SearchPage { ctx, q: query.q, error: None, found }.into_response())
}
