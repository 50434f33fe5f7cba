//! Management oversight and the coach's inbox. A supervisor records case discussions about a
//! young person (what was discussed, decisions, actions with an owner and a due date); they go
//! on the chronology as management oversight. A supervisor also records each coach's formal
//! supervision, in the coach's own records (read by the coach and the team's supervisors, never
//! carried by a case that moves). The coach's inbox gathers what others have sent:
//! comments on sessions, plans returned, actions due, and a supervisor's steps on a concern,
//! with a count of what is new since the inbox was last opened.

use crate::dto::{
    ActionView, CaseDiscussionInput, CaseDiscussionView, InboxItem, InboxView, Link, Section,
    StandingKind, SupervisionPage, YoungPersonDetail,
};
use crate::parse::{date, id};
use crate::team::{Team, unnamed};
use crate::{App, AppError, AppResult};
use chrono::{Days, NaiveDate};
use insideout_domain::Field;
use insideout_domain::concern::ConcernStep;
use insideout_domain::ids::{CaseDiscussionId, PersonId, SupervisionId, YoungPersonId};
use insideout_domain::op::SharedOp;
use insideout_domain::oversight::{ActionItem, CaseDiscussion};
use insideout_domain::rules::ProgrammeRules;
use insideout_domain::text::Line;
use insideout_protocol::Scope;
use insideout_protocol::api::Role;
use insideout_store::Store;

/// How far either side of today an action shows in the inbox, in days.
const ACTIONS_WINDOW_DAYS: u64 = 14;
/// How far back comments and a supervisor's concern steps show in the inbox, in days.
const INBOX_DAYS: i64 = 30;
const SEEN_KEY: &str = "inbox_seen_at";

impl App {
    /// A coach's formal supervision: a supervisor's device shows any coach of its team; a
    /// coach's device shows only the coach's own.
    pub fn supervision(&mut self, coach: &str) -> AppResult<SupervisionPage> {
        let coach: PersonId = id("coach", coach)?;
        let today = self.today();
        let rules = self.config.rules;
        let store = &self.store()?;
        let team = Team::of(store)?;
        let (Some(directory), Some(me)) = (team.directory.as_ref(), team.me) else {
            return Err(AppError::invalid(
                Field::Coach,
                "supervision is kept with the organisation's service: connect this device first (Settings, Sync)",
            ));
        };
        let my_role = directory.people.get(&me).map(|p| (p.role, p.team));
        let theirs = directory.people.get(&coach).map(|p| (p.role, p.team));
        let supervisor = matches!(my_role, Some((Role::Supervisor, _)));
        let readable = match (my_role, theirs) {
            (Some((Role::Supervisor, mine)), Some((Role::Coach, team))) => mine == team,
            (Some((Role::Coach, _)), _) => coach == me,
            _ => false,
        };
        if !readable {
            return Err(AppError::invalid(
                Field::Coach,
                "this coach is not in your team's directory: choose a coach from the Team page",
            ));
        }
        let coach_name = if coach == me {
            store.person_name()?
        } else {
            team.name_of(coach, &store.colleague_names()?)
                .unwrap_or_else(|| unnamed(&coach.to_string()))
        };
        let rows = store.supervisions(coach)?;
        let last = rows.iter().map(|(_, _, s, _)| s.on).max();
        Ok(SupervisionPage {
            coach_id: coach.to_string(),
            coach_name,
            records: rows
                .iter()
                .rev()
                .map(|(id, author, s, _)| view(id, author, s, today))
                .collect(),
            can_record: supervisor,
            waiting_for_coach: supervisor && !store.holds_key(Scope::Own(coach), me)?,
            last_on: last.map(|d| d.to_string()),
            next_due: last
                .map(|d| (d + Days::new(u64::from(rules.supervision_every_days))).to_string()),
            due: supervision_due(last, today, &rules),
            every_days: rules.supervision_every_days,
        })
    }

    /// A supervisor records a coach's formal supervision. It is saved here at once; it reaches
    /// the coach once their device has opened their own records (see
    /// [`SupervisionPage::waiting_for_coach`]).
    pub fn record_supervision(
        &mut self,
        coach: &str,
        input: CaseDiscussionInput,
    ) -> AppResult<SupervisionPage> {
        let page = self.supervision(coach)?;
        if !page.can_record {
            return Err(AppError::invalid(
                Field::Discussed,
                "only a supervisor records supervision: ask yours to record it on their device",
            ));
        }
        let coach_id: PersonId = id("coach", coach)?;
        let today = self.today();
        let now_ms = self.now_ms();
        let discussion = discussion(&input, today)?;
        let mut device = self.store()?;
        let author = Line::parse(Field::Author, "your name", &device.person_name()?)?;
        let id = SupervisionId::from_uuid(Store::new_uuid(now_ms)?);
        device.commit_shared(
            now_ms,
            SharedOp::supervision(id, coach_id, author, discussion),
        )?;
        self.supervision(coach)
    }

