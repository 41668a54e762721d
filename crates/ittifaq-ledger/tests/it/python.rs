//! Cross-check against an independent RFC 9162 verifier written in Python (hashlib
//! only): Rust writes leaves, roots, proofs and checkpoints to JSON; Python checks.

use std::path::{Path, PathBuf};
use std::process::Command;

use ittifaq_ledger::merkle;
use serde_json::{Value, json};

use crate::{cosigner, encoded, host, tree_of, witness};

fn hexs(hs: &[ittifaq_ledger::Hash]) -> Vec<String> {
    hs.iter().map(|h| h.to_hex()).collect()
}

fn export() -> Value {
    let entries = encoded(41);
    let tree = tree_of(&entries);
    let sizes: Vec<u64> = (0..=41).collect();
    let roots: Vec<Value> =
        sizes.iter().map(|&n| json!({"size": n, "root": merkle::root_at(&tree, n).expect("root").to_hex()})).collect();
    let mut inclusion = Vec::new();
    let mut consistency = Vec::new();
    for n in 1..=41u64 {
        let root = merkle::root_at(&tree, n).expect("root");
        for i in 0..n {
            let p = merkle::inclusion_proof(&tree, i, n).expect("proof");
            inclusion.push(json!({"index": i, "size": n, "root": root.to_hex(), "proof": hexs(&p)}));
        }
        for m in 0..=n {
            let p = merkle::consistency_proof(&tree, m, n).expect("proof");
            consistency.push(json!({
                "old_size": m, "new_size": n,
                "old_root": merkle::root_at(&tree, m).expect("root").to_hex(),
                "new_root": root.to_hex(), "proof": hexs(&p)
            }));
        }
    }
    let cps = crate::checkpoints(&tree, &[1, 16, 30, 41]);
    json!({
        "entries": entries.iter().map(hex::encode).collect::<Vec<_>>(),
        "roots": roots,
        "inclusion": inclusion,
        "consistency": consistency,
        "checkpoints": cps.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "verifier_keys": [
            host().verifier().to_string(),
            witness().verifier().to_string(),
            cosigner().verifier().to_string(),
        ],
    })
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/verifier.py")
}

/// Run the Python verifier; panics (fails the test) when python3 is missing rather
/// than skipping, since a silently skipped cross-check proves nothing.
fn run(doc: &Value, name: &str) -> (bool, String) {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(doc).expect("json")).expect("write json");
    let out = match Command::new("python3").arg(script()).arg(&path).output() {
        Ok(o) => o,
        Err(e) => panic!(
            "python3 is required for the independent verifier test (tests/verifier.py) \
             but could not be run: {e}. Install python3."
        ),
    };
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn python_verifier_accepts_rust_output() {
    let (ok, out) = run(&export(), "ledger-export-ok.json");
    assert!(ok, "python verifier rejected valid data:\n{out}");
    assert!(out.contains("OK"), "{out}");
}

#[test]
fn python_verifier_rejects_corruption() {
    let base = export();
    type Corruption = fn(&mut Value);
    let cases: [(&str, Corruption); 5] = [
        ("inclusion", |d| {
            // Flip one hex digit of one inclusion proof element.
            let p = &mut d["inclusion"][100]["proof"][1];
            let s = p.as_str().expect("str").to_owned();
            let flipped = if s.starts_with('0') { "1" } else { "0" };
            *p = Value::String(format!("{flipped}{}", &s[1..]));
        }),
        ("consistency", |d| {
            let p = &mut d["consistency"][300]["proof"][0];
            let s = p.as_str().expect("str").to_owned();
            let flipped = if s.ends_with('a') { "b" } else { "a" };
            *p = Value::String(format!("{}{flipped}", &s[..63]));
        }),
        ("root", |d| {
            d["roots"][17]["root"] = Value::String("00".repeat(32));
        }),
        ("entry", |d| {
            let e = &mut d["entries"][4];
            let s = e.as_str().expect("str").to_owned();
            *e = Value::String(s.replace("6179696c6d617a", "61616161616161"));
        }),
        ("checkpoint", |d| {
            let c = &mut d["checkpoints"][2];
            let s = c.as_str().expect("str").to_owned();
            *c = Value::String(s.replacen("\n30\n", "\n29\n", 1));
        }),
    ];
    for (name, corrupt) in cases {
        let mut doc = base.clone();
        corrupt(&mut doc);
        assert_ne!(doc, base, "{name}: corruption had no effect");
        let (ok, out) = run(&doc, &format!("ledger-export-bad-{name}.json"));
        assert!(!ok, "python verifier accepted corrupted {name}:\n{out}");
    }
}
