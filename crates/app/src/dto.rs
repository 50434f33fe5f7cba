//! The shapes that cross the IPC boundary. Inputs are raw strings from forms, parsed into
//! domain values once, in the use-cases; outputs carry labels so the UI never hard-codes them.
//! TypeScript bindings are generated from these types (see `src-tauri/src/bindings.rs`).

pub use insideout_domain::Field;
pub use insideout_protocol::api::{DeviceStatus, Role};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares [`ErrorCode`] with each variant's stable name, once.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// The stable code of every error the UI can see; TypeScript gets it as a union of its
        /// names, so a misspelt code does not type-check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, for tests.
            pub const ALL: &[ErrorCode] = &[$(Self::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }

            /// The code of this name. A name the app does not know (a service's refusal it
            /// has no word for) is [`ErrorCode::Refused`]; its message still says what it was.
            pub fn named(name: &str) -> Self {
                match name {
                    $($code => Self::$variant,)*
                    _ => Self::Refused,
                }
            }
        }
    };
}

error_codes! {
    // What the person typed.
    InvalidInput = "invalid_input",
    EndBeforeStart = "end_before_start",
    SessionTooLong = "session_too_long",
    CaseloadFull = "caseload_full",
    OutsideIntervention = "outside_intervention",
    EmptyNote = "empty_note",
    NoteFinalised = "note_finalised",
    InterventionClosed = "intervention_closed",
    TwoVersions = "two_versions",
    // The app and its store.
    Locked = "locked",
    NoProfile = "no_profile",
    ProfileExists = "profile_exists",
    WrongPassphrase = "wrong_passphrase",
    TooManyAttempts = "too_many_attempts",
    NotFound = "not_found",
    NotOurFile = "not_our_file",
    DamagedStore = "damaged_store",
    Internal = "internal",
    SupervisorReadOnly = "supervisor_read_only",
    // Sync, on this device.
    NotEnrolled = "not_enrolled",
    Offline = "offline",
    Wiped = "wiped",
    Store = "store",
    Crypto = "crypto",
    BadAddress = "bad_address",
    BadFingerprint = "bad_fingerprint",
    WrongOrganisation = "wrong_organisation",
    CodeMismatch = "code_mismatch",
    // Refusals of the service the app has words for.
    CodeUnknown = "code_unknown",
    CodeUsed = "code_used",
    CodeExpired = "code_expired",
    NotApproved = "not_approved",
    NotSupervisor = "not_supervisor",
    DeviceRevoked = "device_revoked",
    TooLarge = "too_large",
    RateLimited = "rate_limited",
    /// Any other refusal of the service.
    Refused = "refused",
    /// The front end's own: a call failed without an answer from Rust (the window went away).
    Unexpected = "unexpected",
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every error the UI sees: it branches on `code`; `field` names the input it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<Field>,
    /// Everything wrong at once (at least one): the first is `message` and `field`. A form lists
    /// them all in its summary and beside their fields.
    pub problems: Vec<Problem>,
}

impl ErrorDto {
    /// An error with one problem.
    pub fn new(code: ErrorCode, message: String, field: Option<Field>) -> Self {
        Self {
            code,
            problems: vec![Problem {
                field,
                message: message.clone(),
            }],
            message,
            field,
        }
    }

    /// The same error, belonging to `field`.
    pub fn at(self, field: Option<Field>) -> Self {
        Self::new(self.code, self.message, field)
    }
}

