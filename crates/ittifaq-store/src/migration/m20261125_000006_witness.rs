//! The ledger's witnesses and stored tree: each party's registered witness keys,
//! the cosignatures they submitted per checkpoint, and the RFC 6962 hashes of
//! the complete perfect subtrees, so proofs read O(log n) rows.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ledger_witness_key")
                .col(big_pk_auto("id"))
                .col(string("party"))
                .col(text("verifier_key"))
                .col(string("registered_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ledger_cosignature")
                .col(big_pk_auto("id"))
                .col(big_integer("checkpoint_id"))
                .col(string("party"))
                .col(big_integer("key_id"))
                .col(text("line"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ledger_cosignature_once")
                .table("ledger_cosignature")
                .col("checkpoint_id")
                .col("party")
                .unique()
                .to_owned(),
        )
        .await?;
        // (level, idx) is the perfect subtree of 2^level leaves starting at idx << level.
        m.create_table(
            Table::create()
                .table("ledger_node")
                .col(integer("level"))
                .col(big_integer("idx"))
                .col(blob("hash"))
                .primary_key(Index::create().col("level").col("idx"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
