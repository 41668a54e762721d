//! A user account; every account belongs to one party and holds one role.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub party: String,
    pub role: String,
    pub locale: Option<String>,
    pub totp_secret: Option<String>,
    /// The last TOTP time step accepted, so that a code cannot be used twice.
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<i64>,
    pub disabled: bool,
    pub created_at: i64,
    /// The person of the registry this account belongs to (a trainee's own record).
    pub person_id: Option<i64>,
    /// Where notifications are e-mailed; none, none are.
    pub email: Option<String>,
    /// The unit a commander commands: their people are those of it and of
    /// the units under it.
    pub unit_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
