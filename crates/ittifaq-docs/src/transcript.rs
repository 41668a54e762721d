//! The trainee's transcript: every course of one person under the
//! agreement, with its dates, institution, outcome, grade and certificate
//! number, in the three languages on portrait A4. It is a print of the
//! platform's record, not a sealed document: each certificate it lists is
//! verified on its own.

use serde::Serialize;

use crate::render::{LongDate, render};
use crate::{DocError, Trilingual};

const TEMPLATE: &str = include_str!("templates/transcript.typ");

/// Most lines one transcript prints.
pub const MAX_LINES: usize = 500;

/// One course of the transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptLine {
    pub session: String,
    pub course: Trilingual,
    pub institution: Trilingual,
    /// The party that hosted the course.
    pub host: String,
    pub start: time::Date,
    pub end: time::Date,
    /// Where the enrolment stands or how it ended, in the three languages.
    pub outcome: Trilingual,
    pub grade: Option<String>,
    /// The certificate's number, when one was issued.
    pub certificate: Option<String>,
}

/// Whose transcript, as of when, and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub holder_name: String,
    pub rank_code: String,
    pub rank_title: Trilingual,
    pub service_number: String,
    pub party: Trilingual,
    pub agreement: Trilingual,
    pub printed_on: time::Date,
    /// The address where a certificate's number is verified.
    pub verify_base: String,
    pub lines: Vec<TranscriptLine>,
}

#[derive(Serialize)]
struct Line<'a> {
    session: &'a str,
    course: &'a Trilingual,
    institution: &'a Trilingual,
    host: &'a str,
    start: LongDate,
    end: LongDate,
    outcome: &'a Trilingual,
    grade: Option<&'a str>,
    certificate: Option<&'a str>,
}

#[derive(Serialize)]
struct View<'a> {
    name: &'a str,
    rank_code: &'a str,
    rank_title: &'a Trilingual,
    service_number: &'a str,
    party: &'a Trilingual,
    agreement: &'a Trilingual,
    printed_on: LongDate,
    verify_base: &'a str,
    lines: Vec<Line<'a>>,
}

/// Renders the transcript as an A4 PDF (as many pages as its lines take;
/// at most [`MAX_LINES`] lines, the earliest).
pub fn render_transcript(t: &Transcript) -> Result<Vec<u8>, DocError> {
    let lines = t
        .lines
        .iter()
        .take(MAX_LINES)
        .map(|l| Line {
            session: &l.session,
            course: &l.course,
            institution: &l.institution,
            host: &l.host,
            start: LongDate::new(l.start),
            end: LongDate::new(l.end),
            outcome: &l.outcome,
            grade: l.grade.as_deref(),
            certificate: l.certificate.as_deref(),
        })
        .collect();
    let view = View {
        name: &t.holder_name,
        rank_code: &t.rank_code,
        rank_title: &t.rank_title,
        service_number: &t.service_number,
        party: &t.party,
        agreement: &t.agreement,
        printed_on: LongDate::new(t.printed_on),
        verify_base: &t.verify_base,
        lines,
    };
    let ident = format!("transcript-{}-{}", t.service_number, LongDate::new(t.printed_on).iso());
    render(TEMPLATE, &view, Vec::new(), t.printed_on, &ident)
}
