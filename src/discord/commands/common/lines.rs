//! Lines of text that more than one command shows.

use chrono::{DateTime, Utc};

use crate::i18n::{I18n, Lang};
use crate::render::markup::timestamps;
use crate::store::FailedAttempt;

/// "Last checked at …; the latest attempt failed", for a verdict kept
/// through a failed attempt.
pub fn attempt_failed_line(
    i18n: &I18n,
    lang: Lang,
    checked_at: DateTime<Utc>,
    failed: &FailedAttempt,
) -> String {
    let (when, relative) = timestamps(checked_at);
    i18n.get_args(
        lang,
        "submission-attempt-failed",
        &[
            ("when", when.into()),
            ("relative", relative.into()),
            ("attempt", timestamps(failed.at).1.into()),
        ],
    )
}
