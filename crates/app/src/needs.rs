//! What needs doing for one young person, most pressing first: the panel that opens their page.
//! Overdue return-home interviews, then ones due, then notes left as drafts, then plans coming up
//! that are not ready, then goals due a review. Each says where it is done.

use crate::dto::{ClockState, Link, NeedView, NoteStatus, Section, YoungPersonDetail};
use chrono::NaiveDateTime;

pub(crate) fn needs_doing(
    d: &YoungPersonDetail,
    goals_due_review: &[&str],
    now: NaiveDateTime,
) -> Vec<NeedView> {
    let yp = &d.profile.id;
    let mut out = Vec::new();
    let interviews = |state: ClockState| {
        d.missing_episodes
            .iter()
            .filter(move |e| e.clock == state)
            .map(move |e| NeedView {
                text: e.clock_text.clone(),
                link: Link::YoungPerson {
                    id: yp.clone(),
                    section: Some(Section::Missing),
                },
                overdue: state == ClockState::Overdue,
            })
    };
    out.extend(interviews(ClockState::Overdue));
    out.extend(interviews(ClockState::Due));
    out.extend(
        d.sessions
            .iter()
            .filter(|s| s.status == NoteStatus::Draft)
            .map(|s| NeedView {
                text: format!("Finish the note of the session on {}", when(&s.start)),
                link: Link::Session { id: s.id.clone() },
                overdue: false,
            }),
    );
    let mut plans: Vec<(String, NeedView)> = Vec::new();
    for a in d.activities.iter().filter(|a| !a.ready) {
        if parse(&a.input.starts).is_some_and(|t| t >= now) {
            let why = a
                .warnings
                .first()
                .map_or(String::new(), |w| format!(": {w}"));
            plans.push((
                a.input.starts.clone(),
                NeedView {
                    text: format!(
                        "{}, {}, is not ready{why}",
                        a.input.title,
                        when(&a.input.starts)
                    ),
                    link: Link::Activity {
                        young_person_id: yp.clone(),
                        activity_id: a.id.clone(),
                    },
                    overdue: false,
                },
            ));
        }
    }
    for r in d.residentials.iter().filter(|r| !r.ready) {
        let arrives = chrono::NaiveDate::parse_from_str(&r.input.arrives, "%Y-%m-%d");
        if arrives.is_ok_and(|d| d >= now.date()) {
            let outstanding = r.checklist.iter().filter(|c| !c.done).count();
            plans.push((
                r.input.arrives.clone(),
                NeedView {
                    text: format!(
                        "{}, from {}, is not ready: {outstanding} {} to do",
                        r.input.title,
                        day(&r.input.arrives),
                        if outstanding == 1 { "check" } else { "checks" }
                    ),
                    link: Link::Residential {
                        young_person_id: yp.clone(),
                        residential_id: r.id.clone(),
                    },
                    overdue: false,
                },
            ));
        }
    }
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(plans.into_iter().map(|(_, need)| need));
    out.extend(goals_due_review.iter().map(|words| NeedView {
        text: format!("Review the goal \u{201c}{words}\u{201d}"),
        link: Link::Goals {
            young_person_id: yp.clone(),
        },
        overdue: false,
    }));
    out
}

fn parse(local: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").ok()
}

/// "Tue 1 Dec 16:00"; the text as it is if it is not a local time.
fn when(local: &str) -> String {
    parse(local).map_or(local.to_owned(), |t| {
        t.format("%a %-d %b %H:%M").to_string()
    })
}

/// "Sat 6 Dec"; the text as it is if it is not a day.
fn day(date: &str) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_or(date.to_owned(), |d| d.format("%a %-d %b").to_string())
}
