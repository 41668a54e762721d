//! Storage of Ittifaq on SQLite (the embedded default) and PostgreSQL from one
//! codebase: SeaORM entities, one migration tree, and the [`Store`] whose methods
//! apply party scoping and write the audit record in the same transaction.

pub mod allocation;
pub mod assistance;
pub mod audit;
pub mod audit_view;
pub mod entity;
pub mod exchange;
pub mod hotline;
pub mod inbox;
pub mod integration;
pub mod ledger;
pub mod migration;
mod node_file;
pub mod notify;
pub mod people;
pub mod registry;
pub mod reports;
pub mod scope;
pub mod seal;
#[cfg(feature = "testing")]
pub mod testing;
pub mod trainee;
pub mod training;
pub mod users;
pub mod vetting;
pub mod witness;
// Deconfliction (declarations).
pub mod decon;
pub mod decon_engine;

use std::sync::Arc;
use std::time::Duration;

use ittifaq_core::Msg;
use ittifaq_core::audit::ObjectKind;
use ittifaq_core::{Agreement, PartyCode, Role};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    SqlErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use tokio::sync::RwLock;

pub use scope::{PersonView, Releases};

/// Errors of the store, each naming what went wrong for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    /// What does not exist (or may not be seen: a refusal looks like absence).
    #[error("{0} does not exist")]
    NotFound(Msg),
    #[error("not allowed: {0}")]
    Forbidden(Msg),
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: Msg },
    #[error("{0}")]
    Conflict(Msg),
    /// A stored value that does not read (a status, a quota, a plan): named,
    /// never taken as a default; nothing is changed.
    #[error("{0} cannot be read; nothing was changed")]
    Corrupt(Msg),
    /// A nomination breaks the eligibility rules; every failed rule with its reason.
    #[error("not eligible: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Ineligible(Vec<Msg>),
}

/// A record named by its kind and its number or code ("Session 5"), in the reader's language.
pub fn record(kind: ObjectKind, id: impl std::fmt::Display) -> Msg {
    Msg::new("record-of").msg("kind", Msg::of_key(kind.key())).arg("id", id)
}

impl StoreError {
    /// A record that does not exist, or that the actor may not see (a refusal looks like absence).
    pub fn not_found(kind: ObjectKind, id: impl std::fmt::Display) -> Self {
        StoreError::NotFound(record(kind, id))
    }

    /// A field naming a record that does not exist (or that the actor may not see).
    pub fn no_such(field: impl Into<String>, kind: ObjectKind, id: impl std::fmt::Display) -> Self {
        StoreError::invalid(field, Msg::new("error-does-not-exist").msg("what", record(kind, id)))
    }

    pub fn invalid(field: impl Into<String>, reason: impl Into<Msg>) -> Self {
        StoreError::Invalid { field: field.into(), reason: reason.into() }
    }

    /// Maps a unique-constraint violation to a [`StoreError::Conflict`] naming `what`.
    fn unique(err: DbErr, what: impl FnOnce() -> Msg) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(what()),
            _ => StoreError::Db(err),
        }
    }

    /// An insert refused because a record of `kind` already has `code`.
    fn code_taken(err: DbErr, kind: ObjectKind, code: &str) -> Self {
        StoreError::unique(err, || Msg::new("conflict-code-exists").msg("what", record(kind, code)))
    }
}

impl From<ittifaq_core::ParseError> for StoreError {
    fn from(e: ittifaq_core::ParseError) -> Self {
        StoreError::invalid(e.field(), e.message().clone())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The source of the current time, so tests can move it.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        let now = time::OffsetDateTime::now_utc();
        (now.unix_timestamp_nanos() / 1_000_000) as i64
    }
}

/// Who is acting: a signed-in user, or the system (CLI, demo seeding) on behalf of a party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub party: PartyCode,
    pub role: Role,
}

impl Actor {
    /// The command line acting for a party with the rights of its joint office.
    pub fn system(party: PartyCode) -> Actor {
        Actor { user_id: None, username: format!("system@{party}"), party, role: Role::Admin }
    }
}

