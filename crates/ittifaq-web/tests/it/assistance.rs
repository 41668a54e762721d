//! Technical assistance over the API: a plan written by TR's joint office for
//! an SY institution; its activation refused in the caller's language naming
//! every missing element, bad input named by its field; SY reads it but does
//! not write it; an advisor and an auditor read it; activated once complete.

use ittifaq_core::Role;
use serde_json::json;

use crate::support::App;

#[tokio::test]
async fn a_plan_is_written_completed_and_activated_over_the_api() {
    let app = App::new().await;
    let tr = app.token("TR", Role::JointOffice).await;
    let sy = app.token("SY", Role::JointOffice).await;
    let names = json!({"en": "Logistics management system rollout", "tr": "Lojistik yönetim sistemi", "ar": "منظومة إدارة الإمداد"});
    let body = json!({"code": "TA-LOG-1", "track": "military_systems", "institution_id": app.institution("SY").await, "title": names});
    let created = app.json("POST", "/api/v1/plans", Some(&tr), &body.to_string()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let plan = |path: &str| format!("/api/v1/plans/{id}{path}");

    // Activation refused, in Turkish, naming every missing element.
    let refused = app.json_in("tr", "POST", &plan("/activate"), Some(&tr), "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let said = ittifaq_web::i18n::strip_isolation(refused.json()["error"]["message"].as_str().unwrap());
    for part in ["hiç hedefi yok", "hiç ara aşaması yok", "özümseme kapasitesi", "sürdürülebilirlik planı yok"]
    {
        assert!(said.contains(part), "{said}");
    }

    let post = |path: String, body: serde_json::Value| {
        let (app, tr) = (&app, tr.clone());
        async move { app.json("POST", &path, Some(&tr), &body.to_string()).await }
    };
    let put = |path: String, body: serde_json::Value| {
        let (app, tr) = (&app, tr.clone());
        async move { app.json("PUT", &path, Some(&tr), &body.to_string()).await }
    };
    assert_eq!(post(plan("/objectives"), json!({"code": "O1", "title": names})).await.status, 200);
    let indicator = json!({"objective": "O1", "code": "O1.1", "name": names, "unit": "%", "direction": "increase",
        "measured_by": "SY", "baseline": {"value": 12.0, "date": "2026-01-15", "source": "Returns", "method": "Count"}});
    assert_eq!(post(plan("/indicators"), indicator.clone()).await.status, 200);
    // Bad input is named by its field.
    for (path, body, field) in [
        (plan("/targets"), json!({"indicator": "O1.1", "period_end": "", "value": 40.0}), "period_end"),
        (plan("/targets"), json!({"indicator": "O1.1", "period_end": "2025-12-31", "value": 40.0}), "period_end"),
        (plan("/targets"), json!({"indicator": "O7", "period_end": "2026-06-30", "value": 40.0}), "indicator"),
        (
            plan("/milestones"),
            json!({"code": "M1", "title": names, "due": "2026-02-30", "owner": "SY", "evidence": "x"}),
            "due",
        ),
    ] {
        let r = if path.ends_with("/targets") { put(path, body).await } else { post(path, body).await };
        assert_eq!((r.status.as_u16(), r.json()["error"]["field"].as_str()), (422, Some(field)), "{}", r.body);
    }
    let dup = post(plan("/indicators"), indicator).await;
    assert_eq!(dup.status, 409, "one O1.1: {}", dup.body);

    // SY reads the plan, does not write it.
    assert_eq!(app.json("GET", &plan(""), Some(&sy), "").await.status, 200);
    let foreign =
        app.json("POST", &plan("/objectives"), Some(&sy), &json!({"code": "O9", "title": names}).to_string()).await;
    assert_eq!(foreign.status, 403, "{}", foreign.body);
    for role in [Role::Advisor, Role::Auditor] {
        let token = app.token("SY", role).await;
        let listed = app.json("GET", "/api/v1/plans", Some(&token), "").await;
        assert_eq!(listed.json()[0]["code"], "TA-LOG-1", "{role:?}: {}", listed.body);
    }
    assert_eq!(
        app.json("GET", "/api/v1/plans", Some(&app.token("SY", Role::UnitCommander).await), "").await.status,
        403
    );

    assert_eq!(
        put(plan("/targets"), json!({"indicator": "O1.1", "period_end": "2026-12-31", "value": 80.0})).await.status,
        200
    );
    let milestone =
        json!({"code": "M1", "title": names, "due": "2026-09-30", "owner": "SY", "evidence": "Signed acceptance"});
    assert_eq!(post(plan("/milestones"), milestone).await.status, 200);
    let statements =
        json!({"absorptive_capacity": "Two officers per depot.", "sustainment": "Licences in the budget."});
    assert_eq!(put(plan("/statements"), statements).await.status, 200);
    let active = app.json("POST", &plan("/activate"), Some(&tr), "").await;
    assert_eq!(active.status, 200, "{}", active.body);
    let v = active.json();
    assert_eq!(v["status"], "active");
    assert_eq!(v["objectives"][0]["indicators"][0]["targets"]["2026-12-31"], 80.0);
    assert_eq!(app.json("GET", "/api/v1/plans/999999", Some(&tr), "").await.status, 404);
}
