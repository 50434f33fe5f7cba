//! Management oversight: a supervisor's case discussion about one young person — when, what
//! was discussed, what was decided, and the actions with an owner and a due date. It goes on the
//! young person's chronology as management oversight, and its actions into the coach's inbox.

use crate::Field;
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An action agreed in a case discussion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub what: Line,
    pub owner: Line,
    pub due: NaiveDate,
}

/// A case discussion as recorded.
///
/// Invariant: what was discussed is not empty; it happened no later than `today`; at most 20
/// actions, each due no earlier than the discussion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDiscussion {
    pub on: NaiveDate,
    pub discussed: String,
    pub decisions: String,
    pub actions: Vec<ActionItem>,
}

impl CaseDiscussion {
    pub fn new(
        on: NaiveDate,
        discussed: &str,
        decisions: &str,
        actions: Vec<ActionItem>,
        today: NaiveDate,
    ) -> DomainResult<Self> {
        if on > today {
            return Err(DomainError::invalid(
                Field::On,
                "the date of the discussion must be today or in the past",
            ));
        }
        let discussed = optional_text(Field::Discussed, "what was discussed", discussed, 10_000)?;
        if discussed.is_empty() {
            return Err(DomainError::invalid(
                Field::Discussed,
                "write what was discussed",
            ));
        }
        if actions.len() > 20 {
            return Err(DomainError::invalid(
                Field::Actions,
                "a discussion has at most 20 actions: put the rest in the decisions",
            ));
        }
        if let Some(a) = actions.iter().find(|a| a.due < on) {
            return Err(DomainError::invalid(
                Field::Due,
                format!(
                    "“{}” is due before the discussion: give a due date on or after it",
                    a.what.as_str()
                ),
            ));
        }
        Ok(Self {
            on,
            discussed,
            decisions: optional_text(Field::Decisions, "the decisions", decisions, 10_000)?,
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn action(due: &str) -> ActionItem {
        ActionItem {
            what: Line::parse(Field::What, "what", "Ring the school").unwrap(),
            owner: Line::parse(Field::Owner, "owner", "Alex").unwrap(),
            due: day(due),
        }
    }

    #[test]
    fn a_discussion_needs_what_was_discussed_and_actions_due_after_it() {
        let today = day("2026-12-03");
        let e = CaseDiscussion::new(day("2026-12-02"), " ", "", vec![], today).unwrap_err();
        assert_eq!(e.field(), Some(Field::Discussed));
        let e = CaseDiscussion::new(day("2026-12-04"), "x", "", vec![], today).unwrap_err();
        assert_eq!(e.field(), Some(Field::On));
        let e = CaseDiscussion::new(
            day("2026-12-02"),
            "x",
            "",
            vec![action("2026-12-01")],
            today,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some(Field::Due));
        let ok = CaseDiscussion::new(
            day("2026-12-02"),
            "Missing episodes at weekends",
            "Weekend sessions",
            vec![action("2026-12-09")],
            today,
        )
        .unwrap();
        assert_eq!(ok.actions.len(), 1);
    }
}
