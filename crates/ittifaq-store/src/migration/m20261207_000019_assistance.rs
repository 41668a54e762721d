//! Technical assistance: engagement plans, their objectives, indicators with
//! a baseline and a target per period, and milestones.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("engagement_plan")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("track"))
                .col(big_integer("institution_id"))
                .col(string("advising_party"))
                .col(string("partner_party"))
                .col(string("title_en"))
                .col(string("title_tr"))
                .col(string("title_ar"))
                .col(text("absorptive_capacity"))
                .col(text("sustainment"))
                .col(string("status"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("plan_objective")
                .col(big_pk_auto("id"))
                .col(big_integer("plan_id"))
                .col(string("code"))
                .col(string("title_en"))
                .col(string("title_tr"))
                .col(string("title_ar"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("plan_indicator")
                .col(big_pk_auto("id"))
                .col(big_integer("plan_id"))
                .col(big_integer("objective_id"))
                .col(string("code"))
                .col(string("name_en"))
                .col(string("name_tr"))
                .col(string("name_ar"))
                .col(string("unit"))
                .col(string("direction"))
                .col(string("measured_by"))
                .col(double_null("baseline_value"))
                .col(string_null("baseline_date"))
                .col(string_null("baseline_source"))
                .col(string_null("baseline_method"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_target")
                .col(big_pk_auto("id"))
                .col(big_integer("indicator_id"))
                .col(string("period_end"))
                .col(double("value"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("plan_milestone")
                .col(big_pk_auto("id"))
                .col(big_integer("plan_id"))
                .col(string("code"))
                .col(string("title_en"))
                .col(string("title_tr"))
                .col(string("title_ar"))
                .col(string("due"))
                .col(string("owner_party"))
                .col(text("evidence"))
                .to_owned(),
        )
        .await?;
        for (table, name, cols) in [
            ("plan_objective", "plan_objective_code", &["plan_id", "code"][..]),
            ("plan_indicator", "plan_indicator_code", &["plan_id", "code"][..]),
            ("indicator_target", "indicator_target_period", &["indicator_id", "period_end"][..]),
            ("plan_milestone", "plan_milestone_code", &["plan_id", "code"][..]),
        ] {
            m.create_index(super::index_on(table, name, cols).unique().to_owned()).await?;
        }
        Ok(())
    }
}
