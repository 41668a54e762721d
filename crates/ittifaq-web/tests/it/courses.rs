//! The catalog's course form and `PUT /api/v1/courses/{id}`: institution staff
//! add a course in the three languages and change it later; a refused form
//! comes back as typed with the fault named and nothing stored; the other
//! party cannot change it; every change is in the audit record.

use ittifaq_core::Role;
use ittifaq_core::id::CourseId;

use crate::support::App;

fn course_form(code: &str, inst: i64, min_rank: &str, max_rank: &str, capacity: &str) -> String {
    format!(
        "code={code}&institution_id={inst}&domain=logistics&article=&title_en=Field+stores&title_tr=Saha+depolar%C4%B1\
         &title_ar=%D8%A7%D9%84%D9%85%D8%B3%D8%AA%D9%88%D8%AF%D8%B9%D8%A7%D8%AA&language=en&min_rank={min_rank}\
         &max_rank={max_rank}&duration_days=12&capacity={capacity}&requires=LOG-1%2C+EOD-1&grants=LOG-2\
         &description_en=Running+a+depot&description_tr=&description_ar=%D8%A5%D8%AF%D8%A7%D8%B1%D8%A9"
    )
}

#[tokio::test]
async fn institution_staff_add_and_change_a_course_from_the_pages() {
    let app = App::new().await;
    let staff = app.token("SY", Role::InstitutionStaff).await;
    let inst = app.institution("SY").await;

    let catalog = app.get("/courses", Some(&staff)).await;
    assert!(catalog.body.contains("href=\"/courses/new\""), "{}", catalog.body);
    let blank = app.get("/courses/new", Some(&staff)).await;
    assert_eq!(blank.status, 200);
    assert!(blank.body.contains("name=\"description_ar\""), "{}", blank.body);

    // A rank range upside down: refused, named, the form as typed, nothing stored.
    let before = app.store.list_courses().await.unwrap().len();
    let refused = app.form("/courses", Some(&staff), &course_form("SY-LOG-7", inst, "OF-5", "OF-2", "16")).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("max_rank"), "{}", refused.body);
    assert!(refused.body.contains("value=\"SY-LOG-7\""), "the form keeps what was typed: {}", refused.body);
    let bad_number = app.form("/courses", Some(&staff), &course_form("SY-LOG-7", inst, "", "", "twenty")).await;
    assert_eq!(bad_number.status, 422, "{}", bad_number.body);
    assert!(bad_number.body.contains("capacity"), "{}", bad_number.body);
    assert_eq!(app.store.list_courses().await.unwrap().len(), before);

    let created = app.form("/courses", Some(&staff), &course_form("SY-LOG-7", inst, "OF-1", "OF-4", "16")).await;
    assert_eq!(created.status.as_u16(), 303, "{}", created.body);
    let course = app.store.list_courses().await.unwrap().into_iter().find(|c| c.code == "SY-LOG-7").unwrap();
    assert_eq!(course.capacity, 16);
    assert_eq!(course.requires, ",LOG-1,EOD-1,");
    assert_eq!(course.grants.as_deref(), Some("LOG-2"));
    assert_eq!(course.description_ar.as_deref(), Some("إدارة"));
    assert_eq!(course.description_tr.as_deref(), Some(""));

    // The catalog links the party's own course to its form, which shows what is stored.
    let catalog = app.get("/courses", Some(&staff)).await;
    assert!(catalog.body.contains(&format!("/courses/{}/edit", course.id)), "{}", catalog.body);
    let edit = app.get(&format!("/courses/{}/edit", course.id), Some(&staff)).await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains("LOG-1, EOD-1"), "{}", edit.body);
    assert!(edit.body.contains("<option value=\"OF-4\" selected>"), "{}", edit.body);

    // A duplicate code is a conflict, named.
    let other = app.store.list_courses().await.unwrap().into_iter().find(|c| c.id != course.id).unwrap();
    let dup =
        app.form(&format!("/courses/{}", course.id), Some(&staff), &course_form(&other.code, inst, "", "", "16")).await;
    assert_eq!(dup.status, 409, "{}", dup.body);
    assert!(dup.body.contains(&other.code), "{}", dup.body);

    let changed =
        app.form(&format!("/courses/{}", course.id), Some(&staff), &course_form("SY-LOG-7", inst, "", "", "18")).await;
    assert_eq!(changed.status.as_u16(), 303, "{}", changed.body);
    let course = app.store.get_course(CourseId(course.id)).await.unwrap();
    assert_eq!((course.capacity, course.min_rank.clone()), (18, None));

    // TR sees the course but may not change it, in the pages or the API.
    let tr_staff = app.token("TR", Role::InstitutionStaff).await;
    let tr_catalog = app.get("/courses", Some(&tr_staff)).await;
    assert!(tr_catalog.body.contains("SY-LOG-7"));
    assert!(!tr_catalog.body.contains(&format!("/courses/{}/edit", course.id)));
    assert_eq!(app.get(&format!("/courses/{}/edit", course.id), Some(&tr_staff)).await.status, 403);
    let tr_inst = app.institution("TR").await;
    let body = serde_json::json!({"code": "TR-TAKEN", "institution_id": tr_inst, "domain": "logistics",
        "title": {"en": "x", "tr": "x", "ar": "x"}, "language": "en", "duration_days": 5, "capacity": 10});
    let taken = app.json("PUT", &format!("/api/v1/courses/{}", course.id), Some(&tr_staff), &body.to_string()).await;
    assert_eq!(taken.status, 403, "{}", taken.body);
    assert_eq!(app.store.get_course(CourseId(course.id)).await.unwrap().code, "SY-LOG-7");

    // The API changes it for its own party, and refuses an unknown field by name.
    let api = app.token("SY", Role::JointOffice).await;
    let body = serde_json::json!({"code": "SY-LOG-7", "institution_id": inst, "domain": "logistics",
        "title": {"en": "Depot management", "tr": "Depo yönetimi", "ar": "إدارة المستودعات"}, "language": "ar",
        "duration_days": 10, "capacity": 20, "requires": ["LOG-1"]});
    let put = app.json("PUT", &format!("/api/v1/courses/{}", course.id), Some(&api), &body.to_string()).await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(put.json()["title_en"], "Depot management");
    assert_eq!(put.json()["requires"], serde_json::json!(["LOG-1"]));
    let mut wrong = body.clone();
    wrong["seats"] = 3.into();
    let unknown = app.json("PUT", &format!("/api/v1/courses/{}", course.id), Some(&api), &wrong.to_string()).await;
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    assert!(unknown.body.contains("seats"), "{}", unknown.body);
    let missing = app.json("PUT", "/api/v1/courses/999999", Some(&api), &body.to_string()).await;
    assert_eq!(missing.status, 404, "{}", missing.body);

    // Every change is in the audit record, with what it was before.
    let audit = app.store.audit_all().await.unwrap();
    let updates: Vec<_> = audit
        .iter()
        .filter(|a| a.object_type == "course" && a.object_id == course.id.to_string() && a.action == "update")
        .collect();
    assert_eq!(updates.len(), 2, "{updates:?}");
    assert!(updates[0].before.as_deref().unwrap_or_default().contains("\"capacity\":16"), "{:?}", updates[0]);
}

