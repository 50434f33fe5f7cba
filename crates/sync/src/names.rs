//! Names for colleagues, not for the service. The signed directory says who a device belongs to
//! and what role they have, but carries no names: the service stores it. So each approved device
//! tells its colleagues its person's name and its own, inside the ciphertext of every case it
//! holds a key for (the coach and the team's supervisors read those), and the service still sees
//! only pseudonymous ids.

use crate::SyncResult;
use insideout_domain::Field;
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_domain::op::OpBody;
use insideout_domain::text::Line;
use insideout_protocol::Scope;
use insideout_store::Store;
use insideout_store::read::ColleagueName;
use std::collections::HashMap;

/// What this kind of device is called after its person's first name.
const DEVICE_KIND: &str = if cfg!(any(target_os = "android", target_os = "ios")) {
    "phone"
} else {
    "computer"
};

fn named_key(case: Option<YoungPersonId>) -> String {
    match case {
        Some(case) => format!("named:{case}"),
        None => "named:own".to_owned(),
    }
}

/// This device's person's name and its own ("Sam Okafor", "Sam's computer"), as it tells its
/// colleagues; None before the person has given a name.
pub fn own_names(store: &Store) -> Option<(Line, Line)> {
    let person = store.person_name().ok()?;
    let first = person
        .split_whitespace()
        .next()
        .unwrap_or(&person)
        .to_owned();
    let person_name = Line::parse(Field::Name, "your name", &person).ok()?;
    let device_name = Line::parse(
        Field::Name,
        "the device's name",
        &format!("{first}'s {DEVICE_KIND}"),
    )
    .ok()?;
    Some((person_name, device_name))
}

/// The names this device knows, by device: its colleagues' as their devices told them, and its
/// own, which it knows before any case carries it.
pub fn team_names(store: &Store) -> SyncResult<HashMap<DeviceId, ColleagueName>> {
    let mut names = store.colleague_names()?;
    if let Some((person, device)) = own_names(store) {
        names.insert(
            store.device(),
            ColleagueName {
                person: person.as_str().to_owned(),
                device: device.as_str().to_owned(),
            },
        );
    }
    Ok(names)
}

/// Commits a name op in each case this device reads and has not yet told its current name. A
/// store without a name (never the case after set-up) names nothing.
pub(crate) fn name_this_device(store: &mut Store, me: PersonId, now_ms: u64) -> SyncResult<()> {
    let Some((person_name, device_name)) = own_names(store) else {
        return Ok(());
    };
    let told = format!("{}\n{}", person_name.as_str(), device_name.as_str());
    let device = store.device();
    let cases = store
        .scopes_held(me)?
        .into_iter()
        .filter_map(|scope| match scope {
            Scope::Case(case) => Some(Some(case)),
            Scope::Own(_) => None,
        });
    // A coach's device also names itself in the coach's own scope: the team's supervisors learn
    // the coach's name before any case carries it, and the scope their supervision records go
    // in is opened (by the device `Directory::own_scope_opener` names).
    let own = (store.sync_get("role")?.as_deref() == Some("coach")).then_some(None);
    for case in cases.chain(own).collect::<Vec<_>>() {
        let key = named_key(case);
        if store.sync_get(&key)?.as_deref() == Some(told.as_str()) {
            continue;
        }
        store.commit(
            now_ms,
            OpBody::DeviceNamed {
                device,
                case,
                person_name: person_name.clone(),
                device_name: device_name.clone(),
            },
        )?;
        store.sync_set(&key, &told)?;
    }
    Ok(())
}
