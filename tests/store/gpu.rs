//! The GPU queue as stories, on both databases: the domain's use cases with
//! a real Hub client against a local fake Hub, and the scheduler's step
//! with an outbox that records what would reach Discord.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use somosbot::config::{EventConfig, GpuKind};
use somosbot::domain::gpu::{self as gpu, GpuError, GrantForm, Releaser, RequestForm};
use somosbot::domain::team;
use somosbot::hub::HubClient;
use somosbot::i18n::I18n;
use somosbot::scheduler::gpu as jobs;
use somosbot::scheduler::{Destination, OutMessage, Outbox, Posted, Scheduler, SendError};
use somosbot::store::{GpuResourceStatus, Store};

use super::concurrency::all_at_once;
use super::scenarios::{now, policy};
use crate::support::bot::shipped_event;
use crate::support::fake_hub::{self, FakeHub, Reply};

/// Records messages, and posts and edits of the live board.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<OutMessage>>,
    posts: Mutex<Vec<(Posted, String)>>,
    edits: Mutex<Vec<(Posted, String)>>,
    next_id: AtomicU64,
}

impl Recorder {
    fn sent(&self) -> Vec<OutMessage> {
        self.sent.lock().unwrap().clone()
    }

    fn texts_to(&self, to: &Destination) -> Vec<String> {
        self.sent()
            .into_iter()
            .filter(|m| &m.to == to)
            .map(|m| m.text)
            .collect()
    }

    fn board_posts(&self) -> usize {
        self.posts.lock().unwrap().len()
    }

    fn board_edits(&self) -> Vec<(Posted, String)> {
        self.edits.lock().unwrap().clone()
    }
}

impl Outbox for Recorder {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            self.sent.lock().unwrap().push(message.clone());
            Ok(())
        })
    }

    fn upsert<'a>(
        &'a self,
        message: &'a OutMessage,
        previous: Option<Posted>,
    ) -> BoxFuture<'a, Result<Posted, SendError>> {
        Box::pin(async move {
            if let Some(p) = previous {
                self.edits.lock().unwrap().push((p, message.text.clone()));
                return Ok(p);
            }
            let id = 500 + self.next_id.fetch_add(1, Ordering::SeqCst);
            self.posts
                .lock()
                .unwrap()
                .push(((1, id), message.text.clone()));
            Ok((1, id))
        })
    }
}

const ORGANIZER: u64 = 42;
const LOG: &str = "log";

struct Scene {
    store: Store,
    event: Arc<EventConfig>,
    hub: HubClient,
    scheduler: Scheduler<Arc<Recorder>>,
    out: Arc<Recorder>,
}

fn channel(i: usize) -> u64 {
    9000 + i as u64
}

fn captain(i: usize) -> u64 {
    100 + i as u64
}

fn dataset(i: usize) -> String {
    format!("https://huggingface.co/datasets/somosnlp/corpus-{i}")
}

