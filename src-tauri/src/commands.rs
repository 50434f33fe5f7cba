//! The IPC commands: extract the shared app, call one use-case, map the error. Nothing more.
//! Commands are `async` so that slow work (the passphrase stretch) runs off the UI thread.
//!
//! Each command is declared once, in [`commands!`]: the declaration yields the Tauri command,
//! its place in [`handler`], and (for the tests) its signature, from which `bindings.rs` writes
//! the typed TypeScript wrapper. There is no second list to keep in step.

use crate::sync::SyncTrigger;
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

fn sync_error(e: insideout_sync::SyncError) -> ErrorDto {
    ErrorDto::new(ErrorCode::named(e.code()), e.advice(), None)
}

/// One command's signature for the TypeScript bindings: its name, its arguments (name as
/// written in Rust, TypeScript type) and its TypeScript return type.
#[cfg(test)]
pub(crate) struct Signature {
    pub name: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub returns: String,
    /// Calls the visitor on every argument and return type, to gather their declarations.
    pub visit: fn(&mut crate::bindings::Declarations),
}

/// Declares every command once. `|app| { fn name(args) -> T = expr; }` runs `expr` with the
/// app locked (the common case); `(state, trigger) { fn name(args) -> T { body } }` is given the
/// shared app and the sync trigger for commands that talk to the service or wake the sync.
/// Yields each `#[tauri::command]`, [`handler`] that registers them all, and [`signatures`].
macro_rules! commands {
    (
        |$app:ident| {
            $( $(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $body:expr; )*
        }
        ($state:ident, $trigger:ident) {
            $( $(#[$fmeta:meta])* fn $fname:ident($($farg:ident: $fty:ty),* $(,)?) -> $fret:ty $fbody:block )*
        }
    ) => {
        $(
            $(#[$meta])*
            #[tauri::command]
            async fn $name(state: State<'_, Shared>, $($arg: $ty),*) -> Reply<$ret> {
                with(&state, |$app| $body)
            }
        )*
        $(
            $(#[$fmeta])*
            #[tauri::command]
            #[allow(unused_variables)]
            async fn $fname(
                $state: State<'_, Shared>,
                $trigger: State<'_, SyncTrigger>,
                $($farg: $fty),*
            ) -> Reply<$fret> $fbody
        )*

        /// Registers every command with the window.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name,)* $($fname,)*]
        }

        /// Every command's signature, in declaration order.
        #[cfg(test)]
        pub(crate) fn signatures() -> Vec<Signature> {
            use ts_rs::{TS, TypeVisitor};
            vec![
                $(Signature {
                    name: stringify!($name),
                    args: vec![$((stringify!($arg), <$ty as TS>::name())),*],
                    returns: <$ret as TS>::name(),
                    visit: |v| {
                        $(v.visit::<$ty>();)*
                        v.visit::<$ret>();
                    },
                },)*
                $(Signature {
                    name: stringify!($fname),
                    args: vec![$((stringify!($farg), <$fty as TS>::name())),*],
                    returns: <$fret as TS>::name(),
                    visit: |v| {
                        $(v.visit::<$fty>();)*
                        v.visit::<$fret>();
                    },
                },)*
            ]
        }
    };
}

commands! {
    |app| {
        fn app_status() -> AppStatus = Ok(app.status());
        fn reference_data() -> ReferenceData = Ok(app.reference_data());
        fn create_profile(input: CreateProfileInput) -> AppStatus = app.create_profile(input);
        fn lock() -> AppStatus = Ok(app.lock());
        fn touch() -> () = {
            app.touch();
            Ok(())
        };
        fn change_passphrase(input: ChangePassphraseInput) -> () = app.change_passphrase(input);
        fn caseload() -> Caseload = app.caseload();
        fn young_person(id: String) -> YoungPersonDetail = app.young_person(&id);
        /// Puts the changes set aside as too large back in line for the next sync.
        fn send_set_aside_again() -> SyncStatusView = app.send_set_aside_again();
        /// The coach has read that cases moved to another coach.
        fn acknowledge_moved_away() -> SyncStatusView = app.acknowledge_moved_away();
        /// The coach has read the notice of a new reader of a young person's record.
        fn acknowledge_readers(young_person_id: String) -> Vec<ReaderView> =
            app.acknowledge_readers(&young_person_id);
        fn add_young_person(input: YoungPersonInput) -> YoungPersonDetail =
            app.add_young_person(input);
        fn update_young_person(id: String, input: YoungPersonInput) -> YoungPersonDetail =
            app.update_young_person(&id, input);
        fn set_phase(id: String, phase: String) -> YoungPersonDetail = app.set_phase(&id, &phase);
        fn close_intervention(id: String, input: CloseInput) -> YoungPersonDetail =
            app.close_intervention(&id, input);
        fn add_placement(young_person_id: String, input: PlacementInput) -> YoungPersonDetail =
            app.add_placement(&young_person_id, input);
        fn end_placement(placement_id: String, input: EndPlacementInput) -> YoungPersonDetail =
            app.end_placement(&placement_id, input);
        fn add_contact(young_person_id: String, input: ContactInput) -> YoungPersonDetail =
            app.add_contact(&young_person_id, input);
        fn update_contact(contact_id: String, input: ContactInput) -> YoungPersonDetail =
            app.update_contact(&contact_id, input);
        fn raise_concern(young_person_id: String, input: ConcernInput) -> YoungPersonDetail =
            app.raise_concern(&young_person_id, input);
        fn record_missing_episode(
            young_person_id: String,
            input: MissingEpisodeInput,
        ) -> YoungPersonDetail =
            app.record_missing_episode(&young_person_id, input);
        fn update_missing_episode(
            episode_id: String,
            input: MissingEpisodeInput,
        ) -> YoungPersonDetail =
            app.update_missing_episode(&episode_id, input);
        fn chronology(young_person_id: String) -> ChronologyView = app.chronology(&young_person_id);
        fn add_chronology_note(
            young_person_id: String,
            input: ChronologyNoteInput,
        ) -> ChronologyView =
            app.add_chronology_note(&young_person_id, input);
        fn curate_chronology(young_person_id: String, input: CurationInput) -> ChronologyView =
            app.curate_chronology(&young_person_id, input);
        fn start_timer(young_person_id: String) -> YoungPersonDetail =
            app.start_timer(&young_person_id);
        fn discard_timer(young_person_id: String) -> YoungPersonDetail =
            app.discard_timer(&young_person_id);
        fn hours() -> HoursView = app.hours();
        fn goals(young_person_id: String) -> GoalsView = app.goals(&young_person_id);
        fn agree_goal(young_person_id: String, input: GoalInput) -> GoalsView =
            app.agree_goal(&young_person_id, input);
        fn update_goal(goal_id: String, input: GoalInput) -> GoalsView =
            app.update_goal(&goal_id, input);
        fn rate_goal(goal_id: String, input: RatingInput) -> GoalsView =
            app.rate_goal(&goal_id, input);
        fn record_outcome_check(young_person_id: String, input: OutcomeCheckInput) -> GoalsView =
            app.record_outcome_check(&young_person_id, input);
        fn set_authority(young_person_id: String, input: AuthorityInput) -> YoungPersonDetail =
            app.set_authority(&young_person_id, input);
        fn plan_activity(young_person_id: String, input: ActivityInput) -> YoungPersonDetail =
            app.plan_activity(&young_person_id, input);
        fn update_activity(activity_id: String, input: ActivityInput) -> YoungPersonDetail =
            app.update_activity(&activity_id, input);
        fn plan_residential(young_person_id: String, input: ResidentialInput) -> ResidentialView =
            app.plan_residential(&young_person_id, input);
        fn update_residential(residential_id: String, input: ResidentialInput) -> ResidentialView =
            app.update_residential(&residential_id, input);
        fn residential(residential_id: String) -> ResidentialView =
            app.residential(&residential_id);
        fn assess_risk(plan_id: String, input: RiskInput, request_sign_off: bool) -> RiskView =
            app.assess_risk(&plan_id, input, request_sign_off);
        fn risk(plan_id: String) -> RiskView = app.risk(&plan_id);
        fn sign_off(
            plan_id: String,
            version: String,
            decision: String,
            comments: String,
        ) -> RiskView =
            app.sign_off(&plan_id, &version, &decision, &comments);
        fn sign_offs() -> Vec<SignOffItem> = app.sign_offs();
        fn trip_pack(plan_id: String) -> TripPack = app.trip_pack(&plan_id);
        fn export_trip_pack(plan_id: String) -> ExportedFile = app.export_trip_pack(&plan_id);
        fn plan_session(young_person_id: String, input: PlannedSessionInput) -> PlannedSessionView =
            app.plan_session(&young_person_id, input);
        fn cancel_planned_session(planned_id: String) -> PlannedSessionView =
            app.cancel_planned_session(&planned_id);
        fn agenda(from: String, days: u32) -> Vec<AgendaDay> = app.agenda(&from, days);
        fn export_calendar() -> ExportedFile = app.export_calendar();
        fn remove_contact(contact_id: String, reason: String) -> YoungPersonDetail =
            app.remove_contact(&contact_id, &reason);
        fn record_session(input: SessionInput) -> SessionDetail = app.record_session(input);
        fn session(id: String) -> SessionDetail = app.session(&id);
        fn save_draft(session_id: String, edit_id: String, note: NoteBody) -> DraftSaved =
            app.save_draft(&session_id, &edit_id, note);
        fn merge_note(session_id: String, other: String, note: NoteBody) -> SessionDetail =
            app.merge_note(&session_id, &other, note);
        fn finalise(session_id: String) -> SessionDetail = app.finalise(&session_id);
        fn add_addendum(session_id: String, text: String) -> SessionDetail =
            app.add_addendum(&session_id, &text);
        fn search(query: String) -> Vec<SearchHit> = app.search(&query);
        fn sync_status() -> SyncStatusView = app.sync_status();
        fn team_updates() -> Vec<UpdateView> = app.team_updates();
        fn team_overview() -> TeamOverview = app.team_overview();
        fn record_case_discussion(young_person_id: String, input: CaseDiscussionInput) -> YoungPersonDetail =
            app.record_case_discussion(&young_person_id, input);
        fn supervision(coach_id: String) -> SupervisionPage = app.supervision(&coach_id);
        fn record_supervision(coach_id: String, input: CaseDiscussionInput) -> SupervisionPage =
            app.record_supervision(&coach_id, input);
        fn open_referral(young_person_id: String) -> YoungPersonDetail =
            app.open_referral(&young_person_id);
        fn inbox() -> InboxView = app.inbox();
        fn mark_inbox_seen() -> () = app.mark_inbox_seen();
        fn check_in(young_person_id: String, input: CheckInInput) -> OutNowView =
            app.check_in(&young_person_id, input);
        fn check_out(check_in_id: String) -> () = app.check_out(&check_in_id);
        fn out_now() -> Vec<OutNowView> = app.out_now();
        fn set_safety_plan(young_person_id: String, input: SafetyPlanInput) -> YoungPersonDetail =
            app.set_safety_plan(&young_person_id, input);
        fn follow_up_concern(concern_id: String, text: String) -> YoungPersonDetail =
            app.follow_up_concern(&concern_id, &text);
        fn acknowledge_concern(concern_id: String) -> YoungPersonDetail =
            app.acknowledge_concern(&concern_id);
        fn decide_concern(concern_id: String, input: ConcernDecisionInput) -> YoungPersonDetail =
            app.decide_concern(&concern_id, input);
        fn close_concern(concern_id: String, outcome: String) -> YoungPersonDetail =
            app.close_concern(&concern_id, &outcome);
    }
    (state, trigger) {
        fn unlock(passphrase: String) -> AppStatus {
            // The passphrase came over IPC as a plain String: wipe this copy once it has been used.
            let passphrase = zeroize::Zeroizing::new(passphrase);
            with(&state, |app| app.unlock(&passphrase))
        }
        /// Asks the background sync to run now; returns the status as it stands.
        fn sync_now() -> SyncStatusView {
            trigger.0.wake();
            with(&state, |app| app.sync_status())
        }
        /// The connection link in a picture of its QR code (a photo or screenshot, base64), as
        /// link text for the enrolment form. Needs no unlocked app: it reads only the picture.
        fn read_link_picture(picture: String) -> String {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(picture.trim())
                .map_err(|_| {
                    ErrorDto::new(
                        ErrorCode::InvalidInput,
                        "this file did not arrive whole: choose the picture again, or paste the connection link instead".into(),
                        Some(Field::LinkPicture),
                    )
                })?;
            let link = insideout_app::qr::link_from_picture(&bytes).map_err(ErrorDto::from)?;
            Ok(insideout_app::qr::enrolment_link(
                &link.service,
                &link.fingerprint,
                link.code.as_deref(),
            ))
        }
        /// Enrols this device with a service using a single-use code.
        fn enrol(input: EnrolInput) -> SyncStatusView {
            let (service, code, fingerprint) =
                insideout_app::required::enrolment(&input).map_err(ErrorDto::from)?;
            insideout_sync::Engine::new()
                .enrol(state.inner(), &service, &code, &fingerprint)
                .await
                .map_err(|e| {
                    let field = match e.code() {
                        "code_unknown" | "code_used" | "code_expired" => Some(Field::Code),
                        "bad_address" | "offline" | "bad_fingerprint" | "wrong_organisation" => {
                            Some(Field::Link)
                        }
                        _ => None,
                    };
                    sync_error(e).at(field)
                })?;
            trigger.0.wake();
            with(&state, |app| app.sync_status())
        }
        fn add_comment(session_id: String, text: String) -> SessionDetail {
            let detail = with(&state, |app| app.add_comment(&session_id, &text))?;
            trigger.0.wake();
            Ok(detail)
        }
        /// The team's devices, as the service lists them (supervisors only).
        fn team_devices() -> Vec<DeviceView> {
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
                    role: d.role,
                    status: d.status,
                })
                .collect())
        }
        /// Approves (`approve: true`, with the `code` the device's own screen shows) or revokes a
        /// device of the team (supervisors only). Either is a record signed by this device.
        fn set_device(device_id: String, approve: bool, code: String) -> () {
            let device = device_id.parse().map_err(|_| {
                ErrorDto::new(ErrorCode::InvalidInput, "That is not a device id.".into(), None)
            })?;
            let engine = insideout_sync::Engine::new();
            let result = if approve {
                engine.approve_device(state.inner(), device, &code).await
            } else {
                engine.revoke_device(state.inner(), device).await
            };
            result.map_err(|e| {
                let field = (e.code() == "code_mismatch").then_some(Field::Code);
                sync_error(e).at(field)
            })?;
            trigger.0.wake();
            Ok(())
        }
        /// Gives a young person's case to a coach of the team (supervisors only): confirms a
        /// case the coach added, or transfers it. A signed directory record.
        fn allocate_case(young_person_id: String, person_id: String) -> TeamOverview {
            let young_person = young_person_id.parse().map_err(|_| {
                ErrorDto::new(ErrorCode::NotFound, "That young person is not on this device.".into(), None)
            })?;
            let person = person_id.parse().map_err(|_| {
                ErrorDto::new(ErrorCode::InvalidInput, "Choose the coach to give the case to.".into(), Some(Field::Coach))
            })?;
            insideout_sync::Engine::new()
                .allocate_case(state.inner(), young_person, person)
                .await
                .map_err(|e| sync_error(e).at(Some(Field::Coach)))?;
            trigger.0.wake();
            with(&state, |app| app.team_overview())
        }
        /// Allocates a new referral to a coach of the team (supervisors only): the case's id is
        /// allocated to the coach in a signed directory record, then the young person as
        /// referred goes to the coach's devices, which open the case from it.
        fn refer_young_person(coach_id: String, input: YoungPersonInput) -> TeamOverview {
            let (young_person, coach) = with(&state, |app| app.check_referral(&coach_id, &input))?;
            insideout_sync::Engine::new()
                .allocate_case(state.inner(), young_person, coach)
                .await
                .map_err(|e| sync_error(e).at(Some(Field::Coach)))?;
            with(&state, |app| app.record_referral(young_person, coach, &input))?;
            trigger.0.wake();
            with(&state, |app| app.team_overview())
        }
        /// Deactivates a person who is leaving (supervisors only): every device of theirs is
        /// revoked at once, and each wipes itself when it next syncs.
        fn deactivate_person(person_id: String) -> TeamOverview {
            let person = person_id.parse().map_err(|_| {
                ErrorDto::new(ErrorCode::InvalidInput, "That person is not in your team.".into(), None)
            })?;
            insideout_sync::Engine::new()
                .deactivate_person(state.inner(), person)
                .await
                .map_err(sync_error)?;
            trigger.0.wake();
            with(&state, |app| app.team_overview())
        }
        /// A single-use enrolment code for a new device of `person_id` (a coach of the team, or
        /// this supervisor), with the connection link and its QR code (supervisors only).
        fn issue_enrolment_code(person_id: String) -> EnrolmentCodeView {
            let person = person_id.parse().map_err(|_| {
                ErrorDto::new(ErrorCode::InvalidInput, "Choose whose new device this code is for.".into(), Some(Field::Coach))
            })?;
            let (code, expires_ms, link) = insideout_sync::Engine::new()
                .issue_code(state.inner(), person)
                .await
                .map_err(|e| sync_error(e).at(Some(Field::Coach)))?;
            with(&state, |app| app.enrolment_code_view(code, expires_ms, link))
        }
        /// The device's owner has compared the approver's code and confirms the approval.
        fn confirm_approval() -> SyncStatusView {
            insideout_sync::Engine::new()
                .confirm_approval(state.inner())
                .await
                .map_err(sync_error)?;
            trigger.0.wake();
            with(&state, |app| app.sync_status())
        }
    }
}
