//! Notifications' contract on every backend: a step tells exactly the people
//! it concerns (by party, role, the commanders of the nominee's unit and the
//! nominee), never the one who took it; names follow the recipient's
//! release; e-mails are queued for addresses, retried and given up; and a
//! stored e-mail status that does not read is refused, naming the record.

use ittifaq_core::exchange::Step;
use ittifaq_core::notify::EmailStatus;
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::notify::MAX_EMAIL_ATTEMPTS;
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Store, StoreError};

use crate::exchange::{course, nom, session};
use crate::support::{databases, unit};

/// A nominee of `unit` who meets the test course's rules (it is taught in Arabic).
fn person(service_number: &str, unit_id: i64) -> ittifaq_core::person::PersonInput {
    let mut p = crate::support::person(service_number, unit_id);
    p.languages.push("ar".into());
    p
}

pub(crate) async fn account(s: &Store, party: &str, name: &str, role: Role, unit_id: Option<i64>) -> Actor {
    let code = PartyCode::parse(party).unwrap();
    let new = NewUser {
        username: name.into(),
        display_name: name.into(),
        password_hash: "x".into(),
        party: code.clone(),
        role,
        unit_id,
    };
    let u = s.create_user(&Actor::system(code.clone()), &new).await.unwrap();
    Actor { user_id: Some(u.id), username: name.into(), party: code, role }
}

fn kinds(list: &[ittifaq_store::notify::NotificationView]) -> Vec<String> {
    list.iter().map(|n| n.kind.clone()).collect()
}

#[tokio::test]
async fn a_step_tells_the_people_it_concerns_and_e_mails_are_queued_retried_and_given_up() {
    for db in databases().await {
        let s = &db.store;
        let l = db.label;
        let c = course(s, "MC-NOTE").await;
        let sid = session(s, c, "MC-NOTE/1", "2027-04-01", "2027-04-10").await;
        let (mine, other) = (unit(s, "SY", "SY-NOTE-1").await, unit(s, "SY", "SY-NOTE-2").await);
        let sy_office = account(s, "SY", "sy.office", Role::JointOffice, None).await;
        let sy_second = account(s, "SY", "sy.office2", Role::JointOffice, None).await;
        let commander = account(s, "SY", "sy.cmd", Role::UnitCommander, Some(mine)).await;
        let elsewhere = account(s, "SY", "sy.cmd.other", Role::UnitCommander, Some(other)).await;
        let tr_office = account(s, "TR", "tr.office", Role::JointOffice, None).await;
        let tr_auditor = account(s, "TR", "tr.auditor", Role::Auditor, None).await;
        s.set_own_email(&tr_office, Some("office@msb.example")).await.unwrap();
        // An address that is not one is refused, and nothing changes.
        assert!(matches!(s.set_own_email(&sy_second, Some("not an address")).await, Err(StoreError::Invalid { .. })));

        let p = s.create_person(&sy_office, &person("SY-N1", mine).validate().unwrap()).await.unwrap();
        let n = s.nominate(&sy_office, &nom(sid, p.id.get())).await.unwrap().id;
        // Nominated: the sending party's other office, not the one who nominated.
        assert_eq!(kinds(&s.notifications(&sy_second, 10).await.unwrap()), ["nominate"], "{l}");
        assert!(s.notifications(&sy_office, 10).await.unwrap().is_empty(), "{l}: told of its own step");

        // Approved by SY: TR's office is told, with the name TR may see; nobody else of TR.
        s.take_step(&sy_office, n, Step::Approve, "").await.unwrap();
        let told = s.notifications(&tr_office, 10).await.unwrap();
        assert_eq!(kinds(&told), ["approve"], "{l}");
        assert_eq!(told[0].args["session"], "MC-NOTE/1", "{l}");
        assert!(!told[0].args.to_string().contains("CANARY"), "{l}: {}", told[0].args);
        assert_eq!(told[0].link, format!("/nominations/{n}"), "{l}");
        assert!(s.notifications(&tr_auditor, 10).await.unwrap().is_empty(), "{l}");

        // Accepted by TR: the commander of the nominee's unit and SY's offices, not another unit's commander.
        s.take_step(&tr_office, n, Step::Accept, "").await.unwrap();
        assert_eq!(kinds(&s.notifications(&commander, 10).await.unwrap()), ["accept"], "{l}");
        assert!(s.notifications(&elsewhere, 10).await.unwrap().is_empty(), "{l}: another unit's commander");
        assert_eq!(kinds(&s.notifications(&sy_office, 10).await.unwrap()), ["accept"], "{l}");
        assert_eq!(s.unread_notifications(sy_second.user_id.unwrap()).await.unwrap(), 2, "{l}");
        assert_eq!(s.mark_notifications_read(&sy_second).await.unwrap(), 2, "{l}");
        assert_eq!(s.unread_notifications(sy_second.user_id.unwrap()).await.unwrap(), 0, "{l}");

        // Only TR's office has an address: its one notification waits to be e-mailed.
        let statuses: Vec<EmailStatus> =
            s.notifications(&commander, 10).await.unwrap().iter().map(|n| n.email_status).collect();
        assert_eq!(statuses, [EmailStatus::None], "{l}");
        let pending = s.pending_emails(10).await.unwrap();
        assert_eq!(pending.len(), 1, "{l}");
        let id = pending[0].0.id;
        assert_eq!(pending[0].1.username, "tr.office", "{l}");
        // A failure is retried; the last allowed failure gives up.
        for attempt in 1..=MAX_EMAIL_ATTEMPTS {
            s.record_email(id, Err("SMTP: connection refused".into())).await.unwrap();
            let status = s.notifications(&tr_office, 10).await.unwrap()[0].email_status;
            let expected = if attempt < MAX_EMAIL_ATTEMPTS { EmailStatus::Pending } else { EmailStatus::Failed };
            assert_eq!(status, expected, "{l}: attempt {attempt}");
        }
        assert!(s.pending_emails(10).await.unwrap().is_empty(), "{l}");

        // A stored status that does not read is refused, naming the notification.
        s.execute_unprepared(&format!("UPDATE notification SET email_status = 'lost' WHERE id = {id}")).await.unwrap();
        match s.notifications(&tr_office, 10).await {
            Err(StoreError::Corrupt(what)) => assert!(what.to_string().contains(&id.to_string()), "{l}: {what}"),
            other => panic!("{l}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_sent_e_mail_is_marked_sent_once() {
    for db in databases().await {
        let s = &db.store;
        let c = course(s, "MC-MAIL").await;
        let sid = session(s, c, "MC-MAIL/1", "2027-04-01", "2027-04-10").await;
        let u = unit(s, "SY", "SY-MAIL").await;
        let sy = account(s, "SY", "sy.office", Role::JointOffice, None).await;
        let tr = account(s, "TR", "tr.office", Role::JointOffice, None).await;
        s.set_own_email(&tr, Some("office@msb.example")).await.unwrap();
        let p = s.create_person(&sy, &person("SY-M1", u).validate().unwrap()).await.unwrap();
        let n = s.nominate(&sy, &nom(sid, p.id.get())).await.unwrap().id;
        s.take_step(&sy, n, Step::Approve, "").await.unwrap();
        let id = s.pending_emails(10).await.unwrap()[0].0.id;
        s.record_email(id, Ok(())).await.unwrap();
        assert_eq!(s.notifications(&tr, 10).await.unwrap()[0].email_status, EmailStatus::Sent, "{}", db.label);
        assert!(s.pending_emails(10).await.unwrap().is_empty(), "{}", db.label);
    }
}
