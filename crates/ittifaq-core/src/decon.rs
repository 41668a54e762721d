//! The release rules and statuses of declared activities, as pure code: the
//! store's readers, its listing query and the pages' conflict views all ask
//! here.

use crate::{Role, code_enum};

code_enum! {
    /// Where a declaration stands.
    pub enum DeclarationStatus: "decon_status" {
        /// Entered, seen by its own party only.
        Draft = "draft",
        /// Declared to the other party.
        Confirmed = "confirmed",
        /// Declared, then changed.
        Amended = "amended",
        Cancelled = "cancelled",
    }
}

/// Statuses of declarations that take part in deconfliction.
pub const ACTIVE: [DeclarationStatus; 2] = [DeclarationStatus::Confirmed, DeclarationStatus::Amended];
/// The codes of [`ACTIVE`], for a query's `IN`.
pub const ACTIVE_CODES: [&str; 2] = [DeclarationStatus::Confirmed.code(), DeclarationStatus::Amended.code()];

impl DeclarationStatus {
    pub fn is_active(self) -> bool {
        ACTIVE.contains(&self)
    }
}

/// Whether a user of `role` sees third states' activities (their
/// declarations, and a conflict one of whose sides is one): only
/// deconfliction officers, who enter them and answer for them.
pub fn sees_third_states(role: Role) -> bool {
    role == Role::DeconflictionOfficer
}

/// The release rule of a declaration: a user sees their own party's
/// declarations, the others' once declared (not drafts), and third states'
/// only where [`sees_third_states`].
pub fn declaration_visible(role: Role, own_party: bool, third_state: bool, status: DeclarationStatus) -> bool {
    (!third_state || sees_third_states(role)) && (own_party || status != DeclarationStatus::Draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_stay_home_and_third_states_with_the_officers() {
        use DeclarationStatus::*;
        for role in Role::ALL {
            assert!(declaration_visible(role, true, false, Draft), "{role}: own draft");
            assert!(!declaration_visible(role, false, false, Draft), "{role}: the other's draft");
            assert!(declaration_visible(role, false, false, Confirmed));
            assert_eq!(declaration_visible(role, false, true, Confirmed), role == Role::DeconflictionOfficer);
        }
    }
}
