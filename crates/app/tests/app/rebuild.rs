//! The op log is the source of truth: whatever a coach does, rebuilding the tables from the log
//! gives the same tables.

use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;
use insideout_domain::op::OpBody;
use proptest::prelude::*;

#[derive(Debug, Clone)]
pub(crate) enum Action {
    AddYoungPerson {
        name_index: usize,
        start_day: u32,
    },
    Edit {
        who: usize,
        name: usize,
        risk: usize,
    },
    Phase {
        who: usize,
        phase: usize,
    },
    Close {
        who: usize,
    },
    Placement {
        who: usize,
        day: u32,
    },
    EndPlacement {
        who: usize,
        unplanned: bool,
    },
    Contact {
        who: usize,
        bad_phone: bool,
    },
    EditContact {
        who: usize,
        phone: usize,
    },
    RemoveContact {
        who: usize,
    },
    Session {
        who: usize,
        day: u32,
        hours: u32,
    },
    Missing {
        who: usize,
        day: u32,
    },
    MissingBack {
        who: usize,
        hours: u32,
        found: usize,
    },
    ChronologyNote {
        who: usize,
        day: u32,
    },
    Goal {
        who: usize,
        words: usize,
    },
    GoalChange {
        who: usize,
        achieved: bool,
        score: u8,
    },
    OutcomeCheck {
        who: usize,
        month: u32,
        neet: bool,
    },
    Activity {
        who: usize,
        day: u32,
        insured: bool,
    },
    Residential {
        who: usize,
        day: u32,
        nights: u32,
    },
    Assess {
        who: usize,
        staff: u8,
        send: bool,
    },
    PlanSession {
        who: usize,
        day: u32,
        cancel: bool,
    },
    Curate {
        who: usize,
        entry: usize,
        included: bool,
    },
    Draft {
        session: usize,
        sitting: u8,
        text: String,
    },
    Finalise {
        session: usize,
    },
    Addendum {
        session: usize,
        text: String,
    },
    Concern {
        who: usize,
        day: u32,
    },
    /// 0: a follow-up; 1 and 2: an acknowledgement and a closure, refused on a coach's device.
    ConcernStep {
        who: usize,
        kind: u8,
    },
    SafetyPlan {
        who: usize,
        words: usize,
    },
    /// Checks in (refused while already checked in), or checks out of the open check-in.
    CheckInOut {
        who: usize,
        out: bool,
    },
    /// A supervisor's formal supervision of a coach (written as a supervisor's device would:
    /// readers' role checks are the sync suite's), or a case discussion about a young person.
    Oversight {
        who: usize,
        day: u32,
        supervision: bool,
    },
    LockUnlock,
}

