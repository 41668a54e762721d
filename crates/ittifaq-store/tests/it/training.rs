//! Training after the two keys, on both backends: the vetting gate before the
//! travel order, arrival and departure, attendance, assessments, the result
//! granting the qualification that satisfies a prerequisite, the trainee's
//! evaluation, and certificates issued and revoked.

use ittifaq_core::id::{NominationId, PersonId, SessionId};
use std::collections::BTreeMap;

use ittifaq_core::{PartyCode, Role};
use ittifaq_store::audit_view::{AuditFilter, AuditView};
use ittifaq_store::training::{AssessmentInput, AttendanceInput, EvaluationInput, ResultInput, VettingInput};
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Store, StoreError};

use crate::exchange::{course, nom, session};
use crate::support::{actor, databases, databases_on_one_connection, instructor, person, unit};

fn vet(check: &str, outcome: &str) -> VettingInput {
    let level = (check == "language").then(|| "B2".into());
    VettingInput { check: check.into(), outcome: outcome.into(), comment: format!("{check} reviewed"), level }
}

/// An SY person accepted into a TR session of 2027-03-01 – 2027-03-03: returns (nomination, person).
async fn enrolled(s: &Store) -> (i64, i64, i64) {
    let c = course(s, "MC-301").await;
    let sid = session(s, c, "MC-301/1", "2027-03-01", "2027-03-03").await;
    let u = unit(s, "SY", "SY-ENG").await;
    let sy = actor("SY", Role::JointOffice);
    let mut p = person("SY-77", u);
    p.languages = vec!["ar".into()];
    let p = s.create_person(&sy, &p.validate().unwrap()).await.unwrap();
    let n = s.nominate(&sy, &nom(sid, p.id.get())).await.unwrap();
    s.approve(&actor("SY", Role::JointOffice), n.id, "").await.unwrap();
    s.accept(&actor("TR", Role::JointOffice), n.id, "").await.unwrap();
    (n.id.get(), p.id.get(), sid)
}

fn is_conflict(e: StoreError, needle: &str) -> bool {
    matches!(&e, StoreError::Conflict(m) if m.to_string().contains(needle))
        || panic!("expected a conflict with {needle}, got {e}")
}