/// A course of TR's in mine clearance, "Mountain Rescue", and a session of
/// it in June 2027; returns the course's code and the session's id.
async fn mountain_rescue(app: &App) -> (String, i64) {
    let sys = ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("TR").unwrap());
    let input = ittifaq_store::registry::CourseInput {
        code: "TR-MR".into(),
        institution_id: app.institution("TR").await,
        domain: "mine_clearance".into(),
        article: None,
        title: ittifaq_core::agreement::Names {
            en: "Mountain Rescue".into(),
            tr: "Dağ Kurtarma".into(),
            ar: "الإنقاذ الجبلي".into(),
        },
        language: "en".into(),
        min_rank: None,
        max_rank: None,
        duration_days: 10,
        capacity: 10,
        requires: vec![],
        grants: None,
        description: None,
    };
    let course = app.store.create_course(&sys, &input).await.unwrap().id;
    let session = ittifaq_store::exchange::SessionInput {
        code: "TR-MR/1".into(),
        course_id: course,
        start: "2027-06-01".into(),
        end: "2027-06-10".into(),
        place: "Erzurum".into(),
        capacity: 10,
        quota: Default::default(),
    };
    (input.code, app.store.create_course_session(&sys, &session).await.unwrap().id.get())
}

/// The codes of the sessions a page of the catalog lists.
fn listed_sessions(body: &str) -> Vec<String> {
    let results = &body[body.find("id=\"results\"").unwrap_or(0)..];
    let mut codes: Vec<String> =
        results.split("<tr><td>").skip(1).filter_map(|r| r.split("</td>").next()).map(str::to_owned).collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn the_catalog_filters_by_words_status_domain_host_and_period_and_says_a_bad_filter_beside_it() {
    let app = App::new().await;
    let (_, mr) = mountain_rescue(&app).await;
    let token = app.token("SY", Role::UnitCommander).await;
    let page = |query: &'static str| {
        let (app, token) = (&app, token.clone());
        async move { app.get(&format!("/sessions?{query}"), Some(&token)).await }
    };
    for (query, expected) in [
        ("", vec!["SY-C1/1", "TR-C1/1", "TR-MR/1"]),
        ("q=mountain", vec!["TR-MR/1"]),
        ("q=dağ+kurtarma", vec!["TR-MR/1"]),
        ("q=c1", vec!["SY-C1/1", "TR-C1/1"]),
        ("party=SY", vec!["SY-C1/1"]),
        ("domain=mine_clearance", vec!["TR-MR/1"]),
        ("domain=logistics&party=TR", vec!["TR-C1/1"]),
        ("from=2027-05-01", vec!["TR-MR/1"]),
        ("to=2027-03-31", vec!["SY-C1/1", "TR-C1/1"]),
        ("from=2027-03-05&to=2027-03-05", vec!["SY-C1/1", "TR-C1/1"]),
        ("status=open", vec!["SY-C1/1", "TR-C1/1", "TR-MR/1"]),
        ("status=cancelled", vec![]),
        ("q=100%25", vec![]),
    ] {
        let r = page(query).await;
        assert_eq!(r.status, 200, "{query}: {}", r.body);
        assert_eq!(listed_sessions(&r.body), expected, "{query}");
    }
    // A filter that does not read is said beside its field, the rest as typed.
    for (query, field, kept) in [
        ("q=mountain&status=lost", "status", "value=\"mountain\""),
        ("from=2027-13-01", "from", "value=\"2027-13-01\""),
        ("from=2027-06-01&to=2027-05-01", "to", "value=\"2027-05-01\""),
        ("q=a+b+c+d+e+f+g+h+i", "q", "value=\"a b c d e f g h i\""),
    ] {
        let r = page(query).await;
        assert_eq!(r.status, 422, "{query}: {}", r.body);
        assert!(r.body.contains(&format!("id=\"{field}-error\"")), "{query}: {}", r.body);
        assert!(r.body.contains(kept), "{query}: {}", r.body);
        assert!(listed_sessions(&r.body).is_empty(), "{query}");
    }
    // The pages keep the filters.
    let first = page("q=c1&per_page=1").await;
    assert!(first.body.contains("href=\"/sessions?q=c1&#38;page=2&#38;per_page=1\""), "{}", first.body);
    // The API takes the same filters and names a bad one.
    let api = app.json("GET", "/api/v1/sessions?q=mountain", Some(&token), "").await;
    let ids: Vec<i64> = api.json().as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![mr]);
    let paged = app.json("GET", "/api/v1/sessions?q=c1&page=1&per_page=1", Some(&token), "").await;
    assert_eq!(paged.headers["x-total-count"], "2");
    assert!(paged.headers["link"].to_str().unwrap().contains("q=c1&"), "{:?}", paged.headers["link"]);
    let bad = app.json("GET", "/api/v1/sessions?status=lost", Some(&token), "").await;
    assert_eq!((bad.status.as_u16(), bad.json()["error"]["field"].as_str()), (422, Some("status")), "{}", bad.body);
}

