//! Typed identifiers. Entity ids are UUIDv7 made on the device, so they sort by creation time
//! and never need a server to be unique.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id from 16 random bytes and the wall clock in milliseconds (UUIDv7).
            pub fn new_v7(unix_ms: u64, random: [u8; 10]) -> Self {
                Self(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
            }
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// The signed-in coach (or supervisor).
    PersonId);
id_type!(/// One device of a person.
    DeviceId);
id_type!(/// An operation in the op log.
    OpId);
id_type!(/// A young person, and with them their case.
    YoungPersonId);
id_type!(/// A placement of a young person.
    PlacementId);
id_type!(/// A member of the team around the child.
    ContactId);
id_type!(/// A recorded session.
    SessionId);
id_type!(/// One revision of a session's note.
    RevisionId);
id_type!(/// A dated addendum to a finalised note.
    AddendumId);
id_type!(/// A supervision comment on a session.
    CommentId);
id_type!(/// A safeguarding concern.
    ConcernId);
id_type!(/// A supervisor's case discussion about one young person.
    CaseDiscussionId);
id_type!(/// A supervisor's formal supervision of one coach.
    SupervisionId);
id_type!(/// A lone-working check-in, closed by its check-out.
    CheckInId);
id_type!(/// A step in a concern's handling: a follow-up, an acknowledgement, a decision, a closure.
    ConcernStepId);
id_type!(/// A missing episode.
    MissingEpisodeId);
id_type!(/// An entry the coach added to the chronology by hand.
    ChronologyEntryId);
id_type!(/// A goal agreed with the young person.
    GoalId);
id_type!(/// One review of a goal.
    GoalRatingId);
id_type!(/// A planned activity.
    ActivityId);
id_type!(/// A planned family residential.
    ResidentialId);
id_type!(/// A session the coach plans to hold.
    PlannedSessionId);
