//! The deconfliction hotline: send and acknowledge, idempotent resends,
//! escalation along the roster to the joint office with its audit rows, who
//! may acknowledge and read, the party-scoped event stream, bad input; and the
//! fixtures the access matrix uses for the hotline's routes.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::audit_view::AuditFilter;
use ittifaq_store::hotline::{AckMinutes, MessageInput};
use ittifaq_store::users::NewUser;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{App, Reply, username};

fn other(party: &str) -> &'static str {
    if party == "TR" { "SY" } else { "TR" }
}

/// The second deconfliction officer of a party, created on first use.
async fn second_officer(app: &App, party: &str) -> String {
    let name = format!("{}.officer2", party.to_lowercase());
    if app.store.user_by_username(&name).await.unwrap().is_none() {
        let code = PartyCode::parse(party).unwrap();
        let input = NewUser {
            username: name.clone(),
            display_name: format!("{party} second officer"),
            password_hash: "unused".into(),
            party: code.clone(),
            role: Role::DeconflictionOfficer,
            unit_id: None,
        };
        app.store.create_user(&Actor::system(code), &input).await.unwrap();
    }
    name
}

/// A session token for any account, made in the store.
async fn token_of(app: &App, name: &str) -> String {
    let u = app.store.user_by_username(name).await.unwrap().unwrap();
    let token = format!("{:064x}", app.next() as u128 * 104_723 + u.id as u128);
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(token.as_bytes()));
    app.store.create_session(&hash, u.id, app.store.now_ms() + 36_000_000, false).await.unwrap();
    token
}

pub(crate) async fn officer_actor(app: &App, party: &str) -> Actor {
    let u = app.store.user_by_username(&username(party, Role::DeconflictionOfficer)).await.unwrap().unwrap();
    Actor {
        user_id: Some(u.id),
        username: u.username,
        party: PartyCode::parse(party).unwrap(),
        role: Role::DeconflictionOfficer,
    }
}

/// A message from `from`'s officer to the other party, sent through the store.
async fn message_from(app: &App, from: &str) -> i64 {
    let actor = officer_actor(app, from).await;
    let input = MessageInput {
        to: Some(other(from).into()),
        subject: "Convoy on route 4".into(),
        body: "A convoy moves at 06:00.".into(),
        ..Default::default()
    };
    let key = format!("fixture-{}", app.next());
    app.store.hotline_send(&actor, &input, &key, &AckMinutes::default()).await.unwrap().message.id.get()
}

async fn send_api(app: &App, token: &str, key: Option<&str>, body: Value) -> Reply {
    let mut b = Request::post("/api/v1/hotline/messages")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    app.send(b.body(Body::from(body.to_string())).unwrap()).await
}

fn field(reply: &Reply) -> String {
    reply.json()["error"]["field"].as_str().unwrap_or("").to_owned()
}

async fn audit_actions(app: &App, id: i64) -> Vec<String> {
    let filter = AuditFilter {
        object_type: Some("hotline_message".into()),
        object_id: Some(id.to_string()),
        limit: 100,
        ..Default::default()
    };
    let mut rows = app.store.audit_list(&Actor::system(PartyCode::parse("TR").unwrap()), &filter).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}

async fn notifications_of(app: &App, name: &str) -> Vec<(String, String)> {
    let u = app.store.user_by_username(name).await.unwrap().unwrap();
    let actor = Actor {
        user_id: Some(u.id),
        username: u.username,
        party: PartyCode::parse(&u.party).unwrap(),
        role: Role::Admin,
    };
    app.store.notifications(&actor, 100).await.unwrap().into_iter().map(|n| (n.kind, n.link)).collect()
}

