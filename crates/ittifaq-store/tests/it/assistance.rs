//! Technical assistance on both backends: an engagement plan written by the
//! advising party for the other party's institution, refused activation
//! naming every missing element (both parties' keys on one version of its
//! substance among them), completed and activated; bad input named
//! by its field with nothing stored; only the advising party writes, and
//! only a draft; both parties read; every step audited.

use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::id::PlanId;
use ittifaq_store::assistance::{
    BaselineInput, IndicatorInput, MilestoneInput, ObjectiveInput, PlanInput, TargetInput,
};
use ittifaq_store::audit_view::AuditFilter;
use ittifaq_store::vetting::VettingInput;
use ittifaq_store::{Store, StoreError};

use crate::support::{actor, databases};

fn names(en: &str) -> Names {
    Names { en: en.into(), tr: format!("{en} (tr)"), ar: format!("{en} (ar)") }
}

async fn partner_institution(s: &Store) -> i64 {
    s.list_institutions().await.unwrap().into_iter().find(|i| i.party == "SY").expect("an SY institution").id
}

fn plan(institution_id: i64) -> PlanInput {
    PlanInput {
        code: "TA-LOG-1".into(),
        track: "military_systems".into(),
        institution_id,
        title: names("Logistics management system rollout"),
        absorptive_capacity: String::new(),
        sustainment: String::new(),
    }
}

fn indicator(objective: &str, code: &str, baseline: Option<BaselineInput>) -> IndicatorInput {
    IndicatorInput {
        objective: objective.into(),
        code: code.into(),
        name: names("Depots reporting stock weekly"),
        unit: "%".into(),
        direction: "increase".into(),
        measured_by: "SY".into(),
        kind: None,
        baseline,
    }
}

fn baseline() -> BaselineInput {
    BaselineInput {
        value: 12.0,
        date: "2026-01-15".into(),
        source: "Logistics directorate returns".into(),
        method: "Count of weekly reports received".into(),
    }
}

fn invalid_field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("expected an invalid field, got {other}"),
    }
}

