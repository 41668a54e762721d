//! Need-to-know: which rows and fields each role of each party sees, not
//! only which routes it may call. One enrolment of each party, abroad in the
//! other's session, carries a canary in every private place (step comments,
//! vetting comments, the result's note, contact fields, both documents); a
//! test per role walks every page, export and API answer the policy lets it
//! reach and fails if a canary it may not see appears, or if one its work
//! needs appears nowhere. What a party may not see is answered exactly as
//! what does not exist; the audit views follow the same release rules.

use ittifaq_core::id::{NominationId, PersonId, SessionId};
use ittifaq_core::person::PersonInput;
use ittifaq_core::policy::Access;
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::exchange::{NominationInput, SessionInput};
use ittifaq_store::training::{ResultInput, VettingInput};
use serde_json::{Value, json};

use crate::support::{App, Reply, username};

fn other(party: &str) -> &'static str {
    if party == "TR" { "SY" } else { "TR" }
}

fn sys(party: &str) -> Actor {
    Actor::system(PartyCode::parse(party).unwrap())
}

/// The private places of an enrolment, each with its own canary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The sending party's comment on its nomination (a step of the history).
    StepBySender,
    /// The host's comment on its acceptance.
    StepByHost,
    /// The sending party's comment on its security check.
    VettingBySender,
    /// The host's comment on its language check.
    VettingByHost,
    /// The note of the result (a failure's reason takes the same place).
    Result,
    /// The nominee's national id, phone and next of kin.
    NationalId,
    Phone,
    NextOfKin,
    /// The sealed travel order and certificate.
    Order,
    Certificate,
}

const PLACES: [Place; 10] = [
    Place::StepBySender,
    Place::StepByHost,
    Place::VettingBySender,
    Place::VettingByHost,
    Place::Result,
    Place::NationalId,
    Place::Phone,
    Place::NextOfKin,
    Place::Order,
    Place::Certificate,
];

/// The canary of a place of the enrolment `sender` sent abroad.
fn canary(place: Place, sender: &str) -> String {
    format!("NTK-{place:?}-{sender}-Z")
}

/// Whether a user of `role` and `party` may see a place of the enrolment of
/// `sender` (hosted by the other party) — written from the issue, not from
/// the code: a trainee sees their own record; an instructor their sessions'
/// trainees' results; a commander the people of the units they command (the
/// party's headquarters, in these tests, over every unit); the offices that
/// nominate, vet, accept and issue documents see what that work needs of
/// both sides, a vetting comment only on their own party's side, contact
/// data only of their own party (no party released it); auditors, advisors
/// and deconfliction officers none of it.
fn may_see(role: Role, party: &str, sender: &str, place: Place) -> bool {
    let sending = party == sender;
    let hosting = !sending;
    let own_record = role == Role::Trainee && sending;
    let office = matches!(role, Role::Admin | Role::JointOffice | Role::InstitutionStaff);
    let commander = role == Role::UnitCommander && sending;
    match place {
        Place::StepBySender | Place::StepByHost => office || commander,
        Place::VettingBySender => office && sending,
        Place::VettingByHost => office && hosting,
        Place::Result => office || commander || own_record || (role == Role::Instructor && hosting),
        Place::NationalId | Place::Phone | Place::NextOfKin => ((office || commander) && sending) || own_record,
        Place::Order | Place::Certificate => office || commander || own_record,
    }
}

/// One enrolment of a party's trainee, abroad in a session of the other party.
pub(crate) struct Enrolment {
    pub sender: &'static str,
    pub nomination: i64,
    pub session: i64,
    pub person: i64,
    pub unit: i64,
    pub certificate: String,
}

