//! Advisors: deployments and their periodic reports. A deployment sends a
//! person of the advising party's registry to an institution of the other
//! party, for a track and some objectives of an engagement plan, from one
//! day to another; it may be extended or ended early. Its advisor reports
//! on a schedule (an RRULE, `FREQ=MONTHLY` say, counted from the first
//! day): progress on each milestone and measurements of the plan's
//! indicators. The partner's counterpart approves a report or returns it
//! with a comment; either party may contest a measurement with its own
//! value and a reason, and both values then stand side by side.

use time::Date;

use crate::{Msg, ParseError, code_enum};

code_enum! {
    /// Where a deployment stands on a given day (from its dates, never stored).
    pub enum DeploymentStatus: "deployment_status" {
        /// Its first day is still to come.
        Planned = "planned",
        Active = "active",
        /// Past its last day, or ended early.
        Ended = "ended",
    }
}

code_enum! {
    /// Where a report stands.
    pub enum ReportStatus: "report_status" {
        /// Being written by the advisor.
        Draft = "draft",
        /// Sent to the partner's counterpart for review.
        Submitted = "submitted",
        /// Sent back by the counterpart with a comment, to be fixed.
        Returned = "returned",
        Approved = "approved",
    }
}

code_enum! {
    /// A step of a report's review.
    pub enum ReportStep: "report_step" {
        Submit = "submit",
        Return = "return",
        Approve = "approve",
    }
}

code_enum! {
    /// How far a milestone has come, as a report says.
    pub enum Progress: "milestone_progress" {
        NotStarted = "not_started",
        Underway = "underway",
        Done = "done",
        Blocked = "blocked",
    }
}

/// The longest a deployment may run, extensions included (three years).
pub const MAX_DEPLOYMENT_DAYS: i64 = 3 * 366;
/// The most reports a deployment's schedule may ask for.
pub const MAX_REPORTS: u16 = 200;

/// The status a report moves to by a step, or `None` when the step does not
/// apply: the advisor submits a draft or a returned report, the counterpart
/// returns or approves a submitted one.
pub fn report_transition(from: ReportStatus, step: ReportStep) -> Option<ReportStatus> {
    use ReportStatus as S;
    match (from, step) {
        (S::Draft | S::Returned, ReportStep::Submit) => Some(S::Submitted),
        (S::Submitted, ReportStep::Return) => Some(S::Returned),
        (S::Submitted, ReportStep::Approve) => Some(S::Approved),
        _ => None,
    }
}

/// Whether the advisor may still change a report.
pub fn editable(status: ReportStatus) -> bool {
    matches!(status, ReportStatus::Draft | ReportStatus::Returned)
}

fn day(field: &'static str, value: &str) -> Result<Date, ParseError> {
    Date::parse(value.trim(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| ParseError::invalid(field, Msg::new("invalid-date").arg("text", value.trim())))
}

/// A deployment's first and last day (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Date,
    pub end: Date,
}

impl Span {
    /// The days as sent: the last not before the first, and no longer than
    /// [`MAX_DEPLOYMENT_DAYS`].
    pub fn parse(start: &str, end: &str) -> Result<Span, ParseError> {
        let span = Span { start: day("start", start)?, end: day("end", end)? };
        span.check("end")
    }

    fn check(self, field: &'static str) -> Result<Span, ParseError> {
        if self.end < self.start {
            return Err(ParseError::invalid(
                field,
                Msg::new("invalid-end-before-start").arg("start", self.start).arg("end", self.end),
            ));
        }
        if (self.end - self.start).whole_days() >= MAX_DEPLOYMENT_DAYS {
            return Err(ParseError::invalid(
                field,
                Msg::new("invalid-deployment-too-long").num("days", MAX_DEPLOYMENT_DAYS),
            ));
        }
        Ok(self)
    }

