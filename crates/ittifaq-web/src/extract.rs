//! Extractors shared by every area's handlers: the id in a route's path,
//! typed by the kind of record it names.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::AppError;

/// A kind of record a route's `{id}` names, for the answer to an id that is none.
pub trait Kind: Send + Sync {
    const NAME: &'static str;
}

macro_rules! kinds {
    ($($kind:ident = $name:literal),+ $(,)?) => {
        $(
            #[doc = concat!("A ", $name, " named by a route's `{id}`.")]
            pub enum $kind {}
            impl Kind for $kind {
                const NAME: &'static str = $name;
            }
        )+
    };
}

kinds! {
    AllocationRun = "allocation run",
    Course = "course",
    Declaration = "declaration",
    HotlineMessage = "hotline message",
    Institution = "institution",
    Nomination = "nomination",
    Person = "person",
    SealRequest = "seal request",
    Session = "session",
    Unit = "unit",
}

/// The `{id}` of a route's path as the id of a `K`: a positive whole number.
/// Anything else is answered as a record that does not exist (404), naming
/// what the caller sent and nothing more.
pub struct Id<K>(pub i64, pub PhantomData<K>);

impl<S: Send + Sync, K: Kind> FromRequestParts<S> for Id<K> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::BadRequest((format!("the path could not be read: {e}")).into()))?;
        let id = text
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| AppError::NotFound((format!("{} \"{text}\" does not exist", K::NAME)).into()))?;
        Ok(Id(id, PhantomData))
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
