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
        }
    }
}
