//! Certificate PNGs: the person's name, team, project, event, date, place
//! and verification code, drawn with the embedded DejaVu font (the one the
//! charts use), so accents and Latin, Greek and Cyrillic letters render
//! the same on every server.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::chart::{draw_err, encode, ensure_font, ChartError, FONT};
use crate::domain::jury::certificates::CertificateContent;
use crate::i18n::Lang;

const WIDTH: u32 = 1400;
const HEIGHT: u32 = 990;
const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
const ACCENT: RGBColor = RGBColor(0xf5, 0x9e, 0x0b);

/// The fixed texts of a certificate in one language.
fn texts(lang: Lang, place: Option<u32>) -> (String, &'static str, &'static str, &'static str) {
    match (lang, place) {
        (Lang::Es, Some(p)) => (
            format!("Certificado de equipo ganador · {p}.º puesto"),
            "otorgado a",
            "del equipo",
            "Código de verificación",
        ),
        (Lang::Es, None) => (
            "Certificado de participación".into(),
            "otorgado a",
            "del equipo",
            "Código de verificación",
        ),
        (Lang::En, Some(p)) => (
            format!("Winning team certificate · place {p}"),
            "awarded to",
            "of the team",
            "Verification code",
        ),
        (Lang::En, None) => (
            "Certificate of participation".into(),
            "awarded to",
            "of the team",
            "Verification code",
        ),
    }
}

/// Cuts a text to `max` characters with an ellipsis.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Draws one certificate as a PNG.
pub fn certificate_png(
    content: &CertificateContent,
    code: &str,
    lang: Lang,
) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (w, h) = (WIDTH as i32, HEIGHT as i32);
        root.draw(&Rectangle::new(
            [(30, 30), (w - 30, h - 30)],
            ACCENT.stroke_width(8),
        ))
        .map_err(draw_err)?;
        let (title, awarded, of_team, code_label) = texts(lang, content.place);
        let center = Pos::new(HPos::Center, VPos::Center);
        let line = |text: &str, y: i32, size: f64, bold: bool, colour: RGBColor| {
            let style = if bold {
                FontStyle::Bold
            } else {
                FontStyle::Normal
            };
            let font = (FONT, size)
                .into_font()
                .style(style)
                .color(&colour)
                .pos(center);
            root.draw(&Text::new(text.to_string(), (w / 2, y), font))
                .map_err(draw_err)
        };
        line(&fit(&content.event_name, 60), 140, 44.0, true, INK)?;
        line(&fit(&title, 60), 230, 40.0, false, ACCENT)?;
        line(awarded, 330, 28.0, false, INK)?;
        line(&fit(&content.name, 40), 420, 64.0, true, INK)?;
        line(of_team, 510, 28.0, false, INK)?;
        line(&fit(&content.team, 50), 570, 40.0, true, INK)?;
        line(&fit(&content.project, 70), 650, 30.0, false, INK)?;
        line(&content.date, 760, 28.0, false, INK)?;
        line(&format!("{code_label}: {code}"), 880, 26.0, false, INK)?;
        root.present().map_err(draw_err)?;
    }
    encode(&pixels, WIDTH, HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(name: &str) -> CertificateContent {
        CertificateContent {
            event_id: "somos600m-2024".into(),
            event_name: "Hackathon #Somos600M".into(),
            user_id: 1,
            name: name.into(),
            team: "Los Ñandúes".into(),
            project: "Corpus de refranes andinos".into(),
            place: Some(2),
            date: "2024-04-01".into(),
        }
    }

    fn pixels(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().expect("a valid PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("a valid PNG frame");
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn a_certificate_decodes_and_its_name_is_drawn_in_every_script() {
        let (w, h, plain) =
            pixels(&certificate_png(&content("Ana"), "ABCD-EF01", Lang::Es).unwrap());
        assert_eq!((w, h), (WIDTH, HEIGHT));
        for name in ["José Núñez", "Анна Иванова", "Ελένη"] {
            let (_, _, drawn) =
                pixels(&certificate_png(&content(name), "ABCD-EF01", Lang::Es).unwrap());
            let differ = drawn.iter().zip(&plain).filter(|(a, b)| a != b).count();
            // Another name changes the picture by more than a few pixels:
            // the glyphs were found in the embedded font.
            assert!(differ > 500, "{name}: {differ} pixels differ");
        }
    }
}