    /// A supervisor records a case discussion about a young person.
    pub fn record_case_discussion(
        &mut self,
        young_person: &str,
        input: CaseDiscussionInput,
    ) -> AppResult<YoungPersonDetail> {
        let yp: YoungPersonId = id("young person", young_person)?;
        let today = self.today();
        let now_ms = self.now_ms();
        let mut device = self.store()?;
        if device.sync_get("role")?.as_deref() != Some("supervisor") {
            return Err(AppError::invalid(
                Field::Discussed,
                "only a supervisor records a case discussion: ask yours to record it on their device",
            ));
        }
        device.young_person(yp)?;
        let discussion = discussion(&input, today)?;
        let author = Line::parse(Field::Author, "your name", &device.person_name()?)?;
        let id = CaseDiscussionId::from_uuid(Store::new_uuid(now_ms)?);
        device.commit_shared(
            now_ms,
            SharedOp::case_discussion(id, yp, author, discussion),
        )?;
        self.young_person(young_person)
    }

    /// The coach's inbox, newest first, with how many items are new.
    pub fn inbox(&mut self) -> AppResult<InboxView> {
        let now = self.now();
        let today = now.date_naive();
        let utc = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        let since = utc(now - chrono::TimeDelta::days(INBOX_DAYS));
        let returned: Vec<_> = self
            .sign_offs()?
            .into_iter()
            .filter(|p| p.risk.standing == StandingKind::Returned)
            .collect();
        let store = &self.store()?;
        let me = store.device().to_string();
        let seen = store.sync_get(SEEN_KEY)?.unwrap_or_default();
        // The same moment in local time, for a plan's decision (kept in local time).
        let seen_local = chrono::DateTime::parse_from_rfc3339(&seen)
            .map(|t| crate::parse::local(t.with_timezone(now.offset()).naive_local()))
            .unwrap_or_default();
        let mut items = Vec::new();
        for u in store.recent_updates(200)? {
            if u.kind == "comment" && u.device != me && u.at >= since {
                items.push(InboxItem {
                    kind: "comment".into(),
                    text: format!("Comment from {}", u.detail),
                    young_person_name: u.young_person_name,
                    new: u.at > seen,
                    at: u.at,
                    link: Link::Session { id: u.session_id },
                });
            }
        }
        for p in returned {
            items.push(InboxItem {
                kind: "plan_returned".into(),
                text: format!("{} was returned: {}", p.title, p.risk.label),
                young_person_name: p.young_person_name,
                at: p.risk.decided_at.clone().unwrap_or_default(),
                new: p
                    .risk
                    .decided_at
                    .as_deref()
                    .is_some_and(|t| t > seen_local.as_str()),
                link: if p.plan_kind == "activity" {
                    Link::Activity {
                        young_person_id: p.young_person_id.clone(),
                        activity_id: p.plan_id.clone(),
                    }
                } else {
                    Link::Residential {
                        young_person_id: p.young_person_id.clone(),
                        residential_id: p.plan_id.clone(),
                    }
                },
            });
        }
        for row in store.caseload(
            today.and_hms_opt(0, 0, 0).unwrap_or_default(),
            today.and_hms_opt(0, 0, 0).unwrap_or_default(),
        )? {
            let yp = row.record.id;
            let name = row.record.profile.preferred_name.as_str().to_owned();
            for c in store.concerns(yp)? {
                for s in c
                    .steps
                    .iter()
                    .filter(|s| s.device != me && s.step.supervisor_only() && s.written_at >= since)
                {
                    let what = match &s.step {
                        ConcernStep::Acknowledged => "acknowledged".to_owned(),
                        ConcernStep::Decided { decision, .. } => {
                            format!(
                                "decided: {}",
                                insideout_domain::choice::Choice::label(*decision)
                            )
                        }
                        ConcernStep::Closed { .. } => "closed".to_owned(),
                        ConcernStep::FollowUp { .. } => continue,
                    };
                    items.push(InboxItem {
                        kind: "concern_step".into(),
                        text: format!("{} {what} the concern", s.author),
                        young_person_name: name.clone(),
                        new: s.written_at > seen,
                        at: s.written_at.clone(),
                        link: Link::YoungPerson {
                            id: yp.to_string(),
                            section: Some(Section::Concerns),
                        },
                    });
                }
            }
            for (_, _, d, written_at) in store.case_discussions(yp)? {
                for a in &d.actions {
                    if !near(a.due, today) {
                        continue;
                    }
                    items.push(InboxItem {
                        kind: "action_due".into(),
                        text: action_text(a, today),
                        young_person_name: name.clone(),
                        new: written_at > seen,
                        at: written_at.clone(),
                        link: Link::YoungPerson {
                            id: yp.to_string(),
                            section: Some(Section::Oversight),
                        },
                    });
                }
            }
        }
        // The coach's own supervision: a new record, and its actions coming due.
        if let Some(person) = store
            .sync_get("person")?
            .and_then(|p| p.parse::<PersonId>().ok())
        {
            for (_, author, s, written_at) in store.supervisions(person)? {
                let link = Link::Supervision {
                    coach: person.to_string(),
                };
                if written_at >= since {
                    items.push(InboxItem {
                        kind: "supervision".into(),
                        text: format!(
                            "Supervision on {} recorded by {author}",
                            s.on.format("%a %-d %b")
                        ),
                        young_person_name: String::new(),
                        new: written_at > seen,
                        at: written_at.clone(),
                        link: link.clone(),
                    });
                }
                for a in s.actions.iter().filter(|a| near(a.due, today)) {
                    items.push(InboxItem {
                        kind: "action_due".into(),
                        text: action_text(a, today),
                        young_person_name: String::new(),
                        new: written_at > seen,
                        at: written_at.clone(),
                        link: link.clone(),
                    });
                }
            }
        }
        items.sort_by(|a, b| b.at.cmp(&a.at));
        let new_count = u32::try_from(items.iter().filter(|i| i.new).count()).unwrap_or(u32::MAX);
        Ok(InboxView { items, new_count })
    }