#[tokio::test]
async fn no_travel_order_before_every_check_passed_by_the_responsible_party() {
    for db in databases().await {
        let s = &db.store;
        let (id, _, _) = enrolled(s).await;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        // The host may not record the sending party's checks, nor the other way round.
        let e = s.record_vetting(&tr, NominationId(id), &vet("security", "passed")).await.unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{}: {e}", db.label);
        let e = s.record_vetting(&sy, NominationId(id), &vet("language", "passed")).await.unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{}: {e}", db.label);
        let e = s.record_vetting(&sy, NominationId(id), &vet("fitness", "passed")).await.unwrap_err();
        assert!(e.to_string().contains("security, medical, language"), "{e}");
        let e = s.record_vetting(&sy, NominationId(id), &vet("security", "maybe")).await.unwrap_err();
        assert!(e.to_string().starts_with("outcome:"), "{e}");

        s.record_vetting(&sy, NominationId(id), &vet("security", "passed")).await.unwrap();
        s.record_vetting(&sy, NominationId(id), &vet("medical", "failed")).await.unwrap();
        s.record_vetting(&tr, NominationId(id), &vet("language", "passed")).await.unwrap();
        let e = s.prepare_travel_order(&tr, NominationId(id)).await.unwrap_err();
        assert!(is_conflict(e, "not passed yet: medical"));
        // The medical board re-examines: the latest outcome counts.
        s.record_vetting(&sy, NominationId(id), &vet("medical", "passed")).await.unwrap();
        let record = s.training_record(&tr, NominationId(id)).await.unwrap();
        assert!(record.vetting_passed);
        // The host does not see the sending party's comments; the sender does.
        let security = record.vetting.iter().find(|v| v.code == "security").unwrap();
        assert_eq!(security.comment, None);
        let as_sy = s.training_record(&sy, NominationId(id)).await.unwrap();
        assert_eq!(as_sy.vetting[0].comment.as_deref(), Some("security reviewed"));

        // Only the host issues the order.
        assert!(matches!(s.prepare_travel_order(&sy, NominationId(id)).await.unwrap_err(), StoreError::Forbidden(_)));
        let data = s.prepare_travel_order(&tr, NominationId(id)).await.unwrap();
        assert_eq!(data.reference, format!("ITO-TR-2027-{id:06}"));
        assert_eq!(data.person_name, "Ayşe Yılmaz");
        assert_eq!(data.vetting.len(), 3);
        s.issue_travel_order(&tr, NominationId(id), &data, b"%PDF-order".to_vec()).await.unwrap();
        let e = s.issue_travel_order(&tr, NominationId(id), &data, b"%PDF-again".to_vec()).await.unwrap_err();
        assert!(is_conflict(e, "already issued"));
        let (reference, pdf) = s.travel_order_pdf(&sy, NominationId(id)).await.unwrap();
        assert_eq!((reference.as_str(), pdf.as_slice()), (data.reference.as_str(), b"%PDF-order".as_slice()));
        // After the order, vetting is closed.
        let e = s.record_vetting(&sy, NominationId(id), &vet("medical", "failed")).await.unwrap_err();
        assert!(is_conflict(e, "already issued"));
        let steps: Vec<String> = s
            .training_record(&tr, NominationId(id))
            .await
            .unwrap()
            .nomination
            .history
            .into_iter()
            .map(|h| h.step)
            .collect();
        assert!(
            steps.contains(&"vetting:medical:failed".to_owned()) && steps.ends_with(&["order".to_owned()]),
            "{steps:?}"
        );
    }
}

async fn ordered(s: &Store) -> (i64, i64, i64) {
    let (id, p, sid) = enrolled(s).await;
    let tr = actor("TR", Role::JointOffice);
    let sy = actor("SY", Role::JointOffice);
    for (who, check) in [(&sy, "security"), (&sy, "medical"), (&tr, "language")] {
        s.record_vetting(who, NominationId(id), &vet(check, "passed")).await.unwrap();
    }
    let data = s.prepare_travel_order(&tr, NominationId(id)).await.unwrap();
    s.issue_travel_order(&tr, NominationId(id), &data, b"%PDF".to_vec()).await.unwrap();
    (id, p, sid)
}

