//! Force integration on both backends: the integrating party enters a
//! formation and the deadline of each stage; a stage's count moves only
//! through verification events, checked (no stage skipped, no count down
//! without a reason, no day out of order, before the start or to come) and
//! refused by field with nothing stored; the formation's own figures stand
//! beside the verified ones and move no flag; the board flags a stage
//! stalled or on paper only; the other party reads aggregates only, a
//! count under ten withheld with the figures of its flags' reasons.

use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::integration::{Figure, FlagKind, Stage};
use ittifaq_store::StoreError;
use ittifaq_store::audit_view::AuditFilter;
use ittifaq_store::integration::{CountInput, DeadlineInput, FormationInput, FormationRow};

use crate::support::{actor, databases};

fn field(e: StoreError) -> String {
    match e {
        StoreError::Invalid { field, .. } => field,
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

fn formation(code: &str, declared: i64) -> FormationInput {
    FormationInput {
        code: code.into(),
        name: Names { en: format!("{code} brigade"), tr: format!("{code} tugayı"), ar: format!("لواء {code}") },
        origin: "Northern command".into(),
        mode: "bloc".into(),
        declared_strength: declared,
        starts_on: "2026-01-01".into(),
    }
}

fn count(stage: &str, n: i64, on: &str) -> CountInput {
    CountInput {
        stage: stage.into(),
        count: n,
        on_day: on.into(),
        method: "Roll call with biometric check".into(),
        list_reference: "LIST-2026-01".into(),
        reason: String::new(),
    }
}

fn deadline(stage: &str, due: Option<&str>, owner: Option<&str>) -> DeadlineInput {
    DeadlineInput {
        stage: stage.into(),
        due: due.map(str::to_owned),
        binding: true,
        clause: "Article 3.1".into(),
        owner_party: owner.map(str::to_owned),
    }
}

fn cell(row: &FormationRow, stage: Stage) -> &ittifaq_store::integration::Cell {
    row.cells.iter().find(|c| c.stage == stage).expect("every stage has its cell")
}

#[tokio::test]
async fn counts_move_only_on_checked_verifications_and_the_board_flags_a_stalled_stage() {
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);

        // Bad input is named by its field; nothing is stored.
        let mut bad = formation("F-BAD", 100);
        bad.mode = "blob".into();
        assert_eq!(field(s.create_formation(&sy, &bad).await.unwrap_err()), "mode", "{l}");
        let mut bad = formation("F-BAD", 100);
        bad.starts_on = "2026-13-01".into();
        assert_eq!(field(s.create_formation(&sy, &bad).await.unwrap_err()), "starts_on", "{l}");
        assert_eq!(field(s.create_formation(&sy, &formation("F-BAD", -3)).await.unwrap_err()), "declared_strength");
        assert!(s.integration_board(&sy).await.unwrap().is_empty(), "{l}: nothing stored");

        let f = s.create_formation(&sy, &formation("F-NORTH", 4000)).await.unwrap();
        assert_eq!((f.party.as_str(), f.declared_strength, f.cells.len()), ("SY", 4000, Stage::ALL.len()), "{l}");
        assert!(matches!(
            s.create_formation(&sy, &formation("F-NORTH", 10)).await.unwrap_err(),
            StoreError::Conflict(_)
        ));

        s.set_stage_deadline(&sy, f.id, &deadline("register", Some("2026-03-31"), Some("SY"))).await.unwrap();
        s.set_stage_deadline(&sy, f.id, &deadline("vet", Some("2026-05-01"), Some("SY"))).await.unwrap();
        s.set_stage_deadline(&sy, f.id, &deadline("assign", None, None)).await.unwrap();
        assert_eq!(field(s.set_stage_deadline(&sy, f.id, &deadline("dance", None, None)).await.unwrap_err()), "stage");
        assert_eq!(
            field(s.set_stage_deadline(&sy, f.id, &deadline("vet", Some("2025-06-01"), Some("SY"))).await.unwrap_err()),
            "due",
            "{l}: before the formation's start"
        );
        assert_eq!(
            field(s.set_stage_deadline(&sy, f.id, &deadline("vet", Some("2026-05-01"), Some("XX"))).await.unwrap_err()),
            "owner_party"
        );
        // The other party neither sets deadlines nor verifies.
        assert!(matches!(
            s.set_stage_deadline(&tr, f.id, &deadline("vet", Some("2026-05-01"), Some("SY"))).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(matches!(
            s.record_count(&tr, f.id, Figure::Verified, &count("register", 10, "2026-01-10")).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));

        for (n, on) in [(800, "2026-01-15"), (1800, "2026-02-01"), (2600, "2026-02-20"), (4000, "2026-03-10")] {
            s.record_count(&sy, f.id, Figure::Verified, &count("register", n, on)).await.unwrap();
        }
        // A stage skipped, a count down without a reason, a day out of order,
        // before the start or to come, a stage that is not one: refused by field.
        let refused = [
            (count("verify_identity", 4100, "2026-03-12"), "count"),
            (count("vet", 10, "2026-03-12"), "count"),
            (count("register", 3900, "2026-03-20"), "reason"),
            (count("register", 4000, "2026-03-01"), "on_day"),
            (count("register", 4000, "2025-12-01"), "on_day"),
            (count("register", 4000, "2026-06-30"), "on_day"),
            (count("dance", 1, "2026-03-12"), "stage"),
            (count("register", 2_000_000, "2026-03-12"), "count"),
        ];
        for (input, want) in refused {
            let got = field(s.record_count(&sy, f.id, Figure::Verified, &input).await.unwrap_err());
            assert_eq!(got, want, "{l}: {input:?}");
        }
        let mut blank = count("register", 4000, "2026-03-12");
        blank.list_reference = "  ".into();
        assert_eq!(field(s.record_count(&sy, f.id, Figure::Verified, &blank).await.unwrap_err()), "list_reference");
        s.record_count(&sy, f.id, Figure::Verified, &count("verify_identity", 3900, "2026-03-20")).await.unwrap();
        s.record_count(&sy, f.id, Figure::Verified, &count("vet", 1500, "2026-03-25")).await.unwrap();
        // A count lower than the last stands with its reason.
        let mut lower = count("verify_identity", 3850, "2026-03-26");
        lower.reason = "50 found registered twice; sent to review".into();
        s.record_count(&sy, f.id, Figure::Verified, &lower).await.unwrap();
        // The formation says 3,400 are vetted: beside the verified 1,500, moving nothing.
        let board = s.record_count(&sy, f.id, Figure::Reported, &count("vet", 3400, "2026-05-20")).await.unwrap();

        let register = cell(&board, Stage::Register);
        assert_eq!((register.verified, register.flags.len()), (Some(4000), 0), "{l}: registration is done");
        let identity = cell(&board, Stage::VerifyIdentity);
        assert_eq!(identity.verified, Some(3850), "{l}");
        let vet = cell(&board, Stage::Vet);
        assert_eq!((vet.verified, vet.reported), (Some(1500), Some(3400)), "{l}: side by side, never mixed");
        // 2026-05-28: vetting was due on 1 May and has not moved since 25 March.
        assert_eq!(vet.flags.iter().map(|f| f.kind).collect::<Vec<_>>(), [FlagKind::Stalled], "{l}: {vet:?}");
        assert_eq!(vet.flags[0].reason.key(), "integration-stalled-reason");
        let assign = cell(&board, Stage::Assign);
        assert_eq!(assign.flags.iter().map(|f| f.kind).collect::<Vec<_>>(), [FlagKind::PaperOnly], "{l}");
        assert!(cell(&board, Stage::HandOver).flags.is_empty(), "{l}: no commitment, no flag");

        // The other party reads the same aggregates (every count here is over ten).
        let theirs = s.formation(&tr, f.id).await.unwrap();
        assert_eq!(cell(&theirs, Stage::Vet).verified, Some(1500), "{l}");
        assert!(!cell(&theirs, Stage::Vet).withheld);

        // Each flag is told once to both joint offices: the stage and the flag, never a count.
        let tr_office = crate::notify::account(s, "TR", "tr.office.i", Role::JointOffice, None).await;
        let sy_office = crate::notify::account(s, "SY", "sy.office.i", Role::JointOffice, None).await;
        let tr_auditor = crate::notify::account(s, "TR", "tr.auditor.i", Role::Auditor, None).await;
        assert_eq!(s.notify_integration_flags().await.unwrap(), 2, "{l}: vetting stalled, assignment on paper");
        for office in [&tr_office, &sy_office] {
            let told = s.notifications(office, 10).await.unwrap();
            let stages: Vec<String> = told.iter().map(|n| n.args["stage_key"].as_str().unwrap().to_owned()).collect();
            assert_eq!(told.len(), 2, "{l}: {stages:?}");
            assert!(told.iter().all(|n| n.kind == "integration-flag" && n.args.get("count").is_none()), "{l}");
            assert!(stages.contains(&"integration-stage-vet".to_owned()), "{l}: {stages:?}");
        }
        assert!(s.notifications(&tr_auditor, 10).await.unwrap().is_empty(), "{l}");
        assert_eq!(s.notify_integration_flags().await.unwrap(), 0, "{l}: told once");

        // The week's digest: once a week, to both joint offices, the flags counted (no figure).
        assert!(s.integration_digest().await.unwrap(), "{l}");
        assert!(!s.integration_digest().await.unwrap(), "{l}: once a week");
        for office in [&tr_office, &sy_office] {
            let told = s.notifications(office, 10).await.unwrap();
            let digest = told.iter().find(|n| n.kind == "integration-digest").expect("the digest");
            assert_eq!((digest.args["stalled"].as_str(), digest.args["paper_only"].as_str()), (Some("1"), Some("1")));
            assert!(digest.args.get("count").is_none(), "{l}");
        }
        assert!(s.notifications(&tr_auditor, 10).await.unwrap().is_empty(), "{l}");

        // Every step is audited; none of the refused ones left a row.
        let filter = AuditFilter { object_type: Some("formation".into()), limit: 100, ..Default::default() };
        let rows = s.audit_list(&sy, &filter).await.unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        let n = |a: &str| actions.iter().filter(|x| **x == a).count();
        assert_eq!((n("create"), n("deadline"), n("verify"), n("report")), (1, 3, 7, 1), "{l}: {actions:?}");
    }
}

#[tokio::test]
async fn the_other_party_sees_no_count_under_ten_nor_the_figures_behind_its_flags() {
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);
        let f = s.create_formation(&sy, &formation("F-SMALL", 40)).await.unwrap();
        s.set_stage_deadline(&sy, f.id, &deadline("register", Some("2026-03-01"), Some("SY"))).await.unwrap();
        s.record_count(&sy, f.id, Figure::Verified, &count("register", 7, "2026-01-20")).await.unwrap();
        s.record_count(&sy, f.id, Figure::Reported, &count("register", 9, "2026-01-25")).await.unwrap();

        let own = s.formation(&sy, f.id).await.unwrap();
        let mine = cell(&own, Stage::Register);
        assert_eq!((mine.verified, mine.reported, mine.withheld), (Some(7), Some(9), false), "{l}");
        assert_eq!(mine.flags[0].reason.key(), "integration-stalled-reason");

        for view in [s.formation(&tr, f.id).await.unwrap(), s.integration_board(&tr).await.unwrap().remove(0)] {
            let theirs = cell(&view, Stage::Register);
            assert_eq!((theirs.verified, theirs.reported, theirs.withheld), (None, None, true), "{l}");
            // The flag stands; its reason, which would give the count, does not.
            assert_eq!(theirs.flags[0].kind, FlagKind::Stalled, "{l}");
            assert_eq!(theirs.flags[0].reason.key(), "integration-reason-withheld", "{l}");
            assert!(!format!("{:?}", theirs.flags).contains('7'), "{l}: {:?}", theirs.flags);
        }
    }
}

