//! Who may read and write a scope. Shared by both storage implementations so the rule is written
//! once. The service knows only ids and roles; every reader also checks content by role.

use super::{Device, EnvelopeOutcome, ScopeRow, StoredEnvelope};
use insideout_protocol::Scope;
use insideout_protocol::api::{DeviceStatus, Role};

/// Whether `device` may push to an existing scope.
pub fn can_write(device: &Device, row: &ScopeRow) -> bool {
    device.status != DeviceStatus::Revoked && is_member(device, row)
}

/// Whether `device` may receive a scope's batches and keys: approved members only.
pub fn can_read(device: &Device, row: &ScopeRow) -> bool {
    device.status == DeviceStatus::Approved && is_member(device, row)
}

/// The owner's devices, and the owner's team's supervisors.
fn is_member(device: &Device, row: &ScopeRow) -> bool {
    row.owner == device.person || (device.role == Role::Supervisor && device.team == row.team)
}

/// Whether `device` may move a scope to a new key epoch: approved members only, so a device
/// nobody has approved yet cannot replace the key everyone else reads with.
pub fn can_rotate(device: &Device, row: &ScopeRow) -> bool {
    can_read(device, row)
}

/// What to do with one envelope of a request, given its scope as it stands now.
#[derive(Debug, PartialEq, Eq)]
pub enum EnvelopeStep {
    /// Store it unless its recipient already holds one at that epoch: envelopes are written
    /// once, so nobody can replace a key another member (or the recovery recipient) was given.
    Insert,
    /// Move the scope to the envelope's epoch, then store it.
    Rotate,
    Refuse(EnvelopeOutcome),
}

/// The envelope rule, shared by both stores. A request that does not `rotate` adds envelopes at
/// the scope's current epoch or an earlier one. A rotating request introduces the next epoch; if another holder
/// got there first (`moved` is false and the scope is already at that epoch) it is refused, so
/// each epoch has exactly one key.
pub fn envelope_step(
    author: &Device,
    row: &ScopeRow,
    envelope: &StoredEnvelope,
    rotate: bool,
    moved: bool,
) -> EnvelopeStep {
    let scope = envelope.scope;
    let stale = EnvelopeStep::Refuse(EnvelopeOutcome::StaleEpoch {
        scope,
        current: row.epoch,
    });
    if !can_write(author, row) {
        return EnvelopeStep::Refuse(EnvelopeOutcome::Forbidden(scope));
    }
    match (rotate, envelope.epoch) {
        // An earlier epoch's key, for a reader who joined after it (a case's new coach, a new
        // device) to read the history sealed under it.
        (false, e) if e <= row.epoch => EnvelopeStep::Insert,
        (true, e) if e == row.epoch && moved => EnvelopeStep::Insert,
        (true, e) if e == row.epoch => EnvelopeStep::Refuse(EnvelopeOutcome::EpochTaken {
            scope,
            current: row.epoch,
        }),
        (true, e) if e == row.epoch + 1 && !moved => {
            if can_rotate(author, row) {
                EnvelopeStep::Rotate
            } else {
                EnvelopeStep::Refuse(EnvelopeOutcome::Forbidden(scope))
            }
        }
        _ => stale,
    }
}

/// Whether `device`'s first batch may create `scope` (owned by the author, in its team): a coach
/// opens a young person's case; anyone opens their own scope.
pub fn can_create(device: &Device, scope: Scope) -> bool {
    if device.status == DeviceStatus::Revoked {
        return false;
    }
    match scope {
        Scope::Case(_) => device.role == Role::Coach,
        Scope::Own(person) => person == device.person,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
    use uuid::Uuid;

    fn device(person: u128, team: u128, role: Role, status: DeviceStatus) -> Device {
        Device {
            id: DeviceId::from_uuid(Uuid::from_u128(person * 100)),
            person: PersonId::from_uuid(Uuid::from_u128(person)),
            role,
            team: Uuid::from_u128(team),
            status,
            age_recipient: String::new(),
            signing_key: String::new(),
            created_ms: 0,
        }
    }

    fn case(owner: u128, team: u128) -> ScopeRow {
        ScopeRow {
            scope: Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(9))),
            owner: PersonId::from_uuid(Uuid::from_u128(owner)),
            team: Uuid::from_u128(team),
            next_seq: 1,
            epoch: 1,
            priority_seq: 0,
        }
    }

    #[test]
    fn the_owner_and_the_teams_supervisors_are_members() {
        use DeviceStatus::*;
        use Role::*;
        let row = case(1, 10);
        assert!(can_read(&device(1, 10, Coach, Approved), &row));
        assert!(can_read(&device(2, 10, Supervisor, Approved), &row));
        assert!(
            !can_read(&device(3, 10, Coach, Approved), &row),
            "another coach"
        );
        assert!(
            !can_read(&device(4, 11, Supervisor, Approved), &row),
            "another team"
        );
        assert!(
            !can_read(&device(1, 10, Coach, Pending), &row),
            "pending reads nothing"
        );
        assert!(
            can_write(&device(1, 10, Coach, Pending), &row),
            "pending may push"
        );
        assert!(!can_write(&device(1, 10, Coach, Revoked), &row));
        assert!(!can_write(&device(3, 10, Coach, Approved), &row));
    }

    #[test]
    fn coaches_open_cases_and_everyone_opens_only_their_own_scope() {
        use DeviceStatus::*;
        use Role::*;
        let case = Scope::Case(YoungPersonId::from_uuid(Uuid::from_u128(9)));
        assert!(can_create(&device(1, 10, Coach, Pending), case));
        assert!(!can_create(&device(2, 10, Supervisor, Approved), case));
        assert!(!can_create(&device(1, 10, Coach, Revoked), case));
        let own = |p| Scope::Own(PersonId::from_uuid(Uuid::from_u128(p)));
        assert!(can_create(&device(2, 10, Supervisor, Approved), own(2)));
        assert!(!can_create(&device(2, 10, Supervisor, Approved), own(1)));
    }
}
