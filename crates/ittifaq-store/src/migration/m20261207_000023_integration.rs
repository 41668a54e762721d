//! Force integration: the formations to integrate, the deadline of each
//! stage (binding or indicative, citing its clause), and the two kinds of
//! figure: the verified count after each verification event (who, when,
//! how, which list), and the figures a formation reports of itself, kept
//! apart and never mixed; and the flags already notified, so each is sent once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("formation")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("party"))
                .col(string("name_en"))
                .col(string("name_tr"))
                .col(string("name_ar"))
                .col(string("origin"))
                .col(string("mode"))
                .col(integer("declared_strength"))
                .col(string("starts_on"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("stage_deadline")
                .col(big_integer("formation_id"))
                .col(string("stage"))
                .col(string_null("due"))
                .col(boolean("binding"))
                .col(string("clause"))
                .col(string_null("owner_party"))
                .primary_key(Index::create().col("formation_id").col("stage"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("stage_count")
                .col(big_pk_auto("id"))
                .col(big_integer("formation_id"))
                .col(string("figure"))
                .col(string("stage"))
                .col(integer("count"))
                .col(string("on_day"))
                .col(string("method"))
                .col(string("list_reference"))
                .col(text("reason"))
                .col(string("party"))
                .col(string("username"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(super::index_on("stage_count", "stage_count_formation", &["formation_id", "figure", "on_day"]))
            .await?;
        m.create_table(
            Table::create()
                .table("integration_notice")
                .col(big_integer("formation_id"))
                .col(string("stage"))
                .col(string("kind"))
                .col(big_integer("sent_at"))
                .primary_key(Index::create().col("formation_id").col("stage").col("kind"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
