//! One repo on the Hub: whether it exists where it should, is public, was
//! changed before the deadline, runs (Spaces), and has a complete card.

use chrono::{DateTime, Utc};

use super::card::{contains_phrase, normalize, value_strings, Card};
use super::card_check::check_card;
use super::client::{Commits, HubClient, HubError, RepoInfo, RepoOutcome};
use super::link::{parse_link, HubLink};
use super::repo_id::{RepoId, RepoKind};
use super::report::{Finding, RepoFacts, RepoReport, Report, Status, Text};
use super::rules::CardRules;
/// What every check needs to know about the event.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The Hub organization deliverables must live in.
    pub organization: String,
    /// Commits after this are listed, and make the verdict "late".
    pub deadline: Option<DateTime<Utc>>,
    /// Organizers accepted this team's changes up to this time.
    pub late_accepted_until: Option<DateTime<Utc>>,
    pub rules: CardRules,
    /// How many recent commits to ask for (one request either way).
    pub commit_limit: usize,
    /// The dataset viewer, asked for a corpus' columns when its card
    /// declares none; without it such a card gets no corpus finding.
    pub viewer: Option<super::viewer::DatasetViewer>,
}

impl CheckContext {
    /// The event's organization and card rules, with this deadline.
    pub fn from_event(event: &crate::config::EventConfig, deadline: Option<DateTime<Utc>>) -> Self {
        Self {
            rules: event.cards.clone(),
            ..Self::new(event.hub.organization.clone(), deadline)
        }
    }

