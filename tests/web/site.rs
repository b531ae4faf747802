//! The web pages served in-process on a free local port, on a real store.

use somosbot::store::Store;
use somosbot::web::{serve, WebState};
use tokio::sync::oneshot;

use crate::support::bot::shipped_event;

pub struct Site {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Site {
    pub async fn start(store: Store) -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let state = WebState::new(store, shipped_event(), &base).expect("web state");
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
