//! Every leaf command as Discord receives it, walked from
//! `somosbot::discord::commands::all()`, and plausible invocations of it —
//! shared by the access table test and the hostile-input test, so both cover
//! commands as they are added.

use crate::support::fake_discord::fixtures::{self, channel_type};
use serde_json::{json, Value};
use std::time::Duration;

use crate::support::fake_discord::{FakeDiscord, InteractionBuilder, SentInteraction};

/// A leaf command as registered: its qualified name, the path of
/// (sub)command names, and its options.
pub struct Leaf {
    pub qualified: String,
    pub path: Vec<String>,
    pub options: Vec<Value>,
}

/// Every leaf of every registered command, walked through groups and
/// subcommands, with options as Discord receives them.
pub fn leaves() -> Vec<Leaf> {
    fn walk(node: &Value, path: Vec<String>, out: &mut Vec<Leaf>) {
        let options: Vec<Value> = node["options"].as_array().cloned().unwrap_or_default();
        let nested: Vec<&Value> = options
            .iter()
            .filter(|o| matches!(o["type"].as_u64(), Some(1) | Some(2)))
            .collect();
        if nested.is_empty() {
            out.push(Leaf {
                qualified: path.join(" "),
                path,
                options,
            });
            return;
        }
        for child in nested {
            let mut p = path.clone();
            p.push(child["name"].as_str().unwrap_or_default().to_string());
            walk(child, p, out);
        }
    }
    let mut out = Vec::new();
    for command in somosbot::discord::commands::all() {
        let Some(built) = command.create_as_slash_command() else {
            continue;
        };
        let json = serde_json::to_value(built).expect("a command serializes");
        let name = json["name"].as_str().unwrap_or_default().to_string();
        walk(&json, vec![name], &mut out);
    }
    out
}

/// What the test server holds for plausible options.
pub struct World {
    pub target: (u64, &'static str),
    pub participant_role: u64,
    pub team: &'static str,
    /// A help post with its ticket: `/ticket …` commands run inside it.
    pub ticket_thread: Option<u64>,
}

/// A plausible value for an option, so that a missing check would act.
pub fn with_option(b: InteractionBuilder, option: &Value, world: &World) -> InteractionBuilder {
    let name = option["name"].as_str().unwrap_or_default();
    if let Some(choice) = option["choices"].as_array().and_then(|c| c.first()) {
        return b.option_typed(
            name,
            option["type"].as_u64().unwrap_or(3) as u8,
            choice["value"].clone(),
        );
    }
    match option["type"].as_u64() {
        Some(4) => b.option(name, option["min_value"].as_i64().unwrap_or(1).max(1)),
        Some(5) => b.option(name, true),
        Some(6) => b.option_user(
            name,
            fixtures::user(world.target.0, world.target.1),
            &[world.participant_role],
        ),
        Some(7) => b.option_channel(
            name,
            fixtures::GENERAL_CHANNEL_ID,
            channel_type::TEXT,
            "general",
        ),
        Some(8) => b.option_role(
            name,
            fixtures::role(world.participant_role, "Participante", 1, "0"),
        ),
        Some(10) => b.option(name, 1.5),
        _ => {
            let text = match name {
                "team" => world.team.to_string(),
                "id" => "submission".to_string(),
                "at" => "2030-01-01 10:00".to_string(),
                "name" => "Nombre Nuevo".to_string(),
                "reminders" => "1d".to_string(),
                "username" => "somosnlp".to_string(),
                n if n.starts_with("title") => "Un título".to_string(),
                _ => "https://huggingface.co/datasets/somosnlp/x".to_string(),
            };
            b.option(name, text)
        }
    }
}

pub fn invocation(
    leaf: &Leaf,
    who: (u64, &str),
    roles: &[u64],
    locale: &str,
    world: &World,
) -> InteractionBuilder {
    let mut b = InteractionBuilder::slash(&leaf.path[0])
        .user(who.0, who.1)
        .roles(roles)
        .locale(locale);
    match leaf.path.len() {
        1 => {}
        2 => b = b.subcommand(&leaf.path[1]),
        _ => b = b.group(&leaf.path[1]).subcommand(&leaf.path[2]),
    }
    if let (Some("ticket"), Some(thread)) =
        (leaf.path.first().map(String::as_str), world.ticket_thread)
    {
        b = b.channel(thread);
    }
    for option in leaf.options.iter().filter(|o| o["required"] == json!(true)) {
        b = with_option(b, option, world);
    }
    b
}

/// The first answer's text and whether only the caller sees it (callback,
/// follow-up, or the original edited after a defer; a modal counts as an answer).
pub async fn first_answer(fake: &FakeDiscord, sent: &SentInteraction) -> (String, bool) {
    fake.wait_for(
        &format!("the answer to {}", sent.token),
        Duration::from_secs(10),
        |i| {
            let record = i.state.interactions.get(&sent.token)?;
            let ephemeral = |flags: &Value| flags.as_u64().unwrap_or(0) & 64 == 64;
            if let Some(id) = record.followups.first() {
                let m = i.state.find_message(*id)?;
                return Some((m["content"].as_str()?.to_string(), ephemeral(&m["flags"])));
            }
            let callback = record.callbacks.first()?;
            match callback["type"].as_u64() {
                Some(4) => Some((
                    callback["data"]["content"].as_str()?.to_string(),
                    ephemeral(&callback["data"]["flags"]),
                )),
                Some(5) => {
                    let m = i.state.find_message(record.original?)?;
                    let text = m["content"].as_str().filter(|t| !t.is_empty())?;
                    Some((text.to_string(), ephemeral(&callback["data"]["flags"])))
                }
                Some(9) => Some(("a modal was opened".to_string(), false)),
                _ => None,
            }
        },
    )
    .await
}
