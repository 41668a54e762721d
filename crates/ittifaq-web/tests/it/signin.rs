//! Sign-in: wrong passwords, throttling, sessions that expire, sign-out,
//! the second factor and its replay protection, CSRF.

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

#[tokio::test]
async fn wrong_passwords_lock_the_account_for_a_while() {
    let app = App::new().await;
    let user = username("TR", Role::Auditor);
    for _ in 0..5 {
        let r = app.json("POST", "/api/v1/login", None, &login_body(&user, "wrong password!")).await;
        assert_eq!(r.status, 401);
    }
    let locked = app.json("POST", "/api/v1/login", None, &login_body(&user, PASSWORD)).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(locked.json()["error"]["message"].as_str().unwrap().contains("locked"));
    app.clock.0.fetch_add(16 * 60_000, Ordering::SeqCst);
    let after = app.json("POST", "/api/v1/login", None, &login_body(&user, PASSWORD)).await;
    assert_eq!(after.status, 200, "{}", after.body);
    // An unknown user gets the same answer as a wrong password.
    let unknown = app.json("POST", "/api/v1/login", None, &login_body("nobody.here", PASSWORD)).await;
    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.json()["error"]["message"], "unknown user name or wrong password");
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
        .get_person(&ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("TR").unwrap()), app.tr.people[0])
        .await
        .unwrap();
    assert!(!still.archived);
}
