//! Discord's message markup and limits, as plain strings.

/// Discord's limit for a message's content.
pub const MAX_CONTENT: usize = 2000;

/// Cuts text to Discord's limit on a character boundary, marking the cut.
pub fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_CONTENT {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_CONTENT - 1).collect();
    out.push('…');
    out
}

/// Packs lines into as few messages as fit Discord's limit, breaking only
/// between lines (a single overlong line is cut by [`fit`]). Long lists such
/// as the organizers' help go out as several messages instead of losing
/// their end.
pub fn pack_lines(lines: &[String]) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let mut page = String::new();
    for line in lines {
        let line = fit(line);
        let needed = page.chars().count() + usize::from(!page.is_empty()) + line.chars().count();
        if !page.is_empty() && needed > MAX_CONTENT {
            pages.push(std::mem::take(&mut page));
        }
        if !page.is_empty() {
            page.push('\n');
        }
        page.push_str(&line);
    }
    if !page.trim().is_empty() {
        pages.push(page);
    }
    pages
}

/// Renders a time as Discord timestamps: absolute (`F`) and relative (`R`),
/// which every client shows in its own time zone.
pub fn timestamps(at: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let unix = at.timestamp();
    (format!("<t:{unix}:F>"), format!("<t:{unix}:R>"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn long_text_is_cut_to_the_limit() {
        let long = "ñ".repeat(3000);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CONTENT);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn times_become_discord_timestamps() {
        let at = chrono::Utc
            .with_ymd_and_hms(2024, 3, 25, 11, 59, 0)
            .unwrap();
        assert_eq!(
            timestamps(at),
            (
                "<t:1711367940:F>".to_string(),
                "<t:1711367940:R>".to_string()
            )
        );
    }
}
