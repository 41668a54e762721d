//! The army's target structure for integration: the integrating party's
//! divisions, brigades and battalions, each with the posts it has for
//! integrated people. The assignment stage puts named candidates into one
//! of its units, never beyond its posts. Both parties read the structure;
//! how many people a unit holds is withheld from the other party under
//! [`SUPPRESS_BELOW`].

use std::collections::HashMap;

use ittifaq_core::Msg;
use ittifaq_core::agreement::Names;
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::integration::{CandidateStatus, TargetKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use super::SUPPRESS_BELOW;
use crate::audit::{self, Event};
use crate::entity::{candidate, target_unit};
use crate::registry::{check_code, check_text};
use crate::{Actor, Result, Store, StoreError};

pub use ittifaq_core::integration::MAX_POSTS;

/// A new unit of the target structure.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TargetUnitInput {
    pub code: String,
    pub name: Names,
    /// division, brigade or battalion.
    pub kind: String,
    /// The code of the unit it stands under (none: at the top).
    #[serde(default)]
    pub parent: Option<String>,
    /// Posts for integrated people.
    pub posts: i64,
}

/// A unit of the structure as the reader may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetUnitView {
    pub id: i64,
    pub code: String,
    pub name: Names,
    pub party: String,
    pub kind: TargetKind,
    pub parent: Option<String>,
    pub posts: u32,
    /// People assigned to it; none when withheld (under ten, other party).
    pub assigned: Option<u32>,
}

/// How many people each unit holds (struck-off registrations and those
/// who left for reintegration free their posts).
pub(super) async fn assigned_counts<C: ConnectionTrait>(conn: &C) -> Result<HashMap<i64, u32>> {
    let rows: Vec<(Option<i64>, i64)> = candidate::Entity::find()
        .filter(candidate::Column::AssignedUnit.is_not_null())
        .filter(candidate::Column::Status.is_in([CandidateStatus::Active.code(), CandidateStatus::Integrated.code()]))
        .select_only()
        .column(candidate::Column::AssignedUnit)
        .column_as(candidate::Column::Id.count(), "n")
        .group_by(candidate::Column::AssignedUnit)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(unit, n)| Some((unit?, u32::try_from(n).unwrap_or(u32::MAX)))).collect())
}

/// Enters the target structure the agreement sets, top down (its parents
/// first, as the check ensures): a unit not yet there is created, one there
/// has its names, kind, parent and posts brought up to the agreement's,
/// never below the people it holds. A code held by another party's unit
/// refuses the load. Each change audited in the integrating party's name.
pub(crate) async fn plan_target_units<C: crate::ledger::Appender>(
    conn: &C,
    a: &ittifaq_core::agreement::Agreement,
    now: i64,
) -> Result<()> {
    if a.target_units.is_empty() {
        return Ok(());
    }
    let held = assigned_counts(conn).await?;
    for (i, p) in a.target_units.iter().enumerate() {
        let actor = Actor::system(p.party.clone());
        let parent = match &p.parent {
            None => None,
            Some(code) => Some(
                target_unit::Entity::find()
                    .filter(target_unit::Column::Code.eq(code))
                    .filter(target_unit::Column::Party.eq(p.party.as_str()))
                    .one(conn)
                    .await?
                    .ok_or_else(|| {
                        StoreError::invalid(
                            format!("target_units[{i}].parent"),
                            Msg::new("invalid-target-parent").arg("code", code),
                        )
                    })?,
            ),
        };
        let existing = target_unit::Entity::find().filter(target_unit::Column::Code.eq(&p.code)).one(conn).await?;
        let view = |m: &target_unit::Model| {
            serde_json::json!({"code": m.code, "kind": m.kind, "parent": parent.as_ref().map(|p| &p.code),
                "posts": m.posts, "name": [m.name_en, m.name_tr, m.name_ar], "from": "agreement"})
        };
        let mut row = target_unit::ActiveModel {
            code: Set(p.code.clone()),
            party: Set(p.party.to_string()),
            name_en: Set(p.name.en.trim().to_owned()),
            name_tr: Set(p.name.tr.trim().to_owned()),
            name_ar: Set(p.name.ar.trim().to_owned()),
            kind: Set(p.kind.code().to_owned()),
            parent_id: Set(parent.as_ref().map(|u| u.id)),
            posts: Set(p.posts as i32),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            ..Default::default()
        };
        let (m, before) = match existing {
            Some(old) if old.party != p.party.as_str() => {
                return Err(StoreError::invalid(
                    format!("target_units[{i}].code"),
                    Msg::new("conflict-code-exists").msg("what", crate::record(ObjectKind::TargetUnit, &p.code)),
                ));
            }
            Some(old) => {
                let n = held.get(&old.id).copied().unwrap_or(0);
                if p.posts < n {
                    return Err(StoreError::invalid(
                        format!("target_units[{i}].posts"),
                        Msg::new("invalid-target-posts-held").num("posts", p.posts.into()).num("held", n.into()),
                    ));
                }
                let unchanged = (&old.name_en, &old.name_tr, &old.name_ar, &old.kind, old.parent_id, old.posts)
                    == (
                        row.name_en.as_ref(),
                        row.name_tr.as_ref(),
                        row.name_ar.as_ref(),
                        row.kind.as_ref(),
                        *row.parent_id.as_ref(),
                        *row.posts.as_ref(),
                    );
                if unchanged {
                    continue;
                }
                row.id = Set(old.id);
                row.created_by = Set(old.created_by.clone());
                row.created_at = Set(old.created_at);
                let before = view(&old);
                (row.update(conn).await?, Some(before))
            }
            None => (row.insert(conn).await?, None),
        };
        let action = if before.is_some() { Action::Update } else { Action::Create };
        let audited = Event::new(action, ObjectKind::TargetUnit, m.id, &m.party).with(before, Some(view(&m)));
        audit::record(conn, now, &actor, audited).await?;
    }
    Ok(())
}

