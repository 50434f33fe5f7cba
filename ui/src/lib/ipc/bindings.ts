// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings`.
// Do not edit by hand: CI regenerates this file and fails on any difference.
import { invoke } from "./invoke";

export type ActionInput = { what: string, owner: string, due: string, };
export type ActionView = { what: string, owner: string, due: string, 
/**
 * Its due date has passed.
 */
overdue: boolean, };
export type ActivityInput = { title: string, kind: string, 
/**
 * `caving`, `climbing`, `trekking`, `watersports`, or empty for none of these.
 */
adventure: string, providerName: string, insuranceChecked: boolean, safeguardingPolicyChecked: boolean, licenceNumber: string, 
/**
 * `YYYY-MM-DD`, or empty.
 */
licenceExpires: string, 
/**
 * Local time, `YYYY-MM-DDTHH:MM`.
 */
starts: string, ends: string, place: string, 
/**
 * In pounds, like "35" or "12.50"; empty for free.
 */
cost: string, transport: string, going: Array<GoingInput>, 
/**
 * Ids of the goals it serves.
 */
goals: Array<string>, 
/**
 * Who gave consent (`young_person`, `carer`, `social_worker`, `parent`); empty: none yet.
 */
consentHolder: string, consentGivenBy: string, consentEvidence: string, 
/**
 * `YYYY-MM-DD`.
 */
consentGivenOn: string, 
/**
 * `YYYY-MM-DD`, or empty when it does not expire.
 */
consentExpires: string, consentScope: string, };
export type ActivityView = { id: string, input: ActivityInput, kindLabel: string, adventureLabel: string | null, 
/**
 * What the plan still lacks (a missing or expired licence or consent, unchecked
 * insurance…).
 */
warnings: Array<string>, 
/**
 * Nothing lacking.
 */
ready: boolean, 
/**
 * The delegated-authority area its consent is for, in words.
 */
consentAreaLabel: string, 
/**
 * Who may consent for that area, from the profile ("Priya Shah (social worker)").
 */
mayConsent: string | null, 
/**
 * Whether it needs a signed-off risk assessment (adventurous activities do).
 */
riskRequired: boolean, risk: RiskView, 
/**
 * The session recorded from it, once it happened.
 */
session: string | null, };
export type AddendumView = { id: string, text: string, writtenAt: string, };
export type AgendaDay = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * "Today", "Tomorrow", "Sat 6 Jun".
 */