/// One thing wrong with an input, and the field it belongs to if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub field: Option<Field>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppState {
    NoProfile,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub state: AppState,
    pub coach_name: Option<String>,
    /// Set while unlocking is refused after repeated wrong passphrases.
    pub retry_after_seconds: Option<u32>,
    pub idle_lock_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceData {
    pub risk_indicators: Vec<Choice>,
    pub referral_criteria: Vec<Choice>,
    pub legal_statuses: Vec<Choice>,
    pub placement_types: Vec<Choice>,
    pub settings: Vec<Choice>,
    pub modes: Vec<Choice>,
    pub activity_types: Vec<Choice>,
    pub attendee_kinds: Vec<Choice>,
    pub contact_roles: Vec<Choice>,
    pub phases: Vec<Choice>,
    pub closure_reasons: Vec<Choice>,
    pub placement_endings: Vec<Choice>,
    pub concern_categories: Vec<Choice>,
    pub urgencies: Vec<Choice>,
    pub told_roles: Vec<Choice>,
    pub concern_decisions: Vec<Choice>,
    pub known_risks: Vec<Choice>,
    pub goal_areas: Vec<Choice>,
    pub goal_statuses: Vec<Choice>,
    pub eet_statuses: Vec<Choice>,
    pub consent_areas: Vec<Choice>,
    pub authority_holders: Vec<Choice>,
    pub activity_kinds: Vec<Choice>,
    pub adventures: Vec<Choice>,
    pub personal_risks: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateProfileInput {
    pub coach_name: String,
    pub passphrase: String,
    pub passphrase_confirm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangePassphraseInput {
    pub current: String,
    pub new_passphrase: String,
    pub confirm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseloadEntry {
    pub id: String,
    pub preferred_name: String,
    pub age_years: u32,
    pub local_authority: String,
    pub phase: insideout_domain::intervention::Phase,
    pub phase_label: String,
    pub programme_month: u32,
    pub programme_months: u32,
    pub planned_end: String,
    pub minutes_this_week: u32,
    pub target_minutes: u32,
    pub last_session_start: Option<String>,
    pub draft_count: u32,
    /// When this device's session timer for the young person started (local time), if running.
    pub timer_started: Option<String>,
    /// This week's minutes split into daytime, evening and weekend.
    pub week_split: HoursSplitView,
    /// What needs the coach now, most urgent first: a young person missing, a return-home
    /// interview due or overdue.
    pub alerts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Caseload {
    pub coach_name: String,
    pub week_starting: String,
    pub active_limit: u32,
    pub young_people: Vec<CaseloadEntry>,
    pub closed: Vec<CaseloadEntry>,
    pub total_minutes_this_week: u32,
    /// New referrals a supervisor allocated to this coach, whose case is not open yet.
    pub referrals: Vec<ReferralView>,
}

/// A new referral a supervisor allocated to a coach, before the coach opens the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferralView {
    pub young_person_id: String,
    pub preferred_name: String,
    pub age_years: u32,
    pub local_authority: String,
    pub start_date: String,
    /// Who allocated it, by the name they gave on their device.
    pub author: String,
    /// The coach it is allocated to, by name.
    pub coach_name: String,
    /// When it was allocated (UTC, RFC 3339).
    pub allocated_at: String,
}

/// Minutes of coaching, and how they fall in the week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoursSplitView {
    pub minutes: u32,
    /// Monday to Friday, 07:00 to 18:00.
    pub daytime: u32,
    /// Monday to Friday, before 07:00 or from 18:00.
    pub evening: u32,
    /// Saturday and Sunday.
    pub weekend: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeekMinutes {
    /// The Monday, `YYYY-MM-DD`.
    pub week_starting: String,
    pub minutes: u32,
}

/// One young person's hours: this week, split, and the last 12 weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YoungPersonHours {
    pub id: String,
    pub preferred_name: String,
    pub programme_month: u32,
    pub programme_months: u32,
    pub planned_end: String,
    pub this_week: HoursSplitView,
    /// The last 12 weeks since the intervention started, oldest first, this week last
    /// (sessions count in the week they start).
    pub weeks: Vec<WeekMinutes>,
}

/// The coach's hours: each active young person's, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoursView {
    pub week_starting: String,
    pub target_minutes: u32,
    pub young_people: Vec<YoungPersonHours>,
    pub total_this_week: HoursSplitView,
    /// The coach's total over the same 12 weeks, oldest first.
    pub total_weeks: Vec<WeekMinutes>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YoungPersonInput {
    pub preferred_name: String,
    pub date_of_birth: String,
    pub local_authority: String,
    pub legal_status: String,
    pub send: bool,
    pub send_details: String,
    pub referral_criteria: Vec<String>,
    pub risk_indicators: Vec<String>,
    pub referral_date: String,
    pub start_date: String,
    pub planned_end_date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlacementInput {
    pub placement_type: String,
    pub provider_name: String,
    pub start_date: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndPlacementInput {
    pub end_date: String,
    pub ending: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseInput {
    pub date: String,
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YoungPersonView {
    pub id: String,
    pub preferred_name: String,
    pub date_of_birth: String,
    pub age_years: u32,
    pub local_authority: String,
    pub legal_status: String,
    pub send: bool,
    pub send_details: String,
    pub referral_criteria: Vec<String>,
    pub risk_indicators: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InterventionView {
    pub referral_date: String,
    pub start_date: String,
    pub planned_end_date: String,
    pub phase: insideout_domain::intervention::Phase,
    pub phase_label: String,
    pub programme_month: u32,
    /// How many months the programme runs for at most (the rules'; 18 today).
    pub programme_months: u32,
    pub closed_on: Option<String>,
    pub closure_reason: Option<String>,
    pub closure_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlacementView {
    pub id: String,
    pub placement_type: insideout_domain::placement::PlacementType,
    pub placement_type_label: String,
    pub provider_name: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub ending: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    pub id: String,
    pub name: String,
    pub role: insideout_domain::contact::ContactRole,
    pub role_label: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
    /// When it was removed (UTC, RFC 3339), for a former contact.
    pub removed_at: Option<String>,
    pub removed_reason: Option<String>,
}

/// A safeguarding concern as the coach records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcernInput {
    pub category: String,
    pub urgency: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub noticed_at: String,
    pub what: String,
    pub told: Vec<ToldInput>,
    pub actions: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToldInput {
    /// `social_worker`, `emergency_duty_team`, `police` or `safeguarding_lead`.
    pub who: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcernView {
    pub id: String,
    pub category_label: String,
    pub urgency: insideout_domain::concern::Urgency,
    pub urgency_label: String,
    pub noticed_at: String,
    pub what: String,
    pub told: Vec<ToldView>,
    pub actions: String,
    /// When it was recorded (UTC, RFC 3339).
    pub written_at: String,
    /// Where it stands: open, acknowledged, decided or closed.
    pub state: insideout_domain::concern::ConcernState,
    /// "Waiting for a supervisor", "Acknowledged by Dee Hart", "Decision: Strategy discussion",
    /// "Closed".
    pub state_label: String,
    /// Not acknowledged by a supervisor within the time its urgency allows.
    pub overdue: bool,
    /// Every step since it was raised, oldest first.
    pub steps: Vec<ConcernStepView>,
}

/// One step of a concern's handling, as shown in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcernStepView {
    pub id: String,
    /// `follow_up`, `acknowledged`, `decided` or `closed`.
    pub kind: String,
    /// "Follow-up", "Acknowledged", "Decision: Referral to …", "Closed".
    pub title: String,
    /// The follow-up, the decision's reason or the outcome; empty for an acknowledgement.
    pub text: String,
    pub author: String,
    /// UTC, RFC 3339.
    pub written_at: String,
}

/// A supervisor's decision on a concern, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcernDecisionInput {
    /// A decision value: `referral`, `strategy_discussion`, `police` or `no_further_action`.
    pub decision: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ToldView {
    pub who_label: String,
    pub at: String,
}

/// A missing episode as the coach records it, first while the young person is missing and then
/// as they return and the return-home interview happens. Empty strings mean "not yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissingEpisodeInput {
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub went_missing: String,
    pub police_reference: String,
    /// Whether they have come back; when not, the return and interview fields are ignored.
    pub came_back: bool,
    /// Local time of the return; required when they came back.
    pub returned_at: String,
    pub where_found: String,
    /// `held`, `declined`, `not_offered`, or empty when nothing is recorded yet.
    pub interview_outcome: String,
    /// Local time; empty when the interview was not offered.
    pub interview_at: String,
    pub interview_notes: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissingEpisodeView {
    pub id: String,
    pub young_person_id: String,
    /// The episode as the form edits it.
    pub input: MissingEpisodeInput,
    pub interview_outcome_label: Option<String>,
    pub clock: ClockState,
    /// Where the 72-hour clock stands, in words: "Return-home interview due by Thu 24 Nov 20:30
    /// (47 hours left)".
    pub clock_text: String,
    /// When the interview is or was due (local time), once the young person is back.
    pub interview_due: Option<String>,
    /// When it was first recorded (UTC, RFC 3339).
    pub written_at: String,
}

/// Where an entry leads: the front end turns it into a route (`ui/src/lib/links.ts`), so Rust
/// never writes a URL of the UI's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "to", rename_all = "camelCase")]
pub enum Link {
    /// A young person's page, at one of its parts.
    YoungPerson {
        id: String,
        section: Option<Section>,
    },
    Session {
        id: String,
    },
    Activity {
        #[serde(rename = "youngPersonId")]
        young_person_id: String,
        #[serde(rename = "activityId")]
        activity_id: String,
    },
    Residential {
        #[serde(rename = "youngPersonId")]
        young_person_id: String,
        #[serde(rename = "residentialId")]
        residential_id: String,
    },
    /// A coach's formal supervision.
    Supervision {
        coach: String,
    },
    /// A young person's goals and outcomes.
    Goals {
        #[serde(rename = "youngPersonId")]
        young_person_id: String,
    },
    /// The record-a-session screen, filled from a plan that happened.
    RecordPlan {
        #[serde(rename = "youngPersonId")]
        young_person_id: String,
        /// `planned`, `activity` or `residential`.
        kind: String,
        plan: String,
        /// Local times, `YYYY-MM-DDTHH:MM`.
        start: String,
        end: String,
        title: String,
    },
}

/// A part of a young person's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Intervention,
    Placements,
    Concerns,
    Missing,
    Oversight,
}

/// One thing that needs doing for a young person, and where it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedView {
    pub text: String,
    pub link: Link,
    /// Past its time (an overdue return-home interview): shown in red.
    pub overdue: bool,
}

/// One entry of the chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChronologyEntryView {
    /// Names the entry for curating: `kind:uuid`.
    pub key: String,
    /// A day (`YYYY-MM-DD`) or a local time (`YYYY-MM-DDTHH:MM`).
    pub at: String,
    /// `started`, `closed`, `placement`, `placement_end`, `concern`, `missing`, `returned`,
    /// `session` or `note` (the coach's own entry).
    pub kind: String,
    pub title: String,
    pub detail: String,
    /// Where the record behind it is shown; none for the coach's own entries.
    pub link: Option<Link>,
    /// Drawn from the records rather than written by hand.
    pub automatic: bool,
    /// In the curated chronology.
    pub included: bool,
    /// The coach's summary for the curated chronology; empty: the title stands.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChronologyView {
    pub young_person_id: String,
    pub young_person_name: String,
    /// Oldest first.
    pub entries: Vec<ChronologyEntryView>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChronologyNoteInput {
    /// `YYYY-MM-DD`.
    pub on: String,
    pub title: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurationInput {
    pub key: String,
    pub included: bool,
    pub summary: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalInput {
    pub area: String,
    /// The goal in the young person's own words.
    pub words: String,
    /// `YYYY-MM-DD`.
    pub agreed_on: String,
    /// `active`, `achieved` or `stopped`.
    pub status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RatingInput {
    /// `YYYY-MM-DD`.
    pub on: String,
    /// 1 to 10, as typed or chosen.
    pub young_person_score: String,
    pub coach_score: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RatingView {
    pub on: String,
    pub young_person_score: u8,
    pub coach_score: u8,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub id: String,
    pub input: GoalInput,
    pub area_label: String,
    pub status_label: String,
    /// Oldest first.
    pub ratings: Vec<RatingView>,
    /// An active goal not reviewed for a month or more.
    pub review_due: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCheckInput {
    /// `YYYY-MM`.
    pub month: String,
    pub eet: String,
    pub risk_indicators: Vec<String>,
    /// 1 to 10, or empty when not asked.
    pub wellbeing: String,
    pub family: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCheckView {
    /// `YYYY-MM`.
    pub month: String,
    pub eet: insideout_domain::goals::EetStatus,
    pub eet_label: String,
    pub risk_labels: Vec<String>,
    pub wellbeing: Option<u8>,
    pub family: Option<u8>,
    pub note: String,
}

/// One measure at the baseline and at 6, 12 and 18 months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonRow {
    pub measure: String,
    /// One per point, in the order of `GoalsView::points`; "—" when nothing was recorded.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonPoint {
    /// "Baseline", "6 months", "12 months", "18 months".
    pub label: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The date has come.
    pub reached: bool,
}

/// A young person's goals and outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalsView {
    pub young_person_id: String,
    pub young_person_name: String,
    pub goals: Vec<GoalView>,
    /// Oldest first.
    pub checks: Vec<OutcomeCheckView>,
    /// The month a check is due for (`YYYY-MM`), if this month has none yet.
    pub check_due: Option<String>,
    pub points: Vec<ComparisonPoint>,
    pub comparison: Vec<ComparisonRow>,
    /// Points that have come with no monthly check near them, like "Baseline (October 2025)".
    pub points_without_check: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoingInput {
    /// `young_person`, `family_member` or `staff`.
    pub who: String,
    pub name: String,
}

/// A positive activity as the coach plans it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityInput {
    pub title: String,
    pub kind: String,
    /// `caving`, `climbing`, `trekking`, `watersports`, or empty for none of these.
    pub adventure: String,
    pub provider_name: String,
    pub insurance_checked: bool,
    pub safeguarding_policy_checked: bool,
    pub licence_number: String,
    /// `YYYY-MM-DD`, or empty.
    pub licence_expires: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub starts: String,
    pub ends: String,
    pub place: String,
    /// In pounds, like "35" or "12.50"; empty for free.
    pub cost: String,
    pub transport: String,
    pub going: Vec<GoingInput>,
    /// Ids of the goals it serves.
    pub goals: Vec<String>,
    /// Who gave consent (`young_person`, `carer`, `social_worker`, `parent`); empty: none yet.
    pub consent_holder: String,
    pub consent_given_by: String,
    pub consent_evidence: String,
    /// `YYYY-MM-DD`.
    pub consent_given_on: String,
    /// `YYYY-MM-DD`, or empty when it does not expire.
    pub consent_expires: String,
    pub consent_scope: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    pub id: String,
    pub input: ActivityInput,
    pub kind_label: String,
    pub adventure_label: Option<String>,
    /// What the plan still lacks (a missing or expired licence or consent, unchecked
    /// insurance…).
    pub warnings: Vec<String>,
    /// Nothing lacking.
    pub ready: bool,
    /// The delegated-authority area its consent is for, in words.
    pub consent_area_label: String,
    /// Who may consent for that area, from the profile ("Priya Shah (social worker)").
    pub may_consent: Option<String>,
    /// Whether it needs a signed-off risk assessment (adventurous activities do).
    pub risk_required: bool,
    pub risk: RiskView,
    /// The session recorded from it, once it happened.
    pub session: Option<String>,
}

/// Who may consent in one area for the young person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityView {
    pub area: String,
    pub area_label: String,
    /// `young_person`, `carer`, `social_worker` or `parent`; none when not recorded.
    pub holder: Option<String>,
    pub holder_label: Option<String>,
    /// Who may consent, in words ("Priya Shah (social worker)"); none when not recorded.
    pub who: Option<String>,
    pub name: String,
    pub conditions: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityInput {
    pub area: String,
    /// Empty clears the area.
    pub holder: String,
    pub name: String,
    pub conditions: String,
}

/// A field changed on two devices at once: the value the record kept and the one it did not,
/// in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// What was changed, like "Profile: risk indicators" or "Contact Priya Shah: phone".
    pub what: String,
    pub kept: String,
    pub other: String,
    /// When the kept value was written (UTC, RFC 3339).
    pub written_at: String,
    /// A safety field: the more severe value was kept and the supervisor is told.
    pub safety: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    Draft,
    Finalised,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    pub start: String,
    pub end: String,
    pub minutes: u32,
    pub setting_label: String,
    pub mode_label: String,
    pub activity_label: String,
    pub status: NoteStatus,
    pub preview: String,
    /// Marked as a significant event, in the chronology.
    pub significant: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YoungPersonDetail {
    /// What needs doing for this young person, most pressing first: the panel that opens
    /// their page.
    pub needs_doing: Vec<NeedView>,
    pub profile: YoungPersonView,
    pub intervention: InterventionView,
    pub placements: Vec<PlacementView>,
    pub contacts: Vec<ContactView>,
    /// Contacts removed from the team around the young person, with the reason.
    pub former_contacts: Vec<ContactView>,
    /// Fields changed on two devices at once, newest first.
    pub conflicts: Vec<ConflictView>,
    /// The safety plan, once the coach has written one.
    pub safety_plan: Option<SafetyPlanView>,
    /// Supervisors' case discussions, newest first: management oversight.
    pub case_discussions: Vec<CaseDiscussionView>,
    /// Safeguarding concerns, newest first.
    pub concerns: Vec<ConcernView>,
    /// Missing episodes, the most recent first.
    pub missing_episodes: Vec<MissingEpisodeView>,
    /// Who may consent to what: every area, recorded or not.
    pub authority: Vec<AuthorityView>,
    /// Planned activities, soonest first.
    pub activities: Vec<ActivityView>,
    /// Planned family residentials, soonest first.
    pub residentials: Vec<ResidentialView>,
    /// When this device's session timer for the young person started (local time), if running.
    pub timer_started: Option<String>,
    /// Planned sessions that can be started now (from an hour before their start until their
    /// end, none recorded in that time, no timer running): starting one checks the coach in.
    pub startable_sessions: Vec<PlannedSessionView>,
    pub sessions: Vec<SessionSummary>,
    /// Every device the organisation's signed directory lets read this record.
    pub readers: Vec<ReaderView>,
}

/// A device that can read a young person's record, from the signed directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReaderView {
    pub id: String,
    /// "You", "Sam (coach)" or "Alex (supervisor)"; before a colleague's name arrives, "The
    /// coach" or "A supervisor of your team".
    pub who: String,
    /// None when the directory does not say.
    pub role: Option<Role>,
    /// The device, by its name when known and the end of its id: "Sam's computer (…1234)".
    pub device: String,
    pub this_device: bool,
    /// "the organisation key", or the approving device, as "Alex's computer (…1234)".
    pub approved_by: String,
    /// When it was approved, like "Wed 2 Dec 2026".
    pub since: String,
    /// Not yet acknowledged on this device: shown as a notice.
    pub new: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeInput {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    pub young_person_id: String,
    pub start: String,
    pub end: String,
    pub setting: String,
    pub mode: String,
    pub attendees: Vec<AttendeeInput>,
    pub activity: String,
    /// A significant event: the session goes into the chronology.
    #[serde(default)]
    pub significant: bool,
    /// Recorded from the young person's running timer, which stops once it is saved.
    #[serde(default)]
    pub from_timer: bool,
    /// The planned activity or residential it happened as (its id), or empty.
    #[serde(default)]
    pub from_plan: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteBody {
    pub what_happened: String,
    pub voice: String,
    pub analysis: String,
    pub actions: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddendumView {
    pub id: String,
    pub text: String,
    pub written_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionView {
    pub id: String,
    pub written_at: String,
    pub kind: String,
    pub note: NoteBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionDetail {
    pub id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    pub start: String,
    pub end: String,
    pub minutes: u32,
    pub setting: String,
    pub mode: String,
    pub attendees: Vec<AttendeeInput>,
    pub activity: String,
    /// Marked as a significant event, in the chronology.
    pub significant: bool,
    pub note: NoteBody,
    pub status: NoteStatus,
    pub finalised_at: Option<String>,
    pub last_saved_at: Option<String>,
    pub addenda: Vec<AddendumView>,
    pub revisions: Vec<RevisionView>,
    /// Versions of a draft note made on another device at the same time as `note`, not yet
    /// kept or merged: the note shows "two versions — choose or merge".
    pub other_versions: Vec<RevisionView>,
    pub comments: Vec<CommentView>,
}

/// A supervision comment, or the coach's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    pub id: String,
    pub author: String,
    pub text: String,
    pub written_at: String,
    /// Written on this device.
    pub mine: bool,
}

/// One line of the team's updates, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateView {
    /// `session`, `finalised`, `comment`, or `flagged` (listed first: a safety field changed on
    /// two devices at once; `session_id` is empty).
    pub kind: String,
    /// "Session recorded", "Note finalised", "Comment from Sam".
    pub what: String,
    pub session_id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    /// The session's start (local time) or when the note was finalised or the comment written.
    pub at: String,
    pub by_this_device: bool,
    /// For a `concern`: where it stands, and whether its acknowledgement is overdue.
    pub concern_state: Option<insideout_domain::concern::ConcernState>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftSaved {
    pub saved_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub session_id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    pub session_start: String,
    pub snippet: String,
    pub status: NoteStatus,
}

/// What the screens show about sync, at all times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    pub enrolled: bool,
    pub service: Option<String>,
    pub role: Option<Role>,
    /// This device's standing with the service, once enrolled.
    pub device_status: Option<DeviceStatus>,
    /// Changes made here that the service has not acknowledged yet.
    pub waiting: u32,
    pub last_synced_minutes_ago: Option<u32>,
    pub last_error: Option<String>,
    /// Received batches that could not be applied, kept with their reason.
    pub quarantined: u32,
    /// Of `waiting`, the safeguarding concerns: the sync line shows them first, in red.
    pub concerns_waiting: u32,
    /// One line: "3 records not sent yet · last sent 21:14", "1 concern not sent · …".
    pub summary: String,
    /// This device's own code, to show the supervisor approving it in person.
    pub own_code: Option<String>,
    /// An approval waiting for this device's owner: the code the approver's screen shows (the
    /// organisation's fingerprint when the organisation key approved it).
    pub approval_code: Option<String>,
    pub approved_by_organisation: bool,
    /// What this device found wrong with the organisation's directory at its last sync: a
    /// service holding records back, two devices shown different directories. Each is one
    /// sentence; while any is here, no device is given a key it did not already have.
    pub directory_warnings: Vec<String>,
    /// Changes kept on this device because the service refuses them for good (too large), and
    /// why; the changes behind them are sent.
    pub set_aside: u32,
    pub set_aside_reason: Option<String>,
    /// Young people (by the name this device knew) whose cases moved to another coach and were
    /// removed from this device, until the coach has read the notice.
    pub moved_away: Vec<String>,
    /// New referrals allocated to this device's coach whose case is not open yet: the caseload
    /// reads itself again when this changes.
    pub referrals_waiting: u32,
    /// `own_code` as an SVG QR code, for the approver's device to scan.
    pub own_code_qr: Option<String>,
    /// The organisation's fingerprint this device pinned at enrolment.
    pub organisation_fingerprint: Option<String>,
    /// For enrolling another device: the service's address and the organisation's fingerprint
    /// as a link (`insideout-coach://enrol?…`), and as an SVG QR code.
    pub enrolment_link: Option<String>,
    pub enrolment_qr: Option<String>,
}

/// Enrolling this device with the organisation's service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolInput {
    /// The connection link (`insideout-coach://enrol?…`): the service's address and the
    /// organisation's fingerprint, from a supervisor's device or the organisation's key holder,
    /// scanned as a QR code or pasted. Never a bare address.
    pub link: String,
    /// The single-use code; may be empty when the link carries it.
    pub code: String,
}

/// A device of the team, for a supervisor to approve or revoke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub id: String,
    pub person: String,
    /// The name the device's person gave it, as its colleagues received it ("Sam"); empty until
    /// one of its named records arrives.
    pub person_name: String,
    /// What the device calls itself ("Sam's computer"); empty until known.
    pub device_name: String,
    pub role: Role,
    pub status: DeviceStatus,
    pub this_device: bool,
}

/// A consent as the coach records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsentInput {
    /// Who gave it (`young_person`, `carer`, `social_worker`, `parent`); empty: none yet.
    pub holder: String,
    pub given_by: String,
    pub evidence: String,
    /// `YYYY-MM-DD`.
    pub given_on: String,
    /// `YYYY-MM-DD`, or empty when it does not expire.
    pub expires: String,
    pub scope: String,
}

/// One day of a residential's itinerary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayPlanInput {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub plan: String,
}

/// One line of a residential's budget, in pounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BudgetLineInput {
    pub item: String,
    /// Like "240" or "12.50".
    pub planned: String,
    /// Empty until it is spent.
    pub actual: String,
}

/// A family residential as the coach plans it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResidentialInput {
    pub title: String,
    pub venue: String,
    pub address: String,
    pub venue_phone: String,
    /// `YYYY-MM-DD`.
    pub arrives: String,
    pub leaves: String,
    pub going: Vec<GoingInput>,
    pub itinerary: Vec<DayPlanInput>,
    pub budget: Vec<BudgetLineInput>,
    pub dietary: String,
    pub medical: String,
    pub transport: String,
    pub consent: ConsentInput,
}

/// One item of a plan's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckView {
    pub kind: insideout_domain::residential::CheckKind,
    pub item: String,
    pub done: bool,
    /// What is still missing, in words a coach can act on.
    pub missing: Vec<String>,
}

/// A hazard and its controls, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HazardInput {
    pub hazard: String,
    pub controls: String,
}

/// A risk specific to the young person and how the plan manages it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonalRiskInput {
    /// `missing`, `exploitation`, `self_harm` or `substances`.
    pub risk: String,
    pub plan: String,
}

/// A risk assessment as the coach writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskInput {
    pub hazards: Vec<HazardInput>,
    pub personal: Vec<PersonalRiskInput>,
    pub staffing: String,
    pub emergency_plan: String,
}

/// Where the 72-hour clock for a return-home interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    StillMissing,
    Due,
    Overdue,
    InTime,
    Late,
    NotOffered,
}

/// Where a plan's risk assessment stands, without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StandingKind {
    Missing,
    Draft,
    Awaiting,
    Approved,
    Returned,
}

