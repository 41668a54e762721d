//! Extractors shared by every area's handlers: the id in a route's path,
//! typed by the kind of record it names.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use ittifaq_core::Msg;
use ittifaq_core::audit::ObjectKind;

use crate::AppError;

/// A kind of record a route's `{id}` names, for the answer to an id that is none.
pub trait Kind: Send + Sync {
    /// The record of this kind that `id` names, in the reader's language.
    fn record(id: &str) -> Msg;
}

macro_rules! kinds {
    ($($kind:ident = $name:literal),+ $(,)?) => {
        $(
            #[doc = concat!("A ", $name, " named by a route's `{id}`.")]
            pub enum $kind {}
            impl Kind for $kind {
                fn record(id: &str) -> Msg {
                    ittifaq_store::record(ObjectKind::$kind, id)
                }
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
    Session = "session",
    Unit = "unit",
}

/// A seal request named by a route's `{id}` (not a kind of audited record).
pub enum SealRequest {}
impl Kind for SealRequest {
    fn record(id: &str) -> Msg {
        Msg::new("record-seal-request").arg("id", id)
    }
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
            .map_err(|e| AppError::BadRequest(Msg::new("error-path-unreadable").arg("error", e)))?;
        let id = text.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
            AppError::NotFound(Msg::new("error-does-not-exist").msg("what", K::record(&format!("\"{text}\""))))
        })?;
        Ok(Id(id, PhantomData))
    }
}
