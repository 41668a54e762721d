//! Extractors shared by every area's handlers: the id in a route's path,
//! typed by the kind of record it names, and the signed-in caller.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use ittifaq_core::id::RecordId;

use crate::AppError;

/// The `{id}` of a route's path as the id of a kind of record: a positive
/// whole number. Anything else is answered as a record that does not exist
/// (404), naming what the caller sent and nothing more.
pub struct Id<K>(pub K);

impl<S: Send + Sync, K: RecordId> FromRequestParts<S> for Id<K> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| crate::error::unreadable(crate::error::Unreadable::Path, None, &e.body_text()))?;
        Ok(Id(K::new(crate::pages::parse_id(&text, K::KIND)?)))
    }
}

/// The signed-in caller and the application in one argument: the state every
/// handler reads and the user the guard let through (401 when there is none).
/// Handlers take it as `Caller { state, user: u }: Caller`.
pub struct Caller {
    pub state: crate::AppState,
    pub user: crate::CurrentUser,
}

impl FromRequestParts<crate::AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &crate::AppState) -> Result<Self, AppError> {
        let user = crate::CurrentUser::from_request_parts(parts, state).await?;
        Ok(Caller { state: state.clone(), user })
    }
}
