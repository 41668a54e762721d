//! The exchange in the pages: nominate, see an eligibility failure explained,
//! approve on one side, accept on the other.

use ittifaq_core::Role;
use ittifaq_core::id::PersonId;

use crate::support::App;

#[tokio::test]
async fn a_nomination_goes_through_both_keys_from_the_pages() {
    let app = App::new().await;
    let sy_cmd = app.token("SY", Role::UnitCommander).await;
    let sy_office = app.token("SY", Role::JointOffice).await;
    let tr_office = app.token("TR", Role::JointOffice).await;
    let tr_session = format!("/sessions/{}", app.tr.session);

    // An ineligible nominee: the reasons are shown, nothing is stored.
    let sy_person = app.sy.people[0]; // speaks ar and en; the TR course is taught in English
    let ineligible = app.new_free_person("SY").await;
    app.store
        .execute_unprepared(&format!("UPDATE person SET languages = ',ar,' WHERE id = {ineligible}"))
        .await
        .unwrap();
    let refused = app
        .form(
            &format!("{tr_session}/nominations"),
            Some(&sy_cmd),
            &format!("person_id={ineligible}&priority=1&comment="),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    // Arguments are isolated for right-to-left pages (U+2068 … U+2069).
    let text = ittifaq_web::i18n::strip_isolation(&refused.body);
    assert!(text.contains("language: the course is taught in en"), "{text}");
    // The refusal names whom it is about, told apart from namesakes by rank and service number.
    let who = app
        .store
        .get_person(&ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("SY").unwrap()), PersonId(ineligible))
        .await
        .unwrap();
    assert!(text.contains(&format!("<p>{} cannot be nominated:</p>", who.label())), "{text}");
    assert!(who.label().contains(who.service_number.as_deref().unwrap()), "{}", who.label());
    // A form that does not parse comes back the same way, never as a bare error page.
    let bad = app.form(&format!("{tr_session}/nominations"), Some(&sy_cmd), "person_id=&priority=x&comment=").await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"nominate-error\"") && bad.body.contains("id=\"nominee_q\""), "{}", bad.body);
    // Over the API the refusal is said in the language asked for, with its key.
    let body =
        format!(r#"{{"session_id": {}, "person_id": {ineligible}, "priority": 1, "comment": ""}}"#, app.tr.session);
    let nominations = "/api/v1/nominations";
    for (lang, said) in [("tr", "dil: kurs en dilinde veriliyor"), ("ar", "اللغة: تُدرَّس الدورة بلغة en")]
    {
        let r = app.json_in(lang, "POST", nominations, Some(&sy_cmd), &body).await;
        assert_eq!(r.status, 422, "{}", r.body);
        let e = &r.json()["error"];
        assert_eq!(e["field"], "eligibility", "{}", r.body);
        assert!(e["message"].as_str().unwrap().contains(said), "{lang}: {}", r.body);
        assert!(!e["message"].as_str().unwrap().contains("the course is taught"), "{lang}: English left in {}", r.body);
    }

    let ok = app
        .form(
            &format!("{tr_session}/nominations"),
            Some(&sy_cmd),
            &format!("person_id={sy_person}&priority=1&comment=top+of+the+class"),
        )
        .await;
    assert_eq!(ok.status.as_u16(), 303, "{}", ok.body);
    let api = app.json("GET", &format!("/api/v1/sessions/{}/nominations", app.tr.session), Some(&sy_office), "").await;
    let id = api.json()[0]["id"].as_i64().unwrap();
    assert_eq!(api.json()[0]["status"], "nominated");

    // The host sees the nominee through what SY released, and cannot approve for SY.
    let page = app.get(&tr_session, Some(&tr_office)).await;
    assert!(page.body.contains("Omar Haddad"), "{}", page.body);
    assert!(!page.body.contains("CANARY-SY"));
    assert_eq!(app.form(&format!("/nominations/{id}/approve"), Some(&tr_office), "comment=").await.status, 403);
    // SY approves; TR accepts.
    assert_eq!(
        app.form(&format!("/nominations/{id}/approve"), Some(&sy_office), "comment=cleared").await.status.as_u16(),
        303
    );
    assert_eq!(app.form(&format!("/nominations/{id}/accept"), Some(&sy_office), "comment=").await.status, 403);
    assert_eq!(
        app.form(&format!("/nominations/{id}/accept"), Some(&tr_office), "comment=welcome").await.status.as_u16(),
        303
    );
    let done =
        app.json("GET", &format!("/api/v1/sessions/{}/nominations", app.tr.session), Some(&sy_office), "").await.json();
    assert_eq!(done[0]["status"], "accepted");
    let steps: Vec<&str> = done[0]["history"].as_array().unwrap().iter().map(|h| h["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["nominate", "approve", "accept"]);
    // The page's history says when each step was taken, to the minute (UTC), and the step in the reader's language.
    let at = done[0]["history"][1]["at"].as_i64().unwrap();
    let when = time::OffsetDateTime::from_unix_timestamp(at / 1000).unwrap();
    let minute = format!("{} {:02}:{:02} UTC", when.date(), when.hour(), when.minute());
    let page = ittifaq_web::i18n::strip_isolation(&app.get(&tr_session, Some(&sy_office)).await.body);
    assert!(
        page.contains(&format!("<li>{minute} — Approved by the sending party — sy.joint_office (SY): cleared</li>")),
        "{page}"
    );
    let sessions = app.json("GET", "/api/v1/sessions", Some(&sy_cmd), "").await.json();
    let tr = sessions.as_array().unwrap().iter().find(|s| s["id"].as_i64() == Some(app.tr.session)).unwrap();
    assert_eq!(tr["seats_taken"], 1);

    // Withdrawing cannot be undone: the page asks for a box to be ticked, and
    // the button does not look like approving.
    let page = app.get(&tr_session, Some(&sy_cmd)).await;
    assert!(page.body.contains("name=\"confirm\" value=\"yes\" required"), "{}", page.body);
    assert!(page.body.contains("<button type=\"submit\" class=\"danger\">"), "{}", page.body);
    let unconfirmed = app.form_in("tr", &format!("/nominations/{id}/withdraw"), Some(&sy_cmd), "comment=").await;
    assert_eq!(unconfirmed.status, 422, "{}", unconfirmed.body);
    assert!(unconfirmed.body.contains("geri alınamayacağını onaylayın"), "{}", unconfirmed.body);
    let status = async || {
        let api = format!("/api/v1/sessions/{}/nominations", app.tr.session);
        app.json("GET", &api, Some(&sy_office), "").await.json()[0]["status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status().await, "accepted");
    let confirmed =
        app.form(&format!("/nominations/{id}/withdraw"), Some(&sy_cmd), "comment=injured&confirm=yes").await;
    assert_eq!(confirmed.status.as_u16(), 303, "{}", confirmed.body);
    assert_eq!(status().await, "withdrawn");
}

#[tokio::test]
async fn institution_staff_add_courses_and_open_sessions() {
    let app = App::new().await;
    let staff = app.token("SY", Role::InstitutionStaff).await;
    let inst = app.institution("SY").await;
    let course = |domain: &str, language: &str| {
        serde_json::json!({"code": "SY-CT-300", "institution_id": inst, "domain": domain, "article": "3",
            "title": {"en": "Urban counterterrorism", "tr": "Şehir içi terörle mücadele", "ar": "مكافحة الإرهاب في المدن"},
            "language": language, "min_rank": "OF-1", "max_rank": "OF-4", "duration_days": 15, "capacity": 20, "requires": ["CT-BASIC"], "grants": "CT-URBAN"})
        .to_string()
    };
    let bad = app.json("POST", "/api/v1/courses", Some(&staff), &course("underwater", "ar")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"]["message"].as_str().unwrap().contains("domain"));
    let bad = app.json("POST", "/api/v1/courses", Some(&staff), &course("counterterrorism", "arabic")).await;
    assert!(bad.json()["error"]["message"].as_str().unwrap().contains("language"));
    let ok = app.json("POST", "/api/v1/courses", Some(&staff), &course("counterterrorism", "ar")).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let course_id = ok.json()["id"].as_i64().unwrap();
    // The form names a bad date and keeps what was typed; a good one opens the session.
    let form = |end: &str| {
        format!(
            "course_id={course_id}&code=SY-CT-300%2F1&start=2027-05-02&end={end}&place=Damascus&capacity=20&quota_TR=5&quota_SY=15"
        )
    };
    let refused = app.form("/sessions", Some(&staff), &form("2027-04-30")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("the session ends before it starts") && refused.body.contains("value=\"Damascus\""));
    let opened = app.form("/sessions", Some(&staff), &form("2027-05-16")).await;
    assert_eq!(opened.status.as_u16(), 303, "{}", opened.body);
    let sessions = app.json("GET", "/api/v1/sessions", Some(&staff), "").await.json();
    let s = sessions.as_array().unwrap().iter().find(|s| s["code"] == "SY-CT-300/1").expect("the new session");
    assert_eq!((s["status"].as_str(), s["quota"]["SY"].as_i64()), (Some("open"), Some(15)));
}

#[tokio::test]
async fn a_secret_calendar_address_serves_the_sessions_as_icalendar() {
    let app = App::new().await;
    let token = app.token("TR", Role::Trainee).await;
    let created = app.form("/account/calendar", Some(&token), "").await;
    assert_eq!(created.status, 200);
    let start = created.body.find("/calendar/").expect("the address is shown");
    let path: String = created.body[start..].chars().take_while(|c| *c != '<').collect();
    let feed = app.get(&path, None).await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert!(feed.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/calendar"));
    let body = feed.body.replace("\r\n ", "");
    assert!(body.starts_with("BEGIN:VCALENDAR"), "{body}");
    assert!(body.contains(&format!("UID:session-{}@ittifaq", app.tr.session)), "{body}");
    // All day from 1 to 5 March: the end is the day after the last (RFC 5545).
    assert!(body.contains("DTSTART;VALUE=DATE:20270301"), "{body}");
    assert!(body.contains("DTEND;VALUE=DATE:20270306"), "{body}");
    assert!(body.contains("STATUS:TENTATIVE"));
    let wrong = path.replace(&path[path.len() - 8..path.len() - 4], "0000");
    assert_eq!(app.get(&wrong, None).await.status, 404);
    assert_eq!(app.get("/calendar/nothing.ics", None).await.status, 404);
}

#[tokio::test]
async fn the_catalog_comes_in_pages_on_the_page_and_through_the_api() {
    let app = App::new().await;
    for _ in 0..60 {
        app.new_session("TR").await;
    }
    let token = app.token("SY", Role::UnitCommander).await;
    let all = app.json("GET", "/api/v1/sessions", Some(&token), "").await.json();
    let total = all.as_array().unwrap().len();
    assert!(total > 60, "{total}");

    // The page: 50 rows, then the rest, linked both ways.
    let first = app.get("/sessions", Some(&token)).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body.matches("<tr><td>").count(), 50, "{}", first.body);
    assert!(first.body.contains("href=\"/sessions?page=2\" rel=\"next\""), "{}", first.body);
    assert!(!first.body.contains("rel=\"prev\""));
    let second = app.get("/sessions?page=2", Some(&token)).await;
    assert_eq!(second.body.matches("<tr><td>").count(), total - 50);
    assert!(second.body.contains("href=\"/sessions?page=1\" rel=\"prev\""));
    assert!(!second.body.contains("rel=\"next\""));

    // The API: the same order as the whole list, the count and the links in headers.
    let page = app.json("GET", "/api/v1/sessions?page=2&per_page=25", Some(&token), "").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["x-total-count"].to_str().unwrap(), total.to_string());
    let link = page.headers["link"].to_str().unwrap();
    assert!(link.contains("</api/v1/sessions?page=1&per_page=25>; rel=\"prev\""), "{link}");
    assert!(link.contains("</api/v1/sessions?page=3&per_page=25>; rel=\"next\""), "{link}");
    let ids =
        |v: &serde_json::Value| v.as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&page.json()), ids(&all)[25..50].to_vec());

    // Bad pages are named.
    for (query, field) in [("page=0", "page"), ("per_page=501", "per_page"), ("per_page=0", "per_page")] {
        let r = app.json("GET", &format!("/api/v1/sessions?{query}"), Some(&token), "").await;
        assert_eq!(r.status, 422, "{query}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], field, "{query}");
    }
    let r = app.json("GET", "/api/v1/sessions?page=two", Some(&token), "").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("page"), "{}", r.body);
    let r = app.get("/sessions?sort=name", Some(&token)).await;
    assert_eq!(r.status, 400, "{}", r.body);
}

/// The people a nominee select offers, by id.
fn offered(body: &str) -> Vec<i64> {
    body.split("<option value=\"").skip(1).filter_map(|o| o.split('"').next()?.parse().ok()).collect()
}

#[tokio::test]
async fn the_nominee_search_offers_the_own_party_people_not_yet_nominated() {
    let app = App::new().await;
    let sy_cmd = app.token("SY", Role::UnitCommander).await;
    let session = app.tr.session;
    let search = |q: &str| format!("/sessions/{session}/candidates?q={q}");

    // By service number, by name, and by a rank code among the words.
    let one = app.get(&search("SY-00001"), Some(&sy_cmd)).await;
    assert_eq!(one.status, 200, "{}", one.body);
    assert_eq!(offered(&one.body), [app.sy.people[1]]);
    assert!(one.body.contains("Omar Haddad (OR-6, SY-00001)"), "{}", one.body);
    let by_name = offered(&app.get(&search("haddad"), Some(&sy_cmd)).await.body);
    assert!(app.sy.people.iter().all(|p| by_name.contains(p)), "{by_name:?}");
    assert_eq!(offered(&app.get(&search("or-6+haddad"), Some(&sy_cmd)).await.body), by_name);
    let colonels = app.get(&search("OF-5+haddad"), Some(&sy_cmd)).await;
    assert!(offered(&colonels.body).is_empty());
    assert!(colonels.body.contains("No one of your party who is not already nominated matches."), "{}", colonels.body);

    // Never the other party's people, even by their service number.
    let tr = app.get(&search("TR-00001"), Some(&sy_cmd)).await;
    assert!(offered(&tr.body).is_empty(), "{}", tr.body);
    assert!(!tr.body.contains("Kaya"));

    // Once nominated, a person is no longer offered for that session.
    let nominated = app
        .form(
            &format!("/sessions/{session}/nominations"),
            Some(&sy_cmd),
            &format!("person_id={}&priority=1", app.sy.people[1]),
        )
        .await;
    assert_eq!(nominated.status.as_u16(), 303, "{}", nominated.body);
    assert!(offered(&app.get(&search("SY-00001"), Some(&sy_cmd)).await.body).is_empty());
    assert!(!offered(&app.get(&search("haddad"), Some(&sy_cmd)).await.body).contains(&app.sy.people[1]));

    // Twenty at most, with a note saying there are more.
    for _ in 0..20 {
        app.new_free_person("SY").await;
    }
    let many = app.get(&search("haddad"), Some(&sy_cmd)).await;
    assert_eq!(offered(&many.body).len(), 20);
    assert!(many.body.contains("More than \u{2068}20\u{2069} match"), "{}", many.body);

    // Without script, the session page searches with the same words.
    let page = app.get(&format!("/sessions/{session}?q=SY-00002"), Some(&sy_cmd)).await;
    assert_eq!(page.status, 200);
    assert_eq!(offered(page.body.split("id=\"person_id\"").nth(1).unwrap()), [app.sy.people[2]]);
    assert!(page.body.contains("value=\"SY-00002\""), "the search keeps its words");

    // A session that does not exist is named.
    let missing = app.get("/sessions/999999/candidates?q=haddad", Some(&sy_cmd)).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
}

/// The nominations a session page lists, by id, in order.
fn listed_nominations(body: &str) -> Vec<i64> {
    body.split("<td><a href=\"/nominations/").skip(1).filter_map(|o| o.split('"').next()?.parse().ok()).collect()
}

#[tokio::test]
async fn a_sessions_nominations_come_in_pages_and_by_status() {
    let app = App::new().await;
    let session = app.tr.session;
    let mut ids = Vec::new();
    for i in 0..55 {
        ids.push(app.new_nomination("SY", "TR", i % 5 == 0).await);
    }
    let approved: Vec<i64> = ids.iter().copied().step_by(5).collect();
    let sy_office = app.token("SY", Role::JointOffice).await;
    let tr_office = app.token("TR", Role::JointOffice).await;

    // The page: 50 nominations in the order of priority, then the rest; the
    // status filter counts every status the session has.
    let first = app.get(&format!("/sessions/{session}"), Some(&sy_office)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(listed_nominations(&first.body), ids[..50]);
    assert!(first.body.contains(&format!("href=\"/sessions/{session}?page=2#nominations\" rel=\"next\"")));
    assert!(first.body.contains("aria-current=\"page\">All (55)</a>"), "{}", first.body);
    assert!(
        first.body.contains(&format!("href=\"/sessions/{session}?status=nominated#nominations\">Nominated (44)</a>"))
    );
    assert!(
        first.body.contains(&format!("href=\"/sessions/{session}?status=approved#nominations\">Approved (11)</a>"))
    );
    assert!(!first.body.contains("Accepted ("), "a status the session lacks is not offered");
    let second = app.get(&format!("/sessions/{session}?page=2"), Some(&sy_office)).await;
    assert_eq!(listed_nominations(&second.body), ids[50..]);
    assert!(second.body.contains(&format!("href=\"/sessions/{session}#nominations\" rel=\"prev\"")));
    let beyond = app.get(&format!("/sessions/{session}?page=9"), Some(&sy_office)).await;
    assert_eq!((beyond.status.as_u16(), listed_nominations(&beyond.body).len()), (200, 0));

    // By status; the host accepts from the filtered page and
    // comes back to it, and the seat is counted.
    let only = app.get(&format!("/sessions/{session}?status=approved"), Some(&tr_office)).await;
    assert_eq!(listed_nominations(&only.body), approved);
    assert!(only.body.contains("<input type=\"hidden\" name=\"status\" value=\"approved\">"), "{}", only.body);
    let back =
        app.form(&format!("/nominations/{}/accept", approved[0]), Some(&tr_office), "comment=&status=approved").await;
    assert_eq!(back.status.as_u16(), 303, "{}", back.body);
    assert_eq!(back.location(), format!("/sessions/{session}?status=approved"));
    let after = app.get(&format!("/sessions/{session}?status=accepted"), Some(&tr_office)).await;
    assert_eq!(listed_nominations(&after.body), [approved[0]]);
    assert!(after.body.contains("<dd>1 / "), "the seat taken is counted: {}", after.body);
    let lost = app.form(&format!("/nominations/{}/approve", ids[1]), Some(&sy_office), "status=lost&page=2").await;
    assert_eq!(lost.location(), format!("/sessions/{session}?page=2"), "an unknown status is not carried back");

    // Bad filters are named.
    let bad = app.get(&format!("/sessions/{session}?status=lost"), Some(&sy_office)).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let text = ittifaq_web::i18n::strip_isolation(&bad.body);
    assert!(text.contains("status: &#34;lost&#34; is not a status of a nomination"), "{text}");
    assert_eq!(app.get(&format!("/sessions/{session}?page=0"), Some(&sy_office)).await.status, 422);
    assert_eq!(app.get(&format!("/sessions/{session}?page=two"), Some(&sy_office)).await.status, 400);

    // The API: every nomination without a page, one page with one, by status;
    // the count and the neighbours in headers.
    let api = |q: &str| format!("/api/v1/sessions/{session}/nominations{q}");
    let ids_of =
        |v: &serde_json::Value| v.as_array().unwrap().iter().map(|n| n["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let all = app.json("GET", &api(""), Some(&sy_office), "").await;
    assert_eq!(ids_of(&all.json()), ids);
    assert_eq!(all.headers["x-total-count"], "55");
    assert!(all.headers.get("link").is_none());
    let page = app.json("GET", &api("?page=2&per_page=20"), Some(&sy_office), "").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(ids_of(&page.json()), ids[20..40]);
    let link = page.headers["link"].to_str().unwrap();
    assert!(link.contains(&format!("<{}>; rel=\"prev\"", api("?page=1&per_page=20"))), "{link}");
    assert!(link.contains(&format!("<{}>; rel=\"next\"", api("?page=3&per_page=20"))), "{link}");
    let by_status = app.json("GET", &api("?status=nominated&per_page=40&page=2"), Some(&sy_office), "").await;
    // Still nominated: all but the first approved and ids[1], approved above.
    let nominated: Vec<i64> = ids.iter().copied().filter(|i| !approved.contains(i) && *i != ids[1]).collect();
    assert_eq!(ids_of(&by_status.json()), nominated[40..]);
    assert_eq!(by_status.headers["x-total-count"], "43");
    let link = by_status.headers["link"].to_str().unwrap();
    assert!(link.contains(&format!("<{}>; rel=\"prev\"", api("?status=nominated&page=1&per_page=40"))), "{link}");
    assert!(by_status.json().as_array().unwrap().iter().all(|n| n["status"] == "nominated"));
    for (query, field) in [("?status=lost", "status"), ("?page=0", "page"), ("?per_page=501", "per_page")] {
        let r = app.json("GET", &api(query), Some(&sy_office), "").await;
        assert_eq!(r.status, 422, "{query}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], field, "{query}");
    }
    assert_eq!(
        app.json("GET", "/api/v1/sessions/999999/nominations?per_page=5", Some(&sy_office), "").await.status,
        404
    );
}

#[tokio::test]
async fn a_commander_lists_the_units_nominations_by_status_to_the_own_party_only() {
    let app = App::new().await;
    let unit = app.sy.free_unit;
    let mut ids = Vec::new();
    for i in 0..52 {
        ids.push(app.new_nomination("SY", "TR", i % 4 == 0).await);
    }
    // Newest first.
    ids.reverse();
    let approved: Vec<i64> = ids.iter().copied().filter(|id| (id - ids[51]) % 4 == 0).collect();
    assert_eq!(approved.len(), 13);
    let sy_cmd = app.token("SY", Role::UnitCommander).await;
    let page = format!("/units/{unit}/nominations");

    let first = app.get(&page, Some(&sy_cmd)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(listed_nominations(&first.body), ids[..50]);
    assert!(first.body.contains(&format!("<a href=\"/sessions/{}\">", app.tr.session)), "each with its session");
    assert!(first.body.contains("aria-current=\"page\">All (52)</a>"), "{}", first.body);
    assert!(first.body.contains(&format!("href=\"{page}?page=2\" rel=\"next\"")), "{}", first.body);
    assert!(first.body.contains("Nominated — "), "the last step is shown: {}", first.body);
    let second = app.get(&format!("{page}?page=2"), Some(&sy_cmd)).await;
    assert_eq!(listed_nominations(&second.body), ids[50..]);
    let only = app.get(&format!("{page}?status=approved"), Some(&sy_cmd)).await;
    assert_eq!(listed_nominations(&only.body), approved);
    assert!(only.body.contains(&format!("href=\"{page}?status=nominated\">Nominated (39)</a>")), "{}", only.body);
    // The units page links the own units' nominations.
    let units = app.get("/units", Some(&sy_cmd)).await;
    assert!(units.body.contains(&format!("href=\"{page}\"")), "{}", units.body);
    assert!(!units.body.contains(&format!("href=\"/units/{}/nominations\"", app.tr.free_unit)));

    // The API: a page, by status, with the count and links.
    let api = format!("/api/v1/units/{unit}/nominations");
    let ids_of =
        |v: &serde_json::Value| v.as_array().unwrap().iter().map(|n| n["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let p = app.json("GET", &format!("{api}?per_page=10&page=2"), Some(&sy_cmd), "").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(ids_of(&p.json()), ids[10..20]);
    assert_eq!(p.headers["x-total-count"], "52");
    assert!(p.headers["link"].to_str().unwrap().contains(&format!("<{api}?page=3&per_page=10>; rel=\"next\"")));
    let all = app.json("GET", &format!("{api}?status=approved"), Some(&sy_cmd), "").await;
    assert_eq!(ids_of(&all.json()), approved);

    // Only the unit's own party, and only the roles that nominate.
    let tr_cmd = app.token("TR", Role::UnitCommander).await;
    for path in [page.as_str(), api.as_str()] {
        let r = app.get(path, Some(&tr_cmd)).await;
        // SY did not release its units: one of them is answered as a unit that does not exist.
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("SY-FREE"), "{path}: {}", r.body);
        assert_eq!(app.get(path, Some(&app.token("SY", Role::Trainee).await)).await.status, 403, "{path}");
    }
    assert_eq!(app.get("/units/999999/nominations", Some(&sy_cmd)).await.status, 404);
    assert_eq!(app.get(&format!("{page}?status=lost"), Some(&sy_cmd)).await.status, 422);
    assert_eq!(app.get(&format!("{page}?per_page=5"), Some(&sy_cmd)).await.status, 400, "the page has 50 a page");
}

#[tokio::test]
async fn the_home_page_lists_what_awaits_each_office_and_turns_several_keys_at_once() {
    let app = App::new().await;
    let tr_office = app.token("TR", Role::JointOffice).await;
    let sy_office = app.token("SY", Role::JointOffice).await;
    // Two TR people nominated for SY's session wait for TR's approval.
    let (a, b) = (app.new_nomination("TR", "SY", false).await, app.new_nomination("TR", "SY", false).await);
    let home = app.get("/", Some(&tr_office)).await;
    let text = ittifaq_web::i18n::strip_isolation(&home.body);
    assert!(text.contains("<h3>2 nominations await your party&#39;s approval</h3>"), "{text}");
    assert!(home.body.contains(&format!("name=\"n_{a}\"")) && home.body.contains(&format!("name=\"n_{b}\"")));
    // The navigation counts them, on every page (loaded by htmx).
    assert!(home.body.contains("hx-get=\"/inbox/count\""), "{}", home.body);
    let badge = app.get("/inbox/count", Some(&tr_office)).await;
    assert!(badge.body.starts_with("<span class=\"badge\"") && badge.body.ends_with(">2</span>"), "{}", badge.body);
    assert!(badge.body.contains("2 items await your action"), "{}", badge.body);
    assert_eq!(app.get("/inbox/count", Some(&app.token("TR", Role::Instructor).await)).await.body, "");
    // SY has nothing to accept yet; a commander turns no key.
    assert!(!app.get("/", Some(&sy_office)).await.body.contains("name=\"n_"));
    let commander = app.get("/", Some(&app.token("TR", Role::UnitCommander).await)).await;
    assert!(commander.body.contains("id=\"inbox-empty\""), "{}", commander.body);

    // Approving several at once asks for the box; without it nothing changes.
    let both = format!("n_{a}=yes&n_{b}=yes");
    assert_eq!(app.form("/inbox/approve", Some(&tr_office), &both).await.status, 422);
    assert_eq!(app.form("/inbox/approve", Some(&tr_office), "confirm=yes").await.status, 422, "none selected");
    let done = app.form("/inbox/approve", Some(&tr_office), &format!("{both}&confirm=yes")).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "/"), "{}", done.body);
    assert!(!app.get("/", Some(&tr_office)).await.body.contains(&format!("name=\"n_{a}\"")));

    // Now SY, as host, has both to accept; one of them TR withdraws meanwhile.
    let sy_home = app.get_in("ar", "/", Some(&sy_office)).await;
    assert!(sy_home.body.contains("ترشيحان بانتظار قبولك بصفتك مضيفًا"), "{}", sy_home.body);
    let tr_cmd = app.token("TR", Role::UnitCommander).await;
    assert_eq!(
        app.form(&format!("/nominations/{b}/withdraw"), Some(&tr_cmd), "comment=&confirm=yes").await.status.as_u16(),
        303
    );
    let partly = app.form("/inbox/accept", Some(&sy_office), &format!("{both}&confirm=yes")).await;
    assert_eq!(partly.status, 422, "one of the two could not be accepted: {}", partly.body);
    assert!(partly.body.contains(&format!("<li>#{b}: ")), "the page names which one: {}", partly.body);
    let status = |id: i64| {
        let app = &app;
        let token = sy_office.clone();
        async move {
            let list =
                app.json("GET", &format!("/api/v1/sessions/{}/nominations", app.sy.session), Some(&token), "").await;
            list.json().as_array().unwrap().iter().find(|n| n["id"] == id).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(status(a).await, "accepted");
    assert_eq!(status(b).await, "withdrawn");
}

/// The ids of the nominations a list of the home page holds.
fn listed(body: &str, list: &str) -> Vec<i64> {
    let Some(start) = body.find(&format!("id=\"{list}\"")) else { return Vec::new() };
    let part = &body[start..];
    let part = &part[..part.find("</table>").unwrap_or(part.len())];
    part.split("href=\"/nominations/").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
}

#[tokio::test]
async fn the_inbox_brings_each_party_its_vetting_checks_its_orders_to_issue_and_todays_attendance() {
    use crate::support::Stage;
    use ittifaq_core::PartyCode;
    use ittifaq_core::id::{NominationId, SessionId};
    use ittifaq_store::Actor;
    let app = App::new().await;
    let sys = |p: &str| Actor::system(PartyCode::parse(p).unwrap());
    let (tr_office, sy_office) = (app.token("TR", Role::JointOffice).await, app.token("SY", Role::JointOffice).await);
    let sy_staff = app.token("SY", Role::InstitutionStaff).await;
    // A TR trainee accepted for a session SY hosts: TR answers for the
    // security and medical checks, SY for the language check.
    let (n, _) = app.enrolment("TR", "SY", None, Stage::Accepted).await;
    let home = |token: String| {
        let app = &app;
        async move { app.get("/", Some(&token)).await.body }
    };
    assert_eq!(listed(&home(tr_office.clone()).await, "inbox-vet"), vec![n]);
    let sy_home = home(sy_staff.clone()).await;
    assert_eq!(listed(&sy_home, "inbox-vet"), vec![n]);
    assert!(listed(&sy_home, "inbox-order").is_empty(), "checks are missing: no order yet");
    assert!(ittifaq_web::i18n::strip_isolation(&sy_home).contains("1 accepted trainee awaits a vetting check"));
    let vet = |who: Actor, check: &'static str| {
        let app = &app;
        async move {
            let v = ittifaq_store::training::VettingInput {
                check: check.into(),
                outcome: "passed".into(),
                comment: String::new(),
                level: (check == "language").then(|| "C1".into()),
            };
            app.store.record_vetting(&who, NominationId(n), &v).await.unwrap();
        }
    };
    vet(sys("TR"), "security").await;
    assert_eq!(listed(&home(tr_office.clone()).await, "inbox-vet"), vec![n], "the medical check is still TR's");
    vet(sys("TR"), "medical").await;
    assert!(listed(&home(tr_office.clone()).await, "inbox-vet").is_empty());
    assert_eq!(listed(&home(sy_office.clone()).await, "inbox-vet"), vec![n]);
    vet(sys("SY"), "language").await;
    // Every check passed: the host issues the travel order; the sender has nothing to do.
    let sy_home = home(sy_office.clone()).await;
    assert!(listed(&sy_home, "inbox-vet").is_empty());
    assert_eq!(listed(&sy_home, "inbox-order"), vec![n]);
    assert!(listed(&home(tr_office.clone()).await, "inbox-order").is_empty());
    let badge = app.get("/inbox/count", Some(&sy_office)).await;
    assert!(badge.body.ends_with(">1</span>"), "{}", badge.body);
    let data = app.store.prepare_travel_order(&sys("SY"), NominationId(n)).await.unwrap();
    app.store.issue_travel_order(&sys("SY"), NominationId(n), &data, b"%PDF-1.7".to_vec()).await.unwrap();
    assert!(listed(&home(sy_office.clone()).await, "inbox-order").is_empty());

    // A session running today with an arrived trainee: its attendance
    // awaits the host's staff and the session's instructor, until taken.
    let (m, _) = app.enrolment("TR", "SY", None, Stage::Arrived).await;
    let record = app.store.training_record(&sys("SY"), NominationId(m)).await.unwrap();
    let (session, day) = (record.session.id, record.session.start.clone());
    let noon = time::Date::parse(&day, &time::format_description::well_known::Iso8601::DATE)
        .unwrap()
        .with_hms(12, 0, 0)
        .unwrap();
    app.clock.0.store(noon.assume_utc().unix_timestamp() * 1000, std::sync::atomic::Ordering::SeqCst);
    let take = format!("href=\"/sessions/{}/attendance\"", session.get());
    // Sign-ins of the new day.
    let sy_staff = app.token("SY", Role::InstitutionStaff).await;
    let sy_instructor = app.token("SY", Role::Instructor).await;
    for token in [&sy_staff, &sy_instructor] {
        let page = app.get_in("tr", "/", Some(token)).await;
        assert!(page.body.contains(&take), "{}", page.body);
        assert!(
            ittifaq_web::i18n::strip_isolation(&page.body).contains(&format!("bugünün yoklamasını bekliyor ({day})"))
        );
    }
    // Another instructor of SY teaches none of it; TR hosts none of it.
    let other = app.new_user("SY", Role::Instructor, None).await;
    assert!(!app.get("/", Some(&app.token_of(&other).await)).await.body.contains(&take));
    assert!(!app.get("/", Some(&app.token("TR", Role::InstitutionStaff).await)).await.body.contains(&take));
    let marks = [(m, "present".to_owned())].into_iter().collect();
    let input = ittifaq_store::training::AttendanceInput { day: day.clone(), marks };
    app.store.record_attendance(&sys("SY"), SessionId(session.get()), &input).await.unwrap();
    assert!(!app.get("/", Some(&sy_staff)).await.body.contains(&take), "taken: off the inbox");
}

/// The codes a session page's status select offers.
fn status_moves(body: &str) -> Vec<String> {
    let Some(start) = body.find("<select id=\"status\" name=\"status\">") else { return Vec::new() };
    let select = &body[start..];
    let select = &select[..select.find("</select>").unwrap_or(select.len())];
    select.split("<option value=\"").skip(1).filter_map(|o| o.split('"').next()).map(str::to_owned).collect()
}

#[tokio::test]
async fn the_session_status_select_offers_only_the_moves_the_server_allows() {
    let app = App::new().await;
    let staff = app.token("TR", Role::InstitutionStaff).await;
    let page = format!("/sessions/{}", app.tr.session);
    // An open session: back to planned, on to confirmed, or cancelled.
    assert_eq!(status_moves(&app.get(&page, Some(&staff)).await.body), ["planned", "confirmed", "cancelled"]);
    assert_eq!(app.form(&format!("{page}/status"), Some(&staff), "status=confirmed").await.status.as_u16(), 303);
    assert_eq!(status_moves(&app.get(&page, Some(&staff)).await.body), ["running", "cancelled"]);
    // What the select does not offer, the server refuses.
    let refused = app.form(&format!("{page}/status"), Some(&staff), "status=completed").await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    // The other party has no select at all.
    let sy = app.get(&page, Some(&app.token("SY", Role::InstitutionStaff).await)).await;
    assert!(status_moves(&sy.body).is_empty());
}
