//! Cards read the way a judge reads them (issue 18): every case is a small
//! card written for the test, with the finding and its wording in both
//! languages asserted.

use crate::{en, es};
use somosbot::hub::{check_local_card, CardRules, Finding, RepoKind, Severity};

fn findings(kind: RepoKind, text: &str) -> Vec<Finding> {
    check_local_card("test.md", kind, text, &CardRules::default()).findings
}

fn finding<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no {id} in {f:#?}"))
}

fn words(word: &str, n: usize) -> String {
    vec![word; n].join(" ")
}

const DATASET_META: &str = "---\nlicense: cc-by-4.0\nlanguage: es\n---\n";

/// The three sections besides the one a test is about, filled.
fn dataset_rest() -> String {
    format!(
        "\n## Estructura\n\n{}\n\n## Fuentes\n\n{}\n\n## Sesgos\n\nEl sesgo regional {}\n",
        words("campo", 25),
        words("fuente", 25),
        words("texto", 25)
    )
}

#[test]
fn the_text_under_the_title_is_the_description() {
    let card = format!(
        "{DATASET_META}\n# Recetas-IT\n\nEste corpus reúne recetas de cocina de doce países hispanohablantes escritas como instrucciones y respuestas para entrenar asistentes que cocinan con lo que hay en casa.\n{}",
        dataset_rest()
    );
    let f = findings(RepoKind::Dataset, &card);
    let d = finding(&f, "dataset.section.description");
    assert_eq!(d.severity, Severity::Info, "{d:#?}");
    assert_eq!(
        es(&d.message),
        "Descripción: el texto bajo el título (26 palabras)"
    );
    assert_eq!(
        en(&d.message),
        "Description: the text under the title (26 words)"
    );
}

#[test]
fn a_wider_vocabulary_of_headings_matches_without_accents_or_case() {
    for (kind, heading, id) in [
        (
            RepoKind::Dataset,
            "MOTIVACIÓN",
            "dataset.section.description",
        ),
        (
            RepoKind::Dataset,
            "Formato del dataset",
            "dataset.section.structure",
        ),
        (
            RepoKind::Dataset,
            "Dataset Collection",
            "dataset.section.creation",
        ),
        (
            RepoKind::Dataset,
            "Extracción de datos",
            "dataset.section.creation",
        ),
        (
            RepoKind::Dataset,
            "Compiled sources",
            "dataset.section.creation",
        ),
        (
            RepoKind::Model,
            "Detalles técnicos",
            "model.section.training",
        ),
        (RepoKind::Model, "Métricas", "model.section.evaluation"),
    ] {
        let card = format!(
            "---\nlicense: mit\n---\n## {heading}\n\n{} 0.91\n",
            // 25 words; the figure is not a word.
            words("palabra", 25)
        );
        let f = findings(kind, &card);
        let x = finding(&f, id);
        assert_eq!(x.severity, Severity::Info, "{heading}: {x:#?}");
        assert!(
            en(&x.message).contains(&format!("the \"{heading}\" section (25 words)")),
            "{heading}: {x:#?}"
        );
        assert!(
            es(&x.message).contains(&format!("la sección «{heading}» (25 palabras)")),
            "{heading}: {x:#?}"
        );
    }
}

#[test]
fn limitaciones_is_a_bias_section_for_datasets_when_it_talks_about_bias() {
    let card = format!(
        "{DATASET_META}\n## Descripción\n\n{}\n\n## Estructura\n\n{}\n\n## Fuentes\n\n{}\n\n## Limitaciones\n\nEl corpus tiene un sesgo hacia el español de España porque la mayoría de las recetas vienen de blogs peninsulares y eso se nota en el vocabulario.\n",
        words("corpus", 25),
        words("campo", 25),
        words("fuente", 25)
    );
    let f = findings(RepoKind::Dataset, &card);
    let b = finding(&f, "dataset.section.bias");
    assert_eq!(b.severity, Severity::Info, "{b:#?}");
    assert!(es(&b.message).contains("«Limitaciones»"), "{b:#?}");
    assert!(en(&b.message).contains("\"Limitaciones\""), "{b:#?}");
}

