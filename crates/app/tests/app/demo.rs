use crate::fixture::*;
use insideout_app::demo::DemoSize;

#[test]
fn demo_data_fills_three_young_people_through_the_op_log() {
    let mut f = unlocked();
    let summary = f
        .app
        .fill_demo(DemoSize {
            sessions_per_week: 2,
        })
        .unwrap();
    assert_eq!(summary.young_people, 3);
    // 17 months of two sessions a week, give or take the first and last weeks.
    assert!(
        (3 * 140..=3 * 152).contains(&summary.sessions),
        "{} sessions",
        summary.sessions
    );
    let caseload = f.app.caseload().unwrap();
    assert_eq!(caseload.young_people.len(), 3);
    assert!(
        caseload
            .young_people
            .iter()
            .all(|e| e.programme_month >= 17),
        "{:?}",
        caseload.young_people
    );
    assert!(
        caseload
            .young_people
            .iter()
            .all(|e| e.minutes_this_week > 0)
    );
    assert!(!f.app.search("climbing").unwrap().is_empty());
    // Filling again adds nothing.
    assert_eq!(
        f.app
            .fill_demo(DemoSize {
                sessions_per_week: 2
            })
            .unwrap()
            .sessions,
        0
    );
    let store = f.app.store_for_inspection().unwrap();
    let dump = store.dump_tables().unwrap();
    store.rebuild().unwrap();
    assert_eq!(store.dump_tables().unwrap(), dump);
}

#[test]
fn the_demo_second_coach_has_two_young_people_with_their_history() {
    let mut f = unlocked();
    let summary = f
        .app
        .fill_demo_second_coach(insideout_app::demo::DemoSize::FULL)
        .unwrap();
    assert_eq!(summary.young_people, 2);
    let names: Vec<String> = f
        .app
        .caseload()
        .unwrap()
        .young_people
        .iter()
        .map(|y| y.preferred_name.clone())
        .collect();
    assert_eq!(names, vec!["Ellis".to_owned(), "Rio".to_owned()]);
    assert!(summary.sessions > 100, "{summary:?}");
}
