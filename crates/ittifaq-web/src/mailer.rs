//! The mailer: sends the queued notifications by SMTP, each in its
//! recipient's language (their chosen one, else their party's). A service of
//! its own, started by the binary; the notifications page uses its messages.

use std::time::Duration;

use fluent_templates::fluent_bundle::FluentValue;
use ittifaq_core::Lang;
use ittifaq_store::Store;
use ittifaq_store::notify::NotificationView;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppError;
use crate::i18n::Tr;

/// The message of a notification in the reader's language.
pub fn message(tr: &Tr, n: &NotificationView) -> String {
    let arg = |k: &str| FluentValue::from(n.args.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned());
    let mut args = vec![("session", arg("session")), ("person", arg("person")), ("by", arg("by"))];
    // The hotline's notifications.
    args.extend([
        ("subject", arg("subject")),
        ("from", arg("from")),
        ("priority", arg("priority")),
        ("level", arg("level")),
    ]);
    // The advisors' notices.
    args.extend([
        ("deployment", arg("deployment")),
        ("day", arg("day")),
        ("count", arg("count")),
        ("days", arg("days")),
    ]);
    // Force integration's flags: the stage and the flag by their names in the reader's language.
    let named = |k: &str| n.args.get(k).and_then(|v| v.as_str()).map(|key| FluentValue::from(tr.t(key)));
    args.push(("formation", arg("formation")));
    // Its weekly digest.
    args.extend([
        ("week", arg("week")),
        ("formations", arg("formations")),
        ("stalled", arg("stalled")),
        ("at_risk", arg("at_risk")),
        ("paper_only", arg("paper_only")),
    ]);
    if let (Some(stage), Some(flag)) = (named("stage_key"), named("flag_key")) {
        args.extend([("stage", stage), ("flag", flag)]);
    }
    let key = match n.kind.strip_prefix("vetting:").and_then(|rest| rest.split_once(':')) {
        Some((check, _)) => {
            args.push(("check", FluentValue::from(check.to_owned())));
            "notify-vetting-failed".to_owned()
        }
        None => {
            args.push(("check", arg("check")));
            format!("notify-{}", n.kind)
        }
    };
    // Fluent isolates arguments with bidi marks: right in HTML, noise in a mail subject.
    tr.t_args(&key, &args).replace(['\u{2068}', '\u{2069}'], "")
}

/// Sends queued notifications by SMTP.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// A mailer for an SMTP URL (`smtp://host:port`, `smtps://user:pass@host`,
    /// `smtp://host?tls=required`), sending from `from`.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("smtp_url: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| format!("mail_from \"{from}\": {e}"))?;
        Ok(Mailer { transport, from, public_url: public_url.trim_end_matches('/').to_owned() })
    }

    /// Sends up to `limit` queued e-mails; each is recorded as sent or as a
    /// failed attempt (tried again later). Returns how many were sent.
    pub async fn send_pending(&self, store: &Store, limit: u64) -> Result<usize, AppError> {
        let languages: std::collections::HashMap<String, Lang> = store
            .agreement()
            .await?
            .map(|a| a.parties.into_iter().map(|p| (p.code.to_string(), p.language)).collect())
            .unwrap_or_default();
        let mut sent = 0;
        for (n, user) in store.pending_emails(limit).await? {
            let Some(address) = user.email.clone() else { continue };
            let lang = user
                .locale
                .as_deref()
                .and_then(Lang::from_code)
                .or_else(|| languages.get(&user.party).copied())
                .unwrap_or_default();
            let tr = Tr::new(lang);
            let view = NotificationView::try_from(n.clone())?;
            let text = message(&tr, &view);
            let body = format!("{text}\n\n{}{}\n\n-- \n{}\n", self.public_url, view.link, tr.t("notify-footer"));
            let outcome = async {
                let to = address.parse::<Mailbox>().map_err(|e| format!("the address {address}: {e}"))?;
                let email = Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(text.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .map_err(|e| format!("the message: {e}"))?;
                self.transport.send(email).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
            }
            .await;
            if outcome.is_ok() {
                sent += 1;
            } else if let Err(e) = &outcome {
                tracing::warn!(notification = n.id, error = %e, "an e-mail was not sent");
            }
            store.record_email(n.id, outcome).await?;
        }
        Ok(sent)
    }

    /// Sends the queue every `every`, for as long as the process runs.
    pub fn spawn(self, store: Store, every: Duration) {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = self.send_pending(&store, 100).await {
                    tracing::warn!(error = %e.message(), "the mail queue could not be read");
                }
            }
        });
    }
}
