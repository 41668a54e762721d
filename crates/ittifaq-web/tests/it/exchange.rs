//! The exchange in the pages: nominate, see an eligibility failure explained,
//! approve on one side, accept on the other.

use ittifaq_core::Role;

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
    assert!(refused.body.contains("language: the course is taught in en"), "{}", refused.body);

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
    let sessions = app.json("GET", "/api/v1/sessions", Some(&sy_cmd), "").await.json();
    let tr = sessions.as_array().unwrap().iter().find(|s| s["id"].as_i64() == Some(app.tr.session)).unwrap();
    assert_eq!(tr["seats_taken"], 1);
}
