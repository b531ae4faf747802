//! The process's Hub budget: a token bucket every Hub request takes a token
//! from, so no participant (looping `/submit`, `/path`, `/leaderboard`) can
//! spend the Hub's anonymous rate limit (500 API requests per 5 minutes per
//! IP) that every team shares. A reserve is kept for organizer-initiated
//! checks (recheck-all, an organizer's re-check), which participants cannot
//! dip into. A request that finds the bucket empty waits a bounded time or
//! is refused with the time the budget has room again; it never blocks
//! forever.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Timelike, Utc};

use crate::config::BudgetSettings;

/// Who a Hub request is made for: only organizers may use the reserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Priority {
    #[default]
    Participant,
    Organizer,
}

/// The budget has no room within the wait a request may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the bot's Hub budget is spent; try again at {retry_at}")]
pub struct BudgetSpent {
    pub retry_at: DateTime<Utc>,
}

/// Where the bucket reads the time: the real clock, or one a test moves.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Time since an arbitrary start; never goes back.
    fn elapsed(&self) -> Duration;
    /// The wall clock, to tell people when to come back.
    fn wall(&self) -> DateTime<Utc>;
}

/// The process's clock.
#[derive(Debug)]
pub struct SystemClock(Instant);

impl Default for SystemClock {
    fn default() -> Self {
        Self(Instant::now())
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
    fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The bucket's limits, from the event file's `[hub.budget]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BucketLimits {
    /// Most tokens the bucket holds (the largest burst).
    pub burst: f64,
    /// Tokens added per second.
    pub per_second: f64,
    /// Tokens below which only organizers may take.
    pub reserve: f64,
    /// The longest a participant's request waits for a token.
    pub participant_wait: Duration,
    /// The longest an organizer's request waits (recheck-all runs long).
    pub organizer_wait: Duration,
}

impl BucketLimits {
    pub fn from_settings(s: &BudgetSettings) -> Self {
        Self {
            burst: f64::from(s.burst),
            per_second: f64::from(s.requests_per_window) / f64::from(s.window_seconds.max(1)),
            reserve: f64::from(s.reserve),
            participant_wait: Duration::from_secs(u64::from(s.max_wait_seconds)),
            organizer_wait: Duration::from_secs(u64::from(s.window_seconds)),
        }
    }
}

#[derive(Debug)]
struct Level {
    /// May go below zero: a request that was promised a token after a wait
    /// takes it at once, so later requests queue behind it.
    tokens: f64,
    at: Duration,
}

/// The token bucket. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct HubBudget {
    limits: BucketLimits,
    clock: Arc<dyn Clock>,
    level: Mutex<Level>,
    taken: AtomicU64,
}

impl HubBudget {
    /// A full bucket on the real clock.
    pub fn new(limits: BucketLimits) -> Self {
        Self::with_clock(limits, Arc::new(SystemClock::default()))
    }

    pub fn with_clock(limits: BucketLimits, clock: Arc<dyn Clock>) -> Self {
        let at = clock.elapsed();
        Self {
            level: Mutex::new(Level {
                tokens: limits.burst,
                at,
            }),
            limits,
            clock,
            taken: AtomicU64::new(0),
        }
    }

    pub fn limits(&self) -> BucketLimits {
        self.limits
    }

    /// Tokens taken so far (each is one Hub request).
    pub fn taken(&self) -> u64 {
        self.taken.load(Ordering::Relaxed)
    }

    /// The bucket's level now, refilled for the time passed.
    fn refilled(&self, level: &mut Level) {
        let now = self.clock.elapsed();
        let refill = now.saturating_sub(level.at).as_secs_f64() * self.limits.per_second;
        level.tokens = (level.tokens + refill).min(self.limits.burst);
        level.at = now;
    }

    /// How long `who` must wait for `need` tokens above its floor at
    /// `tokens`, and the longest it may.
    fn wait_for(&self, tokens: f64, who: Priority, need: f64) -> (Duration, Duration) {
        let (floor, max_wait) = match who {
            Priority::Participant => (self.limits.reserve, self.limits.participant_wait),
            Priority::Organizer => (0.0, self.limits.organizer_wait),
        };
        let missing = floor + need - tokens;
        let wait = if missing <= 0.0 {
            Duration::ZERO
        } else if self.limits.per_second > 0.0 {
            Duration::from_secs_f64(missing / self.limits.per_second)
        } else {
            Duration::MAX
        };
        (wait, max_wait)
    }

    /// The refusal for a wait that is too long: the time is rounded up to
    /// the next whole second, so "at 12:00:07" is never early.
    fn spent(&self, wait: Duration) -> BudgetSpent {
        let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::days(1));
        let at = self.clock.wall() + wait + chrono::Duration::seconds(1);
        BudgetSpent {
            retry_at: at.with_nanosecond(0).unwrap_or(at),
        }
    }

    /// Takes one token for `who`: how long to wait before sending, or when
    /// to come back if that wait would be longer than `who` may wait. A
    /// granted token is taken at once (the level may go below zero), so
    /// later requests queue behind it and the caller must send after the
    /// wait.
    pub fn reserve(&self, who: Priority) -> Result<Duration, BudgetSpent> {
        let mut level = self.level.lock().unwrap_or_else(|p| p.into_inner());
        self.refilled(&mut level);
        let (wait, max_wait) = self.wait_for(level.tokens, who, 1.0);
        if wait > max_wait {
            return Err(self.spent(wait));
        }
        level.tokens -= 1.0;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Ok(wait)
    }

    /// Takes one token, waiting for it when the bucket is low.
    pub async fn take(&self, who: Priority) -> Result<(), BudgetSpent> {
        let wait = self.reserve(who)?;
        if !wait.is_zero() {
            tracing::debug!(
                ms = wait.as_millis() as u64,
                ?who,
                "waiting for the Hub budget"
            );
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// Whether `who` could start something that needs `requests` tokens
    /// now without waiting past its limit, and if not, when. Takes
    /// nothing: a check asks before it starts, so a refusal comes before
    /// any half-done work.
    pub fn admits(&self, who: Priority, requests: u32) -> Result<(), BudgetSpent> {
        let mut level = self.level.lock().unwrap_or_else(|p| p.into_inner());
        self.refilled(&mut level);
        let (wait, max_wait) = self.wait_for(level.tokens, who, f64::from(requests));
        if wait > max_wait {
            return Err(self.spent(wait));
        }
        Ok(())
    }
}

/// A clock tests move by hand.
#[derive(Debug)]
pub struct ManualClock {
    elapsed: Mutex<Duration>,
    start: DateTime<Utc>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            elapsed: Mutex::new(Duration::ZERO),
            start,
        }
    }

    pub fn advance(&self, by: Duration) {
        let mut e = self.elapsed.lock().unwrap_or_else(|p| p.into_inner());
        *e += by;
    }
}

impl Clock for ManualClock {
    fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap_or_else(|p| p.into_inner())
    }
    fn wall(&self) -> DateTime<Utc> {
        let e = self.elapsed();
        self.start + chrono::Duration::from_std(e).unwrap_or_default()
    }
}

/// `*.hf.space` addresses resolved to their Space, so each is listed on
/// the Hub once per process: a found Space is kept, a miss for
/// [`SpaceCache::MISS_FOR`] (the team may create it in the meantime).
#[derive(Debug, Default)]
pub struct SpaceCache {
    known: Mutex<std::collections::HashMap<String, (Option<crate::hub::RepoId>, Instant)>>,
}

impl SpaceCache {
    pub const MISS_FOR: Duration = Duration::from_secs(300);
    /// Past this many subdomains, expired misses are dropped.
    const PRUNE_AT: usize = 10_000;

    /// `Some(answer)` when the subdomain was resolved lately.
    pub fn get(&self, subdomain: &str) -> Option<Option<crate::hub::RepoId>> {
        let known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        match known.get(subdomain)? {
            (Some(repo), _) => Some(Some(repo.clone())),
            (None, at) if at.elapsed() < Self::MISS_FOR => Some(None),
            (None, _) => None,
        }
    }

    pub fn put(&self, subdomain: &str, repo: Option<crate::hub::RepoId>) {
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        if known.len() >= Self::PRUNE_AT {
            known.retain(|_, (r, at)| r.is_some() || at.elapsed() < Self::MISS_FOR);
        }
        known.insert(subdomain.to_string(), (repo, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn limits() -> BucketLimits {
        BucketLimits {
            burst: 10.0,
            per_second: 1.0,
            reserve: 4.0,
            participant_wait: Duration::from_secs(2),
            organizer_wait: Duration::from_secs(30),
        }
    }

    fn bucket() -> (HubBudget, Arc<ManualClock>) {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        (HubBudget::with_clock(limits(), clock.clone()), clock)
    }

    #[test]
    fn participants_stop_at_the_reserve_and_organizers_do_not() {
        let (b, _clock) = bucket();
        // 10 tokens, 4 reserved: six participant requests go at once.
        for _ in 0..6 {
            assert_eq!(b.reserve(Priority::Participant), Ok(Duration::ZERO));
        }
        // The seventh waits one second for the refill, the eighth two.
        assert_eq!(b.reserve(Priority::Participant), Ok(Duration::from_secs(1)));
        assert_eq!(b.reserve(Priority::Participant), Ok(Duration::from_secs(2)));
        // The ninth would wait three seconds, past its two: refused, with
        // the time it may come back.
        let spent = b.reserve(Priority::Participant).unwrap_err();
        assert_eq!(
            spent.retry_at,
            Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 4).unwrap()
        );
        // Organizers still get the reserve, without waiting: 2 left.
        assert_eq!(b.reserve(Priority::Organizer), Ok(Duration::ZERO));
        assert_eq!(b.reserve(Priority::Organizer), Ok(Duration::ZERO));
        assert_eq!(b.reserve(Priority::Organizer), Ok(Duration::from_secs(1)));
        assert_eq!(b.taken(), 11);
    }

    #[test]
    fn the_bucket_refills_with_time_up_to_its_burst() {
        let (b, clock) = bucket();
        for _ in 0..6 {
            b.reserve(Priority::Participant).unwrap();
        }
        assert!(b.reserve(Priority::Participant).unwrap() > Duration::ZERO);
        // An hour later the bucket is full again, not fuller.
        clock.advance(Duration::from_secs(3600));
        for _ in 0..6 {
            assert_eq!(b.reserve(Priority::Participant), Ok(Duration::ZERO));
        }
        assert_eq!(b.reserve(Priority::Participant), Ok(Duration::from_secs(1)));
    }

    #[test]
    fn the_rate_over_a_long_run_is_the_refill_rate() {
        let (b, clock) = bucket();
        // Participants asking every 100 ms for 100 s get at most burst
        // minus reserve, the refill, and what the longest wait promises
        // ahead: 6 + 100 + 2.
        let mut granted = 0;
        for _ in 0..1000 {
            if b.reserve(Priority::Participant).is_ok() {
                granted += 1;
            }
            clock.advance(Duration::from_millis(100));
        }
        assert!(granted <= 6 + 100 + 2, "granted {granted}");
        assert!(granted >= 100, "granted {granted}");
    }

    #[test]
    fn a_check_is_admitted_only_when_its_requests_fit() {
        let (b, clock) = bucket();
        assert_eq!(b.admits(Priority::Participant, 6), Ok(()));
        // 8 needs 2 s of refill: within the wait.
        assert_eq!(b.admits(Priority::Participant, 8), Ok(()));
        let spent = b.admits(Priority::Participant, 9).unwrap_err();
        assert_eq!(
            spent.retry_at,
            Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 4).unwrap()
        );
        assert_eq!(b.admits(Priority::Organizer, 9), Ok(()));
        // Admitting takes nothing.
        assert_eq!(b.taken(), 0);
        for _ in 0..6 {
            b.reserve(Priority::Participant).unwrap();
        }
        assert!(b.admits(Priority::Participant, 6).is_err());
        clock.advance(Duration::from_secs(5));
        assert_eq!(b.admits(Priority::Participant, 6), Ok(()));
    }

    #[test]
    fn a_bucket_that_never_refills_refuses_instead_of_waiting_forever() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let clock = Arc::new(ManualClock::new(start));
        let b = HubBudget::with_clock(
            BucketLimits {
                per_second: 0.0,
                ..limits()
            },
            clock,
        );
        for _ in 0..6 {
            b.reserve(Priority::Participant).unwrap();
        }
        assert!(b.reserve(Priority::Participant).is_err());
    }
}
