//! A certificate of completion, sealed with the issuing party's key.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    #[sea_orm(unique)]
    pub nomination_id: i64,
    pub person_id: i64,
    /// The issuing (host) party.
    pub party: String,
    pub qualification: String,
    pub issued_on: String,
    pub expires_on: Option<String>,
    /// The signed seal payload, byte for byte.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    #[serde(skip)]
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
    pub revoked_at: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub revoked_reason: Option<String>,
    pub revoked_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