/// The enrolment of `sender`'s trainee account's person (given canaries in
/// every contact field) in a new session hosted by the other party: nominated,
/// approved, accepted, vetted, ordered, arrived, completed with a note and
/// certified, each private place with its canary.
pub(crate) async fn enrolment(app: &App, sender: &'static str) -> Enrolment {
    let host = other(sender);
    let (s_sys, h_sys) = (sys(sender), sys(host));
    let unit = app.party(sender).free_unit;
    let input = PersonInput {
        service_number: format!("{sender}-NTK-1"),
        given_name: "Deniz".into(),
        family_name: "Yildiz".into(),
        native_name: None,
        rank: "OR-6".into(),
        rank_title: None,
        unit_id: unit,
        languages: vec!["ar".into(), "en".into()],
        qualifications: vec![],
        national_id: Some(canary(Place::NationalId, sender)),
        phone: Some(canary(Place::Phone, sender)),
        next_of_kin: Some(canary(Place::NextOfKin, sender)),
    };
    let person = app.store.create_person(&s_sys, &input.validate().unwrap()).await.unwrap().id;
    let trainee = app.store.user_by_username(&username(sender, Role::Trainee)).await.unwrap().unwrap();
    app.store.link_user_person(&s_sys, trainee.id, person.get()).await.unwrap();
    // The session runs today (the test clock's 2026-05-28), so its trainee is abroad now.
    let session_input = SessionInput {
        code: format!("{host}-NTK"),
        course_id: app.party(host).course,
        start: "2026-05-27".into(),
        end: "2026-05-29".into(),
        place: "Hama".into(),
        capacity: 5,
        quota: Default::default(),
    };
    let session = app.store.create_course_session(&h_sys, &session_input).await.unwrap().id;
    app.store.assign_instructor(&h_sys, session, &username(host, Role::Instructor), true).await.unwrap();
    let nominate = NominationInput {
        session_id: session,
        person_id: person,
        priority: 1,
        comment: canary(Place::StepBySender, sender),
    };
    let n = app.store.nominate(&s_sys, &nominate).await.unwrap().id;
    app.store.approve(&s_sys, n, "").await.unwrap();
    app.store.accept(&h_sys, n, &canary(Place::StepByHost, sender)).await.unwrap();
    for (who, check, comment) in [
        (&s_sys, "security", canary(Place::VettingBySender, sender)),
        (&s_sys, "medical", String::new()),
        (&h_sys, "language", canary(Place::VettingByHost, sender)),
    ] {
        let v = VettingInput {
            check: check.into(),
            outcome: "passed".into(),
            comment,
            level: (check == "language").then(|| "C1".into()),
        };
        app.store.record_vetting(who, n, &v).await.unwrap();
    }
    let data = app.store.prepare_travel_order(&h_sys, n).await.unwrap();
    let order = format!("%PDF-1.7 {}", canary(Place::Order, sender)).into_bytes();
    app.store.issue_travel_order(&h_sys, n, &data, order).await.unwrap();
    app.store.confirm_arrival(&h_sys, n, "2026-05-27").await.unwrap();
    app.store.set_session_status(&h_sys, session, "confirmed").await.unwrap();
    app.store.set_session_status(&h_sys, session, "running").await.unwrap();
    let result = ResultInput { outcome: "completed".into(), grade: None, reason: canary(Place::Result, sender) };
    app.store.record_result(&h_sys, n, &result).await.unwrap();
    let data = app.store.prepare_certificate(&h_sys, n).await.unwrap();
    let certificate = data.reference.clone();
    let pdf = format!("%PDF-1.7 {}", canary(Place::Certificate, sender)).into_bytes();
    app.store.issue_certificate(&h_sys, n, &data, "{}".into(), pdf).await.unwrap();
    Enrolment { sender, nomination: n.get(), session: session.get(), person: person.get(), unit, certificate }
}

/// Every address of a GET route the policy lets `role` call, filled with the
/// records of the enrolments; routes of other records are left out, and so
/// is the hotline's event stream, which never ends.
fn addresses(role: Role, enrolments: &[Enrolment]) -> Vec<String> {
    let mut out = Vec::new();
    for rule in ittifaq_web::ROUTES {
        let (method, path) = (rule.method, rule.path);
        if method != "GET" || !rule.access.allows(Some(role)) || (rule.access == Access::Public && path.contains('{')) {
            continue;
        }
        if path.ends_with("/events") || path.contains("{token}") || path.contains("{file}") || path.contains("{seq}") {
            continue;
        }
        if !path.contains("{id}") {
            out.push(path.to_owned());
            continue;
        }
        for e in enrolments {
            let id = if path.starts_with("/sessions/") || path.starts_with("/api/v1/sessions/") {
                e.session.to_string()
            } else if path.starts_with("/nominations/") || path.starts_with("/api/v1/nominations/") {
                e.nomination.to_string()
            } else if path.starts_with("/certificates/") {
                e.certificate.clone()
            } else if path.starts_with("/people/") || path.starts_with("/api/v1/people/") {
                e.person.to_string()
            } else if path.starts_with("/units/") || path.starts_with("/api/v1/units/") {
                e.unit.to_string()
            } else {
                continue;
            };
            out.push(path.replace("{id}", &id));
        }
    }
    // The listings in full, and the calendars of the enrolments' units and people.
    for extra in [
        "/api/v1/audit?limit=1000",
        "/api/v1/people?per_page=500",
        "/abroad?day=2026-05-28",
        "/search?q=yildiz",
        "/sessions?q=ntk",
    ] {
        if out.iter().any(|a| extra.starts_with(a.as_str())) {
            out.push(extra.to_owned());
        }
    }
    for e in enrolments {
        out.push(format!("/calendar?unit={}", e.unit));
        out.push(format!("/calendar?person={}", e.person));
    }
    out
}

