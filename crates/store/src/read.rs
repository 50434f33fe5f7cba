//! Typed reads of the materialised tables. Each projection module owns the reads of its own
//! tables; their records are named here, and so are the reads that span several.

use crate::{Store, StoreResult};

pub use crate::projections::chronology::ChronologyNoteRecord;
pub use crate::projections::conflicts::ConflictRecord;
pub use crate::projections::goals::GoalRecord;
pub use crate::projections::names::ColleagueName;
pub use crate::projections::plans::{ActivityRecord, ResidentialRecord, RiskRecord};
pub use crate::projections::safeguarding::{
    ConcernRecord, ConcernStepRecord, MissingRecord, OpenCheckIn,
};
pub use crate::projections::sessions::{
    AddendumRecord, CommentRecord, RevisionRecord, SessionRecord,
};
pub use crate::projections::young_people::{
    CaseloadRow, Closure, ContactRecord, PlacementRecord, Referral, YoungPersonRecord,
};

/// One line of the team's updates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRecord {
    /// `session`, `finalised`, `comment`, `flagged` (a safety field changed on two devices at
    /// once) or `concern` (a safeguarding concern); concerns first, then flagged.
    pub kind: String,
    /// The session; for a `concern`, the concern; empty for `flagged` and `missing`.
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

impl Store {
    /// The newest changes across every young person this device holds, newest first: sessions
    /// recorded, notes finalised, comments — what a supervisor reads as the team's updates —
    /// after every open safeguarding concern (a closed one leaves the list), every missing
    /// episode and every safety field changed on two devices at once.
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
                SELECT 'concern', c.id, y.id, y.preferred_name, c.written_at, c.hlc, o.device_id, c.concern
                  FROM concerns c JOIN young_people y ON y.id = c.young_person_id JOIN ops o ON o.subject = c.id
                 WHERE NOT EXISTS (SELECT 1 FROM concern_steps s WHERE s.concern_id = c.id
                                      AND s.young_person_id = c.young_person_id AND s.kind = 'closed')
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
}
