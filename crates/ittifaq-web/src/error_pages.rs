//! Every error response as the user meets it: JSON under `/api/`, a page in
//! the user's language elsewhere (the middleware [`render_errors`]).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ErrorInfo;
use crate::i18n::Tr;

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: crate::pages::PageCtx,
    status: u16,
    title: String,
    message: String,
}

fn fallback_message(status: StatusCode) -> String {
    match status {
        StatusCode::FORBIDDEN => "the request was refused: cross-origin form posts are not accepted".into(),
        StatusCode::METHOD_NOT_ALLOWED => "this address does not take that method".into(),
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the request body is larger than {} bytes", crate::MAX_BODY)
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "the request body must be JSON (Content-Type: application/json)".into(),
        s => s.canonical_reason().unwrap_or("error").to_lowercase(),
    }
}

/// Renders every error response: JSON under `/api/`, a translated page elsewhere.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let tr = Tr::for_request(req.headers(), None);
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = res.extensions().get::<ErrorInfo>().cloned();
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if info.is_none() && (content_type.starts_with("text/html") || content_type.starts_with("application/json")) {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    let info = info.unwrap_or_else(|| ErrorInfo { message: fallback_message(status).into(), key: None, field: None });
    parts.headers.remove(header::CONTENT_LENGTH);
    if api {
        let body = serde_json::json!({
            "error": {
                "status": status.as_u16(),
                "message": crate::i18n::strip_isolation(&tr.msg(&info.message)),
                "key": info.key,
                "field": info.field,
            }
        });
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        return Response::from_parts(parts, Body::from(body.to_string()));
    }
    let title = tr.status_title(status);
    let page = ErrorPage {
        ctx: crate::pages::PageCtx::anonymous(tr),
        status: status.as_u16(),
        title,
        message: tr.msg(&info.message),
    };
    let html = askama::Template::render(&page).unwrap_or_else(|_| "error".into());
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    Response::from_parts(parts, Body::from(html))
}