    /// Whether `d` is one of its days.
    pub fn holds(self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// Its status on `today`.
    pub fn status_on(self, today: Date) -> DeploymentStatus {
        if today < self.start {
            DeploymentStatus::Planned
        } else if today <= self.end {
            DeploymentStatus::Active
        } else {
            DeploymentStatus::Ended
        }
    }

    /// The span extended to a new last day, later than the current one.
    pub fn extended(self, new_end: &str) -> Result<Span, ParseError> {
        let end = day("end", new_end)?;
        if end <= self.end {
            return Err(ParseError::invalid("end", Msg::new("invalid-extension-not-later").arg("end", self.end)));
        }
        Span { start: self.start, end }.check("end")
    }

    /// The span ended early on `last_day`: one of its days before the last,
    /// and not before `today` (what has happened is not rewritten), with a reason.
    pub fn ended_early(self, last_day: &str, reason: &str, today: Date) -> Result<(Span, String), ParseError> {
        let end = day("end", last_day)?;
        if end < self.start || end >= self.end {
            return Err(ParseError::invalid(
                "end",
                Msg::new("invalid-early-end").arg("start", self.start).arg("end", self.end),
            ));
        }
        if end < today.previous_day().unwrap_or(today) {
            return Err(ParseError::invalid("end", Msg::new("invalid-early-end-past")));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ParseError::invalid("reason", Msg::new("invalid-required")));
        }
        if reason.chars().count() > 1000 {
            return Err(ParseError::invalid("reason", Msg::new("invalid-text-max").num("max", 1000)));
        }
        Ok((Span { start: self.start, end }, reason.to_owned()))
    }
}

/// The days a report falls due within a span: the occurrences of `rule`
/// (an RRULE of FREQ DAILY, WEEKLY, MONTHLY or YEARLY, without DTSTART,
/// counted from the first day). A rule that does not read, that fires
/// more often than daily, that never fires within the span, or that would
/// ask for more than [`MAX_REPORTS`] reports is refused, naming `report_rule`.
pub fn due_dates(rule: &str, span: Span) -> Result<Vec<Date>, ParseError> {
    const FIELD: &str = "report_rule";
    let rule = rule.trim();
    let rule = rule.strip_prefix("RRULE:").unwrap_or(rule);
    let bad = |reason: Msg| ParseError::invalid(FIELD, reason);
    if rule.is_empty() {
        return Err(bad(Msg::new("invalid-required")));
    }
    if rule.len() > 300 || rule.chars().any(|c| c.is_control()) || rule.contains("DTSTART") || rule.contains(':') {
        return Err(bad(Msg::new("invalid-rrule").arg("rule", rule.chars().take(80).collect::<String>())));
    }
    let text = format!("DTSTART:{}T000000Z\nRRULE:{rule}", compact(span.start));
    let set: rrule::RRuleSet = text
        .parse()
        .map_err(|e: rrule::RRuleError| bad(Msg::new("invalid-rrule-reason").arg("reason", e.to_string())))?;
    for r in set.get_rrule() {
        if !matches!(
            r.get_freq(),
            rrule::Frequency::Daily | rrule::Frequency::Weekly | rrule::Frequency::Monthly | rrule::Frequency::Yearly
        ) {
            return Err(bad(Msg::new("invalid-rrule-too-often")));
        }
    }
    let until = to_chrono(span.end.next_day().unwrap_or(span.end));
    let result = set.before(until).all(MAX_REPORTS + 1);
    if result.dates.len() > MAX_REPORTS as usize {
        return Err(bad(Msg::new("invalid-rrule-too-many").num("max", i64::from(MAX_REPORTS))));
    }
    let days: Vec<Date> = result.dates.iter().filter_map(from_chrono).filter(|d| span.holds(*d)).collect();
    if days.is_empty() {
        return Err(bad(Msg::new("invalid-rrule-never").arg("start", span.start).arg("end", span.end)));
    }
    Ok(days)
}

