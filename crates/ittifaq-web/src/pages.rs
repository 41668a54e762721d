//! Server-rendered pages. Each handler reads through the store with the
//! signed-in user's actor, so a page shows exactly what the store released.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{FromRequestParts, Query};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Lang;
use ittifaq_core::Msg;

use crate::auth::CurrentUser;
use crate::i18n::{Tr, strip_isolation};
use crate::{AppError, AppState};

/// What every page's layout needs: the translator, the user and the path.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    pub path: String,
}

impl PageCtx {
    pub fn anonymous(tr: Tr) -> PageCtx {
        PageCtx { tr, user: None, path: "/".into() }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.tr.lang.dir()
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn user_label(&self) -> String {
        match &self.user {
            Some(u) => format!("{} · {} · {}", u.display_name, u.party, self.t(&format!("role-{}", u.role.code()))),
            None => String::new(),
        }
    }

    /// Whether the user's role may use a route, by the route table.
    pub fn can(&self, method: &str, path: &str) -> bool {
        let role = self.user.as_ref().map(|u| u.role);
        crate::route(method, path).is_some_and(|r| r.access.allows(role))
    }

    /// The navigation links the user's role may follow: href, label, and
    /// whether the link carries the inbox's count.
    pub fn nav(&self) -> Vec<(&'static str, String, bool)> {
        [
            ("/", "nav-inbox"),
            ("/my-training", "nav-my-training"),
            ("/people", "nav-people"),
            ("/units", "nav-units"),
            ("/institutions", "nav-institutions"),
            ("/courses", "nav-courses"),
            ("/sessions", "nav-sessions"),
            ("/calendar", "nav-calendar"),
            ("/abroad", "nav-abroad"),
            ("/reports/exchange", "nav-reports"),
            ("/decon", "nav-decon"),
            ("/allocation", "nav-allocation"),
            ("/assistance", "nav-assistance"),
            ("/integration", "nav-integration"),
            ("/agreement", "nav-agreement"),
            ("/audit", "nav-audit"),
            ("/ledger", "nav-ledger"),
            ("/admin/users", "nav-users"),
            ("/notifications", "nav-notifications"),
            ("/hotline", "nav-hotline"),
            ("/account", "nav-account"),
        ]
        .into_iter()
        .filter(|(href, _)| self.can("GET", href))
        .map(|(href, key)| (href, self.t(key), href == "/"))
        .collect()
    }

    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        [(Lang::En, "English"), (Lang::Tr, "Türkçe"), (Lang::Ar, "العربية")]
            .into_iter()
            .map(|(l, name)| (l.code(), name, l == self.tr.lang))
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let user = parts.extensions.get::<CurrentUser>().cloned();
        let tr = Tr::for_request(&parts.headers, user.as_ref().and_then(|u| u.locale.as_deref()));
        Ok(PageCtx { tr, user, path: parts.uri.path().to_owned() })
    }
}

/// The agreement's parties as options of a select, with `selected` marked.
pub(crate) async fn party_options(state: &AppState, selected: Option<&str>) -> Result<Vec<(String, bool)>, AppError> {
    Ok(state
        .store
        .parties()
        .await?
        .into_iter()
        .map(|p| {
            let s = selected == Some(p.code.as_str());
            (p.code, s)
        })
        .collect())
}

/// A whole number typed in a form field; the error names the field and the range expected.
pub(crate) fn form_int(field: &str, text: &str, range: &str) -> Result<i32, AppError> {
    let t = text.trim();
    t.parse::<i32>()
        .map_err(|_| AppError::invalid(field, Msg::new("invalid-number-range").arg("text", t).arg("range", range)))
}

pub fn parse_id(text: &str, kind: ittifaq_core::audit::ObjectKind) -> Result<i64, AppError> {
    text.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        AppError::NotFound(
            Msg::new("error-does-not-exist").msg("what", ittifaq_store::record(kind, format!("\"{text}\""))),
        )
    })
}

