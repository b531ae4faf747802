//! The process log: `RUST_LOG` chooses what is written, except what must
//! never be, whatever the level: transport dumps that carry secrets,
//! interaction and webhook tokens, and lines forged by text people typed.
//!
//! Every event goes through one writer ([`SafeWriter`]) that hides the
//! tokens in Discord's interaction and webhook URLs (serenity's and
//! reqwest's errors print the URL, token included), hides `password=` in
//! URLs, and escapes control characters, so one event is one line whatever
//! a custom id, a name or an error message holds.

use std::fmt;
use std::io::{self, Write};

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// What is logged when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "somosbot=info,serenity=warn,poise=warn,sqlx=warn";

/// What replaces a hidden token or password.
pub const HIDDEN: &str = "[redacted]";

/// Logs to stderr, filtered by `RUST_LOG` (else [`DEFAULT_FILTER`]) and by
/// [`is_safe`], through [`SafeWriter`]. No colours: escape sequences are
/// control characters like any other.
pub fn init() {
    let wanted = EnvFilter::try_from_default_env().unwrap_or_else(|_| DEFAULT_FILTER.into());
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(SafeStderr)
        .with_filter(filter_fn(is_safe));
    tracing_subscriber::registry()
        .with(wanted)
        .with(layer)
        .init();
}

/// Whether an event may be written at all. The websocket library dumps
/// every frame at trace level, IDENTIFY included, and IDENTIFY carries the
/// bot token; those dumps are never written, even with `RUST_LOG=trace`.
pub fn is_safe(meta: &Metadata<'_>) -> bool {
    let frames = ["tungstenite", "tokio_tungstenite"];
    !(*meta.level() == Level::TRACE
        && frames
            .iter()
            .any(|t| meta.target() == *t || meta.target().starts_with(&format!("{t}::"))))
}

/// Path segments after which Discord URLs carry a secret: an interaction's
/// token (`/interactions/<id>/<token>/callback`) and a webhook's
/// (`/webhooks/<application or webhook id>/<token>/…`, which is also how
/// follow-ups and edits of interaction answers are addressed).
const TOKEN_AFTER: [&str; 2] = ["/interactions/", "/webhooks/"];

/// `text` with interaction and webhook tokens and URL passwords hidden.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    for marker in TOKEN_AFTER {
        out = hide_token_after(&out, marker);
    }
    hide_token_fields(&hide_password_params(&out))
}

/// Hides quoted values of fields whose name ends in `token`, as `Debug`
/// prints them (`token: "…"`, also nested and escaped: `token: \"…\"`)
/// and as tracing prints fields (`token="…"`): serenity's request spans
/// show the route of each request this way, interaction token included.
fn hide_token_fields(text: &str) -> String {
    const OPENINGS: [(&str, &str); 4] = [
        (": \\\"", "\\\""),
        ("=\\\"", "\\\""),
        (": \"", "\""),
        ("=\"", "\""),
    ];
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(at) = lower[from..].find("token") {
        let after_name = from + at + "token".len();
        from = after_name;
        let Some((open, close)) = OPENINGS
            .iter()
            .find(|(open, _)| text[after_name..].starts_with(open))
        else {
            continue;
        };
        let value_start = after_name + open.len();
        let Some(len) = text[value_start..].find(close) else {
            continue;
        };
        out.push_str(&text[copied..value_start]);
        out.push_str(HIDDEN);
        copied = value_start + len;
        from = copied;
    }
    out.push_str(&text[copied..]);
    out
}

/// Hides the segment after `<marker><digits>/`.
fn hide_token_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let after_id = &tail[digits..];
        match after_id.strip_prefix('/') {
            Some(token_on) if digits > 0 => {
                let token_len = token_on
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
                    .unwrap_or(token_on.len());
                out.push_str(&tail[..digits + 1]);
                if token_len > 0 {
                    out.push_str(HIDDEN);
                }
                rest = &token_on[token_len..];
            }
            _ => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// Hides the value of every query parameter whose name ends in `password`
/// (`password=`, `sslpassword=`), in any URL of the text.
fn hide_password_params(text: &str) -> String {
    const KEY: &str = "password=";
    // ASCII lowering keeps every byte offset (and char boundary) of `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(at) = lower[from..].find(KEY) {
        let start = from + at;
        let value_start = start + KEY.len();
        let value_end = text[value_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '&' | '"' | '\'' | ')' | '#' | ';'))
            .map_or(text.len(), |n| value_start + n);
        let name_start = text[..start]
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
        let at_boundary = name_start == 0
            || text[..name_start].ends_with(|c: char| c.is_whitespace() || "?&;(\"'".contains(c));
        if at_boundary && value_end > value_start {
            out.push_str(&text[copied..value_start]);
            out.push_str(HIDDEN);
            copied = value_end;
        }
        from = value_end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Escapes control characters (a newline inside an event, a carriage
/// return, terminal escapes), so text in an event cannot start a line of
/// its own. The event's final newline is kept.
pub fn escape_controls(line: &str) -> String {
    let (body, end) = match line.strip_suffix('\n') {
        Some(body) => (body, "\n"),
        None => (line, ""),
    };
    let mut out = String::with_capacity(line.len());
    for c in body.chars() {
        if c.is_control() && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push_str(end);
    out
}

/// A value shown with [`redact`] applied: for errors whose text may carry
/// a URL (`tracing::warn!(error = %Redacted(&e), …)`).
pub struct Redacted<T>(pub T);

impl<T: fmt::Display> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&format!("{:#}", Fmt(&self.0))))
    }
}