#[tokio::test]
async fn a_plan_is_activated_only_when_nothing_is_missing_and_then_is_no_longer_written() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let inst = partner_institution(s).await;
        let p = s.create_plan(&tr, &plan(inst)).await.unwrap();
        let id = p.id;
        assert_eq!((p.status.as_str(), p.advising_party.as_str(), p.partner_party.as_str()), ("draft", "TR", "SY"));

        // An empty plan: every missing element at once.
        let refused = s.activate_plan(&tr, id).await.unwrap_err();
        let said = match &refused {
            StoreError::Conflict(m) => ittifaq_core::i18n::strip_isolation(&m.in_lang(ittifaq_core::Lang::En)),
            other => panic!("{}: {other}", db.label),
        };
        for part in ["no objective", "no milestone", "absorptive capacity", "sustainment"] {
            assert!(said.contains(part), "{}: {said}", db.label);
        }

        s.add_objective(&tr, id, &ObjectiveInput { code: "O1".into(), title: names("Stock visible") }).await.unwrap();
        s.add_objective(&tr, id, &ObjectiveInput { code: "O2".into(), title: names("Trained operators") })
            .await
            .unwrap();
        s.add_indicator(&tr, id, &indicator("O1", "O1.1", None)).await.unwrap();
        let said = format!("{}", s.activate_plan(&tr, id).await.unwrap_err());
        for part in ["O1.1 has no baseline", "O1.1 has no target", "O2 has no indicator"] {
            assert!(said.contains(part), "{}: {said}", db.label);
        }

        // Bad input is named by its field; nothing is stored.
        let bad_target = TargetInput { indicator: "O1.1".into(), period_end: "".into(), value: 50.0 };
        assert_eq!(invalid_field(s.set_target(&tr, id, &bad_target).await.unwrap_err()), "period_end");
        let ghost = TargetInput { indicator: "O9.9".into(), period_end: "2026-06-30".into(), value: 50.0 };
        assert_eq!(invalid_field(s.set_target(&tr, id, &ghost).await.unwrap_err()), "indicator");
        let mut reversed = baseline();
        reversed.date = "2026-13-01".into();
        assert_eq!(invalid_field(s.set_baseline(&tr, id, "O1.1", &reversed).await.unwrap_err()), "baseline.date");
        let mut third = indicator("O2", "O2.1", Some(baseline()));
        third.measured_by = "IQ".into();
        assert_eq!(invalid_field(s.add_indicator(&tr, id, &third).await.unwrap_err()), "measured_by");
        let milestone = |due: &str| MilestoneInput {
            code: "M1".into(),
            title: names("System live in two depots"),
            due: due.into(),
            owner: "SY".into(),
            evidence: "Signed acceptance by the depot commanders".into(),
        };
        assert_eq!(invalid_field(s.add_milestone(&tr, id, &milestone("soon")).await.unwrap_err()), "due");
        let view = s.get_plan(&sy, id).await.unwrap();
        assert!(view.milestones.is_empty() && view.objectives[1].indicators.is_empty(), "{}: nothing stored", db.label);

        // The other party reads but does not write.
        assert!(matches!(
            s.add_milestone(&sy, id, &milestone("2026-09-30")).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));

        s.set_baseline(&tr, id, "O1.1", &baseline()).await.unwrap();
        let target = |period: &str, value| TargetInput { indicator: "O1.1".into(), period_end: period.into(), value };
        s.set_target(&tr, id, &target("2026-06-30", 40.0)).await.unwrap();
        s.set_target(&tr, id, &target("2026-06-30", 45.0)).await.unwrap();
        s.set_target(&tr, id, &target("2026-12-31", 80.0)).await.unwrap();
        s.add_indicator(&tr, id, &indicator("O2", "O2.1", Some(baseline()))).await.unwrap();
        s.set_target(&tr, id, &TargetInput { indicator: "O2.1".into(), period_end: "2026-12-31".into(), value: 30.0 })
            .await
            .unwrap();
        s.add_milestone(&tr, id, &milestone("2026-09-30")).await.unwrap();
        s.set_plan_statements(
            &tr,
            id,
            "Two officers per depot can run it.",
            "The partner's budget carries the licences.",
        )
        .await
        .unwrap();
        // Both parties' keys on one version of the substance.
        let said = format!("{}", s.activate_plan(&tr, id).await.unwrap_err());
        assert!(said.contains("TR has not agreed") && said.contains("SY has not agreed"), "{}: {said}", db.label);
        let first = s.agree_plan(&tr, id).await.unwrap();
        assert!(!first.agreed);
        assert!(matches!(s.agree_plan(&tr, id).await.unwrap_err(), StoreError::Conflict(_)), "one key a version");
        let both = s.agree_plan(&sy, id).await.unwrap();
        assert!(both.agreed, "{}", db.label);
        // A change makes a new version: both keys are needed again.
        s.set_target(&tr, id, &target("2026-12-31", 85.0)).await.unwrap();
        let changed = s.get_plan(&sy, id).await.unwrap();
        assert!(!changed.agreed && changed.version != both.version, "{}", db.label);
        let said = format!("{}", s.activate_plan(&tr, id).await.unwrap_err());
        assert!(said.contains("TR has not agreed") && said.contains("SY has not agreed"), "{}: {said}", db.label);
        s.agree_plan(&sy, id).await.unwrap();
        s.agree_plan(&tr, id).await.unwrap();
        let active = s.activate_plan(&tr, id).await.unwrap();
        assert_eq!(active.status, "active", "{}", db.label);
        assert_eq!(active.keys.len(), 4, "the keys of both versions stay in the record");
        let o1 = &active.objectives[0].indicators[0];
        assert_eq!(o1.targets.get("2026-06-30"), Some(&45.0), "{}: the same period's target replaced", db.label);
        assert_eq!(o1.targets.len(), 2);
        assert_eq!(o1.targets.get("2026-12-31"), Some(&85.0));
        assert_eq!(o1.baseline.as_ref().map(|b| b.value), Some(12.0));

        // Active: no longer written; activating again is refused.
        assert!(matches!(
            s.add_objective(&tr, id, &ObjectiveInput { code: "O3".into(), title: names("More") }).await.unwrap_err(),
            StoreError::Conflict(_)
        ));
        assert!(matches!(s.activate_plan(&tr, id).await.unwrap_err(), StoreError::Conflict(_)));

        // Every step is in the audit record, readable by both parties.
        let rows = s
            .audit_page(
                &sy,
                &AuditFilter { object_type: Some("engagement_plan".into()), limit: 100, ..Default::default() },
            )
            .await
            .unwrap()
            .items;
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        assert!(actions.contains(&"create") && actions.contains(&"status"), "{}: {actions:?}", db.label);
        // Twelve changes and four keys went through; none of the refused ones left a row.
        assert_eq!(actions.iter().filter(|a| **a == "update").count(), 12, "{}: {actions:?}", db.label);
        assert_eq!(actions.iter().filter(|a| **a == "agree").count(), 4, "{}: {actions:?}", db.label);
        // The history says what a change replaced: the June target went from 40 to 45.
        let own = s
            .audit_page(
                &tr,
                &AuditFilter { object_type: Some("engagement_plan".into()), limit: 100, ..Default::default() },
            )
            .await
            .unwrap()
            .items;
        let replaced = own
            .iter()
            .find(|r| r.after.as_ref().is_some_and(|a| a["period_end"] == "2026-06-30" && a["value"] == 45.0))
            .expect("the replacing target's row");
        assert_eq!(replaced.before.as_ref().map(|b| b["value"].clone()), Some(serde_json::json!(40.0)), "{}", db.label);
    }
}

#[tokio::test]
async fn a_plan_serves_a_track_of_the_agreement_at_the_other_partys_institution() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let inst = partner_institution(s).await;
        let mut p = plan(inst);
        p.track = "space_program".into();
        assert_eq!(invalid_field(s.create_plan(&tr, &p).await.unwrap_err()), "track");
        let own = s.list_institutions().await.unwrap().into_iter().find(|i| i.party == "TR").unwrap().id;
        assert_eq!(invalid_field(s.create_plan(&tr, &plan(own)).await.unwrap_err()), "institution_id");
        assert_eq!(invalid_field(s.create_plan(&tr, &plan(999_999)).await.unwrap_err()), "institution_id");
        s.create_plan(&tr, &plan(inst)).await.unwrap();
        assert!(matches!(s.create_plan(&tr, &plan(inst)).await.unwrap_err(), StoreError::Conflict(_)), "one code");
        assert!(s.list_plans().await.unwrap().len() == 1, "{}", db.label);
        assert!(matches!(s.get_plan(&tr, PlanId(999_999)).await.unwrap_err(), StoreError::NotFound(_)));
    }
}

