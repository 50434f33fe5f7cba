//! The IPC commands: extract the shared app, call one use-case, map the error. Nothing more.
//! Commands are `async` so that slow work (the passphrase stretch) runs off the UI thread.

use insideout_app::dto::*;
use insideout_app::{App, AppResult};
use tauri::State;

/// The one app of this window, shared with the background sync.
pub use insideout_app::sync::SharedApp as Shared;

type Reply<T> = Result<T, ErrorDto>;

fn with<T>(state: &State<'_, Shared>, f: impl FnOnce(&mut App) -> AppResult<T>) -> Reply<T> {
    let mut app = state.0.lock().unwrap_or_else(|p| p.into_inner());
    f(&mut app).map_err(ErrorDto::from)
}

#[tauri::command]
pub async fn app_status(state: State<'_, Shared>) -> Reply<AppStatus> {
    with(&state, |app| Ok(app.status()))
}

#[tauri::command]
pub async fn reference_data(state: State<'_, Shared>) -> Reply<ReferenceData> {
    with(&state, |app| Ok(app.reference_data()))
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, Shared>,
    input: CreateProfileInput,
) -> Reply<AppStatus> {
    with(&state, |app| app.create_profile(input))
}

#[tauri::command]
pub async fn unlock(state: State<'_, Shared>, passphrase: String) -> Reply<AppStatus> {
    // The passphrase came over IPC as a plain String: wipe this copy once it has been used.
    let passphrase = zeroize::Zeroizing::new(passphrase);
    with(&state, |app| app.unlock(&passphrase))
}

#[tauri::command]
pub async fn lock(state: State<'_, Shared>) -> Reply<AppStatus> {
    with(&state, |app| Ok(app.lock()))
}

#[tauri::command]
pub async fn touch(state: State<'_, Shared>) -> Reply<()> {
    with(&state, |app| {
        app.touch();
        Ok(())
    })
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, Shared>,
    input: ChangePassphraseInput,
) -> Reply<()> {
    with(&state, |app| app.change_passphrase(input))
}

#[tauri::command]
pub async fn caseload(state: State<'_, Shared>) -> Reply<Caseload> {
    with(&state, |app| app.caseload())
}

#[tauri::command]
pub async fn young_person(state: State<'_, Shared>, id: String) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.young_person(&id))
}

/// Puts the changes set aside as too large back in line for the next sync.
#[tauri::command]
pub async fn send_set_aside_again(state: State<'_, Shared>) -> Reply<SyncStatusView> {
    with(&state, |app| app.send_set_aside_again())
}

/// The coach has read the notice of a new reader of a young person's record.
#[tauri::command]
pub async fn acknowledge_readers(
    state: State<'_, Shared>,
    young_person_id: String,
) -> Reply<Vec<ReaderView>> {
    with(&state, |app| app.acknowledge_readers(&young_person_id))
}

#[tauri::command]
pub async fn add_young_person(
    state: State<'_, Shared>,
    input: YoungPersonInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.add_young_person(input))
}

#[tauri::command]
pub async fn update_young_person(
    state: State<'_, Shared>,
    id: String,
    input: YoungPersonInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.update_young_person(&id, input))
}

#[tauri::command]
pub async fn set_phase(
    state: State<'_, Shared>,
    id: String,
    phase: String,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.set_phase(&id, &phase))
}

#[tauri::command]
pub async fn close_intervention(
    state: State<'_, Shared>,
    id: String,
    input: CloseInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.close_intervention(&id, input))
}

#[tauri::command]
pub async fn add_placement(
    state: State<'_, Shared>,
    young_person_id: String,
    input: PlacementInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.add_placement(&young_person_id, input))
}

#[tauri::command]
pub async fn end_placement(
    state: State<'_, Shared>,
    placement_id: String,
    input: EndPlacementInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.end_placement(&placement_id, input))
}

#[tauri::command]
pub async fn add_contact(
    state: State<'_, Shared>,
    young_person_id: String,
    input: ContactInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.add_contact(&young_person_id, input))
}

#[tauri::command]
pub async fn update_contact(
    state: State<'_, Shared>,
    contact_id: String,
    input: ContactInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.update_contact(&contact_id, input))
}

