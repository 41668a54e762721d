//! Accounts and server-side login sessions. Passwords arrive here already
//! hashed: hashing is the web layer's job, off the async threads.

use ittifaq_core::Msg;
use ittifaq_core::id::{SessionId, UnitId};
use ittifaq_core::{PartyCode, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::audit::{self, Event};
use crate::entity::{course_session, login_session, session_instructor, unit, user};
use crate::{Actor, Result, Store, StoreError};
use ittifaq_core::audit::{Action, ObjectKind};

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub party: PartyCode,
    pub role: Role,
    /// The unit a commander commands (required of a commander, refused of
    /// any other role).
    pub unit_id: Option<i64>,
}

/// Checks a user name: 3 to 64 letters, digits, dots, dashes or underscores.
pub fn check_username(name: &str) -> Result<()> {
    let ok = (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(StoreError::invalid("username", Msg::new("invalid-username"))) }
}

/// The party a user name claims by its prefix (`tr.` of `tr.admin`), if that
/// prefix is the code of one of `parties`.
fn claimed_party<'a>(name: &str, parties: &'a [String]) -> Option<&'a str> {
    let (prefix, _) = name.split_once(['.', '_', '-'])?;
    parties.iter().find(|p| p.eq_ignore_ascii_case(prefix)).map(String::as_str)
}

/// The unit an account of `role` commands, checked: a commander's is
/// required and of the actor's party (another party's, or none, is answered
/// alike); any other role commands none.
async fn commanded_unit<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    role: Role,
    unit_id: Option<i64>,
) -> Result<Option<i64>> {
    match (role, unit_id) {
        (Role::UnitCommander, None) => Err(StoreError::invalid("unit_id", Msg::new("invalid-commander-unit"))),
        (Role::UnitCommander, Some(id)) => {
            let found = unit::Entity::find_by_id(id)
                .one(conn)
                .await?
                .filter(|u| u.party == actor.party.as_str() && !u.archived)
                .ok_or_else(|| StoreError::no_such("unit_id", ObjectKind::Unit, id))?;
            Ok(Some(found.id))
        }
        (_, None) => Ok(None),
        (_, Some(_)) => Err(StoreError::invalid("unit_id", Msg::new("invalid-unit-not-commander"))),
    }
}

