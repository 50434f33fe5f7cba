//! Files the app writes for other programs (the trip pack PDF, the calendar file): into the
//! export folder, readable by their owner only, and removed again when the device is wiped.

use crate::dto::ExportedFile;
use crate::{App, AppError, AppResult};
use insideout_domain::Field;

impl App {
    /// Writes a file into the export folder (made if missing) and says where.
    pub(crate) fn write_export(&self, name: &str, bytes: &[u8]) -> AppResult<ExportedFile> {
        let dir = self.config.export_dir();
        let failed = |e: std::io::Error| {
            AppError::invalid(
                Field::Export,
                format!(
                    "the file could not be saved to {} ({e}) — check there is space on this device, then try again",
                    dir.to_string_lossy()
                ),
            )
        };
        std::fs::create_dir_all(&dir).map_err(failed)?;
        let path = dir.join(name);
        write_private(&path, bytes).map_err(failed)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        })
    }
}

/// The names of the files the app exports, so a wipe removes them and nothing else.
const EXPORT_PREFIXES: [&str; 2] = ["trip-pack-", "inside-out-coach-"];

/// Writes a file only its owner may read (it may hold a child's details).
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// Removes every file the app exported into `dir` (a wiped device keeps no trip pack behind).
pub(crate) fn remove_exports(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if EXPORT_PREFIXES.iter().any(|p| name.starts_with(p))
            && (name.ends_with(".pdf") || name.ends_with(".ics"))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
