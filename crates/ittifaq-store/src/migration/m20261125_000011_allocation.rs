//! Seat allocation: each run of the allocator for a planning period (its
//! instance, result and plan, the pins and forbids it used, its parent run),
//! and each party's key on a run.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("allocation_run")
                .col(big_pk_auto("id"))
                .col(string("period_from"))
                .col(string("period_to"))
                .col(big_integer_null("parent_id"))
                .col(string("instance_hash"))
                .col(text("instance"))
                .col(text("result"))
                .col(text("plan"))
                .col(big_integer("objective"))
                .col(double("bound"))
                .col(double("gap"))
                .col(text("pins"))
                .col(text("forbids"))
                .col(string("created_by"))
                .col(string("created_by_party"))
                .col(big_integer("created_at"))
                .col(big_integer_null("committed_at"))
                .to_owned(),
        )
        .await?;
        let mut idx = Index::create();
        idx.name("allocation_run_period")
            .table(Alias::new("allocation_run"))
            .col(Alias::new("period_from"))
            .col(Alias::new("period_to"));
        m.create_index(idx.to_owned()).await?;
        m.create_table(
            Table::create()
                .table("allocation_key")
                .col(big_pk_auto("id"))
                .col(big_integer("run_id"))
                .col(string("party"))
                .col(big_integer_null("user_id"))
                .col(string("username"))
                .col(string("role"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        let mut idx = Index::create();
        idx.name("allocation_key_run_party")
            .table(Alias::new("allocation_key"))
            .col(Alias::new("run_id"))
            .col(Alias::new("party"))
            .unique();
        m.create_index(idx.to_owned()).await
    }
}
