//! A witness party's cosignature of one checkpoint: a signed-note signature line
//! that verified with the party's key `key_id` when it was stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_cosignature")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub checkpoint_id: i64,
    pub party: String,
    pub key_id: i64,
    #[sea_orm(column_type = "Text")]
    pub line: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
