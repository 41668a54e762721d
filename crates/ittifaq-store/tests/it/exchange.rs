//! Personnel exchange: eligibility explained rule by rule, the two keys (the
//! sending party approves, the host accepts), quotas and the waiting list that
//! moves up when a seat frees, on both backends.

use ittifaq_core::id::{NominationId, PersonId, SessionId};
use std::collections::BTreeMap;

use ittifaq_core::Role;
use ittifaq_core::agreement::Names;
use ittifaq_store::exchange::{NominationInput, SessionInput};
use ittifaq_store::registry::CourseInput;
use ittifaq_store::{Store, StoreError};

use crate::support::{actor, databases, databases_on_one_connection, person, unit};

pub async fn course(s: &Store, code: &str) -> i64 {
    let tr = actor("TR", Role::InstitutionStaff);
    let namtem = s.list_institutions().await.unwrap().into_iter().find(|i| i.code == "TR-NAMTEM").unwrap();
    s.create_course(
        &tr,
        &CourseInput {
            code: code.into(),
            institution_id: namtem.id,
            domain: "mine_clearance".into(),
            article: Some("3".into()),
            title: Names {
                en: "Mine clearance operator".into(),
                tr: "Mayın temizleme operatörü".into(),
                ar: "مشغل إزالة الألغام".into(),
            },
            language: "ar".into(),
            min_rank: Some("OR-3".into()),
            max_rank: Some("OF-3".into()),
            duration_days: 10,
            capacity: 2,
            requires: vec!["EOD-BASIC".into()],
            grants: Some("MC-OPERATOR".into()),
            description: None,
        },
    )
    .await
    .unwrap()
    .id
}

pub async fn session(s: &Store, course_id: i64, code: &str, start: &str, end: &str) -> i64 {
    let tr = actor("TR", Role::InstitutionStaff);
    let quota = BTreeMap::from([("SY".to_owned(), 1), ("TR".to_owned(), 1)]);
    let input = SessionInput {
        code: code.into(),
        course_id,
        start: start.into(),
        end: end.into(),
        place: "Ankara".into(),
        capacity: 2,
        quota,
    };
    s.create_course_session(&tr, &input).await.unwrap().id.get()
}

pub fn nom(session_id: i64, person_id: i64) -> NominationInput {
    NominationInput {
        session_id: SessionId(session_id),
        person_id: PersonId(person_id),
        priority: 1,
        comment: "ready".into(),
    }
}

#[tokio::test]
async fn every_failed_eligibility_rule_is_explained() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let c = course(s, "MC-201").await;
        let sid = session(s, c, "MC-201/1", "2027-03-01", "2027-03-10").await;
        let u = unit(s, "SY", "SY-ENG").await;
        let sy = actor("SY", Role::JointOffice);
        let mut p = person("SY-1", u);
        p.rank = "OF-6".into();
        p.languages = vec!["tr".into()];
        p.qualifications = vec![];
        let p = s.create_person(&sy, &p.validate().unwrap()).await.unwrap();
        match s.nominate(&sy, &nom(sid, p.id.get())).await.unwrap_err() {
            StoreError::Ineligible(reasons) => {
                let all = reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join(" | ");
                assert!(all.contains("rank: OF-6 is above"), "{}: {all}", db.label);
                assert!(all.contains("language: the course is taught in ar"), "{all}");
                assert!(all.contains("prerequisite: the course requires the qualification EOD-BASIC"), "{all}");
                assert_eq!(reasons.len(), 3);
            }
            other => panic!("{other}"),
        }
        // The other party cannot nominate SY's people.
        let tr = actor("TR", Role::JointOffice);
        assert!(matches!(s.nominate(&tr, &nom(sid, p.id.get())).await.unwrap_err(), StoreError::Forbidden(_)));
    }
}

