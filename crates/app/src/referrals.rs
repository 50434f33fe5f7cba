//! New referrals. A supervisor allocates a young person nobody on the team has seen yet to a
//! coach of their team: the signed directory allocates the case's id to the coach, and the
//! young person as referred travels in the coach's own records (no case exists yet, and only a
//! coach's device opens one). The coach then opens the case from the referral, on their device,
//! as their own record.

use crate::dto::{ReferralView, YoungPersonDetail, YoungPersonInput};
use crate::parse::id;
use crate::team::Team;
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::ids::{PersonId, YoungPersonId};
use insideout_domain::intervention::ensure_room_in_caseload;
use insideout_domain::op::{OpBody, SharedOp};
use insideout_domain::text::Line;
use insideout_protocol::api::Role;
use insideout_store::Store;
use insideout_store::read::Referral;

impl App {
    /// Checks a referral before anything is signed: this is a supervisor's device, the coach
    /// is a coach of their team, and the young person's details are what adding a young person
    /// needs. Returns the id the case will have, and the coach.
    pub fn check_referral(
        &mut self,
        coach: &str,
        input: &YoungPersonInput,
    ) -> AppResult<(YoungPersonId, PersonId)> {
        let choose = || {
            AppError::invalid(
                Field::Coach,
                "choose the coach who will work with this young person",
            )
        };
        let coach: PersonId = coach.trim().parse().map_err(|_| choose())?;
        {
            let store = &self.store()?;
            let team = Team::of(store)?;
            let (Some(directory), Some(me)) = (team.directory.as_ref(), team.me) else {
                return Err(AppError::invalid(
                    Field::Coach,
                    "connect this device to the organisation's service first (Settings, Sync)",
                ));
            };
            let mine = directory.people.get(&me);
            if mine.map(|p| p.role) != Some(Role::Supervisor) {
                return Err(AppError::invalid(
                    Field::Coach,
                    "only a supervisor allocates a referral: a coach adds a young person from the caseload",
                ));
            }
            let theirs = directory.people.get(&coach);
            if theirs.is_none_or(|p| p.role != Role::Coach || Some(p.team) != mine.map(|m| m.team))
                || team.deactivated(coach)
            {
                return Err(choose());
            }
        }
        self.parse_young_person(input)?;
        let now_ms = self.now_ms();
        Ok((YoungPersonId::from_uuid(Store::new_uuid(now_ms)?), coach))
    }

    /// Records a referral whose allocation is signed: the coach's devices receive it.
    pub fn record_referral(
        &mut self,
        young_person: YoungPersonId,
        coach: PersonId,
        input: &YoungPersonInput,
    ) -> AppResult<()> {
        let (profile, dates) = self.parse_young_person(input)?;
        let now_ms = self.now_ms();
        let mut device = self.store()?;
        let author = Line::parse(Field::Author, "your name", &device.person_name()?)?;
        device.commit_shared(
            now_ms,
            SharedOp::referral(young_person, coach, author, profile, dates),
        )?;
        Ok(())
    }

    /// A coach opens the case of a referral allocated to them: the young person is added as
    /// referred, under the id the directory allocates to this coach.
    pub fn open_referral(&mut self, young_person: &str) -> AppResult<YoungPersonDetail> {
        let young_person: YoungPersonId = id("young person", young_person)?;
        self.coach()?;
        let rules = self.config.rules;
        let store = &self.store()?;
        let me = store
            .sync_get("person")?
            .and_then(|p| p.parse::<PersonId>().ok());
        let referral = store
            .pending_referrals(me)?
            .into_iter()
            .find(|r| r.young_person == young_person)
            .ok_or(AppError::NotFound {
                what: "that referral",
            })?;
        ensure_room_in_caseload(store.active_count()?, &rules)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::YoungPersonAdded {
                id: young_person,
                profile: referral.profile,
                dates: referral.dates,
            },
        )?;
        self.young_person(&young_person.to_string())
    }
}

/// A referral as the caseload and the team page show it.
pub(crate) fn view(r: &Referral, coach_name: &str, today: chrono::NaiveDate) -> ReferralView {
    ReferralView {
        young_person_id: r.young_person.to_string(),
        preferred_name: r.profile.preferred_name.as_str().to_owned(),
        age_years: r.profile.age_on(today),
        local_authority: r.profile.local_authority.as_str().to_owned(),
        start_date: r.dates.start().to_string(),
        author: r.author.clone(),
        coach_name: coach_name.to_owned(),
        allocated_at: r.written_at.clone(),
    }
}
