//! The HTML of every page (maud: escaped unless marked otherwise, and
//! nothing here is marked otherwise). Times are written in UTC inside
//! `<time datetime>`; `time.js` shows them in the visitor's zone.

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;
use maud::{html, Markup, DOCTYPE};

use crate::config::EventConfig;
use crate::domain::gallery::{Badge, Filter, Project};
use crate::domain::showcase::Showcase;
use crate::hub::{Finding, Report, Severity};
use crate::i18n::{I18n, Lang};
use crate::store::StoredDeadline;

/// What every page needs to render.
pub struct View<'a> {
    pub lang: Lang,
    pub i18n: &'a I18n,
    pub event: &'a EventConfig,
    /// This page's path (for the language switch's way back).
    pub path: String,
    pub base_url: &'a str,
}

impl View<'_> {
    fn t(&self, id: &str) -> String {
        self.i18n.get(self.lang, id)
    }

    fn t_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.get_args(self.lang, id, args)
    }

    /// A message in the page's language (for handlers' answers).
    pub(super) fn text(&self, id: &str) -> String {
        self.t(id)
    }

    pub(super) fn text_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.t_args(id, args)
    }

    fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }
}

fn layout(v: &View<'_>, title: &str, body: Markup) -> Markup {
    let switch = format!(
        "/lang/{}?next={}",
        v.other_lang().code(),
        url::form_urlencoded::byte_serialize(v.path.as_bytes()).collect::<String>()
    );
    html! {
        (DOCTYPE)
        html lang=(v.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (v.event.event.name) }
                link rel="stylesheet" href="/static/site.css";
                link rel="canonical" href={ (v.base_url) (v.path) };
            }
            body {
                a.skip href="#main" { (v.t("web-skip")) }
                header.site {
                    nav aria-label=(v.event.event.name) {
                        a href="/" { (v.t("web-nav-event")) }
                        a href="/projects" { (v.t("web-nav-projects")) }
                        a href="/verify" { (v.t("web-nav-verify")) }
                    }
                    a href=(switch) lang=(v.other_lang().code())
                        hreflang=(v.other_lang().code())
                        aria-label=(v.t("web-switch-language-label")) {
                        (v.t("web-switch-language"))
                    }
                }
                main #main { (body) }
                footer.site {
                    p { (v.t_args("web-footer", &[("event", v.event.event.name.clone().into())])) }
                }
                script src="/static/time.js" defer {}
            }
        }
    }
}

/// A UTC time that the script shows in local time.
fn time(t: DateTime<Utc>) -> Markup {
    html! {
        time datetime=(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) {
            (t.format("%Y-%m-%d %H:%M UTC"))
        }
    }
}

fn deadline_title(lang: Lang, d: &StoredDeadline) -> &str {
    match lang {
        Lang::Es => &d.title_es,
        Lang::En => &d.title_en,
    }
}

pub fn home(
    v: &View<'_>,
    deadlines: &[StoredDeadline],
    now: DateTime<Utc>,
    projects: usize,
    showcase: Option<&Showcase>,
) -> Markup {
    let next = deadlines.iter().find(|d| d.at > now);
    layout(
        v,
        &v.t("web-nav-event"),
        html! {
            h1 { (v.event.event.name) }
            @if let Some(s) = showcase { (results(v, s)) }
            section aria-labelledby="next" {
                h2 #next { (v.t("web-home-next-deadline")) }
                @match next {
                    Some(d) => p.next-deadline { strong { (deadline_title(v.lang, d)) } ": " (time(d.at)) },
                    None => p { (v.t("web-home-no-deadline")) },
                }
            }
            section aria-labelledby="dates" {
                h2 #dates { (v.t("web-home-dates")) }
                ul.dates {
                    @for d in deadlines {
                        li { (deadline_title(v.lang, d)) ": " (time(d.at)) }
                    }
                }
            }
            p { (v.t_args("web-home-projects", &[("count", projects.into())])) }
            p { a href="/projects" { (v.t("web-home-see-projects")) } }
        },
    )
}

