//! The command line, run as a user runs it: agreement checks, imports,
//! accounts, and the demo server from start to graceful shutdown.

use ittifaq_core::id::PersonId;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ittifaq");
const AGREEMENT: &str = include_str!("../../../../agreements/tr-sy-2025.toml");

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("ITTIFAQ_DATABASE")
        .env_remove("ITTIFAQ_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ittifaq");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn agreement_check_accepts_the_shipped_file_and_names_every_fault() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../agreements/tr-sy-2025.toml");
    let ok = run(&["agreement", "check", root.to_str().unwrap()], None);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("is valid: 2 parties"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let broken = AGREEMENT.replacen("host_party = \"TR\"", "host_party = \"XX\"", 1).replacen(
        "city = \"Ankara\"",
        "city = \"\"",
        1,
    );
    std::fs::write(&bad, &broken).unwrap();
    let out = run(&["agreement", "check", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out);
    let host_line = broken.lines().position(|l| l.contains("\"XX\"")).unwrap() + 1;
    assert!(
        report.contains(&format!("bad.toml:line {host_line}: agreement.host_party: XX is not one of the parties")),
        "{report}"
    );
    assert!(report.contains(".city: must not be empty"), "{report}");
    assert!(report.contains("2 fault(s)"), "{report}");

    std::fs::write(&bad, "[agreement\nid=").unwrap();
    let out = run(&["agreement", "check", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("line 1"), "{}", text(&out));
}

#[test]
fn import_people_is_all_or_none_with_a_report_of_every_rejected_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    // The demo seeds the units (TR-BN11, SY-BN11, …); it serves, so the test starts it and stops it.
    let demo = start_demo(&data);
    stop(demo);

    let good = dir.path().join("good.csv");
    // Saved from Excel as "CSV UTF-8", as the platform's own exports are: a byte order mark first.
    std::fs::write(&good, "\u{feff}service_number,given_name,family_name,rank,unit_code,languages,national_id\nTR-900001,Ece,Sarı,OF-2,TR-BN11,\"tr, en\",123\nTR-900002,Can,Er,OR-5,TR-BN12,tr,456\n").unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "service_number,given_name,family_name,rank,unit_code\nTR-900003,Ada,Su,OF-2,TR-BN11\nTR-900004,Ali,,OF-2,TR-BN11\nTR-900005,Efe,Tan,Major,TR-BN11\nTR-900006,Eda,Ak,OF-1,SY-BN11\nTR-900007,Ulaş,Ay,OF-1,NOPE\n").unwrap();

    let out = run(&["import", "people", bad.to_str().unwrap(), "--party", "TR", "--data-dir", d], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    for expected in [
        "bad.csv:3: column family_name: family_name: is required",
        "bad.csv:4: column rank:",
        // SY keeps its units to itself: to TR the code does not exist.
        "bad.csv:5: column unit_code: no unit has the code \"SY-BN11\"",
        "bad.csv:6: column unit_code: no unit has the code \"NOPE\"",
        "4 row(s) rejected; nothing was imported",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in\n{report}");
    }
    assert!(!report.contains("bad.csv:2:"), "{report}");

    let out = run(&["import", "people", good.to_str().unwrap(), "--party", "TR", "--data-dir", d], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("imported 2 people"));
    // The same rows again collide on their service numbers, and nothing is half-written.
    let again = run(&["import", "people", good.to_str().unwrap(), "--party", "TR", "--data-dir", d], None);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("good.csv:2: column service_number"), "{}", text(&again));
    assert!(text(&again).contains("good.csv:3: column service_number"), "{}", text(&again));

    let unknown = dir.path().join("unknown.csv");
    std::fs::write(&unknown, "service_number,given_name,family_name,rank,unit_code,shoe_size\n").unwrap();
    let out = run(&["import", "people", unknown.to_str().unwrap(), "--party", "TR", "--data-dir", d], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("unknown.csv:1: column shoe_size: unknown column"), "{}", text(&out));
}

