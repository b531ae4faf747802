//! How the GPU pool reads in Discord: the live board (one message, edited
//! by the scheduler's board job), the pages of `/gpu queue`, and the lines
//! both are made of. Times are Discord timestamps, so everyone reads their
//! own time zone.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::markup::{timestamps, MAX_CONTENT};
use crate::chart::{spans_chart_png, ChartError, Span};
use crate::config::GpuKind;
use crate::domain::gpu::{GpuBoard, MachineView, QueueEntry, UsageSpan};
use crate::i18n::{I18n, Lang};
use crate::store::GpuResourceStatus;

/// Room kept under Discord's limit for a page footer.
const PAGE_ROOM: usize = MAX_CONTENT - 100;

pub fn kind_name(i18n: &I18n, lang: Lang, kind: GpuKind) -> String {
    i18n.get(lang, &format!("gpu-kind-{}", kind.as_str()))
}

/// `🟢 vm-1 — A10G 24 GB — free`, or who holds it until when.
pub fn machine_line(i18n: &I18n, lang: Lang, m: &MachineView) -> String {
    let r = &m.resource;
    let description = r
        .description
        .as_deref()
        .map(|d| format!(" — {d}"))
        .unwrap_or_default();
    let state = match (&m.lease, r.status) {
        (Some((lease, team)), _) => {
            let (when, relative) = timestamps(lease.ends_at);
            format!(
                "🔴 {}",
                i18n.get_args(
                    lang,
                    "gpu-machine-leased",
                    &[
                        ("team", team.clone().into()),
                        ("until", when.into()),
                        ("relative", relative.into()),
                    ],
                )
            )
        }
        (None, GpuResourceStatus::Available) => {
            format!("🟢 {}", i18n.get(lang, "gpu-machine-free"))
        }
        (None, GpuResourceStatus::OutOfService) => {
            format!("🛠️ {}", i18n.get(lang, "gpu-machine-out-of-service"))
        }
        (None, GpuResourceStatus::Retired) => {
            format!("⚫ {}", i18n.get(lang, "gpu-machine-retired"))
        }
    };
    format!("`{}`{description} — {state}", r.name)
}

/// `3. Team — 24 h — start ≈ <t:…:R>`.
pub fn queue_line(i18n: &I18n, lang: Lang, e: &QueueEntry, now: DateTime<Utc>) -> String {
    let start = match e.expected_start {
        Some(t) if t <= now => i18n.get(lang, "gpu-start-now"),
        Some(t) => i18n.get_args(
            lang,
            "gpu-start-at",
            &[("relative", timestamps(t).1.into())],
        ),
        None => i18n.get(lang, "gpu-start-unknown"),
    };
    format!(
        "{}. **{}** — {} h — {start}",
        e.position, e.team, e.request.hours
    )
}

/// The lines of the board: machines, then each kind's line, at most
/// `per_kind` entries of each (the rest counted).
fn lines(
    i18n: &I18n,
    lang: Lang,
    board: &GpuBoard,
    now: DateTime<Utc>,
    per_kind: usize,
) -> Vec<String> {
    let mut out = vec![i18n.get(lang, "gpu-board-machines")];
    if board.machines.is_empty() {
        out.push(i18n.get(lang, "gpu-board-no-machines"));
    }
    out.extend(board.machines.iter().map(|m| machine_line(i18n, lang, m)));
    for (kind, queue) in &board.queues {
        if queue.is_empty() && !board.machines.iter().any(|m| m.resource.kind == *kind) {
            continue;
        }
        out.push(String::new());
        out.push(i18n.get_args(
            lang,
            "gpu-board-queue",
            &[
                ("kind", kind_name(i18n, lang, *kind).into()),
                ("count", (queue.len() as i64).into()),
            ],
        ));
        if queue.is_empty() {
            out.push(i18n.get(lang, "gpu-board-queue-empty"));
        }
        out.extend(
            queue
                .iter()
                .take(per_kind)
                .map(|e| queue_line(i18n, lang, e, now)),
        );
        if queue.len() > per_kind {
            out.push(i18n.get_args(
                lang,
                "gpu-board-more",
                &[("count", ((queue.len() - per_kind) as i64).into())],
            ));
        }
    }
    out
}

/// The live board's text, within one message: when the lines are too
/// many, fewer entries of each line are shown (the rest are counted, and
/// `/gpu queue` lists them all).
pub fn board_text(i18n: &I18n, lang: Lang, board: &GpuBoard, now: DateTime<Utc>) -> String {
    let longest = board.queues.iter().map(|(_, q)| q.len()).max().unwrap_or(0);
    let mut per_kind = longest;
    loop {
        let mut text = i18n.get_args(
            lang,
            "gpu-board-title",
            &[("updated", timestamps(now).1.into())],
        );
        for line in lines(i18n, lang, board, now, per_kind) {
            let _ = write!(text, "\n{line}");
        }
        if text.chars().count() <= PAGE_ROOM || per_kind == 0 {
            return super::markup::fit(&text);
        }
        per_kind = per_kind.saturating_sub(per_kind.div_ceil(4).max(1));
    }
}