#[tokio::test]
async fn two_keys_commit_a_seat_and_the_waiting_list_moves_up() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let c = course(s, "MC-201").await;
        let sid = session(s, c, "MC-201/1", "2027-03-01", "2027-03-10").await;
        let u = unit(s, "SY", "SY-ENG").await;
        let sy_cmd = actor("SY", Role::JointOffice);
        let sy_office = actor("SY", Role::JointOffice);
        let tr_office = actor("TR", Role::JointOffice);
        let mut a = person("SY-A", u);
        a.languages = vec!["ar".into()];
        let a = s.create_person(&sy_cmd, &a.validate().unwrap()).await.unwrap();
        let mut b = person("SY-B", u);
        b.languages = vec!["ar".into()];
        let b = s.create_person(&sy_cmd, &b.validate().unwrap()).await.unwrap();

        let na = s.nominate(&sy_cmd, &nom(sid, a.id.get())).await.unwrap();
        assert_eq!(na.status, "nominated", "{}", db.label);
        assert!(matches!(s.nominate(&sy_cmd, &nom(sid, a.id.get())).await.unwrap_err(), StoreError::Conflict(_)));
        // Neither key alone: the host cannot accept before the sender approves,
        // the sender cannot accept, the host cannot approve.
        assert!(matches!(s.accept(&tr_office, na.id, "").await.unwrap_err(), StoreError::Conflict(_)));
        assert!(matches!(s.approve(&tr_office, na.id, "").await.unwrap_err(), StoreError::Forbidden(_)));
        assert_eq!(
            s.get_nomination(&sy_office, na.id).await.unwrap().status,
            "nominated",
            "the refused key moved nothing"
        );
        let approved = s.approve(&sy_office, na.id, "cleared by the office").await.unwrap();
        assert_eq!((approved.status.code(), approved.history.len()), ("approved", 2));
        // The key turns once; a nomination that does not exist is named.
        let e = s.approve(&sy_office, na.id, "again").await.unwrap_err().to_string();
        assert!(e.contains(&format!("nomination {} is Approved, not awaiting approval", na.id)), "{e}");
        let e = s.approve(&sy_office, NominationId(999_999), "").await.unwrap_err();
        assert!(matches!(&e, StoreError::NotFound(what) if what.to_string() == "Nomination 999999"), "{e}");
        assert_eq!(
            s.get_nomination(&sy_office, na.id).await.unwrap().history.len(),
            2,
            "the refused keys left no step"
        );
        assert!(matches!(s.accept(&sy_office, na.id, "").await.unwrap_err(), StoreError::Forbidden(_)));
        assert_eq!(
            s.get_course_session(SessionId(sid)).await.unwrap().seats_taken,
            0,
            "approval alone commits no seat"
        );
        let accepted = s.accept(&tr_office, na.id, "welcome").await.unwrap();
        assert_eq!(accepted.status, "accepted");
        assert_eq!(s.get_course_session(SessionId(sid)).await.unwrap().seats_taken, 1);
        let steps: Vec<(&str, &str)> =
            accepted.history.iter().map(|h| (h.step.as_str(), h.actor_party.as_str())).collect();
        assert_eq!(steps, [("nominate", "SY"), ("approve", "SY"), ("accept", "TR")]);
        assert_eq!(accepted.history[1].comment, "cleared by the office");

        // SY's quota is one seat: the second goes on the waiting list.
        let nb = s.nominate(&sy_cmd, &nom(sid, b.id.get())).await.unwrap();
        s.approve(&sy_office, nb.id, "").await.unwrap();
        assert_eq!(s.accept(&tr_office, nb.id, "").await.unwrap().status, "waitlisted");
        // Withdrawing the first frees the seat, and the waiting list moves up.
        assert!(matches!(s.withdraw(&tr_office, na.id, "").await.unwrap_err(), StoreError::Forbidden(_)));
        s.withdraw(&sy_office, na.id, "injured").await.unwrap();
        let promoted = s.get_nomination(&sy_office, nb.id).await.unwrap();
        assert_eq!(promoted.status, "accepted", "{}", db.label);
        assert_eq!(promoted.history.last().unwrap().step, "promote");
        assert_eq!(s.get_course_session(SessionId(sid)).await.unwrap().seats_taken, 1);
        // Every step is in the audit record.
        let log = s.audit_all().await.unwrap();
        assert!(log.iter().filter(|e| e.object_type == "nomination").count() >= 8);
    }
}

