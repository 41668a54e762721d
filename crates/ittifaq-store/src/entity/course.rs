//! A course of the catalog, taught by one institution in one training domain.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub institution_id: i64,
    pub domain: String,
    pub article: Option<String>,
    pub title_en: String,
    pub title_tr: String,
    pub title_ar: String,
    /// ISO 639-1 code of the language of instruction.
    pub language: String,
    pub min_rank: Option<String>,
    pub max_rank: Option<String>,
    pub duration_days: i32,
    pub capacity: i32,
    /// Comma-framed qualification codes required before the course.
    pub requires: String,
    /// The qualification that completing the course grants.
    pub grants: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_en: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_tr: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_ar: Option<String>,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
