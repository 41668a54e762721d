//! A session of a course: dates, place, capacity and per-party quotas.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "course_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub course_id: i64,
    /// The party of the institution that runs the course.
    pub host_party: String,
    /// ISO 8601 dates; the session occupies every day from start to end.
    pub start_date: String,
    pub end_date: String,
    pub place: String,
    pub capacity: i32,
    /// JSON object of party code to the most seats that party may take.
    #[sea_orm(column_type = "Text")]
    pub quota: String,
    /// planned, open, confirmed, running, completed or cancelled.
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