pub(crate) fn action() -> impl Strategy<Value = Action> {
    let who = 0usize..4;
    prop_oneof![
        (0usize..5, 0u32..120).prop_map(|(name_index, start_day)| Action::AddYoungPerson {
            name_index,
            start_day
        }),
        (who.clone(), 0usize..3, 0usize..4).prop_map(|(who, name, risk)| Action::Edit {
            who,
            name,
            risk
        }),
        (who.clone(), 0usize..4).prop_map(|(who, phase)| Action::Phase { who, phase }),
        who.clone().prop_map(|who| Action::Close { who }),
        (who.clone(), 0u32..200).prop_map(|(who, day)| Action::Placement { who, day }),
        (who.clone(), any::<bool>())
            .prop_map(|(who, unplanned)| Action::EndPlacement { who, unplanned }),
        (who.clone(), any::<bool>())
            .prop_map(|(who, bad_phone)| Action::Contact { who, bad_phone }),
        (who.clone(), 0usize..3).prop_map(|(who, phone)| Action::EditContact { who, phone }),
        who.clone().prop_map(|who| Action::RemoveContact { who }),
        (who.clone(), 0u32..200, 0u32..30).prop_map(|(who, day, hours)| Action::Session {
            who,
            day,
            hours
        }),
        (who.clone(), 0u32..170).prop_map(|(who, day)| Action::Missing { who, day }),
        (who.clone(), 1u32..90, 0usize..3).prop_map(|(who, hours, found)| Action::MissingBack {
            who,
            hours,
            found
        }),
        (who.clone(), 0u32..170).prop_map(|(who, day)| Action::ChronologyNote { who, day }),
        (who.clone(), 0usize..3).prop_map(|(who, words)| Action::Goal { who, words }),
        (who.clone(), any::<bool>(), 0u8..12).prop_map(|(who, achieved, score)| {
            Action::GoalChange {
                who,
                achieved,
                score,
            }
        }),
        (who.clone(), 6u32..12, any::<bool>())
            .prop_map(|(who, month, neet)| { Action::OutcomeCheck { who, month, neet } }),
        (who.clone(), 0u32..200, any::<bool>()).prop_map(|(who, day, insured)| Action::Activity {
            who,
            day,
            insured
        }),
        (who.clone(), 0u32..200, 0u32..4).prop_map(|(who, day, nights)| Action::Residential {
            who,
            day,
            nights
        }),
        (who.clone(), 0u32..200, any::<bool>())
            .prop_map(|(who, day, cancel)| { Action::PlanSession { who, day, cancel } }),
        (who.clone(), 1u8..4, any::<bool>()).prop_map(|(who, staff, send)| Action::Assess {
            who,
            staff,
            send
        }),
        (who.clone(), 0usize..6, any::<bool>()).prop_map(|(who, entry, included)| {
            Action::Curate {
                who,
                entry,
                included,
            }
        }),
        (0usize..8, 0u8..3, "[a-z ]{0,30}").prop_map(|(session, sitting, text)| Action::Draft {
            session,
            sitting,
            text
        }),
        (0usize..8).prop_map(|session| Action::Finalise { session }),
        (0usize..8, "[a-z ]{0,20}").prop_map(|(session, text)| Action::Addendum { session, text }),
        (who.clone(), 0u32..170).prop_map(|(who, day)| Action::Concern { who, day }),
        (who.clone(), 0u8..3).prop_map(|(who, kind)| Action::ConcernStep { who, kind }),
        (who.clone(), 0usize..3).prop_map(|(who, words)| Action::SafetyPlan { who, words }),
        (who.clone(), any::<bool>()).prop_map(|(who, out)| Action::CheckInOut { who, out }),
        (who.clone(), 0u32..170, any::<bool>()).prop_map(|(who, day, supervision)| {
            Action::Oversight {
                who,
                day,
                supervision,
            }
        }),
        Just(Action::LockUnlock),
    ]
}

fn day(n: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 2).unwrap() + chrono::Days::new(u64::from(n))
}

