use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;
use insideout_domain::choice::Choice;

#[test]
fn a_young_person_is_added_with_their_intervention() {
    let mut f = unlocked();
    let d = f.add_young_person("Jay");
    assert_eq!(d.profile.preferred_name, "Jay");
    assert_eq!(d.profile.age_years, 16);
    assert_eq!(d.profile.risk_indicators, ["missing", "neet"]);
    assert_eq!(d.profile.send_details, "Dyslexia; EHCP in place");
    assert_eq!(d.intervention.phase.value(), "engagement");
    // 2025-06-02 to 2025-11-23: month 6.
    assert_eq!(d.intervention.programme_month, 6);
}

#[test]
fn a_fourth_active_young_person_is_refused_until_one_closes() {
    let mut f = unlocked();
    let first = f.add_young_person("Jay");
    f.add_young_person("Sam");
    f.add_young_person("Kai");
    let err = f.refuses("caseload_full", None, |app| {
        app.add_young_person(young_person_input("Lee"))
    });
    assert!(err.to_string().contains("at most 3"), "{err}");
    f.app
        .close_intervention(
            &first.profile.id,
            CloseInput {
                date: "2025-11-20".into(),
                reason: "stepped_down".into(),
                note: "Moved to foster care".into(),
            },
        )
        .unwrap();
    f.add_young_person("Lee");
    let caseload = f.app.caseload().unwrap();
    assert_eq!(
        caseload
            .young_people
            .iter()
            .map(|e| e.preferred_name.as_str())
            .collect::<Vec<_>>(),
        ["Kai", "Lee", "Sam"]
    );
    assert_eq!(caseload.closed[0].preferred_name, "Jay");
}

#[test]
fn young_person_input_errors_name_their_field_and_change_nothing() {
    let mut f = unlocked();
    let check = |f: &mut Fixture, code: &str, field: Field, change: fn(&mut YoungPersonInput)| {
        let mut input = young_person_input("Jay");
        change(&mut input);
        f.refuses(code, Some(field), |app| app.add_young_person(input));
    };
    check(&mut f, "invalid_input", Field::PreferredName, |i| {
        i.preferred_name = "   ".into()
    });
    check(&mut f, "invalid_input", Field::DateOfBirth, |i| {
        i.date_of_birth = "14/05/2009".into()
    });
    check(&mut f, "invalid_input", Field::DateOfBirth, |i| {
        i.date_of_birth = "2015-01-01".into()
    });
    check(&mut f, "invalid_input", Field::LegalStatus, |i| {
        i.legal_status = "orphan".into()
    });
    check(&mut f, "invalid_input", Field::RiskIndicators, |i| {
        i.risk_indicators.push("bad_vibes".into())
    });
    check(&mut f, "invalid_input", Field::ReferralDate, |i| {
        i.referral_date = "2025-06-03".into()
    });
    check(&mut f, "end_before_start", Field::PlannedEndDate, |i| {
        i.planned_end_date = "2025-06-01".into()
    });
    check(&mut f, "invalid_input", Field::PlannedEndDate, |i| {
        i.planned_end_date = "2026-12-03".into()
    });
}

#[test]
fn editing_keeps_the_young_person_and_changes_their_profile() {
    let mut f = unlocked();
    let d = f.add_young_person("Jay");
    let mut input = young_person_input("Jaylen");
    input.risk_indicators = vec!["cse".into()];
    let edited = f.app.update_young_person(&d.profile.id, input).unwrap();
    assert_eq!(edited.profile.id, d.profile.id);
    assert_eq!(edited.profile.preferred_name, "Jaylen");
    assert_eq!(edited.profile.risk_indicators, ["cse"]);
}

#[test]
fn phases_change_and_closed_interventions_stay_closed() {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    assert_eq!(
        f.app
            .set_phase(&id, "intensive")
            .unwrap()
            .intervention
            .phase_label,
        "Intensive"
    );
    f.refuses("invalid_input", Some(Field::Phase), |app| {
        app.set_phase(&id, "closed")
    });
    f.refuses("end_before_start", Some(Field::Date), |app| {
        app.close_intervention(
            &id,
            CloseInput {
                date: "2025-01-01".into(),
                reason: "planned_end".into(),
                note: String::new(),
            },
        )
    });
    let closed = f
        .app
        .close_intervention(
            &id,
            CloseInput {
                date: "2025-11-01".into(),
                reason: "returned_home".into(),
                note: String::new(),
            },
        )
        .unwrap();
    assert_eq!(
        closed.intervention.closure_reason.as_deref(),
        Some("Returned home")
    );
    f.refuses("intervention_closed", None, |app| {
        app.set_phase(&id, "intensive")
    });
    f.refuses("intervention_closed", None, |app| {
        app.record_session(session_input(&id, "2025-10-01T10:00", "2025-10-01T11:00"))
    });
}

