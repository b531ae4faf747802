use super::*;
use crate::hub::{Finding, Message, RepoFacts};

fn event() -> EventConfig {
    EventConfig::parse(include_str!("../../../events/somos600m.toml")).expect("shipped event")
}

fn team(name: &str) -> Team {
    Team {
        id: 1,
        event_id: "e".into(),
        name: name.into(),
        topic: "t".into(),
        ods: None,
        captain_id: 1,
        max_members: 5,
        member_count: 1,
        is_open: false,
        role_id: None,
        channel_id: None,
        late_submission_until: None,
        registration_override_until: None,
        created_at: Utc::now(),
    }
}

fn person(hf: Option<&str>, introduced: bool) -> PersonFacts {
    PersonFacts {
        user_id: 1,
        joined: true,
        introduced,
        hf_username: hf.map(str::to_string),
        hub_org_member: None,
    }
}

fn repo(kind: RepoKind, id: &str, findings: Vec<Finding>, stage: Option<&str>) -> RepoReport {
    let facts = RepoFacts {
        exists: true,
        in_organization: id.starts_with("somosnlp/"),
        public: true,
        runtime_stage: stage.map(str::to_string),
        ..RepoFacts::default()
    };
    RepoReport::new(
        id,
        Some(kind),
        Some(RepoId::parse(kind, id).unwrap()),
        Some(facts),
        findings,
        false,
    )
}

fn checked(repos: Vec<RepoReport>) -> HubView {
    HubView::Checked {
        report: Box::new(Report::new("somosnlp", None, repos, vec![])),
        at: Utc::now(),
    }
}

fn team_facts(hub: HubView) -> TeamFacts {
    TeamFacts {
        team: team("NoticIA"),
        members: vec![person(Some("ana"), true)],
        gpu: GpuFacts::default(),
        submission: None,
        hub,
        failed_attempt: None,
    }
}

fn error(id: &str) -> Finding {
    Finding::error(
        id,
        Message::new("hub-card-missing"),
        Message::new("hub-card-missing-hint"),
    )
}

fn statuses(event: &EventConfig, view: &PathView) -> Vec<(String, StepStatus)> {
    view.steps
        .iter()
        .map(|s| (event.path.steps[s.index].id.clone(), s.status))
        .collect()
}

fn status_of(event: &EventConfig, view: &PathView, id: &str) -> StepStatus {
    statuses(event, view)
        .into_iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no step {id}"))
        .1
}

#[test]
fn a_new_participant_has_every_step_open_and_the_first_next() {
    let event = event();
    let view = evaluate_person(&event.path.steps, &person(None, false), None);
    assert_eq!(view.steps.len(), 10);
    assert!(
        view.steps.iter().all(|s| s.status != StepStatus::Done),
        "{:?}",
        statuses(&event, &view)
    );
    assert_eq!(view.next, Some(0));
    // The registration form cannot be seen: unknown, never ❌.
    assert_eq!(
        status_of(&event, &view, "register"),
        StepStatus::CannotCheck
    );
}

#[test]
fn the_member_list_decides_the_org_step() {
    let event = event();
    let mut p = person(Some("ana"), true);
    p.hub_org_member = Some(true);
    let view = evaluate_person(&event.path.steps, &p, None);
    assert_eq!(status_of(&event, &view, "hub-org"), StepStatus::Done);
    assert_eq!(view.steps[1].detail, Detail::HfUser("ana".to_string()));
    p.hub_org_member = Some(false);
    let view = evaluate_person(&event.path.steps, &p, None);
    assert_eq!(status_of(&event, &view, "hub-org"), StepStatus::Missing);
    assert_eq!(
        view.steps[1].detail,
        Detail::NotOrgMember("ana".to_string())
    );
}

#[test]
fn linking_a_username_leaves_org_membership_honestly_unknown() {
    let event = event();
    let view = evaluate_person(&event.path.steps, &person(Some("ana"), true), None);
    assert_eq!(status_of(&event, &view, "intros"), StepStatus::Done);
    assert_eq!(status_of(&event, &view, "hub-org"), StepStatus::CannotCheck);
    assert_eq!(view.steps[1].detail, Detail::OrgUnknown("ana".to_string()));
    // Unknowable steps are not "next": the team is.
    assert_eq!(
        event.path.steps[view.steps[view.next.unwrap()].index].id,
        "team"
    );
}

