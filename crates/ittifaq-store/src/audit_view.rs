//! Reading the audit record: each row as the reader may see it, following
//! the release rules of the record it describes (a nomination's history, a
//! declaration's visibility); contact fields redacted for roles without them.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::{audit_log, declaration, nomination};
use crate::scope::{CONTACT_FIELDS, NominationFacts, NominationRelease, nomination_release, role_sees_contact};
use crate::{Actor, Result, Store};
use ittifaq_core::audit::{Action, ObjectKind};

/// An audit entry as one user may see it: the other party's changes show
/// which fields changed but not their values.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditView {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub actor_party: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub object_party: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// True when values were withheld because the record is another party's.
    pub redacted: bool,
}

fn redact(text: &Option<String>) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text.as_deref()?).ok()?;
    match value {
        serde_json::Value::Object(map) => {
            Some(serde_json::Value::Array(map.keys().map(|k| serde_json::Value::String(k.clone())).collect()))
        }
        _ => None,
    }
}

/// How many pages of `limit` rows the audit listing reads at most to fill
/// its page with rows the reader may see.
pub const AUDIT_PAGES_READ: usize = 10;

/// A page of the audit listing.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub items: Vec<AuditView>,
    /// The `before` of the next, older page; `None` on the last page.
    pub older: Option<i64>,
}

/// Filter of the audit listing.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Only this action (`approve`, `create`, …).
    pub action: Option<String>,
    /// Only records of this party.
    pub party: Option<String>,
    /// Only entries at or after this instant (milliseconds since 1970).
    pub from_ms: Option<i64>,
    /// Only entries before this instant.
    pub to_ms: Option<i64>,
    /// Only entries older than this one (the next page of a listing).
    pub before: Option<i64>,
    pub limit: u64,
}

