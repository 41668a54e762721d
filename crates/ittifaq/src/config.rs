//! Settings: defaults, then a TOML file (`ittifaq.toml` in the data directory
//! or `--config`), then `ITTIFAQ_` environment variables, then flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Where the data lives: a data directory (SQLite inside) or a database URL.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Target {
    /// Directory for the SQLite database and settings.
    #[arg(long, env = "ITTIFAQ_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB (overrides --data-dir).
    #[arg(long, env = "ITTIFAQ_DATABASE")]
    pub database: Option<String>,
    /// A settings file (TOML); defaults to ittifaq.toml in the data directory.
    #[arg(long, env = "ITTIFAQ_CONFIG")]
    pub config: Option<PathBuf>,
}

/// Its `Debug` leaves out the passwords of the database and SMTP addresses.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means the SQLite file in `data_dir`.
    #[serde(default)]
    pub database: String,
    /// The most connections kept to the database; none: to PostgreSQL two
    /// per core, plus two (`ittifaq_store::default_connections`), to SQLite 4.
    pub database_connections: Option<u32>,
    pub bind: SocketAddr,
    /// Whether cookies are marked Secure with the `__Host-` prefix: by default
    /// they are, except for the demo on a loopback address. `false` (plain
    /// HTTP) is accepted on a loopback address only; see [`Settings::cookies_secure`].
    pub secure_cookies: Option<bool>,
    /// Extra origins trusted for form posts (a reverse proxy's public origin).
    pub trusted_origins: Vec<String>,
    /// Log as JSON lines instead of text.
    pub log_json: bool,
    /// Seconds between scheduled ledger checkpoints while serving (each only
    /// when the log grew; 0: none). Entries after the last checkpoint can be
    /// dropped by the host without a trace, so this is kept short.
    pub checkpoint_seconds: u64,
    /// The address the public reaches this server at, printed in certificates'
    /// QR codes; by default `http://` and the bind address.
    pub public_url: Option<String>,
    /// The SMTP relay notifications are e-mailed through (`smtp://host:25`,
    /// `smtp://host:587?tls=required`, `smtps://user:password@host`); none: no e-mail.
    pub smtp_url: Option<String>,
    /// The sender of notification e-mails.
    pub mail_from: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("ittifaq-data"),
            database: String::new(),
            database_connections: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: None,
            trusted_origins: Vec::new(),
            log_json: false,
            checkpoint_seconds: 5,
            public_url: None,
            smtp_url: None,
            mail_from: "Ittifaq <noreply@localhost>".into(),
        }
    }
}

impl Settings {
    /// Where the public reaches this server, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}", self.bind),
        }
    }

    /// Whether a server bound to `bind` marks its cookies Secure: always,
    /// unless it is explicitly served over plain HTTP on a loopback address
    /// (`secure_cookies = false`, or the demo, which serves plain HTTP).
    /// Plain HTTP on any other address is refused: a session cookie would
    /// cross the network in clear.
    pub fn cookies_secure(&self, bind: SocketAddr, demo: bool) -> Result<bool> {
        let plain = match self.secure_cookies {
            Some(secure) => !secure,
            None => demo && bind.ip().is_loopback(),
        };
        if plain && !bind.ip().is_loopback() {
            anyhow::bail!(
                "secure_cookies = false serves sign-in cookies over plain HTTP: only on a loopback address \
                 (127.0.0.1 or ::1), not on {bind}; serve HTTPS (or a TLS proxy) and leave secure_cookies unset"
            );
        }
        Ok(!plain)
    }

    pub fn load(target: &Target) -> Result<Settings> {
        let data_dir = target.data_dir.clone().unwrap_or_else(|| Settings::default().data_dir);
        let file = target.config.clone().unwrap_or_else(|| data_dir.join("ittifaq.toml"));
        let mut figment =
            Figment::from(Serialized::defaults(Settings { data_dir: data_dir.clone(), ..Settings::default() }));
        if file.exists() || target.config.is_some() {
            figment = figment.merge(Toml::file_exact(&file));
        }
        figment = figment.merge(Env::prefixed("ITTIFAQ_").only(&[
            "database_connections",
            "bind",
            "secure_cookies",
            "trusted_origins",
            "log_json",
            "checkpoint_seconds",
            "public_url",
            "smtp_url",
            "mail_from",
        ]));
        let mut settings: Settings =
            figment.extract().with_context(|| format!("reading settings ({})", file.display()))?;
        if target.data_dir.is_some() {
            settings.data_dir = data_dir;
        }
        if let Some(db) = &target.database {
            settings.database = db.clone();
        }
        if settings.database.is_empty() {
            settings.database = format!("sqlite://{}", settings.data_dir.join("ittifaq.db").display());
        }
        if let Some(n) = settings.database_connections
            && !(1..=1000).contains(&n)
        {
            anyhow::bail!("database_connections is {n}: the server needs from 1 to 1000 connections to its database");
        }
        Ok(settings)
    }

    /// The directory that holds the SQLite file, when the database is SQLite.
    pub fn sqlite_dir(&self) -> Option<&Path> {
        self.database.starts_with("sqlite:").then_some(self.data_dir.as_path())
    }

    /// The database URL without a password, for messages.
    pub fn redacted_database(&self) -> String {
        redacted(&self.database)
    }
}