/// The published results: the podium (places from the jury's ranking).
fn results(v: &View<'_>, s: &Showcase) -> Markup {
    html! {
        section #results aria-labelledby="results-title" {
            h2 #results-title { (v.t("web-results-title")) }
            @if s.podium.is_empty() {
                p { (v.t("web-results-none")) }
            } @else {
                ol.podium {
                    @for p in &s.podium {
                        li data-place=(p.place) {
                            span.place { (v.t_args("web-verify-place", &[("place", p.place.into())])) }
                            ": "
                            a href={ "/projects/" (p.slug) } { (p.team) }
                        }
                    }
                }
            }
            @if let Some(m) = &s.mention {
                h3 #mention-title { (v.t("web-results-mention")) }
                p #mention {
                    @for (i, t) in m.teams.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/projects/" (t.slug) } { (t.team) }
                    }
                    " "
                    (v.t_args("web-results-mention-likes", &[("likes", m.likes.into())]))
                }
            }
        }
    }
}

fn badge(v: &View<'_>, b: Badge) -> Markup {
    let id = format!("web-state-{}", b.as_str());
    html! { span class={ "badge badge-" (b.as_str()) } data-state=(b.as_str()) { (v.t(&id)) } }
}

fn ods_name(v: &View<'_>, ods: u8) -> String {
    format!("{ods}. {}", v.t(&format!("ods-{ods}")))
}

pub fn gallery(
    v: &View<'_>,
    filter: &Filter,
    languages: &[String],
    shown: &[&Project],
    total: usize,
    showcase: Option<&Showcase>,
) -> Markup {
    let states = [
        Badge::Complete,
        Badge::Late,
        Badge::Incomplete,
        Badge::Checking,
        Badge::Unchecked,
    ];
    layout(
        v,
        &v.t("web-projects-title"),
        html! {
            h1 { (v.t("web-projects-title")) }
            @if let Some(s) = showcase { (results(v, s)) }
            form.filters method="get" action="/projects" role="search" {
                div {
                    label for="q" { (v.t("web-filter-search")) }
                    input #q type="search" name="q" value=(filter.search) maxlength="200";
                }
                div {
                    label for="ods" { (v.t("web-filter-goal")) }
                    select #ods name="ods" {
                        option value="" { (v.t("web-filter-any")) }
                        @for o in 1..=17u8 {
                            option value=(o) selected[filter.ods == Some(o)] { (ods_name(v, o)) }
                        }
                    }
                }
                div {
                    label for="state" { (v.t("web-filter-state")) }
                    select #state name="state" {
                        option value="" { (v.t("web-filter-any")) }
                        @for s in states {
                            option value=(s.as_str()) selected[filter.badge == Some(s)] {
                                (v.t(&format!("web-state-{}", s.as_str())))
                            }
                        }
                    }
                }
                div {
                    label for="lang" { (v.t("web-filter-language")) }
                    select #lang name="lang" {
                        option value="" { (v.t("web-filter-any")) }
                        @for l in languages {
                            option value=(l) selected[filter.language.as_deref() == Some(l.as_str())] { (l) }
                        }
                    }
                }
                div { button type="submit" { (v.t("web-filter-apply")) } }
            }
            p #count aria-live="polite" {
                (v.t_args("web-projects-count", &[("shown", shown.len().into()), ("total", total.into())]))
            }
            @if shown.is_empty() {
                p { (v.t("web-projects-none")) }
            } @else {
                ul.cards #projects {
                    @for p in shown {
                        li.project data-slug=(p.slug) {
                            h2 { a href={ "/projects/" (p.slug) } { (p.team) } }
                            p { (badge(v, p.badge)) " " span.likes { "♥ " (p.likes) } }
                            @if let Some(o) = p.ods {
                                p.muted { (v.t("web-project-goal")) ": " (ods_name(v, o)) }
                            }
                            p.members {
                                @if p.members.is_empty() {
                                    span.muted { (v.t("web-project-members-none")) }
                                } @else {
                                    (v.t("web-project-members")) ": "
                                    @for (i, m) in p.members.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        span.member { (m) }
                                    }
                                }
                            }
                            (links(v, p))
                        }
                    }
                }
            }
        },
    )
}

/// Only https addresses become links; anything else is shown as text.
fn link(label: &str, url: &str) -> Markup {
    html! {
        @if url.starts_with("https://") {
            a href=(url) rel="noopener noreferrer" { (label) }
        } @else {
            span { (label) ": " (url) }
        }
    }
}

fn links(v: &View<'_>, p: &Project) -> Markup {
    html! {
        p.links {
            (link(&v.t("web-project-dataset"), &p.dataset))
            @if let Some(m) = &p.model { " · " (link(&v.t("web-project-model"), m)) }
            @if let Some(d) = &p.demo { " · " (link(&v.t("web-project-demo"), d)) }
        }
    }
}