#[tauri::command]
pub async fn raise_concern(
    state: State<'_, Shared>,
    young_person_id: String,
    input: ConcernInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.raise_concern(&young_person_id, input))
}

#[tauri::command]
pub async fn record_missing_episode(
    state: State<'_, Shared>,
    young_person_id: String,
    input: MissingEpisodeInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| {
        app.record_missing_episode(&young_person_id, input)
    })
}

#[tauri::command]
pub async fn update_missing_episode(
    state: State<'_, Shared>,
    episode_id: String,
    input: MissingEpisodeInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.update_missing_episode(&episode_id, input))
}

#[tauri::command]
pub async fn chronology(
    state: State<'_, Shared>,
    young_person_id: String,
) -> Reply<ChronologyView> {
    with(&state, |app| app.chronology(&young_person_id))
}

#[tauri::command]
pub async fn add_chronology_note(
    state: State<'_, Shared>,
    young_person_id: String,
    input: ChronologyNoteInput,
) -> Reply<ChronologyView> {
    with(&state, |app| {
        app.add_chronology_note(&young_person_id, input)
    })
}

#[tauri::command]
pub async fn curate_chronology(
    state: State<'_, Shared>,
    young_person_id: String,
    input: CurationInput,
) -> Reply<ChronologyView> {
    with(&state, |app| app.curate_chronology(&young_person_id, input))
}

#[tauri::command]
pub async fn start_timer(
    state: State<'_, Shared>,
    young_person_id: String,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.start_timer(&young_person_id))
}

#[tauri::command]
pub async fn discard_timer(
    state: State<'_, Shared>,
    young_person_id: String,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.discard_timer(&young_person_id))
}

#[tauri::command]
pub async fn hours(state: State<'_, Shared>) -> Reply<HoursView> {
    with(&state, |app| app.hours())
}

#[tauri::command]
pub async fn goals(state: State<'_, Shared>, young_person_id: String) -> Reply<GoalsView> {
    with(&state, |app| app.goals(&young_person_id))
}

#[tauri::command]
pub async fn agree_goal(
    state: State<'_, Shared>,
    young_person_id: String,
    input: GoalInput,
) -> Reply<GoalsView> {
    with(&state, |app| app.agree_goal(&young_person_id, input))
}

#[tauri::command]
pub async fn update_goal(
    state: State<'_, Shared>,
    goal_id: String,
    input: GoalInput,
) -> Reply<GoalsView> {
    with(&state, |app| app.update_goal(&goal_id, input))
}

#[tauri::command]
pub async fn rate_goal(
    state: State<'_, Shared>,
    goal_id: String,
    input: RatingInput,
) -> Reply<GoalsView> {
    with(&state, |app| app.rate_goal(&goal_id, input))
}

#[tauri::command]
pub async fn record_outcome_check(
    state: State<'_, Shared>,
    young_person_id: String,
    input: OutcomeCheckInput,
) -> Reply<GoalsView> {
    with(&state, |app| {
        app.record_outcome_check(&young_person_id, input)
    })
}

#[tauri::command]
pub async fn set_authority(
    state: State<'_, Shared>,
    young_person_id: String,
    input: AuthorityInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.set_authority(&young_person_id, input))
}

#[tauri::command]
pub async fn plan_activity(
    state: State<'_, Shared>,
    young_person_id: String,
    input: ActivityInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.plan_activity(&young_person_id, input))
}

#[tauri::command]
pub async fn update_activity(
    state: State<'_, Shared>,
    activity_id: String,
    input: ActivityInput,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.update_activity(&activity_id, input))
}

#[tauri::command]
pub async fn plan_residential(
    state: State<'_, Shared>,
    young_person_id: String,
    input: ResidentialInput,
) -> Reply<ResidentialView> {
    with(&state, |app| app.plan_residential(&young_person_id, input))
}

#[tauri::command]
pub async fn update_residential(
    state: State<'_, Shared>,
    residential_id: String,
    input: ResidentialInput,
) -> Reply<ResidentialView> {
    with(&state, |app| app.update_residential(&residential_id, input))
}

#[tauri::command]
pub async fn residential(
    state: State<'_, Shared>,
    residential_id: String,
) -> Reply<ResidentialView> {
    with(&state, |app| app.residential(&residential_id))
}

