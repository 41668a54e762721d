//! A unit of the army's target structure: a division, brigade or battalion
//! and the posts it has for integrated people.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "target_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    /// The integrating party, whose army it is.
    pub party: String,
    pub name_en: String,
    pub name_tr: String,
    pub name_ar: String,
    /// division, brigade or battalion.
    pub kind: String,
    pub parent_id: Option<i64>,
    /// Posts for integrated people.
    pub posts: i32,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
