//! The audit log: every organizer action, who did it and when.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, id_from_db, id_to_db, millis, Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: u64,
    pub action: String,
    pub target: Option<String>,
    pub details: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(FromRow)]
struct AuditRow {
    id: i64,
    actor_id: i64,
    action: String,
    target: Option<String>,
    details: String,
    at: i64,
}

impl Store {
    pub async fn record_audit(
        &self,
        event_id: &str,
        actor_id: u64,
        action: &str,
        target: Option<&str>,
        details: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO audit_log (event_id, actor_id, action, target, details, at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(event_id)
        .bind(id_to_db(actor_id))
        .bind(action)
        .bind(target)
        .bind(details.to_string())
        .bind(millis(now))
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// The newest entries first.
    pub async fn audit_entries(&self, event_id: &str, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, actor_id, action, target, details, at FROM audit_log \
             WHERE event_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(event_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.id,
                    actor_id: id_from_db(r.actor_id),
                    action: r.action,
                    target: r.target,
                    details: serde_json::from_str(&r.details)
                        .map_err(|e| super::StoreError::Corrupt(format!("audit details: {e}")))?,
                    at: from_millis(r.at)?,
                })
            })
            .collect()
    }
}
