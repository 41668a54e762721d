//! The deconfliction service: the engine of `ittifaq_decon` holding every
//! confirmed declaration, loaded from the store on first use and kept in step
//! by the steps that confirm, amend and cancel (under its write lock, after
//! the store's transaction committed). A draft's conflicts are computed
//! against it without inserting the draft. Conflicts are released by
//! [`ittifaq_core::decon::sees_third_states`]: a third state's side only to
//! deconfliction officers.

use ittifaq_core::id::DeclarationId;
use std::collections::HashMap;

use ittifaq_core::decon::{DeclarationStatus, sees_third_states};
use ittifaq_decon::{Activity, Conflict, Engine};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::decon::{DeclarationInput, DeclarationView, Declared};
use crate::{Actor, Result, Store};

/// The confirmed declarations in the engine, and what the web layer needs to
/// know of each beyond it: its id in the store and whether it is a third state's.
#[derive(Default)]
pub struct Loaded {
    engine: Engine,
    meta: HashMap<String, (i64, bool)>,
}

impl Loaded {
    fn put(&mut self, id: i64, third: bool, a: Activity) -> Vec<Conflict> {
        let code = a.id().to_owned();
        let out = if self.engine.get(&code).is_some() { self.engine.amend(a) } else { self.engine.declare(a) };
        self.meta.insert(code, (id, third));
        out.unwrap_or_default()
    }

    fn remove(&mut self, code: &str) {
        let _ = self.engine.cancel(code);
        self.meta.remove(code);
    }

    /// Adds a stored declaration at start, indexing it without a conflict check.
    fn load(&mut self, id: i64, third: bool, a: Activity) {
        let code = a.id().to_owned();
        if self.engine.get(&code).is_some() {
            let _ = self.engine.amend(a);
        } else {
            let _ = self.engine.load(a);
        }
        self.meta.insert(code, (id, third));
    }
}

/// The engine of confirmed declarations shared by every request.
#[derive(Default)]
pub struct DeconEngine {
    inner: RwLock<Option<Loaded>>,
}

impl DeconEngine {
    /// (Re)loads the engine from the store's confirmed and amended declarations.
    pub async fn reload(&self, store: &Store) -> Result<usize> {
        let loaded = Self::load(store).await?;
        let n = loaded.engine.len();
        *self.inner.write().await = Some(loaded);
        Ok(n)
    }

    async fn load(store: &Store) -> Result<Loaded> {
        let mut loaded = Loaded::default();
        for (id, third, a) in store.active_declarations().await? {
            loaded.load(id, third, a);
        }
        Ok(loaded)
    }

    async fn write(&self, store: &Store) -> Result<tokio::sync::RwLockMappedWriteGuard<'_, Loaded>> {
        let mut guard = self.inner.write().await;
        if guard.is_none() {
            *guard = Some(Self::load(store).await?);
        }
        Ok(RwLockWriteGuard::map(guard, |g| g.get_or_insert_with(Loaded::default)))
    }

    async fn read(&self, store: &Store) -> Result<RwLockReadGuard<'_, Loaded>> {
        loop {
            let guard = self.inner.read().await;
            if guard.is_some() {
                return Ok(RwLockReadGuard::map(guard, |g| g.as_ref().unwrap_or(&EMPTY)));
            }
            drop(guard);
            drop(self.write(store).await?);
        }
    }
}

static EMPTY: std::sync::LazyLock<Loaded> = std::sync::LazyLock::new(Loaded::default);

/// A conflict between two declared activities, as one user may see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictView {
    pub a: String,
    pub a_id: i64,
    pub a_party: String,
    pub a_kind: String,
    pub b: String,
    pub b_id: i64,
    pub b_party: String,
    pub b_kind: String,
    /// Shortest distance between the footprints, metres (0 when they meet).
    pub distance_m: f64,
    pub overlap_start: String,
    pub overlap_end: String,
}

