use super::*;

const SHIPPED: &str = include_str!("../../events/somos600m.toml");

#[test]
fn the_shipped_event_file_is_valid() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.hub.organization, "somosnlp");
    assert_eq!(config.teams.max_size, 5);
    let submission = config.deadline("submission").expect("submission deadline");
    // 23:59 Anywhere on Earth is 11:59 UTC the next day.
    assert_eq!(
        submission.at_utc().to_rfc3339(),
        "2024-03-25T11:59:00+00:00"
    );
    assert!(config.registration_closes_at().is_some());
}

#[test]
fn three_mistakes_are_all_reported_with_their_paths() {
    let text = SHIPPED
        .replace("max_size = 5", "max_size = \"five\"")
        .replace("at = 2024-03-24T23:59:00-12:00", "at = 2024-03-24T23:59:00")
        .replace("default_hours = 168", "default_hours = 999");
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    assert!(shown.contains("teams"), "{shown}");
    assert!(shown.contains("deadlines[3].at"), "{shown}");
    assert!(shown.contains("explicit offset"), "{shown}");
    assert!(shown.contains("gpu.pool[3].default_hours"), "{shown}");
    assert_eq!(problems.len(), 3, "{shown}");
    assert!(problems.0.iter().all(|p| p.line.is_some()), "{shown}");
}

#[test]
fn semantic_mistakes_are_reported_with_their_lines() {
    let text = SHIPPED
        .replace("max_size = 5", "max_size = 0")
        .replace(
            "registration_closes = \"registration-closes\"",
            "registration_closes = \"nope\"",
        )
        .replace("id = \"winners\"", "id = \"start\"");
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    assert!(shown.contains("teams.max_size"), "{shown}");
    assert!(shown.contains("teams.registration_closes"), "{shown}");
    assert!(
        shown.contains("deadlines[5].id: is used by another deadline"),
        "{shown}"
    );
    let line = problems
        .0
        .iter()
        .find(|p| p.path.to_string() == "teams.max_size")
        .and_then(|p| p.line)
        .expect("line");
    assert_eq!(
        text.lines().nth(line - 1).map(str::trim_start),
        Some("max_size = 0")
    );
}

#[test]
fn a_syntax_error_gives_its_line() {
    let problems = EventConfig::parse("[event]\nid = \"x\"\nname = \n").expect_err("must fail");
    assert_eq!(problems.0[0].line, Some(3), "{problems}");
}

#[test]
fn unknown_sections_and_missing_sections_are_named() {
    let problems = EventConfig::parse("[evnt]\nid = \"x\"\n").expect_err("must fail");
    let shown = problems.to_string();
    assert!(shown.contains("evnt: unknown section"), "{shown}");
    assert!(shown.contains("event: missing section"), "{shown}");
}

#[test]
fn the_shipped_card_rules_are_the_defaults() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.cards, crate::hub::rules::CardRules::default());
}

#[test]
fn mentor_skills_are_read_and_their_mistakes_reported() {
    let with_skills = SHIPPED.replace(
        "[scheduler]",
        "[[help.mentor_skills]]\ntag = \"datasets\"\nrole = \"Mentor datos\"\n\n\
         [[help.mentor_skills]]\ntag = \"gpu\"\nusers = [42, 43]\n\n[scheduler]",
    );
    let config = EventConfig::parse(&with_skills).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.help.mentor_skills.len(), 2);
    assert_eq!(config.help.mentor_skills[1].users, vec![42, 43]);
    assert!(EventConfig::parse(SHIPPED)
        .unwrap_or_else(|p| panic!("{p}"))
        .help
        .mentor_skills
        .is_empty());

    let bad = SHIPPED.replace(
        "[scheduler]",
        "[[help.mentor_skills]]\ntag = \"datasets\"\n\n\
         [[help.mentor_skills]]\ntag = \"hackathon\"\nusers = [1]\n\n\
         [[help.mentor_skills]]\ntag = \"DATASETS\"\nrole = \"x\"\n\n[scheduler]",
    );
    let problems = EventConfig::parse(&bad).expect_err("must fail");
    let shown = problems.to_string();
    assert!(
        shown.contains("help.mentor_skills[0]: needs a role or users"),
        "{shown}"
    );
    assert!(
        shown.contains("help.mentor_skills[1].tag: is the event or a status tag"),
        "{shown}"
    );
    assert!(
        shown.contains("help.mentor_skills[2].tag: is used by another mentor skill"),
        "{shown}"
    );
    assert_eq!(problems.len(), 3, "{shown}");
}

