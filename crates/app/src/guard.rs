//! The guards every use-case goes through, as types the compiler checks.
//!
//! - [`Device`]: the unlocked store. Only [`App::store`] makes one, after the idle lock has been
//!   checked; while locked there is none, so no use-case can read or write. It reads the store
//!   (it dereferences to `&Store`, whose writes of the device's own state — timers, sync
//!   bookkeeping — take `&self`) and commits only a [`SharedOp`] (a comment, a sign-off): what
//!   any member of the team may write. Committing an op needs `&mut Store`, which it never
//!   hands out.
//! - [`Coach`]: the unlocked store of a coach's device. Only [`App::coach`] makes one, after
//!   finding that this device is not a supervisor's. It is the only way to commit any op, so a
//!   use-case that writes a coach's record cannot forget the supervisor rule: it does not compile
//!   without a `Coach`.

use crate::{App, AppError, AppResult};
use insideout_domain::ids::{RevisionId, SessionId};
use insideout_domain::op::{Op, OpBody, SharedOp};
use insideout_store::Store;
use std::collections::HashMap;
use std::ops::Deref;

/// The revision each editing sitting (a session and the UI's edit id) writes to, and its parent.
pub(crate) type Sittings = HashMap<(SessionId, String), (RevisionId, Option<RevisionId>)>;

/// The unlocked store: reads, and the writes any person may make.
pub(crate) struct Device<'a> {
    store: &'a mut Store,
    sittings: &'a mut Sittings,
}

impl Deref for Device<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        self.store
    }
}

impl Device<'_> {
    /// Writes an op any member of the team may author.
    pub(crate) fn commit_shared(&mut self, now_ms: u64, op: SharedOp) -> AppResult<Op> {
        Ok(self.store.commit(now_ms, op.into_body())?)
    }
}

/// The unlocked store of a coach's device: the only way to write the coach's records.
pub(crate) struct Coach<'a>(Device<'a>);

impl<'a> Deref for Coach<'a> {
    type Target = Device<'a>;

    fn deref(&self) -> &Device<'a> {
        &self.0
    }
}

impl Coach<'_> {
    /// Writes `body` as a new op and applies it.
    pub(crate) fn commit(&mut self, now_ms: u64, body: OpBody) -> AppResult<Op> {
        Ok(self.0.store.commit(now_ms, body)?)
    }

    /// Saves a draft revision of a note (rewriting the op while it is still unsent).
    pub(crate) fn commit_draft(&mut self, now_ms: u64, body: OpBody) -> AppResult<Op> {
        Ok(self.0.store.commit_draft(now_ms, body)?)
    }

    /// The note-editing sittings of this unlock.
    pub(crate) fn sittings(&mut self) -> &mut Sittings {
        self.0.sittings
    }
}

impl App {
    /// What unlocking opened, after checking the idle lock; `activity` counts this use as the
    /// person's (the idle lock counts from it).
    pub(crate) fn unlocked_now(&mut self, activity: bool) -> AppResult<&mut crate::Unlocked> {
        self.lock_if_idle();
        let now = self.now();
        let unlocked = self.unlocked.as_mut().ok_or(AppError::Locked)?;
        if activity {
            unlocked.last_activity = now;
        }
        Ok(unlocked)
    }

    /// The unlocked store, after checking the idle lock and recording this use as activity.
    pub(crate) fn store(&mut self) -> AppResult<Device<'_>> {
        let unlocked = self.unlocked_now(true)?;
        Ok(Device {
            store: &mut unlocked.store,
            sittings: &mut unlocked.sittings,
        })
    }

    /// The unlocked store without counting as the person's activity (the sync status, asked
    /// for in the background).
    pub(crate) fn store_quietly(&mut self) -> AppResult<Device<'_>> {
        let unlocked = self.unlocked_now(false)?;
        Ok(Device {
            store: &mut unlocked.store,
            sittings: &mut unlocked.sittings,
        })
    }

    /// The unlocked store of a coach's device. Refused on a device enrolled as a supervisor's:
    /// every reader would quarantine what it wrote, so it is refused here, before anything is
    /// saved.
    pub(crate) fn coach(&mut self) -> AppResult<Coach<'_>> {
        let device = self.store()?;
        if device.sync_get("role")?.as_deref() == Some("supervisor") {
            return Err(AppError::SupervisorReadOnly);
        }
        Ok(Coach(device))
    }
}
