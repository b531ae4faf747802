//! Deployment settings: where the bot runs and with which secrets.
//! They come from the environment (and a `.env` file when present), never
//! from the event file, so an event file can be shared without leaking tokens.

use std::path::PathBuf;

use super::{ShardRange, ShardRangeError};
use crate::secret::{DatabaseUrl, Secret};

/// The default Hub endpoint, as in huggingface_hub.
pub const DEFAULT_HF_ENDPOINT: &str = "https://huggingface.co";
pub const DEFAULT_HF_VIEWER_ENDPOINT: &str = "https://datasets-server.huggingface.co";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://somosbot.db";
pub const DEFAULT_EVENT_PATH: &str = "events/somos600m.toml";

#[derive(Debug, Clone)]
pub struct Settings {
    /// `DISCORD_TOKEN`: the bot token. Only `run` needs it.
    pub discord_token: Option<Secret>,
    /// `DATABASE_URL`: `sqlite://…` (default) or `postgres://…`.
    pub database_url: DatabaseUrl,
    /// `HF_ENDPOINT`: base URL of the Hub API, without trailing slash.
    pub hf_endpoint: String,
    /// `HF_DATASETS_SERVER`: base URL of the Hub's dataset viewer, asked for
    /// a corpus' columns when its card declares none. Unset: the public
    /// viewer when `HF_ENDPOINT` is the public Hub, none for another Hub
    /// (a mirror or a test server has no known viewer).
    pub hf_viewer_endpoint: Option<String>,
    /// `HF_TOKEN`, then `HUGGING_FACE_HUB_TOKEN`.
    pub hf_token: Option<Secret>,
    /// `SOMOSBOT_EVENT`: path of the event file.
    pub event_path: PathBuf,
    /// `DISCORD_API_BASE`: test seam; when set, every Discord REST call and
    /// the gateway lookup go to this base URL instead of discord.com.
    pub discord_api_base: Option<String>,
    /// `DISCORD_SHARDS` as written (`first-last/total`); unset: one process
    /// runs every shard Discord recommends. Read it with [`Settings::shards`].
    pub discord_shards: Option<String>,
    /// `DISCORD_GUILD_ID` as written: the one guild the bot serves. Unset:
    /// the bot's only guild (several: none). Read it with
    /// [`Settings::guild_id`].
    pub discord_guild_id: Option<String>,
    /// `WEB_ADDR`: where the web pages listen (`127.0.0.1:8080`); unset:
    /// `run` serves no web.
    pub web_addr: Option<String>,
    /// `WEB_BASE_URL`: the public address of the pages, for links and the
    /// login's redirect; default `http://{WEB_ADDR}`.
    pub web_base_url: Option<String>,
    /// `DISCORD_CLIENT_ID`: the application's OAuth2 client id (dashboard login).
    pub discord_client_id: Option<String>,
    /// `DISCORD_CLIENT_SECRET`: its OAuth2 client secret (redacted in logs).
    pub discord_client_key: Option<Secret>,
    /// `SOMOSBOT_CERTIFICATE_SECRET`: the key of certificates' verification
    /// codes. Never in the event file; without it no certificate is issued
    /// or verified.
    pub certificate_key: Option<Secret>,
}

/// `DISCORD_GUILD_ID` is not a Discord id.
#[derive(Debug, thiserror::Error)]
#[error("DISCORD_GUILD_ID must be a server id (digits, as Discord's \"Copy Server ID\" gives), not `{0}`")]
pub struct GuildIdError(String);

