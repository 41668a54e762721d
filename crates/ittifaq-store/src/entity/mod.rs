//! SeaORM entities: one module a table, shared by both backends.

pub mod agreement;
pub mod assessment;
pub mod attendance;
pub mod audit_log;
pub mod calendar_feed;
pub mod certificate;
pub mod course;
pub mod course_session;
pub mod declaration;
pub mod evaluation;
pub mod institution;
pub mod ledger_checkpoint;
pub mod ledger_cosignature;
pub mod ledger_entry;
pub mod ledger_node;
pub mod ledger_witness_key;
pub mod login_session;
pub mod nomination;
pub mod nomination_step;
pub mod notification;
pub mod party;
pub mod person;
pub mod seal_request;
pub mod session_instructor;
pub mod travel_order;
pub mod unit;
pub mod user;
pub mod vetting_check;
// Seat allocation (issue 5).
pub mod allocation_key;
pub mod allocation_run;
// hotline
pub mod hotline_message;
pub mod hotline_roster;
// Technical assistance (issue 19).
pub mod advisor_report;
pub mod deployment;
pub mod deployment_objective;
pub mod deployment_vetting;
pub mod engagement_plan;
pub mod indicator_target;
pub mod measurement;
pub mod measurement_contest;
pub mod plan_indicator;
pub mod plan_key;
pub mod plan_milestone;
pub mod plan_objective;
pub mod report_notice;
pub mod report_progress;
// Force integration (issue 20).
pub mod candidate;
pub mod formation;
pub mod integration_notice;
pub mod node_secret;
pub mod stage_count;
pub mod stage_deadline;
pub mod target_unit;
