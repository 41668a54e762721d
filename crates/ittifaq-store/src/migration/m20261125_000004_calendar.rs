//! Calendar feeds: a secret address per user that calendar programs subscribe to.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("calendar_feed")
                .col(string("token_hash").primary_key())
                .col(big_integer("user_id"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await
    }
}
