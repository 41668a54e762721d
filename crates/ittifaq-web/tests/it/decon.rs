//! Deconfliction in the platform: a declaration answers with its conflicts
//! before it is confirmed; confirming, amending and cancelling keep the
//! conflicts in step; the other party sees footprint, time, altitude and kind
//! but never the unit or the author; a third state's activities only reach
//! deconfliction officers; invalid footprints are refused naming the fault.

use ittifaq_core::Role;
use serde_json::{Value, json};

use crate::support::{App, Reply, canary};

/// A square around (lon, lat) of `half` degrees.
pub fn square(lon: f64, lat: f64, half: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]
    ]]})
}

/// A ground activity body on 1 March 2027 from `start` to `end` o'clock.
pub fn body(kind: &str, footprint: Value, start: u8, end: u8, unit: &str) -> Value {
    json!({
        "kind": kind,
        "footprint": footprint,
        "altitude_m": [0, 0],
        "start": format!("2027-03-01T{start:02}:00:00Z"),
        "end": format!("2027-03-01T{end:02}:00:00Z"),
        "separation_m": 500,
        "unit": unit,
    })
}

async fn officer(app: &App, party: &str) -> String {
    app.token(party, Role::DeconflictionOfficer).await
}

pub async fn declare(app: &App, token: &str, body: &Value) -> Reply {
    app.json("POST", "/api/v1/declarations", Some(token), &body.to_string()).await
}

/// Declares and confirms; returns the declaration's id and code.
pub async fn confirmed(app: &App, token: &str, body: &Value) -> (i64, String) {
    let r = declare(app, token, body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["declaration"]["id"].as_i64().unwrap();
    let c = app.json("POST", &format!("/api/v1/declarations/{id}/confirm"), Some(token), "").await;
    assert_eq!(c.status, 200, "{}", c.body);
    (id, r.json()["declaration"]["code"].as_str().unwrap().to_owned())
}

/// A declaration of `party` for the access matrix, entered by its officer
/// with the party's canary as its unit: confirmed, or a draft for `/confirm`.
pub async fn fixture(app: &App, party: &str, path: &str) -> i64 {
    let token = officer(app, party).await;
    let b = body("exercise", square(36.9, 36.6, 0.05), 6, 12, &canary(party));
    if path.ends_with("/confirm") {
        let r = declare(app, &token, &b).await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.json()["declaration"]["id"].as_i64().unwrap()
    } else {
        confirmed(app, &token, &b).await.0
    }
}

async fn conflicts(app: &App, token: &str) -> Vec<(String, String)> {
    let r = app.json("GET", "/api/v1/conflicts", Some(token), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["a"].as_str().unwrap().into(), c["b"].as_str().unwrap().into()))
        .collect()
}

