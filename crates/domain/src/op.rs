//! Operations: every change to stored state is one of these, written to the op log and applied
//! to the tables in the same transaction. The op log is the source of truth; the tables are a
//! cache that can be rebuilt from it by applying the ops in clock order.

use crate::activity::Activity;
use crate::authority::{Authority, ConsentArea};
use crate::chronology::{ChronologyNote, Curation};
use crate::concern::{Concern, ConcernStep};
use crate::contact::Contact;
use crate::goals::{Goal, GoalRating, OutcomeCheck};
use crate::hlc::Hlc;
use crate::ids::{
    ActivityId, AddendumId, ChronologyEntryId, CommentId, ConcernId, ContactId, GoalId,
    GoalRatingId, MissingEpisodeId, OpId, PersonId, PlacementId, ResidentialId, RevisionId,
    SessionId, YoungPersonId,
};
use crate::ids::{
    CaseDiscussionId, CheckInId, ConcernStepId, DeviceId, PlannedSessionId, SupervisionId,
};
use crate::intervention::{ClosureReason, InterventionDates, Phase};
use crate::lone::CheckIn;
use crate::missing::MissingEpisode;
use crate::note::{AddendumText, CommentText, NoteBody};
use crate::oversight::CaseDiscussion;
use crate::placement::{Placement, PlacementEnd};
use crate::planned::PlannedSession;
use crate::residential::Residential;
use crate::risk::{PlanRef, RiskAssessment, SignOff};
use crate::safety::SafetyPlan;
use crate::session::SessionDetails;
use crate::text::Line;
use crate::young_person::YoungPersonProfile;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The scope an op belongs to, as its body says. Readers recompute it for every op they receive
/// and refuse a batch filed under any other scope, so an op cannot reach another case by being
/// put in a batch of its own author's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpScope {
    /// The author's own scope (records that span young people, or none).
    Own,
    /// The case of this young person.
    Case(YoungPersonId),
    /// Another person's own scope: a supervisor's record about a coach of their team (formal
    /// supervision), read by that coach's devices and the team's supervisors.
    OwnOf(PersonId),
    /// The case of the young person the named record belongs to. The op names only the record,
    /// so the case is found from the op that created the record.
    CaseOf(RecordRef),
}

/// A record created by one op and named by later ops that do not repeat its young person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordRef {
    Session(SessionId),
    Placement(PlacementId),
    Contact(ContactId),
}

/// Where an op belongs: its scope, and the id of the entity it is about (the op log's index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpPlace {
    pub scope: OpScope,
    pub subject: String,
}

/// What the author of a young person's edit saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YoungPersonSeen {
    pub profile: YoungPersonProfile,
    pub dates: InterventionDates,
}

/// One operation as stored: who made it, when, and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: OpId,
    /// The clock stamp; its device is the author device.
    pub hlc: Hlc,
    /// Dense per author device: 1, 2, 3…
    pub device_seq: u64,
    pub body: OpBody,
}