#[test]
fn user_add_creates_the_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("data");
    let d = d.to_str().unwrap();
    let out = run(
        &["user", "add", "--username", "tr.root", "--party", "TR", "--data-dir", d, "--password-stdin"],
        Some("a sufficiently long password\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("created tr.root (admin of TR)"));
    let dup = run(&["user", "add", "--username", "tr.root", "--party", "TR", "--data-dir", d], None);
    assert!(!dup.status.success());
    assert!(text(&dup).contains("username: tr.root is taken"), "{}", text(&dup));
    let short = run(
        &["user", "add", "--username", "tr.other", "--party", "TR", "--data-dir", d, "--password-stdin"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(text(&short).contains("password"), "{}", text(&short));
    let bad_role =
        run(&["user", "add", "--username", "tr.x", "--party", "TR", "--role", "general", "--data-dir", d], None);
    assert!(text(&bad_role).contains("\"general\" is not a role"), "{}", text(&bad_role));
}

struct Demo {
    child: std::process::Child,
    addr: String,
    output: String,
    log: std::path::PathBuf,
    /// Kept open, so that the server never writes into a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
    /// One demo server at a time across this binary's tests.
    _turn: std::sync::MutexGuard<'static, ()>,
}

static DEMO_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn start_demo(data: &Path) -> Demo {
    let turn = DEMO_TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    std::fs::create_dir_all(data.parent().unwrap()).unwrap();
    let mut child = Command::new(BIN)
        .args(["demo", "--data-dir", data.to_str().unwrap(), "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(data.with_extension("log")).expect("the demo's log file"))
        .spawn()
        .expect("start the demo");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut output = String::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut addr = String::new();
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        output.push_str(&line);
        if let Some(rest) = line.strip_prefix("Ittifaq is serving on http://") {
            addr = rest.trim().trim_end_matches('/').to_owned();
        }
        if line.trim_start().starts_with("password:") {
            break;
        }
    }
    assert!(!addr.is_empty(), "the demo did not start:\n{output}");
    Demo { child, addr, output, log: data.with_extension("log"), _stdout: reader, _turn: turn }
}

fn stop(mut demo: Demo) -> std::process::ExitStatus {
    let pid = demo.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = demo.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the demo did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn http_get(addr: &str, path: &str) -> String {
    http_get_as(addr, path, None)
}

/// A GET, with a bearer token when one is given.
fn http_get_as(addr: &str, path: &str, token: Option<&str>) -> String {
    // Connection attempts are retried briefly: a loaded machine may be slow to schedule the server.
    let mut s = None;
    for _ in 0..50 {
        match TcpStream::connect(addr) {
            Ok(stream) => {
                s = Some(stream);
                break;
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let Some(mut s) = s else { return String::new() };
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n").as_bytes()).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // Read until the server closes; a reset after the response is not an error here.
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_demo_prints_logins_for_every_role_serves_and_stops_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let demo = start_demo(&data);
    for user in ["tr.joint_office", "sy.joint_office", "tr.auditor", "sy.deconfliction_officer", "sy.trainee"] {
        assert!(demo.output.contains(user), "{user} missing from\n{}", demo.output);
    }
    // The server may still be settling in on a loaded machine: a few tries.
    let mut health = String::new();
    for _ in 0..20 {
        health = http_get(&demo.addr, "/api/v1/health");
        if !health.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(&demo.log).unwrap_or_default();
    assert!(health.starts_with("HTTP/1.1 200"), "health: {health:?}\nthe demo's log:\n{log}");
    assert!(health.contains("\"status\":\"ok\""));
    // The demo's course hosted by SY is held in Syria, where its institution is.
    let token = demo_token(&demo, &data, "sy.joint_office");
    let sessions = http_get_as(&demo.addr, "/api/v1/sessions", Some(&token));
    let sessions: serde_json::Value =
        serde_json::from_str(sessions.split("\r\n\r\n").nth(1).unwrap_or_default()).expect(&sessions);
    let now = sessions.as_array().unwrap().iter().find(|s| s["code"] == "DEMO/NOW").expect("the running SY course");
    assert_eq!(now["host_party"], "SY");
    assert!(["Damascus", "Aleppo"].contains(&now["place"].as_str().unwrap()), "{now}");
    let status = stop(demo);
    assert!(status.success(), "exit status after SIGTERM: {status}");
    // Started again on the same directory, it reuses the data and the password.
    let again = start_demo(&data);
    let password = |o: &str| o.lines().find(|l| l.trim_start().starts_with("password:")).map(str::to_owned);
    let first = std::fs::read_to_string(data.join("demo-password.txt")).unwrap();
    assert_eq!(password(&again.output).unwrap().trim(), format!("password: {}", first.trim()));
    stop(again);
}

#[test]
fn alloc_generates_solves_and_checks_an_instance() {
    let dir = tempfile::tempdir().unwrap();
    let inst = dir.path().join("instance.json");
    let result = dir.path().join("result.json");
    let out = run(
        &["alloc", "generate", "--people", "300", "--sessions", "20", "--seed", "7", "-o", inst.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let out =
        run(&["alloc", "solve", inst.to_str().unwrap(), "-o", result.to_str().unwrap(), "--time-limit", "10"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("objective"), "{}", text(&out));
    let check = run(&["alloc", "check", inst.to_str().unwrap(), result.to_str().unwrap()], None);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("the result is feasible"));
    // A result altered by hand no longer checks.
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    doc["objective"] = serde_json::json!(doc["objective"].as_i64().unwrap() + 1);
    std::fs::write(&result, doc.to_string()).unwrap();
    let check = run(&["alloc", "check", inst.to_str().unwrap(), result.to_str().unwrap()], None);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    // A malformed instance is named, not solved.
    std::fs::write(&inst, r#"{"parties": ["TR"], "courses": [], "sessions": [], "units": [], "people": [], "nominations": [], "colour": 1}"#).unwrap();
    let bad = run(&["alloc", "solve", inst.to_str().unwrap(), "-o", result.to_str().unwrap()], None);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("colour"), "{}", text(&bad));
}

#[test]
fn decon_writes_every_conflicting_pair_of_generated_activities() {
    let dir = tempfile::tempdir().unwrap();
    let acts = dir.path().join("activities.ndjson");
    let conflicts = dir.path().join("conflicts.ndjson");
    let out = run(&["decon", "generate", "--count", "400", "--seed", "3", "-o", acts.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&acts).unwrap().lines().count(), 400);
    let out = run(&["decon", "conflicts", acts.to_str().unwrap(), "-o", conflicts.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    let written = std::fs::read_to_string(&conflicts).unwrap();
    for line in written.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(c["a"].as_str().unwrap() < c["b"].as_str().unwrap(), "{line}");
    }
    assert!(text(&out).contains(&format!("{} conflicting pair(s)", written.lines().count())));
    // An invalid activity is named with its line.
    std::fs::write(&acts, "{\"id\": \"X-1\", \"party\": \"TR\"}\n").unwrap();
    let bad = run(&["decon", "conflicts", acts.to_str().unwrap(), "-o", conflicts.to_str().unwrap()], None);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("line 1"), "{}", text(&bad));
}

#[test]
fn the_ledger_exports_and_verifies_offline_and_an_altered_export_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let d = data.to_str().unwrap();
    let demo = start_demo(&data);
    // `serve` fills the ledger's node mirror in the background at start.
    let recorded = data.join("ledger-nodes").join("size");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !recorded.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    stop(demo);
    assert!(recorded.exists(), "the server filled its node mirror");
    let ok = run(&["audit", "verify", "--data-dir", d], None);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("verified:"), "{}", text(&ok));

    // A subtree hash changed in the node mirror, from which proofs are served, is found.
    let leaves = data.join("ledger-nodes").join("level-0.bin");
    let sound = std::fs::read(&leaves).unwrap();
    let mut bad = sound.clone();
    bad[7 * 32] ^= 1;
    std::fs::write(&leaves, &bad).unwrap();
    let found = run(&["audit", "verify", "--data-dir", d], None);
    assert_eq!(found.status.code(), Some(1), "{}", text(&found));
    assert!(text(&found).contains("(0, 7) in the node mirror"), "{}", text(&found));
    std::fs::write(&leaves, &sound).unwrap();

    let export = dir.path().join("ledger.json");
    let out = run(&["audit", "export", "--data-dir", d, "-o", export.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out));
    let key = std::fs::read_to_string(data.join("ledger-host.pub")).unwrap();
    let ok = run(&["audit", "verify", export.to_str().unwrap(), "--key", key.trim()], None);
    assert!(ok.status.success(), "{}", text(&ok));

    // Alter one entry of the export: verification names it and fails.
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let entry = doc["entries"][10].as_str().unwrap().to_owned();
    let last = entry.len() - 1;
    let flipped = if &entry[last..] == "0" { "1" } else { "0" };
    doc["entries"][10] = serde_json::json!(format!("{}{flipped}", &entry[..last]));
    std::fs::write(&export, doc.to_string()).unwrap();
    let bad = run(&["audit", "verify", export.to_str().unwrap(), "--key", key.trim()], None);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("entry 10"), "{}", text(&bad));

    // A key the host does not hold fails every checkpoint.
    let stranger = "tr-sy-2025-TR+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let bad = run(&["audit", "verify", "--data-dir", d, "--key", stranger], None);
    assert!(!bad.status.success(), "{}", text(&bad));
}

#[test]
fn a_demo_certificate_verifies_offline_and_an_altered_one_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let d = data.to_str().unwrap();
    stop(start_demo(&data));
    // The SY trainee of the demo graduated from the course that ended: take their certificate.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pdf = runtime.block_on(async {
        let store =
            ittifaq_store::Store::open(&format!("sqlite://{}", data.join("ittifaq.db").display())).await.unwrap();
        let user = store.user_by_username("sy.trainee").await.unwrap().unwrap();
        let trainee = ittifaq_store::Actor {
            user_id: Some(user.id),
            username: user.username.clone(),
            party: ittifaq_core::PartyCode::parse("SY").unwrap(),
            role: ittifaq_core::Role::Trainee,
        };
        let certs =
            store.certificates_of_person(&trainee, PersonId(user.person_id.expect("a linked person"))).await.unwrap();
        assert_eq!(certs.len(), 1, "{certs:?}");
        store.certificate_pdf(&trainee, &certs[0].code).await.unwrap()
    });
    let file = dir.path().join("certificate.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let ok = run(&["certificate", "verify", file.to_str().unwrap(), "--data-dir", d], None);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains(": valid: CERT-TR-"), "{}", text(&ok));

    let mut altered = pdf.clone();
    altered[pdf.len() / 3] ^= 0x20;
    std::fs::write(&file, &altered).unwrap();
    let bad = run(&["certificate", "verify", file.to_str().unwrap(), "--data-dir", d], None);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains(": altered: "), "{}", text(&bad));

    // Trusting another key for TR (here SY's): the seal is not TR's.
    std::fs::write(&file, &pdf).unwrap();
    let empty = dir.path().join("empty");
    let stranger = format!("TR={}", std::fs::read_to_string(data.join("party-SY").join("seal-SY.pub")).unwrap().trim());
    let bad = run(
        &["certificate", "verify", file.to_str().unwrap(), "--data-dir", empty.to_str().unwrap(), "--key", &stranger],
        None,
    );
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains(": bad-signature: "), "{}", text(&bad));
}

/// A bearer token of a demo user, signed in with the demo's password.
fn demo_token(demo: &Demo, data: &Path, username: &str) -> String {
    let password = std::fs::read_to_string(data.join("demo-password.txt")).unwrap();
    let login = http_post_json(
        &demo.addr,
        "/api/v1/login",
        &serde_json::json!({"username": username, "password": password.trim()}).to_string(),
    );
    let body = login.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(body).expect(&login)["token"].as_str().unwrap().to_owned()
}

fn http_post_json(addr: &str, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn the_other_party_witnesses_over_http_and_refuses_a_forked_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let d = data.to_str().unwrap();
    let state = dir.path().join("sy-witness.state");
    // A key the host makes for SY: the agreement pins SY's own, so it is refused.
    let forged = dir.path().join("host-made.key");
    let out = run(
        &["audit", "witness-key", "generate", "--name", "ittifaq.sy/witness", "-o", forged.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let forged_public = std::fs::read_to_string(dir.path().join("host-made.key.pub")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), forged_public.trim());

    let demo = start_demo(&data);
    // The demo made SY's witness key in SY's own directory and the agreement pins it.
    let key = data.join("party-SY").join("witness-SY.key");
    let public = std::fs::read_to_string(data.join("party-SY").join("witness-SY.key.pub")).unwrap();
    let refused =
        run(&["audit", "witness-key", "register", "--party", "SY", forged_public.trim(), "--data-dir", d], None);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(text(&refused).contains("pins another witness key"), "{}", text(&refused));
    let token = demo_token(&demo, &data, "sy.auditor");
    let host_key = std::fs::read_to_string(data.join("ledger-host.pub")).unwrap();
    let server = format!("http://{}", demo.addr);
    let witness = |extra: &[&str]| {
        let mut args = vec!["audit", "witness", "--key", key.to_str().unwrap(), "--state", state.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&args, None)
    };
    // Without a registered key the server refuses the cosignature.
    let early = witness(&["--server", &server, "--token", &token, "--host-key", host_key.trim()]);
    assert!(!early.status.success(), "{}", text(&early));
    assert!(text(&early).contains("no witness key"), "{}", text(&early));
    let reg = run(&["audit", "witness-key", "register", "--party", "SY", public.trim(), "--data-dir", d], None);
    assert!(reg.status.success(), "{}", text(&reg));
    assert!(run(&["audit", "checkpoint", "--data-dir", d], None).status.success());
    let first = witness(&["--server", &server, "--token", &token, "--host-key", host_key.trim()]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("first contact"), "{}", text(&first));
    // The log grows; the witness checks the consistency proof and cosigns again.
    assert!(
        run(&["audit", "witness-key", "register", "--party", "SY", public.trim(), "--data-dir", d], None)
            .status
            .success()
    );
    assert!(run(&["audit", "checkpoint", "--data-dir", d], None).status.success());
    let second = witness(&["--server", &server, "--token", &token]);
    assert!(second.status.success(), "{}", text(&second));
    assert!(text(&second).contains("consistent with the"), "{}", text(&second));
    stop(demo);

    // The export carries the cosignatures; verify can require them.
    let export = dir.path().join("ledger.json");
    assert!(run(&["audit", "export", "--data-dir", d, "-o", export.to_str().unwrap()], None).status.success());
    let pin = format!("SY={}", public.trim());
    let ok = run(
        &[
            "audit",
            "verify",
            export.to_str().unwrap(),
            "--key",
            host_key.trim(),
            "--witness-key",
            &pin,
            "--require-witness",
            "SY",
        ],
        None,
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("witnessed by SY: the first"), "{}", text(&ok));
    // Without a pin, the key the export states is not enough to require a witness.
    let unpinned = run(&["audit", "verify", export.to_str().unwrap(), "--require-witness", "SY"], None);
    assert_eq!(unpinned.status.code(), Some(1), "{}", text(&unpinned));
    assert!(text(&unpinned).contains("no witness key of SY is pinned"), "{}", text(&unpinned));
    // The database's agreement pins it.
    let pinned = run(&["audit", "verify", "--data-dir", d, "--require-witness", "SY"], None);
    assert!(pinned.status.success(), "{}", text(&pinned));
    let unwitnessed = run(&["audit", "verify", export.to_str().unwrap(), "--require-witness", "TR"], None);
    assert_eq!(unwitnessed.status.code(), Some(1), "{}", text(&unwitnessed));
    assert!(text(&unwitnessed).contains("TR"), "{}", text(&unwitnessed));

    // A second log under the same host key and origin (a fork): the witness refuses it.
    let forked = dir.path().join("fork");
    std::fs::create_dir_all(&forked).unwrap();
    for f in ["ledger-host.key", "ledger-host.pub"] {
        std::fs::copy(data.join(f), forked.join(f)).unwrap();
    }
    stop(start_demo(&forked));
    let before = std::fs::read_to_string(&state).unwrap();
    let refused = witness(&["--data-dir", forked.to_str().unwrap(), "--party", "SY"]);
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused));
    assert!(text(&refused).contains("REFUSED") && text(&refused).contains("forked or rewritten"), "{}", text(&refused));
    assert_eq!(std::fs::read_to_string(&state).unwrap(), before, "the held checkpoint is kept");
}

#[test]
fn bench_seed_grows_the_demo_and_writes_the_benchmark_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("year");
    let args = ["bench-seed", "--data-dir", data.to_str().unwrap()];
    let out = run(&[&args[..], &["--people", "800", "--sessions", "30", "--nominations", "300"]].concat(), None);
    assert!(out.status.success(), "{}", text(&out));
    let log = text(&out);
    assert!(log.contains("people: 800"), "{log}");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("bench-fixture.json")).unwrap()).unwrap();
    // Nominations wait for the sending party's key, and a running session has arrived trainees.
    let waiting: usize = fixture["waiting"].as_object().unwrap().values().map(|v| v.as_array().unwrap().len()).sum();
    assert!(waiting > 0, "{fixture}");
    assert!(!fixture["attendance"]["nominations"].as_array().unwrap().is_empty(), "{fixture}");
}

