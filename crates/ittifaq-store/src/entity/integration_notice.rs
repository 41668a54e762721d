//! A stage's flag already notified to both joint offices: one per
//! formation, stage and kind of flag, so each is sent once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub formation_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: String,
    /// stalled, at_risk or paper_only.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    pub sent_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