#[tauri::command]
pub async fn assess_risk(
    state: State<'_, Shared>,
    plan_id: String,
    input: RiskInput,
    request_sign_off: bool,
) -> Reply<RiskView> {
    with(&state, |app| {
        app.assess_risk(&plan_id, input, request_sign_off)
    })
}

#[tauri::command]
pub async fn risk(state: State<'_, Shared>, plan_id: String) -> Reply<RiskView> {
    with(&state, |app| app.risk(&plan_id))
}

#[tauri::command]
pub async fn sign_off(
    state: State<'_, Shared>,
    plan_id: String,
    version: String,
    decision: String,
    comments: String,
) -> Reply<RiskView> {
    with(&state, |app| {
        app.sign_off(&plan_id, &version, &decision, &comments)
    })
}

#[tauri::command]
pub async fn sign_offs(state: State<'_, Shared>) -> Reply<Vec<SignOffItem>> {
    with(&state, |app| app.sign_offs())
}

#[tauri::command]
pub async fn trip_pack(state: State<'_, Shared>, plan_id: String) -> Reply<TripPack> {
    with(&state, |app| app.trip_pack(&plan_id))
}

#[tauri::command]
pub async fn export_trip_pack(state: State<'_, Shared>, plan_id: String) -> Reply<ExportedFile> {
    with(&state, |app| app.export_trip_pack(&plan_id))
}

#[tauri::command]
pub async fn plan_session(
    state: State<'_, Shared>,
    young_person_id: String,
    input: PlannedSessionInput,
) -> Reply<PlannedSessionView> {
    with(&state, |app| app.plan_session(&young_person_id, input))
}

#[tauri::command]
pub async fn cancel_planned_session(
    state: State<'_, Shared>,
    planned_id: String,
) -> Reply<PlannedSessionView> {
    with(&state, |app| app.cancel_planned_session(&planned_id))
}

#[tauri::command]
pub async fn agenda(state: State<'_, Shared>, from: String, days: u32) -> Reply<Vec<AgendaDay>> {
    with(&state, |app| app.agenda(&from, days))
}

#[tauri::command]
pub async fn export_calendar(state: State<'_, Shared>) -> Reply<ExportedFile> {
    with(&state, |app| app.export_calendar())
}

#[tauri::command]
pub async fn remove_contact(
    state: State<'_, Shared>,
    contact_id: String,
    reason: String,
) -> Reply<YoungPersonDetail> {
    with(&state, |app| app.remove_contact(&contact_id, &reason))
}

#[tauri::command]
pub async fn record_session(state: State<'_, Shared>, input: SessionInput) -> Reply<SessionDetail> {
    with(&state, |app| app.record_session(input))
}

#[tauri::command]
pub async fn session(state: State<'_, Shared>, id: String) -> Reply<SessionDetail> {
    with(&state, |app| app.session(&id))
}

#[tauri::command]
pub async fn save_draft(
    state: State<'_, Shared>,
    session_id: String,
    edit_id: String,
    note: NoteBody,
) -> Reply<DraftSaved> {
    with(&state, |app| app.save_draft(&session_id, &edit_id, note))
}

#[tauri::command]
pub async fn merge_note(
    state: State<'_, Shared>,
    session_id: String,
    other: String,
    note: NoteBody,
) -> Reply<SessionDetail> {
    with(&state, |app| app.merge_note(&session_id, &other, note))
}

#[tauri::command]
pub async fn finalise(state: State<'_, Shared>, session_id: String) -> Reply<SessionDetail> {
    with(&state, |app| app.finalise(&session_id))
}

#[tauri::command]
pub async fn add_addendum(
    state: State<'_, Shared>,
    session_id: String,
    text: String,
) -> Reply<SessionDetail> {
    with(&state, |app| app.add_addendum(&session_id, &text))
}

#[tauri::command]
pub async fn search(state: State<'_, Shared>, query: String) -> Reply<Vec<SearchHit>> {
    with(&state, |app| app.search(&query))
}

#[tauri::command]
pub async fn sync_status(state: State<'_, Shared>) -> Reply<SyncStatusView> {
    with(&state, |app| app.sync_status())
}

/// Asks the background sync to run now; returns the status as it stands.
#[tauri::command]
pub async fn sync_now(
    state: State<'_, Shared>,
    trigger: State<'_, crate::sync::SyncTrigger>,
) -> Reply<SyncStatusView> {
    trigger.0.wake();
    with(&state, |app| app.sync_status())
}

