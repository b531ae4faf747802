//! Paged listings (`/team list`, `/lft list`): one page at a time, clamped
//! to the last page, since a page button may outlive the rows it showed.

use std::future::Future;

use crate::i18n::{I18n, Lang};
use crate::store::StoreError;

/// Rows per page.
pub const PAGE_SIZE: u32 = 10;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// 0-based, clamped to the last page.
    pub page: u32,
    pub pages: u32,
}

impl<T> Page<T> {
    /// Fetches page `page` with `fetch(offset, limit) -> (rows, total)`;
    /// a page past the end becomes the last one.
    pub async fn fetch<F, Fut>(page: u32, mut fetch: F) -> Result<Self, StoreError>
    where
        F: FnMut(u32, u32) -> Fut,
        Fut: Future<Output = Result<(Vec<T>, u64), StoreError>>,
    {
        let (mut items, total) = fetch(page.saturating_mul(PAGE_SIZE), PAGE_SIZE).await?;
        let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1);
        let clamped = page.min(pages - 1);
        if items.is_empty() && total > 0 && clamped != page {
            items = fetch(clamped * PAGE_SIZE, PAGE_SIZE).await?.0;
        }
        Ok(Page {
            items,
            total,
            page: clamped,
            pages,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    async fn rows(total: u64, offset: u32, limit: u32) -> Result<(Vec<u64>, u64), StoreError> {
        let end = (u64::from(offset) + u64::from(limit)).min(total);
        Ok(((u64::from(offset)..end).collect(), total))
    }

    #[tokio::test]
    async fn a_page_past_the_end_becomes_the_last_page() {
        let p = Page::fetch(7, |o, l| rows(25, o, l)).await.expect("page");
        assert_eq!((p.page, p.pages, p.total), (2, 3, 25));
        assert_eq!(p.items, (20..25).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_empty_listing_has_one_empty_page() {
        let p = Page::fetch(3, |o, l| rows(0, o, l)).await.expect("page");
        assert_eq!((p.page, p.pages, p.items.len()), (0, 1, 0));
    }
}
