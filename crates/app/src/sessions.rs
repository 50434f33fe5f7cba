//! Recording sessions and writing their notes: drafts saved on every keystroke, finalising, and
//! dated addenda after that. Search over all note text.

use crate::dto::{
    CommentView, DraftSaved, NoteBody as NoteDto, NoteStatus, SearchHit, SessionDetail,
    SessionInput, UpdateView, YoungPersonDetail,
};
use crate::parse::{choice, date_time, id, local};
use crate::{App, AppError, AppResult, views};
use insideout_domain::DomainError;
use insideout_domain::Field;
use insideout_domain::ids::{AddendumId, CommentId, RevisionId, SessionId, YoungPersonId};
use insideout_domain::note::{AddendumText, CommentText, NoteBody};
use insideout_domain::op::{OpBody, SharedOp};
use insideout_domain::session::{Attendee, SessionDetails, SessionTimes};
use insideout_domain::text::Line;
use insideout_store::Store;
use insideout_store::read::SessionRecord;

/// How many search results a search returns at most.
pub const SEARCH_LIMIT: u32 = 50;

impl App {
    /// Records a session; its note starts as an empty draft.
    pub fn record_session(&mut self, input: SessionInput) -> AppResult<SessionDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id("young person", &input.young_person_id)?;
        let record = self.store()?.young_person(young_person)?;
        if record.closure.is_some() {
            return Err(DomainError::InterventionClosed.into());
        }
        let start = date_time(Field::Start, "the start", &input.start)?;
        let end = date_time(Field::End, "the end", &input.end)?;
        let times = SessionTimes::new(start, end)?;
        let now = self.now().naive_local();
        if start > now {
            return Err(AppError::invalid(
                Field::Start,
                "the session can't start in the future — record it once it has happened",
            ));
        }
        record
            .dates
            .check_contains(start.date(), end.date(), None)?;
        let attendees = input
            .attendees
            .iter()
            .map(|a| {
                Attendee::new(choice(Field::Attendees, &a.kind)?, &a.name).map_err(AppError::from)
            })
            .collect::<AppResult<_>>()?;
        let details = SessionDetails {
            times,
            setting: choice(Field::Setting, &input.setting)?,
            mode: choice(Field::Mode, &input.mode)?,
            attendees,
            activity: choice(Field::Activity, &input.activity)?,
            significant: input.significant,
            plan: match input.from_plan.trim() {
                "" => None,
                raw => {
                    let plan = crate::risk::find_plan(&*self.store()?, raw)?;
                    if plan.young_person != young_person {
                        return Err(AppError::invalid(
                            Field::FromPlan,
                            "that plan is for another young person — choose one of this young person's plans",
                        ));
                    }
                    Some(plan.plan)
                }
            },
        };
        let now_ms = self.now_ms();
        let id = SessionId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::SessionRecorded {
                id,
                young_person,
                details,
            },
        )?;
        if input.from_timer {
            self.store()?.clear_timer(young_person)?;
        }
        self.session(&id.to_string())
    }

    /// Starts this device's session timer for a young person. It keeps running through closing
    /// the app and locking; stopping it fills in the session's times.
    pub fn start_timer(&mut self, young_person: &str) -> AppResult<YoungPersonDetail> {
        self.coach()?;
        let young_person: YoungPersonId = id("young person", young_person)?;
        let record = self.store()?.young_person(young_person)?;
        if record.closure.is_some() {
            return Err(DomainError::InterventionClosed.into());
        }
        let now = local(self.now().naive_local());
        self.coach()?.start_timer(young_person, &now)?;
        self.young_person(&young_person.to_string())
    }

    /// Stops a timer without recording a session.
    pub fn discard_timer(&mut self, young_person: &str) -> AppResult<YoungPersonDetail> {
        let young_person: YoungPersonId = id("young person", young_person)?;
        self.store()?.clear_timer(young_person)?;
        self.young_person(&young_person.to_string())
    }

    pub fn session(&mut self, id_text: &str) -> AppResult<SessionDetail> {
        let session: SessionId = id("session", id_text)?;
        let store = &self.store()?;
        let r = store.session(session)?;
        let name = store
            .young_person(r.young_person)?
            .profile
            .preferred_name
            .as_str()
            .to_owned();
        let d = &r.details;
        Ok(SessionDetail {
            id: r.id.to_string(),
            young_person_id: r.young_person.to_string(),
            young_person_name: name,
            start: local(d.times.start()),
            end: local(d.times.end()),
            minutes: d.times.minutes(),
            setting: insideout_domain::choice::Choice::value(d.setting).to_owned(),
            mode: insideout_domain::choice::Choice::value(d.mode).to_owned(),
            attendees: views::attendees(&r),
            activity: insideout_domain::choice::Choice::value(d.activity).to_owned(),
            significant: d.significant,
            note: views::note(&r.note),
            status: views::status(&r),
            finalised_at: r.finalised_at.clone(),
            last_saved_at: r.last_saved_at.clone(),
            addenda: store
                .addenda(session)?
                .iter()
                .map(views::addendum)
                .collect(),
            revisions: store
                .revisions(session)?
                .iter()
                .map(views::revision)
                .collect(),
            other_versions: if r.finalised_at.is_some() {
                Vec::new()
            } else {
                store
                    .note_heads(session)?
                    .iter()
                    .filter(|h| Some(&h.id) != r.head_revision.as_ref())
                    .map(views::revision)
                    .collect()
            },
            comments: {
                let me = store.device().to_string();
                store
                    .comments(session)?
                    .into_iter()
                    .map(|c| CommentView {
                        mine: c.author_device == me,
                        id: c.id,
                        author: c.author,
                        text: c.text,
                        written_at: c.written_at,
                    })
                    .collect()
            },
        })
    }

    /// The checks every new draft text passes: a coach's device, a known session whose note is
    /// not finalised, and a note within its limits.
    fn draft_target(
        &mut self,
        session: &str,
        note: &NoteDto,
    ) -> AppResult<(SessionId, NoteBody, SessionRecord)> {
        self.coach()?;
        let session: SessionId = id("session", session)?;
        let body = NoteBody::new(
            &note.what_happened,
            &note.voice,
            &note.analysis,
            &note.actions,
        )?;
        let record = self.store()?.session(session)?;
        if record.finalised_at.is_some() {
            return Err(DomainError::NoteFinalised.into());
        }
        Ok((session, body, record))
    }

    /// Saves the note as a draft. Called on every keystroke: saves within one sitting (one
    /// `edit_id`) rewrite that sitting's revision; a new sitting starts a new revision whose
    /// parent is the current one.
    pub fn save_draft(
        &mut self,
        session: &str,
        edit_id: &str,
        note: NoteDto,
    ) -> AppResult<DraftSaved> {
        let (session, body, record) = self.draft_target(session, &note)?;
        let now_ms = self.now_ms();
        let mut coach = self.coach()?;
        // A sitting writes one revision, whose parent is the head when the sitting began.
        // Keyed by session as well, so an edit id reused for another session cannot make two
        // sessions share one revision.
        let key = (session, edit_id.to_owned());
        let (revision, parent) = match coach.sittings().get(&key) {
            Some(sitting) => *sitting,
            None => {
                let sitting = (
                    RevisionId::from_uuid(Store::new_uuid(now_ms)?),
                    record.head_revision.as_deref().and_then(|h| h.parse().ok()),
                );
                coach.sittings().insert(key, sitting);
                sitting
            }
        };
        let op = coach.commit_draft(
            now_ms,
            OpBody::NoteDrafted {
                session,
                revision,
                parent,
                body,
                merged: None,
            },
        )?;
        let saved_at = chrono::DateTime::from_timestamp_millis(op.hlc.wall_ms as i64)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(DraftSaved { saved_at })
    }

    /// Resolves two versions of a draft note made on two devices at once: writes `note` (one
    /// version as it was, or the coach's merge of both) as a revision whose parents are the
    /// current version and `other`. Both versions stay in the note's history.
    pub fn merge_note(
        &mut self,
        session: &str,
        other: &str,
        note: NoteDto,
    ) -> AppResult<SessionDetail> {
        let (session_id, body, record) = self.draft_target(session, &note)?;
        let heads = self.store()?.note_heads(session_id)?;
        let current = record.head_revision.clone();
        if !heads
            .iter()
            .any(|h| h.id == other && Some(&h.id) != current.as_ref())
        {
            return Err(AppError::invalid(
                Field::Other,
                "that version has already been merged — reload the note",
            ));
        }
        let now_ms = self.now_ms();
        let revision = RevisionId::from_uuid(Store::new_uuid(now_ms)?);
        let mut coach = self.coach()?;
        // Typing after the merge starts a new sitting on top of it.
        coach.sittings().retain(|(s, _), _| *s != session_id);
        coach.commit(
            now_ms,
            OpBody::NoteDrafted {
                session: session_id,
                revision,
                parent: current.as_deref().and_then(|h| h.parse().ok()),
                body,
                merged: other.parse().ok(),
            },
        )?;
        self.session(session)
    }

    /// Finalises the note: from now on it changes only by addenda.
    pub fn finalise(&mut self, session: &str) -> AppResult<SessionDetail> {
        self.coach()?;
        let session_id: SessionId = id("session", session)?;
        let record = self.store()?.session(session_id)?;
        if record.finalised_at.is_some() {
            return Err(DomainError::NoteFinalised.into());
        }
        record.note.check_finalisable()?;
        if self.store()?.note_heads(session_id)?.len() > 1 {
            return Err(DomainError::TwoVersions.into());
        }
        let revision: RevisionId = record
            .head_revision
            .as_deref()
            .and_then(|h| h.parse().ok())
            .ok_or(DomainError::EmptyNote)?;
        let now_ms = self.now_ms();
        self.coach()?.commit(
            now_ms,
            OpBody::NoteFinalised {
                session: session_id,
                revision,
            },
        )?;
        self.session(session)
    }

    /// Adds a dated addendum to a finalised note.
    pub fn add_addendum(&mut self, session: &str, text: &str) -> AppResult<SessionDetail> {
        self.coach()?;
        let session_id: SessionId = id("session", session)?;
        let record = self.store()?.session(session_id)?;
        if record.finalised_at.is_none() {
            return Err(AppError::invalid(
                Field::Text,
                "this note is still a draft — edit it directly, or finalise it first",
            ));
        }
        let text = AddendumText::parse(text)?;
        let now_ms = self.now_ms();
        let id = AddendumId::from_uuid(Store::new_uuid(now_ms)?);
        self.coach()?.commit(
            now_ms,
            OpBody::AddendumAdded {
                id,
                session: session_id,
                text,
            },
        )?;
        self.session(session)
    }

    /// A supervision comment on a session, or the coach's reply. It travels with the case, so
    /// the coach and the team's supervisors see it.
    pub fn add_comment(&mut self, session: &str, text: &str) -> AppResult<SessionDetail> {
        let session_id: SessionId = id("session", session)?;
        self.store()?.session(session_id)?;
        let text = CommentText::parse(text)?;
        let now_ms = self.now_ms();
        let mut device = self.store()?;
        let author = Line::parse(Field::Author, "your name", &device.person_name()?)?;
        let id = CommentId::from_uuid(Store::new_uuid(now_ms)?);
        device.commit_shared(now_ms, SharedOp::comment(id, session_id, author, text))?;
        self.session(session)
    }

    /// The newest sessions, finalised notes and comments across every young person this
    /// device holds, newest first.
    pub fn team_updates(&mut self) -> AppResult<Vec<UpdateView>> {
        let now_at = self.now();
        let now = now_at.naive_local();
        let rules = self.config.rules;
        let store = &self.store()?;
        let me = store.device().to_string();
        // Each open concern's standing, read once per young person with one.
        let mut standing = std::collections::HashMap::new();
        let updates = store.recent_updates(100)?;
        for u in updates.iter().filter(|u| u.kind == "concern") {
            if standing.contains_key(&u.session_id) {
                continue;
            }
            let Ok(yp) = u.young_person_id.parse() else {
                continue;
            };
            for c in store.concerns(yp)? {
                let overdue =
                    crate::concerns::overdue(&rules, &c.concern, c.state, &c.written_at, now_at);
                standing.insert(c.id.clone(), (c.state, overdue));
            }
        }
        Ok(updates
            .into_iter()
            .map(|u| UpdateView {
                concern_state: standing
                    .get(&u.session_id)
                    .filter(|_| u.kind == "concern")
                    .map(|s| s.0),
                overdue: u.kind == "concern" && standing.get(&u.session_id).is_some_and(|s| s.1),
                what: match u.kind.as_str() {
                    "session" => "Session recorded".to_owned(),
                    "finalised" => "Note finalised".to_owned(),
                    "concern" => crate::concerns::headline(&u.detail),
                    "missing" => crate::missing::headline(&u.detail, now),
                    "flagged" => format!(
                        "Check: {} changed on two devices at once; the more severe was kept",
                        u.detail.rsplit('.').next().unwrap_or("").replace('_', " ")
                    ),
                    _ => format!("Comment from {}", u.detail),
                },
                kind: u.kind,
                by_this_device: u.device == me,
                session_id: u.session_id,
                young_person_id: u.young_person_id,
                young_person_name: u.young_person_name,
                at: u.at,
            })
            .collect())
    }

    /// Notes (and addenda) containing every word typed, best first.
    pub fn search(&mut self, query: &str) -> AppResult<Vec<SearchHit>> {
        let rows = self.store()?.search(query, SEARCH_LIMIT)?;
        Ok(rows
            .into_iter()
            .map(|r| SearchHit {
                session_id: r.session_id,
                young_person_id: r.young_person_id,
                young_person_name: r.young_person_name,
                session_start: r
                    .session_start
                    .get(..16)
                    .unwrap_or(&r.session_start)
                    .to_owned(),
                snippet: r.snippet,
                status: if r.finalised {
                    NoteStatus::Finalised
                } else {
                    NoteStatus::Draft
                },
            })
            .collect())
    }
}