/// A draft plan of TR for an SY institution with one objective, one indicator
/// (baseline and target) and one milestone.
async fn small_plan(s: &Store, tr: &ittifaq_store::Actor, code: &str) -> PlanId {
    let inst = partner_institution(s).await;
    let mut input = plan(inst);
    input.code = code.into();
    let id = s.create_plan(tr, &input).await.unwrap().id;
    s.add_objective(tr, id, &ObjectiveInput { code: "O1".into(), title: names("Stock visible") }).await.unwrap();
    s.add_indicator(tr, id, &indicator("O1", "O1.1", Some(baseline()))).await.unwrap();
    s.set_target(tr, id, &TargetInput { indicator: "O1.1".into(), period_end: "2026-12-31".into(), value: 80.0 })
        .await
        .unwrap();
    let milestone = MilestoneInput {
        code: "M1".into(),
        title: names("System live in two depots"),
        due: "2026-09-30".into(),
        owner: "SY".into(),
        evidence: "Signed acceptance".into(),
    };
    s.add_milestone(tr, id, &milestone).await.unwrap();
    id
}

/// A TR person with an advisor account linked to them.
async fn advisor(s: &Store, service_number: &str) -> (i64, ittifaq_store::Actor) {
    use ittifaq_core::PartyCode;
    let tr = actor("TR", Role::JointOffice);
    let u = crate::support::unit(s, "TR", &format!("U-{service_number}")).await;
    let p = s.create_person(&tr, &crate::support::person(service_number, u).validate().unwrap()).await.unwrap();
    let name = format!("tr.advisor.{service_number}").to_lowercase();
    let new = ittifaq_store::users::NewUser {
        username: name.clone(),
        display_name: "Advisor".into(),
        password_hash: "x".into(),
        party: PartyCode::parse("TR").unwrap(),
        role: Role::Advisor,
        unit_id: None,
    };
    let user = s.create_user(&ittifaq_store::Actor::system(PartyCode::parse("TR").unwrap()), &new).await.unwrap();
    s.link_user_person(&tr, user.id, p.id.get()).await.unwrap();
    let a = ittifaq_store::Actor {
        user_id: Some(user.id),
        username: name,
        party: PartyCode::parse("TR").unwrap(),
        role: Role::Advisor,
    };
    (p.id.get(), a)
}

/// Each party passes its vetting checks for advisors on the deployment.
async fn clear(s: &Store, id: ittifaq_core::id::DeploymentId) {
    for check in s.get_deployment(&actor("TR", Role::JointOffice), id).await.unwrap().vetting {
        let by = actor(&check.party, Role::JointOffice);
        let input = VettingInput { check: check.code, outcome: "passed".into(), comment: String::new(), level: None };
        s.record_deployment_vetting(&by, id, &input).await.unwrap();
    }
}

/// The test clock's day: 2026-05-28.
const TODAY: &str = "2026-05-28";

