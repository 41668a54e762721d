//! The joint audit ledger: each audit row's canonical entry and leaf hash, and
//! the signed checkpoints.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ledger_entry")
                .col(big_integer("seq").primary_key())
                .col(big_integer_uniq("audit_id"))
                .col(blob("entry"))
                .col(string("leaf_hash"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ledger_checkpoint")
                .col(big_pk_auto("id"))
                .col(big_integer("size"))
                .col(text("note"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
