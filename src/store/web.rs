//! What the web pages keep: who agreed to be listed on the project gallery.

use chrono::{DateTime, Utc};

use super::{id_from_db, id_to_db, millis, Result, Store};

/// A person who agreed to be listed, under the name they had then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicProfile {
    pub user_id: u64,
    pub display_name: String,
}

impl Store {
    /// `/profile public` (listed) or `/profile private` (not listed). The
    /// name is refreshed on every opt-in; opting out keeps no name.
    pub async fn set_profile_listing(
        &self,
        event_id: &str,
        user_id: u64,
        display_name: &str,
        listed: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let name = if listed { display_name } else { "" };
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO public_profiles (event_id, user_id, display_name, listed, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (event_id, user_id) DO UPDATE SET \
                 display_name = excluded.display_name, listed = excluded.listed, \
                 updated_at = excluded.updated_at",
            )
            .bind(event_id)
            .bind(id_to_db(user_id))
            .bind(name)
            .bind(i64::from(listed))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// Everyone of the event who is listed, in no particular order.
    pub async fn listed_profiles(&self, event_id: &str) -> Result<Vec<PublicProfile>> {
        self.idempotent(|| async {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT user_id, display_name FROM public_profiles \
                 WHERE event_id = $1 AND listed = 1",
            )
            .bind(event_id)
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(user_id, display_name)| PublicProfile {
                    user_id: id_from_db(user_id),
                    display_name,
                })
                .collect())
        })
        .await
    }
}
