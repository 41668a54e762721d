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
    /// nominated, approved, accepted, waitlisted, withdrawn, cancelled, completed or failed.
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The day the host confirmed the person's arrival.
    pub arrived_on: Option<String>,
    /// The day the host confirmed the person's departure.
    pub departed_on: Option<String>,
    pub grade: Option<String>,
    /// Why the person failed (or a note on completion).
    #[sea_orm(column_type = "Text", nullable)]
    pub result_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