pub fn project(v: &View<'_>, p: &Project) -> Markup {
    layout(
        v,
        &p.team,
        html! {
            p { a href="/projects" { "← " (v.t("web-project-back")) } }
            h1 { (p.team) }
            p { (badge(v, p.badge)) }
            dl.facts {
                dt { (v.t("web-project-topic")) } dd { (p.topic) }
                @if let Some(o) = p.ods { dt { (v.t("web-project-goal")) } dd { (ods_name(v, o)) } }
                dt { (v.t("web-project-members")) }
                dd.members {
                    @if p.members.is_empty() { span.muted { (v.t("web-project-members-none")) } }
                    @else { (p.members.join(", ")) }
                }
                dt { (v.t("web-project-likes")) } dd { (p.likes) }
                @if !p.languages.is_empty() {
                    dt { (v.t("web-project-languages")) } dd { (p.languages.join(", ")) }
                }
                dt { (v.t("web-project-submitted")) } dd { (time(p.submitted_at)) }
                @if let Some(c) = p.checked_at { dt { (v.t("web-project-checked")) } dd { (time(c)) } }
            }
            (links(v, p))
            section #report aria-labelledby="report-title" {
                h2 #report-title { (v.t("web-project-report")) }
                @match &p.report {
                    Some(r) => (report(v, r)),
                    None => p { (v.t("web-project-report-none")) },
                }
            }
        },
    )
}

fn findings(v: &View<'_>, list: &[Finding]) -> Markup {
    let mut sorted: Vec<&Finding> = list.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    html! {
        ul.findings {
            @for f in sorted {
                @let class = match f.severity {
                    Severity::Error => "sev-error",
                    Severity::Warning => "sev-warning",
                    Severity::Info => "sev-info",
                };
                li class=(class) {
                    (f.severity.icon()) " " (v.i18n.message(v.lang, &f.message))
                    @if let Some(h) = &f.hint { br; span.muted { (v.i18n.message(v.lang, h)) } }
                }
            }
        }
    }
}

fn report(v: &View<'_>, r: &Report) -> Markup {
    html! {
        @for repo in &r.repos {
            h3 { (repo.repo.as_ref().map(|id| id.to_string()).unwrap_or_else(|| repo.target.clone())) }
            (findings(v, &repo.findings))
        }
        @if !r.cross_checks.is_empty() {
            h3 { (v.t("web-project-cross")) }
            (findings(v, &r.cross_checks))
        }
    }
}

/// A page with only a heading and a sentence (not found, failures).
pub fn message(v: &View<'_>, title_id: &str, text_id: &str) -> Markup {
    let title = v.t(title_id);
    layout(v, &title, html! { h1 { (title) } p { (v.t(text_id)) } })
}

/// "3 h 05 min" since `t` (the dashboard's ages).
fn age(now: DateTime<Utc>, t: DateTime<Utc>) -> String {
    let mins = (now - t).num_minutes().max(0);
    if mins < 60 {
        format!("{mins} min")
    } else if mins < 48 * 60 {
        format!("{} h {:02} min", mins / 60, mins % 60)
    } else {
        format!("{} d {} h", mins / 1440, (mins % 1440) / 60)
    }
}