fn fmt_time(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// A side of a conflict: (id, party, kind, third state), from the engine or the activity itself.
fn side(loaded: &Loaded, code: &str, extra: Option<(&Activity, i64, bool)>) -> Option<(i64, String, String, bool)> {
    let kind_of = |a: &Activity| serde_json::to_value(a.kind()).ok().and_then(|v| v.as_str().map(str::to_owned));
    if let Some((a, id, third)) = extra
        && a.id() == code
    {
        return Some((id, a.party().to_owned(), kind_of(a).unwrap_or_default(), third));
    }
    let a = loaded.engine.get(code)?;
    let (id, third) = loaded.meta.get(code).copied()?;
    Some((id, a.party().to_owned(), kind_of(a).unwrap_or_default(), third))
}

/// The conflicts the user may see: a third state's side only for deconfliction officers.
fn views(
    loaded: &Loaded,
    actor: &Actor,
    conflicts: Vec<Conflict>,
    extra: Option<(&Activity, i64, bool)>,
) -> Vec<ConflictView> {
    let officer = sees_third_states(actor.role);
    conflicts
        .into_iter()
        .filter_map(|c| {
            let (a_id, a_party, a_kind, a_third) = side(loaded, &c.a, extra)?;
            let (b_id, b_party, b_kind, b_third) = side(loaded, &c.b, extra)?;
            if (a_third || b_third) && !officer {
                return None;
            }
            Some(ConflictView {
                a: c.a,
                a_id,
                a_party,
                a_kind,
                b: c.b,
                b_id,
                b_party,
                b_kind,
                distance_m: c.distance_m,
                overlap_start: fmt_time(c.overlap_start),
                overlap_end: fmt_time(c.overlap_end),
            })
        })
        .collect()
}

/// A declaration with its conflicts (for a draft: those it would have if confirmed now).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclarationOut {
    pub declaration: DeclarationView,
    pub conflicts: Vec<ConflictView>,
}

impl DeconEngine {
    /// The current conflicts of a declaration the actor may see (none for a
    /// cancelled one; for a draft, those it would have if confirmed now).
    pub async fn with_conflicts(&self, store: &Store, actor: &Actor, d: Declared) -> Result<DeclarationOut> {
        if d.view.status == DeclarationStatus::Cancelled {
            return Ok(DeclarationOut { declaration: d.view, conflicts: Vec::new() });
        }
        let loaded = self.read(store).await?;
        let found = loaded.engine.conflicts_of(&d.activity);
        let conflicts = views(&loaded, actor, found, Some((&d.activity, d.view.id.get(), d.view.third_state)));
        Ok(DeclarationOut { declaration: d.view, conflicts })
    }

    /// Declares a draft and answers with the conflicts it would have.
    pub async fn declare(&self, store: &Store, actor: &Actor, input: &DeclarationInput) -> Result<DeclarationOut> {
        let d = store.declare(actor, input).await?;
        self.with_conflicts(store, actor, d).await
    }

    /// Confirms a draft: the engine takes it under its write lock once the
    /// store's transaction committed, and answers with its conflicts.
    pub async fn confirm(&self, store: &Store, actor: &Actor, id: DeclarationId) -> Result<DeclarationOut> {
        let mut loaded = self.write(store).await?;
        let d = store.confirm_declaration(actor, id).await?;
        let found = loaded.put(d.view.id.get(), d.view.third_state, d.activity.clone());
        let conflicts = views(&loaded, actor, found, None);
        Ok(DeclarationOut { declaration: d.view, conflicts })
    }

    /// Amends a declaration; an active one is replaced in the engine.
    pub async fn amend(
        &self,
        store: &Store,
        actor: &Actor,
        id: DeclarationId,
        input: &DeclarationInput,
    ) -> Result<DeclarationOut> {
        let mut loaded = self.write(store).await?;
        let d = store.amend_declaration(actor, id, input).await?;
        if d.view.active() {
            let found = loaded.put(d.view.id.get(), d.view.third_state, d.activity.clone());
            let conflicts = views(&loaded, actor, found, None);
            return Ok(DeclarationOut { declaration: d.view, conflicts });
        }
        drop(loaded);
        self.with_conflicts(store, actor, d).await
    }

    /// Cancels a declaration; an active one leaves the engine.
    pub async fn cancel(&self, store: &Store, actor: &Actor, id: DeclarationId) -> Result<DeclarationView> {
        let mut loaded = self.write(store).await?;
        let (view, was_active) = store.cancel_declaration(actor, id).await?;
        if was_active {
            loaded.remove(&view.code);
        }
        Ok(view)
    }

    /// Every current conflict the actor may see whose overlap meets `[from, to)` (ms since the epoch).
    pub async fn conflicts_between(
        &self,
        store: &Store,
        actor: &Actor,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<ConflictView>> {
        let loaded = self.read(store).await?;
        let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
        let all: Vec<Conflict> = loaded
            .engine
            .all_conflicts()
            .into_iter()
            .filter(|c| from.is_none_or(|f| ms(c.overlap_end) > f) && to.is_none_or(|t| ms(c.overlap_start) < t))
            .collect();
        Ok(views(&loaded, actor, all, None))
    }
}
