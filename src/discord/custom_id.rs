//! Custom ids of the bot's buttons and forms, parsed once into one typed
//! value, and who may press each: the single table of component access.
//!
//! A custom id comes back from the client and anyone can forge one, so it is
//! input like any other: [`CustomId::parse`] accepts exactly the shapes the
//! bot writes (at most Discord's 100 characters, numbers that fit) and
//! nothing else; [`CustomId::presser`] says who may press it, checked by the
//! router before any handler runs. No serenity here, so both are unit-tested
//! as plain functions.
//!
//! The formats are the ones already posted by earlier versions of the bot
//! (`sb:<kind>:<fields separated by ':'>`), so buttons in old messages keep
//! working.

use std::fmt;

/// Discord's limit for a custom id; longer ones never come from the bot.
pub const MAX_LEN: usize = 100;

/// Separates the two filters of the LFT list's pager (neither may hold it).
pub const FILTER_SEPARATOR: char = '\u{1f}';

/// Who may press a component. Checked before its handler runs; a press by
/// anyone else gets a private refusal and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presser {
    /// Anyone: the press only shows public information or acts on the
    /// presser alone (their own path, their own new help post).
    Anyone,
    /// The person who opened the dialog, named in the custom id.
    Person(u64),
    /// Organizers (server administrators count as organizers).
    Organizers,
    /// Mentors and organizers.
    Mentors,
    /// Members of the team, and organizers.
    TeamMembers(i64),
    /// The invited person of an invitation.
    Invitee(i64),
    /// The captain of the team a join request is for.
    Captain(i64),
    /// The author of a help post.
    PostAuthor(i64),
    /// Holders of the jury's role (the handler then checks the assignment
    /// and the scoring deadline).
    Judges,
}

/// Every component of the bot, as its custom id says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomId {
    /// `/setup apply` confirmed by the organizer who ran it.
    SetupApply {
        owner: u64,
    },
    SetupCancel {
        owner: u64,
    },
    /// A submission's re-check.
    SubmissionRecheck {
        team: i64,
    },
    /// `/path`: re-check one's own path.
    PathMine,
    /// `/path team:`: a mentor re-checks a team's path.
    PathTeam {
        team: i64,
    },
    /// A GPU lease given back early, confirmed by who asked.
    GpuRelease {
        lease: i64,
        owner: u64,
    },
    GpuKeep {
        owner: u64,
    },
    /// The announcement form (a modal).
    AnnounceForm {
        channel: u64,
        role: u64,
        at: i64,
    },
    /// The announcement preview's "post" button.
    AnnouncePost {
        channel: u64,
        role: u64,
        at: i64,
    },
    AnnounceDrop,
    /// `/jury publish`'s preview confirmed (organizers).
    JuryPublish,
    /// The /ask form (a modal): the interaction that opened it, the topic tag.
    AskForm {
        opener: u64,
        topic: u64,
    },
    /// Reopen a refused /ask form with its text.
    AskEdit {
        topic: u64,
    },
    TicketClaim {
        ticket: i64,
    },
    TicketRelease {
        ticket: i64,
    },
    FaqSolved {
        ticket: i64,
    },
    FaqStill {
        ticket: i64,
    },
    TicketRate {
        ticket: i64,
        stars: u8,
    },
    TicketQueue {
        page: u32,
    },
    InviteAccept {
        invitation: i64,
    },
    InviteDecline {
        invitation: i64,
    },
    RequestApprove {
        invitation: i64,
    },
    RequestDeny {
        invitation: i64,
    },
    TeamDisband {
        team: i64,
        owner: u64,
    },
    TeamKeep {
        owner: u64,
    },
    TeamList {
        page: u32,
        open_only: bool,
        topic: Option<String>,
    },
    LftList {
        page: u32,
        skill: Option<String>,
        topic: Option<String>,
    },
    /// `/jury assign` confirmed by the organizer who ran it; `plan` is the
    /// previewed plan's fingerprint.
    JuryAssign {
        owner: u64,
        plan: u64,
    },
    /// A packet's "score <group>" button (group by its place in the rubric).
    JuryScore {
        team: i64,
        group: u8,
    },
    /// The score form of one group.
    JuryScoreForm {
        team: i64,
        group: u8,
    },
    /// A packet's "comment" button, and its form.
    JuryComment {
        team: i64,
    },
    JuryCommentForm {
        team: i64,
    },
    /// Give (or move, or take back) the judge's extra points.
    JuryExtra {
        team: i64,
    },
}

/// What the router found out about the presser, as far as the rule at
/// hand needs (what it does not need stays at its default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    pub user: u64,
    pub organizer: bool,
    pub mentor: bool,
    /// A member of the team the id names.
    pub team_member: bool,
    /// Who answers the invitation the id names: the invited person, or the
    /// captain for a join request (from the stored invitation, whatever the
    /// id says); `None` when it no longer exists.
    pub answerer: Option<u64>,
    /// The author of the help post the id names; `None` when it is gone.
    pub author: Option<u64>,
    /// Holds the jury's role.
    pub judge: bool,
}

