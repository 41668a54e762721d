//! One step taken on a nomination: who, when, what and why.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "nomination_step")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub nomination_id: i64,
    /// nominate, approve, accept, waitlist, withdraw or promote.
    pub step: String,
    pub actor: String,
    pub actor_party: String,
    pub at: i64,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
