//! The invitational travel order: the host party's invitation that a trainee
//! carries to the course, in English, Turkish and Arabic on one document.

use serde::Serialize;

use crate::render::{LongDate, render};
use crate::{DocError, PartyNames, Trilingual};

const TEMPLATE: &str = include_str!("templates/travel-order.typ");

/// What a travel order says. Names of people are written as in their passport,
/// once; everything the reader must understand is given in the three languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelOrder {
    /// The order's number, printed on every page (e.g. "ITO-TR-2026-000042").
    pub reference: String,
    /// The agreement the invitation is made under, by its title in the agreement file.
    pub agreement: Trilingual,
    pub person_name: String,
    /// STANAG 2116 code, e.g. "OF-2".
    pub rank_code: String,
    /// The rank as each language says it (e.g. Captain, Yüzbaşı, نقيب).
    pub rank_title: Trilingual,
    pub sending_party: PartyNames,
    pub host_party: PartyNames,
    pub course_title: Trilingual,
    pub institution: Trilingual,
    pub place: Trilingual,
    pub start: time::Date,
    pub end: time::Date,
    /// The last day on which the trainee may report to the institution.
    pub report_by: time::Date,
    pub issued_on: time::Date,
    /// The issuing officer or office, as it should be printed.
    pub issued_by: String,
    pub vetting: Vec<VettingCheck>,
}

/// One vetting check the trainee has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VettingCheck {
    pub name: Trilingual,
    pub passed_on: time::Date,
}

#[derive(Serialize)]
struct View<'a> {
    reference: &'a str,
    agreement: &'a Trilingual,
    name: &'a str,
    rank_code: &'a str,
    rank_title: &'a Trilingual,
    sending: &'a PartyNames,
    host: &'a PartyNames,
    course: &'a Trilingual,
    institution: &'a Trilingual,
    place: &'a Trilingual,
    start: LongDate,
    end: LongDate,
    report_by: LongDate,
    issued_on: LongDate,
    issued_by: &'a str,
    vetting: Vec<VettingView<'a>>,
}

#[derive(Serialize)]
struct VettingView<'a> {
    name: &'a Trilingual,
    passed_on: LongDate,
}

/// Renders the order as a PDF (A4, one or more pages, the reference in the
/// header of each).
pub fn render_travel_order(order: &TravelOrder) -> Result<Vec<u8>, DocError> {
    let view = View {
        reference: &order.reference,
        agreement: &order.agreement,
        name: &order.person_name,
        rank_code: &order.rank_code,
        rank_title: &order.rank_title,
        sending: &order.sending_party,
        host: &order.host_party,
        course: &order.course_title,
        institution: &order.institution,
        place: &order.place,
        start: LongDate::new(order.start),
        end: LongDate::new(order.end),
        report_by: LongDate::new(order.report_by),
        issued_on: LongDate::new(order.issued_on),
        issued_by: &order.issued_by,
        vetting: order
            .vetting
            .iter()
            .map(|check| VettingView { name: &check.name, passed_on: LongDate::new(check.passed_on) })
            .collect(),
    };
    render(TEMPLATE, &view, Vec::new(), order.issued_on, &order.reference)
}
