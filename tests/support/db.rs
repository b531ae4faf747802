//! Real databases for tests: SQLite in a temporary directory always, and
//! PostgreSQL (a fresh schema per test) when `SOMOSBOT_TEST_POSTGRES_URL`
//! is set. Without it, PostgreSQL tests report themselves skipped by name;
//! in CI (`CI=true`) an unset or unreachable PostgreSQL fails the test.

use std::io::Write;

use somosbot::secret::DatabaseUrl;
use somosbot::store::Store;

/// A migrated store and what keeps its database alive.
pub struct TestDb {
    pub store: Store,
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = DatabaseUrl::new(format!("sqlite://{}", dir.path().join("test.db").display()));
        let store = Store::open(&url).await.expect("open sqlite");
        TestDb {
            store,
            url,
            _dir: Some(dir),
        }
    }

    /// A store on a new PostgreSQL schema, or `None` (with a note naming
    /// `test`) when no PostgreSQL is configured outside CI.
    pub async fn postgres(test: &str) -> Option<TestDb> {
        let base = match std::env::var("SOMOSBOT_TEST_POSTGRES_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("{test}: CI=true but SOMOSBOT_TEST_POSTGRES_URL is not set");
                }
                // Written to the real stderr, past the test harness's capture,
                // so a laptop run says what it did not test.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {test} on PostgreSQL: set SOMOSBOT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test"
                );
                return None;
            }
        };
        let schema = format!("t_{}", random_suffix());
        let admin = Store::connect(&DatabaseUrl::new(base.clone()))
            .await
            .unwrap_or_else(|e| {
                panic!("{test}: PostgreSQL at SOMOSBOT_TEST_POSTGRES_URL is unreachable: {e}")
            });
        admin
            .execute_raw(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create schema");
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = DatabaseUrl::new(format!("{base}{sep}options=-c%20search_path%3D{schema}"));
        let store = Store::open(&url).await.expect("open postgres");
        Some(TestDb {
            store,
            url,
            _dir: None,
        })
    }
}

impl TestDb {
    /// The same database reached through a URL with `param` added (e.g.
    /// `application_name=x`, to find the bot's connections on the server).
    pub async fn with_url_param(self, param: &str) -> TestDb {
        self.store.close().await;
        let base = self.url.expose();
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = DatabaseUrl::new(format!("{base}{sep}{param}"));
        let store = Store::open(&url).await.expect("reopen the test database");
        TestDb {
            store,
            url,
            _dir: self._dir,
        }
    }
}

impl TestDb {
    /// Creates the NoticIA team (the one `fake_hub::noticia_team` serves)
    /// with `captain` as its only member, not submitted yet.
    pub async fn with_noticia_team(
        &self,
        event_id: &str,
        captain: u64,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        match self
            .store
            .create_team(&somosbot::store::NewTeam {
                event_id: event_id.to_string(),
                name: "NoticIA".into(),
                name_key: "noticia".into(),
                topic: "Titulares clickbait".into(),
                ods: Some(4),
                captain_id: captain,
                max_members: 5,
                now,
            })
            .await
        {
            Ok(somosbot::store::CreateTeamOutcome::Created(_)) => {}
            other => panic!("cannot create the team: {other:?}"),
        }
    }
}

fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{:x}{:08x}", nanos, rand::random::<u32>())
}

/// Runs each listed `async fn(Store)` scenario as two tests: `sqlite::name`
/// and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = $crate::support::db::TestDb::sqlite().await;
                    super::$name(db.store.clone()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = $crate::support::db::TestDb::postgres(stringify!($name)).await else {
                        return;
                    };
                    super::$name(db.store.clone()).await;
                }
            )*
        }
    };
}
