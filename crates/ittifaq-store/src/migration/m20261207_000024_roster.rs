//! The roster of candidates for integration: each a row of its formation's
//! list (its reference there, the full name, the date of birth), the last
//! stage verified for it and where it stands (on its way, integrated, on
//! the reintegration track with a reason, or struck off as a second
//! registration), the unit of the target structure it was assigned to, and
//! the keyed digests its identity is compared by; the target structure
//! (divisions, brigades, battalions and their posts); and the node's
//! secrets (the digests' key), made at first use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create().table("node_secret").col(string("name").primary_key()).col(string("value")).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("candidate")
                .col(big_pk_auto("id"))
                .col(big_integer("formation_id"))
                .col(string("party"))
                .col(string("roster_ref"))
                .col(string("full_name"))
                .col(string("born"))
                .col(string_null("stage"))
                .col(string("status"))
                .col(string_null("reason"))
                .col(text("note"))
                .col(string("digest_exact"))
                .col(string("digest_near"))
                .col(big_integer_null("assigned_unit"))
                .col(big_integer_null("match_group"))
                .col(string_null("match_state"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("candidate_formation_ref")
                .table("candidate")
                .col("formation_id")
                .col("roster_ref")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(super::index_on("candidate", "candidate_group", &["match_group"])).await?;
        m.create_index(super::index_on("candidate", "candidate_unit", &["assigned_unit"])).await?;
        m.create_table(
            Table::create()
                .table("target_unit")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("party"))
                .col(string("name_en"))
                .col(string("name_tr"))
                .col(string("name_ar"))
                .col(string("kind"))
                .col(big_integer_null("parent_id"))
                .col(integer("posts"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