#[tokio::test]
async fn an_officer_sends_and_the_other_partys_officer_acknowledges() {
    let app = App::new().await;
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    // A message cites a declared activity the sender may see, by its code;
    // a code of none, or of the other party's draft, is refused alike.
    use crate::decon::{body, confirmed, declare, square};
    let (_, code) = confirmed(&app, &tr, &body("exercise", square(36.9, 36.6, 0.05), 6, 12, "TR range")).await;
    let draft = declare(&app, &sy, &body("exercise", square(37.2, 36.6, 0.05), 6, 12, "SY draft")).await;
    let draft = draft.json()["declaration"]["code"].as_str().unwrap().to_owned();
    let cite = |declaration: &str| json!({"to": "SY", "subject": "Firing range active", "body": "Live firing 10:00-12:00 in box K7.", "priority": "urgent", "declaration": declaration});
    for (n, wrong) in ["TR-EX-2027-0042", draft.as_str()].into_iter().enumerate() {
        let r = send_api(&app, &tr, Some(&format!("wrong-{n}")), cite(wrong)).await;
        assert_eq!(r.status, 422, "{wrong}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], "declaration");
        assert_eq!(
            ittifaq_web::i18n::strip_isolation(r.json()["error"]["message"].as_str().unwrap()),
            format!("declaration: no declared activity has the code {wrong}")
        );
    }
    let now = app.store.now_ms();
    let sent = send_api(&app, &tr, Some("k-1"), cite(&code)).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let m = sent.json();
    let id = m["id"].as_i64().unwrap();
    assert_eq!(m["status"], "sent");
    assert_eq!(m["from_party"], "TR");
    assert_eq!(m["to_party"], "SY");
    assert_eq!(m["declaration"], code.as_str());
    assert_eq!(m["ack_due_at"].as_i64().unwrap(), now + 10 * 60_000, "urgent: ten minutes");
    assert_eq!(m["waiting_on"], Value::Null, "the sender does not see who stands watch on the other side");

    // SY's officers find it in their inbox on the home page, counted in the navigation.
    let home = app.get("/", Some(&sy)).await;
    let text = ittifaq_web::i18n::strip_isolation(&home.body);
    assert!(text.contains("1 hotline message awaits your party&#39;s acknowledgement"), "{text}");
    assert!(
        home.body.contains(&format!("<a href=\"/hotline/messages/{id}\">Firing range active</a>")),
        "{}",
        home.body
    );
    assert!(app.get("/inbox/count", Some(&sy)).await.body.ends_with(">1</span>"));
    assert!(!app.get("/", Some(&tr)).await.body.contains("id=\"inbox-hotline\""), "the sender awaits nothing");
    let inbox = app.json("GET", "/api/v1/hotline/messages?box=inbox", Some(&sy), "").await;
    assert_eq!(inbox.status, 200);
    let inbox = inbox.json();
    assert_eq!(inbox.as_array().unwrap().len(), 1);
    assert_eq!(inbox[0]["id"].as_i64(), Some(id));
    assert_eq!(inbox[0]["idempotency_key"], Value::Null, "the key is the sender's");
    let page = app.get("/hotline", Some(&sy)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Firing range active"));
    assert!(page.body.contains(&format!("/hotline/messages/{id}/ack")), "the receiving officer gets the button");
    // The duty officer (no roster yet: every officer) is notified.
    assert!(
        notifications_of(&app, &username("SY", Role::DeconflictionOfficer))
            .await
            .iter()
            .any(|(k, _)| k == "hotline-message")
    );

    let acked = app
        .json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&sy), r#"{"reply": "Noted, we hold."}"#)
        .await;
    assert_eq!(acked.status, 200, "{}", acked.body);
    assert_eq!(acked.json()["status"], "acknowledged");
    assert!(!app.get("/", Some(&sy)).await.body.contains("id=\"inbox-hotline\""), "acknowledged: off the inbox");
    let seen = app.json("GET", &format!("/api/v1/hotline/messages/{id}"), Some(&tr), "").await.json();
    assert_eq!(seen[0]["status"], "acknowledged");
    assert_eq!(seen[0]["acknowledged_by"], username("SY", Role::DeconflictionOfficer));
    assert_eq!(seen[0]["ack_reply"], "Noted, we hold.");
    assert_eq!(seen[0]["overdue"], false);
    assert_eq!(audit_actions(&app, id).await, ["hotline-send", "hotline-ack"]);
    let sender = notifications_of(&app, &username("TR", Role::DeconflictionOfficer)).await;
    assert!(sender.contains(&("hotline-acknowledged".into(), format!("/hotline/messages/{id}"))), "{sender:?}");
    let tr_notes = app.json("GET", "/api/v1/notifications", Some(&tr), "").await.json();
    let text = tr_notes[0]["message"].as_str().unwrap().replace(['\u{2068}', '\u{2069}'], "");
    assert_eq!(text, "SY acknowledged your hotline message Firing range active (sy.deconfliction_officer).");
    let sy_notes = app.json("GET", "/api/v1/notifications", Some(&sy), "").await.json();
    let text = sy_notes[0]["message"].as_str().unwrap().replace(['\u{2068}', '\u{2069}'], "");
    assert_eq!(text, "Hotline (urgent) from TR: Firing range active — acknowledge it.");

    // A reply in the thread goes to the other party and shares the thread.
    let reply =
        send_api(&app, &sy, Some("r-1"), json!({"reply_to": id, "subject": "Re", "body": "Our patrol is clear."}))
            .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["to_party"], "TR");
    assert_eq!(reply.json()["thread_id"].as_i64(), Some(id));
    let thread = app.get(&format!("/hotline/messages/{id}"), Some(&tr)).await;
    assert!(thread.body.contains("Our patrol is clear.") && thread.body.contains("Live firing"));
}

