//! Force integration on the pages and the API: SY's joint office enters a
//! formation and its counts; a refused count is said beside its field with
//! what was typed kept; the board shows the verified count and the
//! formation's own figure side by side and a stalled stage's flag with its
//! reason; TR reads the same board with a count under ten withheld, in its
//! language, and none of SY's lists.

use ittifaq_core::Role;

use crate::support::{App, canary};

#[tokio::test]
async fn the_board_shows_verified_and_reported_counts_apart_and_withholds_small_ones_from_the_other_party() {
    let app = App::new().await;
    let sy = app.token("SY", Role::JointOffice).await;
    let tr = app.token("TR", Role::JointOffice).await;
    let created = app
        .form(
            "/integration",
            Some(&sy),
            "formation_code=F-EAST&formation_name_en=East+brigade&formation_name_tr=Do%C4%9Fu+tugay%C4%B1&formation_name_ar=%D9%84%D9%88%D8%A7%D8%A1&formation_origin=East&formation_mode=bloc&formation_declared_strength=600&formation_starts_on=2026-01-01",
        )
        .await;
    assert!(created.status.is_redirection(), "{} {}", created.status, created.body);
    let page = created.location().to_owned();
    let id = page.rsplit('/').next().unwrap().to_owned();
    // A deadline and the counts, over the API.
    let put = app
        .json(
            "PUT",
            &format!("/api/v1/formations/{id}/deadlines"),
            Some(&sy),
            r#"{"stage": "register", "due": "2026-03-31", "binding": true, "clause": "Article 4", "owner_party": "SY"}"#,
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    let verified = app
        .json(
            "POST",
            &format!("/api/v1/formations/{id}/verifications"),
            Some(&sy),
            &format!(r#"{{"stage": "register", "count": 420, "on_day": "2026-02-10", "method": "Roll call", "list_reference": "{}"}}"#, canary("SY")),
        )
        .await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    // A stage skipped is refused beside its field, what was typed kept.
    let skipped = app
        .form(
            &format!("{page}/counts"),
            Some(&sy),
            "count_figure=verified&count_stage=vet&count_count=500&count_on_day=2026-02-11&count_method=Check&count_list_reference=L-9",
        )
        .await;
    assert_eq!(skipped.status, 422, "{}", skipped.body);
    assert!(skipped.body.contains("id=\"count_count-error\""), "{}", skipped.body);
    assert!(skipped.body.contains("value=\"500\""), "what was typed is kept");
    let reported = app
        .form(
            &format!("{page}/counts"),
            Some(&sy),
            "count_figure=reported&count_stage=register&count_count=590&count_on_day=2026-02-12&count_method=Own+roll&count_list_reference=L-F",
        )
        .await;
    assert!(reported.status.is_redirection(), "{} {}", reported.status, reported.body);

    // Registration was due on 31 March and has not moved since 10 February: stalled.
    let board = app.get("/integration", Some(&sy)).await;
    assert!(board.body.contains("data-formation=\"F-EAST\""), "{}", board.body);
    assert!(board.body.contains(">420<") && board.body.contains("(590)"), "side by side: {}", board.body);
    assert!(board.body.contains("flag-stalled"), "{}", board.body);
    let api = app.get(&format!("/api/v1/formations/{id}"), Some(&tr)).await;
    assert_eq!(api.status, 200);
    assert!(api.body.contains("\"verified\":420") && api.body.contains("\"kind\":\"stalled\""), "{}", api.body);
    assert!(!api.body.contains(&canary("SY")), "the list stays SY's");

    // Both joint offices are told of the flag, in their language, by its names.
    assert!(app.store.notify_integration_flags().await.unwrap() >= 1);
    let told = app.get_in("ar", "/notifications", Some(&tr)).await;
    assert!(told.body.contains("F-EAST") && told.body.contains("مُسجَّل") && told.body.contains("متوقف"), "{}", told.body);

    // A formation of SY with seven people: TR sees the flag, not the count, in Turkish.
    let small = app.new_formation("SY").await;
    let theirs = app.get_in("tr", &format!("/integration/formations/{small}"), Some(&tr)).await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("un altında</td>") && !theirs.body.contains(">7<"), "{}", theirs.body);
    assert!(!theirs.body.contains("id=\"count\""), "TR records no count of SY's formation");
    let own = app.get(&format!("/integration/formations/{small}"), Some(&sy)).await;
    assert!(own.body.contains(">7<") && own.body.contains("id=\"count\""), "{}", own.body);

    // The burn-up: a chart of the verified counts with their table; none of the small one for TR.
    let chart = app.get(&page, Some(&sy)).await;
    assert!(
        chart.body.contains("id=\"chart-formation\"") && chart.body.contains("id=\"burn-up-table\""),
        "{}",
        chart.body
    );
    assert!(chart.body.contains("<td>2026-02-10</td><td>420</td>"), "{}", chart.body);
    let rtl = app.get_in("ar", &page, Some(&tr)).await;
    assert!(rtl.body.contains("id=\"chart-formation\""), "{}", rtl.body);
    assert!(!theirs.body.contains("id=\"chart-formation\""), "a count under ten draws no chart for TR");

    // The board as CSV and XLSX: the verified and reported figures in their own columns; TR's copy withholds the seven.
    let csv = app.get("/integration.csv", Some(&sy)).await;
    assert_eq!(csv.status, 200);
    let line =
        csv.body.lines().find(|l| l.starts_with("F-EAST,") && l.contains("Registered")).expect("F-EAST's registration");
    assert!(line.contains(",420,2026-02-10,590,2026-03-31,binding,Article 4,SY,Stalled: "), "{line}");
    let theirs = app.get("/integration.csv", Some(&tr)).await;
    let small_line =
        theirs.body.lines().find(|l| l.starts_with("F-SY-") && l.contains("Registered")).expect("the small one");
    assert!(small_line.contains("under 10") && !small_line.contains(",7,"), "{small_line}");
    let xlsx = app.get_bytes("/integration.xlsx", Some(&tr)).await;
    assert!(xlsx.starts_with(b"PK"), "a workbook");
    let pdf = app.get("/integration.pdf", Some(&tr)).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"), "a PDF");
}
