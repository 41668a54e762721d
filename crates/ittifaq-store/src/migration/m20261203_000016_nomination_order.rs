//! The listings of nominations read one page in the order they show it: a
//! session's by priority, a unit's the newest first. With only an index on
//! the session (or on the unit and status), every page joined each of the
//! session's or the unit's nominations to its person and sorted them all to
//! keep 50; with these indexes the page walks the index and stops at 50.
//! The index on the session alone is a prefix of the new one and goes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(super::index_on("nomination", "nomination_session_priority", &["session_id", "priority", "id"]))
            .await?;
        m.create_index(super::index_on("nomination", "nomination_unit_newest", &["unit_id", "id"])).await?;
        m.drop_index(Index::drop().name("nomination_session").table(Alias::new("nomination")).to_owned()).await
    }
}
