//! Paged listings (`/team list`, `/lft list`, `/tickets queue`). Pages are
//! built by size: a page holds the lines that fit in one Discord message
//! (2,000 characters with its title, at most [`PAGE_SIZE`] lines), a line's
//! long fields are shortened inside it, and the page count is true, so no
//! row is ever cut off the end. A page past the end becomes the last one,
//! since a page button may outlive the rows it showed.

use std::future::Future;

use crate::i18n::{I18n, Lang};
use crate::store::StoreError;

use crate::render::markup::MAX_CONTENT;

/// At most this many lines per page, however short.
pub const PAGE_SIZE: u32 = 10;
/// The longest a listing line may be; longer fields are shortened.
pub const MAX_LINE: usize = 300;
/// Room kept for the title line of a page.
const TITLE_ROOM: usize = 200;
/// How many rows a listing reads at most (more than Discord's 250 roles or
/// the event's teams will ever reach).
pub const MAX_ROWS: u32 = 5_000;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 0-based, clamped to the last page.
    pub page: u32,
    pub pages: u32,
}

impl Page<String> {
    /// Reads every row with `fetch(offset, limit) -> (rows, total)`, renders
    /// each as one line, and returns page `page` of those lines.
    pub async fn of_rows<T, F, Fut>(
        page: u32,
        fetch: F,
        render: impl Fn(&T) -> String,
    ) -> Result<Self, StoreError>
    where
        F: FnOnce(u32, u32) -> Fut,
        Fut: Future<Output = Result<(Vec<T>, u64), StoreError>>,
    {
        let (rows, _) = fetch(0, MAX_ROWS).await?;
        Ok(Self::of_lines(rows.iter().map(render).collect(), page))
    }

    /// Splits `lines` into pages that each fit one message with the title.
    pub fn of_lines(lines: Vec<String>, page: u32) -> Self {
        let budget = MAX_CONTENT - TITLE_ROOM;
        let mut pages: Vec<Vec<String>> = vec![Vec::new()];
        let mut used = 0;
        for line in lines.iter().map(|l| shorten(l, MAX_LINE)) {
            let size = line.chars().count() + 1;
            let current = pages.last_mut().expect("one page at least");
            if !current.is_empty() && (used + size > budget || current.len() >= PAGE_SIZE as usize)
            {
                pages.push(Vec::new());
                used = 0;
            }
            used += size;
            pages.last_mut().expect("one page at least").push(line);
        }
        let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
        let clamped = page.min(count - 1);
        Page {
            items: pages.swap_remove(clamped as usize),
            total: lines.len() as u64,
            page: clamped,
            pages: count,
        }
    }
}

impl<T> Page<T> {
    /// The listing's title line: message `id` with `total`, `page` (1-based)
    /// and `pages`.
    pub fn title(&self, i18n: &I18n, lang: Lang, id: &str) -> String {
        i18n.get_args(
            lang,
            id,
            &[
                (
                    "total",
                    i64::try_from(self.total).unwrap_or(i64::MAX).into(),
                ),
                ("page", i64::from(self.page + 1).into()),
                ("pages", i64::from(self.pages).into()),
            ],
        )
    }
}

/// `text` cut to `max` characters, ending in `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A line rendered from `fields`, its longest fields shortened (inside the
/// line, so the markup around them stays whole) until it fits [`MAX_LINE`].
pub fn line_within(mut fields: Vec<String>, render: impl Fn(&[String]) -> String) -> String {
    for _ in 0..8 {
        let line = render(&fields);
        let excess = line.chars().count().saturating_sub(MAX_LINE);
        if excess == 0 {
            return line;
        }
        let Some(longest) = (0..fields.len()).max_by_key(|i| fields[*i].chars().count()) else {
            return line;
        };
        let len = fields[longest].chars().count();
        if len <= 1 {
            return line;
        }
        fields[longest] = shorten(&fields[longest], len.saturating_sub(excess).max(1));
    }
    render(&fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize, len: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{i:03}{}", "x".repeat(len - 3)))
            .collect()
    }

    #[test]
    fn short_lines_make_pages_of_ten() {
        let p = Page::of_lines(lines(25, 20), 0);
        assert_eq!((p.page, p.pages, p.total, p.items.len()), (0, 3, 25, 10));
    }

    #[test]
    fn long_lines_make_more_pages_and_every_line_is_on_one() {
        let all = lines(10, 250);
        let pages = Page::of_lines(all.clone(), 0).pages;
        assert!(pages >= 2);
        let mut seen = Vec::new();
        for page in 0..pages {
            let p = Page::of_lines(all.clone(), page);
            let size: usize = p.items.iter().map(|l| l.chars().count() + 1).sum();
            assert!(size <= MAX_CONTENT - TITLE_ROOM, "page {page}: {size}");
            seen.extend(p.items);
        }
        assert_eq!(seen, all);
    }

    #[test]
    fn a_page_past_the_end_becomes_the_last_page() {
        let p = Page::of_lines(lines(25, 20), 7);
        assert_eq!((p.page, p.pages), (2, 3));
        assert_eq!(p.items.len(), 5);
    }

    #[test]
    fn an_empty_listing_has_one_empty_page() {
        let p = Page::of_lines(Vec::new(), 3);
        assert_eq!((p.page, p.pages, p.items.len()), (0, 1, 0));
    }

    #[test]
    fn a_long_field_is_shortened_inside_its_line() {
        let line = line_within(vec!["Name".into(), "t".repeat(400)], |f| {
            format!("**{}** — {} — 1/5", f[0], f[1])
        });
        assert_eq!(line.chars().count(), MAX_LINE);
        assert!(
            line.starts_with("**Name** — ttt") && line.ends_with("… — 1/5"),
            "{line}"
        );
    }
}