/// The shipped event's pool, `teams` teams with a channel and a role, each
/// with a public dataset on the fake Hub. With `one_machine`, only
/// `vm-a10g-1` of the 24 GB machines is in service.
async fn scene(store: Store, teams: usize, one_machine: bool) -> Scene {
    let event = Arc::new(shipped_event());
    somosbot::domain::seed::seed_event(&store, &event)
        .await
        .unwrap();
    let p = policy(&event.event.id);
    for i in 0..teams {
        let t = team::create_team(
            &store,
            &p,
            captain(i),
            &format!("Equipo {i}"),
            "tema",
            None,
            now(),
        )
        .await
        .unwrap();
        store
            .set_team_discord(t.id, Some(8000 + i as u64), Some(channel(i)))
            .await
            .unwrap();
    }
    let fake_hub = FakeHub::new();
    for i in 0..teams {
        fake_hub.on(
            &format!("/api/datasets/somosnlp/corpus-{i}"),
            Reply::json(
                200,
                &format!(r#"{{"id":"somosnlp/corpus-{i}","private":false}}"#),
            ),
        );
    }
    let url = fake_hub.start().await;
    if one_machine {
        for name in ["vm-a10g-2", "vm-l4-1"] {
            gpu::set_status(&store, &event, name, GpuResourceStatus::OutOfService)
                .await
                .unwrap();
        }
    }
    let out = Arc::new(Recorder::default());
    let scheduler = Scheduler::new(
        store.clone(),
        event.clone(),
        Arc::new(I18n::load().unwrap()),
        out.clone(),
    );
    Scene {
        store,
        event,
        hub: fake_hub::client(&url, None),
        scheduler,
        out,
    }
}

impl Scene {
    async fn ask(
        &self,
        i: usize,
        kind: GpuKind,
        at: DateTime<Utc>,
    ) -> Result<gpu::Queued, GpuError> {
        let link = dataset(i);
        let form = RequestForm {
            kind,
            hours: 24,
            dataset: &link,
            tested: true,
        };
        gpu::request(&self.store, &self.hub, &self.event, captain(i), &form, at).await
    }

    async fn grant(
        &self,
        form: &GrantForm<'_>,
        at: DateTime<Utc>,
    ) -> Result<gpu::Granted, GpuError> {
        let granted = gpu::grant(&self.store, &self.event, ORGANIZER, form, at).await?;
        jobs::schedule_grant(&self.store, &self.event.event.id, &granted.lease, at)
            .await
            .unwrap();
        Ok(granted)
    }

    fn team_texts(&self, i: usize) -> Vec<String> {
        self.out.texts_to(&Destination::Channel(channel(i)))
    }

    fn log_texts(&self) -> Vec<String> {
        self.out.texts_to(&Destination::Event(LOG.into()))
    }
}

async fn a_request_waits_for_a_public_dataset_of_the_organization(store: Store) {
    let s = scene(store, 1, false).await;
    let path = "/api/datasets/somosnlp/corpus-0";
    let fresh = FakeHub::new();
    fresh
        .on(path, Reply::anonymous_401())
        .on(
            path,
            Reply::json(200, r#"{"id":"somosnlp/corpus-0","private":true}"#),
        )
        .on(path, Reply::json(503, "{}"))
        .on(path, Reply::json(503, "{}"))
        .on(path, Reply::json(503, "{}"))
        .on(
            path,
            Reply::json(200, r#"{"id":"somosnlp/corpus-0","private":false}"#),
        );
    let hub = fake_hub::client(&fresh.start().await, None);
    let ask = |tested: bool, link: &'static str| {
        let (store, event, hub) = (s.store.clone(), s.event.clone(), hub.clone());
        async move {
            let form = RequestForm {
                kind: GpuKind::Vm24Gb,
                hours: 24,
                dataset: link,
                tested,
            };
            gpu::request(&store, &hub, &event, captain(0), &form, now()).await
        }
    };
    let link = "https://huggingface.co/datasets/somosnlp/corpus-0";
    assert!(matches!(ask(false, link).await, Err(GpuError::NotTested)));
    assert!(matches!(
        ask(true, "https://huggingface.co/datasets/otra-org/corpus-0").await,
        Err(GpuError::WrongOrganization { .. })
    ));
    assert_eq!(fresh.count(path), 0, "the form is checked before the Hub");
    let missing = ask(true, link).await;
    assert!(
        matches!(missing, Err(GpuError::DatasetMissing { .. })),
        "{missing:?}"
    );
    let private = ask(true, link).await;
    assert!(
        matches!(private, Err(GpuError::DatasetPrivate { .. })),
        "{private:?}"
    );
    let outage = ask(true, link).await;
    assert!(
        matches!(outage, Err(GpuError::HubUnavailable)),
        "{outage:?}"
    );
    assert!(
        s.store
            .gpu_queue(&s.event.event.id, GpuKind::Vm24Gb)
            .await
            .unwrap()
            .is_empty(),
        "nothing is queued while the dataset is not there"
    );
    let queued = ask(true, link).await.unwrap();
    assert_eq!(queued.position, 1);
    assert_eq!(queued.expected_start, Some(now()), "a machine is free");
    assert_eq!(queued.request.dataset_repo, "somosnlp/corpus-0");

    let before = fresh.count(path);
    assert!(matches!(
        ask(true, link).await,
        Err(GpuError::AlreadyRequested)
    ));
    assert_eq!(
        fresh.count(path),
        before,
        "a second request asks the Hub nothing"
    );
    // Another kind of machine is another line.
    assert!(s.ask(0, GpuKind::SpaceT4Small, now()).await.is_ok());
}

async fn the_line_is_first_come_first_served_and_organizers_move_teams(store: Store) {
    let s = scene(store, 5, false).await;
    for i in 0..5 {
        let q = s
            .ask(i, GpuKind::Vm24Gb, now() + Duration::minutes(i as i64))
            .await
            .unwrap();
        assert_eq!(q.position, i + 1);
    }
    let at = now() + Duration::hours(1);
    let board = gpu::board(&s.store, &s.event.event.id, at).await.unwrap();
    let line = board.queue(GpuKind::Vm24Gb);
    let teams: Vec<&str> = line.iter().map(|e| e.team.as_str()).collect();
    assert_eq!(
        teams,
        ["Equipo 0", "Equipo 1", "Equipo 2", "Equipo 3", "Equipo 4"]
    );
    // Three machines of the kind, 24 h each: the fourth waits a day.
    let starts: Vec<_> = line.iter().map(|e| e.expected_start).collect();
    assert_eq!(
        starts,
        vec![
            Some(at),
            Some(at),
            Some(at),
            Some(at + Duration::hours(24)),
            Some(at + Duration::hours(24))
        ]
    );

    let moved = gpu::move_request(&s.store, &s.event, "equipo 4", None, 1, at)
        .await
        .unwrap();
    assert_eq!((moved.from, moved.to), (5, 1));
    let board = gpu::board(&s.store, &s.event.event.id, at).await.unwrap();
    let teams: Vec<&str> = board
        .queue(GpuKind::Vm24Gb)
        .iter()
        .map(|e| e.team.as_str())
        .collect();
    assert_eq!(
        teams,
        ["Equipo 4", "Equipo 0", "Equipo 1", "Equipo 2", "Equipo 3"]
    );
    assert!(matches!(
        gpu::move_request(&s.store, &s.event, "Equipo 4", None, 9, at).await,
        Err(GpuError::BadPosition { max: 5 })
    ));

    // A team that withdraws leaves the line; the others move up.
    gpu::cancel(&s.store, &s.event, captain(0), None, at)
        .await
        .unwrap();
    let board = gpu::board(&s.store, &s.event.event.id, at).await.unwrap();
    let positions: Vec<(String, usize)> = board
        .queue(GpuKind::Vm24Gb)
        .iter()
        .map(|e| (e.team.clone(), e.position))
        .collect();
    assert_eq!(
        positions,
        vec![
            ("Equipo 4".into(), 1),
            ("Equipo 1".into(), 2),
            ("Equipo 2".into(), 3),
            ("Equipo 3".into(), 4)
        ]
    );
    // A request made later still joins at the end.
    s.ask(0, GpuKind::Vm24Gb, at).await.unwrap();
    let board = gpu::board(&s.store, &s.event.event.id, at).await.unwrap();
    assert_eq!(
        board.queue(GpuKind::Vm24Gb).last().unwrap().team,
        "Equipo 0"
    );
}

async fn two_organizers_granting_the_last_machine_make_one_lease(store: Store) {
    let s = Arc::new(scene(store, 10, true).await);
    for i in 0..10 {
        s.ask(i, GpuKind::Vm24Gb, now() + Duration::seconds(i as i64))
            .await
            .unwrap();
    }
    // Both press grant with the defaults: the next team, a free machine.
    let results = all_at_once(2, |_| {
        let s = s.clone();
        async move { gpu::grant(&s.store, &s.event, ORGANIZER, &GrantForm::default(), now()).await }
    })
    .await;
    let granted: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(granted.len(), 1, "{results:?}");
    assert_eq!(granted[0].team, "Equipo 0");
    assert!(
        results
            .iter()
            .any(|r| matches!(r, Err(GpuError::GrantRace) | Err(GpuError::NoFreeMachine))),
        "{results:?}"
    );
    let leases = s.store.active_gpu_leases(&s.event.event.id).await.unwrap();
    assert_eq!(leases.len(), 1);

    // Ten organizers each give another team the machine just released.
    gpu::release(
        &s.store,
        &s.event,
        Releaser::Organizer,
        Some("vm-a10g-1"),
        now(),
    )
    .await
    .unwrap();
    let results = all_at_once(9, |i| {
        let s = s.clone();
        async move {
            let name = format!("Equipo {}", i + 1);
            let form = GrantForm {
                team: Some(&name),
                resource: Some("vm-a10g-1"),
                hours: Some(2),
            };
            gpu::grant(&s.store, &s.event, ORGANIZER, &form, now()).await
        }
    })
    .await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| matches!(
        r,
        Err(GpuError::GrantRace) | Err(GpuError::ResourceBusy { .. })
    )));
    assert_eq!(
        s.store
            .active_gpu_leases(&s.event.event.id)
            .await
            .unwrap()
            .len(),
        1
    );
    // The teams that lost the race are still in line.
    assert_eq!(
        s.store
            .gpu_queue(&s.event.event.id, GpuKind::Vm24Gb)
            .await
            .unwrap()
            .len(),
        8
    );
}