#[tokio::test]
async fn the_course_list_filters_and_the_global_search_finds_people_sessions_and_courses() {
    let app = App::new().await;
    let (code, mr) = mountain_rescue(&app).await;
    let office = app.token("TR", Role::JointOffice).await;
    let courses = app.get("/courses?q=rescue", Some(&office)).await;
    assert!(courses.body.contains(&format!("<td>{code}</td>")) && !courses.body.contains("<td>TR-C1</td>"));
    let by_domain = app.get("/courses?domain=logistics&party=SY", Some(&office)).await;
    assert!(by_domain.body.contains("<td>SY-C1</td>") && !by_domain.body.contains("<td>TR-C1</td>"));
    let bad = app.get("/courses?q=a+b+c+d+e+f+g+h+i", Some(&office)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"q-error\""), "{}", bad.body);

    let found = app.get_in("tr", "/search?q=mountain", Some(&office)).await;
    assert_eq!(found.status, 200, "{}", found.body);
    let text = ittifaq_web::i18n::strip_isolation(&found.body);
    assert!(text.contains(&format!("href=\"/sessions/{mr}\"")), "{text}");
    assert!(text.contains("1 oturum") && text.contains("1 eğitim") && text.contains("0 kişi"), "{text}");
    // People by name or service number, within what their party released.
    let people = app.get("/search?q=kaya", Some(&office)).await.body;
    for id in &app.tr.people {
        assert!(people.contains(&format!("href=\"/people/{id}\"")), "{people}");
    }
    let by_number = app.get("/search?q=TR-00001", Some(&office)).await.body;
    assert!(by_number.contains(&format!("href=\"/people/{}\"", app.tr.people[1])), "{by_number}");
    // A trainee reads no registry: no people among the results.
    let trainee = app.get("/search?q=kaya", Some(&app.token("TR", Role::Trainee).await)).await.body;
    assert!(!trainee.contains("id=\"found-people\"") && trainee.contains("id=\"found-sessions\""));
    // Every signed-in page carries the box.
    assert!(app.get("/sessions", Some(&office)).await.body.contains("action=\"/search\""));
}