#[test]
fn placements_start_and_end_with_reasons() {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    let d = f
        .app
        .add_placement(
            &id,
            PlacementInput {
                placement_type: "childrens_home".into(),
                provider_name: "Oak House".into(),
                start_date: "2025-01-10".into(),
            },
        )
        .unwrap();
    let placement = d.placements[0].id.clone();
    f.refuses("end_before_start", Some(Field::EndDate), |app| {
        app.end_placement(
            &placement,
            EndPlacementInput {
                end_date: "2025-01-09".into(),
                ending: "planned".into(),
                reason: String::new(),
            },
        )
    });
    f.refuses("invalid_input", Some(Field::Reason), |app| {
        app.end_placement(
            &placement,
            EndPlacementInput {
                end_date: "2025-08-01".into(),
                ending: "unplanned".into(),
                reason: " ".into(),
            },
        )
    });
    let d = f
        .app
        .end_placement(
            &placement,
            EndPlacementInput {
                end_date: "2025-08-01".into(),
                ending: "unplanned".into(),
                reason: "Assault on staff".into(),
            },
        )
        .unwrap();
    assert_eq!(d.placements[0].end_date.as_deref(), Some("2025-08-01"));
    assert_eq!(
        d.placements[0].ending.as_deref(),
        Some("Unplanned ending (breakdown)")
    );
    f.refuses("invalid_input", Some(Field::EndDate), |app| {
        app.end_placement(
            &placement,
            EndPlacementInput {
                end_date: "2025-09-01".into(),
                ending: "planned".into(),
                reason: String::new(),
            },
        )
    });
    f.refuses("invalid_input", Some(Field::ProviderName), |app| {
        app.add_placement(
            &id,
            PlacementInput {
                placement_type: "foster_care".into(),
                provider_name: "".into(),
                start_date: "2025-08-01".into(),
            },
        )
    });
}

#[test]
fn contacts_are_added_and_edited_with_checked_details() {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    let input = ContactInput {
        name: "Priya Shah".into(),
        role: "social_worker".into(),
        organisation: "Essex County Council".into(),
        phone: "01245 493311".into(),
        email: "priya.shah@essex.gov.uk".into(),
        notes: "Prefers email".into(),
    };
    let d = f.app.add_contact(&id, input.clone()).unwrap();
    assert_eq!(d.contacts[0].role_label, "Social worker");
    let contact = d.contacts[0].id.clone();
    f.refuses("invalid_input", Some(Field::Phone), |app| {
        app.update_contact(
            &contact,
            ContactInput {
                phone: "ring the office".into(),
                ..input.clone()
            },
        )
    });
    f.refuses("invalid_input", Some(Field::Email), |app| {
        app.update_contact(
            &contact,
            ContactInput {
                email: "priya@".into(),
                ..input.clone()
            },
        )
    });
    let d = f
        .app
        .update_contact(
            &contact,
            ContactInput {
                phone: "07700 900123".into(),
                ..input.clone()
            },
        )
        .unwrap();
    assert_eq!(d.contacts.len(), 1);
    assert_eq!(d.contacts[0].phone, "07700 900123");
}

#[test]
fn the_caseload_counts_this_weeks_hours_against_25() {
    let mut f = unlocked();
    let jay = f.add_young_person("Jay").profile.id;
    let sam = f.add_young_person("Sam").profile.id;
    // The week of Sunday 2025-11-23 starts on Monday 2025-11-17.
    f.record_session(&jay, "2025-11-16T22:00", "2025-11-16T23:30"); // last week
    f.record_session(&jay, "2025-11-17T09:00", "2025-11-17T12:00");
    f.record_session(&jay, "2025-11-22T18:00", "2025-11-22T21:30");
    f.record_session(&sam, "2025-11-23T19:00", "2025-11-23T20:15");
    let caseload = f.app.caseload().unwrap();
    assert_eq!(caseload.week_starting, "2025-11-17");
    let minutes: Vec<(String, u32, u32)> = caseload
        .young_people
        .iter()
        .map(|e| {
            (
                e.preferred_name.clone(),
                e.minutes_this_week,
                e.target_minutes,
            )
        })
        .collect();
    assert_eq!(
        minutes,
        [("Jay".into(), 390, 1500), ("Sam".into(), 75, 1500)]
    );
    assert_eq!(caseload.total_minutes_this_week, 465);
    assert_eq!(caseload.young_people[0].draft_count, 3);
    assert_eq!(
        caseload.young_people[0].last_session_start.as_deref(),
        Some("2025-11-22T18:00")
    );
    assert_eq!(
        (
            caseload.young_people[0].programme_month,
            caseload.young_people[0].programme_months
        ),
        (6, 18)
    );
}

