//! What a complete card must contain, per repo kind. Lives in the event file
//! (`[cards]`), so organizers can read and change it; the defaults are what
//! SomosNLP asked for in 2024.

use serde::Deserialize;

use super::card::normalize;
use super::repo_id::RepoKind;
use super::report::Severity;
use crate::config::Localized;

/// Card rules of an event (`[cards]` in the event file). A kind's table,
/// when written, replaces that kind's defaults as a whole.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRules {
    #[serde(default = "KindRules::somosnlp_dataset")]
    pub dataset: KindRules,
    #[serde(default = "KindRules::somosnlp_model")]
    pub model: KindRules,
    #[serde(default = "KindRules::somosnlp_space")]
    pub space: KindRules,
}

impl Default for CardRules {
    /// SomosNLP 2024 (#Somos600M).
    fn default() -> Self {
        Self {
            dataset: KindRules::somosnlp_dataset(),
            model: KindRules::somosnlp_model(),
            space: KindRules::somosnlp_space(),
        }
    }
}

/// The rules for one kind of repo.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRules {
    /// Front-matter fields that must be present and not empty.
    #[serde(default)]
    pub required_metadata: Vec<String>,
    /// When not empty, `language:` must hold one of these codes; a code also
    /// accepts its regional variants (`es` accepts `es-MX`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Minimum real words of a required section that sets none itself.
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    #[serde(default)]
    pub sections: Vec<SectionRule>,
    /// Things the card must mention somewhere (the ODS a demo serves).
    #[serde(default)]
    pub mentions: Vec<MentionRule>,
    /// `datasets:` must name the team's dataset (checked on submissions).
    #[serde(default)]
    pub must_link_dataset: bool,
    /// `models:` must name the team's model (checked on submissions).
    #[serde(default)]
    pub must_link_model: bool,
    /// A Space must be running (stage `RUNNING`).
    #[serde(default)]
    pub require_running: bool,
    /// The corpus columns and values the rules ask for (datasets).
    #[serde(default)]
    pub corpus: Option<CorpusRule>,
    /// The largest model allowed, in parameters (models).
    #[serde(default)]
    pub model_size: Option<SizeRule>,
    /// Scripts or notebooks must be in the repo.
    #[serde(default)]
    pub scripts: Option<ScriptsRule>,
}

/// The instruction corpus' columns (2024: `pregunta`, `respuesta`…), read
/// from the card's `dataset_info.features` or the Hub's dataset viewer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusRule {
    #[serde(default = "error_severity")]
    pub severity: Severity,
    pub columns: Vec<String>,
    /// Columns whose values must come from a list (`registro`, `periodo`),
    /// compared without case or accents.
    #[serde(default)]
    pub allowed_values: Vec<AllowedValues>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedValues {
    pub column: String,
    pub values: Vec<String>,
}

/// A fine-tune of at most `max_parameters` (the model info's safetensors total).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRule {
    pub max_parameters: u64,
    #[serde(default = "error_severity")]
    pub severity: Severity,
    /// When the Hub does not know the size (no safetensors weights).
    #[serde(default = "warning_severity")]
    pub unknown_severity: Severity,
}

/// Files with these endings must be in the repo (`.py`, `.ipynb`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptsRule {
    pub extensions: Vec<String>,
    #[serde(default = "error_severity")]
    pub severity: Severity,
}

fn error_severity() -> Severity {
    Severity::Error
}

fn warning_severity() -> Severity {
    Severity::Warning
}

fn default_min_words() -> usize {
    20
}

/// A section the card must have.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRule {
    /// Stable id, part of finding ids (`dataset.section.bias`).
    pub id: String,
    pub title: Localized,
    /// Headings that count as this section, in any language; matched as
    /// whole words, without case or accents, at any heading level.
    pub aliases: Vec<String>,
    #[serde(default)]
    pub min_words: Option<usize>,
    /// The section must state a figure (a digit).
    #[serde(default)]
    pub needs_number: bool,
    /// A front-matter field that satisfies the rule instead
    /// (`co2_eq_emissions`, `model-index`).
    #[serde(default)]
    pub or_metadata: Option<String>,
    /// Words that show a text is about this requirement: they rank sections
    /// whose headings match equally, and let a paragraph under any heading
    /// meet the rule when no heading names it.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The chosen text must use one of these words (a "Limitations" section
    /// meets the bias rule only when it talks about bias).
    #[serde(default)]
    pub must_mention: Vec<String>,
    /// The text before the first heading (under the title) meets the rule.
    #[serde(default)]
    pub intro_counts: bool,
    /// A code block or a table is content enough (a JSON example of the
    /// structure, a table of results).
    #[serde(default)]
    pub code_and_tables_count: bool,
}

