// A small in-memory stand-in for the Rust commands, for looking at screens in a plain browser
// during development (VITE_MOCK_IPC=1). Not a specification of the Rust behaviour and never
// part of a normal build.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { syncedStatus } from "$lib/sync/status-fixture";
import type {
  PlannedSessionView,
  AddendumView,
  AgendaDay,
  AgendaItem,
  AppStatus,
  Caseload,
  CheckView,
  Choice,
  CommentView,
  DeviceView,
  ContactRole,
  Phase,
  PlacementType,
  ErrorCode,
  ErrorDto,
  ExportedFile,
  NoteBody,
  ReferenceData,
  ResidentialInput,
  ResidentialView,
  RiskInput,
  RiskView,
  SearchHit,
  SessionDetail,
  SignOffItem,
  SyncStatusView,
  TripPack,
  UpdateView,
  YoungPersonDetail,
  YoungPersonInput,
} from "$lib/ipc/bindings";

const c = (value: string, label: string, hint: string | null = null): Choice => ({ value, label, hint });

const reference: ReferenceData = {
  riskIndicators: [
    c("escalating_risk", "Escalating risk-taking"),
    c("missing", "Missing from care or education"),
    c("neet", "Not in education, employment or training (NEET)"),
    c("cse", "At risk of child sexual exploitation"),
    c("substance_misuse", "Substance misuse"),
    c("gangs", "Gangs or serious youth violence"),
  ],
  referralCriteria: [
    c("looked_after", "Looked after"),
    c("residential", "In a residential placement"),
    c("placement_moves", "History of placement moves or placement at risk"),
    c("age_band", "Aged about 15 to 17½"),
  ],
  legalStatuses: [c("s20", "Section 20 (voluntary)"), c("s31", "Care order (section 31)"), c("ico", "Interim care order")],
  placementTypes: [c("residential", "Children's home"), c("foster", "Foster care"), c("supported", "Supported living")],
  settings: [c("community", "Community"), c("home", "Family home"), c("placement", "Placement")],
  modes: [c("face_to_face", "Face to face"), c("video", "Video call"), c("phone", "Phone call"), c("text", "Text or messaging")],
  activityTypes: [
    c("coaching", "One-to-one coaching"),
    c("life_skills", "Life skills"),
    c("education", "Education, training or work"),
    c("positive_activity", "Positive activity"),
    c("family_work", "Family work"),
    c("other", "Other"),
  ],
  attendeeKinds: [
    c("young_person", "The young person"),
    c("family_member", "Family member"),
    c("carer", "Carer or key worker"),
    c("social_worker", "Social worker"),
    c("other", "Other"),
  ],
  contactRoles: [c("social_worker", "Social worker"), c("home_manager", "Home manager"), c("iro", "Independent reviewing officer")],
  phases: [c("engagement", "Engagement"), c("intensive", "Intensive work"), c("step_down", "Step down"), c("ending", "Ending")],
  closureReasons: [c("completed", "Completed"), c("stepped_down", "Stepped down"), c("moved", "Moved away")],
  placementEndings: [c("planned", "Planned", "Agreed in advance"), c("unplanned", "Unplanned", "A breakdown or emergency move")],
  concernCategories: [c("exploitation", "Sexual or criminal exploitation"), c("self_harm", "Self-harm or suicidal thoughts"), c("other", "Something else")],
  urgencies: [c("immediate", "Immediate danger — act now"), c("today", "Someone must act today"), c("this_week", "Within the week")],
  goalAreas: [c("education", "Education, training or work"), c("other", "Something else")],
  goalStatuses: [c("active", "Working on it"), c("achieved", "Achieved")],
  eetStatuses: [c("full_time", "In full-time education"), c("neet", "Not in education, employment or training")],
  consentAreas: [c("overnight", "Overnight stays and residentials")],
  activityKinds: [c("sport", "Sport")],
  adventures: [c("climbing", "Climbing")],
  authorityHolders: [c("young_person", "The young person (competent to decide)"), c("carer", "Carer or home manager")],
  toldRoles: [c("social_worker", "Social worker"), c("emergency_duty_team", "Emergency duty team"), c("police", "Police"), c("safeguarding_lead", "Designated safeguarding lead")],
  personalRisks: [
    c("missing", "Going missing"),
    c("exploitation", "Exploitation (criminal or sexual)"),
    c("self_harm", "Self-harm"),
    c("substances", "Alcohol and drugs"),
  ],
};