/// A TLS front for `backend` on 127.0.0.1 with a self-signed certificate for
/// `localhost` (what a ministry's reverse proxy is); returns its port and the
/// certificate in PEM.
fn tls_front(backend: String) -> (u16, String) {
    use std::sync::Arc;
    use tokio_rustls::rustls;
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let pem = cert.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                let (acceptor, backend) = (acceptor.clone(), backend.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake; nothing to forward then.
                    let Ok(mut tls) = acceptor.accept(socket).await else { return };
                    let Ok(mut plain) = tokio::net::TcpStream::connect(&backend).await else { return };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
    });
    (port, pem)
}

#[test]
fn the_witness_reaches_the_server_over_https_and_refuses_an_unknown_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let d = data.to_str().unwrap();
    let state = dir.path().join("sy-witness.state");
    let demo = start_demo(&data);
    // SY's witness key, made by the demo in SY's own directory and pinned in the agreement.
    let key = data.join("party-SY").join("witness-SY.key");
    let public = std::fs::read_to_string(data.join("party-SY").join("witness-SY.key.pub")).unwrap();
    let token = demo_token(&demo, &data, "sy.auditor");
    assert!(
        run(&["audit", "witness-key", "register", "--party", "SY", public.trim(), "--data-dir", d], None)
            .status
            .success()
    );
    assert!(run(&["audit", "checkpoint", "--data-dir", d], None).status.success());

    let host_key = std::fs::read_to_string(data.join("ledger-host.pub")).unwrap();
    let (port, pem) = tls_front(demo.addr.clone());
    let ca = dir.path().join("ministry-ca.pem");
    std::fs::write(&ca, &pem).unwrap();
    let server = format!("https://localhost:{port}");
    let witness = |extra: &[&str]| {
        let mut args = vec!["audit", "witness", "--key", key.to_str().unwrap(), "--state", state.to_str().unwrap()];
        args.extend_from_slice(&["--server", &server, "--token", &token, "--host-key", host_key.trim()]);
        args.extend_from_slice(extra);
        run(&args, None)
    };
    // A certificate no trusted authority signed: refused, and the reason given; nothing cosigned.
    let unknown = witness(&[]);
    assert!(!unknown.status.success(), "{}", text(&unknown));
    assert!(text(&unknown).to_lowercase().contains("certificate"), "{}", text(&unknown));
    assert!(!state.exists(), "no state is written for a refused server");
    // A CA file that is not PEM is named.
    let junk = dir.path().join("junk.pem");
    std::fs::write(&junk, "not a certificate").unwrap();
    let bad = witness(&["--ca-file", junk.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("junk.pem"), "{}", text(&bad));
    // With the ministry's CA: the witness checks and cosigns over TLS.
    let ok = witness(&["--ca-file", ca.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("cosigned the checkpoint"), "{}", text(&ok));
    stop(demo);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn the_hosts_data_holds_no_other_partys_secret_and_is_the_owners_alone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    stop(start_demo(&data));
    for f in ["ittifaq.db", "demo-password.txt", "ledger-host.key", "seal-TR.key"] {
        assert_eq!(mode(&data.join(f)), 0o600, "{f}");
    }
    for f in ["ittifaq.db-wal", "ittifaq.db-shm"] {
        if data.join(f).exists() {
            assert_eq!(mode(&data.join(f)), 0o600, "{f}");
        }
    }
    let secrets: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".key"))
        .collect();
    assert!(!secrets.iter().any(|n| n.contains("SY")), "the host holds SY's secret: {secrets:?}");
    // SY's own keys (the demo stands in for SY's machine) are SY's alone too.
    assert_eq!(mode(&data.join("party-SY").join("seal-SY.key")), 0o600);
}

