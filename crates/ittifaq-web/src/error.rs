//! The one error type of the web layer. A handler returns an [`AppError`]; the
//! outermost middleware turns it into a translated HTML page or a JSON body,
//! naming the problem for the user and logging (never showing) internal causes.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Msg;
use ittifaq_store::StoreError;

/// An error a handler can return.
#[derive(Debug)]
pub enum AppError {
    /// The request is malformed: a body, form or query that does not parse.
    BadRequest(Msg),
    /// The input parsed but a field is invalid.
    Invalid {
        field: String,
        message: Msg,
    },
    /// No valid session or token.
    Unauthorized(Msg),
    Forbidden(Msg),
    NotFound(Msg),
    Conflict(Msg),
    TooManyRequests(Msg),
    /// Something unexpected; the cause is logged, the user sees a generic message.
    Internal(String),
}

/// A part of a request that could not be read.
#[derive(Debug, Clone, Copy)]
pub enum Unreadable {
    Body,
    Form,
    Query,
    Path,
    Upload,
    Seal,
}

/// The refusal of a request part that could not be read, said in the
/// user's language: which field, and what kind of fault — never the
/// parser's English. `path` is the field's path when the parser kept it
/// (`serde_path_to_error`); otherwise the field is read from the parser's
/// text (serde names a missing or unknown field between backticks).
pub fn unreadable(what: Unreadable, path: Option<&str>, detail: &str) -> AppError {
    let key = match what {
        Unreadable::Body => "error-body-unreadable",
        Unreadable::Form => "error-form-unreadable",
        Unreadable::Query => "error-query-unreadable",
        Unreadable::Path => "error-path-unreadable",
        Unreadable::Upload => "error-upload-unreadable",
        Unreadable::Seal => "error-body-not-seal",
    };
    // axum reads forms and query strings through serde_path_to_error:
    // "Failed to deserialize form body: <path>: <fault>".
    let read_path = || {
        let (_, rest) = detail.split_once("Failed to deserialize ")?.1.split_once(": ")?;
        let (path, _) = rest.split_once(": ")?;
        path.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)).then_some(path)
    };
    let path = path.or_else(read_path).filter(|p| !p.is_empty() && *p != "." && *p != "?");
    let ticked = |marker: &str| detail.split_once(marker).and_then(|(_, rest)| rest.split('`').next());
    let within = |field: &str| match path {
        Some(p) => format!("{p}.{field}"),
        None => field.to_owned(),
    };
    let problem = if let Some(field) = ticked("missing field `") {
        Msg::new("unreadable-missing-field").arg("field", within(field))
    } else if let Some(field) = ticked("unknown field `") {
        Msg::new("unreadable-unknown-field").arg("field", within(field))
    } else if let Some(field) = path {
        Msg::new("unreadable-field").arg("field", field)
    } else if let Some((line, column)) = line_column(detail) {
        Msg::new("unreadable-syntax").num("line", line).num("column", column)
    } else {
        Msg::new("unreadable-value")
    };
    AppError::BadRequest(Msg::new(key).msg("problem", problem))
}

/// The `line L column C` at the end of a JSON parser's message.
fn line_column(detail: &str) -> Option<(i64, i64)> {
    let (_, rest) = detail.rsplit_once(" at line ")?;
    let (line, column) = rest.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// What the renderer needs, carried in the response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub message: Msg,
    /// The Fluent key of what went wrong (for a field, of the field's
    /// problem), the same in every language; none for a plain text.
    pub key: Option<String>,
    pub field: Option<String>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<Msg>) -> AppError {
        AppError::Invalid { field: field.into(), message: message.into() }
    }

    /// The message shown to the user, to be said in their language.
    pub fn message(&self) -> Msg {
        match self {
            AppError::Invalid { field, message } => {
                if message.is_plain() && message.key().starts_with(field.as_str()) {
                    message.clone()
                } else {
                    Msg::new("error-field").arg("field", field).msg("message", message.clone())
                }
            }
            AppError::Internal(_) => Msg::new("error-unexpected"),
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::TooManyRequests(m) => m.clone(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Db(db) => AppError::Internal(db.to_string()),
            StoreError::NotFound(m) => AppError::NotFound(Msg::new("error-does-not-exist").msg("what", m)),
            StoreError::Forbidden(m) => AppError::Forbidden(m),
            StoreError::Invalid { field, reason } => AppError::invalid(field, reason),
            StoreError::Conflict(m) => AppError::Conflict(m),
            // A record that does not read refuses the request that needs it,
            // naming the record; the cause is for the operators' log too.
            StoreError::Corrupt(what) => {
                tracing::error!(%what, "a stored value does not read");
                AppError::Conflict(Msg::new("error-corrupt").msg("what", what))
            }
            StoreError::Ineligible(reasons) => AppError::invalid("eligibility", Msg::list("ineligible", reasons)),
        }
    }
}

impl From<ittifaq_core::ParseError> for AppError {
    fn from(e: ittifaq_core::ParseError) -> Self {
        AppError::invalid(e.field(), e.message().clone())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let field = match &self {
            AppError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        let mut res = self.status().into_response();
        let key = match &self {
            AppError::Invalid { message, .. } => Some(message),
            AppError::Internal(_) => None,
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::TooManyRequests(m) => Some(m),
        }
        .filter(|m| !m.is_plain())
        .map(|m| m.key().to_owned());
        res.extensions_mut().insert(ErrorInfo { message: self.message(), key, field });
        res
    }
}

/// The response to a route that does not exist.
pub async fn not_found(req: Request) -> AppError {
    AppError::NotFound(Msg::new("error-no-page").arg("path", req.uri().path()))
}

/// The response to a panic: logged, and a generic 500.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    AppError::Internal("panic".into()).into_response()
}
