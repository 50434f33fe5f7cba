//! The team at a glance: each coach by name, and for each of their young people the week's
//! hours against the target with the evening and weekend share, a 12-week trend, the programme
//! month and an ending coming up, open concerns, return-home interviews due, notes left
//! unfinalised, and plans waiting for sign-off. A supervisor's home page; a coach sees the same
//! for themselves. Read in a few queries over every case the device holds.

use crate::dto::{
    Choice, ClockState, EnrolmentCodeView, StandingKind, TeamCase, TeamCoach, TeamOverview,
};
use crate::hours::{WEEKS, split_view};
use crate::{App, AppError, AppResult};
use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};
use insideout_domain::hours::{HoursSplit, week_start};
use insideout_domain::ids::YoungPersonId;
use insideout_domain::ids::{DeviceId, PersonId};
use insideout_domain::intervention::Phase;
use insideout_protocol::api::Role;
use insideout_protocol::directory::Directory;
use insideout_store::Store;
use insideout_store::read::ColleagueName;
use insideout_sync::{Engine, Enrolment};
use std::collections::{BTreeMap, HashMap};

impl App {
    pub fn team_overview(&mut self) -> AppResult<TeamOverview> {
        let now_at = self.now();
        let now = now_at.naive_local();
        let today = now.date();
        let rules = self.config.rules;
        let monday = week_start(today);
        let first = monday - Days::new(7 * (WEEKS - 1));
        let mondays: Vec<NaiveDate> = (0..WEEKS).map(|i| first + Days::new(7 * i)).collect();
        // Plans first: the sign-off list takes the store itself.
        let mut awaiting: HashMap<String, u32> = HashMap::new();
        for item in self.sign_offs()? {
            if item.risk.standing == StandingKind::Awaiting {
                *awaiting.entry(item.young_person_id).or_default() += 1;
            }
        }
        let store = &self.store()?;
        let me = store.device().to_string();
        let my_name = store.person_name()?;
        let names = store.colleague_names()?;
        let creators = store.case_creators()?;
        let rows = store.caseload(
            first.and_time(NaiveTime::MIN),
            (monday + Days::new(7)).and_time(NaiveTime::MIN),
        )?;
        let unfinalised = store
            .unfinalised_before(now - TimeDelta::hours(i64::from(rules.unfinalised_after_hours)))?;
        let mut weeks: HashMap<(YoungPersonId, NaiveDate), HoursSplit> = HashMap::new();
        for (yp, start, end) in store.session_times(
            first.and_time(NaiveTime::MIN),
            (monday + Days::new(7)).and_time(NaiveTime::MIN),
        )? {
            weeks
                .entry((yp, week_start(start.date())))
                .or_default()
                .add(HoursSplit::of(start, end));
        }
        let team = Team::of(store)?;
        // Coaches by name, in name order; this device's person first.
        let mut coaches: BTreeMap<(bool, String, Option<PersonId>), Vec<TeamCase>> =
            BTreeMap::new();
        for row in rows.iter().filter(|r| r.record.phase != Phase::Closed) {
            let r = &row.record;
            let creator = creators.get(&r.id).cloned().unwrap_or_default();
            // Whose case it is: the coach the signed directory allocates it to, or else the
            // person of the device that added it.
            let owner = team.owner(r.id, &creator);
            let this_device = creator == me;
            let name = match owner {
                Some(p) if Some(p) == team.me => my_name.clone(),
                Some(p) => team
                    .name_of(p, &names)
                    .unwrap_or_else(|| unnamed(&p.to_string())),
                None if this_device => my_name.clone(),
                None => names
                    .get(&creator.parse().unwrap_or_else(|_| store.device()))
                    .map(|n| n.person.clone())
                    .unwrap_or_else(|| unnamed(&creator)),
            };
            let mine = owner.is_some_and(|p| Some(p) == team.me)
                || (owner.is_none() && this_device)
                || name == my_name;
            let started = week_start(r.dates.start());
            let trend = mondays
                .iter()
                .map(|m| {
                    (*m >= started)
                        .then(|| weeks.get(&(r.id, *m)).copied().unwrap_or_default().total())
                })
                .collect();
            let concerns = store.concerns(r.id)?;
            let open: Vec<_> = concerns.iter().filter(|c| c.state.is_open()).collect();
            let overdue = open
                .iter()
                .filter(|c| {
                    crate::concerns::overdue(&rules, &c.concern, c.state, &c.written_at, now_at)
                })
                .count();
            let clocks: Vec<ClockState> = store
                .missing_episodes(r.id)?
                .iter()
                .map(|m| crate::missing::view(m, now).clock)
                .collect();
            let planned_end = r.dates.planned_end();
            coaches
                .entry((!mine, name, owner))
                .or_default()
                .push(TeamCase {
                    id: r.id.to_string(),
                    allocated: team
                        .directory
                        .as_ref()
                        .is_some_and(|d| d.case_owner(r.id).is_some()),
                    preferred_name: r.profile.preferred_name.as_str().to_owned(),
                    programme_month: r.dates.programme_month(today, &rules),
                    programme_months: rules.max_months,
                    planned_end: planned_end.to_string(),
                    ending_soon: planned_end
                        <= today + Days::new(7 * u64::from(rules.ending_soon_weeks)),
                    target_minutes: rules.weekly_target_minutes,
                    week: split_view(weeks.get(&(r.id, monday)).copied().unwrap_or_default()),
                    trend,
                    open_concerns: count(open.len()),
                    overdue_concerns: count(overdue),
                    interviews_due: count(clocks.iter().filter(|c| **c == ClockState::Due).count()),
                    interviews_overdue: count(
                        clocks.iter().filter(|c| **c == ClockState::Overdue).count(),
                    ),
                    unfinalised: unfinalised.get(&r.id).copied().unwrap_or(0),
                    plans_awaiting_sign_off: awaiting.get(&r.id.to_string()).copied().unwrap_or(0),
                });
        }
        let referrals = store
            .pending_referrals(None)?
            .iter()
            .map(|r| {
                let coach = if Some(r.coach) == team.me {
                    my_name.clone()
                } else {
                    team.name_of(r.coach, &names)
                        .unwrap_or_else(|| unnamed(&r.coach.to_string()))
                };
                crate::referrals::view(r, &coach, today)
            })
            .collect();
        let mut team_coaches = Vec::with_capacity(coaches.len());
        for ((not_mine, name, person), young_people) in coaches {
            let last = match person {
                Some(p) => store
                    .supervisions(p)?
                    .into_iter()
                    .map(|(_, _, s, _)| s.on)
                    .max(),
                None => None,
            };
            team_coaches.push(TeamCoach {
                deactivated: person.is_some_and(|p| team.deactivated(p)),
                person_id: person.map(|p| p.to_string()).unwrap_or_default(),
                name,
                this_device: !not_mine,
                supervision_due: person.is_some()
                    && crate::oversight::supervision_due(last, today, &rules),
                last_supervision: last.map(|d| d.to_string()),
                young_people,
            });
        }
        Ok(TeamOverview {
            week_starting: monday.to_string(),
            weeks: mondays.iter().map(ToString::to_string).collect(),
            coaches: team_coaches,
            team_coaches: team.coaches(&names, &my_name),
            me_person_id: team.me.map(|p| p.to_string()).unwrap_or_default(),
            unfinalised_after_hours: rules.unfinalised_after_hours,
            ending_soon_weeks: rules.ending_soon_weeks,
            referrals,
        })
    }
}

