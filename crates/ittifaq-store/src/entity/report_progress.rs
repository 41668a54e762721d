//! What a report says of one milestone of the plan.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "report_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub report_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub milestone_id: i64,
    pub progress: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
