//! Witnesses of the joint ledger (C2SP tlog-witness): a non-host party registers
//! its own Ed25519 witness key, whose secret never reaches this server, and
//! submits cosignatures of checkpoints it has checked for consistency. The store
//! keeps a cosignature only if it verifies with the party's registered key over
//! that exact checkpoint.
//!
//! Registering a key is a change and is audited (so it is in the ledger itself);
//! storing a cosignature is not: it is self-authenticating, and auditing it
//! would grow the log every time the witness signs, so the log would never be
//! fully witnessed.

use ittifaq_ledger::checkpoint::{SignatureLine, SignedCheckpoint, VerifierKey};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use crate::audit::{self, Event};
use crate::entity::{ledger_checkpoint, ledger_cosignature, ledger_witness_key};
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::Msg;
use ittifaq_core::audit::{Action, ObjectKind};

/// A witness key as the API shows it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WitnessKeyView {
    pub id: i64,
    pub party: String,
    /// The C2SP verifier key string (`name+hash+base64`).
    pub key: String,
    pub registered_by: String,
    pub created_at: i64,
    /// Whether this is the party's current key (the latest registered).
    pub current: bool,
}

/// A stored cosignature.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CosignatureView {
    pub checkpoint_id: i64,
    pub size: i64,
    pub party: String,
    /// The signed-note signature line, without its newline.
    pub line: String,
}

impl Store {
    async fn host_party(&self) -> Result<String> {
        let a = self.agreement().await?.ok_or_else(|| StoreError::Conflict(Msg::new("conflict-no-host-party")))?;
        Ok(a.host_party.to_string())
    }

    /// Refuses the host party: it signs checkpoints, it cannot witness them.
    async fn witness_party(&self, actor: &Actor) -> Result<String> {
        let host = self.host_party().await?;
        let party = actor.party.to_string();
        if party == host {
            return Err(StoreError::Conflict(Msg::new("conflict-host-cannot-witness").arg("party", &party)));
        }
        Ok(party)
    }

    /// The witness key the agreement pins for `party`, if it pins one.
    pub async fn pinned_witness_key(&self, party: &str) -> Result<Option<VerifierKey>> {
        let Some(a) = self.agreement().await? else { return Ok(None) };
        let Some(text) = a.parties.iter().find(|p| p.code.as_str() == party).and_then(|p| p.witness_key.clone()) else {
            return Ok(None);
        };
        VerifierKey::parse(&text).map(Some).map_err(|e| {
            StoreError::invalid("agreement", Msg::new("invalid-pinned-witness-key").arg("party", party).arg("error", e))
        })
    }