async fn a_lease_is_warned_and_ends_on_the_scheduler_step(store: Store) {
    let s = scene(store, 1, false).await;
    s.ask(0, GpuKind::Vm24Gb, now()).await.unwrap();
    let granted = s.grant(&GrantForm::default(), now()).await.unwrap();
    let end = granted.lease.ends_at;
    assert_eq!(
        end,
        now() + Duration::hours(24),
        "the hours the team asked for"
    );

    s.scheduler.tick(now()).await.unwrap();
    let notice = s.team_texts(0);
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert!(
        notice[0].starts_with("<@&8000>"),
        "the team's role: {notice:?}"
    );
    assert!(
        notice[0].contains(&format!("<t:{}:F>", end.timestamp())),
        "{notice:?}"
    );
    assert!(notice[0].contains("vm-a10g-1"), "{notice:?}");
    assert_eq!(
        s.out.texts_to(&Destination::Direct(captain(0))).len(),
        1,
        "the captain by DM"
    );
    assert_eq!(s.out.board_posts(), 1, "the board is drawn");

    s.scheduler.tick(end - Duration::minutes(61)).await.unwrap();
    assert_eq!(s.team_texts(0).len(), 1, "nothing before the hour");
    s.scheduler.tick(end - Duration::hours(1)).await.unwrap();
    let texts = s.team_texts(0);
    assert_eq!(texts.len(), 2);
    assert!(texts[1].contains("60"), "{texts:?}");
    s.scheduler.tick(end - Duration::minutes(10)).await.unwrap();
    let texts = s.team_texts(0);
    assert_eq!(texts.len(), 3);
    assert!(texts[2].contains("10"), "{texts:?}");
    assert!(
        s.store
            .active_gpu_leases(&s.event.event.id)
            .await
            .unwrap()
            .len()
            == 1
    );

    s.scheduler.tick(end).await.unwrap();
    let lease = s.store.gpu_lease(granted.lease.id).await.unwrap().unwrap();
    assert_eq!(lease.released_at, Some(end), "ended at its end");
    let texts = s.team_texts(0);
    assert_eq!(texts.len(), 4, "{texts:?}");
    let log = s.log_texts();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].contains("vm-a10g-1"), "{log:?}");
    assert_eq!(s.out.board_posts(), 1, "one board message");
    assert!(
        !s.out.board_edits().is_empty(),
        "edited when the lease ended"
    );

    // Nothing is sent twice.
    let sent = s.out.sent().len();
    s.scheduler.tick(end + Duration::minutes(5)).await.unwrap();
    s.scheduler.tick(end + Duration::hours(2)).await.unwrap();
    assert_eq!(s.out.sent().len(), sent);
}

