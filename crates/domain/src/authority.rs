//! Delegated authority: for each area of everyday life, who may consent for this young person
//! (DOMAIN.md: the young person if competent, the home manager or carer, the social worker, or
//! a parent where the young person is accommodated voluntarily). Activities and residentials
//! look up their consent here.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::optional_text;
use serde::{Deserialize, Serialize};

choices!(
    /// An area a consent can be needed for.
    ConsentArea {
        Outings = "outings": "Day trips and everyday activities",
        Adventurous = "adventurous": "Adventurous activities (climbing, caving, trekking, watersports)",
        Overnight = "overnight": "Overnight stays and residentials",
        Abroad = "abroad": "Travel abroad",
        Medical = "medical": "Routine medical and dental treatment",
        Photos = "photos": "Photographs, video and social media",
        Information = "information": "Sharing information with other services",
    }
);

choices!(
    /// Who holds the authority for an area.
    AuthorityHolder {
        YoungPerson = "young_person": "The young person (competent to decide)",
        Carer = "carer": "Carer or home manager",
        SocialWorker = "social_worker": "Social worker",
        Parent = "parent": "Parent (accommodated voluntarily)",
    }
);

/// Who may consent in one area, named, with any conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub holder: AuthorityHolder,
    /// The person by name, where it is someone other than the young person.
    pub name: String,
    /// Conditions or limits ("up to two nights", "not abroad").
    pub conditions: String,
}

impl Authority {
    pub fn new(holder: AuthorityHolder, name: &str, conditions: &str) -> DomainResult<Self> {
        let name = optional_text(Field::Name, "the name", name, 200)?;
        if holder != AuthorityHolder::YoungPerson && name.is_empty() {
            return Err(DomainError::invalid(
                Field::Name,
                "enter the name of the person who may consent",
            ));
        }
        Ok(Self {
            holder,
            name,
            conditions: optional_text(Field::Conditions, "the conditions", conditions, 1_000)?,
        })
    }

    /// Who holds it, in words: "Priya Shah (social worker)", or the holder alone when unnamed.
    pub fn describe(&self) -> String {
        use crate::choice::Choice;
        if self.name.is_empty() {
            self.holder.label().to_owned()
        } else {
            format!("{} ({})", self.name, self.holder.label().to_lowercase())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn someone_other_than_the_young_person_is_named() {
        let err = Authority::new(AuthorityHolder::SocialWorker, " ", "").unwrap_err();
        assert_eq!(err.field(), Some(Field::Name));
        assert!(Authority::new(AuthorityHolder::YoungPerson, "", "").is_ok());
        let a = Authority::new(AuthorityHolder::Carer, "Priya Shah", "up to two nights").unwrap();
        assert_eq!(a.name, "Priya Shah");
    }
}
