//! An indicator of an objective: its unit, direction, measuring party and baseline.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub objective_id: i64,
    pub code: String,
    pub name_en: String,
    pub name_tr: String,
    pub name_ar: String,
    pub unit: String,
    /// increase, decrease or maintain.
    pub direction: String,
    pub measured_by: String,
    pub baseline_value: Option<f64>,
    pub baseline_date: Option<String>,
    pub baseline_source: Option<String>,
    pub baseline_method: Option<String>,
    /// The kind of indicator the agreement names (its `indicator_kinds`), if any.
    pub kind: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
