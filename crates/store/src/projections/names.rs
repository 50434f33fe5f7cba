//! Names: this person's own (from the profile op) and colleagues' devices (from the names each
//! device files in the cases it holds).

use super::{Applying, Clear, Table};
use crate::Store;
use crate::StoreResult;
use insideout_domain::ids::DeviceId;
use insideout_domain::text::Line;

pub(super) const TABLES: &[Table] = &[
    // Rebuilt, but not compared: each device reads a different set of cases, so it learns a
    // different set of colleagues' names.
    Table {
        name: "colleague_names",
        clear: Clear::All,
        dump: None,
    },
    // The person's own name comes from the profile op; the other rows are the device's.
    Table {
        name: "meta",
        clear: Clear::Where("key = 'person_name'"),
        dump: Some("key"),
    },
];

pub(super) fn profile_created(at: &Applying<'_>, name: &Line) -> StoreResult<()> {
    let Applying { tx, .. } = at;
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('person_name', ?1)",
        [name.as_str()],
    )?;
    Ok(())
}

pub(super) fn device_named(
    at: &Applying<'_>,
    device: &DeviceId,
    person_name: &Line,
    device_name: &Line,
) -> StoreResult<()> {
    let Applying { tx, hlc, .. } = at;
    // One name per device: filed in several scopes, the latest copy stands.
    tx.execute(
        "INSERT INTO colleague_names (device_id, person_name, device_name, hlc)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device_id) DO UPDATE SET
           person_name = excluded.person_name,
           device_name = excluded.device_name,
           hlc = excluded.hlc
         WHERE excluded.hlc > colleague_names.hlc",
        (
            device.to_string(),
            person_name.as_str(),
            device_name.as_str(),
            &hlc,
        ),
    )?;
    Ok(())
}

// Reads.

/// What a device calls itself and its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColleagueName {
    pub person: String,
    pub device: String,
}

impl Store {
    /// The signed-in person's name.
    pub fn person_name(&self) -> StoreResult<String> {
        Ok(self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'person_name'",
            [],
            |r| r.get(0),
        )?)
    }

    /// The names colleagues' devices gave themselves (and this device's own), by device id.
    pub fn colleague_names(
        &self,
    ) -> StoreResult<std::collections::HashMap<DeviceId, ColleagueName>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device_id, person_name, device_name FROM colleague_names")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ColleagueName {
                    person: r.get(1)?,
                    device: r.get(2)?,
                },
            ))
        })?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let (id, name) = row?;
            if let Ok(id) = id.parse() {
                out.insert(id, name);
            }
        }
        Ok(out)
    }
}
