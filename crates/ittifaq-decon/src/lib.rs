//! Deconfliction of declared activities for Ittifaq.
//!
//! Parties declare activities (a footprint on the ground, an altitude band and
//! a time window, see `shared/contracts/deconfliction.md`); two
//! activities of different parties conflict when they come closer than the
//! required separation in time, altitude and ground distance at once.
//!
//! - [`model`]: parsing and validation of activities (GeoJSON footprints,
//!   RFC 3339 times) into unit vectors on the sphere.
//! - [`geometry`]: exact spherical predicates with great-circle edges.
//! - [`index`]: a spatio-temporal grid in front of the exact test.
//! - [`engine`]: the incremental [`Engine`] (declare, amend, cancel, all
//!   conflicts, region queries) and the pairwise [`conflict`] test.
//! - [`generate`](mod@generate): deterministic realistic activities for tests and benches.
//! - [`ndjson`]: reading activities and writing conflicts line by line.
//!
//! Nothing here panics on any input and nothing does file or network IO.
//!
//! ```
//! use ittifaq_decon::{Activity, Engine};
//!
//! let tr = Activity::from_json(r#"{"id": "TR-EX-2027-0042", "party": "TR", "kind": "exercise",
//!   "footprint": {"type": "Polygon", "coordinates": [[[36.10, 36.20], [36.30, 36.20], [36.30, 36.35], [36.10, 36.20]]]},
//!   "altitude_m": [0, 3000], "start": "2027-03-01T06:00:00Z", "end": "2027-03-01T12:00:00Z",
//!   "separation_m": 2000, "vertical_separation_m": 300, "time_buffer_s": 900}"#)?;
//! let sy = Activity::from_json(r#"{"id": "SY-DM-2027-0007", "party": "SY", "kind": "demining",
//!   "footprint": {"type": "Point", "coordinates": [36.20, 36.19], "radius_m": 250},
//!   "altitude_m": [0, 0], "start": "2027-03-01T08:00:00Z", "end": "2027-03-01T15:00:00Z"}"#)?;
//! let mut engine = Engine::new();
//! assert!(engine.declare(tr)?.is_empty());
//! let conflicts = engine.declare(sy)?;
//! assert_eq!(conflicts.len(), 1);
//! assert_eq!((conflicts[0].a.as_str(), conflicts[0].b.as_str()), ("SY-DM-2027-0007", "TR-EX-2027-0042"));
//! assert!(conflicts[0].distance_m > 850.0 && conflicts[0].distance_m < 900.0);
//! engine.cancel("SY-DM-2027-0007")?;
//! assert!(engine.all_conflicts().is_empty());
//! # Ok::<(), ittifaq_decon::DeconError>(())
//! ```

pub mod engine;
pub mod generate;
pub mod geometry;
pub mod index;
pub mod model;
pub mod ndjson;

pub use engine::{Conflict, Engine, conflict};
pub use generate::generate;
pub use geometry::{EARTH_RADIUS_M, Shape, V3};
pub use model::{Activity, ActivityRecord, Fault, GeoJson, Kind, MAX_FOOTPRINT_POSITIONS, RingRef};
pub use ndjson::{read_activities, write_conflicts};

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeconError {
    /// An activity that fails validation.
    #[error("activity {id}: {fault}")]
    Invalid { id: String, fault: Fault },
    /// An error on one line of an NDJSON input (lines count from 1).
    #[error("line {line}: {error}")]
    AtLine {
        line: usize,
        #[source]
        error: Box<DeconError>,
    },
    #[error("activity {0} is already declared")]
    Duplicate(String),
    #[error("activity {0} is not declared")]
    Unknown(String),
    /// Reading or writing failed.
    #[error("i/o error: {0}")]
    Io(String),
}

impl DeconError {
    /// The fault of an invalid activity, looking through line wrappers.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            DeconError::Invalid { fault, .. } => Some(fault),
            DeconError::AtLine { error, .. } => error.fault(),
            _ => None,
        }
    }
}
