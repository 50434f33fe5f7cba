//! Family residentials: the checklist that says what is missing, the risk assessment sent for
//! sign-off, the trip pack (read back by an independent PDF parser), the agenda and the calendar
//! file (read back by an independent iCalendar parser), and a plan that happened feeding the
//! session log and the hours.

use crate::fixture::*;
use chrono::DateTime;
use insideout_app::dto::*;
use insideout_domain::Field;

pub fn weekend() -> ResidentialInput {
    ResidentialInput {
        title: "Family weekend at Brandon".into(),
        venue: "Brandon Lodge".into(),
        address: "Thetford Forest, IP27 0AF".into(),
        venue_phone: "01842 810000".into(),
        arrives: "2025-12-05".into(),
        leaves: "2025-12-07".into(),
        going: vec![
            GoingInput {
                who: "young_person".into(),
                name: String::new(),
            },
            GoingInput {
                who: "family_member".into(),
                name: "Donna (mum)".into(),
            },
            GoingInput {
                who: "staff".into(),
                name: "Alex Coach".into(),
            },
        ],
        itinerary: vec![
            DayPlanInput {
                day: "2025-12-05".into(),
                plan: "Arrive 4 pm, unpack, walk to the lake".into(),
            },
            DayPlanInput {
                day: "2025-12-06".into(),
                plan: "Canoeing with the centre; film night".into(),
            },
            DayPlanInput {
                day: "2025-12-07".into(),
                plan: String::new(),
            },
        ],
        budget: vec![
            BudgetLineInput {
                item: "Lodge, two nights".into(),
                planned: "240".into(),
                actual: "250.50".into(),
            },
            BudgetLineInput {
                item: "Food".into(),
                planned: "60".into(),
                actual: String::new(),
            },
        ],
        dietary: "Donna is vegetarian".into(),
        medical: "Jay: inhaler for asthma, carried by Jay".into(),
        transport: String::new(),
        consent: ConsentInput::default(),
    }
}

pub fn assessment() -> RiskInput {
    RiskInput {
        hazards: vec![HazardInput {
            hazard: "Open water at the lake".into(),
            controls: "Buoyancy aids; centre instructors; no swimming".into(),
        }],
        personal: vec![PersonalRiskInput {
            risk: "missing".into(),
            plan: "Agreed check-ins at 9 pm and 11 pm; Jay keeps the phone charged".into(),
        }],
        staffing: "Alex Coach and one centre instructor; 1:2".into(),
        emergency_plan: "Call 999; West Suffolk Hospital is 25 minutes away".into(),
    }
}

fn missing(v: &ResidentialView, item: &str) -> Vec<String> {
    v.checklist
        .iter()
        .find(|c| c.item == item)
        .unwrap_or_else(|| panic!("no checklist item {item}"))
        .missing
        .clone()
}

/// A young person whose social worker holds authority for overnight stays.
pub fn jay_with_authority(f: &mut Fixture) -> String {
    let yp = f.add_young_person("Jay").profile.id;
    f.app
        .set_authority(
            &yp,
            AuthorityInput {
                area: "overnight".into(),
                holder: "social_worker".into(),
                name: "Priya Shah".into(),
                conditions: "Up to three nights in the UK".into(),
            },
        )
        .unwrap();
    yp
}

