//! The size limits Discord puts on what a bot sends — a message's content,
//! components and embeds, and a modal — refused as Discord refuses them:
//! 400 with code 50035 (Invalid Form Body). Documented in Discord's
//! "Message", "Message Components" and "Interactions" references.

use serde_json::Value;

use super::state::ApiError;

/// Checks the message or modal a request carries, if it carries one.
pub fn check(method: &str, segments: &[&str], body: &Value) -> Result<(), ApiError> {
    match (method, segments) {
        ("POST", ["interactions", _, _, "callback"]) => match body["type"].as_u64() {
            Some(4 | 7) => message(&body["data"], "data"),
            Some(9) => modal(&body["data"]),
            _ => Ok(()),
        },
        ("POST" | "PATCH", ["channels", _, "messages", ..])
        | ("POST" | "PATCH", ["webhooks", ..]) => message(body, ""),
        ("POST", ["channels", _, "threads"]) if body["message"].is_object() => {
            message(&body["message"], "message")
        }
        _ => Ok(()),
    }
}

fn refuse(path: &str, field: &str, why: &str) -> ApiError {
    let at = if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    };
    ApiError::invalid_form_body(&format!("{at}: {why}"))
}

fn at_most(v: &Value, max: usize, path: &str, field: &str) -> Result<(), ApiError> {
    match v[field].as_str() {
        Some(s) if s.chars().count() > max => Err(refuse(
            path,
            field,
            &format!("Must be {max} or fewer in length."),
        )),
        _ => Ok(()),
    }
}

fn message(m: &Value, path: &str) -> Result<(), ApiError> {
    at_most(m, 2000, path, "content")?;
    if let Some(embeds) = m["embeds"].as_array() {
        if embeds.len() > 10 {
            return Err(refuse(path, "embeds", "Must be 10 or fewer in length."));
        }
        for e in embeds {
            embed(e, path)?;
        }
    }
    let Some(rows) = m["components"].as_array() else {
        return Ok(());
    };
    if rows.len() > 5 {
        return Err(refuse(path, "components", "Must be 5 or fewer in length."));
    }
    for row in rows {
        let items = row["components"].as_array().map_or(&[][..], Vec::as_slice);
        if row["type"] != 1 || items.is_empty() || items.len() > 5 {
            return Err(refuse(
                path,
                "components",
                "an action row holds 1 to 5 components",
            ));
        }
        for c in items {
            component(c, path)?;
        }
    }
    Ok(())
}

fn embed(e: &Value, path: &str) -> Result<(), ApiError> {
    at_most(e, 256, path, "title")?;
    at_most(e, 4096, path, "description")?;
    at_most(&e["footer"], 2048, path, "text")?;
    at_most(&e["author"], 256, path, "name")?;
    let fields = e["fields"].as_array().map_or(&[][..], Vec::as_slice);
    if fields.len() > 25 {
        return Err(refuse(path, "fields", "Must be 25 or fewer in length."));
    }
    for f in fields {
        at_most(f, 256, path, "name")?;
        at_most(f, 1024, path, "value")?;
    }
    Ok(())
}

fn component(c: &Value, path: &str) -> Result<(), ApiError> {
    at_most(c, 100, path, "custom_id")?;
    match c["type"].as_u64() {
        Some(2) => {
            at_most(c, 80, path, "label")?;
            // Link buttons (style 5) carry a url; every other style a custom id.
            if c["style"] != 5 && !matches!(c["custom_id"].as_str(), Some(id) if !id.is_empty()) {
                return Err(refuse(path, "custom_id", "This field is required"));
            }
            Ok(())
        }
        Some(3 | 5 | 6 | 7 | 8) => {
            at_most(c, 150, path, "placeholder")?;
            let options = c["options"].as_array().map_or(&[][..], Vec::as_slice);
            if options.len() > 25 {
                return Err(refuse(path, "options", "Must be 25 or fewer in length."));
            }
            for o in options {
                at_most(o, 100, path, "label")?;
                at_most(o, 100, path, "value")?;
                at_most(o, 100, path, "description")?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn modal(m: &Value) -> Result<(), ApiError> {
    let path = "data";
    if !matches!(m["title"].as_str(), Some(t) if !t.is_empty()) {
        return Err(refuse(path, "title", "This field is required"));
    }
    at_most(m, 45, path, "title")?;
    at_most(m, 100, path, "custom_id")?;
    let rows = m["components"].as_array().map_or(&[][..], Vec::as_slice);
    if rows.is_empty() || rows.len() > 5 {
        return Err(refuse(path, "components", "a modal holds 1 to 5 rows"));
    }
    for row in rows {
        for input in row["components"].as_array().map_or(&[][..], Vec::as_slice) {
            at_most(input, 100, path, "custom_id")?;
            at_most(input, 45, path, "label")?;
            at_most(input, 100, path, "placeholder")?;
            at_most(input, 4000, path, "value")?;
            for (field, min) in [("min_length", 0), ("max_length", 1)] {
                if let Some(n) = input[field].as_u64() {
                    if n < min || n > 4000 {
                        return Err(refuse(path, field, "out of range (0..4000)"));
                    }
                }
            }
        }
    }
    Ok(())
}
