//! A judge's score for one criteria group, read from what they typed.
//!
//! Scores are kept in half points (an integer), so 2.5 is 5 and sums and
//! comparisons are exact.

/// Why a typed score is refused; each maps to a localized message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("{value} is outside 0-{max}")]
    OutOfRange { value: String, max: f64 },
    #[error("{0} is not a whole or half point")]
    NotHalf(String),
}

/// Half points in `points` (4 → 8). The config guarantees multiples of 0.5.
pub fn halves(points: f64) -> u32 {
    (points * 2.0).round().max(0.0) as u32
}

/// Points from half points (5 → 2.5).
pub fn points(halves: u32) -> f64 {
    f64::from(halves) / 2.0
}

/// Reads "2.5", "2,5" (Spanish decimal comma), "3" or " 0.5 " as half points,
/// refusing anything outside `0..=max_points` or between halves.
pub fn parse_score(text: &str, max_points: f64) -> Result<u32, ScoreError> {
    let cleaned = text.trim().replace(',', ".");
    let value: f64 = cleaned
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| ScoreError::NotANumber(text.trim().chars().take(20).collect()))?;
    if value < 0.0 || value > max_points {
        return Err(ScoreError::OutOfRange {
            value: cleaned,
            max: max_points,
        });
    }
    let doubled = value * 2.0;
    if (doubled - doubled.round()).abs() > 1e-9 {
        return Err(ScoreError::NotHalf(cleaned));
    }
    Ok(doubled.round() as u32)
}

/// Renders half points the way a judge typed them: "2.5", "3".
pub fn show(halves: u32) -> String {
    if halves % 2 == 0 {
        (halves / 2).to_string()
    } else {
        format!("{}.5", halves / 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_commas_and_bounds() {
        assert_eq!(parse_score("2.5", 4.0), Ok(5));
        assert_eq!(parse_score(" 2,5 ", 4.0), Ok(5));
        assert_eq!(parse_score("4", 4.0), Ok(8));
        assert_eq!(parse_score("0", 1.0), Ok(0));
        assert!(matches!(
            parse_score("4.5", 4.0),
            Err(ScoreError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_score("-0.5", 4.0),
            Err(ScoreError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_score("2.25", 4.0),
            Err(ScoreError::NotHalf(_))
        ));
        assert!(matches!(
            parse_score("tres", 4.0),
            Err(ScoreError::NotANumber(_))
        ));
        assert!(matches!(
            parse_score("NaN", 4.0),
            Err(ScoreError::NotANumber(_))
        ));
        assert!(matches!(
            parse_score("inf", 4.0),
            Err(ScoreError::NotANumber(_))
        ));
        assert_eq!(show(5), "2.5");
        assert_eq!(show(6), "3");
    }
}