/// Where a plan's risk assessment stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskView {
    pub plan_id: String,
    pub standing: StandingKind,
    /// In words: "Approved by Sam Okafor", "Waiting for the supervisor's sign-off".
    pub label: String,
    /// The supervisor's comments with their latest decision.
    pub comments: String,
    /// The comments were on an earlier version (the coach has changed it since).
    pub comments_on_earlier_version: bool,
    /// When the supervisor last decided, local time.
    pub decided_at: Option<String>,
    /// What a supervisor reads, as a token their decision sends back; empty when none.
    pub version: String,
    /// The assessment as written; none yet when missing.
    pub input: Option<RiskInput>,
}

/// A planned family residential with its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResidentialView {
    pub id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    pub input: ResidentialInput,
    pub nights: u32,
    /// Planned and spent so far, in pounds ("240.00").
    pub budget_planned: String,
    pub budget_spent: String,
    pub checklist: Vec<CheckView>,
    /// Every checklist item done.
    pub ready: bool,
    /// Who may consent to overnight stays, from the profile.
    pub may_consent: Option<String>,
    pub risk: RiskView,
    /// Sessions recorded from it, by id.
    pub sessions: Vec<String>,
    /// The days (`YYYY-MM-DD`) that have a session recorded from it.
    pub recorded_days: Vec<String>,
}