#[test]
fn a_residential_is_ready_only_when_its_checklist_is_clear() {
    let mut f = unlocked();
    let yp = jay_with_authority(&mut f);
    let v = f.app.plan_residential(&yp, weekend()).unwrap();
    assert!(!v.ready);
    assert_eq!(v.nights, 2);
    assert_eq!(
        (v.budget_planned.as_str(), v.budget_spent.as_str()),
        ("300.00", "250.50")
    );
    assert_eq!(
        missing(&v, "Consent"),
        ["No consent yet: ask Priya Shah (social worker)"]
    );
    assert_eq!(
        missing(&v, "Risk assessment signed off"),
        ["No risk assessment yet"]
    );
    assert_eq!(missing(&v, "Transport").len(), 1);
    assert_eq!(
        missing(&v, "Emergency contacts").len(),
        1,
        "no team phone yet"
    );
    assert_eq!(
        missing(&v, "Itinerary"),
        ["Nothing planned yet for Sun 7 Dec"]
    );
    assert!(missing(&v, "Who is going").is_empty());
    assert_eq!(
        v.input.itinerary.len(),
        3,
        "every day of the stay is offered"
    );

    // Fix everything the coach can fix.
    f.app
        .add_contact(
            &yp,
            ContactInput {
                name: "Priya Shah".into(),
                role: "social_worker".into(),
                organisation: "Essex CC".into(),
                phone: "0333 013 2000".into(),
                email: String::new(),
                notes: String::new(),
            },
        )
        .unwrap();
    let mut input = v.input.clone();
    input.transport = "Minibus from the home, 2 pm".into();
    input.itinerary[2].plan = "Pack, lunch, home by 3 pm".into();
    input.consent = ConsentInput {
        holder: "carer".into(),
        given_by: "Sue (home manager)".into(),
        evidence: "Signed form".into(),
        given_on: "2025-11-20".into(),
        expires: "2025-12-06".into(),
        scope: String::new(),
    };
    let v = f.app.update_residential(&v.id, input.clone()).unwrap();
    assert_eq!(
        missing(&v, "Consent"),
        [
            "The consent is from the carer or home manager, but Priya Shah (social worker) holds delegated authority for this",
            "The consent expires on 6 Dec 2025, before the residential ends"
        ]
    );
    input.consent.holder = "social_worker".into();
    input.consent.given_by = "Priya Shah".into();
    input.consent.expires = String::new();
    let v = f.app.update_residential(&v.id, input).unwrap();
    let open: Vec<_> = v.checklist.iter().filter(|c| !c.done).collect();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].item, "Risk assessment signed off");

    // The assessment, sent: waiting. The coach cannot sign off their own plan.
    let r = f.app.assess_risk(&v.id, assessment(), false).unwrap();
    assert_eq!(r.standing, StandingKind::Draft);
    let r = f.app.assess_risk(&v.id, assessment(), true).unwrap();
    assert_eq!(r.standing, StandingKind::Awaiting);
    assert!(!r.version.is_empty());
    let v = f.app.residential(&v.id).unwrap();
    assert_eq!(
        missing(&v, "Risk assessment signed off"),
        ["Waiting for the supervisor's sign-off"]
    );
    f.refuses("invalid_input", Some(Field::Decision), |app| {
        app.sign_off(&v.id, &r.version, "approved", "")
    });
    let d = f.app.young_person(&yp).unwrap();
    assert_eq!(d.residentials.len(), 1);
    assert!(!d.residentials[0].ready);
}

#[test]
fn bad_residentials_and_assessments_name_their_field_and_write_nothing() {
    let mut f = unlocked();
    let yp = jay_with_authority(&mut f);
    let field = |f: &mut Fixture, input: ResidentialInput, field: Field| {
        f.refuses("invalid_input", Some(field), |app| {
            app.plan_residential(&yp, input)
        });
    };
    field(
        &mut f,
        ResidentialInput {
            leaves: "2025-12-05".into(),
            ..weekend()
        },
        Field::Leaves,
    );
    field(
        &mut f,
        ResidentialInput {
            arrives: "5/12/2025".into(),
            ..weekend()
        },
        Field::Arrives,
    );
    field(
        &mut f,
        ResidentialInput {
            venue: " ".into(),
            ..weekend()
        },
        Field::Venue,
    );
    let mut outside = weekend();
    outside.itinerary[0].day = "2025-12-09".into();
    field(&mut f, outside, Field::Itinerary);
    let mut bad_money = weekend();
    bad_money.budget[1].planned = "sixty".into();
    let err = f.refuses("invalid_input", Some(Field::Budget), |app| {
        app.plan_residential(&yp, bad_money)
    });
    assert!(err.to_string().starts_with("Food:"), "{err}");

    let v = f.app.plan_residential(&yp, weekend()).unwrap();
    let mut no_controls = assessment();
    no_controls.hazards[0].controls = String::new();
    f.refuses("invalid_input", Some(Field::Hazards), |app| {
        app.assess_risk(&v.id, no_controls, true)
    });
    let mut twice = assessment();
    twice.personal.push(twice.personal[0].clone());
    f.refuses("invalid_input", Some(Field::Personal), |app| {
        app.assess_risk(&v.id, twice, true)
    });
    f.refuses("invalid_input", Some(Field::EmergencyPlan), |app| {
        app.assess_risk(
            &v.id,
            RiskInput {
                emergency_plan: " ".into(),
                ..assessment()
            },
            true,
        )
    });
    f.refuses("not_found", None, |app| {
        app.assess_risk("0190d5a0-0000-7000-8000-000000000000", assessment(), true)
    });
}

