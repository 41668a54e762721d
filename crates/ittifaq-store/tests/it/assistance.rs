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
