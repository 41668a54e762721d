//! `ittifaq bench-seed`: the demo grown to a realistic year (by default 10,000
//! people, 300 sessions in 2027 and 30,000 nominations at every step of the two
//! keys) for the load benchmark in `bench/load/`. Everything goes through the
//! store's public API, so every nomination passed the eligibility rules.

use ittifaq_core::exchange::{NominationStatus, SessionStatus};
use ittifaq_core::id::PersonId;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use ittifaq_core::{PartyCode, Rank, Role};
use ittifaq_store::exchange::{NominationInput, SessionInput};
use ittifaq_store::people::PeopleFilter;
use ittifaq_store::registry::UnitInput;
use ittifaq_store::{Actor, Store, StoreError};

use crate::demo_people::{PEOPLE_PER_PARTY, Rng, demo_actor as user, demo_person};

/// How big a year to seed.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub people: usize,
    pub sessions: usize,
    pub nominations: usize,
    /// Advisors deployed over the demo's engagement plans, and the months each has reported.
    pub advisors: usize,
    pub months: i64,
}

/// Battalions added to each party for the year's people, and their cap on people away.
const YEAR_BATTALIONS: usize = 40;
const YEAR_MAX_AWAY: i32 = 10;

/// Of every ten nominations of a session, how many stay waiting for the sending party's key.
const WAITING_IN_TEN: usize = 3;

