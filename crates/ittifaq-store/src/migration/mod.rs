//! The one migration tree, written in Rust and run on both backends at start.
//! Migrations are only added, never edited once landed.

use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261125_000002_ledger;
mod m20261125_000003_exchange;
mod m20261125_000004_calendar;
mod m20261125_000005_training;
mod m20261125_000006_witness;
mod m20261125_000007_notifications;
mod m20261125_000008_course_description;
mod m20261125_000009_declarations;
mod m20261125_000010_hotline;
mod m20261125_000011_allocation;
mod m20261125_000012_vetting_level;
mod m20261125_000013_seat_index;
mod m20261125_000014_person_order;
mod m20261202_000015_unit_nominations;
mod m20261203_000016_nomination_order;
mod m20261207_000017_seal_requests;
mod m20261207_000018_reach;
mod m20261207_000019_assistance;
mod m20261207_000020_plan_keys;
mod m20261207_000021_advisors;
mod m20261207_000022_advisor_vetting;
mod m20261207_000023_integration;
mod m20261207_000024_roster;
mod m20261208_000025_candidate_parts;

pub struct Migrator;

/// An index named `name` on `table`'s columns, in order: the statement the
/// migrations that only add indexes share.
fn index_on(table: &str, name: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(Alias::new(table));
    for c in cols {
        idx.col(Alias::new(*c));
    }
    idx.to_owned()
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_ledger::Migration),
            Box::new(m20261125_000003_exchange::Migration),
            Box::new(m20261125_000004_calendar::Migration),
            Box::new(m20261125_000005_training::Migration),
            Box::new(m20261125_000006_witness::Migration),
            Box::new(m20261125_000007_notifications::Migration),
            Box::new(m20261125_000008_course_description::Migration),
            Box::new(m20261125_000009_declarations::Migration),
            Box::new(m20261125_000010_hotline::Migration),
            Box::new(m20261125_000011_allocation::Migration),
            Box::new(m20261125_000012_vetting_level::Migration),
            Box::new(m20261125_000013_seat_index::Migration),
            Box::new(m20261125_000014_person_order::Migration),
            Box::new(m20261202_000015_unit_nominations::Migration),
            Box::new(m20261203_000016_nomination_order::Migration),
            Box::new(m20261207_000017_seal_requests::Migration),
            Box::new(m20261207_000018_reach::Migration),
            Box::new(m20261207_000019_assistance::Migration),
            Box::new(m20261207_000020_plan_keys::Migration),
            Box::new(m20261207_000021_advisors::Migration),
            Box::new(m20261207_000022_advisor_vetting::Migration),
            Box::new(m20261207_000023_integration::Migration),
            Box::new(m20261207_000024_roster::Migration),
            Box::new(m20261208_000025_candidate_parts::Migration),
        ]
    }
}
