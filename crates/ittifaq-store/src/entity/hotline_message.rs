//! A hotline message from one party's deconfliction officer to another party,
//! to be acknowledged by its deadline or escalated.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotline_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The first message of the thread; `None` for a first message.
    pub thread_id: Option<i64>,
    /// The message this one answers.
    pub reply_to: Option<i64>,
    pub from_party: String,
    pub from_user_id: i64,
    pub from_username: String,
    pub to_party: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// routine, urgent or flash.
    pub priority: String,
    /// The code of a declared activity the message is about, as typed.
    pub declaration: Option<String>,
    /// Unique per sender: a retried send returns this message.
    pub idempotency_key: String,
    pub sent_at: i64,
    /// Minutes each recipient has to acknowledge, fixed by the priority at sending.
    pub ack_minutes: i32,
    pub ack_due_at: i64,
    /// 1 is the duty officer (roster position 1), 2 the next, and so on.
    pub level: i32,
    /// The officer the message waits on; `None` at the joint office or with an empty roster.
    pub assignee_user_id: Option<i64>,
    /// The message escalated past the roster to the party's joint office.
    pub at_joint_office: bool,
    /// sent, escalated or acknowledged.
    pub status: String,
    pub acked_at: Option<i64>,
    pub acked_by_user_id: Option<i64>,
    pub acked_by: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub ack_reply: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
