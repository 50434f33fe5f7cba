//! Typed reads of the materialised tables.

use crate::apply::LOCAL_TIME;
use crate::{Store, StoreError, StoreResult};
use chrono::{NaiveDate, NaiveDateTime};
use insideout_domain::choice::Choice;
use insideout_domain::contact::Contact;
use insideout_domain::ids::{
    ContactId, DeviceId, MissingEpisodeId, PlacementId, SessionId, YoungPersonId,
};
use insideout_domain::intervention::{ClosureReason, InterventionDates, Phase};
use insideout_domain::note::NoteBody;
use insideout_domain::placement::{Placement, PlacementEnd};
use insideout_domain::session::SessionDetails;
use insideout_domain::young_person::YoungPersonProfile;
use rusqlite::{OptionalExtension, Row};

/// A young person with their intervention, as stored.
#[derive(Debug, Clone)]
pub struct YoungPersonRecord {
    pub id: YoungPersonId,
    pub profile: YoungPersonProfile,
    pub dates: InterventionDates,
    pub phase: Phase,
    pub closure: Option<Closure>,
}

#[derive(Debug, Clone)]
pub struct Closure {
    pub on: NaiveDate,
    pub reason: ClosureReason,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct PlacementRecord {
    pub id: PlacementId,
    pub young_person: YoungPersonId,
    pub placement: Placement,
    pub end: Option<PlacementEnd>,
}

#[derive(Debug, Clone)]
pub struct ContactRecord {
    pub id: ContactId,
    pub young_person: YoungPersonId,
    pub contact: Contact,
    /// When and why it was removed from the team around the young person (a tombstone).
    pub removed: Option<(String, String)>,
}

/// A session with its current note.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: SessionId,
    pub young_person: YoungPersonId,
    pub details: SessionDetails,
    pub head_revision: Option<String>,
    pub note: NoteBody,
    pub finalised_at: Option<String>,
    pub last_saved_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RevisionRecord {
    pub id: String,
    pub written_at: String,
    pub kind: String,
    pub note: NoteBody,
}

#[derive(Debug, Clone)]
pub struct AddendumRecord {
    pub id: String,
    pub text: String,
    pub written_at: String,
}

/// A comment on a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: String,
    pub author: String,
    pub author_device: String,
    pub text: String,
    pub written_at: String,
}

/// A safeguarding concern as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRecord {
    pub id: String,
    pub concern: insideout_domain::concern::Concern,
    pub written_at: String,
}

/// A missing episode as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRecord {
    pub id: MissingEpisodeId,
    pub young_person: YoungPersonId,
    pub episode: insideout_domain::missing::MissingEpisode,
    pub written_at: String,
}

fn missing_row(r: &Row<'_>) -> rusqlite::Result<MissingRecord> {
    Ok(MissingRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        episode: json(r.get(2)?)?,
        written_at: r.get(3)?,
    })
}

/// An entry the coach added to the chronology by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChronologyNoteRecord {
    pub id: String,
    pub entry: insideout_domain::chronology::ChronologyNote,
}

/// A goal with its reviews, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalRecord {
    pub id: insideout_domain::ids::GoalId,
    pub young_person: YoungPersonId,
    pub goal: insideout_domain::goals::Goal,
    pub ratings: Vec<insideout_domain::goals::GoalRating>,
}

/// A planned activity as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub id: insideout_domain::ids::ActivityId,
    pub young_person: YoungPersonId,
    pub activity: insideout_domain::activity::Activity,
}

fn activity_row(r: &Row<'_>) -> rusqlite::Result<ActivityRecord> {
    Ok(ActivityRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        activity: json(r.get(2)?)?,
    })
}

/// A planned residential as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentialRecord {
    pub id: insideout_domain::ids::ResidentialId,
    pub young_person: YoungPersonId,
    pub residential: insideout_domain::residential::Residential,
}

fn residential_row(r: &Row<'_>) -> rusqlite::Result<ResidentialRecord> {
    Ok(ResidentialRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        residential: json(r.get(2)?)?,
    })
}

