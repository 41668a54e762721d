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
    // Both parties' keys on the substance as it stands.
    let not_yet = app.json_in("ar", "POST", &plan("/activate"), Some(&tr), "").await;
    let said = ittifaq_web::i18n::strip_isolation(not_yet.json()["error"]["message"].as_str().unwrap());
    assert!(said.contains("لم يوافق SY") && said.contains("لم يوافق TR"), "{said}");
    assert_eq!(app.json("POST", &plan("/agree"), Some(&tr), "").await.status, 200);
    let agreed = app.json("POST", &plan("/agree"), Some(&sy), "").await;
    assert_eq!(agreed.json()["agreed"], true, "{}", agreed.body);
    let active = app.json("POST", &plan("/activate"), Some(&tr), "").await;
    assert_eq!(active.status, 200, "{}", active.body);
    let v = active.json();
    assert_eq!(v["status"], "active");
    assert_eq!(v["objectives"][0]["indicators"][0]["targets"]["2026-12-31"], 80.0);
    assert_eq!(app.json("GET", "/api/v1/plans/999999", Some(&tr), "").await.status, 404);
}

#[tokio::test]
async fn the_plan_page_completes_a_plan_and_says_each_refusal_beside_its_field() {
    let app = App::new().await;
    let tr = app.token("TR", Role::JointOffice).await;
    let inst = app.institution("SY").await;
    let created = app
        .form(
            "/assistance",
            Some(&tr),
            &format!("plan_code=TA-JOC&plan_track=command_capabilities&plan_institution_id={inst}&plan_title_en=Joint+operations+centre&plan_title_tr=M%C3%BC%C5%9Fterek+harek%C3%A2t+merkezi&plan_title_ar=%D9%85%D8%B1%D9%83%D8%B2"),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = created.location().to_owned();
    let form = |path: &str, body: &str| {
        let (app, tr, uri) = (&app, tr.clone(), format!("{page}/{path}"));
        let body = body.to_owned();
        async move { app.form_in("tr", &uri, Some(&tr), &body).await }
    };
    // A bad code: said beside the objective's code, in Turkish, the input kept.
    let bad = form(
        "objectives",
        "objective_code=O+1&objective_title_en=Staffed&objective_title_tr=Kadro&objective_title_ar=%D9%85",
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"objective_code-error\"") && bad.body.contains("value=\"Kadro\""), "{}", bad.body);
    assert_eq!(
        form(
            "objectives",
            "objective_code=O1&objective_title_en=Staffed&objective_title_tr=Kadro&objective_title_ar=%D9%85"
        )
        .await
        .status,
        303
    );
    let indicator = "indicator_objective=O1&indicator_code=O1.1&indicator_name_en=Posts&indicator_name_tr=Kadro&indicator_name_ar=%D9%85&indicator_unit=posts&indicator_direction=increase&indicator_measured_by=SY";
    let no_date = format!(
        "{indicator}&indicator_baseline_value=3&indicator_baseline_date=&indicator_baseline_source=HR&indicator_baseline_method=Count"
    );
    let r = form("indicators", &no_date).await;
    assert!(r.body.contains("id=\"indicator_baseline_date-error\""), "{}", r.body);
    assert_eq!(form("indicators", &format!("{indicator}&indicator_baseline_value=3&indicator_baseline_date=2026-01-10&indicator_baseline_source=HR&indicator_baseline_method=Count")).await.status, 303);
    // Activation refused: every missing element listed beside the button, in Turkish.
    let refused = form("activate", "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let said = ittifaq_web::i18n::strip_isolation(&refused.body);
    assert!(said.contains("O1.1 göstergesinin hedef değeri yok") && said.contains("hiç ara aşaması yok"), "{said}");
    assert!(refused.body.contains("id=\"activate-error\""), "{}", refused.body);
    assert_eq!(form("targets", "target_indicator=O1.1&target_period_end=2026-12-31&target_value=40").await.status, 303);
    let m = "milestone_code=M1&milestone_title_en=Centre+open&milestone_title_tr=Merkez&milestone_title_ar=%D9%85&milestone_due=2026-10-01&milestone_owner=SY&milestone_evidence=Opening+order";
    assert_eq!(form("milestones", m).await.status, 303);
    assert_eq!(
        form("statements", "statements_absorptive_capacity=Staff+of+12&statements_sustainment=Budget+line")
            .await
            .status,
        303
    );
    // Each party's joint office turns its key from the page.
    assert_eq!(form("agree", "").await.status, 303);
    let sy_office = app.token("SY", Role::JointOffice).await;
    let sy_page = app.get(&page, Some(&sy_office)).await;
    assert!(
        sy_page.body.contains("data-agreed=\"false\"") && sy_page.body.contains("id=\"agree\""),
        "{}",
        sy_page.body
    );
    assert_eq!(app.form(&format!("{page}/agree"), Some(&sy_office), "").await.status, 303);
    assert_eq!(form("activate", "").await.status, 303);
    let shown = app.get_in("ar", &page, Some(&tr)).await;
    assert!(shown.body.contains("data-code=\"active\"") && !shown.body.contains("id=\"objective\""), "{}", shown.body);
    // SY's office reads it, with no form to change it.
    let sy = app.get(&page, Some(&app.token("SY", Role::JointOffice).await)).await;
    assert!(sy.status == 200 && sy.body.contains("TA-JOC") && !sy.body.contains("action=\"/assistance/plans/"));
    let list = app.get("/assistance", Some(&app.token("SY", Role::Advisor).await)).await;
    assert!(list.body.contains(&format!("href=\"{page}\"")), "{}", list.body);
}

/// An advisor's report cycle on the pages, in Turkish and Arabic: the advisor
/// writes a report (a measurement dated after today is refused beside its
/// field, what was typed kept), submits it; SY's office reads it without the
/// advisor's working notes, returns it with a comment; the advisor fixes and
/// submits it again; SY approves it and contests the value, and both values
/// stand side by side; the deployment's schedule shows the report approved.
#[tokio::test]
async fn an_advisor_files_a_report_the_partner_returns_it_approves_it_and_contests_a_value_on_the_pages() {
    let app = App::new().await;
    let d = app.new_deployment("TR").await;
    let adv = app.token("TR", Role::Advisor).await;
    let sy = app.token("SY", Role::JointOffice).await;
    let tr = app.token("TR", Role::JointOffice).await;

    // Who is away shows the advisor to both joint offices, and to no commander.
    let away = app.get("/abroad?day=2026-05-28", Some(&sy)).await;
    assert!(
        away.body.contains("id=\"advisors-away\"") && away.body.contains(&format!("/assistance/deployments/{d}")),
        "{}",
        away.body
    );
    let commander = app.token("TR", Role::UnitCommander).await;
    assert!(!app.get("/abroad?day=2026-05-28", Some(&commander)).await.body.contains("advisors-away"));
    assert!(
        !app.get("/abroad?day=2027-05-28", Some(&tr)).await.body.contains("advisors-away"),
        "not after its last day"
    );

    // The deployment's page: the schedule, overdue reports flagged, the advisor's form.
    let page = app.get_in("tr", &format!("/assistance/deployments/{d}"), Some(&adv)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"report\"") && page.body.contains("data-due=\"2026-05-01\""), "{}", page.body);
    assert!(page.body.contains("class=\"overdue\""), "past reports with none filed are flagged");
    let other = app.get(&format!("/assistance/deployments/{d}"), Some(&sy)).await;
    assert!(!other.body.contains("id=\"report\""), "only the advisor writes the reports");

    let form = |value: &str, day: &str, notes: &str| {
        format!(
            "report_due_on=2026-05-01&report_summary=Two+depots+report+weekly.&report_notes={notes}&report_m_O1_1_value={value}&report_m_O1_1_measured_on={day}&report_m_O1_1_method=Count+of+returns"
        )
    };
    let bad = app
        .form_in("ar", &format!("/assistance/deployments/{d}/reports"), Some(&adv), &form("7", "2026-06-30", ""))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"report_m_O1_1_measured_on-error\""), "the error beside its field: {}", bad.body);
    assert!(bad.body.contains("value=\"2026-06-30\""), "what was typed is kept");
    let filed = app
        .form(&format!("/assistance/deployments/{d}/reports"), Some(&adv), &form("7", "2026-04-30", "CANARY-NOTE-TR"))
        .await;
    assert!(filed.status.is_redirection(), "{} {}", filed.status, filed.body);
    let report = filed.location().to_owned();
    let id: i64 = report.rsplit('/').next().unwrap().parse().unwrap();
    let submit = app.form(&format!("/assistance/reports/{id}/submit"), Some(&adv), "").await;
    assert!(submit.status.is_redirection(), "{}", submit.body);

    // The work comes to each: the advisor's past days without a report, SY's report to review.
    let home = app.get("/", Some(&adv)).await;
    assert!(home.body.contains("id=\"inbox-write-report\"") && home.body.contains("2026-04-01"), "{}", home.body);
    let home = app.get("/", Some(&sy)).await;
    assert!(home.body.contains("id=\"inbox-review\""), "{}", home.body);
    assert!(home.body.contains(&format!("href=\"/assistance/reports/{id}\"")), "{}", home.body);
    assert!(!app.get("/", Some(&tr)).await.body.contains("id=\"inbox-review\""), "TR reviews none of its own");

    // SY reads the report, not the working notes, in its language; returns it.
    let seen = app.get_in("ar", &report, Some(&sy)).await;
    assert_eq!(seen.status, 200);
    assert!(!seen.body.contains("CANARY-NOTE-TR"), "the advisor's notes are TR's alone");
    let api = app.json("GET", &format!("/api/v1/reports/{id}"), Some(&sy), "").await;
    assert!(!api.body.contains("CANARY-NOTE-TR") && api.json()["notes"].is_null(), "{}", api.body);
    assert!(app.get(&report, Some(&tr)).await.body.contains("CANARY-NOTE-TR"), "TR reads its own notes");
    assert!(seen.body.contains("id=\"review\""), "the partner reviews");
    let empty = app.form_in("tr", &format!("/assistance/reports/{id}/return"), Some(&sy), "review_comment=").await;
    assert_eq!(empty.status, 422, "a return needs its comment: {}", empty.body);
    assert!(empty.body.contains("id=\"review_comment-error\""), "{}", empty.body);
    let back =
        app.form(&format!("/assistance/reports/{id}/return"), Some(&sy), "review_comment=Depot+3+counted+twice.").await;
    assert!(back.status.is_redirection(), "{}", back.body);
    let returned = app.get(&report, Some(&adv)).await;
    assert!(returned.body.contains("data-code=\"returned\"") && returned.body.contains("Depot 3 counted twice."));

    // Fixed, submitted again, approved; SY contests the value and both stand.
    let fixed =
        app.form(&format!("/assistance/deployments/{d}/reports"), Some(&adv), &form("6", "2026-04-30", "")).await;
    assert!(fixed.status.is_redirection(), "{}", fixed.body);
    app.form(&format!("/assistance/reports/{id}/submit"), Some(&adv), "").await;
    let approved = app.form(&format!("/assistance/reports/{id}/approve"), Some(&sy), "review_comment=").await;
    assert!(approved.status.is_redirection(), "{}", approved.body);
    let view = app.json("GET", &format!("/api/v1/reports/{id}"), Some(&sy), "").await.json();
    assert_eq!(view["status"], "approved");
    let m = view["measurements"][0]["id"].as_i64().unwrap();
    let contest = format!("contest_{m}_value=4&contest_{m}_reason=Depot+3+did+not+report.&report_id={id}");
    let refused = app
        .form(
            &format!("/assistance/measurements/{m}/contest"),
            Some(&sy),
            &format!("contest_{m}_value=x&contest_{m}_reason=&report_id={id}"),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(&format!("id=\"contest_{m}_value-error\"")), "{}", refused.body);
    let contested = app.form(&format!("/assistance/measurements/{m}/contest"), Some(&sy), &contest).await;
    assert!(contested.status.is_redirection(), "{}", contested.body);
    let both = app.get(&report, Some(&tr)).await;
    assert!(both.body.contains("6 (TR)") && both.body.contains("4 (SY)"), "both values side by side: {}", both.body);
    let schedule = app.json("GET", &format!("/api/v1/deployments/{d}"), Some(&tr), "").await.json();
    let may = schedule["due"].as_array().unwrap().iter().find(|x| x["due_on"] == "2026-05-01").unwrap().clone();
    assert_eq!((may["status"].as_str(), may["overdue"].as_bool()), (Some("approved"), Some(false)));

    // The plan's progress: a chart and a table per indicator, the contested value beside the
    // reported one, the days running right to left in Arabic; the same figures as CSV.
    let plan = schedule["plan_id"].as_i64().unwrap();
    let en = app.get(&format!("/assistance/plans/{plan}/progress"), Some(&sy)).await;
    assert_eq!(en.status, 200, "{}", en.body);
    assert!(en.body.contains("<svg class=\"chart\" id=\"chart-O1-1\""), "{}", en.body);
    assert!(en.body.contains("<td>2026-04-30</td><td>Reported</td><td>6</td><td>TR</td>"), "{}", en.body);
    assert!(en.body.contains("<td>2026-04-30</td><td>Contested</td><td>4</td><td>SY</td>"), "{}", en.body);
    let ar = app.get_in("ar", &format!("/assistance/plans/{plan}/progress"), Some(&sy)).await;
    assert!(ar.body.contains("dir=\"rtl\"") && ar.body.contains("المعترض عليه"), "{}", ar.body);
    let csv = app.get(&format!("/assistance/plans/{plan}/progress.csv"), Some(&tr)).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("O1.1,Reported,2026-04-30,6,TR") && csv.body.contains("O1.1,Contested,2026-04-30,4,SY"),
        "{}",
        csv.body
    );

    let pdf = app.get(&format!("/assistance/plans/{plan}/progress.pdf"), Some(&sy)).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"), "a PDF");
    assert!(en.body.contains(&format!("href=\"/assistance/plans/{plan}/progress.pdf\"")), "linked from the page");

    // The plan's history: its own changes and keys, no other record's.
    let history = app.get(&format!("/assistance/plans/{plan}"), Some(&sy)).await;
    let link = format!("/audit?object_type=engagement_plan&amp;object_id={plan}");
    assert!(history.body.contains(&link), "{}", history.body);
    let rows = app.get(&format!("/audit?object_type=engagement_plan&object_id={plan}"), Some(&tr)).await;
    assert_eq!(rows.status, 200);
    // Every row's object cell names this plan, and there is at least one.
    let objects: Vec<&str> =
        rows.body.split("</td><td><ul class=\"changes\">").map(|r| r.rsplit("<td>").next().unwrap_or("")).collect();
    let named = objects.len().saturating_sub(1);
    assert!(named >= 1, "{}", rows.body);
    assert!(objects[..named].iter().all(|o| o.starts_with("Engagement plan")), "only the plan's rows: {objects:?}");
    let other = app.get(&format!("/audit?object_type=engagement_plan&object_id={}", plan + 1000), Some(&tr)).await;
    assert!(!other.body.contains("<ul class=\"changes\">"), "another plan's history is empty");

    // The same figures as a workbook: every value, the months, the burn-up, a sheet each.
    let xlsx = app.get_bytes(&format!("/assistance/plans/{plan}/progress.xlsx"), Some(&tr)).await;
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX is a zip");
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).expect(name), &mut text).unwrap();
        text
    };
    let names = read("xl/workbook.xml");
    assert!(names.contains("Every value") && names.contains("By month"), "{names}");
    let strings = read("xl/sharedStrings.xml");
    assert!(strings.contains("Contested") && strings.contains("O1.1") && strings.contains("2026-04-30"), "{strings}");
    let first = read("xl/worksheets/sheet1.xml");
    assert!(first.contains("<v>4</v>") && first.contains("<v>6</v>"), "both values as numbers: {first}");

    // The completeness page: the deployment's past reports with none filed are overdue, linked.
    let c = app.get_in("tr", "/assistance/completeness", Some(&sy)).await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert!(c.body.contains(&format!("href=\"/assistance/deployments/{d}\"")), "{}", c.body);
    assert!(c.body.contains("rapor gecikmiş"), "counts in the reader's language: {}", c.body);
    let api = app.json("GET", "/api/v1/assistance/completeness", Some(&sy), "").await.json();
    let overdue: Vec<&str> =
        api["reports_overdue"].as_array().unwrap().iter().map(|o| o["due_on"].as_str().unwrap()).collect();
    assert!(overdue.contains(&"2026-04-01") && !overdue.contains(&"2026-05-01"), "{overdue:?}");
}

