//! Training: the vetting gate, travel orders, arrival and departure, daily
//! attendance, assessments, results, trainees' evaluations and certificates.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn add_column(m: &SchemaManager<'_>, table: &str, column: ColumnDef) -> Result<(), DbErr> {
    // One column a statement: SQLite alters one thing at a time.
    m.alter_table(Table::alter().table(Alias::new(table)).add_column(column).to_owned()).await
}

async fn index(m: &SchemaManager<'_>, name: &str, table: &str, cols: &[&str], unique: bool) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(Alias::new(table));
    for c in cols {
        idx.col(Alias::new(*c));
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_column(m, "nomination", string_null("arrived_on")).await?;
        add_column(m, "nomination", string_null("departed_on")).await?;
        add_column(m, "nomination", string_null("grade")).await?;
        add_column(m, "nomination", text_null("result_reason")).await?;
        add_column(m, "app_user", big_integer_null("person_id")).await?;
        m.create_table(
            Table::create()
                .table("vetting_check")
                .col(big_pk_auto("id"))
                .col(big_integer("nomination_id"))
                .col(string("check_code"))
                .col(string("outcome"))
                .col(string("party"))
                .col(string("actor"))
                .col(big_integer("at"))
                .col(text("comment"))
                .to_owned(),
        )
        .await?;
        index(m, "vetting_check_nomination", "vetting_check", &["nomination_id"], false).await?;
        m.create_table(
            Table::create()
                .table("travel_order")
                .col(big_pk_auto("id"))
                .col(big_integer_uniq("nomination_id"))
                .col(string_uniq("reference"))
                .col(string("party"))
                .col(string("issued_on"))
                .col(string("issued_by"))
                .col(big_integer("at"))
                .col(blob("pdf"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("attendance")
                .col(big_pk_auto("id"))
                .col(big_integer("nomination_id"))
                .col(string("day"))
                .col(string("mark"))
                .col(string("actor"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        index(m, "attendance_day", "attendance", &["nomination_id", "day"], true).await?;
        m.create_table(
            Table::create()
                .table("assessment")
                .col(big_pk_auto("id"))
                .col(big_integer("nomination_id"))
                .col(string("name"))
                .col(integer("score"))
                .col(string("actor"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        index(m, "assessment_nomination", "assessment", &["nomination_id"], false).await?;
        m.create_table(
            Table::create()
                .table("evaluation")
                .col(big_pk_auto("id"))
                .col(big_integer_uniq("nomination_id"))
                .col(integer("rating"))
                .col(text("comment"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("certificate")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(big_integer_uniq("nomination_id"))
                .col(big_integer("person_id"))
                .col(string("party"))
                .col(string("qualification"))
                .col(string("issued_on"))
                .col(string_null("expires_on"))
                .col(text("payload"))
                .col(blob("pdf"))
                .col(big_integer_null("revoked_at"))
                .col(text_null("revoked_reason"))
                .col(string_null("revoked_by"))
                .to_owned(),
        )
        .await?;
        index(m, "certificate_person", "certificate", &["person_id"], false).await?;
        Ok(())
    }
}
