//! The authorization matrix: every route × every role (and no sign-in) × a
//! record of the user's own party and of the other party, asserting allow or
//! deny; and no response to one party ever carries the other party's canary.

use ittifaq_core::Role;
use ittifaq_core::policy::Access;
use serde_json::json;

use crate::support::{App, PASSWORD, Stage, canary, person_form, person_json, username};

/// Routes only the party a record belongs to may use: they change it, open
/// it for change, or list what is that party's alone.
const OWN_PARTY_ONLY: &[(&str, &str)] = &[
    ("POST", "/people"),
    ("POST", "/people/{id}"),
    ("POST", "/people/{id}/archive"),
    ("GET", "/people/{id}/edit"),
    ("POST", "/api/v1/people"),
    ("PUT", "/api/v1/people/{id}"),
    ("POST", "/api/v1/people/{id}/archive"),
    ("POST", "/api/v1/units"),
    ("GET", "/units/{id}/edit"),
    ("POST", "/units"),
    ("POST", "/units/{id}"),
    ("POST", "/units/{id}/archive"),
    ("PUT", "/api/v1/units/{id}"),
    ("POST", "/api/v1/units/{id}/archive"),
    ("GET", "/institutions/{id}/edit"),
    ("POST", "/institutions/{id}"),
    ("POST", "/institutions/{id}/archive"),
    ("PUT", "/api/v1/institutions/{id}"),
    ("POST", "/api/v1/institutions/{id}/archive"),
    ("POST", "/sessions/{id}/nominations"),
    ("POST", "/nominations/{id}/approve"),
    ("POST", "/nominations/{id}/accept"),
    ("POST", "/nominations/{id}/withdraw"),
    ("POST", "/api/v1/sessions"),
    ("POST", "/api/v1/nominations"),
    ("POST", "/api/v1/nominations/{id}/approve"),
    ("POST", "/api/v1/nominations/{id}/accept"),
    ("POST", "/api/v1/nominations/{id}/withdraw"),
    ("POST", "/sessions/{id}/status"),
    ("POST", "/api/v1/sessions/{id}/status"),
    ("POST", "/api/v1/nominations/{id}/replace"),
    ("POST", "/nominations/{id}/replace"),
    ("POST", "/api/v1/courses"),
    ("POST", "/courses"),
    ("GET", "/courses/{id}/edit"),
    ("POST", "/courses/{id}"),
    ("PUT", "/api/v1/courses/{id}"),
    ("POST", "/sessions"),
    ("POST", "/nominations/{id}/vetting"),
    ("POST", "/api/v1/nominations/{id}/vetting"),
    ("POST", "/nominations/{id}/arrival"),
    ("POST", "/api/v1/nominations/{id}/arrival"),
    ("POST", "/nominations/{id}/departure"),
    ("POST", "/api/v1/nominations/{id}/departure"),
    ("POST", "/nominations/{id}/assessments"),
    ("POST", "/api/v1/nominations/{id}/assessments"),
    ("POST", "/nominations/{id}/result"),
    ("POST", "/api/v1/nominations/{id}/result"),
    ("POST", "/nominations/{id}/evaluation"),
    ("POST", "/api/v1/nominations/{id}/evaluation"),
    ("POST", "/nominations/{id}/order"),
    ("POST", "/api/v1/nominations/{id}/order"),
    ("POST", "/nominations/{id}/certificate"),
    ("POST", "/certificates/{id}/revoke"),
    ("POST", "/api/v1/certificates/{id}/revoke"),
    // A party unlocks its own accounts and seals its own documents; another's look absent.
    ("POST", "/api/v1/users/{username}/unlock"),
    ("PUT", "/api/v1/users/{username}/unit"),
    ("POST", "/admin/users/{username}/unit"),
    ("GET", "/api/v1/seal-requests/{id}/pdf"),
    ("POST", "/api/v1/seal-requests/{id}/seal"),
    ("GET", "/sessions/{id}/attendance"),
    ("POST", "/sessions/{id}/attendance"),
    ("PUT", "/api/v1/sessions/{id}/attendance"),
    ("GET", "/sessions/{id}/sign-in-sheet"),
    // A unit's nominations are listed to the unit's own party only.
    ("GET", "/units/{id}/nominations"),
    ("GET", "/api/v1/units/{id}/nominations"),
    // Deconfliction: only the party that entered a declaration changes it.
    ("GET", "/decon/{id}/edit"),
    ("POST", "/decon/{id}"),
    ("POST", "/decon/{id}/confirm"),
    ("POST", "/decon/{id}/cancel"),
    ("PUT", "/api/v1/declarations/{id}"),
    ("POST", "/api/v1/declarations/{id}/confirm"),
    ("POST", "/api/v1/declarations/{id}/cancel"),
    // hotline: only the receiving party acknowledges
    ("POST", "/hotline/messages/{id}/ack"),
    ("POST", "/api/v1/hotline/messages/{id}/ack"),
    // a session's instructors: assigned by its host
    ("GET", "/api/v1/sessions/{id}/instructors"),
    ("PUT", "/api/v1/sessions/{id}/instructors/{username}"),
    ("DELETE", "/api/v1/sessions/{id}/instructors/{username}"),
    ("POST", "/sessions/{id}/instructors"),
    // technical assistance: the advising party writes its plans
    ("PUT", "/api/v1/plans/{id}/statements"),
    ("POST", "/api/v1/plans/{id}/objectives"),
    ("POST", "/api/v1/plans/{id}/indicators"),
    ("PUT", "/api/v1/plans/{id}/baseline"),
    ("PUT", "/api/v1/plans/{id}/targets"),
    ("POST", "/api/v1/plans/{id}/milestones"),
    ("POST", "/api/v1/plans/{id}/activate"),
    ("POST", "/assistance/plans/{id}/statements"),
    ("POST", "/assistance/plans/{id}/objectives"),
    ("POST", "/assistance/plans/{id}/indicators"),
    ("POST", "/assistance/plans/{id}/targets"),
    ("POST", "/assistance/plans/{id}/milestones"),
    ("POST", "/assistance/plans/{id}/activate"),
    ("PUT", "/api/v1/plans/{id}/schedule"),
    // force integration: the integrating party writes its formations
    ("POST", "/integration/formations/{id}/deadlines"),
    ("POST", "/integration/formations/{id}/counts"),
    ("PUT", "/api/v1/formations/{id}/deadlines"),
    ("POST", "/api/v1/formations/{id}/verifications"),
    ("POST", "/api/v1/formations/{id}/reported"),
    // a roster is its party's alone: the other party reads its summary only
    ("GET", "/integration/formations/{id}/roster"),
    ("POST", "/integration/formations/{id}/roster"),
    ("POST", "/integration/formations/{id}/roster/verify"),
    ("POST", "/integration/candidates/{id}/review"),
    ("POST", "/integration/candidates/{id}/reintegration"),
    ("GET", "/api/v1/formations/{id}/candidates"),
    ("POST", "/api/v1/formations/{id}/candidates"),
    ("POST", "/api/v1/formations/{id}/candidates/verify"),
    ("POST", "/api/v1/candidates/{id}/review"),
    ("POST", "/api/v1/candidates/{id}/reintegration"),
    // advisors: the sending party ends its deployments, its advisor writes
    // and submits the reports; the host party (the object party of the
    // review fixtures) returns and approves them
    ("POST", "/assistance/deployments/{id}/end"),
    ("POST", "/api/v1/deployments/{id}/end"),
    // the sending party records its own checks of its advisor (the host its own)
    ("POST", "/assistance/deployments/{id}/vetting"),
    ("POST", "/api/v1/deployments/{id}/vetting"),
    ("POST", "/assistance/deployments/{id}/reports"),
    ("POST", "/api/v1/deployments/{id}/reports"),
    ("POST", "/assistance/reports/{id}/submit"),
    ("POST", "/api/v1/reports/{id}/submit"),
    ("POST", "/assistance/reports/{id}/return"),
    ("POST", "/api/v1/reports/{id}/return"),
    ("POST", "/assistance/reports/{id}/approve"),
    ("POST", "/api/v1/reports/{id}/approve"),
];