async fn audit_actions(app: &App, party: &str, code: &str) -> Vec<String> {
    let token = app.token(party, Role::Auditor).await;
    let r = app.json("GET", &format!("/api/v1/audit?object_type=declaration&object_id={code}"), Some(&token), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut actions: Vec<String> =
        r.json().as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    actions.reverse();
    actions
}

#[tokio::test]
async fn a_declaration_answers_with_its_conflicts_before_it_is_confirmed() {
    let app = App::new().await;
    let (tr, sy) = (officer(&app, "TR").await, officer(&app, "SY").await);
    let (tr_id, tr_code) =
        confirmed(&app, &tr, &body("exercise", square(36.85, 36.5, 0.05), 6, 12, "1st Brigade")).await;
    // A Syrian demining team 300 m outside the exercise's box, during it: closer than 500 m.
    let circle = json!({"type": "Point", "coordinates": [36.9 + 0.0034 + 0.00045, 36.5], "radius_m": 10});
    let draft = declare(&app, &sy, &body("demining", circle, 8, 15, "Engineers")).await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    let draft = draft.json();
    assert_eq!(draft["declaration"]["status"], "draft");
    let found = draft["conflicts"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{draft}");
    let c = &found[0];
    let sy_code = draft["declaration"]["code"].as_str().unwrap().to_owned();
    assert!(sy_code.starts_with("SY-DM-2027-"), "{sy_code}");
    assert!([c["a"].as_str(), c["b"].as_str()].contains(&Some(tr_code.as_str())));
    assert!(c["distance_m"].as_f64().unwrap() > 200.0 && c["distance_m"].as_f64().unwrap() < 500.0, "{c}");
    assert_eq!(c["overlap_start"], "2027-03-01T08:00:00Z");
    assert_eq!(c["overlap_end"], "2027-03-01T12:00:00Z");
    // A draft is nobody's conflict yet.
    assert!(conflicts(&app, &tr).await.is_empty());
    let sy_id = draft["declaration"]["id"].as_i64().unwrap();
    let ok = app.json("POST", &format!("/api/v1/declarations/{sy_id}/confirm"), Some(&sy), "").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["declaration"]["status"], "confirmed");
    assert_eq!(ok.json()["conflicts"].as_array().unwrap().len(), 1);
    // Now both parties (and the joint office) see the pair, once.
    let jo = app.token("TR", Role::JointOffice).await;
    let pair = vec![(sy_code.clone(), tr_code.clone())];
    assert_eq!(conflicts(&app, &tr).await, pair);
    assert_eq!(conflicts(&app, &jo).await, pair);
    // A window that misses the overlap finds none.
    let r = app.json("GET", "/api/v1/conflicts?from=2027-03-02&to=2027-03-03", Some(&jo), "").await;
    assert_eq!(r.json().as_array().unwrap().len(), 0);
    // Confirming twice is refused.
    let again = app.json("POST", &format!("/api/v1/declarations/{sy_id}/confirm"), Some(&sy), "").await;
    assert_eq!(again.status, 409, "{}", again.body);
    // The other party cannot confirm, amend or cancel it.
    let r = app.json("POST", &format!("/api/v1/declarations/{tr_id}/cancel"), Some(&sy), "").await;
    assert_eq!(r.status, 403, "{}", r.body);
    // Each step is in the audit record.
    assert_eq!(audit_actions(&app, "SY", &sy_code).await, ["declare", "confirm"]);
}

#[tokio::test]
async fn amending_and_cancelling_leave_no_stale_conflicts() {
    let app = App::new().await;
    let (tr, sy) = (officer(&app, "TR").await, officer(&app, "SY").await);
    let (tr_id, tr_code) = confirmed(&app, &tr, &body("convoy", square(36.6, 36.3, 0.02), 6, 12, "")).await;
    let (sy_id, sy_code) = confirmed(&app, &sy, &body("exercise", square(36.62, 36.3, 0.02), 10, 14, "")).await;
    assert_eq!(conflicts(&app, &tr).await, vec![(sy_code.clone(), tr_code.clone())]);
    // Moved 50 km away: the conflict is gone.
    let far = body("exercise", square(37.2, 36.3, 0.02), 10, 14, "");
    let r = app.json("PUT", &format!("/api/v1/declarations/{sy_id}"), Some(&sy), &far.to_string()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["declaration"]["status"], "amended");
    assert_eq!(r.json()["declaration"]["version"], 2);
    assert!(r.json()["conflicts"].as_array().unwrap().is_empty());
    assert!(conflicts(&app, &tr).await.is_empty());
    // Back where it was, later in the day but inside the window: the conflict returns.
    let near = body("exercise", square(36.62, 36.3, 0.02), 11, 13, "");
    let r = app.json("PUT", &format!("/api/v1/declarations/{sy_id}"), Some(&sy), &near.to_string()).await;
    assert_eq!(r.json()["conflicts"].as_array().unwrap().len(), 1, "{}", r.body);
    assert_eq!(conflicts(&app, &sy).await.len(), 1);
    // Cancelling the Turkish convoy removes it from every conflict.
    let r = app.json("POST", &format!("/api/v1/declarations/{tr_id}/cancel"), Some(&tr), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "cancelled");
    assert!(conflicts(&app, &sy).await.is_empty());
    let seen = app.json("GET", &format!("/api/v1/declarations/{sy_id}"), Some(&sy), "").await.json();
    assert!(seen["conflicts"].as_array().unwrap().is_empty(), "{seen}");
    // A cancelled declaration cannot be amended or cancelled again.
    let r = app.json("PUT", &format!("/api/v1/declarations/{tr_id}"), Some(&tr), &near.to_string()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(app.json("POST", &format!("/api/v1/declarations/{tr_id}/cancel"), Some(&tr), "").await.status, 409);
    assert_eq!(audit_actions(&app, "SY", &sy_code).await, ["declare", "confirm", "amend", "amend"]);
    assert_eq!(audit_actions(&app, "TR", &tr_code).await, ["declare", "confirm", "cancel"]);
    // A server started afresh on the same database holds the same engine.
    let engine = ittifaq_store::decon_engine::DeconEngine::default();
    assert_eq!(engine.reload(&app.store).await.unwrap(), 1, "one confirmed declaration is left");
}

#[tokio::test]
async fn the_other_party_sees_footprint_time_altitude_and_kind_but_not_unit_or_author() {
    let app = App::new().await;
    let tr = officer(&app, "TR").await;
    let (id, code) = confirmed(&app, &tr, &body("firing", square(36.7, 36.4, 0.02), 6, 9, &canary("TR"))).await;
    let draft = declare(&app, &tr, &body("flight", square(36.7, 36.4, 0.02), 6, 9, "Draft unit")).await.json();
    let draft_id = draft["declaration"]["id"].as_i64().unwrap();
    for role in [Role::DeconflictionOfficer, Role::JointOffice, Role::Auditor] {
        let token = app.token("SY", role).await;
        let list = app.json("GET", "/api/v1/declarations", Some(&token), "").await;
        assert_eq!(list.status, 200);
        assert!(!list.body.contains(&canary("TR")), "{role:?} sees the unit: {}", list.body);
        assert!(!list.body.contains("tr.deconfliction_officer"), "{role:?} sees the author");
        let items = list.json();
        let items = items.as_array().unwrap();
        assert_eq!(items.len(), 1, "the draft stays with its party: {items:?}");
        let d = &items[0];
        assert_eq!(d["code"], code.as_str());
        assert_eq!(d["kind"], "firing");
        assert_eq!(d["altitude_m"], json!([0.0, 0.0]));
        assert_eq!(d["start"], "2027-03-01T06:00:00Z");
        assert_eq!(d["footprint"]["type"], "Polygon");
        assert!(d["unit"].is_null() && d["created_by"].is_null(), "{d}");
        let page = app.get("/decon", Some(&token)).await;
        assert!(page.body.contains(&code) && !page.body.contains(&canary("TR")), "{role:?}: {}", page.body);
        let one = app.get(&format!("/decon/{id}"), Some(&token)).await;
        assert_eq!(one.status, 200);
        assert!(!one.body.contains(&canary("TR")) && !one.body.contains("tr.deconfliction_officer"));
        assert_eq!(app.json("GET", &format!("/api/v1/declarations/{draft_id}"), Some(&token), "").await.status, 404);
    }
    // Its own party sees it all.
    let own = app.json("GET", &format!("/api/v1/declarations/{id}"), Some(&tr), "").await.json();
    assert_eq!(own["declaration"]["unit"], canary("TR").as_str());
    assert_eq!(own["declaration"]["created_by"], "tr.deconfliction_officer");
    let list = app.json("GET", "/api/v1/declarations", Some(&tr), "").await.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Filters by time and box.
    let jo = app.token("SY", Role::JointOffice).await;
    let n = |r: Reply| r.json().as_array().unwrap().len();
    assert_eq!(
        n(app.json("GET", "/api/v1/declarations?from=2027-03-01T08:00:00Z&to=2027-03-02", Some(&jo), "").await),
        1
    );
    assert_eq!(n(app.json("GET", "/api/v1/declarations?from=2027-03-01T09:00:00Z", Some(&jo), "").await), 0);
    assert_eq!(n(app.json("GET", "/api/v1/declarations?bbox=36.6,36.3,36.8,36.5", Some(&jo), "").await), 1);
    assert_eq!(n(app.json("GET", "/api/v1/declarations?bbox=30,30,31,31", Some(&jo), "").await), 0);
    let bad = app.json("GET", "/api/v1/declarations?bbox=north", Some(&jo), "").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("bbox"), "{}", bad.body);
}

#[tokio::test]
async fn a_third_states_activities_reach_only_deconfliction_officers() {
    let app = App::new().await;
    let (tr, sy) = (officer(&app, "TR").await, officer(&app, "SY").await);
    let mut flight =
        body("flight", json!({"type": "LineString", "coordinates": [[36.5, 36.0], [37.5, 37.0]]}), 6, 12, "");
    flight["altitude_m"] = json!([0, 3000]);
    flight["third_state"] = json!({"code": "RUS", "name": "Russian Federation"});
    let (id, code) = confirmed(&app, &tr, &flight).await;
    assert!(code.starts_with("RUS-FL-2027-"), "{code}");
    // A Syrian convoy across the route at the same time.
    let convoy = body("convoy", json!({"type": "LineString", "coordinates": [[36.5, 37.0], [37.5, 36.0]]}), 8, 10, "");
    let r = declare(&app, &sy, &convoy).await.json();
    assert_eq!(r["conflicts"][0]["a_party"], "RUS", "{r}");
    let sy_id = r["declaration"]["id"].as_i64().unwrap();
    app.json("POST", &format!("/api/v1/declarations/{sy_id}/confirm"), Some(&sy), "").await;
    for token in [&tr, &sy] {
        let list = app.json("GET", "/api/v1/declarations", Some(token), "").await.json();
        assert!(list.as_array().unwrap().iter().any(|d| d["code"] == code.as_str() && d["third_state"] == true));
        assert_eq!(conflicts(&app, token).await.len(), 1);
    }
    for party in ["TR", "SY"] {
        for role in [Role::JointOffice, Role::Auditor] {
            let token = app.token(party, role).await;
            let list = app.json("GET", "/api/v1/declarations", Some(&token), "").await;
            assert!(!list.body.contains(&code) && !list.body.contains("Russian"), "{party} {role:?}: {}", list.body);
            assert_eq!(app.json("GET", &format!("/api/v1/declarations/{id}"), Some(&token), "").await.status, 404);
            assert!(conflicts(&app, &token).await.is_empty(), "{party} {role:?} sees a third state's conflict");
            let sy_one = app.json("GET", &format!("/api/v1/declarations/{sy_id}"), Some(&token), "").await.json();
            assert!(sy_one["conflicts"].as_array().unwrap().is_empty(), "{sy_one}");
            let page = app.get("/decon", Some(&token)).await;
            assert!(!page.body.contains(&code));
        }
    }
    // A party's code is not a third state; other roles cannot enter one.
    let mut fake = flight.clone();
    fake["third_state"] = json!({"code": "SY", "name": "Syria"});
    let r = declare(&app, &tr, &fake).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("party of the agreement"), "{}", r.body);
}

