//! Every answer carries the security headers (a strict Content Security
//! Policy, no sniffing, no framing, no referrer, and no copy kept of pages
//! and API answers), and no page runs an inline script or handler, which that
//! policy would refuse.

use ittifaq_core::Role;

use crate::support::App;

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = App::new().await;
    let office = app.token("TR", Role::JointOffice).await;
    let officer = app.token("SY", Role::DeconflictionOfficer).await;
    let cases = [
        ("/login", None, 200),
        ("/people", Some(&office), 200),
        ("/decon/map", Some(&officer), 200),
        ("/hotline", Some(&officer), 200),
        ("/api/v1/people", Some(&office), 200),
        ("/api/v1/health", None, 200),
        ("/nothing-here", Some(&office), 404),
        ("/admin/users", Some(&office), 403),
    ];
    for (path, token, status) in cases {
        let r = app.get(path, token.map(String::as_str)).await;
        assert_eq!(r.status, status, "{path}");
        let header = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let csp = header("content-security-policy");
        for directive in ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"] {
            assert!(csp.contains(directive), "{path}: {directive} missing from {csp:?}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{path}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("cache-control"), "no-store", "{path}");
    }
    // Static files may be cached; they hold no personal data.
    let js = app.get("/static/decon-map.js", None).await;
    assert!(js.headers["cache-control"].to_str().unwrap().contains("max-age"));
    assert_eq!(js.headers["x-content-type-options"], "nosniff");
}

/// Each `<script` tag of `html` with the text around it, when it has no `src`
/// (an inline script), and each attribute that is an inline event handler.
fn inline_code(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in html.match_indices("<script") {
        let tag = &html[at..html[at..].find('>').map_or(html.len(), |end| at + end + 1)];
        if !tag.contains(" src=") {
            found.push(tag.to_owned());
        }
    }
    let lower = html.to_ascii_lowercase();
    for handler in [" onclick=", " onload=", " onerror=", " onchange=", " onsubmit=", " oninput=", " onmouseover="] {
        if let Some(at) = lower.find(handler) {
            found.push(html[at.saturating_sub(40)..(at + 40).min(html.len())].to_owned());
        }
    }
    found
}

#[test]
fn no_template_holds_an_inline_script_or_handler() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let html = std::fs::read_to_string(&path).unwrap();
        assert_eq!(inline_code(&html), Vec::<String>::new(), "{}", path.display());
        checked += 1;
    }
    assert!(checked > 20, "only {checked} templates found in {}", dir.display());
    // The check finds what it looks for.
    assert_eq!(inline_code("<p><script>alert(1)</script><button onclick=\"x()\">").len(), 2);
    assert!(inline_code("<script src=\"/static/a.js\" defer></script>").is_empty());
}

#[tokio::test]
async fn the_hotline_and_map_pages_load_their_scripts_from_static_files() {
    let app = App::new().await;
    let officer = app.token("TR", Role::DeconflictionOfficer).await;
    for (path, script) in [("/hotline", "/static/hotline-live.js"), ("/decon/map", "/static/decon-map.js")] {
        let page = app.get(path, Some(&officer)).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(inline_code(&page.body).is_empty(), "{path}: {:?}", inline_code(&page.body));
        assert!(page.body.contains(&format!("src=\"{script}\"")), "{path}");
        let js = app.get(script, None).await;
        assert_eq!(js.status, 200, "{script}");
        assert!(js.headers["content-type"].to_str().unwrap().starts_with("text/javascript"));
    }
}