#[test]
fn the_shipped_path_has_ten_steps_with_known_deadlines() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.path.steps.len(), 10);
    assert_eq!(config.path.steps[0].check, PathCheck::Introduced);
    assert_eq!(config.path.steps[9].check, PathCheck::Submitted);
    for s in &config.path.steps {
        let d = s
            .deadline
            .as_deref()
            .expect("every shipped step has a date");
        assert!(config.deadline(d).is_some(), "{d}");
    }
    assert!(!config.welcome.enabled, "the welcome is off unless enabled");
}

#[test]
fn an_unknown_check_and_an_unknown_deadline_are_reported_with_their_paths() {
    let text = SHIPPED
        .replace("check = \"dataset-card\"", "check = \"dataset-cards\"")
        .replacen(
            "deadline = \"teams-formed\"",
            "deadline = \"teams-made\"",
            1,
        );
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    assert!(shown.contains("path.steps[5].check"), "{shown}");
    assert!(shown.contains("dataset-cards"), "{shown}");
    assert!(shown.contains("path.steps[0].deadline"), "{shown}");
    assert!(problems.0.iter().all(|p| p.line.is_some()), "{shown}");
}

#[test]
fn a_path_is_optional_and_the_welcome_defaults_to_off() {
    let start = SHIPPED.find("[path]").unwrap();
    let end = SHIPPED.find("# What a complete card").unwrap();
    let text = format!("{}{}", &SHIPPED[..start], &SHIPPED[end..]);
    let config = EventConfig::parse(&text).unwrap_or_else(|p| panic!("{p}"));
    assert!(config.path.steps.is_empty());
    assert!(!config.welcome.enabled);
}

#[test]
fn the_shipped_rubric_is_the_2024_one() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    let jury = config.jury.as_ref().expect("[jury]");
    let points: Vec<(&str, f64)> = jury
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.points))
        .collect();
    assert_eq!(
        points,
        [
            ("corpus", 4.0),
            ("model", 3.0),
            ("demo", 1.0),
            ("project", 2.0)
        ]
    );
    assert_eq!(jury.out_of(), 10.0);
    let corpus_only: f64 = jury.groups_for(true).map(|g| g.points).sum();
    assert_eq!(corpus_only, 7.0);
    assert_eq!(jury.extra_points, 1.0);
    assert!(config.deadline(&jury.scoring_closes).is_some());
}

#[test]
fn jury_mistakes_are_reported_with_their_key_paths() {
    let text = SHIPPED
        .replace(
            "scoring_closes = \"scoring-closes\"",
            "scoring_closes = \"never\"",
        )
        .replace(
            "points = 3\ncorpus_only = false",
            "points = 3.3\ncorpus_only = false",
        )
        .replace("corpus_only_out_of = 7", "corpus_only_out_of = 6")
        .replace("judge_role = \"Jurado\"", "judge_role = \"Mentor\"")
        .replace("id = \"demo\"", "id = \"corpus\"");
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    for expected in [
        "jury.scoring_closes: names no deadline",
        "jury.groups[1].points: must be 0.5-100 in steps of 0.5",
        "jury.corpus_only_out_of",
        "jury.judge_role: must differ",
        "jury.groups[2].id: is used by another group",
    ] {
        assert!(shown.contains(expected), "{expected} not in {shown}");
    }
    assert!(problems.0.iter().all(|p| p.line.is_some()), "{shown}");
}

#[test]
fn an_event_without_a_jury_is_valid() {
    let start = SHIPPED.find("[jury]").expect("jury");
    let end = SHIPPED.find("[[gpu.pool]]").expect("gpu");
    let text = format!("{}{}", &SHIPPED[..start], &SHIPPED[end..]);
    let config = EventConfig::parse(&text).unwrap_or_else(|p| panic!("{p}"));
    assert!(config.jury.is_none());
}

#[test]
fn the_team_cap_leaves_room_for_discords_role_and_channel_limits() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    let footprint = ServerFootprint::of(&config);
    // @everyone, the bot's role, organizer, mentor, participant; five
    // channels, the projects category and the GPU board.
    assert_eq!((footprint.roles, footprint.channels), (5, 7));
    let cap = config.team_cap();
    assert_eq!(cap, 215, "250 roles - 30 free - 5 of the event");
    let used = footprint.with_teams(cap);
    assert!(
        used.roles + 30 <= 250 && used.channels + 50 <= 500,
        "{used:?}"
    );
    assert!(!footprint.leaves_room_for(cap + 1));
    // Mentor skill roles count too.
    let with_skills = SHIPPED.replace(
        "[scheduler]",
        "[[help.mentor_skills]]\ntag = \"datasets\"\nrole = \"Mentor datos\"\n\n[scheduler]",
    );
    let config = EventConfig::parse(&with_skills).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.team_cap(), 214);
    assert_eq!(config.limits, LimitsSettings::default());
}

