//! The demo's training year so far: a course that ended (certificates issued,
//! one failure with its reason, evaluations), a course running now (people
//! abroad, attendance taken), and nominations of the coming year at every step
//! of the two keys and the vetting gate. Every step goes through the store and
//! the document sealing the platform itself uses, as the demo's users.

use ittifaq_core::exchange::{Mark, Outcome, SessionStatus, VettingOutcome};
use ittifaq_core::id::{NominationId, PersonId, SessionId};
use std::collections::BTreeMap;

use anyhow::{Context, Result};
use ittifaq_core::Role;
use ittifaq_store::exchange::{NominationInput, SessionInput};
use ittifaq_store::people::PeopleFilter;
use ittifaq_store::training::{AssessmentInput, AttendanceInput, EvaluationInput, ResultInput, VettingInput};
use ittifaq_store::{Actor, Store, StoreError};
use ittifaq_web::issuing::{DocumentKeys, issue_certificate, issue_order};

use crate::demo_people::demo_actor as user;

/// Nominates up to `count` eligible people of `sender` for the session (the
/// ineligible are skipped), approves and accepts them; returns their nominations.
async fn enrol(
    store: &Store,
    sender: &str,
    host: &str,
    session: i64,
    count: usize,
) -> Result<Vec<(NominationId, PersonId)>> {
    let commander = user(store, sender, Role::UnitCommander).await?;
    let office = user(store, sender, Role::JointOffice).await?;
    let host_office = user(store, host, Role::JointOffice).await?;
    let filter = PeopleFilter { party: Some(sender.to_owned()), per_page: 400, page: 1, ..Default::default() };
    let people = store.list_people(&commander, &filter).await?.items;
    let mut out = Vec::new();
    for p in people {
        if out.len() == count {
            break;
        }
        let input =
            NominationInput { session_id: SessionId(session), person_id: p.id, priority: 1, comment: "ready".into() };
        match store.nominate(&commander, &input).await {
            Ok(n) => {
                store.approve(&office, n.id, "approved by the sending joint office").await?;
                store.accept(&host_office, n.id, "seat confirmed").await?;
                out.push((n.id, p.id));
            }
            Err(StoreError::Ineligible(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

async fn vet_all(store: &Store, sender: &str, host: &str, id: NominationId) -> Result<()> {
    let office = user(store, sender, Role::JointOffice).await?;
    let staff = user(store, host, Role::InstitutionStaff).await?;
    for (who, check, note) in [
        (&office, "security", "cleared by the security directorate"),
        (&office, "medical", "fit, medical board"),
        (&staff, "language", "placement test passed"),
    ] {
        let level = (check == "language").then(|| "B2".into());
        let input = VettingInput {
            check: check.into(),
            outcome: VettingOutcome::Passed.code().into(),
            comment: note.into(),
            level,
        };
        store.record_vetting(who, id, &input).await?;
    }
    Ok(())
}

fn days(start: time::Date, end: time::Date) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = start;
    while d <= end {
        out.push(d.to_string());
        d += time::Duration::days(1);
    }
    out
}

/// A session of the first course `host` teaches that grants a qualification.
async fn session(store: &Store, host: &str, code: &str, start: time::Date, end: time::Date) -> Result<(i64, i32)> {
    let staff = user(store, host, Role::InstitutionStaff).await?;
    let institutions: Vec<_> = store.list_institutions().await?.into_iter().filter(|i| i.party == host).collect();
    let course = store
        .list_courses()
        .await?
        .into_iter()
        .find(|c| institutions.iter().any(|i| i.id == c.institution_id) && c.grants.is_some())
        .with_context(|| format!("a course of {host} that grants a qualification"))?;
    // Held where its institution is: a course hosted by SY is held in Syria.
    let city = institutions.iter().find(|i| i.id == course.institution_id).map(|i| i.city.clone()).unwrap_or_default();
    let input = SessionInput {
        code: code.into(),
        course_id: course.id,
        start: start.to_string(),
        end: end.to_string(),
        place: city,
        capacity: 12,
        quota: BTreeMap::from([("TR".to_owned(), 6), ("SY".to_owned(), 6)]),
    };
    let s = store.create_course_session(&staff, &input).await?;
    Ok((s.id.get(), course.duration_days))
}

/// Seeds the training year; `today` anchors the past and running courses.
pub async fn seed(store: &Store, keys: &DocumentKeys, today: time::Date) -> Result<()> {
    let d = time::Duration::days;
    // A course that ended a month ago: SY officers trained in Türkiye.
    let (past, _) = session(store, "TR", "DEMO/PAST", today - d(45), today - d(36)).await?;
    let trained = enrol(store, "SY", "TR", past, 5).await?;
    let tr_staff = user(store, "TR", Role::InstitutionStaff).await?;
    let tr_teacher = user(store, "TR", Role::Instructor).await?;
    store.assign_instructor(&tr_staff, SessionId(past), &tr_teacher.username, true).await?;
    for (id, _) in &trained {
        vet_all(store, "SY", "TR", *id).await?;
        issue_order(store, keys, &tr_staff, *id).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        store.confirm_arrival(&tr_staff, *id, &(today - d(46)).to_string()).await?;
    }
    store.set_session_status(&tr_staff, SessionId(past), SessionStatus::Confirmed.code()).await?;
    store.set_session_status(&tr_staff, SessionId(past), SessionStatus::Running.code()).await?;
    for (k, day) in days(today - d(45), today - d(36)).into_iter().enumerate() {
        let marks = trained
            .iter()
            .enumerate()
            .map(|(i, (id, _))| {
                (id.get(), if (i + k) % 11 == 3 { Mark::Excused } else { Mark::Present }.code().to_owned())
            })
            .collect();
        store.record_attendance(&tr_teacher, SessionId(past), &AttendanceInput { day, marks }).await?;
    }
    for (i, (id, _)) in trained.iter().enumerate() {
        let score = 72 + (i as i32 * 7) % 25;
        store.record_assessment(&tr_teacher, *id, &AssessmentInput { name: "Written test".into(), score }).await?;
        store
            .record_assessment(&tr_teacher, *id, &AssessmentInput { name: "Field exercise".into(), score: score - 4 })
            .await?;
        let result = if i == trained.len() - 1 {
            ResultInput {
                outcome: Outcome::Failed.code().into(),
                grade: None,
                reason: "missed the final field exercise (injury)".into(),
            }
        } else {
            ResultInput {
                outcome: Outcome::Completed.code().into(),
                grade: Some(["A", "B+", "B", "A-"][i % 4].into()),
                reason: String::new(),
            }
        };
        store.record_result(&tr_teacher, *id, &result).await?;
        if result.outcome == Outcome::Completed.code() {
            issue_certificate(store, keys, &tr_staff, *id).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        }
        store.confirm_departure(&tr_staff, *id, &(today - d(35)).to_string()).await?;
    }
    store.set_session_status(&tr_staff, SessionId(past), SessionStatus::Completed.code()).await?;
    // The SY trainee account belongs to the first graduate, who evaluates the course.
    if let Some((id, person)) = trained.first() {
        let trainee = link_trainee(store, "SY", person.get()).await?;
        store
            .record_evaluation(&trainee, *id, &EvaluationInput { rating: 5, comment: "Excellent range days.".into() })
            .await?;
    }

    // A course running now in Syria: TR officers abroad, attendance taken so far.
    let (now, _) = session(store, "SY", "DEMO/NOW", today - d(4), today + d(9)).await?;
    let abroad = enrol(store, "TR", "SY", now, 3).await?;
    let sy_staff = user(store, "SY", Role::InstitutionStaff).await?;
    let sy_teacher = user(store, "SY", Role::Instructor).await?;
    store.assign_instructor(&sy_staff, SessionId(now), &sy_teacher.username, true).await?;
    for (id, _) in &abroad {
        vet_all(store, "TR", "SY", *id).await?;
        issue_order(store, keys, &sy_staff, *id).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        store.confirm_arrival(&sy_staff, *id, &(today - d(5)).to_string()).await?;
    }
    store.set_session_status(&sy_staff, SessionId(now), SessionStatus::Confirmed.code()).await?;
    store.set_session_status(&sy_staff, SessionId(now), SessionStatus::Running.code()).await?;
    for day in days(today - d(4), today - d(1)) {
        let marks = abroad.iter().map(|(id, _)| (id.get(), Mark::Present.code().to_owned())).collect();
        store.record_attendance(&sy_teacher, SessionId(now), &AttendanceInput { day, marks }).await?;
    }
    if let Some((_, person)) = abroad.first() {
        link_trainee(store, "TR", person.get()).await?;
    }

    // The coming year: nominations at each step of the two keys and the vetting gate.
    for (party, host) in [("SY", "TR"), ("TR", "SY")] {
        let upcoming: Vec<i64> = store
            .list_course_sessions()
            .await?
            .into_iter()
            .filter(|s| {
                s.host_party == host
                    && s.status == SessionStatus::Open.code()
                    && s.start.as_str() > today.to_string().as_str()
            })
            .map(|s| s.id.get())
            .take(3)
            .collect();
        for (k, sid) in upcoming.into_iter().enumerate() {
            let accepted = enrol(store, party, host, sid, 2).await?;
            if let Some((id, _)) = accepted.first() {
                // Half-way through vetting: the sender's checks passed, the host's pending.
                let office = user(store, party, Role::JointOffice).await?;
                for check in ["security", "medical"] {
                    let input = VettingInput {
                        check: check.into(),
                        outcome: VettingOutcome::Passed.code().into(),
                        comment: String::new(),
                        level: None,
                    };
                    store.record_vetting(&office, *id, &input).await?;
                }
            }
            if k == 0 {
                // Nominated, not yet approved: waiting for the sending party's key.
                let commander = user(store, party, Role::UnitCommander).await?;
                let filter =
                    PeopleFilter { party: Some(party.to_owned()), per_page: 40, page: 3, ..Default::default() };
                for p in store.list_people(&commander, &filter).await?.items {
                    let input = NominationInput {
                        session_id: SessionId(sid),
                        person_id: p.id,
                        priority: 2,
                        comment: String::new(),
                    };
                    if store.nominate(&commander, &input).await.is_ok() {
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Links the party's demo trainee account to a person of the registry.
async fn link_trainee(store: &Store, party: &str, person: i64) -> Result<Actor> {
    let admin = user(store, party, Role::Admin).await?;
    let trainee = user(store, party, Role::Trainee).await?;
    store.link_user_person(&admin, trainee.user_id.unwrap_or_default(), person).await?;
    Ok(trainee)
}
