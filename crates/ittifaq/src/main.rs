//! The `ittifaq` binary: the command line, configuration, wiring of store and
//! web layer, and the server with graceful shutdown.

mod audit;
mod config;
mod demo;
mod demo_allocation;
mod demo_assistance;
mod demo_decon;
mod demo_hotline;
mod demo_integration;
mod demo_people;
mod demo_training;
mod documents;
mod engines;
mod import;
mod notices;
mod secrets;
mod seed_year;
mod setup;
mod witness;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use ittifaq_core::{Agreement, PartyCode, Role};
use ittifaq_store::users::NewUser;
use ittifaq_store::{Actor, Store};
use ittifaq_web::{AppState, PasswordCost, Passwords, WebConfig};

use crate::config::{Settings, Target};
use crate::setup::{open, read_agreement, read_agreement_text};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "ittifaq", version, about = "Runs a bilateral agreement on military training and consultancy")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or reuse) a demo data directory with the Turkey–Syria agreement and serve it.
    Demo {
        #[arg(long, default_value = "ittifaq-demo")]
        data_dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
    },
    /// Serve the platform.
    Serve {
        #[command(flatten)]
        target: Target,
        /// Address to listen on.
        #[arg(long, env = "ITTIFAQ_BIND")]
        bind: Option<SocketAddr>,
        /// Load this agreement file before serving.
        #[arg(long)]
        agreement: Option<PathBuf>,
    },
    /// Check or load agreement files.
    Agreement {
        #[command(subcommand)]
        command: AgreementCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import records from files.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The joint audit ledger: checkpoints, export and offline verification.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Seat allocation: solve, check and generate instances (`shared/contracts/allocation.md`).
    Alloc {
        #[command(subcommand)]
        command: engines::AllocCommand,
    },
    /// Deconfliction: all conflicting pairs of declared activities (`shared/contracts/deconfliction.md`).
    Decon {
        #[command(subcommand)]
        command: engines::DeconCommand,
    },
    /// Certificates and travel orders: verify a sealed document.
    Certificate {
        #[command(subcommand)]
        command: documents::CertificateCommand,
    },
    /// Seed the demo grown to a realistic year, for the load benchmark (`bench/load/`).
    BenchSeed {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 10_000)]
        people: usize,
        #[arg(long, default_value_t = 300)]
        sessions: usize,
        #[arg(long, default_value_t = 30_000)]
        nominations: usize,
        /// Advisors deployed over the engagement plans, each reporting monthly.
        #[arg(long, default_value_t = 150)]
        advisors: usize,
        /// How many months each advisor has reported.
        #[arg(long, default_value_t = 36)]
        months: i64,
    },
    /// Run the database migrations and exit.
    Migrate {
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum AgreementCommand {
    /// Report every fault of an agreement file, with its line and field.
    Check { file: PathBuf },
    /// Load an agreement file into the database.
    Load {
        file: PathBuf,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (the first administrator, for instance).
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        party: String,
        #[arg(long, default_value = "admin")]
        role: String,
        #[arg(long)]
        display_name: Option<String>,
        /// The code of the unit a unit commander commands (required of a commander).
        #[arg(long)]
        unit: Option<String>,
        /// Read the password from the first line of standard input; otherwise one is generated and printed.
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import people from CSV, all rows or none, for one party.
    People {
        file: PathBuf,
        #[arg(long)]
        party: String,
        #[command(flatten)]
        target: Target,
    },
}

pub fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ITTIFAQ_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    match cli.command {
        Command::Alloc { command } => engines::alloc(command),
        Command::Audit { command } => audit::run(command).await,
        Command::Certificate { command } => documents::run(command).await,
        Command::Decon { command } => engines::decon(command),
        Command::Agreement { command: AgreementCommand::Check { file } } => check_agreement(&file),
        Command::Agreement { command: AgreementCommand::Load { file, target } } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            let (agreement, source) = read_agreement(&file)?;
            store.load_agreement(&agreement, &source).await.context("loading the agreement")?;
            println!(
                "loaded agreement {} ({} parties, {} institutions)",
                agreement.id,
                agreement.parties.len(),
                agreement.institutions.len()
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::BenchSeed { target, people, sessions, nominations, advisors, months } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            std::fs::create_dir_all(&settings.data_dir)
                .with_context(|| format!("creating {}", settings.data_dir.display()))?;
            let scale = seed_year::Scale { people, sessions, nominations, advisors, months: months.clamp(1, 36) };
            seed_year::seed(&store, &settings.data_dir, &format!("http://{}", settings.bind), scale).await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Migrate { target } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            open(&settings).await?;
            println!("the database at {} is up to date", settings.redacted_database());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::User {
            command: UserCommand::Add { username, party, role, display_name, unit, password_stdin, target },
        } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            let party = PartyCode::parse(&party)?;
            let role = Role::parse(&role)?;
            let unit_id = match unit {
                Some(code) => Some(
                    store
                        .unit_by_code(code.trim())
                        .await?
                        .filter(|u| u.party == party.as_str())
                        .with_context(|| format!("party {party} has no unit {code}"))?
                        .id,
                ),
                None => None,
            };
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (secrets::random_password()?, true)
            };
            let hash = Passwords::new(PasswordCost::Standard)
                .hash_new(&username, password.clone())
                .await
                .map_err(|e| anyhow::anyhow!(e.message().to_string()))?;
            let user = store
                .create_user(
                    &Actor::system(party.clone()),
                    &NewUser {
                        display_name: display_name.unwrap_or_else(|| username.clone()),
                        username,
                        password_hash: hash,
                        party,
                        role,
                        unit_id,
                    },
                )
                .await
                .context("creating the account")?;
            println!("created {} ({} of {})", user.username, user.role, user.party);
            if generated {
                println!("password: {password}");
            }
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Import { command: ImportCommand::People { file, party, target } } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            let party = PartyCode::parse(&party)?;
            let text = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let report = import::people(&store, &party, &text).await?;
            print!("{}", report.render(&file.display().to_string()));
            Ok(if report.rejected.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::from(1)
            })
        }
        Command::Serve { target, bind, agreement } => {
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            if let Some(file) = agreement {
                let (a, source) = read_agreement(&file)?;
                store.load_agreement(&a, &source).await.context("loading the agreement")?;
            }
            let bind = bind.unwrap_or(settings.bind);
            serve(store, &settings, bind, None).await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Demo { data_dir, bind } => {
            let target = Target { data_dir: Some(data_dir), ..Default::default() };
            let settings = Settings::load(&target)?;
            init_logging(settings.log_json);
            let store = open(&settings).await?;
            let logins = demo::prepare(&store, &settings.data_dir, &format!("http://{bind}")).await?;
            serve(store, &settings, bind, Some(logins)).await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
    }
}

fn check_agreement(file: &Path) -> Result<std::process::ExitCode> {
    let source = read_agreement_text(file)?;
    match Agreement::parse(&source) {
        Ok(a) => {
            // The digest both parties compare with the text each of them signed.
            println!("{}: SHA-256 {}", file.display(), hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&source)));
            println!(
                "{}: agreement {} is valid: {} parties, {} articles, {} measures, {} domains, {} tracks, {} institutions",
                file.display(),
                a.id,
                a.parties.len(),
                a.articles.len(),
                a.measures.len(),
                a.domains.len(),
                a.tracks.len(),
                a.institutions.len()
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(faults) => {
            for f in &faults {
                println!("{}:{f}", file.display());
            }
            println!("{} fault(s)", faults.len());
            Ok(std::process::ExitCode::from(1))
        }
    }
}

async fn serve(store: Store, settings: &Settings, bind: SocketAddr, logins: Option<String>) -> Result<()> {
    let mirror = settings.data_dir.join("ledger-nodes");
    let store = store
        .with_node_mirror(&mirror)
        .await
        .with_context(|| format!("opening the ledger node mirror in {}", mirror.display()))?;
    // Fill the mirror in the background: at 10M entries the first copy takes about a minute.
    let filling = store.clone();
    tokio::spawn(async move {
        if let Err(e) = filling.fill_node_mirror().await {
            tracing::warn!("filling the ledger node mirror: {e}");
        }
    });
    let rules = store.agreement().await?.map(|a| a.rules).unwrap_or_default();
    let secure_cookies = settings.cookies_secure(bind, logins.is_some())?;
    let web = WebConfig { secure_cookies, trusted_origins: settings.trusted_origins.clone() };
    audit::spawn_checkpoints(store.clone(), settings.data_dir.clone(), settings.checkpoint_seconds);
    let mut state = AppState::new(store.clone(), web, rules, Passwords::new(PasswordCost::Standard));
    if let Some(keys) = audit::ledger_keys(&store, &settings.data_dir).await? {
        state = state.with_ledger(keys);
    }
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("listening on {bind}"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    // Certificates print the address the server really listens on, unless one is configured.
    let settings = &Settings { bind: addr, ..settings.clone() };
    if let Some(keys) = documents::document_keys(&store, settings).await? {
        state = state.with_documents(keys);
    }
    if let Some(url) = settings.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
        let mailer = ittifaq_web::mailer::Mailer::new(url, &settings.mail_from, &settings.public_url())
            .map_err(|e| anyhow::anyhow!("the mail settings: {e}"))?;
        mailer.spawn(store.clone(), std::time::Duration::from_secs(30));
        tracing::info!("e-mailing notifications");
    }
    let held = state.decon.reload(&store).await.context("loading the confirmed declarations")?;
    tracing::info!(declarations = held, "deconfliction engine loaded");
    // hotline: overdue messages escalate every 15 seconds.
    ittifaq_web::hotline_live::spawn_escalations(state.clone(), std::time::Duration::from_secs(15));
    // Advisors' reports overdue or left unreviewed: notified once, looked for every ten minutes.
    notices::spawn_report_notices(store.clone(), std::time::Duration::from_secs(600));
    let app = ittifaq_web::router(state);
    // A server must not die because whoever started it stopped reading its
    // output, so write errors on standard output are ignored here.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Ittifaq is serving on http://{addr}/");
        if let Some(logins) = logins {
            let _ = writeln!(out, "{logins}");
        }
        let _ = out.flush();
    }
    tracing::info!(%addr, "serving");
    // The peer's address reaches the sign-in throttle.
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