type Store = {
  status: AppStatus;
  passphrase: string;
  failures: number;
  people: YoungPersonDetail[];
  sessions: SessionDetail[];
  /** Family residentials as planned, keyed by nothing: each holds its young person's id. */
  residentials: { id: string; youngPersonId: string; input: ResidentialInput }[];
  /** Risk assessments by plan id, with the supervisor's decision once made. */
  risks: Map<string, { input: RiskInput; standing: "draft" | "awaiting" | "approved" | "returned"; by: string; comments: string; decidedAt: string | null }>;
  /** null until __mockSupervisor() is called: not enrolled, no sync line. */
  sync: SyncStatusView | null;
};

const store: Store = {
  status: { state: "no_profile", coachName: null, retryAfterSeconds: null, idleLockMinutes: 5 },
  passphrase: "",
  failures: 0,
  people: [],
  sessions: [],
  residentials: [],
  risks: new Map(),
  sync: null,
};

let nextId = 1;
const newId = () => `mock-${nextId++}`;
const err = (code: ErrorCode, message: string, field: string | null = null): ErrorDto => ({ code, message, field });
const label = (choices: Choice[], value: string) => choices.find((x) => x.value === value)?.label ?? value;
const pad = (n: number) => String(n).padStart(2, "0");
const nowLocal = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

function requireUnlocked() {
  if (store.status.state !== "unlocked") throw err("locked", "the store is locked — unlock it to continue");
}

// Like Rust's require_coach: a supervisor's device refuses every coach use-case.
function requireCoach() {
  requireUnlocked();
  if (store.sync?.role === "supervisor")
    throw err("supervisor_read_only", "this device belongs to a supervisor: supervisors read records and add comments; the coach writes them");
}

function validatePerson(input: YoungPersonInput) {
  if (input.preferredName.trim() === "") throw err("invalid_input", "enter the young person's preferred name", "preferredName");
  if (input.dateOfBirth === "") throw err("invalid_input", "enter their date of birth", "dateOfBirth");
  if (input.startDate === "") throw err("invalid_input", "enter the start date", "startDate");
  if (input.plannedEndDate !== "" && input.plannedEndDate <= input.startDate)
    throw err("end_before_start", "the planned end must be after the start", "plannedEndDate");
}

function ageOf(dob: string) {
  const d = new Date(dob);
  return Math.max(0, Math.floor((Date.now() - d.getTime()) / (365.25 * 24 * 3600 * 1000)));
}

function refreshSessions(yp: YoungPersonDetail) {
  yp.sessions = store.sessions
    .filter((s) => s.youngPersonId === yp.profile.id)
    .map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end,
      minutes: s.minutes,
      settingLabel: label(reference.settings, s.setting),
      modeLabel: label(reference.modes, s.mode),
      activityLabel: label(reference.activityTypes, s.activity),
      status: s.status,
      preview: s.note.whatHappened.slice(0, 120),
      significant: s.significant,
    }));
  yp.residentials = store.residentials.filter((r) => r.youngPersonId === yp.profile.id).map((r) => residentialView(r.id));
  return structuredClone(yp);
}

function person(id: string) {
  const yp = store.people.find((p) => p.profile.id === id);
  if (yp === undefined) throw err("not_found", "no such young person");
  return yp;
}

function sessionById(id: string) {
  const s = store.sessions.find((x) => x.id === id);
  if (s === undefined) throw err("not_found", "no such session");
  return s;
}

function caseload(): Caseload {
  const entry = (yp: YoungPersonDetail) => {
    const sessions = store.sessions.filter((s) => s.youngPersonId === yp.profile.id);
    return {
      id: yp.profile.id,
      preferredName: yp.profile.preferredName,
      ageYears: yp.profile.ageYears,
      localAuthority: yp.profile.localAuthority,
      phase: yp.intervention.phase,
      phaseLabel: yp.intervention.phaseLabel,
      programmeMonth: yp.intervention.programmeMonth,
      programmeMonths: 18,
      plannedEnd: yp.intervention.plannedEndDate,
      minutesThisWeek: sessions.reduce((sum, s) => sum + s.minutes, 0) + 990,
      targetMinutes: 1500,
      lastSessionStart: sessions.map((s) => s.start).sort().at(-1) ?? null,
      draftCount: sessions.filter((s) => s.status === "draft").length,
      timerStarted: null,
      weekSplit: { minutes: 0, daytime: 0, evening: 0, weekend: 0 },
      alerts: [],
    };
  };
  const open = store.people.filter((p) => p.intervention.closedOn === null).map(entry);
  return {
    coachName: store.status.coachName ?? "",
    weekStarting: "2025-03-03",
    activeLimit: 3,
    youngPeople: open,
    closed: store.people.filter((p) => p.intervention.closedOn !== null).map(entry),
    totalMinutesThisWeek: open.reduce((sum, e) => sum + e.minutesThisWeek, 0),
  };
}

