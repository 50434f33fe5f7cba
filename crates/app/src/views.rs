//! Stored records into DTOs, with labels.

use crate::dto::{
    AddendumView, AttendeeInput, ContactView, InterventionView, NoteBody as NoteDto, NoteStatus,
    PlacementView, RevisionView, SessionSummary, YoungPersonView,
};
use crate::parse::local;
use chrono::NaiveDate;
use insideout_domain::choice::Choice;
use insideout_domain::note::NoteBody;
use insideout_domain::rules::ProgrammeRules;
use insideout_store::read::{
    AddendumRecord, ContactRecord, PlacementRecord, RevisionRecord, SessionRecord,
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
        phase: r.phase.value().to_owned(),
        phase_label: r.phase.label().to_owned(),
        programme_month: r
            .dates
            .programme_month(r.closure.as_ref().map_or(today, |c| c.on), rules),
        closed_on: r.closure.as_ref().map(|c| c.on.to_string()),
        closure_reason: r.closure.as_ref().map(|c| c.reason.label().to_owned()),
        closure_note: r.closure.as_ref().map(|c| c.note.clone()),
    }
}

pub(crate) fn placement(r: &PlacementRecord) -> PlacementView {
    PlacementView {
        id: r.id.to_string(),
        placement_type: r.placement.placement_type.value().to_owned(),
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
        role: c.role().value().to_owned(),
        role_label: c.role().label().to_owned(),
        organisation: c.organisation().to_owned(),
        phone: c.phone().to_owned(),
        email: c.email().to_owned(),
        notes: c.notes().to_owned(),
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
