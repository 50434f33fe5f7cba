//! Family residentials: planned offline with the young person and their family, with a
//! checklist (consent for overnight stays, the signed-off risk assessment, transport, emergency
//! contacts, who goes, every day planned) that says what is still missing before it is ready.

use crate::dto::{
    BudgetLineInput, CheckView, ConsentInput, DayPlanInput, ResidentialInput, ResidentialView,
};
use crate::parse::{choice, date, id};
use crate::required;
use crate::shared::{AuthorityMap, going_from, going_input, pence, pounds};
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::activity::{Consent, consent_gaps};
use insideout_domain::authority::ConsentArea;
use insideout_domain::choice::Choice;
use insideout_domain::ids::{ResidentialId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_domain::residential::{
    BudgetLine, DayPlan, Residential, ResidentialParts, checklist,
};
use insideout_domain::text::Line;
use insideout_store::Store;
use insideout_store::read::ResidentialRecord;

/// A consent from the form's fields; none when no holder is chosen.
pub(crate) fn consent_from(c: &ConsentInput) -> AppResult<Option<Consent>> {
    if c.holder.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(Consent::new(
        choice(Field::ConsentHolder, &c.holder)?,
        &c.given_by,
        &c.evidence,
        date(Field::ConsentGivenOn, "when consent was given", &c.given_on)?,
        match c.expires.trim() {
            "" => None,
            raw => Some(date(
                Field::ConsentExpires,
                "when the consent expires",
                raw,
            )?),
        },
        &c.scope,
    )?))
}

/// The form's fields of a consent.
pub(crate) fn consent_input(c: Option<&Consent>) -> ConsentInput {
    c.map(|c| ConsentInput {
        holder: c.holder.value().to_owned(),
        given_by: c.given_by.clone(),
        evidence: c.evidence.as_str().to_owned(),
        given_on: c.given_on.to_string(),
        expires: c.expires.map(|e| e.to_string()).unwrap_or_default(),
        scope: c.scope.clone(),
    })
    .unwrap_or_default()
}

