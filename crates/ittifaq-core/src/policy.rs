//! The access policy: one declarative table saying which roles may call which
//! route. The web layer enforces it in one middleware and fails closed: a route
//! with no entry is refused, and a test fails for it.

use crate::role::Role;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login page, health, assets).
    Public,
    /// Any signed-in user of any role.
    SignedIn,
    /// Signed-in users holding one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (Access::SignedIn, Some(_)) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
            (_, None) => false,
        }
    }
}

/// One entry of the policy table.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub method: &'static str,
    /// The route as registered with the router, e.g. `/people/{id}`.
    pub path: &'static str,
    pub access: Access,
}

use Role::*;

/// Who reads the registry of people.
pub const PEOPLE_READ: &[Role] = &[Admin, JointOffice, InstitutionStaff, UnitCommander, Instructor, Auditor];
/// Who creates, edits, archives and imports people.
pub const PEOPLE_WRITE: &[Role] = &[Admin, JointOffice, UnitCommander];
/// Who creates and edits units.
pub const UNITS_WRITE: &[Role] = &[Admin, JointOffice];
/// Who creates and edits institutions.
pub const INSTITUTIONS_WRITE: &[Role] = &[Admin, JointOffice, InstitutionStaff];
/// Who nominates people for sessions and withdraws them.
pub const NOMINATE: &[Role] = &[Admin, JointOffice, UnitCommander];
/// Who turns the two keys: the sending party's approval, the host's acceptance.
pub const APPROVE: &[Role] = &[Admin, JointOffice];
/// Who opens sessions of the catalog's courses.
pub const SESSIONS_WRITE: &[Role] = &[Admin, JointOffice, InstitutionStaff];
/// Who records vetting checks for their party.
pub const VETTING: &[Role] = &[Admin, JointOffice, InstitutionStaff];
/// Who, for the host, issues travel orders and certificates and confirms arrivals and departures.
pub const HOST_OFFICE: &[Role] = &[Admin, JointOffice, InstitutionStaff];
/// Who takes attendance, grades and records results.
pub const TEACH: &[Role] = &[Admin, InstitutionStaff, Instructor];
/// Who applies their party's seal to a document waiting for it (the key is on the party's own machine).
pub const SEAL: &[Role] = &[Admin, JointOffice];
/// Who revokes a certificate their party issued.
pub const REVOKE: &[Role] = &[Admin, JointOffice];
/// Who evaluates a course: the trainee who attended it.
pub const EVALUATE: &[Role] = &[Trainee];
/// Who reads the reports of the exchange.
pub const REPORTS: &[Role] = &[Admin, JointOffice, InstitutionStaff, Auditor];
/// Who reads the audit record.
pub const AUDIT_READ: &[Role] = &[Admin, JointOffice, Auditor];
/// Who cosigns the ledger's checkpoints as the other party's witness.
pub const WITNESS: &[Role] = &[Admin, Auditor];
/// Who reads declarations, conflicts and the deconfliction map.
pub const DECON_READ: &[Role] = &[JointOffice, DeconflictionOfficer, Auditor];
/// Who declares, confirms, amends and cancels activities.
pub const DECON_WRITE: &[Role] = &[DeconflictionOfficer];
/// Who runs, adjusts and commits the seat allocation (each for their own party's key).
pub const ALLOCATE: &[Role] = &[Admin, JointOffice];
/// Who reads the allocation runs.
pub const ALLOCATION_READ: &[Role] = &[Admin, JointOffice, Auditor];
/// Who manages accounts.
pub const USERS_ADMIN: &[Role] = &[Admin];
// hotline
/// Who reads the hotline of their party (messages to and from it, its roster, its events).
pub const HOTLINE_READ: &[Role] = &[Admin, JointOffice, DeconflictionOfficer, Auditor];
/// Who sends and acknowledges hotline messages.
pub const HOTLINE_SEND: &[Role] = &[DeconflictionOfficer];
/// Who sets the party's hotline escalation roster.
pub const HOTLINE_ROSTER: &[Role] = &[Admin, JointOffice];

const fn rule(method: &'static str, path: &'static str, access: Access) -> Rule {
    Rule { method, path, access }
}

