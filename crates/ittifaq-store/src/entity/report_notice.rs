//! A notice sent of an advisor report overdue or left unreviewed: one per
//! deployment, day due and kind, so each is sent once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deployment_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub due_on: String,
    /// report-overdue or report-unreviewed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    pub sent_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
