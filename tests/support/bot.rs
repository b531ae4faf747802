//! The real bot, started in-process against the fake Discord and a real
//! database, and stopped the way SIGTERM stops it.

use std::collections::HashMap;

use somosbot::config::{EventConfig, Settings};
use somosbot::secret::Secret;
use tokio::sync::oneshot;

use super::db::TestDb;
use super::fake_discord::FakeDiscord;

/// The shipped event file, as the bot would load it.
pub fn shipped_event() -> EventConfig {
    EventConfig::parse(include_str!("../../events/somos600m.toml"))
        .expect("shipped event file is valid")
}

pub struct RunningBot {
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl RunningBot {
    /// Starts the bot and waits until it has registered its commands.
    pub async fn start(fake: &FakeDiscord, db: TestDb) -> RunningBot {
        Self::start_with(fake, db, shipped_event()).await
    }

    pub async fn start_with(fake: &FakeDiscord, db: TestDb, event: EventConfig) -> RunningBot {
        // Nothing listens on port 9: a Hub call fails fast instead of leaving the machine.
        Self::start_with_hub(fake, db, event, "http://127.0.0.1:9").await
    }

    /// Starts the bot with its Hub client pointed at `hub_url` (a
    /// `support::fake_hub::FakeHub`).
    pub async fn start_with_hub(
        fake: &FakeDiscord,
        db: TestDb,
        event: EventConfig,
        hub_url: &str,
    ) -> RunningBot {
        let bot = Self::spawn(fake, db, event, hub_url, &[]);
        fake.wait_commands_registered().await;
        bot
    }

    /// Starts the bot with more settings (`DISCORD_GUILD_ID`…) and returns
    /// at once: it may serve no guild and register nothing.
    pub fn spawn(
        fake: &FakeDiscord,
        db: TestDb,
        event: EventConfig,
        hub_url: &str,
        more: &[(&'static str, String)],
    ) -> RunningBot {
        let mut env: HashMap<&str, String> = HashMap::from([
            ("DISCORD_API_BASE", fake.api_base()),
            ("HF_ENDPOINT", hub_url.to_string()),
        ]);
        env.extend(more.iter().cloned());
        let settings = Settings::from_lookup(|k| env.get(k).cloned());
        let (stop, stopped) = oneshot::channel::<()>();
        let launch = somosbot::discord::Launch {
            token: Secret::new("fake.bot.token"),
            settings,
            event,
            store: db.store.clone(),
            shutdown: Box::pin(async {
                let _ = stopped.await;
            }),
            checker: None,
        };
        let task = tokio::spawn(somosbot::discord::run(launch));
        RunningBot {
            db,
            stop: Some(stop),
            task,
        }
    }

    /// Stops the bot and starts a new one on the same database, as a
    /// deployment does; returns once the new one has registered its commands.
    pub async fn restart_with_hub(
        self,
        fake: &FakeDiscord,
        event: EventConfig,
        hub_url: &str,
    ) -> RunningBot {
        let registered = fake
            .requests()
            .iter()
            .filter(|r| r.status < 300 && r.is("PUT", "/applications/*/guilds/*/commands"))
            .count();
        let db = self.stop_keeping_db().await;
        let bot = Self::start_with_hub(fake, db, event, hub_url).await;
        fake.wait_request_n("PUT", "/applications/*/guilds/*/commands", registered)
            .await;
        bot
    }

    /// Stops the bot and hands back its database, to start another bot on
    /// it (a restart).
    pub async fn stop_keeping_db(mut self) -> TestDb {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(std::time::Duration::from_secs(15), &mut self.task)
            .await
            .expect("the bot stops within 15 s")
            .expect("the bot task did not panic")
            .expect("the bot stopped cleanly");
        self.db
    }

    /// Stops the bot as a signal would and returns how `run` ended.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(std::time::Duration::from_secs(15), &mut self.task)
            .await
            .expect("the bot stops within 15 s")
            .expect("the bot task did not panic")
    }
}
