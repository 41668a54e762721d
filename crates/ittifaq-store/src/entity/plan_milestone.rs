//! A milestone of an engagement plan: due date, owner party, evidence expected.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_milestone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub code: String,
    pub title_en: String,
    pub title_tr: String,
    pub title_ar: String,
    pub due: String,
    pub owner_party: String,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