#[test]
fn the_trip_pack_prints_and_an_independent_parser_reads_it() {
    let mut f = unlocked();
    let yp = jay_with_authority(&mut f);
    f.app
        .add_contact(
            &yp,
            ContactInput {
                name: "Out of hours".into(),
                role: "emergency_duty_team".into(),
                organisation: String::new(),
                phone: "0345 606 1212".into(),
                email: String::new(),
                notes: String::new(),
            },
        )
        .unwrap();
    let v = f.app.plan_residential(&yp, weekend()).unwrap();
    f.app.assess_risk(&v.id, assessment(), true).unwrap();
    let pack = f.app.trip_pack(&v.id).unwrap();
    let phones: Vec<_> = pack
        .emergency_contacts
        .iter()
        .map(|c| c.phone.as_str())
        .collect();
    assert_eq!(phones, ["999", "101", "0345 606 1212"]);
    assert!(pack.needs.iter().any(|n| n.value.contains("inhaler")));
    assert!(
        pack.consents[0]
            .value
            .starts_with("NOT GIVEN YET: ask Priya Shah")
    );
    assert!(
        pack.missing_protocol
            .iter()
            .any(|s| s.contains("check-ins at 9 pm")),
        "the young person's own plan is in the protocol: {:?}",
        pack.missing_protocol
    );
    assert_eq!(pack.itinerary.len(), 3);
    assert_eq!(pack.itinerary[2].value, "Nothing planned yet");

    let file = f.app.export_trip_pack(&v.id).unwrap();
    let bytes = std::fs::read(&file.path).unwrap();
    assert_eq!(bytes.len() as u32, file.bytes);
    assert!(file.path.ends_with(".pdf"), "{}", file.path);
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF another program can open");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner may read the file");
    }
    for expected in [
        "Trip pack: Family weekend at Brandon",
        "Emergency contacts",
        "999",
        "0345 606 1212",
        "inhaler for asthma",
        "If Jay goes missing",
        "check-ins at 9 pm",
        "Canoeing with the centre",
        "West Suffolk Hospital",
    ] {
        assert!(
            flat.contains(expected),
            "the PDF lacks {expected:?}: {flat}"
        );
    }
}

#[test]
fn the_agenda_lists_plans_by_day_and_the_calendar_file_opens_in_a_standard_parser() {
    let mut f = unlocked();
    let yp = jay_with_authority(&mut f);
    let v = f.app.plan_residential(&yp, weekend()).unwrap();
    let days = f.app.agenda("2025-11-23", 28).unwrap();
    let labels: Vec<_> = days.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(labels, ["Fri 5 Dec", "Sat 6 Dec", "Sun 7 Dec"]);
    assert_eq!(days[1].items[0].time, "Day 2 of 3");
    assert!(
        days[1].items[0].status.starts_with("Not ready: "),
        "{:?}",
        days[1].items[0]
    );
    assert_eq!(
        days[0].items[0].link,
        Link::Residential {
            young_person_id: yp.clone(),
            residential_id: v.id.clone(),
        }
    );
    f.refuses("invalid_input", Some(Field::From), |app| {
        app.agenda("next week", 7)
    });

    let file = f.app.export_calendar().unwrap();
    let text = std::fs::read_to_string(&file.path).unwrap();
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded)
        .expect("a calendar file standard programs import");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 1);
    let prop = |name: &str| {
        events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        prop("SUMMARY"),
        "Residential with J.: Family weekend at Brandon"
    );
    assert_eq!(prop("DTSTART"), "20251205");
    assert_eq!(
        prop("DTEND"),
        "20251208",
        "the end of an all-day event is the day after"
    );
    assert!(
        !text.contains("Jay"),
        "the file names the young person by initial only"
    );
    assert!(!text.contains("inhaler"), "no needs or risks leave the app");
}