/// Why a press is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotYours,
    NotOrganizer,
    NotMentor,
    NotTeamMember,
    NotInvitationAnswerer,
    InvitationGone,
    NotAuthor,
    PostGone,
    NotJudge,
}

impl Refusal {
    /// The refusal's text id (es and en).
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::NotYours => "error-button-not-yours",
            Refusal::NotOrganizer => "error-not-organizer",
            Refusal::NotMentor => "error-not-mentor",
            Refusal::NotTeamMember => "component-refused-team",
            Refusal::NotInvitationAnswerer => "team-error-invitation-not-yours",
            Refusal::InvitationGone => "team-error-invitation-not-found",
            Refusal::NotAuthor => "ticket-only-author",
            Refusal::PostGone => "error-expired-button",
            Refusal::NotJudge => "jury-not-judge",
        }
    }
}

/// Whether the presser described by `facts` may press a component whose
/// rule is `presser`.
pub fn judge(presser: Presser, facts: &Facts) -> Result<(), Refusal> {
    let allowed = |ok: bool, refusal: Refusal| if ok { Ok(()) } else { Err(refusal) };
    match presser {
        Presser::Anyone => Ok(()),
        Presser::Person(owner) => allowed(owner == facts.user, Refusal::NotYours),
        Presser::Organizers => allowed(facts.organizer, Refusal::NotOrganizer),
        Presser::Mentors => allowed(facts.mentor || facts.organizer, Refusal::NotMentor),
        Presser::TeamMembers(_) => {
            allowed(facts.team_member || facts.organizer, Refusal::NotTeamMember)
        }
        Presser::Invitee(_) | Presser::Captain(_) => match facts.answerer {
            None => Err(Refusal::InvitationGone),
            Some(a) => allowed(a == facts.user, Refusal::NotInvitationAnswerer),
        },
        Presser::PostAuthor(_) => match facts.author {
            None => Err(Refusal::PostGone),
            Some(a) => allowed(a == facts.user, Refusal::NotAuthor),
        },
        Presser::Judges => allowed(facts.judge, Refusal::NotJudge),
    }
}

/// Who may press a kind of component, as the table declares it; the id
/// names the person, team, invitation or post ([`CustomId::presser`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone: the press only shows public information or acts on the
    /// presser alone.
    Anyone,
    /// The person who opened the dialog.
    Opener,
    Organizers,
    Mentors,
    TeamMembers,
    Invitee,
    Captain,
    PostAuthor,
    Judges,
}

impl Presser {
    /// The table's rule this check belongs to.
    pub fn who(&self) -> Who {
        match self {
            Presser::Anyone => Who::Anyone,
            Presser::Person(_) => Who::Opener,
            Presser::Organizers => Who::Organizers,
            Presser::Mentors => Who::Mentors,
            Presser::TeamMembers(_) => Who::TeamMembers,
            Presser::Invitee(_) => Who::Invitee,
            Presser::Captain(_) => Who::Captain,
            Presser::PostAuthor(_) => Who::PostAuthor,
            Presser::Judges => Who::Judges,
        }
    }
}

/// One row of the component table: the kind, its custom id prefix, who may
/// press it, and whether it is a form.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub kind: Kind,
    pub prefix: &'static str,
    pub who: Who,
    /// A modal (form) rather than a button.
    pub modal: bool,
}

/// The kinds of component, one per [`CustomId`] variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    SetupApply,
    SetupCancel,
    SubmissionRecheck,
    PathMine,
    PathTeam,
    GpuRelease,
    GpuKeep,
    AnnounceForm,
    AnnouncePost,
    AnnounceDrop,
    JuryPublish,
    AskForm,
    AskEdit,
    TicketClaim,
    TicketRelease,
    FaqSolved,
    FaqStill,
    TicketRate,
    TicketQueue,
    InviteAccept,
    InviteDecline,
    RequestApprove,
    RequestDeny,
    TeamDisband,
    TeamKeep,
    TeamList,
    LftList,
    JuryAssign,
    JuryScore,
    JuryScoreForm,
    JuryComment,
    JuryCommentForm,
    JuryExtra,
}

const fn button(kind: Kind, prefix: &'static str, who: Who) -> Route {
    Route {
        kind,
        prefix,
        who,
        modal: false,
    }
}

const fn form(kind: Kind, prefix: &'static str, who: Who) -> Route {
    Route {
        kind,
        prefix,
        who,
        modal: true,
    }
}

