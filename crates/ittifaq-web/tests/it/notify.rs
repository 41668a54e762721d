//! Notifications: each step reaches the people it concerns in the platform,
//! and by e-mail through a real SMTP server (`mailin-embedded`, started inside
//! the test process on a free port; what it receives is decoded by
//! `mail-parser`) in the recipient's language.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_web::mailer::Mailer;
use mailin_embedded::response::{OK, Response};
use mailin_embedded::{Handler, Server, SslConfig};

use crate::support::{App, Stage, username};

/// Every message the SMTP server accepted, as received (headers and body).
type Inbox = Arc<Mutex<Vec<Vec<u8>>>>;

/// One connection's handler: collects the DATA of each message into the inbox.
#[derive(Clone)]
struct Collect {
    inbox: Inbox,
    current: Vec<u8>,
}

impl Handler for Collect {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, _to: &[String]) -> Response {
        self.current.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.inbox.lock().unwrap().push(std::mem::take(&mut self.current));
        OK
    }
}

/// An SMTP server on a free port of the loopback, serving on its own thread
/// for the rest of the test process.
struct Smtp {
    port: u16,
    inbox: Inbox,
}

fn start_smtp() -> Smtp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let mut server = Server::new(Collect { inbox: inbox.clone(), current: Vec::new() });
    server.with_name("smtp.test").with_ssl(SslConfig::None).unwrap().with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    Smtp { port, inbox }
}

/// Every message received as (to, subject, body), decoded by a MIME parser.
fn received(smtp: &Smtp) -> Vec<(String, String, String)> {
    smtp.inbox
        .lock()
        .unwrap()
        .iter()
        .map(|raw| {
            let m = mail_parser::MessageParser::default().parse(raw).expect("a well-formed message");
            let to = m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned();
            let subject = m.subject().unwrap_or_default().to_owned();
            let body = m.body_text(0).unwrap_or_default().into_owned();
            (to, subject, body)
        })
        .collect()
}

async fn account(app: &App, party: &str, role: Role) -> Actor {
    let u = app.store.user_by_username(&username(party, role)).await.unwrap().unwrap();
    Actor { user_id: Some(u.id), username: u.username, party: PartyCode::parse(party).unwrap(), role }
}

#[tokio::test]
async fn each_step_notifies_whom_it_concerns_in_the_platform_and_by_mail_in_their_language() {
    let smtp = start_smtp();
    let app = App::new().await;
    // Addresses: SY's office reads Arabic (its party's language), TR's office Turkish,
    // SY's commander chose English; TR's commander has no address.
    for (party, role, email) in [
        ("SY", Role::JointOffice, "office@sy.example"),
        ("TR", Role::JointOffice, "office@tr.example"),
        ("SY", Role::UnitCommander, "commander@sy.example"),
    ] {
        app.store.set_own_email(&account(&app, party, role).await, Some(email)).await.unwrap();
    }
    let bad = app.store.set_own_email(&account(&app, "SY", Role::Admin).await, Some("not an address")).await;
    assert!(bad.unwrap_err().to_string().starts_with("email:"));
    let commander = app.store.user_by_username(&username("SY", Role::UnitCommander)).await.unwrap().unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        app.store.connection(),
        &format!("UPDATE app_user SET locale = 'en' WHERE id = {}", commander.id),
    )
    .await
    .unwrap();

    // A commander of another SY unit than the trainee's.
    let elsewhere = app.new_user("SY", Role::UnitCommander, Some(app.sy.units[1])).await;

    // The SY trainee is nominated, approved by SY, accepted by TR.
    let (id, _) = app.enrolment("SY", "TR", Some(app.sy.trainee_person), Stage::Accepted).await;

    // In the platform: SY's office was asked to approve and told of the seat; TR's office to accept.
    let sy_office = app.token("SY", Role::JointOffice).await;
    let page = app.get("/notifications", Some(&sy_office)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("href=\"/nominations/{id}\"")), "{}", page.body);
    let api = app.json("GET", "/api/v1/notifications", Some(&app.token("TR", Role::JointOffice).await), "").await;
    let kinds: Vec<String> =
        api.json().as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["approve"], "TR's office hears of the approval only");
    let trainee = app.json("GET", "/api/v1/notifications", Some(&app.token("SY", Role::Trainee).await), "").await;
    let msg = trainee.json()[0]["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("has a seat in") || msg.contains("حصل"), "the nominee hears of the seat: {msg}");
    // Nobody else: a deconfliction officer has none.
    let other =
        app.json("GET", "/api/v1/notifications", Some(&app.token("SY", Role::DeconflictionOfficer).await), "").await;
    assert_eq!(other.json(), serde_json::json!([]));
    // Nor the commander of another unit: their people are their units'.
    let elsewhere = app.json("GET", "/api/v1/notifications", Some(&app.token_of(&elsewhere).await), "").await;
    assert_eq!(elsewhere.json(), serde_json::json!([]));

    // By e-mail, through the SMTP server.
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{}", smtp.port),
        "Ittifaq <noreply@ittifaq.example>",
        "https://ittifaq.example",
    )
    .unwrap();
    let sent = mailer.send_pending(&app.store, 100).await.unwrap();
    let mail = received(&smtp);
    assert_eq!(sent, mail.len());
    let to = |who: &str| mail.iter().filter(|m| m.0 == who).collect::<Vec<_>>();
    // SY's office: the nomination, then the seat, in Arabic.
    let office = to("office@sy.example");
    assert_eq!(office.len(), 2, "{mail:?}");
    assert!(office.iter().all(|m| m.1.contains("دورة")), "Arabic subjects: {office:?}");
    assert!(office[0].2.contains(&format!("https://ittifaq.example/nominations/{id}")), "{}", office[0].2);
    // TR's office: the approval, in Turkish.
    let tr = to("office@tr.example");
    assert_eq!(tr.len(), 1, "{mail:?}");
    assert!(tr[0].1.contains("gönderen tarafça onaylandı"), "{}", tr[0].1);
    // SY's commander chose English.
    let cmd = to("commander@sy.example");
    assert_eq!(cmd.len(), 1, "{mail:?}");
    assert!(cmd[0].1.contains("has a seat in"), "{}", cmd[0].1);
    // Sent once: the queue is empty now.
    assert_eq!(mailer.send_pending(&app.store, 100).await.unwrap(), 0);
    assert_eq!(received(&smtp).len(), mail.len());

    // A server that cannot be reached: the attempt is recorded and retried, not lost.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = Mailer::new(
        &format!("smtp://127.0.0.1:{closed}"),
        "Ittifaq <noreply@ittifaq.example>",
        "https://ittifaq.example",
    )
    .unwrap();
    let (id2, _) = app.enrolment("SY", "TR", None, Stage::Accepted).await;
    assert_eq!(unreachable.send_pending(&app.store, 100).await.unwrap(), 0);
    let pending = app.store.pending_emails(100).await.unwrap();
    assert!(
        !pending.is_empty() && pending.iter().all(|(n, _)| n.email_attempts == 1 && n.email_error.is_some()),
        "{id2}"
    );

    // Marking read.
    let r = app.form("/notifications/read", Some(&sy_office), "").await;
    assert_eq!(r.status, 303);
    let page = app.get("/notifications", Some(&sy_office)).await;
    assert!(!page.body.contains("class=\"unread\""));
}