    /// The coach has opened the inbox: what is there now is no longer new. "Now" is the later
    /// of this device's clock and the newest item shown: a supervisor's device whose clock runs
    /// ahead of this one stamps its items later than this device's now, and they were seen too.
    pub fn mark_inbox_seen(&mut self) -> AppResult<()> {
        let now = self.now();
        let utc = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        let shown = self.inbox()?.items.into_iter().filter_map(|i| {
            // Comments and concern steps carry UTC; a plan's decision carries local time.
            chrono::DateTime::parse_from_rfc3339(&i.at)
                .ok()
                .or_else(|| {
                    chrono::NaiveDateTime::parse_from_str(&i.at, "%Y-%m-%dT%H:%M")
                        .ok()
                        .and_then(|t| t.and_local_timezone(*now.offset()).single())
                })
                .map(utc)
        });
        let seen = shown.chain([utc(now)]).max().unwrap_or_default();
        self.store()?.sync_set(SEEN_KEY, &seen)?;
        Ok(())
    }
}

/// A discussion as typed, parsed: every required part named at once, then each field.
fn discussion(input: &CaseDiscussionInput, today: NaiveDate) -> AppResult<CaseDiscussion> {
    crate::required::case_discussion(input)?;
    let mut actions = Vec::new();
    for a in input.actions.iter().filter(|a| {
        !(a.what.trim().is_empty() && a.owner.trim().is_empty() && a.due.trim().is_empty())
    }) {
        actions.push(ActionItem {
            what: Line::parse(Field::What, "the action", &a.what)?,
            owner: Line::parse(Field::Owner, "who does it", &a.owner)?,
            due: date(Field::Due, "when it is due", &a.due)?,
        });
    }
    Ok(CaseDiscussion::new(
        date(Field::On, "the date of the discussion", &input.on)?,
        &input.discussed,
        &input.decisions,
        actions,
        today,
    )?)
}

/// Whether a coach's formal supervision is due: none yet, or the latest longer ago than the
/// programme's interval.
pub(crate) fn supervision_due(
    last: Option<NaiveDate>,
    today: NaiveDate,
    rules: &ProgrammeRules,
) -> bool {
    last.is_none_or(|on| on + Days::new(u64::from(rules.supervision_every_days)) < today)
}

/// "Action due Fri 7 Mar: Ring the school (Alex)".
fn action_text(a: &ActionItem, today: NaiveDate) -> String {
    format!(
        "{} {}: {} ({})",
        if a.due < today {
            "Action overdue since"
        } else {
            "Action due"
        },
        a.due.format("%a %-d %b"),
        a.what.as_str(),
        a.owner.as_str()
    )
}

fn near(due: NaiveDate, today: NaiveDate) -> bool {
    due + Days::new(ACTIONS_WINDOW_DAYS) >= today && due <= today + Days::new(ACTIONS_WINDOW_DAYS)
}

/// A case discussion as the young person's page shows it.
pub(crate) fn view(
    id: &str,
    author: &str,
    d: &CaseDiscussion,
    today: NaiveDate,
) -> CaseDiscussionView {
    CaseDiscussionView {
        id: id.to_owned(),
        author: author.to_owned(),
        on: d.on.to_string(),
        discussed: d.discussed.clone(),
        decisions: d.decisions.clone(),
        actions: d
            .actions
            .iter()
            .map(|a| ActionView {
                what: a.what.as_str().to_owned(),
                owner: a.owner.as_str().to_owned(),
                due: a.due.to_string(),
                overdue: a.due < today,
            })
            .collect(),
    }
}
