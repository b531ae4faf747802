//! Help tickets: the rules, apart from Discord. Whether a title says enough
//! to be answered, which FAQ entry a question matches, which language a post
//! is written in, who to ping, and the first-response statistics.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::config::{FaqEntry, MentorSkill};
use crate::hub::card::{contains_phrase, normalize};
use crate::i18n::Lang;
use crate::store::{Store, StoreError, Ticket};

/// Shortest title, in characters, that can describe a problem.
pub const TITLE_MIN_CHARS: usize = 15;
/// Discord's limit for a thread name.
pub const TITLE_MAX_CHARS: usize = 100;

/// Words that say "I need help" without saying with what: a title made only
/// of these (and small words) is vague.
const VAGUE_WORDS: &[&str] = &[
    "help",
    "ayuda",
    "error",
    "errores",
    "duda",
    "dudas",
    "problema",
    "problemas",
    "problem",
    "problems",
    "issue",
    "pregunta",
    "question",
    "urgente",
    "urgent",
    "please",
    "pls",
    "porfa",
    "favor",
    "hola",
    "hi",
    "hello",
    "buenas",
    "consulta",
    "necesito",
    "need",
    "i",
    "me",
    "por",
    "una",
    "un",
    "a",
    "an",
    "with",
    "con",
    "tengo",
    "have",
    "some",
    "alguna",
    "algo",
    "bug",
    "ayudame",
    "ayudenme",
    "socorro",
    "sos",
    "q",
    "que",
    "no",
    "funciona",
    "works",
    "work",
    "doesn",
    "t",
    "it",
    "esto",
    "this",
];

/// Why a ticket title was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TitleProblem {
    #[error("the title is too short")]
    TooShort,
    #[error("the title is too long")]
    TooLong,
    /// Only "help", "error", "duda"…: nothing says what the problem is.
    #[error("the title only asks for help")]
    Vague,
}

impl TitleProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            TitleProblem::TooShort => "ticket-title-short",
            TitleProblem::TooLong => "ticket-title-long",
            TitleProblem::Vague => "ticket-title-vague",
        }
    }
}

/// Checks that a title can tell a mentor what the problem is.
pub fn check_title(title: &str) -> Result<(), TitleProblem> {
    let title = title.trim();
    let chars = title.chars().count();
    if chars > TITLE_MAX_CHARS {
        return Err(TitleProblem::TooLong);
    }
    let words = normalize(title);
    let meaningful = words
        .split(' ')
        .filter(|w| !w.is_empty() && !VAGUE_WORDS.contains(w))
        .count();
    if meaningful == 0 {
        return Err(TitleProblem::Vague);
    }
    if chars < TITLE_MIN_CHARS {
        return Err(TitleProblem::TooShort);
    }
    Ok(())
}

/// Small words of each language, to tell which one a post is written in.
const SPANISH: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "en", "y", "un", "una", "por", "para", "con",
    "no", "mi", "es", "como", "puedo", "tengo", "pero", "se", "al", "lo", "hay", "donde", "cuando",
    "cual", "mis", "nuestro", "equipo", "ayuda", "duda", "hacer", "si",
];
const ENGLISH: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "is", "my", "i", "can", "how", "what", "with",
    "for", "it", "on", "do", "does", "we", "our", "team", "help", "when", "where", "which", "have",
    "not", "this", "if",
];

/// Who the author rates for a resolution: the mentor who claimed the
/// ticket, else who answered it first; `None` when nobody but the author
/// helped (nobody rates their own help).
pub fn helper_to_rate(ticket: &Ticket) -> Option<u64> {
    ticket
        .claimed_by
        .or(ticket.first_responder_id)
        .filter(|m| *m != ticket.author_id)
}

