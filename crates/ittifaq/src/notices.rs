//! The server's sweep of advisors' reports: every few minutes, notices of
//! reports overdue or left unreviewed that were not sent before (the rule
//! and the recipients are the store's, `Store::notify_reports`).

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
        }
    });
}
