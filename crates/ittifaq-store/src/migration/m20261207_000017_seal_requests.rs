//! Documents waiting for their issuing party's seal: the party's key is on its
//! own machine, not on the host's server, so the server stores the prepared
//! document and the payload to sign until the party sends the signature.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("seal_request")
                .col(big_pk_auto("id"))
                .col(string("party"))
                .col(string("kind"))
                .col(big_integer("nomination_id"))
                .col(string("reference"))
                .col(text("payload"))
                .col(blob("pdf"))
                .col(string("issued_on"))
                .col(string_null("expires_on"))
                .col(string("requested_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("seal_request_document")
                .table(Alias::new("seal_request"))
                .col(Alias::new("kind"))
                .col(Alias::new("nomination_id"))
                .unique()
                .to_owned(),
        )
        .await
    }
}
