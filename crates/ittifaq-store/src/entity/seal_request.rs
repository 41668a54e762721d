//! A document prepared by the server and waiting for its issuing party's seal
//! signature (made on that party's own machine).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seal_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub party: String,
    /// `certificate` or `travel-order`.
    pub kind: String,
    pub nomination_id: i64,
    pub reference: String,
    /// The seal payload JSON to sign, byte for byte.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    /// The document before its seal line.
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
    pub issued_on: String,
    pub expires_on: Option<String>,
    pub requested_by: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