/// Every component and who may press it. The router refuses everyone else
/// before the handler runs; `tests/discord/components.rs` presses each as
/// an outsider.
#[rustfmt::skip]
pub const TABLE: &[Route] = &[
    // /setup apply: the organizer who ran it (checked again as organizer).
    button(Kind::SetupApply, "sb:setup-apply:", Who::Opener),
    button(Kind::SetupCancel, "sb:setup-cancel:", Who::Opener),
    // /submission status: re-check the team's submission.
    button(Kind::SubmissionRecheck, "sb:recheck:", Who::TeamMembers),
    // /path: the presser's own path, or (mentors) a team's.
    button(Kind::PathMine, "sb:path:me", Who::Anyone),
    button(Kind::PathTeam, "sb:path:team:", Who::Mentors),
    // /gpu release: the person who asked to release.
    button(Kind::GpuRelease, "sb:gpu-release:", Who::Opener),
    button(Kind::GpuKeep, "sb:gpu-keep:", Who::Opener),
    // /announce: the form, then its preview's buttons.
    form(Kind::AnnounceForm, "sb:announce-modal:", Who::Organizers),
    button(Kind::AnnouncePost, "sb:announce-post:", Who::Organizers),
    button(Kind::AnnounceDrop, "sb:announce-drop", Who::Organizers),
    // /jury publish: its preview's confirmation (posting is claimed once).
    button(Kind::JuryPublish, "sb:jury-publish", Who::Organizers),
    // /ask: the form makes the submitter's own post; "edit" reopens it.
    form(Kind::AskForm, "sb:ask:", Who::Anyone),
    button(Kind::AskEdit, "sb:ask-edit:", Who::Anyone),
    // Help posts.
    button(Kind::TicketClaim, "sb:tk-claim:", Who::Mentors),
    button(Kind::TicketRelease, "sb:tk-release:", Who::Mentors),
    button(Kind::FaqSolved, "sb:tk-faq-ok:", Who::PostAuthor),
    button(Kind::FaqStill, "sb:tk-faq-no:", Who::PostAuthor),
    button(Kind::TicketRate, "sb:tk-rate:", Who::PostAuthor),
    button(Kind::TicketQueue, "sb:tk-queue:", Who::Mentors),
    // Teams: invitations, join requests, disbanding, public lists.
    button(Kind::InviteAccept, "sb:inv-accept:", Who::Invitee),
    button(Kind::InviteDecline, "sb:inv-decline:", Who::Invitee),
    button(Kind::RequestApprove, "sb:req-approve:", Who::Captain),
    button(Kind::RequestDeny, "sb:req-deny:", Who::Captain),
    button(Kind::TeamDisband, "sb:team-disband:", Who::Opener),
    button(Kind::TeamKeep, "sb:team-keep:", Who::Opener),
    button(Kind::TeamList, "sb:team-list:", Who::Anyone),
    button(Kind::LftList, "sb:lft-list:", Who::Anyone),
    // The jury: the assignment's confirmation (checked again as organizer),
    // a packet's buttons and forms (the handler checks the assignment).
    button(Kind::JuryAssign, "sb:jury-assign:", Who::Opener),
    button(Kind::JuryScore, "sb:jury-score:", Who::Judges),
    form(Kind::JuryScoreForm, "sb:jury-score-form:", Who::Judges),
    button(Kind::JuryComment, "sb:jury-comment:", Who::Judges),
    form(Kind::JuryCommentForm, "sb:jury-comment-form:", Who::Judges),
    button(Kind::JuryExtra, "sb:jury-extra:", Who::Judges),
];

/// The row of `kind`.
pub fn route(kind: Kind) -> Route {
    TABLE
        .iter()
        .copied()
        .find(|r| r.kind == kind)
        .unwrap_or(UNLISTED)
}

/// What an unlisted kind would get: only organizers may press it. Every
/// kind is listed (a unit test checks).
const UNLISTED: Route = Route {
    kind: Kind::AnnounceDrop,
    prefix: "",
    who: Who::Organizers,
    modal: false,
};

/// The custom id prefix of `kind`.
pub fn prefix(kind: Kind) -> &'static str {
    route(kind).prefix
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    // Only plain ASCII digits (no sign, no spaces): what the bot writes.
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn fields<const N: usize>(rest: &str) -> Option<[&str; N]> {
    let parts: Vec<&str> = rest.split(':').collect();
    parts.try_into().ok()
}

fn one<T: std::str::FromStr>(rest: &str) -> Option<T> {
    let [a] = fields::<1>(rest)?;
    num(a)
}

