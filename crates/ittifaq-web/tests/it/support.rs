//! A router on a fresh database (SQLite, or PostgreSQL when
//! `ITTIFAQ_TEST_POSTGRES_URL` is set) with units, people and users of both
//! parties; each party's private data carries a canary.

use ittifaq_core::id::{PersonId, SessionId};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use ittifaq_core::person::PersonInput;
use ittifaq_core::{Agreement, PartyCode, Role};
use ittifaq_store::registry::UnitInput;
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Clock, Store};
use ittifaq_web::{AppState, PasswordCost, Passwords, WebConfig};
use tower::ServiceExt;

pub const AGREEMENT: &str = include_str!("../../../../agreements/tr-sy-2025.toml");
pub const PASSWORD: &str = "correct horse battery";
pub const ORIGIN: &str = "ittifaq/tr-sy-2025";

pub fn canary(party: &str) -> String {
    format!("CANARY-{party}-SECRET")
}

pub struct TestClock(pub AtomicI64);

impl Clock for TestClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub struct PartyData {
    /// The headquarters, over every other unit of the party; its commander's.
    pub hq: i64,
    pub units: Vec<i64>,
    pub people: Vec<i64>,
    /// A unit with no cap on people away, for nominees made by tests.
    pub free_unit: i64,
    /// A course of the party's first institution, open to every rank and taught in English.
    pub course: i64,
    /// An open session of that course, hosted by the party.
    pub session: i64,
    /// The person the party's trainee account belongs to.
    pub trainee_person: i64,
    /// The person the party's advisor account belongs to.
    pub advisor_person: i64,
}

/// How far an enrolment made by [`App::enrolment`] has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Accepted,
    Ordered,
    Arrived,
    Completed,
    Certified,
}

pub struct App {
    pub router: Router,
    pub store: Store,
    pub clock: Arc<TestClock>,
    pub tr: PartyData,
    pub sy: PartyData,
    counter: AtomicU64,
    _dir: Option<tempfile::TempDir>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn fresh_url() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("ITTIFAQ_TEST_POSTGRES_URL") {
        Ok(base) => (ittifaq_store::testing::fresh_postgres(&base, "ittifaq_web_").await, None),
        Err(_) => {
            let dir = tempfile::tempdir().expect("temp dir");
            (format!("sqlite://{}", dir.path().join("web.db").display()), Some(dir))
        }
    }
}

fn person(party: &str, n: u64, unit_id: i64) -> PersonInput {
    let c = canary(party);
    PersonInput {
        service_number: format!("{party}-{n:05}"),
        given_name: if party == "TR" { "Elif".into() } else { "Omar".into() },
        family_name: if party == "TR" { "Kaya".into() } else { "Haddad".into() },
        native_name: if party == "TR" { Some(format!("{c} native")) } else { Some("عمر حداد".into()) },
        rank: "OR-6".into(),
        rank_title: None,
        unit_id,
        languages: vec!["ar".into(), "en".into()],
        qualifications: vec!["EOD-BASIC".into()],
        national_id: Some(format!("{c}-ID-{n}")),
        phone: Some(format!("+00 {c}")),
        next_of_kin: Some(format!("{c} kin")),
    }
}

/// The parties' document-sealing keys of the tests: fixed seeds.
pub fn document_keys() -> ittifaq_web::issuing::DocumentKeys {
    let signers = [("TR", 11u8), ("SY", 12u8)]
        .into_iter()
        .map(|(p, seed)| (p.to_owned(), ed25519_dalek::SigningKey::from_bytes(&[seed; 32])))
        .collect();
    ittifaq_web::issuing::DocumentKeys::new("https://ittifaq.example", signers)
}

pub fn username(party: &str, role: Role) -> String {
    format!("{}.{}", party.to_lowercase(), role.code())
}