/// What an operation does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpBody {
    ProfileCreated {
        person: PersonId,
        name: Line,
    },
    YoungPersonAdded {
        id: YoungPersonId,
        profile: YoungPersonProfile,
        dates: InterventionDates,
    },
    /// An edit of the profile and dates. `base` is what the author saw, so that edits made on
    /// two devices at once merge field by field ([`crate::merge`]); an op without it replaces
    /// the whole record.
    YoungPersonEdited {
        id: YoungPersonId,
        profile: YoungPersonProfile,
        dates: InterventionDates,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Box<YoungPersonSeen>>,
    },
    /// `from` is the phase the author saw; a phase set elsewhere in the meantime is logged as a
    /// conflict.
    PhaseSet {
        id: YoungPersonId,
        phase: Phase,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Phase>,
    },
    InterventionClosed {
        id: YoungPersonId,
        on: NaiveDate,
        reason: ClosureReason,
        note: String,
    },
    PlacementAdded {
        id: PlacementId,
        young_person: YoungPersonId,
        placement: Placement,
    },
    PlacementEnded {
        id: PlacementId,
        end: PlacementEnd,
    },
    ContactAdded {
        id: ContactId,
        young_person: YoungPersonId,
        contact: Contact,
    },
    /// `base` is the contact as the author saw it (see `YoungPersonEdited`).
    ContactEdited {
        id: ContactId,
        contact: Contact,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Contact>,
    },
    /// A tombstone: the contact is no longer part of the team around the young person. The row
    /// is kept with the reason; only a retention purge removes it.
    ContactRemoved {
        id: ContactId,
        reason: Line,
    },
    SessionRecorded {
        id: SessionId,
        young_person: YoungPersonId,
        details: SessionDetails,
    },
    /// A draft revision of a note. Saving again within one editing session replaces the
    /// revision's text (the op is rewritten while it is still only on this device), so a note
    /// keeps one revision per sitting, not one per keystroke.
    /// `merged` is a second parent: the revision that resolves two versions of the note made
    /// on two devices at once names both.
    NoteDrafted {
        session: SessionId,
        revision: RevisionId,
        parent: Option<RevisionId>,
        body: NoteBody,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        merged: Option<RevisionId>,
    },
    NoteFinalised {
        session: SessionId,
        revision: RevisionId,
    },
    AddendumAdded {
        id: AddendumId,
        session: SessionId,
        text: AddendumText,
    },
    /// A safeguarding concern about a young person; travels before everything else.
    ConcernRaised {
        id: ConcernId,
        young_person: YoungPersonId,
        concern: Concern,
    },
    /// A missing episode, first recorded (often while the young person is still missing);
    /// travels before everything else.
    MissingEpisodeRecorded {
        id: MissingEpisodeId,
        young_person: YoungPersonId,
        episode: MissingEpisode,
    },
    /// The episode brought up to date: the return, the interview. `base` is what the author saw
    /// (see `YoungPersonEdited`).
    MissingEpisodeEdited {
        id: MissingEpisodeId,
        young_person: YoungPersonId,
        episode: MissingEpisode,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<MissingEpisode>,
    },
    /// An entry the coach adds to the chronology by hand.
    ChronologyNoted {
        id: ChronologyEntryId,
        young_person: YoungPersonId,
        entry: ChronologyNote,
    },
    /// The coach's choice about one chronology entry; the latest choice stands.
    ChronologyCurated {
        young_person: YoungPersonId,
        curation: Curation,
    },
    /// A goal agreed with the young person.
    GoalAgreed {
        id: GoalId,
        young_person: YoungPersonId,
        goal: Goal,
    },
    /// A goal changed (its words, area or status); `base` is what the author saw.
    GoalEdited {
        id: GoalId,
        young_person: YoungPersonId,
        goal: Goal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Goal>,
    },
    /// A review of a goal, scored from both views. Reviews are only ever added.
    GoalRated {
        id: GoalRatingId,
        goal: GoalId,
        young_person: YoungPersonId,
        rating: GoalRating,
    },
    /// The monthly outcome check; the latest for a month stands.
    OutcomeChecked {
        young_person: YoungPersonId,
        check: OutcomeCheck,
    },
    /// Who may consent in one area for the young person; `None` clears it. The latest stands.
    AuthoritySet {
        young_person: YoungPersonId,
        area: ConsentArea,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authority: Option<Authority>,
    },
    /// A positive activity planned with the young person.
    ActivityPlanned {
        id: ActivityId,
        young_person: YoungPersonId,
        activity: Activity,
    },
    /// A planned activity changed; `base` is what the author saw.
    ActivityEdited {
        id: ActivityId,
        young_person: YoungPersonId,
        activity: Activity,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Box<Activity>>,
    },
    /// A family residential planned with the young person.
    ResidentialPlanned {
        id: ResidentialId,
        young_person: YoungPersonId,
        residential: Residential,
    },
    /// A planned residential changed; `base` is what the author saw.
    ResidentialEdited {
        id: ResidentialId,
        young_person: YoungPersonId,
        residential: Residential,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Box<Residential>>,
    },
    /// A session the coach plans to hold; the latest for an id stands, and `None` cancels it.
    SessionPlanned {
        id: PlannedSessionId,
        young_person: YoungPersonId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<PlannedSession>,
    },
    /// The coach's risk assessment of a plan; the latest stands. `request_sign_off` sends this
    /// version to the supervisor.
    RiskAssessed {
        plan: PlanRef,
        young_person: YoungPersonId,
        assessment: RiskAssessment,
        request_sign_off: bool,
    },
    /// A supervisor's decision on the assessment they read; the latest stands.
    RiskSignedOff {
        plan: PlanRef,
        young_person: YoungPersonId,
        sign_off: SignOff,
    },
    /// A supervisor's case discussion about the young person: management oversight.
    CaseDiscussed {
        id: CaseDiscussionId,
        young_person: YoungPersonId,
        /// The supervisor's name as they gave it on their device.
        author: Line,
        discussion: CaseDiscussion,
    },
    /// A supervisor's formal supervision of a coach: in the coach's own scope, so the coach and
    /// the team's supervisors read it and no case carries it when a case moves.
    SupervisionRecorded {
        id: SupervisionId,
        coach: PersonId,
        /// The supervisor's name as they gave it on their device.
        author: Line,
        supervision: CaseDiscussion,
    },
    /// A supervisor allocates a new referral to a coach of their team: the young person as
    /// referred, in the coach's own scope (no case exists yet). The coach opens the case from
    /// it, under this id, which the signed directory already allocates to them.
    ReferralAllocated {
        young_person: YoungPersonId,
        coach: PersonId,
        /// The supervisor's name as they gave it on their device.
        author: Line,
        profile: YoungPersonProfile,
        dates: InterventionDates,
    },
    /// A coach out alone with a young person checks in; travels before everything else so the
    /// supervisor and the on-call person see who is out now.
    CheckedIn {
        id: CheckInId,
        young_person: YoungPersonId,
        check_in: CheckIn,
    },
    /// The coach is done and safe: the check-in closes.
    CheckedOut {
        id: CheckInId,
        young_person: YoungPersonId,
        /// Local time the coach checked out.
        at: chrono::NaiveDateTime,
    },
    /// The young person's safety plan; the latest stands, merged field by field with an edit
    /// made at the same time elsewhere (`base` is what its author saw).
    SafetyPlanSet {
        young_person: YoungPersonId,
        plan: SafetyPlan,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Box<SafetyPlan>>,
    },
    /// A step in a safeguarding concern's handling: the coach's follow-up, or a supervisor's
    /// acknowledgement, decision or closure ([`ConcernStep::supervisor_only`]). Steps are only
    /// added; every one travels before everything else, like the concern. A step whose concern
    /// is not in `young_person`'s case is never shown.
    ConcernUpdated {
        id: ConcernStepId,
        concern: ConcernId,
        young_person: YoungPersonId,
        /// The writer's name as they gave it on their device.
        author: Line,
        step: ConcernStep,
    },
    /// A supervision comment on a session (or the coach's reply), signed with the writer's
    /// name as they gave it on their device.
    CommentAdded {
        id: CommentId,
        session: SessionId,
        author: Line,
        text: CommentText,
    },
    /// The name a device gives itself and its person, for colleagues only: it travels inside a
    /// case's ciphertext, never to the service. Every device files it in each case it holds a
    /// key for, so the coach and the team's supervisors learn each other's names; a coach's
    /// device also files it in the coach's own scope (`case` is none), which opens that scope
    /// for their supervision records. A device names only itself; the latest stands.
    DeviceNamed {
        device: DeviceId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<YoungPersonId>,
        person_name: Line,
        device_name: Line,
    },
}

