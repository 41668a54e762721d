//! The registry of people: scoping, swaps of ids between parties, all-or-none
//! imports, search and the audit record written with each change.

use ittifaq_core::person::PersonInput;
use ittifaq_core::{Rank, Role};
use ittifaq_store::StoreError;
use ittifaq_store::audit_view::AuditFilter;
use ittifaq_store::people::PeopleFilter;

use crate::support::{actor, databases, person, unit};

#[tokio::test]
async fn other_party_sees_only_released_fields() {
    for db in databases().await {
        let s = &db.store;
        let tr_unit = unit(s, "TR", "TR-1").await;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let created = s.create_person(&tr, &person("TR-1001", tr_unit).validate().unwrap()).await.unwrap();
        let own = s.get_person(&tr, created.id).await.unwrap();
        assert_eq!(own.national_id.as_deref(), Some("CANARY-12345678901"), "{}", db.label);
        assert_eq!(own.native_name.as_deref(), Some("CANARY-native"));
        let other = s.get_person(&sy, created.id).await.unwrap();
        assert!(!other.own);
        assert_eq!(other.family_name.as_deref(), Some("Yılmaz"));
        assert_eq!(other.rank.as_deref(), Some("OF-2"));
        assert_eq!(other.unit_id, Some(tr_unit), "TR releases the unit");
        assert_eq!(other.national_id, None, "{}", db.label);
        assert_eq!(other.phone, None);
        assert_eq!(other.next_of_kin, None);
        assert_eq!(other.native_name, None, "TR does not release native names");
        let json = serde_json::to_string(&s.list_people(&sy, &PeopleFilter::default()).await.unwrap()).unwrap();
        assert!(!json.contains("CANARY"), "{}: {json}", db.label);
    }
}

