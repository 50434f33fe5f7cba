//! The calendar: an agenda of sessions, activities and residentials across the caseload, the
//! plans that happened and still wait to be recorded as sessions, and an iCalendar file for
//! the coach's own calendar program.
//!
//! The file leaves the encrypted store, and calendars are often synced to other services, so it
//! names the young person by initial only and carries no notes, needs or risks: the details stay
//! in the app (decision 0011).

use crate::dto::{AgendaDay, AgendaItem, ExportedFile, Link};
use crate::{App, AppResult};
use chrono::{NaiveDateTime, TimeDelta};
use insideout_domain::Field;
use insideout_domain::agenda::{Entry, by_day, plan_status};
use insideout_export::ics;

/// One dated thing before it is grouped by day.
fn initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| format!("{c}."))
        .unwrap_or_default()
}

impl App {
    /// The agenda from `from` for `days` days, day by day (days with nothing are left out).
    pub fn agenda(&mut self, from: &str, days: u32) -> AppResult<Vec<AgendaDay>> {
        let from = crate::parse::date(Field::From, "the first day", from)?;
        let to = from + TimeDelta::days(i64::from(days.clamp(1, 366)) - 1);
        let today = self.now().date_naive();
        let mut entries = Vec::new();
        let store = &self.store()?;
        for yp in store.young_people()? {
            if yp.closure.is_some() {
                continue;
            }
            let name = yp.profile.preferred_name.as_str().to_owned();
            for (id, start, end) in store.session_times_between(yp.id, from, to)? {
                entries.push(Entry {
                    day: start.date(),
                    at: start,
                    item: AgendaItem {
                        kind: "session".to_owned(),
                        plan_id: String::new(),
                        title: "Session (recorded)".to_owned(),
                        young_person_name: name.clone(),
                        time: format!("{}–{}", start.format("%H:%M"), end.format("%H:%M")),
                        place: String::new(),
                        link: Link::Session { id: id.to_string() },
                        status: String::new(),
                    },
                });
            }
            for (pid, p) in store.planned_sessions(yp.id)? {
                let day = p.starts.date();
                if day < from || day > to {
                    continue;
                }
                let recorded = !store.sessions_from_plan(&pid.to_string())?.is_empty();
                let title = if p.purpose.is_empty() {
                    "Planned session".to_owned()
                } else {
                    format!("Session: {}", p.purpose)
                };
                entries.push(Entry {
                    day,
                    at: p.starts,
                    item: AgendaItem {
                        kind: "planned".to_owned(),
                        plan_id: pid.to_string(),
                        link: if day < today && !recorded {
                            record_plan(
                                yp.id,
                                "planned",
                                &pid.to_string(),
                                p.starts,
                                p.ends,
                                &title,
                            )
                        } else {
                            Link::YoungPerson {
                                id: yp.id.to_string(),
                                section: None,
                            }
                        },
                        title,
                        young_person_name: name.clone(),
                        time: format!("{}–{}", p.starts.format("%H:%M"), p.ends.format("%H:%M")),
                        place: p.place.clone(),
                        status: match (day < today, recorded) {
                            (true, true) => "Recorded as a session".to_owned(),
                            (true, false) => "Happened? Record it as a session".to_owned(),
                            _ => "Planned".to_owned(),
                        },
                    },
                });
            }
            let authority = store.delegated_authority(yp.id)?;
            for a in store.activities(yp.id)? {
                let day = a.activity.starts.date();
                if day < from || day > to {
                    continue;
                }
                let v = crate::activities::view(store, &a, &authority)?;
                entries.push(Entry {
                    day,
                    at: a.activity.starts,
                    item: AgendaItem {
                        kind: "activity".to_owned(),
                        plan_id: a.id.to_string(),
                        title: a.activity.title.as_str().to_owned(),
                        young_person_name: name.clone(),
                        time: format!(
                            "{}–{}",
                            a.activity.starts.format("%H:%M"),
                            a.activity.ends.format("%H:%M")
                        ),
                        place: a.activity.place.clone(),
                        link: if day < today && v.session.is_none() {
                            // It happened: straight to recording it, with the plan's times.
                            record_plan(
                                yp.id,
                                "activity",
                                &a.id.to_string(),
                                a.activity.starts,
                                a.activity.ends,
                                &v.input.title,
                            )
                        } else {
                            Link::Activity {
                                young_person_id: yp.id.to_string(),
                                activity_id: a.id.to_string(),
                            }
                        },
                        status: plan_status(v.ready, &v.warnings, v.session.is_some(), day < today),
                    },
                });
            }
            for r in store.residentials(yp.id)? {
                let v = crate::residentials::view(store, &r, &authority)?;
                let x = &r.residential;
                let total = x.days().count();
                let missing: Vec<String> =
                    v.checklist.iter().flat_map(|c| c.missing.clone()).collect();
                for (n, day) in x.days().enumerate() {
                    if day < from || day > to {
                        continue;
                    }
                    // Each day that has passed is recorded as a session of its own.
                    let day_recorded = v.recorded_days.contains(&day.to_string());
                    let (Some(nine), Some(five)) =
                        (day.and_hms_opt(9, 0, 0), day.and_hms_opt(17, 0, 0))
                    else {
                        continue;
                    };
                    entries.push(Entry {
                        day,
                        at: day.and_hms_opt(0, 0, 0).unwrap_or_default(),
                        item: AgendaItem {
                            kind: "residential".to_owned(),
                            plan_id: r.id.to_string(),
                            title: x.title.as_str().to_owned(),
                            young_person_name: name.clone(),
                            time: format!("Day {} of {total}", n + 1),
                            place: x.venue.as_str().to_owned(),
                            link: if day < today && !day_recorded {
                                record_plan(
                                    yp.id,
                                    "residential",
                                    &r.id.to_string(),
                                    nine,
                                    five,
                                    &format!("{}, day {}", x.title.as_str(), n + 1),
                                )
                            } else {
                                Link::Residential {
                                    young_person_id: yp.id.to_string(),
                                    residential_id: r.id.to_string(),
                                }
                            },
                            status: plan_status(v.ready, &missing, day_recorded, day < today),
                        },
                    });
                }
            }
        }
        Ok(by_day(entries, today)
            .into_iter()
            .map(|d| AgendaDay {
                date: d.date.to_string(),
                label: d.label,
                items: d.items,
            })
            .collect())
    }

