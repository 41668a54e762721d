//! A candidate on a formation's roster for integration.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub formation_id: i64,
    /// The integrating party, the roster's owner.
    pub party: String,
    /// The candidate's reference on the formation's list.
    pub roster_ref: String,
    pub full_name: String,
    /// The date of birth, `YYYY-MM-DD`.
    pub born: String,
    /// Empty where the list does not record it.
    pub mother_name: String,
    /// Empty where the list does not record it.
    pub birthplace: String,
    /// The last stage verified for the candidate; none before registration is verified.
    pub stage: Option<String>,
    /// active, integrated, reintegration or withdrawn.
    pub status: String,
    /// Why the candidate left for reintegration.
    pub reason: Option<String>,
    pub note: String,
    /// The keyed digest of the name and the whole date (hex).
    pub digest_exact: String,
    /// The four keyed digests of near identities (hex, `:` between).
    pub digest_near: String,
    /// With parts recorded (mother's name, place of birth): which (a digit,
    /// bit 0 the mother, bit 1 the place), then the date digests of each
    /// smaller set of them, each with its set (`3;0:hex;…;2:hex`).
    pub digest_partial: Option<String>,
    /// The unit of the target structure the candidate was assigned to.
    pub assigned_unit: Option<i64>,
    /// The group of registrations that may be one person: the lowest id among them.
    pub match_group: Option<i64>,
    /// open or distinct, while in a group.
    pub match_state: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
