//! The chronology: an automatic timeline of significant events drawn from the records (the
//! intervention's start and close, placements and their endings, concerns, missing episodes,
//! significant sessions), the coach's own entries, and the curated view the coach shares.

use crate::dto::{
    ChronologyEntryView, ChronologyNoteInput, ChronologyView, CurationInput, Link, Section,
};
use crate::parse::{date, id, local};
use crate::required;
use crate::{App, AppResult};
use insideout_domain::Field;
use insideout_domain::choice::Choice;
use insideout_domain::chronology::{ChronologyNote, Curation};
use insideout_domain::concern::ConcernStep;
use insideout_domain::ids::{ChronologyEntryId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_domain::placement::PlacementEnding;
use insideout_store::Store;

impl App {
    /// Every entry of a young person's chronology, oldest first, with the coach's choices.
    pub fn chronology(&mut self, young_person: &str) -> AppResult<ChronologyView> {
        let yp: YoungPersonId = id("young person", young_person)?;
        let offset = *self.now().offset();
        let store = &self.store()?;
        let record = store.young_person(yp)?;
        let page = |section| {
            Some(Link::YoungPerson {
                id: yp.to_string(),
                section: Some(section),
            })
        };
        let mut entries = Vec::new();
        let mut add = |key: String,
                       at: String,
                       kind: &str,
                       title: String,
                       detail: String,
                       link: Option<Link>| {
            entries.push(ChronologyEntryView {
                key,
                at,
                kind: kind.to_owned(),
                title,
                detail,
                link,
                automatic: kind != "note",
                included: true,
                summary: String::new(),
            });
        };
        add(
            format!("started:{yp}"),
            record.dates.start().to_string(),
            "started",
            "Intervention started".to_owned(),
            String::new(),
            page(Section::Intervention),
        );
        if let Some(c) = &record.closure {
            add(
                format!("closed:{yp}"),
                c.on.to_string(),
                "closed",
                format!("Intervention closed ({})", c.reason.label()),
                c.note.clone(),
                page(Section::Intervention),
            );
        }
        for p in store.placements(yp)? {
            let provider = p.placement.provider_name.as_str();
            add(
                format!("placement:{}", p.id),
                p.placement.start.to_string(),
                "placement",
                format!("Placement started: {provider}"),
                p.placement.placement_type.label().to_owned(),
                page(Section::Placements),
            );
            if let Some(end) = &p.end {
                let what = match end.ending() {
                    PlacementEnding::Unplanned => "Placement broke down",
                    PlacementEnding::Planned => "Placement ended as planned",
                };
                add(
                    format!("placement_end:{}", p.id),
                    end.date().to_string(),
                    "placement_end",
                    format!("{what}: {provider}"),
                    end.reason().to_owned(),
                    page(Section::Placements),
                );
            }
        }
        for c in store.concerns(yp)? {
            add(
                format!("concern:{}", c.id),
                local(c.concern.noticed_at),
                "concern",
                format!(
                    "Safeguarding concern: {} ({})",
                    c.concern.category.label(),
                    c.concern.urgency.label()
                ),
                c.concern.what.clone(),
                page(Section::Concerns),
            );
            // Each step of its handling; a supervisor's are management oversight.
            for step in &c.steps {
                let at = chrono::DateTime::parse_from_rfc3339(&step.written_at)
                    .map(|t| local(t.with_timezone(&offset).naive_local()))
                    .unwrap_or_default();
                let view = crate::concerns::step_view(step);
                add(
                    format!("concern-step:{}", step.id),
                    at,
                    &format!("concern_{}", view.kind),
                    match &step.step {
                        ConcernStep::FollowUp { .. } => {
                            format!("Concern followed up by {}", view.author)
                        }
                        ConcernStep::Acknowledged => {
                            format!("Concern acknowledged by {}", view.author)
                        }
                        ConcernStep::Decided { decision, .. } => format!(
                            "Management decision on the concern by {}: {}",
                            view.author,
                            decision.label()
                        ),
                        ConcernStep::Closed { .. } => {
                            format!("Concern closed by {}", view.author)
                        }
                    },
                    view.text,
                    page(Section::Concerns),
                );
            }
        }
        for (cid, author, d, _) in store.case_discussions(yp)? {
            add(
                format!("oversight:{cid}"),
                d.on.to_string(),
                "oversight",
                format!("Management oversight: case discussion with {author}"),
                if d.decisions.is_empty() {
                    d.discussed.clone()
                } else {
                    format!("{} Decided: {}", d.discussed, d.decisions)
                },
                page(Section::Oversight),
            );
        }
        for m in store.missing_episodes(yp)? {
            let e = &m.episode;
            add(
                format!("missing:{}", m.id),
                local(e.went_missing),
                "missing",
                "Went missing".to_owned(),
                if e.police_reference.is_empty() {
                    String::new()
                } else {
                    format!("Police reference {}", e.police_reference)
                },
                page(Section::Missing),
            );
            if let Some(r) = &e.returned {
                add(
                    format!("returned:{}", m.id),
                    local(r.at),
                    "returned",
                    "Came back from missing".to_owned(),
                    r.where_found.clone(),
                    page(Section::Missing),
                );
            }
        }
        for s in store.sessions(yp)? {
            if s.details.significant {
                add(
                    format!("session:{}", s.id),
                    local(s.details.times.start()),
                    "session",
                    format!("Significant session: {}", s.details.activity.label()),
                    s.note.what_happened().chars().take(300).collect(),
                    Some(Link::Session {
                        id: s.id.to_string(),
                    }),
                );
            }
        }
        for n in store.chronology_notes(yp)? {
            add(
                format!("note:{}", n.id),
                n.entry.on.to_string(),
                "note",
                n.entry.title.as_str().to_owned(),
                n.entry.detail.clone(),
                None,
            );
        }
        let choices = store.curations(yp)?;
        for e in &mut entries {
            if let Some((included, summary)) = choices.get(&e.key) {
                e.included = *included;
                e.summary = summary.clone();
            }
        }
        // Oldest first; a date sorts before the times on that day. The sort is stable, so
        // entries of the same minute keep the order they were gathered in: a concern before the
        // steps of its handling, and those in clock order.
        entries.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(ChronologyView {
            young_person_id: yp.to_string(),
            young_person_name: record.profile.preferred_name.as_str().to_owned(),
            entries,
        })
    }

    /// Adds an entry of the coach's own to the chronology.
    pub fn add_chronology_note(
        &mut self,
        young_person: &str,
        input: ChronologyNoteInput,
    ) -> AppResult<ChronologyView> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        self.store()?.young_person(yp)?;
        required::chronology_note(&input)?;
        let on = date(Field::On, "the date", &input.on)?;
        let entry = ChronologyNote::new(on, &input.title, &input.detail, self.today())?;
        let now_ms = self.now_ms();
        let id = ChronologyEntryId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::ChronologyNoted {
                id,
                young_person: yp,
                entry,
            },
        )?;
        self.chronology(young_person)
    }

    /// Puts an entry in or out of the curated chronology, with a summary in the coach's words.
    pub fn curate_chronology(
        &mut self,
        young_person: &str,
        input: CurationInput,
    ) -> AppResult<ChronologyView> {
        self.coach()?;
        let yp: YoungPersonId = id("young person", young_person)?;
        let curation = Curation::new(&input.key, input.included, &input.summary)?;
        // The entries are read once: to check the key, and (with the choice applied) to answer.
        let mut view = self.chronology(young_person)?;
        let Some(entry) = view.entries.iter_mut().find(|e| e.key == curation.key) else {
            return Err(crate::AppError::NotFound {
                what: "chronology entry",
            });
        };
        entry.included = curation.included;
        entry.summary = curation.summary.clone();
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::ChronologyCurated {
                young_person: yp,
                curation,
            },
        )?;
        Ok(view)
    }
}
