//! Login sessions expire on idleness and at their absolute limit; TOTP steps
//! cannot be replayed.

use std::sync::atomic::Ordering;

use ittifaq_core::{PartyCode, Role};
use ittifaq_store::Actor;
use ittifaq_store::users::NewUser;

use crate::support::databases;

#[tokio::test]
async fn sessions_expire_when_idle_and_at_their_limit() {
    for db in databases().await {
        let s = &db.store;
        let admin = Actor::system(PartyCode::parse("TR").unwrap());
        let u = s
            .create_user(
                &admin,
                &NewUser {
                    username: "tr.office".into(),
                    display_name: "TR office".into(),
                    password_hash: "x".into(),
                    party: PartyCode::parse("TR").unwrap(),
                    role: Role::JointOffice,
                    unit_id: None,
                },
            )
            .await
            .unwrap();
        let now = s.now_ms();
        let idle = 30 * 60_000;
        s.create_session("h1", u.id, now + 12 * 3_600_000, false).await.unwrap();
        db.clock.0.fetch_add(20 * 60_000, Ordering::SeqCst);
        assert!(s.session("h1", idle).await.unwrap().is_some(), "{}", db.label);
        db.clock.0.fetch_add(20 * 60_000, Ordering::SeqCst);
        assert!(s.session("h1", idle).await.unwrap().is_some(), "touched 20 minutes ago");
        db.clock.0.fetch_add(31 * 60_000, Ordering::SeqCst);
        assert!(s.session("h1", idle).await.unwrap().is_none(), "idle for 31 minutes");

        s.create_session("h2", u.id, s.now_ms() + 60_000, false).await.unwrap();
        db.clock.0.fetch_add(61_000, Ordering::SeqCst);
        assert!(s.session("h2", idle).await.unwrap().is_none(), "past its absolute limit");
    }
}

#[tokio::test]
async fn a_totp_step_is_accepted_once() {
    for db in databases().await {
        let s = &db.store;
        let admin = Actor::system(PartyCode::parse("SY").unwrap());
        let u = s
            .create_user(
                &admin,
                &NewUser {
                    username: "sy.office".into(),
                    display_name: "SY office".into(),
                    password_hash: "x".into(),
                    party: PartyCode::parse("SY").unwrap(),
                    role: Role::JointOffice,
                    unit_id: None,
                },
            )
            .await
            .unwrap();
        assert!(s.accept_totp_step(u.id, 100).await.unwrap(), "{}", db.label);
        assert!(!s.accept_totp_step(u.id, 100).await.unwrap(), "replayed");
        assert!(!s.accept_totp_step(u.id, 99).await.unwrap(), "older step");
        assert!(s.accept_totp_step(u.id, 101).await.unwrap());
    }
}
