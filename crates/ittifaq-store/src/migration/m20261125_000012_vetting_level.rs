//! The level a vetting check records (a language check: B2, or a STANAG 6001 profile).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("vetting_check")).add_column(string_null("level")).to_owned())
            .await
    }
}