/// Performs an action; refusals are expected and ignored (they must change nothing).
pub(crate) fn perform(
    f: &mut Fixture,
    people: &mut Vec<String>,
    sessions: &mut Vec<String>,
    action: Action,
) {
    let pick = |list: &Vec<String>, i: usize| list.get(i % list.len().max(1)).cloned();
    match action {
        Action::AddYoungPerson {
            name_index,
            start_day,
        } => {
            let mut input = young_person_input(["Jay", "Sam", "Kai", "Lee", "Mo"][name_index]);
            input.start_date = day(start_day).to_string();
            input.referral_date = day(start_day).to_string();
            input.planned_end_date = (day(start_day) + chrono::Days::new(500)).to_string();
            if let Ok(d) = f.app.add_young_person(input) {
                people.push(d.profile.id);
            }
        }
        Action::Edit { who, name, risk } => {
            if let Some(id) = pick(people, who) {
                let mut input = young_person_input(["Edited", "Eddie", "Ed"][name]);
                input.risk_indicators = [&[][..], &["gangs"], &["cse"], &["gangs", "missing"]]
                    [risk]
                    .iter()
                    .map(|r| (*r).to_owned())
                    .collect();
                let _ = f.app.update_young_person(&id, input);
            }
        }
        Action::Phase { who, phase } => {
            if let Some(id) = pick(people, who) {
                let _ = f.app.set_phase(
                    &id,
                    ["engagement", "intensive", "step_down", "closed"][phase],
                );
            }
        }
        Action::Close { who } => {
            if let Some(id) = pick(people, who) {
                let _ = f.app.close_intervention(
                    &id,
                    CloseInput {
                        date: "2025-11-01".into(),
                        reason: "planned_end".into(),
                        note: "done".into(),
                    },
                );
            }
        }
        Action::Placement { who, day: d } => {
            if let Some(id) = pick(people, who) {
                let _ = f.app.add_placement(
                    &id,
                    PlacementInput {
                        placement_type: "foster_care".into(),
                        provider_name: "Carers".into(),
                        start_date: day(d).to_string(),
                    },
                );
            }
        }
        Action::EndPlacement { who, unplanned } => {
            if let Some(id) = pick(people, who)
                && let Ok(d) = f.app.young_person(&id)
                && let Some(p) = d.placements.first()
            {
                let ending = if unplanned { "unplanned" } else { "planned" };
                let _ = f.app.end_placement(
                    &p.id,
                    EndPlacementInput {
                        end_date: "2025-11-01".into(),
                        ending: ending.into(),
                        reason: "moved".into(),
                    },
                );
            }
        }
        Action::Contact { who, bad_phone } => {
            if let Some(id) = pick(people, who) {
                let phone = if bad_phone {
                    "call me maybe"
                } else {
                    "01245 000000"
                };
                let _ = f.app.add_contact(
                    &id,
                    ContactInput {
                        name: "Priya".into(),
                        role: "social_worker".into(),
                        phone: phone.into(),
                        ..Default::default()
                    },
                );
            }
        }
        Action::EditContact { who, phone } => {
            if let Some(id) = pick(people, who)
                && let Ok(d) = f.app.young_person(&id)
                && let Some(c) = d.contacts.first()
            {
                let _ = f.app.update_contact(
                    &c.id,
                    ContactInput {
                        name: "Priya".into(),
                        role: "social_worker".into(),
                        phone: ["01245 111111", "07700 900123", ""][phone].into(),
                        ..Default::default()
                    },
                );
            }
        }
        Action::RemoveContact { who } => {
            if let Some(id) = pick(people, who)
                && let Ok(d) = f.app.young_person(&id)
                && let Some(c) = d.contacts.first()
            {
                let _ = f.app.remove_contact(&c.id, "Moved to another team");
            }
        }
        Action::Session { who, day: d, hours } => {
            if let Some(id) = pick(people, who) {
                let start = day(d).and_hms_opt(18, 0, 0).unwrap();
                let end = start + chrono::TimeDelta::hours(i64::from(hours));
                let input = session_input(
                    &id,
                    &start.format("%Y-%m-%dT%H:%M").to_string(),
                    &end.format("%Y-%m-%dT%H:%M").to_string(),
                );
                if let Ok(s) = f.app.record_session(input) {
                    sessions.push(s.id);
                }
            }
        }
        Action::Draft {
            session,
            sitting,
            text,
        } => {
            if let Some(id) = pick(sessions, session) {
                let _ = f
                    .app
                    .save_draft(&id, &format!("sitting-{sitting}"), note(&text));
            }
        }
        Action::Finalise { session } => {
            if let Some(id) = pick(sessions, session) {
                let _ = f.app.finalise(&id);
            }
        }
        Action::Missing { who, day: d } => {
            if let Some(id) = pick(people, who) {
                let input = MissingEpisodeInput {
                    went_missing: format!("{}T19:00", day(d)),
                    ..MissingEpisodeInput::default()
                };
                let _ = f.app.record_missing_episode(&id, input);
            }
        }
        Action::MissingBack { who, hours, found } => {
            let episode = pick(people, who)
                .and_then(|id| f.app.young_person(&id).ok())
                .and_then(|d| d.missing_episodes.into_iter().next());
            if let Some(e) = episode {
                let went =
                    chrono::NaiveDateTime::parse_from_str(&e.input.went_missing, "%Y-%m-%dT%H:%M")
                        .unwrap();
                let input = MissingEpisodeInput {
                    came_back: true,
                    returned_at: (went + chrono::TimeDelta::hours(i64::from(hours)))
                        .format("%Y-%m-%dT%H:%M")
                        .to_string(),
                    where_found: ["Park", "A friend's flat", "Bus station"][found].into(),
                    ..e.input
                };
                let _ = f.app.update_missing_episode(&e.id, input);
            }
        }
        Action::ChronologyNote { who, day: d } => {
            if let Some(id) = pick(people, who) {
                let input = ChronologyNoteInput {
                    on: day(d).to_string(),
                    title: format!("Event on day {d}"),
                    detail: String::new(),
                };
                let _ = f.app.add_chronology_note(&id, input);
            }
        }
        Action::Goal { who, words } => {
            if let Some(id) = pick(people, who) {
                let input = GoalInput {
                    area: "education".into(),
                    words: ["Cook a meal", "Go to college", "See mum weekly"][words].into(),
                    agreed_on: "2025-09-01".into(),
                    status: String::new(),
                };
                let _ = f.app.agree_goal(&id, input);
            }
        }
        Action::GoalChange {
            who,
            achieved,
            score,
        } => {
            let goal = pick(people, who)
                .and_then(|id| f.app.goals(&id).ok())
                .and_then(|g| g.goals.into_iter().next());
            if let Some(g) = goal {
                let _ = f.app.rate_goal(
                    &g.id,
                    RatingInput {
                        on: "2025-10-01".into(),
                        young_person_score: score.to_string(),
                        coach_score: "5".into(),
                        note: String::new(),
                    },
                );
                let input = GoalInput {
                    status: if achieved { "achieved" } else { "active" }.into(),
                    ..g.input
                };
                let _ = f.app.update_goal(&g.id, input);
            }
        }
        Action::Activity {
            who,
            day: d,
            insured,
        } => {
            if let Some(id) = pick(people, who) {
                let existing = f
                    .app
                    .young_person(&id)
                    .ok()
                    .and_then(|yp| yp.activities.into_iter().next());
                let input = ActivityInput {
                    title: format!("Activity on day {d}"),
                    kind: "sport".into(),
                    provider_name: "Leisure centre".into(),
                    insurance_checked: insured,
                    starts: format!("{}T10:00", day(d)),
                    ends: format!("{}T12:00", day(d)),
                    consent_holder: if insured { "carer" } else { "" }.into(),
                    consent_given_by: "Tom".into(),
                    consent_evidence: "Signed form".into(),
                    consent_given_on: day(d).to_string(),
                    ..ActivityInput::default()
                };
                let _ = match existing {
                    // Half the time an edit of the first activity, so devices edit the same one.
                    Some(a) if d % 2 == 0 => f.app.update_activity(&a.id, input),
                    _ => f.app.plan_activity(&id, input),
                };
            }
        }
        Action::Residential {
            who,
            day: d,
            nights,
        } => {
            if let Some(id) = pick(people, who) {
                let existing = f
                    .app
                    .young_person(&id)
                    .ok()
                    .and_then(|yp| yp.residentials.into_iter().next());
                let input = ResidentialInput {
                    title: format!("Residential from day {d}"),
                    venue: "Brandon Lodge".into(),
                    arrives: day(d).to_string(),
                    // No nights is refused: the day you leave must follow the day you arrive.
                    leaves: day(d + nights).to_string(),
                    itinerary: vec![DayPlanInput {
                        day: day(d).to_string(),
                        plan: format!("Arrive on day {d}"),
                    }],
                    transport: if nights % 2 == 0 { "Minibus" } else { "" }.into(),
                    ..ResidentialInput::default()
                };
                let _ = match existing {
                    Some(r) if d % 2 == 0 => f.app.update_residential(&r.id, input),
                    _ => f.app.plan_residential(&id, input),
                };
            }
        }
        Action::PlanSession {
            who,
            day: d,
            cancel,
        } => {
            if let Some(id) = pick(people, who) {
                let planned = f.app.plan_session(
                    &id,
                    PlannedSessionInput {
                        starts: format!("{}T16:00", day(d)),
                        ends: format!("{}T18:00", day(d)),
                        place: String::new(),
                        purpose: format!("Plan {d}"),
                    },
                );
                if cancel && let Ok(p) = planned {
                    let _ = f.app.cancel_planned_session(&p.id);
                }
            }
        }
        Action::Assess { who, staff, send } => {
            if let Some(id) = pick(people, who)
                && let Ok(yp) = f.app.young_person(&id)
                && let Some(r) = yp.residentials.first()
            {
                let input = RiskInput {
                    hazards: vec![HazardInput {
                        hazard: "Open water".into(),
                        controls: "Buoyancy aids".into(),
                    }],
                    personal: Vec::new(),
                    staffing: format!("{staff} staff"),
                    emergency_plan: "Call 999".into(),
                };
                let _ = f.app.assess_risk(&r.id, input, send);
            }
        }
        Action::OutcomeCheck { who, month, neet } => {
            if let Some(id) = pick(people, who) {
                let input = OutcomeCheckInput {
                    month: format!("2025-{month:02}"),
                    eet: if neet { "neet" } else { "full_time" }.into(),
                    risk_indicators: vec!["cse".into()],
                    wellbeing: "5".into(),
                    family: String::new(),
                    note: String::new(),
                };
                let _ = f.app.record_outcome_check(&id, input);
            }
        }
        Action::Curate {
            who,
            entry,
            included,
        } => {
            if let Some(id) = pick(people, who)
                && let Ok(c) = f.app.chronology(&id)
                && let Some(e) = c.entries.get(entry % c.entries.len().max(1))
            {
                let input = CurationInput {
                    key: e.key.clone(),
                    included,
                    summary: if included {
                        String::new()
                    } else {
                        format!("left out {entry}")
                    },
                };
                let _ = f.app.curate_chronology(&id, input);
            }
        }
        Action::Addendum { session, text } => {
            if let Some(id) = pick(sessions, session) {
                let _ = f.app.add_addendum(&id, &text);
            }
        }
        Action::Concern { who, day: d } => {
            if let Some(id) = pick(people, who) {
                let input = ConcernInput {
                    category: "exploitation".into(),
                    urgency: "today".into(),
                    noticed_at: format!("{}T20:15", day(d)),
                    what: "Said an older man drives him to a flat.".into(),
                    told: Vec::new(),
                    actions: String::new(),
                };
                let _ = f.app.raise_concern(&id, input);
            }
        }
        Action::ConcernStep { who, kind } => {
            let concern = pick(people, who)
                .and_then(|id| f.app.young_person(&id).ok())
                .and_then(|d| d.concerns.into_iter().next());
            if let Some(c) = concern {
                let _ = match kind {
                    0 => f
                        .app
                        .follow_up_concern(&c.id, "Rang the emergency duty team."),
                    1 => f.app.acknowledge_concern(&c.id),
                    _ => f.app.close_concern(&c.id, "Safe at home."),
                };
            }
        }
        Action::SafetyPlan { who, words } => {
            if let Some(id) = pick(people, who) {
                let input = SafetyPlanInput {
                    description: ["Tall, grey hoodie", "", "Short, red coat"][words].into(),
                    who_to_call: "Oak House 01245 000222".into(),
                    risks: vec!["gangs".into()],
                    what_helps: ["Football", "Cooking", "Music"][words].into(),
                    ..SafetyPlanInput::default()
                };
                let _ = f.app.set_safety_plan(&id, input);
            }
        }
        Action::CheckInOut { who, out } => {
            if out {
                if let Some(open) = f.app.out_now().ok().and_then(|o| o.into_iter().next()) {
                    let _ = f.app.check_out(&open.id);
                }
            } else if let Some(id) = pick(people, who) {
                let input = CheckInInput {
                    with_whom: "Jay".into(),
                    area: "Town centre".into(),
                    expected_end: "23:59".into(),
                };
                let _ = f.app.check_in(&id, input);
            }
        }
        Action::Oversight {
            who,
            day: on,
            supervision,
        } => {
            use insideout_domain::oversight::{ActionItem, CaseDiscussion};
            let line = |s: &str| insideout_domain::text::Line::parse(Field::What, "x", s).unwrap();
            let discussion = CaseDiscussion::new(
                day(on),
                "Evening work and the weekend.",
                "",
                vec![ActionItem {
                    what: line("Ring the school"),
                    owner: line("Alex"),
                    due: day(on + 7),
                }],
                day(200),
            )
            .unwrap();
            let now_ms = insideout_app::Clock::now(&*f.clock).timestamp_millis() as u64;
            let id = insideout_store::Store::new_uuid(now_ms).unwrap();
            let body = if supervision {
                OpBody::SupervisionRecorded {
                    id: insideout_domain::ids::SupervisionId::from_uuid(id),
                    coach: insideout_domain::ids::PersonId::from_uuid(uuid::Uuid::from_u128(
                        who as u128 + 10,
                    )),
                    author: line("Sam"),
                    supervision: discussion,
                }
            } else if let Some(yp) = pick(people, who) {
                OpBody::CaseDiscussed {
                    id: insideout_domain::ids::CaseDiscussionId::from_uuid(id),
                    young_person: yp.parse().unwrap(),
                    author: line("Sam"),
                    discussion,
                }
            } else {
                return;
            };
            f.app
                .store_for_inspection()
                .unwrap()
                .commit(now_ms, body)
                .unwrap();
        }
        Action::LockUnlock => {
            f.app.lock();
            f.app.unlock(PASSPHRASE).unwrap();
        }
    }
    f.clock.advance(chrono::TimeDelta::milliseconds(1));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn rebuilding_the_tables_from_the_op_log_gives_the_same_tables(actions in proptest::collection::vec(action(), 1..60)) {
        let mut f = unlocked();
        let (mut people, mut sessions) = (Vec::new(), Vec::new());
        for a in actions {
            perform(&mut f, &mut people, &mut sessions, a);
        }
        let store = f.app.store_for_inspection().unwrap();
        let before = store.dump_tables().unwrap();
        store.rebuild().unwrap();
        let after = store.dump_tables().unwrap();
        prop_assert_eq!(before, after);
    }
}

#[test]
fn the_dump_sees_every_table_so_the_property_can_fail() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let s = f.record_session(&yp, "2025-11-23T18:00", "2025-11-23T19:00");
    f.app.save_draft(&s.id, "a", note("Text")).unwrap();
    let store = f.app.store_for_inspection().unwrap();
    let dump = store.dump_tables().unwrap();
    for table in [
        "meta",
        "young_people",
        "sessions",
        "note_revisions",
        "note_search",
    ] {
        assert!(
            dump.iter().any(|row| row.starts_with(&format!("{table}:"))),
            "no {table} rows in the dump"
        );
    }
    // A change made behind the op log's back is visible to the comparison.
    store
        .connection()
        .execute("UPDATE sessions SET minutes = minutes + 1", [])
        .unwrap();
    assert_ne!(store.dump_tables().unwrap(), dump);
    store.rebuild().unwrap();
    assert_eq!(store.dump_tables().unwrap(), dump);
}