/// The language a text is written in, or `fallback` when it cannot tell.
pub fn detect_language(text: &str, fallback: Lang) -> Lang {
    let mut es = text
        .chars()
        .filter(|c| matches!(c, 'ñ' | 'Ñ' | '¿' | '¡' | 'á' | 'é' | 'í' | 'ó' | 'ú'))
        .count()
        * 2;
    let mut en = 0;
    for word in normalize(text).split(' ') {
        if SPANISH.contains(&word) {
            es += 1;
        }
        if ENGLISH.contains(&word) {
            en += 1;
        }
    }
    match es.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Es,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => fallback,
    }
}

/// The FAQ entry whose keywords best match `text` (whole words, without
/// case or accents); the first entry wins a tie, and nothing matches
/// without at least one keyword.
pub fn match_faq<'a>(faq: &'a [FaqEntry], text: &str) -> Option<&'a FaqEntry> {
    let text = normalize(text);
    let mut best: Option<(&FaqEntry, usize)> = None;
    for entry in faq {
        let score = entry
            .keywords
            .iter()
            .map(|k| normalize(k))
            .filter(|k| contains_phrase(&text, k))
            // A phrase of several words says more than one word.
            .map(|k| k.split(' ').count())
            .sum::<usize>();
        let better = match best {
            Some((_, s)) => score > s,
            None => true,
        };
        if score > 0 && better {
            best = Some((entry, score));
        }
    }
    best.map(|(entry, _)| entry)
}

/// The mentors to ping first: those whose skills name one of the post's
/// tags (by name, without case). Returns (the tags of the skills with a
/// role — its id is stored under that skill's key — and user ids).
pub fn matching_mentors(skills: &[MentorSkill], tags: &[String]) -> (Vec<String>, Vec<u64>) {
    let mut roles = Vec::new();
    let mut users = Vec::new();
    for skill in skills {
        if !tags
            .iter()
            .any(|t| t.trim().eq_ignore_ascii_case(skill.tag.trim()))
        {
            continue;
        }
        if skill.role.is_some() && !roles.contains(&skill.tag) {
            roles.push(skill.tag.clone());
        }
        for user in &skill.users {
            if !users.contains(user) {
                users.push(*user);
            }
        }
    }
    (roles, users)
}

/// The tags a post should carry: `first` (the event tag and one status
/// tag, those that exist) then the author's own tags, at most five as
/// Discord allows; the other `status_tags` are dropped.
pub fn tags_with_status<T: Copy + PartialEq>(
    current: &[T],
    first: &[T],
    status_tags: &[T],
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for tag in first {
        if !out.contains(tag) {
            out.push(*tag);
        }
    }
    for tag in current {
        if out.len() >= 5 {
            break;
        }
        if !out.contains(tag) && !status_tags.contains(tag) {
            out.push(*tag);
        }
    }
    out.truncate(5);
    out
}

/// The value at `p` (0–100) of sorted values, by the nearest-rank method.
pub fn percentile(sorted: &[Duration], p: u32) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (u64::from(p.min(100)) * sorted.len() as u64).div_ceil(100);
    let index = usize::try_from(rank.max(1) - 1).unwrap_or(0);
    sorted.get(index.min(sorted.len() - 1)).copied()
}

/// The median of sorted values (the mean of the two middle ones).
pub fn median(sorted: &[Duration]) -> Option<Duration> {
    let n = sorted.len();
    match n {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// What one mentor did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentorStats {
    /// Tickets this mentor answered first.
    pub first_answers: u32,
    pub claims: u32,
    /// Resolved tickets this mentor had claimed.
    pub resolved: u32,
    /// Ratings the authors gave this mentor's help: how many, their sum.
    pub ratings: u32,
    pub rating_sum: u32,
}

impl MentorStats {
    /// The mean rating of this mentor's help, if rated.
    pub fn rating_mean(&self) -> Option<f64> {
        (self.ratings > 0).then(|| f64::from(self.rating_sum) / f64::from(self.ratings))
    }
}

/// The help desk's numbers over every ticket that has a post.
pub async fn desk_stats(store: &Store, event_id: &str) -> Result<TicketStats, StoreError> {
    let tickets: Vec<Ticket> = store
        .tickets(event_id)
        .await?
        .into_iter()
        .filter(|t| t.thread_id.is_some())
        .collect();
    Ok(TicketStats::from_tickets(&tickets))
}

/// The help desk's numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketStats {
    pub total: u32,
    pub open: u32,
    pub claimed: u32,
    pub resolved: u32,
    pub answered: u32,
    pub unanswered: u32,
    pub median_first_answer: Option<Duration>,
    pub p90_first_answer: Option<Duration>,
    /// By mentor id.
    pub mentors: BTreeMap<u64, MentorStats>,
    /// Count of ratings 1..=5 (index 0 is a rating of 1).
    pub ratings: [u32; 5],
}

