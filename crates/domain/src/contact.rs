//! The team around the child: people the coach works with, with their roles.

use crate::Field;
use crate::choices;
use crate::error::{DomainError, DomainResult};
use crate::text::{Line, optional_text};
use serde::{Deserialize, Serialize};

choices!(
    /// A contact's role around the young person.
    ContactRole {
        Supervisor = "supervisor": "Inside Out supervisor",
        OnCall = "on_call": "Inside Out on-call (evenings and weekends)",
        SocialWorker = "social_worker": "Social worker",
        PlacementProvider = "placement_provider": "Placement provider or key worker",
        FamilyMember = "family_member": "Family member",
        FamilySupport = "family_support": "Family support or therapy partner",
        Education = "education": "Education or training",
        Health = "health": "Health",
        YouthJustice = "youth_justice": "Youth justice",
        EmergencyDutyTeam = "emergency_duty_team": "Emergency duty team (out of hours)",
        SafeguardingLead = "safeguarding_lead": "Designated safeguarding lead",
        Other = "other": "Other",
    }
);

/// A member of the team around the child.
///
/// Invariant: a name; a phone number of digits, spaces, `+`, `(`, `)` and `-` only; an email
/// address with one `@` and a dot after it; bounded notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    name: Line,
    role: ContactRole,
    organisation: String,
    phone: String,
    email: String,
    notes: String,
}

impl Contact {
    pub fn new(
        name: Line,
        role: ContactRole,
        organisation: &str,
        phone: &str,
        email: &str,
        notes: &str,
    ) -> DomainResult<Self> {
        let organisation =
            optional_text(Field::Organisation, "the organisation", organisation, 200)?;
        let phone = phone.trim();
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
            || phone.len() > 40
        {
            return Err(DomainError::invalid(
                Field::Phone,
                "enter a phone number using digits, spaces and + only, like 01245 493311",
            ));
        }
        let email = email.trim();
        if !email.is_empty() && !looks_like_email(email) {
            return Err(DomainError::invalid(
                Field::Email,
                "enter an email address in the correct format, like name@example.org",
            ));
        }
        let notes = optional_text(Field::Notes, "the notes", notes, 2_000)?;
        Ok(Self {
            name,
            role,
            organisation,
            phone: phone.to_owned(),
            email: email.to_owned(),
            notes,
        })
    }

    pub fn name(&self) -> &Line {
        &self.name
    }
    pub fn role(&self) -> ContactRole {
        self.role
    }
    pub fn organisation(&self) -> &str {
        &self.organisation
    }
    pub fn phone(&self) -> &str {
        &self.phone
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn notes(&self) -> &str {
        &self.notes
    }
}

fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(phone: &str, email: &str, expected_field: Option<Field>) {
        let name = Line::parse(Field::Name, "a name", "Sam Patel").unwrap();
        let got = Contact::new(
            name,
            ContactRole::SocialWorker,
            "Essex CC",
            phone,
            email,
            "",
        )
        .err()
        .and_then(|e| e.field());
        assert_eq!(got, expected_field, "{phone} / {email}");
    }

    #[test]
    fn phone_and_email_are_checked() {
        check("01245 493311", "sam@essex.gov.uk", None);
        check("+44 (0)1245-493311", "", None);
        check("call me", "", Some(Field::Phone));
        check("", "sam@", Some(Field::Email));
        check("", "sam@@essex.gov.uk", Some(Field::Email));
        check("", "sam @essex.gov.uk", Some(Field::Email));
    }
}
