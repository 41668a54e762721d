//! Ids of records, one type per kind of record, so that a session's id is
//! never taken for a nomination's: the web layer reads a route's `{id}` into
//! one of these, and the application layer's functions take them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::audit::ObjectKind;

/// An id of one kind of record.
pub trait RecordId: Copy + fmt::Display + Send + Sync + 'static {
    /// The kind of record it names (for "no such …" answers).
    const KIND: ObjectKind;
    /// The id of a stored row.
    fn new(raw: i64) -> Self;
    /// The number stored in the database.
    fn get(self) -> i64;
}

macro_rules! record_ids {
    ($($(#[$meta:meta])* $name:ident => $kind:ident),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
            #[serde(transparent)]
            #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
            pub struct $name(pub i64);

            impl $name {
                /// The number stored in the database.
                pub const fn get(self) -> i64 {
                    self.0
                }
            }

            impl RecordId for $name {
                const KIND: ObjectKind = ObjectKind::$kind;
                fn new(raw: i64) -> Self {
                    $name(raw)
                }
                fn get(self) -> i64 {
                    self.0
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.fmt(f)
                }
            }

            impl From<$name> for i64 {
                fn from(id: $name) -> i64 {
                    id.0
                }
            }
        )+
    };
}

record_ids! {
    /// A run of the seat allocation.
    AllocationRunId => AllocationRun,
    /// A course of the catalog.
    CourseId => Course,
    /// A declared activity of deconfliction.
    DeclarationId => Declaration,
    /// An engagement plan of technical assistance.
    PlanId => EngagementPlan,
    /// An advisor's deployment.
    DeploymentId => Deployment,
    /// A formation of force integration.
    FormationId => Formation,
    /// A candidate on a formation's roster.
    CandidateId => Candidate,
    /// A periodic report of an advisor's deployment.
    ReportId => AdvisorReport,
    /// A measurement of an indicator in a report.
    MeasurementId => Measurement,
    /// A message on the hotline.
    HotlineMessageId => HotlineMessage,
    /// A training institution.
    InstitutionId => Institution,
    /// A nomination of a person for a session.
    NominationId => Nomination,
    /// A person of the registry.
    PersonId => Person,
    /// A document waiting for a party's seal.
    SealRequestId => SealRequest,
    /// A session of a course.
    SessionId => Session,
    /// A unit of a party's forces.
    UnitId => Unit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_sent_and_read_as_its_number() {
        let id = NominationId(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<NominationId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!(<SessionId as RecordId>::KIND, ObjectKind::Session);
    }
}
