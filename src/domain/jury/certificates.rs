//! What a certificate says, and the code that proves it.
//!
//! The code is an HMAC-SHA256, keyed with `SOMOSBOT_CERTIFICATE_SECRET`, of
//! the certificate's canonical content (one field a line, in a fixed order,
//! with a version tag). Anyone can read what a certificate says; only the
//! holder of the secret can make a code for it, and changing any field (a
//! name, a place) gives a different code, so a tampered certificate fails
//! verification.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::Secret;

type HmacSha256 = Hmac<Sha256>;

/// How many bytes of the MAC the printed code carries (80 bits: short
/// enough to type, far beyond guessing).
const CODE_BYTES: usize = 10;

/// Everything printed on a certificate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateContent {
    pub event_id: String,
    pub event_name: String,
    pub user_id: u64,
    /// The name to print (sanitized).
    pub name: String,
    pub team: String,
    pub project: String,
    /// The podium place for a winner; none for participation.
    pub place: Option<u32>,
    /// The date printed, `YYYY-MM-DD`.
    pub date: String,
}

impl CertificateContent {
    /// One field a line; a field cannot contain a line break (see
    /// [`sanitize_name`]), so two contents never share a canonical form.
    pub fn canonical(&self) -> String {
        let clean = |s: &str| s.replace(['\n', '\r'], " ");
        format!(
            "somosbot-certificate-v1\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            clean(&self.event_id),
            clean(&self.event_name),
            self.user_id,
            clean(&self.name),
            clean(&self.team),
            clean(&self.project),
            self.place
                .map_or_else(|| "participant".to_string(), |p| p.to_string()),
            clean(&self.date),
        )
    }
}

fn mac(secret: &Secret, content: &CertificateContent) -> HmacSha256 {
    // HMAC accepts keys of any length.
    let mut mac = match HmacSha256::new_from_slice(secret.expose().as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes a key of any length"),
    };
    mac.update(content.canonical().as_bytes());
    mac
}

/// The verification code: `XXXX-XXXX-XXXX-XXXX-XXXX` (hex, uppercase).
pub fn code(secret: &Secret, content: &CertificateContent) -> String {
    let bytes = mac(secret, content).finalize().into_bytes();
    let hex: String = bytes[..CODE_BYTES]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed, normalized ("abcd ef01-…" → "ABCD-EF01-…"), or none
/// when it cannot be a code.
pub fn normalize_code(typed: &str) -> Option<String> {
    let hex: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if hex.len() != CODE_BYTES * 2 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(
        hex.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

/// Whether `code` is the code of `content` under `secret`, compared in
/// constant time.
pub fn verify(secret: &Secret, content: &CertificateContent, code: &str) -> bool {
    let Some(normal) = normalize_code(code) else {
        return false;
    };
    let hex: String = normal.chars().filter(|c| *c != '-').collect();
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect();
    match bytes {
        Some(b) => mac(secret, content).verify_truncated_left(&b).is_ok(),
        None => false,
    }
}

/// Why a name to print is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {0} characters")]
    TooLong(usize),
    /// A character of Discord markup or mentions, which no name needs.
    #[error("the name contains `{0}`")]
    Markup(char),
}

/// The most characters a printed name may have.
pub const MAX_NAME: usize = 80;

/// A name fit to print: Unicode NFC, control and formatting characters
/// removed (no line breaks, no bidi overrides), spaces collapsed. Letters of
/// every script are kept.
pub fn sanitize_name(raw: &str) -> Result<String, NameError> {
    use unicode_normalization::UnicodeNormalization;
    let kept: String = raw
        .nfc()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !is_format_char(*c))
        .collect();
    let name = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME {
        return Err(NameError::TooLong(MAX_NAME));
    }
    Ok(name)
}

/// The most characters a name typed with `/certificate name` may have: as
/// many as the certificate prints without cutting.
pub const MAX_TYPED_NAME: usize = 40;

/// Characters of Discord markup and mentions (`<@…>`, `**`, `` ` ``, …):
/// a person's name needs none of them, and refusing them keeps the name
/// harmless wherever it is shown.
const MARKUP: &[char] = &['<', '>', '@', '*', '_', '`', '~', '|', '\\', '[', ']', '#'];

/// A name a person typed for their certificate: [`sanitize_name`], at most
/// [`MAX_TYPED_NAME`] characters, and no markup characters.
pub fn typed_name(raw: &str) -> Result<String, NameError> {
    let name = sanitize_name(&crate::text::sanitize(raw))?;
    if name.chars().count() > MAX_TYPED_NAME {
        return Err(NameError::TooLong(MAX_TYPED_NAME));
    }
    if let Some(c) = name.chars().find(|c| MARKUP.contains(c)) {
        return Err(NameError::Markup(c));
    }
    Ok(name)
}

/// Unicode "format" characters that change how text is shown without
/// being seen (bidi overrides, zero-width joiners at the edges).
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> CertificateContent {
        CertificateContent {
            event_id: "somos600m-2024".into(),
            event_name: "Hackathon #Somos600M".into(),
            user_id: 42,
            name: "María Núñez".into(),
            team: "Equipo Ñ".into(),
            project: "Corpus andino".into(),
            place: Some(1),
            date: "2024-04-01".into(),
        }
    }

    #[test]
    fn a_code_verifies_its_content_and_nothing_else() {
        let secret = Secret::new("s3cret");
        let c = content();
        let code = code(&secret, &c);
        assert_eq!(code.len(), 24, "{code}");
        assert!(verify(&secret, &c, &code));
        assert!(verify(&secret, &c, &code.to_lowercase().replace('-', " ")));
        let renamed = CertificateContent {
            name: "Maria Nunez".into(),
            ..c.clone()
        };
        assert!(!verify(&secret, &renamed, &code));
        let moved = CertificateContent {
            place: Some(2),
            ..c.clone()
        };
        assert!(!verify(&secret, &moved, &code));
        assert!(!verify(&Secret::new("other"), &c, &code));
        assert!(!verify(&secret, &c, "not a code"));
    }

    #[test]
    fn names_keep_every_script_and_lose_control_characters() {
        assert_eq!(
            sanitize_name("  José\u{202E}  Pérez\n").as_deref(),
            Ok("José Pérez")
        );
        assert_eq!(sanitize_name("李小龍").as_deref(), Ok("李小龍"));
        assert_eq!(sanitize_name("Ана\tИванова").as_deref(), Ok("Ана Иванова"));
        // Decomposed accents become one character each.
        assert_eq!(sanitize_name("Jose\u{301}").as_deref(), Ok("José"));
        assert_eq!(sanitize_name(" \u{200B} "), Err(NameError::Empty));
        assert_eq!(sanitize_name(&"a".repeat(81)), Err(NameError::TooLong(80)));
    }

    #[test]
    fn typed_names_refuse_mentions_markdown_and_overlong_input() {
        assert_eq!(
            typed_name(" María\u{200B} Núñez ").as_deref(),
            Ok("María Núñez")
        );
        assert_eq!(
            typed_name("Ελένη Παπαδοπούλου").as_deref(),
            Ok("Ελένη Παπαδοπούλου")
        );
        assert_eq!(typed_name("<@123> hola"), Err(NameError::Markup('<')));
        assert_eq!(typed_name("@everyone"), Err(NameError::Markup('@')));
        assert_eq!(typed_name("**Ana**"), Err(NameError::Markup('*')));
        assert_eq!(typed_name(&"ñ".repeat(41)), Err(NameError::TooLong(40)));
        assert_eq!(typed_name("\u{202E}\n"), Err(NameError::Empty));
    }
}