fn filter(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

/// `<ticket>:<stars>`, one to five stars.
fn ticket_rate(rest: &str) -> Option<CustomId> {
    let [ticket, stars] = fields(rest)?;
    let stars = num::<u8>(stars).filter(|n| (1..=5).contains(n))?;
    Some(CustomId::TicketRate {
        ticket: num(ticket)?,
        stars,
    })
}

/// Written by the shared pager as `<page>:` (no filters).
fn ticket_queue(rest: &str) -> Option<CustomId> {
    let (page, filters) = rest.split_once(':').unwrap_or((rest, ""));
    if !filters.is_empty() {
        return None;
    }
    Some(CustomId::TicketQueue { page: num(page)? })
}

/// `<page>:<0|1 open only>:<topic>`.
fn team_list(rest: &str) -> Option<CustomId> {
    let mut parts = rest.splitn(3, ':');
    let page = num(parts.next()?)?;
    let open_only = match parts.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let topic = filter(parts.next().unwrap_or(""));
    Some(CustomId::TeamList {
        page,
        open_only,
        topic,
    })
}

/// `<page>:<skill><separator><topic>`.
fn lft_list(rest: &str) -> Option<CustomId> {
    let (page, filters) = rest.split_once(':')?;
    let (skill, topic) = filters
        .split_once(FILTER_SEPARATOR)
        .unwrap_or((filters, ""));
    if topic.contains(FILTER_SEPARATOR) {
        return None;
    }
    Some(CustomId::LftList {
        page: num(page)?,
        skill: filter(skill),
        topic: filter(topic),
    })
}

impl CustomId {
    /// The component a custom id names; `None` for anything the bot did not
    /// write (unknown, malformed, oversized).
    pub fn parse(id: &str) -> Option<CustomId> {
        if id.len() > MAX_LEN * 4 || id.chars().count() > MAX_LEN {
            return None;
        }
        // Longest prefix first: `sb:ask:` is a prefix of nothing else, but
        // `sb:path:me` must match exactly.
        let route = TABLE
            .iter()
            .filter(|r| id.starts_with(r.prefix))
            .max_by_key(|r| r.prefix.len())?;
        let rest = &id[route.prefix.len()..];
        Some(match route.kind {
            Kind::SetupApply => CustomId::SetupApply { owner: one(rest)? },
            Kind::SetupCancel => CustomId::SetupCancel { owner: one(rest)? },
            Kind::SubmissionRecheck => CustomId::SubmissionRecheck { team: one(rest)? },
            Kind::PathMine => {
                if !rest.is_empty() {
                    return None;
                }
                CustomId::PathMine
            }
            Kind::PathTeam => CustomId::PathTeam { team: one(rest)? },
            Kind::GpuRelease => {
                let [lease, owner] = fields(rest)?;
                CustomId::GpuRelease {
                    lease: num(lease)?,
                    owner: num(owner)?,
                }
            }
            Kind::GpuKeep => CustomId::GpuKeep { owner: one(rest)? },
            Kind::AnnounceForm | Kind::AnnouncePost => {
                let [channel, role, at] = fields(rest)?;
                let (channel, role, at) = (num(channel)?, num(role)?, num(at)?);
                if route.kind == Kind::AnnounceForm {
                    CustomId::AnnounceForm { channel, role, at }
                } else {
                    CustomId::AnnouncePost { channel, role, at }
                }
            }
            Kind::AnnounceDrop => {
                if !rest.is_empty() {
                    return None;
                }
                CustomId::AnnounceDrop
            }
            Kind::JuryPublish => {
                if !rest.is_empty() {
                    return None;
                }
                CustomId::JuryPublish
            }
            Kind::AskForm => {
                let [opener, topic] = fields(rest)?;
                CustomId::AskForm {
                    opener: num(opener)?,
                    topic: num(topic)?,
                }
            }
            Kind::AskEdit => CustomId::AskEdit { topic: one(rest)? },
            Kind::TicketClaim => CustomId::TicketClaim { ticket: one(rest)? },
            Kind::TicketRelease => CustomId::TicketRelease { ticket: one(rest)? },
            Kind::FaqSolved => CustomId::FaqSolved { ticket: one(rest)? },
            Kind::FaqStill => CustomId::FaqStill { ticket: one(rest)? },
            Kind::TicketRate => ticket_rate(rest)?,
            Kind::TicketQueue => ticket_queue(rest)?,
            Kind::InviteAccept => CustomId::InviteAccept {
                invitation: one(rest)?,
            },
            Kind::InviteDecline => CustomId::InviteDecline {
                invitation: one(rest)?,
            },
            Kind::RequestApprove => CustomId::RequestApprove {
                invitation: one(rest)?,
            },
            Kind::RequestDeny => CustomId::RequestDeny {
                invitation: one(rest)?,
            },
            Kind::TeamDisband => {
                let [team, owner] = fields(rest)?;
                CustomId::TeamDisband {
                    team: num(team)?,
                    owner: num(owner)?,
                }
            }
            Kind::TeamKeep => CustomId::TeamKeep { owner: one(rest)? },
            Kind::TeamList => team_list(rest)?,
            Kind::LftList => lft_list(rest)?,
            Kind::JuryAssign => {
                let [owner, plan] = fields(rest)?;
                CustomId::JuryAssign {
                    owner: num(owner)?,
                    plan: num(plan)?,
                }
            }
            Kind::JuryScore | Kind::JuryScoreForm => {
                let [team, group] = fields(rest)?;
                let (team, group) = (num(team)?, num(group)?);
                if route.kind == Kind::JuryScore {
                    CustomId::JuryScore { team, group }
                } else {
                    CustomId::JuryScoreForm { team, group }
                }
            }
            Kind::JuryComment => CustomId::JuryComment { team: one(rest)? },
            Kind::JuryCommentForm => CustomId::JuryCommentForm { team: one(rest)? },
            Kind::JuryExtra => CustomId::JuryExtra { team: one(rest)? },
        })
    }

    /// The kind of component.
    pub fn kind(&self) -> Kind {
        match self {
            CustomId::SetupApply { .. } => Kind::SetupApply,
            CustomId::SetupCancel { .. } => Kind::SetupCancel,
            CustomId::SubmissionRecheck { .. } => Kind::SubmissionRecheck,
            CustomId::PathMine => Kind::PathMine,
            CustomId::PathTeam { .. } => Kind::PathTeam,
            CustomId::GpuRelease { .. } => Kind::GpuRelease,
            CustomId::GpuKeep { .. } => Kind::GpuKeep,
            CustomId::AnnounceForm { .. } => Kind::AnnounceForm,
            CustomId::AnnouncePost { .. } => Kind::AnnouncePost,
            CustomId::AnnounceDrop => Kind::AnnounceDrop,
            CustomId::JuryPublish => Kind::JuryPublish,
            CustomId::AskForm { .. } => Kind::AskForm,
            CustomId::AskEdit { .. } => Kind::AskEdit,
            CustomId::TicketClaim { .. } => Kind::TicketClaim,
            CustomId::TicketRelease { .. } => Kind::TicketRelease,
            CustomId::FaqSolved { .. } => Kind::FaqSolved,
            CustomId::FaqStill { .. } => Kind::FaqStill,
            CustomId::TicketRate { .. } => Kind::TicketRate,
            CustomId::TicketQueue { .. } => Kind::TicketQueue,
            CustomId::InviteAccept { .. } => Kind::InviteAccept,
            CustomId::InviteDecline { .. } => Kind::InviteDecline,
            CustomId::RequestApprove { .. } => Kind::RequestApprove,
            CustomId::RequestDeny { .. } => Kind::RequestDeny,
            CustomId::TeamDisband { .. } => Kind::TeamDisband,
            CustomId::TeamKeep { .. } => Kind::TeamKeep,
            CustomId::TeamList { .. } => Kind::TeamList,
            CustomId::LftList { .. } => Kind::LftList,
            CustomId::JuryAssign { .. } => Kind::JuryAssign,
            CustomId::JuryScore { .. } => Kind::JuryScore,
            CustomId::JuryScoreForm { .. } => Kind::JuryScoreForm,
            CustomId::JuryComment { .. } => Kind::JuryComment,
            CustomId::JuryCommentForm { .. } => Kind::JuryCommentForm,
            CustomId::JuryExtra { .. } => Kind::JuryExtra,
        }
    }

    /// Who may press this component: the table's rule ([`TABLE`]) with the
    /// person, team, invitation or post this id names. Where the id and the
    /// table could disagree, neither wins: only organizers may press it.
    pub fn presser(&self) -> Presser {
        let named = self.named_presser();
        if named.who() == route(self.kind()).who {
            named
        } else {
            Presser::Organizers
        }
    }

    fn named_presser(&self) -> Presser {
        match *self {
            CustomId::SetupApply { owner }
            | CustomId::SetupCancel { owner }
            | CustomId::GpuRelease { owner, .. }
            | CustomId::GpuKeep { owner }
            | CustomId::TeamDisband { owner, .. }
            | CustomId::TeamKeep { owner }
            | CustomId::JuryAssign { owner, .. } => Presser::Person(owner),
            CustomId::JuryScore { .. }
            | CustomId::JuryScoreForm { .. }
            | CustomId::JuryComment { .. }
            | CustomId::JuryCommentForm { .. }
            | CustomId::JuryExtra { .. } => Presser::Judges,
            CustomId::SubmissionRecheck { team } => Presser::TeamMembers(team),
            CustomId::PathTeam { .. }
            | CustomId::TicketClaim { .. }
            | CustomId::TicketRelease { .. }
            | CustomId::TicketQueue { .. } => Presser::Mentors,
            CustomId::AnnounceForm { .. }
            | CustomId::AnnouncePost { .. }
            | CustomId::AnnounceDrop
            | CustomId::JuryPublish => Presser::Organizers,
            CustomId::FaqSolved { ticket }
            | CustomId::FaqStill { ticket }
            | CustomId::TicketRate { ticket, .. } => Presser::PostAuthor(ticket),
            CustomId::InviteAccept { invitation } | CustomId::InviteDecline { invitation } => {
                Presser::Invitee(invitation)
            }
            CustomId::RequestApprove { invitation } | CustomId::RequestDeny { invitation } => {
                Presser::Captain(invitation)
            }
            CustomId::PathMine
            | CustomId::AskForm { .. }
            | CustomId::AskEdit { .. }
            | CustomId::TeamList { .. }
            | CustomId::LftList { .. } => Presser::Anyone,
        }
    }
}

impl fmt::Display for CustomId {
    /// The custom id as the bot writes it; [`CustomId::parse`] reads it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = prefix(self.kind());
        match self {
            CustomId::SetupApply { owner }
            | CustomId::SetupCancel { owner }
            | CustomId::GpuKeep { owner }
            | CustomId::TeamKeep { owner } => write!(f, "{p}{owner}"),
            CustomId::SubmissionRecheck { team } | CustomId::PathTeam { team } => {
                write!(f, "{p}{team}")
            }
            CustomId::PathMine | CustomId::AnnounceDrop | CustomId::JuryPublish => f.write_str(p),
            CustomId::GpuRelease { lease, owner } => write!(f, "{p}{lease}:{owner}"),
            CustomId::AnnounceForm { channel, role, at }
            | CustomId::AnnouncePost { channel, role, at } => {
                write!(f, "{p}{channel}:{role}:{at}")
            }
            CustomId::AskForm { opener, topic } => write!(f, "{p}{opener}:{topic}"),
            CustomId::AskEdit { topic } => write!(f, "{p}{topic}"),
            CustomId::TicketClaim { ticket }
            | CustomId::TicketRelease { ticket }
            | CustomId::FaqSolved { ticket }
            | CustomId::FaqStill { ticket } => write!(f, "{p}{ticket}"),
            CustomId::TicketRate { ticket, stars } => write!(f, "{p}{ticket}:{stars}"),
            CustomId::JuryAssign { owner, plan } => write!(f, "{p}{owner}:{plan}"),
            CustomId::JuryScore { team, group } | CustomId::JuryScoreForm { team, group } => {
                write!(f, "{p}{team}:{group}")
            }
            CustomId::JuryComment { team }
            | CustomId::JuryCommentForm { team }
            | CustomId::JuryExtra { team } => write!(f, "{p}{team}"),
            CustomId::TicketQueue { page } => write!(f, "{p}{page}:"),
            CustomId::InviteAccept { invitation }
            | CustomId::InviteDecline { invitation }
            | CustomId::RequestApprove { invitation }
            | CustomId::RequestDeny { invitation } => write!(f, "{p}{invitation}"),
            CustomId::TeamDisband { team, owner } => write!(f, "{p}{team}:{owner}"),
            CustomId::TeamList {
                page,
                open_only,
                topic,
            } => write!(
                f,
                "{p}{page}:{}:{}",
                u8::from(*open_only),
                topic.as_deref().unwrap_or_default()
            ),
            CustomId::LftList { page, skill, topic } => write!(
                f,
                "{p}{page}:{}{FILTER_SEPARATOR}{}",
                skill.as_deref().unwrap_or_default(),
                topic.as_deref().unwrap_or_default()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ids exactly as earlier versions of the bot posted them.
    fn posted() -> Vec<(&'static str, CustomId)> {
        vec![
            ("sb:setup-apply:42", CustomId::SetupApply { owner: 42 }),
            ("sb:setup-cancel:42", CustomId::SetupCancel { owner: 42 }),
            ("sb:recheck:7", CustomId::SubmissionRecheck { team: 7 }),
            ("sb:path:me", CustomId::PathMine),
            ("sb:path:team:7", CustomId::PathTeam { team: 7 }),
            (
                "sb:gpu-release:3:42",
                CustomId::GpuRelease {
                    lease: 3,
                    owner: 42,
                },
            ),
            ("sb:gpu-keep:42", CustomId::GpuKeep { owner: 42 }),
            (
                "sb:announce-modal:4000:0:0",
                CustomId::AnnounceForm {
                    channel: 4000,
                    role: 0,
                    at: 0,
                },
            ),
            (
                "sb:announce-post:4000:2001:1711367940",
                CustomId::AnnouncePost {
                    channel: 4000,
                    role: 2001,
                    at: 1_711_367_940,
                },
            ),
            ("sb:announce-drop", CustomId::AnnounceDrop),
            ("sb:jury-publish", CustomId::JuryPublish),
            (
                "sb:ask:99:0",
                CustomId::AskForm {
                    opener: 99,
                    topic: 0,
                },
            ),
            ("sb:ask-edit:5", CustomId::AskEdit { topic: 5 }),
            ("sb:tk-claim:1", CustomId::TicketClaim { ticket: 1 }),
            ("sb:tk-release:1", CustomId::TicketRelease { ticket: 1 }),
            ("sb:tk-faq-ok:1", CustomId::FaqSolved { ticket: 1 }),
            ("sb:tk-faq-no:1", CustomId::FaqStill { ticket: 1 }),
            (
                "sb:tk-rate:1:5",
                CustomId::TicketRate {
                    ticket: 1,
                    stars: 5,
                },
            ),
            ("sb:tk-queue:2:", CustomId::TicketQueue { page: 2 }),
            ("sb:inv-accept:8", CustomId::InviteAccept { invitation: 8 }),
            (
                "sb:inv-decline:8",
                CustomId::InviteDecline { invitation: 8 },
            ),
            (
                "sb:req-approve:8",
                CustomId::RequestApprove { invitation: 8 },
            ),
            ("sb:req-deny:8", CustomId::RequestDeny { invitation: 8 }),
            (
                "sb:team-disband:7:42",
                CustomId::TeamDisband { team: 7, owner: 42 },
            ),
            ("sb:team-keep:42", CustomId::TeamKeep { owner: 42 }),
            (
                "sb:team-list:1:1:nlp",
                CustomId::TeamList {
                    page: 1,
                    open_only: true,
                    topic: Some("nlp".into()),
                },
            ),
            (
                "sb:team-list:0:0:",
                CustomId::TeamList {
                    page: 0,
                    open_only: false,
                    topic: None,
                },
            ),
            (
                "sb:lft-list:3:rust\u{1f}salud",
                CustomId::LftList {
                    page: 3,
                    skill: Some("rust".into()),
                    topic: Some("salud".into()),
                },
            ),
            (
                "sb:jury-assign:42:9876543210",
                CustomId::JuryAssign {
                    owner: 42,
                    plan: 9_876_543_210,
                },
            ),
            (
                "sb:jury-score:7:1",
                CustomId::JuryScore { team: 7, group: 1 },
            ),
            (
                "sb:jury-score-form:7:1",
                CustomId::JuryScoreForm { team: 7, group: 1 },
            ),
            ("sb:jury-comment:7", CustomId::JuryComment { team: 7 }),
            (
                "sb:jury-comment-form:7",
                CustomId::JuryCommentForm { team: 7 },
            ),
            ("sb:jury-extra:7", CustomId::JuryExtra { team: 7 }),
            (
                "sb:lft-list:0:\u{1f}",
                CustomId::LftList {
                    page: 0,
                    skill: None,
                    topic: None,
                },
            ),
        ]
    }

    #[test]
    fn ids_posted_by_earlier_versions_still_parse_and_render_the_same() {
        let all = posted();
        for (text, id) in &all {
            assert_eq!(CustomId::parse(text).as_ref(), Some(id), "{text}");
            assert_eq!(&id.to_string(), text);
        }
        // Every row of the table has an example above.
        for route in TABLE {
            assert!(
                all.iter().any(|(_, id)| id.kind() == route.kind),
                "{:?} has no example",
                route.kind
            );
            assert_eq!(prefix(route.kind), route.prefix);
        }
        // What each id names agrees with the table's rule.
        for (text, id) in &all {
            assert_eq!(id.named_presser().who(), route(id.kind()).who, "{text}");
        }
    }

    #[test]
    fn the_table_names_each_kind_once() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.kind, b.kind);
                assert_ne!(a.prefix, b.prefix);
            }
        }
    }

    #[test]
    fn garbage_is_refused() {
        let long = format!("sb:tk-claim:{}", "1".repeat(200));
        for id in [
            "",
            "sb:",
            "sb:tk-claim:",
            "sb:tk-claim:-1",
            "sb:tk-claim:+1",
            "sb:tk-claim: 1",
            "sb:tk-claim:1:2",
            "sb:tk-claim:99999999999999999999999",
            "sb:tk-rate:1:0",
            "sb:tk-rate:1:6",
            "sb:tk-rate:1",
            "sb:tk-queue:1:x",
            "sb:path:me:1",
            "sb:path:meh",
            "sb:announce-drop:1",
            "sb:announce-post:1:2",
            "sb:team-list:x:0:",
            "sb:team-list:0:2:",
            "sb:lft-list:0",
            "sb:lft-list:0:a\u{1f}b\u{1f}c",
            "sb:gpu-release:1",
            "sb:gpu-release:1:2:3",
            "SB:TK-CLAIM:1",
            "sb:tk-claim:١",
            "sb:tk-claim:1\u{0}",
            long.as_str(),
            "x:sb:tk-claim:1",
        ] {
            assert_eq!(CustomId::parse(id), None, "{id:?}");
        }
    }

    #[test]
    fn oversized_ids_are_refused_before_parsing() {
        let topic = "a".repeat(MAX_LEN);
        assert_eq!(CustomId::parse(&format!("sb:team-list:0:0:{topic}")), None);
        let wide = "ñ".repeat(MAX_LEN + 1);
        assert_eq!(CustomId::parse(&wide), None);
    }

    #[test]
    fn named_people_and_objects_decide_who_may_press() {
        assert_eq!(
            CustomId::GpuRelease { lease: 1, owner: 9 }.presser(),
            Presser::Person(9)
        );
        assert_eq!(
            CustomId::RequestApprove { invitation: 4 }.presser(),
            Presser::Captain(4)
        );
        assert_eq!(
            CustomId::InviteAccept { invitation: 4 }.presser(),
            Presser::Invitee(4)
        );
        assert_eq!(
            CustomId::TicketRate {
                ticket: 2,
                stars: 3
            }
            .presser(),
            Presser::PostAuthor(2)
        );
        assert_eq!(CustomId::AnnounceDrop.presser(), Presser::Organizers);
        assert_eq!(
            CustomId::TicketQueue { page: 0 }.presser(),
            Presser::Mentors
        );
    }

    #[test]
    fn every_rule_admits_its_people_and_refuses_the_others() {
        const ME: u64 = 7;
        let stranger = Facts {
            user: ME,
            ..Facts::default()
        };
        let organizer = Facts {
            organizer: true,
            mentor: true,
            ..stranger
        };
        let mentor = Facts {
            mentor: true,
            ..stranger
        };
        let member = Facts {
            team_member: true,
            ..stranger
        };
        let answerer = Facts {
            answerer: Some(ME),
            ..stranger
        };
        let other_answerer = Facts {
            answerer: Some(8),
            ..organizer
        };
        let author = Facts {
            author: Some(ME),
            ..stranger
        };
        let other_author = Facts {
            author: Some(8),
            ..organizer
        };
        use Refusal::*;
        let cases: &[(Presser, Facts, Result<(), Refusal>)] = &[
            (Presser::Anyone, stranger, Ok(())),
            (Presser::Person(ME), stranger, Ok(())),
            (Presser::Person(8), organizer, Err(NotYours)),
            (Presser::Organizers, organizer, Ok(())),
            (Presser::Organizers, mentor, Err(NotOrganizer)),
            (Presser::Organizers, member, Err(NotOrganizer)),
            (Presser::Mentors, mentor, Ok(())),
            (Presser::Mentors, organizer, Ok(())),
            (Presser::Mentors, member, Err(NotMentor)),
            (Presser::TeamMembers(1), member, Ok(())),
            (Presser::TeamMembers(1), organizer, Ok(())),
            (Presser::TeamMembers(1), mentor, Err(NotTeamMember)),
            (Presser::Invitee(1), answerer, Ok(())),
            (Presser::Captain(1), answerer, Ok(())),
            (
                Presser::Invitee(1),
                other_answerer,
                Err(NotInvitationAnswerer),
            ),
            (
                Presser::Captain(1),
                other_answerer,
                Err(NotInvitationAnswerer),
            ),
            (Presser::Invitee(1), organizer, Err(InvitationGone)),
            (Presser::PostAuthor(1), author, Ok(())),
            (Presser::PostAuthor(1), other_author, Err(NotAuthor)),
            (Presser::PostAuthor(1), organizer, Err(PostGone)),
        ];
        for (presser, facts, expected) in cases {
            assert_eq!(judge(*presser, facts), *expected, "{presser:?} {facts:?}");
        }
        // A stranger is refused by every rule but "anyone".
        for route in TABLE.iter().filter(|r| r.who != Who::Anyone) {
            let id = posted()
                .into_iter()
                .find(|(_, id)| id.kind() == route.kind)
                .map(|(_, id)| id)
                .expect("an example");
            let facts = Facts {
                answerer: Some(ME + 1),
                author: Some(ME + 1),
                ..stranger
            };
            assert!(judge(id.presser(), &facts).is_err(), "{:?}", route.kind);
        }
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(id in "\\PC{0,120}") {
            let _ = CustomId::parse(&id);
        }

        #[test]
        fn anything_after_a_known_prefix_is_parsed_or_refused(
            i in 0..TABLE.len(),
            tail in "[0-9:a-z\u{1f}-]{0,40}",
        ) {
            let id = format!("{}{tail}", TABLE[i].prefix);
            if let Some(parsed) = CustomId::parse(&id) {
                // What parses renders back to an id that parses the same.
                prop_assert_eq!(CustomId::parse(&parsed.to_string()), Some(parsed));
            }
        }
    }
}
