//! A GPU machine's name: one rule for the event file's `[[gpu.pool]]`, for
//! `/gpu pool add` and for the pool use cases. Names are shown in code spans
//! and matched case-insensitively, so they carry no spaces, no backticks
//! and nothing invisible.

use crate::text::is_clean;

/// A valid GPU machine name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MachineName(String);

/// Why a machine name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MachineNameError {
    #[error("must be 1-{} characters", MachineName::MAX_CHARS)]
    Length,
    #[error("must have no spaces, backticks or invisible characters")]
    Characters,
}

impl MachineName {
    pub const MAX_CHARS: usize = 64;

    /// Reads a name, ignoring surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, MachineNameError> {
        let name = input.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS {
            return Err(MachineNameError::Length);
        }
        if name.chars().any(|c| c.is_whitespace() || c == '`') || !is_clean(name) {
            return Err(MachineNameError::Characters);
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_the_pool_are_read() {
        for good in ["vm-24gb-1", "A100_2", "t4.small", "máquina-ñ", "H100#3"] {
            assert_eq!(MachineName::parse(good).map(|n| n.0), Ok(good.to_string()));
        }
        assert_eq!(
            MachineName::parse("  vm-1 ").map(MachineName::into_string),
            Ok("vm-1".to_string()),
            "surrounding spaces are not part of the name"
        );
    }

    #[test]
    fn names_are_one_to_sixty_four_characters() {
        assert_eq!(MachineName::parse(""), Err(MachineNameError::Length));
        assert_eq!(MachineName::parse("   "), Err(MachineNameError::Length));
        let longest = "ñ".repeat(MachineName::MAX_CHARS);
        assert!(
            MachineName::parse(&longest).is_ok(),
            "counted in characters"
        );
        let longer = "a".repeat(MachineName::MAX_CHARS + 1);
        assert_eq!(MachineName::parse(&longer), Err(MachineNameError::Length));
    }

    #[test]
    fn spaces_backticks_and_hidden_characters_are_refused() {
        for bad in [
            "vm 1",
            "vm\t1",
            "vm`1",
            "vm\u{200B}1",
            "vm\u{202E}1",
            "vm\u{0007}1",
        ] {
            assert_eq!(
                MachineName::parse(bad),
                Err(MachineNameError::Characters),
                "{bad:?}"
            );
        }
    }
}
