//! `somosbot check`, through its library entry points.

use clap::Parser;
use somosbot::config::Settings;
use somosbot::hub::cli::{report, run, CheckArgs};
use somosbot::hub::Status;

use crate::server::{noticia_team, FakeHub, FIXTURES};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    check: CheckArgs,
}

fn args(list: &[&str]) -> CheckArgs {
    let mut all = vec!["check"];
    all.extend_from_slice(list);
    Cli::try_parse_from(all).unwrap().check
}

fn settings(endpoint: &str, event: &str) -> Settings {
    let (endpoint, event) = (endpoint.to_string(), event.to_string());
    Settings::from_lookup(move |k| match k {
        "HF_ENDPOINT" => Some(endpoint.clone()),
        "SOMOSBOT_EVENT" => Some(event.clone()),
        _ => None,
    })
}

fn card(rel: &str) -> String {
    format!("{FIXTURES}/cards/{rel}")
}

#[tokio::test]
async fn local_cards_are_checked_with_no_network_and_default_rules() {
    // The endpoint is unreachable and the default event file is missing.
    let s = settings("http://127.0.0.1:9", "/nonexistent/event.toml");
    let r = report(
        args(&["--kind", "dataset", &card("dataset_complete_es.md")]),
        &s,
    )
    .await
    .unwrap();
    assert_eq!(r.status, Status::Complete);
    assert_eq!(r.organization, "somosnlp");
    let r = report(
        args(&[
            "--kind",
            "model",
            &card("model_complete_en.md"),
            &card("model_incomplete_en.md"),
        ]),
        &s,
    )
    .await
    .unwrap();
    assert_eq!(r.status, Status::Incomplete);
    assert_eq!(r.repos.len(), 2);
    let code = run(
        args(&[
            "--kind",
            "space",
            "--format",
            "json",
            "--lang",
            "en",
            &card("space_incomplete.md"),
        ]),
        &s,
    )
    .await;
    assert_eq!(code, std::process::ExitCode::from(1));
    let code = run(args(&["--kind", "space", &card("space_complete.md")]), &s).await;
    assert_eq!(code, std::process::ExitCode::from(0));
}

#[tokio::test]
async fn an_explicit_event_file_and_a_deadline_id_are_used() {
    let event = concat!(env!("CARGO_MANIFEST_DIR"), "/events/somos600m.toml");
    let s = settings("http://127.0.0.1:9", "/nonexistent/event.toml");
    let r = report(
        args(&[
            "--event",
            event,
            "--deadline",
            "submission",
            "--kind",
            "dataset",
            &card("dataset_complete_en.md"),
        ]),
        &s,
    )
    .await
    .unwrap();
    assert_eq!(
        r.deadline.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-25T11:59:00+00:00")
    );
    assert!(report(
        args(&[
            "--event",
            event,
            "--deadline",
            "nope",
            "--kind",
            "dataset",
            "x"
        ]),
        &s
    )
    .await
    .is_err());
    assert!(report(
        args(&["--event", "/nonexistent.toml", "--kind", "dataset", "x"]),
        &s
    )
    .await
    .is_err());
    let code = run(args(&["--kind", "dataset", "/nonexistent/card.md"]), &s).await;
    assert_eq!(code, std::process::ExitCode::from(2));
}

#[tokio::test]
async fn links_are_checked_against_the_configured_endpoint() {
    let hub = FakeHub::new();
    noticia_team(&hub);
    let base = hub.start().await;
    let s = settings(&base, "/nonexistent/event.toml");
    let a = args(&[
        "--deadline",
        "2024-04-10T23:59:00-12:00",
        "https://huggingface.co/datasets/somosnlp/NoticIA-it",
        "https://huggingface.co/somosnlp/NoticIA-7B",
        "https://huggingface.co/spaces/somosnlp/NoticIA-demo",
    ]);
    let r = report(a.clone(), &s).await.unwrap();
    assert_eq!(r.status, Status::Complete);
    assert_eq!(run(a, &s).await, std::process::ExitCode::from(0));
    // The Hub is down: exit 2.
    let s = settings("http://127.0.0.1:9", "/nonexistent/event.toml");
    let code = run(args(&["https://huggingface.co/somosnlp/NoticIA-7B"]), &s).await;
    assert_eq!(code, std::process::ExitCode::from(2));
}

#[tokio::test]
async fn the_text_report_shows_problems_with_hints_in_the_chosen_language() {
    let s = settings("http://127.0.0.1:9", "/nonexistent/event.toml");
    let r = report(
        args(&["--kind", "dataset", &card("dataset_incomplete_es.md")]),
        &s,
    )
    .await
    .unwrap();
    let en = r.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::En);
    let es = r.render(somosbot::i18n::I18n::shared(), somosbot::i18n::Lang::Es);
    println!("{en}\n{es}");
    assert!(
        en.contains("❌")
            && en.contains("→ Add a heading such as \"## Bias evaluation and mitigation\""),
        "{en}"
    );
    assert!(
        es.contains("❌") && es.contains("⚠️") && es.contains("incompleto"),
        "{es}"
    );
    // Problems come before passed checks.
    let first_err = en.find("❌ The").unwrap();
    let first_ok = en.find("  ✅").unwrap_or(usize::MAX);
    assert!(first_err < first_ok, "{en}");
}
