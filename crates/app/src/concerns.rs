//! Safeguarding concerns: recorded from anywhere in a few fields, sent before everything else,
//! and shown first to the supervisor.

use crate::dto::{ConcernInput, ConcernView, ToldView, YoungPersonDetail};
use crate::parse::{choice, date_time, id, local};
use crate::required;
use crate::{App, AppResult};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::concern::{Concern, Told, ToldRole};
use insideout_domain::ids::{ConcernId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_store::Store;
use insideout_store::read::ConcernRecord;

impl App {
    /// Records a safeguarding concern about a young person.
    pub fn raise_concern(
        &mut self,
        young_person: &str,
        input: ConcernInput,
    ) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(young_person)?;
        required::concern(&input)?;
        let told = input
            .told
            .iter()
            .map(|t| {
                let who: ToldRole = choice(Field::Told, &t.who)?;
                let label = format!("when you told the {}", who.label().to_lowercase());
                Ok(Told {
                    who,
                    at: date_time(who.field(), &label, &t.at)?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        let concern = Concern::new(
            choice(Field::Category, &input.category)?,
            choice(Field::Urgency, &input.urgency)?,
            date_time(Field::NoticedAt, "when you noticed it", &input.noticed_at)?,
            &input.what,
            told,
            &input.actions,
            self.now().naive_local(),
        )?;
        let now_ms = self.now_ms();
        let id = ConcernId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ConcernRaised {
                id,
                young_person,
                concern,
            },
        )?;
        self.young_person(&young_person.to_string())
    }
}

pub(crate) fn view(r: &ConcernRecord) -> ConcernView {
    let c = &r.concern;
    ConcernView {
        id: r.id.clone(),
        category_label: c.category.label().to_owned(),
        urgency: c.urgency,
        urgency_label: c.urgency.label().to_owned(),
        noticed_at: local(c.noticed_at),
        what: c.what.clone(),
        told: c
            .told
            .iter()
            .map(|t| ToldView {
                who_label: t.who.label().to_owned(),
                at: local(t.at),
            })
            .collect(),
        actions: c.actions.clone(),
        written_at: r.written_at.clone(),
    }
}

/// The supervisor's one-line summary of a concern (the team updates carry its JSON).
pub(crate) fn headline(json: &str) -> String {
    match serde_json::from_str::<Concern>(json) {
        Ok(c) => format!(
            "Safeguarding concern: {} ({})",
            c.category.label(),
            c.urgency.label()
        ),
        Err(_) => "Safeguarding concern".to_owned(),
    }
}
