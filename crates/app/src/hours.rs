//! Hours of coaching: each young person's week against the 25-hour target, split into daytime,
//! evening and weekend, the last 12 weeks, and the coach's total.

use crate::dto::{HoursSplitView, HoursView, WeekMinutes, YoungPersonHours};
use crate::{App, AppResult};
use chrono::{Days, NaiveDate, NaiveTime};
use insideout_domain::hours::HoursSplit;
use insideout_domain::hours::week_start;
use insideout_domain::intervention::Phase;
use std::collections::HashMap;

/// How many weeks the chart shows, this week included.
pub const WEEKS: u64 = 12;

pub(crate) fn split_view(s: HoursSplit) -> HoursSplitView {
    HoursSplitView {
        minutes: s.total(),
        daytime: s.daytime,
        evening: s.evening,
        weekend: s.weekend,
    }
}

impl App {
    pub fn hours(&mut self) -> AppResult<HoursView> {
        let today = self.now().date_naive();
        let rules = self.config.rules;
        let monday = week_start(today);
        let first = monday - Days::new(7 * (WEEKS - 1));
        let mondays: Vec<NaiveDate> = (0..WEEKS).map(|i| first + Days::new(7 * i)).collect();
        let store = &self.store()?;
        let rows = store.caseload(
            monday.and_time(NaiveTime::MIN),
            (monday + Days::new(7)).and_time(NaiveTime::MIN),
        )?;
        let sessions = store.session_times(
            first.and_time(NaiveTime::MIN),
            (monday + Days::new(7)).and_time(NaiveTime::MIN),
        )?;
        // Per young person, per week: the split of the sessions that started in it.
        let mut by_week: HashMap<(String, NaiveDate), HoursSplit> = HashMap::new();
        for (yp, start, end) in &sessions {
            by_week
                .entry((yp.to_string(), week_start(start.date())))
                .or_default()
                .add(HoursSplit::of(*start, *end));
        }
        // The total chart starts with the first week any current intervention ran.
        let earliest = rows
            .iter()
            .filter(|r| r.record.phase != Phase::Closed)
            .map(|r| week_start(r.record.dates.start()))
            .min()
            .unwrap_or(monday);
        let mut total_this_week = HoursSplit::default();
        let mut totals = vec![0u32; mondays.len()];
        let young_people = rows
            .iter()
            .filter(|r| r.record.phase != Phase::Closed)
            .map(|row| {
                let r = &row.record;
                let id = r.id.to_string();
                let first_week = week_start(r.dates.start());
                let weeks: Vec<WeekMinutes> = mondays
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| **m >= first_week)
                    .map(|(i, m)| {
                        let minutes = by_week.get(&(id.clone(), *m)).map_or(0, HoursSplit::total);
                        totals[i] += minutes;
                        WeekMinutes {
                            week_starting: m.to_string(),
                            minutes,
                        }
                    })
                    .collect();
                let this_week = by_week
                    .get(&(id.clone(), monday))
                    .copied()
                    .unwrap_or_default();
                total_this_week.add(this_week);
                YoungPersonHours {
                    id,
                    preferred_name: r.profile.preferred_name.as_str().to_owned(),
                    programme_month: r.dates.programme_month(today, &rules),
                    programme_months: rules.max_months,
                    planned_end: r.dates.planned_end().to_string(),
                    this_week: split_view(this_week),
                    weeks,
                }
            })
            .collect();
        Ok(HoursView {
            week_starting: monday.to_string(),
            target_minutes: rules.weekly_target_minutes,
            young_people,
            total_this_week: split_view(total_this_week),
            total_weeks: mondays
                .iter()
                .zip(totals)
                .filter(|(m, _)| **m >= earliest)
                .map(|(m, minutes)| WeekMinutes {
                    week_starting: m.to_string(),
                    minutes,
                })
                .collect(),
        })
    }
}