async fn an_extended_lease_ends_at_its_new_end(store: Store) {
    let s = scene(store, 1, false).await;
    s.ask(0, GpuKind::Vm24Gb, now()).await.unwrap();
    let form = GrantForm {
        hours: Some(2),
        ..Default::default()
    };
    let granted = s.grant(&form, now()).await.unwrap();
    let old_end = granted.lease.ends_at;
    let lease = gpu::extend(&s.store, &s.event, "VM-A10G-1", 3)
        .await
        .unwrap();
    jobs::schedule_extension(&s.store, &s.event.event.id, &lease, now())
        .await
        .unwrap();
    assert_eq!(lease.ends_at, old_end + Duration::hours(3));
    s.scheduler.tick(now()).await.unwrap();
    s.scheduler.tick(old_end).await.unwrap();
    assert_eq!(
        s.store
            .active_gpu_leases(&s.event.event.id)
            .await
            .unwrap()
            .len(),
        1,
        "the old end passes"
    );
    let warned_old: Vec<String> = s
        .team_texts(0)
        .into_iter()
        .filter(|t| t.contains(&format!("<t:{}:F>", old_end.timestamp())) && t.contains("10"))
        .collect();
    assert!(
        warned_old.is_empty(),
        "no warning for the old end: {warned_old:?}"
    );
    s.scheduler.tick(lease.ends_at).await.unwrap();
    assert!(s
        .store
        .active_gpu_leases(&s.event.event.id)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        gpu::extend(&s.store, &s.event, "vm-a10g-1", 1).await,
        Err(GpuError::NoLease)
    ));
}

