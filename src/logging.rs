//! The process log: `RUST_LOG` chooses what is written, except what must
//! never be, whatever the level: transport dumps that carry secrets.

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// What is logged when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "somosbot=info,serenity=warn,poise=warn,sqlx=warn";

/// Logs to stderr, filtered by `RUST_LOG` (else [`DEFAULT_FILTER`]) and by
/// [`is_safe`].
pub fn init() {
    let wanted = EnvFilter::try_from_default_env().unwrap_or_else(|_| DEFAULT_FILTER.into());
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter_fn(is_safe));
    tracing_subscriber::registry()
        .with(wanted)
        .with(layer)
        .init();
}

/// Whether an event may be written at all. The websocket library dumps
/// every frame at trace level, IDENTIFY included, and IDENTIFY carries the
/// bot token; those dumps are never written, even with `RUST_LOG=trace`.
pub fn is_safe(meta: &Metadata<'_>) -> bool {
    let frames = ["tungstenite", "tokio_tungstenite"];
    !(*meta.level() == Level::TRACE
        && frames
            .iter()
            .any(|t| meta.target() == *t || meta.target().starts_with(&format!("{t}::"))))
}