impl Store {
    /// Adds a unit to the actor's party's target structure: a code used
    /// once, its names, its kind under a parent of a higher kind of the
    /// same party, and its posts (0 to [`MAX_POSTS`]).
    pub async fn create_target_unit(&self, actor: &Actor, input: &TargetUnitInput) -> Result<TargetUnitView> {
        check_code("code", &input.code)?;
        for (field, text) in [("name.en", &input.name.en), ("name.tr", &input.name.tr), ("name.ar", &input.name.ar)] {
            check_text(field, text)?;
        }
        let kind =
            TargetKind::parse(input.kind.trim()).map_err(|e| StoreError::invalid("kind", e.message().clone()))?;
        if !(0..=MAX_POSTS).contains(&input.posts) {
            return Err(StoreError::invalid("posts", Msg::new("invalid-integration-count").num("max", MAX_POSTS)));
        }
        let txn = self.write().await?;
        let parent = match input.parent.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(code) => {
                let p = target_unit::Entity::find()
                    .filter(target_unit::Column::Code.eq(code))
                    .filter(target_unit::Column::Party.eq(actor.party.as_str()))
                    .one(&txn)
                    .await?
                    .ok_or_else(|| {
                        StoreError::invalid("parent", Msg::new("invalid-target-parent").arg("code", code))
                    })?;
                let parent_kind = TargetKind::parse(&p.kind)
                    .map_err(|_| StoreError::Corrupt(Msg::new("record-target-unit").arg("code", &p.code)))?;
                if !kind.fits_under(parent_kind) {
                    return Err(StoreError::invalid(
                        "parent",
                        Msg::new("invalid-target-under")
                            .msg("kind", Msg::of_key(kind.key()))
                            .msg("parent", Msg::of_key(parent_kind.key())),
                    ));
                }
                Some(p)
            }
        };
        let now = self.now_ms();
        let m = target_unit::ActiveModel {
            code: Set(input.code.trim().to_owned()),
            party: Set(actor.party.to_string()),
            name_en: Set(input.name.en.trim().to_owned()),
            name_tr: Set(input.name.tr.trim().to_owned()),
            name_ar: Set(input.name.ar.trim().to_owned()),
            kind: Set(kind.code().to_owned()),
            parent_id: Set(parent.as_ref().map(|p| p.id)),
            posts: Set(input.posts as i32),
            created_by: Set(actor.username.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::code_taken(e, ObjectKind::TargetUnit, &input.code))?;
        let after = serde_json::json!({"code": m.code, "kind": m.kind, "parent": parent.as_ref().map(|p| &p.code),
            "posts": m.posts});
        let audited = Event::new(Action::Create, ObjectKind::TargetUnit, m.id, &m.party).with(None, Some(after));
        audit::record(&txn, now, actor, audited).await?;
        txn.commit().await?;
        let structure = self.target_structure(actor).await?;
        structure.into_iter().find(|u| u.id == m.id).ok_or_else(|| StoreError::not_found(ObjectKind::TargetUnit, m.id))
    }

    /// Both parties' target structures, each unit's people withheld from the other party under ten.
    pub async fn target_structure(&self, actor: &Actor) -> Result<Vec<TargetUnitView>> {
        let conn = self.connection();
        let units = target_unit::Entity::find()
            .order_by_asc(target_unit::Column::Party)
            .order_by_asc(target_unit::Column::Code)
            .all(conn)
            .await?;
        let codes: HashMap<i64, String> = units.iter().map(|u| (u.id, u.code.clone())).collect();
        let held = assigned_counts(conn).await?;
        let mut out = Vec::with_capacity(units.len());
        for u in units {
            let kind = TargetKind::parse(&u.kind)
                .map_err(|_| StoreError::Corrupt(Msg::new("record-target-unit").arg("code", &u.code)))?;
            let n = held.get(&u.id).copied().unwrap_or(0);
            let own = u.party == actor.party.as_str();
            out.push(TargetUnitView {
                id: u.id,
                parent: u.parent_id.and_then(|p| codes.get(&p).cloned()),
                name: Names { en: u.name_en, tr: u.name_tr, ar: u.name_ar },
                code: u.code,
                party: u.party,
                kind,
                posts: u32::try_from(u.posts).unwrap_or(0),
                assigned: (own || n == 0 || n >= SUPPRESS_BELOW).then_some(n),
            });
        }
        Ok(out)
    }
}
