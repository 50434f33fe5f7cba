//! Stored records into DTOs, with labels.

use crate::dto::{
    AddendumView, AttendeeInput, ConflictView, ContactView, InterventionView, NoteBody as NoteDto,
    NoteStatus, PlacementView, RevisionView, SessionSummary, YoungPersonView,
};
use crate::parse::local;
use chrono::NaiveDate;
use insideout_domain::choice::Choice;
use insideout_domain::note::NoteBody;
use insideout_domain::rules::ProgrammeRules;
use insideout_store::read::{
    AddendumRecord, ConflictRecord, ContactRecord, PlacementRecord, RevisionRecord, SessionRecord,
    YoungPersonRecord,
};

pub(crate) fn young_person(r: &YoungPersonRecord, today: NaiveDate) -> YoungPersonView {
    let p = &r.profile;
    YoungPersonView {
        id: r.id.to_string(),
        preferred_name: p.preferred_name.as_str().to_owned(),
        date_of_birth: p.date_of_birth.to_string(),
        age_years: p.age_on(today),
        local_authority: p.local_authority.as_str().to_owned(),
        legal_status: p.legal_status.value().to_owned(),
        send: p.send,
        send_details: p.send_details.clone(),
        referral_criteria: p
            .referral_criteria
            .iter()
            .map(|c| c.value().to_owned())
            .collect(),
        risk_indicators: p
            .risk_indicators
            .iter()
            .map(|c| c.value().to_owned())
            .collect(),
    }
}

pub(crate) fn intervention(
    r: &YoungPersonRecord,
    today: NaiveDate,
    rules: &ProgrammeRules,
) -> InterventionView {
    InterventionView {
        referral_date: r.dates.referral().to_string(),
        start_date: r.dates.start().to_string(),
        planned_end_date: r.dates.planned_end().to_string(),
        phase: r.phase,
        phase_label: r.phase.label().to_owned(),
        programme_month: r
            .dates
            .programme_month(r.closure.as_ref().map_or(today, |c| c.on), rules),
        programme_months: rules.max_months,
        closed_on: r.closure.as_ref().map(|c| c.on.to_string()),
        closure_reason: r.closure.as_ref().map(|c| c.reason.label().to_owned()),
        closure_note: r.closure.as_ref().map(|c| c.note.clone()),
    }
}

pub(crate) fn placement(r: &PlacementRecord) -> PlacementView {
    PlacementView {
        id: r.id.to_string(),
        placement_type: r.placement.placement_type,
        placement_type_label: r.placement.placement_type.label().to_owned(),
        provider_name: r.placement.provider_name.as_str().to_owned(),
        start_date: r.placement.start.to_string(),
        end_date: r.end.as_ref().map(|e| e.date().to_string()),
        ending: r.end.as_ref().map(|e| e.ending().label().to_owned()),
        reason: r.end.as_ref().map(|e| e.reason().to_owned()),
    }
}

pub(crate) fn contact(r: &ContactRecord) -> ContactView {
    let c = &r.contact;
    ContactView {
        id: r.id.to_string(),
        name: c.name().as_str().to_owned(),
        role: c.role(),
        role_label: c.role().label().to_owned(),
        organisation: c.organisation().to_owned(),
        phone: c.phone().to_owned(),
        email: c.email().to_owned(),
        notes: c.notes().to_owned(),
        removed_at: r.removed.as_ref().map(|(at, _)| at.clone()),
        removed_reason: r.removed.as_ref().map(|(_, reason)| reason.clone()),
    }
}

/// A conflict in words: which record and field, and both values as a person reads them.
pub(crate) fn conflict(
    r: &ConflictRecord,
    placements: &[PlacementRecord],
    contacts: &[ContactRecord],
) -> ConflictView {
    let record = match r.entity.as_str() {
        "contact" => contacts
            .iter()
            .find(|c| c.id.to_string() == r.entity_id)
            .map_or("Contact".to_owned(), |c| {
                format!("Contact {}", c.contact.name().as_str())
            }),
        "placement" => placements
            .iter()
            .find(|p| p.id.to_string() == r.entity_id)
            .map_or("Placement".to_owned(), |p| {
                format!("Placement with {}", p.placement.provider_name.as_str())
            }),
        "missing_episode" => "Missing episode".to_owned(),
        "goal" => "Goal".to_owned(),
        "activity" => "Activity".to_owned(),
        _ => "Profile".to_owned(),
    };
    let field = r.field.rsplit('.').next().unwrap_or(&r.field);
    ConflictView {
        what: format!("{record}: {}", field.replace('_', " ")),
        kept: describe(field, &r.kept),
        other: describe(field, &r.lost),
        written_at: r.written_at.clone(),
        safety: r.safety,
    }
}

