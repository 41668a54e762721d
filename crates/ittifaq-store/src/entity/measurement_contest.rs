//! A party's contest of a measurement: its own value and the reason.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measurement_contest")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub measurement_id: i64,
    pub party: String,
    pub value: f64,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub username: String,
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