async fn a_released_machine_goes_to_the_next_team(store: Store) {
    let s = scene(store, 3, true).await;
    for i in 0..3 {
        s.ask(i, GpuKind::Vm24Gb, now() + Duration::seconds(i as i64))
            .await
            .unwrap();
    }
    let first = s.grant(&GrantForm::default(), now()).await.unwrap();
    assert_eq!(first.team, "Equipo 0");
    s.scheduler.tick(now()).await.unwrap();

    // Another team cannot give it back; its own team can.
    let at = now() + Duration::hours(3);
    assert!(matches!(
        gpu::release(
            &s.store,
            &s.event,
            Releaser::Member(captain(1)),
            Some("vm-a10g-1"),
            at
        )
        .await,
        Err(GpuError::NotYourLease)
    ));
    let lease = gpu::release(&s.store, &s.event, Releaser::Member(captain(0)), None, at)
        .await
        .unwrap();
    jobs::schedule_release(&s.store, &s.event.event.id, &lease, at)
        .await
        .unwrap();
    s.scheduler.tick(at).await.unwrap();
    let told = s.team_texts(1);
    assert_eq!(told.len(), 1, "the next team is told: {told:?}");
    assert!(told[0].contains("vm-a10g-1"), "{told:?}");
    assert!(s.team_texts(2).is_empty(), "only the next one");
    let log = s.log_texts();
    assert!(
        log.iter()
            .any(|t| t.contains("Equipo 1") && t.contains("vm-a10g-1")),
        "{log:?}"
    );

    let second = s.grant(&GrantForm::default(), at).await.unwrap();
    assert_eq!(
        (second.team.as_str(), second.lease.resource.as_str()),
        ("Equipo 1", "vm-a10g-1")
    );
    // The first lease's warnings and end were cancelled with the release.
    let before = s.team_texts(0).len();
    s.scheduler.tick(first.lease.ends_at).await.unwrap();
    assert_eq!(s.team_texts(0).len(), before);
}

