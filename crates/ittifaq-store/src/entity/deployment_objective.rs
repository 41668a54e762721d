//! The objectives of its plan a deployment serves.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deployment_objective")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deployment_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub objective_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