/// A form body whose rejection becomes a clear 400.
pub struct FormData<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for FormData<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        Form::<T>::from_request(req, state)
            .await
            .map(|Form(v)| FormData(v))
            .map_err(|e| crate::error::unreadable(crate::error::Unreadable::Form, None, &e.body_text()))
    }
}

/// A query string whose rejection becomes a clear 400.
pub struct QueryData<T>(pub T);

impl<T, S> FromRequestParts<S> for QueryData<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| QueryData(v))
            .map_err(|e| crate::error::unreadable(crate::error::Unreadable::Query, None, &e.body_text()))
    }
}

/// A PDF as a download named `name` (letters, digits and dashes kept), never cached.
pub(crate) fn pdf_response(name: &str, pdf: Vec<u8>) -> Response {
    let file: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.pdf\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response()
}

/// A CSV cell that a spreadsheet will not run as a formula.
pub(crate) fn csv_cell(text: &str) -> String {
    let text = strip_isolation(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text }
}

/// A finished CSV writer as a download named `name`. It opens with a UTF-8
/// byte order mark, without which Excel reads Turkish and Arabic names as
/// Windows-1252 (the csv crate, and so `ittifaq import`, skips it).
pub(crate) fn csv_attachment(w: csv::Writer<Vec<u8>>, name: &str) -> Result<Response, AppError> {
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?);
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

/// A workbook as a download named `name`: each sheet (its name, its header
/// and its rows of text or numbers) written by rust_xlsxwriter, which writes
/// text as text, never as a formula.
pub(crate) fn xlsx_attachment(sheets: &[Sheet], name: &str) -> Result<Response, AppError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    for (title, head, rows) in sheets {
        let sheet = book.add_worksheet();
        // A sheet's name: at most 31 characters, none of []:*?/\.
        let clean: String = strip_isolation(title).chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(clean).map_err(fail)?;
        for (c, h) in head.iter().enumerate() {
            sheet.write_string(0, c as u16, strip_isolation(h)).map_err(fail)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    XlsxCell::Text(t) => sheet.write_string(r, c, strip_isolation(t)).map_err(fail)?,
                    XlsxCell::Number(n) => sheet.write_number(r, c, *n).map_err(fail)?,
                };
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(fail)?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// A sheet of a workbook: its name, its header and its rows.
pub(crate) type Sheet = (String, Vec<String>, Vec<Vec<XlsxCell>>);

/// A cell of a workbook.
pub(crate) enum XlsxCell {
    Text(String),
    Number(f64),
}

// ---------------------------------------------------------------- registry

#[derive(Template, WebTemplate)]
#[template(path = "list.html")]
pub(crate) struct ListPage {
    pub(crate) ctx: PageCtx,
    pub(crate) heading: String,
    pub(crate) lead: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<ListRow>,
    /// A button above the table: link and label.
    pub(crate) new_link: Option<(String, String)>,
    /// The label of the per-row link, when rows have one.
    pub(crate) link_label: String,
    /// A search box above the table, for listings that take one.
    pub(crate) search: Option<SearchBox>,
    /// Links to the previous and next pages and "page N of M", for listings in pages.
    pub(crate) pager: Option<Pager>,
}

/// The page links under a listing.
pub(crate) struct Pager {
    pub(crate) prev: Option<String>,
    pub(crate) label: String,
    pub(crate) next: Option<String>,
}

/// The search box of a listing: words, a party, and the listing's own
/// choices and dates; a filter refused is shown beside its field, the
/// filters as typed.
pub(crate) struct SearchBox {
    pub(crate) action: String,
    pub(crate) q: String,
    pub(crate) parties: Vec<(String, bool)>,
    pub(crate) choices: Vec<Choice>,
    /// Date inputs: name, label, value as typed.
    pub(crate) dates: Vec<(&'static str, String, String)>,
    pub(crate) error: Option<FormError>,
}

impl SearchBox {
    pub(crate) fn new(action: &str, q: &str, parties: Vec<(String, bool)>) -> SearchBox {
        SearchBox {
            action: action.to_owned(),
            q: q.to_owned(),
            parties,
            choices: Vec::new(),
            dates: Vec::new(),
            error: None,
        }
    }
}

/// A select of a listing's filters: its name, label and options (value,
/// label, whether chosen), after "all".
pub(crate) struct Choice {
    pub(crate) name: &'static str,
    pub(crate) label: String,
    pub(crate) options: Vec<(String, String, bool)>,
}

/// One row of a listing, with an optional link (to edit it) and another
/// link with its own label.
pub(crate) struct ListRow {
    pub(crate) cells: Vec<String>,
    pub(crate) link: Option<String>,
    pub(crate) more: Option<(String, String)>,
}

impl ListRow {
    pub(crate) fn plain(cells: Vec<String>) -> ListRow {
        ListRow { cells, link: None, more: None }
    }
}

pub(crate) fn pick<'a>(lang: Lang, en: &'a str, tr: &'a str, ar: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Tr => tr,
        Lang::Ar => ar,
    }
}

