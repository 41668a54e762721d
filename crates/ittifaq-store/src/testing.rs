//! Test support behind the `testing` feature, for the store's tests and the
//! web's: fresh PostgreSQL databases, each named by its prefix, the test
//! process and a count.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

/// Creates a fresh database beside the one `base` names and returns its URL.
/// The first call of a run drops what earlier runs left behind.
pub async fn fresh_postgres(base: &str, prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let admin = Database::connect(base).await.expect("connect to ITTIFAQ_TEST_POSTGRES_URL");
    drop_leftovers(&admin, prefix).await;
    let name = format!("{prefix}{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.expect("drop");
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create a test database");
    let (url, _) = base.rsplit_once('/').expect("a URL with a database name");
    format!("{url}/{name}")
}

/// A test's database outlives it (nothing async runs when a test ends), so
/// each run drops those of runs before it, once. A name carries the process
/// that made it; one in use by a run going on now refuses to be dropped and
/// is left alone.
async fn drop_leftovers(admin: &DatabaseConnection, prefix: &str) {
    static DONE: AtomicBool = AtomicBool::new(false);
    if DONE.swap(true, Ordering::SeqCst) {
        return;
    }
    let own = format!("{prefix}{}_", std::process::id());
    let sql = format!("SELECT datname FROM pg_database WHERE starts_with(datname, '{prefix}')");
    let rows = admin
        .query_all_raw(Statement::from_string(admin.get_database_backend(), sql))
        .await
        .expect("list the test databases");
    for row in rows {
        let name: String = row.try_get("", "datname").expect("a database name");
        if !name.starts_with(&own) {
            let _in_use_by_another_run = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await;
        }
    }
}