/// Seeds the demo (when the database is empty) and then the year; writes
/// `bench-fixture.json` into `data_dir` with what the benchmark needs.
pub async fn seed(store: &Store, data_dir: &Path, public_url: &str, scale: Scale) -> Result<()> {
    let started = Instant::now();
    crate::demo::prepare(store, data_dir, public_url).await?;
    let agreement = store.agreement().await?.context("the demo agreement")?;
    let parties: Vec<String> = agreement.parties.iter().map(|p| p.code.to_string()).collect();
    let mut rng = Rng(20_270_101);

    // People: the demo's, then the rest in battalions of their own.
    let per_party = scale.people / parties.len().max(1);
    for party in &parties {
        let have = store.count_people(Some(party)).await? as usize;
        if have >= per_party {
            continue;
        }
        let actor = Actor::system(PartyCode::parse(party)?);
        let division = store
            .create_unit(
                &actor,
                &UnitInput {
                    code: format!("{party}-DIV"),
                    parent_id: None,
                    name_en: "Training Division".into(),
                    name_tr: "Eğitim Tümeni".into(),
                    name_ar: "فرقة التدريب".into(),
                    max_away: None,
                },
            )
            .await
            .context("creating the year's units")?;
        let mut battalions = Vec::new();
        for b in 1..=YEAR_BATTALIONS {
            let unit = store
                .create_unit(
                    &actor,
                    &UnitInput {
                        code: format!("{party}-YBN{b}"),
                        parent_id: Some(division.id),
                        name_en: format!("{b}. Training Battalion"),
                        name_tr: format!("{b}. Eğitim Taburu"),
                        name_ar: format!("كتيبة التدريب {b}"),
                        max_away: Some(YEAR_MAX_AWAY),
                    },
                )
                .await?;
            battalions.push(unit.id);
        }
        let first = PEOPLE_PER_PARTY.max(have);
        let people: Vec<_> = (first..first + per_party - have)
            .map(|n| demo_person(party, n, battalions[n % battalions.len()], &mut rng).validate())
            .collect::<Result<_, _>>()?;
        for chunk in people.chunks(1000) {
            store
                .import_people(&actor, chunk)
                .await
                .map_err(|e| anyhow::anyhow!("seeding people: {:?}", e.first().map(|(_, e)| e.to_string())))?;
        }
    }
    eprintln!("people: {} in {:.1?}", store.count_people(None).await?, started.elapsed());

    // Sessions: spread over 2027, each course in turn.
    let courses = store.list_courses().await?;
    let institutions = store.list_institutions().await?;
    let year = time::Date::from_calendar_date(2027, time::Month::January, 4)?;
    let existing = store.list_course_sessions().await?.len();
    for k in existing..scale.sessions {
        let course = &courses[k % courses.len()];
        let Some(inst) = institutions.iter().find(|i| i.id == course.institution_id) else { continue };
        let start = year + time::Duration::days((k * 340 / scale.sessions.max(1)) as i64);
        let end = start + time::Duration::days(i64::from(course.duration_days) - 1);
        let half = (course.capacity / 2).max(1);
        store
            .create_course_session(
                &Actor::system(PartyCode::parse(&inst.party)?),
                &SessionInput {
                    code: format!("{}/Y{k:03}", course.code),
                    course_id: course.id,
                    start: start.to_string(),
                    end: end.to_string(),
                    place: inst.city.clone(),
                    capacity: course.capacity,
                    quota: [("TR".to_owned(), half), ("SY".to_owned(), course.capacity - half)].into_iter().collect(),
                },
            )
            .await
            .with_context(|| format!("opening session {k} of {}", course.code))?;
    }
    let sessions: Vec<_> = store
        .list_course_sessions()
        .await?
        .into_iter()
        .filter(|s| s.status == SessionStatus::Open.code() && s.start.as_str() >= "2027-01-01")
        .collect();
    eprintln!("sessions: {} open in 2027 ({:.1?})", sessions.len(), started.elapsed());

    // Nominations: each party nominates eligible people for every session; most
    // are approved, the host accepts up to the party's quota and waitlists a few.
    let mut actors = BTreeMap::new();
    for party in &parties {
        actors.insert(
            party.clone(),
            (user(store, party, Role::UnitCommander).await?, user(store, party, Role::JointOffice).await?),
        );
    }
    let mut pools: BTreeMap<(i64, String), Vec<i64>> = BTreeMap::new();
    let per_party_session = scale.nominations.div_ceil(sessions.len().max(1) * parties.len().max(1));
    let (mut nominated, mut ineligible, mut approved, mut accepted) = (0usize, 0usize, 0usize, 0usize);
    let mut waiting: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    // How many nominations each unit made, for the benchmark's unit listing.
    let mut by_unit: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for (k, s) in sessions.iter().enumerate() {
        let course = courses.iter().find(|c| c.id == s.course_id.get()).context("the session's course")?;
        let quota: i32 = s.capacity / 2;
        for party in &parties {
            if nominated >= scale.nominations {
                break;
            }
            let pool = match pools.get(&(course.id, party.clone())) {
                Some(p) => p.clone(),
                None => {
                    let p = candidates(store, &actors[party].0, party, course).await?;
                    pools.insert((course.id, party.clone()), p.clone());
                    p
                }
            };
            if pool.is_empty() {
                continue;
            }
            let (commander, office) = &actors[party];
            let host = user(store, &s.host_party, Role::JointOffice).await?;
            let mut ids = Vec::new();
            let offset = rng.below(pool.len());
            for person_id in pool.iter().cycle().skip(offset).take(pool.len().min(per_party_session * 3)) {
                if ids.len() == per_party_session {
                    break;
                }
                let input = NominationInput {
                    session_id: s.id,
                    person_id: PersonId(*person_id),
                    priority: 1 + (ids.len() % 3) as i32,
                    comment: String::new(),
                };
                match store.nominate(commander, &input).await {
                    Ok(n) => {
                        *by_unit.entry((party.clone(), n.person.unit_id.unwrap_or_default())).or_default() += 1;
                        ids.push(n.id)
                    }
                    Err(StoreError::Ineligible(_) | StoreError::Conflict(_)) => ineligible += 1,
                    Err(e) => return Err(e).context("nominating"),
                }
            }
            nominated += ids.len();
            let mut seats = 0;
            for (j, id) in ids.iter().enumerate() {
                if j % 10 < WAITING_IN_TEN {
                    waiting.entry(party.clone()).or_default().push(id.get());
                    continue;
                }
                store.approve(office, *id, "approved").await?;
                approved += 1;
                // The host accepts up to the quota and a couple more, who go on the waiting list.
                if seats < quota + 2 {
                    let n = store.accept(&host, *id, "seat").await?;
                    seats += 1;
                    if n.status == NominationStatus::Accepted {
                        accepted += 1;
                    }
                }
            }
        }
        if k % 25 == 24 {
            eprintln!(
                "sessions {}/{}: {nominated} nominated, {approved} approved, {accepted} accepted ({:.1?})",
                k + 1,
                sessions.len(),
                started.elapsed()
            );
        }
    }
    eprintln!(
        "nominations: {nominated} ({ineligible} refused as ineligible), {approved} approved, {accepted} accepted, in {:.1?}",
        started.elapsed()
    );

    store.settle_after_bulk_load().await?;
    // What the benchmark needs: a catalog, a unit's sessions, nominations
    // awaiting approval, and a running session with arrived trainees.
    let running = store
        .list_course_sessions()
        .await?
        .into_iter()
        .find(|s| s.status == SessionStatus::Running.code())
        .context("a running session (the demo's DEMO/NOW)")?;
    let teacher = user(store, &running.host_party, Role::Instructor).await?;
    let arrived: Vec<i64> = store
        .session_nominations(&teacher, running.id)
        .await?
        .into_iter()
        .filter(|n| n.status == NominationStatus::Accepted)
        .map(|n| n.id.get())
        .collect();
    let middle = sessions.get(sessions.len() / 2).context("no session of 2027")?;
    // Of each party, the unit with the most nominations.
    let mut units: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for ((party, unit), n) in by_unit {
        let best = units.entry(party).or_insert((n, unit));
        if n > best.0 {
            *best = (n, unit);
        }
    }
    let units: BTreeMap<String, serde_json::Value> = units
        .into_iter()
        .map(|(party, (n, unit))| (party, serde_json::json!({ "id": unit, "nominations": n })))
        .collect();
    let plan = advisors(store, &scale).await.context("seeding the advisors")?;
    let fixture = serde_json::json!({
        "password": std::fs::read_to_string(data_dir.join("demo-password.txt"))?.trim(),
        "assistance": { "plan": plan, "advisors": scale.advisors, "months": scale.months },
        "session": { "id": middle.id, "host": middle.host_party },
        "units": units,
        "waiting": waiting,
        "attendance": {
            "session": running.id,
            "host": running.host_party,
            "day": store.today(),
            "nominations": arrived,
        },
    });
    let path = data_dir.join("bench-fixture.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&fixture)?)
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {} in {:.1?}", path.display(), started.elapsed());
    Ok(())
}

/// Deploys `scale.advisors` TR advisors over the demo's engagement plans,
/// each with `scale.months` of monthly reports (unless already seeded);
/// returns the id of the plan most of them serve (TA-MS-01).
async fn advisors(store: &Store, scale: &Scale) -> Result<i64> {
    use crate::demo_assistance::{Plan, Team};
    let office = user(store, "TR", Role::JointOffice).await?;
    let mut plans = Vec::new();
    for code in ["TA-MS-01", "TA-OS-01", "TA-CC-01"] {
        let p = store.list_plans().await?.into_iter().find(|p| p.code == code).context("the demo's plans")?;
        let view = store.get_plan(&office, ittifaq_core::id::PlanId(p.id)).await?;
        let i = view.objectives.first().and_then(|o| o.indicators.first()).context("the plan's indicator")?;
        let baseline = i.baseline.as_ref().map_or(0.0, |b| b.value);
        let target = i.targets.values().last().copied().unwrap_or(baseline);
        plans.push(Plan { id: view.id, baseline, target });
    }
    let first = plans[0].id.get();
    let seeded = store.list_deployments(&office).await?.iter().any(|d| d.code.starts_with("DEP-TR-B"));
    if scale.advisors == 0 || seeded {
        return Ok(first);
    }
    let partner = store.get_plan(&office, plans[0].id).await?.institution_id;
    let hash = store.user_by_username("tr.advisor").await?.context("the demo's advisor")?.password_hash;
    let filter =
        PeopleFilter { party: Some("TR".into()), per_page: scale.advisors as u64, page: 3, ..Default::default() };
    let people: Vec<i64> = store.list_people(&office, &filter).await?.items.iter().map(|p| p.id.get()).collect();
    let team = Team { prefix: "B", people: &people, months: scale.months };
    let started = Instant::now();
    crate::demo_assistance::advisors(store, time::OffsetDateTime::now_utc().date(), &hash, partner, &plans, &team)
        .await?;
    eprintln!(
        "deployed {} advisors with {} months of reports in {:.1?}",
        people.len(),
        scale.months,
        started.elapsed()
    );
    Ok(first)
}

/// The people of `party` who meet the course's rank, language and prerequisite rules.
async fn candidates(
    store: &Store,
    actor: &Actor,
    party: &str,
    course: &ittifaq_store::entity::course::Model,
) -> Result<Vec<i64>> {
    let requires: Vec<&str> = course.requires.split(',').filter(|s| !s.is_empty()).collect();
    let mut out = Vec::new();
    for page in 1.. {
        let filter = PeopleFilter {
            party: Some(party.to_owned()),
            rank_min: course.min_rank.as_deref().and_then(|r| Rank::parse(r).ok()),
            rank_max: course.max_rank.as_deref().and_then(|r| Rank::parse(r).ok()),
            language: Some(course.language.clone()),
            qualification: requires.first().map(|q| (*q).to_owned()),
            per_page: 500,
            page,
            ..Default::default()
        };
        let items = store.list_people(actor, &filter).await?.items;
        if items.is_empty() {
            break;
        }
        for p in items {
            let held = p.qualifications.clone().unwrap_or_default();
            if requires.iter().all(|q| held.iter().any(|h| h == q)) {
                out.push(p.id.get());
            }
        }
    }
    Ok(out)
}
