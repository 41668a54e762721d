//! An invitational travel order issued by the host for an enrolled person.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "travel_order")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub nomination_id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    /// The issuing (host) party.
    pub party: String,
    pub issued_on: String,
    pub issued_by: String,
    pub at: i64,
    /// The sealed PDF, as issued.
    #[serde(skip)]
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
