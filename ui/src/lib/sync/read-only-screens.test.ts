// The coach's actions are hidden on a supervisor's device: each component that offers one is
// rendered (on the server, as HTML) for a coach and for a supervisor, and its ids compared.
import { afterEach, describe, expect, it } from "vitest";
import { render } from "svelte/server";
import type { CaseloadEntry, ReferenceData, SessionDetail, SyncStatusView, YoungPersonDetail } from "$lib/ipc/bindings";
import CaseloadCard from "$lib/caseload/CaseloadCard.svelte";
import InterventionPanel from "$lib/young-person/InterventionPanel.svelte";
import Placements from "$lib/young-person/Placements.svelte";
import Contacts from "$lib/young-person/Contacts.svelte";
import FinalisedNote from "$lib/sessions/FinalisedNote.svelte";
import DraftNoteView from "$lib/sessions/DraftNoteView.svelte";
import Authority from "$lib/young-person/Authority.svelte";
import MissingEpisodes from "$lib/missing/MissingEpisodes.svelte";
import GoalCard from "$lib/goals/GoalCard.svelte";
import type { GoalView, Role } from "$lib/ipc/bindings";
import { READ_ONLY_SENTENCE } from "./read-only";
import { sync } from "./sync.svelte";
import { syncedStatus } from "./status-fixture";

const status = (role: Role | null): SyncStatusView => syncedStatus({ role });

const reference: ReferenceData = {
  riskIndicators: [],
  referralCriteria: [],
  legalStatuses: [],
  placementTypes: [],
  settings: [],
  modes: [],
  activityTypes: [],
  attendeeKinds: [],
  contactRoles: [],
  phases: [],
  closureReasons: [],
  placementEndings: [],
  concernCategories: [],
  urgencies: [],
  toldRoles: [],
  concernDecisions: [],
  knownRisks: [],
  goalAreas: [],
  goalStatuses: [],
  eetStatuses: [],
  consentAreas: [],
  activityKinds: [],
  adventures: [],
  authorityHolders: [],
  personalRisks: [],
};

const detail: YoungPersonDetail = {
  needsDoing: [],
  profile: {
    id: "yp1",
    preferredName: "Sam",
    dateOfBirth: "2009-05-01",
    ageYears: 16,
    localAuthority: "Leeds",
    legalStatus: "s20",
    send: false,
    sendDetails: "",
    referralCriteria: [],
    riskIndicators: [],
  },
  intervention: {
    referralDate: "2025-01-01",
    startDate: "2025-01-06",
    plannedEndDate: "2026-07-06",
    phase: "engagement",
    phaseLabel: "Engagement",
    programmeMonth: 2,
    programmeMonths: 18,
    closedOn: null,
    closureReason: null,
    closureNote: null,
  },
  placements: [
    { id: "p1", placementType: "childrens_home", placementTypeLabel: "Children's home", providerName: "Oak House", startDate: "2025-01-06", endDate: null, ending: null, reason: null },
  ],
  contacts: [{ id: "c1", name: "Jo", role: "social_worker", roleLabel: "Social worker", organisation: "Leeds", phone: "0113 000", email: "", notes: "", removedAt: null, removedReason: null }],
  formerContacts: [],
  conflicts: [],
  safetyPlan: null,
  caseDiscussions: [],
  concerns: [],
  missingEpisodes: [
    {
      id: "m1",
      youngPersonId: "yp1",
      input: {
        wentMissing: "2025-03-01T21:00",
        policeReference: "EX-1",
        cameBack: false,
        returnedAt: "",
        whereFound: "",
        interviewOutcome: "",
        interviewAt: "",
        interviewNotes: "",
        notes: "",
      },
      interviewOutcomeLabel: null,
      clock: "still_missing",
      clockText: "Still missing",
      interviewDue: null,
      writtenAt: "2025-03-01T21:30:00Z",
    },
  ],
  timerStarted: null,
  startableSessions: [],
  activities: [],
  residentials: [],
  authority: [
    { area: "overnight", areaLabel: "Overnight stays", holder: "carer", holderLabel: "Carer", who: "Tom (carer)", name: "Tom", conditions: "" },
  ],
  sessions: [],
  readers: [],
};