label: string, items: Array<AgendaItem>, };
export type AgendaItem = { 
/**
 * `session` (recorded), `planned` (a planned session), `activity` or `residential`.
 */
kind: string, 
/**
 * The plan's id; empty for a recorded session.
 */
planId: string, title: string, youngPersonName: string, 
/**
 * "10:00–15:00", or "Day 2 of 3".
 */
time: string, place: string, 
/**
 * Where the app shows it.
 */
link: Link, 
/**
 * For plans: ready, or what is missing first.
 */
status: string, };
export type AppState = "no_profile" | "locked" | "unlocked";
export type AppStatus = { state: AppState, coachName: string | null, 
/**
 * Set while unlocking is refused after repeated wrong passphrases.
 */
retryAfterSeconds: number | null, idleLockMinutes: number, };
export type AttendeeInput = { kind: string, name: string, };
export type AuthorityInput = { area: string, 
/**
 * Empty clears the area.
 */
holder: string, name: string, conditions: string, };
export type AuthorityView = { area: string, areaLabel: string, 
/**
 * `young_person`, `carer`, `social_worker` or `parent`; none when not recorded.
 */
holder: string | null, holderLabel: string | null, 
/**
 * Who may consent, in words ("Priya Shah (social worker)"); none when not recorded.
 */
who: string | null, name: string, conditions: string, };
export type BudgetLineInput = { item: string, 
/**
 * Like "240" or "12.50".
 */
planned: string, 
/**
 * Empty until it is spent.
 */
actual: string, };
export type CaseDiscussionInput = { on: string, discussed: string, decisions: string, 
/**
 * Rows with nothing typed are ignored.
 */
actions: Array<ActionInput>, };
export type CaseDiscussionView = { id: string, author: string, on: string, discussed: string, decisions: string, actions: Array<ActionView>, };
export type Caseload = { coachName: string, weekStarting: string, activeLimit: number, youngPeople: Array<CaseloadEntry>, closed: Array<CaseloadEntry>, totalMinutesThisWeek: number, 
/**
 * New referrals a supervisor allocated to this coach, whose case is not open yet.
 */
referrals: Array<ReferralView>, };
export type CaseloadEntry = { id: string, preferredName: string, ageYears: number, localAuthority: string, phase: Phase, phaseLabel: string, programmeMonth: number, programmeMonths: number, plannedEnd: string, minutesThisWeek: number, targetMinutes: number, lastSessionStart: string | null, draftCount: number, 
/**
 * When this device's session timer for the young person started (local time), if running.
 */
timerStarted: string | null, 
/**
 * This week's minutes split into daytime, evening and weekend.
 */
weekSplit: HoursSplitView, 
/**
 * What needs the coach now, most urgent first: a young person missing, a return-home
 * interview due or overdue.
 */
alerts: Array<string>, };
export type ChangePassphraseInput = { current: string, newPassphrase: string, confirm: string, };
export type CheckInInput = { withWhom: string, area: string, expectedEnd: string, };
export type CheckKind = "consent" | "risk_assessment" | "transport" | "emergency_contacts" | "who_is_going" | "itinerary";
export type CheckView = { kind: CheckKind, item: string, done: boolean, 
/**
 * What is still missing, in words a coach can act on.
 */
missing: Array<string>, };
export type Choice = { value: string, label: string, hint: string | null, };
export type ChronologyEntryView = { 
/**
 * Names the entry for curating: `kind:uuid`.
 */
key: string, 
/**
 * A day (`YYYY-MM-DD`) or a local time (`YYYY-MM-DDTHH:MM`).
 */
at: string, 
/**
 * `started`, `closed`, `placement`, `placement_end`, `concern`, `missing`, `returned`,
 * `session` or `note` (the coach's own entry).
 */
kind: string, title: string, detail: string, 
/**
 * Where the record behind it is shown; none for the coach's own entries.
 */
link: Link | null, 
/**
 * Drawn from the records rather than written by hand.
 */
automatic: boolean, 
/**
 * In the curated chronology.
 */
included: boolean, 
/**
 * The coach's summary for the curated chronology; empty: the title stands.
 */
summary: string, };
export type ChronologyNoteInput = { 
/**
 * `YYYY-MM-DD`.
 */
on: string, title: string, detail: string, };
export type ChronologyView = { youngPersonId: string, youngPersonName: string, 
/**
 * Oldest first.
 */
entries: Array<ChronologyEntryView>, };
export type ClockState = "still_missing" | "due" | "overdue" | "in_time" | "late" | "not_offered";
export type CloseInput = { date: string, reason: string, note: string, };
export type CommentView = { id: string, author: string, text: string, writtenAt: string, 
/**
 * Written on this device.
 */
mine: boolean, };
export type ComparisonPoint = { 
/**
 * "Baseline", "6 months", "12 months", "18 months".
 */
label: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * The date has come.
 */
reached: boolean, };
export type ComparisonRow = { measure: string, 
/**
 * One per point, in the order of `GoalsView::points`; "—" when nothing was recorded.
 */
values: Array<string>, };
export type ConcernDecisionInput = { 
/**
 * A decision value: `referral`, `strategy_discussion`, `police` or `no_further_action`.
 */
decision: string, reason: string, };
export type ConcernInput = { category: string, urgency: string, 
/**
 * Local time, `YYYY-MM-DDTHH:MM`.
 */
noticedAt: string, what: string, told: Array<ToldInput>, actions: string, };
export type ConcernState = "open" | "acknowledged" | "decided" | "closed";
export type ConcernStepView = { id: string, 
/**
 * `follow_up`, `acknowledged`, `decided` or `closed`.
 */
kind: string, 
/**
 * "Follow-up", "Acknowledged", "Decision: Referral to …", "Closed".
 */
title: string, 
/**
 * The follow-up, the decision's reason or the outcome; empty for an acknowledgement.
 */
text: string, author: string, 
/**
 * UTC, RFC 3339.
 */
writtenAt: string, };
export type ConcernView = { id: string, categoryLabel: string, urgency: Urgency, urgencyLabel: string, noticedAt: string, what: string, told: Array<ToldView>, actions: string, 
/**
 * When it was recorded (UTC, RFC 3339).
 */
writtenAt: string, 
/**
 * Where it stands: open, acknowledged, decided or closed.
 */
state: ConcernState, 
/**
 * "Waiting for a supervisor", "Acknowledged by Dee Hart", "Decision: Strategy discussion",
 * "Closed".
 */
stateLabel: string, 
/**
 * Not acknowledged by a supervisor within the time its urgency allows.
 */
overdue: boolean, 
/**
 * Every step since it was raised, oldest first.
 */
steps: Array<ConcernStepView>, };
export type ConflictView = { 
/**
 * What was changed, like "Profile: risk indicators" or "Contact Priya Shah: phone".
 */
what: string, kept: string, other: string, 
/**
 * When the kept value was written (UTC, RFC 3339).
 */
writtenAt: string, 
/**
 * A safety field: the more severe value was kept and the supervisor is told.
 */
safety: boolean, };
export type ConsentInput = { 
/**
 * Who gave it (`young_person`, `carer`, `social_worker`, `parent`); empty: none yet.
 */
holder: string, givenBy: string, evidence: string, 
/**
 * `YYYY-MM-DD`.
 */
givenOn: string, 
/**
 * `YYYY-MM-DD`, or empty when it does not expire.
 */
expires: string, scope: string, };
export type ContactInput = { name: string, role: string, organisation: string, phone: string, email: string, notes: string, };
export type ContactRole = "supervisor" | "on_call" | "social_worker" | "placement_provider" | "family_member" | "family_support" | "education" | "health" | "youth_justice" | "emergency_duty_team" | "safeguarding_lead" | "other";
export type ContactView = { id: string, name: string, role: ContactRole, roleLabel: string, organisation: string, phone: string, email: string, notes: string, 
/**
 * When it was removed (UTC, RFC 3339), for a former contact.
 */
removedAt: string | null, removedReason: string | null, };
export type CreateProfileInput = { coachName: string, passphrase: string, passphraseConfirm: string, };
export type CurationInput = { key: string, included: boolean, summary: string, };
export type DayPlanInput = { 
/**
 * `YYYY-MM-DD`.
 */
day: string, plan: string, };
export type DeviceStatus = "pending" | "approved" | "revoked";
export type DeviceView = { id: string, person: string, 
/**
 * The name the device's person gave it, as its colleagues received it ("Sam"); empty until
 * one of its named records arrives.
 */
personName: string, 
/**
 * What the device calls itself ("Sam's computer"); empty until known.
 */
deviceName: string, role: Role, status: DeviceStatus, thisDevice: boolean, };
export type DraftSaved = { savedAt: string, };
export type EetStatus = "full_time" | "part_time" | "training" | "employed" | "neet";
export type EndPlacementInput = { endDate: string, ending: string, reason: string, };
export type EnrolInput = { 
/**
 * The connection link (`insideout-coach://enrol?…`): the service's address and the
 * organisation's fingerprint, from a supervisor's device or the organisation's key holder,
 * scanned as a QR code or pasted. Never a bare address.
 */
link: string, 
/**
 * The single-use code; may be empty when the link carries it.
 */
code: string, };
export type EnrolmentCodeView = { code: string, 
/**
 * When it stops working, local time, e.g. "Sun 6 Dec 2026, 21:40".
 */
expires: string, fingerprint: string, 
/**
 * The connection link, with the code, to paste or scan.
 */
link: string, 
/**
 * The link as a QR code (SVG).
 */
qr: string, };
export type ErrorCode = "invalid_input" | "end_before_start" | "session_too_long" | "caseload_full" | "outside_intervention" | "empty_note" | "note_finalised" | "intervention_closed" | "two_versions" | "locked" | "no_profile" | "profile_exists" | "wrong_passphrase" | "too_many_attempts" | "not_found" | "not_our_file" | "damaged_store" | "internal" | "supervisor_read_only" | "not_enrolled" | "offline" | "wiped" | "store" | "crypto" | "bad_address" | "bad_fingerprint" | "wrong_organisation" | "code_mismatch" | "code_unknown" | "code_used" | "code_expired" | "not_approved" | "not_supervisor" | "device_revoked" | "too_large" | "rate_limited" | "refused" | "unexpected";
export type ErrorDto = { code: ErrorCode, message: string, field: Field | null, 
/**
 * Everything wrong at once (at least one): the first is `message` and `field`. A form lists
 * them all in its summary and beside their fields.
 */
problems: Array<Problem>, };
export type ExportedFile = { path: string, bytes: number, };
export type Field = "actions" | "activity" | "address" | "analysis" | "adventure" | "agreedOn" | "area" | "arrives" | "attendees" | "author" | "budget" | "by" | "category" | "closure" | "code" | "coach" | "coachName" | "coachScore" | "comments" | "conditions" | "confirm" | "consentEvidence" | "consentExpires" | "consentGivenBy" | "consentGivenOn" | "consentHolder" | "consentScope" | "contact" | "cost" | "current" | "date" | "dateOfBirth" | "decision" | "decisions" | "description" | "detail" | "dietary" | "discussed" | "eet" | "due" | "email" | "emergencyPlan" | "end" | "endDate" | "ending" | "expectedEnd" | "ends" | "export" | "family" | "from" | "fromPlan" | "goals" | "going" | "hazards" | "holder" | "interviewAt" | "interviewNotes" | "interviewOutcome" | "item" | "itinerary" | "key" | "kind" | "leaves" | "link" | "linkPicture" | "legalStatus" | "licenceExpires" | "licenceNumber" | "localAuthority" | "medical" | "mode" | "month" | "name" | "newPassphrase" | "note" | "notes" | "noticedAt" | "on" | "organisation" | "other" | "owner" | "outcome" | "passphrase" | "passphraseConfirm" | "personal" | "phase" | "phone" | "place" | "places" | "placementType" | "plan" | "plannedEndDate" | "policeReference" | "preferredName" | "profile.place" | "providerName" | "purpose" | "reason" | "riskNotes" | "risks" | "referralCriteria" | "referralDate" | "returnedAt" | "riskIndicators" | "role" | "sendDetails" | "setting" | "staffing" | "start" | "startDate" | "starts" | "status" | "score" | "summary" | "text" | "title" | "told" | "told.social_worker" | "told.emergency_duty_team" | "told.police" | "told.safeguarding_lead" | "transport" | "triggers" | "urgency" | "venue" | "voice" | "venuePhone" | "wellbeing" | "wentMissing" | "whatHelps" | "whereFound" | "whoToCall" | "withWhom" | "what" | "whatHappened" | "words" | "youngPerson" | "youngPersonScore";
export type GoalInput = { area: string, 
/**
 * The goal in the young person's own words.
 */
words: string, 
/**
 * `YYYY-MM-DD`.
 */
agreedOn: string, 
/**
 * `active`, `achieved` or `stopped`.
 */
status: string, };
export type GoalView = { id: string, input: GoalInput, areaLabel: string, statusLabel: string, 
/**
 * Oldest first.
 */
ratings: Array<RatingView>, 
/**
 * An active goal not reviewed for a month or more.
 */
reviewDue: boolean, };
export type GoalsView = { youngPersonId: string, youngPersonName: string, goals: Array<GoalView>, 
/**
 * Oldest first.
 */
checks: Array<OutcomeCheckView>, 
/**
 * The month a check is due for (`YYYY-MM`), if this month has none yet.
 */
checkDue: string | null, points: Array<ComparisonPoint>, comparison: Array<ComparisonRow>, 
/**
 * Points that have come with no monthly check near them, like "Baseline (October 2025)".
 */
pointsWithoutCheck: Array<string>, };
export type GoingInput = { 
/**
 * `young_person`, `family_member` or `staff`.
 */
who: string, name: string, };
export type HazardInput = { hazard: string, controls: string, };
export type HoursSplitView = { minutes: number, 
/**
 * Monday to Friday, 07:00 to 18:00.
 */
daytime: number, 
/**
 * Monday to Friday, before 07:00 or from 18:00.
 */
evening: number, 
/**
 * Saturday and Sunday.
 */
weekend: number, };
export type HoursView = { weekStarting: string, targetMinutes: number, youngPeople: Array<YoungPersonHours>, totalThisWeek: HoursSplitView, 
/**
 * The coach's total over the same 12 weeks, oldest first.
 */
totalWeeks: Array<WeekMinutes>, };
export type InboxItem = { 
/**
 * `comment`, `plan_returned`, `action_due`, `concern_step` or `supervision`.
 */
kind: string, 
/**
 * "Comment from Sam on Tue 4 Mar", "Action due Fri 7 Mar: ring the school".
 */
text: string, youngPersonName: string, 
/**
 * UTC, RFC 3339, or a date for an action.
 */
at: string, new: boolean, link: Link, };
export type InboxView = { items: Array<InboxItem>, 
/**
 * Items that arrived since the inbox was last opened: the count in the navigation.
 */
newCount: number, };
export type InterventionView = { referralDate: string, startDate: string, plannedEndDate: string, phase: Phase, phaseLabel: string, programmeMonth: number, 
/**
 * How many months the programme runs for at most (the rules'; 18 today).
 */
programmeMonths: number, closedOn: string | null, closureReason: string | null, closureNote: string | null, };
export type Link = { "to": "youngPerson", id: string, section: Section | null, } | { "to": "session", id: string, } | { "to": "activity", youngPersonId: string, activityId: string, } | { "to": "residential", youngPersonId: string, residentialId: string, } | { "to": "supervision", coach: string, } | { "to": "goals", youngPersonId: string, } | { "to": "recordPlan", youngPersonId: string, 
/**
 * `planned`, `activity` or `residential`.
 */
kind: string, plan: string, 
/**
 * Local times, `YYYY-MM-DDTHH:MM`.
 */
start: string, end: string, title: string, };
export type MissingEpisodeInput = { 
/**
 * Local time, `YYYY-MM-DDTHH:MM`.
 */
wentMissing: string, policeReference: string, 
/**
 * Whether they have come back; when not, the return and interview fields are ignored.
 */
cameBack: boolean, 
/**
 * Local time of the return; required when they came back.
 */
returnedAt: string, whereFound: string, 
/**
 * `held`, `declined`, `not_offered`, or empty when nothing is recorded yet.
 */
interviewOutcome: string, 
/**
 * Local time; empty when the interview was not offered.
 */
interviewAt: string, interviewNotes: string, notes: string, };
export type MissingEpisodeView = { id: string, youngPersonId: string, 
/**
 * The episode as the form edits it.
 */
input: MissingEpisodeInput, interviewOutcomeLabel: string | null, clock: ClockState, 
/**
 * Where the 72-hour clock stands, in words: "Return-home interview due by Thu 24 Nov 20:30
 * (47 hours left)".
 */
clockText: string, 
/**
 * When the interview is or was due (local time), once the young person is back.
 */
interviewDue: string | null, 
/**
 * When it was first recorded (UTC, RFC 3339).
 */
writtenAt: string, };
export type NeedView = { text: string, link: Link, 
/**
 * Past its time (an overdue return-home interview): shown in red.
 */
overdue: boolean, };
export type NoteBody = { whatHappened: string, voice: string, analysis: string, actions: string, };
export type NoteStatus = "draft" | "finalised";
export type OutNowView = { id: string, youngPersonId: string, youngPersonName: string, coachName: string, 
/**
 * Checked in from this device: it may check out.
 */
thisDevice: boolean, withWhom: string, area: string, 
/**
 * Local times.
 */
started: string, expectedEnd: string, 
/**
 * Past the time they expected to finish, and not checked out.
 */
overdue: boolean, 
/**
 * Who to ring with no signal: the on-call supervisor, else the supervisor, if on file.
 */
call: PackContact | null, };
export type OutcomeCheckInput = { 
/**
 * `YYYY-MM`.
 */
month: string, eet: string, riskIndicators: Array<string>, 
/**
 * 1 to 10, or empty when not asked.
 */
wellbeing: string, family: string, note: string, };
export type OutcomeCheckView = { 
/**
 * `YYYY-MM`.
 */
month: string, eet: EetStatus, eetLabel: string, riskLabels: Array<string>, wellbeing: number | null, family: number | null, note: string, };
export type PackContact = { name: string, role: string, phone: string, };
export type PackField = { label: string, value: string, };
export type PersonalRiskInput = { 
/**
 * `missing`, `exploitation`, `self_harm` or `substances`.
 */
risk: string, plan: string, };
export type Phase = "engagement" | "intensive" | "step_down" | "closed";
export type PlacementInput = { placementType: string, providerName: string, startDate: string, };
export type PlacementType = "childrens_home" | "foster_care" | "kinship" | "supported" | "secure" | "residential_school" | "home" | "other";
export type PlacementView = { id: string, placementType: PlacementType, placementTypeLabel: string, providerName: string, startDate: string, endDate: string | null, ending: string | null, reason: string | null, };
export type PlannedSessionInput = { 
/**
 * Local time, `YYYY-MM-DDTHH:MM`.
 */
starts: string, ends: string, place: string, purpose: string, };
export type PlannedSessionView = { id: string, youngPersonId: string, input: PlannedSessionInput, cancelled: boolean, };
export type Problem = { field: Field | null, message: string, };
export type RatingInput = { 
/**
 * `YYYY-MM-DD`.
 */
on: string, 
/**
 * 1 to 10, as typed or chosen.
 */
youngPersonScore: string, coachScore: string, note: string, };
export type RatingView = { on: string, youngPersonScore: number, coachScore: number, note: string, };
export type ReaderView = { id: string, 
/**
 * "You", "Sam (coach)" or "Alex (supervisor)"; before a colleague's name arrives, "The
 * coach" or "A supervisor of your team".
 */
who: string, 
/**
 * None when the directory does not say.
 */
role: Role | null, 
/**
 * The device, by its name when known and the end of its id: "Sam's computer (…1234)".
 */
device: string, thisDevice: boolean, 
/**
 * "the organisation key", or the approving device, as "Alex's computer (…1234)".
 */
approvedBy: string, 
/**
 * When it was approved, like "Wed 2 Dec 2026".
 */
since: string, 
/**
 * Not yet acknowledged on this device: shown as a notice.
 */
new: boolean, };
export type ReferenceData = { riskIndicators: Array<Choice>, referralCriteria: Array<Choice>, legalStatuses: Array<Choice>, placementTypes: Array<Choice>, settings: Array<Choice>, modes: Array<Choice>, activityTypes: Array<Choice>, attendeeKinds: Array<Choice>, contactRoles: Array<Choice>, phases: Array<Choice>, closureReasons: Array<Choice>, placementEndings: Array<Choice>, concernCategories: Array<Choice>, urgencies: Array<Choice>, toldRoles: Array<Choice>, concernDecisions: Array<Choice>, knownRisks: Array<Choice>, goalAreas: Array<Choice>, goalStatuses: Array<Choice>, eetStatuses: Array<Choice>, consentAreas: Array<Choice>, authorityHolders: Array<Choice>, activityKinds: Array<Choice>, adventures: Array<Choice>, personalRisks: Array<Choice>, };
export type ReferralView = { youngPersonId: string, preferredName: string, ageYears: number, localAuthority: string, startDate: string, 
/**
 * Who allocated it, by the name they gave on their device.
 */
author: string, 
/**
 * The coach it is allocated to, by name.
 */
coachName: string, 
/**
 * When it was allocated (UTC, RFC 3339).
 */
allocatedAt: string, };
export type ResidentialInput = { title: string, venue: string, address: string, venuePhone: string, 
/**
 * `YYYY-MM-DD`.
 */
arrives: string, leaves: string, going: Array<GoingInput>, itinerary: Array<DayPlanInput>, budget: Array<BudgetLineInput>, dietary: string, medical: string, transport: string, consent: ConsentInput, };
export type ResidentialView = { id: string, youngPersonId: string, youngPersonName: string, input: ResidentialInput, nights: number, 
/**
 * Planned and spent so far, in pounds ("240.00").
 */
budgetPlanned: string, budgetSpent: string, checklist: Array<CheckView>, 
/**
 * Every checklist item done.
 */
ready: boolean, 
/**
 * Who may consent to overnight stays, from the profile.
 */
mayConsent: string | null, risk: RiskView, 
/**
 * Sessions recorded from it, by id.
 */
sessions: Array<string>, 
/**
 * The days (`YYYY-MM-DD`) that have a session recorded from it.
 */
recordedDays: Array<string>, };
export type RevisionView = { id: string, writtenAt: string, kind: string, note: NoteBody, };
export type RiskInput = { hazards: Array<HazardInput>, personal: Array<PersonalRiskInput>, staffing: string, emergencyPlan: string, };
export type RiskView = { planId: string, standing: StandingKind, 
/**
 * In words: "Approved by Sam Okafor", "Waiting for the supervisor's sign-off".
 */
label: string, 
/**
 * The supervisor's comments with their latest decision.
 */
comments: string, 
/**
 * The comments were on an earlier version (the coach has changed it since).
 */
commentsOnEarlierVersion: boolean, 
/**
 * When the supervisor last decided, local time.
 */
decidedAt: string | null, 
/**
 * What a supervisor reads, as a token their decision sends back; empty when none.
 */
version: string, 
/**
 * The assessment as written; none yet when missing.
 */
input: RiskInput | null, };
export type Role = "coach" | "supervisor";
export type SafetyPlanInput = { description: string, places: string, whoToCall: string, 
/**
 * Known-risk values: `exploitation`, `gangs`, `self_harm`, `substances`, `online`,
 * `going_missing`.
 */
risks: Array<string>, riskNotes: string, triggers: string, whatHelps: string, };
export type SafetyPlanView = { input: SafetyPlanInput, riskLabels: Array<string>, 
/**
 * When it was last changed (UTC, RFC 3339).
 */
updatedAt: string, };
export type SearchHit = { sessionId: string, youngPersonId: string, youngPersonName: string, sessionStart: string, snippet: string, status: NoteStatus, };
export type Section = "intervention" | "placements" | "concerns" | "missing" | "oversight";
export type SessionDetail = { id: string, youngPersonId: string, youngPersonName: string, start: string, end: string, minutes: number, setting: string, mode: string, attendees: Array<AttendeeInput>, activity: string, 
/**
 * Marked as a significant event, in the chronology.
 */
significant: boolean, note: NoteBody, status: NoteStatus, finalisedAt: string | null, lastSavedAt: string | null, addenda: Array<AddendumView>, revisions: Array<RevisionView>, 
/**
 * Versions of a draft note made on another device at the same time as `note`, not yet
 * kept or merged: the note shows "two versions — choose or merge".
 */
otherVersions: Array<RevisionView>, comments: Array<CommentView>, };
export type SessionInput = { youngPersonId: string, start: string, end: string, setting: string, mode: string, attendees: Array<AttendeeInput>, activity: string, 
/**
 * A significant event: the session goes into the chronology.
 */
significant: boolean, 
/**
 * Recorded from the young person's running timer, which stops once it is saved.
 */
fromTimer: boolean, 
/**
 * The planned activity or residential it happened as (its id), or empty.
 */
fromPlan: string, };
export type SessionSummary = { id: string, start: string, end: string, minutes: number, settingLabel: string, modeLabel: string, activityLabel: string, status: NoteStatus, preview: string, 
/**
 * Marked as a significant event, in the chronology.
 */
significant: boolean, };
export type SignOffItem = { planId: string, 
/**
 * `activity` or `residential`.
 */
planKind: string, title: string, youngPersonId: string, youngPersonName: string, 
/**
 * "Fri 5 Jun – Sun 7 Jun 2026", "Sat 14 Feb 2026, 10:00–15:00".
 */
when: string, risk: RiskView, };
export type StandingKind = "missing" | "draft" | "awaiting" | "approved" | "returned";
export type SupervisionPage = { coachId: string, coachName: string, 
/**
 * Newest first.
 */
records: Array<CaseDiscussionView>, 
/**
 * This device is a supervisor's: it records supervision.
 */
canRecord: boolean, 
/**
 * The coach's devices have not yet opened the coach's own records on the service (each
 * does on its first sync after approval): what is recorded here waits on this device,
 * and goes once they have.
 */
waitingForCoach: boolean, 
/**
 * The latest supervision's date.
 */
lastOn: string | null, 
/**
 * When the next one is due: `every_days` after the latest.
 */
nextDue: string | null, 
/**
 * No supervision within `every_days`.
 */
due: boolean, everyDays: number, };
export type SyncStatusView = { enrolled: boolean, service: string | null, role: Role | null, 
/**
 * This device's standing with the service, once enrolled.
 */
deviceStatus: DeviceStatus | null, 
/**
 * Changes made here that the service has not acknowledged yet.
 */
waiting: number, lastSyncedMinutesAgo: number | null, lastError: string | null, 
/**
 * Received batches that could not be applied, kept with their reason.
 */
quarantined: number, 
/**
 * Of `waiting`, the safeguarding concerns: the sync line shows them first, in red.
 */
concernsWaiting: number, 
/**
 * One line: "3 records not sent yet · last sent 21:14", "1 concern not sent · …".
 */
summary: string, 
/**
 * This device's own code, to show the supervisor approving it in person.
 */
ownCode: string | null, 
/**
 * An approval waiting for this device's owner: the code the approver's screen shows (the
 * organisation's fingerprint when the organisation key approved it).
 */
approvalCode: string | null, approvedByOrganisation: boolean, 
/**
 * What this device found wrong with the organisation's directory at its last sync: a
 * service holding records back, two devices shown different directories. Each is one
 * sentence; while any is here, no device is given a key it did not already have.
 */
directoryWarnings: Array<string>, 
/**
 * Changes kept on this device because the service refuses them for good (too large), and
 * why; the changes behind them are sent.
 */
setAside: number, setAsideReason: string | null, 
/**
 * Young people (by the name this device knew) whose cases moved to another coach and were
 * removed from this device, until the coach has read the notice.
 */
movedAway: Array<string>, 
/**
 * New referrals allocated to this device's coach whose case is not open yet: the caseload
 * reads itself again when this changes.
 */
referralsWaiting: number, 
/**
 * `own_code` as an SVG QR code, for the approver's device to scan.
 */
ownCodeQr: string | null, 
/**
 * The organisation's fingerprint this device pinned at enrolment.
 */
organisationFingerprint: string | null, 
/**
 * For enrolling another device: the service's address and the organisation's fingerprint
 * as a link (`insideout-coach://enrol?…`), and as an SVG QR code.
 */
enrolmentLink: string | null, enrolmentQr: string | null, };
export type TeamCase = { id: string, 
/**
 * A supervisor has allocated or confirmed it (signed in the directory); until then it is
 * the case of the coach who added it, waiting to be confirmed.
 */
allocated: boolean, preferredName: string, programmeMonth: number, programmeMonths: number, plannedEnd: string, 
/**
 * Within the ending-soon weeks of its planned end.
 */
endingSoon: boolean, targetMinutes: number, 
/**
 * This week, with its evening and weekend share.
 */
week: HoursSplitView, 
/**
 * Minutes a week over the 12 weeks, oldest first; None for a week before the
 * intervention began.
 */
trend: Array<number | null>, openConcerns: number, overdueConcerns: number, interviewsDue: number, interviewsOverdue: number, 
/**
 * Notes not finalised this many hours after their session.
 */
unfinalised: number, plansAwaitingSignOff: number, };
export type TeamCoach = { 
/**
 * The name the coach gave on their device, or "A coach (device …1a2b)" before it arrives.
 */
name: string, 
/**
 * Their id in the organisation's directory; empty before this device is enrolled.
 */
personId: string, 
/**
 * Every device they had is revoked: their cases need another coach.
 */
deactivated: boolean, thisDevice: boolean, 
/**
 * The date of their latest formal supervision, if this device holds it.
 */
lastSupervision: string | null, 
/**
 * No formal supervision within the programme's interval (28 days): it is due.
 */
supervisionDue: boolean, youngPeople: Array<TeamCase>, };
export type TeamOverview = { weekStarting: string, 
/**
 * The Mondays of the 12-week trend, oldest first.
 */
weeks: Array<string>, coaches: Array<TeamCoach>, 
/**
 * The team's active coaches, by name: whom a supervisor can give a case to.
 */
teamCoaches: Array<Choice>, 
/**
 * This device's person in the directory (for a code for their own next device).
 */
mePersonId: string, 
/**
 * After how many hours an unfinalised note is counted (a setting).
 */
unfinalisedAfterHours: number, endingSoonWeeks: number, 
/**
 * New referrals allocated to a coach whose case the coach has not opened yet.
 */
referrals: Array<ReferralView>, };
export type ToldInput = { 
/**
 * `social_worker`, `emergency_duty_team`, `police` or `safeguarding_lead`.
 */
who: string, 
/**
 * Local time, `YYYY-MM-DDTHH:MM`.
 */
at: string, };
export type ToldView = { whoLabel: string, at: string, };
export type TripPack = { planId: string, planKind: string, youngPersonId: string, title: string, 
/**
 * The young person's name and date of birth, the dates, the venue.
 */
about: Array<PackField>, 
/**
 * 999 and 101 first, then the team around the young person with a phone.
 */
emergencyContacts: Array<PackContact>, 
/**
 * Medical and dietary needs.
 */
needs: Array<PackField>, 
/**
 * The plan's consent, and who may consent to medical treatment.
 */
consents: Array<PackField>, 
/**
 * What to do if the young person goes missing, step by step.
 */
missingProtocol: Array<string>, 
/**
 * The young person's safety plan: description, places, who to call, risks, triggers,
 * what helps (empty when none is written).
 */
safetyPlan: Array<PackField>, 
/**
 * Day by day (or the activity's times and place).
 */
itinerary: Array<PackField>, 
/**
 * Personal risks and their plans, staffing, the emergency plan.
 */
risks: Array<PackField>, risk: RiskView, };
export type UpdateView = { 
/**
 * `session`, `finalised`, `comment`, or `flagged` (listed first: a safety field changed on
 * two devices at once; `session_id` is empty).
 */
kind: string, 
/**
 * "Session recorded", "Note finalised", "Comment from Sam".
 */
what: string, sessionId: string, youngPersonId: string, youngPersonName: string, 
/**
 * The session's start (local time) or when the note was finalised or the comment written.
 */
at: string, byThisDevice: boolean, 
/**
 * For a `concern`: where it stands, and whether its acknowledgement is overdue.
 */
concernState: ConcernState | null, overdue: boolean, };
export type Urgency = "immediate" | "today" | "this_week";
export type WeekMinutes = { 
/**
 * The Monday, `YYYY-MM-DD`.
 */
weekStarting: string, minutes: number, };
export type YoungPersonDetail = { 
/**
 * What needs doing for this young person, most pressing first: the panel that opens
 * their page.
 */
needsDoing: Array<NeedView>, profile: YoungPersonView, intervention: InterventionView, placements: Array<PlacementView>, contacts: Array<ContactView>, 
/**
 * Contacts removed from the team around the young person, with the reason.
 */
formerContacts: Array<ContactView>, 
/**
 * Fields changed on two devices at once, newest first.
 */
conflicts: Array<ConflictView>, 
/**
 * The safety plan, once the coach has written one.
 */
safetyPlan: SafetyPlanView | null, 
/**
 * Supervisors' case discussions, newest first: management oversight.
 */
caseDiscussions: Array<CaseDiscussionView>, 
/**
 * Safeguarding concerns, newest first.
 */
concerns: Array<ConcernView>, 
/**
 * Missing episodes, the most recent first.
 */
missingEpisodes: Array<MissingEpisodeView>, 
/**
 * Who may consent to what: every area, recorded or not.
 */
authority: Array<AuthorityView>, 
/**
 * Planned activities, soonest first.
 */
activities: Array<ActivityView>, 
/**
 * Planned family residentials, soonest first.
 */
residentials: Array<ResidentialView>, 
/**
 * When this device's session timer for the young person started (local time), if running.
 */
timerStarted: string | null, 
/**
 * Planned sessions that can be started now (from an hour before their start until their
 * end, none recorded in that time, no timer running): starting one checks the coach in.
 */
startableSessions: Array<PlannedSessionView>, sessions: Array<SessionSummary>, 
/**
 * Every device the organisation's signed directory lets read this record.
 */
readers: Array<ReaderView>, };
export type YoungPersonHours = { id: string, preferredName: string, programmeMonth: number, programmeMonths: number, plannedEnd: string, thisWeek: HoursSplitView, 
/**
 * The last 12 weeks since the intervention started, oldest first, this week last
 * (sessions count in the week they start).
 */
weeks: Array<WeekMinutes>, };
export type YoungPersonInput = { preferredName: string, dateOfBirth: string, localAuthority: string, legalStatus: string, send: boolean, sendDetails: string, referralCriteria: Array<string>, riskIndicators: Array<string>, referralDate: string, startDate: string, plannedEndDate: string, };
export type YoungPersonView = { id: string, preferredName: string, dateOfBirth: string, ageYears: number, localAuthority: string, legalStatus: string, send: boolean, sendDetails: string, referralCriteria: Array<string>, riskIndicators: Array<string>, };

