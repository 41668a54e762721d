//! Personnel exchange: course sessions, nominations and each step taken on them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("course_session")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(big_integer("course_id"))
                .col(string("host_party"))
                .col(string("start_date"))
                .col(string("end_date"))
                .col(string("place"))
                .col(integer("capacity"))
                .col(text("quota"))
                .col(string("status"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("nomination")
                .col(big_pk_auto("id"))
                .col(big_integer("session_id"))
                .col(big_integer("person_id"))
                .col(string("person_party"))
                .col(big_integer("unit_id"))
                .col(integer("priority"))
                .col(string("status"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        let mut idx = Index::create();
        idx.name("nomination_session").table(Alias::new("nomination")).col(Alias::new("session_id"));
        m.create_index(idx.to_owned()).await?;
        let mut idx = Index::create();
        idx.name("nomination_person").table(Alias::new("nomination")).col(Alias::new("person_id"));
        m.create_index(idx.to_owned()).await?;
        m.create_table(
            Table::create()
                .table("nomination_step")
                .col(big_pk_auto("id"))
                .col(big_integer("nomination_id"))
                .col(string("step"))
                .col(string("actor"))
                .col(string("actor_party"))
                .col(big_integer("at"))
                .col(text("comment"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
