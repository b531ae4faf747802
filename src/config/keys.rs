//! Keys of the event file's `[roles]` and `[channels]`: the names by which
//! code asks for an event role or channel (its id is looked up by key).

pub const ORGANIZER: &str = "organizer";
pub const MENTOR: &str = "mentor";
pub const FIND_TEAM: &str = "find_team";
pub const HELP_FORUM: &str = "help_forum";
pub const INTROS: &str = "intros";
pub const ANNOUNCEMENTS: &str = "announcements";
pub const LOG: &str = "log";
pub const PROJECTS_CATEGORY: &str = "projects_category";
pub const GPU_BOARD: &str = "gpu_board";
/// Skill roles of `[help] mentor_skills` are `skill:<tag>`.
pub const SKILL_PREFIX: &str = "skill:";
/// Honorary roles of `[jury] honorary_roles` are `honorary:<place>`.
pub const HONORARY_PREFIX: &str = "honorary:";
/// The jury's role (`[jury] judge_role`), wanted only when the event has a jury.
pub const JUDGE: &str = "judge";
