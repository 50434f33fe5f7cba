//! The offline trip pack: everything a coach needs on an activity or residential with no signal
//! — emergency contacts, medical and dietary needs, consents, the missing-person protocol, the
//! itinerary and the risk plan — on one screen, and as a printable PDF.

use crate::dto::{ExportedFile, PackContact, PackField, TripPack};
use crate::risk::{Plan, find_plan};
use crate::{App, AppError, AppResult};
use insideout_domain::Field;
use insideout_domain::authority::ConsentArea;
use insideout_domain::choice::Choice;
use insideout_domain::risk::{PersonalRisk, PlanRef};
use insideout_export::pdf;
use insideout_store::Store;

fn field(label: impl Into<String>, value: impl Into<String>) -> PackField {
    PackField {
        label: label.into(),
        value: value.into(),
    }
}

fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        "None recorded".to_owned()
    } else {
        s.to_owned()
    }
}

fn consent_words(c: Option<&insideout_domain::activity::Consent>, ask: Option<String>) -> String {
    match c {
        None => match ask {
            Some(who) => format!("NOT GIVEN YET: ask {who}"),
            None => "NOT GIVEN YET".to_owned(),
        },
        Some(c) => {
            let mut s = format!(
                "Given by {} ({}) on {}: {}",
                if c.given_by.is_empty() {
                    "the young person"
                } else {
                    &c.given_by
                },
                c.holder.label().to_lowercase(),
                c.given_on.format("%-d %b %Y"),
                c.evidence.as_str()
            );
            if let Some(e) = c.expires {
                s.push_str(&format!("; expires {}", e.format("%-d %b %Y")));
            }
            if !c.scope.is_empty() {
                s.push_str(&format!("; covers: {}", c.scope));
            }
            s
        }
    }
}

fn missing_protocol(name: &str, plan: Option<&str>) -> Vec<String> {
    let mut steps = vec![format!(
        "Search the immediate area and the places {name} knows; ring and text {name}'s phone."
    )];
    if let Some(plan) = plan {
        steps.push(format!("Follow the plan agreed for {name}: {plan}"));
    }
    steps.extend([
        format!(
            "If {name} may be at risk, or is not found within the time the care plan allows, call 999 and report {name} missing: say what {name} is wearing, who with, and where last seen."
        ),
        "Tell the home or carer and the social worker (out of hours, the emergency duty team): the numbers are above.".to_owned(),
        "Tell your supervisor, and record a missing episode in the app: it reaches your supervisor before anything else.".to_owned(),
        format!(
            "When {name} is found: make sure {name} is safe, tell the police and everyone you told, and record the return. A return-home interview is due within 72 hours."
        ),
    ]);
    steps
}

impl App {
    /// The trip pack of a planned activity or residential.
    pub fn trip_pack(&mut self, plan_id: &str) -> AppResult<TripPack> {
        let store = &self.store()?;
        let plan = find_plan(store, plan_id)?;
        build(store, &plan)
    }

    /// Writes the trip pack as a PDF into the export folder, for printing.
    pub fn export_trip_pack(&mut self, plan_id: &str) -> AppResult<ExportedFile> {
        let pack = self.trip_pack(plan_id)?;
        let printed = self.now().format("%-d %b %Y %H:%M").to_string();
        let bytes = pdf::render(&printable(&pack, &printed));
        let name = format!(
            "trip-pack-{}-{}.pdf",
            slug(&pack.title),
            self.now().format("%Y%m%d-%H%M")
        );
        let file = self.write_export(&name, &bytes)?;
        // It holds the young person's details: it leaves with the case if the case moves.
        if let Ok(young_person) = pack.young_person_id.parse() {
            self.store()?.note_case_file(young_person, &file.path)?;
        }
        Ok(file)
    }
}

/// A file name's part from a title: lower-case letters and digits joined by hyphens.
pub(crate) fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "plan".to_owned() } else { s }
}

