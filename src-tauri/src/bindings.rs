//! Generates `ui/src/lib/ipc/bindings.ts` from the Rust types: every IPC type by ts-rs, and a
//! typed wrapper per command from the table below. The test fails when the file on disk differs;
//! `UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings` rewrites it.

#[cfg(test)]
mod tests {
    use insideout_app::dto::*;
    use ts_rs::TS;

    /// One command: its name, its (argument, TypeScript type) pairs, its return type.
    type Command = (&'static str, Vec<(&'static str, String)>, String);

    /// Every command. Must list exactly the commands registered in `lib.rs`.
    fn commands() -> Vec<Command> {
        let s = || String::name();
        vec![
            ("app_status", vec![], AppStatus::name()),
            ("reference_data", vec![], ReferenceData::name()),
            (
                "create_profile",
                vec![("input", CreateProfileInput::name())],
                AppStatus::name(),
            ),
            ("unlock", vec![("passphrase", s())], AppStatus::name()),
            ("lock", vec![], AppStatus::name()),
            ("touch", vec![], "null".into()),
            (
                "change_passphrase",
                vec![("input", ChangePassphraseInput::name())],
                "null".into(),
            ),
            ("caseload", vec![], Caseload::name()),
            ("young_person", vec![("id", s())], YoungPersonDetail::name()),
            (
                "acknowledge_readers",
                vec![("youngPersonId", s())],
                format!("Array<{}>", ReaderView::name()),
            ),
            (
                "add_young_person",
                vec![("input", YoungPersonInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "update_young_person",
                vec![("id", s()), ("input", YoungPersonInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "set_phase",
                vec![("id", s()), ("phase", s())],
                YoungPersonDetail::name(),
            ),
            (
                "close_intervention",
                vec![("id", s()), ("input", CloseInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "add_placement",
                vec![("youngPersonId", s()), ("input", PlacementInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "end_placement",
                vec![("placementId", s()), ("input", EndPlacementInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "add_contact",
                vec![("youngPersonId", s()), ("input", ContactInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "update_contact",
                vec![("contactId", s()), ("input", ContactInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "raise_concern",
                vec![("youngPersonId", s()), ("input", ConcernInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "record_missing_episode",
                vec![
                    ("youngPersonId", s()),
                    ("input", MissingEpisodeInput::name()),
                ],
                YoungPersonDetail::name(),
            ),
            (
                "update_missing_episode",
                vec![("episodeId", s()), ("input", MissingEpisodeInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "chronology",
                vec![("youngPersonId", s())],
                ChronologyView::name(),
            ),
            (
                "add_chronology_note",
                vec![
                    ("youngPersonId", s()),
                    ("input", ChronologyNoteInput::name()),
                ],
                ChronologyView::name(),
            ),
            (
                "curate_chronology",
                vec![("youngPersonId", s()), ("input", CurationInput::name())],
                ChronologyView::name(),
            ),
            (
                "start_timer",
                vec![("youngPersonId", s())],
                YoungPersonDetail::name(),
            ),
            (
                "discard_timer",
                vec![("youngPersonId", s())],
                YoungPersonDetail::name(),
            ),
            ("hours", vec![], HoursView::name()),
            ("goals", vec![("youngPersonId", s())], GoalsView::name()),
            (
                "agree_goal",
                vec![("youngPersonId", s()), ("input", GoalInput::name())],
                GoalsView::name(),
            ),
            (
                "update_goal",
                vec![("goalId", s()), ("input", GoalInput::name())],
                GoalsView::name(),
            ),
            (
                "rate_goal",
                vec![("goalId", s()), ("input", RatingInput::name())],
                GoalsView::name(),
            ),
            (
                "record_outcome_check",
                vec![("youngPersonId", s()), ("input", OutcomeCheckInput::name())],
                GoalsView::name(),
            ),
            (
                "set_authority",
                vec![("youngPersonId", s()), ("input", AuthorityInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "plan_activity",
                vec![("youngPersonId", s()), ("input", ActivityInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "update_activity",
                vec![("activityId", s()), ("input", ActivityInput::name())],
                YoungPersonDetail::name(),
            ),
            (
                "plan_residential",
                vec![("youngPersonId", s()), ("input", ResidentialInput::name())],
                ResidentialView::name(),
            ),
            (
                "update_residential",
                vec![("residentialId", s()), ("input", ResidentialInput::name())],
                ResidentialView::name(),
            ),
            (
                "residential",
                vec![("residentialId", s())],
                ResidentialView::name(),
            ),
            (
                "assess_risk",
                vec![
                    ("planId", s()),
                    ("input", RiskInput::name()),
                    ("requestSignOff", "boolean".to_owned()),
                ],
                RiskView::name(),
            ),
            ("risk", vec![("planId", s())], RiskView::name()),
            (
                "sign_off",
                vec![
                    ("planId", s()),
                    ("version", s()),
                    ("decision", s()),
                    ("comments", s()),
                ],
                RiskView::name(),
            ),
            (
                "sign_offs",
                vec![],
                format!("Array<{}>", SignOffItem::name()),
            ),
            ("trip_pack", vec![("planId", s())], TripPack::name()),
            (
                "export_trip_pack",
                vec![("planId", s())],
                ExportedFile::name(),
            ),
            (
                "plan_session",
                vec![
                    ("youngPersonId", s()),
                    ("input", PlannedSessionInput::name()),
                ],
                PlannedSessionView::name(),
            ),
            (
                "cancel_planned_session",
                vec![("plannedId", s())],
                PlannedSessionView::name(),
            ),
            (
                "agenda",
                vec![("from", s()), ("days", "number".to_owned())],
                format!("Array<{}>", AgendaDay::name()),
            ),
            ("export_calendar", vec![], ExportedFile::name()),
            (
                "remove_contact",
                vec![("contactId", s()), ("reason", s())],
                YoungPersonDetail::name(),
            ),
            (
                "record_session",
                vec![("input", SessionInput::name())],
                SessionDetail::name(),
            ),
            ("session", vec![("id", s())], SessionDetail::name()),
            (
                "save_draft",
                vec![
                    ("sessionId", s()),
                    ("editId", s()),
                    ("note", NoteBody::name()),
                ],
                DraftSaved::name(),
            ),
            ("finalise", vec![("sessionId", s())], SessionDetail::name()),
            (
                "merge_note",
                vec![
                    ("sessionId", s()),
                    ("other", s()),
                    ("note", NoteBody::name()),
                ],
                SessionDetail::name(),
            ),
            (
                "add_addendum",
                vec![("sessionId", s()), ("text", s())],
                SessionDetail::name(),
            ),
            (
                "search",
                vec![("query", s())],
                format!("Array<{}>", SearchHit::name()),
            ),
            ("sync_status", vec![], SyncStatusView::name()),
            ("sync_now", vec![], SyncStatusView::name()),
            (
                "enrol",
                vec![("input", EnrolInput::name())],
                SyncStatusView::name(),
            ),
            (
                "add_comment",
                vec![("sessionId", s()), ("text", s())],
                SessionDetail::name(),
            ),
            (
                "team_updates",
                vec![],
                format!("Array<{}>", UpdateView::name()),
            ),
            (
                "team_devices",
                vec![],
                format!("Array<{}>", DeviceView::name()),
            ),
            (
                "set_device",
                vec![
                    ("deviceId", s()),
                    ("approve", "boolean".into()),
                    ("code", s()),
                ],
                "null".into(),
            ),
            ("confirm_approval", vec![], SyncStatusView::name()),
            ("send_set_aside_again", vec![], SyncStatusView::name()),
        ]
    }

    fn declarations() -> Vec<String> {
        vec![
            ErrorDto::decl(),
            SyncStatusView::decl(),
            EnrolInput::decl(),
            CommentView::decl(),
            UpdateView::decl(),
            DeviceView::decl(),
            AppState::decl(),
            AppStatus::decl(),
            Choice::decl(),
            ReferenceData::decl(),
            CreateProfileInput::decl(),
            ChangePassphraseInput::decl(),
            CaseloadEntry::decl(),
            Caseload::decl(),
            YoungPersonInput::decl(),
            PlacementInput::decl(),
            EndPlacementInput::decl(),
            ContactInput::decl(),
            CloseInput::decl(),
            YoungPersonView::decl(),
            InterventionView::decl(),
            PlacementView::decl(),
            ContactView::decl(),
            ReaderView::decl(),
            ConflictView::decl(),
            ConcernInput::decl(),
            ToldInput::decl(),
            ConcernView::decl(),
            ToldView::decl(),
            MissingEpisodeInput::decl(),
            MissingEpisodeView::decl(),
            GoingInput::decl(),
            ActivityInput::decl(),
            ActivityView::decl(),
            ConsentInput::decl(),
            DayPlanInput::decl(),
            BudgetLineInput::decl(),
            ResidentialInput::decl(),
            CheckView::decl(),
            HazardInput::decl(),
            PersonalRiskInput::decl(),
            RiskInput::decl(),
            RiskView::decl(),
            ResidentialView::decl(),
            SignOffItem::decl(),
            PackContact::decl(),
            PackField::decl(),
            TripPack::decl(),
            ExportedFile::decl(),
            AgendaItem::decl(),
            AgendaDay::decl(),
            PlannedSessionInput::decl(),
            PlannedSessionView::decl(),
            AuthorityView::decl(),
            AuthorityInput::decl(),
            GoalInput::decl(),
            RatingInput::decl(),
            RatingView::decl(),
            GoalView::decl(),
            OutcomeCheckInput::decl(),
            OutcomeCheckView::decl(),
            ComparisonRow::decl(),
            ComparisonPoint::decl(),
            GoalsView::decl(),
            HoursSplitView::decl(),
            WeekMinutes::decl(),
            YoungPersonHours::decl(),
            HoursView::decl(),
            ChronologyEntryView::decl(),
            ChronologyView::decl(),
            ChronologyNoteInput::decl(),
            CurationInput::decl(),
            SessionSummary::decl(),
            YoungPersonDetail::decl(),
            AttendeeInput::decl(),
            SessionInput::decl(),
            NoteBody::decl(),
            NoteStatus::decl(),
            AddendumView::decl(),
            RevisionView::decl(),
            SessionDetail::decl(),
            DraftSaved::decl(),
            SearchHit::decl(),
        ]
    }

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    fn generate() -> String {
        let mut out = String::from(
            "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings`.\n\
             // Do not edit by hand: CI regenerates this file and fails on any difference.\n\
             import { invoke } from \"@tauri-apps/api/core\";\n\n",
        );
        for decl in declarations() {
            out.push_str("export ");
            out.push_str(&decl);
            out.push('\n');
        }
        out.push('\n');
        for (name, args, ret) in commands() {
            let params: Vec<String> = args.iter().map(|(a, t)| format!("{a}: {t}")).collect();
            let names: Vec<&str> = args.iter().map(|(a, _)| *a).collect();
            let payload = if names.is_empty() {
                String::new()
            } else {
                format!(", {{ {} }}", names.join(", "))
            };
            out.push_str(&format!(
                "export const {} = ({}) => invoke<{ret}>(\"{name}\"{payload});\n",
                camel(name),
                params.join(", ")
            ));
        }
        out
    }

    #[test]
    fn bindings_are_current() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        let generated = generate();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/ipc/bindings.ts is out of date: run UPDATE_BINDINGS=1 cargo test -p insideout-desktop bindings"
        );
    }

    #[test]
    fn every_registered_command_has_a_binding_and_back() {
        let shell = include_str!("lib.rs");
        let registered: Vec<&str> = shell
            .lines()
            .filter_map(|l| l.trim().strip_prefix("commands::"))
            .map(|l| l.trim_end_matches(','))
            .collect();
        let bound: Vec<&str> = commands().iter().map(|(n, _, _)| *n).collect();
        assert_eq!(registered, bound);
    }
}