impl Settings {
    /// Reads the settings from the process environment (after `.env`).
    pub fn from_env() -> Self {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the
    /// process environment. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |key: &str| {
            lookup(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Self {
            discord_token: get("DISCORD_TOKEN").map(Secret::new),
            database_url: DatabaseUrl::new(
                get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()),
            ),
            hf_endpoint: get("HF_ENDPOINT")
                .unwrap_or_else(|| DEFAULT_HF_ENDPOINT.to_string())
                .trim_end_matches('/')
                .to_string(),
            hf_viewer_endpoint: get("HF_DATASETS_SERVER")
                .or_else(|| {
                    get("HF_ENDPOINT")
                        .map_or(true, |e| e.trim_end_matches('/') == DEFAULT_HF_ENDPOINT)
                        .then(|| DEFAULT_HF_VIEWER_ENDPOINT.to_string())
                })
                .map(|e| e.trim_end_matches('/').to_string()),
            hf_token: get("HF_TOKEN")
                .or_else(|| get("HUGGING_FACE_HUB_TOKEN"))
                .map(Secret::new),
            event_path: get("SOMOSBOT_EVENT")
                .unwrap_or_else(|| DEFAULT_EVENT_PATH.to_string())
                .into(),
            discord_api_base: get("DISCORD_API_BASE").map(|b| b.trim_end_matches('/').to_string()),
            discord_shards: get("DISCORD_SHARDS"),
            discord_guild_id: get("DISCORD_GUILD_ID"),
            web_addr: get("WEB_ADDR"),
            web_base_url: get("WEB_BASE_URL").map(|b| b.trim_end_matches('/').to_string()),
            discord_client_id: get("DISCORD_CLIENT_ID"),
            discord_client_key: get("DISCORD_CLIENT_SECRET").map(Secret::new),
            certificate_key: get("SOMOSBOT_CERTIFICATE_SECRET").map(Secret::new),
        }
    }

    /// The shard range this process runs, `None` for automatic sharding.
    pub fn shards(&self) -> Result<Option<ShardRange>, ShardRangeError> {
        self.discord_shards.as_deref().map(str::parse).transpose()
    }

    /// The guild named by `DISCORD_GUILD_ID`, if set.
    pub fn guild_id(&self) -> Result<Option<u64>, GuildIdError> {
        self.discord_guild_id
            .as_deref()
            .map(|v| {
                v.parse::<u64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or_else(|| GuildIdError(v.to_string()))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let s = settings(&[]);
        assert!(s.discord_token.is_none());
        assert_eq!(s.database_url.expose(), DEFAULT_DATABASE_URL);
        assert_eq!(s.hf_endpoint, DEFAULT_HF_ENDPOINT);
        assert_eq!(s.event_path, PathBuf::from(DEFAULT_EVENT_PATH));
        assert_eq!(s.shards(), Ok(None));
    }

    #[test]
    fn a_shard_range_is_read_and_checked() {
        let s = settings(&[("DISCORD_SHARDS", "1-1/2")]);
        assert_eq!(
            s.shards(),
            Ok(Some(ShardRange {
                first: 1,
                last: 1,
                total: 2
            }))
        );
        let e = settings(&[("DISCORD_SHARDS", "2/2")]).shards().unwrap_err();
        assert!(e.to_string().contains("DISCORD_SHARDS"), "{e}");
    }

    #[test]
    fn hf_token_falls_back_to_the_legacy_name() {
        let s = settings(&[("HUGGING_FACE_HUB_TOKEN", "hf_old")]);
        assert_eq!(s.hf_token.as_ref().map(Secret::expose), Some("hf_old"));
        let s = settings(&[("HF_TOKEN", "hf_new"), ("HUGGING_FACE_HUB_TOKEN", "hf_old")]);
        assert_eq!(s.hf_token.as_ref().map(Secret::expose), Some("hf_new"));
    }

    #[test]
    fn debug_output_hides_tokens() {
        let s = settings(&[
            ("DISCORD_TOKEN", "MTIz.secret.token"),
            ("HF_TOKEN", "hf_secret"),
            ("SOMOSBOT_CERTIFICATE_SECRET", "cert-secret-key"),
        ]);
        assert!(s.certificate_key.is_some());
        let shown = format!("{s:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn empty_values_count_as_unset_and_slashes_are_trimmed() {
        let s = settings(&[
            ("DISCORD_TOKEN", "  "),
            ("HF_ENDPOINT", "http://127.0.0.1:9/"),
        ]);
        assert!(s.discord_token.is_none());
        assert_eq!(s.hf_endpoint, "http://127.0.0.1:9");
    }

    #[test]
    fn the_dataset_viewer_follows_the_hub_unless_named() {
        assert_eq!(
            settings(&[]).hf_viewer_endpoint.as_deref(),
            Some(DEFAULT_HF_VIEWER_ENDPOINT)
        );
        assert_eq!(
            settings(&[("HF_ENDPOINT", "http://127.0.0.1:9")]).hf_viewer_endpoint,
            None
        );
        assert_eq!(
            settings(&[
                ("HF_ENDPOINT", "http://127.0.0.1:9"),
                ("HF_DATASETS_SERVER", "http://127.0.0.1:8/")
            ])
            .hf_viewer_endpoint
            .as_deref(),
            Some("http://127.0.0.1:8")
        );
    }
}