#[test]
fn a_dataset_in_the_organization_is_done_and_its_card_problems_counted() {
    let event = event();
    let hub = checked(vec![repo(
        RepoKind::Dataset,
        "somosnlp/NoticIA-it",
        vec![
            error("dataset.section.bias"),
            error("dataset.commits.deadline"),
        ],
        None,
    )]);
    let t = team_facts(hub);
    let view = evaluate_person(&event.path.steps, &person(Some("ana"), true), Some(&t));
    assert_eq!(status_of(&event, &view, "team"), StepStatus::Done);
    assert_eq!(status_of(&event, &view, "dataset"), StepStatus::Done);
    assert_eq!(
        status_of(&event, &view, "dataset-card"),
        StepStatus::Missing
    );
    let card = view
        .steps
        .iter()
        .find(|s| event.path.steps[s.index].id == "dataset-card")
        .unwrap();
    assert_eq!(
        card.detail,
        Detail::CardProblems {
            repo: "somosnlp/NoticIA-it".into(),
            count: 1
        }
    );
    assert_eq!(
        event.path.steps[view.steps[view.next.unwrap()].index].id,
        "dataset-card"
    );
    assert_eq!(status_of(&event, &view, "model"), StepStatus::Missing);
}

#[test]
fn a_hub_outage_is_could_not_check_for_hub_steps_only() {
    let event = event();
    let t = team_facts(HubView::Unavailable { at: Utc::now() });
    let view = evaluate_person(&event.path.steps, &person(Some("ana"), true), Some(&t));
    for id in ["dataset", "dataset-card", "model", "model-card", "demo"] {
        assert_eq!(
            status_of(&event, &view, id),
            StepStatus::CouldNotCheck,
            "{id}"
        );
        assert_eq!(StepStatus::CouldNotCheck.icon(), "⏳");
    }
    assert_eq!(status_of(&event, &view, "team"), StepStatus::Done);
    assert_eq!(status_of(&event, &view, "submit"), StepStatus::Missing);
    // A report whose every repo was unreachable is an outage too.
    let unreachable = RepoReport::new("x", Some(RepoKind::Dataset), None, None, vec![], true);
    let view = HubView::from_report(
        Report::new("somosnlp", None, vec![unreachable], vec![]),
        Utc::now(),
    );
    assert!(matches!(view, HubView::Unavailable { .. }));
}

#[test]
fn a_queued_gpu_request_puts_the_model_under_way() {
    let event = event();
    let mut t = team_facts(checked(vec![]));
    t.gpu.queued = true;
    let view = evaluate_team(&event.path.steps, &t);
    assert_eq!(status_of(&event, &view, "model"), StepStatus::InProgress);
    t.gpu = GpuFacts {
        queued: false,
        lease: Some(("vm-a10g-1".into(), Utc::now())),
        ever_leased: true,
    };
    let view = evaluate_team(&event.path.steps, &t);
    assert_eq!(status_of(&event, &view, "model"), StepStatus::InProgress);
    assert!(matches!(view.steps[6].detail, Detail::GpuLease { .. }));
}

#[test]
fn a_demo_that_does_not_run_is_not_done() {
    let event = event();
    let space = repo(
        RepoKind::Space,
        "somosnlp/NoticIA-demo",
        vec![error("space.runtime")],
        Some("RUNTIME_ERROR"),
    );
    let view = evaluate_team(&event.path.steps, &team_facts(checked(vec![space])));
    assert_eq!(status_of(&event, &view, "demo"), StepStatus::Missing);
    let building = repo(
        RepoKind::Space,
        "somosnlp/NoticIA-demo",
        vec![error("space.runtime")],
        Some("BUILDING"),
    );
    let view = evaluate_team(&event.path.steps, &team_facts(checked(vec![building])));
    assert_eq!(status_of(&event, &view, "demo"), StepStatus::InProgress);
}

