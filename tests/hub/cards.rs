//! Cards against the SomosNLP 2024 rules, offline.

use crate::{en, es};
use somosbot::hub::{check_local_card, Card, CardRules, Finding, RepoKind, Severity, Status};

use crate::server::fixture;

fn check(kind: RepoKind, rel: &str) -> (Status, Vec<Finding>) {
    let r = check_local_card(rel, kind, &fixture(rel), &CardRules::default());
    (r.status, r.findings)
}

fn errors(findings: &[Finding]) -> Vec<&str> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.id.as_str())
        .collect()
}

#[test]
fn a_complete_spanish_dataset_card_passes() {
    let (status, f) = check(RepoKind::Dataset, "cards/dataset_complete_es.md");
    assert_eq!(errors(&f), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(status, Status::Complete);
    for id in [
        "dataset.section.description",
        "dataset.section.bias",
        "dataset.language",
    ] {
        assert!(
            f.iter().any(|x| x.id == id && x.severity == Severity::Info),
            "{id}"
        );
    }
}

#[test]
fn a_complete_english_dataset_card_passes() {
    let (status, f) = check(RepoKind::Dataset, "cards/dataset_complete_en.md");
    assert_eq!(errors(&f), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(status, Status::Complete);
}

#[test]
fn an_incomplete_spanish_dataset_card_names_every_gap() {
    let (status, f) = check(RepoKind::Dataset, "cards/dataset_incomplete_es.md");
    assert_eq!(status, Status::Incomplete);
    assert_eq!(
        errors(&f),
        [
            "dataset.metadata.license",
            "dataset.language",
            "dataset.section.description",
            "dataset.section.structure",
            "dataset.section.creation",
            "dataset.section.bias",
        ]
    );
    let structure = f
        .iter()
        .find(|x| x.id == "dataset.section.structure")
        .unwrap();
    assert!(
        es(&structure.message).contains("0 palabras reales"),
        "{structure:?}"
    );
    assert!(en(&structure.message).contains("1 unfilled template placeholder (at least"));
    assert!(es(&structure.message).contains("1 marcador de plantilla sin rellenar (mínimo"));
    assert!(structure.hint.is_some());
    let leftovers = f.iter().find(|x| x.id == "dataset.placeholders").unwrap();
    assert_eq!(leftovers.severity, Severity::Warning);
}

#[test]
fn complete_model_cards_pass_in_english_and_in_spanish() {
    let (status, f) = check(RepoKind::Model, "cards/model_complete_en.md");
    assert_eq!(errors(&f), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(status, Status::Complete);
    // Carbon and evaluation stated in metadata instead of sections.
    let (status, f) = check(RepoKind::Model, "cards/model_complete_es.md");
    assert_eq!(errors(&f), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(status, Status::Complete);
    let carbon = f.iter().find(|x| x.id == "model.section.carbon").unwrap();
    assert!(en(&carbon.message).contains("co2_eq_emissions"));
}

#[test]
fn an_incomplete_model_card_misses_base_model_training_figures_and_carbon() {
    let (status, f) = check(RepoKind::Model, "cards/model_incomplete_en.md");
    assert_eq!(status, Status::Incomplete);
    assert_eq!(
        errors(&f),
        [
            "model.metadata.base_model",
            "model.section.training",
            "model.section.evaluation",
            "model.section.bias",
            "model.section.carbon",
        ]
    );
    let eval = f
        .iter()
        .find(|x| x.id == "model.section.evaluation")
        .unwrap();
    assert!(en(&eval.message).contains("states no figure"), "{eval:?}");
}

#[test]
fn space_cards_need_links_and_the_ods() {
    let (status, f) = check(RepoKind::Space, "cards/space_complete.md");
    assert_eq!(errors(&f), Vec::<&str>::new(), "{f:#?}");
    assert_eq!(status, Status::Complete);
    let (status, f) = check(RepoKind::Space, "cards/space_incomplete.md");
    assert_eq!(status, Status::Incomplete);
    assert_eq!(
        errors(&f),
        ["space.metadata.models", "space.metadata.datasets"]
    );
    // The rules ask for the SDG "if applicable": a warning, not an error.
    let ods = f.iter().find(|x| x.id == "space.mention.ods").unwrap();
    assert_eq!(ods.severity, Severity::Warning);
    assert!(en(&ods.message).starts_with("Missing from the card: The SDG"));
    assert!(es(&ods.message).starts_with("Falta en la card: ODS"));
}

#[test]
fn unfilled_hugging_face_templates_fail_with_placeholders_counted() {
    for (kind, rel) in [
        (RepoKind::Dataset, "templates/hf_dataset.md"),
        (RepoKind::Model, "templates/hf_model.md"),
    ] {
        let card = Card::parse(&fixture(rel));
        assert!(card.placeholders.jinja > 0, "{rel}");
        assert!(card.placeholders.html_comments > 10, "{rel}");
        let (status, f) = check(kind, rel);
        assert_eq!(status, Status::Incomplete, "{rel}");
        let leftovers = f.iter().find(|x| x.id.ends_with(".placeholders")).unwrap();
        assert!(
            en(&leftovers.message).contains("template leftovers"),
            "{rel}"
        );
        // Every required section exists by heading but has no real words.
        let sections: Vec<_> = f
            .iter()
            .filter(|x| x.id.contains(".section.") && x.severity == Severity::Error)
            .collect();
        assert!(sections.len() >= 3, "{rel}: {sections:#?}");
    }
}

#[test]
fn unfilled_somosnlp_templates_fail_with_placeholders_counted() {
    for (kind, rel) in [
        (RepoKind::Dataset, "templates/somosnlp_dataset.md"),
        (RepoKind::Model, "templates/somosnlp_model.md"),
    ] {
        let card = Card::parse(&fixture(rel));
        assert!(
            card.placeholders.more_information_needed > 10,
            "{rel}: {:?}",
            card.placeholders
        );
        assert!(card.placeholders.html_comments > 10, "{rel}");
        let (status, f) = check(kind, rel);
        assert_eq!(status, Status::Incomplete, "{rel}");
        let bias = f
            .iter()
            .find(|x| x.id == format!("{kind}.section.bias"))
            .unwrap();
        assert_eq!(bias.severity, Severity::Error, "{rel}: {bias:?}");
        assert!(en(&bias.message).contains("real words"), "{rel}: {bias:?}");
    }
}

#[test]
fn headings_match_at_any_level_without_accents_or_case() {
    let text = "---\nlicense: mit\nlanguage: gl\n---\n#### DESCRIPCION\n\n".to_string()
        + &"palabra ".repeat(25)
        + "\n\n# estructura\n\n"
        + &"campo ".repeat(25)
        + "\n\n###### Curación\n\n"
        + &"texto ".repeat(25)
        + "\n\n## Evaluación de SESGOS\n\n"
        + &"sesgo ".repeat(25);
    let r = check_local_card("x", RepoKind::Dataset, &text, &CardRules::default());
    assert_eq!(r.status, Status::Complete, "{:#?}", r.findings);
}
