//! The vocabulary of notifications.

use crate::code_enum;

code_enum! {
    /// Where a notification's e-mail stands.
    pub enum EmailStatus: "email_status" {
        /// The recipient has no address: nothing to send.
        None = "none",
        /// Waiting to be sent (again, after a failed attempt).
        Pending = "pending",
        Sent = "sent",
        /// Given up after the last attempt.
        Failed = "failed",
    }
}
