//! The demo: the Turkey–Syria agreement with realistic synthetic data (units of
//! both parties, several hundred people, a course catalog) and one account per
//! role and party. Seeding is deterministic; the password is random per data
//! directory and kept in it.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use ittifaq_core::agreement::Names;
use ittifaq_core::{Agreement, PartyCode, Role};
use ittifaq_store::exchange::SessionInput;
use ittifaq_store::registry::{CourseInput, UnitInput};
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Store};
use ittifaq_web::{PasswordCost, Passwords};

use crate::demo_people::{PEOPLE_PER_PARTY, Rng, demo_person, demo_username};
use crate::setup::SHIPPED_AGREEMENT;

use crate::secrets::random_password;

/// Where the demo keeps a party's own keys: the data directory for the host,
/// `party-CODE/` beside it for another party, standing for that party's own
/// machine (the server never reads it).
fn party_dir(data_dir: &Path, agreement: &Agreement, party: &str) -> std::path::PathBuf {
    if agreement.host_party.as_str() == party { data_dir.to_owned() } else { data_dir.join(format!("party-{party}")) }
}

/// The shipped agreement with the other parties' keys pinned, as both parties
/// would sign it: each non-host party's sealing and witness keys are made in
/// its own directory and their public halves written into its `[[parties]]`.
fn pin_other_parties(source: &str, agreement: &Agreement, data_dir: &Path) -> Result<String> {
    let mut out = source.to_owned();
    for p in agreement.parties.iter().filter(|p| p.code != agreement.host_party) {
        let code = p.code.as_str();
        let dir = party_dir(data_dir, agreement, code);
        let seal = crate::documents::party_signer(&dir, code)?;
        let witness_file = dir.join(format!("witness-{code}.key"));
        let witness = if witness_file.exists() {
            crate::witness::read_key(&witness_file)?.verifier()
        } else {
            crate::witness::generate_key(&format!("ittifaq.{}/witness", code.to_lowercase()), &witness_file)?
        };
        let anchor = format!("[[parties]]\ncode = \"{code}\"\n");
        let at = out.find(&anchor).with_context(|| format!("the agreement has no [[parties]] block of {code}"))?;
        let pins =
            format!("seal_key = \"{}\"\nwitness_key = \"{witness}\"\n", hex::encode(seal.verifying_key().as_bytes()));
        out.insert_str(at + anchor.len(), &pins);
    }
    Ok(out)
}

/// Branches of the battalions, in English, Turkish and Arabic.
const BRANCHES: &[(&str, &str, &str)] = &[
    ("Engineer", "İstihkâm", "الهندسة"),
    ("Infantry", "Piyade", "المشاة"),
    ("Logistics", "Lojistik", "الإمداد"),
    ("Signals", "Muhabere", "الإشارة"),
    ("Mine Action", "Mayın Faaliyetleri", "مكافحة الألغام"),
    ("Military Police", "Askeri İnzibat", "الشرطة العسكرية"),
];

fn names(en: String, tr: String, ar: String) -> Names {
    Names { en, tr, ar }
}

async fn seed_units(store: &Store, party: &PartyCode, rng: &mut Rng) -> Result<Vec<i64>> {
    let actor = Actor::system(party.clone());
    let p = party.as_str();
    let (hq_en, hq_tr, hq_ar) = if p == "TR" {
        ("Land Forces Training Group", "Kara Kuvvetleri Eğitim Grubu", "مجموعة تدريب القوات البرية")
    } else {
        ("Army Training Directorate", "Kara Ordusu Eğitim Müdürlüğü", "مديرية تدريب الجيش")
    };
    let hq = store
        .create_unit(
            &actor,
            &UnitInput {
                code: format!("{p}-HQ"),
                parent_id: None,
                name_en: hq_en.into(),
                name_tr: hq_tr.into(),
                name_ar: hq_ar.into(),
                max_away: None,
            },
        )
        .await
        .context("creating the demo units")?;
    let mut battalions = Vec::new();
    for b in 1..=3 {
        let brigade = store
            .create_unit(
                &actor,
                &UnitInput {
                    code: format!("{p}-BDE{b}"),
                    parent_id: Some(hq.id),
                    name_en: format!("{b}. Brigade"),
                    name_tr: format!("{b}. Tugay"),
                    name_ar: format!("اللواء {b}"),
                    max_away: Some(12),
                },
            )
            .await?;
        for k in 1..=3 {
            let (en, tr, ar) = rng.pick(BRANCHES);
            let n = b * 10 + k;
            let unit = store
                .create_unit(
                    &actor,
                    &UnitInput {
                        code: format!("{p}-BN{n}"),
                        parent_id: Some(brigade.id),
                        name_en: format!("{n}. {en} Battalion"),
                        name_tr: format!("{n}. {tr} Taburu"),
                        name_ar: format!("كتيبة {ar} {n}"),
                        max_away: Some(4),
                    },
                )
                .await?;
            battalions.push(unit.id);
        }
    }
    Ok(battalions)
}

