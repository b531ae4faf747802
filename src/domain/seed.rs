//! The event file's data that lives in the database: deadlines and GPU
//! machines, stored once so organizers can change them afterwards.

use crate::config::EventConfig;
use crate::store::{GpuResource, GpuResourceStatus, Store, StoreError, StoredDeadline};

/// Seeds the event's data into the store (deadlines and GPU machines that
/// organizers have not changed) — idempotent.
pub async fn seed_event(store: &Store, event: &EventConfig) -> Result<(), StoreError> {
    let event_id = &event.event.id;
    for d in &event.deadlines {
        store
            .insert_deadline_if_absent(
                event_id,
                &StoredDeadline {
                    id: d.id.clone(),
                    title_es: d.title.es.clone(),
                    title_en: d.title.en.clone(),
                    at: d.at_utc(),
                    reminders: d.reminders.clone(),
                },
            )
            .await?;
    }
    for r in &event.gpu.pool {
        store
            .seed_gpu_resource(
                event_id,
                &GpuResource {
                    name: r.name.clone(),
                    kind: r.kind,
                    description: r.description.clone(),
                    default_hours: r.default_hours,
                    max_hours: r.max_hours,
                    status: GpuResourceStatus::Available,
                },
            )
            .await?;
    }
    Ok(())
}
