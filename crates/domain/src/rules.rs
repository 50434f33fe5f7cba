//! The programme's rules that are configuration, not code: sources differ on the age band, and a
//! commissioner may change the caseload limit or the weekly target.

use serde::{Deserialize, Serialize};

/// The programme's configurable rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeRules {
    /// Young people a coach holds at once (the programme says up to three).
    pub max_active: u32,
    /// The longest intervention, in months (18).
    pub max_months: u32,
    /// The weekly hours target per young person, in minutes (25 hours).
    pub weekly_target_minutes: u32,
    /// Youngest age at the start of the intervention, in months.
    pub min_age_months: u32,
    /// Oldest age at the start of the intervention, in months (exclusive).
    pub max_age_months: u32,
    /// How long a concern may wait for a supervisor's acknowledgement before every supervisor
    /// sees it as overdue, in minutes, by urgency: immediate danger, today, this week.
    pub acknowledge_within_minutes: [u32; 3],
    /// How long after its session a note may stay unfinalised before the team page counts it,
    /// in hours.
    pub unfinalised_after_hours: u32,
    /// How near its planned end an intervention is "ending soon" on the team page, in weeks.
    pub ending_soon_weeks: u32,
    /// How often each coach has formal supervision, in days: past it, the team page shows
    /// their supervision as due.
    pub supervision_every_days: u32,
}

impl ProgrammeRules {
    /// How long a concern of `urgency` may wait for an acknowledgement.
    pub fn acknowledge_within(&self, urgency: crate::concern::Urgency) -> chrono::TimeDelta {
        use crate::concern::Urgency;
        let minutes = match urgency {
            Urgency::Immediate => self.acknowledge_within_minutes[0],
            Urgency::Today => self.acknowledge_within_minutes[1],
            Urgency::ThisWeek => self.acknowledge_within_minutes[2],
        };
        chrono::TimeDelta::minutes(i64::from(minutes))
    }
}

impl Default for ProgrammeRules {
    /// The programme description's figures, with the wider age band that other sources give
    /// (14 to 18) so that a referral at 14¾ is not refused by software.
    fn default() -> Self {
        Self {
            max_active: 3,
            max_months: 18,
            weekly_target_minutes: 25 * 60,
            min_age_months: 14 * 12,
            max_age_months: 18 * 12,
            acknowledge_within_minutes: [60, 4 * 60, 2 * 24 * 60],
            unfinalised_after_hours: 24,
            ending_soon_weeks: 8,
            supervision_every_days: 28,
        }
    }
}
