//! Party scoping, in one place below the handlers: what one party's users see
//! of another party's records, and which records they may change.

use ittifaq_core::id::PersonId;
use std::collections::{BTreeSet, HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use ittifaq_core::Msg;
use ittifaq_core::Role;

use crate::entity::{nomination, party, person, session_instructor, unit, user};
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
    pub id: PersonId,
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

    /// The name with what tells namesakes apart, as released: rank and
    /// service number (`Omar Haddad (OF-3, SY-00042)`).
    pub fn label(&self) -> String {
        let name = self.display_name();
        let extra: Vec<&str> = [self.rank.as_deref(), self.service_number.as_deref()]
            .into_iter()
            .flatten()
            .filter(|x| *x != name)
            .collect();
        if extra.is_empty() { name } else { format!("{name} ({})", extra.join(", ")) }
    }
}

/// The fields of a person that reach someone only through a need of their work:
/// how to identify and reach the person and their family.
pub const CONTACT_FIELDS: &[&str] = ittifaq_core::person::PRIVATE_FIELDS;

/// The roles whose work needs a person's contact fields (their own party's,
/// or another party's where that party released them): who registers,
/// nominates, vets and sends people abroad.
pub fn role_sees_contact(role: Role) -> bool {
    matches!(role, Role::Admin | Role::JointOffice | Role::InstitutionStaff | Role::UnitCommander)
}

/// The release rule of a ledger entry's content. The entry's bytes hold its
/// audit row's values in full (comments, results, contact fields): only the
/// owning party's admin and joint office read them unredacted. Everyone else
/// gets the leaf hash and the proof, which verify without the content, and
/// reads the row itself through the audit views and their release rules.
pub fn ledger_entry_in_full(actor: &Actor, object_party: &str) -> bool {
    object_party == actor.party.as_str() && matches!(actor.role, Role::Admin | Role::JointOffice)
}

/// Applies the owning party's release to a stored person: the release rule
/// of a person, for every reader. Contact fields also need a role whose work
/// needs them ([`role_sees_contact`]).
pub fn person_view(releases: &Releases, actor: &Actor, m: &person::Model) -> PersonView {
    person_view_with(releases, actor, m, role_sees_contact(actor.role))
}