impl App {
    pub async fn new() -> App {
        let (url, dir) = fresh_url().await;
        let clock = Arc::new(TestClock(AtomicI64::new(1_780_000_000_000)));
        // One connection: a request that asks for a second while it holds one
        // (a page's transaction, a step's) fails here after the pool's 10 s
        // instead of waiting on a loaded server whose pool such requests hold.
        let store = Store::open_with(&url, clock.clone(), Some(1)).await.expect("open the store");
        let agreement = Agreement::parse(AGREEMENT).expect("agreement");
        store.load_agreement(&agreement, AGREEMENT).await.expect("load");
        let passwords = Passwords::new(PasswordCost::Testing);
        let hash = passwords.hash(PASSWORD.into()).await.expect("hash");
        let mut data = Vec::new();
        for party in ["TR", "SY"] {
            let code = PartyCode::parse(party).unwrap();
            let sys = Actor::system(code.clone());
            // The party's headquarters, which its commander commands: every
            // unit below is under it.
            let hq = store
                .create_unit(
                    &sys,
                    &UnitInput {
                        code: format!("{party}-HQ"),
                        parent_id: None,
                        name_en: "Headquarters".into(),
                        name_tr: "Karargâh".into(),
                        name_ar: "القيادة".into(),
                        max_away: None,
                    },
                )
                .await
                .expect("unit")
                .id;
            let mut units = Vec::new();
            for k in 0..2 {
                let u = store
                    .create_unit(
                        &sys,
                        &UnitInput {
                            code: format!("{party}-U{k}"),
                            parent_id: Some(hq),
                            name_en: format!(
                                "{} unit {k}",
                                if party == "SY" { canary("SY") } else { party.to_owned() }
                            ),
                            name_tr: format!("{party} birlik {k}"),
                            name_ar: format!("وحدة {k}"),
                            max_away: Some(3),
                        },
                    )
                    .await
                    .expect("unit");
                units.push(u.id);
            }
            let mut people = Vec::new();
            for n in 0..3 {
                let p =
                    store.create_person(&sys, &person(party, n, units[0]).validate().unwrap()).await.expect("person");
                people.push(p.id.get());
            }
            let mut trainee_person = 0;
            let mut advisor_person = 0;
            for role in Role::ALL {
                let user = store
                    .create_user(
                        &sys,
                        &NewUser {
                            username: username(party, role),
                            display_name: format!("{party} {role}"),
                            password_hash: hash.clone(),
                            party: code.clone(),
                            role,
                            unit_id: (role == Role::UnitCommander).then_some(hq),
                        },
                    )
                    .await
                    .expect("user");
                if role == Role::Trainee {
                    let p = store.create_person(&sys, &person(party, 90, units[0]).validate().unwrap()).await.unwrap();
                    store.link_user_person(&sys, user.id, p.id.get()).await.expect("link the trainee");
                    trainee_person = p.id.get();
                }
                if role == Role::Advisor {
                    let p = store.create_person(&sys, &person(party, 91, units[0]).validate().unwrap()).await.unwrap();
                    store.link_user_person(&sys, user.id, p.id.get()).await.expect("link the advisor");
                    advisor_person = p.id.get();
                }
            }
            let free_unit = store
                .create_unit(
                    &sys,
                    &UnitInput {
                        code: format!("{party}-FREE"),
                        parent_id: Some(hq),
                        name_en: "Free".into(),
                        name_tr: "Serbest".into(),
                        name_ar: "حر".into(),
                        max_away: None,
                    },
                )
                .await
                .expect("unit")
                .id;
            let inst = store.list_institutions().await.unwrap().into_iter().find(|i| i.party == party).unwrap();
            let course = store
                .create_course(
                    &sys,
                    &ittifaq_store::registry::CourseInput {
                        code: format!("{party}-C1"),
                        institution_id: inst.id,
                        domain: "logistics".into(),
                        article: Some("3".into()),
                        title: ittifaq_core::agreement::Names {
                            en: "Logistics".into(),
                            tr: "Lojistik".into(),
                            ar: "الإمداد".into(),
                        },
                        language: "en".into(),
                        min_rank: None,
                        max_rank: None,
                        duration_days: 5,
                        capacity: 500,
                        requires: vec![],
                        grants: None,
                        description: None,
                    },
                )
                .await
                .expect("course")
                .id;
            let session = store
                .create_course_session(
                    &sys,
                    &ittifaq_store::exchange::SessionInput {
                        code: format!("{party}-C1/1"),
                        course_id: course,
                        start: "2027-03-01".into(),
                        end: "2027-03-05".into(),
                        place: "Ankara".into(),
                        capacity: 500,
                        quota: Default::default(),
                    },
                )
                .await
                .expect("session")
                .id;
            store.assign_instructor(&sys, session, &username(party, Role::Instructor), true).await.expect("teach");
            data.push(PartyData {
                hq,
                units,
                people,
                free_unit,
                course,
                session: session.get(),
                trainee_person,
                advisor_person,
            });
        }
        let sy = data.pop().unwrap();
        let tr = data.pop().unwrap();
        let signer = ittifaq_ledger::checkpoint::Signer::from_seed("tr-sy-2025-TR", &[5u8; 32]).unwrap();
        store.issue_checkpoint(ORIGIN, &signer).await.expect("a first checkpoint");
        let state = AppState::new(store.clone(), WebConfig::default(), agreement.rules.clone(), passwords)
            .with_ledger(ittifaq_web::LedgerKeys { origin: ORIGIN.into(), signer: Some(Arc::new(signer)) })
            .with_documents(document_keys());
        App { router: ittifaq_web::router(state), store, clock, tr, sy, counter: AtomicU64::new(100), _dir: dir }
    }

