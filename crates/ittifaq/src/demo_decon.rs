//! Demo deconfliction: activities near the Türkiye–Syria border in the days
//! after the demo is seeded, declared by each party's deconfliction officer
//! (a demining task near Afrin, an exercise beside it, a convoy from Kilis to
//! Azaz, a helicopter flight from Aleppo to Idlib, a third state's transport
//! flight and a draft not yet confirmed), with two conflicts among them.

use anyhow::{Context, Result};
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::decon::{DeclarationInput, ThirdStateInput};
use ittifaq_store::{Actor, Store};
use serde_json::{Value, json};
use time::{Date, Duration};

async fn officer(store: &Store, party: &str) -> Result<Actor> {
    let username = crate::demo_people::demo_username(party, Role::DeconflictionOfficer);
    let user = store.user_by_username(&username).await?.with_context(|| format!("the demo user {username}"))?;
    Ok(Actor { user_id: Some(user.id), username, party: PartyCode::parse(party)?, role: Role::DeconflictionOfficer })
}

struct Plan {
    kind: &'static str,
    footprint: Value,
    altitude: [f64; 2],
    /// Day after `today`, start and end hours (UTC).
    day: i64,
    hours: (u8, u8),
    separation_m: f64,
    vertical_separation_m: f64,
    unit: &'static str,
    third: Option<(&'static str, &'static str)>,
    confirm: bool,
}

fn input(today: Date, p: &Plan) -> DeclarationInput {
    let day = today + Duration::days(p.day);
    DeclarationInput {
        kind: p.kind.into(),
        footprint: p.footprint.clone(),
        altitude_m: p.altitude.to_vec(),
        start: format!("{day}T{:02}:00:00Z", p.hours.0),
        end: format!("{day}T{:02}:00:00Z", p.hours.1),
        separation_m: Some(p.separation_m),
        vertical_separation_m: Some(p.vertical_separation_m),
        time_buffer_s: Some(900.0),
        unit: Some(p.unit.into()),
        third_state: p.third.map(|(code, name)| ThirdStateInput { code: code.into(), name: name.into() }),
    }
}

/// The codes the demo's declarations were given: party, kind and code.
pub struct Declared(Vec<(String, &'static str, String)>);

impl Declared {
    /// The code of the first declaration of `kind` by `party`.
    pub fn code(&self, party: &str, kind: &str) -> Option<&str> {
        self.0.iter().find(|(p, k, _)| p == party && *k == kind).map(|(_, _, c)| c.as_str())
    }
}

/// Seeds the demo's declarations, dated from `today`.
pub async fn seed(store: &Store, today: Date) -> Result<Declared> {
    let tr = officer(store, "TR").await?;
    let sy = officer(store, "SY").await?;
    let plans: [(&Actor, Plan); 6] = [
        (
            &sy,
            Plan {
                kind: "demining",
                footprint: json!({"type": "Polygon", "coordinates": [[[36.86, 36.50], [36.89, 36.50], [36.89, 36.525], [36.86, 36.525], [36.86, 36.50]]]}),
                altitude: [0.0, 0.0],
                day: 2,
                hours: (6, 16),
                separation_m: 500.0,
                vertical_separation_m: 0.0,
                unit: "SY 3rd Engineer Battalion, clearance team 2",
                third: None,
                confirm: true,
            },
        ),
        (
            &tr,
            Plan {
                kind: "exercise",
                footprint: json!({"type": "Polygon", "coordinates": [[[36.90, 36.52], [36.98, 36.52], [36.98, 36.58], [36.90, 36.58], [36.90, 36.52]]]}),
                altitude: [0.0, 1500.0],
                day: 2,
                hours: (8, 14),
                separation_m: 2000.0,
                vertical_separation_m: 300.0,
                unit: "TR 5th Armoured Brigade",
                third: None,
                confirm: true,
            },
        ),
        (
            &tr,
            Plan {
                kind: "convoy",
                footprint: json!({"type": "LineString", "coordinates": [[37.12, 36.72], [37.09, 36.65], [37.05, 36.59]]}),
                altitude: [0.0, 0.0],
                day: 3,
                hours: (5, 9),
                separation_m: 200.0,
                vertical_separation_m: 0.0,
                unit: "TR Logistics Support Regiment",
                third: None,
                confirm: true,
            },
        ),
        (
            &sy,
            Plan {
                kind: "flight",
                footprint: json!({"type": "LineString", "coordinates": [[37.16, 36.20], [36.90, 36.05], [36.63, 35.93]]}),
                altitude: [300.0, 1500.0],
                day: 3,
                hours: (10, 12),
                separation_m: 1000.0,
                vertical_separation_m: 300.0,
                unit: "SY Air Force, 2nd Helicopter Squadron",
                third: None,
                confirm: true,
            },
        ),
        (
            &tr,
            Plan {
                kind: "flight",
                footprint: json!({"type": "LineString", "coordinates": [[35.95, 35.41], [36.60, 35.85], [37.16, 36.20]]}),
                altitude: [1200.0, 4000.0],
                day: 3,
                hours: (9, 13),
                separation_m: 5000.0,
                vertical_separation_m: 300.0,
                unit: "",
                third: Some(("RUS", "Russian Federation")),
                confirm: true,
            },
        ),
        (
            &tr,
            Plan {
                kind: "firing",
                footprint: json!({"type": "Point", "coordinates": [36.57, 36.27], "radius_m": 1500}),
                altitude: [0.0, 2500.0],
                day: 5,
                hours: (7, 11),
                separation_m: 1000.0,
                vertical_separation_m: 300.0,
                unit: "TR 2nd Artillery Battalion",
                third: None,
                confirm: false,
            },
        ),
    ];
    let mut codes = Vec::new();
    for (actor, plan) in &plans {
        let declared = store
            .declare(actor, &input(today, plan))
            .await
            .with_context(|| format!("declaring the demo's {} of {}", plan.kind, actor.party))?;
        if plan.confirm {
            store.confirm_declaration(actor, declared.view.id).await?;
        }
        codes.push((actor.party.to_string(), plan.kind, declared.view.code.clone()));
    }
    Ok(Declared(codes))
}
