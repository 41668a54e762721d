//! The demo's seat allocation: an oversubscribed session of the coming weeks
//! (more nominations of both parties than seats), and one run of the allocator
//! over the coming quarter, so that the review shows grants, refusals with
//! their reasons and the fairness report from the first sign-in.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use ittifaq_core::Role;
use ittifaq_store::allocation::RunInput;
use ittifaq_store::exchange::{NominationInput, SessionInput};
use ittifaq_store::people::PeopleFilter;
use ittifaq_store::{Store, StoreError};

use crate::demo_people::demo_actor as user;

/// Seats for 4 (2 a party) and 10 nominations, then a run of the quarter from `today`.
pub async fn seed(store: &Store, today: time::Date) -> Result<()> {
    let d = time::Duration::days;
    let staff = user(store, "TR", Role::InstitutionStaff).await?;
    let institutions: Vec<i64> =
        store.list_institutions().await?.into_iter().filter(|i| i.party == "TR").map(|i| i.id).collect();
    let course = store
        .list_courses()
        .await?
        .into_iter()
        .find(|c| institutions.contains(&c.institution_id) && c.requires.trim_matches(',').is_empty())
        .context("a course of TR without prerequisites")?;
    let start = today + d(21);
    let input = SessionInput {
        code: format!("{}/ALLOC", course.code),
        course_id: course.id,
        start: start.to_string(),
        end: (start + d(4)).to_string(),
        place: "Ankara".into(),
        capacity: 4,
        quota: BTreeMap::from([("TR".to_owned(), 2), ("SY".to_owned(), 2)]),
    };
    let session = store.create_course_session(&staff, &input).await?.id;
    for party in ["SY", "TR"] {
        let commander = user(store, party, Role::UnitCommander).await?;
        let filter = PeopleFilter { party: Some(party.to_owned()), per_page: 200, page: 2, ..Default::default() };
        let mut made = 0;
        for p in store.list_people(&commander, &filter).await?.items {
            if made == 5 {
                break;
            }
            let priority = [1, 1, 2, 3, 2][made];
            let input = NominationInput { session_id: session, person_id: p.id, priority, comment: String::new() };
            match store.nominate(&commander, &input).await {
                Ok(_) => made += 1,
                Err(StoreError::Ineligible(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
    let office = user(store, "TR", Role::JointOffice).await?;
    let period = RunInput { from: today.to_string(), to: (today + d(90)).to_string() };
    store.run_allocation(&office, &period).await.context("running the demo's allocation")?;
    Ok(())
}