#[test]
fn an_activity_that_happened_is_recorded_as_a_session_once_and_counts_in_the_hours() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let d = f
        .app
        .plan_activity(
            &yp,
            ActivityInput {
                title: "Football at the leisure centre".into(),
                kind: "sport".into(),
                provider_name: "Active Ipswich".into(),
                insurance_checked: true,
                safeguarding_policy_checked: true,
                starts: "2025-11-22T14:00".into(),
                ends: "2025-11-22T16:30".into(),
                place: "Crown Pools".into(),
                ..ActivityInput::default()
            },
        )
        .unwrap();
    let activity = d.activities[0].id.clone();
    assert_eq!(d.activities[0].session, None);
    let hours_before = f.app.hours().unwrap();
    let mut input = session_input(&yp, "2025-11-22T14:00", "2025-11-22T16:30");
    input.activity = "positive_activity".into();
    input.from_plan = activity.clone();
    let s = f.app.record_session(input).unwrap();
    let d = f.app.young_person(&yp).unwrap();
    assert_eq!(d.activities[0].session.as_deref(), Some(s.id.as_str()));
    let hours_after = f.app.hours().unwrap();
    assert_eq!(
        (
            hours_after.total_this_week.minutes,
            hours_after.total_this_week.weekend
        ),
        (
            hours_before.total_this_week.minutes + 150,
            hours_before.total_this_week.weekend + 150
        ),
        "the Saturday afternoon counts in the week's hours, as weekend"
    );
    let other_plan = f
        .app
        .plan_activity(
            &yp,
            ActivityInput {
                title: "Cinema & pizza".into(),
                kind: "other".into(),
                provider_name: "Odeon".into(),
                starts: "2025-11-22T18:00".into(),
                ends: "2025-11-22T21:00".into(),
                ..ActivityInput::default()
            },
        )
        .unwrap();
    let cinema = &other_plan.activities[1].id;
    let days = f.app.agenda("2025-11-22", 1).unwrap();
    let prompt = days[0]
        .items
        .iter()
        .find(|i| i.status == "Happened? Record it as a session")
        .expect("the cinema trip waits to be recorded");
    assert_eq!(
        prompt.link,
        Link::RecordPlan {
            young_person_id: yp.clone(),
            kind: "activity".into(),
            plan: cinema.clone(),
            start: "2025-11-22T18:00".into(),
            end: "2025-11-22T21:00".into(),
            title: "Cinema & pizza".into(),
        }
    );
    let statuses: Vec<_> = days[0]
        .items
        .iter()
        .map(|i| (i.kind.as_str(), i.status.as_str()))
        .collect();
    assert!(
        statuses.contains(&("activity", "Recorded as a session")),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().any(|(k, _)| *k == "session"),
        "{statuses:?}"
    );

    // A plan of another young person is refused.
    let other = f.add_young_person("Sam").profile.id;
    let mut wrong = session_input(&other, "2025-11-22T14:00", "2025-11-22T16:30");
    wrong.from_plan = activity;
    f.refuses("invalid_input", Some(Field::FromPlan), |app| {
        app.record_session(wrong)
    });
}

#[test]
fn a_planned_session_fills_the_calendar_and_becomes_a_recorded_session() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let planned = |starts: &str, ends: &str| PlannedSessionInput {
        starts: starts.into(),
        ends: ends.into(),
        place: "Costa, Ipswich".into(),
        purpose: "College application".into(),
    };
    let past = f
        .app
        .plan_session(&yp, planned("2025-11-21T16:00", "2025-11-21T18:00"))
        .unwrap();
    let next = f
        .app
        .plan_session(&yp, planned("2025-11-26T16:00", "2025-11-26T18:00"))
        .unwrap();
    f.refuses("end_before_start", Some(Field::Ends), |app| {
        app.plan_session(&yp, planned("2025-11-26T18:00", "2025-11-26T16:00"))
    });
    f.refuses("invalid_input", Some(Field::Plan), |app| {
        app.assess_risk(&next.id, assessment(), true)
    });
    let days = f.app.agenda("2025-11-20", 14).unwrap();
    let items: Vec<_> = days
        .iter()
        .flat_map(|d| d.items.iter())
        .filter(|i| i.kind == "planned")
        .collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].status, "Happened? Record it as a session");
    assert!(
        matches!(&items[0].link, Link::RecordPlan { plan, .. } if *plan == past.id),
        "{:?}",
        items[0].link
    );
    assert_eq!(items[1].status, "Planned");
    assert_eq!(items[1].title, "Session: College application");

    let mut input = session_input(&yp, "2025-11-21T16:00", "2025-11-21T17:45");
    input.from_plan = past.id.clone();
    f.app.record_session(input).unwrap();
    let days = f.app.agenda("2025-11-21", 1).unwrap();
    assert!(
        days[0]
            .items
            .iter()
            .any(|i| i.kind == "planned" && i.status == "Recorded as a session"),
        "{:?}",
        days[0].items
    );

    // The calendar file carries it, by initial; a cancelled one leaves both.
    let text = std::fs::read_to_string(f.app.export_calendar().unwrap().path).unwrap();
    assert_eq!(text.matches("SUMMARY:Session with J.").count(), 2, "{text}");
    let cancelled = f.app.cancel_planned_session(&next.id).unwrap();
    assert!(cancelled.cancelled);
    let text = std::fs::read_to_string(f.app.export_calendar().unwrap().path).unwrap();
    assert_eq!(text.matches("SUMMARY:Session with J.").count(), 1);
    let days = f.app.agenda("2025-11-26", 1).unwrap();
    assert!(days.is_empty(), "{days:?}");
}