fn residential_from(input: &ResidentialInput) -> AppResult<Residential> {
    required::residential(input)?;
    let itinerary = input
        .itinerary
        .iter()
        .filter(|d| !d.plan.trim().is_empty())
        .map(|d| {
            Ok(DayPlan {
                day: date(Field::Itinerary, "the day", &d.day)?,
                plan: d.plan.clone(),
            })
        })
        .collect::<AppResult<_>>()?;
    let budget = input
        .budget
        .iter()
        .filter(|b| {
            !(b.item.trim().is_empty() && b.planned.trim().is_empty() && b.actual.trim().is_empty())
        })
        .map(|b| {
            let in_budget = |e: AppError| match e {
                AppError::Invalid(_, m) => AppError::invalid(
                    Field::Budget,
                    format!(
                        "{}: {m}",
                        Some(b.item.trim())
                            .filter(|i| !i.is_empty())
                            .unwrap_or("a budget line")
                    ),
                ),
                e => e,
            };
            Ok(BudgetLine {
                item: Line::parse(Field::Budget, "what each budget line is for", &b.item)?,
                planned_pence: pence(&b.planned).map_err(in_budget)?,
                actual_pence: match b.actual.trim() {
                    "" => None,
                    raw => Some(pence(raw).map_err(in_budget)?),
                },
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(Residential::new(ResidentialParts {
        title: input.title.clone(),
        venue: input.venue.clone(),
        address: input.address.clone(),
        venue_phone: input.venue_phone.clone(),
        arrives: date(Field::Arrives, "the day you arrive", &input.arrives)?,
        leaves: date(Field::Leaves, "the day you leave", &input.leaves)?,
        going: going_from(&input.going)?,
        itinerary,
        budget,
        dietary: input.dietary.clone(),
        medical: input.medical.clone(),
        transport: input.transport.clone(),
        consent: consent_from(&input.consent)?,
    })?)
}

impl App {
    pub fn plan_residential(
        &mut self,
        young_person: &str,
        input: ResidentialInput,
    ) -> AppResult<ResidentialView> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(yp)?;
        let residential = residential_from(&input)?;
        let now_ms = self.now_ms();
        let id = ResidentialId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ResidentialPlanned {
                id,
                young_person: yp,
                residential,
            },
        )?;
        self.residential(&id.to_string())
    }

    pub fn update_residential(
        &mut self,
        residential_id: &str,
        input: ResidentialInput,
    ) -> AppResult<ResidentialView> {
        self.coach()?;
        let rid: ResidentialId = id("residential", residential_id)?;
        let record = self.store()?.residential(rid)?;
        let residential = residential_from(&input)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::ResidentialEdited {
                id: rid,
                young_person: record.young_person,
                residential,
                base: Some(Box::new(record.residential)),
            },
        )?;
        self.residential(residential_id)
    }

    /// One residential with its checklist.
    pub fn residential(&mut self, residential_id: &str) -> AppResult<ResidentialView> {
        let rid: ResidentialId = id("residential", residential_id)?;
        let store = &self.store()?;
        let record = store.residential(rid)?;
        let authority = store.delegated_authority(record.young_person)?;
        view(store, &record, &authority)
    }
}

/// How many of the team around the young person have a phone number.
pub(crate) fn emergency_numbers(store: &Store, yp: YoungPersonId) -> AppResult<usize> {
    Ok(store
        .contacts(yp)?
        .iter()
        .filter(|c| c.removed.is_none() && !c.contact.phone().trim().is_empty())
        .count())
}

pub(crate) fn view(
    store: &Store,
    r: &ResidentialRecord,
    authority: &AuthorityMap,
) -> AppResult<ResidentialView> {
    let x = &r.residential;
    let holder = authority
        .get(ConsentArea::Overnight.value())
        .and_then(Option::as_ref);
    let risk = store.risk(&r.id.to_string())?;
    let text = insideout_domain::risk::residential_text(x);
    let standing = crate::risk::standing(risk.as_ref(), &text);
    let checks = checklist(
        x,
        consent_gaps(x.consent.as_ref(), ConsentArea::Overnight, x.leaves, holder),
        standing.gap(),
        emergency_numbers(store, r.young_person)?,
    );
    let (planned, spent) = x.budget_totals();
    let recorded = store.sessions_from_plan(&r.id.to_string())?;
    let name = store.young_person(r.young_person)?.profile.preferred_name;
    Ok(ResidentialView {
        id: r.id.to_string(),
        young_person_id: r.young_person.to_string(),
        young_person_name: name.as_str().to_owned(),
        input: ResidentialInput {
            title: x.title.as_str().to_owned(),
            venue: x.venue.as_str().to_owned(),
            address: x.address.clone(),
            venue_phone: x.venue_phone.clone(),
            arrives: x.arrives.to_string(),
            leaves: x.leaves.to_string(),
            going: going_input(&x.going),
            itinerary: x
                .days()
                .map(|day| DayPlanInput {
                    day: day.to_string(),
                    plan: x
                        .itinerary
                        .iter()
                        .find(|d| d.day == day)
                        .map(|d| d.plan.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            budget: x
                .budget
                .iter()
                .map(|b| BudgetLineInput {
                    item: b.item.as_str().to_owned(),
                    planned: pounds(b.planned_pence),
                    actual: b.actual_pence.map(pounds).unwrap_or_default(),
                })
                .collect(),
            dietary: x.dietary.clone(),
            medical: x.medical.clone(),
            transport: x.transport.clone(),
            consent: consent_input(x.consent.as_ref()),
        },
        nights: u32::try_from((x.leaves - x.arrives).num_days()).unwrap_or(0),
        budget_planned: format!("{}.{:02}", planned / 100, planned % 100),
        budget_spent: format!("{}.{:02}", spent / 100, spent % 100),
        ready: checks.iter().all(|c| c.missing.is_empty()),
        checklist: checks
            .into_iter()
            .map(|c| CheckView {
                kind: c.kind,
                item: c.item.to_owned(),
                done: c.missing.is_empty(),
                missing: c.missing,
            })
            .collect(),
        may_consent: holder.map(|h| h.describe()),
        risk: crate::risk::view(&r.id.to_string(), &text, risk.as_ref()),
        sessions: recorded.iter().map(|(id, _)| id.to_string()).collect(),
        recorded_days: {
            let mut days: Vec<String> = recorded
                .iter()
                .map(|(_, start)| start.chars().take(10).collect())
                .collect();
            days.dedup();
            days
        },
    })
}
