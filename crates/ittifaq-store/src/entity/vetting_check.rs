//! A vetting check recorded for a nomination by the party responsible for it.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "vetting_check")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub nomination_id: i64,
    /// The agreement's code of the check: security, medical, language.
    pub check_code: String,
    /// passed or failed.
    pub outcome: String,
    pub party: String,
    pub actor: String,
    pub at: i64,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    /// The level found, on the check's scale (a language check).
    pub level: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
