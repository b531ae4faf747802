//! PNG charts for organizers: counts per category (the participant path's
//! overview) and spans over time (GPU machine use).
//!
//! Rendering is pure CPU with an embedded font (DejaVu Sans), so it needs no
//! system fonts on the server and gives the same picture everywhere. Charts
//! are small (a few tens of KB) and are sent as Discord attachments.

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font family every chart uses; registered once per process.
pub(crate) const FONT: &str = "sans-serif";

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] png::EncodingError),
}

pub(crate) fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Draw(format!("{e:?}"))
}

pub(crate) fn ensure_font() -> Result<(), ChartError> {
    static LOADED: OnceLock<bool> = OnceLock::new();
    let ok = *LOADED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    ok.then_some(()).ok_or(ChartError::Font)
}

/// One bar: a label and its count.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

/// One span of use on a row (a machine held by a team from `start` to `end`).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Index into the chart's rows.
    pub row: usize,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Written inside the span when it is wide enough (a team's name).
    pub label: String,
}

const WIDTH: u32 = 960;
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x3b, 0x82, 0xf6),
    RGBColor(0xf5, 0x9e, 0x0b),
    RGBColor(0x10, 0xb9, 0x81),
    RGBColor(0xef, 0x44, 0x44),
    RGBColor(0x8b, 0x5c, 0xf6),
    RGBColor(0x06, 0xb6, 0xd4),
];

/// Labels longer than this are cut with an ellipsis so the plot keeps room.
const MAX_LABEL: usize = 32;

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

fn label_area(labels: impl Iterator<Item = usize>) -> u32 {
    let longest = labels.max().unwrap_or(0).min(MAX_LABEL) as u32;
    (longest * 8 + 16).clamp(60, 300)
}

/// A horizontal bar chart, one bar per entry in order, with its count.
pub fn bar_chart_png(title: &str, bars: &[Bar]) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let rows = bars.len().max(1) as u32;
    let height = 90 + rows * 34;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
    let mut pixels = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22).into_font().style(FontStyle::Bold))
            .margin(14)
            .x_label_area_size(28)
            .y_label_area_size(label_area(labels.iter().map(|l| l.chars().count())))
            .build_cartesian_2d(0u64..max + max.div_ceil(8), (0..rows - 1).into_segmented())
            .map_err(draw_err)?;
        // Row 0 is drawn at the bottom; the first bar goes on top.
        let row = |i: usize| rows - 1 - i as u32;
        let formatter = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(r) => (rows - 1)
                .checked_sub(*r)
                .and_then(|k| labels.get(k as usize))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows as usize)
            .y_label_formatter(&formatter)
            .x_label_formatter(&|v| v.to_string())
            .label_style((FONT, 14))
            .draw()
            .map_err(draw_err)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let i = row(i);
                let mut bar = Rectangle::new(
                    [
                        (0, SegmentValue::Exact(i)),
                        (b.value, SegmentValue::Exact(i + 1)),
                    ],
                    PALETTE[0].filled(),
                );
                bar.set_margin(5, 5, 0, 0);
                bar
            }))
            .map_err(draw_err)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Text::new(
                    b.value.to_string(),
                    (b.value, SegmentValue::CenterOf(row(i))),
                    (FONT, 14)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )
            }))
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    encode(&pixels, WIDTH, height)
}

/// A timeline: one row per name, a coloured span for each use between
/// `from` and `to`, and a line at `now` when it falls inside.
pub fn spans_chart_png(
    title: &str,
    rows: &[String],
    spans: &[Span],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: Option<DateTime<Utc>>,
) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let n = rows.len().max(1) as u32;
    let height = 100 + n * 40;
    let (start, mut end) = (from.timestamp_millis(), to.timestamp_millis());
    if end <= start {
        end = start + 3_600_000;
    }
    let labels: Vec<String> = rows.iter().map(|r| short(r)).collect();
    let mut pixels = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22).into_font().style(FontStyle::Bold))
            .margin(14)
            .x_label_area_size(30)
            .y_label_area_size(label_area(labels.iter().map(|l| l.chars().count())))
            .build_cartesian_2d(start..end, (0..n - 1).into_segmented())
            .map_err(draw_err)?;
        // Row 0 is drawn at the bottom; the first name goes on top.
        let flip = |row: usize| n - 1 - row as u32;
        let y_formatter = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(r) => (n - 1)
                .checked_sub(*r)
                .and_then(|k| labels.get(k as usize))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        };
        let x_formatter = |ms: &i64| {
            Utc.timestamp_millis_opt(*ms)
                .single()
                .map(|t| t.format("%d %b %H:%M").to_string())
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n as usize)
            .y_label_formatter(&y_formatter)
            .x_labels(6)
            .x_label_formatter(&x_formatter)
            .label_style((FONT, 13))
            .draw()
            .map_err(draw_err)?;
        let visible = spans.iter().filter(|s| {
            (s.row as u32) < n
                && s.end.timestamp_millis() > start
                && s.start.timestamp_millis() < end
        });
        chart
            .draw_series(visible.clone().enumerate().map(|(k, s)| {
                let row = flip(s.row);
                let a = s.start.timestamp_millis().max(start);
                let b = s.end.timestamp_millis().min(end);
                let mut r = Rectangle::new(
                    [
                        (a, SegmentValue::Exact(row)),
                        (b, SegmentValue::Exact(row + 1)),
                    ],
                    PALETTE[k % PALETTE.len()].mix(0.85).filled(),
                );
                r.set_margin(6, 6, 0, 1);
                r
            }))
            .map_err(draw_err)?;
        // A label fits when the span is wider than about 7 px per character.
        let px_per_ms = f64::from(WIDTH) / (end - start) as f64;
        chart
            .draw_series(
                visible
                    .filter(|s| {
                        let a = s.start.timestamp_millis().max(start);
                        let b = s.end.timestamp_millis().min(end);
                        (b - a) as f64 * px_per_ms > 7.0 * s.label.chars().count() as f64 + 8.0
                    })
                    .map(|s| {
                        Text::new(
                            short(&s.label),
                            (
                                s.start.timestamp_millis().max(start) + 60_000,
                                SegmentValue::CenterOf(flip(s.row)),
                            ),
                            (FONT, 12)
                                .into_font()
                                .color(&WHITE)
                                .pos(Pos::new(HPos::Left, VPos::Center)),
                        )
                    }),
            )
            .map_err(draw_err)?;
        if let Some(now) = now.map(|t| t.timestamp_millis()) {
            if now > start && now < end {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(now, SegmentValue::Exact(0)), (now, SegmentValue::Last)],
                        RED.stroke_width(2),
                    )))
                    .map_err(draw_err)?;
            }
        }
        root.present().map_err(draw_err)?;
    }
    encode(&pixels, WIDTH, height)
}

