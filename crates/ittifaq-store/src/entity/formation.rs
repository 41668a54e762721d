//! A formation to integrate into the national army.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "formation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    /// The integrating party: its roster, its verifications.
    pub party: String,
    pub name_en: String,
    pub name_tr: String,
    pub name_ar: String,
    /// Where the formation comes from.
    pub origin: String,
    /// bloc, individual or mixed.
    pub mode: String,
    /// The strength the formation declared (self-reported).
    pub declared_strength: i32,
    /// The first day its stages may move.
    pub starts_on: String,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
