//! The hotline's contract on every backend: a send is idempotent by key, only
//! the receiving party acknowledges, a thread stays with its two parties, and
//! an unanswered message escalates once it is overdue.

use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::hotline::{AckMinutes, Mailbox, MessageInput};
use ittifaq_store::users::NewUser;

use crate::support::databases;

async fn officer(s: &ittifaq_store::Store, party: &str) -> Actor {
    let code = PartyCode::parse(party).unwrap();
    let name = format!("{}.officer", party.to_lowercase());
    let new = NewUser {
        username: name.clone(),
        display_name: format!("{party} officer"),
        password_hash: "x".into(),
        party: code.clone(),
        role: Role::DeconflictionOfficer,
        unit_id: None,
    };
    let u = s.create_user(&Actor::system(code.clone()), &new).await.unwrap();
    Actor { user_id: Some(u.id), username: name, party: code, role: Role::DeconflictionOfficer }
}

fn message(subject: &str) -> MessageInput {
    MessageInput {
        to: Some("SY".into()),
        subject: subject.into(),
        body: "Convoy crossing at 06:00".into(),
        priority: Some("urgent".into()),
        declaration: None,
        reply_to: None,
        idempotency_key: None,
    }
}

#[tokio::test]
async fn a_message_is_sent_once_acknowledged_by_its_receiver_and_escalated_when_overdue() {
    for db in databases().await {
        let s = &db.store;
        let (tr, sy) = (officer(s, "TR").await, officer(s, "SY").await);
        let minutes = AckMinutes::default();
        let sent = s.hotline_send(&tr, &message("Convoy"), "key-0001-abcdef", &minutes).await.unwrap();
        assert!(!sent.replayed);
        // The same key again is the same message; other content under it is refused.
        let again = s.hotline_send(&tr, &message("Convoy"), "key-0001-abcdef", &minutes).await.unwrap();
        assert!(again.replayed && again.message.id == sent.message.id, "{}", db.label);
        assert!(s.hotline_send(&tr, &message("Other"), "key-0001-abcdef", &minutes).await.is_err(), "{}", db.label);
        let inbox = s.hotline_messages(&sy, Mailbox::Inbox, 50).await.unwrap();
        assert_eq!(inbox.iter().map(|m| m.id).collect::<Vec<_>>(), [sent.message.id], "{}", db.label);
        assert!(s.hotline_messages(&tr, Mailbox::Inbox, 50).await.unwrap().is_empty());

        // The sender cannot acknowledge its own message; the receiver does, once.
        assert!(s.hotline_ack(&tr, sent.message.id, None).await.is_err(), "{}", db.label);
        let (acked, first) = s.hotline_ack(&sy, sent.message.id, Some("Seen")).await.unwrap();
        assert!(first, "{}", db.label);
        let (_, again) = s.hotline_ack(&sy, sent.message.id, Some("Seen")).await.unwrap();
        assert!(!again, "{}: acknowledged twice", db.label);
        assert_ne!(acked.status, sent.message.status, "{}", db.label);

        // An unanswered message escalates once it is overdue, and once only.
        let late = s.hotline_send(&tr, &message("Flight"), "key-0002-abcdef", &minutes).await.unwrap().message;
        assert!(s.hotline_escalate_overdue(late.ack_due_at - 1).await.unwrap().is_empty(), "{}: not yet due", db.label);
        assert_eq!(s.hotline_escalate_overdue(late.ack_due_at + 1).await.unwrap(), [late.id.get()], "{}", db.label);
        let thread = s.hotline_thread(&sy, late.id).await.unwrap();
        assert!(thread[0].level > late.level, "{}: escalated", db.label);
    }
}