#[tokio::test]
async fn overlapping_commitments_and_the_units_cap_are_refused() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let c = course(s, "MC-201").await;
        let first = session(s, c, "MC-201/1", "2027-03-01", "2027-03-10").await;
        let overlapping = session(s, c, "MC-201/2", "2027-03-08", "2027-03-20").await;
        let later = session(s, c, "MC-201/3", "2027-04-01", "2027-04-10").await;
        let u = unit(s, "SY", "SY-ENG").await;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);
        let mut p = person("SY-A", u);
        p.languages = vec!["ar".into()];
        let p = s.create_person(&sy, &p.validate().unwrap()).await.unwrap();
        let n = s.nominate(&sy, &nom(first, p.id.get())).await.unwrap();
        s.approve(&sy, n.id, "").await.unwrap();
        s.accept(&tr, n.id, "").await.unwrap();
        match s.nominate(&sy, &nom(overlapping, p.id.get())).await.unwrap_err() {
            StoreError::Ineligible(r) => {
                assert!(
                    r[0].to_string().starts_with("overlap: already committed to session MC-201/1"),
                    "{}: {r:?}",
                    db.label
                )
            }
            other => panic!("{other}"),
        }
        s.nominate(&sy, &nom(later, p.id.get())).await.unwrap();
        let backwards = SessionInput {
            code: "X".into(),
            course_id: c,
            start: "2027-05-10".into(),
            end: "2027-05-01".into(),
            place: "Ankara".into(),
            capacity: 2,
            quota: BTreeMap::new(),
        };
        let bad = s.create_course_session(&tr, &backwards);
        assert!(matches!(bad.await.unwrap_err(), StoreError::Invalid { field, .. } if field == "end"));
    }
}

#[tokio::test]
async fn sessions_move_through_their_statuses_and_a_nominee_can_be_replaced() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let c = course(s, "MC-201").await;
        let sid = session(s, c, "MC-201/1", "2027-03-01", "2027-03-10").await;
        let u = unit(s, "SY", "SY-ENG").await;
        let sy = actor("SY", Role::JointOffice);
        let tr = actor("TR", Role::JointOffice);
        let mut a = person("SY-A", u);
        a.languages = vec!["ar".into()];
        let a = s.create_person(&sy, &a.validate().unwrap()).await.unwrap();
        let mut b = person("SY-B", u);
        b.languages = vec!["ar".into()];
        let b = s.create_person(&sy, &b.validate().unwrap()).await.unwrap();
        let mut c3 = person("SY-C", u);
        c3.languages = vec!["tr".into()];
        let c3 = s.create_person(&sy, &c3.validate().unwrap()).await.unwrap();

        let n = s.nominate(&sy, &nom(sid, a.id.get())).await.unwrap();
        s.approve(&sy, n.id, "").await.unwrap();
        // An ineligible replacement changes nothing.
        assert!(matches!(s.replace_nominee(&sy, n.id, c3.id, "").await.unwrap_err(), StoreError::Ineligible(_)));
        assert_eq!(s.get_nomination(&sy, n.id).await.unwrap().status, "approved", "{}", db.label);
        assert!(matches!(s.replace_nominee(&tr, n.id, b.id, "").await.unwrap_err(), StoreError::Forbidden(_)));
        let r = s.replace_nominee(&sy, n.id, b.id, "injured").await.unwrap();
        assert_eq!((r.status.code(), r.person.id), ("nominated", b.id));
        assert_eq!(s.get_nomination(&sy, n.id).await.unwrap().status, "withdrawn");

        // Only the host moves the session, and only along the allowed moves.
        assert!(matches!(
            s.set_session_status(&sy, SessionId(sid), "confirmed").await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(matches!(
            s.set_session_status(&tr, SessionId(sid), "completed").await.unwrap_err(),
            StoreError::Conflict(_)
        ));
        assert!(matches!(
            s.set_session_status(&tr, SessionId(sid), "finished").await.unwrap_err(),
            StoreError::Invalid { .. }
        ));
        assert_eq!(s.set_session_status(&tr, SessionId(sid), "confirmed").await.unwrap().status, "confirmed");
        // No nominations once the session is no longer open.
        let mut d = person("SY-D", u);
        d.languages = vec!["ar".into()];
        let d = s.create_person(&sy, &d.validate().unwrap()).await.unwrap();
        assert!(matches!(s.nominate(&sy, &nom(sid, d.id.get())).await.unwrap_err(), StoreError::Conflict(_)));
        // Cancelling ends the nominations still claiming a place.
        s.set_session_status(&tr, SessionId(sid), "cancelled").await.unwrap();
        let ended = s.get_nomination(&sy, r.id).await.unwrap();
        assert_eq!(ended.status, "cancelled");
        assert_eq!(ended.history.last().unwrap().step, "cancel");
    }
}
