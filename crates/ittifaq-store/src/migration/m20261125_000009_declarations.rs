//! Deconfliction: declared activities (footprint, altitude band, time window)
//! of the parties and of third states, each a draft until confirmed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn index(m: &SchemaManager<'_>, name: &str, cols: &[&str]) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(Alias::new("declaration"));
    for c in cols {
        idx.col(Alias::new(*c));
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("declaration")
                .col(big_pk_auto("id"))
                .col(string("code"))
                .col(string("party"))
                .col(string("owner_party"))
                .col(boolean("third_state"))
                .col(string("state_name"))
                .col(string("kind"))
                .col(text("footprint"))
                .col(double("altitude_lo"))
                .col(double("altitude_hi"))
                .col(big_integer("start_ms"))
                .col(big_integer("end_ms"))
                .col(double("separation_m"))
                .col(double("vertical_separation_m"))
                .col(double("time_buffer_s"))
                .col(double("min_lon"))
                .col(double("min_lat"))
                .col(double("max_lon"))
                .col(double("max_lat"))
                .col(string_null("unit"))
                .col(string("status"))
                .col(integer("version"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        index(m, "declaration_code", &["code"]).await?;
        index(m, "declaration_window", &["start_ms", "end_ms"]).await?;
        index(m, "declaration_status", &["status"]).await
    }
}