    pub fn new(organization: impl Into<String>, deadline: Option<DateTime<Utc>>) -> Self {
        Self {
            organization: organization.into(),
            deadline,
            late_accepted_until: None,
            rules: CardRules::default(),
            commit_limit: 20,
            viewer: None,
        }
    }
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

/// Checks one link: parses it, resolves `*.hf.space` through the org's Space
/// list, then checks the repo.
pub async fn check_link(client: &HubClient, text: &str, ctx: &CheckContext) -> RepoCheck {
    let unreadable = |kind: Option<RepoKind>, f: Finding, could_not_check: bool| RepoCheck {
        report: RepoReport::new(text, kind, None, None, vec![f], could_not_check),
        linked_models: Vec::new(),
        linked_datasets: Vec::new(),
    };
    let unavailable = |e: HubError| {
        let mut c = unreadable(
            Some(RepoKind::Space),
            unavailable_finding("space", &e),
            true,
        );
        if let HubError::Unavailable(u) = e {
            c.report = c.report.unavailable_because(u);
        }
        c
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
                Err(e) => unavailable(e),
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

/// Checks one repo: info and README asked concurrently (a Space's README is
/// skipped when its info already carries what the rules need); the commit
/// list only when `lastModified` is after the deadline, as only then is
/// there anything to list.
pub async fn check_repo(
    client: &HubClient,
    target: &str,
    repo: &RepoId,
    ctx: &CheckContext,
) -> RepoCheck {
    let k = repo.kind.as_str();
    let fetch_readme_now = repo.kind != RepoKind::Space;
    let (outcome, readme) = futures::join!(client.repo_info(repo), async {
        if fetch_readme_now {
            Some(client.readme(repo).await)
        } else {
            None
        }
    });
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
            let mut c = done(vec![unavailable_finding(k, &u)], None, true);
            c.report = c.report.unavailable_because(u);
            return c;
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
    let mut unavailable = None;

    let commits = if needs_commit_list(&info, ctx) {
        Some(client.commits(repo, ctx.commit_limit).await)
    } else {
        None
    };
    match &commits {
        None => {}
        Some(Ok(c)) => commit_facts(&mut facts, c, ctx),
        Some(Err(e)) => {
            facts.last_commit = info.last_modified;
            facts.last_commit_source = info.last_modified.map(|_| "lastModified".to_string());
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
    facts.late_accepted_until = ctx.late_accepted_until;
    facts.late = is_late(&facts, ctx.deadline);
    findings.extend(deadline_finding(k, &facts, ctx.deadline));
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
            unavailable = Some(u);
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
    if let Some(card) = &card {
        findings.extend(super::corpus::viewer_finding(repo, card, ctx, client).await);
    }
    findings.extend(super::repo_files::repo_file_findings(
        repo.kind, &info, &ctx.rules,
    ));
    linked_models.extend(info.models.iter().cloned());
    linked_datasets.extend(info.datasets.iter().cloned());
    let mut report = RepoReport::new(
        target,
        Some(repo.kind),
        Some(repo.clone()),
        Some(facts),
        findings,
        could_not_check,
    );
    if let Some(u) = unavailable {
        report = report.unavailable_because(u);
    }
    RepoCheck {
        report,
        linked_models,
        linked_datasets,
    }
}

/// The commit list says something `lastModified` does not only when the
/// repo changed after the deadline (which commits, how many); before it, or
/// with no deadline, `lastModified` is the last commit's time.
fn needs_commit_list(info: &RepoInfo, ctx: &CheckContext) -> bool {
    match (ctx.deadline, info.last_modified) {
        (None, _) => false,
        (Some(d), Some(t)) => t > d,
        (Some(_), None) => true,
    }
}

/// Whether the repo changed after the deadline and no exception covers it:
/// the newest change after the deadline is later than what the organizers
/// accepted.
pub fn is_late(facts: &RepoFacts, deadline: Option<DateTime<Utc>>) -> bool {
    let Some(deadline) = deadline else {
        return false;
    };
    let newest_after = facts
        .commits_after_deadline
        .first()
        .map(|c| c.date)
        .or_else(|| {
            facts
                .last_commit
                .filter(|t| facts.commits_after_deadline_truncated && *t > deadline)
        });
    match (newest_after, facts.late_accepted_until) {
        (None, _) => false,
        (Some(t), Some(accepted)) => t > accepted,
        (Some(_), None) => true,
    }
}

/// Applies (or, with `None`, withdraws) the organizers' late exception to a
/// stored report: each repo's lateness, its deadline finding and status are
/// worked out again, without asking the Hub.
pub fn apply_late_exception(report: &Report, accepted_until: Option<DateTime<Utc>>) -> Report {
    let repos = report
        .repos
        .iter()
        .map(|r| {
            let Some(mut facts) = r.facts.clone() else {
                return r.clone();
            };
            facts.late_accepted_until = accepted_until;
            facts.late = is_late(&facts, report.deadline);
            let k = r.kind.map_or("repo", RepoKind::as_str);
            let id = format!("{k}.commits.deadline");
            let mut findings: Vec<Finding> = r.findings.clone();
            if let Some(f) = deadline_finding(k, &facts, report.deadline) {
                match findings.iter_mut().find(|x| x.id == id) {
                    Some(old) => *old = f,
                    None => findings.push(f),
                }
            }
            let mut out = RepoReport::new(
                r.target.clone(),
                r.kind,
                r.repo.clone(),
                Some(facts),
                findings,
                r.status == Status::CouldNotCheck,
            );
            out.unavailable = r.unavailable.clone();
            out
        })
        .collect();
    Report::new(
        report.organization.clone(),
        report.deadline,
        repos,
        report.cross_checks.clone(),
    )
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
        last_commit_source: info.last_modified.map(|_| "lastModified".to_string()),
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
        facts.last_commit_source = Some("commits".to_string());
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

/// What the check says about the deadline: the last commit before it, the
/// commits after it (late), or those commits accepted by the organizers.
fn deadline_finding(
    k: &str,
    facts: &RepoFacts,
    deadline: Option<DateTime<Utc>>,
) -> Option<Finding> {
    let id = format!("{k}.commits.deadline");
    let Some(deadline) = deadline else {
        return facts.last_commit.map(|t| {
            Finding::ok(
                format!("{k}.commits.last"),
                Text::new(
                    format!("Último commit: {}", fmt_time(t)),
                    format!("Last commit: {}", fmt_time(t)),
                ),
            )
        });
    };
    let n = facts.commits_after_deadline.len();
    let dl = fmt_time(deadline);
    if n == 0 && !facts.commits_after_deadline_truncated {
        let last = facts
            .last_commit
            .map(fmt_time)
            .unwrap_or_else(|| "?".into());
        return Some(Finding::ok(
            id,
            Text::new(
                format!("Último commit ({last}) antes del plazo ({dl})"),
                format!("Last commit ({last}) before the deadline ({dl})"),
            ),
        ));
    }
    let count = match (n, facts.commits_after_deadline_truncated) {
        (0, _) => Text::new("Hay cambios", "There are changes"),
        (n, true) => Text::new(
            format!("Hay más de {n} commits"),
            format!("More than {n} commits"),
        ),
        (1, false) => Text::new("Hay 1 commit", "There is 1 commit"),
        (n, false) => Text::new(format!("Hay {n} commits"), format!("There are {n} commits")),
    };
    if !facts.late {
        let until = facts
            .late_accepted_until
            .map(fmt_time)
            .unwrap_or_else(|| "?".into());
        return Some(Finding::ok(
            id,
            Text::new(
                format!("{} después del plazo ({dl}), aceptados por la organización (cambios hasta {until})", count.es),
                format!("{} after the deadline ({dl}), accepted by the organizers (changes until {until})", count.en),
            ),
        ));
    }
    Some(Finding::warning(
        id,
        Text::new(
            format!("Fuera de plazo: {} después del plazo ({dl}).", count.es.to_lowercase()),
            format!("Late: {} after the deadline ({dl}).", count.en.to_lowercase()),
        ),
        Text::new(
            "Las reglas dicen que los commits después del plazo pueden descalificar el proyecto: no hagas más cambios y escribe a la organización, que decide si los acepta.",
            "The rules say commits after the deadline can disqualify the project: make no more changes and tell the organizers, who decide whether to accept them.",
        ),
    ))
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