async fn a_lease_granted_just_before_a_crash_still_ends(store: Store) {
    let s = scene(store, 1, false).await;
    s.ask(0, GpuKind::Vm24Gb, now()).await.unwrap();
    // The lease is stored; the process dies before its jobs are.
    let granted = gpu::grant(&s.store, &s.event, ORGANIZER, &GrantForm::default(), now())
        .await
        .unwrap();
    let end = granted.lease.ends_at;
    let back = end + Duration::hours(2);
    // At start the jobs are made; the end already passed, so it is due now.
    let added = jobs::seed_lease_jobs(&s.store, &s.event.event.id, back)
        .await
        .unwrap();
    assert_eq!(
        added, 2,
        "the notice and the end; past warnings are dropped"
    );
    assert_eq!(
        jobs::seed_lease_jobs(&s.store, &s.event.event.id, back)
            .await
            .unwrap(),
        0,
        "seeding twice adds nothing"
    );
    s.scheduler.tick(back).await.unwrap();
    let lease = s.store.gpu_lease(granted.lease.id).await.unwrap().unwrap();
    assert_eq!(lease.released_at, Some(end));
    // The grant's notice is stale once the lease has ended: whichever of
    // the two jobs runs first, the team hears of the end only.
    let texts = s.team_texts(0);
    assert_eq!(texts.len(), 1, "told of the end only: {texts:?}");
    assert!(texts[0].contains("vm-a10g-1"), "{texts:?}");
}

async fn the_pool_changes_at_run_time(store: Store) {
    let s = scene(store, 1, false).await;
    s.ask(0, GpuKind::Vm24Gb, now()).await.unwrap();
    s.grant(
        &GrantForm {
            resource: Some("vm-l4-1"),
            ..Default::default()
        },
        now(),
    )
    .await
    .unwrap();
    assert!(matches!(
        gpu::set_status(&s.store, &s.event, "vm-l4-1", GpuResourceStatus::Retired).await,
        Err(GpuError::ResourceLeased { .. })
    ));
    let new = somosbot::store::GpuResource {
        name: "vm-a100-1".into(),
        kind: GpuKind::Vm24Gb,
        description: Some("A100".into()),
        default_hours: 12,
        max_hours: 24,
        status: GpuResourceStatus::Available,
    };
    gpu::add_resource(&s.store, &s.event, &new).await.unwrap();
    assert!(matches!(
        gpu::add_resource(&s.store, &s.event, &new).await,
        Err(GpuError::ResourceExists)
    ));
    gpu::set_status(&s.store, &s.event, "vm-a10g-1", GpuResourceStatus::Retired)
        .await
        .unwrap();
    let board = gpu::board(&s.store, &s.event.event.id, now())
        .await
        .unwrap();
    let names: Vec<&str> = board
        .machines
        .iter()
        .map(|m| m.resource.name.as_str())
        .collect();
    assert!(
        names.contains(&"vm-a100-1") && !names.contains(&"vm-a10g-1"),
        "{names:?}"
    );
    // Seeding again at the next start does not bring the retired one back.
    somosbot::domain::seed::seed_event(&s.store, &s.event)
        .await
        .unwrap();
    let r = s
        .store
        .gpu_resource(&s.event.event.id, "vm-a10g-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, GpuResourceStatus::Retired);
}

crate::on_both_backends!(
    a_request_waits_for_a_public_dataset_of_the_organization,
    the_line_is_first_come_first_served_and_organizers_move_teams,
    two_organizers_granting_the_last_machine_make_one_lease,
    a_lease_is_warned_and_ends_on_the_scheduler_step,
    an_extended_lease_ends_at_its_new_end,
    a_released_machine_goes_to_the_next_team,
    a_lease_granted_just_before_a_crash_still_ends,
    the_pool_changes_at_run_time,
);
