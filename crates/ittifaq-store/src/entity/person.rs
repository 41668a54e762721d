//! A person in the registry. Private fields leave the store only through
//! [`crate::scope`], which applies what the owning party released.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub party: String,
    pub service_number: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: Option<String>,
    /// STANAG 2116 code such as `OF-3`.
    pub rank: String,
    /// Seniority position of `rank`, for range filters.
    pub rank_ordinal: i32,
    pub rank_title: Option<String>,
    pub unit_id: i64,
    /// Comma-framed ISO 639-1 codes, `,ar,en,`.
    pub languages: String,
    /// Comma-framed qualification codes.
    pub qualifications: String,
    pub national_id: Option<String>,
    pub phone: Option<String>,
    pub next_of_kin: Option<String>,
    /// Lower-cased service number and names, for search.
    pub search_text: String,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
