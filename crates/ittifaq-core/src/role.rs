//! The roles of the people who use the platform (`mission.md`, "Who uses it").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ParseError;

/// A user's role. Every user also belongs to exactly one party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administers accounts of its own party.
    Admin,
    /// Plans the year, approves, allocates seats, reports to both ministries.
    JointOffice,
    /// Runs the catalog and sessions of a school or centre.
    InstitutionStaff,
    /// Nominates people and sees who of the unit is away.
    UnitCommander,
    /// Takes attendance and records assessments.
    Instructor,
    /// Reports on a deployment, its objectives and milestones.
    Advisor,
    /// Sees their own schedule, travel, results and certificates.
    Trainee,
    /// Declares activities and answers the hotline.
    DeconflictionOfficer,
    /// Verifies the joint record.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::JointOffice,
        Role::InstitutionStaff,
        Role::UnitCommander,
        Role::Instructor,
        Role::Advisor,
        Role::Trainee,
        Role::DeconflictionOfficer,
        Role::Auditor,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::JointOffice => "joint_office",
            Role::InstitutionStaff => "institution_staff",
            Role::UnitCommander => "unit_commander",
            Role::Instructor => "instructor",
            Role::Advisor => "advisor",
            Role::Trainee => "trainee",
            Role::DeconflictionOfficer => "deconfliction_officer",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(code: &str) -> Result<Role, ParseError> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
            ParseError::invalid(
                "role",
                crate::Msg::new("invalid-role").arg("code", code).arg("codes", known.join(", ")),
            )
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
