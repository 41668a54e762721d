//! Every word in the user's language: every page each role of each party
//! can reach, every export, every refused form and every API refusal, asked
//! for in Turkish and in Arabic, with records in every state behind them
//! (CSV exports carry stored codes, the same in every language).
//! A walk fails on English left in (a phrase of an English message, or a
//! sentence of English function words), on a message key shown raw, and on
//! a Fluent argument left unfilled.

use std::collections::BTreeSet;

use aho_corasick::AhoCorasick;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use ittifaq_core::Role;
use ittifaq_core::policy::Access;
use ittifaq_store::hotline::{AckMinutes, MessageInput};
use scraper::{Html, Node};
use serde_json::Value;

use crate::decon;
use crate::hotline::officer_actor;
use crate::need_to_know::{Enrolment, enrolment};
use crate::support::{App, Reply, Stage};

const EN: &str = include_str!("../../../ittifaq-core/locales/en/main.ftl");
const TR: &str = include_str!("../../../ittifaq-core/locales/tr/main.ftl");
const AR: &str = include_str!("../../../ittifaq-core/locales/ar/main.ftl");

/// English function words: two of them in one piece of text make English.
/// (Words that are also Turkish, such as "on" and "ne", are left out.)
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "not", "your", "with", "for", "this", "has", "been", "be", "by", "from",
    "was", "will", "cannot", "must", "which", "who", "have", "there", "their", "were", "can", "should", "does", "an",
    "it", "or", "no", "yet", "any", "all", "here",
];

/// The literal text of a pattern, variants of its selectors included.
fn texts(pattern: &Pattern<&str>, out: &mut Vec<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push((*value).to_owned()),
            PatternElement::Placeable { expression } => match expression {
                Expression::Select { variants, .. } => variants.iter().for_each(|v| texts(&v.value, out)),
                Expression::Inline(InlineExpression::StringLiteral { value }) => out.push((*value).to_owned()),
                Expression::Inline(_) => out.push("\u{1}".into()),
            },
        }
    }
}

/// The messages of a Fluent file: key and the text pieces between its placeables.
fn messages(source: &'static str) -> Vec<(String, Vec<String>)> {
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, e)| panic!("{e:?}"));
    let mut out = Vec::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut pieces = Vec::new();
            if let Some(v) = &m.value {
                texts(v, &mut pieces);
            }
            m.attributes.iter().for_each(|a| texts(&a.value, &mut pieces));
            // Pieces split at placeables; a piece is a phrase of running text.
            let joined = pieces.concat();
            let phrases = joined.split('\u{1}').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
            out.push((m.id.name.to_owned(), phrases));
        }
    }
    out
}

/// What tells English apart in a page of another language.
struct Detector {
    /// Phrases of the English messages (two words or more) that the other
    /// language never says itself.
    phrases: Vec<String>,
    automaton: AhoCorasick,
    keys: BTreeSet<String>,
    /// The stored codes of statuses, outcomes and decisions, which a page
    /// says by their names.
    codes: BTreeSet<&'static str>,
}