/// A plan waiting for (or given) a supervisor's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOffItem {
    pub plan_id: String,
    /// `activity` or `residential`.
    pub plan_kind: String,
    pub title: String,
    pub young_person_id: String,
    pub young_person_name: String,
    /// "Fri 5 Jun – Sun 7 Jun 2026", "Sat 14 Feb 2026, 10:00–15:00".
    pub when: String,
    pub risk: RiskView,
}

/// A person to ring from a trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackContact {
    pub name: String,
    pub role: String,
    pub phone: String,
}

/// A labelled line of the trip pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackField {
    pub label: String,
    pub value: String,
}

/// Everything a coach needs on a trip with no signal, on one screen and one printable file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TripPack {
    pub plan_id: String,
    pub plan_kind: String,
    pub young_person_id: String,
    pub title: String,
    /// The young person's name and date of birth, the dates, the venue.
    pub about: Vec<PackField>,
    /// 999 and 101 first, then the team around the young person with a phone.
    pub emergency_contacts: Vec<PackContact>,
    /// Medical and dietary needs.
    pub needs: Vec<PackField>,
    /// The plan's consent, and who may consent to medical treatment.
    pub consents: Vec<PackField>,
    /// What to do if the young person goes missing, step by step.
    pub missing_protocol: Vec<String>,
    /// The young person's safety plan: description, places, who to call, risks, triggers,
    /// what helps (empty when none is written).
    pub safety_plan: Vec<PackField>,
    /// Day by day (or the activity's times and place).
    pub itinerary: Vec<PackField>,
    /// Personal risks and their plans, staffing, the emergency plan.
    pub risks: Vec<PackField>,
    pub risk: RiskView,
}