/// A plan's risk assessment and the supervisor's latest decision, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRecord {
    pub plan_id: String,
    pub plan_kind: String,
    pub young_person: YoungPersonId,
    pub assessment: insideout_domain::risk::RiskAssessment,
    pub request_sign_off: bool,
    /// The clock of the assessment's latest save.
    pub hlc: String,
    /// The decision, when it was made (local time), and whether it came after the assessment's
    /// latest save.
    pub sign_off: Option<(insideout_domain::risk::SignOff, String, bool)>,
}

impl RiskRecord {
    /// Where the assessment stands, given the plan as it is now
    /// ([`insideout_domain::risk::residential_text`] or `activity_text`).
    pub fn standing(&self, plan_now: &str) -> insideout_domain::risk::Standing {
        insideout_domain::risk::Standing::of(
            Some((&self.assessment, self.request_sign_off)),
            plan_now,
            self.sign_off.as_ref().map(|(s, _, after)| (s, *after)),
        )
    }
}

const RISK_SELECT: &str =
    "SELECT r.plan_id, r.plan_kind, r.young_person_id, r.assessment, r.request_sign_off,
        s.sign_off, s.decided_at, s.hlc > r.hlc, r.hlc
    FROM risk_assessments r LEFT JOIN risk_sign_offs s ON s.plan_id = r.plan_id";

fn risk_row(r: &Row<'_>) -> rusqlite::Result<RiskRecord> {
    let sign_off: Option<String> = r.get(5)?;
    Ok(RiskRecord {
        plan_id: r.get(0)?,
        plan_kind: r.get(1)?,
        young_person: parsed(r.get(2)?)?,
        assessment: json(r.get(3)?)?,
        request_sign_off: r.get(4)?,
        hlc: r.get(8)?,
        sign_off: match sign_off {
            Some(s) => Some((json(s)?, r.get(6)?, r.get(7)?)),
            None => None,
        },
    })
}

/// A field two devices changed at once: the value kept and the one that was not.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRecord {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub kept: serde_json::Value,
    pub lost: serde_json::Value,
    pub written_at: String,
    pub safety: bool,
}

/// One line of the team's updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRecord {
    /// `session`, `finalised`, `comment`, `flagged` (a safety field changed on two devices at
    /// once) or `concern` (a safeguarding concern); concerns first, then flagged.
    pub kind: String,
    /// Empty for `flagged`.
    pub session_id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    /// The session's start (local), or when the note was finalised or the comment written.
    pub at: String,
    pub hlc: String,
    pub device: String,
    /// For a comment, its author; for `flagged`, the field; for `concern`, its JSON.
    pub detail: String,
}

/// One young person's line of the caseload.
#[derive(Debug, Clone)]
pub struct CaseloadRow {
    pub record: YoungPersonRecord,
    pub minutes_in_week: u32,
    pub last_session_start: Option<NaiveDateTime>,
    pub draft_count: u32,
}

