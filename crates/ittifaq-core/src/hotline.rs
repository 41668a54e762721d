//! The vocabulary of the hotline between the parties' deconfliction officers.

use crate::code_enum;

code_enum! {
    /// How urgent a message is; the priority sets the acknowledgement deadline.
    pub enum Priority: "hotline_priority" {
        Routine = "routine",
        Urgent = "urgent",
        Flash = "flash",
    }
}

code_enum! {
    /// Where a message stands.
    pub enum MessageStatus: "hotline_status" {
        /// Sent, waiting for the receiving party's acknowledgement.
        Sent = "sent",
        /// Overdue and raised to the next officer on the roster.
        Escalated = "escalated",
        Acknowledged = "acknowledged",
    }
}