// Plans: family residentials, their risk assessments and sign-off, the trip pack and the agenda.
// Only residentials are kept here; activities are not planned in the mock.

const day = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const parseDay = (value: string) => {
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d);
};
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const shortDay = (value: string) => {
  const d = parseDay(value);
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
};
const daysBetween = (first: string, last: string) => {
  const out: string[] = [];
  for (let d = parseDay(first); day(d) <= last && out.length < 366; d.setDate(d.getDate() + 1)) out.push(day(d));
  return out;
};

function residentialRecord(id: string) {
  const r = store.residentials.find((x) => x.id === id);
  if (r === undefined) throw err("not_found", "no such plan");
  return r;
}

function riskView(planId: string): RiskView {
  const r = store.risks.get(planId);
  if (r === undefined) return { planId, standing: "missing", label: "No risk assessment yet", comments: "", commentsOnEarlierVersion: false, decidedAt: null, version: "", input: null };
  const words = {
    draft: "Written, not sent for sign-off",
    awaiting: "Waiting for the supervisor's sign-off",
    approved: `Signed off by ${r.by}`,
    returned: `Returned by ${r.by} with comments`,
  }[r.standing];
  return {
    planId,
    standing: r.standing,
    label: words,
    comments: r.comments,
    commentsOnEarlierVersion: false,
    decidedAt: r.decidedAt,
    version: `mock-${r.standing}`,
    input: structuredClone(r.input),
  };
}

function residentialView(id: string): ResidentialView {
  const r = residentialRecord(id);
  const yp = person(r.youngPersonId);
  const x = r.input;
  const risk = riskView(id);
  const check = (item: string, missing: string[]): CheckView => ({ item, done: missing.length === 0, missing });
  const checklist = [
    check("Consent", x.consent.holder === "" ? ["Overnight consent is not given yet"] : []),
    check("Risk assessment signed off", risk.standing === "approved" ? [] : ["The risk assessment is not signed off"]),
    check("Transport", x.transport.trim() === "" ? ["Say how everyone gets there and back"] : []),
    check("Emergency contacts", yp.contacts.some((c) => c.phone.trim() !== "") ? [] : ["Add a phone number to the team around the young person"]),
    check("Who is going", x.going.length === 0 ? ["Say who is going"] : []),
    check("Itinerary", x.itinerary.length === 0 ? ["Plan each day"] : []),
  ];
  const pounds = (values: string[]) => values.reduce((sum, v) => sum + (Number(v) || 0), 0).toFixed(2);
  return {
    id,
    youngPersonId: r.youngPersonId,
    youngPersonName: yp.profile.preferredName,
    input: structuredClone(x),
    nights: Math.max(0, daysBetween(x.arrives, x.leaves).length - 1),
    budgetPlanned: pounds(x.budget.map((b) => b.planned)),
    budgetSpent: pounds(x.budget.map((b) => b.actual)),
    checklist,
    ready: checklist.every((c) => c.done),
    mayConsent: yp.authority.find((a) => a.area === "overnight")?.who ?? null,
    risk,
    sessions: [],
    recordedDays: [],
  };
}

function validateResidential(input: ResidentialInput) {
  if (input.title.trim() === "") throw err("invalid_input", "give the residential a title", "title");
  if (input.venue.trim() === "") throw err("invalid_input", "enter where you are staying", "venue");
  if (input.arrives === "") throw err("invalid_input", "enter the day you arrive", "arrives");
  if (input.leaves === "") throw err("invalid_input", "enter the day you leave", "leaves");
  if (input.leaves < input.arrives) throw err("end_before_start", "the day you leave must be on or after the day you arrive", "leaves");
}

function planWhen(id: string) {
  const x = residentialRecord(id).input;
  return `${shortDay(x.arrives)} – ${shortDay(x.leaves)} ${x.leaves.slice(0, 4)}`;
}

