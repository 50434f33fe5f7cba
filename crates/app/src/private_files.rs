//! Files and folders only their owner may read: the data folder (0700), the wrapped database
//! key and the unlock-attempts file (0600), and the demo's recovery identity. The encrypted
//! database needs no such care to stay secret, but the key file is what a passphrase guess is
//! tried against, and the attempts file is what slows those guesses down.
//!
//! On other systems than unix these fall back to the platform's defaults.

use std::io::Write;
use std::path::Path;

/// Makes `dir` (and any missing parents) and leaves `dir` itself readable by its owner only,
/// also when it existed already.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes a new file only its owner may read; refuses to replace one that exists.
pub fn write_private_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Replaces `path` so that a crash leaves either the old or the new contents, never a mix; the
/// file is readable by its owner only from the moment it exists.
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    // A stale temporary file from a crash keeps its old mode: start afresh.
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    write_private_new(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_readable_by_their_owner_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a").join("data");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        // An existing folder is tightened.
        let loose = root.path().join("loose");
        std::fs::create_dir(&loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&loose).unwrap();
        assert_eq!(mode(&loose), 0o700);

        let key = dir.join("key.age");
        write_private_atomically(&key, b"one").unwrap();
        assert_eq!(mode(&key), 0o600);
        // A stale, world-readable temporary file does not lend its mode to the new file.
        std::fs::write(key.with_extension("tmp"), b"stale").unwrap();
        std::fs::set_permissions(
            key.with_extension("tmp"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        write_private_atomically(&key, b"two").unwrap();
        assert_eq!(mode(&key), 0o600);
        assert_eq!(std::fs::read(&key).unwrap(), b"two");

        let identity = dir.join("recovery-identity.txt");
        write_private_new(&identity, b"secret").unwrap();
        assert_eq!(mode(&identity), 0o600);
        assert!(
            write_private_new(&identity, b"again").is_err(),
            "never replaced"
        );
    }
}
