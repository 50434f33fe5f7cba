//! Builders and fixtures the test suites and the benchmark share, written once: the test
//! passphrase, a fast configuration, a first profile, and the inputs of a young person, a
//! session and a note. Nothing in the app uses them.

use crate::dto::{AttendeeInput, CreateProfileInput, NoteBody, SessionInput, YoungPersonInput};
use crate::{AppConfig, ProgrammeRules, WorkFactor};
use chrono::TimeDelta;
use std::path::Path;

/// The passphrase every test profile uses.
pub const PASSPHRASE: &str = "a long walk by the sea";

/// A configuration for `data_dir` that unlocks fast (a low scrypt work factor).
pub fn config(data_dir: &Path) -> AppConfig {
    AppConfig {
        data_dir: data_dir.to_path_buf(),
        work_factor: WorkFactor::FAST_FOR_TESTS,
        idle_lock: TimeDelta::minutes(5),
        rules: ProgrammeRules::default(),
        exports: None,
    }
}

/// The first-run form of a person called `name`, with [`PASSPHRASE`].
pub fn profile(name: &str) -> CreateProfileInput {
    CreateProfileInput {
        coach_name: name.into(),
        passphrase: PASSPHRASE.into(),
        passphrase_confirm: PASSPHRASE.into(),
    }
}

/// A young person in care, 16 in the tests' autumn of 2025, whose intervention runs from June
/// 2025 to December 2026.
pub fn young_person_input(name: &str) -> YoungPersonInput {
    YoungPersonInput {
        preferred_name: name.into(),
        date_of_birth: "2009-05-14".into(),
        local_authority: "Essex".into(),
        legal_status: "care_order".into(),
        send: true,
        send_details: "Dyslexia; EHCP in place".into(),
        referral_criteria: vec!["looked_after".into(), "residential".into()],
        risk_indicators: vec!["neet".into(), "missing".into()],
        referral_date: "2025-05-20".into(),
        start_date: "2025-06-02".into(),
        planned_end_date: "2026-12-01".into(),
    }
}

/// A coaching session face to face in the community, with the young person, from `start` to
/// `end` (local times, `YYYY-MM-DDTHH:MM`).
pub fn session_input(young_person: &str, start: &str, end: &str) -> SessionInput {
    SessionInput {
        young_person_id: young_person.into(),
        start: start.into(),
        end: end.into(),
        setting: "community".into(),
        mode: "face_to_face".into(),
        attendees: vec![AttendeeInput {
            kind: "young_person".into(),
            name: String::new(),
        }],
        activity: "coaching".into(),
        significant: false,
        from_timer: false,
        from_plan: String::new(),
    }
}

/// A note with only what happened written.
pub fn note(what: &str) -> NoteBody {
    NoteBody {
        what_happened: what.into(),
        voice: String::new(),
        analysis: String::new(),
        actions: String::new(),
    }
}

/// `text` as a QR code in a PNG, `scale` pixels a module, with its quiet zone, dark grey on
/// off-white as a photo of a screen would be: what a coach's camera gives the enrolment form.
pub fn qr_png(text: &str, scale: u32) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("text fits a QR code");
    let width = code.width() as u32;
    let colours = code.to_colors();
    let side = (width + 8) * scale;
    let picture = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = (4..width + 4).contains(&mx)
            && (4..width + 4).contains(&my)
            && colours[((my - 4) * width + (mx - 4)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 40 } else { 225 }])
    });
    let mut out = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG is written to memory");
    out
}
