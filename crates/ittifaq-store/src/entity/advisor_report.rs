//! A periodic report of a deployment, due on one day of its schedule.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "advisor_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub deployment_id: i64,
    pub due_on: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    pub notes_released: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
