//! The access policy in the terms of the agreement: the permissions a role
//! holds. Which route needs which permission is declared beside the route, in
//! the web layer's route table; this module knows nothing of URLs.

use crate::role::Role;

/// What a caller must hold to use a route or see an action offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (login page, health, assets).
    Public,
    /// Any signed-in user of any role.
    SignedIn,
    /// Signed-in users whose role holds this permission.
    Granted(Permission),
}

impl Access {
    /// Whether a caller of this role (`None`: not signed in) has access.
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (Access::SignedIn, Some(_)) => true,
            (Access::Granted(permission), Some(role)) => permission.granted_to(role),
            (_, None) => false,
        }
    }
}

/// A permission: one kind of work the agreement gives to some roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Who reads the registry of people.
    PeopleRead,
    /// Who creates, edits, archives and imports people.
    PeopleWrite,
    /// Who creates and edits units.
    UnitsWrite,
    /// Who creates and edits institutions.
    InstitutionsWrite,
    /// Who nominates people for sessions and withdraws them.
    Nominate,
    /// Who turns the two keys: the sending party's approval, the host's acceptance.
    Approve,
    /// Who opens sessions of the catalog's courses.
    SessionsWrite,
    /// Who records vetting checks for their party.
    Vetting,
    /// Who, for the host, issues travel orders and certificates and confirms arrivals and departures.
    HostOffice,
    /// Who takes attendance, grades and records results.
    Teach,
    /// Who applies their party's seal to a document waiting for it (the key is on the party's own machine).
    Seal,
    /// Who revokes a certificate their party issued.
    Revoke,
    /// Who evaluates a course: the trainee who attended it.
    Evaluate,
    /// Who reads their own training (schedule, documents, results) and prints its transcript.
    OwnTraining,
    /// Who reads the reports of the exchange.
    Reports,
    /// Who reads the audit record.
    AuditRead,
    /// Who cosigns the ledger's checkpoints as the other party's witness.
    Witness,
    /// Who reads declarations, conflicts and the deconfliction map.
    DeconRead,
    /// Who declares, confirms, amends and cancels activities.
    DeconWrite,
    /// Who runs, adjusts and commits the seat allocation (each for their own party's key).
    Allocate,
    /// Who reads the allocation runs.
    AllocationRead,
    /// Who manages accounts.
    UsersAdmin,
    /// Who reads the hotline of their party (messages to and from it, its roster, its events).
    HotlineRead,
    /// Who sends and acknowledges hotline messages.
    HotlineSend,
    /// Who sets the party's hotline escalation roster.
    HotlineRoster,
    /// Who reads the engagement plans of technical assistance.
    AssistanceRead,
    /// Who writes and activates their party's engagement plans, deploys
    /// advisors, reviews the reports of the advisors sent to their party
    /// and contests measurements.
    AssistanceWrite,
    /// Who writes and submits the reports of their own deployment.
    AssistanceReport,
    /// Who reads the board of force integration (the other party's as aggregates).
    IntegrationRead,
    /// Who enters their party's formations, deadlines and counts.
    IntegrationWrite,
}