#[tokio::test]
async fn arrival_attendance_result_and_the_qualification_it_grants() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let sy = actor("SY", Role::JointOffice);
        let (id, person_id, sid) = enrolled(s).await;
        let teacher = instructor(s, "TR", sid).await;
        let e = s.confirm_arrival(&tr, NominationId(id), "2027-02-28").await.unwrap_err();
        assert!(is_conflict(e, "no travel order"));
        for (who, check) in [(&sy, "security"), (&sy, "medical"), (&tr, "language")] {
            s.record_vetting(who, NominationId(id), &vet(check, "passed")).await.unwrap();
        }
        let data = s.prepare_travel_order(&tr, NominationId(id)).await.unwrap();
        s.issue_travel_order(&tr, NominationId(id), &data, b"%PDF".to_vec()).await.unwrap();
        assert!(matches!(
            s.confirm_arrival(&sy, NominationId(id), "2027-02-28").await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        let e = s.confirm_arrival(&tr, NominationId(id), "2027-03-09").await.unwrap_err();
        assert!(e.to_string().contains("after the session ends"), "{e}");
        s.confirm_arrival(&tr, NominationId(id), "2027-02-28").await.unwrap();
        // Who is abroad: on the day of arrival, not the day before.
        assert_eq!(s.abroad(&sy, "2027-02-27").await.unwrap().len(), 0);
        let abroad = s.abroad(&sy, "2027-03-01").await.unwrap();
        assert_eq!(abroad.len(), 1, "{}", db.label);
        assert_eq!((abroad[0].person.id.get(), abroad[0].unit_code.as_deref()), (person_id, Some("SY-ENG")));
        // The host sees the person abroad too, but not the unit SY does not release.
        assert_eq!(s.abroad(&tr, "2027-03-01").await.unwrap()[0].unit_code, None);

        // Attendance: only once the session is confirmed, only on its days, only the host.
        let sheet =
            |day: &str, mark: &str| AttendanceInput { day: day.into(), marks: BTreeMap::from([(id, mark.to_owned())]) };
        let e = s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-01", "present")).await.unwrap_err();
        assert!(is_conflict(e, "attendance is not taken"));
        s.set_session_status(&tr, SessionId(sid), "confirmed").await.unwrap();
        let e = s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-04", "present")).await.unwrap_err();
        assert!(e.to_string().contains("not a day of session"), "{e}");
        let e = s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-01", "late")).await.unwrap_err();
        assert!(e.to_string().contains("\"late\" is not one of present, absent, excused"), "{e}");
        let e =
            s.record_attendance(&actor("SY", Role::Instructor), SessionId(sid), &sheet("2027-03-01", "present")).await;
        assert!(matches!(e.unwrap_err(), StoreError::Forbidden(_)));
        let mut bad = sheet("2027-03-01", "present");
        bad.marks.insert(999_999, "present".into());
        let e = s.record_attendance(&teacher, SessionId(sid), &bad).await.unwrap_err();
        assert!(e.to_string().contains("nomination 999999 is not of session"), "{e}");
        // Nothing of the refused sheet was stored.
        let (_, rows) = s.attendance_sheet(&teacher, SessionId(sid), "2027-03-01").await.unwrap();
        assert_eq!(rows[0].1, None);
        s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-01", "present")).await.unwrap();
        s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-02", "absent")).await.unwrap();
        s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-02", "excused")).await.unwrap();
        // The audit log holds each change with the mark it replaced; saving the
        // same sheet again (a tablet's autosave) changes and records nothing.
        let of_session = AuditFilter {
            object_type: Some("session".into()),
            object_id: Some(sid.to_string()),
            limit: 0,
            ..Default::default()
        };
        let attendance = |log: Vec<AuditView>| {
            log.into_iter().filter(|a| a.action == "attendance").map(|a| (a.before, a.after)).collect::<Vec<_>>()
        };
        let logged = attendance(s.audit_list(&teacher, &of_session).await.unwrap());
        assert_eq!(logged.len(), 3, "{logged:?}");
        let key = id.to_string();
        assert_eq!(logged[0].0.as_ref().unwrap()["marks"][&key], "absent");
        assert_eq!(logged[0].1.as_ref().unwrap()["marks"][&key], "excused");
        assert_eq!(logged[2].0.as_ref().unwrap()["marks"][&key], serde_json::Value::Null);
        assert_eq!(s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-02", "excused")).await.unwrap(), 1);
        assert_eq!(attendance(s.audit_list(&teacher, &of_session).await.unwrap()), logged);
        // Instructors saving a new day at the same moment all succeed (on PostgreSQL their
        // transactions overlap); one of their marks stands.
        let saves: Vec<_> = ["absent", "excused", "present", "absent", "excused", "present", "absent", "excused"]
            .into_iter()
            .map(|mark| {
                let (s, teacher, input) = (s.clone(), teacher.clone(), sheet("2027-03-03", mark));
                tokio::spawn(async move { s.record_attendance(&teacher, SessionId(sid), &input).await })
            })
            .collect();
        for save in saves {
            save.await.unwrap().unwrap_or_else(|e| panic!("{}: a concurrent save failed: {e}", db.label));
        }
        let (_, rows) = s.attendance_sheet(&teacher, SessionId(sid), "2027-03-03").await.unwrap();
        assert!(rows[0].1.is_some(), "{}", db.label);
        // The saves took turns: each one audited replaces the mark the one before it left,
        // and the last one audited left the mark that stands.
        let mut day3: Vec<_> = attendance(s.audit_list(&teacher, &of_session).await.unwrap())
            .into_iter()
            .filter(|(_, after)| after.as_ref().unwrap()["day"] == "2027-03-03")
            .map(|(before, after)| (before.unwrap()["marks"][&key].clone(), after.unwrap()["marks"][&key].clone()))
            .collect();
        day3.reverse();
        assert_eq!(day3[0].0, serde_json::Value::Null, "{}: {day3:?}", db.label);
        for pair in day3.windows(2) {
            assert_eq!(pair[1].0, pair[0].1, "{}: a save audited a mark it did not replace: {day3:?}", db.label);
        }
        assert_eq!(day3.last().unwrap().1.as_str(), rows[0].1.as_deref(), "{}", db.label);
        s.record_attendance(&teacher, SessionId(sid), &sheet("2027-03-03", "present")).await.unwrap();
        let record = s.training_record(&sy, NominationId(id)).await.unwrap();
        assert_eq!(
            record.attendance,
            BTreeMap::from([
                ("2027-03-01".into(), "present".into()),
                ("2027-03-02".into(), "excused".into()),
                ("2027-03-03".into(), "present".into())
            ])
        );

        let e = s
            .record_assessment(&teacher, NominationId(id), &AssessmentInput { name: "Field test".into(), score: 101 })
            .await;
        assert!(e.unwrap_err().to_string().starts_with("score:"));
        s.record_assessment(&teacher, NominationId(id), &AssessmentInput { name: "Field test".into(), score: 87 })
            .await
            .unwrap();

        // The result waits for the session to run; a failure needs its reason.
        let done = ResultInput { outcome: "completed".into(), grade: Some("B+".into()), reason: String::new() };
        let e = s.record_result(&teacher, NominationId(id), &done).await.unwrap_err();
        assert!(is_conflict(e, "once it runs"));
        s.set_session_status(&tr, SessionId(sid), "running").await.unwrap();
        let fail = ResultInput { outcome: "failed".into(), grade: None, reason: " ".into() };
        assert!(
            s.record_result(&teacher, NominationId(id), &fail).await.unwrap_err().to_string().starts_with("reason:")
        );
        assert!(matches!(s.record_result(&sy, NominationId(id), &done).await.unwrap_err(), StoreError::Forbidden(_)));
        let record = s.record_result(&teacher, NominationId(id), &done).await.unwrap();
        assert_eq!((record.nomination.status.code(), record.grade.as_deref()), ("completed", Some("B+")));
        // The course's qualification is the person's now, and satisfies a prerequisite.
        let p = s.get_person(&sy, PersonId(person_id)).await.unwrap();
        assert!(p.qualifications.unwrap().contains(&"MC-OPERATOR".to_owned()));
        // The seat stays taken after completion.
        assert_eq!(s.get_course_session(SessionId(sid)).await.unwrap().seats_taken, 1);
        // The catalog, read in a few queries, counts the same seats and carries the same session.
        let listed = s.list_course_sessions().await.unwrap().into_iter().find(|x| x.id == SessionId(sid)).unwrap();
        let one = s.get_course_session(SessionId(sid)).await.unwrap();
        assert_eq!(serde_json::to_value(&listed).unwrap(), serde_json::to_value(&one).unwrap());
        let from_list = s.session_nominations(&sy, SessionId(sid)).await.unwrap();
        let single = s.get_nomination(&sy, NominationId(id)).await.unwrap();
        assert_eq!(
            serde_json::to_value(&from_list[0]).unwrap(),
            serde_json::to_value(&single).unwrap(),
            "the batched nominations equal the one read alone"
        );

        // The sending party's plan: who of its units is away when, until they come back.
        let plan = s.away_plan(&sy, "2027-01-01").await.unwrap();
        assert_eq!(plan.len(), 1, "{}", db.label);
        assert_eq!((plan[0].unit_code.as_deref(), plan[0].start.as_str()), (Some("SY-ENG"), "2027-03-01"));
        assert!(s.away_plan(&tr, "2027-01-01").await.unwrap().is_empty(), "TR's plan holds TR's people only");
        assert!(s.away_plan(&sy, "2027-03-04").await.unwrap().is_empty(), "the session ended before");
        s.confirm_departure(&tr, NominationId(id), "2027-03-04").await.unwrap();
        assert_eq!(s.abroad(&sy, "2027-03-04").await.unwrap().len(), 0);
        assert_eq!(s.abroad(&sy, "2027-03-03").await.unwrap().len(), 1);
        assert!(s.away_plan(&sy, "2027-01-01").await.unwrap().is_empty(), "back home");
        let e = s.confirm_departure(&tr, NominationId(id), "2027-03-05").await.unwrap_err();
        assert!(is_conflict(e, "already confirmed"));
    }
}

#[tokio::test]
async fn a_completed_course_grants_the_prerequisite_of_the_next() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let (id, person_id, sid) = ordered(s).await;
        s.confirm_arrival(&tr, NominationId(id), "2027-03-01").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "confirmed").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "running").await.unwrap();
        // An advanced course requires MC-OPERATOR, which the person does not hold yet.
        let advanced = s
            .create_course(&actor("TR", Role::InstitutionStaff), &{
                let mut c = ittifaq_store::registry::CourseInput {
                    code: "MC-401".into(),
                    institution_id: s
                        .list_institutions()
                        .await
                        .unwrap()
                        .into_iter()
                        .find(|i| i.code == "TR-NAMTEM")
                        .unwrap()
                        .id,
                    domain: "mine_clearance".into(),
                    article: None,
                    title: ittifaq_core::agreement::Names {
                        en: "Advanced".into(),
                        tr: "İleri".into(),
                        ar: "متقدم".into(),
                    },
                    language: "ar".into(),
                    min_rank: None,
                    max_rank: None,
                    duration_days: 3,
                    capacity: 4,
                    requires: vec![],
                    grants: None,
                    description: None,
                };
                c.requires = vec!["MC-OPERATOR".into()];
                c
            })
            .await
            .unwrap();
        let next = session(s, advanced.id, "MC-401/1", "2027-05-01", "2027-05-03").await;
        let sy = actor("SY", Role::JointOffice);
        let e = s.nominate(&sy, &nom(next, person_id)).await.unwrap_err();
        assert!(e.to_string().contains("prerequisite: the course requires the qualification MC-OPERATOR"), "{e}");
        let done = ResultInput { outcome: "completed".into(), grade: None, reason: String::new() };
        s.record_result(&tr, NominationId(id), &done).await.unwrap();
        s.nominate(&sy, &nom(next, person_id)).await.unwrap();
    }
}

