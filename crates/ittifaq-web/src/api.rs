//! The JSON API under `/api/v1`, described by the OpenAPI document served at
//! `/api/v1/openapi.json`. Sign in with `POST /api/v1/login`, then send the
//! token as `Authorization: Bearer …`.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Msg;
use ittifaq_store::Backend;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Unreadable, unreadable};
use crate::{AppError, AppState};

/// A JSON body whose rejection becomes a 400 naming the problem.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => from_json(v).map(ApiJson),
            Err(e) => {
                let status = e.status();
                let text = e.body_text();
                Err(match status {
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        AppError::BadRequest(Msg::new("error-body-too-large").arg("max", crate::MAX_BODY))
                    }
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::BadRequest(Msg::new("error-body-not-json")),
                    _ => unreadable(Unreadable::Body, None, &text),
                })
            }
        }
    }
}

/// A JSON body as `T`. Every body of the API is an object: serde would read
/// a struct from an array too (`[]` as a struct whose fields all default),
/// which the schema refuses, so anything but an object is refused here. A
/// number written with a zero fraction (`3.0`) is an integer, as JSON Schema
/// counts it, so an integer field takes it.
pub fn from_json<T: serde::de::DeserializeOwned>(mut value: serde_json::Value) -> Result<T, AppError> {
    if !value.is_object() {
        return Err(AppError::BadRequest(Msg::new("error-body-not-object")));
    }
    fn integral(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // Within ±2^53 every integral float is exact.
                if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                    *v = serde_json::Value::from(f as i64);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(integral),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(integral),
            _ => {}
        }
    }
    integral(&mut value);
    // The error names the field's path (`unit_id: invalid type…`).
    serde_path_to_error::deserialize(value)
        .map_err(|e| unreadable(Unreadable::Body, Some(&e.path().to_string()), &e.inner().to_string()))
}

/// An optional JSON body: none (or only whitespace) and `null` are `None`.
pub fn optional_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Option<T>, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| unreadable(Unreadable::Body, None, &e.to_string()))?;
    if value.is_null() {
        return Ok(None);
    }
    from_json(value).map(Some)
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

/// Answers 200 when the database is reachable, 503 when it is not.
#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let database = match state.store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    match state.store.ping().await {
        Ok(()) => Json(Health { status: "ok", database }).into_response(),
        Err(e) => {
            tracing::error!("health check: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database })).into_response()
        }
    }
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    status: u16,
    /// In the language of the request (`Accept-Language`).
    message: String,
    field: Option<String>,
    /// The message's Fluent key, the same in every language (absent for a
    /// message that has none yet).
    key: Option<String>,
}
