//! Notifications: each step reaches the people it concerns in the platform,
//! and by e-mail through a real SMTP server (Python's aiosmtpd, started by the
//! test and read back as a Maildir by Python's own mail parser) in the
//! recipient's language.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_web::notify::Mailer;

use crate::support::{App, Stage, username};

/// An SMTP server on a free port that stores what it receives in a Maildir.
struct Smtp {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_smtp() -> Smtp {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let maildir = tempfile::tempdir().unwrap();
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir.path().join("mail"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut smtp = Smtp { child, port, maildir };
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = smtp.child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut e) = smtp.child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            panic!("the SMTP server did not start ({status}); it needs `pip install aiosmtpd`:\n{err}");
        }
        assert!(Instant::now() < deadline, "the SMTP server did not listen within 15 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    smtp
}

/// Every message of the Maildir as (to, subject, body), decoded by Python's mail parser.
fn received(smtp: &Smtp) -> Vec<(String, String, String)> {
    let script = r#"
import json, mailbox, sys
out = []
for m in mailbox.Maildir(sys.argv[1], factory=None, create=False):
    import email, email.policy
    msg = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
    out.append([str(msg["To"]), str(msg["Subject"]), msg.get_content()])
print(json.dumps(out))
"#;
    let o = Command::new("python3").args(["-c", script]).arg(smtp.maildir.path().join("mail")).output().unwrap();
    assert!(o.status.success(), "reading the Maildir: {}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<(String, String, String)> = serde_json::from_slice(&o.stdout).unwrap();
    rows
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

    // A server that refuses: the attempt is recorded and retried, not lost.
    drop(smtp);
    let (id2, _) = app.enrolment("SY", "TR", None, Stage::Accepted).await;
    assert_eq!(mailer.send_pending(&app.store, 100).await.unwrap(), 0);
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
