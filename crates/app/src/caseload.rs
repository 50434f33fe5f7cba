//! The caseload: each young person's week against the 25-hour target and their programme month.

use crate::dto::{Caseload, CaseloadEntry};
use crate::parse::local;
use crate::{App, AppResult};
use chrono::{Days, NaiveTime};
use insideout_domain::choice::Choice;
use insideout_domain::hours::{HoursSplit, week_start};
use insideout_domain::intervention::Phase;
use insideout_store::read::CaseloadRow;

impl App {
    pub fn caseload(&mut self) -> AppResult<Caseload> {
        let today = self.now().date_naive();
        let now = self.now().naive_local();
        let rules = self.config.rules;
        let monday = week_start(today);
        let from = monday.and_time(NaiveTime::MIN);
        let to = (monday + Days::new(7)).and_time(NaiveTime::MIN);
        let store = &self.store()?;
        let coach_name = store.person_name()?;
        let rows = store.caseload(from, to)?;
        let mut splits: std::collections::HashMap<_, HoursSplit> = std::collections::HashMap::new();
        for (yp, start, end) in store.session_times(from, to)? {
            splits
                .entry(yp)
                .or_default()
                .add(HoursSplit::of(start, end));
        }
        let alerts = rows
            .iter()
            .map(|r| {
                let list = store
                    .missing_episodes(r.record.id)?
                    .iter()
                    .filter_map(|m| crate::missing::alert(&m.episode, now))
                    .collect::<Vec<_>>();
                Ok((r.record.id, list))
            })
            .collect::<AppResult<std::collections::HashMap<_, _>>>()?;
        let timers = rows
            .iter()
            .map(|r| Ok((r.record.id, store.timer(r.record.id)?)))
            .collect::<AppResult<std::collections::HashMap<_, _>>>()?;
        let entry = |row: &CaseloadRow| {
            let r = &row.record;
            CaseloadEntry {
                id: r.id.to_string(),
                preferred_name: r.profile.preferred_name.as_str().to_owned(),
                age_years: r.profile.age_on(today),
                local_authority: r.profile.local_authority.as_str().to_owned(),
                phase: r.phase,
                phase_label: r.phase.label().to_owned(),
                programme_month: r
                    .dates
                    .programme_month(r.closure.as_ref().map_or(today, |c| c.on), &rules),
                programme_months: rules.max_months,
                planned_end: r.dates.planned_end().to_string(),
                minutes_this_week: row.minutes_in_week,
                target_minutes: rules.weekly_target_minutes,
                last_session_start: row.last_session_start.map(local),
                draft_count: row.draft_count,
                timer_started: timers.get(&r.id).cloned().flatten(),
                alerts: alerts.get(&r.id).cloned().unwrap_or_default(),
                week_split: crate::hours::split_view(
                    splits.get(&r.id).copied().unwrap_or_default(),
                ),
            }
        };
        let (active, closed): (Vec<_>, Vec<_>) =
            rows.iter().partition(|r| r.record.phase != Phase::Closed);
        let young_people: Vec<CaseloadEntry> = active.into_iter().map(entry).collect();
        let me = store
            .sync_get("person")?
            .and_then(|p| p.parse::<insideout_domain::ids::PersonId>().ok());
        let referrals = match me {
            Some(me) => store
                .pending_referrals(Some(me))?
                .iter()
                .map(|r| crate::referrals::view(r, &coach_name, today))
                .collect(),
            None => Vec::new(),
        };
        Ok(Caseload {
            referrals,
            coach_name,
            week_starting: monday.to_string(),
            active_limit: rules.max_active,
            total_minutes_this_week: young_people.iter().map(|e| e.minutes_this_week).sum(),
            young_people,
            closed: closed.into_iter().map(entry).collect(),
        })
    }
}
