//! A soak run: two coaches (one with a phone and a laptop) and a supervisor through a simulated
//! stretch of days at high speed, syncing through the fault-injecting proxy. Each day the
//! coaches record evening sessions and their notes, now and then raise a concern and change a
//! young person's details on two devices at once; the supervisor comments, acknowledges
//! concerns and records supervision. CI runs `FAULT_SOAK_DAYS` = 7; `scripts/soak.sh` runs a
//! month.

use crate::harness::{Device, Org, settle, young_person_input};
use crate::proxy::{Fault, Proxy, enrol_through};
use insideout_app::dto::{CaseDiscussionInput, ConcernInput, YoungPersonInput};
use insideout_tests::faults::{Random, runs};

/// Every device's clock at `at` (local time of the simulated day); each unlocks again.
fn set_clocks(devices: &[&Device], at: chrono::NaiveDateTime) {
    let offset = *chrono::Local::now().offset();
    let at = at
        .and_local_timezone(offset)
        .single()
        .expect("a local time");
    for d in devices {
        d.clock.set(at.fixed_offset());
        d.with(|app| {
            app.lock();
            app.unlock(insideout_app::testkit::PASSPHRASE).map(|_| ())
        })
        .expect("unlocked");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulated_stretch_of_days_with_random_faults_loses_nothing() {
    let days = runs("FAULT_SOAK_DAYS", 7);
    let mut random = Random::from_env("soak");
    let org = Org::start().await;
    let proxy = Proxy::start(&org.url, Random::from_env("soak network")).await;
    let phone = Device::new("Alex");
    let laptop = Device::new("Alex");
    let priya = Device::new("Priya");
    let sup = Device::new("Sam");
    let everyone = [&phone, &laptop, &priya, &sup];
    for (d, person) in [
        (&phone, "coach-1"),
        (&laptop, "coach-1"),
        (&priya, "coach-2"),
        (&sup, "sup-1"),
    ] {
        enrol_through(&proxy, &org, d, person).await;
    }
    let first = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("a date");
    set_clocks(&everyone, first.and_hms_opt(9, 0, 0).expect("a time"));
    let jay = phone.add_young_person("Jay");
    let rio = priya.add_young_person("Rio");
    settle(&everyone).await;
    let alex = crate::harness::person_of(&phone);

    proxy.faults(25);
    let mut sessions: Vec<(String, String)> = Vec::new(); // (session, young person)
    let mut concerns = 0;
    let mut edits = 0;
    let mut written: Vec<String> = Vec::new();
    let mut supervisions = 0;
    let mut failed_syncs = 0;
    for day in 0..days {
        let date = first + chrono::Days::new(day as u64);
        set_clocks(&everyone, date.and_hms_opt(22, 30, 0).expect("a time"));
        // Evening sessions, one on each coach device, with their notes.
        for (device, young_person) in [(&phone, &jay), (&laptop, &jay), (&priya, &rio)] {
            let hour = 17 + random.below(3) as u32;
            let start =
                date.and_hms_opt(hour, if std::ptr::eq(device, &laptop) { 30 } else { 0 }, 0);
            let start = start.expect("a time");
            let end = start + chrono::TimeDelta::minutes(25);
            let f = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
            let id = device.record_session(young_person, &f(start), &f(end));
            device.draft(
                &id,
                "evening",
                &format!("Day {day}: we cooked and talked about college."),
            );
            if random.below(3) > 0 {
                device
                    .with(|app| app.finalise(&id).map(|_| ()))
                    .expect("finalised");
            }
            sessions.push((id, young_person.clone()));
        }
        // Now and then a concern.
        if random.below(4) == 0 {
            phone
                .with(|app| {
                    app.raise_concern(
                        &jay,
                        ConcernInput {
                            category: "online".into(),
                            urgency: "today".into(),
                            noticed_at: date
                                .and_hms_opt(18, 0, 0)
                                .expect("a time")
                                .format("%Y-%m-%dT%H:%M")
                                .to_string(),
                            what: format!("Day {day}: messages from an adult asking to meet."),
                            told: Vec::new(),
                            actions: String::new(),
                        },
                    )
                })
                .expect("raised");
            concerns += 1;
        }
        // Now and then the phone and the laptop change Jay's details at once.
        if random.below(3) == 0 {
            for (device, authority) in [(&phone, "Suffolk"), (&laptop, "Norfolk")] {
                written.push(format!("{authority} {day}"));
                device
                    .with(|app| {
                        app.update_young_person(
                            &jay,
                            YoungPersonInput {
                                local_authority: format!("{authority} {day}"),
                                ..young_person_input("Jay")
                            },
                        )
                    })
                    .expect("edited");
            }
            edits += 1;
        }
        // The supervisor: a comment, the open concerns acknowledged, a weekly supervision.
        if let Some((session, _)) = sessions.iter().rev().find(|(_, yp)| *yp == jay) {
            let _ = sup.with(|app| app.add_comment(session, &format!("Day {day}: thank you.")));
        }
        for c in sup
            .with(|app| app.young_person(&jay))
            .map(|d| d.concerns)
            .unwrap_or_default()
        {
            if c.state == insideout_domain::concern::ConcernState::Open {
                let _ = sup.with(|app| app.acknowledge_concern(&c.id));
            }
        }
        if day % 7 == 6 {
            let recorded = sup.with(|app| {
                app.record_supervision(
                    &alex.to_string(),
                    CaseDiscussionInput {
                        on: date.to_string(),
                        discussed: format!("Week {}: evening work and rest.", day / 7 + 1),
                        decisions: String::new(),
                        actions: Vec::new(),
                    },
                )
            });
            if recorded.is_ok() {
                supervisions += 1;
            }
        }
        // Everyone syncs, in a random order, through the faulty network.
        let mut order = everyone.to_vec();
        for i in (1..order.len()).rev() {
            order.swap(i, random.below(i as u64 + 1) as usize);
        }
        for d in order {
            if d.try_sync().await.is_err() {
                failed_syncs += 1;
            }
        }
    }
    proxy.faults(0);
    settle(&[&phone, &laptop, &priya, &sup, &phone, &laptop, &priya, &sup]).await;

    assert_eq!(
        laptop.tables(),
        phone.tables(),
        "the coach's laptop differs from their phone"
    );
    for (session, young_person) in &sessions {
        let on_sup = sup
            .with(|app| app.session(session))
            .expect("on the supervisor's device");
        let owner = if *young_person == jay { &phone } else { &priya };
        let on_coach = owner
            .with(|app| app.session(session))
            .expect("on the coach's device");
        assert_eq!(on_sup.note, on_coach.note, "session {session}");
        assert_eq!(on_sup.status, on_coach.status, "session {session}");
        assert_eq!(
            on_sup.comments.len(),
            on_coach.comments.len(),
            "session {session}"
        );
    }
    // Priya's device holds nothing of Jay's, and Alex's nothing of Rio's.
    assert!(priya.with(|app| app.young_person(&jay)).is_err());
    assert!(phone.with(|app| app.young_person(&rio)).is_err());
    let jay_on_sup = sup.with(|app| app.young_person(&jay)).expect("Jay");
    let jay_on_phone = phone.with(|app| app.young_person(&jay)).expect("Jay");
    assert_eq!(jay_on_sup.concerns.len(), concerns);
    assert_eq!(jay_on_sup.concerns, jay_on_phone.concerns);
    assert_eq!(jay_on_sup.conflicts, jay_on_phone.conflicts);
    // Each double edit logs a conflict (more when an edit met one not yet synced); every value
    // in the log is one a coach wrote, and the one kept is from the last day of edits.
    assert!(
        jay_on_sup.conflicts.len() >= edits,
        "{:?}",
        jay_on_sup.conflicts
    );
    for c in &jay_on_sup.conflicts {
        assert!(
            written.contains(&c.kept) && written.contains(&c.other),
            "{c:?}"
        );
    }
    if let Some(last) = written.len().checked_sub(2) {
        let kept = &jay_on_sup.profile.local_authority;
        assert!(
            written[last..].contains(kept),
            "{kept} is not from the last edits"
        );
    }
    let supervision = phone
        .with(|app| app.supervision(&alex.to_string()))
        .expect("the coach's supervision");
    assert_eq!(supervision.records.len(), supervisions);
    let mut ops = 0;
    for d in everyone {
        ops += crate::assert_no_duplicates(d);
        crate::assert_all_sent(d);
    }
    let injected: usize = proxy
        .counts()
        .iter()
        .filter(|(f, _)| **f != Fault::Pass)
        .map(|(_, n)| n)
        .sum();
    crate::report(
        "soak",
        &[
            ("days", days),
            ("devices", 4),
            ("sessions", sessions.len()),
            ("concerns", concerns),
            ("double edits", edits),
            ("conflicts logged", jay_on_sup.conflicts.len()),
            ("supervisions", supervisions),
            ("faults injected", injected),
            ("syncs that failed and resumed", failed_syncs),
            ("ops checked", ops),
            ("lost", 0),
            ("duplicated", 0),
        ],
    );
}
