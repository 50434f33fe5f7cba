//! Who can read a young person's record, computed only from the organisation's signed
//! directory (never from the service's list), and which readers are new since the coach last
//! looked: a new reader is a notice the coach acknowledges, not an icon.

use crate::dto::ReaderView;
use crate::{App, AppError, AppResult};
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_protocol::Scope;
use insideout_protocol::api::Role;
use insideout_protocol::directory::{Directory, Signer};
use insideout_store::Store;
use insideout_sync::{Engine, Enrolment};

fn seen_key(id: YoungPersonId) -> String {
    format!("seen_readers:{id}")
}

/// The readers of `id`'s case, with `new` set for those the coach has not acknowledged.
pub(crate) fn readers(store: &Store, id: YoungPersonId) -> AppResult<Vec<ReaderView>> {
    let internal = |e: insideout_sync::SyncError| AppError::Internal(e.to_string());
    let Some(enrolment) = Enrolment::load(store).map_err(internal)? else {
        return Ok(Vec::new());
    };
    let directory = Engine::directory(store, &enrolment).map_err(internal)?;
    let Some(owner) = owner(store, &directory, &enrolment, id)? else {
        return Ok(Vec::new());
    };
    let seen = store.sync_get(&seen_key(id))?.unwrap_or_default();
    let mine = store.device();
    let names = store.colleague_names()?;
    let device_label = |device: DeviceId| match names.get(&device) {
        Some(name) => format!("{} ({})", name.device, short(&device.to_string())),
        None => short(&device.to_string()),
    };
    let mut out: Vec<ReaderView> = directory
        .readers(owner)
        .into_iter()
        .map(|d| {
            let role = directory.people.get(&d.person).map(|p| p.role);
            let name = names.get(&d.device).map(|n| n.person.as_str());
            let who = match (d.person == enrolment.person, role, name) {
                (true, _, _) => "You".to_owned(),
                (false, Some(role), Some(name)) => format!("{name} ({})", role.as_str()),
                (false, Some(Role::Supervisor), None) => "A supervisor of your team".to_owned(),
                (false, _, _) => "The coach".to_owned(),
            };
            ReaderView {
                who,
                role,
                device: device_label(d.device),
                this_device: d.device == mine,
                approved_by: match d.approved_by {
                    Signer::Org => "the organisation key".to_owned(),
                    Signer::Device(s) => device_label(s),
                },
                since: chrono::DateTime::from_timestamp_millis(d.since_ms as i64)
                    .map(|t| t.format("%a %-d %b %Y").to_string())
                    .unwrap_or_default(),
                new: d.device != mine && !seen.split(',').any(|s| s == d.device.to_string()),
                id: d.device.to_string(),
            }
        })
        .collect();
    out.sort_by(|a, b| (!a.this_device, &a.who, &a.id).cmp(&(!b.this_device, &b.who, &b.id)));
    Ok(out)
}

/// Whose case it is: this coach's own, or for a supervisor the coach whose device wrote it.
fn owner(
    store: &Store,
    directory: &Directory,
    enrolment: &Enrolment,
    id: YoungPersonId,
) -> AppResult<Option<PersonId>> {
    if enrolment.role == Role::Coach {
        return Ok(Some(enrolment.person));
    }
    let authors = store.scope_authors(Scope::Case(id), enrolment.person)?;
    Ok(authors.iter().find_map(|d| {
        let entry = directory.devices.get(d)?;
        (directory.people.get(&entry.person)?.role == Role::Coach).then_some(entry.person)
    }))
}

fn short(id: &str) -> String {
    format!("…{}", &id[id.len().saturating_sub(8)..])
}

impl App {
    /// The coach has read the notice: the readers listed now are no longer new.
    pub fn acknowledge_readers(&mut self, young_person_id: &str) -> AppResult<Vec<ReaderView>> {
        let id: YoungPersonId = young_person_id
            .parse()
            .map_err(|_| AppError::Internal("this young person is not on this device".into()))?;
        let store = &self.store()?;
        let all = readers(store, id)?;
        let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
        store.sync_set(&seen_key(id), &ids.join(","))?;
        readers(store, id)
    }
}
