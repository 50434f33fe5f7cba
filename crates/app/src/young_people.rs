//! Young people, their interventions, placements and team around the child.

use crate::dto::{
    AuthorityInput, AuthorityView, CloseInput, ContactInput, EndPlacementInput, PlacementInput,
    YoungPersonDetail, YoungPersonInput,
};
use crate::parse::{choice, choices, date, id};
use crate::{App, AppError, AppResult, views};
use insideout_domain::Field;
use insideout_domain::authority::{Authority, ConsentArea};
use insideout_domain::choice::Choice;
use insideout_domain::contact::Contact;
use insideout_domain::ids::{ContactId, PlacementId, YoungPersonId};
use insideout_domain::intervention::{InterventionDates, Phase, ensure_room_in_caseload};
use insideout_domain::op::{OpBody, YoungPersonSeen};
use insideout_domain::placement::{Placement, PlacementEnd};
use insideout_domain::text::{Line, optional_text};
use insideout_domain::young_person::{ProfileParts, YoungPersonProfile};
use insideout_store::Store;
use insideout_store::read::ContactRecord;

impl App {
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }

    pub(crate) fn parse_young_person(
        &self,
        input: &YoungPersonInput,
    ) -> AppResult<(YoungPersonProfile, InterventionDates)> {
        let parts = ProfileParts {
            preferred_name: Line::parse(
                Field::PreferredName,
                "the young person's preferred name",
                &input.preferred_name,
            )?,
            date_of_birth: date(
                Field::DateOfBirth,
                "the date of birth",
                &input.date_of_birth,
            )?,
            local_authority: Line::parse(
                Field::LocalAuthority,
                "the local authority",
                &input.local_authority,
            )?,
            legal_status: choice(Field::LegalStatus, &input.legal_status)?,
            send: input.send,
            send_details: input.send_details.clone(),
            referral_criteria: choices(Field::ReferralCriteria, &input.referral_criteria)?,
            risk_indicators: choices(Field::RiskIndicators, &input.risk_indicators)?,
        };
        let profile = YoungPersonProfile::new(parts, self.today())?;
        let dates = InterventionDates::new(
            date(
                Field::ReferralDate,
                "the referral date",
                &input.referral_date,
            )?,
            date(Field::StartDate, "the start date", &input.start_date)?,
            date(
                Field::PlannedEndDate,
                "the planned end date",
                &input.planned_end_date,
            )?,
            &self.config.rules,
        )?;
        profile.check_age_at_start(dates.start(), &self.config.rules)?;
        Ok((profile, dates))
    }

    /// Adds a young person and their intervention. A coach holds at most three active.
    pub fn add_young_person(&mut self, input: YoungPersonInput) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let rules = self.config.rules;
        let active = self.store()?.active_count()?;
        ensure_room_in_caseload(active, &rules)?;
        let (profile, dates) = self.parse_young_person(&input)?;
        let now_ms = self.now_ms();
        let id = YoungPersonId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?
            .commit(now_ms, OpBody::YoungPersonAdded { id, profile, dates })?;
        self.young_person(&id.to_string())
    }

    pub fn update_young_person(
        &mut self,
        id: &str,
        input: YoungPersonInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id: YoungPersonId = id_of(id)?;
        let seen = self.store()?.young_person(id)?;
        let (profile, dates) = self.parse_young_person(&input)?;
        let now_ms = self.now_ms();
        let base = Some(Box::new(YoungPersonSeen {
            profile: seen.profile,
            dates: seen.dates,
        }));
        self.coach()?.commit(
            now_ms,
            OpBody::YoungPersonEdited {
                id,
                profile,
                dates,
                base,
            },
        )?;
        self.young_person(&id.to_string())
    }

    pub fn set_phase(&mut self, id: &str, phase: &str) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id: YoungPersonId = id_of(id)?;
        let phase: Phase = choice(Field::Phase, phase)?;
        if phase == Phase::Closed {
            return Err(AppError::invalid(
                Field::Phase,
                "to close the intervention, use \"Close intervention\" and give a reason",
            ));
        }
        let seen = self.store()?.young_person(id)?;
        if seen.closure.is_some() {
            return Err(insideout_domain::DomainError::InterventionClosed.into());
        }
        let now_ms = self.now_ms();
        let from = Some(seen.phase);
        self.coach()?
            .commit(now_ms, OpBody::PhaseSet { id, phase, from })?;
        self.young_person(&id.to_string())
    }

    pub fn close_intervention(
        &mut self,
        id: &str,
        input: CloseInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id: YoungPersonId = id_of(id)?;
        let record = self.store()?.young_person(id)?;
        if record.closure.is_some() {
            return Err(insideout_domain::DomainError::InterventionClosed.into());
        }
        let on = date(Field::Date, "the closing date", &input.date)?;
        if on < record.dates.start() {
            return Err(
                insideout_domain::DomainError::EndBeforeStart { field: Field::Date }.into(),
            );
        }
        let reason = choice(Field::Reason, &input.reason)?;
        let note = optional_text(Field::Note, "the note", &input.note, 5_000)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::InterventionClosed {
                id,
                on,
                reason,
                note,
            },
        )?;
        self.young_person(&id.to_string())
    }

    pub fn add_placement(
        &mut self,
        young_person: &str,
        input: PlacementInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id_of(young_person)?;
        self.store()?.young_person(young_person)?;
        let placement = Placement {
            placement_type: choice(Field::PlacementType, &input.placement_type)?,
            provider_name: Line::parse(
                Field::ProviderName,
                "the placement provider's name",
                &input.provider_name,
            )?,
            start: date(Field::StartDate, "the start date", &input.start_date)?,
        };
        let now_ms = self.now_ms();
        let id = PlacementId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::PlacementAdded {
                id,
                young_person,
                placement,
            },
        )?;
        self.young_person(&young_person.to_string())
    }

    pub fn end_placement(
        &mut self,
        placement: &str,
        input: EndPlacementInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id = id::<PlacementId>("placement", placement)?;
        let record = self.store()?.placement(id)?;
        if record.end.is_some() {
            return Err(AppError::invalid(
                Field::EndDate,
                "this placement has already ended — go back to see how it ended",
            ));
        }
        let end = PlacementEnd::new(
            &record.placement,
            date(Field::EndDate, "the end date", &input.end_date)?,
            choice(Field::Ending, &input.ending)?,
            &input.reason,
        )?;
        let now_ms = self.now_ms();
        self.coach()?
            .commit(now_ms, OpBody::PlacementEnded { id, end })?;
        self.young_person(&record.young_person.to_string())
    }

    fn parse_contact(input: &ContactInput) -> AppResult<Contact> {
        Ok(Contact::new(
            Line::parse(Field::Name, "the contact's name", &input.name)?,
            choice(Field::Role, &input.role)?,
            &input.organisation,
            &input.phone,
            &input.email,
            &input.notes,
        )?)
    }

    pub fn add_contact(
        &mut self,
        young_person: &str,
        input: ContactInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id_of(young_person)?;
        self.store()?.young_person(young_person)?;
        let contact = Self::parse_contact(&input)?;
        let now_ms = self.now_ms();
        let id = ContactId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ContactAdded {
                id,
                young_person,
                contact,
            },
        )?;
        self.young_person(&young_person.to_string())
    }

    pub fn update_contact(
        &mut self,
        contact: &str,
        input: ContactInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id = id::<ContactId>("contact", contact)?;
        let record = self.current_contact(id)?;
        let contact = Self::parse_contact(&input)?;
        let now_ms = self.now_ms();
        let base = Some(record.contact);
        self.coach()?
            .commit(now_ms, OpBody::ContactEdited { id, contact, base })?;
        self.young_person(&record.young_person.to_string())
    }

    /// Removes a contact from the team around the young person, with the reason. The details
    /// stay on record, listed under former contacts.
    pub fn remove_contact(&mut self, contact: &str, reason: &str) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let id = id::<ContactId>("contact", contact)?;
        let record = self.current_contact(id)?;
        let reason = Line::parse(
            Field::Reason,
            "why this contact is no longer involved",
            reason,
        )?;
        let now_ms = self.now_ms();
        self.coach()?
            .commit(now_ms, OpBody::ContactRemoved { id, reason })?;
        self.young_person(&record.young_person.to_string())
    }

    fn current_contact(&mut self, id: ContactId) -> AppResult<ContactRecord> {
        let record = self.store()?.contact(id)?;
        if record.removed.is_some() {
            return Err(AppError::invalid(
                Field::Contact,
                "this contact was removed from the team around the young person — add them again if they are involved once more",
            ));
        }
        Ok(record)
    }

    /// Records who may consent in one area (or clears it, with an empty holder).
    pub fn set_authority(
        &mut self,
        young_person: &str,
        input: AuthorityInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let yp = id_of(young_person)?;
        self.store()?.young_person(yp)?;
        let area: ConsentArea = choice(Field::Area, &input.area)?;
        let authority = match input.holder.trim() {
            "" => None,
            raw => Some(Authority::new(
                choice(Field::Holder, raw)?,
                &input.name,
                &input.conditions,
            )?),
        };
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::AuthoritySet {
                young_person: yp,
                area,
                authority,
            },
        )?;
        self.young_person(young_person)
    }

    /// Everything on the young person's page.
    pub fn young_person(&mut self, id: &str) -> AppResult<YoungPersonDetail> {
        let id: YoungPersonId = id_of(id)?;
        let today = self.today();
        let rules = self.config.rules;
        let now_at = self.now();
        let now = now_at.naive_local();
        let store = &self.store()?;
        let record = store.young_person(id)?;
        let placements = store.placements(id)?;
        let contacts = store.contacts(id)?;
        let authority = store.delegated_authority(id)?;
        let goals = store.goals(id)?;
        let mut detail = YoungPersonDetail {
            needs_doing: Vec::new(),
            profile: views::young_person(&record, today),
            intervention: views::intervention(&record, today, &rules),
            placements: placements.iter().map(views::placement).collect(),
            contacts: contacts
                .iter()
                .filter(|c| c.removed.is_none())
                .map(views::contact)
                .collect(),
            former_contacts: contacts
                .iter()
                .filter(|c| c.removed.is_some())
                .map(views::contact)
                .collect(),
            case_discussions: store
                .case_discussions(id)?
                .iter()
                .rev()
                .map(|(cid, author, d, _)| crate::oversight::view(cid, author, d, today))
                .collect(),
            safety_plan: store
                .safety_plan(id)?
                .map(|(plan, at)| crate::concerns::safety_view(&plan, &at)),
            concerns: store
                .concerns(id)?
                .iter()
                .map(|c| crate::concerns::view(c, &rules, now_at))
                .collect(),
            timer_started: store.timer(id)?,
            activities: store
                .activities(id)?
                .iter()
                .map(|a| crate::activities::view(store, a, &authority))
                .collect::<AppResult<_>>()?,
            residentials: store
                .residentials(id)?
                .iter()
                .map(|r| crate::residentials::view(store, r, &authority))
                .collect::<AppResult<_>>()?,
            authority: {
                ConsentArea::ALL
                    .iter()
                    .map(|area| {
                        let a = authority.get(area.value()).cloned().flatten();
                        AuthorityView {
                            area: area.value().to_owned(),
                            area_label: area.label().to_owned(),
                            holder: a.as_ref().map(|a| a.holder.value().to_owned()),
                            holder_label: a.as_ref().map(|a| a.holder.label().to_owned()),
                            who: a.as_ref().map(|a| a.describe()),
                            name: a.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                            conditions: a.map(|a| a.conditions).unwrap_or_default(),
                        }
                    })
                    .collect()
            },
            missing_episodes: store
                .missing_episodes(id)?
                .iter()
                .map(|m| crate::missing::view(m, now))
                .collect(),
            conflicts: store
                .conflicts(id)?
                .iter()
                .map(|c| views::conflict(c, &placements, &contacts))
                .collect(),
            sessions: store
                .sessions(id)?
                .iter()
                .map(views::session_summary)
                .collect(),
            readers: crate::readers::readers(store, id)?,
            startable_sessions: Vec::new(),
        };
        if detail.timer_started.is_none() {
            detail.startable_sessions =
                crate::planned::startable(store.planned_sessions(id)?, id, &detail.sessions, now);
        }
        let reviews: Vec<&str> = goals
            .iter()
            .filter(|g| crate::goals::review_due(g, today))
            .map(|g| g.goal.words.as_str())
            .collect();
        detail.needs_doing = crate::needs::needs_doing(&detail, &reviews, now);
        Ok(detail)
    }
}

fn id_of(raw: &str) -> AppResult<YoungPersonId> {
    id("young person", raw)
}
