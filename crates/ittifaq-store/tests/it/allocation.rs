//! Seat allocation's contract on every backend: a run plans the period's
//! nominations within seats and quotas with every refusal's reason, a run
//! made from another carries its pins and forbids, a plan is applied only
//! with both parties' keys through the exchange's own steps, and a run that
//! no longer matches the nominations, or that was superseded, is refused.

use ittifaq_core::Role;
use ittifaq_core::exchange::NominationStatus;
use ittifaq_core::id::NominationId;
use ittifaq_store::allocation::{Adjustments, RunInput, RunReview};
use ittifaq_store::{Actor, Store, StoreError};

use crate::exchange::{course, nom, session};
use crate::support::{actor, databases, person, unit};

/// A session of two seats (one per party by quota) in March 2027 with four
/// nominations: two of SY (priorities 1 and 4), one of TR, and one of TR who
/// does not speak the language of instruction.
struct Scenario {
    sy1: i64,
    sy2: i64,
    tr1: i64,
    no_arabic: i64,
}

async fn scenario(s: &Store) -> Scenario {
    let c = course(s, "MC-ALLOC").await;
    let sid = session(s, c, "MC-ALLOC/1", "2027-03-01", "2027-03-10").await;
    let mut n = 0;
    let mut nominate = async |party: &str, priority: i32, languages: &[&str]| {
        n += 1;
        let u = unit(s, party, &format!("{party}-ALLOC-{n}")).await;
        let mut p = person(&format!("{party}-A{n}"), u);
        p.languages = languages.iter().map(|l| (*l).to_owned()).collect();
        let a = actor(party, Role::JointOffice);
        let p = s.create_person(&a, &p.validate().unwrap()).await.unwrap();
        let mut input = nom(sid, p.id.get());
        input.priority = priority;
        s.nominate(&a, &input).await.unwrap().id
    };
    let sy1 = nominate("SY", 1, &["ar"]).await;
    let sy2 = nominate("SY", 4, &["ar"]).await;
    let tr1 = nominate("TR", 1, &["ar", "tr"]).await;
    // Eligible when nominated; the language lost since, as the run finds.
    let no_arabic = nominate("TR", 1, &["ar", "tr"]).await;
    let sql = format!(
        "UPDATE person SET languages = ',tr,' WHERE id = (SELECT person_id FROM nomination WHERE id = {no_arabic})"
    );
    s.execute_unprepared(&sql).await.unwrap();
    Scenario { sy1: sy1.get(), sy2: sy2.get(), tr1: tr1.get(), no_arabic: no_arabic.get() }
}

fn period() -> RunInput {
    RunInput { from: "2027-03-01".into(), to: "2027-03-31".into() }
}

fn granted(review: &RunReview) -> Vec<i64> {
    let mut out: Vec<i64> = review.rows.iter().filter(|r| r.granted).map(|r| r.nomination_id).collect();
    out.sort_unstable();
    out
}

fn reason(review: &RunReview, nomination: i64) -> Option<String> {
    review.rows.iter().find(|r| r.nomination_id == nomination).and_then(|r| r.reason.clone())
}

async fn status(s: &Store, nomination: i64) -> NominationStatus {
    s.get_nomination(&actor("TR", Role::JointOffice), NominationId(nomination)).await.unwrap().status
}

