//! Errors of Discord commands: what the user did (a localized answer) apart
//! from what broke (logged with its cause chain, shown as an apology with a
//! reference the organizers can find in the log).

/// An error a command returns.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// The user's request cannot be done; tell them why, in their language.
    #[error("refused: {id}")]
    User {
        id: &'static str,
        args: Vec<(&'static str, String)>,
    },
    /// Something broke on our side.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl BotError {
    pub fn user(id: &'static str) -> Self {
        BotError::User {
            id,
            args: Vec::new(),
        }
    }

    /// "The Hub budget is spent, try again at …", with the time as Discord
    /// timestamps (the reader's own clock, and how long from now).
    pub fn budget_spent(retry_at: chrono::DateTime<chrono::Utc>) -> Self {
        let (id, args) = crate::hub::Unavailable::BudgetSpent { retry_at }.message();
        BotError::User { id, args }
    }

    pub fn user_with(id: &'static str, args: Vec<(&'static str, String)>) -> Self {
        BotError::User { id, args }
    }
}

impl From<crate::store::StoreError> for BotError {
    fn from(e: crate::store::StoreError) -> Self {
        BotError::Internal(e.into())
    }
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> Self {
        BotError::Internal(e.into())
    }
}

/// A short id to match an apology shown to a user with the log line.
pub fn new_reference() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// Whether Discord refused for lack of access or permission (403: 50001
/// Missing Access, 50013 Missing Permissions): a server setup problem the
/// organizers fix, not a bug.
pub fn refused_by_discord(e: &anyhow::Error) -> bool {
    use serenity::all::HttpError;
    e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<serenity::Error>(),
            Some(serenity::Error::Http(HttpError::UnsuccessfulRequest(r))) if r.status_code.as_u16() == 403
        )
    })
}
