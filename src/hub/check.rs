//! The checks: a card against the rules (offline), a repo on the Hub, and a
//! team's dataset + model + demo together.

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use super::card::{contains_phrase, normalize, value_strings, Card};
use super::client::{Commits, HubClient, HubError, RepoInfo, RepoOutcome};
use super::link::{parse_link, HubLink};
use super::repo_id::{RepoId, RepoKind};
use super::report::{Finding, RepoFacts, RepoReport, Report, Text};
use super::rules::{CardRules, KindRules};

/// What every check needs to know about the event.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The Hub organization deliverables must live in.
    pub organization: String,
    /// Commits after this are listed.
    pub deadline: Option<DateTime<Utc>>,
    pub rules: CardRules,
    /// How many recent commits to ask for (one request either way).
    pub commit_limit: usize,
}

impl CheckContext {
    pub fn new(organization: impl Into<String>, deadline: Option<DateTime<Utc>>) -> Self {
        Self {
            organization: organization.into(),
            deadline,
            rules: CardRules::default(),
            commit_limit: 20,
        }
    }
}

/// A team's deliverables; any may be missing (a corpus-only submission).
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub dataset: Option<RepoId>,
    pub model: Option<RepoId>,
    pub space: Option<RepoId>,
}

/// One repo's report plus what the cross-checks need from it.
#[derive(Debug, Clone)]
pub struct RepoCheck {
    pub report: RepoReport,
    /// `models:` named by the card (and, for Spaces, by the Hub's parse of the code).
    pub linked_models: Vec<String>,
    /// `datasets:` named likewise.
    pub linked_datasets: Vec<String>,
}

// ---------------------------------------------------------------- cards

