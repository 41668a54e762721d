//! Fresh databases for each test, on every backend under test.

use ittifaq_core::id::SessionId;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use ittifaq_core::person::PersonInput;
use ittifaq_core::{Agreement, PartyCode, Role};
use ittifaq_store::registry::UnitInput;
use ittifaq_store::{Actor, Clock, Store};

pub const AGREEMENT: &str = include_str!("../../../../agreements/tr-sy-2025.toml");

pub struct TestClock(pub AtomicI64);

impl Clock for TestClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A database under test: the store, its clock, and the temp dir that holds a SQLite file.
pub struct TestDb {
    pub store: Store,
    pub clock: Arc<TestClock>,
    pub label: &'static str,
    /// Where the database is, to open a second store on it.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// One fresh, migrated database with the agreement loaded, per backend under test.
pub async fn databases() -> Vec<TestDb> {
    databases_with(None).await
}

/// As [`databases`], each store keeping a single connection: a step that
/// asks for a second connection while it holds one waits until the pool
/// gives up (10 s) and fails, where a larger pool would hide it until a
/// server under load had lent every connection to such steps.
pub async fn databases_on_one_connection() -> Vec<TestDb> {
    let mut dbs = databases_with(Some(1)).await;
    for db in &mut dbs {
        db.label = if db.label == "sqlite" { "sqlite, one connection" } else { "postgres, one connection" };
    }
    dbs
}

async fn databases_with(connections: Option<u32>) -> Vec<TestDb> {
    let mut out = Vec::new();
    let start = 1_780_000_000_000;
    {
        let clock = Arc::new(TestClock(AtomicI64::new(start)));
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::open_with(&url, clock.clone(), connections).await.expect("open sqlite");
        out.push(TestDb { store, clock, label: "sqlite", url, _dir: Some(dir) });
    }
    if let Ok(base) = std::env::var("ITTIFAQ_TEST_POSTGRES_URL") {
        let clock = Arc::new(TestClock(AtomicI64::new(start)));
        let url = ittifaq_store::testing::fresh_postgres(&base, "ittifaq_test_").await;
        let store = Store::open_with(&url, clock.clone(), connections).await.expect("open postgres");
        out.push(TestDb { store, clock, label: "postgres", url, _dir: None });
    }
    for db in &out {
        let agreement = Agreement::parse(AGREEMENT).expect("agreement");
        db.store.load_agreement(&agreement, AGREEMENT).await.expect("load agreement");
    }
    out
}

pub fn actor(party: &str, role: Role) -> Actor {
    Actor {
        user_id: None,
        username: format!("{}-{}", party.to_lowercase(), role.code()),
        party: PartyCode::parse(party).unwrap(),
        role,
    }
}

/// A real instructor account of `party`, assigned to teach `session`.
pub async fn instructor(store: &Store, party: &str, session: i64) -> Actor {
    let code = PartyCode::parse(party).unwrap();
    let name = format!("{}.instructor{session}", party.to_lowercase());
    let new = ittifaq_store::users::NewUser {
        username: name.clone(),
        display_name: "Instructor".into(),
        password_hash: "x".into(),
        party: code.clone(),
        role: Role::Instructor,
        unit_id: None,
    };
    let u = store.create_user(&Actor::system(code.clone()), &new).await.unwrap();
    store.assign_instructor(&Actor::system(code.clone()), SessionId(session), &name, true).await.unwrap();
    Actor { user_id: Some(u.id), username: name, party: code, role: Role::Instructor }
}

pub async fn unit(store: &Store, party: &str, code: &str) -> i64 {
    let a = actor(party, Role::JointOffice);
    store
        .create_unit(
            &a,
            &UnitInput {
                code: code.into(),
                parent_id: None,
                name_en: format!("{code} battalion"),
                name_tr: format!("{code} taburu"),
                name_ar: format!("كتيبة {code}"),
                max_away: Some(3),
            },
        )
        .await
        .expect("create unit")
        .id
}

pub fn person(service_number: &str, unit_id: i64) -> PersonInput {
    PersonInput {
        service_number: service_number.into(),
        given_name: "Ayşe".into(),
        family_name: "Yılmaz".into(),
        native_name: Some("CANARY-native".into()),
        rank: "OF-2".into(),
        rank_title: Some("Yüzbaşı".into()),
        unit_id,
        languages: vec!["tr".into(), "en".into()],
        qualifications: vec!["EOD-BASIC".into()],
        national_id: Some("CANARY-12345678901".into()),
        phone: Some("+90 555 000 0000".into()),
        next_of_kin: Some("CANARY-kin".into()),
    }
}