impl Detector {
    fn new(lang: &str) -> Detector {
        let own = if lang == "tr" { TR } else { AR };
        let own: String = messages(own).into_iter().flat_map(|(_, p)| p).collect::<Vec<_>>().join("\n");
        let english = messages(EN);
        let keys = english.iter().map(|(k, _)| k.clone()).collect();
        let mut phrases: Vec<String> = english
            .into_iter()
            .flat_map(|(_, p)| p)
            .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
            .filter(|p| {
                let words = p.split(' ').filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2).count();
                words >= 2 && p.len() >= 8 && !own.contains(p.as_str())
            })
            .collect();
        phrases.sort();
        phrases.dedup();
        let automaton = AhoCorasick::new(&phrases).expect("automaton");
        use ittifaq_core::{allocation, decon, exchange, hotline};
        let codes = [
            exchange::NominationStatus::CODES,
            exchange::SessionStatus::CODES,
            exchange::VettingOutcome::CODES,
            exchange::Outcome::CODES,
            exchange::Mark::CODES,
            hotline::Priority::CODES,
            hotline::MessageStatus::CODES,
            decon::DeclarationStatus::CODES,
            allocation::RunState::CODES,
            allocation::Decision::CODES,
        ]
        .concat()
        .into_iter()
        .filter(|c| c.len() >= 4)
        .collect();
        Detector { phrases, automaton, keys, codes }
    }

    /// What is wrong with one piece of text a user reads, if anything.
    fn fault(&self, text: &str) -> Option<String> {
        let text = ittifaq_web::i18n::strip_isolation(text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.contains("{$") || text.contains("{ $") {
            return Some(format!("an argument left unfilled: {text:?}"));
        }
        let bytes = text.as_bytes();
        for m in self.automaton.find_overlapping_iter(&text) {
            let before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after = m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if before && after {
                return Some(format!("English {:?} in {text:?}", self.phrases[m.pattern().as_usize()]));
            }
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        let english: BTreeSet<&str> =
            words.iter().filter(|w| ENGLISH_WORDS.contains(&w.as_str())).map(|w| w.as_str()).collect();
        if english.len() >= 2 {
            return Some(format!("English words {english:?} in {text:?}"));
        }
        if let Some(code) = words.iter().find(|w| self.codes.contains(w.as_str())) {
            return Some(format!("the code {code:?} shown raw in {text:?}"));
        }
        if self.keys.contains(text.as_str()) && text.contains('-') {
            return Some(format!("the message key {text:?} shown raw"));
        }
        None
    }
}

/// The pieces of text a user of a page reads: text outside scripts and
/// styles, and the attributes that are shown or spoken.
fn visible(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        match node.value() {
            Node::Text(t) => {
                // Scripts and styles are not read; an element marked English
                // (a trilingual document's English line) and code (a
                // field's or record's identifier) are English on purpose.
                let hidden = node.ancestors().filter_map(|a| a.value().as_element()).any(|e| {
                    matches!(e.name(), "script" | "style" | "template" | "code") || e.attr("lang") == Some("en")
                });
                if !hidden && !t.trim().is_empty() {
                    out.push(t.to_string());
                }
            }
            Node::Element(e) => {
                for attr in ["title", "placeholder", "aria-label", "alt", "data-confirm"] {
                    if let Some(v) = e.attr(attr) {
                        out.push(v.to_owned());
                    }
                }
                let button = matches!(e.attr("type"), Some("submit" | "button" | "reset"));
                if e.name() == "input" && button {
                    out.extend(e.attr("value").map(str::to_owned));
                }
            }
            _ => {}
        }
    }
    out
}

/// The pieces of text of an answer: a page's visible text, a JSON answer's
/// error message. A CSV export is left out: it carries the record's stored
/// codes and column names, the same in every language, for the programs
/// and the other party that compare it.
fn pieces(reply: &Reply) -> Vec<String> {
    let kind = reply.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if kind.starts_with("text/html") {
        visible(&reply.body)
    } else if kind.starts_with("application/json") || kind.starts_with("application/problem+json") {
        let v: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        let e = &v["error"];
        [&e["message"], &e["reason"]].into_iter().filter_map(|m| m.as_str()).map(str::to_owned).collect()
    } else {
        Vec::new()
    }
}

/// The records a walk fills the routes' ids with.
struct Records {
    enrolments: Vec<Enrolment>,
    /// Nominations caught half way (nominated; accepted with checks to
    /// record), whose steps are refused for what is missing.
    half_way: Vec<i64>,
    declarations: Vec<i64>,
    candidates: Vec<i64>,
    messages: Vec<i64>,
    run: i64,
    plans: Vec<i64>,
    deployments: Vec<i64>,
    /// Reports: a draft of each party's advisor, and one submitted,
    /// returned with a comment and contested.
    reports: Vec<i64>,
    measurements: Vec<i64>,
    /// A formation of each party, its count under ten (withheld from the other).
    formations: Vec<i64>,
    course: i64,
    institution: i64,
}