/// Checks a parsed card against the rules of its kind. Every rule yields a
/// finding, passed or not, so a checklist can show them all.
pub fn check_card(kind: RepoKind, card: &Card, rules: &CardRules) -> Vec<Finding> {
    let k = kind.as_str();
    let r = rules.for_kind(kind);
    let mut out = Vec::new();
    if let Some(err) = &card.metadata_error {
        out.push(Finding::error(
            format!("{k}.metadata.yaml"),
            Text::new(
                format!("Los metadatos YAML de la card no se pueden leer: {err}"),
                format!("The card's YAML metadata cannot be read: {err}"),
            ),
            Text::new(
                "Revisa el bloque entre las líneas `---` al principio del README.md (sangría, comillas, dos puntos).",
                "Fix the block between the `---` lines at the top of README.md (indentation, quotes, colons).",
            ),
        ));
    } else if card.metadata.is_none() && !r.required_metadata.is_empty() {
        out.push(Finding::error(
            format!("{k}.metadata.missing"),
            Text::new(
                "La card no tiene metadatos YAML.",
                "The card has no YAML metadata.",
            ),
            Text::new(
                "Añade al principio del README.md un bloque entre líneas `---` con license, language, etc.",
                "Add a block between `---` lines at the top of README.md with license, language, etc.",
            ),
        ));
    }
    for key in &r.required_metadata {
        if card.has_meta(key) {
            out.push(Finding::ok(
                format!("{k}.metadata.{key}"),
                Text::new(
                    format!("Metadato `{key}`: {}", shown(&card.meta_strings(key))),
                    format!("Metadata `{key}`: {}", shown(&card.meta_strings(key))),
                ),
            ));
        } else {
            out.push(Finding::error(
                format!("{k}.metadata.{key}"),
                Text::new(
                    format!("Falta el metadato `{key}`."),
                    format!("The `{key}` metadata field is missing."),
                ),
                Text::new(
                    format!("Añade `{key}: …` en el bloque YAML del README.md."),
                    format!("Add `{key}: …` to the YAML block of README.md."),
                ),
            ));
        }
    }
    if !r.languages.is_empty() {
        check_languages(k, r, card, &mut out);
    }
    for rule in &r.sections {
        let id = format!("{k}.section.{}", rule.id);
        let (es, en) = (&rule.title.es, &rule.title.en);
        if let Some(key) = rule.or_metadata.as_deref().filter(|key| card.has_meta(key)) {
            out.push(Finding::ok(
                id,
                Text::new(
                    format!("{es}: indicado en el metadato `{key}`"),
                    format!("{en}: stated in the `{key}` metadata"),
                ),
            ));
            continue;
        }
        let aliases: Vec<String> = rule.aliases.iter().map(|a| normalize(a)).collect();
        let matching: Vec<_> = card
            .sections
            .iter()
            .filter(|s| {
                let h = normalize(&s.heading);
                aliases.iter().any(|a| contains_phrase(&h, a))
            })
            .collect();
        let min = r.min_words_for(rule);
        let best = matching.iter().max_by_key(|s| s.words);
        let also = rule
            .or_metadata
            .as_deref()
            .map(|key| {
                (
                    format!(" (o el metadato `{key}`)"),
                    format!(" (or the `{key}` metadata)"),
                )
            })
            .unwrap_or_default();
        match best {
            None => out.push(Finding::error(
                id,
                Text::new(
                    format!("Falta la sección «{es}»."),
                    format!("The \"{en}\" section is missing."),
                ),
                Text::new(
                    format!(
                        "Añade un encabezado como «## {es}»{} y escribe al menos {min} palabras.",
                        also.0
                    ),
                    format!(
                        "Add a heading such as \"## {en}\"{} and write at least {min} words.",
                        also.1
                    ),
                ),
            )),
            Some(s) if s.words < min => {
                let left = s.placeholders.more_information_needed + s.placeholders.jinja;
                let (pes, pen) = if left > 0 {
                    (
                        format!(" y {left} marcadores de plantilla sin rellenar"),
                        format!(" and {left} unfilled template placeholders"),
                    )
                } else {
                    Default::default()
                };
                out.push(Finding::error(
                    id,
                    Text::new(
                        format!(
                            "La sección «{}» tiene {} palabras reales{pes} (mínimo {min}).",
                            s.heading, s.words
                        ),
                        format!(
                            "The \"{}\" section has {} real words{pen} (at least {min} needed).",
                            s.heading, s.words
                        ),
                    ),
                    Text::new(
                        format!("Completa «{es}» con tu propio texto en lugar de los textos de la plantilla."),
                        format!("Fill in \"{en}\" in your own words instead of the template's text."),
                    ),
                ));
            }
            Some(s) if rule.needs_number && !matching.iter().any(|m| has_digit(&m.text)) => out
                .push(Finding::error(
                    id,
                    Text::new(
                        format!("La sección «{}» no da ninguna cifra.", s.heading),
                        format!("The \"{}\" section states no figure.", s.heading),
                    ),
                    Text::new(
                        format!("Indica el valor medido en «{es}»{}.", also.0),
                        format!("State the measured value in \"{en}\"{}.", also.1),
                    ),
                )),
            Some(s) => out.push(Finding::ok(
                id,
                Text::new(
                    format!("{es}: «{}» ({} palabras)", s.heading, s.words),
                    format!("{en}: \"{}\" ({} words)", s.heading, s.words),
                ),
            )),
        }
    }
    for m in &r.mentions {
        let id = format!("{k}.mention.{}", m.id);
        let mut haystack = card.normalized_text.clone();
        for key in ["tags", "short_description", "title"] {
            for v in card.meta_strings(key) {
                haystack.push(' ');
                haystack.push_str(&normalize(&v));
            }
        }
        if m.any_of
            .iter()
            .any(|a| contains_phrase(&haystack, &normalize(a)))
        {
            out.push(Finding::ok(
                id,
                Text::new(
                    format!("{}: mencionado", m.title.es),
                    format!("{}: mentioned", m.title.en),
                ),
            ));
        } else {
            out.push(Finding::error(
                id,
                Text::new(
                    format!("La card no menciona: {}.", m.title.es),
                    format!("The card does not mention: {}.", m.title.en),
                ),
                Text::new(
                    format!(
                        "Escríbelo en el README.md (por ejemplo: {}).",
                        m.any_of.first().map(String::as_str).unwrap_or("")
                    ),
                    format!(
                        "Write it in README.md (for example: {}).",
                        m.any_of
                            .get(5)
                            .or(m.any_of.first())
                            .map(String::as_str)
                            .unwrap_or("")
                    ),
                ),
            ));
        }
    }
    let p = card.placeholders;
    if p.total() > 0 {
        out.push(Finding::warning(
            format!("{k}.placeholders"),
            Text::new(
                format!(
                    "Quedan {} restos de la plantilla: {} «[More Information Needed]», {} comentarios <!-- -->, {} «{{{{ }}}}».",
                    p.total(), p.more_information_needed, p.html_comments, p.jinja
                ),
                format!(
                    "{} template leftovers remain: {} \"[More Information Needed]\", {} <!-- --> comments, {} \"{{{{ }}}}\".",
                    p.total(), p.more_information_needed, p.html_comments, p.jinja
                ),
            ),
            Text::new(
                "Sustituye cada marcador por información real o borra la línea; borra también los comentarios de instrucciones.",
                "Replace each placeholder with real information or delete the line; delete the instruction comments too.",
            ),
        ));
    }
    out
}

