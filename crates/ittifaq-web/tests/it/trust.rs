//! Trust between the parties: a non-host party seals its documents with a key
//! the server does not hold, and certificate codes cannot be walked.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, header};
use base64::Engine as _;
use ed25519_dalek::SigningKey;
use http_body_util::BodyExt;
use ittifaq_core::{Agreement, Role};
use ittifaq_web::issuing::DocumentKeys;
use ittifaq_web::{AppState, PasswordCost, Passwords, WebConfig};
use tower::ServiceExt;

use crate::support::{AGREEMENT, App, Reply, Stage};

/// The keys the tests' parties seal with (the same seeds as `support::document_keys`).
fn party_key(party: &str) -> SigningKey {
    SigningKey::from_bytes(&[if party == "TR" { 11u8 } else { 12u8 }; 32])
}

/// A router over the app's database that holds only the host's (TR's) sealing
/// secret, and SY's public key as the agreement would pin it.
fn host_only_router(app: &App) -> axum::Router {
    let signers = BTreeMap::from([("TR".to_owned(), party_key("TR"))]);
    let pinned = BTreeMap::from([("SY".to_owned(), party_key("SY").verifying_key())]);
    let keys = DocumentKeys::new("https://ittifaq.example", signers).with_verifiers(pinned);
    let rules = Agreement::parse(AGREEMENT).unwrap().rules;
    let state = AppState::new(app.store.clone(), WebConfig::default(), rules, Passwords::new(PasswordCost::Testing))
        .with_documents(keys);
    ittifaq_web::router(state)
}

async fn send(router: &axum::Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn api(router: &axum::Router, method: &str, path: &str, token: &str, body: &str) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(router, req).await
}

async fn page(router: &axum::Router, path: &str, cookie: &str) -> Reply {
    let req =
        Request::get(path).header(header::COOKIE, format!("ittifaq_session={cookie}")).body(Body::empty()).unwrap();
    send(router, req).await
}

fn signature(key: &SigningKey, payload: &str) -> String {
    let sig = ittifaq_docs::seal::sign_payload(payload.as_bytes(), key);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig)
}

#[tokio::test]
async fn a_party_seals_its_certificate_with_its_own_key_and_the_host_cannot() {
    let app = App::new().await;
    let router = host_only_router(&app);
    let (n, _) = app.enrolment("TR", "SY", None, Stage::Completed).await;
    let sy = app.token("SY", Role::Admin).await;
    let tr = app.token("TR", Role::Admin).await;
    let issue = Request::post(format!("/nominations/{n}/certificate"))
        .header(header::COOKIE, format!("ittifaq_session={sy}"))
        .body(Body::empty())
        .unwrap();
    let r = send(&router, issue).await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);

    // The document waits for SY's signature; the host's users do not see the request.
    let list = api(&router, "GET", "/api/v1/seal-requests", &sy, "").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let requests = list.json();
    assert_eq!(requests.as_array().unwrap().len(), 1, "{requests}");
    let id = requests[0]["id"].as_i64().unwrap();
    let payload = requests[0]["payload"].as_str().unwrap().to_owned();
    let code = requests[0]["reference"].as_str().unwrap().to_owned();
    assert_eq!(api(&router, "GET", "/api/v1/seal-requests", &tr, "").await.json(), serde_json::json!([]));
    // SY's office finds it in its inbox, with the document to read and how to seal it; TR's does not.
    let home = page(&router, "/", &sy).await;
    assert!(home.body.contains("id=\"inbox-seal\""), "{}", home.body);
    assert!(home.body.contains(&code), "the reference is listed");
    assert!(home.body.contains(&format!("/api/v1/seal-requests/{id}/pdf")), "the document to read");
    assert!(home.body.contains("ittifaq certificate sign"), "how to seal it");
    let badge = page(&router, "/inbox/count", &sy).await;
    assert!(badge.body.contains(">1</span>"), "{}", badge.body);
    let host_home = page(&router, "/", &tr).await;
    assert!(!host_home.body.contains("inbox-seal") && !host_home.body.contains(&code), "{}", host_home.body);
    let seal_path = format!("/api/v1/seal-requests/{id}/seal");
    for path in [format!("/api/v1/seal-requests/{id}/pdf")] {
        assert_eq!(api(&router, "GET", &path, &tr, "").await.status, 404, "another party's request looks absent");
    }
    let by_tr = serde_json::json!({"signature": signature(&party_key("SY"), &payload)}).to_string();
    assert_eq!(api(&router, "POST", &seal_path, &tr, &by_tr).await.status, 404);

    // The host's own key, or any other, is refused.
    for forged in [party_key("TR"), SigningKey::from_bytes(&[99u8; 32])] {
        let body = serde_json::json!({"signature": signature(&forged, &payload)}).to_string();
        let r = api(&router, "POST", &seal_path, &sy, &body).await;
        assert_eq!(r.status, 422, "a seal not made with SY's pinned key: {}", r.body);
    }
    assert_eq!(api(&router, "GET", &format!("/api/v1/verify/{code}"), &sy, "").await.status, 404, "not issued yet");

    // SY's own signature, made on its machine, issues the certificate.
    let body = serde_json::json!({"signature": signature(&party_key("SY"), &payload)}).to_string();
    let r = api(&router, "POST", &seal_path, &sy, &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json()["valid"], true, "{}", r.body);
    assert_eq!(r.json()["party"], "SY");
    assert_eq!(api(&router, "GET", "/api/v1/seal-requests", &sy, "").await.json(), serde_json::json!([]));
    assert!(!page(&router, "/", &sy).await.body.contains("inbox-seal"), "sealed, it leaves the inbox");
    let status = api(&router, "GET", &format!("/api/v1/verify/{code}"), &sy, "").await;
    assert_eq!(status.status, 200, "{}", status.body);
}

#[tokio::test]
async fn certificate_codes_cannot_be_walked() {
    let app = App::new().await;
    let router = host_only_router(&app);
    let (n, _) = app.enrolment("SY", "TR", None, Stage::Completed).await;
    let tr = app.token("TR", Role::Admin).await;
    let issue = Request::post(format!("/nominations/{n}/certificate"))
        .header(header::COOKIE, format!("ittifaq_session={tr}"))
        .body(Body::empty())
        .unwrap();
    let r = send(&router, issue).await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let record = app.json("GET", &format!("/api/v1/nominations/{n}"), Some(&tr), "").await;
    let text = record.body.clone();
    let start = text.find("CERT-TR-").expect("the certificate is on the record");
    let code: String = text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    assert_eq!(app.json("GET", &format!("/api/v1/verify/{code}"), None, "").await.status, 200);
    // The code holds its sequence number and 60 random bits; without them it is nothing.
    let (walked, secret) = code.rsplit_once('-').unwrap();
    assert!(secret.len() >= 12, "{code}");
    for guess in [walked.to_owned(), format!("{walked}-000000000000")] {
        let r = app.json("GET", &format!("/api/v1/verify/{guess}"), None, "").await;
        assert_eq!(r.status, 404, "{guess}");
        assert!(!r.body.contains("Omar") && !r.body.contains("Haddad"), "a walked code names no holder: {}", r.body);
    }
}
