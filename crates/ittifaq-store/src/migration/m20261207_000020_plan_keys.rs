//! The two keys on an engagement plan's substance: each party's joint
//! office agrees to one version (a hash) of the objectives, indicators,
//! baselines and targets.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("plan_key")
                .col(big_pk_auto("id"))
                .col(big_integer("plan_id"))
                .col(string("party"))
                .col(string("version"))
                .col(string("username"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            super::index_on("plan_key", "plan_key_version", &["plan_id", "party", "version"]).unique().to_owned(),
        )
        .await
    }
}