const entry: CaseloadEntry = {
  id: "yp1",
  preferredName: "Sam",
  ageYears: 16,
  localAuthority: "Leeds",
  phase: "engagement",
  phaseLabel: "Engagement",
  programmeMonth: 2,
  programmeMonths: 18,
  plannedEnd: "2026-07-06",
  minutesThisWeek: 600,
  targetMinutes: 1500,
  lastSessionStart: null,
  draftCount: 1,
  timerStarted: null,
  weekSplit: { minutes: 600, daytime: 300, evening: 200, weekend: 100 },
  alerts: [],
};

const session: SessionDetail = {
  id: "s1",
  youngPersonId: "yp1",
  youngPersonName: "Sam",
  start: "2025-03-04T10:00",
  end: "2025-03-04T11:00",
  minutes: 60,
  setting: "community",
  mode: "face_to_face",
  attendees: [],
  activity: "coaching",
  significant: false,
  note: { whatHappened: "We met at the café.", voice: "", analysis: "", actions: "" },
  status: "finalised",
  finalisedAt: "2025-03-04T12:00",
  lastSavedAt: "2025-03-04T11:30:00Z",
  addenda: [],
  revisions: [],
  otherVersions: [],
  comments: [],
};

const onupdated = () => {};

const goal: GoalView = {
  id: "g1",
  input: { area: "education", words: "Go to college", agreedOn: "2025-01-10", status: "active" },
  areaLabel: "Education",
  statusLabel: "Working on it",
  ratings: [{ on: "2025-02-10", youngPersonScore: 4, coachScore: 3, note: "" }],
  reviewDue: false,
};

/** Every id in the HTML of each rendered component. */
function idsFor(role: Role | null): Set<string> {
  sync.apply(status(role));
  const html = [
    render(CaseloadCard, { props: { entry, onchanged: () => {} } }).body,
    render(InterventionPanel, { props: { detail, reference, onupdated } }).body,
    render(Placements, { props: { detail, reference, onupdated } }).body,
    render(Contacts, { props: { detail, reference, onupdated } }).body,
    render(FinalisedNote, { props: { session, onupdated } }).body,
    render(Authority, { props: { detail, reference, onupdated } }).body,
    render(MissingEpisodes, { props: { episodes: detail.missingEpisodes, youngPersonId: "yp1" } }).body,
    render(GoalCard, { props: { goal, name: "Sam", onchanged: () => {} } }).body,
  ].join("\n");
  return new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
}

const coachOnly = [
  "record-session-yp1",
  "phase",
  "phase-save",
  "close-intervention-open",
  "placement-end-open-p1",
  "placement-add-open",
  "contact-edit-c1",
  "contact-add-open",
  "addendum-text",
  "addendum-submit",
  "timer-start-yp1",
  "authority-change-overnight",
  "missing-update-m1",
  "review-g1",
];

describe("what a supervisor sees", () => {
  afterEach(() => sync.apply(status(null)));

  it("offers the coach every action on a coach's device", () => {
    const ids = idsFor("coach");
    for (const id of coachOnly) expect(ids, id).toContain(id);
  });

  it("hides the coach's actions and keeps the records on a supervisor's device", () => {
    const ids = idsFor("supervisor");
    for (const id of coachOnly) expect(ids, id).not.toContain(id);
    for (const id of [
      "young-person-link-yp1",
      "intervention-summary",
      "placement-p1",
      "contact-c1",
      "note-what-happened-view",
      "authority-overnight",
      "missing-m1",
      "goal-g1",
    ]) {
      expect(ids, id).toContain(id);
    }
  });

  it("shows a draft note as text, with why it cannot be edited", () => {
    sync.apply(status("supervisor"));
    const html = render(DraftNoteView, { props: { session: { ...session, status: "draft", finalisedAt: null } } }).body;
    expect(html).toContain(READ_ONLY_SENTENCE);
    expect(html).toContain('id="draft-saved-at"');
    expect(html).toContain("We met at the café.");
    expect(html).not.toContain("<textarea");
  });
});