/// A file the app wrote for another program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub bytes: u32,
}

/// One thing on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    /// `session` (recorded), `planned` (a planned session), `activity` or `residential`.
    pub kind: String,
    /// The plan's id; empty for a recorded session.
    pub plan_id: String,
    pub title: String,
    pub young_person_name: String,
    /// "10:00–15:00", or "Day 2 of 3".
    pub time: String,
    pub place: String,
    /// Where the app shows it.
    pub link: Link,
    /// For plans: ready, or what is missing first.
    pub status: String,
}

/// One day of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "Today", "Tomorrow", "Sat 6 Jun".
    pub label: String,
    pub items: Vec<AgendaItem>,
}

/// A session the coach plans to hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedSessionInput {
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub starts: String,
    pub ends: String,
    pub place: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedSessionView {
    pub id: String,
    pub young_person_id: String,
    pub input: PlannedSessionInput,
    pub cancelled: bool,
}

/// The team at a glance: each coach by name with each of their young people. On a coach's
/// device, only that coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamOverview {
    pub week_starting: String,
    /// The Mondays of the 12-week trend, oldest first.
    pub weeks: Vec<String>,
    pub coaches: Vec<TeamCoach>,
    /// The team's active coaches, by name: whom a supervisor can give a case to.
    pub team_coaches: Vec<Choice>,
    /// This device's person in the directory (for a code for their own next device).
    pub me_person_id: String,
    /// After how many hours an unfinalised note is counted (a setting).
    pub unfinalised_after_hours: u32,
    pub ending_soon_weeks: u32,
    /// New referrals allocated to a coach whose case the coach has not opened yet.
    pub referrals: Vec<ReferralView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamCoach {
    /// The name the coach gave on their device, or "A coach (device …1a2b)" before it arrives.
    pub name: String,
    /// Their id in the organisation's directory; empty before this device is enrolled.
    pub person_id: String,
    /// Every device they had is revoked: their cases need another coach.
    pub deactivated: bool,
    pub this_device: bool,
    /// The date of their latest formal supervision, if this device holds it.
    pub last_supervision: Option<String>,
    /// No formal supervision within the programme's interval (28 days): it is due.
    pub supervision_due: bool,
    pub young_people: Vec<TeamCase>,
}