#[tokio::test]
async fn an_advisor_reports_monthly_the_partner_returns_and_approves_and_a_contest_keeps_both_values() {
    use ittifaq_core::assistance::advisory::ReportStep;
    use ittifaq_store::assistance::advisory::{
        ContestInput, DeploymentInput, EndInput, MeasurementInput, ProgressInput, ReportInput,
    };
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let plan_id = small_plan(s, &tr, "TA-DEP-1").await;
        let inst = partner_institution(s).await;
        let (person_id, adv) = advisor(s, "TR-ADV-1").await;
        let input = |code: &str, start: &str, end: &str| DeploymentInput {
            code: code.into(),
            person_id,
            institution_id: inst,
            plan_id: Some(plan_id.get()),
            track: None,
            objectives: vec!["O1".into()],
            start: start.into(),
            end: end.into(),
        };

        // Bad input: named by its field, nothing stored.
        let bad = s.create_deployment(&tr, &input("DEP-1", "2026-06-01", "2026-01-01")).await.unwrap_err();
        assert_eq!(invalid_field(bad), "end", "{label}");
        let mut ghost = input("DEP-1", "2026-01-15", "2026-12-31");
        ghost.objectives = vec!["O9".into()];
        assert_eq!(invalid_field(s.create_deployment(&tr, &ghost).await.unwrap_err()), "objectives");
        let mut theirs = input("DEP-1", "2026-01-15", "2026-12-31");
        theirs.person_id = 999_999;
        assert_eq!(invalid_field(s.create_deployment(&tr, &theirs).await.unwrap_err()), "person_id");
        // SY cannot deploy TR's person.
        assert_eq!(
            invalid_field(s.create_deployment(&sy, &input("DEP-1", "2026-01-15", "2026-12-31")).await.unwrap_err()),
            "person_id"
        );
        assert!(s.list_deployments(&tr).await.unwrap().is_empty(), "{label}: nothing stored");

        let d = s.create_deployment(&tr, &input("DEP-1", "2026-01-15", "2026-12-31")).await.unwrap();
        clear(s, d.id).await;
        assert_eq!((d.status.as_str(), d.host_party.as_str(), d.track.as_str()), ("active", "SY", "military_systems"));
        assert_eq!(d.objectives, ["O1"]);
        assert_eq!(d.due.len(), 12, "{label}: monthly from the 15th");
        // Four reports have passed their day with none filed (Jan–Apr 15; May 15 too).
        let overdue: Vec<&str> = d.due.iter().filter(|x| x.overdue).map(|x| x.due_on.as_str()).collect();
        assert_eq!(overdue, ["2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15"], "{label}");

        let report = |due: &str, value: f64| ReportInput {
            due_on: due.into(),
            summary: "Two depots report weekly.".into(),
            notes: "CANARY-working-note".into(),
            notes_released: false,
            progress: vec![ProgressInput { milestone: "M1".into(), progress: "underway".into(), note: String::new() }],
            measurements: vec![MeasurementInput {
                indicator: "O1.1".into(),
                value,
                measured_on: "2026-05-10".into(),
                method: "Count of weekly reports".into(),
            }],
        };
        // Only the deployment's advisor files; a day off the schedule, an unknown
        // indicator, a measurement in the future are refused by field.
        assert!(matches!(
            s.file_report(&tr, d.id, &report("2026-05-15", 20.0)).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert_eq!(invalid_field(s.file_report(&adv, d.id, &report("2026-05-16", 20.0)).await.unwrap_err()), "due_on");
        let mut other_plan = report("2026-05-15", 20.0);
        other_plan.measurements[0].indicator = "O7.7".into();
        assert_eq!(
            invalid_field(s.file_report(&adv, d.id, &other_plan).await.unwrap_err()),
            "measurements[0].indicator"
        );
        let mut future = report("2026-05-15", 20.0);
        future.measurements[0].measured_on = "2026-06-10".into();
        assert_eq!(invalid_field(s.file_report(&adv, d.id, &future).await.unwrap_err()), "measurements[0].measured_on");

        let r = s.file_report(&adv, d.id, &report("2026-05-15", 20.0)).await.unwrap();
        assert_eq!(r.status, "draft");
        // The partner sees the report but not the advisor's working notes.
        let seen = s.get_report(&sy, r.id).await.unwrap();
        assert_eq!(seen.notes, None, "{label}");
        assert!(!serde_json::to_string(&seen).unwrap().contains("CANARY-working-note"));
        assert_eq!(s.get_report(&tr, r.id).await.unwrap().notes.as_deref(), Some("CANARY-working-note"));
        let audit = s.audit_all().await.unwrap();
        assert!(
            !audit.iter().any(|a| a.after.as_deref().unwrap_or("").contains("CANARY-working-note")),
            "{label}: notes kept out of the ledger"
        );

        // The partner cannot approve a draft, nor the advisor approve at all.
        assert!(matches!(
            s.report_step(&sy, r.id, ReportStep::Approve, "").await.unwrap_err(),
            StoreError::Conflict(_)
        ));
        s.report_step(&adv, r.id, ReportStep::Submit, "").await.unwrap();
        assert!(matches!(
            s.report_step(&adv, r.id, ReportStep::Approve, "").await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(matches!(
            s.file_report(&adv, d.id, &report("2026-05-15", 21.0)).await.unwrap_err(),
            StoreError::Conflict(_)
        ));
        // Returning needs a comment.
        assert_eq!(invalid_field(s.report_step(&sy, r.id, ReportStep::Return, " ").await.unwrap_err()), "comment");
        let back =
            s.report_step(&sy, r.id, ReportStep::Return, "The May figure counts one depot twice.").await.unwrap();
        assert_eq!(
            (back.status.as_str(), back.review_comment.as_deref()),
            ("returned", Some("The May figure counts one depot twice."))
        );
        // Fixed and submitted again, then approved.
        let fixed = s.file_report(&adv, d.id, &report("2026-05-15", 18.0)).await.unwrap();
        assert_eq!(fixed.measurements.len(), 1);
        assert_eq!(fixed.measurements[0].value, 18.0);
        s.report_step(&adv, r.id, ReportStep::Submit, "").await.unwrap();
        let approved = s.report_step(&sy, r.id, ReportStep::Approve, "").await.unwrap();
        assert_eq!(approved.status, "approved");
        let d2 = s.get_deployment(&sy, d.id).await.unwrap();
        let may = d2.due.iter().find(|x| x.due_on == "2026-05-15").unwrap();
        assert_eq!((may.status.as_deref(), may.overdue), (Some("approved"), false), "{label}");

        // SY contests the measurement: both values stand, the measurement is unchanged.
        let m = approved.measurements[0].id;
        assert_eq!(
            invalid_field(
                s.contest_measurement(&sy, m, &ContestInput { value: 12.0, reason: "".into() }).await.unwrap_err()
            ),
            "reason"
        );
        let contested = s
            .contest_measurement(&sy, m, &ContestInput { value: 12.0, reason: "Depot 3 did not report in May.".into() })
            .await
            .unwrap();
        let mv = &contested.measurements[0];
        assert_eq!((mv.value, mv.party.as_str()), (18.0, "TR"));
        assert_eq!(mv.contests.len(), 1);
        assert_eq!((mv.contests[0].party.as_str(), mv.contests[0].value), ("SY", 12.0));

        // Extended, then ended early (with a reason); an early end in the past is refused.
        let ext =
            s.end_deployment(&tr, d.id, &EndInput { end: "2027-03-31".into(), reason: String::new() }).await.unwrap();
        assert_eq!((ext.end.as_str(), ext.planned_end.as_str()), ("2027-03-31", "2026-12-31"));
        assert_eq!(ext.due.len(), 15, "{label}: the schedule grows with it");
        assert!(matches!(
            s.end_deployment(&sy, d.id, &EndInput { end: "2027-06-30".into(), reason: String::new() })
                .await
                .unwrap_err(),
            StoreError::Forbidden(_)
        ));
        let past = EndInput { end: "2026-03-01".into(), reason: "recalled".into() };
        assert_eq!(invalid_field(s.end_deployment(&tr, d.id, &past).await.unwrap_err()), "end");
        let early = EndInput { end: "2026-08-31".into(), reason: "Recalled for a national exercise.".into() };
        let ended = s.end_deployment(&tr, d.id, &early).await.unwrap();
        assert_eq!(
            (ended.end.as_str(), ended.end_reason.as_deref()),
            ("2026-08-31", Some("Recalled for a national exercise."))
        );
        assert_eq!(ended.due.len(), 8);

        // Every step is in the audit record.
        let actions: Vec<String> = s
            .audit_all()
            .await
            .unwrap()
            .into_iter()
            .filter(|a| ["deployment", "advisor_report", "measurement"].contains(&a.object_type.as_str()))
            .map(|a| a.action)
            .collect();
        for a in ["create", "update", "submit", "return", "approve", "contest", "extend", "end_early"] {
            assert!(actions.iter().any(|x| x == a), "{label}: {a} in {actions:?}");
        }
        let _ = TODAY;
    }
}

#[tokio::test]
async fn a_deployment_that_has_ended_takes_no_new_report_and_a_schedule_that_never_fires_is_refused() {
    use ittifaq_store::assistance::advisory::{DeploymentInput, ReportInput};
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let plan_id = small_plan(s, &tr, "TA-DEP-2").await;
        let inst = partner_institution(s).await;
        let (person_id, adv) = advisor(s, "TR-ADV-2").await;
        for rule in ["FREQ=HOURLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "nonsense"] {
            assert_eq!(
                invalid_field(s.set_report_rule(&tr, plan_id, rule).await.unwrap_err()),
                "report_rule",
                "{rule}"
            );
        }
        let sy = actor("SY", Role::JointOffice);
        assert!(matches!(s.set_report_rule(&sy, plan_id, "FREQ=WEEKLY").await.unwrap_err(), StoreError::Forbidden(_)));
        s.set_report_rule(&tr, plan_id, "FREQ=MONTHLY;BYMONTHDAY=-1").await.unwrap();
        assert_eq!(s.get_plan(&tr, plan_id).await.unwrap().report_rule, "FREQ=MONTHLY;BYMONTHDAY=-1");
        let input = DeploymentInput {
            code: "DEP-OLD".into(),
            person_id,
            institution_id: inst,
            plan_id: Some(plan_id.get()),
            track: None,
            objectives: vec![],
            start: "2026-01-01".into(),
            end: "2026-03-31".into(),
        };
        let d = s.create_deployment(&tr, &input).await.unwrap();
        assert_eq!(d.status, "ended");
        let due: Vec<&str> = d.due.iter().map(|x| x.due_on.as_str()).collect();
        assert_eq!(due, ["2026-01-31", "2026-02-28", "2026-03-31"], "{}", db.label);
        let report = ReportInput {
            due_on: "2026-03-31".into(),
            summary: "Late.".into(),
            notes: String::new(),
            notes_released: false,
            progress: vec![],
            measurements: vec![],
        };
        assert!(
            matches!(s.file_report(&adv, d.id, &report).await.unwrap_err(), StoreError::Conflict(_)),
            "{}",
            db.label
        );
        let mut no_plan = input.clone();
        no_plan.code = "DEP-NOPLAN".into();
        no_plan.plan_id = None;
        no_plan.objectives = vec!["O1".into()];
        no_plan.track = Some("military_systems".into());
        assert_eq!(invalid_field(s.create_deployment(&tr, &no_plan).await.unwrap_err()), "objectives");
        no_plan.objectives.clear();
        no_plan.track = Some("cooking".into());
        assert_eq!(invalid_field(s.create_deployment(&tr, &no_plan).await.unwrap_err()), "track");
        no_plan.track = Some("command_capabilities".into());
        let free = s.create_deployment(&tr, &no_plan).await.unwrap();
        assert_eq!((free.plan_id, free.report_rule.as_str()), (None, "FREQ=MONTHLY"));
    }
}

#[tokio::test]
async fn the_completeness_record_names_what_is_missing_and_progress_gives_each_indicators_course() {
    use ittifaq_core::assistance::advisory::ReportStep;
    use ittifaq_store::assistance::advisory::{
        ContestInput, DeploymentInput, MeasurementInput, ProgressInput, ReportInput,
    };
    for db in databases().await {
        let s = &db.store;
        let label = db.label;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let inst = partner_institution(s).await;
        // A plan with an indicator and no baseline, and a plan with no indicator.
        let bare = s
            .create_plan(&tr, &{
                let mut p = plan(inst);
                p.code = "TA-BARE".into();
                p
            })
            .await
            .unwrap()
            .id;
        s.add_objective(&tr, bare, &ObjectiveInput { code: "O1".into(), title: names("x") }).await.unwrap();
        s.add_indicator(&tr, bare, &indicator("O1", "O1.1", None)).await.unwrap();
        s.create_plan(&tr, &{
            let mut p = plan(inst);
            p.code = "TA-EMPTY".into();
            p
        })
        .await
        .unwrap();
        let full = small_plan(s, &tr, "TA-FULL").await;
        s.add_milestone(
            &tr,
            full,
            &MilestoneInput {
                code: "M0".into(),
                title: names("Early"),
                due: "2026-03-31".into(),
                owner: "SY".into(),
                evidence: "x".into(),
            },
        )
        .await
        .unwrap();
        s.add_milestone(
            &tr,
            full,
            &MilestoneInput {
                code: "M2".into(),
                title: names("Done early"),
                due: "2026-04-30".into(),
                owner: "TR".into(),
                evidence: "x".into(),
            },
        )
        .await
        .unwrap();
        let (person_id, adv) = advisor(s, "TR-ADV-C").await;
        let dep = |code: &str, plan: Option<i64>| DeploymentInput {
            code: code.into(),
            person_id,
            institution_id: inst,
            plan_id: plan,
            track: plan.is_none().then(|| "military_systems".into()),
            objectives: vec![],
            start: "2026-01-15".into(),
            end: "2026-12-31".into(),
        };
        let free = s.create_deployment(&tr, &dep("DEP-FREE", None)).await.unwrap();
        let d = s.create_deployment(&tr, &dep("DEP-FULL", Some(full.get()))).await.unwrap();
        clear(s, d.id).await;
        let report = |due: &str, value: f64, done: &[&str]| ReportInput {
            due_on: due.into(),
            summary: "s".into(),
            notes: String::new(),
            notes_released: false,
            progress: done
                .iter()
                .map(|m| ProgressInput { milestone: (*m).into(), progress: "done".into(), note: String::new() })
                .collect(),
            measurements: vec![MeasurementInput {
                indicator: "O1.1".into(),
                value,
                measured_on: due.into(),
                method: "count".into(),
            }],
        };
        // March approved (M2 done), April submitted, May a draft: Jan, Feb and May are overdue.
        let march = s.file_report(&adv, d.id, &report("2026-03-15", 20.0, &["M2"])).await.unwrap();
        s.report_step(&adv, march.id, ReportStep::Submit, "").await.unwrap();
        let march = s.report_step(&sy, march.id, ReportStep::Approve, "").await.unwrap();
        s.contest_measurement(&sy, march.measurements[0].id, &ContestInput { value: 15.0, reason: "r".into() })
            .await
            .unwrap();
        let april = s.file_report(&adv, d.id, &report("2026-04-15", 30.0, &[])).await.unwrap();
        s.report_step(&adv, april.id, ReportStep::Submit, "").await.unwrap();
        let may = s.file_report(&adv, d.id, &report("2026-05-15", 35.0, &[])).await.unwrap();

        let c = s.completeness(&sy).await.unwrap();
        let no_baseline: Vec<(&str, Vec<String>)> =
            c.plans_without_baseline.iter().map(|n| (n.plan.code.as_str(), n.indicators.clone())).collect();
        assert_eq!(no_baseline, [("TA-BARE", vec!["O1.1".to_owned()]), ("TA-EMPTY", vec![])], "{label}");
        assert_eq!(c.deployments_without_plan.iter().map(|d| d.id).collect::<Vec<_>>(), [free.id]);
        // DEP-FREE's checks were never recorded: its advisor may not report yet.
        assert_eq!(c.deployments_not_cleared.iter().map(|d| d.id).collect::<Vec<_>>(), [free.id]);
        let overdue: Vec<(&str, &str)> =
            c.reports_overdue.iter().map(|o| (o.deployment.code.as_str(), o.due_on.as_str())).collect();
        for day in ["2026-01-15", "2026-02-15", "2026-05-15"] {
            assert!(overdue.contains(&("DEP-FULL", day)), "{label}: {day} in {overdue:?}");
        }
        assert!(!overdue.contains(&("DEP-FULL", "2026-03-15")) && !overdue.contains(&("DEP-FULL", "2026-04-15")));
        assert_eq!(
            overdue.iter().filter(|o| o.0 == "DEP-FREE").count(),
            5,
            "{label}: the unplanned one reports monthly too"
        );
        let draft =
            c.reports_overdue.iter().find(|o| o.due_on == "2026-05-15" && o.deployment.code == "DEP-FULL").unwrap();
        assert_eq!(draft.report_id, Some(may.id), "a draft written for the day is linked");
        assert_eq!(c.reports_unreviewed.iter().map(|u| u.report_id).collect::<Vec<_>>(), [april.id]);
        let late: Vec<&str> = c.milestones_past_due.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(late, ["M0"], "{label}: M2 was reported done, M1 is not due yet");

        let p = s.plan_progress(&tr, full).await.unwrap();
        let series = &p.series[0];
        assert_eq!(series.baseline, Some(("2026-01-15".to_owned(), 12.0)));
        assert_eq!(series.targets, [("2026-12-31".to_owned(), 80.0)]);
        let months: Vec<(&str, f64, usize, usize)> =
            series.months.iter().map(|m| (m.month.as_str(), m.mean, m.n, m.contested)).collect();
        assert_eq!(months, [("2026-03", 20.0, 1, 1), ("2026-04", 30.0, 1, 0)], "{label}: the draft does not count");
        assert_eq!(series.contested.len(), 1);
        assert_eq!((series.contested[0].day.as_str(), series.contested[0].value), ("2026-03-15", 20.0));
        assert_eq!(series.contested[0].contested, [("SY".to_owned(), 15.0)]);
        let every = s.plan_values(&tr, full).await.unwrap();
        let values: Vec<(&str, f64)> = every.points.iter().map(|(_, x)| (x.day.as_str(), x.value)).collect();
        assert_eq!(values, [("2026-03-15", 20.0), ("2026-04-15", 30.0)], "{label}: every value, for the export");
        assert_eq!(p.burn_up.total, 3);
        let steps: Vec<(&str, usize, usize)> = p.burn_up.steps.iter().map(|(d, a, b)| (d.as_str(), *a, *b)).collect();
        assert_eq!(
            steps,
            [("2026-03-15", 0, 1), ("2026-03-31", 1, 1), ("2026-04-30", 2, 1), ("2026-09-30", 3, 1)],
            "{label}"
        );

        // The figures are kept between reads, and a change is seen at once.
        assert_eq!(s.completeness(&tr).await.unwrap().reports_unreviewed.len(), 1);
        assert_eq!(s.plan_progress(&sy, full).await.unwrap().series[0].months.len(), 2);
        s.report_step(&adv, may.id, ReportStep::Submit, "").await.unwrap();
        let c = s.completeness(&tr).await.unwrap();
        assert_eq!(c.reports_unreviewed.len(), 2, "{label}: the new submission is waiting");
        let months = s.plan_progress(&sy, full).await.unwrap().series[0].months.len();
        assert_eq!(months, 3, "{label}: May's value counts once submitted");
    }
}

#[tokio::test]
async fn the_agreement_says_who_measures_each_kind_of_indicator_and_how_often_each_track_reports() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let inst = partner_institution(s).await;
        let mut input = plan(inst);
        input.track = "command_capabilities".into();
        let p = s.create_plan(&tr, &input).await.unwrap();
        assert_eq!(p.report_rule, "FREQ=MONTHLY;BYMONTHDAY=-1", "{}: the track's schedule", db.label);
        s.add_objective(&tr, p.id, &ObjectiveInput { code: "O1".into(), title: names("x") }).await.unwrap();
        let with_kind = |code: &str, kind: &str, measured_by: &str| {
            let mut i = indicator("O1", code, None);
            i.kind = Some(kind.into());
            i.measured_by = measured_by.into();
            i
        };
        s.add_indicator(&tr, p.id, &with_kind("K1", "coverage", "")).await.unwrap();
        let view = s.add_indicator(&tr, p.id, &with_kind("K2", "capability_assessment", "")).await.unwrap();
        let by: Vec<(&str, &str, Option<&str>)> = view.objectives[0]
            .indicators
            .iter()
            .map(|i| (i.code.as_str(), i.measured_by.as_str(), i.kind.as_deref()))
            .collect();
        assert_eq!(by, [("K1", "SY", Some("coverage")), ("K2", "TR", Some("capability_assessment"))], "{}", db.label);
        let e = s.add_indicator(&tr, p.id, &with_kind("K3", "coverage", "TR")).await.unwrap_err();
        assert_eq!(invalid_field(e), "measured_by", "the kind's party, not another");
        let e = s.add_indicator(&tr, p.id, &with_kind("K3", "morale", "")).await.unwrap_err();
        assert_eq!(invalid_field(e), "kind");
        let e = s.add_indicator(&tr, p.id, &indicator_without_party("K3")).await.unwrap_err();
        assert_eq!(invalid_field(e), "measured_by", "no kind: the party is needed");
    }
}