/// Routes whose body names a unit of the object party to attach a record to.
const NAMES_A_UNIT: &[(&str, &str)] =
    &[("POST", "/people"), ("POST", "/api/v1/people"), ("POST", "/units"), ("POST", "/api/v1/units")];

/// Whether the release rule of a nomination lets `role` read the enrolment
/// (or its documents) a route of [`training_fixture`] reads, on the side of
/// it `sending` says (the fixture's nominee is the object party's, in a
/// session of the other party; a trainee's is their own). Need-to-know on
/// top of the policy: a trainee reads their own record, an instructor their
/// party's sessions' trainees (those the fixture's instructor teaches), a
/// commander their party's people (under the headquarters they command), auditors the
/// record but no documents; advisors and deconfliction officers none
/// (`need_to_know.rs` checks the fields).
fn released(method: &str, path: &str, role: Role, sending: bool) -> bool {
    // A commander's people are those of the units they command, all of their own party.
    if method == "GET" && matches!(path, "/people/{id}" | "/api/v1/people/{id}") && role == Role::UnitCommander {
        return sending;
    }
    let documents = matches!(path, "/nominations/{id}/order" | "/certificates/{id}");
    let record = matches!(path, "/nominations/{id}" | "/api/v1/nominations/{id}");
    if method != "GET" || !(documents || record) {
        return true;
    }
    match role {
        Role::Admin | Role::JointOffice | Role::InstitutionStaff => true,
        Role::UnitCommander | Role::Trainee => sending,
        Role::Instructor => record && !sending,
        Role::Auditor => record,
        Role::Advisor | Role::DeconflictionOfficer => false,
    }
}

fn other(party: &str) -> &'static str {
    if party == "TR" { "SY" } else { "TR" }
}

