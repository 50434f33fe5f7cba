//! The input fields an error can belong to: one closed list, so a rule cannot name a field the
//! forms do not have, and TypeScript gets the list as a union its forms are keyed by.
//!
//! Each value is the field's key in the IPC input types (camelCase); a field inside a group is
//! written as a path (`told.police`).

macro_rules! fields {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $(#[serde(rename = $value)] $variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The field's key as the forms name it.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $value),+ }
            }
        }
    };
}

fields!(
    /// A field of one of the app's forms.
    Field {
        Actions = "actions",
        Activity = "activity",
        Address = "address",
        Analysis = "analysis",
        Adventure = "adventure",
        AgreedOn = "agreedOn",
        Area = "area",
        Arrives = "arrives",
        Attendees = "attendees",
        Author = "author",
        Budget = "budget",
        By = "by",
        Category = "category",
        Closure = "closure",
        Code = "code",
        Coach = "coach",
        CoachName = "coachName",
        CoachScore = "coachScore",
        Comments = "comments",
        Conditions = "conditions",
        Confirm = "confirm",
        ConsentEvidence = "consentEvidence",
        ConsentExpires = "consentExpires",
        ConsentGivenBy = "consentGivenBy",
        ConsentGivenOn = "consentGivenOn",
        ConsentHolder = "consentHolder",
        ConsentScope = "consentScope",
        Contact = "contact",
        Cost = "cost",
        Current = "current",
        Date = "date",
        DateOfBirth = "dateOfBirth",
        Decision = "decision",
        Decisions = "decisions",
        Description = "description",
        Detail = "detail",
        Dietary = "dietary",
        Discussed = "discussed",
        Eet = "eet",
        Due = "due",
        Email = "email",
        EmergencyPlan = "emergencyPlan",
        End = "end",
        EndDate = "endDate",
        Ending = "ending",
        ExpectedEnd = "expectedEnd",
        Ends = "ends",
        Export = "export",
        Family = "family",
        From = "from",
        FromPlan = "fromPlan",
        Goals = "goals",
        Going = "going",
        Hazards = "hazards",
        Holder = "holder",
        InterviewAt = "interviewAt",
        InterviewNotes = "interviewNotes",
        InterviewOutcome = "interviewOutcome",
        Item = "item",
        Itinerary = "itinerary",
        Key = "key",
        Kind = "kind",
        Leaves = "leaves",
        Link = "link",
        LinkPicture = "linkPicture",
        LegalStatus = "legalStatus",
        LicenceExpires = "licenceExpires",
        LicenceNumber = "licenceNumber",
        LocalAuthority = "localAuthority",
        Medical = "medical",
        Mode = "mode",
        Month = "month",
        Name = "name",
        NewPassphrase = "newPassphrase",
        Note = "note",
        Notes = "notes",
        NoticedAt = "noticedAt",
        On = "on",
        Organisation = "organisation",
        Other = "other",
        Owner = "owner",
        Outcome = "outcome",
        Passphrase = "passphrase",
        PassphraseConfirm = "passphraseConfirm",
        Personal = "personal",
        Phase = "phase",
        Phone = "phone",
        Place = "place",
        Places = "places",
        PlacementType = "placementType",
        Plan = "plan",
        PlannedEndDate = "plannedEndDate",
        PoliceReference = "policeReference",
        PreferredName = "preferredName",
        ProfilePlace = "profile.place",
        ProviderName = "providerName",
        Purpose = "purpose",
        Reason = "reason",
        RiskNotes = "riskNotes",
        Risks = "risks",
        ReferralCriteria = "referralCriteria",
        ReferralDate = "referralDate",
        ReturnedAt = "returnedAt",
        RiskIndicators = "riskIndicators",
        Role = "role",
        SendDetails = "sendDetails",
        Setting = "setting",
        Staffing = "staffing",
        Start = "start",
        StartDate = "startDate",
        Starts = "starts",
        Status = "status",
        Score = "score",
        Summary = "summary",
        Text = "text",
        Title = "title",
        Told = "told",
        ToldSocialWorker = "told.social_worker",
        ToldEmergencyDutyTeam = "told.emergency_duty_team",
        ToldPolice = "told.police",
        ToldSafeguardingLead = "told.safeguarding_lead",
        Transport = "transport",
        Triggers = "triggers",
        Urgency = "urgency",
        Venue = "venue",
        Voice = "voice",
        VenuePhone = "venuePhone",
        Wellbeing = "wellbeing",
        WentMissing = "wentMissing",
        WhatHelps = "whatHelps",
        WhereFound = "whereFound",
        WhoToCall = "whoToCall",
        WithWhom = "withWhom",
        What = "what",
        WhatHappened = "whatHappened",
        Words = "words",
        YoungPerson = "youngPerson",
        YoungPersonScore = "youngPersonScore",
    }
);

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn each_field_serialises_as_its_key_and_keys_are_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for field in Field::ALL {
            let json = serde_json::to_value(field).unwrap();
            assert_eq!(json, serde_json::Value::from(field.as_str()));
            assert!(seen.insert(field.as_str()), "{field} is listed twice");
        }
    }
}
