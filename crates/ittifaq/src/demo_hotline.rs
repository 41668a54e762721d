//! The demo's deconfliction hotline: a second deconfliction officer per party
//! so that escalation has somewhere to go, each party's roster, and messages
//! at each stage (one acknowledged, one pending, one already escalated), sent
//! in the recent past through a store whose clock runs behind.

use std::fmt::Write as _;
use std::sync::Arc;

use anyhow::{Context, Result};
use ittifaq_core::{Agreement, PartyCode, Role};
use ittifaq_store::hotline::{AckMinutes, MessageInput, Priority};
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Clock, Store, SystemClock};

/// The wall clock, `offset_ms` off.
struct Shifted(i64);

impl Clock for Shifted {
    fn now_ms(&self) -> i64 {
        SystemClock.now_ms() + self.0
    }
}

const MINUTE: i64 = 60_000;

/// The user name of a party's second deconfliction officer.
pub fn second_officer(party: &str) -> String {
    format!("{}.deconfliction_officer2", party.to_lowercase())
}

async fn officer(store: &Store, name: &str) -> Result<Actor> {
    let u = store.user_by_username(name).await?.with_context(|| format!("the demo account {name}"))?;
    Ok(Actor {
        user_id: Some(u.id),
        username: u.username,
        party: PartyCode::parse(&u.party)?,
        role: Role::DeconflictionOfficer,
    })
}

/// Seeds the hotline; the accounts share the demo's password hash.
pub async fn seed(
    store: &Store,
    password_hash: &str,
    agreement: &Agreement,
    declared: &crate::demo_decon::Declared,
) -> Result<()> {
    for party in &agreement.parties {
        let sys = Actor::system(party.code.clone());
        let name = second_officer(party.code.as_str());
        store
            .create_user(
                &sys,
                &NewUser {
                    username: name.clone(),
                    display_name: format!("{} deconfliction officer (second)", party.code),
                    password_hash: password_hash.to_owned(),
                    party: party.code.clone(),
                    role: Role::DeconflictionOfficer,
                    unit_id: None,
                },
            )
            .await?;
        let duty = crate::demo_people::demo_username(party.code.as_str(), Role::DeconflictionOfficer);
        store.set_hotline_roster(&sys, &[duty, name]).await?;
    }
    let minutes = AckMinutes::from_rules(&agreement.rules);
    let (tr, sy) =
        (officer(store, "tr.deconfliction_officer").await?, officer(store, "sy.deconfliction_officer").await?);
    let input = |to: &str, subject: &str, body: &str, priority: Priority, declaration: Option<&str>| MessageInput {
        to: Some(to.into()),
        subject: subject.into(),
        body: body.into(),
        priority: Some(priority.code().into()),
        declaration: declaration.map(str::to_owned),
        ..Default::default()
    };
    // Acknowledged: sent 50 minutes ago, answered five minutes later.
    let at = |offset: i64| store.with_clock(Arc::new(Shifted(offset)));
    let convoy = at(-50 * MINUTE)
        .hotline_send(
            &tr,
            &input(
                "SY",
                "Logistics convoy from Kilis to Azaz",
                "Twelve vehicles through the Öncüpınar crossing to Azaz; escort of two armoured cars. Please confirm your patrols keep 2 km clear of the road.",
                Priority::Routine,
                declared.code("TR", "convoy"),
            ),
            "demo-convoy",
            &minutes,
        )
        .await?
        .message;
    at(-45 * MINUTE)
        .hotline_ack(&sy, convoy.id, Some("Confirmed: our patrols stay north of the road until 09:30."))
        .await?;
    // Escalated: urgent, sent twelve minutes ago, unanswered past its ten minutes.
    let flight = at(-12 * MINUTE)
        .hotline_send(
            &tr,
            &input(
                "SY",
                "Helicopter medical evacuation near Jisr al-Shughur",
                "One helicopter, 300-900 m above ground, from 14:00 for an hour.",
                Priority::Urgent,
                None,
            ),
            "demo-medevac",
            &minutes,
        )
        .await?
        .message;
    let due = flight.ack_due_at;
    at(due - SystemClock.now_ms()).hotline_escalate_overdue(due).await?;
    // Pending: sent now by SY, waiting on TR's duty officer.
    store
        .hotline_send(
            &sy,
            &input(
                "TR",
                "Demining near Afrin",
                "Clearance team in grid 37S BV 12 34 from 07:00 to 15:00 for three days; controlled detonations at noon.",
                Priority::Urgent,
                declared.code("SY", "demining"),
            ),
            "demo-demining",
            &minutes,
        )
        .await?;
    Ok(())
}

/// Adds the second officers to the login table.
pub fn logins(table: &mut String, agreement: &Agreement) {
    for party in &agreement.parties {
        let _ = writeln!(
            table,
            "  {:<34} {:<6} deconfliction_officer (second on the hotline roster)",
            second_officer(party.code.as_str()),
            party.code
        );
    }
}
