//! A candidate's mother's name, as Syrian civil records give it: part of
//! the identity compared for duplicates where a list records it, with the
//! digests of the name alone kept beside to compare with lists that do not.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let table = || Table::alter().table(Alias::new("candidate")).to_owned();
        m.alter_table(table().add_column(string("mother_name").default("")).to_owned()).await?;
        m.alter_table(table().add_column(string_null("digest_bare")).to_owned()).await?;
        Ok(())
    }
}
