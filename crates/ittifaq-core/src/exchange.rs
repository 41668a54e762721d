//! The rules of the exchange, as pure code: where a nomination and a session
//! stand, the steps that move them, and which move is allowed from where.
//! The store loads, checks here, writes and audits; the pages name each
//! status and step through its Fluent key.

use crate::code_enum;

code_enum! {
    /// Where a nomination stands.
    pub enum NominationStatus: "nomination_status" {
        /// Put forward by the sending party; its first key is awaited.
        Nominated = "nominated",
        /// The sending party's key is turned; the host's is awaited.
        Approved = "approved",
        /// The host's key is turned: the nominee holds a seat.
        Accepted = "accepted",
        /// Both keys, but no seat free yet.
        Waitlisted = "waitlisted",
        Withdrawn = "withdrawn",
        /// Ended with its session.
        Cancelled = "cancelled",
        Completed = "completed",
        Failed = "failed",
    }
}

code_enum! {
    /// A step of a nomination's history. A vetting check is recorded as
    /// [`vetting_step`] instead, naming the check and its outcome.
    pub enum Step: "step" {
        Nominate = "nominate",
        Approve = "approve",
        Accept = "accept",
        Waitlist = "waitlist",
        /// A freed seat goes to the first of the waiting list.
        Promote = "promote",
        Withdraw = "withdraw",
        /// The nominee is withdrawn for another person of the same party.
        Replace = "replace",
        /// The session was cancelled.
        Cancel = "cancel",
        Order = "order",
        Arrive = "arrive",
        Depart = "depart",
        Complete = "completed",
        Fail = "failed",
        Certify = "certify",
    }
}