async fn get(app: &App, uri: &str, token: &str) -> Reply {
    if uri.starts_with("/api/") { app.json("GET", uri, Some(token), "").await } else { app.get(uri, Some(token)).await }
}

/// Walks every address `role` of `party` may call and checks each canary
/// both ways: none it may not see anywhere, each it may see somewhere.
async fn check_role(app: &App, enrolments: &[Enrolment], role: Role, party: &'static str) -> Vec<String> {
    let token = app.token(party, role).await;
    check_as(app, enrolments, role, party, &token, |place, sender| may_see(role, party, sender, place)).await
}

/// [`check_role`] for the user of `token`, who may see what `may` allows.
async fn check_as(
    app: &App,
    enrolments: &[Enrolment],
    role: Role,
    party: &'static str,
    token: &str,
    may: impl Fn(Place, &str) -> bool,
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut seen: Vec<(Place, &str)> = Vec::new();
    for uri in addresses(role, enrolments) {
        let reply = get(app, &uri, token).await;
        if reply.status.is_server_error() {
            failures.push(format!("{role:?} of {party}: GET {uri}: {}", reply.status));
        }
        for e in enrolments {
            for place in PLACES {
                if reply.body.contains(&canary(place, e.sender)) {
                    if may(place, e.sender) {
                        seen.push((place, e.sender));
                    } else {
                        failures.push(format!(
                            "{role:?} of {party} sees {place:?} of {}'s enrolment at GET {uri} ({})",
                            e.sender, reply.status
                        ));
                    }
                }
            }
        }
    }
    for e in enrolments {
        for place in PLACES {
            if may(place, e.sender) && !seen.contains(&(place, e.sender)) {
                failures.push(format!("{role:?} of {party} needs {place:?} of {}'s enrolment, seen nowhere", e.sender));
            }
        }
    }
    failures
}