#[tokio::test]
async fn a_run_is_planned_adjusted_and_applied_with_both_keys() {
    for db in databases().await {
        let s = &db.store;
        let sc = scenario(s).await;
        let (tr, sy): (Actor, Actor) = (actor("TR", Role::JointOffice), actor("SY", Role::JointOffice));

        // One seat per party: SY's first choice and TR's eligible nominee.
        let run1 = s.run_allocation(&tr, &period()).await.unwrap();
        let first = s.allocation_review(&tr, run1.id).await.unwrap();
        assert_eq!(granted(&first), vec![sc.sy1, sc.tr1], "{}", db.label);
        assert_eq!(reason(&first, sc.no_arabic).as_deref(), Some("ineligible_language"), "{}", db.label);
        assert!(reason(&first, sc.sy2).is_some(), "{}: a refusal carries its reason", db.label);
        assert_eq!(run1.state, "proposed");

        // A run made from it with SY's first choice forbidden: SY's second takes the seat.
        let adjust = Adjustments { pins: vec![], forbids: vec![sc.sy1] };
        let run2 = s.resolve_allocation(&sy, run1.id, &adjust).await.unwrap();
        assert_eq!((run2.parent_id, run2.forbids.clone()), (Some(run1.id), vec![sc.sy1]), "{}", db.label);
        let second = s.allocation_review(&sy, run2.id).await.unwrap();
        assert_eq!(granted(&second), vec![sc.sy2, sc.tr1], "{}", db.label);
        assert_eq!(reason(&second, sc.sy1).as_deref(), Some("forbidden"), "{}", db.label);
        // An adjustment naming a nomination outside the run is refused, naming it.
        let bad = Adjustments { pins: vec![999_999], forbids: vec![] };
        match s.resolve_allocation(&sy, run2.id, &bad).await {
            Err(StoreError::Invalid { reason, .. }) => assert!(reason.to_string().contains("999999"), "{reason}"),
            other => panic!("{}: {other:?}", db.label),
        }

        // The superseded run cannot be committed; the newest takes one key per party.
        assert!(matches!(s.commit_allocation(&tr, run1.id).await, Err(StoreError::Conflict(_))), "{}", db.label);
        let after_tr = s.commit_allocation(&tr, run2.id).await.unwrap();
        assert_eq!(after_tr.state, "proposed", "{}: one key applies nothing", db.label);
        assert_eq!(status(s, sc.sy2).await, NominationStatus::Nominated, "{}", db.label);
        assert!(matches!(s.commit_allocation(&tr, run2.id).await, Err(StoreError::Conflict(_))), "{}", db.label);
        let done = s.commit_allocation(&sy, run2.id).await.unwrap();
        assert_eq!(done.state, "committed", "{}", db.label);
        assert_eq!(done.keys.len(), 2, "{}", db.label);
        for n in [sc.sy2, sc.tr1] {
            assert_eq!(status(s, n).await, NominationStatus::Accepted, "{}: {n}", db.label);
        }
        assert_eq!(status(s, sc.sy1).await, NominationStatus::Waitlisted, "{}", db.label);
        assert_eq!(status(s, sc.no_arabic).await, NominationStatus::Withdrawn, "{}", db.label);
        // A committed run is not committed again.
        assert!(matches!(s.commit_allocation(&sy, run2.id).await, Err(StoreError::Conflict(_))), "{}", db.label);
    }
}

#[tokio::test]
async fn a_run_that_no_longer_matches_its_nominations_or_does_not_read_is_refused() {
    for db in databases().await {
        let s = &db.store;
        let sc = scenario(s).await;
        let (tr, sy) = (actor("TR", Role::JointOffice), actor("SY", Role::JointOffice));
        let run = s.run_allocation(&tr, &period()).await.unwrap();
        s.commit_allocation(&tr, run.id).await.unwrap();
        // SY withdraws a nomination of the plan after the run: the plan is stale.
        s.take_step(&sy, NominationId(sc.sy1), ittifaq_core::exchange::Step::Withdraw, "no longer free").await.unwrap();
        assert!(matches!(s.commit_allocation(&sy, run.id).await, Err(StoreError::Conflict(_))), "{}", db.label);
        assert_eq!(status(s, sc.tr1).await, NominationStatus::Nominated, "{}: nothing applied", db.label);

        // A stored plan that does not read is refused, naming the run, never applied as empty.
        let run = s.run_allocation(&tr, &period()).await.unwrap();
        s.execute_unprepared(&format!("UPDATE allocation_run SET plan = 'not json' WHERE id = {}", run.id))
            .await
            .unwrap();
        match s.commit_allocation(&tr, run.id).await {
            Err(StoreError::Corrupt(what)) => assert!(what.to_string().contains(&run.id.to_string()), "{what}"),
            other => panic!("{}: {other:?}", db.label),
        }
        assert_eq!(status(s, sc.tr1).await, NominationStatus::Nominated, "{}: nothing applied", db.label);
    }
}
