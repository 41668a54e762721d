//! Advisors: deployments (who, where, for which plan and objectives, from
//! when to when), their periodic reports with milestone progress and
//! indicator measurements, and the parties' contests of a measurement; the
//! report schedule of each plan; the kind of each indicator.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("engagement_plan")
                .add_column(string("report_rule").default("FREQ=MONTHLY"))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("plan_indicator").add_column(string_null("kind")).to_owned()).await?;
        m.create_table(
            Table::create()
                .table("deployment")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(big_integer("person_id"))
                .col(string("sending_party"))
                .col(string("host_party"))
                .col(big_integer("institution_id"))
                .col(big_integer_null("plan_id"))
                .col(string("track"))
                .col(string("start_date"))
                .col(string("planned_end"))
                .col(string("end_date"))
                .col(text_null("end_reason"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("deployment_objective")
                .col(big_integer("deployment_id"))
                .col(big_integer("objective_id"))
                .primary_key(Index::create().col("deployment_id").col("objective_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("advisor_report")
                .col(big_pk_auto("id"))
                .col(big_integer("deployment_id"))
                .col(string("due_on"))
                .col(string("status"))
                .col(text("summary"))
                .col(text("notes"))
                .col(boolean("notes_released"))
                .col(text_null("review_comment"))
                .col(string_null("reviewed_by"))
                .col(big_integer_null("reviewed_at"))
                .col(big_integer_null("submitted_at"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("report_progress")
                .col(big_integer("report_id"))
                .col(big_integer("milestone_id"))
                .col(string("progress"))
                .col(text("note"))
                .primary_key(Index::create().col("report_id").col("milestone_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("measurement")
                .col(big_pk_auto("id"))
                .col(big_integer("report_id"))
                .col(big_integer("indicator_id"))
                .col(double("value"))
                .col(string("measured_on"))
                .col(string("method"))
                .col(string("party"))
                .col(string("measured_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("measurement_contest")
                .col(big_pk_auto("id"))
                .col(big_integer("measurement_id"))
                .col(string("party"))
                .col(double("value"))
                .col(text("reason"))
                .col(string("username"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        for (table, name, cols, unique) in [
            ("deployment", "deployment_dates", &["end_date", "start_date"][..], false),
            ("deployment", "deployment_plan", &["plan_id"][..], false),
            ("advisor_report", "advisor_report_due", &["deployment_id", "due_on"][..], true),
            ("advisor_report", "advisor_report_status", &["status", "due_on"][..], false),
            ("measurement", "measurement_report", &["report_id", "indicator_id"][..], false),
            ("measurement", "measurement_indicator", &["indicator_id", "measured_on"][..], false),
            ("measurement_contest", "measurement_contest_party", &["measurement_id", "party"][..], true),
        ] {
            let mut index = super::index_on(table, name, cols);
            if unique {
                index.unique();
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
