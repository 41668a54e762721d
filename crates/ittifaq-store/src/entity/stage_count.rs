//! A headcount of one stage of one formation on a day: verified (who
//! verified, when, how, from which list) or reported by the formation itself.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stage_count")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub formation_id: i64,
    /// verified, or reported by the formation.
    pub figure: String,
    pub stage: String,
    /// The headcount at the stage after this event.
    pub count: i32,
    /// The day it refers to.
    pub on_day: String,
    pub method: String,
    pub list_reference: String,
    /// Why a count went down (required then).
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub party: String,
    pub username: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