code_enum! {
    /// Where a session stands.
    pub enum SessionStatus: "session_status" {
        Planned = "planned",
        Open = "open",
        Confirmed = "confirmed",
        Running = "running",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

code_enum! {
    /// The outcome of a vetting check.
    pub enum VettingOutcome: "vetting_outcome" {
        Passed = "passed",
        Failed = "failed",
    }
}

code_enum! {
    /// Where a vetting check of a nomination stands: its last recorded
    /// outcome, or pending while nothing is recorded.
    pub enum CheckState: "outcome" {
        Pending = "pending",
        Passed = "passed",
        Failed = "failed",
    }
}

impl From<VettingOutcome> for CheckState {
    fn from(o: VettingOutcome) -> CheckState {
        match o {
            VettingOutcome::Passed => CheckState::Passed,
            VettingOutcome::Failed => CheckState::Failed,
        }
    }
}

code_enum! {
    /// How a trainee's course ended.
    pub enum Outcome: "outcome" {
        Completed = "completed",
        Failed = "failed",
    }
}

code_enum! {
    /// A day's attendance mark.
    pub enum Mark: "mark" {
        Present = "present",
        Absent = "absent",
        Excused = "excused",
    }
}

use NominationStatus as N;

/// Statuses that hold or claim a place (and keep the person from being
/// nominated again for the same session).
pub const ACTIVE: [NominationStatus; 4] = [N::Nominated, N::Approved, N::Accepted, N::Waitlisted];
/// Statuses that hold a seat of the session: accepted, and after the course its result.
pub const SEATED: [NominationStatus; 3] = [N::Accepted, N::Completed, N::Failed];
/// Statuses whose people count against a session's capacity once both keys are turned.
pub const KEYED: [NominationStatus; 3] = [N::Approved, N::Accepted, N::Waitlisted];

/// The codes of [`ACTIVE`], for a query's `IN`.
pub const ACTIVE_CODES: [&str; 4] = [N::Nominated.code(), N::Approved.code(), N::Accepted.code(), N::Waitlisted.code()];
/// The codes of [`SEATED`], for a query's `IN`.
pub const SEATED_CODES: [&str; 3] = [N::Accepted.code(), N::Completed.code(), N::Failed.code()];
/// The codes of [`KEYED`], for a query's `IN`.
pub const KEYED_CODES: [&str; 3] = [N::Approved.code(), N::Accepted.code(), N::Waitlisted.code()];

impl Step {
    /// Whether the step moves the nomination (its history records where it
    /// stood before); an order, an arrival, a departure and a certificate
    /// only record.
    pub fn moves(self) -> bool {
        !matches!(self, Step::Order | Step::Arrive | Step::Depart | Step::Certify)
    }
}

impl NominationStatus {
    pub fn is_active(self) -> bool {
        ACTIVE.contains(&self)
    }

    pub fn is_seated(self) -> bool {
        SEATED.contains(&self)
    }
}

/// Where `step` takes a nomination that stands at `from`, or `None` when the
/// step is not allowed from there. Steps that record without moving
/// (an order, an arrival, a certificate) keep the status they require.
pub fn transition(from: NominationStatus, step: Step) -> Option<NominationStatus> {
    use Step as S;
    match (from, step) {
        (N::Nominated, S::Approve) => Some(N::Approved),
        (N::Approved, S::Accept) => Some(N::Accepted),
        (N::Approved | N::Waitlisted, S::Waitlist) => Some(N::Waitlisted),
        (N::Waitlisted, S::Promote) => Some(N::Accepted),
        (f, S::Withdraw | S::Replace) if f.is_active() => Some(N::Withdrawn),
        (f, S::Cancel) if f.is_active() => Some(N::Cancelled),
        (N::Accepted, S::Order | S::Arrive | S::Depart) => Some(N::Accepted),
        (N::Accepted, S::Complete) => Some(N::Completed),
        (N::Accepted, S::Fail) => Some(N::Failed),
        (N::Completed, S::Certify) => Some(N::Completed),
        _ => None,
    }
}

/// The step a result records.
pub fn result_step(outcome: Outcome) -> Step {
    match outcome {
        Outcome::Completed => Step::Complete,
        Outcome::Failed => Step::Fail,
    }
}

/// The history's record of a vetting check: `vetting:<check>:<outcome>`.
pub fn vetting_step(check: &str, outcome: VettingOutcome) -> String {
    format!("vetting:{check}:{outcome}")
}

/// The check and outcome of a [`vetting_step`] record; `None` for any other step.
pub fn vetting_of(step: &str) -> Option<(&str, VettingOutcome)> {
    let (check, outcome) = step.strip_prefix("vetting:")?.rsplit_once(':')?;
    Some((check, VettingOutcome::parse(outcome).ok()?))
}

/// Whether a session may move from `from` to `to`: forward one stage at a
/// time (an open session back to planned, too), or cancelled before it runs.
pub fn session_transition(from: SessionStatus, to: SessionStatus) -> bool {
    use SessionStatus as S;
    matches!(
        (from, to),
        (S::Planned, S::Open)
            | (S::Open, S::Planned)
            | (S::Open, S::Confirmed)
            | (S::Confirmed, S::Running)
            | (S::Running, S::Completed)
            | (S::Planned | S::Open | S::Confirmed, S::Cancelled)
    )
}

/// Whether attendance is taken in a session that stands at `status`.
pub fn takes_attendance(status: SessionStatus) -> bool {
    matches!(status, SessionStatus::Confirmed | SessionStatus::Running | SessionStatus::Completed)
}

/// Whether results are recorded in a session that stands at `status`.
pub fn takes_results(status: SessionStatus) -> bool {
    matches!(status, SessionStatus::Running | SessionStatus::Completed)
}

/// A session as eligibility sees it: its days, `YYYY-MM-DD`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'a> {
    pub id: i64,
    pub code: &'a str,
    pub start: &'a str,
    pub end: &'a str,
}

impl Span<'_> {
    /// Whether the two share a day.
    pub fn overlaps(&self, other: &Span<'_>) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// A unit's cap on its people away at once, and the sessions its other
/// people hold seats in.
#[derive(Debug, Clone, Copy)]
pub struct UnitAway<'a> {
    pub code: &'a str,
    pub cap: i32,
    pub away: &'a [Span<'a>],
}