    /// An enrolment of a person of `sender` (a new one unless given) in a new
    /// session hosted by `host`, taken to `stage` through the store; the
    /// documents it stores are placeholders. Returns the nomination and, once
    /// certified, the certificate's code.
    pub async fn enrolment(&self, sender: &str, host: &str, person: Option<i64>, stage: Stage) -> (i64, String) {
        let s_sys = Actor::system(PartyCode::parse(sender).unwrap());
        let h_sys = Actor::system(PartyCode::parse(host).unwrap());
        // Sessions of their own days, so that one person's enrolments never overlap.
        let k = self.next() as i64;
        let start = time::macros::date!(2028 - 01 - 01) + time::Duration::days(k * 4);
        let (start, end) = (start.to_string(), (start + time::Duration::days(2)).to_string());
        let session_input = ittifaq_store::exchange::SessionInput {
            code: format!("{host}-E{k}"),
            course_id: self.party(host).course,
            start: start.clone(),
            end,
            place: "Hama".into(),
            capacity: 5,
            quota: Default::default(),
        };
        let session = self.store.create_course_session(&h_sys, &session_input).await.unwrap().id;
        self.store.assign_instructor(&h_sys, session, &username(host, Role::Instructor), true).await.unwrap();
        let person = match person {
            Some(p) => p,
            None => self.new_free_person(sender).await,
        };
        let input = ittifaq_store::exchange::NominationInput {
            session_id: session,
            person_id: PersonId(person),
            priority: 1,
            comment: String::new(),
        };
        let n = self.store.nominate(&s_sys, &input).await.unwrap().id;
        self.store.approve(&s_sys, n, "").await.unwrap();
        self.store.accept(&h_sys, n, "").await.unwrap();
        if stage >= Stage::Ordered {
            for (who, check) in [(&s_sys, "security"), (&s_sys, "medical"), (&h_sys, "language")] {
                let v = ittifaq_store::training::VettingInput {
                    check: check.into(),
                    outcome: "passed".into(),
                    comment: String::new(),
                    level: (check == "language").then(|| "C1".into()),
                };
                self.store.record_vetting(who, n, &v).await.unwrap();
            }
            let data = self.store.prepare_travel_order(&h_sys, n).await.unwrap();
            self.store.issue_travel_order(&h_sys, n, &data, b"%PDF-1.7 placeholder".to_vec()).await.unwrap();
        }
        if stage >= Stage::Arrived {
            self.store.confirm_arrival(&h_sys, n, &start).await.unwrap();
            self.store.set_session_status(&h_sys, session, "confirmed").await.unwrap();
            self.store.set_session_status(&h_sys, session, "running").await.unwrap();
        }
        if stage >= Stage::Completed {
            let r = ittifaq_store::training::ResultInput {
                outcome: "completed".into(),
                grade: None,
                reason: String::new(),
            };
            self.store.record_result(&h_sys, n, &r).await.unwrap();
        }
        let mut code = String::new();
        if stage >= Stage::Certified {
            let data = self.store.prepare_certificate(&h_sys, n).await.unwrap();
            code = data.reference.clone();
            self.store
                .issue_certificate(&h_sys, n, &data, "{}".into(), b"%PDF-1.7 placeholder".to_vec())
                .await
                .unwrap();
        }
        (n.get(), code)
    }

    pub fn party(&self, party: &str) -> &PartyData {
        if party == "TR" { &self.tr } else { &self.sy }
    }

