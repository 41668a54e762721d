//! Where a user's work reaches inside their party: the unit a commander
//! commands (with the units under it), and the sessions an instructor teaches.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("app_user")).add_column(big_integer_null("unit_id")).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("session_instructor")
                .col(big_integer("session_id"))
                .col(big_integer("user_id"))
                .col(string("assigned_by"))
                .col(big_integer("created_at"))
                .primary_key(Index::create().col(Alias::new("session_id")).col(Alias::new("user_id")))
                .to_owned(),
        )
        .await?;
        m.create_index(super::index_on("session_instructor", "session_instructor_user", &["user_id", "session_id"]))
            .await
    }
}