async fn check_every_party(role: Role) {
    let app = App::new().await;
    let enrolments = [enrolment(&app, "TR").await, enrolment(&app, "SY").await];
    let mut failures = Vec::new();
    for party in ["TR", "SY"] {
        failures.extend(check_role(&app, &enrolments, role, party).await);
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn an_admin_sees_what_the_work_of_each_side_needs() {
    check_every_party(Role::Admin).await;
}

#[tokio::test]
async fn a_joint_office_sees_what_the_work_of_each_side_needs() {
    check_every_party(Role::JointOffice).await;
}

#[tokio::test]
async fn institution_staff_see_what_vetting_and_the_host_office_need() {
    check_every_party(Role::InstitutionStaff).await;
}

#[tokio::test]
async fn a_unit_commander_sees_only_the_people_of_the_units_they_command() {
    check_every_party(Role::UnitCommander).await;
}

#[tokio::test]
async fn an_instructor_sees_only_the_results_of_the_trainees_they_teach() {
    check_every_party(Role::Instructor).await;
}

/// A commander of another unit of the sending party (its first unit, not the
/// one the trainee serves in) and an instructor of the host who does not
/// teach the session: each sees none of the enrolment anywhere, and the
/// people list and person page of the commander hold none of it either.
#[tokio::test]
async fn a_commander_of_another_unit_and_an_instructor_of_another_session_see_none_of_it() {
    let app = App::new().await;
    let enrolments = [enrolment(&app, "TR").await, enrolment(&app, "SY").await];
    let mut failures = Vec::new();
    for party in ["TR", "SY"] {
        let commander = app.new_user(party, Role::UnitCommander, Some(app.party(party).units[0])).await;
        let token = app.token_of(&commander).await;
        failures.extend(check_as(&app, &enrolments, Role::UnitCommander, party, &token, |_, _| false).await);
        let mine = enrolments.iter().find(|e| e.sender == party).unwrap();
        for uri in [format!("/people/{}", mine.person), format!("/api/v1/people/{}", mine.person)] {
            let reply = get(&app, &uri, &token).await;
            assert_eq!(reply.status, 404, "{party} commander of another unit reads {uri}: {}", reply.body);
        }
        // Nominating the person of a unit not commanded is refused as a person that does not exist.
        let input = json!({"session_id": app.party(other(party)).session, "person_id": mine.person, "priority": 1});
        let reply = app.json("POST", "/api/v1/nominations", Some(&token), &input.to_string()).await;
        let missing = json!({"session_id": app.party(other(party)).session, "person_id": 999_999, "priority": 1});
        let absent = app.json("POST", "/api/v1/nominations", Some(&token), &missing.to_string()).await;
        same_as_missing(&reply, &mine.person.to_string(), &absent, "999999", "a person of another unit");

        let instructor = app.new_user(other(party), Role::Instructor, None).await;
        let token = app.token_of(&instructor).await;
        failures.extend(check_as(&app, &enrolments, Role::Instructor, other(party), &token, |_, _| false).await);
        // Nor marks the session's attendance.
        let marks = json!({"day": "2026-05-28", "marks": {mine.nomination.to_string(): "absent"}});
        let reply = app
            .json("PUT", &format!("/api/v1/sessions/{}/attendance", mine.session), Some(&token), &marks.to_string())
            .await;
        assert_eq!(reply.status, 403, "an instructor who does not teach the session marks it: {}", reply.body);
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn an_advisor_sees_no_enrolment() {
    check_every_party(Role::Advisor).await;
}

#[tokio::test]
async fn a_trainee_sees_only_their_own_record() {
    check_every_party(Role::Trainee).await;
}

#[tokio::test]
async fn a_deconfliction_officer_sees_no_enrolment() {
    check_every_party(Role::DeconflictionOfficer).await;
}

#[tokio::test]
async fn an_auditor_sees_the_steps_but_no_private_values() {
    check_every_party(Role::Auditor).await;
}

/// The reply to a hidden record and to a missing one, with each's id made the same.
fn same_as_missing(hidden: &Reply, hidden_id: &str, missing: &Reply, missing_id: &str, what: &str) {
    assert_eq!(hidden.status, missing.status, "{what}: {} against {}", hidden.body, missing.body);
    // Compared as read: without the marks that isolate a message's arguments,
    // and whatever the case of the record's kind ("Unit 8").
    let text = |r: &Reply| ittifaq_web::i18n::strip_isolation(&r.body).to_lowercase();
    assert_eq!(
        text(hidden).replace(&hidden_id.to_lowercase(), "ID"),
        text(missing).replace(&missing_id.to_lowercase(), "ID"),
        "{what}: a hidden record is answered otherwise than a missing one"
    );
}

#[tokio::test]
async fn what_a_party_may_not_see_is_answered_as_what_does_not_exist() {
    let app = App::new().await;
    let missing = "987654";
    // SY did not release its units: their nominations, and attaching people to them.
    let sy_unit = app.sy.free_unit.to_string();
    let tr_cmd = app.token("TR", Role::UnitCommander).await;
    for path in ["/units/{id}/nominations", "/api/v1/units/{id}/nominations", "/calendar?unit={id}"] {
        let hidden = get(&app, &path.replace("{id}", &sy_unit), &tr_cmd).await;
        let absent = get(&app, &path.replace("{id}", missing), &tr_cmd).await;
        same_as_missing(&hidden, &format!("unit {sy_unit}"), &absent, &format!("unit {missing}"), path);
        assert!(!hidden.body.contains("SY-FREE"), "{path}: {}", hidden.body);
    }
    let tr_admin = app.token("TR", Role::Admin).await;
    let person = |unit: &str| {
        json!({"service_number": "TR-NTK-9", "given_name": "Ali", "family_name": "Demir", "rank": "OR-4",
               "unit_id": unit.parse::<i64>().unwrap(), "languages": ["tr"]})
        .to_string()
    };
    let hidden = app.json("POST", "/api/v1/people", Some(&tr_admin), &person(&sy_unit)).await;
    let absent = app.json("POST", "/api/v1/people", Some(&tr_admin), &person(missing)).await;
    same_as_missing(&hidden, &format!("unit {sy_unit}"), &absent, &format!("unit {missing}"), "POST /api/v1/people");
    assert!(!hidden.body.contains("SY-FREE"), "{}", hidden.body);

    // A nomination of TR's person to TR's own session is none of SY's business.
    let n = app.new_nomination("TR", "TR", false).await.to_string();
    let sy_office = app.token("SY", Role::JointOffice).await;
    for (method, path) in [
        ("GET", "/api/v1/nominations/{id}"),
        ("GET", "/nominations/{id}"),
        ("POST", "/api/v1/nominations/{id}/approve"),
        ("POST", "/api/v1/nominations/{id}/withdraw"),
        ("POST", "/api/v1/nominations/{id}/accept"),
    ] {
        let ask = |id: &str| {
            let uri = path.replace("{id}", id);
            let token = sy_office.clone();
            let app = &app;
            async move {
                match (method, uri.starts_with("/api/")) {
                    ("GET", true) => app.json("GET", &uri, Some(&token), "").await,
                    ("GET", false) => app.get(&uri, Some(&token)).await,
                    _ => app.json(method, &uri, Some(&token), "{}").await,
                }
            }
        };
        let hidden = ask(&n).await;
        let absent = ask(missing).await;
        same_as_missing(&hidden, &format!("nomination {n}"), &absent, &format!("nomination {missing}"), path);
    }
    // A trainee asking for another's travel order or certificate learns nothing either.
    let (other_n, code) = app.enrolment("TR", "SY", None, crate::support::Stage::Certified).await;
    let sy_trainee = app.token("SY", Role::Trainee).await;
    let hidden = app.get(&format!("/nominations/{other_n}/order"), Some(&sy_trainee)).await;
    let absent = app.get(&format!("/nominations/{missing}/order"), Some(&sy_trainee)).await;
    same_as_missing(&hidden, &format!("nomination {other_n}"), &absent, &format!("nomination {missing}"), "order");
    let fake = "CERT-TR-2099-999999";
    let hidden = app.get(&format!("/certificates/{code}"), Some(&sy_trainee)).await;
    let absent = app.get(&format!("/certificates/{fake}"), Some(&sy_trainee)).await;
    same_as_missing(&hidden, &code, &absent, fake, "certificate");

    // A third state's activity that TR entered: SY's officer may see it once
    // confirmed, but not who entered it; its draft not at all.
    let tr_officer = app.token("TR", Role::DeconflictionOfficer).await;
    let sy_officer = app.token("SY", Role::DeconflictionOfficer).await;
    let mut flight = crate::decon::body(
        "flight",
        json!({"type": "LineString", "coordinates": [[36.5, 36.0], [37.5, 37.0]]}),
        6,
        12,
        "",
    );
    flight["altitude_m"] = json!([0, 3000]);
    flight["third_state"] = json!({"code": "RUS", "name": "Russian Federation"});
    let declared = app.json("POST", "/api/v1/declarations", Some(&tr_officer), &flight.to_string()).await;
    assert_eq!(declared.status, 201, "{}", declared.body);
    let draft = declared.json()["declaration"]["id"].as_i64().unwrap().to_string();
    for action in ["cancel", "confirm"] {
        let hidden = app.json("POST", &format!("/api/v1/declarations/{draft}/{action}"), Some(&sy_officer), "").await;
        let absent = app.json("POST", &format!("/api/v1/declarations/{missing}/{action}"), Some(&sy_officer), "").await;
        same_as_missing(
            &hidden,
            &format!("declared activity {draft}"),
            &absent,
            &format!("declared activity {missing}"),
            action,
        );
    }
    let confirmed = app.json("POST", &format!("/api/v1/declarations/{draft}/confirm"), Some(&tr_officer), "").await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let seen = app.json("GET", &format!("/api/v1/declarations/{draft}"), Some(&sy_officer), "").await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    let refused = app.json("POST", &format!("/api/v1/declarations/{draft}/cancel"), Some(&sy_officer), "").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(!refused.body.contains("TR"), "the refusal names whose it is: {}", refused.body);
}

/// The audit rows `token` lists about an object.
async fn audit_rows(app: &App, token: &str, object_type: &str, object_id: &str) -> Vec<Value> {
    let r = app.json("GET", "/api/v1/audit?limit=1000", Some(token), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["object_type"] == object_type && row["object_id"] == object_id)
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_audit_views_follow_the_release_rules_of_the_records_they_describe() {
    let app = App::new().await;
    let tr_officer = app.token("TR", Role::DeconflictionOfficer).await;
    // A TR draft, and a third state's confirmed activity entered by TR.
    let draft = app
        .json(
            "POST",
            "/api/v1/declarations",
            Some(&tr_officer),
            &crate::decon::body("convoy", crate::decon::square(36.9, 36.6, 0.05), 6, 8, "").to_string(),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    let draft_code = draft.json()["declaration"]["code"].as_str().unwrap().to_owned();
    let mut flight = crate::decon::body(
        "flight",
        json!({"type": "LineString", "coordinates": [[36.5, 36.0], [37.5, 37.0]]}),
        9,
        12,
        "",
    );
    flight["altitude_m"] = json!([0, 3000]);
    flight["third_state"] = json!({"code": "RUS", "name": "Russian Federation"});
    let third = app.json("POST", "/api/v1/declarations", Some(&tr_officer), &flight.to_string()).await;
    assert_eq!(third.status, 201, "{}", third.body);
    let third_id = third.json()["declaration"]["id"].as_i64().unwrap();
    let third_code = third.json()["declaration"]["code"].as_str().unwrap().to_owned();
    let c = app.json("POST", &format!("/api/v1/declarations/{third_id}/confirm"), Some(&tr_officer), "").await;
    assert_eq!(c.status, 200, "{}", c.body);
    // A TR nomination to a TR session, with a comment: none of SY's business.
    let tr_sys = sys("TR");
    let person = app.new_free_person("TR").await;
    let comment = "NTK-AUDIT-COMMENT-Z";
    let input = NominationInput {
        session_id: SessionId(app.tr.session),
        person_id: PersonId(person),
        priority: 1,
        comment: comment.into(),
    };
    let n = app.store.nominate(&tr_sys, &input).await.unwrap().id.to_string();
    // The newest row is withheld from SY: an older one takes its place.
    let sy_office = app.token("SY", Role::JointOffice).await;
    let newest = app.json("GET", "/api/v1/audit?limit=1", Some(&sy_office), "").await;
    assert_eq!(newest.json().as_array().unwrap().len(), 1, "{}", newest.body);
    assert_ne!(newest.json()[0]["object_id"], n.as_str(), "{}", newest.body);

    for party in ["TR", "SY"] {
        for role in [Role::Admin, Role::JointOffice, Role::Auditor] {
            let token = app.token(party, role).await;
            let label = format!("{role:?} of {party}");
            assert!(audit_rows(&app, &token, "declaration", &third_code).await.is_empty(), "{label} sees {third_code}");
            let drafts = audit_rows(&app, &token, "declaration", &draft_code).await;
            assert_eq!(drafts.is_empty(), party == "SY", "{label}: the rows of TR's draft: {drafts:?}");
            let nominations = audit_rows(&app, &token, "nomination", &n).await;
            assert_eq!(nominations.is_empty(), party == "SY", "{label}: the rows of TR's nomination {nominations:?}");
            // The comment is the sending offices' to read, not the auditors'.
            let shows_comment = nominations.iter().any(|row| row.to_string().contains(comment));
            assert_eq!(shows_comment, party == "TR" && role != Role::Auditor, "{label}: {nominations:?}");
            for page in ["/audit", "/audit.csv", "/api/v1/audit?limit=1000"] {
                let body = get(&app, page, &token).await.body;
                assert!(!body.contains(&third_code) && !body.contains("Russian"), "{label} at {page}");
                assert_eq!(body.contains(&draft_code), party == "TR", "{label} at {page}");
            }
        }
    }
    // Once confirmed, SY sees TR's declaration in the record, but not who entered it.
    let id = draft.json()["declaration"]["id"].as_i64().unwrap();
    let c = app.json("POST", &format!("/api/v1/declarations/{id}/confirm"), Some(&tr_officer), "").await;
    assert_eq!(c.status, 200, "{}", c.body);
    let rows = audit_rows(&app, &sy_office, "declaration", &draft_code).await;
    assert!(!rows.is_empty(), "a released declaration's record is shown");
    assert!(rows.iter().all(|r| r["actor"] == ""), "who entered it is TR's: {rows:?}");
    let tr_office = app.token("TR", Role::JointOffice).await;
    let rows = audit_rows(&app, &tr_office, "declaration", &draft_code).await;
    assert!(rows.iter().all(|r| r["actor"] == username("TR", Role::DeconflictionOfficer)), "{rows:?}");
}

/// Whether a user of `role` and `party` may know of the enrolment of `sender`
/// at all (its row in a listing), from the issue: the offices and auditors of
/// either side, a commander of the sending side, an instructor of the host, a
/// trainee their own.
fn may_list(role: Role, party: &str, sender: &str) -> bool {
    let sending = party == sender;
    match role {
        Role::Admin | Role::JointOffice | Role::InstitutionStaff | Role::Auditor => true,
        Role::UnitCommander | Role::Trainee => sending,
        Role::Instructor => !sending,
        Role::Advisor | Role::DeconflictionOfficer => false,
    }
}

/// The nomination ids a JSON listing holds, under `key` in each item.
fn ids(reply: &Reply, key: &str) -> Vec<i64> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().unwrap().iter().map(|n| n[key].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn listings_hold_only_the_rows_the_release_rule_gives() {
    let app = App::new().await;
    let enrolments = [enrolment(&app, "TR").await, enrolment(&app, "SY").await];
    for role in Role::ALL {
        for party in ["TR", "SY"] {
            let token = app.token(party, role).await;
            for e in &enrolments {
                let label = format!("{role:?} of {party} on {}'s enrolment", e.sender);
                let expected = may_list(role, party, e.sender);
                let listed = get(&app, &format!("/api/v1/sessions/{}/nominations", e.session), &token).await;
                assert_eq!(ids(&listed, "id").contains(&e.nomination), expected, "{label}: the session's listing");
                let one = get(&app, &format!("/api/v1/nominations/{}", e.nomination), &token).await;
                assert_eq!(one.status == 200, expected, "{label}: {}", one.status);
                if ittifaq_web::route("GET", "/api/v1/abroad").unwrap().access.allows(Some(role)) {
                    let abroad = get(&app, "/api/v1/abroad?day=2026-05-28", &token).await;
                    let abroad = ids(&abroad, "nomination_id");
                    assert_eq!(abroad.contains(&e.nomination), expected, "{label}: who is abroad");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_days_marks_in_the_audit_record_are_results_auditors_do_not_read() {
    let app = App::new().await;
    let (n, _) = app.enrolment("SY", "TR", None, crate::support::Stage::Arrived).await;
    let record = app.store.training_record(&sys("TR"), NominationId(n)).await.unwrap();
    let (session, day) = (record.session.id, record.session.start.clone());
    let marks = [(n, "present".to_owned())].into_iter().collect();
    let input = ittifaq_store::training::AttendanceInput { day, marks };
    app.store.record_attendance(&sys("TR"), session, &input).await.unwrap();
    for (role, shown) in [(Role::JointOffice, true), (Role::Admin, true), (Role::Auditor, false)] {
        let token = app.token("TR", role).await;
        let rows = audit_rows(&app, &token, "session", &session.to_string()).await;
        let marks: Vec<&Value> = rows.iter().filter(|r| r["action"] == "attendance").collect();
        assert_eq!(marks.len(), 1, "{role:?}: {rows:?}");
        assert_eq!(marks[0].to_string().contains("present"), shown, "{role:?}: {marks:?}");
    }
}

/// The admin gives a commander their unit on the accounts page (a
/// commander's account without one is refused beside the field, the input
/// kept), and the host assigns and releases a session's instructors on its
/// page: what each then sees follows.
#[tokio::test]
async fn the_admin_sets_a_commanders_unit_and_the_host_assigns_a_sessions_instructors() {
    let app = App::new().await;
    let admin = app.token("TR", Role::Admin).await;
    let form =
        "username=tr.cmd_new&display_name=New+commander&role=unit_commander&password=Kestrel+under+basalt+9&unit_id=";
    let reply = app.form("/admin/users", Some(&admin), form).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("a unit commander commands a unit"), "{}", reply.body);
    assert!(reply.body.contains("value=\"tr.cmd_new\""), "the user name is kept");
    assert!(app.store.user_by_username("tr.cmd_new").await.unwrap().is_none());
    // Another party's unit is answered as one that does not exist.
    let foreign = app.party("SY").units[0];
    let reply = app.form("/admin/users", Some(&admin), &format!("{form}{foreign}")).await;
    assert_eq!(reply.status, 422);
    let text = ittifaq_web::i18n::strip_isolation(&reply.body);
    assert!(text.contains(&format!("Unit {foreign} does not exist")), "{text}");
    let first = app.party("TR").units[0];
    let reply = app.form("/admin/users", Some(&admin), &format!("{form}{first}")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let commander = app.token_of("tr.cmd_new").await;
    let person_in = app.party("TR").people[0];
    let person_out = app.new_free_person("TR").await;
    let sees =
        async |id: i64| app.json("GET", &format!("/api/v1/people/{id}"), Some(&commander), "").await.status.as_u16();
    assert_eq!((sees(person_in).await, sees(person_out).await), (200, 404));
    let listed = app.json("GET", "/api/v1/people?per_page=500", Some(&commander), "").await.json();
    let ids: Vec<i64> = listed["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&person_in) && !ids.contains(&person_out), "{ids:?}");
    // Given the free unit instead, the commander sees its people and no longer the first unit's.
    let free = app.party("TR").free_unit;
    let reply = app.form("/admin/users/tr.cmd_new/unit", Some(&admin), &format!("unit_id={free}")).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!((sees(person_in).await, sees(person_out).await), (404, 200));

    // The host's staff assign an instructor on the session page; the
    // instructor then sees the attendance link and the sheet's trainees.
    let (n, _) = app.enrolment("SY", "TR", None, crate::support::Stage::Accepted).await;
    let session = app.store.get_nomination(&sys("TR"), NominationId(n)).await.unwrap().session_id;
    let teacher = app.new_user("TR", Role::Instructor, None).await;
    let teacher_token = app.token_of(&teacher).await;
    let page = app.get(&format!("/sessions/{session}"), Some(&teacher_token)).await;
    assert!(!page.body.contains(&format!("/sessions/{session}/attendance")), "not yet their session");
    let staff = app.token("TR", Role::InstitutionStaff).await;
    let page = app.get(&format!("/sessions/{session}"), Some(&staff)).await;
    assert!(page.body.contains("id=\"instructors\"") && page.body.contains(&format!("value=\"{teacher}\"")));
    let reply = app
        .form(&format!("/sessions/{session}/instructors"), Some(&staff), &format!("username={teacher}&assign=true"))
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let page = app.get(&format!("/sessions/{session}"), Some(&teacher_token)).await;
    assert!(page.body.contains(&format!("/sessions/{session}/attendance")), "now their session");
    let listed = app.json("GET", &format!("/api/v1/sessions/{session}/instructors"), Some(&staff), "").await.json();
    assert!(listed.as_array().unwrap().iter().any(|i| i["username"] == teacher.as_str()), "{listed}");
    // An account that is not one of the host's instructors cannot be assigned.
    let reply =
        app.form(&format!("/sessions/{session}/instructors"), Some(&staff), "username=sy.instructor&assign=true").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let text = ittifaq_web::i18n::strip_isolation(&reply.body);
    assert!(text.contains("instructor sy.instructor does not exist"), "{text}");
    let nominations = format!("/api/v1/sessions/{session}/nominations");
    let seen = app.json("GET", &nominations, Some(&teacher_token), "").await.json();
    assert_eq!(seen.as_array().unwrap().len(), 1, "their trainee: {seen}");
    // Released, they see the session's nominations no more.
    let reply =
        app.json("DELETE", &format!("/api/v1/sessions/{session}/instructors/{teacher}"), Some(&staff), "").await;
    assert_eq!(reply.status, 204, "{}", reply.body);
    let seen = app.json("GET", &nominations, Some(&teacher_token), "").await.json();
    assert_eq!(seen, json!([]));
}