function tripPack(planId: string): TripPack {
  const view = residentialView(planId);
  const yp = person(view.youngPersonId);
  const x = view.input;
  const name = yp.profile.preferredName;
  const orNone = (v: string) => (v.trim() === "" ? "None recorded" : v);
  const missingPlan = view.risk.input?.personal.find((p) => p.risk === "missing")?.plan;
  return {
    planId,
    planKind: "residential",
    youngPersonId: yp.profile.id,
    title: x.title,
    about: [
      { label: "Young person", value: name },
      { label: "Date of birth", value: yp.profile.dateOfBirth },
      { label: "When", value: planWhen(planId) },
      { label: "Venue", value: x.venue },
      ...(x.address ? [{ label: "Address", value: x.address }] : []),
      ...(x.venuePhone ? [{ label: "Venue phone", value: x.venuePhone }] : []),
      { label: "Transport", value: orNone(x.transport) },
    ],
    emergencyContacts: [
      { name: "Emergency services", role: "Police, ambulance, fire", phone: "999" },
      { name: "Police, not an emergency", role: "Police", phone: "101" },
      ...yp.contacts.filter((c) => c.phone.trim() !== "").map((c) => ({ name: c.name, role: c.roleLabel, phone: c.phone })),
    ],
    needs: [
      { label: "Medical", value: orNone(x.medical) },
      { label: "Dietary", value: orNone(x.dietary) },
    ],
    consents: [
      {
        label: "Overnight stays and residentials",
        value: x.consent.holder === "" ? `NOT GIVEN YET${view.mayConsent ? `: ask ${view.mayConsent}` : ""}` : `Given by ${x.consent.givenBy || "the young person"} on ${x.consent.givenOn}: ${x.consent.evidence}`,
      },
      { label: "Medical treatment — who may consent", value: "Not recorded on the profile: ask the social worker" },
    ],
    missingProtocol: [
      `Search the immediate area and the places ${name} knows; ring and text ${name}'s phone.`,
      ...(missingPlan ? [`Follow the plan agreed for ${name}: ${missingPlan}`] : []),
      `If ${name} may be at risk, or is not found within the time the care plan allows, call 999 and report ${name} missing.`,
      "Tell the home or carer and the social worker (out of hours, the emergency duty team): the numbers are above.",
      "Tell your supervisor, and record a missing episode in the app.",
      `When ${name} is found: make sure ${name} is safe, tell everyone you told, and record the return. A return-home interview is due within 72 hours.`,
    ],
    itinerary: daysBetween(x.arrives, x.leaves).map((d) => ({
      label: shortDay(d),
      value: x.itinerary.find((i) => i.day === d)?.plan || "Nothing planned yet",
    })),
    risks: view.risk.input
      ? [
          ...view.risk.input.personal.map((p) => ({ label: label(reference.personalRisks, p.risk), value: p.plan })),
          ...view.risk.input.hazards.map((h) => ({ label: h.hazard, value: h.controls })),
          { label: "Staffing", value: view.risk.input.staffing },
          { label: "Emergency plan", value: view.risk.input.emergencyPlan },
        ]
      : [],
    risk: view.risk,
  };
}

function agenda(from: string, days: number): AgendaDay[] {
  const last = parseDay(from);
  last.setDate(last.getDate() + Math.min(Math.max(days, 1), 366) - 1);
  const to = day(last);
  const today = day(new Date());
  const entries: { day: string; sort: string; item: AgendaItem }[] = [];
  for (const s of store.sessions) {
    const d = s.start.slice(0, 10);
    if (d < from || d > to) continue;
    entries.push({
      day: d,
      sort: s.start,
      item: {
        kind: "session",
        planId: "",
        title: "Session (recorded)",
        youngPersonName: s.youngPersonName,
        time: `${s.start.slice(11, 16)}–${s.end.slice(11, 16)}`,
        place: "",
        link: { to: "session", id: s.id },
        status: "",
      },
    });
  }
  for (const r of store.residentials) {
    const view = residentialView(r.id);
    const all = daysBetween(r.input.arrives, r.input.leaves);
    const missing = view.checklist.flatMap((c) => c.missing);
    const status =
      r.input.leaves < today ? "Happened? Record it as a session" : view.ready ? "Ready" : missing.length > 0 ? `Not ready: ${missing[0]}` : "Not ready";
    all.forEach((d, n) => {
      if (d < from || d > to) return;
      entries.push({
        day: d,
        sort: `${d}T00:00`,
        item: {
          kind: "residential",
          planId: r.id,
          title: r.input.title,
          youngPersonName: view.youngPersonName,
          time: `Day ${n + 1} of ${all.length}`,
          place: r.input.venue,
          link: { to: "residential", youngPersonId: r.youngPersonId, residentialId: r.id },
          status,
        },
      });
    });
  }
  entries.sort((a, b) => (a.day === b.day ? a.sort.localeCompare(b.sort) : a.day.localeCompare(b.day)));
  const out: AgendaDay[] = [];
  const next = new Date();
  next.setDate(next.getDate() + 1);
  const tomorrow = day(next);
  for (const e of entries) {
    const previous = out.at(-1);
    if (previous !== undefined && previous.date === e.day) previous.items.push(e.item);
    else out.push({ date: e.day, label: e.day === today ? "Today" : e.day === tomorrow ? "Tomorrow" : shortDay(e.day), items: [e.item] });
  }
  return out;
}