#[test]
fn caps_are_read_and_checked_against_the_server_plan() {
    let set = SHIPPED.replace("# max_teams = 200", "max_teams = 120");
    let config = EventConfig::parse(&set).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.team_cap(), 120);

    let bad = SHIPPED
        .replace("# max_teams = 200", "max_teams = 240")
        .replace(
            "pending_invitations_per_team = 5",
            "pending_invitations_per_team = 0",
        )
        .replace(
            "create_after_disband_hours = 12",
            "create_after_disband_hours = 1000",
        );
    let problems = EventConfig::parse(&bad).expect_err("must fail");
    let shown = problems.to_string();
    assert!(
        shown.contains("limits.max_teams: leaves fewer than 30 free roles")
            && shown.contains("at most 215"),
        "{shown}"
    );
    assert!(
        shown.contains("limits.pending_invitations_per_team: must be at least 1"),
        "{shown}"
    );
    assert!(
        shown.contains("limits.create_after_disband_hours: must be at most 720"),
        "{shown}"
    );
    assert_eq!(problems.len(), 3, "{shown}");
    let unknown = SHIPPED.replace("lft_posts_per_day = 3", "lft_per_day = 3");
    let shown = EventConfig::parse(&unknown)
        .expect_err("must fail")
        .to_string();
    assert!(shown.contains("limits"), "{shown}");
}

#[test]
fn team_prefixes_default_and_are_checked() {
    let without = SHIPPED.replace(
        "role_prefix = \"Equipo · \"\nchannel_prefix = \"equipo-\"\n",
        "",
    );
    assert_ne!(without, SHIPPED, "the shipped file spells the prefixes out");
    let event = EventConfig::parse(&without).expect("defaults");
    assert_eq!(event.teams.role_prefix, "Equipo · ");
    assert_eq!(event.teams.channel_prefix, "equipo-");
    let text = SHIPPED.replace(
        "role_prefix = \"Equipo · \"\nchannel_prefix = \"equipo-\"",
        "role_prefix = \"Organi\"\nchannel_prefix = \"Equipo #\"",
    );
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    assert!(shown.contains("teams.role_prefix"), "{shown}");
    assert!(shown.contains("teams.channel_prefix"), "{shown}");
    let text = SHIPPED.replace(
        "role_prefix = \"Equipo · \"\nchannel_prefix = \"equipo-\"",
        "role_prefix = \"Team: \"\nchannel_prefix = \"anun\"",
    );
    let shown = EventConfig::parse(&text)
        .expect_err("must fail")
        .to_string();
    assert!(
        shown.contains("teams.role_prefix: must not contain"),
        "{shown}"
    );
    assert!(
        shown.contains("teams.channel_prefix: must not begin"),
        "{shown}"
    );
    let text = SHIPPED.replace(
        "role_prefix = \"Equipo · \"\nchannel_prefix = \"equipo-\"",
        "role_prefix = \"Team \"\nchannel_prefix = \"team-\"",
    );
    let event = EventConfig::parse(&text).expect("valid prefixes");
    assert_eq!(event.teams.channel_prefix, "team-");
}

#[test]
fn the_shipped_hub_budget_is_the_default_and_well_inside_the_anonymous_limit() {
    let config = EventConfig::parse(SHIPPED).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(config.hub.budget, BudgetSettings::default());
    assert!(config.hub.budget.worst_case(300) <= 300);
    let without = SHIPPED.replace("[hub.budget]", "[hub.budget_unused]");
    assert!(
        EventConfig::parse(&without).is_err(),
        "unknown keys are refused"
    );
}

#[test]
fn a_hub_budget_over_the_anonymous_limit_or_without_room_is_refused() {
    let text = SHIPPED
        .replace("requests_per_window = 200", "requests_per_window = 450")
        .replace("reserve = 30", "reserve = 100")
        .replace("max_wait_seconds = 20", "max_wait_seconds = 600");
    let shown = EventConfig::parse(&text)
        .expect_err("must fail")
        .to_string();
    assert!(
        shown.contains("hub.budget.burst") && shown.contains("550 requests in 5 minutes"),
        "{shown}"
    );
    assert!(shown.contains("hub.budget.reserve"), "{shown}");
    assert!(shown.contains("hub.budget.max_wait_seconds"), "{shown}");
}

#[test]
fn pool_names_follow_the_machine_name_rule() {
    let text = SHIPPED
        .replace("name = \"vm-a10g-1\"", "name = \"vm a10g 1\"")
        .replace("name = \"vm-a10g-2\"", "name = \"vm`2\"");
    let problems = EventConfig::parse(&text).expect_err("must fail");
    let shown = problems.to_string();
    assert!(
        shown.contains("gpu.pool[0].name: must have no spaces"),
        "{shown}"
    );
    assert!(
        shown.contains("gpu.pool[1].name: must have no spaces"),
        "{shown}"
    );
    assert_eq!(problems.len(), 2, "{shown}");
}