/// The vetting gate on a deployment's page: until each party has passed its
/// checks for advisors the advisor has no report form and a filed report is
/// refused; each joint office sees the form of its own checks only (SY's
/// home lists the deployment awaiting its check); a check it may not record
/// is refused beside the checks, in the reader's language; once SY passes
/// its host check the deployment is cleared and the advisor writes.
#[tokio::test]
async fn an_advisor_writes_no_report_until_both_parties_have_passed_their_checks_on_the_pages() {
    let app = App::new().await;
    let d = app.new_uncleared_deployment("TR").await;
    let adv = app.token("TR", Role::Advisor).await;
    let sy = app.token("SY", Role::JointOffice).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let url = format!("/assistance/deployments/{d}");

    let page = app.get(&url, Some(&adv)).await;
    assert!(page.body.contains("data-cleared=\"false\""), "{}", page.body);
    assert!(!page.body.contains("id=\"report\""), "no report form before clearance");
    let refused =
        app.form(&format!("{url}/reports"), Some(&adv), "report_due_on=2026-05-01&report_summary=Early.").await;
    assert_eq!(refused.status, 409, "{}", refused.body);

    // Each office is offered the checks its party records, and only those.
    let forms = |body: &str| {
        ["security", "medical", "host_access"]
            .into_iter()
            .filter(|c| body.contains(&format!("name=\"check\" value=\"{c}\"")))
            .collect::<Vec<_>>()
    };
    assert_eq!(forms(&app.get(&url, Some(&tr)).await.body), ["security", "medical"]);
    assert_eq!(forms(&app.get(&url, Some(&sy)).await.body), ["host_access"]);
    assert!(forms(&app.get(&url, Some(&adv)).await.body).is_empty());
    let home = app.get("/", Some(&sy)).await;
    assert!(home.body.contains("id=\"inbox-vet-deployments\"") && home.body.contains(&url), "{}", home.body);

    // SY may not record TR's check: refused beside the checks, in Arabic.
    let wrong = app.form_in("ar", &format!("{url}/vetting"), Some(&sy), "check=security&outcome=passed").await;
    assert_eq!(wrong.status, 403, "{}", wrong.body);
    assert!(wrong.body.contains("id=\"vetting-error\"") && wrong.body.contains("lang=\"ar\""), "{}", wrong.body);

    for check in ["security", "medical"] {
        let ok = app.form(&format!("{url}/vetting"), Some(&tr), &format!("check={check}&outcome=passed")).await;
        assert!(ok.status.is_redirection(), "{} {}", ok.status, ok.body);
    }
    assert!(app.get(&url, Some(&adv)).await.body.contains("data-cleared=\"false\""), "SY's check is still awaited");
    let api = app
        .json(
            "POST",
            &format!("/api/v1/deployments/{d}/vetting"),
            Some(&sy),
            r#"{"check": "host_access", "outcome": "passed"}"#,
        )
        .await;
    assert_eq!(api.status, 200, "{}", api.body);
    assert!(api.body.contains("\"cleared\":true"), "{}", api.body);
    assert!(!app.get("/", Some(&sy)).await.body.contains("id=\"inbox-vet-deployments\""));
    let page = app.get(&url, Some(&adv)).await;
    assert!(page.body.contains("data-cleared=\"true\"") && page.body.contains("id=\"report\""), "{}", page.body);
}
