//! Reads the participant's path needs that no other part of the store
//! offers.

use super::{Result, Store};

impl Store {
    /// Whether the team was ever lent a GPU (a lease that ended counts:
    /// the step "get a GPU" stays done).
    pub async fn team_had_gpu_lease(&self, team_id: i64) -> Result<bool> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM gpu_leases WHERE team_id = $1 LIMIT 1")
                .bind(team_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }
}
