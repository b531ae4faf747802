//! The one set of permissions the bot asks for, derived from what its features
//! do. The invite URL (`somosbot invite-url`), the no-token guidance, the
//! README and `/setup check` all read it from here, so they cannot disagree.

use serenity::all::Permissions;

/// Pin and unpin messages. Discord split it from Manage Messages on
/// 2026-02-23; serenity 0.12 has no constant for it.
pub const PIN_MESSAGES: Permissions = Permissions::from_bits_retain(1 << 51);

/// One permission and the feature that uses it.
#[derive(Debug, Clone, Copy)]
pub struct Need {
    pub permission: Permissions,
    /// As Discord's client shows it (the invite screen, role settings).
    pub name: &'static str,
    pub used_for: &'static str,
}

/// What the bot's features do on Discord, one permission each.
pub const NEEDS: &[Need] = &[
    Need {
        permission: Permissions::VIEW_CHANNEL,
        name: "View Channels",
        used_for: "every channel the event file names, team channels",
    },
    Need {
        permission: Permissions::SEND_MESSAGES,
        name: "Send Messages",
        used_for: "announcements, reminders, the log, team channels, help forum posts",
    },
    Need {
        permission: Permissions::SEND_MESSAGES_IN_THREADS,
        name: "Send Messages in Threads",
        used_for: "help tickets, looking-for-team threads",
    },
    Need {
        permission: Permissions::CREATE_PUBLIC_THREADS,
        name: "Create Public Threads",
        used_for: "/lft post",
    },
    Need {
        permission: Permissions::EMBED_LINKS,
        name: "Embed Links",
        used_for: "the /ask post's summary",
    },
    Need {
        permission: Permissions::READ_MESSAGE_HISTORY,
        name: "Read Message History",
        used_for: "the GPU board, the pinned team welcome, ticket recovery",
    },
    Need {
        permission: Permissions::MENTION_EVERYONE,
        name: "Mention @everyone, @here, and All Roles",
        used_for: "pings of team and mentor roles (never @everyone: allowed mentions)",
    },
    Need {
        permission: PIN_MESSAGES,
        name: "Pin Messages",
        used_for: "the team channel's welcome",
    },
    Need {
        permission: Permissions::MANAGE_ROLES,
        name: "Manage Roles",
        used_for: "team roles, channel permissions, /setup apply",
    },
    Need {
        permission: Permissions::MANAGE_CHANNELS,
        name: "Manage Channels",
        used_for: "team channels and categories, /setup apply",
    },
    Need {
        permission: Permissions::MANAGE_THREADS,
        name: "Manage Threads",
        used_for: "tags and archiving of help posts, closing looking-for-team threads",
    },
];

const fn union(needs: &[Need]) -> Permissions {
    let mut bits = 0;
    let mut i = 0;
    while i < needs.len() {
        bits |= needs[i].permission.bits();
        i += 1;
    }
    Permissions::from_bits_retain(bits)
}

/// Every permission in [`NEEDS`].
pub const REQUIRED: Permissions = union(NEEDS);

/// The names of the needed permissions in `missing`, in [`NEEDS`] order.
pub fn names(missing: Permissions) -> Vec<&'static str> {
    NEEDS
        .iter()
        .filter(|n| missing.contains(n.permission))
        .map(|n| n.name)
        .collect()
}

/// The OAuth2 URL that adds the bot to a server with its commands and
/// exactly [`REQUIRED`].
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope=bot%20applications.commands&permissions={}",
        REQUIRED.bits()
    )
}

/// A bot token's first part is its user id (which is the application id) in
/// base64; `None` when it is not.
pub fn application_id_from_token(token: &str) -> Option<u64> {
    let first = token.split('.').next()?;
    let decoded = decode_base64(first)?;
    let id = std::str::from_utf8(&decoded).ok()?;
    id.parse().ok().filter(|id| *id > 0)
}

/// Standard or URL-safe base64, padding optional.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.trim_end_matches('=').bytes() {
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_is_what_the_features_use_and_nothing_else() {
        assert_eq!(NEEDS.len(), REQUIRED.bits().count_ones() as usize);
        assert!(REQUIRED.contains(PIN_MESSAGES));
        assert!(!REQUIRED.contains(Permissions::MANAGE_MESSAGES));
        assert!(!REQUIRED.contains(Permissions::ADMINISTRATOR));
        assert!(
            !REQUIRED.contains(Permissions::CREATE_EVENTS),
            "no scheduled events"
        );
    }

    #[test]
    fn the_application_id_is_read_from_a_token() {
        // "123456789012345678" in base64, as Discord writes the first part.
        assert_eq!(
            application_id_from_token("MTIzNDU2Nzg5MDEyMzQ1Njc4.G1a2b3.secret"),
            Some(123456789012345678)
        );
        assert_eq!(application_id_from_token("not a token"), None);
        assert_eq!(application_id_from_token(""), None);
    }

    #[test]
    fn the_invite_url_carries_the_scopes_and_the_set() {
        let url = invite_url(42);
        assert!(url.contains("client_id=42"));
        assert!(url.contains("scope=bot%20applications.commands"));
        assert!(url.ends_with(&format!("permissions={}", REQUIRED.bits())));
    }
}
