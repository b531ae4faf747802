//! The gallery model (every project with its parsed report, and the
//! published results), built once and shared by `/`, `/projects` and
//! `/projects/{slug}` until something it shows changes. Building it reads
//! every stored report, so doing it per request was the gallery's cost.
//!
//! It is rebuilt when this process says the gallery changed
//! ([`gallery::version`]: a check stored, a profile listed), when the
//! database's [`Store::gallery_stamp`] differs (changes made by another
//! process: the bot beside `somosbot web`), and at the latest after
//! [`MAX_AGE`] (edits the stamp does not see, such as a rename). One build
//! runs at a time; requests that arrive meanwhile wait for it and share it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::EventConfig;
use crate::domain::gallery::{self, Project};
use crate::domain::showcase::{self, Showcase};
use crate::store::{Store, StoreError};

/// The longest a built gallery is served without being rebuilt.
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// One built gallery.
#[derive(Debug)]
pub struct GalleryModel {
    /// Most liked first, as [`gallery::projects`] orders them.
    pub projects: Vec<Project>,
    pub showcase: Option<Showcase>,
}

struct Built {
    key: (u64, Vec<i64>),
    at: Instant,
    model: Arc<GalleryModel>,
}

#[derive(Default)]
pub struct GalleryCache {
    slot: tokio::sync::Mutex<Option<Built>>,
}

impl GalleryCache {
    /// The current gallery, built now if what is kept is stale.
    pub async fn get(
        &self,
        store: &Store,
        event: &EventConfig,
        now: DateTime<Utc>,
    ) -> Result<Arc<GalleryModel>, StoreError> {
        let key = (
            gallery::version(),
            store.gallery_stamp(&event.event.id).await?,
        );
        let mut slot = self.slot.lock().await;
        if let Some(b) = slot.as_ref() {
            if b.key == key && b.at.elapsed() < MAX_AGE {
                return Ok(b.model.clone());
            }
        }
        let projects = gallery::projects(store, &event.event.id).await?;
        let showcase = match showcase::published(store, event, now).await {
            Ok(s) => s,
            Err(crate::domain::jury::JuryError::Store(e)) => return Err(e),
            Err(crate::domain::jury::JuryError::NoJury) => None,
        };
        let model = Arc::new(GalleryModel { projects, showcase });
        *slot = Some(Built {
            key,
            at: Instant::now(),
            model: model.clone(),
        });
        Ok(model)
    }
}