impl Store {
    /// The newest audit entries visible to `actor`, newest first: at most
    /// `limit`, fewer only when more than [`AUDIT_PAGES_READ`] pages of
    /// `limit` rows had to be read to find them.
    /// Each row follows the release rule of the record it describes: a
    /// nomination's (its history, and its comments and results for the
    /// values), a declaration's (who entered another party's is not shown),
    /// a person's (contact fields only to the roles that need them). Values
    /// of another party's records are withheld, their names kept.
    pub async fn audit_list(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditView>> {
        Ok(self.audit_page(actor, filter).await?.items)
    }

    /// A page of the audit listing (see [`Store::audit_list`]) with where
    /// the next, older page starts: `None` when the oldest entry was read.
    pub async fn audit_page(&self, actor: &Actor, filter: &AuditFilter) -> Result<AuditPage> {
        let mut q = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(t) = &filter.object_type {
            q = q.filter(audit_log::Column::ObjectType.eq(t.as_str()));
        }
        if let Some(id) = &filter.object_id {
            q = q.filter(audit_log::Column::ObjectId.eq(id.as_str()));
        }
        if let Some(action) = &filter.action {
            q = q.filter(audit_log::Column::Action.eq(action.as_str()));
        }
        if let Some(party) = &filter.party {
            q = q.filter(audit_log::Column::ObjectParty.eq(party.as_str()));
        }
        if let Some(from) = filter.from_ms {
            q = q.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = filter.to_ms {
            q = q.filter(audit_log::Column::At.lt(to));
        }
        if let Some(before) = filter.before {
            q = q.filter(audit_log::Column::Id.lt(before));
        }
        let limit = if filter.limit == 0 { 100 } else { filter.limit.min(1000) };
        let txn = self.read().await?;
        // Rows the reader may not see are left out, and older ones read in
        // their place: a few pages at most, so that a reader who may see
        // little does not read the whole table.
        let mut out = Vec::new();
        let mut older_than = None;
        let mut complete = false;
        for _ in 0..AUDIT_PAGES_READ {
            let page = match older_than {
                Some(id) => q.clone().filter(audit_log::Column::Id.lt(id)),
                None => q.clone(),
            };
            let rows = page.limit(limit).all(&txn).await?;
            complete = (rows.len() as u64) < limit;
            older_than = rows.last().map(|r| r.id).or(older_than);
            let described = Described::of_rows(&txn, actor, &rows).await?;
            for r in rows {
                let id = r.id;
                if let Some(v) = described.view(actor, r) {
                    out.push(v);
                    if out.len() as u64 >= limit {
                        // The page is full: the next one starts after this row.
                        txn.commit().await?;
                        return Ok(AuditPage { items: out, older: Some(id) });
                    }
                }
            }
            if complete {
                break;
            }
        }
        txn.commit().await?;
        Ok(AuditPage { items: out, older: if complete { None } else { older_than } })
    }
    /// Every audit row, oldest first, unredacted: for the command line's export.
    pub async fn audit_all(&self) -> Result<Vec<audit_log::Model>> {
        Ok(audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(self.connection()).await?)
    }
}

/// What the records described by some audit rows release to one user,
/// each found by the release rule of its kind.
struct Described {
    nominations: BTreeMap<String, NominationRelease>,
    declarations: BTreeMap<String, bool>,
    reach: crate::scope::Reach,
}

impl Described {
    /// Reads the nominations and declarations the rows describe, in three queries.
    async fn of_rows<C: ConnectionTrait>(conn: &C, actor: &Actor, rows: &[audit_log::Model]) -> Result<Described> {
        let of =
            |kind: ObjectKind| rows.iter().filter(move |r| r.object_type == kind.code()).map(|r| r.object_id.clone());
        let ids: Vec<i64> = of(ObjectKind::Nomination).filter_map(|id| id.parse().ok()).collect();
        let mut nominations = BTreeMap::new();
        let reach = crate::scope::Reach::load(conn, actor).await?;
        if !ids.is_empty() {
            let found = nomination::Entity::find().filter(nomination::Column::Id.is_in(ids)).all(conn).await?;
            let hosts = crate::exchange::hosts_of(conn, found.iter().map(|n| n.session_id)).await?;
            for n in found {
                let host = hosts.get(&n.session_id).map_or("", String::as_str);
                let facts = NominationFacts::of(actor, &reach, &n, host);
                if let Some(release) = nomination_release(actor, facts) {
                    nominations.insert(n.id.to_string(), release);
                }
            }
        }
        let codes: Vec<String> = of(ObjectKind::Declaration).collect();
        let mut declarations = BTreeMap::new();
        if !codes.is_empty() {
            for d in declaration::Entity::find().filter(declaration::Column::Code.is_in(codes)).all(conn).await? {
                declarations.insert(d.code.clone(), crate::decon::visible(actor, &d));
            }
        }
        Ok(Described { nominations, declarations, reach })
    }

    /// The row as `actor` may see it, or `None` when its record is withheld.
    fn view(&self, actor: &Actor, r: audit_log::Model) -> Option<AuditView> {
        let mut own = r.object_party == actor.party.as_str();
        let mut actor_name = r.actor.clone();
        let mut withheld: &[&str] = &[];
        let kind = ObjectKind::parse(&r.object_type).ok();
        match kind {
            Some(ObjectKind::Nomination) => {
                let release = self.nominations.get(&r.object_id).filter(|n| n.history)?;
                own &= release.comments && release.results;
            }
            Some(ObjectKind::Declaration) => {
                if !self.declarations.get(&r.object_id).copied().unwrap_or(false) {
                    return None;
                }
                // Who entered another party's declaration is that party's alone.
                if !own {
                    actor_name = String::new();
                }
            }
            // A day's marks are the results of the host's trainees.
            Some(ObjectKind::Session) if r.action == Action::Attendance.code() => {
                let teaching = r.object_id.parse().is_ok_and(|id| self.reach.sessions.contains(&id));
                let hosting =
                    NominationFacts { hosting: r.object_party == actor.party.as_str(), teaching, ..Default::default() };
                own &= nomination_release(actor, hosting).is_some_and(|n| n.results);
            }
            Some(ObjectKind::Person) if !role_sees_contact(actor.role) => withheld = CONTACT_FIELDS,
            _ => {}
        }
        let parse = |t: &Option<String>| {
            let mut v: serde_json::Value = serde_json::from_str(t.as_deref()?).ok()?;
            if let serde_json::Value::Object(map) = &mut v {
                for key in withheld {
                    if let Some(field) = map.get_mut(*key) {
                        *field = serde_json::Value::Null;
                    }
                }
            }
            Some(v)
        };
        Some(AuditView {
            id: r.id,
            at: r.at,
            actor: actor_name,
            actor_party: r.actor_party.clone(),
            action: r.action.clone(),
            object_type: r.object_type.clone(),
            object_id: r.object_id.clone(),
            object_party: r.object_party.clone(),
            before: if own { parse(&r.before) } else { redact(&r.before) },
            after: if own { parse(&r.after) } else { redact(&r.after) },
            redacted: !own,
        })
    }
}