/// The record a training route acts on, made for the case: the nomination id,
/// or a certificate's code. `None` for the routes that are not training's.
async fn training_fixture(app: &App, method: &str, path: &str, case: &Case) -> Option<String> {
    let obj = case.object_party;
    let trainee = case.role == Some(Role::Trainee);
    let own_person = |party: &str| Some(app.party(party).trainee_person);
    let (n, code) = match (method, path) {
        (_, p) if p.ends_with("/vetting") && p.contains("/nominations/") => {
            app.enrolment(obj, other(obj), None, Stage::Accepted).await
        }
        (_, p) if p.ends_with("/evaluation") => app.enrolment(obj, other(obj), own_person(obj), Stage::Accepted).await,
        ("POST", p)
            if ["/arrival", "/departure", "/assessments", "/result", "/order", "/certificate"]
                .iter()
                .any(|s| p.ends_with(s)) =>
        {
            app.enrolment(other(obj), obj, None, Stage::Accepted).await
        }
        (_, p) if p.ends_with("/revoke") => app.enrolment(other(obj), obj, None, Stage::Certified).await,
        ("GET", "/verify/{id}" | "/api/v1/verify/{id}") => app.enrolment(other(obj), obj, None, Stage::Certified).await,
        ("GET", "/certificates/{id}") => {
            let person = if trainee { own_person(obj) } else { None };
            app.enrolment(obj, other(obj), person, Stage::Certified).await
        }
        ("GET", "/nominations/{id}/order") => {
            let person = if trainee { own_person(obj) } else { None };
            app.enrolment(obj, other(obj), person, Stage::Ordered).await
        }
        ("GET", "/nominations/{id}" | "/api/v1/nominations/{id}") => {
            let person = if trainee { own_person(obj) } else { None };
            app.enrolment(obj, other(obj), person, Stage::Accepted).await
        }
        _ => return None,
    };
    Some(if code.is_empty() { n.to_string() } else { code })
}

#[test]
fn no_route_is_declared_twice_with_two_accesses() {
    for (i, a) in ittifaq_web::ROUTES.iter().enumerate() {
        for b in &ittifaq_web::ROUTES[i + 1..] {
            assert!(!(a.method == b.method && a.path == b.path), "{} {} twice", a.method, a.path);
        }
    }
}

#[test]
fn signed_out_callers_reach_only_public_routes() {
    for r in ittifaq_web::ROUTES {
        assert_eq!(r.access.allows(None), r.access == Access::Public, "{} {}", r.method, r.path);
    }
}

struct Case {
    role: Option<Role>,
    party: &'static str,
    object_party: &'static str,
}