#[tokio::test]
async fn sending_again_with_the_same_key_returns_the_original_message() {
    let app = App::new().await;
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let body = json!({"to": "SY", "subject": "Helicopter transit", "body": "Two helicopters at 1500 m."});
    let first = send_api(&app, &tr, Some("transit-7"), body.clone()).await;
    assert_eq!(first.status, 201);
    let again = send_api(&app, &tr, Some("transit-7"), body.clone()).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.headers.get("idempotency-replayed").map(|v| v.to_str().unwrap()), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    // The key may travel in the body too.
    let mut with_field = body.clone();
    with_field["idempotency_key"] = json!("transit-7");
    assert_eq!(send_api(&app, &tr, None, with_field).await.json()["id"], first.json()["id"]);
    let outbox = app.json("GET", "/api/v1/hotline/messages?box=outbox", Some(&tr), "").await.json();
    assert_eq!(outbox.as_array().unwrap().len(), 1, "never a duplicate");
    assert_eq!(audit_actions(&app, first.json()["id"].as_i64().unwrap()).await, ["hotline-send"]);
    // Other content under a used key is refused, not silently dropped.
    let changed = send_api(&app, &tr, Some("transit-7"), json!({"to": "SY", "subject": "Other", "body": "x"})).await;
    assert_eq!(changed.status, 409, "{}", changed.body);
    assert!(changed.body.contains("transit-7"));
    // Keys are per sender: another officer may use the same key.
    let name = second_officer(&app, "TR").await;
    let other_officer = token_of(&app, &name).await;
    let theirs = send_api(&app, &other_officer, Some("transit-7"), body.clone()).await;
    assert_eq!(theirs.status, 201);
    assert_ne!(theirs.json()["id"], first.json()["id"]);
    // A form posted twice sends once.
    let form = "to=SY&subject=Form&body=From+the+page&priority=flash&declaration=&reply_to=&idempotency_key=form-1";
    let cookie_token = app.token("TR", Role::DeconflictionOfficer).await;
    assert_eq!(app.form("/hotline/messages", Some(&cookie_token), form).await.status.as_u16(), 303);
    assert_eq!(app.form("/hotline/messages", Some(&cookie_token), form).await.status.as_u16(), 303);
    let outbox = app.json("GET", "/api/v1/hotline/messages?box=outbox", Some(&tr), "").await.json();
    assert_eq!(outbox.as_array().unwrap().iter().filter(|m| m["subject"] == "Form").count(), 1);
}