#[test]
fn a_team_counts_members_for_personal_steps() {
    let event = event();
    let mut t = team_facts(checked(vec![]));
    t.members = vec![person(Some("ana"), true), person(None, false)];
    let view = evaluate_team(&event.path.steps, &t);
    assert_eq!(status_of(&event, &view, "intros"), StepStatus::InProgress);
    assert_eq!(view.steps[0].detail, Detail::Members { done: 1, total: 2 });
}

#[test]
fn the_overview_counts_teams_at_their_first_open_step() {
    let event = event();
    let steps = &event.path.steps;
    let complete_dataset = || repo(RepoKind::Dataset, "somosnlp/a-it", vec![], None);
    let mut finished = team_facts(checked(vec![
        complete_dataset(),
        repo(RepoKind::Model, "somosnlp/a-7b", vec![], None),
        repo(RepoKind::Space, "somosnlp/a-demo", vec![], Some("RUNNING")),
    ]));
    finished.submission = Some(SubmissionStatus::Complete);
    let mut newcomer = team_facts(checked(vec![]));
    newcomer.members = vec![person(None, false)];
    let teams = vec![
        finished,
        team_facts(checked(vec![])),                   // dataset
        team_facts(checked(vec![complete_dataset()])), // model
        team_facts(HubView::NotChecked),               // dataset, unknown
        newcomer,                                      // intros
    ];
    let o = overview(steps, &teams);
    let at = |id: &str| o.at_step[steps.iter().position(|s| s.id == id).unwrap()];
    assert_eq!(o.finished, 1);
    assert_eq!(at("dataset"), 2);
    assert_eq!(at("model"), 1);
    assert_eq!(at("intros"), 1);
    assert_eq!(o.at_step.iter().sum::<usize>() + o.finished, teams.len());
    assert_eq!(o.hub_unknown, 1);
}

#[test]
fn the_next_deadline_is_the_next_steps_when_still_ahead() {
    let event = event();
    let view = evaluate_person(&event.path.steps, &person(None, false), None);
    let at = |d: &str| {
        chrono::DateTime::parse_from_rfc3339(d)
            .unwrap()
            .with_timezone(&Utc)
    };
    let deadlines = HashMap::from([
        ("teams-formed".to_string(), at("2024-03-09T11:59:00Z")),
        (
            "registration-closes".to_string(),
            at("2024-03-16T11:59:00Z"),
        ),
        ("submission".to_string(), at("2024-03-25T11:59:00Z")),
    ]);
    let now = at("2024-03-02T00:00:00Z");
    assert_eq!(
        next_deadline(&event.path.steps, &view, &deadlines, now).map(|d| d.0),
        Some("teams-formed")
    );
    // Once it has passed, the first deadline still ahead.
    let later = at("2024-03-10T00:00:00Z");
    assert_eq!(
        next_deadline(&event.path.steps, &view, &deadlines, later).map(|d| d.0),
        Some("registration-closes")
    );
    let after_all = at("2024-04-10T00:00:00Z");
    assert_eq!(
        next_deadline(&event.path.steps, &view, &deadlines, after_all),
        None
    );
}

#[test]
fn team_repos_are_matched_by_name() {
    let ids: Vec<String> = [
        "somosnlp/NoticIA-it",
        "somosnlp/noticia-it-dpo",
        "somosnlp/otro",
        "somosnlp/Resumenes-clickbait",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        match_team_repo("NoticIA", &ids).map(String::as_str),
        Some("somosnlp/NoticIA-it")
    );
    assert_eq!(
        match_team_repo("Notic IA", &ids).map(String::as_str),
        Some("somosnlp/NoticIA-it")
    );
    assert_eq!(
        match_team_repo("Resúmenes Clickbait", &ids).map(String::as_str),
        Some("somosnlp/Resumenes-clickbait")
    );
    assert_eq!(match_team_repo("Nada", &ids), None);
    // Short names match only whole words.
    assert_eq!(match_team_repo("ot", &ids), None);
    assert_eq!(slug("  Ñandú  Team!! "), "nandu-team");
}