#[tokio::test]
async fn invalid_footprints_are_refused_naming_the_fault_and_nothing_is_stored() {
    let app = App::new().await;
    let tr = officer(&app, "TR").await;
    let audit_before = app.store.audit_all().await.unwrap().len();
    let bowtie = json!({"type": "Polygon", "coordinates": [[[36.0, 36.0], [36.1, 36.1], [36.1, 36.0], [36.0, 36.1], [36.0, 36.0]]]});
    let unclosed =
        json!({"type": "Polygon", "coordinates": [[[36.0, 36.0], [36.1, 36.0], [36.1, 36.1], [36.0, 36.1]]]});
    let no_radius = json!({"type": "Point", "coordinates": [36.0, 36.0]});
    let lat = json!({"type": "Point", "coordinates": [36.0, 96.0], "radius_m": 5});
    let cases = [
        (body("exercise", bowtie, 6, 8, ""), "self-intersecting ring"),
        (body("exercise", unclosed, 6, 8, ""), "unclosed ring"),
        (body("exercise", no_radius, 6, 8, ""), "without radius_m"),
        (body("exercise", lat, 6, 8, ""), "latitude 96 outside ±90"),
        (body("exercise", square(36.0, 36.0, 0.1), 8, 6, ""), "end is not after start"),
        (body("parade", square(36.0, 36.0, 0.1), 6, 8, ""), "not a kind of activity"),
        (body("exercise", json!({"type": "GeometryCollection", "geometries": []}), 6, 8, ""), "cannot be a footprint"),
    ];
    for (b, fault) in cases {
        let r = declare(&app, &tr, &b).await;
        assert_eq!(r.status, 422, "{fault}: {}", r.body);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains(fault), "{fault}: {}", r.body);
    }
    let mut inverted = body("flight", square(36.0, 36.0, 0.1), 6, 8, "");
    inverted["altitude_m"] = json!([3000, 100]);
    let r = declare(&app, &tr, &inverted).await;
    assert_eq!((r.status.as_u16(), r.json()["error"]["field"].as_str()), (422, Some("altitude_m")), "{}", r.body);
    // Nothing was stored and nothing audited.
    assert!(app.json("GET", "/api/v1/declarations", Some(&tr), "").await.json().as_array().unwrap().is_empty());
    assert_eq!(app.store.audit_all().await.unwrap().len(), audit_before);
    // The page shows the form again with the fault.
    let form = "kind=exercise&start=2027-03-01T06%3A00&end=2027-03-01T08%3A00&altitude_lo=0&altitude_hi=0&footprint=%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B36%2C36%5D%2C%5B36.1%2C36.1%5D%2C%5B36.1%2C36%5D%2C%5B36%2C36.1%5D%2C%5B36%2C36%5D%5D%5D%7D";
    let page = app.form("/decon", Some(&tr), form).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("self-intersecting ring") && page.body.contains("id=\"declare\""), "{}", page.body);
    // Reversed altitudes: the reason stands beside the altitude, the times typed are kept.
    let reversed = "kind=exercise&start=2027-03-01T06%3A00&end=2027-03-01T08%3A00&altitude_lo=3000&altitude_hi=100&circle_lon=36.2&circle_lat=36.2&circle_radius_m=500";
    let page = app.form_in("tr", "/decon", Some(&tr), reversed).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("id=\"altitude_lo-error\""), "{}", page.body);
    assert!(page.body.contains("value=\"3000\" inputmode=\"decimal\" required aria-invalid=\"true\""), "{}", page.body);
    assert!(page.body.contains("value=\"2027-03-01T08:00\""), "the end typed is kept");
}