#[tokio::test]
async fn concurrent_sends_with_one_key_make_one_message() {
    let app = App::new().await;
    let actor = officer_actor(&app, "TR").await;
    let input = MessageInput {
        to: Some("SY".into()),
        subject: "Retry storm".into(),
        body: "The same send, many times at once.".into(),
        ..Default::default()
    };
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (store, actor, input) = (app.store.clone(), actor.clone(), input.clone());
            tokio::spawn(async move { store.hotline_send(&actor, &input, "race-1", &AckMinutes::default()).await })
        })
        .collect();
    let mut ids = Vec::new();
    let mut fresh = 0;
    for t in tasks {
        let sent = t.await.unwrap().expect("every attempt answers with the message");
        fresh += usize::from(!sent.replayed);
        ids.push(sent.message.id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one message: {ids:?}");
    assert_eq!(fresh, 1, "exactly one attempt sent it");
    assert_eq!(audit_actions(&app, ids[0].get()).await, ["hotline-send"]);
}

#[tokio::test]
async fn an_overdue_message_escalates_to_the_next_officer_then_to_the_joint_office() {
    let app = App::new().await;
    let second = second_officer(&app, "SY").await;
    let duty = username("SY", Role::DeconflictionOfficer);
    let office = app.token("SY", Role::JointOffice).await;
    let roster = app
        .json("PUT", "/api/v1/hotline/roster", Some(&office), &json!({"officers": [duty, second]}).to_string())
        .await;
    assert_eq!(roster.status, 200, "{}", roster.body);
    assert_eq!(roster.json()[1]["username"], second);
    assert_eq!(roster.json()[1]["position"], 2);
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    let sent =
        send_api(&app, &tr, Some("e-1"), json!({"to": "SY", "subject": "Drone flight", "body": "UAV at 3000 m."}))
            .await;
    let id = sent.json()["id"].as_i64().unwrap();
    let t0 = app.store.now_ms();
    let view = |token: String| {
        let app = &app;
        async move { app.json("GET", &format!("/api/v1/hotline/messages/{id}"), Some(&token), "").await.json()[0].clone() }
    };
    assert_eq!(view(sy.clone()).await["waiting_on"], duty);
    assert!(notifications_of(&app, &duty).await.iter().any(|(k, _)| k == "hotline-message"));
    assert!(notifications_of(&app, &second).await.is_empty(), "the second officer is not bothered yet");

    // Routine: thirty minutes. A minute early nothing moves.
    assert!(app.store.hotline_escalate_overdue(t0 + 29 * 60_000).await.unwrap().is_empty());
    assert_eq!(app.store.hotline_escalate_overdue(t0 + 30 * 60_000).await.unwrap(), [id]);
    let m = view(sy.clone()).await;
    assert_eq!(m["status"], "escalated");
    assert_eq!(m["level"], 2);
    assert_eq!(m["waiting_on"], second);
    assert_eq!(m["ack_due_at"].as_i64().unwrap(), t0 + 60 * 60_000, "a fresh thirty minutes");
    assert_eq!(view(tr.clone()).await["waiting_on"], Value::Null, "TR sees the level, not the officer");
    assert!(notifications_of(&app, &second).await.iter().any(|(k, _)| k == "hotline-escalated"));

    // Once more overdue: past the roster to the joint office, the last step.
    assert!(app.store.hotline_escalate_overdue(t0 + 59 * 60_000).await.unwrap().is_empty());
    assert_eq!(app.store.hotline_escalate_overdue(t0 + 60 * 60_000).await.unwrap(), [id]);
    let m = view(sy.clone()).await;
    assert_eq!(m["at_joint_office"], true);
    assert_eq!(m["level"], 3);
    assert_eq!(m["waiting_on"], "joint_office");
    let jo = username("SY", Role::JointOffice);
    assert!(notifications_of(&app, &jo).await.iter().any(|(k, _)| k == "hotline-joint-office"));
    assert!(
        app.store.hotline_escalate_overdue(t0 + 600 * 60_000).await.unwrap().is_empty(),
        "no step after the joint office"
    );
    assert_eq!(audit_actions(&app, id).await, ["hotline-send", "hotline-escalate", "hotline-escalate"]);
    // The escalation rows say where it went.
    let filter = AuditFilter {
        object_type: Some("hotline_message".into()),
        object_id: Some(id.to_string()),
        limit: 10,
        ..Default::default()
    };
    let rows = app.store.audit_list(&Actor::system(PartyCode::parse("SY").unwrap()), &filter).await.unwrap();
    let last = rows.iter().find(|r| r.action == "hotline-escalate").unwrap();
    assert_eq!(last.after.as_ref().unwrap()["joint_office"], true);
    assert_eq!(last.actor, "hotline-escalation@SY");

    // Any officer of SY may still acknowledge; then nothing escalates.
    let late = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&sy), "").await;
    assert_eq!(late.status, 200, "{}", late.body);
    assert_eq!(audit_actions(&app, id).await.last().map(String::as_str), Some("hotline-ack"));
    // The page marks escalated messages that are overdue.
    let id2 = message_from(&app, "TR").await;
    app.store.hotline_escalate_overdue(t0 + 30 * 60_000).await.unwrap();
    app.clock.0.store(t0 + 200 * 60_000, std::sync::atomic::Ordering::SeqCst);
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    let page = app.get("/hotline", Some(&sy)).await;
    assert!(page.body.contains(&format!("id=\"message-{id2}\"")), "{}", page.body);
    assert!(
        page.body.contains("escalated overdue") || page.body.contains("overdue escalated"),
        "marked overdue and escalated"
    );
}