    /// Writes every planned session, activity and residential from a month ago on as an
    /// iCalendar file.
    pub fn export_calendar(&mut self) -> AppResult<ExportedFile> {
        let since = self.now().date_naive() - TimeDelta::days(31);
        let stamp = self.now().to_utc();
        let store = &self.store()?;
        let mut events = Vec::new();
        for yp in store.young_people()? {
            if yp.closure.is_some() {
                continue;
            }
            let who = initial(yp.profile.preferred_name.as_str());
            for (pid, p) in store.planned_sessions(yp.id)? {
                if p.starts.date() < since {
                    continue;
                }
                events.push(ics::Event {
                    uid: pid.to_string(),
                    summary: format!("Session with {who}"),
                    // A session's place is often where the young person lives: it stays here.
                    location: String::new(),
                    description: "Planned in Inside Out Coach: the details are in the app."
                        .to_owned(),
                    when: ics::When::Timed {
                        starts: p.starts,
                        ends: p.ends,
                    },
                });
            }
            for a in store.activities(yp.id)? {
                if a.activity.starts.date() < since {
                    continue;
                }
                events.push(ics::Event {
                    uid: a.id.to_string(),
                    summary: format!("{} with {who}", a.activity.title.as_str()),
                    location: a.activity.place.clone(),
                    description: "Planned in Inside Out Coach: the details are in the app."
                        .to_owned(),
                    when: ics::When::Timed {
                        starts: a.activity.starts,
                        ends: a.activity.ends,
                    },
                });
            }
            for r in store.residentials(yp.id)? {
                if r.residential.leaves < since {
                    continue;
                }
                events.push(ics::Event {
                    uid: r.id.to_string(),
                    summary: format!("Residential with {who}: {}", r.residential.title.as_str()),
                    location: r.residential.venue.as_str().to_owned(),
                    description: "Planned in Inside Out Coach: the details are in the app."
                        .to_owned(),
                    when: ics::When::Days {
                        first: r.residential.arrives,
                        last: r.residential.leaves,
                    },
                });
            }
        }
        let text = ics::calendar("Inside Out Coach", &events, stamp);
        let name = format!("inside-out-coach-{}.ics", self.now().format("%Y%m%d-%H%M"));
        self.write_export(&name, text.as_bytes())
    }
}

/// The record-a-session screen filled from a plan that happened.
fn record_plan(
    yp: insideout_domain::ids::YoungPersonId,
    kind: &str,
    plan: &str,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    title: &str,
) -> Link {
    Link::RecordPlan {
        young_person_id: yp.to_string(),
        kind: kind.to_owned(),
        plan: plan.to_owned(),
        start: crate::parse::local(starts),
        end: crate::parse::local(ends),
        title: title.to_owned(),
    }
}
