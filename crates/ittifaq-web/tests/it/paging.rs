//! Every listing takes any page and page size a client sends: in range it
//! answers, out of range it refuses naming the field, and it never fails
//! (a page number near `u64::MAX` once overflowed the database offset and
//! panicked).

use ittifaq_core::Role;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::support::App;

/// The listings that page, each as the role that reads it.
fn listings(app: &App) -> Vec<(String, Role)> {
    let (session, unit) = (app.tr.session, app.tr.units[0]);
    [
        ("/api/v1/people".to_owned(), Role::JointOffice),
        ("/people".to_owned(), Role::JointOffice),
        ("/api/v1/sessions".to_owned(), Role::JointOffice),
        ("/sessions".to_owned(), Role::JointOffice),
        (format!("/api/v1/sessions/{session}/nominations"), Role::JointOffice),
        (format!("/sessions/{session}"), Role::JointOffice),
        (format!("/api/v1/units/{unit}/nominations"), Role::UnitCommander),
        (format!("/units/{unit}/nominations"), Role::UnitCommander),
    ]
    .into_iter()
    .collect()
}

/// A page number or size as a client may send it: small, at the bounds,
/// huge, negative or not a number.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..4).prop_map(|n| n.to_string()),
        Just("500".to_owned()),
        Just("501".to_owned()),
        Just("1000000".to_owned()),
        Just("1000001".to_owned()),
        Just(i64::MAX.to_string()),
        Just(u64::MAX.to_string()),
        Just("18446744073709551616".to_owned()),
        Just("-1".to_owned()),
        Just("abc".to_owned()),
        any::<u64>().prop_map(|n| n.to_string()),
    ]
}

#[test]
fn every_listing_answers_any_page_without_failing() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = rt.block_on(App::new());
    let tokens: Vec<(String, String)> =
        listings(&app).into_iter().map(|(path, role)| (path, rt.block_on(app.token("TR", role)))).collect();
    let mut runner = TestRunner::new(Config { cases: 48, ..Config::default() });
    runner
        .run(&(value(), value()), |(page, per_page)| {
            for (path, token) in &tokens {
                // The session's and the unit's pages take a page only (50 to a page).
                let sized = !(path.starts_with("/sessions/") || path.starts_with("/units/"));
                let uri = if sized {
                    format!("{path}?page={page}&per_page={per_page}")
                } else {
                    format!("{path}?page={page}")
                };
                let r = rt.block_on(async {
                    if path.starts_with("/api/") {
                        app.json("GET", &uri, Some(token), "").await
                    } else {
                        app.get(&uri, Some(token)).await
                    }
                });
                let in_range = |v: &str, max: u64| v.parse::<u64>().is_ok_and(|n| (1..=max).contains(&n));
                let per_page_ok = !sized || in_range(&per_page, 500);
                if in_range(&page, 1_000_000) && per_page_ok {
                    prop_assert_eq!(r.status.as_u16(), 200, "{}: {}", uri, r.body);
                } else {
                    prop_assert!(
                        matches!(r.status.as_u16(), 400 | 422),
                        "{} answered {} instead of refusing: {}",
                        uri,
                        r.status,
                        r.body
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}