/// [`person_view`] with the need for contact fields decided by the caller
/// (a nomination's release, which also gives a trainee their own).
pub fn person_view_with(releases: &Releases, actor: &Actor, m: &person::Model, contact: bool) -> PersonView {
    let show = |field: &str| (contact || !CONTACT_FIELDS.contains(&field)) && releases.visible(actor, &m.party, field);
    let opt = |field: &str, v: &Option<String>| if show(field) { v.clone() } else { None };
    let val = |field: &str, v: &String| if show(field) { Some(v.clone()) } else { None };
    PersonView {
        id: PersonId(m.id),
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

/// Refuses a change to a record of another party. The refusal names only
/// what the caller named: never the owner, which the caller may not see.
pub fn ensure_own(actor: &Actor, owner: &str, what: Msg) -> Result<(), StoreError> {
    if actor.party.as_str() == owner {
        Ok(())
    } else {
        Err(StoreError::Forbidden(Msg::new("forbidden-not-own").msg("what", what).arg("party", &actor.party)))
    }
}

/// Where one user's work reaches inside their party, read once a request:
/// the person their account belongs to (a trainee's own record), the units
/// a commander commands (their unit and those under it), and the sessions an
/// instructor teaches. Each is empty unless the user's role needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub me: Option<i64>,
    pub units: BTreeSet<i64>,
    pub sessions: BTreeSet<i64>,
}

impl Reach {
    /// Reads the reach of `actor` through `conn`, with only the queries its role needs.
    pub async fn load<C: ConnectionTrait>(conn: &C, actor: &Actor) -> Result<Reach, StoreError> {
        let mut reach = Reach::default();
        let Some(user_id) = actor.user_id else { return Ok(reach) };
        match actor.role {
            Role::Trainee => {
                reach.me = user::Entity::find_by_id(user_id).one(conn).await?.and_then(|u| u.person_id);
            }
            Role::UnitCommander => {
                if let Some(top) = user::Entity::find_by_id(user_id).one(conn).await?.and_then(|u| u.unit_id) {
                    reach.units = units_under(conn, actor.party.as_str(), top).await?;
                }
            }
            Role::Instructor => {
                reach.sessions = session_instructor::Entity::find()
                    .select_only()
                    .column(session_instructor::Column::SessionId)
                    .filter(session_instructor::Column::UserId.eq(user_id))
                    .into_tuple::<i64>()
                    .all(conn)
                    .await?
                    .into_iter()
                    .collect();
            }
            _ => {}
        }
        Ok(reach)
    }

    /// Whether a person of `party` in `unit` is within the user's reach where
    /// their role has one: a commander's people are their units' alone.
    pub fn holds_person(&self, actor: &Actor, party: &str, unit: i64) -> bool {
        actor.role != Role::UnitCommander || (party == actor.party.as_str() && self.units.contains(&unit))
    }
}

/// The parent of each unit of `party`, in one query (a party has hundreds
/// of units, not millions).
async fn unit_parents<C: ConnectionTrait>(conn: &C, party: &str) -> Result<HashMap<i64, Option<i64>>, StoreError> {
    Ok(unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .column(unit::Column::ParentId)
        .filter(unit::Column::Party.eq(party))
        .into_tuple::<(i64, Option<i64>)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// A unit of `party` and every unit under it. A unit of another party is none.
pub async fn units_under<C: ConnectionTrait>(conn: &C, party: &str, top: i64) -> Result<BTreeSet<i64>, StoreError> {
    let parents = unit_parents(conn, party).await?;
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, parent) in &parents {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    let mut out = BTreeSet::new();
    if !parents.contains_key(&top) {
        return Ok(out);
    }
    let mut stack = vec![top];
    while let Some(u) = stack.pop() {
        // A cycle in the parents (refused when written) cannot loop here.
        if out.insert(u) {
            stack.extend(children.get(&u).into_iter().flatten().copied());
        }
    }
    Ok(out)
}

/// A unit of `party` and every unit above it: whose commanders command it.
pub async fn units_above<C: ConnectionTrait>(conn: &C, party: &str, unit: i64) -> Result<BTreeSet<i64>, StoreError> {
    let parents = unit_parents(conn, party).await?;
    let mut out = BTreeSet::new();
    let mut at = parents.contains_key(&unit).then_some(unit);
    while let Some(u) = at {
        if !out.insert(u) {
            break;
        }
        at = parents.get(&u).copied().flatten();
    }
    Ok(out)
}

/// How a user stands to a nomination: the facts its release rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NominationFacts {
    /// The nominee is of the user's party (the sending side).
    pub sending: bool,
    /// The session is hosted by the user's party.
    pub hosting: bool,
    /// The nominee is the user (a trainee's own enrolment).
    pub own_record: bool,
    /// The nominee was nominated from a unit the user commands.
    pub my_unit: bool,
    /// The session is one the user teaches.
    pub teaching: bool,
}

impl NominationFacts {
    pub fn of(actor: &Actor, reach: &Reach, n: &nomination::Model, host_party: &str) -> Self {
        NominationFacts {
            sending: actor.party.as_str() == n.person_party,
            hosting: actor.party.as_str() == host_party,
            own_record: reach.me == Some(n.person_id),
            my_unit: reach.units.contains(&n.unit_id),
            teaching: reach.sessions.contains(&n.session_id),
        }
    }
}

/// What of a nomination one user may see beyond the nominee's released
/// names, rank and its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NominationRelease {
    /// The steps of its history: which, by whom, when.
    pub history: bool,
    /// The comments of those steps (the audit record's values of them too).
    pub comments: bool,
    /// Who recorded each vetting check, the level found and, for the party
    /// that recorded it, its comment.
    pub vetting: bool,
    /// Attendance, assessments, grade, the reason of a failure, the evaluation.
    pub results: bool,
    /// The nominee's contact fields, as far as their party released them.
    pub contact: bool,
    /// The travel order and certificate.
    pub documents: bool,
}

/// The release rule of a nomination (and of everything recorded about it:
/// vetting, training, documents, its audit rows), called by every reader.
/// `None`: the user may not know it exists. What a user sees depends on role
/// as well as party: a trainee sees their own record, an instructor the
/// trainees of the sessions they teach, a commander the people of the units
/// they command; vetting details, results and contact data stay with the roles
/// whose work needs them. Advisors and deconfliction officers see none.
pub fn nomination_release(actor: &Actor, f: NominationFacts) -> Option<NominationRelease> {
    let all = NominationRelease {
        history: true,
        comments: true,
        vetting: true,
        results: true,
        contact: true,
        documents: true,
    };
    match actor.role {
        // Who nominates, approves, accepts, vets and issues the documents.
        Role::Admin | Role::JointOffice | Role::InstitutionStaff => (f.sending || f.hosting).then_some(all),
        // Who nominates the party's people and sees them go.
        Role::UnitCommander => (f.sending && f.my_unit).then_some(NominationRelease { vetting: false, ..all }),
        // Who teaches and grades the trainees of their sessions.
        Role::Instructor => {
            (f.hosting && f.teaching).then_some(NominationRelease { results: true, ..Default::default() })
        }
        // Who verifies that the record was kept: which steps, by whom, when.
        Role::Auditor => (f.sending || f.hosting).then_some(NominationRelease { history: true, ..Default::default() }),
        Role::Trainee => f.own_record.then_some(NominationRelease { vetting: false, comments: false, ..all }),
        Role::Advisor | Role::DeconflictionOfficer => None,
    }
}

#[cfg(test)]
mod tests {
    use ittifaq_core::{PartyCode, Role};

    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { user_id: Some(1), username: "u".into(), party: PartyCode::parse("TR").unwrap(), role }
    }

    const NONE: NominationFacts =
        NominationFacts { sending: false, hosting: false, own_record: false, my_unit: false, teaching: false };
    // The party's nominee from a unit the user commands / of a session the user teaches.
    const SENDING: NominationFacts = NominationFacts { sending: true, my_unit: true, ..NONE };
    const HOSTING: NominationFacts = NominationFacts { hosting: true, teaching: true, ..NONE };
    const OWN: NominationFacts = NominationFacts { sending: true, own_record: true, ..NONE };
    const NEITHER: NominationFacts = NONE;

    #[test]
    fn a_nomination_of_neither_the_users_party_nor_its_session_is_nobodys() {
        for role in Role::ALL {
            assert_eq!(nomination_release(&actor(role), NEITHER), None, "{role}");
        }
    }

    #[test]
    fn advisors_and_deconfliction_officers_see_no_enrolment() {
        for role in [Role::Advisor, Role::DeconflictionOfficer] {
            for facts in [SENDING, HOSTING, OWN] {
                assert_eq!(nomination_release(&actor(role), facts), None, "{role} {facts:?}");
            }
        }
    }

    #[test]
    fn a_trainee_sees_their_own_record_without_the_offices_comments_or_vetting() {
        let trainee = actor(Role::Trainee);
        assert_eq!(nomination_release(&trainee, SENDING), None, "a fellow trainee's record");
        assert_eq!(nomination_release(&trainee, HOSTING), None);
        let own = nomination_release(&trainee, OWN).unwrap();
        assert!(own.history && own.results && own.contact && own.documents);
        assert!(!own.comments && !own.vetting);
    }

    #[test]
    fn vetting_details_results_and_contact_stay_with_the_roles_whose_work_needs_them() {
        let of = |role, facts| nomination_release(&actor(role), facts);
        assert!(of(Role::JointOffice, HOSTING).is_some_and(|r| r.vetting && r.documents));
        assert!(of(Role::UnitCommander, SENDING).is_some_and(|r| r.contact && !r.vetting));
        assert_eq!(of(Role::UnitCommander, HOSTING), None);
        assert!(of(Role::Instructor, HOSTING).is_some_and(|r| r.results && !r.contact && !r.history));
        assert_eq!(of(Role::Instructor, SENDING), None);
        // A commander's people are their units' alone; an instructor's
        // trainees their sessions' alone.
        assert_eq!(of(Role::UnitCommander, NominationFacts { my_unit: false, ..SENDING }), None);
        assert_eq!(of(Role::Instructor, NominationFacts { teaching: false, ..HOSTING }), None);
        let auditor = of(Role::Auditor, SENDING).unwrap();
        assert!(auditor.history && !auditor.comments && !auditor.results && !auditor.contact && !auditor.documents);
        for role in Role::ALL {
            assert_eq!(role_sees_contact(role), of(role, SENDING).is_some_and(|r| r.contact), "{role}");
        }
    }
}
