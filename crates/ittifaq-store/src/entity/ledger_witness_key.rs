//! A party's witness key, registered by that party's admin; the latest one of a
//! party is the one its cosignatures must verify with.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_witness_key")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub party: String,
    /// The C2SP verifier key string (`name+hash+base64`).
    #[sea_orm(column_type = "Text")]
    pub verifier_key: String,
    pub registered_by: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
