//! Helpers more than one area of the app uses: money as typed and shown, who is going on a plan,
//! and who may consent for a young person. Kept apart so the areas do not import each other.

use crate::dto::GoingInput;
use crate::parse::choice;
use crate::{AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::activity::Going;
use insideout_domain::choice::Choice;
use std::collections::BTreeSet;

/// "12.50" → 1250 pence; empty is free.
pub(crate) fn pence(raw: &str) -> AppResult<u32> {
    let raw = raw.trim().trim_start_matches('£');
    if raw.is_empty() {
        return Ok(0);
    }
    let refuse = || AppError::invalid(Field::Cost, "enter the cost in pounds, like 12.50");
    let (pounds, pennies) = raw.split_once('.').unwrap_or((raw, "0"));
    if pennies.len() > 2 || !pounds.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse());
    }
    let pounds: u32 = pounds.parse().map_err(|_| refuse())?;
    let pennies: u32 = format!("{pennies:0<2}").parse().map_err(|_| refuse())?;
    pounds
        .checked_mul(100)
        .and_then(|p| p.checked_add(pennies))
        .filter(|p| *p <= 10_000_000)
        .ok_or_else(refuse)
}

/// 1250 pence → "12.50"; nothing for free.
pub(crate) fn pounds(pence: u32) -> String {
    if pence == 0 {
        String::new()
    } else {
        format!("{}.{:02}", pence / 100, pence % 100)
    }
}

/// Who may consent in each area for one young person, by area value.
pub(crate) type AuthorityMap =
    std::collections::HashMap<String, Option<insideout_domain::authority::Authority>>;

/// Who is going, from the form.
pub(crate) fn going_from(going: &[GoingInput]) -> AppResult<BTreeSet<Going>> {
    going
        .iter()
        .map(|g| {
            Ok(Going {
                who: choice(Field::Going, &g.who)?,
                name: g.name.trim().to_owned(),
            })
        })
        .collect()
}

/// The form's fields of who is going.
pub(crate) fn going_input(going: &BTreeSet<Going>) -> Vec<GoingInput> {
    going
        .iter()
        .map(|g| GoingInput {
            who: g.who.value().to_owned(),
            name: g.name.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pence;
    use insideout_domain::Field;

    #[test]
    fn costs_are_pounds_and_pence() {
        assert_eq!(pence("").unwrap(), 0);
        assert_eq!(pence("35").unwrap(), 3500);
        assert_eq!(pence("£12.5").unwrap(), 1250);
        assert_eq!(pence("12.05").unwrap(), 1205);
        for bad in ["12.345", "-3", "ten", "1.2.3", "999999999"] {
            assert_eq!(pence(bad).unwrap_err().field(), Some(Field::Cost), "{bad}");
        }
    }
}
