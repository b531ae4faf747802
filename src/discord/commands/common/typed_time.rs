//! Times typed by organizers. A time always names its zone (`AoE`, `UTC`,
//! or an offset), so nothing is guessed from the server's clock.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone, Utc};

/// "Anywhere on Earth": UTC−12, the last place where a date is still today.
pub fn aoe() -> FixedOffset {
    // −12 h is within ±24 h, so this always exists.
    FixedOffset::west_opt(12 * 3600).unwrap_or_else(|| Utc.fix())
}

/// What is wrong with a typed time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("not a date and time with a zone")]
    Unreadable,
    #[error("not a list of durations")]
    BadOffsets,
}

/// Reads `2024-03-24T23:59:00-12:00`, or `2024-03-24 23:59` followed by
/// `AoE`, `UTC`/`Z` or an offset such as `+01:00`.
pub fn parse_when(input: &str) -> Result<DateTime<Utc>, TimeError> {
    let s = input.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let (local, zone) = s.rsplit_once(' ').ok_or(TimeError::Unreadable)?;
    let local = local.trim().replace('T', " ");
    let naive = NaiveDateTime::parse_from_str(&local, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&local, "%Y-%m-%d %H:%M:%S"))
        .map_err(|_| TimeError::Unreadable)?;
    let offset = match zone.trim().to_ascii_lowercase().as_str() {
        "aoe" => aoe(),
        "utc" | "z" | "gmt" => Utc.fix(),
        other => {
            let probe = format!("2000-01-01T00:00:00{other}");
            *DateTime::parse_from_rfc3339(&probe)
                .map_err(|_| TimeError::Unreadable)?
                .offset()
        }
    };
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(TimeError::Unreadable)
}

/// Reads reminder offsets: `7d, 1d, 1h 30m`.
pub fn parse_offsets(input: &str) -> Result<Vec<Duration>, TimeError> {
    let mut out = Vec::new();
    for part in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        out.push(humantime::parse_duration(part).map_err(|_| TimeError::BadOffsets)?);
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn one_minute_to_midnight_anywhere_on_earth_is_noon_utc_the_next_day() {
        let expected = utc("2024-03-25T11:59:00Z");
        assert_eq!(parse_when("2024-03-24 23:59 AoE"), Ok(expected));
        assert_eq!(parse_when("2024-03-24T23:59:00-12:00"), Ok(expected));
        assert_eq!(parse_when("2024-03-24 23:59 -12:00"), Ok(expected));
        assert_eq!(parse_when("2024-03-25 11:59 UTC"), Ok(expected));
    }

    #[test]
    fn a_time_without_a_zone_is_refused() {
        assert_eq!(parse_when("2024-03-24 23:59"), Err(TimeError::Unreadable));
        assert_eq!(parse_when("mañana"), Err(TimeError::Unreadable));
    }

    #[test]
    fn offsets_are_read_longest_first() {
        assert_eq!(
            parse_offsets("1h, 7d,1d"),
            Ok(vec![
                Duration::from_secs(7 * 86400),
                Duration::from_secs(86400),
                Duration::from_secs(3600)
            ])
        );
        assert_eq!(parse_offsets("soon"), Err(TimeError::BadOffsets));
    }
}
