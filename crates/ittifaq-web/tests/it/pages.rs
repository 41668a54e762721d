//! Pages in three languages, right to left in Arabic; the API document and health.

use ittifaq_core::Role;

use crate::support::App;

#[tokio::test]
async fn arabic_pages_are_right_to_left_and_translated() {
    let app = App::new().await;
    let token = app.token("SY", Role::JointOffice).await;
    let req = axum::http::Request::get("/people")
        .header("cookie", format!("ittifaq_session={token}"))
        .header("accept-language", "ar-SY,ar;q=0.9,en;q=0.5")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert!(r.body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{}", &r.body[..200]);
    assert!(r.body.contains("<h1>الأفراد</h1>"));
    // The language cookie wins over the browser.
    let req = axum::http::Request::get("/people")
        .header("cookie", format!("ittifaq_session={token}; ittifaq_lang=tr"))
        .header("accept-language", "ar")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = app.send(req).await;
    assert!(r.body.contains("<html lang=\"tr\" dir=\"ltr\">"));
    assert!(r.body.contains("<h1>Personel</h1>"));
    let switch = app.form("/lang", Some(&token), "lang=ar&next=%2Fpeople").await;
    assert_eq!(switch.location(), "/people");
    assert!(switch.headers.get("set-cookie").unwrap().to_str().unwrap().starts_with("ittifaq_lang=ar"));
    let bad = app.form("/lang", Some(&token), "lang=fr").await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn people_can_be_registered_edited_searched_and_archived_from_the_pages() {
    let app = App::new().await;
    let token = app.token("SY", Role::UnitCommander).await;
    let body = format!(
        "service_number=SY-4242&given_name=Majd&family_name=Darwish&native_name=%D9%85%D8%AC%D8%AF&rank=OR-7&rank_title=&unit_id={}&languages=ar%2C+tr&qualifications=PK-BASIC&national_id=&phone=&next_of_kin=",
        app.sy.units[1]
    );
    let created = app.form("/people", Some(&token), &body).await;
    assert_eq!(created.status.as_u16(), 303, "{}", created.body);
    let href = created.location().to_owned();
    let show = app.get(&href, Some(&token)).await;
    assert!(show.body.contains("Majd Darwish") && show.body.contains("PK-BASIC"));
    let found = app.get("/people?q=darw", Some(&token)).await;
    assert!(found.body.contains(&href));
    let edit = app.get(&format!("{href}/edit"), Some(&token)).await;
    assert!(edit.body.contains("value=\"SY-4242\""));
    let updated = app.form(&href, Some(&token), &body.replace("OR-7", "OR-8")).await;
    assert_eq!(updated.status.as_u16(), 303);
    assert!(app.get(&href, Some(&token)).await.body.contains("OR-8"));
    // Archiving asks for its box to be ticked; unticked, nothing changes.
    assert!(app.get(&href, Some(&token)).await.body.contains("name=\"confirm\" value=\"yes\" required"));
    assert_eq!(app.form(&format!("{href}/archive"), Some(&token), "").await.status.as_u16(), 422);
    assert!(app.get("/people?q=darw", Some(&token)).await.body.contains(&href));
    assert_eq!(app.form(&format!("{href}/archive"), Some(&token), "confirm=yes").await.status.as_u16(), 303);
    assert!(!app.get("/people?q=darw", Some(&token)).await.body.contains(&href));
    // The other party sees the record through what SY released: no unit.
    let tr = app.token("TR", Role::JointOffice).await;
    let seen = app.get(&href, Some(&tr)).await;
    assert!(seen.body.contains("Majd Darwish"));
    assert!(!seen.body.contains("SY-U1"));
}

#[tokio::test]
async fn the_api_document_describes_every_api_route_and_health_answers() {
    let app = App::new().await;
    let doc = app.json("GET", "/api/v1/openapi.json", None, "").await;
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    for &ittifaq_web::Route { method, path, .. } in ittifaq_web::ROUTES {
        if !path.starts_with("/api/v1/") || path == "/api/v1/openapi.json" {
            continue;
        }
        let op = &doc["paths"][path][method.to_lowercase()];
        assert!(op.is_object(), "{method} {path} is missing from the OpenAPI document");
    }
    let health = app.json("GET", "/api/v1/health", None, "").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
}

#[tokio::test]
async fn static_assets_are_served() {
    let app = App::new().await;
    let js = app.get("/static/htmx.min.js", None).await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("htmx"));
    assert_eq!(app.get("/static/nothing.js", None).await.status, 404);
}

#[tokio::test]
async fn units_and_institutions_can_be_searched_and_filtered() {
    let app = App::new().await;
    let token = app.token("TR", Role::JointOffice).await;
    let all = app.json("GET", "/api/v1/institutions", Some(&token), "").await.json();
    assert_eq!(all.as_array().unwrap().len(), 6);
    let sy = app.json("GET", "/api/v1/institutions?party=SY", Some(&token), "").await.json();
    assert!(sy.as_array().unwrap().iter().all(|i| i["party"] == "SY") && !sy.as_array().unwrap().is_empty());
    let mines = app.json("GET", "/api/v1/institutions?domain=mine_clearance", Some(&token), "").await.json();
    let codes: Vec<&str> = mines.as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["SY-ENGSCH", "TR-NAMTEM"]);
    let aleppo = app.json("GET", "/api/v1/institutions?q=aleppo", Some(&token), "").await.json();
    assert_eq!(aleppo.as_array().unwrap().len(), 1);
    let units = app.json("GET", "/api/v1/units?q=u1", Some(&token), "").await.json();
    let codes: Vec<&str> = units.as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["TR-U1"], "SY keeps its units to itself");
    let page = app.get("/institutions?q=ankara", Some(&token)).await;
    assert!(page.body.contains("TR-NAMTEM") && !page.body.contains("SY-MILACAD"));
    let bad = app.json("GET", "/api/v1/units?colour=red", Some(&token), "").await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn every_response_says_how_long_the_server_took() {
    let app = App::new().await;
    let token = app.token("TR", ittifaq_core::Role::JointOffice).await;
    for (path, status) in [("/api/v1/sessions", 200), ("/sessions", 200), ("/nothing-here", 404), ("/admin/users", 403)]
    {
        let r = app.get(path, Some(&token)).await;
        assert_eq!(r.status, status, "{path}");
        let timing =
            r.headers.get("server-timing").unwrap_or_else(|| panic!("{path}: no Server-Timing")).to_str().unwrap();
        let ms: f64 = timing.strip_prefix("app;dur=").unwrap_or_else(|| panic!("{timing}")).parse().unwrap();
        assert!(ms >= 0.0 && ms.is_finite(), "{path}: {timing}");
    }
}