async fn records(app: &App) -> Records {
    let enrolments = vec![enrolment(app, "TR").await, enrolment(app, "SY").await];
    let mut declarations = Vec::new();
    let mut messages = Vec::new();
    for party in ["TR", "SY"] {
        let officer = app.token(party, Role::DeconflictionOfficer).await;
        // Overlapping footprints: each has a conflict to show.
        let body = decon::body("exercise", decon::square(36.9, 36.6, 0.05), 6, 12, &format!("{party}-7"));
        declarations.push(decon::confirmed(app, &officer, &body).await.0);
        let input = MessageInput {
            to: Some(if party == "TR" { "SY" } else { "TR" }.into()),
            subject: format!("{party}-4"),
            body: "06:00".into(),
            ..Default::default()
        };
        let actor = officer_actor(app, party).await;
        let key = format!("language-{}", app.next());
        let sent = app.store.hotline_send(&actor, &input, &key, &AckMinutes::default()).await.unwrap();
        messages.push(sent.message.id.get());
    }
    let run = app.allocation_run().await;
    let half_way = vec![
        app.new_nomination("TR", "SY", false).await,
        app.enrolment("SY", "TR", None, Stage::Accepted).await.0,
        app.enrolment("TR", "SY", None, Stage::Accepted).await.0,
    ];
    let plans = vec![app.new_plan("TR").await, app.new_plan("SY").await];
    let deployments = vec![app.new_deployment("TR").await, app.new_deployment("SY").await];
    let mut reports = vec![app.new_report("TR", false).await, app.new_report("SY", true).await];
    let returned = ittifaq_core::id::ReportId(app.new_report("TR", true).await);
    let sy = ittifaq_store::Actor::system(ittifaq_core::PartyCode::parse("SY").unwrap());
    let r = app
        .store
        .report_step(&sy, returned, ittifaq_core::assistance::advisory::ReportStep::Return, "Recount depot 3.")
        .await
        .unwrap();
    let contest = ittifaq_store::assistance::advisory::ContestInput { value: 1.0, reason: "Depot 3 missing.".into() };
    app.store.contest_measurement(&sy, r.measurements[0].id, &contest).await.unwrap();
    reports.push(returned.get());
    let measurements = vec![r.measurements[0].id.get()];
    let formations = vec![app.new_formation("TR").await, app.new_formation("SY").await];
    let candidates = vec![app.new_candidate("TR").await, app.new_candidate("SY").await];
    Records {
        formations,
        candidates,
        deployments,
        reports,
        measurements,
        enrolments,
        half_way,
        declarations,
        messages,
        run,
        plans,
        course: app.tr.course,
        institution: app.institution("TR").await,
    }
}