/// The tables that live updates replace.
pub fn dashboard_live(
    v: &View<'_>,
    d: &crate::domain::dashboard::Dashboard,
    csrf: &str,
    now: DateTime<Utc>,
) -> Markup {
    html! {
        section aria-labelledby="subs-title" {
            h2 #subs-title { (v.t("web-dash-submissions")) " (" (d.submissions.len()) ")" }
            p { a href="/dashboard/submissions.csv" download { (v.t("web-dash-csv")) } }
            table #submissions {
                (table_head(v, &["web-dash-team", "web-filter-state", "web-project-submitted", "web-dash-since-check", "web-recheck"]))
                tbody {
                    @for s in &d.submissions {
                        @let running = d.rechecking.contains(&s.team_id);
                        tr data-team=(s.team_id) data-rechecking=[running.then_some("true")] {
                            td { (s.team) }
                            td.state {
                                @if running { (v.t("web-state-checking")) }
                                @else { (v.t(&format!("web-state-{}", gallery_state(s.status)))) }
                            }
                            td { (time(s.submitted_at)) }
                            td.since { @match s.checked_at { Some(c) => (age(now, c)), None => "—" } }
                            td {
                                form.recheck method="post" action={ "/dashboard/recheck/" (s.team_id) } {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button type="submit" disabled[running]
                                        aria-label=(v.t_args("web-recheck-label", &[("team", s.team.clone().into())])) {
                                        (v.t("web-recheck"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="gpu-title" {
            h2 #gpu-title { (v.t("web-dash-gpu")) }
            table #gpu {
                (table_head(v, &["web-dash-team", "web-dash-gpu-what", "web-dash-gpu-when"]))
                tbody {
                    @for (team, l) in &d.gpu_leases {
                        tr { td { (team) } td { (l.resource) } td { (v.t("web-dash-gpu-until")) " " (time(l.ends_at)) } }
                    }
                    @for (team, r) in &d.gpu_queue {
                        tr { td { (team) } td { (r.kind.as_str()) " · " (r.hours) " h" } td { (v.t("web-dash-gpu-queued")) " " (age(now, r.created_at)) } }
                    }
                }
            }
        }
        section aria-labelledby="help-title" {
            h2 #help-title { (v.t("web-dash-help")) " (" (d.unanswered_total) ")" }
            table #help {
                thead { tr { th scope="col" { (v.t("web-dash-help-post")) } th scope="col" { (v.t("web-dash-help-age")) } } }
                tbody {
                    @for t in &d.unanswered {
                        tr { td { (t.title) } td { (age(now, t.created_at)) } }
                    }
                }
            }
            p { a href="/dashboard/unanswered.csv" download { (v.t("web-dash-csv")) } }
            @let st = &d.ticket_stats;
            h3 #stats-title { (v.t("web-dash-ticket-stats")) }
            dl.facts #ticket-stats aria-labelledby="stats-title" {
                dt { (v.t("web-dash-tickets-total")) } dd #tickets-total { (st.total) }
                dt { (v.t("web-dash-tickets-answered")) } dd #tickets-answered { (st.answered) }
                dt { (v.t("web-dash-tickets-unanswered")) } dd #tickets-unanswered { (st.unanswered) }
                dt { (v.t("web-dash-tickets-resolved")) } dd #tickets-resolved { (st.resolved) }
                dt { (v.t("web-dash-tickets-median")) }
                dd #tickets-median {
                    @match st.median_first_answer {
                        Some(m) => (crate::domain::tickets::human_duration(m)),
                        None => "—",
                    }
                }
            }
        }
        @if let Some(p) = &d.jury { (jury_progress(v, p)) }
    }
}

fn jury_progress(v: &View<'_>, p: &crate::domain::jury::progress::Progress) -> Markup {
    let (finished, assigned) = p.totals();
    html! {
        section aria-labelledby="jury-title" {
            h2 #jury-title { (v.t("web-dash-jury")) }
            p #jury-totals {
                (v.t_args("web-dash-jury-totals", &[
                    ("finished", finished.into()),
                    ("assigned", assigned.into()),
                    ("below", p.below_target().count().into()),
                    ("target", p.per_project.into()),
                ]))
            }
            p { a href="/dashboard/jury.csv" download { (v.t("web-dash-csv")) } }
            table #jury {
                (table_head(v, &["web-dash-team", "web-dash-jury-assigned", "web-dash-jury-finished"]))
                tbody {
                    @for r in &p.projects {
                        tr data-team=(r.team_id) data-below=[r.below_target(p.per_project).then_some("true")] {
                            td { (r.name) }
                            td.assigned { (r.assigned.len()) " / " (p.per_project) }
                            td.finished { (r.finished.len()) }
                        }
                    }
                }
            }
            h3 { (v.t("web-dash-jury-judges")) }
            table #judges {
                (table_head(v, &["web-dash-jury-judge", "web-dash-jury-done", "web-dash-jury-pending"]))
                tbody {
                    @for j in &p.judges {
                        tr data-judge=(j.judge_id) {
                            td { (j.judge_id) }
                            td.done { (j.done.len()) }
                            td.pending { (j.pending.len()) }
                        }
                    }
                }
            }
        }
    }
}

/// The answer to a re-check press: what happened and, when it matters,
/// from when the team can be checked again.
pub fn recheck_answer(v: &View<'_>, text: &str, when: Option<DateTime<Utc>>) -> Markup {
    layout(
        v,
        &v.t("web-recheck"),
        html! {
            h1 { (v.t("web-recheck")) }
            p #recheck-answer {
                (text)
                @if let Some(at) = when { " " (v.t("web-recheck-next")) " " (time(at)) }
            }
            p { a href="/dashboard" { "← " (v.t("web-dash-title")) } }
        },
    )
}

fn gallery_state(s: crate::store::SubmissionStatus) -> &'static str {
    use crate::store::SubmissionStatus as S;
    match s {
        S::Checking => "checking",
        S::Complete => "complete",
        S::Late => "late",
        S::Incomplete => "incomplete",
        S::Unchecked => "unchecked",
    }
}