#[test]
fn a_limitations_section_that_never_discusses_bias_fails_the_bias_rule() {
    let card = format!(
        "---\nlicense: mit\nbase_model: x/y\ndatasets: somosnlp/x\nco2_eq_emissions: 10\nmodel-index: []\n---\n## Training\n\n{}\n\n## Limitations\n\nThe model was only tested on short recipes and it may produce long answers slowly on small machines with little memory available.\n",
        words("trained", 25)
    );
    let f = findings(RepoKind::Model, &card);
    let b = finding(&f, "model.section.bias");
    assert_eq!(b.severity, Severity::Error, "{b:#?}");
    assert_eq!(
        en(&b.message),
        "The \"Limitations\" section (22 words) mentions none of: bias, biases, biased, sesgo."
    );
    assert_eq!(
        es(&b.message),
        "La sección «Limitations» (22 palabras) no menciona ninguna de: bias, biases, biased, sesgo."
    );
    assert!(en(b.hint.as_ref().unwrap()).contains("limitations alone are not enough"));
    assert!(es(b.hint.as_ref().unwrap()).contains("hablar solo de limitaciones no basta"));
}

#[test]
fn a_paragraph_that_covers_bias_meets_the_rule_without_a_heading() {
    let card = format!(
        "{DATASET_META}\n## Descripción\n\n{}\n\n## Estructura\n\n{}\n\n## Fuentes\n\n{}\n\n## Notas\n\nRevisamos el sesgo de género de las respuestas comparando cuántas veces aparece cada pronombre y corregimos a mano los ejemplos más desequilibrados del corpus.\n",
        words("corpus", 25),
        words("campo", 25),
        words("fuente", 25)
    );
    let f = findings(RepoKind::Dataset, &card);
    let b = finding(&f, "dataset.section.bias");
    assert_eq!(b.severity, Severity::Info, "{b:#?}");
    assert_eq!(
        en(&b.message),
        "Bias evaluation and mitigation: a paragraph under \"Notas\" (24 words)"
    );
    assert_eq!(
        es(&b.message),
        "Evaluación y mitigación de sesgos: un párrafo bajo «Notas» (24 palabras)"
    );
}

#[test]
fn sources_listed_in_the_summary_paragraph_count_as_creation() {
    let card = format!(
        "{DATASET_META}\n# Recetas\n\nEste corpus contiene recetas recopiladas de tres fuentes públicas: blogs de cocina, foros de recetas y libros de dominio público digitalizados por bibliotecas nacionales.\n\n## Estructura\n\n{}\n\n## Sesgos\n\nEl sesgo regional {}\n",
        words("campo", 25),
        words("texto", 25)
    );
    let f = findings(RepoKind::Dataset, &card);
    let c = finding(&f, "dataset.section.creation");
    assert_eq!(c.severity, Severity::Info, "{c:#?}");
    assert!(
        en(&c.message).contains("a paragraph at the top of the card"),
        "{c:#?}"
    );
    assert!(
        es(&c.message).contains("un párrafo al principio de la card"),
        "{c:#?}"
    );
}

#[test]
fn the_best_heading_wins_not_the_longest_text() {
    // A loss table (many numbers) under "Curva de entrenamiento" and a short
    // but real description of training under "Detalles técnicos".
    let mut table = String::from("| paso | loss |\n|---|---|\n");
    for i in 0..40 {
        table.push_str(&format!("| {i} | 0.{i} |\n"));
    }
    let card = format!(
        "---\nlicense: mit\nbase_model: x/y\ndatasets: somosnlp/x\n---\n## Curva de entrenamiento\n\nPérdida por paso:\n\n{table}\n## Detalles técnicos\n\nEntrenamos con QLoRA durante tres épocas con una tasa de aprendizaje de 2e-4, lotes de dieciséis ejemplos y rango dieciséis sobre una GPU A100 prestada.\n"
    );
    let f = findings(RepoKind::Model, &card);
    let t = finding(&f, "model.section.training");
    assert_eq!(t.severity, Severity::Info, "{t:#?}");
    assert_eq!(
        en(&t.message),
        "Training: the \"Detalles técnicos\" section (25 words)"
    );
    assert_eq!(
        es(&t.message),
        "Entrenamiento: la sección «Detalles técnicos» (25 palabras)"
    );
    // Even when the curve's section is long enough by itself, the heading
    // that names the requirement wins.
    let long = card.replace("Pérdida por paso:", &words("pérdida", 60));
    let f = findings(RepoKind::Model, &long);
    let t = finding(&f, "model.section.training");
    assert_eq!(
        en(&t.message),
        "Training: the \"Detalles técnicos\" section (25 words)"
    );
}

