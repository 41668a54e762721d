//! The store's contract suite: runs on SQLite always, and on PostgreSQL too
//! when `ITTIFAQ_TEST_POSTGRES_URL` is set.

mod support;

mod allocation;
mod assistance;
mod decon;
mod exchange;
mod hotline;
mod integration;
mod ledger;
mod notify;
mod people;
mod registry;
mod roster;
mod sessions;
mod training;
mod witness;
