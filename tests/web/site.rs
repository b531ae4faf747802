//! The web pages served in-process on a free local port, on a real store;
//! with the dashboard's login against the fake Discord when asked.

use somosbot::domain::recheck::Checker;
use somosbot::secret::Secret;
use somosbot::store::{IdKind, Store};
use somosbot::web::auth::Login;
use somosbot::web::oauth::OAuthClient;
use somosbot::web::{serve, WebState};
use tokio::sync::oneshot;

use crate::support::bot::shipped_event;
use crate::support::fake_discord::{self, FakeDiscord};

/// The key the test sites check certificate codes with.
pub const CERTIFICATE_SECRET: &str = "the web tests' certificate key";

pub struct Site {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

/// The fake guild's organizer role, linked for the event as `/setup` does.
pub async fn organizer_role(store: &Store, fake: &FakeDiscord) -> u64 {
    let role = fake.add_role("Organización", "0");
    store
        .set_discord_id(
            &shipped_event().event.id,
            fake.guild_id(),
            IdKind::Role,
            "organizer",
            role,
            None,
            chrono::Utc::now(),
        )
        .await
        .expect("link the organizer role");
    role
}

impl Site {
    pub async fn start(store: Store) -> Site {
        Self::start_with(store, None).await
    }

    /// With "Login with Discord" against `fake`; the role is asked for again
    /// on every request when `recheck_always`.
    pub async fn with_login(store: Store, fake: &FakeDiscord, recheck_always: bool) -> Site {
        Self::start_with(store, Some((fake, recheck_always))).await
    }

    /// With the login and the dashboard's re-check through `checker`.
    pub async fn with_checker(
        store: Store,
        fake: &FakeDiscord,
        recheck_always: bool,
        checker: Checker,
    ) -> Site {
        Self::start_full(store, Some((fake, recheck_always)), Some(checker)).await
    }

    async fn start_with(store: Store, login: Option<(&FakeDiscord, bool)>) -> Site {
        Self::start_full(store, login, None).await
    }

    async fn start_full(
        store: Store,
        login: Option<(&FakeDiscord, bool)>,
        checker: Option<Checker>,
    ) -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let login = login.map(|(fake, always)| {
            let redirect = format!("{base}/login/callback");
            fake.oauth.register_redirect(&redirect);
            Login {
                oauth: OAuthClient::new(
                    &fake.api_base(),
                    &fake.app_id().to_string(),
                    Secret::new(fake_discord::oauth::CLIENT_SECRET),
                    redirect,
                ),
                guild: fake.guild_id(),
                role_recheck: if always {
                    chrono::Duration::zero()
                } else {
                    somosbot::web::auth::ROLE_RECHECK
                },
            }
        });
        let state = WebState::new(store, shipped_event(), &base, login)
            .expect("web state")
            .with_certificate_key(Some(Secret::new(CERTIFICATE_SECRET)))
            .with_checker(checker);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            serve(
                listener,
                state,
                Box::pin(async move {
                    let _ = rx.await;
                }),
            )
            .await
            .expect("web serves");
        });
        Site {
            base,
            stop: Some(tx),
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}