#[tokio::test]
async fn only_the_receiving_party_acknowledges_and_only_hotline_roles_read() {
    let app = App::new().await;
    let id = message_from(&app, "TR").await;
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    let own = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&tr), "").await;
    assert_eq!(own.status, 403, "the sender cannot acknowledge its own message: {}", own.body);
    for role in [Role::JointOffice, Role::Admin, Role::Auditor] {
        let t = app.token("SY", role).await;
        let r = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&t), "").await;
        assert_eq!(r.status, 403, "{role:?} does not acknowledge");
        assert_eq!(app.json("GET", "/api/v1/hotline/messages", Some(&t), "").await.status, 200, "{role:?} reads");
    }
    for role in [Role::Trainee, Role::UnitCommander, Role::Instructor, Role::InstitutionStaff, Role::Advisor] {
        let t = app.token("SY", role).await;
        assert_eq!(app.json("GET", "/api/v1/hotline/messages", Some(&t), "").await.status, 403, "{role:?}");
        assert_eq!(app.json("GET", &format!("/api/v1/hotline/messages/{id}"), Some(&t), "").await.status, 403);
        assert_eq!(app.get("/hotline", Some(&t)).await.status, 403, "{role:?}");
    }
    let ok = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&sy), "").await;
    assert_eq!(ok.status, 200);
    // A retried acknowledgement changes nothing; another officer's is refused.
    assert_eq!(app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&sy), "").await.status, 200);
    let second = token_of(&app, &second_officer(&app, "SY").await).await;
    let other = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&second), "").await;
    assert_eq!(other.status, 409, "{}", other.body);
    assert_eq!(audit_actions(&app, id).await, ["hotline-send", "hotline-ack"]);
    assert_eq!(app.json("GET", "/api/v1/hotline/messages/99999", Some(&sy), "").await.status, 404);
}

/// Reads server-sent events from a stream until one whose name is `name`
/// arrives, returning the events seen; the timeout only guards against a hang.
async fn events_until(body: &mut Body, name: &str) -> Vec<(String, String)> {
    let mut text = String::new();
    let mut events = Vec::new();
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(20), body.frame())
            .await
            .expect("an event within the guard time")
            .expect("the stream is open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let mut ev = (String::new(), String::new());
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    ev.0 = v.trim().to_owned();
                } else if let Some(v) = line.strip_prefix("data:") {
                    ev.1.push_str(v.trim());
                }
            }
            if !ev.0.is_empty() {
                let done = ev.0 == name;
                events.push(ev);
                if done {
                    return events;
                }
            }
        }
    }
}

async fn open_stream(app: &App, token: &str) -> Body {
    let req = Request::get("/api/v1/hotline/events")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/event-stream"));
    res.into_body()
}

