//! The chronology: drawn from the records, added to by hand, curated.

use crate::fixture::*;
use insideout_app::dto::*;
use insideout_domain::Field;

fn with_young_person() -> (Fixture, String) {
    let mut f = unlocked();
    let id = f.add_young_person("Jay").profile.id;
    (f, id)
}

#[test]
fn significant_events_are_drawn_from_the_records_oldest_first() {
    let (mut f, yp) = with_young_person();
    f.app
        .add_placement(
            &yp,
            PlacementInput {
                placement_type: "childrens_home".into(),
                provider_name: "Oak House".into(),
                start_date: "2025-06-10".into(),
            },
        )
        .unwrap();
    let mut significant = session_input(&yp, "2025-11-20T18:00", "2025-11-20T20:00");
    significant.significant = true;
    let s = f.app.record_session(significant).unwrap();
    f.record_session(&yp, "2025-11-21T18:00", "2025-11-21T20:00");
    f.app
        .record_missing_episode(
            &yp,
            MissingEpisodeInput {
                went_missing: "2025-11-22T19:00".into(),
                came_back: true,
                returned_at: "2025-11-23T08:00".into(),
                where_found: "Bus station".into(),
                ..MissingEpisodeInput::default()
            },
        )
        .unwrap();
    let c = f.app.chronology(&yp).unwrap();
    let kinds: Vec<&str> = c.entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["started", "placement", "session", "missing", "returned"]
    );
    let session = &c.entries[2];
    assert_eq!(
        session.link,
        Some(Link::Session {
            id: s.id.to_string()
        })
    );
    assert_eq!(session.at, "2025-11-20T18:00");
    assert!(c.entries.iter().all(|e| e.automatic && e.included));
    assert_eq!(c.entries[1].title, "Placement started: Oak House");
}

#[test]
fn the_coach_adds_entries_and_curates_the_shared_view() {
    let (mut f, yp) = with_young_person();
    let c = f
        .app
        .add_chronology_note(
            &yp,
            ChronologyNoteInput {
                on: "2025-09-03".into(),
                title: "Started at Suffolk New College".into(),
                detail: "Motor vehicle course, three days a week.".into(),
            },
        )
        .unwrap();
    let note = c.entries.iter().find(|e| e.kind == "note").unwrap();
    assert!(!note.automatic && note.included);
    let started = c.entries[0].key.clone();
    let before = f.op_count();
    let c = f
        .app
        .curate_chronology(
            &yp,
            CurationInput {
                key: started.clone(),
                included: false,
                summary: String::new(),
            },
        )
        .unwrap();
    assert!(!c.entries[0].included);
    let c = f
        .app
        .curate_chronology(
            &yp,
            CurationInput {
                key: note.key.clone(),
                included: true,
                summary: "College place".into(),
            },
        )
        .unwrap();
    let curated: Vec<&str> = c
        .entries
        .iter()
        .filter(|e| e.included)
        .map(|e| e.summary.as_str())
        .collect();
    assert_eq!(curated, ["College place"]);
    assert_eq!(f.op_count(), before + 2);
    // The choice survives a rebuild of the tables from the op log.
    f.app.store_for_inspection().unwrap().rebuild().unwrap();
    assert!(!f.app.chronology(&yp).unwrap().entries[0].included);
}

#[test]
fn refused_chronology_input_names_the_field_and_writes_nothing() {
    let (mut f, yp) = with_young_person();
    let note = |on: &str, title: &str| ChronologyNoteInput {
        on: on.into(),
        title: title.into(),
        detail: String::new(),
    };
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::On), |app| {
        app.add_chronology_note(&y, note("2025-11-24", "Court"))
    });
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::On), |app| {
        app.add_chronology_note(&y, note("last week", "Court"))
    });
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::Title), |app| {
        app.add_chronology_note(&y, note("2025-11-20", " "))
    });
    let y = yp.clone();
    f.refuses("invalid_input", Some(Field::Key), |app| {
        app.curate_chronology(
            &y,
            CurationInput {
                key: "lunch:today".into(),
                included: false,
                summary: String::new(),
            },
        )
    });
    // A well-formed key for an entry this young person does not have.
    let y = yp.clone();
    f.refuses("not_found", None, |app| {
        app.curate_chronology(
            &y,
            CurationInput {
                key: "concern:01a233c2-bba7-7f30-9719-dd28e0e6aa98".into(),
                included: false,
                summary: String::new(),
            },
        )
    });
}
