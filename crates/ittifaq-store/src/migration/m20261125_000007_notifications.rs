//! Notifications: in the platform, and by e-mail to the accounts that have an address.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("app_user")).add_column(string_null("email")).to_owned()).await?;
        m.create_table(
            Table::create()
                .table("notification")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(text("args"))
                .col(string("link"))
                .col(big_integer("created_at"))
                .col(big_integer_null("read_at"))
                .col(string("email_status"))
                .col(integer("email_attempts"))
                .col(text_null("email_error"))
                .to_owned(),
        )
        .await?;
        let mut idx = Index::create();
        idx.name("notification_user").table(Alias::new("notification")).col(Alias::new("user_id"));
        m.create_index(idx.to_owned()).await?;
        let mut idx = Index::create();
        idx.name("notification_email").table(Alias::new("notification")).col(Alias::new("email_status"));
        m.create_index(idx.to_owned()).await
    }
}
