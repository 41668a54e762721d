//! The vocabulary of seat allocation runs: where a run stands, and what a
//! run decided for a nomination when two runs are compared.

use crate::code_enum;

code_enum! {
    /// Where an allocation run stands.
    pub enum RunState: "alloc_state" {
        /// The newest run of its period, waiting for the parties' keys.
        Proposed = "proposed",
        /// Applied, with every party's key.
        Committed = "committed",
        /// A newer run of the same period replaced it.
        Superseded = "superseded",
    }
}

code_enum! {
    /// What a run decided for a nomination, beside a refusal's reason (the
    /// engine's `Reason` codes) when two runs are compared.
    pub enum Decision: "alloc" {
        Granted = "granted",
        /// Refused with no reason recorded.
        Refused = "refused",
        /// The nomination was not part of that run.
        Absent = "absent",
    }
}
