//! Lone working: checking in before going out alone with a young person, checking out once
//! done and safe, and who is out now for the supervisor and the on-call person (overdue
//! check-outs first). Check-ins are records on the safeguarding path; the session timer is not.

use crate::dto::{CheckInInput, OutNowView, PackContact};
use crate::parse::{date_time, id, local};
use crate::required;
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::contact::ContactRole;
use insideout_domain::ids::{CheckInId, YoungPersonId};
use insideout_domain::lone::CheckIn;
use insideout_domain::op::OpBody;
use insideout_store::Store;
use insideout_store::read::OpenCheckIn;

impl App {
    /// Checks the coach in: out with `young_person`, who else, where (an area), until when.
    pub fn check_in(&mut self, young_person: &str, input: CheckInInput) -> AppResult<OutNowView> {
        let yp: YoungPersonId = id("young person", young_person)?;
        required::check_in(&input)?;
        let now = self.now().naive_local();
        let now_ms = self.now_ms();
        let mut coach = self.coach()?;
        coach.young_person(yp)?;
        let me = coach.device().to_string();
        if let Some(open) = coach.open_check_ins()?.into_iter().find(|c| c.device == me) {
            let name = coach
                .young_person(open.young_person)?
                .profile
                .preferred_name;
            return Err(AppError::invalid(
                Field::Area,
                format!(
                    "you are still checked in with {} in {}: check out there first",
                    name.as_str(),
                    open.check_in.area.as_str()
                ),
            ));
        }
        let expected_end = expected_end(&input.expected_end, now)?;
        let check_in = CheckIn::new(&input.with_whom, &input.area, now, expected_end)?;
        let id = CheckInId::from_uuid(Store::new_uuid(now_ms)?);
        coach.commit(
            now_ms,
            OpBody::CheckedIn {
                id,
                young_person: yp,
                check_in,
            },
        )?;
        self.out_now()?
            .into_iter()
            .find(|o| o.id == id.to_string())
            .ok_or(AppError::NotFound { what: "check-in" })
    }

    /// Checks the coach out: done and safe.
    pub fn check_out(&mut self, check_in: &str) -> AppResult<()> {
        let check_in: CheckInId = id("check-in", check_in)?;
        let now = self.now().naive_local();
        let now_ms = self.now_ms();
        let mut coach = self.coach()?;
        let Some(open) = coach
            .open_check_ins()?
            .into_iter()
            .find(|c| c.id == check_in)
        else {
            // Checked out already (on this device or another of the coach's): nothing to do.
            return Ok(());
        };
        coach.commit(
            now_ms,
            OpBody::CheckedOut {
                id: check_in,
                young_person: open.young_person,
                at: now,
            },
        )?;
        Ok(())
    }

    /// Everyone out now, as far as this device knows: overdue check-outs first, then the one
    /// due back soonest.
    pub fn out_now(&mut self) -> AppResult<Vec<OutNowView>> {
        let now = self.now().naive_local();
        let store = &self.store()?;
        let me = store.device().to_string();
        let my_name = store.person_name()?;
        let names = store.colleague_names()?;
        let mut out: Vec<OutNowView> = Vec::new();
        for c in store.open_check_ins()? {
            out.push(view(store, &c, &me, &my_name, &names, now)?);
        }
        out.sort_by_key(|o| !o.overdue);
        Ok(out)
    }
}

/// The finish as typed: a time of day ("21:30", the next one after now: past midnight is
/// tomorrow) or a full local date and time.
fn expected_end(raw: &str, now: chrono::NaiveDateTime) -> AppResult<chrono::NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(time) = chrono::NaiveTime::parse_from_str(raw, "%H:%M") {
        let today = now.date().and_time(time);
        return Ok(if today > now {
            today
        } else {
            today + chrono::TimeDelta::days(1)
        });
    }
    if raw.len() <= 5 {
        return Err(AppError::invalid(
            Field::ExpectedEnd,
            "enter the time you expect to finish on the 24-hour clock, like 21:30",
        ));
    }
    date_time(Field::ExpectedEnd, "the time you expect to finish", raw)
}

fn view(
    store: &Store,
    c: &OpenCheckIn,
    me: &str,
    my_name: &str,
    names: &std::collections::HashMap<
        insideout_domain::ids::DeviceId,
        insideout_store::read::ColleagueName,
    >,
    now: chrono::NaiveDateTime,
) -> AppResult<OutNowView> {
    let record = store.young_person(c.young_person)?;
    let coach = if c.device == me {
        my_name.to_owned()
    } else {
        c.device
            .parse()
            .ok()
            .and_then(|d| names.get(&d))
            .map_or_else(|| "A coach".to_owned(), |n| n.person.clone())
    };
    // The number to ring with no signal: the on-call supervisor, else the supervisor.
    let contacts = store.contacts(c.young_person)?;
    let call = [ContactRole::OnCall, ContactRole::Supervisor]
        .iter()
        .find_map(|role| {
            contacts.iter().find(|k| {
                k.removed.is_none()
                    && k.contact.role() == *role
                    && !k.contact.phone().trim().is_empty()
            })
        })
        .map(|k| PackContact {
            name: k.contact.name().as_str().to_owned(),
            role: k.contact.role().label().to_owned(),
            phone: k.contact.phone().to_owned(),
        });
    Ok(OutNowView {
        id: c.id.to_string(),
        young_person_id: c.young_person.to_string(),
        young_person_name: record.profile.preferred_name.as_str().to_owned(),
        coach_name: coach,
        this_device: c.device == me,
        with_whom: c.check_in.with_whom.as_str().to_owned(),
        area: c.check_in.area.as_str().to_owned(),
        started: local(c.check_in.started),
        expected_end: local(c.check_in.expected_end),
        overdue: c.check_in.overdue(now),
        call,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn a_finish_typed_as_a_time_is_the_next_one_after_now() {
        let now = at("2026-12-03T20:00");
        assert_eq!(expected_end("21:30", now).unwrap(), at("2026-12-03T21:30"));
        assert_eq!(
            expected_end(" 00:30 ", now).unwrap(),
            at("2026-12-04T00:30")
        );
        assert_eq!(
            expected_end("2026-12-03T22:15", now).unwrap(),
            at("2026-12-03T22:15")
        );
        for bad in ["9pm", "25:00", ""] {
            let e = expected_end(bad, now).unwrap_err();
            assert_eq!(e.field(), Some(Field::ExpectedEnd), "{bad}");
        }
    }
}