fn check_languages(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
    let values = card.meta_strings("language");
    let wanted = r.languages.join(", ");
    if values.is_empty() {
        if !r.required_metadata.iter().any(|m| m == "language") {
            out.push(Finding::error(
                format!("{k}.language"),
                Text::new(
                    "Falta el metadato `language`.",
                    "The `language` metadata field is missing.",
                ),
                Text::new(
                    format!("Añade `language:` con uno de: {wanted}."),
                    format!("Add `language:` with one of: {wanted}."),
                ),
            ));
        }
    } else if values.iter().any(|v| r.accepts_language(v)) {
        out.push(Finding::ok(
            format!("{k}.language"),
            Text::new(
                format!("Idioma aceptado: {}", shown(&values)),
                format!("Accepted language: {}", shown(&values)),
            ),
        ));
    } else {
        out.push(Finding::error(
            format!("{k}.language"),
            Text::new(
                format!("`language` ({}) no incluye ninguno de: {wanted}.", shown(&values)),
                format!("`language` ({}) includes none of: {wanted}.", shown(&values)),
            ),
            Text::new(
                format!("Usa códigos ISO: {wanted}; las variedades regionales (es-MX, es-AR…) también valen."),
                format!("Use ISO codes: {wanted}; regional varieties (es-MX, es-AR…) count too."),
            ),
        ));
    }
}