#[test]
fn the_host_cannot_stand_in_for_the_other_partys_witness() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../agreements/tr-sy-2025.toml");
    assert!(run(&["agreement", "load", shipped.to_str().unwrap(), "--data-dir", d], None).status.success());
    assert!(
        run(&["user", "add", "--username", "tr.root", "--party", "TR", "--data-dir", d], None).status.success(),
        "a first change for the ledger"
    );
    // The host makes a key, registers it as SY's on its own database and cosigns with it.
    let forged = dir.path().join("forged.key");
    let out = run(
        &["audit", "witness-key", "generate", "--name", "ittifaq.sy/witness", "-o", forged.to_str().unwrap()],
        None,
    );
    let forged_public = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let reg = run(&["audit", "witness-key", "register", "--party", "SY", &forged_public, "--data-dir", d], None);
    assert!(reg.status.success(), "{}", text(&reg));
    assert!(run(&["audit", "checkpoint", "--data-dir", d], None).status.success());
    let state = dir.path().join("forged.state");
    let cosigned = run(
        &[
            "audit",
            "witness",
            "--key",
            forged.to_str().unwrap(),
            "--state",
            state.to_str().unwrap(),
            "--data-dir",
            d,
            "--party",
            "SY",
        ],
        None,
    );
    assert!(cosigned.status.success(), "{}", text(&cosigned));
    // SY's verifier does not take the database's word for SY's key.
    let from_db = run(&["audit", "verify", "--data-dir", d, "--require-witness", "SY"], None);
    assert_eq!(from_db.status.code(), Some(1), "{}", text(&from_db));
    assert!(text(&from_db).contains("no witness key of SY is pinned"), "{}", text(&from_db));
    let export = dir.path().join("ledger.json");
    assert!(run(&["audit", "export", "--data-dir", d, "-o", export.to_str().unwrap()], None).status.success());
    let from_export = run(&["audit", "verify", export.to_str().unwrap(), "--require-witness", "SY"], None);
    assert_eq!(from_export.status.code(), Some(1), "{}", text(&from_export));
    // With SY's real key (pinned in the agreement SY signed), the forged cosignature counts for nothing.
    let real = dir.path().join("sy.key");
    let out =
        run(&["audit", "witness-key", "generate", "--name", "ittifaq.sy/witness", "-o", real.to_str().unwrap()], None);
    let real_public = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let pinned = dir.path().join("pinned.toml");
    let source = AGREEMENT.replacen(
        "[[parties]]\ncode = \"SY\"\n",
        &format!("[[parties]]\ncode = \"SY\"\nwitness_key = \"{real_public}\"\n"),
        1,
    );
    std::fs::write(&pinned, source).unwrap();
    let with_pin = run(
        &[
            "audit",
            "verify",
            export.to_str().unwrap(),
            "--agreement",
            pinned.to_str().unwrap(),
            "--require-witness",
            "SY",
        ],
        None,
    );
    assert_eq!(with_pin.status.code(), Some(1), "{}", text(&with_pin));
    assert!(text(&with_pin).contains("not witnessed by SY"), "{}", text(&with_pin));
    // Once the agreement pins SY's key, the host cannot register another.
    assert!(run(&["agreement", "load", pinned.to_str().unwrap(), "--data-dir", d], None).status.success());
    let again = run(&["audit", "witness-key", "register", "--party", "SY", &forged_public, "--data-dir", d], None);
    assert!(!again.status.success(), "{}", text(&again));
}

#[test]
fn agreement_check_refuses_an_endless_file_and_import_lists_every_bad_row() {
    let endless = run(&["agreement", "check", "/dev/zero"], None);
    assert!(!endless.status.success(), "{}", text(&endless));
    assert!(text(&endless).contains("larger than"), "{}", text(&endless));

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("data");
    let d = d.to_str().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../agreements/tr-sy-2025.toml");
    assert!(run(&["agreement", "load", shipped.to_str().unwrap(), "--data-dir", d], None).status.success());
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "service_number,given_name,family_name,rank,unit_code\n\
         TR-1,Ayse,Kaya,OR-6\n\
         TR-2,Ali,Demir,OR-6,NO-UNIT,extra\n\
         TR-3,Can,Yilmaz,XX-9,NO-UNIT\n\
         TR-4,Deniz\n",
    )
    .unwrap();
    let out = run(&["import", "people", csv.to_str().unwrap(), "--party", "TR", "--data-dir", d], None);
    assert!(!out.status.success());
    let report = text(&out);
    for line in [":2:", ":3:", ":4:", ":5:"] {
        assert!(report.contains(line), "line {line} is not reported:\n{report}");
    }
}
