//! Training over HTTP, with real documents: the vetting gate holds the travel
//! order back, the host confirms arrival, an instructor takes attendance on the
//! tablet page and grades, completion issues a sealed certificate that verifies,
//! and a changed byte, a revocation or an expiry makes verification fail.

use ittifaq_core::Role;
use ittifaq_core::id::SessionId;
use serde_json::json;

use crate::support::{App, Stage, document_keys};

fn sealed_by(pdf: &[u8], party: &str) -> ittifaq_docs::SealPayload {
    let sealed = ittifaq_docs::open(pdf).expect("the document opens");
    let key = document_keys().verifiers[party];
    ittifaq_docs::verify(&sealed, &key).expect("sealed by the party's key");
    sealed.payload().clone()
}

fn multipart(file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "ittifaqboundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn vetting_order_arrival_attendance_completion_and_a_certificate_that_verifies() {
    let app = App::new().await;
    let (id, _) = app.enrolment("SY", "TR", None, Stage::Accepted).await;
    let sy = app.token("SY", Role::JointOffice).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let staff = app.token("TR", Role::InstitutionStaff).await;
    let teacher = app.token("TR", Role::Instructor).await;

    // No travel order while a check is pending; the refusal names it.
    let r = app.json("POST", &format!("/api/v1/nominations/{id}/order"), Some(&tr), "").await;
    assert_eq!(r.status, 409, "{}", r.body);
    let said = ittifaq_web::i18n::strip_isolation(&r.body);
    assert!(said.contains("not passed yet: security, medical, language"), "{said}");
    let in_turkish = app.json_in("tr", "POST", &format!("/api/v1/nominations/{id}/order"), Some(&tr), "").await;
    let said = ittifaq_web::i18n::strip_isolation(&in_turkish.body);
    assert!(said.contains("henüz geçilmeyen: security, medical, language"), "{said}");
    for check in ["security", "medical"] {
        let body = json!({"check": check, "outcome": "passed", "comment": "SY board 12"}).to_string();
        let r = app.json("POST", &format!("/api/v1/nominations/{id}/vetting"), Some(&sy), &body).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    // The host's check, recorded on the page by the institution's staff.
    let page = app.get(&format!("/nominations/{id}"), Some(&staff)).await;
    assert!(page.body.contains("name=\"check\" value=\"language\""), "the host may record the language check");
    assert!(!page.body.contains("name=\"check\" value=\"security\""), "the host may not record the sender's check");
    assert!(!page.body.contains("SY board 12"), "the host sees no comment of the sender");
    let r = app
        .form(
            &format!("/nominations/{id}/vetting"),
            Some(&staff),
            "check=language&outcome=passed&comment=placement+test&level=B2",
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The order: issued by the host on the page, sealed with TR's key.
    let r = app.form(&format!("/nominations/{id}/order"), Some(&staff), "").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (status, headers, pdf) = app.download(&format!("/nominations/{id}/order"), &sy).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let seal = sealed_by(&pdf, "TR");
    assert!(seal.id.starts_with("ITO-TR-20") && seal.id.ends_with(&format!("-{id:06}")), "{}", seal.id);
    assert_eq!(seal.kind, ittifaq_docs::SealKind::TravelOrder);

    // Arrival, then the instructor's tablet page for the first day.
    let record: serde_json::Value = app.json("GET", &format!("/api/v1/nominations/{id}"), Some(&tr), "").await.json();
    let (start, session) =
        (record["session"]["start"].as_str().unwrap().to_owned(), record["session"]["id"].as_i64().unwrap());
    let r = app.form(&format!("/nominations/{id}/arrival"), Some(&staff), &format!("day={start}")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sys = ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("TR").unwrap());
    app.store.set_session_status(&sys, SessionId(session), "confirmed").await.unwrap();
    let sheet = app.get(&format!("/sessions/{session}/attendance?day={start}"), Some(&teacher)).await;
    assert_eq!(sheet.status, 200, "{}", sheet.body);
    assert!(sheet.body.contains(&format!("name=\"m_{id}\" value=\"present\"")), "{}", sheet.body);
    let r = app
        .form(&format!("/sessions/{session}/attendance"), Some(&teacher), &format!("day={start}&m_{id}=present"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(&format!("name=\"m_{id}\" value=\"present\" checked")), "the saved mark is shown");
    let bad =
        app.form(&format!("/sessions/{session}/attendance"), Some(&teacher), &format!("day={start}&m_{id}=late")).await;
    assert_eq!(bad.status, 422);
    let text = ittifaq_web::i18n::strip_isolation(&bad.body);
    assert!(text.contains("late&#34; is not one of present, absent, excused"), "{text}");
    // The printable sheet has the trainee and one column a day, headings in three languages.
    let print = app.get(&format!("/sessions/{session}/sign-in-sheet"), Some(&teacher)).await;
    assert!(print.body.contains("Omar Haddad") && print.body.contains("كشف الحضور") && print.body.contains(&start));
    // The sending party cannot take the host's attendance.
    let other =
        app.get(&format!("/sessions/{session}/attendance"), Some(&app.token("SY", Role::Instructor).await)).await;
    assert_eq!(other.status, 403);

    let r = app.form(&format!("/nominations/{id}/assessments"), Some(&teacher), "name=Field+test&score=91").await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.store.set_session_status(&sys, SessionId(session), "running").await.unwrap();
    // Completion through the API issues the certificate at once.
    let body = json!({"outcome": "completed", "grade": "A"}).to_string();
    let r = app.json("POST", &format!("/api/v1/nominations/{id}/result"), Some(&teacher), &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let record = r.json();
    let code = record["certificate"]["code"].as_str().expect("a certificate").to_owned();
    assert_eq!(record["attendance"][&start], "present");
    assert_eq!(record["assessments"][0]["score"], 91);

    let (status, _, cert) = app.download(&format!("/certificates/{code}"), &sy).await;
    assert_eq!(status, 200);
    let seal = sealed_by(&cert, "TR");
    assert_eq!((seal.id.as_str(), seal.kind), (code.as_str(), ittifaq_docs::SealKind::Certificate));

    // Anyone verifies it, signed out: valid.
    let v = app.post_bytes("/api/v1/verify", None, "application/pdf", cert.clone()).await;
    assert_eq!((v.status.as_u16(), v.json()["status"].as_str()), (200, Some("valid")), "{}", v.body);
    let page = app.get(&format!("/verify/{code}"), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-status=\"valid\"") && page.body.contains("Omar Haddad"), "{}", page.body);
    let (kind, body) = multipart(&cert);
    let upload = app.post_bytes("/verify", None, &kind, body).await;
    assert!(upload.body.contains("verdict-valid"), "{}", upload.body);

    // One changed byte anywhere in the PDF: altered; in the seal line: the signature fails.
    let pdf_len = ittifaq_docs::open(&cert).unwrap().pdf_len();
    let mut in_seal = cert.clone();
    in_seal[cert.len() - 30] ^= 0x01;
    let v = app.post_bytes("/api/v1/verify", None, "application/pdf", in_seal).await.json();
    assert_eq!(v["valid"], false, "{v}");
    for at in [10, pdf_len / 2, pdf_len - 20] {
        let mut bad = cert.clone();
        bad[at] ^= 0x01;
        let v = app.post_bytes("/api/v1/verify", None, "application/pdf", bad.clone()).await.json();
        assert_eq!((v["valid"].as_bool(), v["status"].as_str()), (Some(false), Some("altered")), "byte {at}: {v}");
        let (kind, body) = multipart(&bad);
        let upload = app.post_bytes("/verify", None, &kind, body).await;
        assert!(upload.body.contains("data-status=\"altered\""), "{}", upload.body);
    }
    // A document sealed with another key than the party's.
    let forged = {
        let sealed = ittifaq_docs::open(&cert).unwrap();
        let pdf = &cert[..sealed.pdf_len()];
        let key = ed25519_dalek::SigningKey::from_bytes(&[99; 32]);
        ittifaq_docs::seal(pdf, sealed.payload(), &key).unwrap()
    };
    let v = app.post_bytes("/api/v1/verify", None, "application/pdf", forged).await.json();
    assert_eq!(v["status"], "bad-signature", "{v}");

    // Expired once the clock passes the last day; valid again before it.
    let now = app.clock.0.load(std::sync::atomic::Ordering::SeqCst);
    app.clock.0.store(now + 4 * 366 * 86_400_000, std::sync::atomic::Ordering::SeqCst);
    let v = app.post_bytes("/api/v1/verify", None, "application/pdf", cert.clone()).await.json();
    assert_eq!(v["status"], "expired", "{v}");
    app.clock.0.store(now, std::sync::atomic::Ordering::SeqCst);

    // Revoked by the issuer, not by the other party.
    let denied =
        app.json("POST", &format!("/api/v1/certificates/{code}/revoke"), Some(&sy), r#"{"reason": "x"}"#).await;
    assert_eq!(denied.status, 403);
    let r = app.form(&format!("/certificates/{code}/revoke"), Some(&tr), "reason=issued+in+error").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let v = app.post_bytes("/api/v1/verify", None, "application/pdf", cert).await.json();
    assert_eq!((v["valid"].as_bool(), v["status"].as_str()), (Some(false), Some("revoked")), "{v}");
    let page = app.get(&format!("/verify/{code}"), None).await;
    assert!(page.body.contains("data-status=\"revoked\"") && page.body.contains("issued in error"));
    assert_eq!(app.get("/verify/CERT-TR-1999-000000", None).await.status, 404);
}

#[tokio::test]
async fn the_trainee_sees_their_own_record_evaluates_once_and_the_abroad_page_lists_them() {
    let app = App::new().await;
    let person = app.sy.trainee_person;
    let (id, code) = app.enrolment("SY", "TR", Some(person), Stage::Certified).await;
    let trainee = app.token("SY", Role::Trainee).await;
    let page = app.get(&format!("/nominations/{id}"), Some(&trainee)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("name=\"rating\""), "the trainee is offered the evaluation");
    let r =
        app.form(&format!("/nominations/{id}/evaluation"), Some(&trainee), "rating=4&comment=Good+range+days").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let again = app.form(&format!("/nominations/{id}/evaluation"), Some(&trainee), "rating=5").await;
    assert_eq!(again.status, 409);
    let record = app
        .json("GET", &format!("/api/v1/nominations/{id}"), Some(&app.token("TR", Role::JointOffice).await), "")
        .await;
    assert_eq!(record.json()["evaluation"]["rating"], 4);
    assert_eq!(record.json()["certificate"]["code"], code.as_str());
    // Another trainee of the same party sees nothing of it: not even that it exists.
    let (other_id, _) = app.enrolment("SY", "TR", None, Stage::Accepted).await;
    assert_eq!(app.get(&format!("/nominations/{other_id}"), Some(&trainee)).await.status, 404);

    // Abroad: arrived on the session's first day, not departed.
    let start = app
        .json("GET", &format!("/api/v1/nominations/{id}"), Some(&app.token("SY", Role::JointOffice).await), "")
        .await
        .json()["session"]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let commander = app.token("SY", Role::UnitCommander).await;
    let abroad = app.get(&format!("/abroad?day={start}"), Some(&commander)).await;
    assert_eq!(abroad.status, 200);
    assert!(abroad.body.contains(&format!("/nominations/{id}")), "{}", abroad.body);
    assert!(abroad.body.contains("SY-U0"), "SY's commander sees the unit");
    let tr_view = app.get(&format!("/abroad?day={start}"), Some(&app.token("TR", Role::JointOffice).await)).await;
    assert!(!tr_view.body.contains("SY-U0") && tr_view.body.contains(&format!("/nominations/{id}")));
    let api = app.json("GET", &format!("/api/v1/abroad?day={start}"), Some(&commander), "").await;
    assert_eq!(api.json().as_array().map(Vec::len), Some(1));
    let bad = app.json("GET", "/api/v1/abroad?day=yesterday", Some(&commander), "").await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn the_exchange_report_shows_people_by_direction_as_a_page_a_chart_csv_and_json() {
    let app = App::new().await;
    app.enrolment("SY", "TR", None, Stage::Certified).await;
    app.enrolment("SY", "TR", None, Stage::Arrived).await;
    app.enrolment("TR", "SY", None, Stage::Accepted).await;
    // TR's own people on TR's own course are not an exchange: no TR → TR row.
    app.enrolment("TR", "TR", None, Stage::Accepted).await;
    let office = app.token("TR", Role::JointOffice).await;
    let q = "from=2020-01-01&to=2035-12-31";
    let page = app.get(&format!("/reports/exchange?{q}"), Some(&office)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg id=\"exchange-chart\""), "the chart is drawn");
    // SY → TR: two nominated, seated and gone, one trained and certified.
    assert!(page.body.contains("<tr class=\"total\"><th scope=\"row\">SY → TR</th><td>All domains</td><td>2</td><td>2</td><td>2</td><td>1</td><td>0</td><td>1</td></tr>"), "{}", page.body);
    assert!(page.body.contains(
        "<th scope=\"row\">TR → SY</th><td>All domains</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>"
    ));
    let csv = app.get(&format!("/reports/exchange.csv?{q}"), Some(&office)).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    // A byte order mark first, so that Excel reads the names as UTF-8.
    let body = csv.body.strip_prefix('\u{feff}').expect("a UTF-8 byte order mark");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "from,to,domain,nominated,accepted,went,completed,failed,certified");
    assert_eq!(&lines[1..], ["SY,TR,logistics,2,2,2,1,0,1", "TR,SY,logistics,1,1,0,0,0,0"], "no party counted at home");
    let api = app.json("GET", &format!("/api/v1/reports/exchange?{q}"), Some(&office), "").await.json();
    assert_eq!(api[0]["certified"], 1);
    let bad = app.json("GET", "/api/v1/reports/exchange?from=2027-12-31&to=2027-01-01", Some(&office), "").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("before it starts"), "{}", bad.body);
    let outside = app.json("GET", "/api/v1/reports/exchange?from=2019-01-01&to=2019-12-31", Some(&office), "").await;
    assert_eq!(outside.json(), serde_json::json!([]));
}

#[tokio::test]
async fn the_sending_party_replaces_a_nominee_from_the_page_and_the_new_one_starts_at_the_first_key() {
    let app = App::new().await;
    let (id, _) = app.enrolment("SY", "TR", None, Stage::Accepted).await;
    let sy = app.token("SY", Role::UnitCommander).await;
    let page = app.get(&format!("/nominations/{id}"), Some(&sy)).await;
    assert!(page.body.contains("action=\"/nominations/") && page.body.contains("/replace\""), "SY may replace");
    let host = app.get(&format!("/nominations/{id}"), Some(&app.token("TR", Role::JointOffice).await)).await;
    assert!(!host.body.contains("/replace\""), "the host may not replace SY's nominee");
    let other = app.new_free_person("SY").await;
    // The replacement is found by the search (here without script, by name).
    let found = app.get(&format!("/nominations/{id}?q=haddad"), Some(&sy)).await;
    let select = found.body.split("id=\"replacement\"").nth(1).expect("the replacement select");
    assert!(select.contains(&format!("<option value=\"{other}\">")), "{select}");
    assert!(found.body.contains("hx-get=\"/sessions/"), "the search asks as the commander types");
    let r =
        app.form(&format!("/nominations/{id}/replace"), Some(&sy), &format!("person_id={other}&comment=injured")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let new_id: i64 = r.location().trim_start_matches("/nominations/").parse().unwrap();
    assert_ne!(new_id, id);
    let office = app.token("SY", Role::JointOffice).await;
    let old = app.json("GET", &format!("/api/v1/nominations/{id}"), Some(&office), "").await.json();
    let new = app.json("GET", &format!("/api/v1/nominations/{new_id}"), Some(&office), "").await.json();
    assert_eq!(
        (old["nomination"]["status"].as_str(), new["nomination"]["status"].as_str()),
        (Some("withdrawn"), Some("nominated"))
    );
    assert_eq!(new["nomination"]["person"]["id"], other);
    // A replacement of the other party is refused, and nothing changes.
    let tr_person = app.new_free_person("TR").await;
    let r = app.form(&format!("/nominations/{new_id}/replace"), Some(&sy), &format!("person_id={tr_person}")).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let still = app.json("GET", &format!("/api/v1/nominations/{new_id}"), Some(&office), "").await.json();
    assert_eq!(still["nomination"]["status"], "nominated");
}

#[tokio::test]
async fn the_calendar_page_and_feed_show_a_units_or_a_persons_sessions() {
    let app = App::new().await;
    let (id, _) = app.enrolment("SY", "TR", Some(app.sy.trainee_person), Stage::Accepted).await;
    let code = app
        .json("GET", &format!("/api/v1/nominations/{id}"), Some(&app.token("SY", Role::JointOffice).await), "")
        .await
        .json()["session"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let trainee = app.token("SY", Role::Trainee).await;
    let person = app.sy.trainee_person;
    let mine = app.get(&format!("/calendar?person={person}"), Some(&trainee)).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert!(mine.body.contains(&code), "the trainee's own schedule lists the session");
    let someone = app.get(&format!("/calendar?person={}", app.sy.people[0]), Some(&trainee)).await;
    assert_eq!(someone.status, 403, "a trainee sees only their own schedule");
    let unit = app
        .get(&format!("/calendar?unit={}", app.sy.units[0]), Some(&app.token("SY", Role::UnitCommander).await))
        .await;
    assert!(unit.body.contains(&code));
    let foreign = app
        .get(&format!("/calendar?unit={}", app.sy.units[0]), Some(&app.token("TR", Role::UnitCommander).await))
        .await;
    // SY did not release its units: to TR one of them is a unit that does not exist.
    assert_eq!(foreign.status, 404);
    // The trainee's feed, filtered to their own schedule.
    let r = app.form("/account/calendar", Some(&trainee), "").await;
    let feed =
        r.body.split("/calendar/").nth(1).and_then(|t| t.split(".ics").next()).expect("the feed address").to_owned();
    let ics = app.get(&format!("/calendar/{feed}.ics?person={person}"), None).await;
    assert_eq!(ics.status, 200, "{}", ics.body);
    assert_eq!(ics.body.matches("BEGIN:VEVENT").count(), 1, "{}", ics.body);
    assert!(ics.body.contains(&code));
    let all = app.get(&format!("/calendar/{feed}.ics"), None).await;
    assert!(all.body.matches("BEGIN:VEVENT").count() > 1, "without a filter, the whole catalog");
}

#[tokio::test]
async fn a_course_carries_its_description_in_three_languages_to_its_sessions() {
    let app = App::new().await;
    let staff = app.token("TR", Role::InstitutionStaff).await;
    let inst = app.institution("TR").await;
    let mut body = json!({"code": "CY-301", "institution_id": inst, "domain": "cyber_defence", "language": "en",
        "title": {"en": "Incident response", "tr": "Olay müdahalesi", "ar": "الاستجابة للحوادث"},
        "description": {"en": "Handling an intrusion from detection to recovery.", "tr": "Bir saldırıyı tespitten kurtarmaya yönetmek.", "ar": "التعامل مع الاختراق من الاكتشاف إلى التعافي."},
        "duration_days": 5, "capacity": 12});
    body["description"]["en"] = json!("bad\u{7}bell");
    let bad = app.json("POST", "/api/v1/courses", Some(&staff), &body.to_string()).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("description.en"), "{}", bad.body);
    body["description"]["en"] = json!("Handling an intrusion from detection to recovery.");
    let course = app.json("POST", "/api/v1/courses", Some(&staff), &body.to_string()).await;
    assert_eq!(course.status, 201, "{}", course.body);
    assert_eq!(course.json()["description_ar"], "التعامل مع الاختراق من الاكتشاف إلى التعافي.");
    let session = json!({"code": "CY-301/1", "course_id": course.json()["id"], "start": "2027-04-01", "end": "2027-04-05", "place": "Ankara", "capacity": 12});
    let s = app.json("POST", "/api/v1/sessions", Some(&staff), &session.to_string()).await.json();
    let page = app.get(&format!("/sessions/{}", s["id"]), Some(&staff)).await;
    assert!(page.body.contains("Handling an intrusion from detection to recovery."), "{}", page.body);
}

#[tokio::test]
async fn the_evaluation_report_gives_each_session_its_ratings_and_the_host_its_comments() {
    let app = App::new().await;
    let person = app.sy.trainee_person;
    let trainee = app.token("SY", Role::Trainee).await;
    let (first, _) = app.enrolment("SY", "TR", Some(person), Stage::Completed).await;
    let (second, _) = app.enrolment("SY", "TR", Some(person), Stage::Completed).await;
    let (_unanswered, _) = app.enrolment("SY", "TR", None, Stage::Completed).await;
    for (id, body) in [(first, "rating=4&comment=Good+range+days"), (second, "rating=2&comment=")] {
        let r = app.form(&format!("/nominations/{id}/evaluation"), Some(&trainee), body).await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let period = "from=2028-01-01&to=2040-12-31";
    let tr = app.token("TR", Role::InstitutionStaff).await;
    let rows = app.json("GET", &format!("/api/v1/reports/evaluations?{period}"), Some(&tr), "").await.json();
    let rows = rows.as_array().unwrap().clone();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let by_responses = |n: u64| rows.iter().filter(|r| r["responses"] == n).cloned().collect::<Vec<_>>();
    assert_eq!(by_responses(0).len(), 1, "the session nobody evaluated is listed with no mean");
    assert!(by_responses(0)[0]["mean"].is_null());
    let rated: Vec<_> = by_responses(1);
    let four = rated.iter().find(|r| r["mean"] == 4.0).expect("the session rated 4");
    assert_eq!(four["ratings"], serde_json::json!([0, 0, 0, 1, 0]));
    assert_eq!(four["finished"], 1);
    assert_eq!(four["comments"], serde_json::json!(["Good range days"]), "the host reads the comments");
    let two = rated.iter().find(|r| r["mean"] == 2.0).expect("the session rated 2");
    assert_eq!(two["comments"], serde_json::json!([]), "an empty comment is not listed");

    // The sending party sees the ratings, not the comments.
    let sy = app.token("SY", Role::JointOffice).await;
    let theirs = app.json("GET", &format!("/api/v1/reports/evaluations?{period}"), Some(&sy), "").await.json();
    let theirs = theirs.as_array().unwrap();
    assert!(theirs.iter().all(|r| r["comments"] == serde_json::json!([]) && r["comments_withheld"] == true));
    assert!(theirs.iter().any(|r| r["mean"] == 4.0));
    let page = app.get(&format!("/reports/evaluations?{period}"), Some(&sy)).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Good range days"), "{}", page.body);
    let page = app.get(&format!("/reports/evaluations?{period}"), Some(&tr)).await;
    assert!(page.body.contains("Good range days") && page.body.contains("4.00"), "{}", page.body);

    // CSV, and a period that excludes the sessions.
    let csv = app.get(&format!("/reports/evaluations.csv?{period}"), Some(&tr)).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.starts_with("\u{feff}course,session,host,start,end,finished,responses,mean,rated_1"),
        "{}",
        csv.body
    );
    assert!(csv.body.lines().any(|l| l.ends_with(",1,1,4.00,0,0,0,1,0")), "{}", csv.body);
    let empty = app.json("GET", "/api/v1/reports/evaluations?from=2027-01-01&to=2027-12-31", Some(&tr), "").await;
    assert_eq!(empty.json(), serde_json::json!([]));
    let bad = app.json("GET", "/api/v1/reports/evaluations?from=2040-12-31&to=2028-01-01", Some(&tr), "").await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("before it starts"), "{}", bad.body);
    // A trainee does not read reports.
    assert_eq!(app.get("/reports/evaluations", Some(&trainee)).await.status, 403);
}

#[tokio::test]
async fn a_trainee_finds_their_schedule_joining_instructions_documents_results_and_transcript() {
    let app = App::new().await;
    let me = app.tr.trainee_person;
    let (done, certificate) = app.enrolment("TR", "SY", Some(me), Stage::Certified).await;
    let (ordered, _) = app.enrolment("TR", "SY", Some(me), Stage::Ordered).await;
    // Someone else's enrolment is none of the trainee's business.
    let (other, _) = app.enrolment("TR", "SY", None, Stage::Ordered).await;
    let token = app.token("TR", Role::Trainee).await;
    let page = app.get_in("tr", "/my-training", Some(&token)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let text = ittifaq_web::i18n::strip_isolation(&page.body);
    for n in [done, ordered] {
        assert!(text.contains(&format!("data-nomination=\"{n}\"")), "{n}: {text}");
    }
    assert!(!text.contains(&format!("data-nomination=\"{other}\"")), "{text}");
    // The ordered one is to come: where to report, and its order to carry.
    assert!(text.contains("Seyahat emrinizi yanınızda bulundurun"), "{text}");
    assert!(text.contains(&format!("href=\"/nominations/{ordered}/order\"")), "{text}");
    // The certified one has its certificate.
    assert!(text.contains(&format!("href=\"/certificates/{certificate}\"")), "{text}");
    assert!(text.contains("href=\"/my-training/transcript.pdf\""), "{text}");
    let (status, headers, pdf) = app.download("/my-training/transcript.pdf", &token).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    // Once the courses are over, they are past.
    app.clock.0.store(1_780_000_000_000 + 3 * 366 * 86_400_000, std::sync::atomic::Ordering::SeqCst);
    let token = app.token("TR", Role::Trainee).await;
    let later = app.get("/my-training", Some(&token)).await.body;
    let past = &later[later.find("id=\"past\"").unwrap()..];
    assert!(past.contains(&format!("data-nomination=\"{done}\"")), "{later}");
    assert!(!later.contains("Carry your travel order"), "nothing left to join: {later}");

    // An account linked to no person is told so; its transcript does not exist.
    let unlinked = app.new_user("TR", Role::Trainee, None).await;
    let unlinked = app.token_of(&unlinked).await;
    assert!(app.get("/my-training", Some(&unlinked)).await.body.contains("id=\"no-person\""));
    assert_eq!(app.get("/my-training/transcript.pdf", Some(&unlinked)).await.status, 404);
    // Only trainees have a training of their own.
    let office = app.token("TR", Role::JointOffice).await;
    assert_eq!(app.get("/my-training", Some(&office)).await.status, 403);
}
