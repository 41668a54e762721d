//! The people listing and the nominee search read a party's people in the
//! order of their family names, 20 or 50 at a time. Without an index in that
//! order every request sorted the party's 5,000 people to return the first 20.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut idx = Index::create();
        idx.name("person_party_family_name")
            .table(Alias::new("person"))
            .col(Alias::new("party"))
            .col(Alias::new("family_name"))
            .col(Alias::new("id"));
        m.create_index(idx.to_owned()).await
    }
}
