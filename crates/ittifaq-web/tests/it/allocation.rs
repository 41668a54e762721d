//! Seat allocation in the platform: a run from the current nominations passes
//! the engine's independent checker, refusals carry their reason, pins and
//! forbids change the plan and the review shows what changed, and the plan is
//! committed with both parties' keys through the exchange's own steps.

use ittifaq_core::id::{NominationId, PersonId, SessionId};
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::exchange::NominationInput;
use serde_json::{Value, json};

use crate::support::App;

const PERIOD: &str = r#"{"from": "2029-01-01", "to": "2029-01-31"}"#;

fn sys(party: &str) -> Actor {
    Actor::system(PartyCode::parse(party).unwrap())
}

/// An oversubscribed TR session in January 2029 (two seats) with five
/// nominations: two of SY and three of TR, one of whom does not speak English.
struct Scenario {
    session: i64,
    sy1: i64,
    sy2: i64,
    tr1: i64,
    tr3: i64,
    no_english: i64,
}

async fn scenario(app: &App) -> Scenario {
    for party in ["TR", "SY"] {
        // Room for everyone in the units: the limit is the session's seats.
        let unit = app.party(party).free_unit;
        app.store.execute_unprepared(&format!("UPDATE unit SET max_away = 10 WHERE id = {unit}")).await.unwrap();
    }
    let input = ittifaq_store::exchange::SessionInput {
        code: "TR-ALLOC/2029-1".into(),
        course_id: app.tr.course,
        start: "2029-01-08".into(),
        end: "2029-01-12".into(),
        place: "Ankara".into(),
        capacity: 2,
        quota: Default::default(),
    };
    let session = app.store.create_course_session(&sys("TR"), &input).await.unwrap().id;
    let nominate = async |party: &str, priority: i32| {
        let person = app.new_free_person(party).await;
        let input =
            NominationInput { session_id: session, person_id: PersonId(person), priority, comment: String::new() };
        app.store.nominate(&sys(party), &input).await.unwrap().id
    };
    let sy1 = nominate("SY", 1).await;
    let sy2 = nominate("SY", 4).await;
    let tr1 = nominate("TR", 1).await;
    let tr3 = nominate("TR", 3).await;
    let no_english = nominate("TR", 1).await;
    app.store
        .execute_unprepared(&format!(
            "UPDATE person SET languages = ',tr,' WHERE id = (SELECT person_id FROM nomination WHERE id = {no_english})"
        ))
        .await
        .unwrap();
    Scenario {
        session: session.get(),
        sy1: sy1.get(),
        sy2: sy2.get(),
        tr1: tr1.get(),
        tr3: tr3.get(),
        no_english: no_english.get(),
    }
}

