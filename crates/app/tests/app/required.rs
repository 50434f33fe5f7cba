//! A form sent with its required fields empty is refused with every one of them named, in the
//! form's order, so the coach fixes them in one pass; nothing is written.

use crate::fixture::*;
use crate::residentials::{assessment, weekend};
use insideout_app::AppError;
use insideout_app::dto::*;
use insideout_domain::Field;

fn named(e: AppError) -> Vec<Field> {
    let dto = ErrorDto::from(e);
    assert_eq!(dto.field, dto.problems[0].field, "the first problem leads");
    assert_eq!(dto.message, dto.problems[0].message);
    dto.problems.iter().map(|p| p.field.unwrap()).collect()
}

#[test]
fn an_empty_activity_names_all_five_required_fields_and_chosen_consent_its_two() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Title), |app| {
        app.plan_activity(&y, ActivityInput::default())
    });
    assert_eq!(
        named(e),
        [
            Field::Title,
            Field::Kind,
            Field::ProviderName,
            Field::Starts,
            Field::Ends
        ]
    );
    let consenting = ActivityInput {
        consent_holder: "carer".into(),
        ..ActivityInput::default()
    };
    let e = f.refuses("invalid_input", Some(Field::Title), |app| {
        app.plan_activity(&yp, consenting)
    });
    assert_eq!(
        named(e)[5..],
        [Field::ConsentEvidence, Field::ConsentGivenOn]
    );
}

#[test]
fn an_empty_residential_and_an_empty_risk_assessment_name_all_their_fields() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Title), |app| {
        app.plan_residential(&y, ResidentialInput::default())
    });
    assert_eq!(
        named(e),
        [Field::Title, Field::Venue, Field::Arrives, Field::Leaves]
    );

    let plan = f.app.plan_residential(&yp, weekend()).unwrap();
    let blank_hazards = RiskInput {
        hazards: vec![HazardInput::default(); 2],
        ..RiskInput::default()
    };
    let e = f.refuses("invalid_input", Some(Field::Hazards), |app| {
        app.assess_risk(&plan.id, blank_hazards, false)
    });
    assert_eq!(
        named(e),
        [Field::Hazards, Field::Staffing, Field::EmergencyPlan]
    );
    let only_staffing_missing = RiskInput {
        staffing: " ".into(),
        ..assessment()
    };
    let e = f.refuses("invalid_input", Some(Field::Staffing), |app| {
        app.assess_risk(&plan.id, only_staffing_missing, false)
    });
    assert_eq!(named(e), [Field::Staffing]);
}

#[test]
fn a_return_without_times_names_the_return_and_the_interview() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let back_and_interviewed = MissingEpisodeInput {
        came_back: true,
        interview_outcome: "held".into(),
        ..MissingEpisodeInput::default()
    };
    let e = f.refuses("invalid_input", Some(Field::WentMissing), |app| {
        app.record_missing_episode(&yp, back_and_interviewed)
    });
    assert_eq!(
        named(e),
        [Field::WentMissing, Field::ReturnedAt, Field::InterviewAt]
    );
    let not_offered = MissingEpisodeInput {
        went_missing: "2025-11-21T19:00".into(),
        came_back: true,
        returned_at: "2025-11-22T08:00".into(),
        interview_outcome: "not_offered".into(),
        ..MissingEpisodeInput::default()
    };
    let detail = f.app.record_missing_episode(&yp, not_offered).unwrap();
    assert_eq!(detail.missing_episodes.len(), 1);
    let still_out = MissingEpisodeInput {
        went_missing: "2025-11-23T19:00".into(),
        returned_at: "not read while they are still missing".into(),
        ..MissingEpisodeInput::default()
    };
    let detail = f.app.record_missing_episode(&yp, still_out).unwrap();
    assert!(
        detail
            .missing_episodes
            .iter()
            .any(|e| !e.input.came_back && e.input.returned_at.is_empty())
    );
}

