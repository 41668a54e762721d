//! A declared activity: footprint, altitude band and time window of a party's
//! (or a third state's) activity, a draft until its party confirms it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "declaration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The activity's id in the engine and the contract, e.g. `TR-DM-2027-00012`.
    pub code: String,
    /// Whose activity: TR, SY, or a third state's code (e.g. RUS).
    pub party: String,
    /// The party whose deconfliction officer entered it and may change it.
    pub owner_party: String,
    pub third_state: bool,
    /// The third state's name as entered; empty for the parties.
    pub state_name: String,
    pub kind: String,
    /// The footprint as GeoJSON.
    #[sea_orm(column_type = "Text")]
    pub footprint: String,
    pub altitude_lo: f64,
    pub altitude_hi: f64,
    pub start_ms: i64,
    pub end_ms: i64,
    pub separation_m: f64,
    pub vertical_separation_m: f64,
    pub time_buffer_s: f64,
    /// Extent of the footprint (degrees), for listing by box.
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
    /// The unit carrying it out: a detail not released to the other party.
    pub unit: Option<String>,
    /// draft, confirmed, amended or cancelled.
    pub status: String,
    pub version: i32,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