/// Every address of a route `method` the policy lets `role` call, each id
/// filled with every record of its kind.
fn addresses(method: &str, role: Option<Role>, r: &Records) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rule in ittifaq_web::ROUTES {
        let path = rule.path;
        let skipped = ["/events", "{token}", "{file}", "{seq}", "{username}", "/logout", "/lang"];
        if rule.method != method || !rule.access.allows(role) || skipped.iter().any(|s| path.contains(s)) {
            continue;
        }
        if role.is_some() && rule.access == Access::Public && method == "GET" && !path.contains('{') {
            continue;
        }
        let ids: Vec<String> = if !path.contains("{id}") {
            vec![String::new()]
        } else if path.contains("sessions/") {
            r.enrolments.iter().map(|e| e.session.to_string()).collect()
        } else if path.contains("nominations/") {
            r.enrolments.iter().map(|e| e.nomination).chain(r.half_way.iter().copied()).map(|n| n.to_string()).collect()
        } else if path.contains("certificates/") || path.contains("verify/") {
            r.enrolments.iter().map(|e| e.certificate.clone()).collect()
        } else if path.contains("people/") {
            r.enrolments.iter().map(|e| e.person.to_string()).collect()
        } else if path.contains("units/") {
            r.enrolments.iter().map(|e| e.unit.to_string()).collect()
        } else if path.contains("declarations/") || path.starts_with("/decon/") {
            r.declarations.iter().map(i64::to_string).collect()
        } else if path.contains("messages/") {
            r.messages.iter().map(i64::to_string).collect()
        } else if path.contains("plans/") {
            r.plans.iter().map(i64::to_string).collect()
        } else if path.contains("deployments/") {
            r.deployments.iter().map(i64::to_string).collect()
        } else if path.contains("reports/") {
            r.reports.iter().map(i64::to_string).collect()
        } else if path.contains("measurements/") {
            r.measurements.iter().map(i64::to_string).collect()
        } else if path.starts_with("/integration/candidates/") || path.starts_with("/api/v1/candidates/") {
            r.candidates.iter().map(i64::to_string).collect()
        } else if path.contains("formations/") {
            r.formations.iter().map(i64::to_string).collect()
        } else if path.contains("runs/") {
            vec![r.run.to_string()]
        } else if path.contains("courses/") {
            vec![r.course.to_string()]
        } else if path.contains("institutions/") {
            vec![r.institution.to_string()]
        } else {
            continue;
        };
        for id in ids {
            out.push((path.to_owned(), path.replace("{id}", &id)));
        }
    }
    out
}

/// Walks every page and export of `role` of `party` in `lang`, then posts
/// every form and API call it may make with nothing filled in and reads the
/// refusals; returns each fault found.
async fn walk(app: &App, r: &Records, detector: &Detector, lang: &str, party: &str, role: Role) -> Vec<String> {
    let token = app.token(party, role).await;
    let mut faults = Vec::new();
    let mut check = |what: String, reply: &Reply| {
        if reply.status.is_server_error() {
            faults.push(format!("{what}: {}", reply.status));
        }
        for piece in pieces(reply) {
            if let Some(f) = detector.fault(&piece) {
                faults.push(format!("{what}: {f}"));
            }
        }
    };
    for (_, uri) in addresses("GET", Some(role), r) {
        let reply = if uri.starts_with("/api/") {
            app.json_in(lang, "GET", &uri, Some(&token), "").await
        } else {
            app.get_in(lang, &uri, Some(&token)).await
        };
        check(format!("{role:?} of {party} in {lang}: GET {uri}"), &reply);
    }
    for uri in ["/sessions/999999", "/nominations/999999", "/no-such-page", "/api/v1/nominations/999999"] {
        let reply = if uri.starts_with("/api/") {
            app.json_in(lang, "GET", uri, Some(&token), "").await
        } else {
            app.get_in(lang, uri, Some(&token)).await
        };
        check(format!("{role:?} of {party} in {lang}: GET {uri}"), &reply);
    }
    for method in ["POST", "PUT"] {
        for (path, uri) in addresses(method, Some(role), r) {
            let reply = if path.starts_with("/api/") {
                app.json_in(lang, method, &uri, Some(&token), "{}").await
            } else {
                app.form_in(lang, &uri, Some(&token), "").await
            };
            check(format!("{role:?} of {party} in {lang}: {method} {uri} (empty)"), &reply);
        }
    }
    faults
}

