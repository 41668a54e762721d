//! The server's sweep: every few minutes, notices of advisors' reports
//! overdue or left unreviewed, and of force integration's new flags, each
//! not sent before, and force integration's weekly digest (the rules and the recipients are the store's,
//! `Store::notify_reports` and `Store::notify_integration_flags`).

use std::time::Duration;

use ittifaq_store::Store;

/// Sends the waiting reports' notices every `every`, for as long as the process runs.
pub fn spawn_report_notices(store: Store, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match store.notify_reports().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notices = n, "advisors' reports overdue or unreviewed notified"),
                Err(e) => tracing::warn!(error = %e, "the advisors' report notices failed"),
            }
            match store.integration_digest().await {
                Ok(true) => tracing::info!("force integration's weekly digest sent"),
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "force integration's weekly digest failed"),
            }
            match store.notify_integration_flags().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notices = n, "force integration's flags notified"),
                Err(e) => tracing::warn!(error = %e, "force integration's flag notices failed"),
            }
        }
    });
}