/// Enrols this device with a service using a single-use code.
#[tauri::command]
pub async fn enrol(
    state: State<'_, Shared>,
    trigger: State<'_, crate::sync::SyncTrigger>,
    input: EnrolInput,
) -> Reply<SyncStatusView> {
    insideout_sync::Engine::new()
        .enrol(
            state.inner(),
            &input.service,
            &input.code,
            &input.fingerprint,
        )
        .await
        .map_err(|e| ErrorDto {
            code: e.code().to_owned(),
            message: e.to_string(),
            field: match e.code() {
                "bad_address" | "offline" => Some("service".into()),
                "code_unknown" | "code_used" | "code_expired" => Some("code".into()),
                "bad_fingerprint" | "wrong_organisation" => Some("fingerprint".into()),
                _ => None,
            },
        })?;
    trigger.0.wake();
    with(&state, |app| app.sync_status())
}

#[tauri::command]
pub async fn add_comment(
    state: State<'_, Shared>,
    trigger: State<'_, crate::sync::SyncTrigger>,
    session_id: String,
    text: String,
) -> Reply<SessionDetail> {
    let detail = with(&state, |app| app.add_comment(&session_id, &text))?;
    trigger.0.wake();
    Ok(detail)
}

#[tauri::command]
pub async fn team_updates(state: State<'_, Shared>) -> Reply<Vec<UpdateView>> {
    with(&state, |app| app.team_updates())
}

fn sync_error(e: insideout_sync::SyncError) -> ErrorDto {
    ErrorDto {
        code: e.code().to_owned(),
        message: e.to_string(),
        field: None,
    }
}

/// The team's devices, as the service lists them (supervisors only).
#[tauri::command]
pub async fn team_devices(state: State<'_, Shared>) -> Reply<Vec<DeviceView>> {
    let (me, names) = with(&state, |app| {
        let store = app.store_for_inspection()?;
        let names = insideout_sync::names::team_names(store)
            .map_err(|e| insideout_app::AppError::Internal(e.to_string()))?;
        Ok((store.device().to_string(), names))
    })?;
    let devices = insideout_sync::Engine::new()
        .team_devices(state.inner())
        .await
        .map_err(sync_error)?;
    Ok(devices
        .into_iter()
        .map(|d| DeviceView {
            this_device: d.device.to_string() == me,
            id: d.device.to_string(),
            person: d.person.to_string(),
            person_name: names
                .get(&d.device)
                .map(|n| n.person.clone())
                .unwrap_or_default(),
            device_name: names
                .get(&d.device)
                .map(|n| n.device.clone())
                .unwrap_or_default(),
            role: d.role.as_str().to_owned(),
            status: d.status.as_str().to_owned(),
        })
        .collect())
}

/// Approves (`approve: true`, with the `code` the device's own screen shows) or revokes a
/// device of the team (supervisors only). Either is a record signed by this device.
#[tauri::command]
pub async fn set_device(
    state: State<'_, Shared>,
    trigger: State<'_, crate::sync::SyncTrigger>,
    device_id: String,
    approve: bool,
    code: String,
) -> Reply<()> {
    let device = device_id.parse().map_err(|_| ErrorDto {
        code: "invalid_input".into(),
        message: "That is not a device id.".into(),
        field: None,
    })?;
    let engine = insideout_sync::Engine::new();
    let result = if approve {
        engine.approve_device(state.inner(), device, &code).await
    } else {
        engine.revoke_device(state.inner(), device).await
    };
    result.map_err(|e| ErrorDto {
        field: (e.code() == "code_mismatch").then(|| "code".into()),
        ..sync_error(e)
    })?;
    trigger.0.wake();
    Ok(())
}

/// The device's owner has compared the approver's code and confirms the approval.
#[tauri::command]
pub async fn confirm_approval(
    state: State<'_, Shared>,
    trigger: State<'_, crate::sync::SyncTrigger>,
) -> Reply<SyncStatusView> {
    insideout_sync::Engine::new()
        .confirm_approval(state.inner())
        .await
        .map_err(sync_error)?;
    trigger.0.wake();
    with(&state, |app| app.sync_status())
}