/// An op any member of the team may author, a supervisor's device included: a comment on a
/// session, or the sign-off of a plan. Made only by its constructors, so code that holds one
/// cannot be holding a coach's record; every other op is written only by a coach's device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedOp(OpBody);

impl SharedOp {
    pub fn comment(id: CommentId, session: SessionId, author: Line, text: CommentText) -> Self {
        Self(OpBody::CommentAdded {
            id,
            session,
            author,
            text,
        })
    }

    /// A step in a concern's handling, by whoever may take it.
    pub fn concern_step(
        id: ConcernStepId,
        concern: ConcernId,
        young_person: YoungPersonId,
        author: Line,
        step: ConcernStep,
    ) -> Self {
        Self(OpBody::ConcernUpdated {
            id,
            concern,
            young_person,
            author,
            step,
        })
    }

    /// A supervisor's case discussion.
    pub fn case_discussion(
        id: CaseDiscussionId,
        young_person: YoungPersonId,
        author: Line,
        discussion: CaseDiscussion,
    ) -> Self {
        Self(OpBody::CaseDiscussed {
            id,
            young_person,
            author,
            discussion,
        })
    }

    /// A supervisor's formal supervision of a coach of their team.
    pub fn supervision(
        id: SupervisionId,
        coach: PersonId,
        author: Line,
        supervision: CaseDiscussion,
    ) -> Self {
        Self(OpBody::SupervisionRecorded {
            id,
            coach,
            author,
            supervision,
        })
    }

