//! A unit's nominations are listed by status, the newest first. Without an
//! index by unit every page read the whole nomination table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(super::index_on("nomination", "nomination_unit_status", &["unit_id", "status", "id"])).await
    }
}
