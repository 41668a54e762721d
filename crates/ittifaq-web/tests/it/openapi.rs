//! The API document says what the server does (schemathesis checks it for
//! real in CI): every operation lists the errors the plumbing can answer,
//! query parameters are in the query and optional where the server has a
//! default, a method a route does not take is 405, and bodies that the
//! schema allows are read as it allows them.

use ittifaq_core::Role;
use ittifaq_core::policy::Access;

use crate::support::App;

#[tokio::test]
async fn every_operation_documents_the_errors_the_server_can_answer() {
    let app = App::new().await;
    let doc = app.json("GET", "/api/v1/openapi.json", None, "").await.json();
    let mut checked = 0;
    let mut ids = std::collections::BTreeMap::new();
    for &ittifaq_web::Route { method, path, .. } in ittifaq_web::ROUTES {
        if !path.starts_with("/api/v1/") || path == "/api/v1/openapi.json" {
            continue;
        }
        let op = &doc["paths"][path][method.to_lowercase()];
        let public = ittifaq_web::route(method, path).is_some_and(|r| matches!(r.access, Access::Public));
        let mut expected = vec!["400", "404", "422"];
        if !public {
            expected.extend(["401", "403"]);
            assert_eq!(op["security"][0]["bearer"], serde_json::json!([]), "{method} {path}");
        }
        if method != "GET" {
            expected.extend(["409", "413"]);
        }
        for status in expected {
            assert!(op["responses"][status].is_object(), "{method} {path} does not document {status}");
        }
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            let placeholder = format!("{{{name}}}");
            assert_eq!(p["in"] == "path", path.contains(&placeholder), "{method} {path}: {name} is in {}", p["in"]);
        }
        // A client generator names its functions by operationId: each is one operation's.
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        if let Some(other) = ids.insert(id.clone(), format!("{method} {path}")) {
            panic!("operationId {id} is both {other} and {method} {path}");
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
    // Query parameters with a default are optional.
    let sessions = &doc["paths"]["/api/v1/sessions"]["get"]["parameters"];
    assert!(sessions.as_array().unwrap().iter().all(|p| p["in"] == "query" && p["required"] != true), "{sessions}");
}

#[tokio::test]
async fn a_method_a_route_does_not_take_is_405_with_the_methods_it_does() {
    let app = App::new().await;
    let token = app.token("TR", Role::JointOffice).await;
    let r = app.json("DELETE", "/api/v1/people", Some(&token), "").await;
    assert_eq!(r.status, 405, "{}", r.body);
    assert_eq!(r.headers["allow"], "GET, POST, HEAD");
    // The same for someone not signed in: the route's existence is in the document.
    assert_eq!(app.json("PUT", "/api/v1/health", None, "").await.status, 405);
}

#[tokio::test]
async fn a_page_address_that_only_takes_a_form_leads_to_the_page_the_form_belongs_to() {
    let app = App::new().await;
    let token = app.token("SY", Role::UnitCommander).await;
    let session = format!("/sessions/{}", app.tr.session);
    // A refused nomination leaves the browser at the form's address; a reload
    // by GET, or a change of language that returns there, reaches the session.
    let nominate = format!("{session}/nominations");
    let refused = app.form(&nominate, Some(&token), "person_id=0&priority=1&comment=").await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    let again = app.get(&nominate, Some(&token)).await;
    assert_eq!((again.status.as_u16(), again.location()), (303, session.as_str()));
    let lang = app.form("/lang", Some(&token), &format!("lang=tr&next={}", nominate.replace('/', "%2F"))).await;
    assert_eq!(lang.location(), nominate);
    let page = app.get(&session, Some(&token)).await;
    assert_eq!(page.status, 200);
    // Deeper addresses go up to the nearest page; the API keeps its 405.
    let n = app.new_nomination("SY", "TR", false).await;
    assert_eq!(
        app.get(&format!("/nominations/{n}/approve"), Some(&token)).await.location(),
        format!("/nominations/{n}")
    );
    assert_eq!(app.get("/logout", Some(&token)).await.location(), "/");
    assert_eq!(app.json("GET", &format!("/api/v1/nominations/{n}/approve"), Some(&token), "").await.status, 405);
}

#[tokio::test]
async fn bodies_are_read_as_their_schema_allows() {
    let app = App::new().await;
    // Verifying needs a document: an empty body is refused, not judged.
    let r = app.post_bytes("/api/v1/verify", None, "application/pdf", Vec::new()).await;
    assert_eq!(r.status, 400, "{}", r.body);
    // An integer may be written with a zero fraction (JSON Schema counts 3.0 as an integer).
    let token = app.token("TR", Role::JointOffice).await;
    let body = crate::support::person_json(1, app.tr.units[0])
        .replace(&format!("\"unit_id\":{}", app.tr.units[0]), &format!("\"unit_id\":{}.0", app.tr.units[0]));
    assert!(body.contains(".0"), "{body}");
    let r = app.json("POST", "/api/v1/people", Some(&token), &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // A fraction is still refused where an integer is due.
    let r = app.json("POST", "/api/v1/people", Some(&token), &body.replace(".0", ".5")).await;
    assert_eq!(r.status, 400, "{}", r.body);
    // An optional body may be null.
    let office = app.token("TR", Role::JointOffice).await;
    let r = app.json("POST", "/api/v1/hotline/messages/999999/ack", Some(&office), "null").await;
    assert_ne!(r.status, 400, "{}", r.body);
}