/// A single-use enrolment code a supervisor issued from the app, for a new device of a coach
/// of the team (or their own): handed over with the organisation's fingerprint, in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolmentCodeView {
    pub code: String,
    /// When it stops working, local time, e.g. "Sun 6 Dec 2026, 21:40".
    pub expires: String,
    pub fingerprint: String,
    /// The connection link, with the code, to paste or scan.
    pub link: String,
    /// The link as a QR code (SVG).
    pub qr: String,
}

/// One young person's figures on the team page; each links to the read-only case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamCase {
    pub id: String,
    /// A supervisor has allocated or confirmed it (signed in the directory); until then it is
    /// the case of the coach who added it, waiting to be confirmed.
    pub allocated: bool,
    pub preferred_name: String,
    pub programme_month: u32,
    pub programme_months: u32,
    pub planned_end: String,
    /// Within the ending-soon weeks of its planned end.
    pub ending_soon: bool,
    pub target_minutes: u32,
    /// This week, with its evening and weekend share.
    pub week: HoursSplitView,
    /// Minutes a week over the 12 weeks, oldest first; None for a week before the
    /// intervention began.
    pub trend: Vec<Option<u32>>,
    pub open_concerns: u32,
    pub overdue_concerns: u32,
    pub interviews_due: u32,
    pub interviews_overdue: u32,
    /// Notes not finalised this many hours after their session.
    pub unfinalised: u32,
    pub plans_awaiting_sign_off: u32,
}