fn json<T: serde::de::DeserializeOwned>(text: String) -> rusqlite::Result<T> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A stored local time (`YYYY-MM-DDTHH:MM:SS`).
fn local_time(text: String) -> rusqlite::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(&text, LOCAL_TIME).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parsed<T: std::str::FromStr>(text: String) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn choice<T: Choice>(text: String) -> rusqlite::Result<T> {
    T::parse("stored", &text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

const YOUNG_PERSON_COLUMNS: &str =
    "id, profile, dates, phase, closed_on, closure_reason, closure_note";

fn young_person_row(r: &Row<'_>) -> rusqlite::Result<YoungPersonRecord> {
    let closed_on: Option<String> = r.get(4)?;
    let closure = match closed_on {
        Some(on) => Some(Closure {
            on: parsed(on)?,
            reason: choice(r.get(5)?)?,
            note: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(YoungPersonRecord {
        id: parsed(r.get(0)?)?,
        profile: json(r.get(1)?)?,
        dates: json(r.get(2)?)?,
        phase: choice(r.get(3)?)?,
        closure,
    })
}

const SESSION_COLUMNS: &str = "s.id, s.young_person_id, s.details, s.head_revision_id, s.finalised_at, s.last_saved_at,
    coalesce(r.what_happened, ''), coalesce(r.voice, ''), coalesce(r.analysis, ''), coalesce(r.actions, '')";

fn session_row(r: &Row<'_>) -> rusqlite::Result<SessionRecord> {
    Ok(SessionRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        details: json(r.get(2)?)?,
        head_revision: r.get(3)?,
        finalised_at: r.get(4)?,
        last_saved_at: r.get(5)?,
        note: note_body(r, 6)?,
    })
}

fn note_body(r: &Row<'_>, first: usize) -> rusqlite::Result<NoteBody> {
    let parts: [String; 4] = [
        r.get(first)?,
        r.get(first + 1)?,
        r.get(first + 2)?,
        r.get(first + 3)?,
    ];
    NoteBody::new(&parts[0], &parts[1], &parts[2], &parts[3]).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(first, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// What a device calls itself and its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColleagueName {
    pub person: String,
    pub device: String,
}

impl Store {
    /// The signed-in person's name.
    pub fn person_name(&self) -> StoreResult<String> {
        Ok(self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'person_name'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The names colleagues' devices gave themselves (and this device's own), by device id.
    pub fn colleague_names(
        &self,
    ) -> StoreResult<std::collections::HashMap<DeviceId, ColleagueName>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device_id, person_name, device_name FROM colleague_names")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ColleagueName {
                    person: r.get(1)?,
                    device: r.get(2)?,
                },
            ))
        })?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let (id, name) = row?;
            if let Ok(id) = id.parse() {
                out.insert(id, name);
            }
        }
        Ok(out)
    }

    pub fn young_people(&self) -> StoreResult<Vec<YoungPersonRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {YOUNG_PERSON_COLUMNS} FROM young_people ORDER BY start_date, preferred_name, id"))?;
        Ok(stmt
            .query_map([], young_person_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn young_person(&self, id: YoungPersonId) -> StoreResult<YoungPersonRecord> {
        self.conn
            .query_row(
                &format!("SELECT {YOUNG_PERSON_COLUMNS} FROM young_people WHERE id = ?1"),
                [id.to_string()],
                young_person_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "young person",
            })
    }

    /// Young people whose intervention is not closed.
    pub fn active_count(&self) -> StoreResult<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM young_people WHERE phase != 'closed'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The young person, start and end of every session that started in `[from, to)`.
    pub fn session_times(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> StoreResult<Vec<(YoungPersonId, NaiveDateTime, NaiveDateTime)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT young_person_id, start, end FROM sessions WHERE start >= ?1 AND start < ?2 ORDER BY start",
        )?;
        let time = |t: String| {
            NaiveDateTime::parse_from_str(&t, LOCAL_TIME).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let rows = stmt.query_map(
            (
                from.format(LOCAL_TIME).to_string(),
                to.format(LOCAL_TIME).to_string(),
            ),
            |r| Ok((parsed(r.get(0)?)?, time(r.get(1)?)?, time(r.get(2)?)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every young person with the minutes of sessions that started in `[from, to)`, their last
    /// session, and how many notes are still drafts — in one query.
    pub fn caseload(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> StoreResult<Vec<CaseloadRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {YOUNG_PERSON_COLUMNS},
                (SELECT coalesce(sum(minutes), 0) FROM sessions s WHERE s.young_person_id = y.id AND s.start >= ?1 AND s.start < ?2),
                (SELECT max(start) FROM sessions s WHERE s.young_person_id = y.id),
                (SELECT count(*) FROM sessions s WHERE s.young_person_id = y.id AND s.finalised_revision_id IS NULL)
             FROM young_people y ORDER BY start_date, preferred_name, id"
        ))?;
        let rows = stmt.query_map(
            (
                from.format(LOCAL_TIME).to_string(),
                to.format(LOCAL_TIME).to_string(),
            ),
            |r| {
                let last: Option<String> = r.get(8)?;
                Ok(CaseloadRow {
                    record: young_person_row(r)?,
                    minutes_in_week: r.get(7)?,
                    last_session_start: last
                        .map(|t| NaiveDateTime::parse_from_str(&t, LOCAL_TIME))
                        .transpose()
                        .map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                8,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })?,
                    draft_count: r.get(9)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn placements(&self, young_person: YoungPersonId) -> StoreResult<Vec<PlacementRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, placement, ending FROM placements WHERE young_person_id = ?1 ORDER BY start_date DESC, id",
        )?;
        Ok(stmt
            .query_map([young_person.to_string()], placement_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn placement(&self, id: PlacementId) -> StoreResult<PlacementRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, placement, ending FROM placements WHERE id = ?1",
                [id.to_string()],
                placement_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "placement" })
    }

    pub fn contacts(&self, young_person: YoungPersonId) -> StoreResult<Vec<ContactRecord>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, young_person_id, contact, removed_at, removed_reason FROM contacts WHERE young_person_id = ?1 ORDER BY id")?;
        Ok(stmt
            .query_map([young_person.to_string()], contact_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn contact(&self, id: ContactId) -> StoreResult<ContactRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, contact, removed_at, removed_reason FROM contacts WHERE id = ?1",
                [id.to_string()],
                contact_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// A young person's sessions, newest first.
    pub fn sessions(&self, young_person: YoungPersonId) -> StoreResult<Vec<SessionRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN note_revisions r ON r.id = s.head_revision_id
             WHERE s.young_person_id = ?1 ORDER BY s.start DESC, s.id"
        ))?;
        Ok(stmt
            .query_map([young_person.to_string()], session_row)?
            .collect::<Result<_, _>>()?)
    }

    pub fn session(&self, id: SessionId) -> StoreResult<SessionRecord> {
        self.conn
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN note_revisions r ON r.id = s.head_revision_id WHERE s.id = ?1"),
                [id.to_string()],
                session_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "session" })
    }

    /// Every revision of a session's note, oldest first.
    pub fn revisions(&self, session: SessionId) -> StoreResult<Vec<RevisionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, written_at, kind, what_happened, voice, analysis, actions FROM note_revisions WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], revision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The draft revisions nothing builds on: one normally; more when the note was changed on
    /// two devices at once and nobody has chosen or merged the versions yet. Oldest first.
    pub fn note_heads(&self, session: SessionId) -> StoreResult<Vec<RevisionRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, written_at, kind, what_happened, voice, analysis, actions FROM note_revisions r
              WHERE session_id = ?1 AND kind = 'draft'
                AND NOT EXISTS (SELECT 1 FROM note_revisions c
                                 WHERE c.session_id = ?1 AND (c.parent_id = r.id OR c.merged_id = r.id))
              ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], revision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn comments(&self, session: SessionId) -> StoreResult<Vec<CommentRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, author, author_device, text, written_at FROM comments WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], |r| {
            Ok(CommentRecord {
                id: r.get(0)?,
                author: r.get(1)?,
                author_device: r.get(2)?,
                text: r.get(3)?,
                written_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest changes across every young person this device holds, newest first: sessions
    /// recorded, notes finalised, comments — what a supervisor reads as the team's updates —
    /// after every safety field changed on two devices at once.
    pub fn recent_updates(&self, limit: u32) -> StoreResult<Vec<UpdateRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM (
                SELECT 'session' AS kind, s.id AS session_id, y.id AS young_person_id, y.preferred_name, s.start AS at_text,
                       o.hlc AS hlc, o.device_id AS device, '' AS detail
                  FROM sessions s JOIN young_people y ON y.id = s.young_person_id
                  JOIN ops o ON o.subject = s.id AND o.kind = 'session_recorded'
                UNION ALL
                SELECT 'finalised', s.id, y.id, y.preferred_name, s.finalised_at, o.hlc, o.device_id, ''
                  FROM sessions s JOIN young_people y ON y.id = s.young_person_id
                  JOIN ops o ON o.kind = 'note_finalised' AND o.subject = s.finalised_revision_id
                 WHERE s.finalised_at IS NOT NULL
                UNION ALL
                SELECT 'comment', s.id, y.id, y.preferred_name, c.written_at, c.hlc, c.author_device, c.author
                  FROM comments c JOIN sessions s ON s.id = c.session_id JOIN young_people y ON y.id = s.young_person_id
                UNION ALL
                SELECT 'flagged', '', y.id, y.preferred_name, c.written_at, c.hlc, o.device_id, c.field
                  FROM conflicts c JOIN young_people y ON y.id = c.young_person_id JOIN ops o ON o.id = c.op_id
                 WHERE c.safety = 1
                UNION ALL
                SELECT 'concern', '', y.id, y.preferred_name, c.written_at, c.hlc, o.device_id, c.concern
                  FROM concerns c JOIN young_people y ON y.id = c.young_person_id JOIN ops o ON o.subject = c.id
                UNION ALL
                SELECT 'missing', '', y.id, y.preferred_name, m.written_at, m.updated_hlc, o.device_id, m.episode
                  FROM missing_episodes m JOIN young_people y ON y.id = m.young_person_id
                  JOIN ops o ON o.subject = m.id AND o.hlc = m.updated_hlc
             ) ORDER BY kind = 'concern' DESC, kind = 'missing' DESC, kind = 'flagged' DESC, hlc DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(UpdateRecord {
                kind: r.get(0)?,
                session_id: r.get(1)?,
                young_person_id: r.get(2)?,
                young_person_name: r.get(3)?,
                at: r.get(4)?,
                hlc: r.get(5)?,
                device: r.get(6)?,
                detail: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's missing episodes, the most recent first.
    pub fn missing_episodes(&self, young_person: YoungPersonId) -> StoreResult<Vec<MissingRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, episode, written_at FROM missing_episodes
              WHERE young_person_id = ?1 ORDER BY went_missing DESC, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], missing_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn missing_episode(&self, id: MissingEpisodeId) -> StoreResult<MissingRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, episode, written_at FROM missing_episodes WHERE id = ?1",
                [id.to_string()],
                missing_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "missing episode",
            })
    }

    /// The entries the coach added to a young person's chronology by hand.
    pub fn chronology_notes(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Vec<ChronologyNoteRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, entry FROM chronology_notes WHERE young_person_id = ?1 ORDER BY on_date, hlc",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ChronologyNoteRecord {
                id: r.get(0)?,
                entry: json(r.get(1)?)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The coach's choices about a young person's chronology entries, by entry key.
    pub fn curations(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<std::collections::HashMap<String, (bool, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entry_key, included, summary FROM chronology_curation WHERE young_person_id = ?1",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's goals, in the order they were agreed, each with its reviews.
    pub fn goals(&self, young_person: YoungPersonId) -> StoreResult<Vec<GoalRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, goal FROM goals WHERE young_person_id = ?1 ORDER BY agreed_on, hlc",
        )?;
        let mut goals: Vec<GoalRecord> = stmt
            .query_map([young_person.to_string()], |r| {
                Ok(GoalRecord {
                    id: parsed(r.get(0)?)?,
                    young_person: parsed(r.get(1)?)?,
                    goal: json(r.get(2)?)?,
                    ratings: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut ratings = self.conn.prepare_cached(
            "SELECT rating FROM goal_ratings WHERE goal_id = ?1 ORDER BY on_date, hlc",
        )?;
        for g in &mut goals {
            g.ratings = ratings
                .query_map([g.id.to_string()], |r| json(r.get(0)?))?
                .collect::<Result<_, _>>()?;
        }
        Ok(goals)
    }

    pub fn goal(&self, id: insideout_domain::ids::GoalId) -> StoreResult<GoalRecord> {
        let young_person: String = self
            .conn
            .query_row(
                "SELECT young_person_id FROM goals WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "goal" })?;
        let young_person: YoungPersonId = young_person.parse().map_err(|_| StoreError::Damaged)?;
        self.goals(young_person)?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or(StoreError::NotFound { what: "goal" })
    }

    /// Who may consent in each area for a young person (areas never set are absent).
    pub fn delegated_authority(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<
        std::collections::HashMap<String, Option<insideout_domain::authority::Authority>>,
    > {
        let mut stmt = self.conn.prepare_cached(
            "SELECT area, authority FROM delegated_authority WHERE young_person_id = ?1",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            let json_text: Option<String> = r.get(1)?;
            Ok((r.get::<_, String>(0)?, json_text.map(json).transpose()?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's planned activities, soonest first.
    pub fn activities(&self, young_person: YoungPersonId) -> StoreResult<Vec<ActivityRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, activity FROM activities WHERE young_person_id = ?1 ORDER BY starts, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], activity_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's sessions that start between two days (inclusive): id, start and end
    /// (local time), soonest first. For the calendar, which needs no notes.
    pub fn session_times_between(
        &self,
        young_person: YoungPersonId,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<(SessionId, NaiveDateTime, NaiveDateTime)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, start, end FROM sessions WHERE young_person_id = ?1 AND start >= ?2 AND start < ?3 ORDER BY start, id",
        )?;
        let rows = stmt.query_map(
            (
                young_person.to_string(),
                first.to_string(),
                (last + chrono::TimeDelta::days(1)).to_string(),
            ),
            |r| {
                Ok((
                    parsed(r.get(0)?)?,
                    local_time(r.get(1)?)?,
                    local_time(r.get(2)?)?,
                ))
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sessions recorded from a planned activity or residential: id and start (local time).
    pub fn sessions_from_plan(&self, plan_id: &str) -> StoreResult<Vec<(SessionId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, start FROM sessions WHERE json_extract(details, '$.plan.id') = ?1 ORDER BY start, id",
        )?;
        let rows = stmt.query_map([plan_id], |r| Ok((parsed(r.get(0)?)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's planned sessions (not cancelled), soonest first.
    pub fn planned_sessions(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<
        Vec<(
            insideout_domain::ids::PlannedSessionId,
            insideout_domain::planned::PlannedSession,
        )>,
    > {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, plan FROM planned_sessions WHERE young_person_id = ?1 AND plan IS NOT NULL ORDER BY starts, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok((parsed(r.get(0)?)?, json(r.get(1)?)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One planned session and whose it is; `None` as the plan once cancelled.
    pub fn planned_session(
        &self,
        id: insideout_domain::ids::PlannedSessionId,
    ) -> StoreResult<(
        YoungPersonId,
        Option<insideout_domain::planned::PlannedSession>,
    )> {
        self.conn
            .query_row(
                "SELECT young_person_id, plan FROM planned_sessions WHERE id = ?1",
                [id.to_string()],
                |r| {
                    let plan: Option<String> = r.get(1)?;
                    Ok((parsed(r.get(0)?)?, plan.map(json).transpose()?))
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "planned session",
            })
    }

    /// A young person's residentials, soonest first.
    pub fn residentials(&self, young_person: YoungPersonId) -> StoreResult<Vec<ResidentialRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, young_person_id, residential FROM residentials WHERE young_person_id = ?1 ORDER BY arrives, id",
        )?;
        let rows = stmt.query_map([young_person.to_string()], residential_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn residential(
        &self,
        id: insideout_domain::ids::ResidentialId,
    ) -> StoreResult<ResidentialRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, residential FROM residentials WHERE id = ?1",
                [id.to_string()],
                residential_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "residential",
            })
    }

    /// A plan's risk assessment and its latest decision, if one is written.
    pub fn risk(&self, plan_id: &str) -> StoreResult<Option<RiskRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("{RISK_SELECT} WHERE r.plan_id = ?1"),
                [plan_id],
                risk_row,
            )
            .optional()?)
    }

    /// Every risk assessment on this device, for the caseload's plans and the supervisor's
    /// sign-off list.
    pub fn risks(&self) -> StoreResult<Vec<RiskRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{RISK_SELECT} ORDER BY r.hlc DESC"))?;
        let rows = stmt.query_map([], risk_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn activity(&self, id: insideout_domain::ids::ActivityId) -> StoreResult<ActivityRecord> {
        self.conn
            .query_row(
                "SELECT id, young_person_id, activity FROM activities WHERE id = ?1",
                [id.to_string()],
                activity_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "activity" })
    }

    /// A young person's monthly outcome checks, oldest first.
    pub fn outcome_checks(
        &self,
        young_person: YoungPersonId,
    ) -> StoreResult<Vec<insideout_domain::goals::OutcomeCheck>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT check_json FROM outcome_checks WHERE young_person_id = ?1 ORDER BY month",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| json(r.get(0)?))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A young person's safeguarding concerns, newest first.
    pub fn concerns(&self, young_person: YoungPersonId) -> StoreResult<Vec<ConcernRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, concern, written_at FROM concerns WHERE young_person_id = ?1 ORDER BY hlc DESC",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ConcernRecord {
                id: r.get(0)?,
                concern: json(r.get(1)?)?,
                written_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The conflict log of one young person's records, newest first.
    pub fn conflicts(&self, young_person: YoungPersonId) -> StoreResult<Vec<ConflictRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity, entity_id, field, kept, lost, written_at, safety FROM conflicts
              WHERE young_person_id = ?1 ORDER BY hlc DESC, field",
        )?;
        let rows = stmt.query_map([young_person.to_string()], |r| {
            Ok(ConflictRecord {
                entity: r.get(0)?,
                entity_id: r.get(1)?,
                field: r.get(2)?,
                kept: json(r.get(3)?)?,
                lost: json(r.get(4)?)?,
                written_at: r.get(5)?,
                safety: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn addenda(&self, session: SessionId) -> StoreResult<Vec<AddendumRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, text, written_at FROM addenda WHERE session_id = ?1 ORDER BY hlc",
        )?;
        let rows = stmt.query_map([session.to_string()], |r| {
            Ok(AddendumRecord {
                id: r.get(0)?,
                text: r.get(1)?,
                written_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every materialised row as text, table by table in id order: for tests that compare
    /// tables (the rebuild property) and for diagnosing a store.
    pub fn dump_tables(&self) -> StoreResult<Vec<String>> {
        let mut out = Vec::new();
        for (table, order) in crate::projections::TABLES
            .iter()
            .filter_map(|t| Some((t.name, t.dump?)))
        {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let values: Vec<String> = (0..columns)
                    .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<Result<_, _>>()?;
                out.push(format!("{table}: {}", values.join(" | ")));
            }
        }
        let mut stmt = self.conn.prepare("SELECT s.id, n.body FROM note_search n JOIN sessions s ON s.rowid = n.rowid ORDER BY s.id")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "note_search: {} | {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })?;
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }
}

fn placement_row(r: &Row<'_>) -> rusqlite::Result<PlacementRecord> {
    let ending: Option<String> = r.get(3)?;
    Ok(PlacementRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        placement: json(r.get(2)?)?,
        end: ending.map(json).transpose()?,
    })
}

/// A revision from `id, written_at, kind, what_happened, voice, analysis, actions`.
fn revision_row(r: &Row<'_>) -> rusqlite::Result<RevisionRecord> {
    Ok(RevisionRecord {
        id: r.get(0)?,
        written_at: r.get(1)?,
        kind: r.get(2)?,
        note: note_body(r, 3)?,
    })
}

fn contact_row(r: &Row<'_>) -> rusqlite::Result<ContactRecord> {
    Ok(ContactRecord {
        id: parsed(r.get(0)?)?,
        young_person: parsed(r.get(1)?)?,
        contact: json(r.get(2)?)?,
        removed: match (
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ) {
            (Some(at), reason) => Some((at, reason.unwrap_or_default())),
            _ => None,
        },
    })
}