#[tokio::test]
async fn only_the_trainee_evaluates_and_certificates_are_issued_once_and_revoked_by_the_issuer() {
    // Also on one connection: no step may need a second while it holds one.
    for db in databases().await.into_iter().chain(databases_on_one_connection().await) {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        let (id, person_id, sid) = ordered(s).await;
        s.confirm_arrival(&tr, NominationId(id), "2027-03-01").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "confirmed").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "running").await.unwrap();

        let sy_admin = Actor::system(PartyCode::parse("SY").unwrap());
        let user = s
            .create_user(
                &sy_admin,
                &NewUser {
                    username: "sy.trainee77".into(),
                    display_name: "Trainee".into(),
                    password_hash: "x".into(),
                    party: PartyCode::parse("SY").unwrap(),
                    role: Role::Trainee,
                    unit_id: None,
                },
            )
            .await
            .unwrap();
        s.link_user_person(&sy_admin, user.id, person_id).await.unwrap();
        let trainee = Actor { user_id: Some(user.id), ..actor("SY", Role::Trainee) };
        let stranger = actor("SY", Role::Trainee);
        let eval = EvaluationInput { rating: 4, comment: "Useful field days".into() };
        // Another trainee does not learn that the enrolment exists.
        assert!(matches!(
            s.record_evaluation(&stranger, NominationId(id), &eval).await.unwrap_err(),
            StoreError::NotFound(_)
        ));
        let e = s
            .record_evaluation(&trainee, NominationId(id), &EvaluationInput { rating: 6, comment: String::new() })
            .await;
        assert!(e.unwrap_err().to_string().starts_with("rating:"));
        let record = s.record_evaluation(&trainee, NominationId(id), &eval).await.unwrap();
        assert!(record.is_trainee);
        assert_eq!(record.evaluation.unwrap().rating, 4);
        assert!(is_conflict(
            s.record_evaluation(&trainee, NominationId(id), &eval).await.unwrap_err(),
            "already evaluated"
        ));
        // The trainee reads their own order, nobody else's.
        assert!(s.travel_order_pdf(&trainee, NominationId(id)).await.is_ok());
        assert!(matches!(s.travel_order_pdf(&stranger, NominationId(id)).await.unwrap_err(), StoreError::NotFound(_)));

        // A certificate only after completion, issued by the host.
        assert!(is_conflict(
            s.prepare_certificate(&tr, NominationId(id)).await.unwrap_err(),
            "cannot issue a certificate"
        ));
        let done = ResultInput { outcome: "completed".into(), grade: Some("A".into()), reason: String::new() };
        s.record_result(&tr, NominationId(id), &done).await.unwrap();
        assert!(matches!(
            s.prepare_certificate(&actor("SY", Role::JointOffice), NominationId(id)).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        db.clock.0.store(1_795_000_000_000, std::sync::atomic::Ordering::SeqCst); // 2026-11-17
        let data = s.prepare_certificate(&tr, NominationId(id)).await.unwrap();
        // The sequence number, then 60 random bits, so that codes cannot be walked.
        let (walkable, secret) = data.reference.rsplit_once('-').unwrap();
        assert_eq!(walkable, format!("CERT-TR-2027-{id:06}"));
        assert!(secret.len() == 12 && secret.bytes().all(|b| b.is_ascii_alphanumeric()), "{}", data.reference);
        assert_eq!((data.issued_on.as_str(), data.expires_on.as_deref()), ("2026-11-18", Some("2029-11-18")));
        assert_eq!(data.qualification.as_deref(), Some("MC-OPERATOR"));
        s.issue_certificate(&tr, NominationId(id), &data, "{\"id\":1}".into(), b"%PDF-cert".to_vec()).await.unwrap();
        assert!(is_conflict(
            s.issue_certificate(&tr, NominationId(id), &data, "{}".into(), b"%PDF".to_vec()).await.unwrap_err(),
            "already issued"
        ));
        let public = s.public_certificate(&data.reference).await.unwrap();
        assert_eq!(
            (public.holder.as_str(), public.revoked, public.payload.as_str()),
            ("Ayşe Yılmaz", false, "{\"id\":1}")
        );
        assert_eq!(s.certificate_pdf(&trainee, &data.reference).await.unwrap(), b"%PDF-cert");
        assert!(matches!(s.public_certificate("CERT-XX").await.unwrap_err(), StoreError::NotFound(_)));

        let sy = actor("SY", Role::JointOffice);
        assert!(matches!(
            s.revoke_certificate(&sy, &data.reference, "error").await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        assert!(s.revoke_certificate(&tr, &data.reference, "").await.unwrap_err().to_string().starts_with("reason:"));
        s.revoke_certificate(&tr, &data.reference, "issued in error").await.unwrap();
        let public = s.public_certificate(&data.reference).await.unwrap();
        assert_eq!((public.revoked, public.revoked_reason.as_deref()), (true, Some("issued in error")));
        assert!(is_conflict(s.revoke_certificate(&tr, &data.reference, "again").await.unwrap_err(), "already revoked"));
        // Every step is in the joint record.
        let actions: Vec<String> = s.audit_all().await.unwrap().into_iter().map(|a| a.action).collect();
        for a in ["evaluate", "issue", "revoke", "arrive", "order", "completed", "qualify", "link"] {
            assert!(actions.contains(&a.to_owned()), "{}: no {a} in {actions:?}", db.label);
        }
    }
}

#[tokio::test]
async fn the_exchange_report_counts_people_by_direction_and_outcome() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::JointOffice);
        // SY → TR: one completed and certified (then a second certificate revoked would not count).
        let (id, _, sid) = ordered(s).await;
        s.confirm_arrival(&tr, NominationId(id), "2027-03-01").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "confirmed").await.unwrap();
        s.set_session_status(&tr, SessionId(sid), "running").await.unwrap();
        let done = ResultInput { outcome: "completed".into(), grade: None, reason: String::new() };
        s.record_result(&tr, NominationId(id), &done).await.unwrap();
        let data = s.prepare_certificate(&tr, NominationId(id)).await.unwrap();
        s.issue_certificate(&tr, NominationId(id), &data, "{}".into(), b"%PDF".to_vec()).await.unwrap();
        // A second SY person only nominated for the same session.
        let u = unit(s, "SY", "SY-INF").await;
        let sy = actor("SY", Role::JointOffice);
        let mut p = person("SY-88", u);
        p.languages = vec!["ar".into()];
        let p = s.create_person(&sy, &p.validate().unwrap()).await.unwrap();
        let n = s.nominate(&sy, &nom(sid, p.id.get())).await;
        assert!(n.is_err(), "the session is running, no longer open");

        let period = ittifaq_store::reports::Period::new("2027-01-01", "2027-12-31").unwrap();
        let rows = s.exchange_report(&tr, &period).await.unwrap();
        assert_eq!(rows.len(), 1, "{}: {rows:?}", db.label);
        let r = &rows[0];
        assert_eq!((r.from.as_str(), r.to.as_str(), r.domain.as_str()), ("SY", "TR", "mine_clearance"));
        assert_eq!((r.nominated, r.accepted, r.went, r.completed, r.failed, r.certified), (1, 1, 1, 1, 0, 1));
        // A revoked certificate no longer counts; a period without sessions is empty.
        s.revoke_certificate(&tr, &data.reference, "issued in error").await.unwrap();
        assert_eq!(s.exchange_report(&tr, &period).await.unwrap()[0].certified, 0);
        let empty = ittifaq_store::reports::Period::new("2026-01-01", "2026-12-31").unwrap();
        assert!(s.exchange_report(&tr, &empty).await.unwrap().is_empty());
        let e = ittifaq_store::reports::Period::new("2027-12-31", "2027-01-01").unwrap_err();
        assert!(e.to_string().starts_with("to: the period ends"), "{e}");
    }
}