/// What eligibility needs of a person, a course and a session, loaded by
/// the store.
#[derive(Debug, Clone, Copy)]
pub struct EligibilityFacts<'a> {
    pub rank: Option<crate::Rank>,
    pub min_rank: Option<crate::Rank>,
    pub max_rank: Option<crate::Rank>,
    pub languages: &'a [String],
    pub course_language: &'a str,
    pub held: &'a [String],
    pub requires: &'a [String],
    pub session: Span<'a>,
    /// The sessions the person is already committed to (approved, accepted or waitlisted).
    pub committed: &'a [Span<'a>],
    pub unit: Option<UnitAway<'a>>,
}

/// A rule of eligibility a nomination breaks, with what it needs to be said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ineligible {
    RankBelow { rank: crate::Rank, min: crate::Rank },
    RankAbove { rank: crate::Rank, max: crate::Rank },
    Language { course: String, spoken: Vec<String> },
    Prerequisite { qualification: String },
    Overlap { session: String, start: String, end: String },
    UnitCap { unit: String, cap: i32 },
}

impl Ineligible {
    /// The broken rule as the user is told it.
    pub fn msg(&self) -> crate::Msg {
        use crate::Msg;
        match self {
            Ineligible::RankBelow { rank, min } => Msg::new("ineligible-rank-below").arg("rank", rank).arg("min", min),
            Ineligible::RankAbove { rank, max } => Msg::new("ineligible-rank-above").arg("rank", rank).arg("max", max),
            Ineligible::Language { course, spoken } => {
                Msg::new("ineligible-language").arg("course", course).arg("spoken", spoken.join(", "))
            }
            Ineligible::Prerequisite { qualification } => {
                Msg::new("ineligible-prerequisite").arg("qualification", qualification)
            }
            Ineligible::Overlap { session, start, end } => {
                Msg::new("ineligible-overlap").arg("session", session).arg("start", start).arg("end", end)
            }
            Ineligible::UnitCap { unit, cap } => {
                Msg::new("ineligible-unit-cap").arg("unit", unit).num("cap", i64::from(*cap))
            }
        }
    }
}

/// English.
impl std::fmt::Display for Ineligible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.msg().fmt(f)
    }
}

/// Every rule of eligibility the facts break, in a fixed order: rank,
/// language, prerequisites, overlapping commitments, the unit's cap on the
/// busiest day of the session. Empty: eligible.
pub fn eligibility(f: &EligibilityFacts<'_>) -> Vec<Ineligible> {
    let mut failed = Vec::new();
    if let (Some(rank), Some(min)) = (f.rank, f.min_rank)
        && rank < min
    {
        failed.push(Ineligible::RankBelow { rank, min });
    }
    if let (Some(rank), Some(max)) = (f.rank, f.max_rank)
        && rank > max
    {
        failed.push(Ineligible::RankAbove { rank, max });
    }
    if !f.languages.iter().any(|l| l == f.course_language) {
        failed.push(Ineligible::Language { course: f.course_language.to_owned(), spoken: f.languages.to_vec() });
    }
    for q in f.requires {
        if !f.held.contains(q) {
            failed.push(Ineligible::Prerequisite { qualification: q.clone() });
        }
    }
    for other in f.committed {
        if other.id != f.session.id && other.overlaps(&f.session) {
            failed.push(Ineligible::Overlap {
                session: other.code.to_owned(),
                start: other.start.to_owned(),
                end: other.end.to_owned(),
            });
        }
    }
    if let Some(unit) = f.unit {
        let away: Vec<&Span<'_>> = unit.away.iter().filter(|o| o.overlaps(&f.session)).collect();
        // The busiest day of the session: members away on each overlapping start day.
        let mut days: Vec<&str> = away.iter().map(|o| o.start.max(f.session.start)).collect();
        days.push(f.session.start);
        let busiest =
            days.iter().map(|d| away.iter().filter(|o| o.start <= *d && *d <= o.end).count()).max().unwrap_or(0);
        if busiest as i64 >= i64::from(unit.cap) {
            failed.push(Ineligible::UnitCap { unit: unit.code.to_owned(), cap: unit.cap });
        }
    }
    failed
}