/// Whether a rule reads and falls due within a year: what a plan's or a
/// track's default schedule must do.
pub fn check_rule(rule: &str) -> Result<(), ParseError> {
    let year = Span {
        start: Date::from_calendar_date(2026, time::Month::January, 1).unwrap_or(Date::MIN),
        end: Date::from_calendar_date(2026, time::Month::December, 31).unwrap_or(Date::MIN),
    };
    due_dates(rule, year).map(drop)
}

fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

fn to_chrono(d: Date) -> chrono::DateTime<rrule::Tz> {
    use chrono::TimeZone;
    rrule::Tz::UTC
        .with_ymd_and_hms(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()), 0, 0, 0)
        .single()
        .unwrap_or_else(|| rrule::Tz::UTC.timestamp_opt(0, 0).unwrap())
}

fn from_chrono(dt: &chrono::DateTime<rrule::Tz>) -> Option<Date> {
    use chrono::Datelike;
    let month = time::Month::try_from(u8::try_from(dt.month()).ok()?).ok()?;
    Date::from_calendar_date(dt.year(), month, u8::try_from(dt.day()).ok()?).ok()
}

/// A measurement of an indicator as a report records it: the value, the
/// day it was measured (within the deployment, not after today) and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub value: f64,
    pub measured_on: Date,
    pub method: String,
}

impl Measurement {
    pub fn parse(
        value: f64,
        measured_on: &str,
        method: &str,
        span: Span,
        today: Date,
    ) -> Result<Measurement, ParseError> {
        if !value.is_finite() {
            return Err(ParseError::invalid("value", Msg::new("invalid-not-finite")));
        }
        let measured_on = day("measured_on", measured_on)?;
        if !span.holds(measured_on) || measured_on > today {
            return Err(ParseError::invalid(
                "measured_on",
                Msg::new("invalid-measured-on").arg("start", span.start).arg("end", span.end.min(today)),
            ));
        }
        let method = method.trim();
        if method.is_empty() {
            return Err(ParseError::invalid("method", Msg::new("invalid-required")));
        }
        if method.chars().count() > 200 || method.chars().any(char::is_control) {
            return Err(ParseError::invalid("method", Msg::new("invalid-text-max").num("max", 200)));
        }
        Ok(Measurement { value, measured_on, method: method.to_owned() })
    }
}