/// A form the store refused (invalid or in conflict), shown again by `page` with
/// the reason and the error's 4xx status; any other error goes up as it is.
pub(crate) async fn form_again<P, F>(
    e: AppError,
    tr: Tr,
    page: impl FnOnce(FormError) -> F,
) -> Result<Response, AppError>
where
    P: IntoResponse,
    F: std::future::Future<Output = Result<P, AppError>>,
{
    match e {
        AppError::Invalid { .. } | AppError::Conflict(_) => {
            let error = FormError::of(&e, &tr);
            Ok((e.status(), page(error).await?).into_response())
        }
        other => Err(other),
    }
}

/// Why a form was refused, in the user's language: the whole reason for the
/// summary above the form, and the input it concerns (none when the refusal
/// is of the whole form) with the reason shown beside that input.
#[derive(Debug, Clone)]
pub struct FormError {
    /// The field as the store names it (`name.en`, `max_away`).
    pub field: Option<String>,
    /// The reason, without the field's name (beside the input).
    pub message: String,
    /// The reason with the field's name (above the form).
    pub summary: String,
}

impl FormError {
    pub fn of(e: &AppError, tr: &Tr) -> FormError {
        let summary = tr.msg(&e.message());
        match e {
            AppError::Invalid { field, message } => {
                FormError { field: Some(field.clone()), message: tr.msg(message), summary }
            }
            _ => FormError { field: None, message: summary.clone(), summary },
        }
    }

    /// The id of the input the error concerns (`name.en` is the input `name_en`).
    pub fn anchor(&self) -> Option<String> {
        self.field.as_ref().map(|f| f.replace('.', "_"))
    }

    /// The same error shown at the input `to` when the store names the field
    /// `from` (one field of the record read from several inputs).
    pub fn at(mut self, from: &str, to: &str) -> FormError {
        if self.field.as_deref() == Some(from) {
            self.field = Some(to.to_owned());
        }
        self
    }

    /// Whether the error concerns the input `id`.
    pub fn on(&self, id: &str) -> bool {
        self.anchor().is_some_and(|a| a == id)
    }
}

/// The form of a step that cannot be undone (archiving, cancelling): the
/// page asks for a box to be ticked, and the step is refused without it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmForm {
    #[serde(default)]
    pub confirm: Option<String>,
}

impl ConfirmForm {
    /// Refuses the step unless its box was ticked.
    pub fn check(&self) -> Result<(), AppError> {
        confirmed(self.confirm.as_deref())
    }
}

/// Refuses a step that cannot be undone unless the page's `confirm` box was
/// ticked (its value, when the form sent one).
pub fn confirmed(confirm: Option<&str>) -> Result<(), AppError> {
    match confirm {
        Some("yes") => Ok(()),
        _ => Err(AppError::invalid("confirm", Msg::new("confirm-required"))),
    }
}

/// A name in the user's language.
pub(crate) fn names(lang: Lang, n: &ittifaq_core::agreement::Names) -> String {
    pick(lang, &n.en, &n.tr, &n.ar).to_owned()
}
