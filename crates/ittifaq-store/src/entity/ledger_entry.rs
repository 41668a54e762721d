//! One entry of the joint audit ledger: the canonical encoding of an audit row
//! (`docs/ledger-format.md`) and its RFC 6962 leaf hash, at position `seq`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    #[sea_orm(unique)]
    pub audit_id: i64,
    pub entry: Vec<u8>,
    /// Hex of the leaf hash recorded at append time.
    pub leaf_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