fn shown(values: &[String]) -> String {
    let mut s = values.join(", ");
    if s.chars().count() > 120 {
        s = s.chars().take(117).collect::<String>() + "…";
    }
    s
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// Checks a local card file, with no network.
pub fn check_local_card(target: &str, kind: RepoKind, text: &str, rules: &CardRules) -> RepoReport {
    let card = Card::parse(text);
    RepoReport::new(
        target,
        Some(kind),
        None,
        None,
        check_card(kind, &card, rules),
        false,
    )
}

// ---------------------------------------------------------------- repos

/// Checks one link: parses it, resolves `*.hf.space` through the org's Space
/// list, then checks the repo.
pub async fn check_link(client: &HubClient, text: &str, ctx: &CheckContext) -> RepoCheck {
    let unreadable = |kind: Option<RepoKind>, f: Finding, could_not_check: bool| RepoCheck {
        report: RepoReport::new(text, kind, None, None, vec![f], could_not_check),
        linked_models: Vec::new(),
        linked_datasets: Vec::new(),
    };
    match parse_link(text) {
        Ok(HubLink::Repo(repo)) => check_repo(client, text, &repo, ctx).await,
        Ok(HubLink::SpaceSubdomain(sub)) => {
            match client.find_space(&sub, Some(&ctx.organization)).await {
                Ok(Some(repo)) => check_repo(client, text, &repo, ctx).await,
                Ok(None) => unreadable(
                    Some(RepoKind::Space),
                    Finding::error(
                        "space.link.unknown_subdomain",
                        Text::new(
                            format!("No se encontró ningún Space público con la dirección {sub}."),
                            format!("No public Space has the address {sub}."),
                        ),
                        Text::new(
                            format!("Pega el enlace del repositorio: https://huggingface.co/spaces/{}/…", ctx.organization),
                            format!("Paste the repository link: https://huggingface.co/spaces/{}/…", ctx.organization),
                        ),
                    ),
                    false,
                ),
                Err(e) => unreadable(Some(RepoKind::Space), unavailable_finding("space", &e), true),
            }
        }
        Err(e) => unreadable(
            None,
            Finding::error(
                "link.invalid",
                Text::new(
                    e.message(crate::i18n::Lang::Es),
                    e.message(crate::i18n::Lang::En),
                ),
                Text::new(
                    "Copia el enlace desde la página del repositorio en huggingface.co.",
                    "Copy the link from the repository's page on huggingface.co.",
                ),
            ),
            false,
        ),
    }
}

fn unavailable_finding(k: &str, e: &dyn std::fmt::Display) -> Finding {
    Finding::warning(
        format!("{k}.hub.unavailable"),
        Text::new(
            format!("No se pudo consultar el Hub: {e}."),
            format!("Could not ask the Hub: {e}."),
        ),
        Text::new(
            "No es un fallo del proyecto: vuelve a comprobarlo en unos minutos.",
            "This is not a problem with the project: check again in a few minutes.",
        ),
    )
}

/// Checks one repo: info, commits and README, asked concurrently (a Space's
/// README is skipped when its info already carries what the rules need).
pub async fn check_repo(
    client: &HubClient,
    target: &str,
    repo: &RepoId,
    ctx: &CheckContext,
) -> RepoCheck {
    let k = repo.kind.as_str();
    let fetch_readme_now = repo.kind != RepoKind::Space;
    let (outcome, commits, readme) = futures::join!(
        client.repo_info(repo),
        client.commits(repo, ctx.commit_limit),
        async {
            if fetch_readme_now {
                Some(client.readme(repo).await)
            } else {
                None
            }
        }
    );
    let mut findings = Vec::new();
    let done = |findings: Vec<Finding>, facts: Option<RepoFacts>, could_not: bool| RepoCheck {
        report: RepoReport::new(
            target,
            Some(repo.kind),
            Some(repo.clone()),
            facts,
            findings,
            could_not,
        ),
        linked_models: Vec::new(),
        linked_datasets: Vec::new(),
    };
    let info = match outcome {
        RepoOutcome::Found(info) => info,
        RepoOutcome::Unavailable(u) => {
            return done(vec![unavailable_finding(k, &u)], None, true);
        }
        RepoOutcome::NotFoundOrPrivate => {
            findings.push(Finding::error(
                format!("{k}.repo.not_found_or_private"),
                Text::new(
                    format!("{repo} no existe o es privado (sin token, el Hub responde igual en los dos casos)."),
                    format!("{repo} does not exist or is private (without a token the Hub answers the same for both)."),
                ),
                Text::new(
                    format!("Comprueba el enlace y haz público el repositorio dentro de {}.", ctx.organization),
                    format!("Check the link and make the repository public under {}.", ctx.organization),
                ),
            ));
            return done(findings, None, false);
        }
        RepoOutcome::NotFound => {
            findings.push(Finding::error(
                format!("{k}.repo.not_found"),
                Text::new(
                    format!("{repo} no existe en el Hub."),
                    format!("{repo} does not exist on the Hub."),
                ),
                Text::new(
                    "Comprueba el enlace (mayúsculas, guiones, tipo de repositorio).",
                    "Check the link (case, dashes, kind of repository).",
                ),
            ));
            return done(findings, None, false);
        }
        RepoOutcome::Gated(None) | RepoOutcome::Disabled(None) => {
            findings.push(Finding::error(
                format!("{k}.repo.restricted"),
                Text::new(
                    format!("{repo} tiene acceso restringido o está deshabilitado."),
                    format!("{repo} is restricted or disabled."),
                ),
                Text::new(
                    "El repositorio debe ser público y sin restricciones de acceso.",
                    "The repository must be public with no access restrictions.",
                ),
            ));
            return done(findings, None, false);
        }
        RepoOutcome::Gated(Some(info)) | RepoOutcome::Disabled(Some(info)) => info,
    };
    let mut facts = repo_facts(repo, &info, ctx);
    repo_findings(k, repo, &facts, ctx, &mut findings);
    let mut could_not_check = false;

    match &commits {
        Ok(c) => commit_facts(&mut facts, c, ctx),
        Err(e) => {
            facts.last_commit = info.last_modified;
            facts.last_commit_source = info.last_modified.map(|_| "lastModified");
            findings.push(Finding::warning(
                format!("{k}.commits.unavailable"),
                Text::new(
                    format!("No se pudo leer la lista de commits ({e}); se usa la fecha de última modificación."),
                    format!("The commit list could not be read ({e}); the last-modified date is used instead."),
                ),
                Text::new("Vuelve a comprobarlo más tarde.", "Check again later."),
            ));
            if let Some(d) = ctx.deadline {
                if info.last_modified.is_some_and(|t| t > d) {
                    facts.commits_after_deadline_truncated = true;
                }
            }
        }
    }
    deadline_findings(k, &facts, ctx, &mut findings);
    if repo.kind == RepoKind::Space {
        runtime_findings(k, &facts, ctx, &mut findings);
    }

    // The card.
    let readme = match readme {
        Some(r) => Some(r),
        None if space_card_is_enough(&info, ctx) => None,
        None => Some(client.readme(repo).await),
    };
    let card = match readme {
        None => info.card_data.as_ref().map(card_from_card_data),
        Some(Ok(text)) => Some(Card::parse(&text)),
        Some(Err(HubError::EntryNotFound)) => {
            findings.push(Finding::error(
                format!("{k}.card.missing"),
                Text::new(
                    "El repositorio no tiene README.md (la card).",
                    "The repository has no README.md (the card).",
                ),
                Text::new(
                    "Crea el README.md a partir de la plantilla de SomosNLP y rellénalo.",
                    "Create README.md from the SomosNLP template and fill it in.",
                ),
            ));
            None
        }
        Some(Err(e @ (HubError::TooLarge { .. } | HubError::NotUtf8))) => {
            findings.push(Finding::error(
                format!("{k}.card.unreadable"),
                Text::new(
                    format!("No se puede leer la card: {e}."),
                    format!("The card cannot be read: {e}."),
                ),
                Text::new(
                    "El README.md debe ser texto UTF-8 de menos de 1 MiB.",
                    "README.md must be UTF-8 text under 1 MiB.",
                ),
            ));
            None
        }
        Some(Err(HubError::Unavailable(u))) => {
            could_not_check = true;
            findings.push(unavailable_finding(k, &u));
            None
        }
        Some(Err(e)) => {
            findings.push(Finding::error(
                format!("{k}.card.unreadable"),
                Text::new(
                    format!("No se puede leer la card: {e}."),
                    format!("The card cannot be read: {e}."),
                ),
                Text::new(
                    "El repositorio y su README.md deben ser públicos.",
                    "The repository and its README.md must be public.",
                ),
            ));
            None
        }
    };
    let mut linked_models = Vec::new();
    let mut linked_datasets = Vec::new();
    if let Some(card) = &card {
        findings.extend(check_card(repo.kind, card, &ctx.rules));
        linked_models = card.meta_strings("models");
        linked_datasets = card.meta_strings("datasets");
    }
    linked_models.extend(info.models.iter().cloned());
    linked_datasets.extend(info.datasets.iter().cloned());
    RepoCheck {
        report: RepoReport::new(
            target,
            Some(repo.kind),
            Some(repo.clone()),
            Some(facts),
            findings,
            could_not_check,
        ),
        linked_models,
        linked_datasets,
    }
}

/// A Space's README can be skipped when the rules need no sections and the
/// mentions are found in `cardData` (title, short description, tags).
fn space_card_is_enough(info: &RepoInfo, ctx: &CheckContext) -> bool {
    let rules = &ctx.rules.space;
    let Some(data) = &info.card_data else {
        return false;
    };
    if !rules.sections.is_empty() {
        return false;
    }
    let card = card_from_card_data(data);
    rules.mentions.iter().all(|m| {
        m.any_of
            .iter()
            .any(|a| contains_phrase(&card.normalized_text, &normalize(a)))
    })
}

/// A card with only metadata, from the `cardData` of an info answer.
fn card_from_card_data(data: &serde_json::Value) -> Card {
    let metadata = serde_yaml_ng::to_value(data).ok().and_then(|v| match v {
        serde_yaml_ng::Value::Mapping(m) => Some(m),
        _ => None,
    });
    let mut text = String::new();
    if let Some(m) = &metadata {
        for key in ["title", "short_description", "tags"] {
            if let Some(v) = m.get(key) {
                text.push_str(&value_strings(v).join(" "));
                text.push(' ');
            }
        }
    }
    Card {
        metadata,
        normalized_text: normalize(&text),
        ..Card::default()
    }
}

fn repo_facts(repo: &RepoId, info: &RepoInfo, ctx: &CheckContext) -> RepoFacts {
    let final_id = RepoId::parse(repo.kind, &info.id).ok();
    let renamed_to = final_id
        .as_ref()
        .filter(|f| f.id() != repo.id())
        .map(|f| f.id());
    let namespace_ok = final_id.as_ref().unwrap_or(repo).is_in(&ctx.organization);
    RepoFacts {
        renamed_to,
        exists: true,
        in_organization: namespace_ok,
        public: !info.private,
        gated: info.gated.clone(),
        disabled: info.disabled,
        last_commit: info.last_modified,
        last_commit_source: info.last_modified.map(|_| "lastModified"),
        runtime_stage: info.runtime.as_ref().and_then(|r| r.stage.clone()),
        hardware: info
            .runtime
            .as_ref()
            .and_then(|r| r.hardware.as_ref())
            .and_then(|h| h.current.clone()),
        ..RepoFacts::default()
    }
}

fn repo_findings(
    k: &str,
    repo: &RepoId,
    facts: &RepoFacts,
    ctx: &CheckContext,
    out: &mut Vec<Finding>,
) {
    let org = &ctx.organization;
    out.push(Finding::ok(
        format!("{k}.repo.exists"),
        Text::new(
            format!("{repo} existe en el Hub"),
            format!("{repo} exists on the Hub"),
        ),
    ));
    if let Some(new_id) = &facts.renamed_to {
        out.push(Finding::warning(
            format!("{k}.repo.renamed"),
            Text::new(
                format!("El repositorio ahora es {new_id}."),
                format!("The repository is now {new_id}."),
            ),
            Text::new(
                "Usa el enlace nuevo en la entrega.",
                "Use the new link in the submission.",
            ),
        ));
    }
    if facts.in_organization {
        out.push(Finding::ok(
            format!("{k}.repo.organization"),
            Text::new(
                format!("Está en la organización {org}"),
                format!("It is in the {org} organization"),
            ),
        ));
    } else {
        out.push(Finding::error(
            format!("{k}.repo.organization"),
            Text::new(
                format!("No está en la organización {org}."),
                format!("It is not in the {org} organization."),
            ),
            Text::new(
                format!("Transfiérelo a {org} (Settings → Rename or transfer this repository)."),
                format!("Transfer it to {org} (Settings → Rename or transfer this repository)."),
            ),
        ));
    }
    if facts.public {
        out.push(Finding::ok(
            format!("{k}.repo.public"),
            Text::new("Es público", "It is public"),
        ));
    } else {
        out.push(Finding::error(
            format!("{k}.repo.public"),
            Text::new("Es privado.", "It is private."),
            Text::new(
                "Hazlo público en Settings → Change repository visibility.",
                "Make it public in Settings → Change repository visibility.",
            ),
        ));
    }
    if let Some(g) = &facts.gated {
        out.push(Finding::error(
            format!("{k}.repo.gated"),
            Text::new(
                format!("Tiene acceso restringido (gated: {g})."),
                format!("Access is gated ({g})."),
            ),
            Text::new(
                "Quita la restricción de acceso en Settings.",
                "Remove the access gate in Settings.",
            ),
        ));
    }
    if facts.disabled {
        out.push(Finding::error(
            format!("{k}.repo.disabled"),
            Text::new(
                "El Hub ha deshabilitado el repositorio.",
                "The Hub has disabled the repository.",
            ),
            Text::new(
                "Escribe a la organización del hackathon.",
                "Contact the hackathon organizers.",
            ),
        ));
    }
}

fn commit_facts(facts: &mut RepoFacts, commits: &Commits, ctx: &CheckContext) {
    facts.total_commits = commits.total;
    if let Some(newest) = commits.newest_first.first() {
        facts.last_commit = Some(newest.date);
        facts.last_commit_source = Some("commits");
    }
    if let Some(deadline) = ctx.deadline {
        facts.commits_after_deadline = commits
            .newest_first
            .iter()
            .filter(|c| c.date > deadline)
            .cloned()
            .collect();
        let all_after = !commits.newest_first.is_empty()
            && facts.commits_after_deadline.len() == commits.newest_first.len();
        let more = commits
            .total
            .is_some_and(|t| t > commits.newest_first.len() as u64);
        facts.commits_after_deadline_truncated = all_after && more;
    }
}

fn deadline_findings(k: &str, facts: &RepoFacts, ctx: &CheckContext, out: &mut Vec<Finding>) {
    let Some(deadline) = ctx.deadline else {
        if let Some(t) = facts.last_commit {
            out.push(Finding::ok(
                format!("{k}.commits.last"),
                Text::new(
                    format!("Último commit: {}", fmt_time(t)),
                    format!("Last commit: {}", fmt_time(t)),
                ),
            ));
        }
        return;
    };
    let n = facts.commits_after_deadline.len();
    if n == 0 && !facts.commits_after_deadline_truncated {
        let last = facts
            .last_commit
            .map(fmt_time)
            .unwrap_or_else(|| "?".into());
        out.push(Finding::ok(
            format!("{k}.commits.deadline"),
            Text::new(
                format!(
                    "Último commit ({last}) antes del plazo ({})",
                    fmt_time(deadline)
                ),
                format!(
                    "Last commit ({last}) before the deadline ({})",
                    fmt_time(deadline)
                ),
            ),
        ));
    } else {
        let plus = if facts.commits_after_deadline_truncated {
            "+"
        } else {
            ""
        };
        out.push(Finding::warning(
            format!("{k}.commits.deadline"),
            Text::new(
                format!("{n}{plus} commits después del plazo ({}).", fmt_time(deadline)),
                format!("{n}{plus} commits after the deadline ({}).", fmt_time(deadline)),
            ),
            Text::new(
                "La organización decidirá si cuentan; no hagas más cambios sin avisar.",
                "The organizers decide whether they count; make no more changes without telling them.",
            ),
        ));
    }
}

fn runtime_findings(k: &str, facts: &RepoFacts, ctx: &CheckContext, out: &mut Vec<Finding>) {
    let stage = facts.runtime_stage.as_deref().unwrap_or("UNKNOWN");
    let hw = facts.hardware.as_deref().unwrap_or("?");
    if stage == "RUNNING" || stage == "RUNNING_BUILDING" {
        out.push(Finding::ok(
            format!("{k}.runtime"),
            Text::new(
                format!("La demo está en marcha ({hw})"),
                format!("The demo is running ({hw})"),
            ),
        ));
    } else if ctx.rules.space.require_running {
        out.push(Finding::error(
            format!("{k}.runtime"),
            Text::new(
                format!("La demo no está en marcha (estado {stage})."),
                format!("The demo is not running (stage {stage})."),
            ),
            Text::new(
                "Abre el Space, mira los logs y reinícialo (Settings → Restart).",
                "Open the Space, read its logs and restart it (Settings → Restart).",
            ),
        ));
    }
}

fn fmt_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

// ---------------------------------------------------------------- teams

/// Checks a team's deliverables concurrently, then how they link to each
/// other. About 8 requests for three repos (info + commits + README each,
/// the Space's README skipped when its info suffices).
pub async fn check_submission(client: &HubClient, sub: &Submission, ctx: &CheckContext) -> Report {
    check_submission_with_progress(client, sub, ctx, None).await
}

/// Like [`check_submission`], and sends each repo's report on `progress` as
/// soon as it is ready, so a checklist can fill in while the rest runs.
pub async fn check_submission_with_progress(
    client: &HubClient,
    sub: &Submission,
    ctx: &CheckContext,
    progress: Option<&UnboundedSender<RepoReport>>,
) -> Report {
    let one = |r: &Option<RepoId>| {
        let r = r.clone();
        async move {
            let repo = r?;
            let check = check_repo(client, &repo.to_string(), &repo, ctx).await;
            if let Some(tx) = progress {
                // A closed receiver only means nobody watches any more.
                let _ = tx.send(check.report.clone());
            }
            Some(check)
        }
    };
    let (d, m, s) = futures::join!(one(&sub.dataset), one(&sub.model), one(&sub.space));
    assemble(ctx, [d, m, s].into_iter().flatten().collect())
}

/// The repo a link names: parsed, and for `*.hf.space` looked up in the
/// Space lists (the event organization first). `Ok(None)` when no Space has
/// that address.
pub async fn resolve_link(
    client: &HubClient,
    link: &HubLink,
    organization: &str,
) -> Result<Option<RepoId>, HubError> {
    match link {
        HubLink::Repo(repo) => Ok(Some(repo.clone())),
        HubLink::SpaceSubdomain(sub) => client.find_space(sub, Some(organization)).await,
    }
}

/// Checks pasted links concurrently; when they hold at most one repo of each
/// kind, they are treated as one team's submission and cross-checked.
pub async fn check_links(client: &HubClient, links: &[String], ctx: &CheckContext) -> Report {
    let checks = futures::future::join_all(links.iter().map(|l| check_link(client, l, ctx))).await;
    assemble(ctx, checks)
}

fn assemble(ctx: &CheckContext, checks: Vec<RepoCheck>) -> Report {
    let cross = cross_checks(ctx, &checks);
    Report::new(
        ctx.organization.clone(),
        ctx.deadline,
        checks.into_iter().map(|c| c.report).collect(),
        cross,
    )
}

/// Model → dataset and Space → model + dataset, as the rules ask.
pub fn cross_checks(ctx: &CheckContext, checks: &[RepoCheck]) -> Vec<Finding> {
    let of_kind = |kind: RepoKind| {
        let found: Vec<&RepoCheck> = checks
            .iter()
            .filter(|c| c.report.kind == Some(kind) && c.report.repo.is_some())
            .collect();
        (found.len() == 1).then(|| found[0])
    };
    let (dataset, model, space) = (
        of_kind(RepoKind::Dataset),
        of_kind(RepoKind::Model),
        of_kind(RepoKind::Space),
    );
    let mut out = Vec::new();
    let mut link = |from: &RepoCheck, field: &str, names: &[String], to: &RepoCheck| {
        // Could-not-check repos have no card to read: say nothing.
        if from.report.facts.is_none() || to.report.repo.is_none() {
            return;
        }
        let Some(target) = to.report.repo.as_ref() else {
            return;
        };
        let from_kind = from.report.kind.map_or("repo", RepoKind::as_str);
        let id = format!("submission.{from_kind}.links_{}", target.kind.as_str());
        let named = names.iter().any(|n| names_repo(n, target));
        if named {
            out.push(Finding::ok(
                id,
                Text::new(
                    format!("`{field}:` del {from_kind} nombra {}", target.id()),
                    format!("The {from_kind}'s `{field}:` names {}", target.id()),
                ),
            ));
        } else {
            out.push(Finding::error(
                id,
                Text::new(
                    format!("`{field}:` del {from_kind} no nombra {}.", target.id()),
                    format!(
                        "The {from_kind}'s `{field}:` does not name {}.",
                        target.id()
                    ),
                ),
                Text::new(
                    format!(
                        "Añade `{field}:\\n- {}` al YAML de su README.md.",
                        target.id()
                    ),
                    format!(
                        "Add `{field}:\\n- {}` to the YAML of its README.md.",
                        target.id()
                    ),
                ),
            ));
        }
    };
    if let (Some(m), Some(d)) = (model, dataset) {
        if ctx.rules.model.must_link_dataset {
            link(m, "datasets", &m.linked_datasets, d);
        }
    }
    if let Some(s) = space {
        if let Some(m) = model.filter(|_| ctx.rules.space.must_link_model) {
            link(s, "models", &s.linked_models, m);
        }
        if let Some(d) = dataset.filter(|_| ctx.rules.space.must_link_dataset) {
            link(s, "datasets", &s.linked_datasets, d);
        }
    }
    out
}

/// Whether a `datasets:`/`models:` entry names `repo`: a bare id or a link.
fn names_repo(entry: &str, repo: &RepoId) -> bool {
    let e = entry.trim();
    if e.eq_ignore_ascii_case(&repo.id()) {
        return true;
    }
    match parse_link(e) {
        Ok(HubLink::Repo(r)) => r.id().eq_ignore_ascii_case(&repo.id()),
        _ => false,
    }
}
