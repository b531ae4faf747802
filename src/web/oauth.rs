//! "Login with Discord" for the web dashboard: OAuth2 authorization code
//! with PKCE (S256) and `state`, scopes `identify guilds.members.read`, then
//! `GET /users/@me` and `GET /users/@me/guilds/{guild.id}/member` with the
//! person's token to read their roles in the event's guild.

use serde::Deserialize;

use crate::secret::Secret;

/// What the dashboard asks Discord for, and nothing more.
pub const SCOPES: &str = "identify guilds.members.read";

/// Where the login talks to Discord, and as which application.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    http: reqwest::Client,
    /// `https://discord.com` (or the fake's address in tests).
    base: String,
    client_id: String,
    client_secret: Secret,
    /// `{WEB_BASE_URL}/login/callback`, registered in the developer portal.
    pub redirect_uri: String,
}

/// Discord refused or could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("Discord refused the login: {0}")]
    Refused(String),
    #[error("Discord could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
struct UserAnswer {
    id: String,
}

#[derive(Deserialize)]
struct MemberAnswer {
    #[serde(default)]
    roles: Vec<String>,
}

impl OAuthClient {
    pub fn new(base: &str, client_id: &str, client_secret: Secret, redirect_uri: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            client_id: client_id.to_string(),
            client_secret,
            redirect_uri,
        }
    }

    /// The address to send the visitor to.
    pub fn authorize_url(&self, state: &str, code_challenge: &str) -> String {
        let mut url = format!("{}/oauth2/authorize?", self.base);
        url.push_str(
            &url::form_urlencoded::Serializer::new(String::new())
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.client_id)
                .append_pair("scope", SCOPES)
                .append_pair("state", state)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("code_challenge", code_challenge)
                .append_pair("code_challenge_method", "S256")
                .append_pair("prompt", "none")
                .finish(),
        );
        url
    }

    /// Trades the code for an access token (client secret sent as HTTP
    /// Basic, never in a URL).
    pub async fn exchange(&self, code: &str, verifier: &str) -> Result<Secret, OAuthError> {
        let answer = self
            .http
            .post(format!("{}/api/v10/oauth2/token", self.base))
            .basic_auth(&self.client_id, Some(self.client_secret.expose()))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &self.redirect_uri),
                ("code_verifier", verifier),
            ])
            .send()
            .await?;
        if !answer.status().is_success() {
            return Err(OAuthError::Refused(format!("token: {}", answer.status())));
        }
        let token: TokenAnswer = answer.json().await?;
        let granted: Vec<&str> = token.scope.split_whitespace().collect();
        if !SCOPES.split(' ').all(|s| granted.contains(&s)) {
            return Err(OAuthError::Refused(format!(
                "scopes granted: {}",
                token.scope
            )));
        }
        Ok(Secret::new(token.access_token))
    }

    /// The Discord id of the token's user.
    pub async fn user_id(&self, token: &Secret) -> Result<u64, OAuthError> {
        let answer = self
            .http
            .get(format!("{}/api/v10/users/@me", self.base))
            .bearer_auth(token.expose())
            .send()
            .await?;
        if !answer.status().is_success() {
            return Err(OAuthError::Refused(format!(
                "users/@me: {}",
                answer.status()
            )));
        }
        let user: UserAnswer = answer.json().await?;
        user.id
            .parse()
            .map_err(|_| OAuthError::Refused("users/@me: id is not a snowflake".into()))
    }

    /// The token user's role ids in `guild`; `None` when not a member.
    pub async fn member_roles(
        &self,
        token: &Secret,
        guild: u64,
    ) -> Result<Option<Vec<u64>>, OAuthError> {
        let answer = self
            .http
            .get(format!(
                "{}/api/v10/users/@me/guilds/{guild}/member",
                self.base
            ))
            .bearer_auth(token.expose())
            .send()
            .await?;
        match answer.status().as_u16() {
            200 => {
                let member: MemberAnswer = answer.json().await?;
                Ok(Some(
                    member.roles.iter().filter_map(|r| r.parse().ok()).collect(),
                ))
            }
            404 => Ok(None),
            s => Err(OAuthError::Refused(format!("guild member: {s}"))),
        }
    }
}
