//! Bad input: malformed, oversized, mistyped or unknown-field bodies and
//! queries on every endpoint get a 4xx naming the problem, and nothing is stored.

use axum::body::Body;
use axum::http::{Request, header};
use ittifaq_core::Role;

use crate::support::App;

#[tokio::test]
async fn malformed_bodies_to_every_endpoint_get_a_clear_4xx_and_store_nothing() {
    let app = App::new().await;
    let people_before = app.store.count_people(None).await.unwrap();
    // A unit of no people, which archiving takes.
    let unit = app.new_unit("TR").await;
    let audit_before = app.store.audit_all().await.unwrap().len();
    let big = "x".repeat(2 * 1024 * 1024);
    let json_bodies = [
        ("{", "application/json"),
        ("[]", "application/json"),
        ("{\"unknown_field\": 1}", "application/json"),
        (
            "{\"service_number\": 5, \"given_name\": [], \"family_name\": {}, \"rank\": null, \"unit_id\": \"x\"}",
            "application/json",
        ),
        ("\u{0}\u{1}garbage", "application/json"),
        ("{\"a\":1}", "text/plain"),
        (big.as_str(), "application/json"),
    ];
    let form_bodies = ["%%%", "unit_id=abc&rank=OF-99", "unknown=1", "=&=&&", big.as_str()];
    let mut cases = 0;
    for rule in ittifaq_web::ROUTES.iter().filter(|r| r.method != "GET") {
        let id = if rule.path.contains("/units/") { unit } else { app.tr.people[1] };
        let uri = rule.path.replace("{id}", &id.to_string()).replace("{file}", "x");
        let api = rule.path.starts_with("/api/");
        let bodies: Vec<(&str, &str)> = if api {
            json_bodies.to_vec()
        } else {
            form_bodies.iter().map(|b| (*b, "application/x-www-form-urlencoded")).collect()
        };
        for (body, kind) in bodies {
            // A fresh session each time: the logout endpoint ends the one it is given.
            let token = app.token("TR", Role::Admin).await;
            let mut b = Request::builder().method(rule.method).uri(&uri).header(header::CONTENT_TYPE, kind);
            b = if api {
                b.header(header::AUTHORIZATION, format!("Bearer {token}"))
            } else {
                b.header(header::COOKIE, format!("ittifaq_session={token}"))
            };
            let reply = app.send(b.body(Body::from(body.to_owned())).unwrap()).await;
            cases += 1;
            let s = reply.status.as_u16();
            // Endpoints that take no body (logout, archive, totp) may succeed; none may fail with 5xx.
            assert!(
                s < 500,
                "{} {} with {:?}: {} {}",
                rule.method,
                rule.path,
                body.chars().take(40).collect::<String>(),
                reply.status,
                reply.body
            );
            if reply.status.is_client_error() {
                if api {
                    let msg = reply.json()["error"]["message"].as_str().unwrap_or("").to_owned();
                    assert!(!msg.is_empty(), "{} {}: no message", rule.method, rule.path);
                } else {
                    assert!(
                        reply.body.contains("role=\"alert\""),
                        "{} {}: no message on the page",
                        rule.method,
                        rule.path
                    );
                }
            }
        }
    }
    assert!(cases > 50);
    // The archive endpoints take no body, so they archived the one record they
    // were pointed at; nothing else was stored.
    let people_after = app.store.count_people(None).await.unwrap();
    assert_eq!(people_after, people_before - 1);
    // Creating a calendar address takes no body either, so those succeed too.
    let changes: Vec<String> = app.store.audit_all().await.unwrap()[audit_before..]
        .iter()
        .map(|e| format!("{} {} {}", e.action, e.object_type, e.object_id))
        .filter(|c| !c.starts_with("create_calendar_feed "))
        .collect();
    // Archiving twice is refused, so each record was archived once.
    let expected = [
        format!("archive person {}", app.tr.people[1]),
        format!("archive unit {unit}"),
        format!("archive institution {}", app.tr.people[1]),
    ];
    assert_eq!(changes, expected, "stored: {changes:?}");
}