/// A multipart body with the given text fields and a `.geojson` file.
fn multipart(fields: &[(&str, &str)], file: &str) -> (String, Vec<u8>) {
    let boundary = "decon-test-boundary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"footprint_file\"; filename=\"area.geojson\"\r\nContent-Type: application/geo+json\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

#[tokio::test]
async fn an_officer_declares_from_the_page_with_an_uploaded_file_reviews_the_conflicts_and_confirms() {
    let app = App::new().await;
    let (tr, sy) = (officer(&app, "TR").await, officer(&app, "SY").await);
    let (_, tr_code) = confirmed(&app, &tr, &body("exercise", square(36.85, 36.5, 0.05), 6, 12, "")).await;
    let feature = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "lane"},
        "geometry": square(36.88, 36.52, 0.01)}]});
    let fields = [
        ("kind", "demining"),
        ("start", "2027-03-01T07:00"),
        ("end", "2027-03-01T09:30"),
        ("altitude_lo", "0"),
        ("altitude_hi", "0"),
        ("separation_m", "100"),
        ("unit", "Afrin engineers"),
        ("footprint", ""),
        ("circle_lon", ""),
        ("circle_lat", ""),
    ];
    let (ct, bytes) = multipart(&fields, &feature.to_string());
    let r = app.post_bytes("/decon", Some(&sy), &ct, bytes).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let href = r.location().to_owned();
    let review = app.get(&href, Some(&sy)).await;
    assert_eq!(review.status, 200);
    assert!(review.body.contains(&tr_code), "the review lists the conflict: {}", review.body);
    assert!(review.body.contains("id=\"confirm\"") && review.body.contains("Afrin engineers"));
    let r = app.form(&format!("{href}/confirm"), Some(&sy), "").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = app.get(&href, Some(&sy)).await;
    assert!(after.body.contains("Confirmed") && !after.body.contains("id=\"confirm\""));
    assert_eq!(conflicts(&app, &tr).await.len(), 1);
    // Amend from the page with a circle far away, then cancel.
    let edit = app.get(&format!("{href}/edit"), Some(&sy)).await;
    assert_eq!(edit.status, 200);
    let moved = "kind=demining&start=2027-03-01T07%3A00&end=2027-03-01T09%3A30&altitude_lo=0&altitude_hi=0&footprint=&circle_lon=38.0&circle_lat=36.5&circle_radius_m=300&unit=Afrin+engineers";
    let r = app.form(&href, Some(&sy), moved).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(conflicts(&app, &tr).await.is_empty());
    // Two footprints at once are refused, naming the choice.
    let both = format!("{moved}&footprint=%7B%7D");
    let r = app.form(&href, Some(&sy), &both.replace("footprint=&", "")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(app.form(&format!("{href}/cancel"), Some(&sy), "").await.status, 422, "cancelling is confirmed");
    assert_eq!(app.form(&format!("{href}/cancel"), Some(&sy), "confirm=yes").await.status, 303);
    assert!(app.get(&href, Some(&sy)).await.body.contains("Cancelled"));
}

