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
