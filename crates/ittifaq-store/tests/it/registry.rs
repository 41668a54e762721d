//! Units and institutions: edits and archives by their own party only, no
//! cycles in the unit hierarchy, no archive that would strand members.

use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_core::id::{InstitutionId, UnitId};
use ittifaq_store::StoreError;
use ittifaq_store::registry::{InstitutionInput, UnitInput};

use crate::support::{actor, databases, person, unit};

fn unit_input(code: &str, parent: Option<i64>) -> UnitInput {
    UnitInput {
        code: code.into(),
        parent_id: parent,
        name_en: "Unit".into(),
        name_tr: "Birlik".into(),
        name_ar: "وحدة".into(),
        max_away: Some(2),
    }
}

#[tokio::test]
async fn units_are_edited_and_archived_by_their_own_party_without_cycles() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let top = unit(s, "TR", "TR-TOP").await;
        let mid = s.create_unit(&tr, &unit_input("TR-MID", Some(top))).await.unwrap().id;
        let low = s.create_unit(&tr, &unit_input("TR-LOW", Some(mid))).await.unwrap().id;
        // A unit under its own descendant would make a cycle.
        let err = s.update_unit(&tr, UnitId(top), &unit_input("TR-TOP", Some(low))).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid { field, .. } if field == "parent_id"), "{}: {err}", db.label);
        let err = s.update_unit(&tr, UnitId(top), &unit_input("TR-TOP", Some(top))).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid { .. }));
        // The other party can neither rename nor archive it.
        assert!(matches!(
            s.update_unit(&sy, UnitId(mid), &unit_input("SY-MINE", None)).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(matches!(s.archive_unit(&sy, UnitId(low)).await.unwrap_err(), StoreError::Forbidden(_)));
        let renamed = s.update_unit(&tr, UnitId(mid), &unit_input("TR-MID2", None)).await.unwrap();
        assert_eq!((renamed.code.as_str(), renamed.parent_id), ("TR-MID2", None));
        // A unit with active members or sub-units stays.
        s.create_person(&tr, &person("TR-50", low).validate().unwrap()).await.unwrap();
        assert!(matches!(s.archive_unit(&tr, UnitId(low)).await.unwrap_err(), StoreError::Conflict(_)), "{}", db.label);
        let empty = s.create_unit(&tr, &unit_input("TR-EMPTY", None)).await.unwrap().id;
        assert!(s.archive_unit(&tr, UnitId(empty)).await.unwrap().archived);
        // Archived units take no new people.
        let err = s.create_person(&tr, &person("TR-51", empty).validate().unwrap()).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    }
}

#[tokio::test]
async fn institutions_are_edited_and_archived_by_their_own_party() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::InstitutionStaff);
        let sy = actor("SY", Role::InstitutionStaff);
        let msu = s.list_institutions().await.unwrap().into_iter().find(|i| i.code == "TR-MSU").unwrap();
        let input = InstitutionInput {
            code: "TR-MSU".into(),
            name: Names {
                en: "National Defence University".into(),
                tr: "Millî Savunma Üniversitesi".into(),
                ar: "جامعة الدفاع الوطني".into(),
            },
            city: "Ankara".into(),
            domains: vec!["cyber_defence".into()],
        };
        assert!(
            matches!(
                s.update_institution(&sy, InstitutionId(msu.id), &input).await.unwrap_err(),
                StoreError::Forbidden(_)
            ),
            "{}",
            db.label
        );
        let mut bad = input.clone();
        bad.domains = vec!["underwater_basket_weaving".into()];
        let err = s.update_institution(&tr, InstitutionId(msu.id), &bad).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid { field, .. } if field == "domains"), "{err}");
        let m = s.update_institution(&tr, InstitutionId(msu.id), &input).await.unwrap();
        assert_eq!((m.city.as_str(), m.domains.as_str()), ("Ankara", ",cyber_defence,"));
        assert!(matches!(
            s.archive_institution(&sy, InstitutionId(msu.id)).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        s.archive_institution(&tr, InstitutionId(msu.id)).await.unwrap();
        assert!(s.list_institutions().await.unwrap().iter().all(|i| i.id != msu.id));
    }
}