/// The whole board in pages of one message each, for `/gpu queue`.
pub fn board_pages(i18n: &I18n, lang: Lang, board: &GpuBoard, now: DateTime<Utc>) -> Vec<String> {
    let mut pages = Vec::new();
    let mut page = String::new();
    for line in lines(i18n, lang, board, now, usize::MAX) {
        if !page.is_empty() && page.chars().count() + line.chars().count() + 1 > PAGE_ROOM {
            pages.push(std::mem::take(&mut page));
        }
        if !page.is_empty() {
            page.push('\n');
        }
        page.push_str(&line);
    }
    pages.push(page);
    pages
}

/// The machines' use over the event as a PNG: one row per machine, one
/// span per lease (labelled with the team), from the first lease to now.
pub fn usage_png(
    i18n: &I18n,
    lang: Lang,
    spans: &[UsageSpan],
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ChartError> {
    let mut rows: Vec<String> = spans.iter().map(|s| s.resource.clone()).collect();
    rows.sort();
    rows.dedup();
    let chart_spans: Vec<Span> = spans
        .iter()
        .map(|s| Span {
            row: rows.binary_search(&s.resource).unwrap_or(0),
            start: s.from,
            end: s.to,
            label: s.team.clone(),
        })
        .collect();
    let from = spans.iter().map(|s| s.from).min().unwrap_or(now);
    let to = spans.iter().map(|s| s.to).max().unwrap_or(now).max(now);
    spans_chart_png(
        &i18n.get(lang, "gpu-usage-title"),
        &rows,
        &chart_spans,
        from,
        to,
        Some(now),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::gpu::expected_starts;
    use crate::store::{GpuRequest, GpuRequestStatus, GpuResource};
    use chrono::TimeZone;

    fn board(queued: usize) -> GpuBoard {
        let now = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
        let starts = expected_starts(now, &[now], &vec![24; queued]);
        let queue = (0..queued)
            .zip(starts)
            .map(|(i, expected_start)| QueueEntry {
                request: GpuRequest {
                    id: i as i64,
                    team_id: i as i64,
                    kind: GpuKind::Vm24Gb,
                    hours: 24,
                    dataset_repo: "somosnlp/d".into(),
                    status: GpuRequestStatus::Queued,
                    queue_key: i as i64,
                    created_by: 1,
                    created_at: now,
                },
                team: format!("Equipo número {i}"),
                position: i + 1,
                expected_start,
            })
            .collect();
        GpuBoard {
            machines: vec![MachineView {
                resource: GpuResource {
                    name: "vm-1".into(),
                    kind: GpuKind::Vm24Gb,
                    description: Some("A10G 24 GB".into()),
                    default_hours: 24,
                    max_hours: 72,
                    status: GpuResourceStatus::Available,
                },
                lease: None,
            }],
            queues: vec![(GpuKind::Vm24Gb, queue), (GpuKind::SpaceT4Small, vec![])],
        }
    }

    #[test]
    fn a_board_with_a_hundred_teams_fits_one_message_and_counts_the_rest() {
        let i18n = I18n::load().unwrap();
        let now = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
        let text = board_text(&i18n, Lang::Es, &board(100), now);
        assert!(text.chars().count() <= MAX_CONTENT, "{}", text.len());
        assert!(text.contains("Equipo número 0"), "{text}");
        assert!(!text.contains("Equipo número 99"), "{text}");
        assert!(text.contains("/gpu"), "{text}");
    }

    #[test]
    fn the_usage_chart_is_a_png_as_wide_as_the_charts_and_a_row_per_machine() {
        let i18n = I18n::load().unwrap();
        let t = |h| Utc.with_ymd_and_hms(2024, 3, 10, h, 0, 0).unwrap();
        let span = |resource: &str, team: &str, from, to| UsageSpan {
            resource: resource.into(),
            team: team.into(),
            from: t(from),
            to: t(to),
        };
        let spans = [
            span("vm-2", "Equipo A", 1, 5),
            span("vm-1", "Equipo B", 2, 9),
            span("vm-2", "Equipo C", 6, 8),
        ];
        let png_bytes = usage_png(&i18n, Lang::Es, &spans, t(10)).unwrap();
        assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("a PNG that decodes");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut pixels).expect("one frame");
        assert_eq!(frame.width, 960);
        assert_eq!(frame.height, 100 + 2 * 40, "two machines, two rows");
        assert!(
            pixels.iter().any(|b| *b != 255),
            "something is drawn on the white"
        );
    }

    #[test]
    fn every_team_is_on_some_page_of_the_queue() {
        let i18n = I18n::load().unwrap();
        let now = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
        let pages = board_pages(&i18n, Lang::En, &board(100), now);
        assert!(pages.len() > 1);
        assert!(pages.iter().all(|p| p.chars().count() <= MAX_CONTENT));
        let all = pages.join("\n");
        for i in [0, 50, 99] {
            assert!(all.contains(&format!("**Equipo número {i}**")), "{i}");
        }
    }
}
