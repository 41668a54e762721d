//! HTTP tests of the whole router: the access matrix, canaries, bad input,
//! sign-in, sessions, languages and the API document.

mod support;

mod access;
mod allocation;
mod assistance;
mod audit;
mod courses;
mod decon;
mod exchange;
mod headers;
mod hotline;
mod input;
mod integration;
mod language;
mod ledger;
mod need_to_know;
mod notify;
mod openapi;
mod pages;
mod paging;
mod roster;
mod signin;
mod training;
mod trust;