    /// A supervisor's allocation of a new referral to a coach of their team.
    pub fn referral(
        young_person: YoungPersonId,
        coach: PersonId,
        author: Line,
        profile: YoungPersonProfile,
        dates: InterventionDates,
    ) -> Self {
        Self(OpBody::ReferralAllocated {
            young_person,
            coach,
            author,
            profile,
            dates,
        })
    }

    pub fn sign_off(plan: PlanRef, young_person: YoungPersonId, sign_off: SignOff) -> Self {
        Self(OpBody::RiskSignedOff {
            plan,
            young_person,
            sign_off,
        })
    }

    pub fn body(&self) -> &OpBody {
        &self.0
    }

    pub fn into_body(self) -> OpBody {
        self.0
    }
}

impl OpBody {
    /// Whether the op must travel before everything else (safeguarding concerns and missing
    /// episodes).
    pub fn is_safeguarding(&self) -> bool {
        match self {
            Self::ConcernRaised { .. }
            | Self::ConcernUpdated { .. }
            | Self::SafetyPlanSet { .. }
            | Self::CheckedIn { .. }
            | Self::CheckedOut { .. }
            | Self::MissingEpisodeRecorded { .. }
            | Self::MissingEpisodeEdited { .. } => true,
            Self::ProfileCreated { .. }
            | Self::YoungPersonAdded { .. }
            | Self::YoungPersonEdited { .. }
            | Self::PhaseSet { .. }
            | Self::InterventionClosed { .. }
            | Self::PlacementAdded { .. }
            | Self::PlacementEnded { .. }
            | Self::ContactAdded { .. }
            | Self::ContactEdited { .. }
            | Self::ContactRemoved { .. }
            | Self::SessionRecorded { .. }
            | Self::NoteDrafted { .. }
            | Self::NoteFinalised { .. }
            | Self::AddendumAdded { .. }
            | Self::AuthoritySet { .. }
            | Self::ActivityPlanned { .. }
            | Self::ActivityEdited { .. }
            | Self::ResidentialPlanned { .. }
            | Self::ResidentialEdited { .. }
            | Self::RiskAssessed { .. }
            | Self::RiskSignedOff { .. }
            | Self::SessionPlanned { .. }
            | Self::GoalAgreed { .. }
            | Self::GoalEdited { .. }
            | Self::GoalRated { .. }
            | Self::OutcomeChecked { .. }
            | Self::ChronologyNoted { .. }
            | Self::ChronologyCurated { .. }
            | Self::CommentAdded { .. }
            | Self::CaseDiscussed { .. }
            | Self::SupervisionRecorded { .. }
            | Self::ReferralAllocated { .. }
            | Self::DeviceNamed { .. } => false,
        }
    }