#[test]
fn each_day_of_a_residential_that_happened_is_recorded_as_its_own_session() {
    let mut f = unlocked();
    let yp = jay_with_authority(&mut f);
    let v = f
        .app
        .plan_residential(
            &yp,
            ResidentialInput {
                arrives: "2025-11-20".into(),
                leaves: "2025-11-21".into(),
                itinerary: Vec::new(),
                ..weekend()
            },
        )
        .unwrap();
    let mut day_one = session_input(&yp, "2025-11-20T10:00", "2025-11-20T21:00");
    day_one.activity = "family_work".into();
    day_one.from_plan = v.id.clone();
    f.app.record_session(day_one).unwrap();
    let days = f.app.agenda("2025-11-20", 2).unwrap();
    let residential = |d: usize| {
        days[d]
            .items
            .iter()
            .find(|i| i.kind == "residential")
            .unwrap()
            .clone()
    };
    assert_eq!(residential(0).status, "Recorded as a session");
    assert_eq!(residential(1).status, "Happened? Record it as a session");
    assert!(
        matches!(
            &residential(1).link,
            Link::RecordPlan { start, end, .. }
                if start == "2025-11-21T09:00" && end == "2025-11-21T17:00"
        ),
        "{:?}",
        residential(1).link
    );
    let v = f.app.residential(&v.id).unwrap();
    assert_eq!(v.sessions.len(), 1);
    assert_eq!(v.recorded_days, ["2025-11-20"]);
}

#[test]
fn a_planned_session_can_be_started_from_an_hour_before_until_it_ends_and_not_once_recorded() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let plan = f
        .app
        .plan_session(
            &yp,
            PlannedSessionInput {
                starts: "2025-11-24T18:00".into(),
                ends: "2025-11-24T20:00".into(),
                place: "Leeds climbing wall".into(),
                purpose: "Climbing".into(),
            },
        )
        .unwrap();
    let startable = |f: &mut Fixture, at: &str| {
        f.clock
            .set(DateTime::parse_from_rfc3339(&format!("{at}:00+00:00")).unwrap());
        f.app.lock();
        f.app.unlock(insideout_app::testkit::PASSPHRASE).unwrap();
        f.app
            .young_person(&yp)
            .unwrap()
            .startable_sessions
            .iter()
            .map(|p| p.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(startable(&mut f, "2025-11-24T16:59"), Vec::<String>::new());
    assert_eq!(startable(&mut f, "2025-11-24T17:00"), vec![plan.id.clone()]);
    assert_eq!(startable(&mut f, "2025-11-24T19:59"), vec![plan.id.clone()]);
    assert_eq!(startable(&mut f, "2025-11-24T20:00"), Vec::<String>::new());
    // While the timer runs there is nothing to start.
    startable(&mut f, "2025-11-24T18:05");
    f.app.start_timer(&yp).unwrap();
    assert!(
        f.app
            .young_person(&yp)
            .unwrap()
            .startable_sessions
            .is_empty()
    );
    f.app.discard_timer(&yp).unwrap();
    assert_eq!(startable(&mut f, "2025-11-24T18:06"), vec![plan.id.clone()]);
    // Once a session is recorded in its time, it has happened.
    f.app
        .record_session(session_input(&yp, "2025-11-24T18:00", "2025-11-24T20:00"))
        .unwrap();
    assert_eq!(startable(&mut f, "2025-11-24T19:00"), Vec::<String>::new());
}