#[test]
fn hub_views_are_recent_for_a_while() {
    let now = Utc::now();
    let fresh = chrono::Duration::minutes(30);
    assert!(!HubView::NotChecked.is_recent(now, fresh));
    assert!(checked(vec![]).is_recent(now, fresh));
    let old = HubView::Unavailable {
        at: now - chrono::Duration::minutes(3),
    };
    assert!(!old.is_recent(now, fresh));
}

#[test]
fn the_overview_chart_is_a_png_with_a_bar_per_step() {
    let event = event();
    let o = overview(&event.path.steps, &[team_facts(checked(vec![]))]);
    let rows = overview_rows(&event.path.steps, &o, crate::i18n::Lang::Es, "Todo hecho");
    assert_eq!(rows.len(), 11);
    assert_eq!(
        rows[4],
        ("5. Crea el corpus en la organización".to_string(), 1)
    );
    let png = overview_chart("Equipos por paso", &rows).expect("chart");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).expect("a valid PNG image");
    assert!(frame.width >= 600 && frame.height >= 11 * 30, "{frame:?}");
}

fn step(id: &str, check: PathCheck) -> PathStep {
    let text = crate::config::Localized {
        es: id.into(),
        en: id.into(),
    };
    PathStep {
        id: id.into(),
        title: text.clone(),
        hint: text,
        deadline: None,
        check,
    }
}

#[test]
fn another_event_can_ask_for_a_gpu_as_a_step_of_its_own() {
    let steps = vec![
        step("joined", PathCheck::Joined),
        step("linked", PathCheck::HfLinked),
        step("gpu", PathCheck::Gpu),
    ];
    let mut t = team_facts(checked(vec![]));
    let status = |t: &TeamFacts| {
        let view = evaluate_person(&steps, &person(Some("ana"), false), Some(t));
        (
            view.steps.iter().map(|s| s.status).collect::<Vec<_>>(),
            view.next,
        )
    };
    assert_eq!(
        status(&t),
        (
            vec![StepStatus::Done, StepStatus::Done, StepStatus::Missing],
            Some(2)
        )
    );
    t.gpu.queued = true;
    assert_eq!(status(&t).0[2], StepStatus::InProgress);
    // A lease that ended still counts.
    t.gpu = GpuFacts {
        queued: false,
        lease: None,
        ever_leased: true,
    };
    assert_eq!(status(&t), (vec![StepStatus::Done; 3], None));
}

#[test]
fn a_late_submission_is_not_a_finished_submit_step() {
    let event = event();
    let mut t = team_facts(checked(vec![]));
    t.submission = Some(SubmissionStatus::Late);
    let view = evaluate_team(&event.path.steps, &t);
    assert_eq!(status_of(&event, &view, "submit"), StepStatus::Missing);
    let submit = view
        .steps
        .iter()
        .find(|s| event.path.steps[s.index].id == "submit")
        .expect("the submit step");
    assert_eq!(submit.detail, Detail::Submission(SubmissionStatus::Late));
    t.submission = Some(SubmissionStatus::Complete);
    let view = evaluate_team(&event.path.steps, &t);
    assert_eq!(status_of(&event, &view, "submit"), StepStatus::Done);
}

#[test]
fn a_verdict_kept_through_a_failed_attempt_is_not_asked_again_at_once() {
    let event = event();
    let now = Utc::now();
    let old = HubView::Checked {
        report: Box::new(Report::new("somosnlp", None, vec![], vec![])),
        at: now - chrono::Duration::hours(3),
    };
    let mut t = team_facts(old);
    assert!(needs_hub_check(&event.path, Some(&t), now));
    t.failed_attempt = Some(crate::store::FailedAttempt {
        at: now - chrono::Duration::seconds(30),
        error: "the Hub answered HTTP 503".into(),
    });
    assert!(!needs_hub_check(&event.path, Some(&t), now));
    assert!(needs_hub_check(
        &event.path,
        Some(&t),
        now + OUTAGE_RETRY + chrono::Duration::seconds(1)
    ));
}
