//! One place of a party's hotline escalation roster: position 1 is the duty
//! officer, then 2, 3…; after the last, messages escalate to the joint office.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hotline_roster")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub party: String,
    pub position: i32,
    /// A deconfliction officer of the party.
    pub user_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