#[tokio::test]
async fn no_party_can_change_or_annex_the_other_partys_records() {
    for db in databases().await {
        let s = &db.store;
        let tr_unit = unit(s, "TR", "TR-1").await;
        let sy_unit = unit(s, "SY", "SY-1").await;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let tr_person = s.create_person(&tr, &person("TR-1", tr_unit).validate().unwrap()).await.unwrap();
        let sy_person = s.create_person(&sy, &person("SY-1", sy_unit).validate().unwrap()).await.unwrap();

        // SY edits a TR person.
        let err = s.update_person(&sy, tr_person.id, &person("TR-1", sy_unit).validate().unwrap()).await.unwrap_err();
        assert!(matches!(err, StoreError::Forbidden(_)), "{}: {err}", db.label);
        // SY archives a TR person.
        assert!(matches!(s.archive_person(&sy, tr_person.id).await.unwrap_err(), StoreError::Forbidden(_)));
        // SY registers a person in a TR unit.
        assert!(matches!(
            s.create_person(&sy, &person("SY-2", tr_unit).validate().unwrap()).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        // SY moves its own person into a TR unit.
        assert!(matches!(
            s.update_person(&sy, sy_person.id, &person("SY-1", tr_unit).validate().unwrap()).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        // SY hangs a unit under a TR unit.
        let err = s
            .create_unit(
                &sy,
                &ittifaq_store::registry::UnitInput {
                    code: "SY-X".into(),
                    parent_id: Some(tr_unit),
                    name_en: "x".into(),
                    name_tr: "x".into(),
                    name_ar: "س".into(),
                    max_away: None,
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Forbidden(_)));
        // Nothing changed.
        let still = s.get_person(&tr, tr_person.id).await.unwrap();
        assert_eq!(still.unit_id, Some(tr_unit));
        assert!(!still.archived);
        assert_eq!(s.count_people(Some("SY")).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn each_change_is_audited_and_a_refused_change_leaves_no_trace() {
    for db in databases().await {
        let s = &db.store;
        let tr_unit = unit(s, "TR", "TR-1").await;
        let tr = actor("TR", Role::JointOffice);
        let p = s.create_person(&tr, &person("TR-7", tr_unit).validate().unwrap()).await.unwrap();
        let mut edit = person("TR-7", tr_unit);
        edit.rank = "OF-3".into();
        s.update_person(&tr, p.id, &edit.validate().unwrap()).await.unwrap();
        s.archive_person(&tr, p.id).await.unwrap();
        let filter = AuditFilter {
            object_type: Some("person".into()),
            object_id: Some(p.id.to_string()),
            limit: 10,
            ..Default::default()
        };
        let log = s.audit_list(&tr, &filter).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["archive", "update", "create"], "{}", db.label);
        let update = &log[1];
        assert_eq!(update.before.as_ref().unwrap()["rank"], "OF-2");
        assert_eq!(update.after.as_ref().unwrap()["rank"], "OF-3");
        assert_eq!(update.actor, tr.username);

        // The other party sees that the record changed, not the values.
        let sy = actor("SY", Role::Auditor);
        let seen = s.audit_list(&sy, &filter).await.unwrap();
        assert!(seen.iter().all(|e| e.redacted));
        assert!(!serde_json::to_string(&seen).unwrap().contains("CANARY"));

        // A refused change writes no audit row.
        let before = s.audit_all().await.unwrap().len();
        let _ = s.create_person(&tr, &person("TR-8", 999_999).validate().unwrap()).await.unwrap_err();
        let _ = s.create_person(&tr, &person("TR-7", tr_unit).validate().unwrap()).await.unwrap_err();
        assert_eq!(s.audit_all().await.unwrap().len(), before, "{}", db.label);
    }
}

#[tokio::test]
async fn duplicate_service_number_is_a_conflict_naming_the_field() {
    for db in databases().await {
        let s = &db.store;
        let u = unit(s, "SY", "SY-1").await;
        let sy = actor("SY", Role::JointOffice);
        s.create_person(&sy, &person("SY-5", u).validate().unwrap()).await.unwrap();
        let err = s.create_person(&sy, &person("SY-5", u).validate().unwrap()).await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.to_string().starts_with("service_number")),
            "{}: {err}",
            db.label
        );
    }
}

#[tokio::test]
async fn import_is_all_or_none_and_names_every_bad_row() {
    for db in databases().await {
        let s = &db.store;
        let u = unit(s, "SY", "SY-1").await;
        let tr_u = unit(s, "TR", "TR-1").await;
        let sy = actor("SY", Role::JointOffice);
        let rows = vec![
            person("SY-10", u).validate().unwrap(),
            person("SY-11", tr_u).validate().unwrap(),
            person("SY-10", u).validate().unwrap(),
            person("SY-12", u).validate().unwrap(),
        ];
        let errs = s.import_people(&sy, &rows).await.unwrap_err();
        let bad: Vec<usize> = errs.iter().map(|(i, _)| *i).collect();
        assert_eq!(bad, [1, 2], "{}: {errs:?}", db.label);
        assert_eq!(s.count_people(None).await.unwrap(), 0, "nothing stored");
        let good = vec![rows[0].clone(), rows[3].clone()];
        assert_eq!(s.import_people(&sy, &good).await.unwrap(), 2);
        assert_eq!(s.count_people(Some("SY")).await.unwrap(), 2);
    }
}

#[tokio::test]
async fn search_and_filters_respect_what_was_released() {
    for db in databases().await {
        let s = &db.store;
        let sy_u = unit(s, "SY", "SY-1").await;
        let tr_u = unit(s, "TR", "TR-1").await;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);
        let mut a = person("SY-20", sy_u);
        a.given_name = "Omar".into();
        a.family_name = "Haddad".into();
        a.rank = "OR-5".into();
        a.languages = vec!["ar".into()];
        s.create_person(&sy, &a.validate().unwrap()).await.unwrap();
        let mut b = PersonInput { service_number: "TR-20".into(), ..person("TR-20", tr_u) };
        b.rank = "OF-4".into();
        s.create_person(&tr, &b.validate().unwrap()).await.unwrap();

        assert_eq!(
            s.list_people(&tr, &PeopleFilter { q: Some("hadd".into()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1,
            "{}",
            db.label
        );
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { q: Some("omar haddad".into()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { q: Some("sy-20".into()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { rank_min: Some(Rank::parse("OF-1").unwrap()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { rank_max: Some(Rank::parse("WO-1").unwrap()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { language: Some("ar".into()), ..Default::default() })
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        // SY did not release units: TR cannot find SY people by unit.
        assert_eq!(
            s.list_people(&tr, &PeopleFilter { unit_id: Some(sy_u), ..Default::default() }).await.unwrap().items.len(),
            0
        );
        assert_eq!(
            s.list_people(&sy, &PeopleFilter { unit_id: Some(sy_u), ..Default::default() }).await.unwrap().total,
            1
        );
        // SY does not see TR's private phone even by searching for it.
        assert_eq!(
            s.list_people(&sy, &PeopleFilter { q: Some("CANARY".into()), ..Default::default() })
                .await
                .unwrap()
                .items
                .iter()
                .filter(|p| p.party == "TR")
                .count(),
            0
        );
    }
}