/// Which sessions of the catalog a listing shows: words found in the
/// session's or its course's code or title, a status, a training domain, a
/// host party, and a period the session overlaps. Read from a query's text
/// fields by [`SessionFilter::parse`], which names the field at fault.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Lower-case words, each of which must be found.
    pub words: Vec<String>,
    pub status: Option<SessionStatus>,
    pub domain: Option<String>,
    pub host: Option<String>,
    /// The first day of the period, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// The last day of the period, included.
    pub to: Option<String>,
}

/// The text fields a listing's filter form sends.
#[derive(Debug, Clone, Default)]
pub struct SessionFilterText<'a> {
    pub q: &'a str,
    pub status: &'a str,
    pub domain: &'a str,
    pub host: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

/// Most words a search takes.
pub const MAX_SEARCH_WORDS: usize = 8;

impl SessionFilter {
    pub fn parse(t: &SessionFilterText<'_>) -> Result<SessionFilter, crate::ParseError> {
        let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let words = search_words(t.q)?;
        let status = some(t.status).map(|s| SessionStatus::parse(&s)).transpose()?;
        let day = |field: &'static str, v: &str| -> Result<Option<time::Date>, crate::ParseError> {
            let Some(v) = some(v) else { return Ok(None) };
            time::Date::parse(&v, &time::format_description::well_known::Iso8601::DATE)
                .map(Some)
                .map_err(|_| crate::ParseError::invalid(field, crate::Msg::new("invalid-date").arg("text", v)))
        };
        let (from, to) = (day("from", t.from)?, day("to", t.to)?);
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(crate::ParseError::invalid(
                "to",
                crate::Msg::new("invalid-period-ends-before").arg("from", f).arg("to", t),
            ));
        }
        Ok(SessionFilter {
            words,
            status,
            domain: some(t.domain),
            host: some(t.host).map(|h| h.to_uppercase()),
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
        })
    }

    /// Whether it lets every session through.
    pub fn is_empty(&self) -> bool {
        *self == SessionFilter::default()
    }
}