/// The pages of someone not signed in: sign-in, its refusal, verification.
async fn walk_signed_out(app: &App, r: &Records, detector: &Detector, lang: &str) -> Vec<String> {
    let mut faults = Vec::new();
    let mut replies = vec![
        ("GET /login".to_owned(), app.get_in(lang, "/login", None).await),
        ("POST /login".to_owned(), app.form_in(lang, "/login", None, "username=tr.admin&password=wrong").await),
        (
            "POST /api/v1/login".to_owned(),
            app.json_in(lang, "POST", "/api/v1/login", None, r#"{"username":"x","password":"y"}"#).await,
        ),
        ("GET /verify/NOPE".to_owned(), app.get_in(lang, "/verify/NOPE", None).await),
    ];
    for (_, uri) in addresses("GET", None, r) {
        replies.push((format!("GET {uri}"), app.get_in(lang, &uri, None).await));
    }
    for (what, reply) in replies {
        for piece in pieces(&reply) {
            if let Some(f) = detector.fault(&piece) {
                faults.push(format!("signed out in {lang}: {what}: {f}"));
            }
        }
    }
    faults
}

async fn walk_all(party: &'static str) {
    let app = App::new().await;
    let r = records(&app).await;
    let mut faults = Vec::new();
    for lang in ["tr", "ar"] {
        let detector = Detector::new(lang);
        faults.extend(walk_signed_out(&app, &r, &detector, lang).await);
        for role in Role::ALL {
            faults.extend(walk(&app, &r, &detector, lang, party, role).await);
        }
    }
    faults.sort();
    faults.dedup();
    assert!(faults.is_empty(), "{} faults:\n{}", faults.len(), faults.join("\n"));
}

#[tokio::test]
async fn every_page_and_refusal_of_tr_is_said_in_turkish_and_arabic() {
    walk_all("TR").await;
}

#[tokio::test]
async fn every_page_and_refusal_of_sy_is_said_in_turkish_and_arabic() {
    walk_all("SY").await;
}

#[test]
fn the_detector_finds_english_keys_and_unfilled_arguments() {
    let d = Detector::new("tr");
    assert!(d.fault("Oturum açın").is_none());
    assert!(d.fault("The course is taught in en").is_some());
    assert!(d.fault("Sign in").is_some() || d.phrases.iter().all(|p| p != "Sign in"));
    assert!(d.fault("nav-inbox").is_some());
    assert!(d.fault("kurs {$course} dilinde").is_some());
    assert!(d.fault("TR-HQ Karargâh").is_none());
    assert!(d.fault("Durum: open").is_some());
}

#[tokio::test]
async fn a_request_that_cannot_be_read_is_refused_naming_the_field_in_the_users_language() {
    let app = App::new().await;
    let office = app.token("TR", Role::JointOffice).await;
    let missing = app.json_in("tr", "POST", "/api/v1/nominations", Some(&office), "{}").await;
    assert_eq!(missing.status, 400, "{}", missing.body);
    let text = ittifaq_web::i18n::strip_isolation(missing.json()["error"]["message"].as_str().unwrap());
    assert!(text.contains("alanı eksik") && text.contains("session_id"), "{text}");
    let wrong = r#"{"session_id": "x", "person_id": 1, "priority": 1, "comment": ""}"#;
    let wrong = app.json_in("ar", "POST", "/api/v1/nominations", Some(&office), wrong).await;
    let text = ittifaq_web::i18n::strip_isolation(wrong.json()["error"]["message"].as_str().unwrap());
    assert!(text.contains("session_id") && text.contains("من نوع غير صحيح"), "{text}");
    let broken = app.json_in("tr", "POST", "/api/v1/nominations", Some(&office), "{\"session_id\": ").await;
    let text = ittifaq_web::i18n::strip_isolation(broken.json()["error"]["message"].as_str().unwrap());
    assert!(text.contains("geçerli bir JSON değil") && !text.contains("EOF"), "{text}");
    let form = app.form_in("ar", "/allocation/runs", Some(&office), "").await;
    assert_eq!(form.status, 400, "{}", form.body);
    let text = ittifaq_web::i18n::strip_isolation(&form.body);
    assert!(text.contains("الحقل from مفقود") && !text.contains("Failed to deserialize"), "{text}");
}
