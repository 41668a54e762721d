//! A formation's roster on the pages and the API: a CSV or XLSX upload is
//! imported whole or refused with every faulty row named by line and
//! column; the same person registered in two formations is flagged for
//! review, the other party told only the formation; stages are verified by
//! name, a refusal beside its field with what was typed kept; the other
//! party reads the roster in figures only, small ones withheld, and no page,
//! export or answer it can reach carries the integrating party's names.

use ittifaq_core::Role;

use crate::support::App;

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XyZroster";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

const SECRET_NAME: &str = "Zahir Qabbani Nizar";

#[tokio::test]
async fn a_roster_uploads_whole_flags_duplicates_and_shows_the_other_party_figures_only() {
    let app = App::new().await;
    let sy = app.token("SY", Role::JointOffice).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let tr_auditor = app.token("TR", Role::Auditor).await;
    let make = |code: &str| {
        format!(
            "formation_code={code}&formation_name_en=B&formation_name_tr=B&formation_name_ar=%D8%A8&formation_origin=East&formation_mode=mixed&formation_declared_strength=50&formation_starts_on=2026-01-01"
        )
    };
    let north = app.form("/integration", Some(&sy), &make("F-N")).await.location().to_owned();
    let east = app.form("/integration", Some(&sy), &make("F-E")).await.location().to_owned();

    // A file with faults: every one named by its line and column; nothing stored.
    let bad = "roster_ref,full_name,date_of_birth\nN-1,Ali Haydar,1990-01-02\nN-2,,1990-01-02\nN-1,Omar Said,1991-12-01\nN-5,Omar Said,1991-13-01\n";
    let (ct, body) = multipart("roster.csv", bad.as_bytes());
    let refused = app.post_bytes(&format!("{north}/roster"), Some(&sy), &ct, body).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"import-faults\""), "{}", refused.body);
    for line in [
        "<td>3</td><td dir=\"ltr\">full_name</td>",
        "<td>4</td><td dir=\"ltr\">roster_ref</td>",
        "<td>5</td><td dir=\"ltr\">date_of_birth</td>",
    ] {
        assert!(refused.body.contains(line), "{line}: {}", refused.body);
    }
    let listed = app.get(&format!("{north}/roster"), Some(&sy)).await;
    assert!(listed.body.contains("id=\"roster-none\""), "nothing stored: {}", listed.body);

    // A workbook, imported whole.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["roster_ref", "mother_name", "full_name", "date_of_birth", "birthplace"],
        ["N-1", "Fatima Zahra", "Mohammed Khaled Hassan", "1990-03-14", "Aleppo"],
        ["N-2", "", SECRET_NAME, "1985-05-05", ""],
        ["N-3", "", "Omar Said", "1991-01-01", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let (ct, body) = multipart("roster.xlsx", &book.save_to_buffer().unwrap());
    let done = app.post_bytes(&format!("{north}/roster"), Some(&sy), &ct, body).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("id=\"import-outcome\"") && done.body.contains(SECRET_NAME), "{}", done.body);
    assert!(
        done.body.contains("<td dir=\"auto\">Fatima Zahra</td><td dir=\"auto\">Aleppo</td>"),
        "the mother's name and the place of birth read: {}",
        done.body
    );

    // The same man in the other formation, in Arabic script, over the API, born in Halab (Aleppo),
    // his mother's name not recorded: flagged.
    let east_id = east.rsplit('/').next().unwrap();
    let json = r#"{"rows": [{"roster_ref": "E-1", "full_name": "محمد خالد حسن", "date_of_birth": "1990-03-14", "birthplace": "حلب"}]}"#;
    let api = app.json("POST", &format!("/api/v1/formations/{east_id}/candidates"), Some(&sy), json).await;
    assert_eq!(api.status, 201, "{}", api.body);
    assert!(api.body.contains("\"flagged\":1"), "{}", api.body);
    // Bad rows over the API: each named, nothing stored.
    let json = r#"{"rows": [{"roster_ref": "E-2", "full_name": "Ali", "date_of_birth": "soon"}, {"roster_ref": "E-1", "full_name": "Ali", "date_of_birth": "1990-01-01"}]}"#;
    let api = app.json("POST", &format!("/api/v1/formations/{east_id}/candidates"), Some(&sy), json).await;
    assert_eq!(api.status, 422, "{}", api.body);
    assert!(api.body.contains("\"row\":1") && api.body.contains("\"field\":\"date_of_birth\""), "{}", api.body);
    assert!(api.body.contains("\"row\":2") && api.body.contains("invalid-roster-ref-taken"), "{}", api.body);

    let flagged = app.get(&format!("{north}/roster?flagged=true"), Some(&sy)).await;
    assert!(
        flagged.body.contains("data-ref=\"N-1\"") && !flagged.body.contains("data-ref=\"N-3\""),
        "{}",
        flagged.body
    );
    assert!(flagged.body.contains("F-E · E-1"), "its own party's match, by reference: {}", flagged.body);

    // Verification by name: a refusal beside the list, what was typed kept.
    let verify = "verify_stage=verify_identity&verify_on_day=2026-02-01&verify_method=Biometric&verify_list_reference=L-1&verify_refs=N-3%0D%0AN-9";
    let refused = app.form(&format!("{north}/roster/verify"), Some(&sy), verify).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"verify_refs-error\""), "{}", refused.body);
    assert!(refused.body.contains("N-9"), "what was typed is kept");
    let verify = "verify_stage=register&verify_on_day=2026-02-01&verify_method=Biometric&verify_list_reference=L-1&verify_refs=N-1%0D%0AN-2%0D%0AN-3";
    let done = app.form(&format!("{north}/roster/verify"), Some(&sy), verify).await;
    assert!(done.status.is_redirection(), "{} {}", done.status, done.body);
    let north_id = north.rsplit('/').next().unwrap();
    let board = app.get(&format!("/api/v1/formations/{north_id}"), Some(&sy)).await;
    assert!(board.body.contains("\"verified\":3"), "{}", board.body);

    // Review and reintegration from the page.
    let n1 = app
        .store
        .roster(
            &ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("SY").unwrap()),
            ittifaq_core::id::FormationId(north_id.parse().unwrap()),
            &ittifaq_store::integration::RosterQuery { q: "N-1".into(), ..Default::default() },
        )
        .await
        .unwrap()
        .rows
        .remove(0);
    let reviewed = app
        .form(&format!("/integration/candidates/{}/review", n1.id), Some(&sy), "decision=distinct&note=Other+father")
        .await;
    assert!(reviewed.status.is_redirection(), "{} {}", reviewed.status, reviewed.body);
    let refused =
        app.form(&format!("/integration/candidates/{}/reintegration", n1.id), Some(&sy), "reason=other&note=").await;
    assert_eq!(refused.status, 422, "a reason 'other' needs a note: {}", refused.body);
    let sent =
        app.form(&format!("/integration/candidates/{}/reintegration", n1.id), Some(&sy), "reason=age&note=").await;
    assert!(sent.status.is_redirection(), "{} {}", sent.status, sent.body);

    // The other party: the figures, small ones withheld; no roster, no name anywhere it can reach.
    let page = app.get(&north, Some(&tr)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"roster-figures\"") && !page.body.contains("id=\"roster-link\""), "{}", page.body);
    let summary = app.get(&format!("/api/v1/formations/{north_id}/roster-summary"), Some(&tr)).await;
    assert!(summary.body.contains("\"total\":null") && summary.body.contains("\"withheld\":true"), "{}", summary.body);
    for (who, path) in [
        (&tr, format!("{north}/roster")),
        (&tr, format!("/api/v1/formations/{north_id}/candidates")),
        (&tr, format!("/api/v1/formations/{east_id}/candidates?q=E-1")),
    ] {
        let r = app.get(&path, Some(who)).await;
        assert!(matches!(r.status.as_u16(), 403 | 404), "{path}: {} {}", r.status, r.body);
        assert!(!r.body.contains(SECRET_NAME) && !r.body.contains("N-2"), "{path}");
    }
    let e = app
        .json("POST", &format!("/api/v1/candidates/{}/review", n1.id), Some(&tr), r#"{"decision": "distinct"}"#)
        .await;
    assert_eq!(e.status, 404, "another party's candidate does not exist for TR: {}", e.body);
    for (who, path) in [
        (&tr, "/integration".to_owned()),
        (&tr, north.clone()),
        (&tr, "/api/v1/formations".to_owned()),
        (&tr_auditor, "/audit?object_type=candidate".to_owned()),
        (&tr_auditor, "/audit?object_type=formation".to_owned()),
        (&tr_auditor, "/api/v1/audit?object_type=formation".to_owned()),
        (&tr_auditor, "/audit.csv".to_owned()),
    ] {
        let r = app.get(&path, Some(who)).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        for secret in [SECRET_NAME, "Mohammed Khaled", "N-2", "1985-05-05"] {
            assert!(!r.body.contains(secret), "{path} carries {secret}");
        }
    }
    // The target structure: SY adds a unit from the board; a wrong kind is refused beside its field.
    let unit = "unit_code=BDE-5&unit_name_en=5th+Brigade&unit_name_tr=5.+Tugay&unit_name_ar=%D8%A7%D9%84%D9%84%D9%88%D8%A7%D8%A1&unit_parent=&unit_posts=40";
    let bad = app.form("/integration/structure", Some(&sy), &format!("{unit}&unit_kind=corps")).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"unit_kind-error\"") && bad.body.contains("value=\"BDE-5\""), "{}", bad.body);
    let added = app.form("/integration/structure", Some(&sy), &format!("{unit}&unit_kind=brigade")).await;
    assert!(added.status.is_redirection(), "{} {}", added.status, added.body);
    let theirs = app.get("/api/v1/integration/structure", Some(&tr)).await;
    assert!(theirs.body.contains("\"code\":\"BDE-5\"") && theirs.body.contains("\"posts\":40"), "{}", theirs.body);
    let board = app.get_in("ar", "/integration", Some(&tr)).await;
    assert!(board.body.contains("data-unit=\"BDE-5\"") && board.body.contains("لواء"), "{}", board.body);

    // SY's own audit shows the import and the review with their values.
    let own = app.get("/api/v1/audit?object_type=candidate", Some(&sy)).await;
    assert!(own.body.contains("\"action\":\"resolve\"") && own.body.contains("Other father"), "{}", own.body);
}