fn row(review: &Value, nomination: i64) -> Value {
    review["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["nomination_id"] == nomination)
        .unwrap_or_else(|| panic!("nomination {nomination} is not in the run: {review}"))
        .clone()
}

fn granted(review: &Value) -> Vec<i64> {
    let mut g: Vec<i64> = review["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["granted"] == true)
        .map(|r| r["nomination_id"].as_i64().unwrap())
        .collect();
    g.sort();
    g
}

/// The run's own instance and result pass the engine's independent checker.
fn assert_checked(review: &Value) {
    let instance: ittifaq_alloc::Instance = serde_json::from_value(review["instance"].clone()).expect("an instance");
    let result: ittifaq_alloc::AllocResult = serde_json::from_value(review["result"].clone()).expect("a result");
    let violations = ittifaq_alloc::check(&instance, &result);
    assert!(violations.is_empty(), "the checker finds {violations:?}");
}

async fn review(app: &App, token: &str, run: i64) -> Value {
    let r = app.json("GET", &format!("/api/v1/allocation/runs/{run}"), Some(token), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

async fn status(app: &App, nomination: i64) -> (String, Vec<Value>) {
    let v = app.store.get_nomination(&sys("TR"), NominationId(nomination)).await.unwrap();
    (
        v.status.code().to_owned(),
        v.history.iter().map(|h| json!({"step": h.step, "party": h.actor_party, "comment": h.comment})).collect(),
    )
}

#[tokio::test]
async fn a_plan_is_run_reviewed_adjusted_and_committed_with_both_keys() {
    let app = App::new().await;
    let s = scenario(&app).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let sy = app.token("SY", Role::JointOffice).await;
    let auditor = app.token("SY", Role::Auditor).await;

    // Run from the current nominations.
    let r = app.json("POST", "/api/v1/allocation/runs", Some(&tr), PERIOD).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let run1 = r.json()["id"].as_i64().unwrap();
    let first = review(&app, &tr, run1).await;
    assert_checked(&first);
    // Two seats for the two first choices that are eligible; the session is full for the rest.
    assert_eq!(granted(&first), vec![s.sy1, s.tr1]);
    assert_eq!(row(&first, s.no_english)["reason"], "ineligible_language");
    for n in [s.sy2, s.tr3] {
        let reason = row(&first, n)["reason"].as_str().unwrap().to_owned();
        assert!(["capacity", "lower_weight"].contains(&reason.as_str()), "{n}: {reason}");
    }
    let line = &first["sessions"].as_array().unwrap().iter().find(|l| l["session_id"] == s.session).unwrap().clone();
    assert_eq!(
        (line["granted"].as_i64(), line["capacity"].as_i64(), line["nominated"].as_i64()),
        (Some(2), Some(2), Some(5))
    );
    // Fairness per party: SY nominated weights 9 and 6, and got its first choice.
    let sy_share = first["parties"].as_array().unwrap().iter().find(|p| p["id"] == "SY").unwrap().clone();
    assert_eq!(sy_share["nominated_weight"], 9 + 6);
    assert_eq!(sy_share["granted_weight"], 9);
    assert_eq!(sy_share["first_choices_met"], 1);
    assert_eq!(first["previous_run"], Value::Null);

    // The page shows each refusal with its reason, in the reader's language.
    let page = app.get(&format!("/allocation/runs/{run1}"), Some(&tr)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("not granted: does not speak the language of instruction"), "{}", page.body);
    assert!(page.body.contains("TR-ALLOC/2029-1"));
    assert!(!page.body.contains("CANARY-SY"), "TR's review carries SY's private fields");
    let list = app.get("/allocation", Some(&auditor)).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&format!("/allocation/runs/{run1}")));

    // Pin the third TR nomination: it is granted now, and the review says what changed.
    let r =
        app.form(&format!("/allocation/runs/{run1}/resolve"), Some(&tr), &format!("n{}=pin&n{}=", s.tr3, s.sy1)).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.body);
    let run2: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let second = review(&app, &tr, run2).await;
    assert_checked(&second);
    assert_eq!(second["run"]["parent_id"], run1);
    assert_eq!(row(&second, s.tr3)["granted"], true);
    assert_eq!(row(&second, s.tr3)["pinned"], true);
    assert_eq!(second["previous_run"], run1);
    let changes = second["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["nomination_id"] == s.tr3 && c["after"] == "granted"), "{changes:?}");
    assert!(changes.iter().any(|c| c["before"] == "granted" && c["after"] != "granted"), "{changes:?}");

    // Forbid SY's first choice: it is refused as forbidden, and the seats go to TR's pinned and first choices.
    let body = json!({"pins": [s.tr3], "forbids": [s.sy1]}).to_string();
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run2}/resolve"), Some(&sy), &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let run3 = r.json()["id"].as_i64().unwrap();
    let third = review(&app, &sy, run3).await;
    assert_checked(&third);
    assert_eq!(row(&third, s.sy1)["reason"], "forbidden");
    assert_eq!(row(&third, s.sy1)["granted"], false);
    assert_eq!(row(&third, s.tr3)["granted"], true);
    let plan = granted(&third);
    assert_eq!(plan, vec![s.tr1, s.tr3]);
    let page = app.get(&format!("/allocation/runs/{run3}"), Some(&sy)).await;
    assert!(page.body.contains("not granted: forbidden by hand"), "{}", page.body);

    // Bad adjustments are refused, naming the problem.
    let r =
        app.json("POST", &format!("/api/v1/allocation/runs/{run3}/resolve"), Some(&sy), r#"{"pins": [999999]}"#).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("999999"), "{}", r.body);
    // A body that is not an object is refused, not read as "no adjustments"
    // (serde reads a struct from an array: `[]` made a run).
    for body in ["[]", "[[], []]", "3", "\"pins\""] {
        let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/resolve"), Some(&sy), body).await;
        assert_eq!(r.status, 400, "{body}: {}", r.body);
    }
    let r = app.form(&format!("/allocation/runs/{run3}/resolve"), Some(&sy), &format!("n{}=maybe", s.sy1)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = app.form(&format!("/allocation/runs/{run3}/resolve"), Some(&sy), "colour=red").await;
    assert_eq!(r.status, 400, "{}", r.body);
    // Those refusals made no run: run 3 is still the newest.
    let runs = app.json("GET", "/api/v1/allocation/runs", Some(&auditor), "").await.json();
    assert_eq!(runs[0]["id"], run3);

    // A superseded run cannot be committed.
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run1}/commit"), Some(&tr), "").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("superseded"), "{}", r.body);
    // An auditor reads but cannot commit; nor can a unit commander.
    for role in [Role::Auditor, Role::UnitCommander] {
        let t = app.token("TR", role).await;
        let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/commit"), Some(&t), "").await;
        assert_eq!(r.status, 403, "{role:?}: {}", r.body);
    }

    // TR commits: TR's key only, and nothing moves yet.
    let r = app.form(&format!("/allocation/runs/{run3}/commit"), Some(&tr), "").await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.body);
    let after_tr = review(&app, &sy, run3).await;
    assert_eq!(after_tr["run"]["state"], "proposed");
    let keys: Vec<&str> =
        after_tr["run"]["keys"].as_array().unwrap().iter().map(|k| k["party"].as_str().unwrap()).collect();
    assert_eq!(keys, vec!["TR"]);
    assert_eq!(status(&app, s.tr1).await.0, "nominated");
    // TR cannot add a second key, and SY's key is not TR's to give.
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/commit"), Some(&tr), "").await;
    assert_eq!(r.status, 409, "{}", r.body);
    let admin_tr = app.token("TR", Role::Admin).await;
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/commit"), Some(&admin_tr), "").await;
    assert_eq!(r.status, 409, "a TR admin cannot commit for SY: {}", r.body);

    // SY commits: the plan is applied through both keys.
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/commit"), Some(&sy), "").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["state"], "committed");
    for n in &plan {
        let (st, history) = status(&app, *n).await;
        assert_eq!(st, "accepted", "{n}: {history:?}");
        let sender = if [s.sy1, s.sy2].contains(n) { "SY" } else { "TR" };
        assert!(history.iter().any(|h| h["step"] == "approve" && h["party"] == sender), "{n}: {history:?}");
        assert!(history.iter().any(|h| h["step"] == "accept" && h["party"] == "TR"), "{n}: {history:?}");
    }
    let (st, history) = status(&app, s.sy1).await;
    assert_eq!(st, "waitlisted", "{history:?}");
    let waitlist = history.iter().find(|h| h["step"] == "waitlist").expect("a waitlist step");
    assert_eq!(waitlist["party"], "TR");
    assert!(waitlist["comment"].as_str().unwrap().contains("forbidden"), "{history:?}");
    let (st, history) = status(&app, s.no_english).await;
    assert_eq!(st, "withdrawn", "{history:?}");
    let withdraw = history.iter().find(|h| h["step"] == "withdraw").expect("a withdraw step");
    assert_eq!(withdraw["party"], "TR");
    assert!(withdraw["comment"].as_str().unwrap().contains("ineligible_language"), "{history:?}");
    let tr1 = status(&app, s.tr1).await.0;
    assert_eq!(tr1, if plan.contains(&s.tr1) { "accepted" } else { "waitlisted" });
    // A committed run is not committed again.
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/commit"), Some(&sy), "").await;
    assert_eq!(r.status, 409, "{}", r.body);

    // Every run, commit and step is in the audit record.
    let audit = app.json("GET", "/api/v1/audit?object_type=allocation_run&limit=100", Some(&auditor), "").await.json();
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["action"].as_str().unwrap().to_owned(), a["object_id"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [("run", run1), ("resolve", run2), ("resolve", run3), ("commit", run3), ("committed", run3)] {
        assert!(actions.contains(&(expected.0.to_owned(), expected.1.to_string())), "{expected:?} in {actions:?}");
    }
    let commits = actions.iter().filter(|(a, id)| a == "commit" && *id == run3.to_string()).count();
    assert_eq!(commits, 2, "one commit per party");

    // `null`, as the schema allows, is no adjustments: a new run with no pin and no forbid.
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run3}/resolve"), Some(&sy), "null").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let run4 = r.json();
    assert_eq!((run4["pins"].clone(), run4["forbids"].clone()), (json!([]), json!([])), "{run4}");
    assert_eq!(run4["parent_id"], run3);
}

#[tokio::test]
async fn a_run_cannot_be_committed_once_its_nominations_changed() {
    let app = App::new().await;
    let s = scenario(&app).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let r = app.json("POST", "/api/v1/allocation/runs", Some(&tr), PERIOD).await;
    let run = r.json()["id"].as_i64().unwrap();
    // A new nomination after the run: the plan no longer covers every nomination.
    let person = app.new_free_person("SY").await;
    let input = NominationInput {
        session_id: SessionId(s.session),
        person_id: PersonId(person),
        priority: 1,
        comment: String::new(),
    };
    app.store.nominate(&sys("SY"), &input).await.unwrap();
    let r = app.json("POST", &format!("/api/v1/allocation/runs/{run}/commit"), Some(&tr), "").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("changed since allocation run"), "{}", r.body);
    // The refusal says what changed: one nomination more, for the session named.
    let code = app.store.get_course_session(SessionId(s.session)).await.unwrap().code;
    let said = ittifaq_web::i18n::strip_isolation(&r.body);
    assert!(said.contains(&format!("a nomination was added, for {code}")), "{said}");
    // From the page, in Turkish: the run's page says why and offers to solve the period again.
    let page = app.form_in("tr", &format!("/allocation/runs/{run}/commit"), Some(&tr), "").await;
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(page.body.contains("id=\"alloc-stale\""), "{}", page.body);
    let said = ittifaq_web::i18n::strip_isolation(&page.body);
    assert!(said.contains(&format!("{code} için 1 adaylık eklendi")), "{said}");
    assert!(page.body.contains("Bu dönemi yeniden çöz"), "{}", page.body);
    let again = page.body.split("id=\"alloc-stale\"").nth(1).unwrap();
    let field = |name: &str| {
        again.split(&format!("name=\"{name}\" value=\"")).nth(1).unwrap().split('"').next().unwrap().to_owned()
    };
    let solved = app.form("/allocation/runs", Some(&tr), &format!("from={}&to={}", field("from"), field("to"))).await;
    assert_eq!(solved.status.as_u16(), 303, "{}", solved.body);
    assert_ne!(solved.location(), format!("/allocation/runs/{run}"), "a new run of the same period");
    // Nothing of the refused commit was written.
    let review = review(&app, &tr, run).await;
    assert!(review["run"]["keys"].as_array().unwrap().is_empty());
    // Bad periods are refused, naming the field.
    for (body, field) in [
        (r#"{"from": "2029-02-01", "to": "2029-01-01"}"#, "to"),
        (r#"{"from": "January", "to": "2029-01-01"}"#, "from"),
        (r#"{"from": "2031-01-01", "to": "2031-12-31"}"#, "no session open for allocation starts"),
    ] {
        let r = app.json("POST", "/api/v1/allocation/runs", Some(&tr), body).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains(field), "{}", r.body);
    }
    let r = app
        .json(
            "POST",
            "/api/v1/allocation/runs",
            Some(&tr),
            r#"{"from": "2029-01-01", "to": "2029-01-31", "party": "SY"}"#,
        )
        .await;
    assert_eq!(r.status.as_u16() / 100, 4, "{}", r.body);
    let r = app.json("GET", "/api/v1/allocation/runs/424242", Some(&tr), "").await;
    assert_eq!(r.status, 404, "{}", r.body);
}

#[tokio::test]
async fn seats_already_held_are_kept_even_beyond_the_agreements_limits() {
    let app = App::new().await;
    scenario(&app).await;
    let tr = app.token("TR", Role::JointOffice).await;
    // One TR officer accepted in three SY sessions of January, one more than
    // the agreement's two sessions a person in a period.
    let person = app.new_free_person("TR").await;
    let mut held = Vec::new();
    for k in 0..3 {
        let input = ittifaq_store::exchange::SessionInput {
            code: format!("SY-ALLOC/{k}"),
            course_id: app.sy.course,
            start: format!("2029-01-{:02}", 15 + k * 4),
            end: format!("2029-01-{:02}", 16 + k * 4),
            place: "Hama".into(),
            capacity: 3,
            quota: Default::default(),
        };
        let session = app.store.create_course_session(&sys("SY"), &input).await.unwrap().id;
        let input =
            NominationInput { session_id: session, person_id: PersonId(person), priority: 2, comment: String::new() };
        let n = app.store.nominate(&sys("TR"), &input).await.unwrap().id;
        app.store.approve(&sys("TR"), n, "").await.unwrap();
        app.store.accept(&sys("SY"), n, "").await.unwrap();
        held.push(n);
    }
    let r = app.json("POST", "/api/v1/allocation/runs", Some(&tr), PERIOD).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let run = review(&app, &tr, r.json()["id"].as_i64().unwrap()).await;
    assert_checked(&run);
    for n in held {
        assert_eq!(row(&run, n.get())["granted"], true, "{n}: {}", row(&run, n.get()));
        assert_eq!(row(&run, n.get())["pinned"], true);
    }
}

/// A stored plan or quota that does not read refuses what needs it, naming
/// the record; it is never taken as an empty plan (which would commit
/// nothing and call it done) or as no quota (which would seat past it).
#[tokio::test]
async fn a_stored_plan_or_quota_that_does_not_read_is_refused_naming_it() {
    let app = App::new().await;
    let run = app.allocation_run().await;
    let db = app.store.connection();
    sea_orm::ConnectionTrait::execute_unprepared(
        db,
        &format!("UPDATE allocation_run SET plan = '{{not json' WHERE id = {run}"),
    )
    .await
    .unwrap();
    let office = app.token("TR", Role::JointOffice).await;
    let reply = app.json("POST", &format!("/api/v1/allocation/runs/{run}/commit"), Some(&office), "").await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(reply.body.contains(&format!("the plan of Allocation run {run} cannot be read")), "{}", reply.body);
    let review = app.json("GET", &format!("/api/v1/allocation/runs/{run}"), Some(&office), "").await;
    assert_eq!(review.status, 409, "{}", review.body);
    let audit = app.store.audit_all().await.unwrap();
    assert!(!audit.iter().any(|e| e.action == "commit" && e.object_id == run.to_string()), "no key was turned");

    let n = app.new_nomination("SY", "TR", true).await;
    let session = app.store.get_nomination(&sys("TR"), NominationId(n)).await.unwrap().session_id;
    sea_orm::ConnectionTrait::execute_unprepared(
        db,
        &format!("UPDATE course_session SET quota = '[' WHERE id = {session}"),
    )
    .await
    .unwrap();
    let reply = app.json("POST", &format!("/api/v1/nominations/{n}/accept"), Some(&office), "").await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(reply.body.contains("the quota of Session") && reply.body.contains("cannot be read"), "{}", reply.body);
    assert_eq!(
        app.store.get_nomination(&sys("TR"), NominationId(n)).await.unwrap().status,
        "approved",
        "nothing was changed"
    );
}