impl TicketStats {
    /// Computes the numbers from every ticket of the event (deleted posts
    /// are left out: no one could answer them).
    pub fn from_tickets(tickets: &[Ticket]) -> Self {
        use crate::store::TicketStatus;
        let mut stats = TicketStats::default();
        let mut waits = Vec::new();
        for t in tickets.iter().filter(|t| t.deleted_at.is_none()) {
            stats.total += 1;
            match t.status {
                TicketStatus::Open => stats.open += 1,
                TicketStatus::Claimed => stats.claimed += 1,
                TicketStatus::Resolved => stats.resolved += 1,
            }
            match (t.first_response_at, t.first_responder_id) {
                (Some(at), responder) => {
                    stats.answered += 1;
                    waits.push((at - t.created_at).max(Duration::zero()));
                    if let Some(m) = responder {
                        stats.mentors.entry(m).or_default().first_answers += 1;
                    }
                }
                (None, _) => stats.unanswered += 1,
            }
            if let Some(m) = t.claimed_by {
                let entry = stats.mentors.entry(m).or_default();
                entry.claims += 1;
                if t.status == TicketStatus::Resolved {
                    entry.resolved += 1;
                }
            }
            if let Some(r) = t.rating.filter(|r| (1..=5).contains(r)) {
                stats.ratings[usize::from(r - 1)] += 1;
                if let Some(m) = t.rated_mentor_id {
                    let entry = stats.mentors.entry(m).or_default();
                    entry.ratings += 1;
                    entry.rating_sum += u32::from(r);
                }
            }
        }
        waits.sort();
        stats.median_first_answer = median(&waits);
        stats.p90_first_answer = percentile(&waits, 90);
        stats
    }

    pub fn rating_count(&self) -> u32 {
        self.ratings.iter().sum()
    }

    /// The mean rating, if anyone rated.
    pub fn rating_mean(&self) -> Option<f64> {
        let n = self.rating_count();
        (n > 0).then(|| {
            let sum: u32 = self
                .ratings
                .iter()
                .enumerate()
                .map(|(i, c)| (i as u32 + 1) * c)
                .sum();
            f64::from(sum) / f64::from(n)
        })
    }
}

/// A duration as people say it: `3 h 05 min`, `12 min`, `40 s`.
pub fn human_duration(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    let (days, hours, minutes) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes:02} min")
    } else if minutes > 0 {
        format!("{minutes} min")
    } else {
        format!("{secs} s")
    }
}

