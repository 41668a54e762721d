//! A candidate's mother's name and place of birth, as Syrian civil records
//! give them: parts of the identity compared for duplicates where a list
//! records them, with the digests of each smaller set of them kept beside
//! to compare with lists that record fewer. An index counts the people
//! each unit of the target structure holds.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let table = || Table::alter().table(Alias::new("candidate")).to_owned();
        m.alter_table(table().add_column(string("mother_name").default("")).to_owned()).await?;
        m.alter_table(table().add_column(string("birthplace").default("")).to_owned()).await?;
        m.alter_table(table().add_column(string_null("digest_partial")).to_owned()).await?;
        // The people each unit of the target structure holds, counted on every
        // board from the index alone (the rows carry their digests).
        m.create_index(super::index_on("candidate", "candidate_unit_status", &["assigned_unit", "status"])).await?;
        Ok(())
    }
}
