//! Demo data: three young people with up to 18 months of sessions, placements, contacts and
//! notes, written through the same use-cases a coach uses (so every record is an op). Used by the
//! app's `--demo` option and by the benchmarks.

use crate::dto::{
    ActivityInput, AttendeeInput, AuthorityInput, BudgetLineInput, ChronologyNoteInput,
    ConcernInput, ConsentInput, ContactInput, DayPlanInput, EndPlacementInput, GoalInput,
    GoingInput, HazardInput, MissingEpisodeInput, NoteBody, OutcomeCheckInput, PersonalRiskInput,
    PlacementInput, RatingInput, ResidentialInput, RiskInput, SessionInput, ToldInput,
    YoungPersonInput,
};
use crate::{App, AppResult};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeDelta, Weekday};
use insideout_store::Durability;

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    /// Sessions a week per young person (the programme's 25 hours is about 8 to 10).
    pub sessions_per_week: u32,
}

impl DemoSize {
    /// About 700 sessions per young person over 18 months.
    pub const FULL: Self = Self {
        sessions_per_week: 9,
    };
}

/// What the generator wrote.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    pub young_people: usize,
    pub sessions: usize,
}

struct Person {
    name: &'static str,
    date_of_birth: &'static str,
    local_authority: &'static str,
    legal_status: &'static str,
    risks: &'static [&'static str],
    months_in: u32,
    home: &'static str,
    family: &'static str,
}

const PEOPLE: [Person; 3] = [
    Person {
        name: "Jay",
        date_of_birth: "2009-03-14",
        local_authority: "Essex",
        legal_status: "care_order",
        risks: &["missing", "neet", "escalating_risk"],
        months_in: 17,
        home: "Oak House children's home",
        family: "Mum (Donna)",
    },
    Person {
        name: "Sam",
        date_of_birth: "2009-09-02",
        local_authority: "Hertfordshire",
        legal_status: "section_20",
        risks: &["cse", "substance_misuse"],
        months_in: 17,
        home: "Willow Lodge",
        family: "Nan (Pat)",
    },
    Person {
        name: "Kai",
        date_of_birth: "2008-12-20",
        local_authority: "Norfolk",
        legal_status: "interim_care_order",
        risks: &["gangs", "poor_transition", "care_plan_goals"],
        months_in: 17,
        home: "The Beeches",
        family: "Dad (Lee)",
    },
];

const HAPPENED: &[&str] = &[
    "We met at the skate park and walked to the café. {n} talked about the week at {home}; there was an argument with another resident on Tuesday.",
    "Drove to the college open day. {n} looked at the motor vehicle course and asked the tutor about entry requirements.",
    "Cooking session at {home}: we made a spaghetti bolognese together and costed the shopping.",
    "Video call in the evening. {n} was low and did not want to talk for long; we agreed to meet tomorrow.",
    "Went climbing at the indoor wall. {n} reached the top of the orange route on the third try.",
    "Family session with {family} at the contact centre. The first twenty minutes were tense; it eased when we played cards.",
    "Text check-in after {n} missed school. Replied within the hour and agreed a plan for tomorrow morning.",
    "Walk along the seafront. {n} talked about friends from the estate and who is safe to see.",
    "Supported {n} at the looked-after child review with the social worker and the home's manager.",
    "Football at the leisure centre with the youth group. {n} played the whole match and helped pack away.",
];

const VOICE: &[&str] = &[
    "\"I just want people to stop moving me about.\"",
    "\"I'd like to be a mechanic, like my uncle.\"",
    "\"It's alright here now, staff are OK.\"",
    "\"I don't want to talk about Mum today.\"",
    "\"Can we do climbing again next week?\"",
    "\"I was scared but I did it.\"",
    "",
];

const ANALYSIS: &[&str] = &[
    "Engagement is improving; {n} initiated conversation for the first time.",
    "Signs of anxiety around contact; worth raising with the social worker.",
    "{n} is showing more trust and is beginning to plan ahead.",
    "A difficult session; I think tiredness played a part.",
    "",
];

const ACTIONS: &[&str] = &[
    "Coach to phone college about the application form.",
    "{n} to keep a diary of sleep this week.",
    "Meet again Thursday at 4pm.",
    "Share update with the social worker.",
    "",
];

fn pick<'a>(list: &[&'a str], seed: usize) -> &'a str {
    list[seed % list.len()]
}