#[tokio::test]
async fn each_party_hears_of_its_own_messages_and_nothing_of_the_others_internal_business() {
    let app = App::new().await;
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    let tr_reader = app.token("TR", Role::Auditor).await;
    let mut sy_stream = open_stream(&app, &sy).await;
    let mut tr_stream = open_stream(&app, &tr_reader).await;
    // TR-internal: TR's roster changes. Then TR writes to SY.
    let second = second_officer(&app, "TR").await;
    let office = app.token("TR", Role::JointOffice).await;
    let r = app.json("PUT", "/api/v1/hotline/roster", Some(&office), &json!({"officers": [second]}).to_string()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let sent =
        send_api(&app, &tr, Some("live-1"), json!({"to": "SY", "subject": "Artillery drill", "body": "Grid 37S."}))
            .await;
    let id = sent.json()["id"].as_i64().unwrap();

    let sy_events = events_until(&mut sy_stream, "hotline").await;
    assert_eq!(sy_events.len(), 1, "SY hears nothing before the message: {sy_events:?}");
    let data: Value = serde_json::from_str(&sy_events[0].1).unwrap();
    assert_eq!(data["event"], "sent");
    assert_eq!(data["id"].as_i64(), Some(id));
    assert_eq!(data["subject"], "Artillery drill");
    assert!(!sy_events[0].1.contains(&second) && !sy_events[0].1.contains("live-1"));
    // TR's own listeners heard the roster change first, so it was published.
    let tr_events = events_until(&mut tr_stream, "hotline").await;
    assert_eq!(tr_events.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["roster", "hotline"]);
    assert!(tr_events[0].1.contains(&second));

    // SY acknowledges: both hear of it.
    app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&sy), "").await;
    let e = events_until(&mut tr_stream, "hotline").await;
    assert!(e[0].1.contains("\"acknowledged\""), "{e:?}");
    let e = events_until(&mut sy_stream, "hotline").await;
    assert!(e[0].1.contains("\"acknowledged\""), "{e:?}");
}

#[tokio::test]
async fn a_stream_opened_before_signing_out_tells_nothing_after() {
    let app = App::new().await;
    let sy = app.token("SY", Role::DeconflictionOfficer).await;
    let mut stream = open_stream(&app, &sy).await;
    assert_eq!(app.json("POST", "/api/v1/logout", Some(&sy), "").await.status.as_u16() / 100, 2);
    message_from(&app, "TR").await;
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    send_api(&app, &tr, Some("after-logout"), json!({"to": "SY", "subject": "Secret", "body": "B"})).await;
    let next = tokio::time::timeout(Duration::from_secs(20), stream.frame()).await.expect("the stream ends at once");
    assert!(next.is_none(), "the stream ended instead of delivering: {next:?}");
}