/// A demo course: code, institution, domain, titles (en, tr, ar), language,
/// rank range, days, capacity, prerequisites and the qualification granted.
type CourseSpec = (
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 3],
    &'static str,
    &'static str,
    &'static str,
    i32,
    i32,
    &'static [&'static str],
    Option<&'static str>,
);

async fn seed_courses(store: &Store, agreement: &Agreement) -> Result<()> {
    let institutions = store.list_institutions().await?;
    let find = |code: &str| institutions.iter().find(|i| i.code == code);
    let catalog: &[CourseSpec] = &[
        (
            "MC-101",
            "TR-NAMTEM",
            "mine_clearance",
            ["Basic mine clearance", "Temel mayın temizleme", "أساسيات إزالة الألغام"],
            "ar",
            "OR-3",
            "OF-2",
            25,
            24,
            &[],
            Some("EOD-BASIC"),
        ),
        (
            "MC-201",
            "TR-NAMTEM",
            "mine_clearance",
            ["Mine clearance operator", "Mayın temizleme operatörü", "مشغل إزالة الألغام"],
            "ar",
            "OR-4",
            "OF-3",
            30,
            20,
            &["EOD-BASIC"],
            Some("MC-OPERATOR"),
        ),
        (
            "ENG-110",
            "SY-ENGSCH",
            "military_engineering",
            ["Field engineering", "Sahra istihkâmı", "الهندسة الميدانية"],
            "ar",
            "OR-3",
            "OF-3",
            20,
            30,
            &[],
            Some("ENG-BASIC"),
        ),
        (
            "ENG-210",
            "TR-NAMTEM",
            "military_engineering",
            ["Bridge and route repair", "Köprü ve yol onarımı", "إصلاح الجسور والطرق"],
            "tr",
            "OR-5",
            "OF-3",
            15,
            16,
            &["ENG-BASIC"],
            Some("ENG-BRIDGE"),
        ),
        (
            "CT-120",
            "TR-MSU",
            "counterterrorism",
            ["Counterterrorism staff course", "Terörle mücadele karargâh kursu", "دورة أركان مكافحة الإرهاب"],
            "en",
            "OF-2",
            "OF-5",
            20,
            20,
            &["CT-BASIC"],
            Some("CT-STAFF"),
        ),
        (
            "CT-100",
            "SY-MILACAD",
            "counterterrorism",
            ["Counterterrorism foundations", "Terörle mücadele temelleri", "أسس مكافحة الإرهاب"],
            "ar",
            "OR-4",
            "OF-3",
            10,
            40,
            &[],
            Some("CT-BASIC"),
        ),
        (
            "CYB-100",
            "TR-SIBER",
            "cyber_defence",
            ["Cyber defence foundations", "Siber savunma temelleri", "أسس الدفاع السيبراني"],
            "en",
            "OR-5",
            "OF-4",
            20,
            18,
            &[],
            Some("CYBER-FOUND"),
        ),
        (
            "CYB-200",
            "TR-SIBER",
            "cyber_defence",
            ["Incident response", "Olay müdahalesi", "الاستجابة للحوادث"],
            "en",
            "OR-6",
            "OF-4",
            25,
            12,
            &["CYBER-FOUND"],
            Some("CYBER-IR"),
        ),
        (
            "LOG-100",
            "SY-MILACAD",
            "logistics",
            ["Unit logistics", "Birlik lojistiği", "إمداد الوحدات"],
            "ar",
            "OR-4",
            "OF-3",
            15,
            30,
            &[],
            Some("LOG-BASIC"),
        ),
        (
            "LOG-220",
            "TR-BARMER",
            "logistics",
            ["Multinational logistics planning", "Çok uluslu lojistik planlama", "تخطيط الإمداد متعدد الجنسيات"],
            "en",
            "OF-2",
            "OF-5",
            10,
            20,
            &["LOG-BASIC"],
            Some("LOG-PLANNER"),
        ),
        (
            "PK-100",
            "TR-BARMER",
            "peacekeeping",
            ["Peacekeeping operations", "Barışı koruma harekâtı", "عمليات حفظ السلام"],
            "en",
            "OR-5",
            "OF-4",
            15,
            30,
            &[],
            Some("PK-BASIC"),
        ),
        (
            "PK-210",
            "SY-MILACAD",
            "peacekeeping",
            ["Civil–military coordination", "Sivil-asker koordinasyonu", "التنسيق المدني العسكري"],
            "ar",
            "OF-1",
            "OF-5",
            10,
            24,
            &["PK-BASIC"],
            Some("PK-CIMIC"),
        ),
    ];
    for (k, (code, inst, domain, title, lang, min, max, days, capacity, requires, grants)) in catalog.iter().enumerate()
    {
        let Some(inst) = find(inst) else { continue };
        let article = agreement.domain(domain).and_then(|d| d.article.clone());
        let party = PartyCode::parse(&inst.party)?;
        let course = store
            .create_course(
                &Actor::system(party),
                &CourseInput {
                    code: (*code).into(),
                    institution_id: inst.id,
                    domain: (*domain).into(),
                    article,
                    title: names(title[0].into(), title[1].into(), title[2].into()),
                    language: (*lang).into(),
                    min_rank: Some((*min).into()),
                    max_rank: Some((*max).into()),
                    duration_days: *days,
                    capacity: *capacity,
                    requires: requires.iter().map(|s| (*s).to_owned()).collect(),
                    grants: grants.map(str::to_owned),
                    description: Some(names(
                        format!(
                            "{} for ranks {min} to {max}: {days} days at {}, taught in {lang}.",
                            title[0], inst.code
                        ),
                        format!(
                            "{min} ile {max} rütbeleri için {}: {}, {days} gün, eğitim dili {lang}.",
                            title[1], inst.code
                        ),
                        format!("{} للرتب من {min} إلى {max}: {days} أيام في {}، بلغة {lang}.", title[2], inst.code),
                    )),
                },
            )
            .await
            .with_context(|| format!("creating course {code}"))?;
        // Two sessions a course in 2027, open for nominations, with a quota for each party.
        for term in 0..2 {
            let month = 2 + (k % 5) as u8 + 5 * term;
            let start = time::Date::from_calendar_date(2027, time::Month::try_from(month)?, 1)?;
            let end = start + time::Duration::days(i64::from(*days) - 1);
            let half = (*capacity / 2).max(1);
            store
                .create_course_session(
                    &Actor::system(PartyCode::parse(&inst.party)?),
                    &SessionInput {
                        code: format!("{code}/2027-{}", term + 1),
                        course_id: course.id,
                        start: start.to_string(),
                        end: end.to_string(),
                        place: inst.city.clone(),
                        capacity: *capacity,
                        quota: [("TR".to_owned(), half), ("SY".to_owned(), *capacity - half)].into_iter().collect(),
                    },
                )
                .await
                .with_context(|| format!("opening a session of {code}"))?;
        }
    }
    Ok(())
}

