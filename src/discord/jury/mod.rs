//! Discord glue of the jury: refusals in the judge's language, the
//! buttons and forms of a packet, the assignment's confirmation. The rules
//! live in `domain::jury`.

use crate::discord::BotError;
use crate::domain::jury::judging::{JudgingError, MAX_COMMENT, MAX_REASON};
use crate::domain::jury::scoring::ScoreError;
use crate::render::markup::timestamps;

/// A judging refusal as a localized answer; store failures stay internal.
pub fn judging_error(e: JudgingError) -> BotError {
    let (id, args): (&'static str, Vec<(&'static str, String)>) = match &e {
        JudgingError::Store(_) => return BotError::Internal(anyhow::Error::new(e)),
        JudgingError::NoJury => ("jury-none", vec![]),
        JudgingError::NoTeam => ("jury-no-team", vec![]),
        JudgingError::NotSubmitted => ("jury-not-submitted", vec![]),
        JudgingError::BadReason => ("jury-bad-reason", vec![("max", MAX_REASON.to_string())]),
        JudgingError::TooLong => ("jury-too-long", vec![("max", MAX_COMMENT.to_string())]),
        JudgingError::NotAssigned => ("jury-not-assigned", vec![]),
        JudgingError::NoGroup => ("jury-no-group", vec![]),
        JudgingError::Closed(at) => ("jury-closed", vec![("when", timestamps(*at).0)]),
        JudgingError::Score(ScoreError::NotANumber(v)) => {
            ("jury-score-not-number", vec![("value", v.clone())])
        }
        JudgingError::Score(ScoreError::OutOfRange { value, max }) => (
            "jury-score-out-of-range",
            vec![("value", value.clone()), ("max", max.to_string())],
        ),
        JudgingError::Score(ScoreError::NotHalf(v)) => {
            ("jury-score-not-half", vec![("value", v.clone())])
        }
    };
    BotError::user_with(id, args)
}
