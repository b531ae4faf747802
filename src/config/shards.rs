//! Which gateway shards this process runs (`DISCORD_SHARDS`), so a
//! deployment that outgrew one process runs several, each on its own range,
//! sharing one PostgreSQL database.

use std::fmt;
use std::str::FromStr;

/// Shards `first..=last` of `total`, written `first-last/total` (or
/// `id/total` for one shard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

/// Why a `DISCORD_SHARDS` value was refused; the message says what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("DISCORD_SHARDS={value:?} {why}; write first-last/total, e.g. 0-1/4 (shards 0 and 1 of 4) or 2/4 (shard 2 of 4)")]
pub struct ShardRangeError {
    pub value: String,
    pub why: &'static str,
}

impl ShardRange {
    /// How many shards the range holds.
    pub fn len(&self) -> u32 {
        self.last - self.first + 1
    }

    /// Never true (a range holds at least one shard); for clippy's sake.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `guild` is served by this range (Discord's rule:
    /// `(guild_id >> 22) % total`).
    pub fn holds_guild(&self, guild: u64) -> bool {
        let shard = (guild >> 22) % u64::from(self.total);
        (u64::from(self.first)..=u64::from(self.last)).contains(&shard)
    }
}

impl FromStr for ShardRange {
    type Err = ShardRangeError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let refuse = |why| ShardRangeError {
            value: value.to_string(),
            why,
        };
        let (range, total) = value
            .trim()
            .split_once('/')
            .ok_or_else(|| refuse("has no total"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| refuse("is not numbers"))
        };
        let total = number(total)?;
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let id = number(range)?;
                (id, id)
            }
        };
        if total == 0 {
            return Err(refuse("has a total of 0 shards"));
        }
        if first > last {
            return Err(refuse("starts after it ends"));
        }
        if last >= total {
            return Err(refuse("names a shard past the total (shards count from 0)"));
        }
        Ok(Self { first, last, total })
    }
}

impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}/{}", self.first, self.last, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_single_shards_parse() {
        let r: ShardRange = "0-1/4".parse().unwrap();
        assert_eq!((r.first, r.last, r.total, r.len()), (0, 1, 4, 2));
        let r: ShardRange = " 2/4 ".parse().unwrap();
        assert_eq!((r.first, r.last, r.total), (2, 2, 4));
        assert_eq!(r.to_string(), "2-2/4");
    }

    #[test]
    fn bad_values_say_what_to_write() {
        for (value, why) in [
            ("0-1", "no total"),
            ("a-b/4", "not numbers"),
            ("0/0", "total of 0"),
            ("3-1/4", "starts after"),
            ("0-4/4", "past the total"),
            ("-1/2", "not numbers"),
        ] {
            let e = value.parse::<ShardRange>().unwrap_err().to_string();
            assert!(e.contains(why), "{value}: {e}");
            assert!(e.contains("first-last/total"), "{e}");
        }
    }

    #[test]
    fn guilds_belong_to_the_shard_discord_routes_them_to() {
        let first: ShardRange = "0/2".parse().unwrap();
        let second: ShardRange = "1/2".parse().unwrap();
        let guild = 1u64 << 22;
        assert!(second.holds_guild(guild) && !first.holds_guild(guild));
        assert!(first.holds_guild(2000) && !second.holds_guild(2000));
    }
}
