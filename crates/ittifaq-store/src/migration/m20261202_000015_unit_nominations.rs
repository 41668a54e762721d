//! A unit's nominations are listed by status, the newest first. Without an
//! index by unit every page read the whole nomination table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut idx = Index::create();
        idx.name("nomination_unit_status")
            .table(Alias::new("nomination"))
            .col(Alias::new("unit_id"))
            .col(Alias::new("status"))
            .col(Alias::new("id"));
        m.create_index(idx.to_owned()).await
    }
}