async fn request(app: &App, method: &str, path: &str, case: &Case) -> crate::support::Reply {
    let token = match case.role {
        Some(role) => Some(app.token(case.party, role).await),
        None => None,
    };
    let token = token.as_deref();
    let own = app.party(case.party);
    let obj = app.party(case.object_party);
    let n = app.next();
    let training = match training_fixture(app, method, path, case).await {
        Some(t) => Some(t),
        None => crate::hotline::access_fixture(app, path, case.object_party).await,
    };
    let id = if !path.contains("{id}") {
        0
    } else if path.contains("/units/") {
        if method == "GET" { obj.units[1] } else { app.new_unit(case.object_party).await }
    } else if path.contains("/institutions/") {
        if method == "GET" {
            app.institution(case.object_party).await
        } else {
            app.new_institution(case.object_party).await
        }
    } else if path.contains("/courses/") {
        if method == "GET" { obj.course } else { app.new_course(case.object_party).await }
    } else if path.contains("/allocation/runs/") {
        app.allocation_run().await
    } else if path.ends_with("/status") {
        app.new_session(case.object_party).await
    } else if path.contains("/sessions/") {
        obj.session
    } else if path.ends_with("/accept") {
        // The host accepts: a nomination of the other party's person for a session the object party hosts.
        let sender = if case.object_party == "TR" { "SY" } else { "TR" };
        app.new_nomination(sender, case.object_party, true).await
    } else if path.contains("/nominations/") {
        let host = if case.object_party == "TR" { "SY" } else { "TR" };
        app.new_nomination(case.object_party, host, false).await
    } else if path.starts_with("/api/v1/plans/") || path.starts_with("/assistance/plans/") {
        app.new_plan(case.object_party).await
    } else if path.contains("/deployments/") {
        app.new_deployment(case.object_party).await
    } else if path.starts_with("/integration/candidates/") || path.starts_with("/api/v1/candidates/") {
        app.new_candidate(case.object_party).await
    } else if path.contains("/formations/") {
        app.new_formation(case.object_party).await
    } else if path.contains("/reports/") && (path.ends_with("/return") || path.ends_with("/approve")) {
        // The reviewing (object) party hosts the deployment; the other party sent it.
        app.new_report(other(case.object_party), true).await
    } else if path.contains("/reports/") {
        app.new_report(case.object_party, false).await
    } else if path.contains("/measurements/") {
        app.new_measurement(case.object_party).await
    } else if path.starts_with("/decon/") || path.starts_with("/api/v1/declarations/") {
        crate::decon::fixture(app, case.object_party, path).await
    } else if method == "GET" {
        obj.people[0]
    } else {
        app.new_person(case.object_party).await
    };
    let feed = if path == "/calendar/{token}" {
        let user = app
            .store
            .user_by_username(&username(case.party, case.role.unwrap_or(Role::Trainee)))
            .await
            .unwrap()
            .unwrap();
        let secret = format!("{:064x}", n as u128 * 104_729 + 17);
        let owner = ittifaq_store::Actor {
            user_id: Some(user.id),
            username: user.username.clone(),
            party: ittifaq_core::PartyCode::parse(case.party).unwrap(),
            role: case.role.unwrap_or(Role::Trainee),
        };
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()));
        app.store.add_calendar_feed(&owner, &hash).await.unwrap();
        format!("{secret}.ics")
    } else {
        String::new()
    };
    let mut uri = path
        .replace("{token}", &feed)
        .replace("{id}", &training.unwrap_or_else(|| id.to_string()))
        .replace("{file}", "style.css")
        .replace("{seq}", "0")
        .replace("{username}", &username(case.object_party, Role::Auditor));
    if path == "/api/v1/ledger/consistency" {
        uri.push_str("?first=1&second=2");
    }
    let login_user = username(case.party, case.role.unwrap_or(Role::JointOffice));
    let api = path.starts_with("/api/");
    match (method, path) {
        (m, p) if p.contains("/hotline") => crate::hotline::access_request(app, m, p, &uri, token, case.party).await,
        ("GET", _) => {
            if api {
                app.json("GET", &uri, token, "").await
            } else {
                app.get(&uri, token).await
            }
        }
        ("POST", "/login") => {
            app.form(&uri, token, &format!("username={login_user}&password={}", PASSWORD.replace(' ', "+"))).await
        }
        ("POST", "/lang") => app.form(&uri, token, "lang=ar&next=%2F").await,
        ("POST", "/account/totp/confirm") => {
            app.form(&uri, token, "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&code=000000").await
        }
        ("POST", "/people") => app.form(&uri, token, &person_form(n, obj.units[0])).await,
        ("POST", "/people/{id}") => app.form(&uri, token, &person_form(n, own.units[0])).await,
        ("POST", "/admin/users") => {
            app.form(
                &uri,
                token,
                &format!("username=user{n}&display_name=New+user&role=trainee&password=a+long+password"),
            )
            .await
        }
        ("PUT", "/api/v1/users/{username}/unit") => {
            app.json("PUT", &uri, token, &json!({"unit_id": obj.hq}).to_string()).await
        }
        ("POST", "/admin/users/{username}/unit") => app.form(&uri, token, &format!("unit_id={}", obj.hq)).await,
        ("POST", "/sessions/{id}/instructors") => {
            let teacher = username(case.object_party, Role::Instructor);
            app.form(&uri, token, &format!("username={teacher}&assign=true")).await
        }
        ("POST", "/api/v1/login") => {
            app.json("POST", &uri, token, &json!({"username": login_user, "password": PASSWORD}).to_string()).await
        }
        ("POST", "/api/v1/people") => app.json("POST", &uri, token, &person_json(n, obj.units[0])).await,
        ("PUT", "/api/v1/people/{id}") => app.json("PUT", &uri, token, &person_json(n, own.units[0])).await,
        ("POST", "/units") => {
            app.form(
                &uri,
                token,
                &format!("code=U-{n}&parent_id={}&name_en=Unit&name_tr=Birlik&name_ar=%D9%88&max_away=2", obj.units[0]),
            )
            .await
        }
        ("POST", "/units/{id}") => {
            app.form(
                &uri,
                token,
                &format!("code=U-{n}&parent_id={}&name_en=Unit&name_tr=Birlik&name_ar=%D9%88&max_away=", own.units[0]),
            )
            .await
        }
        ("POST", "/institutions") | ("POST", "/institutions/{id}") => {
            app.form(
                &uri,
                token,
                &format!("code=I-{n}&name_en=School&name_tr=Okul&name_ar=%D9%85&city=Hama&domain_logistics=on"),
            )
            .await
        }
        ("PUT", "/api/v1/units/{id}") => {
            let body = json!({"code": format!("U-{n}"), "parent_id": own.units[0], "name_en": "Unit", "name_tr": "Birlik", "name_ar": "وحدة", "max_away": 2});
            app.json("PUT", &uri, token, &body.to_string()).await
        }
        ("PUT", "/api/v1/institutions/{id}") => {
            let body = json!({"code": format!("I-{n}"), "name": {"en": "School", "tr": "Okul", "ar": "مدرسة"}, "city": "Hama", "domains": []});
            app.json("PUT", &uri, token, &body.to_string()).await
        }
        ("POST", "/sessions/{id}/nominations") => {
            let person = app.new_free_person(case.object_party).await;
            app.form(&uri, token, &format!("person_id={person}&priority=1&comment=ready")).await
        }
        ("POST", "/sessions/{id}/status") => app.form(&uri, token, "status=confirmed").await,
        // Steps that cannot be undone are confirmed on the page.
        ("POST", "/nominations/{id}/withdraw") => app.form(&uri, token, "comment=&confirm=yes").await,
        (
            "POST",
            "/people/{id}/archive" | "/units/{id}/archive" | "/institutions/{id}/archive" | "/decon/{id}/cancel",
        ) => app.form(&uri, token, "confirm=yes").await,
        ("POST", "/api/v1/sessions/{id}/status") => app.json("POST", &uri, token, r#"{"status": "cancelled"}"#).await,
        ("POST", "/api/v1/nominations/{id}/replace") => {
            let person = app.new_free_person(case.object_party).await;
            app.json("POST", &uri, token, &json!({"person_id": person, "comment": "injured"}).to_string()).await
        }
        ("POST", "/nominations/{id}/replace") => {
            let person = app.new_free_person(case.object_party).await;
            app.form(&uri, token, &format!("person_id={person}&comment=injured")).await
        }
        ("POST", "/api/v1/courses") => {
            let inst = app.institution(case.object_party).await;
            let body = json!({"code": format!("C-{n}"), "institution_id": inst, "domain": "logistics", "title": {"en": "Stores", "tr": "Depo", "ar": "مستودعات"}, "language": "en", "duration_days": 5, "capacity": 10});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        ("POST", "/courses") | ("POST", "/courses/{id}") => {
            let inst = app.institution(case.object_party).await;
            let body = format!(
                "code=C-{n}&institution_id={inst}&domain=logistics&article=&title_en=Stores&title_tr=Depo&title_ar=%D9%85&language=en&min_rank=&max_rank=&duration_days=5&capacity=10&requires=&grants=&description_en=&description_tr=&description_ar="
            );
            app.form(&uri, token, &body).await
        }
        ("PUT", "/api/v1/courses/{id}") => {
            let inst = app.institution(case.object_party).await;
            let body = json!({"code": format!("C-{n}"), "institution_id": inst, "domain": "logistics", "title": {"en": "Stores", "tr": "Depo", "ar": "مستودعات"}, "language": "en", "duration_days": 5, "capacity": 10});
            app.json("PUT", &uri, token, &body.to_string()).await
        }
        ("POST", "/sessions") => {
            let body = format!(
                "code=S-{n}&course_id={}&start=2027-10-01&end=2027-10-03&place=Hama&capacity=4&quota_TR=2&quota_SY=2",
                obj.course
            );
            app.form(&uri, token, &body).await
        }
        ("POST", "/api/v1/nominations") => {
            let person = app.new_free_person(case.object_party).await;
            let body = json!({"session_id": obj.session, "person_id": person, "priority": 2, "comment": "ready"});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        ("POST", "/api/v1/sessions") => {
            let body = json!({"code": format!("S-{n}"), "course_id": obj.course, "start": "2027-06-01", "end": "2027-06-05", "place": "Hama", "capacity": 10, "quota": {"TR": 5, "SY": 5}});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        (_, p) if p.ends_with("/vetting") && !api => {
            app.form(&uri, token, "check=security&outcome=passed&comment=cleared").await
        }
        (_, p) if p.ends_with("/vetting") => {
            app.json(method, &uri, token, r#"{"check": "security", "outcome": "passed"}"#).await
        }
        (_, p) if p.ends_with("/arrival") || p.ends_with("/departure") => {
            if api {
                app.json(method, &uri, token, r#"{"day": "2028-01-01"}"#).await
            } else {
                app.form(&uri, token, "day=2028-01-01").await
            }
        }
        (_, p) if p.ends_with("/assessments") => {
            if api {
                app.json(method, &uri, token, r#"{"name": "Test", "score": 80}"#).await
            } else {
                app.form(&uri, token, "name=Test&score=80").await
            }
        }
        (_, p) if p.ends_with("/result") => {
            if api {
                app.json(method, &uri, token, r#"{"outcome": "completed"}"#).await
            } else {
                app.form(&uri, token, "outcome=completed&grade=A&reason=").await
            }
        }
        (_, p) if p.ends_with("/evaluation") => {
            if api {
                app.json(method, &uri, token, r#"{"rating": 5}"#).await
            } else {
                app.form(&uri, token, "rating=5&comment=good").await
            }
        }
        (_, p) if p.ends_with("/revoke") => {
            if api {
                app.json(method, &uri, token, r#"{"reason": "issued in error"}"#).await
            } else {
                app.form(&uri, token, "reason=issued+in+error").await
            }
        }
        ("POST", "/sessions/{id}/attendance") => app.form(&uri, token, "day=2027-03-01").await,
        ("PUT", "/api/v1/sessions/{id}/attendance") => {
            app.json(method, &uri, token, r#"{"day": "2027-03-01", "marks": {}}"#).await
        }
        ("POST", "/api/v1/units") => {
            let body = json!({"code": format!("U-{n}"), "parent_id": obj.units[0], "name_en": "Unit", "name_tr": "Birlik", "name_ar": "وحدة", "max_away": 2});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        ("POST", "/api/v1/institutions") => {
            let body = json!({"code": format!("I-{n}"), "name": {"en": "School", "tr": "Okul", "ar": "مدرسة"}, "city": "Hama", "domains": ["logistics"]});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        ("POST", "/allocation/runs") => app.form(&uri, token, "from=2027-03-01&to=2027-03-31").await,
        ("POST", "/api/v1/allocation/runs") => {
            app.json("POST", &uri, token, r#"{"from": "2027-03-01", "to": "2027-03-31"}"#).await
        }
        ("POST", "/api/v1/ledger/witness-keys") => {
            let key = ittifaq_ledger::checkpoint::Signer::from_seed(&format!("witness-{n}"), &[n as u8; 32]).unwrap();
            app.json("POST", &uri, token, &json!({"key": key.verifier().to_string()}).to_string()).await
        }
        ("POST", "/api/v1/ledger/cosign") => {
            let checkpoint = app.checkpoint_id().await;
            let body = json!({"checkpoint_id": checkpoint, "cosignature": "\u{2014} witness AAAAAAAAAAAAAAAA"});
            app.json("POST", &uri, token, &body.to_string()).await
        }
        ("POST", "/api/v1/declarations") | ("PUT", "/api/v1/declarations/{id}") => {
            let b = crate::decon::body("flight", crate::decon::square(36.9, 36.6, 0.05), 7, 9, "");
            app.json(method, &uri, token, &b.to_string()).await
        }
        ("POST", "/decon") | ("POST", "/decon/{id}") => {
            let b = "kind=convoy&start=2027-03-01T07%3A00&end=2027-03-01T09%3A00&altitude_lo=0&altitude_hi=0&circle_lon=36.9&circle_lat=36.6&circle_radius_m=200";
            app.form(&uri, token, b).await
        }
        (_, p) if p.starts_with("/api/v1/plans") => {
            let names = json!({"en": "Part", "tr": "Bölüm", "ar": "جزء"});
            let partner = other(case.object_party);
            let body = match p {
                "/api/v1/plans" => {
                    let inst = app.institution(other(case.party)).await;
                    json!({"code": format!("TA-{n}"), "track": "military_systems", "institution_id": inst, "title": names})
                }
                "/api/v1/plans/{id}/statements" => json!({"absorptive_capacity": "Ready.", "sustainment": "Funded."}),
                "/api/v1/plans/{id}/objectives" => json!({"code": format!("O{n}"), "title": names}),
                "/api/v1/plans/{id}/indicators" => json!({"objective": "O1", "code": format!("I{n}"), "name": names,
                    "unit": "%", "direction": "increase", "measured_by": partner}),
                "/api/v1/plans/{id}/baseline" => json!({"indicator": "O1.1", "baseline": {"value": 1.0,
                    "date": "2026-01-01", "source": "Returns", "method": "Count"}}),
                "/api/v1/plans/{id}/targets" => json!({"indicator": "O1.1", "period_end": "2027-06-30", "value": 5.0}),
                "/api/v1/plans/{id}/milestones" => json!({"code": format!("M{n}"), "title": names, "due": "2027-01-01",
                    "owner": partner, "evidence": "Signed handover"}),
                "/api/v1/plans/{id}/schedule" => json!({"report_rule": "FREQ=WEEKLY"}),
                _ => json!({}),
            };
            let body = if p.ends_with("/activate") || method == "GET" { String::new() } else { body.to_string() };
            app.json(method, &uri, token, &body).await
        }
        (_, p)
            if p.starts_with("/api/v1/formations")
                || p.starts_with("/integration")
                || p.starts_with("/api/v1/candidates") =>
        {
            let count = |figure: &str| {
                (
                    json!({"stage": "register", "count": 8, "on_day": "2026-02-01", "method": "Roll call",
                    "list_reference": "L-2"}),
                    format!(
                        "count_figure={figure}&count_stage=register&count_count=8&count_on_day=2026-02-01&count_method=Roll+call&count_list_reference=L-2"
                    ),
                )
            };
            let (body, form) = match p {
                "/api/v1/formations" | "/integration" => (
                    json!({"code": format!("F-A{n}"), "name": {"en": "B", "tr": "B", "ar": "ب"}, "origin": "East",
                        "mode": "bloc", "declared_strength": 100, "starts_on": "2026-01-01"}),
                    format!("formation_code=F-P{n}&formation_name_en=B&formation_name_tr=B&formation_name_ar=B&formation_origin=East&formation_mode=bloc&formation_declared_strength=100&formation_starts_on=2026-01-01"),
                ),
                "/api/v1/formations/{id}/deadlines" | "/integration/formations/{id}/deadlines" => (
                    json!({"stage": "vet", "due": "2026-09-30", "binding": true, "clause": "Article 5"}),
                    "deadline_stage=vet&deadline_due=2026-09-30&deadline_binding=yes&deadline_clause=Article+5&deadline_owner_party=".into(),
                ),
                "/api/v1/formations/{id}/verifications" => count("verified"),
                "/api/v1/candidates/{id}/review" | "/integration/candidates/{id}/review" => {
                    (json!({"decision": "distinct"}), "decision=distinct".into())
                }
                "/api/v1/candidates/{id}/reintegration" | "/integration/candidates/{id}/reintegration" => {
                    (json!({"reason": "age"}), "reason=age".into())
                }
                "/api/v1/formations/{id}/candidates" => (
                    json!({"rows": [{"roster_ref": format!("X-{n}"), "full_name": "Ali Haydar", "date_of_birth": "1990-01-01"}]}),
                    String::new(),
                ),
                "/api/v1/formations/{id}/candidates/verify" | "/integration/formations/{id}/roster/verify" => (
                    json!({"stage": "register", "on_day": "2026-02-01", "method": "Roll call", "list_reference": "L-3",
                        "refs": ["R-0-1"]}),
                    "verify_stage=register&verify_on_day=2026-02-01&verify_method=Roll+call&verify_list_reference=L-3&verify_refs=R-0-1".into(),
                ),
                "/integration/formations/{id}/roster" if method == "POST" => {
                    let boundary = "XyZaccess";
                    let body = format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\nroster_ref,full_name,date_of_birth\r\nX-{n},Ali Haydar,1990-01-01\r\n--{boundary}--\r\n"
                    );
                    let ct = format!("multipart/form-data; boundary={boundary}");
                    return app.post_bytes(&uri, token, &ct, body.into_bytes()).await;
                }
                "/api/v1/formations/{id}/reported" | "/integration/formations/{id}/counts" => count("reported"),
                _ => (json!({}), String::new()),
            };
            match (method, api) {
                ("GET", _) => app.json(method, &uri, token, "").await,
                (_, true) => app.json(method, &uri, token, &body.to_string()).await,
                (_, false) => app.form(&uri, token, &form).await,
            }
        }
        (_, p)
            if p.starts_with("/api/v1/deployments")
                || p.starts_with("/api/v1/reports")
                || p.starts_with("/api/v1/measurements") =>
        {
            let body = match (method, p) {
                ("GET", _) | (_, "/api/v1/reports/{id}/submit" | "/api/v1/reports/{id}/approve") => String::new(),
                (_, "/api/v1/deployments") => {
                    let inst = app.institution(other(case.party)).await;
                    json!({"code": format!("DEP-A{n}"), "person_id": own.advisor_person, "institution_id": inst,
                        "track": "military_systems", "start": "2026-06-01", "end": "2026-12-31"})
                    .to_string()
                }
                (_, "/api/v1/deployments/{id}/end") => json!({"end": "2027-03-31"}).to_string(),
                (_, "/api/v1/deployments/{id}/vetting") => {
                    json!({"check": "security", "outcome": "passed"}).to_string()
                }
                (_, "/api/v1/deployments/{id}/reports") => {
                    json!({"due_on": "2026-05-01", "summary": "Fine."}).to_string()
                }
                (_, "/api/v1/reports/{id}/return") => json!({"comment": "Fix the May figure."}).to_string(),
                (_, "/api/v1/measurements/{id}/contest") => json!({"value": 2.0, "reason": "Recount."}).to_string(),
                _ => "{}".into(),
            };
            app.json(method, &uri, token, &body).await
        }
        ("POST", p) if p.starts_with("/assistance/") && !p.starts_with("/assistance/plans") => {
            let body = match p {
                "/assistance/deployments" => {
                    let inst = app.institution(other(case.party)).await;
                    format!(
                        "deploy_code=DEP-P{n}&deploy_person_id={}&deploy_institution_id={inst}&deploy_plan_id=&deploy_track=military_systems&deploy_objectives=&deploy_start=2026-06-01&deploy_end=2026-12-31",
                        own.advisor_person
                    )
                }
                "/assistance/deployments/{id}/end" => "end_end=2027-03-31&end_reason=".into(),
                "/assistance/deployments/{id}/vetting" => "check=security&outcome=passed".into(),
                "/assistance/deployments/{id}/reports" => "report_due_on=2026-05-01&report_summary=Fine.".into(),
                "/assistance/reports/{id}/return" => "review_comment=Fix+the+May+figure.".into(),
                "/assistance/measurements/{id}/contest" => {
                    format!("contest_{id}_value=2&contest_{id}_reason=Recount.&report_id=")
                }
                _ => String::new(),
            };
            app.form(&uri, token, &body).await
        }
        ("POST", p) if p.starts_with("/assistance") => {
            let names = |prefix: &str| format!("{prefix}_en=Part&{prefix}_tr=B%C3%B6l%C3%BCm&{prefix}_ar=%D8%AC");
            let partner = other(case.object_party);
            let body = match p {
                "/assistance" => {
                    let inst = app.institution(other(case.party)).await;
                    format!(
                        "plan_code=TA-P{n}&plan_track=military_systems&plan_institution_id={inst}&{}",
                        names("plan_title")
                    )
                }
                "/assistance/plans/{id}/statements" => {
                    "statements_absorptive_capacity=a&statements_sustainment=b".into()
                }
                "/assistance/plans/{id}/objectives" => format!("objective_code=O{n}&{}", names("objective_title")),
                "/assistance/plans/{id}/indicators" => format!(
                    "indicator_objective=O1&indicator_code=I{n}&{}&indicator_unit=%25&indicator_direction=increase&indicator_measured_by={partner}",
                    names("indicator_name")
                ),
                "/assistance/plans/{id}/targets" => {
                    "target_indicator=O1.1&target_period_end=2027-06-30&target_value=5".into()
                }
                "/assistance/plans/{id}/milestones" => format!(
                    "milestone_code=M{n}&{}&milestone_due=2027-01-01&milestone_owner={partner}&milestone_evidence=x",
                    names("milestone_title")
                ),
                _ => String::new(),
            };
            app.form(&uri, token, &body).await
        }
        (m, _) if api => app.json(m, &uri, token, "").await,
        (_, _) => app.form(&uri, token, "").await,
    }
}

#[tokio::test]
async fn every_role_route_and_party_is_allowed_or_denied_as_the_policy_says() {
    let app = App::new().await;
    let mut failures = Vec::new();
    let mut cases = 0;
    let roles: Vec<Option<Role>> = std::iter::once(None).chain(Role::ALL.into_iter().map(Some)).collect();
    for rule in ittifaq_web::ROUTES {
        let (method, path) = (rule.method, rule.path);
        for role in &roles {
            for party in ["TR", "SY"] {
                for object_party in ["TR", "SY"] {
                    let case = Case { role: *role, party, object_party };
                    let reply = request(&app, method, path, &case).await;
                    cases += 1;
                    let by_policy = rule.access.allows(*role);
                    let other = party != object_party;
                    let withheld = role.is_some_and(|r| !released(method, path, r, !other));
                    let expect_allowed = by_policy && !(other && OWN_PARTY_ONLY.contains(&(method, path))) && !withheld;
                    // The guard sends signed-out users to /login?next=…; signing out itself lands on /login.
                    let to_login = reply.status.is_redirection() && reply.location().starts_with("/login?next=");
                    // Another party's unit that was never released, and an enrolment the
                    // release rule withholds, are simply not found.
                    let hidden = (other || withheld) && reply.status.as_u16() == 404;
                    // A unit the other party did not release, named in a body, is refused as one that does not exist.
                    let hidden =
                        hidden || (other && reply.status.as_u16() == 422 && NAMES_A_UNIT.contains(&(method, path)));
                    let denied = matches!(reply.status.as_u16(), 401 | 403) || to_login || hidden;
                    let label = format!(
                        "{method} {path} as {:?} of {party} on a record of {object_party}",
                        role.map(|r| r.code())
                    );
                    if reply.status.is_server_error() {
                        failures.push(format!("{label}: {} {}", reply.status, reply.body));
                    } else if expect_allowed && denied && !(path.ends_with("login") && reply.status == 401) {
                        failures.push(format!(
                            "{label}: expected allowed, got {} {}",
                            reply.status,
                            reply.body.chars().take(200).collect::<String>()
                        ));
                    } else if !expect_allowed && !denied {
                        failures.push(format!("{label}: expected denied, got {}", reply.status));
                    } else if !expect_allowed
                        && role.is_some()
                        && by_policy
                        && !matches!(reply.status.as_u16(), 403 | 404)
                        && !hidden
                    {
                        failures
                            .push(format!("{label}: expected 403 for another party's record, got {}", reply.status));
                    }
                    // Canaries: a user sees their own party's private data, never the other's.
                    let forbidden: Vec<String> = match role {
                        Some(_) => vec![canary(if party == "TR" { "SY" } else { "TR" })],
                        None => vec![canary("TR"), canary("SY")],
                    };
                    for c in forbidden {
                        if reply.body.contains(&c) {
                            failures.push(format!("{label}: the response carries {c}"));
                        }
                    }
                }
            }
        }
    }
    println!("authorization matrix: {cases} cases, {} failures", failures.len());
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(cases > 1000, "the matrix covers {cases} cases");
}

#[tokio::test]
async fn exports_and_listings_do_not_leak_the_other_partys_private_fields() {
    let app = App::new().await;
    for (party, other) in [("TR", "SY"), ("SY", "TR")] {
        let token = app.token(party, Role::JointOffice).await;
        for path in [
            "/people",
            "/people.csv",
            "/people.csv?q=CANARY",
            "/people?q=CANARY",
            "/audit",
            "/audit.csv",
            "/units",
            "/api/v1/people?per_page=500",
            "/api/v1/audit?limit=1000",
            "/api/v1/units",
        ] {
            let reply = if path.starts_with("/api/") {
                app.json("GET", path, Some(&token), "").await
            } else {
                app.get(path, Some(&token)).await
            };
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            assert!(!reply.body.contains(&canary(other)), "{party} sees {other}'s canary at {path}");
        }
        // Their own private fields are there.
        let csv = app.get("/people.csv", Some(&token)).await;
        assert!(csv.body.contains(&canary(party)), "{party}'s own export lacks its private fields");
    }
}