#[test]
fn a_table_alone_under_training_asks_for_words_not_a_word_count() {
    let card = "---\nlicense: mit\nbase_model: x/y\ndatasets: somosnlp/x\n---\n## Entrenamiento\n\n| epoch | loss |\n|---|---|\n| 1 | 0.9 |\n| 2 | 0.5 |\n";
    let f = findings(RepoKind::Model, card);
    let t = finding(&f, "model.section.training");
    assert_eq!(t.severity, Severity::Error);
    let hint = t.hint.as_ref().unwrap();
    assert_eq!(
        en(hint),
        "A table or a code block is not enough here: explain \"Training\" in words (at least 20 words)."
    );
    assert_eq!(
        es(hint),
        "Una tabla o un bloque de código no basta aquí: explica «Entrenamiento» con palabras (al menos 20 palabras)."
    );
    assert!(!en(hint).contains("more"), "{hint:?}");
}

#[test]
fn code_blocks_and_tables_are_content_for_structure_and_results() {
    let card = format!(
        "{DATASET_META}\n## Descripción\n\n{}\n\n## Estructura\n\n```json\n{{\"pregunta\": \"¿Qué?\", \"respuesta\": \"Eso.\"}}\n```\n\n## Fuentes\n\n{}\n\n## Sesgos\n\nEl sesgo {}\n",
        words("corpus", 25),
        words("fuente", 25),
        words("texto", 25)
    );
    let f = findings(RepoKind::Dataset, &card);
    let s = finding(&f, "dataset.section.structure");
    assert_eq!(s.severity, Severity::Info, "{s:#?}");
    assert_eq!(
        en(&s.message),
        "Structure: the \"Estructura\" section (0 words, 1 code block)"
    );
    assert_eq!(
        es(&s.message),
        "Estructura: la sección «Estructura» (0 palabras, 1 bloque de código)"
    );
    let card = "---\nlicense: mit\nbase_model: x/y\ndatasets: somosnlp/x\n---\n## Resultados\n\n| métrica | valor |\n|---|---|\n| BLEU | 21.4 |\n";
    let f = findings(RepoKind::Model, card);
    let e = finding(&f, "model.section.evaluation");
    assert_eq!(e.severity, Severity::Info, "{e:#?}");
    assert!(
        en(&e.message).ends_with("(3 words, a table of 2 rows)"),
        "{e:#?}"
    );
    assert!(
        es(&e.message).ends_with("(3 palabras, una tabla de 2 filas)"),
        "{e:#?}"
    );
}

#[test]
fn old_placeholders_and_urls_are_not_words() {
    let card = format!(
        "{DATASET_META}\n## Descripción\n\n[Needs More Information]\n\nhttps://huggingface.co/datasets/somosnlp/x https://example.org/a www.example.org\n{}",
        dataset_rest()
    );
    let f = findings(RepoKind::Dataset, &card);
    let d = finding(&f, "dataset.section.description");
    assert_eq!(d.severity, Severity::Error, "{d:#?}");
    assert_eq!(
        en(&d.message),
        "The \"Descripción\" section has 0 real words and 1 unfilled template placeholder (at least 20 needed)."
    );
    assert_eq!(
        es(&d.message),
        "La sección «Descripción» tiene 0 palabras reales y 1 marcador de plantilla sin rellenar (mínimo 20)."
    );
    let p = finding(&f, "dataset.placeholders");
    assert_eq!(
        en(&p.message),
        "1 template leftover remains: 1 \"[More Information Needed]\", 0 comments <!-- -->, 0 \"{{ }}\"."
    );
    assert_eq!(
        es(&p.message),
        "Queda 1 resto de la plantilla: 1 «[More Information Needed]», 0 comentarios <!-- -->, 0 «{{ }}»."
    );
}

#[test]
fn front_matter_after_blank_lines_is_read_as_the_hub_reads_it() {
    let card = format!(
        "\n\n{DATASET_META}\n## Descripción\n\n{}\n{}",
        words("corpus", 25),
        dataset_rest()
    );
    let f = findings(RepoKind::Dataset, &card);
    assert!(
        f.iter().all(|x| x.id != "dataset.metadata.missing"),
        "{f:#?}"
    );
    let l = finding(&f, "dataset.metadata.license");
    assert_eq!(l.severity, Severity::Info);
    assert_eq!(en(&l.message), "Metadata `license`: cc-by-4.0");
    assert_eq!(es(&l.message), "Metadato `license`: cc-by-4.0");
}