#[tokio::test]
async fn the_map_works_offline_in_the_three_languages() {
    let app = App::new().await;
    let token = officer(&app, "SY").await;
    for lang in ["en", "tr", "ar"] {
        let req = axum::http::Request::get("/decon/map")
            .header("cookie", format!("ittifaq_session={token}; ittifaq_lang={lang}"))
            .body(axum::body::Body::empty())
            .unwrap();
        let page = app.send(req).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("/static/leaflet.js") && page.body.contains("id=\"slider\""));
        assert_eq!(page.body.contains("dir=\"rtl\""), lang == "ar");
        // No tile server, nothing from outside.
        assert!(!page.body.contains("tile.") && !page.body.contains("https://"), "{lang}");
    }
    let borders = app.get("/static/borders.geojson", None).await;
    assert_eq!(borders.status, 200);
    let fc: Value = serde_json::from_str(&borders.body).unwrap();
    let names: Vec<&str> =
        fc["features"].as_array().unwrap().iter().filter_map(|f| f["properties"]["name"].as_str()).collect();
    assert!(names.contains(&"Turkey") && names.contains(&"Syria") && names.contains(&"Iraq"), "{names:?}");
    for file in ["leaflet.js", "leaflet.css", "decon-map.js"] {
        assert_eq!(app.get(&format!("/static/{file}"), None).await.status, 200, "{file}");
    }
    let bad = app.get("/decon/map?from=yesterday", Some(&token)).await;
    assert_eq!(bad.status, 422);
}