    /// Where the op belongs. One exhaustive match with no catch-all arm: a new kind of op does
    /// not compile until it is given a scope here.
    pub fn place(&self) -> OpPlace {
        use OpScope::{Case, CaseOf, Own, OwnOf};
        let (scope, subject) = match self {
            Self::ProfileCreated { person, .. } => (Own, person.to_string()),
            Self::YoungPersonAdded { id, .. }
            | Self::YoungPersonEdited { id, .. }
            | Self::PhaseSet { id, .. }
            | Self::InterventionClosed { id, .. } => (Case(*id), id.to_string()),
            Self::PlacementAdded {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::PlacementEnded { id, .. } => (CaseOf(RecordRef::Placement(*id)), id.to_string()),
            Self::ContactAdded {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::ContactEdited { id, .. } | Self::ContactRemoved { id, .. } => {
                (CaseOf(RecordRef::Contact(*id)), id.to_string())
            }
            Self::SessionRecorded {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::NoteDrafted {
                session, revision, ..
            }
            | Self::NoteFinalised { session, revision } => {
                (CaseOf(RecordRef::Session(*session)), revision.to_string())
            }
            Self::AddendumAdded { id, session, .. } => {
                (CaseOf(RecordRef::Session(*session)), id.to_string())
            }
            Self::CommentAdded { id, session, .. } => {
                (CaseOf(RecordRef::Session(*session)), id.to_string())
            }
            Self::ConcernRaised {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::ConcernUpdated {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::CaseDiscussed {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::SupervisionRecorded { id, coach, .. } => (OwnOf(*coach), id.to_string()),
            Self::ReferralAllocated {
                young_person,
                coach,
                ..
            } => (OwnOf(*coach), format!("referral:{young_person}")),
            Self::CheckedIn {
                id, young_person, ..
            }
            | Self::CheckedOut {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::SafetyPlanSet { young_person, .. } => {
                (Case(*young_person), format!("safety:{young_person}"))
            }
            Self::MissingEpisodeRecorded {
                id, young_person, ..
            }
            | Self::MissingEpisodeEdited {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::ChronologyNoted {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::ChronologyCurated {
                young_person,
                curation,
            } => (Case(*young_person), curation.key.clone()),
            Self::GoalAgreed {
                id, young_person, ..
            }
            | Self::GoalEdited {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::GoalRated {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::OutcomeChecked {
                young_person,
                check,
            } => (
                Case(*young_person),
                format!("{young_person}:{}", check.month),
            ),
            Self::AuthoritySet {
                young_person, area, ..
            } => (
                Case(*young_person),
                format!("{young_person}:{}", crate::choice::Choice::value(*area)),
            ),
            Self::ActivityPlanned {
                id, young_person, ..
            }
            | Self::ActivityEdited {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::ResidentialPlanned {
                id, young_person, ..
            }
            | Self::ResidentialEdited {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::SessionPlanned {
                id, young_person, ..
            } => (Case(*young_person), id.to_string()),
            Self::RiskAssessed {
                plan, young_person, ..
            }
            | Self::RiskSignedOff {
                plan, young_person, ..
            } => (Case(*young_person), plan.id()),
            Self::DeviceNamed {
                device,
                case: Some(case),
                ..
            } => (Case(*case), format!("{device}:{case}")),
            Self::DeviceNamed {
                device, case: None, ..
            } => (Own, format!("{device}:own")),
        };
        OpPlace { scope, subject }
    }

    /// The record this op creates and the young person it belongs to, for ops that create a
    /// record later ops name by id alone ([`OpScope::CaseOf`]).
    pub fn creates(&self) -> Option<(RecordRef, YoungPersonId)> {
        match self {
            Self::SessionRecorded {
                id, young_person, ..
            } => Some((RecordRef::Session(*id), *young_person)),
            Self::PlacementAdded {
                id, young_person, ..
            } => Some((RecordRef::Placement(*id), *young_person)),
            Self::ContactAdded {
                id, young_person, ..
            } => Some((RecordRef::Contact(*id), *young_person)),
            _ => None,
        }
    }

    /// Whether a supervisor may author this op; every reader checks it before applying.
    /// Supervisors keep their own profile and comment, approve and sign off; they never write
    /// a coach's records.
    pub fn allowed_for_supervisor(&self) -> bool {
        matches!(
            self,
            Self::ProfileCreated { .. }
                | Self::CommentAdded { .. }
                | Self::ConcernUpdated { .. }
                | Self::CaseDiscussed { .. }
                | Self::SupervisionRecorded { .. }
                | Self::ReferralAllocated { .. }
                | Self::RiskSignedOff { .. }
                | Self::DeviceNamed { .. }
        )
    }

    /// Whether only a supervisor may author this op: a coach never signs off their own plan.
    pub fn supervisor_only(&self) -> bool {
        match self {
            Self::RiskSignedOff { .. }
            | Self::CaseDiscussed { .. }
            | Self::SupervisionRecorded { .. }
            | Self::ReferralAllocated { .. } => true,
            Self::ConcernUpdated { step, .. } => step.supervisor_only(),
            _ => false,
        }
    }

    /// A short stable name of the kind, for the op log's index and for logs (never payloads).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ProfileCreated { .. } => "profile_created",
            Self::YoungPersonAdded { .. } => "young_person_added",
            Self::YoungPersonEdited { .. } => "young_person_edited",
            Self::PhaseSet { .. } => "phase_set",
            Self::InterventionClosed { .. } => "intervention_closed",
            Self::PlacementAdded { .. } => "placement_added",
            Self::PlacementEnded { .. } => "placement_ended",
            Self::ContactAdded { .. } => "contact_added",
            Self::ContactEdited { .. } => "contact_edited",
            Self::ContactRemoved { .. } => "contact_removed",
            Self::SessionRecorded { .. } => "session_recorded",
            Self::NoteDrafted { .. } => "note_drafted",
            Self::NoteFinalised { .. } => "note_finalised",
            Self::AddendumAdded { .. } => "addendum_added",
            Self::CommentAdded { .. } => "comment_added",
            Self::ConcernRaised { .. } => "concern_raised",
            Self::ConcernUpdated { .. } => "concern_updated",
            Self::SafetyPlanSet { .. } => "safety_plan_set",
            Self::CheckedIn { .. } => "checked_in",
            Self::CaseDiscussed { .. } => "case_discussed",
            Self::SupervisionRecorded { .. } => "supervision_recorded",
            Self::ReferralAllocated { .. } => "referral_allocated",
            Self::CheckedOut { .. } => "checked_out",
            Self::MissingEpisodeRecorded { .. } => "missing_episode_recorded",
            Self::ChronologyNoted { .. } => "chronology_noted",
            Self::GoalAgreed { .. } => "goal_agreed",
            Self::AuthoritySet { .. } => "authority_set",
            Self::ActivityPlanned { .. } => "activity_planned",
            Self::ActivityEdited { .. } => "activity_edited",
            Self::ResidentialPlanned { .. } => "residential_planned",
            Self::ResidentialEdited { .. } => "residential_edited",
            Self::RiskAssessed { .. } => "risk_assessed",
            Self::RiskSignedOff { .. } => "risk_signed_off",
            Self::SessionPlanned { .. } => "session_planned",
            Self::GoalEdited { .. } => "goal_edited",
            Self::GoalRated { .. } => "goal_rated",
            Self::OutcomeChecked { .. } => "outcome_checked",
            Self::ChronologyCurated { .. } => "chronology_curated",
            Self::MissingEpisodeEdited { .. } => "missing_episode_edited",
            Self::DeviceNamed { .. } => "device_named",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;
    use uuid::Uuid;

    #[test]
    fn a_shared_op_is_one_a_supervisor_may_author() {
        let comment = SharedOp::comment(
            CommentId::from_uuid(Uuid::from_u128(1)),
            SessionId::from_uuid(Uuid::from_u128(2)),
            Line::parse(Field::Author, "your name", "Sam").unwrap(),
            CommentText::parse("Good work tonight.").unwrap(),
        );
        assert!(comment.body().allowed_for_supervisor());
        assert_eq!(comment.clone().into_body().kind(), "comment_added");
    }
}
