//! Database connection for SQLite or PostgreSQL behind one pool, with embedded migrations.

use crate::error::{Error, Result};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool and the engine it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects (creating an SQLite file and its directory if needed) and applies migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let max = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut *conn)
                            .await?;
                        // In WAL mode NORMAL never corrupts the database; a power cut may only
                        // lose the last commits, and commits stop waiting for an fsync each.
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let db = Self { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    /// Applies any migrations not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| Error::Internal(format!("migration failed: {e}")))
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// The PostgreSQL migrations, for building template databases in tests.
pub fn postgres_migrator() -> &'static Migrator {
    &POSTGRES_MIGRATIONS
}

fn sqlite_url(url: &str) -> Result<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    if path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Internal(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
    }
    Ok(match query {
        Some(q) => format!("sqlite://{path}?{q}"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

/// A new random identifier for a row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The only places where the two dialects must differ: (SQLite, PostgreSQL).
    const DIALECT: &[(&str, &str)] =
        &[("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")];

    fn migrations(backend: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("migrations folder")
            .map(|e| {
                let path = e.expect("entry").path();
                let name = path
                    .file_name()
                    .expect("a file name")
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read_to_string(&path).expect("migration"))
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn migration_twins_differ_only_in_dialect() {
        let sqlite = migrations("sqlite");
        let postgres = migrations("postgres");
        let names = |m: &[(String, String)]| m.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&sqlite),
            names(&postgres),
            "every migration has a twin of the same name"
        );
        for ((name, lite), (_, pg)) in sqlite.iter().zip(&postgres) {
            let lite_lines: Vec<&str> = lite.lines().collect();
            let pg_lines: Vec<&str> = pg.lines().collect();
            assert_eq!(
                lite_lines.len(),
                pg_lines.len(),
                "{name}: the twins have as many lines"
            );
            for (n, (l, p)) in lite_lines.iter().zip(&pg_lines).enumerate() {
                let same = l == p
                    || DIALECT
                        .iter()
                        .any(|(a, b)| l.contains(a) && l.replace(a, b) == *p);
                assert!(same, "{name}:{}: SQLite `{l}` / PostgreSQL `{p}`", n + 1);
            }
        }
        assert!(!sqlite.is_empty());
    }
}
