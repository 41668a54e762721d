//! An engagement plan of technical assistance: one track of the agreement at
//! one partner institution, written by the advising party.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "engagement_plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub track: String,
    pub institution_id: i64,
    pub advising_party: String,
    pub partner_party: String,
    pub title_en: String,
    pub title_tr: String,
    pub title_ar: String,
    #[sea_orm(column_type = "Text")]
    pub absorptive_capacity: String,
    #[sea_orm(column_type = "Text")]
    pub sustainment: String,
    /// draft, active or closed.
    pub status: String,
    /// When the advisors of the plan report: an RRULE counted from each deployment's first day.
    pub report_rule: String,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