/// How many connections to PostgreSQL a server keeps when its settings name
/// no number: two per core of this machine, and two more.
///
/// A page's queries share one connection (see `Store::read`), so a few serve
/// many users; past the cores that run them, more connections only take
/// turns on those cores, and the requests they serve finish late together.
/// On 2 cores, a unit's page under 50 clients without pause, side by side
/// (`bench/load/connections.sh 4 6 12 20`): server p99 152 ms with 20
/// connections, 115–118 ms with 4, 6 or 12 (docs/benchmarks-load.md).
pub fn default_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    u32::try_from(cores).unwrap_or(u32::MAX / 2).saturating_mul(2).saturating_add(2)
}

/// The agreement loaded into the database, read through `conn` (a step's
/// transaction reads it there, not on a second connection).
pub(crate) async fn agreement_in<C: ConnectionTrait>(conn: &C) -> Result<Option<Agreement>> {
    let Some(row) = entity::agreement::Entity::find().one(conn).await? else {
        return Ok(None);
    };
    match Agreement::parse(&row.source) {
        Ok(a) => Ok(Some(a)),
        Err(faults) => {
            Err(StoreError::invalid("agreement", Msg::new("invalid-stored-agreement").arg("fault", &faults[0])))
        }
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The store: a connection pool, the agreement's release rules and a clock.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    releases: Arc<RwLock<Releases>>,
    /// The agreement as parsed when it was last loaded (parsing its file on
    /// every page was the catalog's cost); reloaded with the releases.
    agreement: Arc<RwLock<Option<Agreement>>>,
    clock: Arc<dyn Clock>,
    /// The ledger's subtree hashes mirrored in files, when the store has a directory for them.
    nodes: Option<Arc<node_file::NodeFile>>,
    /// SQLite's single writer, taken in turn (see [`Store::write`]).
    writer: Arc<tokio::sync::Mutex<()>>,
    /// The end of the ledger as this store last appended to it (see `ledger::append`).
    tail: ledger::TailCache,
    /// The completeness record and plans' progress as last computed, with
    /// the last change they saw (see `assistance::progress`).
    kept: Arc<assistance::progress::Kept>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend()).finish()
    }
}