/// A safety plan as typed: the missing-from-care protocol, known risks, triggers, what helps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SafetyPlanInput {
    pub description: String,
    pub places: String,
    pub who_to_call: String,
    /// Known-risk values: `exploitation`, `gangs`, `self_harm`, `substances`, `online`,
    /// `going_missing`.
    pub risks: Vec<String>,
    pub risk_notes: String,
    pub triggers: String,
    pub what_helps: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SafetyPlanView {
    pub input: SafetyPlanInput,
    pub risk_labels: Vec<String>,
    /// When it was last changed (UTC, RFC 3339).
    pub updated_at: String,
}

/// A check-in as typed: who the coach is with, the area (never an address), and the local time
/// (`YYYY-MM-DDTHH:MM`) they expect to finish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInInput {
    pub with_whom: String,
    pub area: String,
    pub expected_end: String,
}

/// A coach out now, checked in and not yet out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutNowView {
    pub id: String,
    pub young_person_id: String,
    pub young_person_name: String,
    pub coach_name: String,
    /// Checked in from this device: it may check out.
    pub this_device: bool,
    pub with_whom: String,
    pub area: String,
    /// Local times.
    pub started: String,
    pub expected_end: String,
    /// Past the time they expected to finish, and not checked out.
    pub overdue: bool,
    /// Who to ring with no signal: the on-call supervisor, else the supervisor, if on file.
    pub call: Option<PackContact>,
}

