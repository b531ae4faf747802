//! Roles and members.

use serde_json::{json, Value};

use super::super::fixtures::{self, id_of, sf};
use super::{ApiError, ApiResult, State};

impl State {
    // ---- roles and members ----

    /// Inserts `role` at position 1, above `@everyone` and below every other role, as
    /// Discord places new roles (the others move up by one).
    pub fn insert_role_at_bottom(&mut self, mut role: Value) -> Value {
        for other in self.roles.values_mut() {
            let position = other["position"].as_u64().unwrap_or(0);
            if position >= 1 {
                other["position"] = json!(position + 1);
            }
        }
        role["position"] = json!(1);
        let id = id_of(&role["id"]).expect("role id");
        self.roles.insert(id, role.clone());
        role
    }

    /// The position of the bot's highest role: it can only manage roles below it.
    pub fn bot_top_position(&self) -> u64 {
        let bot = self.members.get(&fixtures::BOT_USER_ID);
        let roles = bot
            .and_then(|m| m["roles"].as_array())
            .into_iter()
            .flatten();
        roles
            .filter_map(|r| self.roles.get(&id_of(r)?))
            .filter_map(|r| r["position"].as_u64())
            .max()
            .unwrap_or(0)
    }

    /// 50013 if the bot's highest role is not above `role_id` (Discord's role hierarchy).
    fn check_hierarchy(&self, role_id: u64) -> Result<(), ApiError> {
        let role = self
            .roles
            .get(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        if role["position"].as_u64().unwrap_or(0) >= self.bot_top_position() {
            return Err(ApiError::new(403, 50013, "Missing Permissions"));
        }
        Ok(())
    }

    pub fn create_role(&mut self, body: &Value) -> ApiResult {
        if self.roles.len() >= 250 {
            return Err(ApiError::new(
                400,
                30005,
                "Maximum number of guild roles reached (250)",
            ));
        }
        let id = self.next_id();
        let permissions = match &body["permissions"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => "0".into(),
        };
        let mut role = fixtures::role(
            id,
            body["name"].as_str().unwrap_or("new role"),
            1,
            &permissions,
        );
        for key in ["color", "hoist", "mentionable", "unicode_emoji"] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                role[key] = value.clone();
            }
        }
        role["colors"]["primary_color"] = role["color"].clone();
        Ok(self.insert_role_at_bottom(role))
    }

    pub fn modify_role(&mut self, role_id: u64, body: &Value) -> ApiResult {
        self.check_hierarchy(role_id)?;
        let role = self
            .roles
            .get_mut(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        for (key, value) in body.as_object().into_iter().flatten() {
            if key == "permissions" && value.is_number() {
                role[key] = json!(value.to_string());
            } else if !value.is_null() || key == "unicode_emoji" {
                role[key] = value.clone();
            }
        }
        role["colors"]["primary_color"] = role["color"].clone();
        Ok(role.clone())
    }

    /// `PATCH /guilds/{g}/roles` with `[{id, position}]`.
    pub fn reorder_roles(&mut self, body: &Value) -> ApiResult {
        for entry in body.as_array().into_iter().flatten() {
            let id = entry
                .get("id")
                .and_then(id_of)
                .ok_or_else(|| ApiError::invalid_form_body("id"))?;
            self.check_hierarchy(id)?;
            let role = self.roles.get_mut(&id).ok_or_else(ApiError::unknown_role)?;
            role["position"] = entry["position"].clone();
        }
        Ok(Value::Array(self.roles_sorted()))
    }

    pub fn delete_role(&mut self, role_id: u64) -> Result<(), ApiError> {
        self.check_hierarchy(role_id)?;
        self.roles
            .remove(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        for member in self.members.values_mut() {
            if let Some(roles) = member["roles"].as_array_mut() {
                roles.retain(|r| id_of(r) != Some(role_id));
            }
        }
        Ok(())
    }

    pub fn member(&self, user_id: u64) -> ApiResult {
        self.members
            .get(&user_id)
            .cloned()
            .ok_or_else(ApiError::unknown_member)
    }

    pub fn add_member_role(&mut self, user_id: u64, role_id: u64) -> Result<(), ApiError> {
        self.check_hierarchy(role_id)?;
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        let roles = member["roles"].as_array_mut().expect("roles is an array");
        if !roles.iter().any(|r| id_of(r) == Some(role_id)) {
            roles.push(sf(role_id));
        }
        Ok(())
    }

    pub fn remove_member_role(&mut self, user_id: u64, role_id: u64) -> Result<(), ApiError> {
        self.check_hierarchy(role_id)?;
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        member["roles"]
            .as_array_mut()
            .expect("roles is an array")
            .retain(|r| id_of(r) != Some(role_id));
        Ok(())
    }

    /// `PATCH /guilds/{g}/members/{u}` (roles, nick).
    pub fn modify_member(&mut self, user_id: u64, body: &Value) -> ApiResult {
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        for key in ["roles", "nick", "communication_disabled_until"] {
            if let Some(value) = body.get(key) {
                member[key] = value.clone();
            }
        }
        Ok(member.clone())
    }
}