fn indicator_without_party(code: &str) -> IndicatorInput {
    let mut i = indicator("O1", code, None);
    i.measured_by = String::new();
    i
}

#[tokio::test]
async fn an_advisor_reports_only_once_each_party_has_passed_its_vetting_checks() {
    use ittifaq_core::exchange::CheckState;
    use ittifaq_store::assistance::advisory::{DeploymentInput, ReportInput};
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let plan_id = small_plan(s, &tr, "TA-VET").await;
        let inst = partner_institution(s).await;
        let (person_id, adv) = advisor(s, "TR-ADV-V").await;
        let input = DeploymentInput {
            code: "DEP-VET".into(),
            person_id,
            institution_id: inst,
            plan_id: Some(plan_id.get()),
            track: None,
            objectives: vec![],
            start: "2026-01-15".into(),
            end: "2026-12-31".into(),
        };
        let d = s.create_deployment(&tr, &input).await.unwrap();
        // The agreement's checks for advisors, each with the party that records it.
        let checks: Vec<(&str, &str, CheckState)> =
            d.vetting.iter().map(|v| (v.code.as_str(), v.party.as_str(), v.outcome)).collect();
        assert_eq!(
            checks,
            [
                ("security", "TR", CheckState::Pending),
                ("medical", "TR", CheckState::Pending),
                ("host_access", "SY", CheckState::Pending)
            ],
            "{l}: the trainees' language check is not an advisor's"
        );
        assert!(!d.cleared, "{l}");
        let report = ReportInput {
            due_on: "2026-05-15".into(),
            summary: "First month.".into(),
            notes: String::new(),
            notes_released: false,
            progress: vec![],
            measurements: vec![],
        };
        let refused = s.file_report(&adv, d.id, &report).await.unwrap_err();
        assert!(
            matches!(&refused, StoreError::Conflict(m) if m.key() == "conflict-deployment-not-cleared"),
            "{l}: {refused:?}"
        );
        // Each party records only its own checks; a check that is not one for advisors is refused by field.
        let pass = |check: &str, comment: &str| VettingInput {
            check: check.into(),
            outcome: "passed".into(),
            comment: comment.into(),
            level: None,
        };
        assert!(matches!(
            s.record_deployment_vetting(&sy, d.id, &pass("security", "")).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(matches!(
            s.record_deployment_vetting(&tr, d.id, &pass("host_access", "")).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert_eq!(
            invalid_field(s.record_deployment_vetting(&tr, d.id, &pass("language", "")).await.unwrap_err()),
            "check"
        );
        let mut maybe = pass("security", "");
        maybe.outcome = "maybe".into();
        assert_eq!(invalid_field(s.record_deployment_vetting(&tr, d.id, &maybe).await.unwrap_err()), "outcome");
        s.record_deployment_vetting(&tr, d.id, &pass("security", "CANARY-TR-VETTING")).await.unwrap();
        s.record_deployment_vetting(&tr, d.id, &pass("medical", "")).await.unwrap();
        // A failed host check tells both joint offices, and the gate stays shut.
        let mut failed = pass("host_access", "badge refused");
        failed.outcome = "failed".into();
        let after = s.record_deployment_vetting(&sy, d.id, &failed).await.unwrap();
        assert!(!after.cleared, "{l}");
        assert!(matches!(s.file_report(&adv, d.id, &report).await.unwrap_err(), StoreError::Conflict(_)), "{l}");
        let as_tr = s.get_deployment(&tr, d.id).await.unwrap();
        let sec = as_tr.vetting.iter().find(|v| v.code == "security").unwrap();
        assert_eq!(sec.comment.as_deref(), Some("CANARY-TR-VETTING"), "{l}: the recording office reads its comment");
        // The other party and the advisor see the outcome, never the comment.
        for reader in [&sy, &adv] {
            let seen = s.get_deployment(reader, d.id).await.unwrap();
            let sec = seen.vetting.iter().find(|v| v.code == "security").unwrap();
            assert_eq!((sec.outcome, sec.comment.as_deref()), (CheckState::Passed, None), "{l}");
            assert!(!format!("{seen:?}").contains("CANARY-TR-VETTING"), "{l}");
        }
        let filter = AuditFilter { object_type: Some("deployment".into()), limit: 100, ..Default::default() };
        let trail = s.audit_list(&tr, &filter).await.unwrap();
        assert!(format!("{trail:?}").contains("\"medical\""), "{l}: each check is in the audit");
        assert!(!format!("{trail:?}").contains("CANARY-TR-VETTING"), "{l}: the ledger holds no comment");
        // SY passes it later: the deployment is cleared and the advisor reports.
        let cleared = s.record_deployment_vetting(&sy, d.id, &pass("host_access", "")).await.unwrap();
        assert!(cleared.cleared, "{l}");
        s.file_report(&adv, d.id, &report).await.unwrap();
    }
}

#[tokio::test]
async fn reports_overdue_or_left_unreviewed_are_notified_once_to_whom_they_concern() {
    use ittifaq_core::Role;
    use ittifaq_core::assistance::advisory::ReportStep;
    use ittifaq_store::assistance::advisory::{DeploymentInput, ReportInput};
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let tr = actor("TR", Role::JointOffice);
        let account = crate::notify::account;
        let tr_office = account(s, "TR", "tr.office.n", Role::JointOffice, None).await;
        let sy_office = account(s, "SY", "sy.office.n", Role::JointOffice, None).await;
        let tr_auditor = account(s, "TR", "tr.auditor.n", Role::Auditor, None).await;
        let plan_id = small_plan(s, &tr, "TA-NOTE").await;
        let inst = partner_institution(s).await;
        let (person_id, adv) = advisor(s, "TR-ADV-N").await;
        let input = DeploymentInput {
            code: "DEP-NOTE".into(),
            person_id,
            institution_id: inst,
            plan_id: Some(plan_id.get()),
            track: None,
            objectives: vec![],
            start: "2026-03-15".into(),
            end: "2026-12-31".into(),
        };
        let d = s.create_deployment(&tr, &input).await.unwrap();
        clear(s, d.id).await;
        // 2026-05-28: March and April are filed and submitted, May 15 is not: one notice, of May.
        for day in ["2026-03-15", "2026-04-15"] {
            let report = ReportInput {
                due_on: day.into(),
                summary: "Filed.".into(),
                notes: String::new(),
                notes_released: false,
                progress: vec![],
                measurements: vec![],
            };
            let r = s.file_report(&adv, d.id, &report).await.unwrap();
            s.report_step(&adv, r.id, ReportStep::Submit, "").await.unwrap();
        }
        assert_eq!(s.notify_reports().await.unwrap(), 1, "{l}");
        let kinds = |a: &ittifaq_store::Actor| {
            let a = a.clone();
            async move { s.notifications(&a, 50).await.unwrap().into_iter().map(|n| (n.kind, n.args)).collect::<Vec<_>>() }
        };
        for who in [&adv, &tr_office] {
            let got = kinds(who).await;
            assert_eq!(got.len(), 1, "{l}: {got:?}");
            assert_eq!(got[0].0, "report-overdue", "{l}");
            assert_eq!(
                (got[0].1["deployment"].as_str(), got[0].1["day"].as_str()),
                (Some("DEP-NOTE"), Some("2026-05-15"))
            );
        }
        assert!(kinds(&sy_office).await.is_empty(), "{l}: the host is not told of the sender's late report");
        assert!(kinds(&tr_auditor).await.is_empty(), "{l}");
        // Sent once: a second sweep sends nothing.
        assert_eq!(s.notify_reports().await.unwrap(), 0, "{l}");
        // Fifteen days later (June 12) the two submitted reports have waited longer
        // than the agreement's 14 days: both offices are told of each.
        db.clock.0.fetch_add(15 * 86_400_000, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(s.notify_reports().await.unwrap(), 2, "{l}");
        for office in [&tr_office, &sy_office] {
            let unreviewed: Vec<String> = kinds(office)
                .await
                .into_iter()
                .filter(|(k, _)| k == "report-unreviewed")
                .map(|(_, a)| a["day"].as_str().unwrap_or_default().to_owned())
                .collect();
            assert_eq!(unreviewed.len(), 2, "{l}: {unreviewed:?}");
        }
        assert!(
            kinds(&adv).await.iter().all(|(k, _)| k == "report-overdue"),
            "{l}: the advisor is not told of the partner's review"
        );
        assert_eq!(s.notify_reports().await.unwrap(), 0, "{l}");
        // June 16: the June 15 report is overdue too, a new notice of it alone.
        db.clock.0.fetch_add(4 * 86_400_000, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(s.notify_reports().await.unwrap(), 1, "{l}");
        let latest = kinds(&adv).await;
        assert_eq!((latest[0].0.as_str(), latest[0].1["day"].as_str()), ("report-overdue", Some("2026-06-15")), "{l}");
    }
}
