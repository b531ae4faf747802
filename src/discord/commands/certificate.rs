//! `/certificate [name]`: a participant's certificate as a PNG by DM, with
//! its verification code and web link; `name` sets the name to print first.
//! Certificates open when results are published (see `docs/jury.md`).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serenity::all::{CreateAttachment, HttpError, UserId};

use crate::certificate::certificate_png;
use crate::discord::reply::{self, lang};
use crate::discord::{BotError, Context};
use crate::domain::jury::certificates::{typed_name, NameError, MAX_TYPED_NAME};
use crate::domain::jury::{self, CertificateError};
use crate::render::markup::{fit, timestamps};

/// Renders a person may ask for in [`WINDOW`]: drawing a certificate takes
/// CPU every participant shares.
const RENDERS: usize = 3;
const WINDOW: Duration = Duration::from_secs(600);

/// When each person last had a certificate drawn, in this process.
fn renders() -> &'static Mutex<HashMap<u64, VecDeque<Instant>>> {
    static RENDERS_BY_USER: OnceLock<Mutex<HashMap<u64, VecDeque<Instant>>>> = OnceLock::new();
    RENDERS_BY_USER.get_or_init(Mutex::default)
}

/// Takes one render for `user`, or says in how long one frees.
fn take_render(user: u64) -> Result<(), Duration> {
    let mut map = renders().lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    let times = map.entry(user).or_default();
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
    if times.len() >= RENDERS {
        let oldest = times.front().copied().unwrap_or(now);
        return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
    }
    times.push_back(now);
    Ok(())
}

fn name_refusal(e: NameError) -> BotError {
    match e {
        NameError::Empty => BotError::user("certificate-name-empty"),
        NameError::TooLong(_) => BotError::user_with(
            "certificate-name-too-long",
            vec![("max", MAX_TYPED_NAME.to_string())],
        ),
        NameError::Markup(c) => {
            BotError::user_with("certificate-name-markup", vec![("char", c.to_string())])
        }
    }
}

/// Your certificate by DM; with `name`, the name to print (sets it first).
#[poise::command(slash_command, guild_only)]
pub async fn certificate(
    ctx: Context<'_>,
    #[max_length = 100] name: Option<String>,
) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let user = ctx.author().id.get();
    let event_id = data.event.event.id.as_str();
    let now = chrono::Utc::now();
    if let Some(raw) = name {
        let name = typed_name(&raw).map_err(name_refusal)?;
        data.store
            .set_certificate_name(event_id, user, &name, now)
            .await?;
        if !data.store.results_posted(event_id).await? {
            let text = data
                .i18n
                .get_args(lang, "certificate-name-saved", &[("name", name.into())]);
            ctx.send(reply::create_reply().content(fit(&text)).ephemeral(true))
                .await?;
            return Ok(());
        }
    }
    let Some(secret) = data.settings.certificate_key.as_ref() else {
        tracing::warn!("/certificate without SOMOSBOT_CERTIFICATE_SECRET");
        return Err(BotError::user("certificate-not-configured"));
    };
    let author = ctx.author();
    let display = author
        .global_name
        .clone()
        .unwrap_or_else(|| author.name.clone());
    let issued = jury::my_certificate(&data.store, &data.event, secret, user, &display, now)
        .await
        .map_err(|e| match e {
            CertificateError::Store(e) => BotError::from(e),
            other => BotError::user(other.message_id()),
        })?;
    if let Err(wait) = take_render(user) {
        let at = now + chrono::Duration::from_std(wait).unwrap_or_default();
        return Err(BotError::user_with(
            "certificate-too-soon",
            vec![("retry", timestamps(at).1)],
        ));
    }
    let (content, code) = (issued.content.clone(), issued.code.clone());
    let png = tokio::task::spawn_blocking(move || certificate_png(&content, &code, lang))
        .await
        .map_err(|e| BotError::Internal(e.into()))?
        .map_err(|e| BotError::Internal(e.into()))?;
    let link = data
        .settings
        .web_base_url
        .as_ref()
        .map(|base| format!("{base}/verify/{}", issued.code));
    let mut text = data.i18n.get_args(
        lang,
        "certificate-dm",
        &[
            ("event", data.event.event.name.clone().into()),
            ("name", issued.content.name.clone().into()),
            ("code", issued.code.clone().into()),
        ],
    );
    if let Some(link) = link {
        text.push('\n');
        text.push_str(
            &data
                .i18n
                .get_args(lang, "certificate-dm-link", &[("link", link.into())]),
        );
    }
    let file = CreateAttachment::bytes(png, "certificate.png");
    let http = ctx.http();
    let dm = async {
        let channel = UserId::new(user).create_dm_channel(http).await?;
        channel
            .id
            .send_message(
                http,
                reply::message().content(fit(&text)).add_file(file.clone()),
            )
            .await
    }
    .await;
    match dm {
        Ok(_) => {
            let sent = data.i18n.get(lang, "certificate-sent");
            ctx.send(reply::create_reply().content(sent).ephemeral(true))
                .await?;
        }
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r))) if r.error.code == 50007 => {
            // DMs closed: the certificate here, where only the caller sees it.
            let closed = data.i18n.get(lang, "certificate-dm-closed");
            ctx.send(
                reply::create_reply()
                    .content(fit(&format!("{closed}\n\n{text}")))
                    .ephemeral(true)
                    .attachment(file),
            )
            .await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