/// The policy table. Every route of the web layer has exactly one entry.
pub const POLICY: &[Rule] = &[
    // Public pages and endpoints.
    rule("GET", "/login", Access::Public),
    rule("POST", "/login", Access::Public),
    rule("POST", "/lang", Access::Public),
    rule("GET", "/static/{file}", Access::Public),
    rule("GET", "/api/v1/health", Access::Public),
    rule("GET", "/api/v1/openapi.json", Access::Public),
    rule("POST", "/api/v1/login", Access::Public),
    // Anyone may verify a document the platform issued.
    rule("GET", "/verify/{id}", Access::Public),
    rule("POST", "/verify", Access::Public),
    rule("GET", "/api/v1/verify/{id}", Access::Public),
    rule("POST", "/api/v1/verify", Access::Public),
    // A calendar feed authenticates by the secret in its address.
    rule("GET", "/calendar/{token}", Access::Public),
    // Any signed-in user.
    rule("GET", "/", Access::SignedIn),
    rule("POST", "/logout", Access::SignedIn),
    rule("GET", "/account", Access::SignedIn),
    rule("POST", "/account/totp", Access::SignedIn),
    rule("POST", "/account/totp/confirm", Access::SignedIn),
    rule("POST", "/account/calendar", Access::SignedIn),
    rule("GET", "/agreement", Access::SignedIn),
    rule("GET", "/units", Access::SignedIn),
    rule("GET", "/institutions", Access::SignedIn),
    rule("GET", "/courses", Access::SignedIn),
    rule("GET", "/api/v1/courses", Access::SignedIn),
    rule("POST", "/api/v1/courses", Access::Roles(SESSIONS_WRITE)),
    rule("PUT", "/api/v1/courses/{id}", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/courses/new", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/courses", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/courses/{id}/edit", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/courses/{id}", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/sessions/new", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/sessions", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/api/v1/me", Access::SignedIn),
    rule("POST", "/api/v1/logout", Access::SignedIn),
    rule("GET", "/api/v1/agreement", Access::SignedIn),
    rule("GET", "/api/v1/units", Access::SignedIn),
    rule("GET", "/api/v1/institutions", Access::SignedIn),
    // The registry of people.
    rule("GET", "/people", Access::Roles(PEOPLE_READ)),
    rule("GET", "/people.csv", Access::Roles(PEOPLE_READ)),
    rule("GET", "/people/{id}", Access::Roles(PEOPLE_READ)),
    rule("GET", "/people/new", Access::Roles(PEOPLE_WRITE)),
    rule("POST", "/people", Access::Roles(PEOPLE_WRITE)),
    rule("GET", "/people/{id}/edit", Access::Roles(PEOPLE_WRITE)),
    rule("POST", "/people/{id}", Access::Roles(PEOPLE_WRITE)),
    rule("POST", "/people/{id}/archive", Access::Roles(PEOPLE_WRITE)),
    rule("GET", "/api/v1/people", Access::Roles(PEOPLE_READ)),
    rule("GET", "/api/v1/people/{id}", Access::Roles(PEOPLE_READ)),
    rule("POST", "/api/v1/people", Access::Roles(PEOPLE_WRITE)),
    rule("PUT", "/api/v1/people/{id}", Access::Roles(PEOPLE_WRITE)),
    rule("POST", "/api/v1/people/{id}/archive", Access::Roles(PEOPLE_WRITE)),
    // Units and institutions.
    rule("GET", "/units/new", Access::Roles(UNITS_WRITE)),
    rule("POST", "/units", Access::Roles(UNITS_WRITE)),
    rule("GET", "/units/{id}/edit", Access::Roles(UNITS_WRITE)),
    rule("POST", "/units/{id}", Access::Roles(UNITS_WRITE)),
    rule("POST", "/units/{id}/archive", Access::Roles(UNITS_WRITE)),
    rule("POST", "/api/v1/units", Access::Roles(UNITS_WRITE)),
    rule("PUT", "/api/v1/units/{id}", Access::Roles(UNITS_WRITE)),
    rule("POST", "/api/v1/units/{id}/archive", Access::Roles(UNITS_WRITE)),
    rule("GET", "/institutions/new", Access::Roles(INSTITUTIONS_WRITE)),
    rule("POST", "/institutions", Access::Roles(INSTITUTIONS_WRITE)),
    rule("GET", "/institutions/{id}/edit", Access::Roles(INSTITUTIONS_WRITE)),
    rule("POST", "/institutions/{id}", Access::Roles(INSTITUTIONS_WRITE)),
    rule("POST", "/institutions/{id}/archive", Access::Roles(INSTITUTIONS_WRITE)),
    rule("POST", "/api/v1/institutions", Access::Roles(INSTITUTIONS_WRITE)),
    rule("PUT", "/api/v1/institutions/{id}", Access::Roles(INSTITUTIONS_WRITE)),
    rule("POST", "/api/v1/institutions/{id}/archive", Access::Roles(INSTITUTIONS_WRITE)),
    // Personnel exchange: sessions and nominations.
    rule("GET", "/calendar", Access::SignedIn),
    rule("GET", "/sessions", Access::SignedIn),
    rule("GET", "/sessions/{id}", Access::SignedIn),
    rule("POST", "/sessions/{id}/nominations", Access::Roles(NOMINATE)),
    rule("GET", "/sessions/{id}/candidates", Access::Roles(NOMINATE)),
    rule("GET", "/units/{id}/nominations", Access::Roles(NOMINATE)),
    rule("GET", "/api/v1/units/{id}/nominations", Access::Roles(NOMINATE)),
    rule("POST", "/nominations/{id}/approve", Access::Roles(APPROVE)),
    rule("POST", "/nominations/{id}/accept", Access::Roles(APPROVE)),
    rule("POST", "/nominations/{id}/withdraw", Access::Roles(NOMINATE)),
    rule("POST", "/sessions/{id}/status", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/api/v1/sessions/{id}/status", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/api/v1/sessions/{id}/instructors", Access::Roles(SESSIONS_WRITE)),
    rule("PUT", "/api/v1/sessions/{id}/instructors/{username}", Access::Roles(SESSIONS_WRITE)),
    rule("DELETE", "/api/v1/sessions/{id}/instructors/{username}", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/sessions/{id}/instructors", Access::Roles(SESSIONS_WRITE)),
    rule("POST", "/api/v1/nominations/{id}/replace", Access::Roles(NOMINATE)),
    rule("GET", "/api/v1/sessions", Access::SignedIn),
    rule("POST", "/api/v1/sessions", Access::Roles(SESSIONS_WRITE)),
    rule("GET", "/api/v1/sessions/{id}/nominations", Access::SignedIn),
    rule("POST", "/api/v1/nominations", Access::Roles(NOMINATE)),
    rule("POST", "/api/v1/nominations/{id}/approve", Access::Roles(APPROVE)),
    rule("POST", "/api/v1/nominations/{id}/accept", Access::Roles(APPROVE)),
    rule("POST", "/api/v1/nominations/{id}/withdraw", Access::Roles(NOMINATE)),
    // Training after the two keys.
    rule("GET", "/nominations/{id}", Access::SignedIn),
    rule("POST", "/nominations/{id}/vetting", Access::Roles(VETTING)),
    rule("POST", "/nominations/{id}/arrival", Access::Roles(HOST_OFFICE)),
    rule("POST", "/nominations/{id}/departure", Access::Roles(HOST_OFFICE)),
    rule("POST", "/nominations/{id}/assessments", Access::Roles(TEACH)),
    rule("POST", "/nominations/{id}/result", Access::Roles(TEACH)),
    rule("POST", "/nominations/{id}/evaluation", Access::Roles(EVALUATE)),
    rule("POST", "/nominations/{id}/replace", Access::Roles(NOMINATE)),
    rule("GET", "/sessions/{id}/attendance", Access::Roles(TEACH)),
    rule("POST", "/sessions/{id}/attendance", Access::Roles(TEACH)),
    rule("GET", "/sessions/{id}/sign-in-sheet", Access::Roles(TEACH)),
    rule("GET", "/abroad", Access::Roles(PEOPLE_READ)),
    rule("GET", "/api/v1/nominations/{id}", Access::SignedIn),
    rule("POST", "/api/v1/nominations/{id}/vetting", Access::Roles(VETTING)),
    rule("POST", "/api/v1/nominations/{id}/arrival", Access::Roles(HOST_OFFICE)),
    rule("POST", "/api/v1/nominations/{id}/departure", Access::Roles(HOST_OFFICE)),
    rule("POST", "/api/v1/nominations/{id}/assessments", Access::Roles(TEACH)),
    rule("POST", "/api/v1/nominations/{id}/result", Access::Roles(TEACH)),
    rule("POST", "/api/v1/nominations/{id}/evaluation", Access::Roles(EVALUATE)),
    rule("PUT", "/api/v1/sessions/{id}/attendance", Access::Roles(TEACH)),
    rule("GET", "/api/v1/abroad", Access::Roles(PEOPLE_READ)),
    rule("GET", "/notifications", Access::SignedIn),
    rule("POST", "/notifications/read", Access::SignedIn),
    rule("POST", "/notifications/email", Access::SignedIn),
    rule("GET", "/api/v1/notifications", Access::SignedIn),
    rule("GET", "/reports/exchange", Access::Roles(REPORTS)),
    rule("GET", "/reports/exchange.csv", Access::Roles(REPORTS)),
    rule("GET", "/api/v1/reports/exchange", Access::Roles(REPORTS)),
    rule("GET", "/reports/evaluations", Access::Roles(REPORTS)),
    rule("GET", "/reports/evaluations.csv", Access::Roles(REPORTS)),
    rule("GET", "/api/v1/reports/evaluations", Access::Roles(REPORTS)),
    rule("POST", "/nominations/{id}/order", Access::Roles(HOST_OFFICE)),
    rule("GET", "/nominations/{id}/order", Access::SignedIn),
    rule("POST", "/nominations/{id}/certificate", Access::Roles(HOST_OFFICE)),
    rule("GET", "/certificates/{id}", Access::SignedIn),
    rule("POST", "/certificates/{id}/revoke", Access::Roles(REVOKE)),
    rule("POST", "/api/v1/nominations/{id}/order", Access::Roles(HOST_OFFICE)),
    rule("POST", "/api/v1/certificates/{id}/revoke", Access::Roles(REVOKE)),
    rule("GET", "/api/v1/seal-requests", Access::Roles(SEAL)),
    rule("GET", "/api/v1/seal-requests/{id}/pdf", Access::Roles(SEAL)),
    rule("POST", "/api/v1/seal-requests/{id}/seal", Access::Roles(SEAL)),
    // Audit and accounts.
    rule("GET", "/audit", Access::Roles(AUDIT_READ)),
    rule("GET", "/api/v1/audit", Access::Roles(AUDIT_READ)),
    rule("GET", "/ledger", Access::Roles(AUDIT_READ)),
    rule("GET", "/api/v1/ledger/checkpoint", Access::Roles(AUDIT_READ)),
    rule("POST", "/api/v1/ledger/checkpoints", Access::Roles(AUDIT_READ)),
    rule("GET", "/api/v1/ledger/entries/{seq}", Access::Roles(AUDIT_READ)),
    rule("GET", "/api/v1/ledger/consistency", Access::Roles(AUDIT_READ)),
    rule("GET", "/api/v1/ledger/witness-keys", Access::Roles(AUDIT_READ)),
    rule("POST", "/api/v1/ledger/witness-keys", Access::Roles(USERS_ADMIN)),
    rule("POST", "/api/v1/ledger/cosign", Access::Roles(WITNESS)),
    rule("GET", "/admin/users", Access::Roles(USERS_ADMIN)),
    rule("POST", "/admin/users", Access::Roles(USERS_ADMIN)),
    rule("POST", "/api/v1/users/{username}/unlock", Access::Roles(USERS_ADMIN)),
    rule("PUT", "/api/v1/users/{username}/unit", Access::Roles(USERS_ADMIN)),
    rule("POST", "/admin/users/{username}/unit", Access::Roles(USERS_ADMIN)),
    // Deconfliction.
    rule("GET", "/decon", Access::Roles(DECON_READ)),
    rule("GET", "/decon/new", Access::Roles(DECON_WRITE)),
    rule("POST", "/decon", Access::Roles(DECON_WRITE)),
    rule("GET", "/decon/map", Access::Roles(DECON_READ)),
    rule("GET", "/decon/{id}", Access::Roles(DECON_READ)),
    rule("GET", "/decon/{id}/edit", Access::Roles(DECON_WRITE)),
    rule("POST", "/decon/{id}", Access::Roles(DECON_WRITE)),
    rule("POST", "/decon/{id}/confirm", Access::Roles(DECON_WRITE)),
    rule("POST", "/decon/{id}/cancel", Access::Roles(DECON_WRITE)),
    rule("GET", "/api/v1/declarations", Access::Roles(DECON_READ)),
    rule("POST", "/api/v1/declarations", Access::Roles(DECON_WRITE)),
    rule("GET", "/api/v1/declarations/{id}", Access::Roles(DECON_READ)),
    rule("PUT", "/api/v1/declarations/{id}", Access::Roles(DECON_WRITE)),
    rule("POST", "/api/v1/declarations/{id}/confirm", Access::Roles(DECON_WRITE)),
    rule("POST", "/api/v1/declarations/{id}/cancel", Access::Roles(DECON_WRITE)),
    rule("GET", "/api/v1/conflicts", Access::Roles(DECON_READ)),
    // Seat allocation (issue 5).
    rule("GET", "/allocation", Access::Roles(ALLOCATION_READ)),
    rule("POST", "/allocation/runs", Access::Roles(ALLOCATE)),
    rule("GET", "/allocation/runs/{id}", Access::Roles(ALLOCATION_READ)),
    rule("POST", "/allocation/runs/{id}/resolve", Access::Roles(ALLOCATE)),
    rule("POST", "/allocation/runs/{id}/commit", Access::Roles(ALLOCATE)),
    rule("GET", "/api/v1/allocation/runs", Access::Roles(ALLOCATION_READ)),
    rule("POST", "/api/v1/allocation/runs", Access::Roles(ALLOCATE)),
    rule("GET", "/api/v1/allocation/runs/{id}", Access::Roles(ALLOCATION_READ)),
    rule("POST", "/api/v1/allocation/runs/{id}/resolve", Access::Roles(ALLOCATE)),
    rule("POST", "/api/v1/allocation/runs/{id}/commit", Access::Roles(ALLOCATE)),
    // hotline
    rule("GET", "/hotline", Access::Roles(HOTLINE_READ)),
    rule("GET", "/hotline/messages/{id}", Access::Roles(HOTLINE_READ)),
    rule("POST", "/hotline/messages", Access::Roles(HOTLINE_SEND)),
    rule("POST", "/hotline/messages/{id}/ack", Access::Roles(HOTLINE_SEND)),
    rule("POST", "/hotline/roster", Access::Roles(HOTLINE_ROSTER)),
    rule("GET", "/api/v1/hotline/messages", Access::Roles(HOTLINE_READ)),
    rule("POST", "/api/v1/hotline/messages", Access::Roles(HOTLINE_SEND)),
    rule("GET", "/api/v1/hotline/messages/{id}", Access::Roles(HOTLINE_READ)),
    rule("POST", "/api/v1/hotline/messages/{id}/ack", Access::Roles(HOTLINE_SEND)),
    rule("GET", "/api/v1/hotline/roster", Access::Roles(HOTLINE_READ)),
    rule("PUT", "/api/v1/hotline/roster", Access::Roles(HOTLINE_ROSTER)),
    rule("GET", "/api/v1/hotline/events", Access::Roles(HOTLINE_READ)),
    // end hotline
];

/// The policy entry for a route, if there is one.
pub fn lookup(method: &str, path: &str) -> Option<&'static Rule> {
    POLICY.iter().find(|r| r.method == method && r.path == path)
}

/// The methods a route takes, in the order of the table (for `Allow`).
pub fn methods(path: &str) -> Vec<&'static str> {
    POLICY.iter().filter(|r| r.path == path).map(|r| r.method).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_route_has_two_entries() {
        for (i, a) in POLICY.iter().enumerate() {
            for b in &POLICY[i + 1..] {
                assert!(!(a.method == b.method && a.path == b.path), "{} {} twice", a.method, a.path);
            }
        }
    }

    #[test]
    fn signed_out_users_reach_only_public_routes() {
        for r in POLICY {
            assert_eq!(r.access.allows(None), r.access == Access::Public, "{} {}", r.method, r.path);
        }
    }
}