#[tokio::test]
async fn an_agreement_that_plans_formations_enters_them_with_their_deadlines_once() {
    let plan = r#"
[[formations]]
code = "F-PLANNED"
party = "SY"
name = { en = "Planned formation", tr = "Planlı oluşum", ar = "تشكيل مخطط" }
origin = "Eastern region"
mode = "individual"
declared_strength = 900
starts_on = "2026-01-01"

[[formations.deadlines]]
stage = "register"
due = "2026-03-31"
binding = true
clause = "Integration annex, article 1"
owner_party = "SY"

[[formations.deadlines]]
stage = "assign"
binding = false
clause = "Integration annex, article 5"
"#;
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let text = format!("{}{plan}", crate::support::AGREEMENT);
        let a = ittifaq_core::agreement::Agreement::parse(&text).expect("the plan checks clean");
        s.load_agreement(&a, &text).await.unwrap();
        // Loaded again (an amendment that keeps the plan): nothing twice.
        s.load_agreement(&a, &text).await.unwrap();
        let sy = actor("SY", Role::JointOffice);
        let board = s.integration_board(&sy).await.unwrap();
        let f = board.iter().find(|f| f.code == "F-PLANNED").expect("entered from the agreement");
        assert_eq!((f.party.as_str(), f.declared_strength), ("SY", 900), "{l}");
        assert_eq!(board.iter().filter(|f| f.code == "F-PLANNED").count(), 1, "{l}");
        let register = cell(f, Stage::Register);
        assert_eq!((register.due.as_deref(), register.binding), (Some("2026-03-31"), true), "{l}");
        let assign = cell(f, Stage::Assign);
        assert_eq!(assign.flags.iter().map(|g| g.kind).collect::<Vec<_>>(), [FlagKind::PaperOnly], "{l}: no date");
        let filter = AuditFilter { object_type: Some("formation".into()), limit: 100, ..Default::default() };
        let rows = s.audit_list(&sy, &filter).await.unwrap();
        let n = |a: &str| rows.iter().filter(|r| r.action == a).count();
        assert_eq!((n("create"), n("deadline")), (1, 2), "{l}: each change once");
    }
}