/// Something the card must mention, anywhere (headings, text or tags).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionRule {
    pub id: String,
    pub title: Localized,
    pub any_of: Vec<String>,
    /// What a card without it gets (the UN goal is a warning: "if applicable").
    #[serde(default = "error_severity")]
    pub severity: Severity,
}

impl CardRules {
    pub fn for_kind(&self, kind: RepoKind) -> &KindRules {
        match kind {
            RepoKind::Dataset => &self.dataset,
            RepoKind::Model => &self.model,
            RepoKind::Space => &self.space,
        }
    }

    /// Problems in the rules themselves, as (dotted path under `cards`, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for kind in RepoKind::ALL {
            self.for_kind(kind).validate(kind.as_str(), &mut out);
        }
        out
    }
}

impl KindRules {
    fn validate(&self, at: &str, out: &mut Vec<(String, String)>) {
        let mut push = |path: String, msg: &str| out.push((path, msg.to_string()));
        for (i, key) in self.required_metadata.iter().enumerate() {
            if key.trim().is_empty() {
                push(format!("{at}.required_metadata[{i}]"), "must not be empty");
            }
        }
        for (i, code) in self.languages.iter().enumerate() {
            let ok = (2..=12).contains(&code.len())
                && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                push(
                    format!("{at}.languages[{i}]"),
                    "must be a language code such as \"es\" or \"es-MX\"",
                );
            }
        }
        if self.min_words > 10_000 {
            push(format!("{at}.min_words"), "must be at most 10000");
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, s) in self.sections.iter().enumerate() {
            let here = format!("{at}.sections[{i}]");
            check_id(&s.id, &format!("{here}.id"), &mut ids, &mut push);
            if s.aliases.is_empty() {
                push(format!("{here}.aliases"), "must name at least one heading");
            }
            for (j, a) in s.aliases.iter().enumerate() {
                if normalize(a).is_empty() {
                    push(
                        format!("{here}.aliases[{j}]"),
                        "must contain a letter or digit",
                    );
                }
            }
            if s.min_words.is_some_and(|n| n > 10_000) {
                push(format!("{here}.min_words"), "must be at most 10000");
            }
            for (field, words) in [("keywords", &s.keywords), ("must_mention", &s.must_mention)] {
                if words.iter().any(|a| normalize(a).is_empty()) {
                    push(
                        format!("{here}.{field}"),
                        "must list words, each with a letter or digit",
                    );
                }
            }
            if s.or_metadata.as_ref().is_some_and(|k| k.trim().is_empty()) {
                push(format!("{here}.or_metadata"), "must not be empty");
            }
        }
        for (i, m) in self.mentions.iter().enumerate() {
            let here = format!("{at}.mentions[{i}]");
            check_id(&m.id, &format!("{here}.id"), &mut ids, &mut push);
            if m.any_of.is_empty() || m.any_of.iter().any(|a| normalize(a).is_empty()) {
                push(
                    format!("{here}.any_of"),
                    "must list words, each with a letter or digit",
                );
            }
        }
        if let Some(c) = &self.corpus {
            if c.columns.iter().any(|k| k.trim().is_empty()) {
                push(format!("{at}.corpus.columns"), "must not hold empty names");
            }
            for (i, a) in c.allowed_values.iter().enumerate() {
                if a.values.is_empty() {
                    push(
                        format!("{at}.corpus.allowed_values[{i}].values"),
                        "must not be empty",
                    );
                }
            }
        }
        if self
            .model_size
            .as_ref()
            .is_some_and(|m| m.max_parameters == 0)
        {
            push(format!("{at}.model_size.max_parameters"), "must be above 0");
        }
        if let Some(sr) = &self.scripts {
            if sr.extensions.is_empty() || sr.extensions.iter().any(|e| !e.starts_with('.')) {
                push(
                    format!("{at}.scripts.extensions"),
                    "must list endings such as \".py\"",
                );
            }
        }
    }

    /// The minimum real words of a section rule.
    pub fn min_words_for(&self, rule: &SectionRule) -> usize {
        rule.min_words.unwrap_or(self.min_words)
    }

    /// Whether a `language:` value is accepted.
    pub fn accepts_language(&self, value: &str) -> bool {
        let v = value.trim().to_ascii_lowercase().replace('_', "-");
        self.languages.iter().any(|code| {
            let code = code.to_ascii_lowercase();
            v == code
                || v.strip_prefix(&code)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    }

    pub fn somosnlp_dataset() -> Self {
        let mut description = section(
            "description",
            ("Descripción", "Description"),
            &[
                "description",
                "descripcion",
                "summary",
                "resumen",
                "motivation",
                "motivacion",
                "dataset card",
                "about",
                "acerca",
            ],
        );
        description.intro_counts = true;
        description.keywords = strings(&[
            "corpus",
            "dataset",
            "conjunto de datos",
            "contiene",
            "contains",
        ]);
        let mut structure = section(
            "structure",
            ("Estructura", "Structure"),
            &[
                "structure",
                "estructura",
                "data fields",
                "campos",
                "formato del dataset",
                "formato",
                "format",
                "data instances",
                "instancias",
                "columnas",
                "columns",
            ],
        );
        structure.code_and_tables_count = true;
        structure.keywords = strings(&[
            "columna", "columnas", "column", "columns", "campo", "campos", "field", "fields",
            "split", "splits",
        ]);
        let mut creation = section(
            "creation",
            ("Creación y curación", "Creation and curation"),
            &[
                "creation",
                "creacion",
                "curation",
                "curacion",
                "data collection",
                "dataset collection",
                "collection",
                "recopilacion",
                "procesamiento de datos",
                "fuentes de datos",
                "extraccion de datos",
                "compiled sources",
                "sources",
                "fuentes",
                "source data",
            ],
        );
        creation.keywords = strings(&[
            "fuente",
            "fuentes",
            "source",
            "sources",
            "recopilado",
            "recopilados",
            "recopilamos",
            "extraido",
            "extraidos",
            "collected",
            "scraped",
            "compilado",
            "compiled",
        ]);
        Self {
            required_metadata: strings(&["license", "language"]),
            languages: strings(&["es", "ca", "eu", "gl"]),
            min_words: 20,
            sections: vec![
                description,
                structure,
                creation,
                bias_section((
                    "Evaluación y mitigación de sesgos",
                    "Bias evaluation and mitigation",
                )),
            ],
            mentions: Vec::new(),
            must_link_dataset: false,
            must_link_model: false,
            require_running: false,
            corpus: Some(CorpusRule {
                severity: Severity::Error,
                columns: strings(&[
                    "pregunta",
                    "respuesta",
                    "idioma",
                    "registro",
                    "periodo",
                    "dominio",
                    "tarea",
                    "país_origen",
                    "país_referencia",
                ]),
                allowed_values: vec![
                    AllowedValues {
                        column: "registro".into(),
                        values: strings(&["coloquial", "medio", "culto"]),
                    },
                    AllowedValues {
                        column: "periodo".into(),
                        values: strings(&["actual", "moderno", "clásico", "medieval"]),
                    },
                ],
            }),
            model_size: None,
            scripts: Some(scripts_rule()),
        }
    }

    pub fn somosnlp_model() -> Self {
        let mut training = section(
            "training",
            ("Entrenamiento", "Training"),
            &[
                "training",
                "entrenamiento",
                "detalles tecnicos",
                "technical details",
                "fine tuning",
                "ajuste fino",
                "training details",
                "training procedure",
            ],
        );
        training.keywords = strings(&[
            "entrenado",
            "entrenamos",
            "trained",
            "fine tuned",
            "epochs",
            "epocas",
            "learning rate",
            "batch",
            "lora",
            "qlora",
            "hiperparametros",
            "hyperparameters",
        ]);
        let mut evaluation = section(
            "evaluation",
            ("Evaluación y resultados", "Evaluation and results"),
            &[
                "evaluation",
                "evaluacion",
                "results",
                "resultados",
                "metricas",
                "metrics",
            ],
        );
        evaluation.needs_number = true;
        evaluation.or_metadata = Some("model-index".into());
        evaluation.code_and_tables_count = true;
        evaluation.keywords = strings(&[
            "accuracy",
            "precision",
            "f1",
            "rouge",
            "bleu",
            "exactitud",
            "metricas",
            "metrics",
        ]);
        let mut carbon = section(
            "carbon",
            ("Huella de carbono", "Carbon footprint"),
            &[
                "environmental impact",
                "impacto medioambiental",
                "impacto ambiental",
                "carbon footprint",
                "huella de carbono",
                "emissions",
                "emisiones",
            ],
        );
        carbon.needs_number = true;
        carbon.min_words = Some(3);
        carbon.or_metadata = Some("co2_eq_emissions".into());
        carbon.keywords = strings(&[
            "co2",
            "co2eq",
            "emisiones",
            "emissions",
            "carbono",
            "carbon",
        ]);
        Self {
            required_metadata: strings(&["license", "base_model", "datasets"]),
            languages: Vec::new(),
            min_words: 20,
            sections: vec![
                training,
                evaluation,
                bias_section((
                    "Sesgos, riesgos y limitaciones",
                    "Bias, risks and limitations",
                )),
                carbon,
            ],
            mentions: Vec::new(),
            must_link_dataset: true,
            must_link_model: false,
            require_running: false,
            corpus: None,
            model_size: Some(SizeRule {
                max_parameters: 7_700_000_000,
                severity: Severity::Error,
                unknown_severity: Severity::Warning,
            }),
            scripts: Some(scripts_rule()),
        }
    }

    pub fn somosnlp_space() -> Self {
        Self {
            required_metadata: strings(&["models", "datasets"]),
            languages: Vec::new(),
            min_words: 20,
            sections: Vec::new(),
            mentions: vec![MentionRule {
                id: "ods".into(),
                title: Localized {
                    es: "ODS (Objetivo de Desarrollo Sostenible) al que contribuye".into(),
                    en: "The SDG (UN Sustainable Development Goal) it serves".into(),
                },
                any_of: strings(&[
                    "ods",
                    "objetivo de desarrollo sostenible",
                    "objetivos de desarrollo sostenible",
                    "sdg",
                    "sdgs",
                    "sustainable development goal",
                    "sustainable development goals",
                ]),
                severity: Severity::Warning,
            }],
            must_link_dataset: true,
            must_link_model: true,
            require_running: true,
            corpus: None,
            model_size: None,
            scripts: None,
        }
    }
}

/// Bias for both kinds: "Limitaciones" is a bias heading, but the text must
/// talk about bias.
fn bias_section(title: (&str, &str)) -> SectionRule {
    let mut bias = section(
        "bias",
        title,
        &[
            "bias",
            "biases",
            "risks",
            "limitations",
            "sesgo",
            "sesgos",
            "riesgos",
            "limitaciones",
        ],
    );
    let words = strings(&[
        "bias", "biases", "biased", "sesgo", "sesgos", "sesgado", "sesgada", "sesgados", "sesgadas",
    ]);
    bias.keywords = words.clone();
    bias.must_mention = words;
    bias
}

fn scripts_rule() -> ScriptsRule {
    ScriptsRule {
        extensions: strings(&[".py", ".ipynb"]),
        severity: Severity::Error,
    }
}

fn check_id<'a>(
    id: &'a str,
    path: &str,
    seen: &mut Vec<&'a str>,
    push: &mut impl FnMut(String, &str),
) {
    let slug = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !slug {
        push(
            path.to_string(),
            "must be a slug: lowercase letters, digits, '-' or '_'",
        );
    } else if seen.contains(&id) {
        push(path.to_string(), "is used by another rule of this kind");
    } else {
        seen.push(id);
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn section(id: &str, (es, en): (&str, &str), aliases: &[&str]) -> SectionRule {
    SectionRule {
        id: id.into(),
        title: Localized {
            es: es.into(),
            en: en.into(),
        },
        aliases: strings(aliases),
        min_words: None,
        needs_number: false,
        or_metadata: None,
        keywords: Vec::new(),
        must_mention: Vec::new(),
        intro_counts: false,
        code_and_tables_count: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(CardRules::default().validate(), Vec::new());
    }

    #[test]
    fn languages_accept_regional_variants() {
        let d = KindRules::somosnlp_dataset();
        for ok in ["es", "ES", "es-MX", "es_AR", "ca", "eu", "gl"] {
            assert!(d.accepts_language(ok), "{ok}");
        }
        for no in ["en", "pt", "esp", "e", ""] {
            assert!(!d.accepts_language(no), "{no}");
        }
    }

    #[test]
    fn mistakes_in_rules_are_named_by_path() {
        let mut rules = CardRules::default();
        rules.model.sections[1].id = "training".into();
        rules.dataset.sections[0].aliases.clear();
        rules.space.languages.push("not a code".into());
        let found: Vec<String> = rules.validate().into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            found,
            [
                "dataset.sections[0].aliases",
                "model.sections[1].id",
                "space.languages[0]"
            ]
        );
    }
}