#[tokio::test]
async fn errors_name_the_field_and_the_problem() {
    let app = App::new().await;
    let token = app.token("SY", Role::JointOffice).await;
    let unit = app.sy.units[0];
    let cases = [
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "A", "family_name": "B", "rank": "General", "unit_id": unit}),
            422,
            "rank",
        ),
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "", "family_name": "B", "rank": "OF-1", "unit_id": unit}),
            422,
            "given_name",
        ),
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "A", "family_name": "B", "rank": "OF-1", "unit_id": 999999}),
            422,
            "unit_id",
        ),
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "A", "family_name": "B", "rank": "OF-1", "unit_id": unit, "shoe_size": 44}),
            400,
            "shoe_size",
        ),
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "A", "family_name": "B", "rank": "OF-1", "unit_id": "five"}),
            400,
            "unit_id",
        ),
        (
            serde_json::json!({"service_number": "SY-9", "given_name": "A", "family_name": "B", "rank": "OF-1", "unit_id": unit, "languages": ["Arabic"]}),
            422,
            "languages",
        ),
    ];
    for (body, status, field) in cases {
        let reply = app.json("POST", "/api/v1/people", Some(&token), &body.to_string()).await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.body);
        let message = reply.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(field), "{body}: {message}");
    }
    for (path, status) in [
        ("/api/v1/people/abc", 404),
        ("/api/v1/people/987654", 404),
        ("/api/v1/people?rank_min=XX-1", 422),
        ("/api/v1/people?colour=red", 400),
        ("/api/v1/nothing", 404),
    ] {
        let reply = app.json("GET", path, Some(&token), "").await;
        assert_eq!(reply.status.as_u16(), status, "{path}: {}", reply.body);
        assert!(reply.json()["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let page = app.get("/people/abc", Some(&token)).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("role=\"alert\""));
}

#[tokio::test]
async fn a_refused_form_comes_back_filled_in_with_the_reason() {
    let app = App::new().await;
    let token = app.token("TR", Role::UnitCommander).await;
    let body = format!(
        "service_number=TR-77&given_name=Cem&family_name=Kara&native_name=&rank=OF-11&rank_title=&unit_id={}&languages=tr&qualifications=&national_id=&phone=&next_of_kin=",
        app.tr.units[0]
    );
    let reply = app.form("/people", Some(&token), &body).await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("OF-11"), "the reason names the bad rank");
    assert!(reply.body.contains("value=\"Cem\""), "the form keeps what was typed");
    assert!(reply.body.contains("id=\"rank-error\""), "the reason stands beside the rank: {}", reply.body);
    assert!(reply.body.contains("aria-invalid=\"true\" aria-describedby=\"rank-error\""), "the rank is marked invalid");
    assert!(reply.body.contains("href=\"#rank\""), "the summary above the form leads to the rank");
}

#[tokio::test]
async fn a_refused_form_says_why_beside_the_field_in_the_users_language() {
    let app = App::new().await;
    let token = app.token("TR", Role::JointOffice).await;
    let body =
        "code=TR-NEW-1&parent_id=&name_en=Signals&name_tr=Muhabere&name_ar=%D8%A5%D8%B4%D8%A7%D8%B1%D8%A9&max_away=-3";
    for (lang, reason) in [("tr", "negatif olamaz"), ("ar", "يجب ألا يكون سالبًا"), ("en", "must not be negative")]
    {
        let reply = app.form_in(lang, "/units", Some(&token), body).await;
        assert_eq!(reply.status, 422, "{lang}: {}", reply.body);
        let beside = format!("<span class=\"field-error\" id=\"max_away-error\">{reason}</span>");
        assert!(
            reply.body.contains(&beside),
            "{lang}: the reason beside the cap, in the user's language: {}",
            reply.body
        );
        assert!(reply.body.contains("value=\"Muhabere\""), "{lang}: the names typed are kept");
        assert!(
            reply.body.contains("value=\"-3\" inputmode=\"numeric\" aria-invalid=\"true\""),
            "{lang}: the cap is kept and marked"
        );
        assert!(!reply.body.contains("name_en-error"), "{lang}: no other field is blamed");
    }
    assert!(
        app.store
            .list_units(&ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("TR").unwrap()))
            .await
            .unwrap()
            .iter()
            .all(|u| u.code != "TR-NEW-1"),
        "nothing stored"
    );
}

#[tokio::test]
async fn text_that_is_not_utf8_is_refused_naming_the_field_never_stored_altered() {
    let app = App::new().await;
    let token = app.token("TR", Role::JointOffice).await;
    let before = app.store.audit_all().await.unwrap().len();
    // A person whose given name is the bytes FF FE: before, it was stored as U+FFFD U+FFFD.
    let form = crate::support::person_form(7, app.tr.units[0]).replace("given_name=Deniz", "given_name=%FF%FE");
    let r = app.form("/people", Some(&token), &form).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("given_name"), "{}", r.body);
    assert!(!r.body.contains('\u{fffd}'));
    // In a query string too, and in the API.
    let r = app.get("/people?q=%C3%28", Some(&token)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = app.json("GET", "/api/v1/people?q=%80", Some(&token), "").await;
    assert_eq!(
        (r.status.as_u16(), r.json()["error"]["message"].as_str().map(|m| m.contains("q: "))),
        (400, Some(true))
    );
    // Nothing was stored; well-formed non-ASCII text still is.
    assert_eq!(app.store.audit_all().await.unwrap().len(), before);
    let ok = crate::support::person_form(8, app.tr.units[0]).replace("given_name=Deniz", "given_name=%C4%B0pek");
    assert_eq!(app.form("/people", Some(&token), &ok).await.status, 303);
    let found = app.json("GET", "/api/v1/people?q=%C4%B0pek", Some(&token), "").await.json();
    assert_eq!(found["items"][0]["given_name"], "İpek");
}