#[tokio::test]
async fn the_escalation_job_tells_both_parties() {
    let app = App::new().await;
    // A state of our own, to run the job's step on; the router shares its channel.
    let rules = ittifaq_core::Agreement::parse(crate::support::AGREEMENT).unwrap().rules;
    let passwords = ittifaq_web::Passwords::new(ittifaq_web::PasswordCost::Testing);
    let state = ittifaq_web::AppState::new(app.store.clone(), Default::default(), rules, passwords);
    let router = ittifaq_web::router(state.clone());
    let id = message_from(&app, "TR").await;
    assert_eq!(ittifaq_web::hotline_live::escalate(&state).await.unwrap(), 0, "not yet due");
    let t0 = app.store.now_ms();
    app.clock.0.store(t0 + 30 * 60_000, std::sync::atomic::Ordering::SeqCst);
    let mut streams = Vec::new();
    for party in ["TR", "SY"] {
        let token = app.token(party, Role::DeconflictionOfficer).await;
        let req = Request::get("/api/v1/hotline/events")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        streams.push(router.clone().oneshot(req).await.unwrap().into_body());
    }
    assert_eq!(ittifaq_web::hotline_live::escalate(&state).await.unwrap(), 1);
    for stream in &mut streams {
        let events = events_until(stream, "hotline").await;
        let data: Value = serde_json::from_str(&events[0].1).unwrap();
        assert_eq!(
            (data["event"].as_str(), data["id"].as_i64(), data["level"].as_i64()),
            (Some("escalated"), Some(id), Some(2))
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field() {
    let app = App::new().await;
    let tr = app.token("TR", Role::DeconflictionOfficer).await;
    let ok = json!({"to": "SY", "subject": "S", "body": "B"});
    let cases: Vec<(Value, Option<&str>, &str)> = vec![
        (json!({"to": "SY", "subject": "  ", "body": "B"}), Some("a"), "subject"),
        (json!({"to": "SY", "subject": "S", "body": ""}), Some("b"), "body"),
        (json!({"to": "SY", "subject": "S", "body": "x".repeat(5001)}), Some("c"), "body"),
        (json!({"to": "SY", "subject": "S", "body": "B", "priority": "high"}), Some("d"), "priority"),
        (json!({"to": "XX", "subject": "S", "body": "B"}), Some("e"), "to"),
        (json!({"to": "TR", "subject": "S", "body": "B"}), Some("f"), "to"),
        (json!({"subject": "S", "body": "B"}), Some("g"), "to"),
        (json!({"reply_to": 424242, "subject": "S", "body": "B"}), Some("h"), "reply_to"),
        (ok.clone(), None, "idempotency_key"),
        (ok.clone(), Some("has space"), "idempotency_key"),
        (json!({"to": "SY", "subject": "S", "body": "B", "idempotency_key": "other"}), Some("one"), "idempotency_key"),
    ];
    for (body, key, expected) in cases {
        let r = send_api(&app, &tr, key, body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert_eq!(field(&r), expected, "{body}: {}", r.body);
    }
    let unknown =
        send_api(&app, &tr, Some("u"), json!({"to": "SY", "subject": "S", "body": "B", "colour": "red"})).await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.body.contains("colour"), "{}", unknown.body);
    let broken = app.json("POST", "/api/v1/hotline/messages", Some(&tr), "{not json").await;
    assert_eq!(broken.status, 400);
    let id = message_from(&app, "SY").await;
    let bad_ack = app.json("POST", &format!("/api/v1/hotline/messages/{id}/ack"), Some(&tr), "[1]").await;
    assert_eq!(bad_ack.status, 400);
    assert_eq!(app.json("POST", "/api/v1/hotline/messages/abc/ack", Some(&tr), "").await.status, 404);
    let list = app.json("GET", "/api/v1/hotline/messages?box=trash", Some(&tr), "").await;
    assert_eq!((list.status.as_u16(), field(&list)), (422, "box".to_owned()));
    let office = app.token("TR", Role::JointOffice).await;
    for officers in [
        json!(["tr.trainee"]),
        json!(["sy.deconfliction_officer"]),
        json!(["nobody"]),
        json!(["tr.deconfliction_officer", "tr.deconfliction_officer"]),
    ] {
        let r =
            app.json("PUT", "/api/v1/hotline/roster", Some(&office), &json!({"officers": officers}).to_string()).await;
        assert_eq!((r.status.as_u16(), field(&r)), (422, "officers".to_owned()), "{officers}: {}", r.body);
    }
    // Nothing refused was stored.
    let outbox = app.json("GET", "/api/v1/hotline/messages?box=outbox", Some(&tr), "").await.json();
    assert!(outbox.as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------- the access matrix

/// The record a hotline route with `{id}` acts on: a new message to `object_party`.
pub async fn access_fixture(app: &App, path: &str, object_party: &str) -> Option<String> {
    if !path.contains("/hotline/messages/{id}") {
        return None;
    }
    Some(message_from(app, other(object_party)).await.to_string())
}

/// The request of the access matrix for a hotline route, made by a user of `party`.
pub async fn access_request(app: &App, method: &str, path: &str, uri: &str, token: Option<&str>, party: &str) -> Reply {
    let n = app.next();
    let officer = username(party, Role::DeconflictionOfficer);
    match (method, path) {
        ("GET", "/api/v1/hotline/events") => {
            // The stream never ends: only the status and headers are read.
            let mut b = Request::get(uri);
            if let Some(t) = token {
                b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            let res = app.router.clone().oneshot(b.body(Body::empty()).unwrap()).await.unwrap();
            Reply { status: res.status(), headers: res.headers().clone(), body: String::new() }
        }
        ("POST", "/hotline/messages") => {
            let body = format!("to={}&subject=S{n}&body=B&priority=routine&idempotency_key=m{n}", other(party));
            app.form(uri, token, &body).await
        }
        ("POST", "/api/v1/hotline/messages") => {
            let body = json!({"to": other(party), "subject": format!("S{n}"), "body": "B", "idempotency_key": format!("m{n}")});
            app.json(method, uri, token, &body.to_string()).await
        }
        ("POST", "/hotline/roster") => app.form(uri, token, &format!("officers={officer}")).await,
        ("PUT", "/api/v1/hotline/roster") => {
            app.json(method, uri, token, &json!({"officers": [officer]}).to_string()).await
        }
        ("POST", "/hotline/messages/{id}/ack") => app.form(uri, token, "reply=noted").await,
        (m, p) if p.starts_with("/api/") => app.json(m, uri, token, "").await,
        (_, _) => app.get(uri, token).await,
    }
}
