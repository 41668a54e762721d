//! The course certificate: landscape A4 in the three languages, with a QR code
//! that leads to the platform's verification page.

use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;

use crate::render::{LongDate, render};
use crate::{DocError, PartyNames, Trilingual};

const TEMPLATE: &str = include_str!("templates/certificate.typ");

/// What a certificate says: that the holder completed a course at an
/// institution of the issuing party, and the qualification it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The certificate's number, e.g. "CERT-TR-2026-000123".
    pub id: String,
    pub holder_name: String,
    /// STANAG 2116 code, e.g. "OF-2".
    pub rank_code: String,
    pub rank_title: Trilingual,
    pub course_title: Trilingual,
    pub institution: Trilingual,
    pub issuing_party: PartyNames,
    pub start: time::Date,
    pub end: time::Date,
    pub issued_on: time::Date,
    /// The last day on which the qualification is valid, if it lapses.
    pub expires_on: Option<time::Date>,
    pub grade: Option<String>,
    pub qualification: Trilingual,
    /// The address the QR code encodes; it is also printed.
    pub verify_url: String,
}

#[derive(Serialize)]
struct View<'a> {
    id: &'a str,
    name: &'a str,
    rank_code: &'a str,
    rank_title: &'a Trilingual,
    course: &'a Trilingual,
    institution: &'a Trilingual,
    party: &'a PartyNames,
    start: LongDate,
    end: LongDate,
    issued_on: LongDate,
    expires_on: Option<LongDate>,
    grade: Option<&'a str>,
    qualification: &'a Trilingual,
    verify_url: &'a str,
}

/// Renders the certificate as a one-page landscape A4 PDF.
pub fn render_certificate(certificate: &Certificate) -> Result<Vec<u8>, DocError> {
    let qr = QrCode::new(certificate.verify_url.as_bytes()).map_err(|err| DocError::Qr(err.to_string()))?;
    let qr_svg = qr.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
    let view = View {
        id: &certificate.id,
        name: &certificate.holder_name,
        rank_code: &certificate.rank_code,
        rank_title: &certificate.rank_title,
        course: &certificate.course_title,
        institution: &certificate.institution,
        party: &certificate.issuing_party,
        start: LongDate::new(certificate.start),
        end: LongDate::new(certificate.end),
        issued_on: LongDate::new(certificate.issued_on),
        expires_on: certificate.expires_on.map(LongDate::new),
        grade: certificate.grade.as_deref(),
        qualification: &certificate.qualification,
        verify_url: &certificate.verify_url,
    };
    render(TEMPLATE, &view, vec![("/qr.svg", qr_svg.into_bytes())], certificate.issued_on, &certificate.id)
}
