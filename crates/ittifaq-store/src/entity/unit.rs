//! A unit of one party; units form a hierarchy through `parent_id`.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub party: String,
    pub parent_id: Option<i64>,
    pub name_en: String,
    pub name_tr: String,
    pub name_ar: String,
    /// Most members that may be away on training on one day.
    pub max_away: Option<i32>,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