#[test]
fn a_metadata_block_below_the_top_is_named_by_its_line() {
    let card = format!(
        "# Recetas\n\nUn corpus.\n\n---\nlicense: mit\nlanguage: es\n---\n{}",
        dataset_rest()
    );
    let f = findings(RepoKind::Dataset, &card);
    let m = finding(&f, "dataset.metadata.missing");
    assert_eq!(m.severity, Severity::Error);
    assert_eq!(
        en(&m.message),
        "There is a `---` metadata block on line 5, but the Hub only reads the one that opens README.md."
    );
    assert_eq!(
        es(&m.message),
        "Hay un bloque de metadatos `---` en la línea 5, pero el Hub solo lee el que abre el README.md."
    );
    assert!(!en(&m.message).contains("has no YAML metadata"));
}

#[test]
fn an_unknown_or_other_licence_without_a_name_is_a_warning() {
    for value in ["unknown", "other"] {
        let card = format!(
            "---\nlicense: {value}\nlanguage: es\n---\n## Descripción\n\n{}\n{}",
            words("corpus", 25),
            dataset_rest()
        );
        let f = findings(RepoKind::Dataset, &card);
        let l = finding(&f, "dataset.metadata.license_name");
        assert_eq!(l.severity, Severity::Warning);
        assert_eq!(
            en(&l.message),
            format!("`license: {value}` does not say which licence it is, and there is no `license_name`.")
        );
        assert_eq!(
            es(&l.message),
            format!("`license: {value}` no dice qué licencia es, y no hay `license_name`.")
        );
        let named = card.replace("language: es", "language: es\nlicense_name: recetas-1.0");
        let f = findings(RepoKind::Dataset, &named);
        assert!(f.iter().all(|x| x.id != "dataset.metadata.license_name"));
    }
}

const FEATURES_OK: &str = "dataset_info:\n  features:\n  - name: pregunta\n    dtype: string\n  - name: respuesta\n    dtype: string\n  - name: idioma\n    dtype: string\n  - name: registro\n    dtype:\n      class_label:\n        names:\n          '0': coloquial\n          '1': medio\n          '2': culto\n  - name: periodo\n    dtype:\n      class_label:\n        names:\n          '0': actual\n          '1': clasico\n  - name: dominio\n    dtype: string\n  - name: tarea\n    dtype: string\n  - name: pais_origen\n    dtype: string\n  - name: país_referencia\n    dtype: string\n";

#[test]
fn the_corpus_structure_is_read_from_dataset_info() {
    let card = format!(
        "---\nlicense: mit\nlanguage: es\n{FEATURES_OK}---\n{}",
        dataset_rest()
    );
    let f = findings(RepoKind::Dataset, &card);
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Info, "{c:#?}");
    assert_eq!(
        en(&c.message),
        "Corpus structure: 9 required columns in dataset_info.features"
    );
    assert_eq!(
        es(&c.message),
        "Estructura del corpus: 9 columnas pedidas en dataset_info.features"
    );

    let missing = card.replace("  - name: tarea\n    dtype: string\n", "");
    let f = findings(RepoKind::Dataset, &missing);
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Error);
    assert!(
        en(&c.message).starts_with(
            "Corpus columns missing from dataset_info.features: tarea (it has: pregunta,"
        ),
        "{c:#?}"
    );
    assert!(
        es(&c.message).starts_with(
            "Faltan columnas del corpus en dataset_info.features: tarea (tiene: pregunta,"
        ),
        "{c:#?}"
    );

    let wrong = card.replace("'2': culto", "'2': formal");
    let f = findings(RepoKind::Dataset, &wrong);
    let c = finding(&f, "dataset.corpus");
    assert_eq!(c.severity, Severity::Error);
    assert_eq!(
        en(&c.message),
        "Column `registro` has values the rules do not allow in dataset_info.features: formal (allowed: coloquial, medio, culto)."
    );
    assert_eq!(
        es(&c.message),
        "La columna `registro` tiene valores no permitidos en dataset_info.features: formal (permitidos: coloquial, medio, culto)."
    );
}

#[test]
fn corpus_severity_comes_from_the_event_file() {
    let mut rules = CardRules::default();
    if let Some(c) = rules.dataset.corpus.as_mut() {
        c.severity = Severity::Warning;
    }
    let card = format!("---\nlicense: mit\nlanguage: es\ndataset_info:\n  features:\n  - name: texto\n    dtype: string\n---\n{}", dataset_rest());
    let r = check_local_card("x", RepoKind::Dataset, &card, &rules);
    let c = finding(&r.findings, "dataset.corpus");
    assert_eq!(c.severity, Severity::Warning);
}