use Role::*;

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 30] = [
        Permission::PeopleRead,
        Permission::PeopleWrite,
        Permission::UnitsWrite,
        Permission::InstitutionsWrite,
        Permission::Nominate,
        Permission::Approve,
        Permission::SessionsWrite,
        Permission::Vetting,
        Permission::HostOffice,
        Permission::Teach,
        Permission::Seal,
        Permission::Revoke,
        Permission::Evaluate,
        Permission::OwnTraining,
        Permission::Reports,
        Permission::AuditRead,
        Permission::Witness,
        Permission::DeconRead,
        Permission::DeconWrite,
        Permission::Allocate,
        Permission::AllocationRead,
        Permission::UsersAdmin,
        Permission::HotlineRead,
        Permission::HotlineSend,
        Permission::HotlineRoster,
        Permission::AssistanceRead,
        Permission::AssistanceWrite,
        Permission::AssistanceReport,
        Permission::IntegrationRead,
        Permission::IntegrationWrite,
    ];

    /// The roles that hold this permission (of their own party).
    pub const fn roles(self) -> &'static [Role] {
        match self {
            Permission::PeopleRead => &[Admin, JointOffice, InstitutionStaff, UnitCommander, Instructor, Auditor],
            Permission::PeopleWrite => &[Admin, JointOffice, UnitCommander],
            Permission::UnitsWrite => &[Admin, JointOffice],
            Permission::InstitutionsWrite => &[Admin, JointOffice, InstitutionStaff],
            Permission::Nominate => &[Admin, JointOffice, UnitCommander],
            Permission::Approve => &[Admin, JointOffice],
            Permission::SessionsWrite => &[Admin, JointOffice, InstitutionStaff],
            Permission::Vetting => &[Admin, JointOffice, InstitutionStaff],
            Permission::HostOffice => &[Admin, JointOffice, InstitutionStaff],
            Permission::Teach => &[Admin, InstitutionStaff, Instructor],
            Permission::Seal => &[Admin, JointOffice],
            Permission::Revoke => &[Admin, JointOffice],
            Permission::Evaluate => &[Trainee],
            Permission::OwnTraining => &[Trainee],
            Permission::Reports => &[Admin, JointOffice, InstitutionStaff, Auditor],
            Permission::AuditRead => &[Admin, JointOffice, Auditor],
            Permission::Witness => &[Admin, Auditor],
            Permission::DeconRead => &[JointOffice, DeconflictionOfficer, Auditor],
            Permission::DeconWrite => &[DeconflictionOfficer],
            Permission::Allocate => &[Admin, JointOffice],
            Permission::AllocationRead => &[Admin, JointOffice, Auditor],
            Permission::UsersAdmin => &[Admin],
            Permission::HotlineRead => &[Admin, JointOffice, DeconflictionOfficer, Auditor],
            Permission::HotlineSend => &[DeconflictionOfficer],
            Permission::HotlineRoster => &[Admin, JointOffice],
            Permission::AssistanceRead => &[Admin, JointOffice, Advisor, Auditor],
            Permission::AssistanceWrite => &[Admin, JointOffice],
            Permission::AssistanceReport => &[Advisor],
            Permission::IntegrationRead => &[Admin, JointOffice, Auditor],
            Permission::IntegrationWrite => &[Admin, JointOffice],
        }
    }

    /// Whether a role holds this permission.
    pub fn granted_to(self, role: Role) -> bool {
        self.roles().contains(&role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_out_users_hold_only_public_access() {
        assert!(Access::Public.allows(None));
        assert!(!Access::SignedIn.allows(None));
        for p in Permission::ALL {
            assert!(!Access::Granted(p).allows(None), "{p:?}");
        }
    }

    #[test]
    fn auditors_read_and_write_nothing_but_the_witness_cosignature_of_the_ledger() {
        let held: Vec<_> = Permission::ALL.iter().filter(|p| p.granted_to(Auditor)).copied().collect();
        assert_eq!(
            held,
            [
                Permission::PeopleRead,
                Permission::Reports,
                Permission::AuditRead,
                Permission::Witness,
                Permission::DeconRead,
                Permission::AllocationRead,
                Permission::HotlineRead,
                Permission::AssistanceRead,
                Permission::IntegrationRead
            ]
        );
    }

    #[test]
    fn a_trainee_only_evaluates_the_course_they_attended_and_reads_their_own_training() {
        let held: Vec<_> = Permission::ALL.iter().filter(|p| p.granted_to(Trainee)).copied().collect();
        assert_eq!(held, [Permission::Evaluate, Permission::OwnTraining]);
    }

    #[test]
    fn only_deconfliction_officers_declare_activities_and_send_on_the_hotline() {
        for role in Role::ALL {
            assert_eq!(Permission::DeconWrite.granted_to(role), role == DeconflictionOfficer);
            assert_eq!(Permission::HotlineSend.granted_to(role), role == DeconflictionOfficer);
        }
    }
}