/// When an unanswered ticket's pings are due: matching mentors, then all.
pub fn ping_times(
    created: DateTime<Utc>,
    first_after_minutes: u32,
    all_after_minutes: u32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = created + Duration::minutes(i64::from(first_after_minutes));
    let all = created + Duration::minutes(i64::from(all_after_minutes.max(first_after_minutes)));
    (first, all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Localized;

    fn faq(id: &str, keywords: &[&str]) -> FaqEntry {
        FaqEntry {
            id: id.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            question: Localized {
                es: "q".into(),
                en: "q".into(),
            },
            answer: Localized {
                es: "a".into(),
                en: "a".into(),
            },
        }
    }

    #[test]
    fn a_title_that_only_asks_for_help_is_vague() {
        for title in [
            "help",
            "Ayuda!!",
            "ERROR",
            "duda",
            "¿Duda?",
            "ayuda con un error",
            "Help please",
        ] {
            assert_eq!(check_title(title), Err(TitleProblem::Vague), "{title}");
        }
    }

    #[test]
    fn a_short_title_is_refused_and_a_descriptive_one_accepted() {
        assert_eq!(check_title("CUDA OOM"), Err(TitleProblem::TooShort));
        assert_eq!(check_title("   tokenizer  "), Err(TitleProblem::TooShort));
        assert_eq!(check_title(&"x".repeat(101)), Err(TitleProblem::TooLong));
        assert_eq!(
            check_title("Error CUDA out of memory al entrenar Llama 7B"),
            Ok(())
        );
        assert_eq!(check_title("Cómo subo mi dataset al Hub"), Ok(()));
    }

    #[test]
    fn the_language_of_a_post_is_told_by_its_small_words() {
        assert_eq!(
            detect_language("¿Cómo encuentro un equipo para el hackathon?", Lang::En),
            Lang::Es
        );
        assert_eq!(
            detect_language("How do I find a team for the hackathon?", Lang::Es),
            Lang::En
        );
        assert_eq!(detect_language("CUDA OOM", Lang::Es), Lang::Es, "fallback");
    }

    #[test]
    fn the_best_faq_entry_wins_and_whole_words_only() {
        let entries = [
            faq("level", &["nivel", "level", "beginner"]),
            faq("find-team", &["buscar equipo", "find a team"]),
        ];
        assert_eq!(
            match_faq(&entries, "How do I FIND a team?").map(|e| e.id.as_str()),
            Some("find-team")
        );
        assert_eq!(
            match_faq(&entries, "¿Qué nivel necesito?").map(|e| e.id.as_str()),
            Some("level")
        );
        assert!(match_faq(&entries, "levels of noise in audio").is_none());
        assert!(match_faq(&entries, "CUDA out of memory").is_none());
    }

    #[test]
    fn skills_pick_mentors_by_tag_name() {
        let skills = vec![
            MentorSkill {
                tag: "Datasets".into(),
                role: Some("Mentor datos".into()),
                users: vec![],
            },
            MentorSkill {
                tag: "GPU".into(),
                role: None,
                users: vec![7, 8],
            },
        ];
        let (roles, users) = matching_mentors(&skills, &["gpu".into(), "hackathon".into()]);
        assert!(roles.is_empty());
        assert_eq!(users, vec![7, 8]);
        let (roles, _) = matching_mentors(&skills, &["datasets".into()]);
        assert_eq!(roles, vec!["Datasets".to_string()]);
    }

    #[test]
    fn status_tags_replace_each_other_and_five_is_the_limit() {
        let tags = tags_with_status(&[9, 1, 2, 3, 4, 5], &[100, 2], &[1, 2, 3]);
        assert_eq!(tags, vec![100, 2, 9, 4, 5]);
        assert_eq!(tags_with_status(&[], &[100, 1], &[1, 2, 3]), vec![100, 1]);
        assert_eq!(tags_with_status(&[7, 1], &[3], &[1, 2, 3]), vec![3, 7]);
    }

    #[test]
    fn median_and_p90_by_nearest_rank() {
        let minutes: Vec<Duration> = (1..=10).map(Duration::minutes).collect();
        assert_eq!(median(&minutes), Some(Duration::seconds(330)));
        assert_eq!(percentile(&minutes, 90), Some(Duration::minutes(9)));
        assert_eq!(percentile(&minutes, 100), Some(Duration::minutes(10)));
        assert_eq!(median(&minutes[..3]), Some(Duration::minutes(2)));
        assert_eq!(median(&[]), None);
        assert_eq!(percentile(&[], 90), None);
    }

    #[test]
    fn durations_read_like_people_say_them() {
        assert_eq!(human_duration(Duration::seconds(40)), "40 s");
        assert_eq!(human_duration(Duration::minutes(12)), "12 min");
        assert_eq!(human_duration(Duration::minutes(185)), "3 h 05 min");
        assert_eq!(human_duration(Duration::hours(50)), "2 d 2 h");
    }
}