function exported(name: string, bytes: number): ExportedFile {
  return { path: `/home/coach/.local/share/insideout-coach/exports/${name}`, bytes };
}

function stamp() {
  const d = new Date();
  return `${day(d).replace(/-/g, "")}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

type Args = Record<string, unknown>;

function handle(cmd: string, args: Args): unknown {
  switch (cmd) {
    case "app_status":
      return store.status;
    case "reference_data":
      return reference;
    case "create_profile": {
      const input = args.input as { coachName: string; passphrase: string; passphraseConfirm: string };
      if (store.status.state !== "no_profile") throw err("profile_exists", "a profile already exists on this device");
      if (input.coachName.trim() === "") throw err("invalid_input", "enter your name", "coachName");
      if (input.passphrase.length < 10) throw err("invalid_input", "use at least 10 characters", "passphrase");
      if (input.passphrase !== input.passphraseConfirm)
        throw err("invalid_input", "the two passphrases are different — type them again", "passphraseConfirm");
      store.passphrase = input.passphrase;
      store.status = { ...store.status, state: "unlocked", coachName: input.coachName.trim() };
      return store.status;
    }
    case "unlock": {
      if (store.status.retryAfterSeconds !== null) throw err("too_many_attempts", "too many attempts — wait, then try again");
      if (args.passphrase !== store.passphrase) {
        store.failures += 1;
        if (store.failures >= 3) {
          store.status = { ...store.status, retryAfterSeconds: 15 };
          setTimeout(() => (store.status = { ...store.status, retryAfterSeconds: null }), 15000);
          throw err("too_many_attempts", "too many attempts — wait 15 s, then try again");
        }
        throw err("wrong_passphrase", "wrong passphrase — try again", "passphrase");
      }
      store.failures = 0;
      store.status = { ...store.status, state: "unlocked" };
      return store.status;
    }
    case "touch":
      requireUnlocked();
      return null;
    case "lock":
      store.status = { ...store.status, state: "locked" };
      return store.status;
    case "change_passphrase": {
      requireUnlocked();
      const input = args.input as { current: string; newPassphrase: string; confirm: string };
      if (input.current !== store.passphrase) throw err("wrong_passphrase", "your current passphrase is wrong — try again", "current");
      if (input.newPassphrase.length < 10) throw err("invalid_input", "use at least 10 characters", "newPassphrase");
      if (input.newPassphrase !== input.confirm) throw err("invalid_input", "the two passphrases are different", "confirm");
      store.passphrase = input.newPassphrase;
      return null;
    }
    case "caseload":
      requireUnlocked();
      return caseload();
    case "young_person":
      requireUnlocked();
      return refreshSessions(person(args.id as string));
    case "add_young_person": {
      requireCoach();
      const input = args.input as YoungPersonInput;
      if (caseload().youngPeople.length >= 3) throw err("caseload_full", "you already work with three young people — close one first");
      validatePerson(input);
      const id = newId();
      const yp: YoungPersonDetail = {
        profile: { id, ...input, ageYears: ageOf(input.dateOfBirth) },
        intervention: {
          referralDate: input.referralDate,
          startDate: input.startDate,
          plannedEndDate: input.plannedEndDate,
          phase: "engagement",
          phaseLabel: "Engagement",
          programmeMonth: 1,
          programmeMonths: 18,
          closedOn: null,
          closureReason: null,
          closureNote: null,
        },
        placements: [],
        contacts: [],
        formerContacts: [],
        conflicts: [],
        concerns: [],
        missingEpisodes: [],
        timerStarted: null,
        authority: [],
        activities: [],
        residentials: [],
        sessions: [],
        readers: [],
      };
      store.people.push(yp);
      return refreshSessions(yp);
    }
    case "update_young_person": {
      requireCoach();
      const input = args.input as YoungPersonInput;
      validatePerson(input);
      const yp = person(args.id as string);
      yp.profile = { ...yp.profile, ...input, ageYears: ageOf(input.dateOfBirth) };
      yp.intervention = { ...yp.intervention, referralDate: input.referralDate, startDate: input.startDate, plannedEndDate: input.plannedEndDate };
      return refreshSessions(yp);
    }
    case "set_phase": {
      requireCoach();
      const yp = person(args.id as string);
      if (args.phase === "") throw err("invalid_input", "choose a phase", "phase");
      yp.intervention.phase = args.phase as Phase;
      yp.intervention.phaseLabel = label(reference.phases, args.phase as string);
      return refreshSessions(yp);
    }
    case "close_intervention": {
      requireCoach();
      const yp = person(args.id as string);
      const input = args.input as { date: string; reason: string; note: string };
      if (input.reason === "") throw err("invalid_input", "choose a reason", "reason");
      yp.intervention = { ...yp.intervention, closedOn: input.date, closureReason: input.reason, closureNote: input.note };
      return refreshSessions(yp);
    }
    case "add_placement": {
      requireCoach();
      const yp = person(args.youngPersonId as string);
      const input = args.input as { placementType: string; providerName: string; startDate: string };
      if (input.placementType === "") throw err("invalid_input", "choose the type of placement", "placementType");
      if (input.providerName.trim() === "") throw err("invalid_input", "enter the provider or carer", "providerName");
      yp.placements.push({
        id: newId(),
        ...input,
        // The form's value, one of the reference data's placement types.
        placementType: input.placementType as PlacementType,
        placementTypeLabel: label(reference.placementTypes, input.placementType),
        endDate: null,
        ending: null,
        reason: null,
      });
      return refreshSessions(yp);
    }
    case "end_placement": {
      requireCoach();
      const yp = store.people.find((p) => p.placements.some((pl) => pl.id === args.placementId));
      if (yp === undefined) throw err("not_found", "no such placement");
      const input = args.input as { endDate: string; ending: string; reason: string };
      if (input.ending === "") throw err("invalid_input", "say whether the ending was planned", "ending");
      const pl = yp.placements.find((x) => x.id === args.placementId);
      if (pl) Object.assign(pl, { endDate: input.endDate, ending: input.ending, reason: input.reason });
      return refreshSessions(yp);
    }
    case "add_contact":
    case "update_contact": {
      requireCoach();
      const input = args.input as { name: string; role: ContactRole; organisation: string; phone: string; email: string; notes: string };
      if (input.name.trim() === "") throw err("invalid_input", "enter their name", "name");
      if (input.email !== "" && !input.email.includes("@")) throw err("invalid_input", "enter an email address like name@example.org", "email");
      const view = { ...input, roleLabel: label(reference.contactRoles, input.role), removedAt: null, removedReason: null };
      if (cmd === "add_contact") {
        const yp = person(args.youngPersonId as string);
        yp.contacts.push({ id: newId(), ...view });
        return refreshSessions(yp);
      }
      const yp = store.people.find((p) => p.contacts.some((x) => x.id === args.contactId));
      if (yp === undefined) throw err("not_found", "no such contact");
      const i = yp.contacts.findIndex((x) => x.id === args.contactId);
      yp.contacts[i] = { id: args.contactId as string, ...view };
      return refreshSessions(yp);
    }
    case "remove_contact": {
      requireCoach();
      const reason = (args.reason as string).trim();
      if (reason === "") throw err("invalid_input", "enter why this contact is no longer involved", "reason");
      const yp = store.people.find((p) => p.contacts.some((x) => x.id === args.contactId));
      if (yp === undefined) throw err("invalid_input", "this contact was removed from the team around the young person", "contact");
      const i = yp.contacts.findIndex((x) => x.id === args.contactId);
      const [gone] = yp.contacts.splice(i, 1);
      yp.formerContacts.push({ ...gone, removedAt: new Date().toISOString(), removedReason: reason });
      return refreshSessions(yp);
    }
    case "record_session": {
      requireCoach();
      const input = args.input as SessionDetail & { youngPersonId: string };
      const yp = person(input.youngPersonId);
      if (input.start === "") throw err("invalid_input", "enter the start", "start");
      if (input.end === "") throw err("invalid_input", "enter the end", "end");
      if (input.end <= input.start) throw err("end_before_start", "the end must be after the start", "end");
      if (input.setting === "") throw err("invalid_input", "choose where the session happened", "setting");
      if (input.mode === "") throw err("invalid_input", "choose how the session happened", "mode");
      if (input.activity === "") throw err("invalid_input", "choose the kind of session", "activity");
      const minutes = Math.round((new Date(input.end).getTime() - new Date(input.start).getTime()) / 60000);
      const s: SessionDetail = {
        id: newId(),
        youngPersonId: yp.profile.id,
        youngPersonName: yp.profile.preferredName,
        start: input.start,
        end: input.end,
        minutes,
        setting: input.setting,
        mode: input.mode,
        attendees: input.attendees,
        activity: input.activity,
        significant: input.significant,
        note: { whatHappened: "", voice: "", analysis: "", actions: "" },
        status: "draft",
        finalisedAt: null,
        lastSavedAt: null,
        addenda: [],
        revisions: [],
        otherVersions: [],
        comments: [],
      };
      store.sessions.push(s);
      return structuredClone(s);
    }
    case "session":
      requireUnlocked();
      return structuredClone(sessionById(args.id as string));
    case "save_draft": {
      requireCoach();
      const s = sessionById(args.sessionId as string);
      if (s.status === "finalised") throw err("note_finalised", "this note is finalised — add an addendum instead");
      s.note = args.note as NoteBody;
      s.lastSavedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const rev = s.revisions.find((r) => r.id === args.editId);
      if (rev) Object.assign(rev, { note: s.note, writtenAt: nowLocal() });
      else s.revisions.push({ id: args.editId as string, writtenAt: nowLocal(), kind: "draft", note: s.note });
      return new Promise((resolve) => setTimeout(() => resolve({ savedAt: s.lastSavedAt }), 150));
    }
    case "finalise": {
      requireCoach();
      const s = sessionById(args.sessionId as string);
      if (s.note.whatHappened.trim() === "") throw err("empty_note", "write what happened before finalising", "whatHappened");
      s.status = "finalised";
      s.finalisedAt = nowLocal();
      return structuredClone(s);
    }
    case "add_addendum": {
      requireCoach();
      const s = sessionById(args.sessionId as string);
      if ((args.text as string).trim() === "") throw err("empty_note", "write the addendum", "whatHappened");
      const a: AddendumView = { id: newId(), text: args.text as string, writtenAt: nowLocal() };
      s.addenda.push(a);
      return structuredClone(s);
    }
    case "search": {
      requireUnlocked();
      const q = (args.query as string).toLowerCase();
      const hits: SearchHit[] = [];
      for (const s of store.sessions) {
        const text = [s.note.whatHappened, s.note.voice, s.note.analysis, s.note.actions, ...s.addenda.map((a) => a.text)].join(" … ");
        const at = text.toLowerCase().indexOf(q);
        if (at === -1) continue;
        const from = Math.max(0, at - 40);
        const snippet = `${from > 0 ? "…" : ""}${text.slice(from, at)}[${text.slice(at, at + q.length)}]${text.slice(at + q.length, at + q.length + 60)}…`;
        hits.push({ sessionId: s.id, youngPersonId: s.youngPersonId, youngPersonName: s.youngPersonName, sessionStart: s.start, snippet, status: s.status });
      }
      return hits;
    }
    case "add_comment": {
      requireUnlocked();
      const s = sessionById(args.sessionId as string);
      if ((args.text as string).trim() === "") throw err("invalid_input", "write the comment", "text");
      const comment: CommentView = { id: newId(), author: store.status.coachName ?? "", text: args.text as string, writtenAt: nowLocal(), mine: true };
      s.comments.push(comment);
      return structuredClone(s);
    }
    case "sync_status":
    case "sync_now":
      requireUnlocked();
      return store.sync;
    case "team_updates": {
      requireUnlocked();
      const updates: UpdateView[] = store.sessions.map((s) => ({
        kind: s.status === "finalised" ? "finalised" : "session",
        what: s.status === "finalised" ? "Note finalised" : "Session recorded",
        sessionId: s.id,
        youngPersonId: s.youngPersonId,
        youngPersonName: s.youngPersonName,
        at: s.finalisedAt ?? s.start,
        byThisDevice: false,
      }));
      return updates.reverse();
    }
    case "team_devices": {
      requireUnlocked();
      const devices: DeviceView[] = [
        { id: "mock-device-this-one", person: "mock-person-this-one", personName: store.status.coachName ?? "", deviceName: `${(store.status.coachName ?? "My").split(" ")[0]}'s computer`, role: store.sync?.role ?? "coach", status: "approved", thisDevice: true },
        { id: "mock-device-coach-01", person: "mock-person-coach-01", personName: "Sam Taylor", deviceName: "Sam's computer", role: "coach", status: "approved", thisDevice: false },
      ];
      return devices;
    }
    case "set_device":
      requireUnlocked();
      return null;
    case "plan_residential": {
      requireCoach();
      const yp = person(args.youngPersonId as string);
      const input = args.input as ResidentialInput;
      validateResidential(input);
      const id = newId();
      store.residentials.push({ id, youngPersonId: yp.profile.id, input: structuredClone(input) });
      return residentialView(id);
    }
    case "update_residential": {
      requireCoach();
      const r = residentialRecord(args.residentialId as string);
      const input = args.input as ResidentialInput;
      validateResidential(input);
      r.input = structuredClone(input);
      return residentialView(r.id);
    }
    case "residential":
      requireUnlocked();
      return residentialView(args.residentialId as string);
    case "assess_risk": {
      requireCoach();
      const planId = args.planId as string;
      residentialRecord(planId);
      const input = args.input as RiskInput;
      if (input.emergencyPlan.trim() === "") throw err("invalid_input", "say what happens in an emergency", "emergencyPlan");
      const before = store.risks.get(planId);
      store.risks.set(planId, {
        input: structuredClone(input),
        standing: args.requestSignOff === true ? "awaiting" : "draft",
        by: before?.by ?? "",
        comments: "",
        decidedAt: null,
      });
      return riskView(planId);
    }
    case "risk":
      requireUnlocked();
      residentialRecord(args.planId as string);
      return riskView(args.planId as string);
    case "sign_off": {
      requireUnlocked();
      if (store.sync?.role !== "supervisor")
        throw err("invalid_input", "only a supervisor signs off a plan: send it for sign-off and your supervisor decides on their device", "decision");
      const planId = args.planId as string;
      residentialRecord(planId);
      const r = store.risks.get(planId);
      if (r === undefined) throw err("invalid_input", "there is no risk assessment to sign off yet", "decision");
      const decision = args.decision as string;
      const comments = (args.comments as string).trim();
      if (decision !== "approved" && decision !== "returned") throw err("invalid_input", "choose whether to sign it off or return it", "decision");
      if (decision === "returned" && comments === "") throw err("invalid_input", "say what the coach should change", "comments");
      Object.assign(r, { standing: decision, by: store.status.coachName ?? "the supervisor", comments, decidedAt: nowLocal() });
      return riskView(planId);
    }
    case "sign_offs": {
      requireUnlocked();
      const items: SignOffItem[] = [...store.risks.keys()].map((planId) => {
        const view = residentialView(planId);
        return { planId, planKind: "residential", title: view.input.title, youngPersonName: view.youngPersonName, when: planWhen(planId), risk: view.risk };
      });
      return items.sort((a, b) => Number(a.risk.standing !== "awaiting") - Number(b.risk.standing !== "awaiting"));
    }
    case "trip_pack":
      requireUnlocked();
      return tripPack(args.planId as string);
    case "export_trip_pack": {
      requireUnlocked();
      const pack = tripPack(args.planId as string);
      const slug = pack.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "plan";
      return exported(`trip-pack-${slug}-${stamp()}.pdf`, 24_576);
    }
    case "agenda":
      requireUnlocked();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(args.from as string)) throw err("invalid_input", "enter the first day as a date", "from");
      return agenda(args.from as string, args.days as number);
    case "plan_session":
    case "cancel_planned_session":
      return {
        id: newId(),
        youngPersonId: String(args.youngPersonId ?? ""),
        input: (args.input as PlannedSessionView["input"]) ?? { starts: "", ends: "", place: "", purpose: "" },
        cancelled: cmd === "cancel_planned_session",
      } satisfies PlannedSessionView;
    case "export_calendar":
      requireUnlocked();
      return exported(`inside-out-coach-${stamp()}.ics`, 1_024 + 400 * store.residentials.length);
    case "plugin:event|listen":
    case "plugin:event|unlisten":
      return 0;
    default:
      throw err("unexpected", `the mock has no command ${cmd}`);
  }
}

export function installMockBackend(): void {
  mockIPC(
    (cmd, payload) => {
      try {
        return Promise.resolve(handle(cmd, (payload ?? {}) as Args));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    { shouldMockEvents: true },
  );
  // From the devtools console: __mockIdleLock() behaves like the Rust idle lock.
  (globalThis as Record<string, unknown>).__mockIdleLock = () => {
    store.status = { ...store.status, state: "locked" };
    void emit("locked", store.status);
  };
  // __mockSupervisor() makes this device a supervisor's (read-only for the coach's records, as
  // Rust does); __mockSupervisor(false) makes it a coach's again. Both enrol it, so the sync line shows.
  (globalThis as Record<string, unknown>).__mockSupervisor = (on = true) => {
    store.sync = syncedStatus({ role: on ? "supervisor" : "coach" });
    void emit("sync", store.sync);
  };
}
