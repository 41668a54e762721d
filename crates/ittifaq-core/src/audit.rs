//! The audit record's vocabulary: what was done, to which kind of record.
//! A nomination's steps are recorded under their own codes
//! ([`crate::exchange::Step`]); everything else under an [`Action`].

use crate::code_enum;

code_enum! {
    /// What an audit row records was done.
    pub enum Action: "audit_action" {
        Create = "create",
        Update = "update",
        Archive = "archive",
        /// A session moved to another status.
        Status = "status",
        /// An account linked to its person in the registry.
        Link = "link",
        /// A commander's unit set.
        SetUnit = "set_unit",
        UnlockSignIn = "unlock_sign_in",
        EnableTotp = "enable_totp",
        DisableTotp = "disable_totp",
        CreateCalendarFeed = "create_calendar_feed",
        AssignInstructor = "assign_instructor",
        ReleaseInstructor = "release_instructor",
        /// The e-mail address of an account set.
        Email = "email",
        /// The agreement loaded.
        Load = "load",
        /// A qualification granted by a completed course.
        Qualify = "qualify",
        Assess = "assess",
        Attendance = "attendance",
        Evaluate = "evaluate",
        Issue = "issue",
        Revoke = "revoke",
        RequestSeal = "request_seal",
        RegisterWitnessKey = "register_witness_key",
        Declare = "declare",
        Confirm = "confirm",
        Amend = "amend",
        Cancel = "cancel",
        /// An allocation run, and a run resolved from another.
        Run = "run",
        Resolve = "resolve",
        /// A party's key on a run, and the plan applied once both turned.
        Commit = "commit",
        Committed = "committed",
        Agree = "agree",
        /// A deployment's last day moved later, or earlier (an early end).
        Extend = "extend",
        EndEarly = "end_early",
        /// A report's review: submitted, returned with a comment, approved.
        Submit = "submit",
        Return = "return",
        Approve = "approve",
        /// A party's contest of a measurement.
        Contest = "contest",
        /// A plan's report schedule set.
        Schedule = "schedule",
        /// A vetting check recorded for an advisor's deployment.
        Vet = "vet",
        /// A stage's deadline set; a verified count; a self-reported figure.
        Deadline = "deadline",
        Verify = "verify",
        Report = "report",
        /// A roster imported; a candidate's leaving for reintegration.
        Import = "import",
        Reintegrate = "reintegrate",
        HotlineSend = "hotline-send",
        HotlineAck = "hotline-ack",
        HotlineEscalate = "hotline-escalate",
        HotlineRoster = "hotline-roster",
    }
}

code_enum! {
    /// The kind of record an audit row is about.
    pub enum ObjectKind: "object_kind" {
        Agreement = "agreement",
        AllocationRun = "allocation_run",
        Certificate = "certificate",
        TravelOrder = "travel_order",
        Course = "course",
        Declaration = "declaration",
        EngagementPlan = "engagement_plan",
        Formation = "formation",
        Candidate = "candidate",
        TargetUnit = "target_unit",
        Deployment = "deployment",
        AdvisorReport = "advisor_report",
        Measurement = "measurement",
        HotlineMessage = "hotline_message",
        HotlineRoster = "hotline_roster",
        Institution = "institution",
        Nomination = "nomination",
        Person = "person",
        SealRequest = "seal_request",
        Session = "session",
        Unit = "unit",
        User = "user",
        WitnessKey = "witness_key",
    }
}
