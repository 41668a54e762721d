//! Sign-in: wrong passwords, throttling, sessions that expire, sign-out,
//! the second factor and its replay protection, CSRF.

use ittifaq_core::id::PersonId;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Request, header};
use ittifaq_core::Role;
use serde_json::json;

use crate::support::{App, PASSWORD, username};

fn login_body(user: &str, password: &str) -> String {
    json!({"username": user, "password": password}).to_string()
}

#[tokio::test]
async fn api_sign_in_gives_a_token_that_works_until_sign_out() {
    let app = App::new().await;
    let reply = app.json("POST", "/api/v1/login", None, &login_body("sy.joint_office", PASSWORD)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let token = reply.json()["token"].as_str().unwrap().to_owned();
    let me = app.json("GET", "/api/v1/me", Some(&token), "").await;
    assert_eq!(me.json()["party"], "SY");
    assert_eq!(me.json()["role"], "joint_office");
    assert_eq!(app.json("POST", "/api/v1/logout", Some(&token), "").await.status, 204);
    assert_eq!(app.json("GET", "/api/v1/me", Some(&token), "").await.status, 401);
}

/// A sign-in through the API from `source`, as the server sees the TCP peer.
async fn login_from(app: &App, source: &str, user: &str, password: &str) -> crate::support::Reply {
    let peer: std::net::SocketAddr = format!("{source}:40000").parse().unwrap();
    let req = Request::post("/api/v1/login")
        .header(header::CONTENT_TYPE, "application/json")
        .extension(axum::extract::ConnectInfo(peer))
        .body(Body::from(login_body(user, password)))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn failed_sign_ins_from_elsewhere_do_not_lock_an_officer_out() {
    let app = App::new().await;
    let officer = username("TR", Role::DeconflictionOfficer);
    // The other party's address fails the officer's sign-in again and again.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(login_from(&app, "10.9.9.9", &officer, "wrong password!").await.status.as_u16());
    }
    assert_eq!(&statuses[..5], [401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "the failing address backs off: {statuses:?}");
    // The officer at their own desk signs in at once.
    let own = login_from(&app, "10.1.1.1", &officer, PASSWORD).await;
    assert_eq!(own.status, 200, "{}", own.body);
    // Even the right password waits at the failing address, until its wait is over.
    let there = login_from(&app, "10.9.9.9", &officer, PASSWORD).await;
    assert_eq!(there.status, 429);
    app.clock.0.fetch_add(16 * 60_000, Ordering::SeqCst);
    let later = login_from(&app, "10.9.9.9", &officer, PASSWORD).await;
    assert_eq!(later.status, 200, "the wait ends: {}", later.body);
}

#[tokio::test]
async fn an_unknown_name_is_answered_exactly_as_a_real_one() {
    let app = App::new().await;
    let real = username("SY", Role::Auditor);
    let mut answers = Vec::new();
    for name in [real.as_str(), "sy.nobody_here"] {
        let mut replies = Vec::new();
        for _ in 0..8 {
            let r = login_from(&app, "10.2.2.2", name, "wrong password!").await;
            replies.push((r.status.as_u16(), r.json()["error"]["message"].as_str().unwrap_or_default().to_owned()));
        }
        answers.push(replies);
    }
    assert_eq!(answers[0], answers[1], "a real account and an unknown name must look alike");
    assert!(answers[0].iter().any(|(s, _)| *s == 429), "{:?}", answers[0]);
    assert!(answers[0].iter().all(|(_, m)| !m.contains("locked") && !m.contains("account")), "{:?}", answers[0]);
}

#[tokio::test]
async fn an_admin_of_the_officers_own_party_lifts_the_wait_and_no_other() {
    let app = App::new().await;
    let officer = username("TR", Role::DeconflictionOfficer);
    for _ in 0..8 {
        login_from(&app, "10.3.3.3", &officer, "wrong password!").await;
    }
    assert_eq!(login_from(&app, "10.3.3.3", &officer, PASSWORD).await.status, 429);
    let path = format!("/api/v1/users/{officer}/unlock");
    let other = app.json("POST", &path, Some(&app.token("SY", Role::Admin).await), "").await;
    assert_eq!(other.status, 404, "another party's account looks absent: {}", other.body);
    let missing =
        app.json("POST", "/api/v1/users/tr.nobody_here/unlock", Some(&app.token("TR", Role::Admin).await), "").await;
    assert_eq!(missing.status, 404);
    assert_eq!(login_from(&app, "10.3.3.3", &officer, PASSWORD).await.status, 429, "still waiting");
    let own = app.json("POST", &path, Some(&app.token("TR", Role::Admin).await), "").await;
    assert_eq!(own.status, 204, "{}", own.body);
    assert_eq!(login_from(&app, "10.3.3.3", &officer, PASSWORD).await.status, 200);
    let audit = app.store.audit_all().await.unwrap();
    assert!(audit.iter().any(|a| a.action == "unlock_sign_in"), "the unlock is audited");
}

#[tokio::test]
async fn weak_passwords_and_names_of_the_other_party_are_refused() {
    let app = App::new().await;
    let admin = app.token("SY", Role::Admin).await;
    for (name, password) in [
        ("sy.new_clerk", "aaaaaaaaaa"),
        ("sy.new_clerk", "password12"),
        ("sy.new_clerk", "sy.new_clerk2026"),
        ("sy.new_clerk", "qwertyuiop1"),
    ] {
        let body = format!("username={name}&display_name=Clerk&role=auditor&password={password}");
        let r = app.form("/admin/users", Some(&admin), &body).await;
        assert_eq!(r.status, 422, "{password} must be refused");
        assert!(app.store.user_by_username(name).await.unwrap().is_none());
    }
    let fake = "username=tr.fake_admin&display_name=Admin&role=admin&password=vK3%23pq9!Lm2wZx";
    let r = app.form("/admin/users", Some(&admin), fake).await;
    assert_eq!(r.status, 422, "an SY admin cannot make a name of TR");
    assert!(app.store.user_by_username("tr.fake_admin").await.unwrap().is_none());
    let good = "username=sy.new_clerk&display_name=Clerk&role=auditor&password=vK3%23pq9!Lm2wZx";
    let r = app.form("/admin/users", Some(&admin), good).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(app.store.user_by_username("sy.new_clerk").await.unwrap().is_some());
}

#[tokio::test]
async fn sessions_expire_after_idleness() {
    let app = App::new().await;
    let token = app.token("SY", Role::Trainee).await;
    assert_eq!(app.get("/", Some(&token)).await.status, 200);
    app.clock.0.fetch_add(31 * 60_000, Ordering::SeqCst);
    let r = app.get("/", Some(&token)).await;
    assert!(r.status.is_redirection() && r.location().starts_with("/login"), "{}", r.status);
}

#[tokio::test]
async fn page_sign_in_sets_a_strict_http_only_cookie_and_follows_only_local_paths() {
    let app = App::new().await;
    let body =
        format!("username=tr.instructor&password={}&next=https%3A%2F%2Fevil.example%2F", PASSWORD.replace(' ', "+"));
    let r = app.form("/login", None, &body).await;
    assert_eq!(r.status.as_u16(), 303);
    assert_eq!(r.location(), "/");
    let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let bad = app.form("/login", None, "username=tr.instructor&password=nope").await;
    assert_eq!(bad.status, 401);
    assert!(bad.body.contains("role=\"alert\""));
}

#[tokio::test]
async fn the_second_factor_is_required_once_enabled_and_a_code_works_once() {
    let app = App::new().await;
    let token = app.token("TR", Role::Advisor).await;
    let page = app.form("/account/totp", Some(&token), "").await;
    assert_eq!(page.status, 200);
    let start = page.body.find("name=\"secret\" value=\"").expect("the secret is offered") + 21;
    let secret: String = page.body[start..].chars().take_while(|c| *c != '"').collect();
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(&secret).unwrap())
        .with_account_name("tr.advisor".to_owned())
        .with_issuer(Some("Ittifaq"))
        .build()
        .unwrap();
    let now = (app.store.now_ms() / 1000) as u64;
    let wrong = app.form("/account/totp/confirm", Some(&token), &format!("secret={secret}&code=000000")).await;
    assert_eq!(wrong.status, 422);
    let code = totp.generate(now).to_string();
    let ok = app.form("/account/totp/confirm", Some(&token), &format!("secret={secret}&code={code}")).await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.body);

    let without = app.json("POST", "/api/v1/login", None, &login_body("tr.advisor", PASSWORD)).await;
    assert_eq!(without.status, 401);
    assert!(without.body.contains("authentication code"));
    // The code used to confirm cannot be used again; the next step's code can.
    let replay = app
        .json(
            "POST",
            "/api/v1/login",
            None,
            &json!({"username": "tr.advisor", "password": PASSWORD, "totp": code}).to_string(),
        )
        .await;
    assert_eq!(replay.status, 401);
    app.clock.0.fetch_add(30_000, Ordering::SeqCst);
    let next = totp.generate(now + 30).to_string();
    let good = app
        .json(
            "POST",
            "/api/v1/login",
            None,
            &json!({"username": "tr.advisor", "password": PASSWORD, "totp": next}).to_string(),
        )
        .await;
    assert_eq!(good.status, 200, "{}", good.body);
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = App::new().await;
    let token = app.token("TR", Role::JointOffice).await;
    let req = Request::post(format!("/people/{}/archive", app.tr.people[0]))
        .header(header::COOKIE, format!("ittifaq_session={token}"))
        .header("sec-fetch-site", "cross-site")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "ittifaq.example")
        .body(Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, 403);
    let still = app
        .store
        .get_person(
            &ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("TR").unwrap()),
            PersonId(app.tr.people[0]),
        )
        .await
        .unwrap();
    assert!(!still.archived);
}
