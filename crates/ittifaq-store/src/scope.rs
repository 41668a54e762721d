//! Party scoping, in one place below the handlers: what one party's users see
//! of another party's records, and which records they may change.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::entity::{party, person};
use crate::{Actor, StoreError, unframe_list};

/// For each party, the person fields it released to the other parties.
#[derive(Debug, Clone, Default)]
pub struct Releases {
    by_party: HashMap<String, HashSet<String>>,
}

impl Releases {
    pub fn from_parties(parties: &[party::Model]) -> Releases {
        let by_party =
            parties.iter().map(|p| (p.code.clone(), unframe_list(&p.released_fields).into_iter().collect())).collect();
        Releases { by_party }
    }

    /// Whether `actor` may see `field` of a record owned by `owner`.
    pub fn visible(&self, actor: &Actor, owner: &str, field: &str) -> bool {
        actor.party.as_str() == owner || self.by_party.get(owner).is_some_and(|f| f.contains(field))
    }

    /// The parties other than the actor's that released `field`.
    pub fn parties_releasing(&self, actor: &Actor, field: &str) -> Vec<String> {
        self.by_party
            .iter()
            .filter(|(p, fields)| p.as_str() != actor.party.as_str() && fields.contains(field))
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// A person as one user may see them: fields the owning party did not
/// release to the user's party are `None`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub id: i64,
    pub party: String,
    /// Whether the viewer belongs to the person's party (and may edit the record).
    pub own: bool,
    pub archived: bool,
    pub service_number: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub native_name: Option<String>,
    pub rank: Option<String>,
    pub rank_title: Option<String>,
    pub unit_id: Option<i64>,
    pub languages: Option<Vec<String>>,
    pub qualifications: Option<Vec<String>>,
    pub national_id: Option<String>,
    pub phone: Option<String>,
    pub next_of_kin: Option<String>,
}

impl PersonView {
    /// The name to show: the released names, or the service number, or the id.
    pub fn display_name(&self) -> String {
        match (&self.given_name, &self.family_name) {
            (Some(g), Some(f)) => format!("{g} {f}"),
            (Some(n), None) | (None, Some(n)) => n.clone(),
            (None, None) => self.service_number.clone().unwrap_or_else(|| format!("#{}", self.id)),
        }
    }
}

/// Applies the owning party's release to a stored person.
pub fn person_view(releases: &Releases, actor: &Actor, m: &person::Model) -> PersonView {
    let show = |field: &str| releases.visible(actor, &m.party, field);
    let opt = |field: &str, v: &Option<String>| if show(field) { v.clone() } else { None };
    let val = |field: &str, v: &String| if show(field) { Some(v.clone()) } else { None };
    PersonView {
        id: m.id,
        party: m.party.clone(),
        own: actor.party.as_str() == m.party,
        archived: m.archived,
        service_number: val("service_number", &m.service_number),
        given_name: val("given_name", &m.given_name),
        family_name: val("family_name", &m.family_name),
        native_name: opt("native_name", &m.native_name),
        rank: val("rank", &m.rank),
        rank_title: opt("rank_title", &m.rank_title),
        unit_id: show("unit").then_some(m.unit_id),
        languages: show("languages").then(|| unframe_list(&m.languages)),
        qualifications: show("qualifications").then(|| unframe_list(&m.qualifications)),
        national_id: opt("national_id", &m.national_id),
        phone: opt("phone", &m.phone),
        next_of_kin: opt("next_of_kin", &m.next_of_kin),
    }
}

/// Refuses a change to a record of another party.
pub fn ensure_own(actor: &Actor, owner: &str, what: &str) -> Result<(), StoreError> {
    if actor.party.as_str() == owner {
        Ok(())
    } else {
        Err(StoreError::Forbidden(format!(
            "{what} belongs to party {owner}; users of {} cannot change it",
            actor.party
        )))
    }
}