/// A case discussion as a supervisor types it. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDiscussionInput {
    pub on: String,
    pub discussed: String,
    pub decisions: String,
    /// Rows with nothing typed are ignored.
    pub actions: Vec<ActionInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    pub what: String,
    pub owner: String,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDiscussionView {
    pub id: String,
    pub author: String,
    pub on: String,
    pub discussed: String,
    pub decisions: String,
    pub actions: Vec<ActionView>,
}

/// A coach's formal supervision: the supervisor records it here, and the coach reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionPage {
    pub coach_id: String,
    pub coach_name: String,
    /// Newest first.
    pub records: Vec<CaseDiscussionView>,
    /// This device is a supervisor's: it records supervision.
    pub can_record: bool,
    /// The coach's devices have not yet opened the coach's own records on the service (each
    /// does on its first sync after approval): what is recorded here waits on this device,
    /// and goes once they have.
    pub waiting_for_coach: bool,
    /// The latest supervision's date.
    pub last_on: Option<String>,
    /// When the next one is due: `every_days` after the latest.
    pub next_due: Option<String>,
    /// No supervision within `every_days`.
    pub due: bool,
    pub every_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub what: String,
    pub owner: String,
    pub due: String,
    /// Its due date has passed.
    pub overdue: bool,
}

/// The coach's inbox: what others have sent that needs reading or doing, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxView {
    pub items: Vec<InboxItem>,
    /// Items that arrived since the inbox was last opened: the count in the navigation.
    pub new_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InboxItem {
    /// `comment`, `plan_returned`, `action_due`, `concern_step` or `supervision`.
    pub kind: String,
    /// "Comment from Sam on Tue 4 Mar", "Action due Fri 7 Mar: ring the school".
    pub text: String,
    pub young_person_name: String,
    /// UTC, RFC 3339, or a date for an action.
    pub at: String,
    pub new: bool,
    pub link: Link,
}