#[test]
fn unknown_ids_are_not_found() {
    let mut f = unlocked();
    assert_eq!(
        f.app.young_person("not-an-id").unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        f.app
            .young_person("0190a6a0-0000-7000-8000-000000000000")
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        f.app
            .session("0190a6a0-0000-7000-8000-000000000000")
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn hours_are_split_by_part_of_the_week_over_twelve_weeks() {
    let mut f = unlocked();
    let jay = f.add_young_person("Jay").profile.id;
    let sam = f.add_young_person("Sam").profile.id;
    // This week (Monday 17 to Sunday 23 November 2025): a weekday afternoon into the evening,
    // a Saturday, and a Sunday-night session for Sam.
    f.record_session(&jay, "2025-11-18T16:00", "2025-11-18T20:00");
    f.record_session(&jay, "2025-11-22T10:00", "2025-11-22T13:00");
    f.record_session(&sam, "2025-11-23T19:00", "2025-11-23T21:00");
    // Three weeks ago, and outside the 12 weeks.
    f.record_session(&jay, "2025-10-28T10:00", "2025-10-28T11:30");
    f.record_session(&jay, "2025-08-26T10:00", "2025-08-26T11:30");
    let h = f.app.hours().unwrap();
    assert_eq!(h.week_starting, "2025-11-17");
    assert_eq!(h.target_minutes, 25 * 60);
    let jay_hours = h.young_people.iter().find(|y| y.id == jay).unwrap();
    let w = jay_hours.this_week;
    assert_eq!(
        (w.daytime, w.evening, w.weekend, w.minutes),
        (120, 120, 180, 420)
    );
    assert_eq!(jay_hours.weeks.len(), 12);
    assert_eq!(jay_hours.weeks[11].week_starting, "2025-11-17");
    assert_eq!(jay_hours.weeks[11].minutes, 420);
    assert_eq!(jay_hours.weeks[8].week_starting, "2025-10-27");
    assert_eq!(jay_hours.weeks[8].minutes, 90);
    assert_eq!(jay_hours.weeks.iter().map(|w| w.minutes).sum::<u32>(), 510);
    assert_eq!(h.total_this_week.minutes, 540);
    assert_eq!(h.total_this_week.weekend, 300);
    assert_eq!(h.total_weeks[11].minutes, 540);
    assert_eq!(jay_hours.planned_end, "2026-12-01");
    // A young person who started three weeks ago has three weeks charted, not twelve.
    let mut recent = young_person_input("Kai");
    recent.referral_date = "2025-11-01".into();
    recent.start_date = "2025-11-05".into();
    let kai = f.app.add_young_person(recent).unwrap().profile.id;
    let h = f.app.hours().unwrap();
    let kai_weeks: Vec<&str> = h
        .young_people
        .iter()
        .find(|y| y.id == kai)
        .unwrap()
        .weeks
        .iter()
        .map(|w| w.week_starting.as_str())
        .collect();
    assert_eq!(kai_weeks, ["2025-11-03", "2025-11-10", "2025-11-17"]);
    // The caseload shows the same split.
    let c = f.app.caseload().unwrap();
    let card = c.young_people.iter().find(|y| y.id == jay).unwrap();
    assert_eq!(card.week_split, w);
}

#[test]
fn delegated_authority_names_who_may_consent_to_what() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let detail = f.app.young_person(&yp).unwrap();
    assert!(detail.authority.len() >= 6);
    assert!(detail.authority.iter().all(|a| a.holder.is_none()));
    let input = |area: &str, holder: &str, name: &str| AuthorityInput {
        area: area.into(),
        holder: holder.into(),
        name: name.into(),
        conditions: String::new(),
    };
    let detail = f
        .app
        .set_authority(&yp, input("overnight", "carer", "Priya Shah, Oak House"))
        .unwrap();
    let overnight = detail
        .authority
        .iter()
        .find(|a| a.area == "overnight")
        .unwrap();
    assert_eq!(
        overnight.holder_label.as_deref(),
        Some("Carer or home manager")
    );
    assert_eq!(overnight.name, "Priya Shah, Oak House");
    // Cleared again.
    let detail = f
        .app
        .set_authority(&yp, input("overnight", "", ""))
        .unwrap();
    assert!(detail.authority.iter().all(|a| a.holder.is_none()));
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::Name), |app| {
        app.set_authority(&y, input("medical", "social_worker", " "))
    });
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::Area), |app| {
        app.set_authority(&y, input("tattoos", "young_person", ""))
    });
}

#[test]
fn the_total_chart_starts_no_earlier_than_the_first_intervention() {
    let mut f = unlocked();
    let mut recent = young_person_input("Kai");
    recent.referral_date = "2025-11-01".into();
    recent.start_date = "2025-11-05".into();
    f.app.add_young_person(recent).unwrap();
    let h = f.app.hours().unwrap();
    let weeks: Vec<&str> = h
        .total_weeks
        .iter()
        .map(|w| w.week_starting.as_str())
        .collect();
    assert_eq!(weeks, ["2025-11-03", "2025-11-10", "2025-11-17"]);
}
