//! A session: one contact between the coach and the young person (and often others).

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

choices!(
    /// Where the session happened.
    Setting {
        Community = "community": "Community",
        Home = "home": "Family home",
        Placement = "placement": "Placement",
    }
);

choices!(
    /// How the session happened.
    Mode {
        FaceToFace = "face_to_face": "Face to face",
        Video = "video": "Video call",
        Phone = "phone": "Phone call",
        Text = "text": "Text or messaging",
    }
);

choices!(
    /// What kind of work the session was.
    ActivityType {
        Coaching = "coaching": "One-to-one coaching",
        LifeSkills = "life_skills": "Life skills",
        Education = "education": "Education, training or work",
        PositiveActivity = "positive_activity": "Positive activity",
        FamilyWork = "family_work": "Family work",
        Meeting = "meeting": "Meeting or review",
        Crisis = "crisis": "Crisis support",
        Other = "other": "Other",
    }
);

choices!(
    /// Who else was there.
    AttendeeKind {
        YoungPerson = "young_person": "The young person",
        FamilyMember = "family_member": "Family member",
        Carer = "carer": "Carer or key worker",
        SocialWorker = "social_worker": "Social worker",
        Group = "group": "Group",
        Other = "other": "Other",
    }
);

/// Someone who attended a session.
///
/// Invariant: family members, carers, groups and others have a name (or description); the young
/// person and the social worker need none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Attendee {
    kind: AttendeeKind,
    name: String,
}

impl Attendee {
    pub fn new(kind: AttendeeKind, name: &str) -> DomainResult<Self> {
        let name = optional_text(Field::Attendees, "an attendee's name", name, 200)?;
        let needs_name = !matches!(kind, AttendeeKind::YoungPerson | AttendeeKind::SocialWorker);
        if needs_name && name.is_empty() {
            return Err(DomainError::invalid(
                Field::Attendees,
                "give a name for each family member, carer, group or other attendee",
            ));
        }
        Ok(Self { kind, name })
    }
    pub fn kind(&self) -> AttendeeKind {
        self.kind
    }
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// When a session happened, in the coach's local time.
///
/// Invariant: the end is after the start, and the session lasts at most 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTimes {
    start: NaiveDateTime,
    end: NaiveDateTime,
}

impl SessionTimes {
    pub fn new(start: NaiveDateTime, end: NaiveDateTime) -> DomainResult<Self> {
        if end <= start {
            return Err(DomainError::EndBeforeStart { field: Field::End });
        }
        if end - start > TimeDelta::hours(24) {
            return Err(DomainError::SessionTooLong);
        }
        Ok(Self { start, end })
    }
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }
    pub fn end(&self) -> NaiveDateTime {
        self.end
    }
    pub fn minutes(&self) -> u32 {
        (self.end - self.start).num_minutes() as u32
    }
}

/// The facts of a session (everything but its note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetails {
    pub times: SessionTimes,
    pub setting: Setting,
    pub mode: Mode,
    pub attendees: BTreeSet<Attendee>,
    pub activity: ActivityType,
    /// A significant event: the session goes into the chronology.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub significant: bool,
    /// The planned activity or residential it happened as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::risk::PlanRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn check(start: &str, end: &str, expected: Result<u32, &str>) {
        let got = SessionTimes::new(t(start), t(end))
            .map(|s| s.minutes())
            .map_err(|e| e.code());
        assert_eq!(got, expected, "{start}..{end}");
    }

    #[test]
    fn session_times() {
        check("2025-05-01T18:00", "2025-05-01T21:30", Ok(210));
        check("2025-05-01T23:00", "2025-05-02T01:00", Ok(120));
        check("2025-05-01T18:00", "2025-05-02T18:00", Ok(1440));
        check(
            "2025-05-01T18:00",
            "2025-05-01T18:00",
            Err("end_before_start"),
        );
        check(
            "2025-05-01T18:00",
            "2025-05-01T17:00",
            Err("end_before_start"),
        );
        check(
            "2025-05-01T18:00",
            "2025-05-02T18:01",
            Err("session_too_long"),
        );
    }

    #[test]
    fn named_attendees_need_a_name() {
        assert!(Attendee::new(AttendeeKind::YoungPerson, "").is_ok());
        assert_eq!(
            Attendee::new(AttendeeKind::FamilyMember, " ")
                .unwrap_err()
                .field(),
            Some(Field::Attendees)
        );
        assert_eq!(
            Attendee::new(AttendeeKind::FamilyMember, " Mum ")
                .unwrap()
                .name(),
            "Mum"
        );
    }
}