/// A comb near Afrin: a base, then `teeth` long thin teeth whose edges all
/// overlap along both axes without touching (a simple polygon on which a
/// naive pairwise check of its edges takes quadratic time).
fn comb(teeth: usize) -> Value {
    let (x0, y0, width, height) = (36.0, 36.0, 0.5, 0.3);
    let step = width / teeth as f64;
    let valley = |k: usize| [x0 + k as f64 * step, y0 + 0.01];
    let mut ring = vec![[x0, y0], [x0 + width, y0]];
    for k in (0..teeth).rev() {
        let left = x0 + k as f64 * step;
        ring.push(valley(k + 1));
        ring.push([left + step * 0.6, y0 + height]);
        ring.push([left + step * 0.4, y0 + height]);
    }
    ring.push(valley(0));
    ring.push([x0, y0]);
    json!({"type": "Polygon", "coordinates": [ring]})
}

#[tokio::test]
async fn a_comb_of_many_teeth_is_refused_at_once_and_large_footprints_do_not_stall_the_server() {
    let app = App::new().await;
    let tr = officer(&app, "TR").await;
    // The probe's comb: 5,000 teeth, 15,004 positions, refused before any
    // geometry is computed, naming the limit.
    let started = std::time::Instant::now();
    let r = declare(&app, &tr, &body("exercise", comb(5_000), 6, 8, "")).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "took {:?}", started.elapsed());
    assert_eq!((r.status.as_u16(), r.json()["error"]["field"].as_str()), (422, Some("footprint")), "{}", r.body);
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("15004 positions") && message.contains("2000"), "{message}");

    // Four combs at the limit declared at once, while health is asked: the
    // combs are checked off the async workers, so health answers meanwhile.
    let at_limit = (ittifaq_decon::MAX_FOOTPRINT_POSITIONS - 4) / 3;
    let b = body("exercise", comb(at_limit), 6, 8, "");
    let health = async {
        let asked = std::time::Instant::now();
        let r = app.json("GET", "/api/v1/health", None, "").await;
        (r.status.as_u16(), asked.elapsed())
    };
    let (a, b2, c, d, (health, waited)) = tokio::join!(
        declare(&app, &tr, &b),
        declare(&app, &tr, &b),
        declare(&app, &tr, &b),
        declare(&app, &tr, &b),
        health
    );
    assert_eq!(health, 200);
    assert!(waited < std::time::Duration::from_secs(1), "health waited {waited:?}");
    for r in [&a, &b2, &c, &d] {
        assert_eq!(r.status, 201, "{}", r.body);
    }
    // Reading it back does not validate it again, and gives back every position.
    let id = a.json()["declaration"]["id"].as_i64().unwrap();
    let started = std::time::Instant::now();
    let got = app.json("GET", &format!("/api/v1/declarations/{id}"), Some(&tr), "").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "took {:?}", started.elapsed());
    assert_eq!(got.status, 200, "{}", got.body);
    let ring = &got.json()["declaration"]["footprint"]["coordinates"][0];
    assert_eq!(ring.as_array().unwrap().len(), at_limit * 3 + 4);
}
