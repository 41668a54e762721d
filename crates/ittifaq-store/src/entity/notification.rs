//! A notification of a step to a user, shown in the platform and e-mailed.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The step: nominate, approve, accept, order, completed…; the message is
    /// rendered in the recipient's language from it and `args`.
    pub kind: String,
    /// JSON object of the message's arguments (session, person as the recipient may see them).
    #[sea_orm(column_type = "Text")]
    pub args: String,
    /// The page the notification leads to.
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
    /// none (no address), pending, sent or failed.
    pub email_status: String,
    pub email_attempts: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub email_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