/// A stored value as a person reads it: choices by their labels, lists joined, dates plain.
fn describe(field: &str, value: &serde_json::Value) -> String {
    use insideout_domain::contact::ContactRole;
    use insideout_domain::intervention::{ClosureReason, Phase};
    use insideout_domain::placement::PlacementEnding;
    use insideout_domain::young_person::{LegalStatus, ReferralCriterion, RiskIndicator};
    use serde_json::Value;
    fn label<T: Choice>(v: &Value) -> String {
        let raw = v.as_str().unwrap_or_default();
        T::ALL
            .iter()
            .find(|c| c.value() == raw)
            .map_or(raw.to_owned(), |c| c.label().to_owned())
    }
    fn list<T: Choice>(v: &Value) -> String {
        let items: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(label::<T>).collect())
            .unwrap_or_default();
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join("; ")
        }
    }
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    match (field, value) {
        ("risk_indicators", v) => list::<RiskIndicator>(v),
        ("referral_criteria", v) => list::<ReferralCriterion>(v),
        ("legal_status", v) => label::<LegalStatus>(v),
        ("phase", v) => label::<Phase>(v),
        ("role", v) => label::<ContactRole>(v),
        ("dates", _) => format!(
            "referred {}, starts {}, planned end {}",
            text("referral"),
            text("start"),
            text("planned_end")
        ),
        ("closure", v) => format!(
            "closed on {} ({})",
            text("on"),
            label::<ClosureReason>(v.get("reason").unwrap_or(&Value::Null))
        ),
        ("returned", v) if v.is_object() => format!(
            "back at {}, found: {}",
            text("at").replace('T', " "),
            text("where_found")
        ),
        ("interview", v) if v.is_object() => format!(
            "{} {}",
            label::<insideout_domain::missing::InterviewOutcome>(
                v.get("outcome").unwrap_or(&Value::Null)
            ),
            text("at").replace('T', " ")
        )
        .trim_end()
        .to_owned(),
        ("ending", v) => format!(
            "ended on {} ({})",
            text("date"),
            label::<PlacementEnding>(v.get("ending").unwrap_or(&Value::Null))
        ),
        (_, Value::Bool(b)) => if *b { "Yes" } else { "No" }.to_owned(),
        (_, Value::String(s)) if s.is_empty() => "(blank)".to_owned(),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => "(blank)".to_owned(),
        (_, other) => other.to_string(),
    }
}

pub(crate) fn status(r: &SessionRecord) -> NoteStatus {
    if r.finalised_at.is_some() {
        NoteStatus::Finalised
    } else {
        NoteStatus::Draft
    }
}

pub(crate) fn session_summary(r: &SessionRecord) -> SessionSummary {
    let d = &r.details;
    let text = r.note.searchable_text();
    let preview: String = text.chars().take(140).collect();
    SessionSummary {
        id: r.id.to_string(),
        start: local(d.times.start()),
        end: local(d.times.end()),
        minutes: d.times.minutes(),
        setting_label: d.setting.label().to_owned(),
        mode_label: d.mode.label().to_owned(),
        activity_label: d.activity.label().to_owned(),
        status: status(r),
        preview: if text.chars().count() > 140 {
            format!("{preview}…")
        } else {
            preview
        },
        significant: d.significant,
    }
}

pub(crate) fn attendees(r: &SessionRecord) -> Vec<AttendeeInput> {
    r.details
        .attendees
        .iter()
        .map(|a| AttendeeInput {
            kind: a.kind().value().to_owned(),
            name: a.name().to_owned(),
        })
        .collect()
}

pub(crate) fn note(n: &NoteBody) -> NoteDto {
    NoteDto {
        what_happened: n.what_happened().to_owned(),
        voice: n.voice().to_owned(),
        analysis: n.analysis().to_owned(),
        actions: n.actions().to_owned(),
    }
}

pub(crate) fn revision(r: &RevisionRecord) -> RevisionView {
    RevisionView {
        id: r.id.clone(),
        written_at: r.written_at.clone(),
        kind: r.kind.clone(),
        note: note(&r.note),
    }
}

pub(crate) fn addendum(r: &AddendumRecord) -> AddendumView {
    AddendumView {
        id: r.id.clone(),
        text: r.text.clone(),
        written_at: r.written_at.clone(),
    }
}
