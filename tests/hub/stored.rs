//! Reports stored in the database outlive the version that wrote them: one
//! stored before findings were Fluent ids (texts in both languages) still
//! loads and reads as it did, and a new one stores ids and arguments, so
//! each reader gets their own language.

use somosbot::hub::check::apply_late_exception;
use somosbot::hub::{check_local_card, CardRules, Message, RepoKind, Report, Status};
use somosbot::i18n::{I18n, Lang};

const V1: &str = include_str!("../fixtures/hub/reports/v1_stored_report.json");

#[test]
fn a_report_stored_by_the_previous_version_reads_as_it_did() {
    let i18n = I18n::shared();
    let report = Report::from_json(V1).expect("the old report loads");
    assert_eq!(report.status, Status::Incomplete);
    // The repos read exactly as the previous version printed them.
    let mut repos_only = report.clone();
    repos_only.cross_checks.clear();
    for (lang, printed) in [
        (
            Lang::Es,
            include_str!("../fixtures/hub/reports/v1_stored_report.es.txt"),
        ),
        (
            Lang::En,
            include_str!("../fixtures/hub/reports/v1_stored_report.en.txt"),
        ),
    ] {
        assert_eq!(repos_only.render(i18n, lang), printed, "{lang:?}");
    }
    // The cross-checks too, in the reader's language.
    let es = report.render(i18n, Lang::Es);
    let en = report.render(i18n, Lang::En);
    assert!(
        es.contains("`datasets:` del model no nombra somosnlp/corpus."),
        "{es}"
    );
    assert!(es.contains("Enlaces entre dataset, modelo y demo"), "{es}");
    assert!(
        en.contains("The model's `datasets:` does not name somosnlp/corpus."),
        "{en}"
    );
    // Re-deriving the verdict (a late exception) keeps the old texts, and
    // what is stored again loads again.
    let again = apply_late_exception(&report, None);
    let back = Report::from_json(&again.to_json()).expect("stored again");
    assert_eq!(back.render(i18n, Lang::En), en);
}

#[test]
fn a_new_report_stores_ids_and_reads_in_the_readers_language() {
    let i18n = I18n::shared();
    let card = include_str!("../fixtures/hub/cards/model_incomplete_en.md");
    let repo = check_local_card("README.md", RepoKind::Model, card, &CardRules::default());
    let report = Report::new("somosnlp", None, vec![repo], vec![]);
    let json = report.to_json();
    // Ids and arguments are stored, not sentences.
    assert!(
        json.contains("\"key\": \"hub-metadata-field-missing\""),
        "{json}"
    );
    assert!(
        !json.contains("The `base_model` metadata field is missing."),
        "{json}"
    );
    let back = Report::from_json(&json).expect("loads");
    let f = back.repos[0]
        .findings
        .iter()
        .find(|f| f.id == "model.metadata.base_model")
        .expect("base_model finding");
    assert_eq!(
        f.message,
        Message::new("hub-metadata-field-missing").text("key", "base_model")
    );
    assert_eq!(
        f.message_in(i18n, Lang::En),
        "The `base_model` metadata field is missing."
    );
    assert_eq!(
        f.message_in(i18n, Lang::Es),
        "Falta el metadato `base_model`."
    );
    for lang in Lang::ALL {
        let text = back.render(i18n, lang);
        assert!(!text.contains("hub-"), "an id leaked: {text}");
    }
}
