//! One run of the seat allocator for a planning period.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "allocation_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Sessions starting from this day (`YYYY-MM-DD`)…
    pub period_from: String,
    /// …to this day, included.
    pub period_to: String,
    /// The run this one adjusts (pins and forbids), if any.
    pub parent_id: Option<i64>,
    /// SHA-256 of the platform's instance for the period when the run was made,
    /// before pins and forbids; a commit is refused when it no longer matches.
    pub instance_hash: String,
    /// The instance solved (contract JSON: forbidden nominations left out).
    #[sea_orm(column_type = "Text")]
    pub instance: String,
    /// The result (contract JSON, weights as nominated).
    #[sea_orm(column_type = "Text")]
    pub result: String,
    /// JSON list of every nomination of the run with its decision and reason.
    #[sea_orm(column_type = "Text")]
    pub plan: String,
    pub objective: i64,
    pub bound: f64,
    /// `1 - objective / bound`.
    pub gap: f64,
    /// JSON list of pinned nomination ids.
    #[sea_orm(column_type = "Text")]
    pub pins: String,
    /// JSON list of forbidden nomination ids.
    #[sea_orm(column_type = "Text")]
    pub forbids: String,
    pub created_by: String,
    pub created_by_party: String,
    pub created_at: i64,
    /// When the last party's key made the plan binding.
    pub committed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
