//! The deconfliction hotline: each party's escalation roster of deconfliction
//! officers, and the messages between the parties with their acknowledgement
//! deadline, escalation level and idempotency key.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("hotline_roster")
                .col(big_pk_auto("id"))
                .col(string("party"))
                .col(integer("position"))
                .col(big_integer("user_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("hotline_roster_position")
                .table("hotline_roster")
                .col("party")
                .col("position")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("hotline_message")
                .col(big_pk_auto("id"))
                .col(big_integer_null("thread_id"))
                .col(big_integer_null("reply_to"))
                .col(string("from_party"))
                .col(big_integer("from_user_id"))
                .col(string("from_username"))
                .col(string("to_party"))
                .col(string("subject"))
                .col(text("body"))
                .col(string("priority"))
                .col(string_null("declaration"))
                .col(string("idempotency_key"))
                .col(big_integer("sent_at"))
                .col(integer("ack_minutes"))
                .col(big_integer("ack_due_at"))
                .col(integer("level"))
                .col(big_integer_null("assignee_user_id"))
                .col(boolean("at_joint_office"))
                .col(string("status"))
                .col(big_integer_null("acked_at"))
                .col(big_integer_null("acked_by_user_id"))
                .col(string_null("acked_by"))
                .col(text_null("ack_reply"))
                .to_owned(),
        )
        .await?;
        // A sender's key names one message: a retried send finds the original.
        m.create_index(
            Index::create()
                .name("hotline_message_idempotency")
                .table("hotline_message")
                .col("from_user_id")
                .col("idempotency_key")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("hotline_message_due")
                .table("hotline_message")
                .col("status")
                .col("ack_due_at")
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("hotline_message_to").table("hotline_message").col("to_party").to_owned())
            .await?;
        m.create_index(
            Index::create().name("hotline_message_from").table("hotline_message").col("from_party").to_owned(),
        )
        .await?;
        Ok(())
    }
}
