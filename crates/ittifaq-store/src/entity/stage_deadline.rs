//! The deadline of one stage of one formation, and the clause it comes from.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stage_deadline")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub formation_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: String,
    /// None: a commitment without a date.
    pub due: Option<String>,
    /// Binding, or indicative only.
    pub binding: bool,
    /// The article or clause the deadline comes from.
    pub clause: String,
    /// The party that answers for the stage; none: nobody does.
    pub owner_party: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