impl App {
    /// The code a supervisor issued, as the window shows it: with the organisation's
    /// fingerprint, the expiry in local time and the link as a QR code.
    pub fn enrolment_code_view(
        &mut self,
        code: String,
        expires_ms: u64,
        link: String,
    ) -> AppResult<EnrolmentCodeView> {
        let offset = *self.now().offset();
        let expires = chrono::DateTime::from_timestamp_millis(expires_ms as i64)
            .map(|t| {
                t.with_timezone(&offset)
                    .format("%a %-d %b %Y, %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let parsed = crate::qr::parse_enrolment_link(&link)?;
        Ok(EnrolmentCodeView {
            qr: crate::qr::svg(&link).unwrap_or_default(),
            code,
            expires,
            fingerprint: parsed.fingerprint,
            link,
        })
    }
}

/// What the signed directory says of the team, when this device is enrolled.
pub(crate) struct Team {
    pub(crate) directory: Option<Directory>,
    pub(crate) me: Option<PersonId>,
}

impl Team {
    pub(crate) fn of(store: &Store) -> AppResult<Self> {
        let internal = |e: insideout_sync::SyncError| AppError::Internal(e.to_string());
        let Some(enrolment) = Enrolment::load(store).map_err(internal)? else {
            return Ok(Self {
                directory: None,
                me: None,
            });
        };
        Ok(Self {
            directory: Some(Engine::directory(store, &enrolment).map_err(internal)?),
            me: Some(enrolment.person),
        })
    }

    /// The case's coach: its allocation, or the person of the device that added it.
    fn owner(&self, young_person: YoungPersonId, creator: &str) -> Option<PersonId> {
        let directory = self.directory.as_ref()?;
        directory.case_owner(young_person).or_else(|| {
            let device: DeviceId = creator.parse().ok()?;
            directory.devices.get(&device).map(|d| d.person)
        })
    }

    /// A person's name, as any of their devices gave it.
    pub(crate) fn name_of(
        &self,
        person: PersonId,
        names: &HashMap<DeviceId, ColleagueName>,
    ) -> Option<String> {
        let directory = self.directory.as_ref()?;
        directory
            .devices
            .values()
            .filter(|d| d.person == person)
            .find_map(|d| names.get(&d.device).map(|n| n.person.clone()))
    }

    /// Whether every device the person had is revoked (they left, or were deactivated).
    pub(crate) fn deactivated(&self, person: PersonId) -> bool {
        let Some(directory) = self.directory.as_ref() else {
            return false;
        };
        let mut devices = directory.devices.values().filter(|d| d.person == person);
        devices.clone().next().is_some() && devices.all(|d| d.revoked.is_some())
    }

    /// The coaches of this device's team who are still active, to give a case to: by name,
    /// in name order.
    fn coaches(&self, names: &HashMap<DeviceId, ColleagueName>, my_name: &str) -> Vec<Choice> {
        let (Some(directory), Some(me)) = (self.directory.as_ref(), self.me) else {
            return Vec::new();
        };
        let Some(team) = directory.people.get(&me).map(|p| p.team) else {
            return Vec::new();
        };
        let mut out: Vec<Choice> = directory
            .people
            .iter()
            .filter(|(_, p)| p.role == Role::Coach && p.team == team)
            .filter(|(id, _)| !self.deactivated(**id))
            .map(|(id, _)| {
                let name = if *id == me {
                    my_name.to_owned()
                } else {
                    self.name_of(*id, names)
                        .unwrap_or_else(|| unnamed(&id.to_string()))
                };
                Choice {
                    value: id.to_string(),
                    label: name,
                    hint: None,
                }
            })
            .collect();
        out.sort_by(|a, b| (&a.label, &a.value).cmp(&(&b.label, &b.value)));
        out
    }
}

/// A coach whose devices have not told their name yet.
pub(crate) fn unnamed(id: &str) -> String {
    format!("A coach (…{})", &id[id.len().saturating_sub(4)..])
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