/// A URL with the password of its credentials (`user:password@`) replaced by `***`.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field("database", &self.redacted_database())
            .field("database_connections", &self.database_connections)
            .field("bind", &self.bind)
            .field("secure_cookies", &self.secure_cookies)
            .field("trusted_origins", &self.trusted_origins)
            .field("log_json", &self.log_json)
            .field("checkpoint_seconds", &self.checkpoint_seconds)
            .field("public_url", &self.public_url)
            .field("smtp_url", &self.smtp_url.as_deref().map(redacted))
            .field("mail_from", &self.mail_from)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_debug_form_of_the_settings_holds_no_password() {
        let s = Settings {
            database: "postgres://ittifaq:db-Secret-1@db.example/ittifaq".into(),
            smtp_url: Some("smtps://mailer:smtp-Secret-2@mail.example".into()),
            ..Settings::default()
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("db-Secret-1") && !shown.contains("smtp-Secret-2"), "{shown}");
        assert!(
            shown.contains("postgres://ittifaq:***@db.example") && shown.contains("smtps://mailer:***@mail.example")
        );
    }

    #[test]
    fn settings_come_from_the_data_directorys_file_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("ittifaq.toml"),
            "bind = \"127.0.0.1:9090\"\nsecure_cookies = true\ntrusted_origins = [\"https://ittifaq.example\"]\ncheckpoint_seconds = 5\n",
        )
        .unwrap();
        let target = Target { data_dir: Some(dir.path().to_owned()), ..Default::default() };
        let s = Settings::load(&target).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:9090");
        assert_eq!(s.secure_cookies, Some(true));
        assert_eq!(s.trusted_origins, ["https://ittifaq.example"]);
        assert_eq!(s.checkpoint_seconds, 5);
        assert_eq!(s.database, format!("sqlite://{}", dir.path().join("ittifaq.db").display()));
        let with_db = Target { database: Some("postgres://u@h/db".into()), ..target };
        assert_eq!(Settings::load(&with_db).unwrap().database, "postgres://u@h/db");
    }

    #[test]
    fn a_mistyped_setting_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ittifaq.toml"), "bnd = \"127.0.0.1:9090\"\n").unwrap();
        let target = Target { data_dir: Some(dir.path().to_owned()), ..Default::default() };
        let err = format!("{:#}", Settings::load(&target).unwrap_err());
        assert!(err.contains("bnd"), "{err}");
    }

    #[test]
    fn the_number_of_database_connections_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let target = Target { data_dir: Some(dir.path().to_owned()), ..Default::default() };
        assert_eq!(Settings::load(&target).unwrap().database_connections, None);
        std::fs::write(dir.path().join("ittifaq.toml"), "database_connections = 12\n").unwrap();
        assert_eq!(Settings::load(&target).unwrap().database_connections, Some(12));
        std::fs::write(dir.path().join("ittifaq.toml"), "database_connections = 0\n").unwrap();
        let err = format!("{:#}", Settings::load(&target).unwrap_err());
        assert!(err.contains("database_connections is 0"), "{err}");
        std::fs::write(dir.path().join("ittifaq.toml"), "database_connections = -3\n").unwrap();
        let err = format!("{:#}", Settings::load(&target).unwrap_err());
        assert!(err.contains("database_connections"), "{err}");
    }

    #[test]
    fn passwords_never_reach_messages() {
        let s = Settings { database: "postgres://ittifaq:s3cret@db.example/ittifaq".into(), ..Settings::default() };
        assert_eq!(s.redacted_database(), "postgres://ittifaq:***@db.example/ittifaq");
    }

    #[test]
    fn cookies_are_secure_unless_plain_http_is_explicit_and_on_loopback() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let default = Settings::default();
        assert!(default.cookies_secure(loopback, false).unwrap(), "serve: Secure by default, even on loopback");
        assert!(default.cookies_secure(public, false).unwrap());
        assert!(!default.cookies_secure(loopback, true).unwrap(), "the demo on loopback serves plain HTTP");
        assert!(default.cookies_secure(public, true).unwrap(), "the demo on a public address does not");
        let plain = Settings { secure_cookies: Some(false), ..Settings::default() };
        assert!(!plain.cookies_secure(loopback, false).unwrap());
        let refused = plain.cookies_secure(public, false).unwrap_err().to_string();
        assert!(refused.contains("only on a loopback address"), "{refused}");
    }
}