/// The words of a search, lower case; more than [`MAX_SEARCH_WORDS`] or
/// longer than 100 characters is refused.
pub fn search_words(q: &str) -> Result<Vec<String>, crate::ParseError> {
    let q = q.trim();
    if q.chars().count() > 100 {
        return Err(crate::ParseError::invalid("q", crate::Msg::new("invalid-search-too-long").num("max", 100)));
    }
    let words: Vec<String> = q.to_lowercase().split_whitespace().map(str::to_owned).collect();
    if words.len() > MAX_SEARCH_WORDS {
        return Err(crate::ParseError::invalid(
            "q",
            crate::Msg::new("invalid-search-words").num("max", MAX_SEARCH_WORDS as i64),
        ));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_session_filter_names_the_field_at_fault() {
        let text = |q, status, from, to| SessionFilterText { q, status, from, to, ..Default::default() };
        let f = SessionFilter::parse(&text(" Mountain  EOD ", "open", "2026-01-01", "2026-12-31")).unwrap();
        assert_eq!(f.words, ["mountain", "eod"]);
        assert_eq!(f.status, Some(SessionStatus::Open));
        assert!(SessionFilter::parse(&SessionFilterText::default()).unwrap().is_empty());
        for (t, field) in [
            (text("", "lost", "", ""), "session_status"),
            (text("", "", "2026-13-01", ""), "from"),
            (text("", "", "2026-02-01", "2026-01-31"), "to"),
            (text("a b c d e f g h i", "", "", ""), "q"),
        ] {
            assert_eq!(SessionFilter::parse(&t).unwrap_err().field(), field);
        }
    }

    use super::*;

    #[test]
    fn every_code_parses_back_and_nothing_else_does() {
        for s in NominationStatus::ALL {
            assert_eq!(NominationStatus::parse(s.code()), Ok(*s));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Ok(*s));
        }
        assert!(Step::parse("aprove").is_err(), "a misspelt step is no step");
        assert!(NominationStatus::parse("Approved").is_err());
    }

    #[test]
    fn a_vetting_record_reads_back_as_its_check_and_outcome() {
        let record = vetting_step("security", VettingOutcome::Failed);
        assert_eq!(vetting_of(&record), Some(("security", VettingOutcome::Failed)));
        assert_eq!(vetting_of("approve"), None);
        assert_eq!(vetting_of("vetting:security:maybe"), None);
    }

    #[test]
    fn the_code_lists_are_the_status_lists() {
        assert_eq!(ACTIVE_CODES, ACTIVE.map(NominationStatus::code));
        assert_eq!(SEATED_CODES, SEATED.map(NominationStatus::code));
        assert_eq!(KEYED_CODES, KEYED.map(NominationStatus::code));
    }

    #[test]
    fn the_two_keys_turn_in_order_and_end_states_do_not_move() {
        assert_eq!(transition(N::Nominated, Step::Approve), Some(N::Approved));
        assert_eq!(transition(N::Nominated, Step::Accept), None, "the host's key before the sender's");
        assert_eq!(transition(N::Approved, Step::Accept), Some(N::Accepted));
        assert_eq!(transition(N::Accepted, Step::Approve), None);
        for end in [N::Withdrawn, N::Cancelled, N::Completed, N::Failed] {
            for step in [Step::Approve, Step::Accept, Step::Withdraw, Step::Cancel, Step::Promote] {
                assert_eq!(transition(end, step), None, "{end} {step}");
            }
        }
    }

    #[test]
    fn only_an_accepted_nomination_travels_and_only_a_completed_one_is_certified() {
        for from in NominationStatus::ALL.iter().copied() {
            assert_eq!(transition(from, Step::Order).is_some(), from == N::Accepted, "{from}");
            assert_eq!(transition(from, Step::Certify).is_some(), from == N::Completed, "{from}");
        }
    }

    fn facts<'a>(committed: &'a [Span<'a>], unit: Option<UnitAway<'a>>) -> EligibilityFacts<'a> {
        const EN: &[String] = &[];
        EligibilityFacts {
            rank: crate::Rank::parse("OR-5").ok(),
            min_rank: crate::Rank::parse("OR-6").ok(),
            max_rank: None,
            languages: EN,
            course_language: "en",
            held: EN,
            requires: EN,
            session: Span { id: 1, code: "S1", start: "2027-03-01", end: "2027-03-05" },
            committed,
            unit,
        }
    }

    #[test]
    fn eligibility_names_every_rule_broken_at_once() {
        let other = [Span { id: 2, code: "S2", start: "2027-03-05", end: "2027-03-09" }];
        let away = [
            Span { id: 3, code: "S3", start: "2027-02-27", end: "2027-03-02" },
            Span { id: 4, code: "S4", start: "2027-03-02", end: "2027-03-03" },
        ];
        let failed = eligibility(&facts(&other, Some(UnitAway { code: "U1", cap: 2, away: &away })));
        let kinds: Vec<String> = failed.iter().map(|f| f.to_string().split(':').next().unwrap().to_owned()).collect();
        assert_eq!(kinds, ["rank", "language", "overlap", "unit cap"]);
        // Two away on 2 March with a cap of 3: room for one more.
        assert_eq!(eligibility(&facts(&[], Some(UnitAway { code: "U1", cap: 3, away: &away }))).len(), 2);
        // The session itself is no overlap.
        let itself = [Span { id: 1, code: "S1", start: "2027-03-01", end: "2027-03-05" }];
        assert!(!eligibility(&facts(&itself, None)).iter().any(|f| matches!(f, Ineligible::Overlap { .. })));
    }

    #[test]
    fn a_session_moves_forward_one_stage_or_is_cancelled_before_it_runs() {
        use SessionStatus as S;
        assert!(session_transition(S::Planned, S::Open));
        assert!(!session_transition(S::Planned, S::Running));
        assert!(session_transition(S::Confirmed, S::Cancelled));
        assert!(!session_transition(S::Running, S::Cancelled));
        assert!(!session_transition(S::Completed, S::Running));
    }
}
