//! Indexes the year-scale load benchmark asked for: seats taken per session
//! are counted for every catalog page, and an index on (session_id, status)
//! answers that count from the index alone; a nomination's history was read
//! by scanning every step of every nomination.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut idx = Index::create();
        idx.name("nomination_session_status")
            .table(Alias::new("nomination"))
            .col(Alias::new("session_id"))
            .col(Alias::new("status"));
        m.create_index(idx.to_owned()).await?;
        let mut idx = Index::create();
        idx.name("nomination_step_nomination").table(Alias::new("nomination_step")).col(Alias::new("nomination_id"));
        m.create_index(idx.to_owned()).await
    }
}