#[tokio::test]
async fn calendars_of_an_institution_a_unit_and_a_person() {
    for db in databases().await {
        let s = &db.store;
        let (id, person_id, sid) = enrolled(s).await;
        let sy = actor("SY", Role::JointOffice);
        let unit_id = s.get_person(&sy, PersonId(person_id)).await.unwrap().unit_id.unwrap();
        let f = |institution, unit, person| ittifaq_store::exchange::CalendarFilter { institution, unit, person };
        let all = s.calendar(&sy, &f(None, None, None)).await.unwrap();
        assert_eq!(all.len(), 1, "{}", db.label);
        let namtem = s.list_institutions().await.unwrap().into_iter().find(|i| i.code == "TR-NAMTEM").unwrap().id;
        let other = s.list_institutions().await.unwrap().into_iter().find(|i| i.code != "TR-NAMTEM").unwrap().id;
        assert_eq!(s.calendar(&sy, &f(Some(namtem), None, None)).await.unwrap().len(), 1);
        assert!(s.calendar(&sy, &f(Some(other), None, None)).await.unwrap().is_empty());
        let unit = s.calendar(&sy, &f(None, Some(unit_id), None)).await.unwrap();
        assert_eq!((unit.len(), unit[0].session.id.get()), (1, sid));
        assert_eq!(unit[0].people, [("Ayşe Yılmaz".to_owned(), "accepted".to_owned())]);
        let person = s.calendar(&sy, &f(None, None, Some(person_id))).await.unwrap();
        assert_eq!(person.len(), 1);
        // Another party's unit or person has no calendar for TR; a withdrawn nomination leaves it.
        let tr = actor("TR", Role::JointOffice);
        // SY did not release its units: one of them is, to TR, a unit that does not exist.
        assert!(matches!(s.calendar(&tr, &f(None, Some(unit_id), None)).await.unwrap_err(), StoreError::NotFound(_)));
        assert!(matches!(
            s.calendar(&tr, &f(None, None, Some(person_id))).await.unwrap_err(),
            StoreError::Forbidden(_)
        ));
        s.withdraw(&actor("SY", Role::JointOffice), NominationId(id), "").await.unwrap();
        assert!(s.calendar(&sy, &f(None, None, Some(person_id))).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_language_check_records_a_level_and_cannot_pass_below_the_agreements_minimum() {
    for db in databases().await {
        let s = &db.store;
        let (id, _, _) = enrolled(s).await;
        let tr = actor("TR", Role::InstitutionStaff);
        let with = |outcome: &str, level: Option<&str>| VettingInput {
            check: "language".into(),
            outcome: outcome.into(),
            comment: String::new(),
            level: level.map(str::to_owned),
        };
        let refused = |e: StoreError, needle: &str| {
            assert!(matches!(&e, StoreError::Invalid { field, .. } if *field == "level"), "{}: {e}", db.label);
            assert!(e.to_string().contains(needle), "{}: {e}", db.label);
        };
        // The agreement's language check is on the CEFR scale and passes from B1.
        refused(s.record_vetting(&tr, NominationId(id), &with("passed", None)).await.unwrap_err(), "on the cefr scale");
        refused(
            s.record_vetting(&tr, NominationId(id), &with("passed", Some("B7"))).await.unwrap_err(),
            "not a CEFR level",
        );
        refused(
            s.record_vetting(&tr, NominationId(id), &with("passed", Some("A2"))).await.unwrap_err(),
            "A2 is below the B1",
        );
        let security = VettingInput { level: Some("B2".into()), ..vet("security", "passed") };
        let e = s.record_vetting(&actor("SY", Role::JointOffice), NominationId(id), &security).await.unwrap_err();
        refused(e, "records no level");
        let record = s.training_record(&tr, NominationId(id)).await.unwrap();
        assert_eq!(record.vetting[2].outcome, "pending", "{}: nothing stored for a refused check", db.label);

        // A level below the minimum may be recorded as failed; the sender sees the level, not the comment.
        s.record_vetting(&tr, NominationId(id), &with("failed", Some("a2"))).await.unwrap();
        let as_sy = s.training_record(&actor("SY", Role::JointOffice), NominationId(id)).await.unwrap();
        let language = as_sy.vetting.iter().find(|v| v.code == "language").unwrap();
        assert_eq!((language.outcome.code(), language.level.as_deref()), ("failed", Some("A2")));
        assert_eq!((language.scale.as_deref(), language.min_level.as_deref()), (Some("cefr"), Some("B1")));
        // Retested: B1 passes.
        s.record_vetting(&tr, NominationId(id), &with("passed", Some("B1"))).await.unwrap();
        let record = s.training_record(&tr, NominationId(id)).await.unwrap();
        assert_eq!(record.vetting[2].level.as_deref(), Some("B1"));
    }
}