    pub fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::SeqCst)
    }

    /// A fresh session token for a user, made in the store (no password hashing).
    pub async fn token(&self, party: &str, role: Role) -> String {
        self.token_of(&username(party, role)).await
    }

    /// A fresh session token for the account `name`.
    pub async fn token_of(&self, name: &str) -> String {
        let u = self.store.user_by_username(name).await.unwrap().unwrap();
        let token = format!("{:064x}", self.next() as u128 * 7919 + u.id as u128);
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(token.as_bytes()));
        self.store.create_session(&hash, u.id, self.store.now_ms() + 3_600_000, false).await.unwrap();
        token
    }

    /// A new account of a party and role (a commander's unit given); its name.
    pub async fn new_user(&self, party: &str, role: Role, unit_id: Option<i64>) -> String {
        let code = PartyCode::parse(party).unwrap();
        let name = format!("{}.{}{}", party.to_lowercase(), role.code(), self.next());
        let input = NewUser {
            username: name.clone(),
            display_name: format!("{party} {role} {name}"),
            password_hash: "unused".into(),
            party: code.clone(),
            role,
            unit_id,
        };
        self.store.create_user(&Actor::system(code), &input).await.unwrap();
        name
    }

    /// A new unit of a party, for requests that change or archive one.
    pub async fn new_unit(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let n = self.next();
        let input = UnitInput {
            code: format!("{party}-X{n}"),
            parent_id: Some(self.party(party).hq),
            name_en: "x".into(),
            name_tr: "x".into(),
            name_ar: "س".into(),
            max_away: None,
        };
        self.store.create_unit(&sys, &input).await.unwrap().id
    }

    /// A new institution of a party, for requests that change or archive one.
    pub async fn new_institution(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let n = self.next();
        let input = ittifaq_store::registry::InstitutionInput {
            code: format!("{party}-I{n}"),
            name: ittifaq_core::agreement::Names { en: "School".into(), tr: "Okul".into(), ar: "مدرسة".into() },
            city: "Ankara".into(),
            domains: vec![],
        };
        self.store.create_institution(&sys, &input).await.unwrap().id
    }

    /// A new course of the catalog of an institution of `party`.
    pub async fn new_course(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let n = self.next();
        let input = ittifaq_store::registry::CourseInput {
            code: format!("{party}-C{n}"),
            institution_id: self.institution(party).await,
            domain: "logistics".into(),
            article: None,
            title: ittifaq_core::agreement::Names {
                en: "Stores".into(), tr: "Depo".into(), ar: "مستودعات".into()
            },
            language: "en".into(),
            min_rank: None,
            max_rank: None,
            duration_days: 5,
            capacity: 10,
            requires: vec![],
            grants: None,
            description: None,
        };
        self.store.create_course(&sys, &input).await.unwrap().id
    }

    /// An institution of a party named by the agreement.
    /// The id of the latest signed checkpoint, signing one first if there is none.
    pub async fn checkpoint_id(&self) -> i64 {
        if let Some(c) = self.store.checkpoints().await.unwrap().pop() {
            return c.id;
        }
        let host = ittifaq_ledger::checkpoint::Signer::from_seed("tr-sy-2025-TR", &[5u8; 32]).unwrap();
        self.store.issue_checkpoint(ORIGIN, &host).await.unwrap();
        self.store.checkpoints().await.unwrap().pop().unwrap().id
    }

    pub async fn institution(&self, party: &str) -> i64 {
        self.store.list_institutions().await.unwrap().into_iter().find(|i| i.party == party).unwrap().id
    }

    /// A new nomination of a new person of `person_party` for the session hosted by
    /// `host_party`, approved by the sending party when `approved`.
    pub async fn new_nomination(&self, person_party: &str, host_party: &str, approved: bool) -> i64 {
        let sys = Actor::system(PartyCode::parse(person_party).unwrap());
        let person = person(person_party, self.next(), self.party(person_party).free_unit);
        let person = self.store.create_person(&sys, &person.validate().unwrap()).await.unwrap().id;
        let input = ittifaq_store::exchange::NominationInput {
            session_id: SessionId(self.party(host_party).session),
            person_id: person,
            priority: 1,
            comment: String::new(),
        };
        let n = self.store.nominate(&sys, &input).await.unwrap().id;
        if approved {
            self.store.approve(&sys, n, "").await.unwrap();
        }
        n.get()
    }

    /// A new open session of the party's course.
    pub async fn new_session(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let input = ittifaq_store::exchange::SessionInput {
            code: format!("{party}-S{}", self.next()),
            course_id: self.party(party).course,
            start: "2027-09-01".into(),
            end: "2027-09-03".into(),
            place: "Hama".into(),
            capacity: 5,
            quota: Default::default(),
        };
        let session = self.store.create_course_session(&sys, &input).await.unwrap().id;
        self.store.assign_instructor(&sys, session, &username(party, Role::Instructor), true).await.unwrap();
        session.get()
    }

    /// A new person of a party in its uncapped unit.
    pub async fn new_free_person(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let p = person(party, self.next(), self.party(party).free_unit);
        self.store.create_person(&sys, &p.validate().unwrap()).await.unwrap().id.get()
    }

    /// A new person of a party, for requests that change or archive one.
    pub async fn new_person(&self, party: &str) -> i64 {
        let sys = Actor::system(PartyCode::parse(party).unwrap());
        let p = person(party, self.next(), self.party(party).units[0]);
        self.store.create_person(&sys, &p.validate().unwrap()).await.unwrap().id.get()
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res: Response<Body> = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.get_in("en", path, token).await
    }

    /// The bytes of a download (a PDF, a workbook), which must answer 200.
    pub async fn get_bytes(&self, path: &str, token: Option<&str>) -> Vec<u8> {
        let mut b = Request::get(path);
        if let Some(t) = token {
            b = b.header(header::COOKIE, format!("ittifaq_session={t}"));
        }
        let res: Response<Body> =
            self.router.clone().oneshot(b.body(Body::empty()).unwrap()).await.expect("infallible");
        assert_eq!(res.status(), 200, "{path}");
        res.into_body().collect().await.expect("body").to_bytes().to_vec()
    }

    /// A page asked for in `lang` (`Accept-Language`).
    pub async fn get_in(&self, lang: &str, path: &str, token: Option<&str>) -> Reply {
        let mut b = Request::get(path).header(header::ACCEPT_LANGUAGE, lang);
        if let Some(t) = token {
            b = b.header(header::COOKIE, format!("ittifaq_session={t}"));
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    pub async fn form(&self, path: &str, token: Option<&str>, body: &str) -> Reply {
        self.form_in("en", path, token, body).await
    }

    /// A form posted by a browser that asks for pages in `lang`.
    pub async fn form_in(&self, lang: &str, path: &str, token: Option<&str>, body: &str) -> Reply {
        let mut b = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT_LANGUAGE, lang);
        if let Some(t) = token {
            b = b.header(header::COOKIE, format!("ittifaq_session={t}"));
        }
        self.send(b.body(Body::from(body.to_owned())).unwrap()).await
    }

    /// A GET whose body is kept as bytes (a PDF).
    pub async fn download(&self, path: &str, token: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let req = Request::get(path).header(header::COOKIE, format!("ittifaq_session={token}")).body(Body::empty());
        let res: Response<Body> = self.router.clone().oneshot(req.unwrap()).await.expect("infallible");
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.into_body().collect().await.expect("body").to_bytes().to_vec())
    }

    /// A POST of raw bytes, signed in or not.
    pub async fn post_bytes(&self, path: &str, token: Option<&str>, content_type: &str, body: Vec<u8>) -> Reply {
        let mut b = Request::post(path).header(header::CONTENT_TYPE, content_type);
        if let Some(t) = token {
            b = b.header(header::COOKIE, format!("ittifaq_session={t}"));
        }
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    pub async fn json(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> Reply {
        self.json_in("en", method, path, token, body).await
    }

    /// An API request whose answer is asked in `lang` (`Accept-Language`).
    pub async fn json_in(&self, lang: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> Reply {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, lang);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(b.body(Body::from(body.to_owned())).unwrap()).await
    }
}

/// A form body that registers a person in `unit`.
pub fn person_form(n: u64, unit: i64) -> String {
    format!(
        "service_number=NEW-{n}&given_name=Deniz&family_name=Aksoy&native_name=&rank=OF-1&rank_title=&unit_id={unit}&languages=tr%2C+en&qualifications=&national_id=&phone=&next_of_kin="
    )
}

/// A JSON body that registers a person in `unit`.
pub fn person_json(n: u64, unit: i64) -> String {
    serde_json::json!({
        "service_number": format!("API-{n}"),
        "given_name": "Rana",
        "family_name": "Saleh",
        "rank": "OR-4",
        "unit_id": unit,
        "languages": ["ar"],
    })
    .to_string()
}

// Seat allocation (issue 5).
impl App {
    /// A new allocation run, by TR's system actor, of the sessions starting in March 2027 (the fixture's).
    pub async fn allocation_run(&self) -> i64 {
        let sys = Actor::system(PartyCode::parse("TR").unwrap());
        let input = ittifaq_store::allocation::RunInput { from: "2027-03-01".into(), to: "2027-03-31".into() };
        self.store.run_allocation(&sys, &input).await.unwrap().id.get()
    }
}

// Technical assistance (issue 19).
impl App {
    /// A new formation `party` integrates (declared 40, from 2026-01-01),
    /// with its registration due 2026-03-01 and seven people verified: a
    /// count the other party may not see, behind a stalled flag.
    pub async fn new_formation(&self, party: &str) -> i64 {
        use ittifaq_store::integration::{CountInput, DeadlineInput, FormationInput};
        let actor = Actor::system(PartyCode::parse(party).unwrap());
        let n = self.next();
        let input = FormationInput {
            code: format!("F-{party}-{n}"),
            name: ittifaq_core::agreement::Names {
                en: format!("Brigade {n}"),
                tr: format!("Tugay {n}"),
                ar: format!("اللواء {n}"),
            },
            origin: "Eastern command".into(),
            mode: "mixed".into(),
            declared_strength: 40,
            starts_on: "2026-01-01".into(),
        };
        let id = self.store.create_formation(&actor, &input).await.unwrap().id;
        let deadline = DeadlineInput {
            stage: "register".into(),
            due: Some("2026-03-01".into()),
            binding: true,
            clause: "Article 4".into(),
            owner_party: Some(party.into()),
        };
        self.store.set_stage_deadline(&actor, id, &deadline).await.unwrap();
        let count = CountInput {
            stage: "register".into(),
            count: 7,
            on_day: "2026-01-20".into(),
            method: "Roll call".into(),
            list_reference: format!("LIST-{}", canary(party)),
            reason: String::new(),
        };
        self.store.record_count(&actor, id, ittifaq_core::integration::Figure::Verified, &count).await.unwrap();
        // Its roster: the party's canary among the names, one registration matching another.
        let rows = [
            (
                format!("R-{n}-1"),
                format!("Qasim {}", canary(party)),
                "1980-01-02",
                format!("Amina {}", canary(party)),
                format!("Tell {}", canary(party)),
            ),
            (format!("R-{n}-2"), "Omar Said Hamdan".to_owned(), "1990-05-06", String::new(), String::new()),
            (format!("R-{n}-3"), "Umar Saeed al-Hamdan".to_owned(), "1990-05-16", String::new(), String::new()),
        ];
        let rows: Vec<ittifaq_store::integration::CandidateInput> = rows
            .into_iter()
            .map(|(r, name, born, mother, place)| ittifaq_store::integration::CandidateInput {
                roster_ref: r,
                full_name: name,
                date_of_birth: born.into(),
                mother_name: mother,
                birthplace: place,
            })
            .collect();
        self.store.import_candidates(&actor, id, &rows).await.unwrap();
        id.get()
    }

    /// A candidate on a new formation's roster of `party`, whose registration matches another.
    pub async fn new_candidate(&self, party: &str) -> i64 {
        let actor = Actor::system(PartyCode::parse(party).unwrap());
        let formation = ittifaq_core::id::FormationId(self.new_formation(party).await);
        let q = ittifaq_store::integration::RosterQuery { flagged: true, ..Default::default() };
        self.store.roster(&actor, formation, &q).await.unwrap().rows[0].id.get()
    }

    /// A new draft engagement plan of `advising` for an institution of the
    /// other party, with objective O1 and its indicator O1.1 (no baseline yet).
    pub async fn new_plan(&self, advising: &str) -> i64 {
        use ittifaq_store::assistance::{IndicatorInput, ObjectiveInput, PlanInput};
        let partner = if advising == "TR" { "SY" } else { "TR" };
        let actor = Actor::system(PartyCode::parse(advising).unwrap());
        let names = |en: &str| ittifaq_core::agreement::Names { en: en.into(), tr: en.into(), ar: en.into() };
        let input = PlanInput {
            code: format!("TA-{advising}-{}", self.next()),
            track: "command_capabilities".into(),
            institution_id: self.institution(partner).await,
            title: names("Joint operations centre"),
            absorptive_capacity: String::new(),
            sustainment: String::new(),
        };
        let id = self.store.create_plan(&actor, &input).await.unwrap().id;
        let objective = ObjectiveInput { code: "O1".into(), title: names("Centre staffed") };
        self.store.add_objective(&actor, id, &objective).await.unwrap();
        let indicator = IndicatorInput {
            objective: "O1".into(),
            code: "O1.1".into(),
            name: names("Posts filled"),
            unit: "posts".into(),
            direction: "increase".into(),
            measured_by: partner.into(),
            kind: None,
            baseline: None,
        };
        self.store.add_indicator(&actor, id, &indicator).await.unwrap();
        id.get()
    }

    /// The advisor account of `party`, as the store's actor.
    pub async fn advisor(&self, party: &str) -> Actor {
        let u = self.store.user_by_username(&username(party, Role::Advisor)).await.unwrap().unwrap();
        Actor {
            user_id: Some(u.id),
            username: u.username,
            party: PartyCode::parse(party).unwrap(),
            role: Role::Advisor,
        }
    }

    /// A new deployment of `sending`'s advisor (2026-01-01 to 2026-12-31,
    /// monthly reports) for a new plan of `sending` with objective O1 and
    /// indicator O1.1, cleared: each party has passed its vetting checks.
    pub async fn new_deployment(&self, sending: &str) -> i64 {
        let id = self.new_uncleared_deployment(sending).await;
        for check in
            self.store.get_deployment(&Actor::system(PartyCode::parse(sending).unwrap()), id).await.unwrap().vetting
        {
            let by = Actor::system(PartyCode::parse(&check.party).unwrap());
            let input = ittifaq_store::vetting::VettingInput {
                check: check.code.clone(),
                outcome: "passed".into(),
                comment: String::new(),
                level: check.min_level.clone(),
            };
            self.store.record_deployment_vetting(&by, id, &input).await.unwrap();
        }
        id.get()
    }

    /// A new deployment as [`App::new_deployment`] makes, with no vetting check recorded.
    pub async fn new_uncleared_deployment(&self, sending: &str) -> ittifaq_core::id::DeploymentId {
        let plan = self.new_plan(sending).await;
        let partner = if sending == "TR" { "SY" } else { "TR" };
        let office = Actor::system(PartyCode::parse(sending).unwrap());
        let monthly = "FREQ=MONTHLY";
        self.store.set_report_rule(&office, ittifaq_core::id::PlanId(plan), monthly).await.unwrap();
        let input = ittifaq_store::assistance::advisory::DeploymentInput {
            code: format!("DEP-{sending}-{}", self.next()),
            person_id: self.party(sending).advisor_person,
            institution_id: self.institution(partner).await,
            plan_id: Some(plan),
            track: None,
            objectives: vec!["O1".into()],
            start: "2026-01-01".into(),
            end: "2026-12-31".into(),
        };
        let sys = Actor::system(PartyCode::parse(sending).unwrap());
        self.store.create_deployment(&sys, &input).await.unwrap().id
    }

    /// A new report (due 2026-05-01) of a new deployment of `sending`, with
    /// a measurement of O1.1 and `canary(sending)` in its working notes;
    /// submitted for review when `submitted`.
    pub async fn new_report(&self, sending: &str, submitted: bool) -> i64 {
        use ittifaq_store::assistance::advisory::{MeasurementInput, ReportInput};
        let d = ittifaq_core::id::DeploymentId(self.new_deployment(sending).await);
        let adv = self.advisor(sending).await;
        let input = ReportInput {
            due_on: "2026-05-01".into(),
            summary: "Two depots report weekly.".into(),
            notes: format!("Working note {}", canary(sending)),
            notes_released: false,
            progress: vec![],
            measurements: vec![MeasurementInput {
                indicator: "O1.1".into(),
                value: 3.0,
                measured_on: "2026-04-30".into(),
                method: "Count".into(),
            }],
        };
        let r = self.store.file_report(&adv, d, &input).await.unwrap();
        if submitted {
            self.store
                .report_step(&adv, r.id, ittifaq_core::assistance::advisory::ReportStep::Submit, "")
                .await
                .unwrap();
        }
        r.id.get()
    }

    /// The measurement of a new report of `sending`.
    pub async fn new_measurement(&self, sending: &str) -> i64 {
        let r = ittifaq_core::id::ReportId(self.new_report(sending, false).await);
        let sys = Actor::system(PartyCode::parse(sending).unwrap());
        self.store.get_report(&sys, r).await.unwrap().measurements[0].id.get()
    }
}
