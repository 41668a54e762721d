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
    render(TEMPLATE, &view(order), Vec::new(), order.issued_on, &order.reference)
}

fn view(order: &TravelOrder) -> View<'_> {
    View {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Frame, FrameItem, Point};

    /// Each run of text of a frame: where it starts (points from the page's
    /// top left, on its baseline), how wide it is, its size and its text.
    type Run = (f64, f64, f64, f64, String);

    fn runs(frame: &Frame, at: Point, out: &mut Vec<Run>) {
        for (pos, item) in frame.items() {
            let p = at + *pos;
            match item {
                FrameItem::Group(g) => {
                    runs(&g.frame, p + Point::new(g.transform.tx, g.transform.ty), out);
                }
                FrameItem::Text(t) => {
                    out.push((p.x.to_pt(), p.y.to_pt(), t.width().to_pt(), t.size.to_pt(), t.text.to_string()))
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_header_keeps_clear_of_its_reference_and_of_the_text_below() {
        let order = TravelOrder {
            reference: "ITO-TR-2026-000042".into(),
            agreement: Trilingual::new("MoU", "MM", "مذكرة"),
            person_name: "Ahmad Khalil".into(),
            rank_code: "OF-2".into(),
            rank_title: Trilingual::new("Captain", "Yüzbaşı", "نقيب"),
            sending_party: Trilingual::new("Syrian Arab Republic", "Suriye Arap Cumhuriyeti", "سوريا"),
            // A host whose names fill the line.
            host_party: Trilingual::new(
                "Ministry of National Defence of the Republic of Türkiye, General Staff Headquarters",
                "Türkiye Cumhuriyeti Millî Savunma Bakanlığı, Genelkurmay Başkanlığı Karargâhı",
                "وزارة الدفاع الوطني",
            ),
            course_title: Trilingual::new("Course", "Kurs", "دورة"),
            institution: Trilingual::new("School", "Okul", "مدرسة"),
            place: Trilingual::new("Ankara", "Ankara", "أنقرة"),
            start: time::macros::date!(2026 - 03 - 02),
            end: time::macros::date!(2026 - 04 - 24),
            report_by: time::macros::date!(2026 - 03 - 01),
            issued_on: time::macros::date!(2026 - 02 - 01),
            issued_by: "Office".into(),
            vetting: Vec::new(),
        };
        let doc = crate::render::layout(TEMPLATE, &view(&order), Vec::new(), order.issued_on).unwrap();
        let mut all = Vec::new();
        runs(&doc.pages()[0].frame, Point::zero(), &mut all);
        // The header is what stands above the title (the first 14 pt run).
        let title_y = all.iter().filter(|r| r.3 >= 13.9).map(|r| r.1).fold(f64::MAX, f64::min);
        let header: Vec<&Run> = all.iter().filter(|r| r.1 < title_y - 20.0).collect();
        let (reference, names): (Vec<&Run>, Vec<&Run>) = header.iter().partition(|r| r.4.contains("ITO-TR"));
        assert!(!reference.is_empty() && !names.is_empty(), "{all:?}");
        let names_end = names.iter().map(|r| r.0 + r.2).fold(f64::MIN, f64::max);
        let reference_start = reference.iter().map(|r| r.0).fold(f64::MAX, f64::min);
        // A gutter of at least 6 mm (17 pt) between the names and the reference.
        assert!(
            reference_start - names_end >= 17.0,
            "names end at {names_end} pt, the reference starts at {reference_start} pt"
        );
        // The header's last line stands above the first line of the page's text.
        let header_bottom = header.iter().map(|r| r.1).fold(f64::MIN, f64::max);
        let body_top = all.iter().filter(|r| r.1 > header_bottom).map(|r| r.1 - r.3).fold(f64::MAX, f64::min);
        assert!(
            body_top - header_bottom >= 6.0,
            "the header ends at {header_bottom} pt, the text starts at {body_top} pt"
        );
    }
}
