//! Positive activities: planned with the young person, with the provider's checks; a missing or
//! expired adventure-activities licence, or unchecked insurance or safeguarding policy, is a
//! warning the plan carries until fixed.

use crate::dto::{ActivityInput, ActivityView, YoungPersonDetail};
use crate::parse::{choice, date, date_time, id, local};
use crate::required;
use crate::shared::{AuthorityMap, going_from, going_input, pence, pounds};
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::activity::{
    Activity, ActivityParts, Consent, consent_area, consent_warnings, warnings,
};
use insideout_domain::choice::Choice;
use insideout_domain::ids::{ActivityId, GoalId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_store::Store;
use insideout_store::read::ActivityRecord;

impl App {
    pub fn plan_activity(
        &mut self,
        young_person: &str,
        input: ActivityInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(yp)?;
        let activity = self.activity_from(yp, &input)?;
        let now_ms = self.now_ms();
        let id = ActivityId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ActivityPlanned {
                id,
                young_person: yp,
                activity,
            },
        )?;
        self.young_person(young_person)
    }

    pub fn update_activity(
        &mut self,
        activity_id: &str,
        input: ActivityInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let aid: ActivityId = id("activity", activity_id)?;
        let record = self.store()?.activity(aid)?;
        let activity = self.activity_from(record.young_person, &input)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::ActivityEdited {
                id: aid,
                young_person: record.young_person,
                activity,
                base: Some(Box::new(record.activity)),
            },
        )?;
        self.young_person(&record.young_person.to_string())
    }

    fn activity_from(&mut self, yp: YoungPersonId, input: &ActivityInput) -> AppResult<Activity> {
        required::activity(input)?;
        let goals_of_yp: Vec<GoalId> = self.store()?.goals(yp)?.iter().map(|g| g.id).collect();
        let goals = input
            .goals
            .iter()
            .map(|g| {
                let gid: GoalId = id("goal", g)?;
                if goals_of_yp.contains(&gid) {
                    Ok(gid)
                } else {
                    Err(AppError::invalid(
                        Field::Goals,
                        "choose goals agreed with this young person",
                    ))
                }
            })
            .collect::<AppResult<_>>()?;
        let going = going_from(&input.going)?;
        Ok(Activity::new(ActivityParts {
            title: input.title.clone(),
            kind: choice(Field::Kind, &input.kind)?,
            adventure: match input.adventure.trim() {
                "" => None,
                raw => Some(choice(Field::Adventure, raw)?),
            },
            provider_name: input.provider_name.clone(),
            insurance_checked: input.insurance_checked,
            safeguarding_policy_checked: input.safeguarding_policy_checked,
            licence_number: input.licence_number.clone(),
            licence_expires: match input.licence_expires.trim() {
                "" => None,
                raw => Some(date(
                    Field::LicenceExpires,
                    "when the licence expires",
                    raw,
                )?),
            },
            starts: date_time(Field::Starts, "when it starts", &input.starts)?,
            ends: date_time(Field::Ends, "when it ends", &input.ends)?,
            place: input.place.clone(),
            cost_pence: pence(&input.cost)?,
            transport: input.transport.clone(),
            going,
            goals,
            consent: match input.consent_holder.trim() {
                "" => None,
                raw => Some(Consent::new(
                    choice(Field::ConsentHolder, raw)?,
                    &input.consent_given_by,
                    &input.consent_evidence,
                    date(
                        Field::ConsentGivenOn,
                        "when consent was given",
                        &input.consent_given_on,
                    )?,
                    match input.consent_expires.trim() {
                        "" => None,
                        raw => Some(date(
                            Field::ConsentExpires,
                            "when the consent expires",
                            raw,
                        )?),
                    },
                    &input.consent_scope,
                )?),
            },
        })?)
    }
}

/// Whether an activity needs a signed-off risk assessment: adventurous ones do.
pub(crate) fn risk_required(a: &Activity) -> bool {
    a.adventure.is_some()
}

pub(crate) fn view(
    store: &Store,
    r: &ActivityRecord,
    authority: &AuthorityMap,
) -> AppResult<ActivityView> {
    let a = &r.activity;
    let area = consent_area(a);
    let holder = authority.get(area.value()).and_then(Option::as_ref);
    let mut all_warnings = warnings(a);
    all_warnings.extend(consent_warnings(a, holder));
    let risk = store.risk(&r.id.to_string())?;
    let text = insideout_domain::risk::activity_text(a);
    if risk_required(a)
        && let Some(gap) = crate::risk::standing(risk.as_ref(), &text).gap()
    {
        all_warnings.push(gap);
    }
    let c = a.consent.as_ref();
    Ok(ActivityView {
        id: r.id.to_string(),
        input: ActivityInput {
            title: a.title.as_str().to_owned(),
            kind: a.kind.value().to_owned(),
            adventure: a
                .adventure
                .map(|x| x.value().to_owned())
                .unwrap_or_default(),
            provider_name: a.provider.name.as_str().to_owned(),
            insurance_checked: a.provider.insurance_checked,
            safeguarding_policy_checked: a.provider.safeguarding_policy_checked,
            licence_number: a
                .provider
                .licence
                .as_ref()
                .map(|l| l.number.clone())
                .unwrap_or_default(),
            licence_expires: a
                .provider
                .licence
                .as_ref()
                .map(|l| l.expires.to_string())
                .unwrap_or_default(),
            starts: local(a.starts),
            ends: local(a.ends),
            place: a.place.clone(),
            cost: pounds(a.cost_pence),
            transport: a.transport.clone(),
            going: going_input(&a.going),
            goals: a.goals.iter().map(ToString::to_string).collect(),
            consent_holder: c.map(|c| c.holder.value().to_owned()).unwrap_or_default(),
            consent_given_by: c.map(|c| c.given_by.clone()).unwrap_or_default(),
            consent_evidence: c
                .map(|c| c.evidence.as_str().to_owned())
                .unwrap_or_default(),
            consent_given_on: c.map(|c| c.given_on.to_string()).unwrap_or_default(),
            consent_expires: c
                .and_then(|c| c.expires)
                .map(|e| e.to_string())
                .unwrap_or_default(),
            consent_scope: c.map(|c| c.scope.clone()).unwrap_or_default(),
        },
        kind_label: a.kind.label().to_owned(),
        adventure_label: a.adventure.map(|x| x.label().to_owned()),
        ready: all_warnings.is_empty(),
        warnings: all_warnings,
        consent_area_label: area.label().to_owned(),
        may_consent: holder.map(|x| x.describe()),
        risk_required: risk_required(a),
        risk: crate::risk::view(&r.id.to_string(), &text, risk.as_ref()),
        session: store
            .sessions_from_plan(&r.id.to_string())?
            .into_iter()
            .next()
            .map(|(id, _)| id.to_string()),
    })
}