fn build(store: &Store, plan: &Plan) -> AppResult<TripPack> {
    let yp = store.young_person(plan.young_person)?;
    let name = yp.profile.preferred_name.as_str().to_owned();
    let authority = store.delegated_authority(plan.young_person)?;
    let who_may = |area: ConsentArea| {
        authority
            .get(area.value())
            .and_then(Option::as_ref)
            .map(|a| a.describe())
    };
    let risk = store.risk(&plan.plan.id())?;
    let assessment = risk.as_ref().map(|r| &r.assessment);

    let mut about = vec![
        field("Young person", name.clone()),
        field(
            "Date of birth",
            yp.profile.date_of_birth.format("%-d %b %Y").to_string(),
        ),
        field("When", plan.when.clone()),
    ];
    let mut needs = Vec::new();
    let mut consents = Vec::new();
    let mut itinerary = Vec::new();
    match plan.plan {
        PlanRef::Residential(rid) => {
            let r = store.residential(rid)?.residential;
            about.push(field("Venue", r.venue.as_str()));
            if !r.address.is_empty() {
                about.push(field("Address", r.address.clone()));
            }
            if !r.venue_phone.is_empty() {
                about.push(field("Venue phone", r.venue_phone.clone()));
            }
            about.push(field("Transport", or_none(&r.transport)));
            about.push(field("Going", going_words(&name, &r.going)));
            needs.push(field("Medical", or_none(&r.medical)));
            needs.push(field("Dietary", or_none(&r.dietary)));
            consents.push(field(
                ConsentArea::Overnight.label(),
                consent_words(r.consent.as_ref(), who_may(ConsentArea::Overnight)),
            ));
            for day in r.days() {
                let plan = r
                    .itinerary
                    .iter()
                    .find(|d| d.day == day)
                    .map(|d| d.plan.clone())
                    .unwrap_or_else(|| "Nothing planned yet".to_owned());
                itinerary.push(field(day.format("%a %-d %b").to_string(), plan));
            }
        }
        PlanRef::Session(_) => {
            return Err(AppError::invalid(
                Field::Plan,
                "a planned session has no trip pack: plan an activity or a residential",
            ));
        }
        PlanRef::Activity(aid) => {
            let a = store.activity(aid)?.activity;
            about.push(field("Place", or_none(&a.place)));
            about.push(field("Provider", a.provider.name.as_str()));
            about.push(field("Transport", or_none(&a.transport)));
            about.push(field("Going", going_words(&name, &a.going)));
            let area = insideout_domain::activity::consent_area(&a);
            consents.push(field(
                area.label(),
                consent_words(a.consent.as_ref(), who_may(area)),
            ));
            itinerary.push(field(
                format!(
                    "{}–{}",
                    a.starts.format("%a %-d %b, %H:%M"),
                    a.ends.format("%H:%M")
                ),
                format!("{} with {}", a.title.as_str(), a.provider.name.as_str()),
            ));
        }
    }
    if yp.profile.send && !yp.profile.send_details.is_empty() {
        needs.push(field(
            "Special educational needs",
            yp.profile.send_details.clone(),
        ));
    }
    consents.push(field(
        format!("{} — who may consent", ConsentArea::Medical.label()),
        who_may(ConsentArea::Medical)
            .unwrap_or_else(|| "Not recorded on the profile: ask the social worker".to_owned()),
    ));

    let mut emergency_contacts = vec![
        PackContact {
            name: "Emergency services".to_owned(),
            role: "Police, ambulance, fire".to_owned(),
            phone: "999".to_owned(),
        },
        PackContact {
            name: "Police, not an emergency".to_owned(),
            role: "Police".to_owned(),
            phone: "101".to_owned(),
        },
    ];
    for c in store.contacts(plan.young_person)? {
        if c.removed.is_none() && !c.contact.phone().trim().is_empty() {
            emergency_contacts.push(PackContact {
                name: c.contact.name().as_str().to_owned(),
                role: c.contact.role().label().to_owned(),
                phone: c.contact.phone().to_owned(),
            });
        }
    }

    let mut risks = Vec::new();
    if let Some(a) = assessment {
        for m in &a.personal {
            risks.push(field(m.risk.label(), m.plan.clone()));
        }
        for h in &a.hazards {
            risks.push(field(h.hazard.as_str(), h.controls.clone()));
        }
        risks.push(field("Staffing", a.staffing.clone()));
        risks.push(field("Emergency plan", a.emergency_plan.clone()));
    }

    Ok(TripPack {
        plan_id: plan.plan.id(),
        plan_kind: plan.plan.kind().to_owned(),
        young_person_id: plan.young_person.to_string(),
        title: plan.title.clone(),
        about,
        emergency_contacts,
        needs,
        consents,
        missing_protocol: missing_protocol(
            &name,
            assessment.and_then(|a| a.managing(PersonalRisk::Missing)),
        ),
        safety_plan: match store.safety_plan(plan.young_person)? {
            Some((s, _)) => {
                let risks = s
                    .risks
                    .iter()
                    .map(|r| r.label().to_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                [
                    ("Description (for the police)", s.description.clone()),
                    ("Places they may go", s.places.clone()),
                    ("Who to call if missing", s.who_to_call.clone()),
                    ("Known risks", risks),
                    ("About the risks", s.risk_notes.clone()),
                    ("What sets things off", s.triggers.clone()),
                    ("What helps", s.what_helps.clone()),
                ]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| field(k, v))
                .collect()
            }
            None => Vec::new(),
        },
        itinerary,
        risks,
        risk: crate::risk::view(&plan.plan.id(), &plan.text, risk.as_ref()),
    })
}