/// A report's due days that have passed without an approved or submitted
/// report, as of `today` (a report is overdue the day after it falls due).
pub fn overdue<'a>(due: &'a [Date], filed: &[Date], today: Date) -> impl Iterator<Item = &'a Date> + 'a {
    let filed: Vec<Date> = filed.to_vec();
    due.iter().filter(move |d| **d < today && !filed.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn span() -> Span {
        Span::parse("2026-01-15", "2026-12-31").unwrap()
    }

    #[test]
    fn a_deployments_days_are_in_order_and_bounded() {
        assert_eq!(Span::parse("2026-02-01", "2026-01-01").unwrap_err().field(), "end");
        assert_eq!(Span::parse("2026-02-30", "2026-03-01").unwrap_err().field(), "start");
        assert_eq!(Span::parse("2026-01-01", "2030-01-01").unwrap_err().field(), "end");
        let s = span();
        assert_eq!(s.status_on(date!(2026 - 01 - 14)), DeploymentStatus::Planned);
        assert_eq!(s.status_on(date!(2026 - 12 - 31)), DeploymentStatus::Active);
        assert_eq!(s.status_on(date!(2027 - 01 - 01)), DeploymentStatus::Ended);
    }

    #[test]
    fn an_extension_goes_later_and_an_early_end_falls_within_with_a_reason() {
        let s = span();
        assert_eq!(s.extended("2027-03-31").unwrap().end, date!(2027 - 03 - 31));
        assert_eq!(s.extended("2026-12-31").unwrap_err().field(), "end");
        let today = date!(2026 - 06 - 01);
        let (ended, reason) = s.ended_early("2026-06-30", " recalled ", today).unwrap();
        assert_eq!((ended.end, reason.as_str()), (date!(2026 - 06 - 30), "recalled"));
        assert_eq!(s.ended_early("2026-06-30", " ", today).unwrap_err().field(), "reason");
        assert_eq!(s.ended_early("2027-01-30", "x", today).unwrap_err().field(), "end");
        assert_eq!(s.ended_early("2026-03-01", "x", today).unwrap_err().field(), "end", "not back in time");
    }

    #[test]
    fn a_monthly_rule_falls_due_within_the_deployment() {
        let days = due_dates("FREQ=MONTHLY", span()).unwrap();
        assert_eq!(days.len(), 12);
        assert_eq!(days[0], date!(2026 - 01 - 15));
        assert_eq!(days[11], date!(2026 - 12 - 15));
        let days = due_dates("RRULE:FREQ=MONTHLY;BYMONTHDAY=-1", span()).unwrap();
        assert_eq!(days.first(), Some(&date!(2026 - 01 - 31)));
        assert_eq!(days.last(), Some(&date!(2026 - 12 - 31)));
    }

    #[test]
    fn a_rule_that_never_fires_too_often_or_unread_is_refused_naming_the_field() {
        for bad in [
            "",
            "FREQ=FORTNIGHTLY",
            "FREQ=HOURLY",
            "FREQ=SECONDLY;INTERVAL=1",
            "FREQ=DAILY;COUNT=0",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY\nDTSTART:19000101T000000Z",
            "FREQ=DAILY;UNTIL=20250101T000000Z",
        ] {
            let e = due_dates(bad, span()).unwrap_err();
            assert_eq!(e.field(), "report_rule", "{bad:?}");
        }
        let e = due_dates("FREQ=DAILY", Span::parse("2026-01-01", "2026-12-31").unwrap()).unwrap_err();
        assert_eq!(e.message().key(), "invalid-rrule-too-many");
    }

    #[test]
    fn a_report_moves_by_its_steps_only() {
        use ReportStatus as S;
        use ReportStep as T;
        assert_eq!(report_transition(S::Draft, T::Submit), Some(S::Submitted));
        assert_eq!(report_transition(S::Returned, T::Submit), Some(S::Submitted));
        assert_eq!(report_transition(S::Submitted, T::Return), Some(S::Returned));
        assert_eq!(report_transition(S::Submitted, T::Approve), Some(S::Approved));
        for s in ReportStatus::ALL {
            for t in ReportStep::ALL {
                let allowed = report_transition(*s, *t).is_some();
                let expect =
                    matches!((s, t), (S::Draft | S::Returned, T::Submit) | (S::Submitted, T::Return | T::Approve));
                assert_eq!(allowed, expect, "{s:?} {t:?}");
            }
        }
        assert!(editable(S::Returned) && !editable(S::Submitted) && !editable(S::Approved));
    }

    #[test]
    fn a_measurement_is_finite_within_the_deployment_and_not_in_the_future() {
        let today = date!(2026 - 06 - 01);
        assert!(Measurement::parse(3.5, "2026-05-31", "count of records", span(), today).is_ok());
        assert_eq!(Measurement::parse(f64::NAN, "2026-05-31", "m", span(), today).unwrap_err().field(), "value");
        assert_eq!(Measurement::parse(1.0, "2026-06-02", "m", span(), today).unwrap_err().field(), "measured_on");
        assert_eq!(Measurement::parse(1.0, "2025-06-02", "m", span(), today).unwrap_err().field(), "measured_on");
        assert_eq!(Measurement::parse(1.0, "2026-05-02", " ", span(), today).unwrap_err().field(), "method");
    }

    #[test]
    fn overdue_reports_are_the_past_due_days_without_a_report() {
        let due = [date!(2026 - 01 - 15), date!(2026 - 02 - 15), date!(2026 - 03 - 15)];
        let late: Vec<_> = overdue(&due, &[date!(2026 - 01 - 15)], date!(2026 - 03 - 15)).collect();
        assert_eq!(late, [&date!(2026 - 02 - 15)]);
    }
}
