//! Static files compiled into the binary: htmx 2 (vendored), the style sheet, and
//! the attendance page's offline queue.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppError;

const HTMX: &[u8] = include_bytes!("../static/htmx.min.js");
const STYLE: &[u8] = include_bytes!("../static/style.css");
const ATTENDANCE: &[u8] = include_bytes!("../static/attendance.js");

pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (body, kind) = match file.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "attendance.js" => (ATTENDANCE, "text/javascript; charset=utf-8"),
        _ => return Err(AppError::NotFound(format!("no file {file}"))),
    };
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response())
}