pub(crate) fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Best);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a PNG and returns its size and whether any pixel is not white.
    fn decode(bytes: &[u8]) -> (u32, u32, bool) {
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().expect("a valid PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("a valid PNG frame");
        let drawn = buf[..info.buffer_size()].iter().any(|b| *b != 255);
        (info.width, info.height, drawn)
    }

    /// Counts pixels of exactly this colour.
    fn count_colour(bytes: &[u8], colour: RGBColor) -> usize {
        let mut reader = png::Decoder::new(bytes).read_info().expect("PNG");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("frame");
        buf[..info.buffer_size()]
            .chunks(3)
            .filter(|p| p == &[colour.0, colour.1, colour.2])
            .count()
    }

    #[test]
    fn bar_chart_is_a_png_whose_bars_are_proportional_to_their_counts() {
        let chart = |a: u64, b: u64| {
            bar_chart_png(
                "Path",
                &[
                    Bar {
                        label: "Equipo formado".into(),
                        value: a,
                    },
                    Bar {
                        label: "Dataset en la organización".into(),
                        value: b,
                    },
                ],
            )
            .expect("chart")
        };
        let both = chart(3, 3);
        let one = chart(3, 0);
        assert_eq!(&both[..8], b"\x89PNG\r\n\x1a\n");
        let (w, h, drawn) = decode(&both);
        assert_eq!((w, h), (WIDTH, 90 + 2 * 34));
        assert!(drawn);
        // Same axis (the largest count is 3 in both): a zero bar draws
        // nothing, so one chart has half the bar pixels of the other.
        let (full, half) = (
            count_colour(&both, PALETTE[0]),
            count_colour(&one, PALETTE[0]),
        );
        assert!(half > 0, "a bar is drawn");
        let ratio = full as f64 / half as f64;
        assert!((1.9..2.1).contains(&ratio), "ratio {ratio}");
    }

    #[test]
    fn empty_and_hostile_inputs_still_render() {
        let png = bar_chart_png("", &[]).expect("empty chart");
        assert!(decode(&png).2);
        let long = "@everyone ".repeat(40);
        let png = bar_chart_png(
            &long,
            &[Bar {
                label: long.clone(),
                value: u64::MAX / 4,
            }],
        )
        .expect("long labels");
        assert!(decode(&png).2);
    }

    #[test]
    fn spans_chart_draws_each_span_inside_the_window() {
        let t0 = Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap();
        let rows = vec!["vm-a10g-1".to_string(), "t4-demo-1".to_string()];
        let spans = vec![
            Span {
                row: 0,
                start: t0 + chrono::Duration::hours(2),
                end: t0 + chrono::Duration::hours(26),
                label: "Equipo Ñandú".into(),
            },
            // Out of range rows and spans are ignored, not a panic.
            Span {
                row: 7,
                start: t0,
                end: t0,
                label: String::new(),
            },
            Span {
                row: 1,
                start: t0 - chrono::Duration::days(3),
                end: t0 - chrono::Duration::days(2),
                label: "old".into(),
            },
        ];
        let now = Some(t0 + chrono::Duration::hours(30));
        let png = spans_chart_png(
            "GPU",
            &rows,
            &spans,
            t0,
            t0 + chrono::Duration::days(3),
            now,
        )
        .expect("chart");
        let (w, h, drawn) = decode(&png);
        assert_eq!((w, h), (WIDTH, 100 + 2 * 40));
        assert!(drawn);
        let empty = spans_chart_png("GPU", &rows, &[], t0, t0, None).expect("empty window");
        assert!(decode(&empty).2);
    }
}