#[test]
fn a_concern_goal_rating_check_chronology_note_and_planned_session_name_all_they_lack() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let told_without_times = ConcernInput {
        told: vec![
            ToldInput {
                who: "police".into(),
                at: String::new(),
            },
            ToldInput {
                who: "social_worker".into(),
                at: " ".into(),
            },
        ],
        ..ConcernInput::default()
    };
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Urgency), |app| {
        app.raise_concern(&y, told_without_times)
    });
    assert_eq!(
        named(e),
        [
            Field::Urgency,
            Field::Category,
            Field::NoticedAt,
            Field::What,
            Field::ToldPolice,
            Field::ToldSocialWorker
        ]
    );
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Area), |app| {
        app.agree_goal(&y, GoalInput::default())
    });
    assert_eq!(named(e), [Field::Area, Field::Words]);
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Month), |app| {
        app.record_outcome_check(&y, OutcomeCheckInput::default())
    });
    assert_eq!(named(e), [Field::Month, Field::Eet]);
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::On), |app| {
        app.add_chronology_note(&y, ChronologyNoteInput::default())
    });
    assert_eq!(named(e), [Field::On, Field::Title]);
    let y = yp.clone();
    let e = f.refuses("invalid_input", Some(Field::Starts), |app| {
        app.plan_session(&y, PlannedSessionInput::default())
    });
    assert_eq!(named(e), [Field::Starts, Field::Ends]);
    let e = f.refuses("invalid_input", Some(Field::YoungPerson), |app| {
        app.plan_session(" ", PlannedSessionInput::default())
    });
    assert_eq!(named(e), [Field::YoungPerson, Field::Starts, Field::Ends]);
    let goal = GoalInput {
        area: "education".into(),
        words: "Go to college".into(),
        agreed_on: "2025-11-20".into(),
        status: String::new(),
    };
    let goals = f.app.agree_goal(&yp, goal).unwrap();
    let g = goals.goals[0].id.clone();
    let e = f.refuses("invalid_input", Some(Field::YoungPersonScore), |app| {
        app.rate_goal(&g, RatingInput::default())
    });
    assert_eq!(named(e), [Field::YoungPersonScore, Field::CoachScore]);
}

#[test]
fn enrolling_needs_a_connection_link_never_a_bare_address_and_a_code() {
    use insideout_app::qr::enrolment_link;
    use insideout_app::required::enrolment;
    let fields = |input: EnrolInput| named(enrolment(&input).unwrap_err());
    assert_eq!(fields(EnrolInput::default()), [Field::Link, Field::Code]);
    let bare = EnrolInput {
        link: "https://sync.example.org".into(),
        code: String::new(),
    };
    let e = ErrorDto::from(enrolment(&bare).unwrap_err());
    assert_eq!(
        e.problems.iter().map(|p| p.field).collect::<Vec<_>>(),
        [Some(Field::Link), Some(Field::Code)]
    );
    assert!(e.problems[0].message.starts_with("this is a web address"));
    let link = enrolment_link("https://sync.example.org", "ABCD-EFGH", Some("K7QM-2XPA"));
    let from_link = EnrolInput {
        link: link.clone(),
        code: String::new(),
    };
    assert_eq!(
        enrolment(&from_link).unwrap(),
        (
            "https://sync.example.org".to_owned(),
            "K7QM-2XPA".to_owned(),
            "ABCD-EFGH".to_owned()
        )
    );
    let typed_code = EnrolInput {
        link,
        code: " AAAA-BBBB ".into(),
    };
    assert_eq!(enrolment(&typed_code).unwrap().1, "AAAA-BBBB");
}

#[test]
fn an_empty_safety_plan_names_the_description_and_who_to_call() {
    let mut f = unlocked();
    let yp = f.add_young_person("Jay").profile.id;
    let e = f.refuses("invalid_input", Some(Field::Description), |app| {
        app.set_safety_plan(&yp, SafetyPlanInput::default())
    });
    assert_eq!(named(e), [Field::Description, Field::WhoToCall]);
}