#[tokio::test]
async fn a_units_nominations_filter_by_their_sessions_words_domain_and_period() {
    use ittifaq_core::id::{PersonId, SessionId};
    let app = App::new().await;
    let (_, mr) = mountain_rescue(&app).await;
    let sys = ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("SY").unwrap());
    let mut ids = Vec::new();
    for session in [mr, app.tr.session] {
        let person = app.new_free_person("SY").await;
        let input = ittifaq_store::exchange::NominationInput {
            session_id: SessionId(session),
            person_id: PersonId(person),
            priority: 1,
            comment: String::new(),
        };
        ids.push(app.store.nominate(&sys, &input).await.unwrap().id.get());
    }
    let (in_mr, in_c1) = (ids[0], ids[1]);
    let token = app.token("SY", Role::UnitCommander).await;
    let unit = app.sy.free_unit;
    let listed = |query: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let r = app.get(&format!("/units/{unit}/nominations?{query}"), Some(&token)).await;
            let ids: Vec<i64> = r
                .body
                .split("<td><a href=\"/nominations/")
                .skip(1)
                .filter_map(|s| s.split('"').next()?.parse().ok())
                .collect();
            (r, ids)
        }
    };
    for (query, expected) in [
        ("", vec![in_c1, in_mr]),
        ("domain=mine_clearance", vec![in_mr]),
        ("from=2027-05-01", vec![in_mr]),
        ("q=logistics", vec![in_c1]),
        ("q=logistics&status=withdrawn", vec![]),
    ] {
        let (r, mut got) = listed(query).await;
        assert_eq!(r.status, 200, "{query}: {}", r.body);
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{query}");
    }
    // The status links keep the sessions' filter.
    let (r, _) = listed("domain=mine_clearance").await;
    assert!(
        r.body.contains(&format!("href=\"/units/{unit}/nominations?domain=mine_clearance&#38;status=nominated\"")),
        "{}",
        r.body
    );
    let (bad, got) = listed("from=2027-02-30").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"from-error\"") && bad.body.contains("value=\"2027-02-30\"") && got.is_empty());
}
