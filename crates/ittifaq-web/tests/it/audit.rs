//! The audit page as its readers use it: filters, older pages, a field by
//! field account of each change, the CSV export, and refusals beside the
//! filter they concern.

use ittifaq_core::Role;

use crate::support::{App, person_form};

#[tokio::test]
async fn the_audit_page_filters_pages_and_exports_what_changed_field_by_field() {
    let app = App::new().await;
    let tr = app.token("TR", Role::JointOffice).await;
    // Three changes of one person of TR: created, renamed, archived.
    let unit = app.tr.units[0];
    let created = app.form("/people", Some(&tr), &person_form(9001, unit)).await;
    assert_eq!(created.status.as_u16(), 303, "{}", created.body);
    let href = created.location().to_owned();
    let renamed = person_form(9001, unit).replace("given_name=Deniz", "given_name=Derya");
    assert_eq!(app.form(&href, Some(&tr), &renamed).await.status.as_u16(), 303);
    assert_eq!(app.form(&format!("{href}/archive"), Some(&tr), "confirm=yes").await.status.as_u16(), 303);

    // Filtered by action and kind: the rename alone, told field by field.
    let page = app.get("/audit?action=update&object_type=person&party=TR", Some(&tr)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<li><code>given_name</code>: Deniz → Derya</li>"), "{}", page.body);
    assert!(!page.body.contains("archived: false → true"), "the archive is another action");
    assert!(page.body.contains("<option value=\"update\" selected>"), "the filter is kept");
    let archived = app.get("/audit?action=archive&object_type=person", Some(&tr)).await;
    assert!(archived.body.contains("<li><code>archived</code>: false → true</li>"), "{}", archived.body);

    // Fifty rows a page; the older page starts where this one ends, without repeating it.
    let first = app.get("/audit", Some(&tr)).await;
    let ids = |body: &str| -> Vec<i64> {
        body.split("<tr><td>").skip(1).map(|r| r.split("</td>").next().unwrap().parse().unwrap()).collect()
    };
    let first_ids = ids(&first.body);
    assert_eq!(first_ids.len(), 50, "the fixture made more than fifty changes");
    assert!(first_ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    let older = first.body.split("id=\"audit-older\"").next().unwrap().rsplit("href=\"").next().unwrap();
    let older = older.split('"').next().unwrap().replace("&amp;", "&");
    let second_ids = ids(&app.get(&older, Some(&tr)).await.body);
    assert!(!second_ids.is_empty() && second_ids[0] < *first_ids.last().unwrap(), "{older}: {second_ids:?}");

    // The CSV of the same filters, for a spreadsheet.
    let csv = app.get("/audit.csv?action=update&object_type=person&party=TR", Some(&tr)).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let body = csv.body.strip_prefix('\u{feff}').expect("a byte order mark");
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "id,at,actor,actor_party,action,object_type,object_id,object_party,changes");
    assert!(
        lines[1..].iter().any(|l| l.contains("update,person") && l.contains("given_name: Deniz → Derya")),
        "{body}"
    );

    // SY's joint office reads that TR changed a person's fields, not their values.
    let sy = app.token("SY", Role::JointOffice).await;
    let seen = app.get("/audit?action=update&object_type=person&party=TR", Some(&sy)).await;
    assert!(seen.body.contains("given_name") && seen.body.contains("the values are the other party"), "{}", seen.body);
    assert!(!seen.body.contains("Derya"), "the value is TR's");
}

#[tokio::test]
async fn a_filter_the_audit_cannot_read_is_refused_beside_it_in_the_users_language() {
    let app = App::new().await;
    let auditor = app.token("SY", Role::Auditor).await;
    let r = app.get_in("tr", "/audit?action=dance&from=2027-05-01&to=2027-04-01", Some(&auditor)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("id=\"action-error\""), "{}", r.body);
    assert!(r.body.contains("value=\"2027-05-01\""), "the period typed is kept");
    let reversed = app.get_in("tr", "/audit?from=2027-05-01&to=2027-04-01", Some(&auditor)).await;
    assert_eq!(reversed.status, 422);
    assert!(reversed.body.contains("id=\"to-error\""), "{}", reversed.body);
    assert_eq!(app.get("/audit.csv?action=dance", Some(&auditor)).await.status, 422);
}