/// Seeds an empty database (or finds an already seeded one) and returns the
/// login table to print.
pub async fn prepare(store: &Store, data_dir: &Path, public_url: &str) -> Result<String> {
    let password_file = data_dir.join("demo-password.txt");
    let password = if store.agreement().await?.is_none() {
        let shipped = Agreement::parse(SHIPPED_AGREEMENT)
            .map_err(|f| anyhow::anyhow!("the shipped agreement is invalid: {}", f[0]))?;
        let source = pin_other_parties(SHIPPED_AGREEMENT, &shipped, data_dir)?;
        let agreement =
            Agreement::parse(&source).map_err(|f| anyhow::anyhow!("the demo's agreement is invalid: {}", f[0]))?;
        store.load_agreement(&agreement, &source).await.context("loading the agreement")?;
        let mut rng = Rng(20_250_813);
        for party in &agreement.parties {
            let units = seed_units(store, &party.code, &mut rng).await?;
            let people: Vec<_> = (0..PEOPLE_PER_PARTY)
                .map(|n| {
                    let unit = units[n % units.len()];
                    demo_person(party.code.as_str(), n, unit, &mut rng).validate()
                })
                .collect::<Result<_, _>>()?;
            store
                .import_people(&Actor::system(party.code.clone()), &people)
                .await
                .map_err(|e| anyhow::anyhow!("seeding people: {:?}", e.first().map(|(_, e)| e.to_string())))?;
        }
        seed_courses(store, &agreement).await?;
        let password = random_password()?;
        let hash = Passwords::new(PasswordCost::Standard)
            .hash(password.clone())
            .await
            .map_err(|e| anyhow::anyhow!(e.message().to_string()))?;
        for party in &agreement.parties {
            // The demo's commander commands the party's headquarters: every unit.
            let hq = store.unit_by_code(&format!("{}-HQ", party.code)).await?.map(|u| u.id);
            for role in Role::ALL {
                store
                    .create_user(
                        &Actor::system(party.code.clone()),
                        &NewUser {
                            username: demo_username(party.code.as_str(), role),
                            display_name: format!("{} {}", party.code, role.code().replace('_', " ")),
                            password_hash: hash.clone(),
                            party: party.code.clone(),
                            role,
                            unit_id: if role == Role::UnitCommander { hq } else { None },
                        },
                    )
                    .await?;
            }
        }
        let signers = agreement
            .parties
            .iter()
            .map(|p| {
                let dir = party_dir(data_dir, &agreement, p.code.as_str());
                Ok((p.code.to_string(), crate::documents::party_signer(&dir, p.code.as_str())?))
            })
            .collect::<Result<_>>()?;
        let keys = ittifaq_web::issuing::DocumentKeys::new(public_url, signers);
        let today = time::OffsetDateTime::now_utc().date();
        crate::demo_training::seed(store, &keys, today).await.context("seeding the training year")?;
        let declared = crate::demo_decon::seed(store, today).await.context("seeding the declared activities")?;
        crate::demo_hotline::seed(store, &hash, &agreement, &declared).await.context("seeding the hotline")?;
        crate::demo_allocation::seed(store, today).await.context("seeding the seat allocation")?;
        crate::demo_assistance::seed(store, today, &hash).await.context("seeding the engagement plans")?;
        crate::demo_integration::seed(store, today).await.context("seeding the force integration")?;
        crate::secrets::write_private(&password_file, password.as_bytes())?;
        crate::audit::checkpoint(store, data_dir).await?;
        password
    } else {
        std::fs::read_to_string(&password_file)
            .with_context(|| format!("reading {} (the demo's password)", password_file.display()))?
            .trim()
            .to_owned()
    };
    let agreement = store.agreement().await?.context("the demo agreement")?;
    let mut table = String::from("Sign in as any of these users, all with the password shown:\n\n");
    let _ = writeln!(table, "  {:<34} {:<6} role", "user", "party");
    for party in &agreement.parties {
        for role in Role::ALL {
            let _ =
                writeln!(table, "  {:<34} {:<6} {}", demo_username(party.code.as_str(), role), party.code, role.code());
        }
    }
    crate::demo_hotline::logins(&mut table, &agreement);
    let _ = writeln!(table, "\n  password: {password}");
    Ok(table)
}