/// `{:#}` of a `Display` that does not know the alternate form is its
/// plain form; anyhow's is the cause chain.
struct Fmt<'a, T>(&'a T);

impl<T: fmt::Display> fmt::Display for Fmt<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "{:#}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Makes one [`SafeWriter`] per event, writing to stderr.
#[derive(Clone, Copy, Default)]
pub struct SafeStderr;

impl<'a> MakeWriter<'a> for SafeStderr {
    type Writer = SafeWriter<io::Stderr>;

    fn make_writer(&'a self) -> Self::Writer {
        SafeWriter::new(io::stderr())
    }
}

/// Collects one event and writes it, redacted and escaped, when dropped.
pub struct SafeWriter<W: Write> {
    buffer: Vec<u8>,
    out: W,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(out: W) -> Self {
        Self {
            buffer: Vec::new(),
            out,
        }
    }

    fn emit(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.buffer);
        let safe = escape_controls(&redact(&text));
        self.buffer.clear();
        self.out.write_all(safe.as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // The event is written whole on drop: a partial flush could split a
        // token across two writes and past the redaction.
        Ok(())
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = self.emit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZmdo.x-y_z";

    #[test]
    fn interaction_tokens_in_urls_are_hidden() {
        let line = format!(
            "error sending request for url (https://discord.com/api/v10/interactions/1234567890/{TOKEN}/callback): connection reset"
        );
        let shown = redact(&line);
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(
            shown.contains("/interactions/1234567890/[redacted]/callback"),
            "{shown}"
        );
    }

    #[test]
    fn webhook_tokens_in_urls_are_hidden() {
        for url in [
            format!("PATCH /api/v10/webhooks/42/{TOKEN}/messages/@original"),
            format!("url: \"http://127.0.0.1:1/api/v10/webhooks/42/{TOKEN}\""),
            format!("/webhooks/42/{TOKEN}?wait=true"),
        ] {
            let shown = redact(&url);
            assert!(!shown.contains(TOKEN), "{shown}");
            assert!(shown.contains("/webhooks/42/[redacted]"), "{shown}");
        }
    }

    #[test]
    fn text_without_tokens_is_unchanged() {
        for text in [
            "/interactions/ is a path",
            "/webhooks/abc/def",
            "/channels/4000/messages",
            "nothing here",
            "",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn token_fields_in_debug_output_are_hidden() {
        let span = format!(
            "request{{req=Request {{ route: InteractionResponse {{ interaction_id: InteractionId(9), token: \"{TOKEN}\" }}, params: None }}}}: hyper: put"
        );
        let shown = redact(&span);
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("token: \"[redacted]\" }"), "{shown}");
        let nested = format!(
            "error=\"Route {{ webhook_token: \\\"{TOKEN}\\\" }}\" interaction_token=\"{TOKEN}\""
        );
        let shown = redact(&nested);
        assert!(!shown.contains(TOKEN), "{shown}");
        assert_eq!(
            redact("tokens: 3, token_count=4"),
            "tokens: 3, token_count=4"
        );
    }

    #[test]
    fn passwords_in_query_parameters_are_hidden() {
        let shown =
            redact("postgres://db/somos?user=bot&password=hunter2&sslmode=require sslpassword=x1");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("x1"), "{shown}");
        assert!(
            shown.contains("user=bot&password=[redacted]&sslmode=require"),
            "{shown}"
        );
        assert_eq!(
            redact("the password=field note"),
            "the password=[redacted] note"
        );
        assert_eq!(redact("a passwordless login"), "a passwordless login");
    }

    #[test]
    fn control_characters_cannot_start_a_line() {
        let forged = "custom_id=\"x\nINFO somosbot: organizer granted\r\u{1b}[2K\"\n";
        let shown = escape_controls(forged);
        assert_eq!(shown.matches('\n').count(), 1);
        assert!(shown.ends_with('\n'));
        assert!(shown.contains("\\n") && shown.contains("\\r") && shown.contains("\\u{1b}"));
        assert_eq!(escape_controls("tab\tkept\n"), "tab\tkept\n");
    }

    #[test]
    fn the_writer_redacts_and_escapes_whole_events() {
        let mut sink = Vec::new();
        {
            let mut w = SafeWriter::new(&mut sink);
            // Written in pieces that split the token, as a formatter may.
            w.write_all(b"WARN failed: /interactions/1/")
                .expect("write");
            w.write_all(&TOKEN.as_bytes()[..5]).expect("write");
            w.write_all(&TOKEN.as_bytes()[5..]).expect("write");
            w.write_all(b"/callback name=\"a\nb\"\n").expect("write");
        }
        let shown = String::from_utf8(sink).expect("utf-8");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert_eq!(shown.matches('\n').count(), 1, "{shown}");
    }

    #[test]
    fn redacted_errors_show_their_chain_without_tokens() {
        let e = anyhow::anyhow!("POST /interactions/9/{TOKEN}/callback").context("answering");
        let shown = format!("{}", Redacted(&e));
        assert!(shown.starts_with("answering: POST"), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}
