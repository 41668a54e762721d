//! Deconfliction's contract on every backend: the listing query, the reader
//! and the pure release rule of `ittifaq-core` agree for every role and
//! party, and a declaration moves draft → confirmed → amended → cancelled.

use ittifaq_core::Role;
use ittifaq_core::decon::{DeclarationStatus, declaration_visible};
use ittifaq_core::id::DeclarationId;
use ittifaq_store::decon::{DeclarationFilter, DeclarationInput, ThirdStateInput};

use crate::support::{actor, databases};

fn input(day: u32, third: Option<&str>) -> DeclarationInput {
    DeclarationInput {
        kind: "exercise".into(),
        footprint: serde_json::json!({"type": "Polygon", "coordinates": [[[37.0, 36.0], [37.1, 36.0], [37.1, 36.1], [37.0, 36.1], [37.0, 36.0]]]}),
        altitude_m: vec![0.0, 100.0],
        start: format!("2027-04-{day:02}T06:00:00Z"),
        end: format!("2027-04-{day:02}T18:00:00Z"),
        separation_m: None,
        vertical_separation_m: None,
        time_buffer_s: None,
        unit: Some("unit that stays home".into()),
        third_state: third.map(|code| ThirdStateInput { code: code.into(), name: "Third state".into() }),
    }
}

#[tokio::test]
async fn the_listing_releases_exactly_what_the_release_rule_does_for_every_role() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::DeconflictionOfficer);
        let sy = actor("SY", Role::DeconflictionOfficer);
        // Of each party a draft and a confirmed one, and one of a third state entered by TR.
        let mut made = Vec::new();
        for (k, who) in [&tr, &sy].into_iter().enumerate() {
            let draft = s.declare(who, &input(1 + k as u32, None)).await.unwrap().view;
            let declared = s.declare(who, &input(3 + k as u32, None)).await.unwrap().view;
            s.confirm_declaration(who, declared.id).await.unwrap();
            made.push((draft.id, who.party.to_string(), false, DeclarationStatus::Draft));
            made.push((declared.id, who.party.to_string(), false, DeclarationStatus::Confirmed));
        }
        let third = s.declare(&tr, &input(5, Some("CYP"))).await.unwrap().view;
        s.confirm_declaration(&tr, third.id).await.unwrap();
        made.push((third.id, "TR".into(), true, DeclarationStatus::Confirmed));

        for role in Role::ALL {
            for party in ["TR", "SY"] {
                let a = actor(party, role);
                let listed: Vec<DeclarationId> = s
                    .declarations(&a, &DeclarationFilter::default())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|d| d.id)
                    .collect();
                for (id, owner, third, status) in &made {
                    let rule = declaration_visible(role, owner == party, *third, *status);
                    assert_eq!(listed.contains(id), rule, "{} {role} of {party}: declaration {id} listed", db.label);
                    assert_eq!(s.declaration(&a, *id).await.is_ok(), rule, "{} {role} of {party}: read {id}", db.label);
                }
            }
        }
    }
}

#[tokio::test]
async fn a_declaration_goes_from_draft_to_confirmed_amended_and_cancelled_once() {
    for db in databases().await {
        let s = &db.store;
        let tr = actor("TR", Role::DeconflictionOfficer);
        let d = s.declare(&tr, &input(7, None)).await.unwrap().view;
        assert_eq!(d.status, DeclarationStatus::Draft.code());
        let c = s.confirm_declaration(&tr, d.id).await.unwrap().view;
        assert_eq!(c.status, DeclarationStatus::Confirmed.code());
        assert!(s.confirm_declaration(&tr, d.id).await.is_err(), "{}: confirmed twice", db.label);
        let a = s.amend_declaration(&tr, d.id, &input(8, None)).await.unwrap().view;
        assert_eq!((a.status.code(), a.version), (DeclarationStatus::Amended.code(), 2));
        let (cancelled, was_active) = s.cancel_declaration(&tr, d.id).await.unwrap();
        assert_eq!((cancelled.status.code(), was_active), (DeclarationStatus::Cancelled.code(), true));
        assert!(s.cancel_declaration(&tr, d.id).await.is_err(), "{}: cancelled twice", db.label);
        // The other party cannot touch it; its unit stays home.
        let sy = actor("SY", Role::DeconflictionOfficer);
        assert!(s.cancel_declaration(&sy, d.id).await.is_err());
        assert_eq!(s.declaration(&sy, d.id).await.unwrap().view.unit, None);
    }
}
