//! The "Needs doing" panel that opens a young person's page: most pressing first, each linked to
//! where it is done.

use crate::fixture::*;
use crate::residentials::weekend;
use insideout_app::dto::*;

#[test]
fn overdue_interviews_lead_then_due_ones_drafts_plans_not_ready_and_goal_reviews() {
    let mut f = unlocked();
    let jay = f.add_young_person("Jay").profile.id;
    let empty = f.app.young_person(&jay).unwrap();
    assert!(empty.needs_doing.is_empty(), "{:?}", empty.needs_doing);

    // Now is Sunday 23 November 2025, 21:30.
    f.app
        .agree_goal(
            &jay,
            GoalInput {
                area: "education".into(),
                words: "Go to college".into(),
                agreed_on: "2025-06-10".into(),
                status: String::new(),
            },
        )
        .unwrap();
    f.app.plan_residential(&jay, weekend()).unwrap();
    let session = f.record_session(&jay, "2025-11-22T10:00", "2025-11-22T12:00");
    let episode = |went: &str, back: &str| MissingEpisodeInput {
        went_missing: went.into(),
        came_back: true,
        returned_at: back.into(),
        ..MissingEpisodeInput::default()
    };
    f.app
        .record_missing_episode(&jay, episode("2025-11-22T19:00", "2025-11-23T08:00"))
        .unwrap();
    f.app
        .record_missing_episode(&jay, episode("2025-11-18T17:00", "2025-11-18T22:00"))
        .unwrap();

    let needs = f.app.young_person(&jay).unwrap().needs_doing;
    let texts: Vec<&str> = needs.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert_eq!(
        texts[0],
        "Return-home interview overdue: it was due by Fri 21 Nov 22:00"
    );
    assert!(needs[0].overdue);
    assert!(texts[1].starts_with("Return-home interview due by Wed 26 Nov 08:00"));
    assert!(!needs[1].overdue);
    assert_eq!(
        texts[2],
        "Finish the note of the session on Sat 22 Nov 10:00"
    );
    assert_eq!(
        needs[2].link,
        Link::Session {
            id: session.id.clone()
        }
    );
    assert!(
        texts[3].starts_with("Family weekend at Brandon, from Fri 5 Dec, is not ready: "),
        "{}",
        texts[3]
    );
    assert!(matches!(needs[3].link, Link::Residential { .. }));
    assert_eq!(texts[4], "Review the goal \u{201c}Go to college\u{201d}");
    assert_eq!(
        needs[4].link,
        Link::Goals {
            young_person_id: jay.clone()
        }
    );
    for n in &needs[..2] {
        assert_eq!(
            n.link,
            Link::YoungPerson {
                id: jay.clone(),
                section: Some(Section::Missing)
            }
        );
    }
}