fn going_words(
    name: &str,
    going: &std::collections::BTreeSet<insideout_domain::activity::Going>,
) -> String {
    use insideout_domain::activity::Goer;
    let names: Vec<String> = going
        .iter()
        .map(|g| match g.who {
            Goer::YoungPerson => name.to_owned(),
            Goer::FamilyMember => format!("{} (family)", g.name),
            Goer::Staff => format!("{} (staff)", g.name),
        })
        .collect();
    or_none(&names.join(", "))
}

/// The printable document of a trip pack, stamped with when it was printed.
pub fn printable(p: &TripPack, printed: &str) -> pdf::Document {
    let fields = |f: &[PackField]| {
        f.iter()
            .map(|f| pdf::Line::Field {
                label: f.label.clone(),
                value: f.value.clone(),
            })
            .collect::<Vec<_>>()
    };
    let name = p.about.first().map(|f| f.value.clone()).unwrap_or_default();
    let mut sections = vec![
        pdf::Section {
            heading: "Emergency contacts".to_owned(),
            lines: p
                .emergency_contacts
                .iter()
                .map(|c| pdf::Line::Field {
                    label: format!("{} — {}", c.name, c.role),
                    value: c.phone.clone(),
                })
                .collect(),
        },
        pdf::Section {
            heading: "The trip".to_owned(),
            lines: fields(&p.about),
        },
        pdf::Section {
            heading: "Medical and dietary needs".to_owned(),
            lines: fields(&p.needs),
        },
        pdf::Section {
            heading: "Consents".to_owned(),
            lines: fields(&p.consents),
        },
        pdf::Section {
            heading: format!("{name}'s safety plan"),
            lines: if p.safety_plan.is_empty() {
                vec![pdf::Line::Text("No safety plan written yet.".to_owned())]
            } else {
                fields(&p.safety_plan)
            },
        },
        pdf::Section {
            heading: format!("If {name} goes missing"),
            lines: p
                .missing_protocol
                .iter()
                .zip(1..)
                .map(|(text, number)| pdf::Line::Step {
                    number,
                    text: text.clone(),
                })
                .collect(),
        },
        pdf::Section {
            heading: "Itinerary".to_owned(),
            lines: fields(&p.itinerary),
        },
    ];
    sections.push(pdf::Section {
        heading: "Risks and how they are managed".to_owned(),
        lines: if p.risks.is_empty() {
            vec![pdf::Line::Text(
                "No risk assessment written yet.".to_owned(),
            )]
        } else {
            let mut l = vec![pdf::Line::Text(format!(
                "Risk assessment: {}.",
                p.risk.label
            ))];
            l.extend(fields(&p.risks));
            l
        },
    });
    pdf::Document {
        title: format!("Trip pack: {}", p.title),
        subtitle: format!(
            "Printed {printed}. This is about a child: keep it with you, and shred it after the trip."
        ),
        sections,
    }
}
