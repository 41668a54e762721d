//! Every error response as the user meets it: JSON under `/api/`, a page in
//! the user's language elsewhere (the middleware [`render_errors`]).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use ittifaq_core::Msg;

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

fn fallback_message(status: StatusCode) -> Msg {
    match status {
        StatusCode::FORBIDDEN => Msg::new("error-cross-origin"),
        StatusCode::METHOD_NOT_ALLOWED => Msg::new("error-method-not-allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => Msg::new("error-body-too-large").arg("max", crate::MAX_BODY),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Msg::new("error-body-not-json"),
        s => Msg::new("error-http-status").arg("status", s.as_u16()),
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
    let info = info.unwrap_or_else(|| ErrorInfo { message: fallback_message(status), key: None, field: None });
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