export const appStatus = () => invoke<AppStatus>("app_status");
export const referenceData = () => invoke<ReferenceData>("reference_data");
export const createProfile = (input: CreateProfileInput) => invoke<AppStatus>("create_profile", { input });
export const lock = () => invoke<AppStatus>("lock");
export const touch = () => invoke<null>("touch");
export const changePassphrase = (input: ChangePassphraseInput) => invoke<null>("change_passphrase", { input });
export const caseload = () => invoke<Caseload>("caseload");
export const youngPerson = (id: string) => invoke<YoungPersonDetail>("young_person", { id });
export const sendSetAsideAgain = () => invoke<SyncStatusView>("send_set_aside_again");
export const acknowledgeMovedAway = () => invoke<SyncStatusView>("acknowledge_moved_away");
export const acknowledgeReaders = (youngPersonId: string) => invoke<Array<ReaderView>>("acknowledge_readers", { youngPersonId });
export const addYoungPerson = (input: YoungPersonInput) => invoke<YoungPersonDetail>("add_young_person", { input });
export const updateYoungPerson = (id: string, input: YoungPersonInput) => invoke<YoungPersonDetail>("update_young_person", { id, input });
export const setPhase = (id: string, phase: string) => invoke<YoungPersonDetail>("set_phase", { id, phase });
export const closeIntervention = (id: string, input: CloseInput) => invoke<YoungPersonDetail>("close_intervention", { id, input });
export const addPlacement = (youngPersonId: string, input: PlacementInput) => invoke<YoungPersonDetail>("add_placement", { youngPersonId, input });
export const endPlacement = (placementId: string, input: EndPlacementInput) => invoke<YoungPersonDetail>("end_placement", { placementId, input });
export const addContact = (youngPersonId: string, input: ContactInput) => invoke<YoungPersonDetail>("add_contact", { youngPersonId, input });
export const updateContact = (contactId: string, input: ContactInput) => invoke<YoungPersonDetail>("update_contact", { contactId, input });
export const raiseConcern = (youngPersonId: string, input: ConcernInput) => invoke<YoungPersonDetail>("raise_concern", { youngPersonId, input });
export const recordMissingEpisode = (youngPersonId: string, input: MissingEpisodeInput) => invoke<YoungPersonDetail>("record_missing_episode", { youngPersonId, input });
export const updateMissingEpisode = (episodeId: string, input: MissingEpisodeInput) => invoke<YoungPersonDetail>("update_missing_episode", { episodeId, input });
export const chronology = (youngPersonId: string) => invoke<ChronologyView>("chronology", { youngPersonId });
export const addChronologyNote = (youngPersonId: string, input: ChronologyNoteInput) => invoke<ChronologyView>("add_chronology_note", { youngPersonId, input });
export const curateChronology = (youngPersonId: string, input: CurationInput) => invoke<ChronologyView>("curate_chronology", { youngPersonId, input });
export const startTimer = (youngPersonId: string) => invoke<YoungPersonDetail>("start_timer", { youngPersonId });
export const discardTimer = (youngPersonId: string) => invoke<YoungPersonDetail>("discard_timer", { youngPersonId });
export const hours = () => invoke<HoursView>("hours");
export const goals = (youngPersonId: string) => invoke<GoalsView>("goals", { youngPersonId });
export const agreeGoal = (youngPersonId: string, input: GoalInput) => invoke<GoalsView>("agree_goal", { youngPersonId, input });
export const updateGoal = (goalId: string, input: GoalInput) => invoke<GoalsView>("update_goal", { goalId, input });
export const rateGoal = (goalId: string, input: RatingInput) => invoke<GoalsView>("rate_goal", { goalId, input });
export const recordOutcomeCheck = (youngPersonId: string, input: OutcomeCheckInput) => invoke<GoalsView>("record_outcome_check", { youngPersonId, input });
export const setAuthority = (youngPersonId: string, input: AuthorityInput) => invoke<YoungPersonDetail>("set_authority", { youngPersonId, input });
export const planActivity = (youngPersonId: string, input: ActivityInput) => invoke<YoungPersonDetail>("plan_activity", { youngPersonId, input });
export const updateActivity = (activityId: string, input: ActivityInput) => invoke<YoungPersonDetail>("update_activity", { activityId, input });
export const planResidential = (youngPersonId: string, input: ResidentialInput) => invoke<ResidentialView>("plan_residential", { youngPersonId, input });
export const updateResidential = (residentialId: string, input: ResidentialInput) => invoke<ResidentialView>("update_residential", { residentialId, input });
export const residential = (residentialId: string) => invoke<ResidentialView>("residential", { residentialId });
export const assessRisk = (planId: string, input: RiskInput, requestSignOff: boolean) => invoke<RiskView>("assess_risk", { planId, input, requestSignOff });
export const risk = (planId: string) => invoke<RiskView>("risk", { planId });
export const signOff = (planId: string, version: string, decision: string, comments: string) => invoke<RiskView>("sign_off", { planId, version, decision, comments });
export const signOffs = () => invoke<Array<SignOffItem>>("sign_offs");
export const tripPack = (planId: string) => invoke<TripPack>("trip_pack", { planId });
export const exportTripPack = (planId: string) => invoke<ExportedFile>("export_trip_pack", { planId });
export const planSession = (youngPersonId: string, input: PlannedSessionInput) => invoke<PlannedSessionView>("plan_session", { youngPersonId, input });
export const cancelPlannedSession = (plannedId: string) => invoke<PlannedSessionView>("cancel_planned_session", { plannedId });
export const agenda = (from: string, days: number) => invoke<Array<AgendaDay>>("agenda", { from, days });
export const exportCalendar = () => invoke<ExportedFile>("export_calendar");
export const removeContact = (contactId: string, reason: string) => invoke<YoungPersonDetail>("remove_contact", { contactId, reason });
export const recordSession = (input: SessionInput) => invoke<SessionDetail>("record_session", { input });
export const session = (id: string) => invoke<SessionDetail>("session", { id });
export const saveDraft = (sessionId: string, editId: string, note: NoteBody) => invoke<DraftSaved>("save_draft", { sessionId, editId, note });
export const mergeNote = (sessionId: string, other: string, note: NoteBody) => invoke<SessionDetail>("merge_note", { sessionId, other, note });
export const finalise = (sessionId: string) => invoke<SessionDetail>("finalise", { sessionId });
export const addAddendum = (sessionId: string, text: string) => invoke<SessionDetail>("add_addendum", { sessionId, text });
export const search = (query: string) => invoke<Array<SearchHit>>("search", { query });
export const syncStatus = () => invoke<SyncStatusView>("sync_status");
export const teamUpdates = () => invoke<Array<UpdateView>>("team_updates");
export const teamOverview = () => invoke<TeamOverview>("team_overview");
export const recordCaseDiscussion = (youngPersonId: string, input: CaseDiscussionInput) => invoke<YoungPersonDetail>("record_case_discussion", { youngPersonId, input });
export const supervision = (coachId: string) => invoke<SupervisionPage>("supervision", { coachId });
export const recordSupervision = (coachId: string, input: CaseDiscussionInput) => invoke<SupervisionPage>("record_supervision", { coachId, input });
export const openReferral = (youngPersonId: string) => invoke<YoungPersonDetail>("open_referral", { youngPersonId });
export const inbox = () => invoke<InboxView>("inbox");
export const markInboxSeen = () => invoke<null>("mark_inbox_seen");
export const checkIn = (youngPersonId: string, input: CheckInInput) => invoke<OutNowView>("check_in", { youngPersonId, input });
export const checkOut = (checkInId: string) => invoke<null>("check_out", { checkInId });
export const outNow = () => invoke<Array<OutNowView>>("out_now");
export const setSafetyPlan = (youngPersonId: string, input: SafetyPlanInput) => invoke<YoungPersonDetail>("set_safety_plan", { youngPersonId, input });
export const followUpConcern = (concernId: string, text: string) => invoke<YoungPersonDetail>("follow_up_concern", { concernId, text });
export const acknowledgeConcern = (concernId: string) => invoke<YoungPersonDetail>("acknowledge_concern", { concernId });
export const decideConcern = (concernId: string, input: ConcernDecisionInput) => invoke<YoungPersonDetail>("decide_concern", { concernId, input });
export const closeConcern = (concernId: string, outcome: string) => invoke<YoungPersonDetail>("close_concern", { concernId, outcome });
export const unlock = (passphrase: string) => invoke<AppStatus>("unlock", { passphrase });
export const syncNow = () => invoke<SyncStatusView>("sync_now");
export const readLinkPicture = (picture: string) => invoke<string>("read_link_picture", { picture });
export const enrol = (input: EnrolInput) => invoke<SyncStatusView>("enrol", { input });
export const addComment = (sessionId: string, text: string) => invoke<SessionDetail>("add_comment", { sessionId, text });
export const teamDevices = () => invoke<Array<DeviceView>>("team_devices");
export const setDevice = (deviceId: string, approve: boolean, code: string) => invoke<null>("set_device", { deviceId, approve, code });
export const allocateCase = (youngPersonId: string, personId: string) => invoke<TeamOverview>("allocate_case", { youngPersonId, personId });
export const referYoungPerson = (coachId: string, input: YoungPersonInput) => invoke<TeamOverview>("refer_young_person", { coachId, input });
export const deactivatePerson = (personId: string) => invoke<TeamOverview>("deactivate_person", { personId });
export const issueEnrolmentCode = (personId: string) => invoke<EnrolmentCodeView>("issue_enrolment_code", { personId });
export const confirmApproval = () => invoke<SyncStatusView>("confirm_approval");
