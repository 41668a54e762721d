//! A vetting check recorded for an advisor's deployment by the party responsible for it.

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "deployment_vetting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub deployment_id: i64,
    /// The agreement's code of the check.
    pub check_code: String,
    /// passed or failed.
    pub outcome: String,
    pub party: String,
    pub actor: String,
    pub at: i64,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    /// The level found, on the check's scale.
    pub level: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
