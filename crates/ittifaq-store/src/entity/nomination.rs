//! A nomination of a person for a session, and where it stands.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "nomination")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub person_id: i64,
    /// The sending party: the person's.
    pub person_party: String,
    pub unit_id: i64,
    pub priority: i32,
    /// nominated, approved, accepted, waitlisted or withdrawn.
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
