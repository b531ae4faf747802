//! The real `somosbot` binary as a child process against the fake Discord,
//! as a deployment runs it (several of them share one database).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use somosbot::secret::DatabaseUrl;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::fake_discord::FakeDiscord;

const BIN: &str = env!("CARGO_BIN_EXE_somosbot");
/// How long a process may take to log what a test waits for.
pub const LONG_WAIT: Duration = Duration::from_secs(40);

/// The shipped event file with registration open for a month and a job
/// lease of `lease_seconds`, written to `dir`.
pub fn event_file(dir: &Path, lease_seconds: u64) -> PathBuf {
    let shipped = include_str!("../../events/somos600m.toml");
    let closes = (Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%S+00:00");
    let text = shipped
        .replace("at = 2024-03-15T23:59:00-12:00", &format!("at = {closes}"))
        .replace(
            "grace_minutes = 30",
            &format!("grace_minutes = 30\nlease_seconds = {lease_seconds}"),
        )
        // Races of twenty-odd invitations to one team wait at once here.
        .replace(
            "pending_invitations_per_team = 5",
            "pending_invitations_per_team = 25",
        );
    assert!(
        text.contains("lease_seconds")
            && text.contains("pending_invitations_per_team = 25")
            && !text.contains("2024-03-15T23:59"),
        "the shipped event file changed: update this test"
    );
    let path = dir.join("event.toml");
    std::fs::write(&path, text).expect("write the event file");
    path
}

/// One `somosbot run` process and what it logged (killed when dropped).
pub struct BotProcess {
    name: &'static str,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl BotProcess {
    /// Starts `somosbot run` on shards `shards` (`DISCORD_SHARDS`) against
    /// the fake, the database at `db` and the event file `event`.
    pub fn spawn(
        name: &'static str,
        shards: &str,
        fake: &FakeDiscord,
        db: &DatabaseUrl,
        event: &Path,
    ) -> Self {
        let log = "somosbot=debug,serenity=warn,poise=warn,sqlx=warn";
        Self::spawn_logging(name, shards, fake, db, event, log)
    }

    /// [`Self::spawn`] with `RUST_LOG` set to `rust_log`.
    pub fn spawn_logging(
        name: &'static str,
        shards: &str,
        fake: &FakeDiscord,
        db: &DatabaseUrl,
        event: &Path,
        rust_log: &str,
    ) -> Self {
        let dir = event.parent().expect("the event file's directory");
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DISCORD_TOKEN", "fake.bot.token")
            .env("DATABASE_URL", db.expose())
            .env("DISCORD_API_BASE", fake.api_base())
            .env("DISCORD_SHARDS", shards)
            .env("SOMOSBOT_EVENT", event)
            // Nothing listens on port 9: no Hub call leaves the machine.
            .env("HF_ENDPOINT", "http://127.0.0.1:9")
            .env("RUST_LOG", rust_log)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd.spawn().expect("start somosbot");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        tokio::spawn({
            let log = log.clone();
            async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    log.lock().unwrap().push(line);
                }
            }
        });
        Self { name, child, log }
    }

    /// How many logged lines contain `needle`.
    pub fn count(&self, needle: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(needle))
            .count()
    }

    pub fn dump(&self) -> String {
        format!(
            "--- {} ---\n{}",
            self.name,
            self.log.lock().unwrap().join("\n")
        )
    }

    /// Waits until a logged line contains `needle`.
    pub async fn wait_logged(&self, needle: &str) {
        let started = Instant::now();
        while self.count(needle) == 0 {
            assert!(
                started.elapsed() < LONG_WAIT,
                "{} never logged {needle:?}\n{}",
                self.name,
                self.dump()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no shutdown, no lease released.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("kill");
    }
}