fn fill(template: &str, p: &Person) -> String {
    template
        .replace("{n}", p.name)
        .replace("{home}", p.home)
        .replace("{family}", p.family)
}

/// When a session in week `week`, slot `slot` happens: evenings and weekends included.
fn session_time(week_start: NaiveDate, slot: u32, seed: usize) -> (NaiveDateTime, NaiveDateTime) {
    let day = week_start + Days::new(u64::from(slot % 7));
    let (hour, length_min) = match (day.weekday(), slot % 3) {
        (Weekday::Sat | Weekday::Sun, _) => (10 + (seed % 3) as u32, 180 + (seed % 4) as i64 * 30),
        (_, 0) => (9 + (seed % 3) as u32, 120 + (seed % 3) as i64 * 30),
        (_, 1) => (16, 90 + (seed % 3) as i64 * 30),
        _ => (18 + (seed % 2) as u32, 120 + (seed % 2) as i64 * 30),
    };
    let start = day
        .and_hms_opt(hour, (seed % 4) as u32 * 15, 0)
        .unwrap_or_default();
    (start, start + TimeDelta::minutes(length_min))
}

/// The demo's second coach's young people: one early in the programme, one ending soon.
const SECOND_COACH: [Person; 2] = [
    Person {
        name: "Rio",
        date_of_birth: "2010-05-30",
        local_authority: "Suffolk",
        legal_status: "care_order",
        risks: &["missing", "escalating_risk"],
        months_in: 5,
        home: "Maple Court",
        family: "Aunt (Bev)",
    },
    Person {
        name: "Ellis",
        date_of_birth: "2008-07-11",
        local_authority: "Essex",
        legal_status: "section_20",
        risks: &["neet", "poor_transition"],
        months_in: 16,
        home: "Oak House children's home",
        family: "Mum (Kerry)",
    },
];

impl App {
    /// Fills the unlocked store with demo data up to now. Refuses if young people exist already.
    pub fn fill_demo(&mut self, size: DemoSize) -> AppResult<DemoSummary> {
        self.fill_demo_with(size, &PEOPLE)
    }

    /// The same for the demo's second coach, with two young people of their own.
    pub fn fill_demo_second_coach(&mut self, size: DemoSize) -> AppResult<DemoSummary> {
        self.fill_demo_with(size, &SECOND_COACH)
    }

    fn fill_demo_with(&mut self, size: DemoSize, people: &[Person]) -> AppResult<DemoSummary> {
        if !self.caseload()?.young_people.is_empty() {
            return Ok(DemoSummary::default());
        }
        let now = self.now().naive_local();
        let today = now.date();
        let mut summary = DemoSummary::default();
        // Demo writes are many; fsync each one only at the end.
        self.store()?.set_durability(Durability::Off)?;
        let result = self.fill_people(size, people, now, today, &mut summary);
        self.store()?.set_durability(Durability::Full)?;
        result.map(|()| summary)
    }

