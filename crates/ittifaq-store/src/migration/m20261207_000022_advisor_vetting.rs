//! The vetting gate for advisors: each check of the agreement for advisors
//! recorded for a deployment by the party responsible for it; and the
//! notices already sent of a report overdue or left unreviewed, so each is
//! sent once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("deployment_vetting")
                .col(big_pk_auto("id"))
                .col(big_integer("deployment_id"))
                .col(string("check_code"))
                .col(string("outcome"))
                .col(string("party"))
                .col(string("actor"))
                .col(big_integer("at"))
                .col(text("comment"))
                .col(string_null("level"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("report_notice")
                .col(big_integer("deployment_id"))
                .col(string("due_on"))
                .col(string("kind"))
                .col(big_integer("sent_at"))
                .primary_key(Index::create().col("deployment_id").col("due_on").col("kind"))
                .to_owned(),
        )
        .await?;
        m.create_index(super::index_on("deployment_vetting", "deployment_vetting_deployment", &["deployment_id"]))
            .await?;
        Ok(())
    }
}
