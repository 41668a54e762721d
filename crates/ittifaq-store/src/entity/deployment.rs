//! An advisor sent by one party to an institution of the other, for a plan and track.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deployment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub person_id: i64,
    pub sending_party: String,
    pub host_party: String,
    pub institution_id: i64,
    pub plan_id: Option<i64>,
    pub track: String,
    pub start_date: String,
    pub planned_end: String,
    pub end_date: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub end_reason: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