impl Store {
    /// Sets the unit a commander of the actor's party commands: the people
    /// they see and nominate from then on. Audited.
    pub async fn set_commanded_unit(&self, actor: &Actor, username: &str, unit_id: UnitId) -> Result<user::Model> {
        let txn = self.write().await?;
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username.trim()))
            .filter(user::Column::Party.eq(actor.party.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::User, username))?;
        let role = Role::parse(&u.role)?;
        let unit = commanded_unit(&txn, actor, role, Some(unit_id.get())).await?;
        let before = u.unit_id;
        let mut am: user::ActiveModel = u.into();
        am.unit_id = Set(unit);
        let m = am.update(&txn).await?;
        let audited = Event::new(Action::SetUnit, ObjectKind::User, m.id, &m.party)
            .with(Some(serde_json::json!({"unit_id": before})), Some(serde_json::json!({"unit_id": m.unit_id})));
        audit::record(&txn, self.now_ms(), actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    /// The instructors assigned to a session, with their display names: for
    /// the host's users, who assign them.
    pub async fn session_instructors(&self, actor: &Actor, session_id: SessionId) -> Result<Vec<user::Model>> {
        let s = course_session::Entity::find_by_id(session_id)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, session_id))?;
        crate::scope::ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        let ids = session_instructor::Entity::find()
            .select_only()
            .column(session_instructor::Column::UserId)
            .filter(session_instructor::Column::SessionId.eq(session_id.get()))
            .into_tuple::<i64>()
            .all(self.connection())
            .await?;
        Ok(user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .order_by_asc(user::Column::Username)
            .all(self.connection())
            .await?)
    }

    /// Assigns (or, with `assign` false, releases) an instructor of the
    /// session's host party to teach it: the trainees they then see and mark.
    /// Only the host's users assign; a session of another party is answered
    /// as one they may not change, an account not of the host's instructors
    /// as one that does not exist.
    pub async fn assign_instructor(
        &self,
        actor: &Actor,
        session_id: SessionId,
        username: &str,
        assign: bool,
    ) -> Result<()> {
        let txn = self.write().await?;
        let s = course_session::Entity::find_by_id(session_id)
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::not_found(ObjectKind::Session, session_id))?;
        crate::scope::ensure_own(actor, &s.host_party, crate::record(ObjectKind::Session, &s.code))?;
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username.trim()))
            .filter(user::Column::Party.eq(s.host_party.as_str()))
            .filter(user::Column::Role.eq(Role::Instructor.code()))
            .one(&txn)
            .await?
            .ok_or_else(|| {
                StoreError::invalid("username", Msg::new("invalid-no-instructor").arg("name", username.trim()))
            })?;
        let key = (session_id.get(), u.id);
        let held = session_instructor::Entity::find_by_id(key).one(&txn).await?.is_some();
        if held == assign {
            return Ok(());
        }
        let now = self.now_ms();
        if assign {
            session_instructor::ActiveModel {
                session_id: Set(session_id.get()),
                user_id: Set(u.id),
                assigned_by: Set(actor.username.clone()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        } else {
            session_instructor::Entity::delete_by_id(key).exec(&txn).await?;
        }
        let audited = Event::new(
            if assign { Action::AssignInstructor } else { Action::ReleaseInstructor },
            ObjectKind::Session,
            session_id,
            &s.host_party,
        )
        .with(None, Some(serde_json::json!({"instructor": u.username})));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn create_user(&self, actor: &Actor, u: &NewUser) -> Result<user::Model> {
        check_username(&u.username)?;
        if u.party != actor.party {
            return Err(StoreError::Forbidden(
                Msg::new("forbidden-other-party-accounts").arg("party", &actor.party).arg("other", &u.party),
            ));
        }
        // A name must not pass for the other party's (`tr.fake_admin` made by `sy.admin`).
        let parties: Vec<String> = self.parties().await?.into_iter().map(|p| p.code).collect();
        if let Some(claimed) = claimed_party(&u.username, &parties)
            && claimed != u.party.as_str()
        {
            return Err(StoreError::invalid(
                "username",
                Msg::new("invalid-username-party")
                    .arg("party", &u.party)
                    .arg("prefix", u.party.as_str().to_lowercase()),
            ));
        }
        let txn = self.write().await?;
        let unit_id = commanded_unit(&txn, actor, u.role, u.unit_id).await?;
        let now = self.now_ms();
        let m = user::ActiveModel {
            unit_id: Set(unit_id),
            username: Set(u.username.clone()),
            display_name: Set(u.display_name.clone()),
            password_hash: Set(u.password_hash.clone()),
            party: Set(u.party.to_string()),
            role: Set(u.role.code().to_owned()),
            locale: Set(None),
            totp_secret: Set(None),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            disabled: Set(false),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::unique(e, || Msg::new("conflict-username-taken").arg("username", &u.username)))?;
        let audited = Event {
            action: Action::Create.code(),
            object_type: ObjectKind::User,
            object_id: m.id.to_string(),
            object_party: &m.party,
            before: None,
            after: Some(
                serde_json::json!({"username": m.username, "role": m.role, "party": m.party, "unit_id": m.unit_id}),
            ),
        };
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(m)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<user::Model>> {
        Ok(user::Entity::find().filter(user::Column::Username.eq(username)).one(self.connection()).await?)
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<user::Model>> {
        Ok(user::Entity::find_by_id(id).one(self.connection()).await?)
    }

    /// Accounts of the actor's party.
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<user::Model>> {
        Ok(user::Entity::find()
            .filter(user::Column::Party.eq(actor.party.as_str()))
            .order_by_asc(user::Column::Username)
            .all(self.connection())
            .await?)
    }

    /// Lifts the sign-in lock of an account of the actor's own party and audits
    /// it; the caller clears the throttle. An account of another party, or
    /// none, is answered alike: not found.
    pub async fn unlock_user(&self, actor: &Actor, username: &str) -> Result<user::Model> {
        let missing = || StoreError::not_found(ObjectKind::User, username);
        let txn = self.write().await?;
        let u = user::Entity::find()
            .filter(user::Column::Username.eq(username.trim()))
            .filter(user::Column::Party.eq(actor.party.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(missing)?;
        let mut am: user::ActiveModel = u.clone().into();
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        let m = am.update(&txn).await?;
        audit::record(&txn, self.now_ms(), actor, Event::new(Action::UnlockSignIn, ObjectKind::User, u.id, &u.party))
            .await?;
        txn.commit().await?;
        Ok(m)
    }

    /// Stores a confirmed TOTP secret for the actor's own account.
    pub async fn set_totp_secret(&self, actor: &Actor, secret: Option<String>, step: Option<i64>) -> Result<()> {
        let id = actor.user_id.ok_or_else(|| StoreError::Forbidden(Msg::new("forbidden-no-account")))?;
        let txn = self.write().await?;
        let u =
            user::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| StoreError::not_found(ObjectKind::User, id))?;
        let party = u.party.clone();
        let enabled = secret.is_some();
        let mut am: user::ActiveModel = u.into();
        am.totp_secret = Set(secret);
        am.totp_last_step = Set(step);
        am.update(&txn).await?;
        let now = self.now_ms();
        let audited =
            Event::new(if enabled { Action::EnableTotp } else { Action::DisableTotp }, ObjectKind::User, id, &party);
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Accepts a TOTP time step once: a step at or before the last accepted is refused.
    pub async fn accept_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let txn = self.write().await?;
        let Some(u) = user::Entity::find_by_id(user_id).one(&txn).await? else {
            return Ok(false);
        };
        if u.totp_last_step.is_some_and(|last| step <= last) {
            return Ok(false);
        }
        let mut am: user::ActiveModel = u.into();
        am.totp_last_step = Set(Some(step));
        am.update(&txn).await?;
        txn.commit().await?;
        Ok(true)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: i64,
        awaiting_totp: bool,
    ) -> Result<()> {
        let now = self.now_ms();
        let txn = self.write().await?;
        // Expired sessions are swept whenever a new one starts.
        login_session::Entity::delete_many().filter(login_session::Column::ExpiresAt.lt(now)).exec(&txn).await?;
        login_session::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen: Set(now),
            expires_at: Set(expires_at),
            awaiting_totp: Set(awaiting_totp),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The session and its user, if the session exists, has not expired and has
    /// been used within `idle_ms`; touches `last_seen`.
    pub async fn session(&self, token_hash: &str, idle_ms: i64) -> Result<Option<(login_session::Model, user::Model)>> {
        let now = self.now_ms();
        // The session and its user in one query: every request asks.
        let of_user = login_session::Entity::belongs_to(user::Entity)
            .from(login_session::Column::UserId)
            .to(user::Column::Id)
            .into();
        let Some((s, u)) = login_session::Entity::find_by_id(token_hash.to_owned())
            .join(sea_orm::JoinType::LeftJoin, of_user)
            .select_also(user::Entity)
            .one(self.connection())
            .await?
        else {
            return Ok(None);
        };
        if s.expires_at <= now || s.last_seen + idle_ms <= now {
            login_session::Entity::delete_by_id(token_hash.to_owned()).exec(self.connection()).await?;
            return Ok(None);
        }
        let Some(u) = u else {
            return Ok(None);
        };
        if u.disabled {
            return Ok(None);
        }
        // Touch at most once a minute, to keep reads cheap.
        if now - s.last_seen > 60_000 {
            let mut am: login_session::ActiveModel = s.clone().into();
            am.last_seen = Set(now);
            am.update(self.connection()).await?;
        }
        Ok(Some((s, u)))
    }

    pub async fn complete_totp(&self, token_hash: &str) -> Result<()> {
        if let Some(s) = login_session::Entity::find_by_id(token_hash.to_owned()).one(self.connection()).await? {
            let mut am: login_session::ActiveModel = s.into();
            am.awaiting_totp = Set(false);
            am.update(self.connection()).await?;
        }
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        login_session::Entity::delete_by_id(token_hash.to_owned()).exec(self.connection()).await?;
        Ok(())
    }

    /// Ends every session of a user (after a password or second-factor change).
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<()> {
        login_session::Entity::delete_many()
            .filter(login_session::Column::UserId.eq(user_id))
            .exec(self.connection())
            .await?;
        Ok(())
    }
}

impl Store {
    /// Registers a calendar feed address for the actor (its secret's hash).
    pub async fn add_calendar_feed(&self, actor: &Actor, token_hash: &str) -> Result<()> {
        let id = actor.user_id.ok_or_else(|| StoreError::Forbidden(Msg::new("forbidden-no-account")))?;
        let now = self.now_ms();
        let txn = self.write().await?;
        crate::entity::calendar_feed::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            user_id: Set(id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let audited = Event::new(Action::CreateCalendarFeed, ObjectKind::User, id, actor.party.as_str());
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The user a calendar feed address belongs to, if it exists and the user is active.
    pub async fn calendar_feed_user(&self, token_hash: &str) -> Result<Option<user::Model>> {
        let Some(feed) =
            crate::entity::calendar_feed::Entity::find_by_id(token_hash.to_owned()).one(self.connection()).await?
        else {
            return Ok(None);
        };
        Ok(self.user_by_id(feed.user_id).await?.filter(|u| !u.disabled))
    }
}

/// The registry person the actor's account is linked to (a trainee's, an
/// advisor's self), if the actor is a user linked to one.
pub(crate) async fn linked_person_in<C: sea_orm::ConnectionTrait>(conn: &C, actor: &Actor) -> Result<Option<i64>> {
    let Some(uid) = actor.user_id else { return Ok(None) };
    Ok(user::Entity::find_by_id(uid).one(conn).await?.and_then(|u| u.person_id))
}

impl Store {
    /// The registry person the actor's account is linked to.
    pub async fn linked_person(&self, actor: &Actor) -> Result<Option<i64>> {
        linked_person_in(self.connection(), actor).await
    }
}
