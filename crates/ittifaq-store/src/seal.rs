//! Seal requests: a document of a party whose sealing key is not on this
//! server (any party but the host) waits here, prepared and hashed, until the
//! party signs its payload on its own machine and sends the signature. Only
//! the party's own users see or complete its requests; to anyone else they do
//! not exist.

use ittifaq_core::id::{NominationId, SealRequestId};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::audit::{self, Event};
use crate::entity::seal_request;
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::Msg;
use ittifaq_core::audit::{Action, ObjectKind};

/// A document to be sealed by `party`.
#[derive(Debug, Clone)]
pub struct NewSealRequest {
    pub party: String,
    /// `certificate` or `travel-order`.
    pub kind: String,
    pub nomination_id: i64,
    pub reference: String,
    pub payload: String,
    pub pdf: Vec<u8>,
    pub issued_on: String,
    pub expires_on: Option<String>,
}

/// A pending request as its party sees it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealRequestView {
    pub id: SealRequestId,
    pub party: String,
    pub kind: String,
    pub nomination_id: NominationId,
    pub reference: String,
    /// The payload JSON to sign (after the 16 bytes `ittifaq-seal/v1` LF).
    pub payload: String,
    pub requested_by: String,
    pub created_at: i64,
}

impl From<&seal_request::Model> for SealRequestView {
    fn from(m: &seal_request::Model) -> Self {
        SealRequestView {
            id: SealRequestId(m.id),
            party: m.party.clone(),
            kind: m.kind.clone(),
            nomination_id: NominationId(m.nomination_id),
            reference: m.reference.clone(),
            payload: m.payload.clone(),
            requested_by: m.requested_by.clone(),
            created_at: m.created_at,
        }
    }
}

/// Twelve characters of Crockford's base32 (60 random bits) that end a
/// certificate's code, so that codes cannot be walked: the public verification
/// of a code answers only for one its holder was given.
pub fn unguessable() -> Result<String> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::invalid("random", Msg::new("invalid-no-randomness").arg("error", e)))?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect())
}

impl Store {
    /// Stores a document waiting for its party's seal; a second request for
    /// the same document replaces the first (a new rendering, a new payload).
    pub async fn request_seal(&self, actor: &Actor, r: NewSealRequest) -> Result<seal_request::Model> {
        crate::scope::ensure_own(actor, &r.party, Msg::new("record-document").arg("reference", &r.reference))?;
        let txn = self.write().await?;
        seal_request::Entity::delete_many()
            .filter(seal_request::Column::Kind.eq(r.kind.as_str()))
            .filter(seal_request::Column::NominationId.eq(r.nomination_id))
            .exec(&txn)
            .await?;
        let now = self.now_ms();
        let m = seal_request::ActiveModel {
            party: Set(r.party.clone()),
            kind: Set(r.kind.clone()),
            nomination_id: Set(r.nomination_id),
            reference: Set(r.reference.clone()),
            payload: Set(r.payload.clone()),
            pdf: Set(r.pdf),
            issued_on: Set(r.issued_on),
            expires_on: Set(r.expires_on),
            requested_by: Set(actor.username.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let audited = Event::new(
            Action::RequestSeal,
            if r.kind == ittifaq_docs::SealKind::Certificate.code() {
                ObjectKind::Certificate
            } else {
                ObjectKind::TravelOrder
            },
            r.reference.clone(),
            &r.party,
        )
        .with(None, Some(serde_json::json!({"nomination_id": r.nomination_id, "payload": r.payload})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// The actor's party's documents waiting for its seal, oldest first.
    pub async fn seal_requests(&self, actor: &Actor) -> Result<Vec<SealRequestView>> {
        Ok(seal_request::Entity::find()
            .filter(seal_request::Column::Party.eq(actor.party.as_str()))
            .order_by_asc(seal_request::Column::Id)
            .all(self.connection())
            .await?
            .iter()
            .map(SealRequestView::from)
            .collect())
    }

    /// One request of the actor's party; another party's is answered as absent.
    pub async fn seal_request(&self, actor: &Actor, id: SealRequestId) -> Result<seal_request::Model> {
        seal_request::Entity::find_by_id(id)
            .filter(seal_request::Column::Party.eq(actor.party.as_str()))
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::SealRequest, id))
    }

    /// Removes a request once its document is issued.
    pub async fn remove_seal_request(&self, id: i64) -> Result<()> {
        seal_request::Entity::delete_by_id(id).exec(self.connection()).await?;
        Ok(())
    }
}