pub fn dashboard(
    v: &View<'_>,
    d: &crate::domain::dashboard::Dashboard,
    csrf: &str,
    now: DateTime<Utc>,
) -> Markup {
    layout(
        v,
        &v.t("web-dash-title"),
        html! {
            h1 { (v.t("web-dash-title")) }
            form method="post" action="/logout" {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (v.t("web-dash-logout")) }
            }
            div #recheck-status role="status" aria-live="polite" {}
            div #live data-live="/dashboard/live" { (dashboard_live(v, d, csrf, now)) }
            section aria-labelledby="teams-title" {
                h2 #teams-title { (v.t("web-dash-teams")) " (" (d.teams.len()) ")" }
                p { a href="/dashboard/teams.csv" download { (v.t("web-dash-csv")) } }
                table #teams {
                    (table_head(v, &["web-dash-team", "web-project-goal", "web-project-members"]))
                    tbody {
                        @for t in &d.teams {
                            tr {
                                td { (t.team.name) }
                                td { @if let Some(o) = t.team.ods { (o) } }
                                td { (t.members.len()) " / " (t.team.max_members) }
                            }
                        }
                    }
                }
            }
            script src="/static/dashboard.js" defer {}
        },
    )
}

/// A table's header row: one column heading per message id.
fn table_head(v: &View<'_>, ids: &[&str]) -> Markup {
    html! { thead { tr { @for id in ids { th scope="col" { (v.t(id)) } } } } }
}

/// What the certificate page says about a code.
pub enum VerifyAnswer {
    /// Only the form.
    Form,
    Genuine(crate::domain::jury::certificates::CertificateContent),
    NotGenuine,
}

/// The certificate check: the form, and what a code certifies.
pub fn verify(v: &View<'_>, typed: &str, answer: &VerifyAnswer) -> Markup {
    use VerifyAnswer as Answer;
    layout(
        v,
        &v.t("web-verify-title"),
        html! {
            h1 { (v.t("web-verify-title")) }
            p { (v.t("web-verify-intro")) }
            form.verify method="get" action="/verify" {
                div {
                    label for="code" { (v.t("web-verify-code")) }
                    input #code type="text" name="code" value=(typed) maxlength="64"
                        autocomplete="off" spellcheck="false" required
                        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX";
                }
                div { button type="submit" { (v.t("web-verify-submit")) } }
            }
            @match answer {
                Answer::Form => {},
                Answer::Genuine(c) => section #verdict .genuine data-verdict="genuine" aria-live="polite" {
                    h2 { "✅ " (v.t("web-verify-genuine")) }
                    p { (v.t("web-verify-genuine-intro")) }
                    dl.facts {
                        dt { (v.t("web-verify-name")) } dd #cert-name { (c.name) }
                        dt { (v.t("web-verify-team")) } dd #cert-team { (c.team) }
                        dt { (v.t("web-verify-project")) } dd #cert-project { (c.project) }
                        dt { (v.t("web-verify-event")) } dd #cert-event { (c.event_name) }
                        dt { (v.t("web-verify-date")) } dd #cert-date { (c.date) }
                        dt { (v.t("web-verify-what")) }
                        dd #cert-place {
                            @match c.place {
                                Some(p) => (v.t_args("web-verify-place", &[("place", p.into())])),
                                None => (v.t("web-verify-participation")),
                            }
                        }
                    }
                },
                Answer::NotGenuine => section #verdict .not-genuine data-verdict="not-genuine" aria-live="polite" {
                    h2 { "❌ " (v.t("web-verify-not-genuine")) }
                    p { (v.t("web-verify-not-genuine-help")) }
                },
            }
        },
    )
}