    fn fill_people(
        &mut self,
        size: DemoSize,
        people: &[Person],
        now: NaiveDateTime,
        today: NaiveDate,
        summary: &mut DemoSummary,
    ) -> AppResult<()> {
        for (index, p) in people.iter().enumerate() {
            let start = today
                .checked_sub_months(Months::new(p.months_in))
                .unwrap_or(today)
                - Days::new(index as u64 * 3);
            let input = YoungPersonInput {
                preferred_name: p.name.into(),
                date_of_birth: p.date_of_birth.into(),
                local_authority: p.local_authority.into(),
                legal_status: p.legal_status.into(),
                send: index == 1,
                send_details: if index == 1 {
                    "ADHD; support plan at college".into()
                } else {
                    String::new()
                },
                referral_criteria: vec![
                    "looked_after".into(),
                    "residential".into(),
                    "instability".into(),
                    "can_engage".into(),
                ],
                risk_indicators: p.risks.iter().map(|r| (*r).to_owned()).collect(),
                referral_date: (start - Days::new(14)).to_string(),
                start_date: start.to_string(),
                planned_end_date: (start.checked_add_months(Months::new(18)).unwrap_or(start)
                    - Days::new(1))
                .to_string(),
            };
            let id = self.add_young_person(input)?.profile.id;
            self.set_phase(
                &id,
                if p.months_in > 14 {
                    "step_down"
                } else {
                    "intensive"
                },
            )?;
            summary.young_people += 1;
            self.fill_team(&id, p, start)?;

            let mut week = insideout_domain::hours::week_start(start) + Days::new(7);
            let mut seed = index * 7919;
            while week <= today {
                for slot in 0..size.sessions_per_week {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407)
                        >> 7;
                    let (s, e) =
                        session_time(week, slot * 7 / size.sessions_per_week.max(1) + slot, seed);
                    if s.date() < start || e > now {
                        continue;
                    }
                    self.fill_session(&id, p, s, e, seed, e < now - TimeDelta::days(2))?;
                    summary.sessions += 1;
                }
                week = week + Days::new(7);
            }
            self.fill_outcomes(&id, p, index, start, now)?;
            if index == 0 {
                self.fill_plans(&id, p, today)?;
            }
        }
        Ok(())
    }

    /// A football afternoon that happened and waits to be recorded, and a family residential
    /// in three weeks whose risk assessment waits for sign-off.
    fn fill_plans(&mut self, id: &str, p: &Person, today: NaiveDate) -> AppResult<()> {
        let day = |n: i64| (today + TimeDelta::days(n)).to_string();
        let going = |who: &str, name: &str| GoingInput {
            who: who.into(),
            name: name.into(),
        };
        self.plan_activity(
            id,
            ActivityInput {
                title: "Five-a-side football".into(),
                kind: "sport".into(),
                provider_name: "Chelmsford Sport and Athletics Centre".into(),
                insurance_checked: true,
                safeguarding_policy_checked: true,
                starts: format!("{}T14:00", day(-2)),
                ends: format!("{}T16:00", day(-2)),
                place: "Chelmsford".into(),
                cost: "6.50".into(),
                going: vec![going("young_person", ""), going("staff", "Alex Morgan")],
                consent_holder: "carer".into(),
                consent_given_by: "Tom Reid".into(),
                consent_evidence: "Text message to the coach".into(),
                consent_given_on: day(-7),
                ..ActivityInput::default()
            },
        )?;
        let r = self.plan_residential(
            id,
            ResidentialInput {
                title: "Family weekend in Thetford Forest".into(),
                venue: "High Lodge cabins".into(),
                address: "Thetford Forest, Brandon IP27 0AF".into(),
                venue_phone: "01842 815434".into(),
                arrives: day(21),
                leaves: day(23),
                going: vec![
                    going("young_person", ""),
                    going("family_member", "Donna (mum)"),
                    going("family_member", "Kyle (brother, 12)"),
                    going("staff", "Alex Morgan"),
                ],
                itinerary: vec![
                    DayPlanInput {
                        day: day(21),
                        plan: "Leave Oak House 2 pm; collect Donna and Kyle; cabin, walk, cook together".into(),
                    },
                    DayPlanInput {
                        day: day(22),
                        plan: "Go Ape in the morning; bikes in the afternoon; film night".into(),
                    },
                ],
                budget: vec![
                    BudgetLineInput {
                        item: "Cabin, two nights".into(),
                        planned: "260".into(),
                        actual: "260".into(),
                    },
                    BudgetLineInput {
                        item: "Food".into(),
                        planned: "80".into(),
                        actual: String::new(),
                    },
                    BudgetLineInput {
                        item: "Go Ape".into(),
                        planned: "105".into(),
                        actual: String::new(),
                    },
                ],
                dietary: "Donna is vegetarian".into(),
                medical: format!("{}: asthma, blue inhaler carried by {}", p.name, p.name),
                transport: "Project minibus, driven by Alex".into(),
                consent: ConsentInput {
                    holder: "carer".into(),
                    given_by: "Tom Reid".into(),
                    evidence: "Signed consent form".into(),
                    given_on: day(-1),
                    ..ConsentInput::default()
                },
            },
        )?;
        self.assess_risk(
            &r.id,
            RiskInput {
                hazards: vec![
                    HazardInput {
                        hazard: "High ropes (Go Ape)".into(),
                        controls: "Licensed provider; their instructors; harness checks".into(),
                    },
                    HazardInput {
                        hazard: "Cycling on forest tracks".into(),
                        controls: "Helmets; marked family trail; Alex rides at the back".into(),
                    },
                ],
                personal: vec![PersonalRiskInput {
                    risk: "missing".into(),
                    plan: format!(
                        "{} agreed to check in at 9 pm and 11 pm; phone charged; Donna knows the plan",
                        p.name
                    ),
                }],
                staffing: "Alex Morgan (coach), with Donna as the responsible adult for Kyle".into(),
                emergency_plan: "Call 999. West Suffolk Hospital, Bury St Edmunds (25 minutes). Then Oak House and the emergency duty team.".into(),
            },
            true,
        )?;
        Ok(())
    }

    /// Goals reviewed monthly, the monthly outcome checks, consents, a missing episode or a
    /// concern, and an entry of the coach's own in the chronology.
    fn fill_outcomes(
        &mut self,
        id: &str,
        p: &Person,
        index: usize,
        start: NaiveDate,
        now: NaiveDateTime,
    ) -> AppResult<()> {
        let today = now.date();
        let goals = [
            (
                "education",
                "Get onto a college course I actually want to do",
            ),
            ("relationships", "See my family without it ending in a row"),
        ];
        let agreed = start + Days::new(14);
        for (g, (area, words)) in goals.iter().enumerate() {
            let view = self.agree_goal(
                id,
                GoalInput {
                    area: (*area).into(),
                    words: (*words).into(),
                    agreed_on: agreed.to_string(),
                    status: String::new(),
                },
            )?;
            let goal_id = view.goals[g].id.clone();
            let mut month = 0u32;
            while let Some(on) = agreed.checked_add_months(Months::new(month)) {
                if on > today {
                    break;
                }
                let progress = (month as usize + index + g).min(16) as u32;
                self.rate_goal(
                    &goal_id,
                    RatingInput {
                        on: on.to_string(),
                        young_person_score: (2 + progress / 2).min(10).to_string(),
                        coach_score: (1 + progress / 2).min(10).to_string(),
                        note: String::new(),
                    },
                )?;
                month += 1;
            }
        }
        let mut month = 0u32;
        while let Some(first) = start
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(month)))
        {
            if first > today {
                break;
            }
            let eet = match month {
                0..=3 => "neet",
                4..=7 => "part_time",
                _ => ["full_time", "training", "employed"][index],
            };
            let risks: Vec<String> = p
                .risks
                .iter()
                .take(p.risks.len().saturating_sub(month as usize / 5))
                .map(|r| (*r).to_owned())
                .collect();
            self.record_outcome_check(
                id,
                OutcomeCheckInput {
                    month: first.format("%Y-%m").to_string(),
                    eet: eet.into(),
                    risk_indicators: risks,
                    wellbeing: (3 + month / 3).min(9).to_string(),
                    family: (2 + month / 4).min(8).to_string(),
                    note: String::new(),
                },
            )?;
            month += 1;
        }
        for (area, holder, name) in [
            ("outings", "carer", "Tom Reid"),
            ("overnight", "carer", "Tom Reid"),
            ("adventurous", "social_worker", "Priya Shah"),
            ("photos", "young_person", ""),
        ] {
            self.set_authority(
                id,
                AuthorityInput {
                    area: area.into(),
                    holder: holder.into(),
                    name: name.into(),
                    conditions: String::new(),
                },
            )?;
        }
        let at = |days: u64, time: &str| format!("{}T{time}", today - Days::new(days));
        match index {
            0 => {
                // Missing on Friday night two days ago, back yesterday: the interview is due.
                self.record_missing_episode(
                    id,
                    MissingEpisodeInput {
                        went_missing: at(2, "21:30"),
                        police_reference: "EX-2611-0417".into(),
                        came_back: true,
                        returned_at: at(1, "10:15"),
                        where_found: "A friend's flat in Chelmsford".into(),
                        notes: "Reported by Oak House at 23:00.".into(),
                        ..MissingEpisodeInput::default()
                    },
                )?;
                self.add_chronology_note(
                    id,
                    ChronologyNoteInput {
                        on: (start + Days::new(120)).to_string(),
                        title: "Started the motor vehicle course at college".into(),
                        detail: String::new(),
                    },
                )?;
            }
            1 => {
                self.raise_concern(
                    id,
                    ConcernInput {
                        category: "exploitation".into(),
                        urgency: "today".into(),
                        noticed_at: at(3, "19:40"),
                        what: format!(
                            "{} said an older man has been buying food and phone credit and asked them to carry a bag.",
                            p.name
                        ),
                        told: vec![ToldInput {
                            who: "social_worker".into(),
                            at: at(3, "20:15"),
                        }],
                        actions: "Strategy discussion requested; safety plan reviewed with the home.".into(),
                    },
                )?;
            }
            _ => {}
        }
        Ok(())
    }

    fn fill_team(&mut self, id: &str, p: &Person, start: NaiveDate) -> AppResult<()> {
        let earlier = (start - Days::new(200)).to_string();
        let detail = self.add_placement(
            id,
            PlacementInput {
                placement_type: "foster_care".into(),
                provider_name: "Previous foster carers".into(),
                start_date: earlier,
            },
        )?;
        let first = detail.placements[0].id.clone();
        self.end_placement(
            &first,
            EndPlacementInput {
                end_date: (start - Days::new(40)).to_string(),
                ending: "unplanned".into(),
                reason: "Placement broke down after repeated missing episodes".into(),
            },
        )?;
        self.add_placement(
            id,
            PlacementInput {
                placement_type: "childrens_home".into(),
                provider_name: p.home.into(),
                start_date: (start - Days::new(40)).to_string(),
            },
        )?;
        let contacts = [
            ("Dee Hart", "supervisor", "Inside Out", "07700 900456", ""),
            (
                "On-call supervisor",
                "on_call",
                "Inside Out",
                "07700 900789",
                "",
            ),
            (
                "Out-of-hours social care",
                "emergency_duty_team",
                p.local_authority,
                "0345 606 1212",
                "",
            ),
            (
                "Sarah Cole",
                "safeguarding_lead",
                "Inside Out",
                "01245 000111",
                "",
            ),
            (
                "Priya Shah",
                "social_worker",
                "Children's social care",
                "01245 430000",
                "priya.shah@example.gov.uk",
            ),
            ("Tom Reid", "placement_provider", p.home, "01603 222333", ""),
            (p.family, "family_member", "", "07700 900123", ""),
            (
                "Kids Inspire family therapist",
                "family_support",
                "Kids Inspire",
                "01245 348707",
                "",
            ),
        ];
        for (name, role, organisation, phone, email) in contacts {
            self.add_contact(
                id,
                ContactInput {
                    name: name.into(),
                    role: role.into(),
                    organisation: organisation.into(),
                    phone: phone.into(),
                    email: email.into(),
                    notes: String::new(),
                },
            )?;
        }
        Ok(())
    }

    fn fill_session(
        &mut self,
        id: &str,
        p: &Person,
        start: NaiveDateTime,
        end: NaiveDateTime,
        seed: usize,
        finalise: bool,
    ) -> AppResult<()> {
        let modes = [
            "face_to_face",
            "face_to_face",
            "face_to_face",
            "video",
            "phone",
            "text",
        ];
        let settings = ["community", "placement", "home"];
        let activities = [
            "coaching",
            "life_skills",
            "education",
            "positive_activity",
            "family_work",
            "meeting",
        ];
        let mut attendees = vec![AttendeeInput {
            kind: "young_person".into(),
            name: String::new(),
        }];
        if seed.is_multiple_of(5) {
            attendees.push(AttendeeInput {
                kind: "family_member".into(),
                name: p.family.into(),
            });
        }
        let session = self.record_session(SessionInput {
            young_person_id: id.into(),
            start: start.format("%Y-%m-%dT%H:%M").to_string(),
            end: end.format("%Y-%m-%dT%H:%M").to_string(),
            setting: pick(&settings, seed / 3).into(),
            mode: pick(&modes, seed / 5).into(),
            attendees,
            activity: pick(&activities, seed / 11).into(),
            significant: seed.is_multiple_of(29),
            from_timer: false,
            from_plan: String::new(),
        })?;
        let note = NoteBody {
            what_happened: fill(pick(HAPPENED, seed / 13), p),
            voice: pick(VOICE, seed / 17).into(),
            analysis: fill(pick(ANALYSIS, seed / 19), p),
            actions: fill(pick(ACTIONS, seed / 23), p),
        };
        self.save_draft(&session.id, &format!("demo-{}", session.id), note)?;
        if finalise {
            self.finalise(&session.id)?;
            if seed.is_multiple_of(41) {
                self.add_addendum(
                    &session.id,
                    "Addendum: the social worker has since confirmed the review date.",
                )?;
            }
        }
        Ok(())
    }
}