    /// Registers `key` (a verifier key string) as the witness key of the actor's
    /// party; it replaces the party's earlier key for new cosignatures. When the
    /// agreement pins the party's witness key, only that key is accepted: the
    /// database is the host's to write, the agreement is both parties'.
    pub async fn register_witness_key(&self, actor: &Actor, key: &str) -> Result<WitnessKeyView> {
        let party = self.witness_party(actor).await?;
        let parsed = VerifierKey::parse(key.trim())
            .map_err(|e| StoreError::invalid("key", Msg::new("invalid-witness-key").arg("error", e)))?;
        if let Some(pinned) = self.pinned_witness_key(&party).await?
            && pinned.to_string() != parsed.to_string()
        {
            return Err(StoreError::invalid("key", Msg::new("invalid-witness-key-not-pinned").arg("party", &party)));
        }
        let text = parsed.to_string();
        let now = self.now_ms();
        let txn = self.write().await?;
        let row = ledger_witness_key::ActiveModel {
            party: Set(party.clone()),
            verifier_key: Set(text.clone()),
            registered_by: Set(actor.username.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let audited = Event::new(Action::RegisterWitnessKey, ObjectKind::WitnessKey, row.id, &party)
            .with(None, Some(json!({"party": party, "key": text})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(view(&row, true))
    }

    /// Every registered witness key, oldest first.
    pub async fn witness_keys(&self) -> Result<Vec<WitnessKeyView>> {
        let rows = ledger_witness_key::Entity::find()
            .order_by_asc(ledger_witness_key::Column::Id)
            .all(self.connection())
            .await?;
        Ok(rows
            .iter()
            .map(|r| view(r, rows.iter().rev().find(|k| k.party == r.party).is_some_and(|k| k.id == r.id)))
            .collect())
    }

    /// The current witness key of each party, as `(party, key)`.
    pub async fn current_witness_keys(&self) -> Result<Vec<(String, VerifierKey)>> {
        self.witness_keys()
            .await?
            .into_iter()
            .filter(|k| k.current)
            .map(|k| {
                let key = VerifierKey::parse(&k.key).map_err(|e| {
                    StoreError::invalid("key", Msg::new("invalid-stored-witness-key").arg("id", k.id).arg("error", e))
                })?;
                Ok((k.party, key))
            })
            .collect()
    }

    /// Stores the actor's party's cosignature `line` of checkpoint `checkpoint_id`,
    /// after checking that it verifies with the party's current witness key over
    /// that checkpoint's body. Submitting the same line again is harmless.
    pub async fn add_cosignature(&self, actor: &Actor, checkpoint_id: i64, line: &str) -> Result<CosignatureView> {
        let party = self.witness_party(actor).await?;
        let key_row = ledger_witness_key::Entity::find()
            .filter(ledger_witness_key::Column::Party.eq(party.as_str()))
            .order_by_desc(ledger_witness_key::Column::Id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::Conflict(Msg::new("conflict-no-witness-key").arg("party", &party)))?;
        let key = VerifierKey::parse(&key_row.verifier_key).map_err(|e| {
            StoreError::invalid("key", Msg::new("invalid-stored-witness-key").arg("id", key_row.id).arg("error", e))
        })?;
        let checkpoint = ledger_checkpoint::Entity::find_by_id(checkpoint_id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::NotFound(Msg::new("record-checkpoint").arg("id", checkpoint_id)))?;
        let signed = SignedCheckpoint::parse(&checkpoint.note)
            .map_err(|e| StoreError::invalid("checkpoint_id", Msg::new("invalid-stored-checkpoint").arg("error", e)))?;
        let line = line.trim_end_matches('\n');
        let parsed = SignatureLine::parse(line)
            .map_err(|e| StoreError::invalid("cosignature", Msg::new("invalid-signature-line").arg("error", e)))?;
        key.verify(signed.note().text(), &parsed).map_err(|_| {
            StoreError::invalid(
                "cosignature",
                Msg::new("invalid-cosignature")
                    .arg("party", &party)
                    .arg("key", key.name())
                    .arg("checkpoint", checkpoint_id)
                    .arg("size", checkpoint.size),
            )
        })?;
        let line = parsed.to_string();
        let existing = ledger_cosignature::Entity::find()
            .filter(ledger_cosignature::Column::CheckpointId.eq(checkpoint_id))
            .filter(ledger_cosignature::Column::Party.eq(party.as_str()))
            .one(self.connection())
            .await?;
        if let Some(existing) = existing {
            if existing.line == line {
                return Ok(CosignatureView { checkpoint_id, size: checkpoint.size, party, line });
            }
            return Err(StoreError::Conflict(
                Msg::new("conflict-already-cosigned").arg("party", &party).arg("checkpoint", checkpoint_id),
            ));
        }
        let txn = self.write().await?;
        ledger_cosignature::ActiveModel {
            checkpoint_id: Set(checkpoint_id),
            party: Set(party.clone()),
            key_id: Set(key_row.id),
            line: Set(line.clone()),
            created_at: Set(self.now_ms()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            StoreError::unique(e, || {
                Msg::new("conflict-already-cosigned").arg("party", &party).arg("checkpoint", checkpoint_id)
            })
        })?;
        txn.commit().await?;
        Ok(CosignatureView { checkpoint_id, size: checkpoint.size, party, line })
    }

    /// Every stored cosignature, in checkpoint order.
    pub async fn cosignatures(&self) -> Result<Vec<CosignatureView>> {
        let checkpoints: std::collections::HashMap<i64, i64> =
            self.checkpoints().await?.into_iter().map(|c| (c.id, c.size)).collect();
        let rows = ledger_cosignature::Entity::find()
            .order_by_asc(ledger_cosignature::Column::CheckpointId)
            .order_by_asc(ledger_cosignature::Column::Party)
            .all(self.connection())
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CosignatureView {
                checkpoint_id: r.checkpoint_id,
                size: checkpoints.get(&r.checkpoint_id).copied().unwrap_or(-1),
                party: r.party,
                line: r.line,
            })
            .collect())
    }

    /// The checkpoints, oldest first, each note carrying the host's signature
    /// followed by the witnesses' cosignature lines.
    pub async fn cosigned_checkpoints(&self) -> Result<Vec<ledger_checkpoint::Model>> {
        let mut checkpoints = self.checkpoints().await?;
        let cosignatures = self.cosignatures().await?;
        for c in &mut checkpoints {
            for s in cosignatures.iter().filter(|s| s.checkpoint_id == c.id) {
                c.note.push_str(&s.line);
                c.note.push('\n');
            }
        }
        Ok(checkpoints)
    }
}

fn view(r: &ledger_witness_key::Model, current: bool) -> WitnessKeyView {
    WitnessKeyView {
        id: r.id,
        party: r.party.clone(),
        key: r.verifier_key.clone(),
        registered_by: r.registered_by.clone(),
        created_at: r.created_at,
        current,
    }
}