impl Store {
    /// Connects to `sqlite://PATH` or `postgres://…`, runs the embedded migrations,
    /// and loads the release rules of the parties.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with_clock(url, Arc::new(SystemClock)).await
    }

    pub async fn open_with_clock(url: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        Store::open_with(url, clock, None).await
    }

    /// Opens as [`Store::open`], with a clock, keeping at most `connections`
    /// to the database (none: [`default_connections`] to PostgreSQL, 4 to
    /// SQLite, whose writers take turns anyway).
    pub async fn open_with(url: &str, clock: Arc<dyn Clock>, connections: Option<u32>) -> Result<Store> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).acquire_timeout(Duration::from_secs(10));
        // A connection in use is known to be alive: only one idle long enough
        // to have been dropped by the server or a firewall is pinged before
        // it is lent (a ping on every acquire was a round trip per query).
        opts.test_before_acquire_if_idle_for(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            opts.max_connections(connections.unwrap_or(4)).min_connections(1);
            opts.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .create_if_missing(true)
            });
        } else {
            opts.max_connections(connections.unwrap_or_else(default_connections));
        }
        let db = Database::connect(opts).await?;
        migration::Migrator::up(&db, None).await?;
        let store = Store {
            db,
            releases: Arc::new(RwLock::new(Releases::default())),
            agreement: Arc::new(RwLock::new(None)),
            clock,
            nodes: None,
            writer: Arc::new(tokio::sync::Mutex::new(())),
            tail: ledger::TailCache::default(),
            kept: Arc::default(),
        };
        store.reload_releases().await?;
        store.ensure_ledger_nodes().await?;
        Ok(store)
    }

    /// Serves ledger proofs from a mirror of the subtree hashes kept in `dir`
    /// (see `node_file`), checked against the database first.
    pub async fn with_node_mirror(mut self, dir: &std::path::Path) -> Result<Store> {
        let mirror = node_file::NodeFile::open(dir)?;
        mirror.check_against(&self.db).await?;
        self.nodes = Some(Arc::new(mirror));
        Ok(self)
    }

    pub fn backend(&self) -> Backend {
        match self.db.get_database_backend() {
            DbBackend::Postgres => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The same store reading the time from another clock (the demo seeds
    /// the hotline's recent past this way).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> Store {
        Store { clock, ..self.clone() }
    }

    /// The connection, for tests that must reach under the store (tamper tests).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Settles the database after a bulk load (`ittifaq bench-seed`). On
    /// PostgreSQL, `VACUUM ANALYZE`: statistics for the planner, and pages
    /// marked all-visible, so a count by an index reads the index alone
    /// instead of every row it points to (autovacuum would get there, later).
    /// SQLite needs neither: its indexes answer such counts as they are.
    pub async fn settle_after_bulk_load(&self) -> Result<()> {
        if self.backend() == Backend::Postgres {
            self.db.execute_unprepared("VACUUM ANALYZE").await?;
        }
        Ok(())
    }

    /// Answers whether the database is reachable.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Begins a transaction for the several queries of one page: they take one
    /// connection from the pool instead of one each (every connection given
    /// back costs a round trip to the server, which checks it is idle). On
    /// SQLite the queries also read one snapshot; PostgreSQL's default
    /// isolation (read committed) lets each see what committed before it.
    /// Nothing is written through it: dropped or committed, it ends the same.
    pub(crate) async fn read(&self) -> Result<DatabaseTransaction> {
        Ok(self.db.begin().await?)
    }

    /// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite, so that a
    /// transaction that reads before it writes cannot fail to upgrade its lock.
    ///
    /// On SQLite the writers of this process first queue for their turn, in
    /// the order they came (a fair mutex), and only then take a connection.
    /// Left to SQLite's busy handler, waiting writers poll with growing
    /// sleeps, and under load an unlucky one waits many times the others
    /// (approvals: server p99 184 ms against a median of 74 ms); queued, each
    /// waits for the writers ahead of it and no more. Writers of other
    /// processes (the command line) still meet the busy handler.
    ///
    /// Public for tools and benchmarks that record audited changes of their
    /// own (`audit::record`); the store's methods are the way to change data.
    pub async fn write(&self) -> Result<WriteTxn> {
        let turn = match self.backend() {
            Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(WriteTxn { txn: self.db.begin_with_options(opts).await?, _turn: turn, tail: self.tail.clone() })
    }

    pub(crate) async fn releases(&self) -> tokio::sync::RwLockReadGuard<'_, Releases> {
        self.releases.read().await
    }

    async fn reload_releases(&self) -> Result<()> {
        let parties = entity::party::Entity::find().all(&self.db).await?;
        *self.releases.write().await = Releases::from_parties(&parties);
        *self.agreement.write().await = agreement_in(&self.db).await?;
        Ok(())
    }

    /// The agreement loaded into this database, if any (as parsed when it was loaded).
    pub async fn agreement(&self) -> Result<Option<Agreement>> {
        Ok(self.agreement.read().await.clone())
    }

    /// Loads (or reloads) an agreement: its parties and institutions, audited.
    pub async fn load_agreement(&self, agreement: &Agreement, source: &str) -> Result<()> {
        registry::load_agreement(self, agreement, source).await?;
        self.reload_releases().await
    }

    /// Executes raw SQL; for tests that tamper with the database directly.
    pub async fn execute_unprepared(&self, sql: &str) -> Result<()> {
        self.db.execute_unprepared(sql).await?;
        Ok(())
    }
}

/// A write transaction holding the process's writer turn on SQLite until it
/// commits or is dropped (dropped, it rolls back).
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    /// The store's knowledge of the ledger's end, for the appends made here.
    tail: ledger::TailCache,
}

impl WriteTxn {
    pub async fn commit(self) -> std::result::Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> std::result::Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: sea_orm::Statement) -> std::result::Result<sea_orm::ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> std::result::Result<sea_orm::ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> std::result::Result<Option<sea_orm::QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: sea_orm::Statement) -> std::result::Result<Vec<sea_orm::QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// Frames a list for storage: `["ar", "en"]` becomes `,ar,en,` so that a
/// membership test is a portable `LIKE '%,ar,%'`.
pub(crate) fn frame_list(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    format!(",{},", items.join(","))
}

pub(crate) fn unframe_list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}
