//! The directory verifier against adversarial chains, in the style of Keybase's team-chain test
//! vectors: each case builds an honest organisation, then one thing a hostile signer or service
//! would do, and checks what counts and what problem is named.

use insideout_crypto::{DeviceKeys, OrgKey};
use insideout_domain::ids::{DeviceId, PersonId, YoungPersonId};
use insideout_protocol::api::{Role, TeamId};
use insideout_protocol::directory::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

const NOW: u64 = 1_800_000_000_000;
const RECOVERY: &str = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq";

/// An organisation being built record by record, as its signers would.
struct Kit {
    org: OrgKey,
    records: Vec<SignedRecord>,
    heads: BTreeMap<Signer, Head>,
    next_id: u128,
    keys: BTreeMap<DeviceId, DeviceKeys>,
}

impl Kit {
    fn new() -> Self {
        let mut kit = Self {
            org: OrgKey::generate().unwrap(),
            records: Vec::new(),
            heads: BTreeMap::new(),
            next_id: 1,
            keys: BTreeMap::new(),
        };
        kit.sign(
            Signer::Org,
            Body::Organisation {
                recovery_recipient: RECOVERY.into(),
            },
        );
        kit
    }

    fn id(&mut self) -> Uuid {
        self.next_id += 1;
        Uuid::from_u128(self.next_id)
    }

    fn team(&mut self) -> TeamId {
        self.id()
    }

    /// The next record of `signer`'s chain, signed, appended to the directory.
    fn sign(&mut self, signer: Signer, body: Body) -> SignedRecord {
        let record = next_record(signer, self.heads.get(&signer), NOW - 1000, body);
        let signed = match signer {
            Signer::Org => SignedRecord::by_org(&self.org, record),
            Signer::Device(id) => SignedRecord::by_device(&self.keys[&id], record),
        };
        self.push(signed.clone());
        signed
    }

    fn push(&mut self, signed: SignedRecord) {
        self.heads.insert(
            signed.record.signer,
            Head {
                signer: signed.record.signer,
                seq: signed.record.seq,
                hash: signed.hash(),
            },
        );
        self.records.push(signed);
    }

    fn person(&mut self, by: Signer, team: TeamId, role: Role) -> PersonId {
        let person = PersonId::from_uuid(self.id());
        self.sign(
            by,
            Body::Person {
                person,
                team,
                role,
                expires_ms: 0,
            },
        );
        person
    }

    /// A new device of `person`, approved by `by` and countersigned by itself.
    fn device(&mut self, by: Signer, person: PersonId) -> DeviceId {
        let device = DeviceId::from_uuid(self.id());
        let keys = DeviceKeys::generate().unwrap();
        let mut signed = self.sign(
            by,
            Body::Device {
                device,
                person,
                age_recipient: keys.age_recipient(),
                signing_key: keys.signing_public_hex(),
            },
        );
        signed.countersign(&keys);
        *self.records.last_mut().unwrap() = signed;
        self.keys.insert(device, keys);
        device
    }

    fn verify(&self) -> Directory {
        verify(&self.org.public_hex(), &self.records, NOW)
    }
}

/// An organisation with a team, a supervisor with a device (approved by the organisation key)
/// and a coach with a device (approved by the supervisor).
struct Team {
    kit: Kit,
    team: TeamId,
    supervisor: PersonId,
    sup_device: DeviceId,
    coach: PersonId,
    coach_device: DeviceId,
}

fn team() -> Team {
    let mut kit = Kit::new();
    let team = kit.team();
    let supervisor = kit.person(Signer::Org, team, Role::Supervisor);
    let sup_device = kit.device(Signer::Org, supervisor);
    let coach = kit.person(Signer::Device(sup_device), team, Role::Coach);
    let coach_device = kit.device(Signer::Device(sup_device), coach);
    Team {
        kit,
        team,
        supervisor,
        sup_device,
        coach,
        coach_device,
    }
}

fn refused(directory: &Directory, signer: Signer, reason: &str) -> bool {
    directory.problems.iter().any(|p| {
        matches!(p, Problem::Refused { signer: s, reason: r, .. } if *s == signer && r.contains(reason))
    })
}

#[test]
fn an_honest_team_verifies_with_no_problems() {
    let t = team();
    let d = t.kit.verify();
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    assert_eq!(d.recovery_recipient.as_deref(), Some(RECOVERY));
    assert!(d.is_approved(t.sup_device));
    assert!(d.is_approved(t.coach_device));
    assert_eq!(d.role_of(t.sup_device), Some(Role::Supervisor));
    let readers: Vec<DeviceId> = d.readers(t.coach).iter().map(|e| e.device).collect();
    assert_eq!(readers.len(), 2);
    assert!(readers.contains(&t.sup_device) && readers.contains(&t.coach_device));
    assert_eq!(
        d.devices[&t.coach_device].approved_by,
        Signer::Device(t.sup_device)
    );
    assert_eq!(d.people[&t.supervisor].team, t.team);
}

#[test]
fn a_device_counts_only_once_it_has_countersigned() {
    let mut t = team();
    let device = DeviceId::from_uuid(t.kit.id());
    let keys = DeviceKeys::generate().unwrap();
    let signed = t.kit.sign(
        Signer::Device(t.sup_device),
        Body::Device {
            device,
            person: t.coach,
            age_recipient: keys.age_recipient(),
            signing_key: keys.signing_public_hex(),
        },
    );
    let d = t.kit.verify();
    assert!(!d.is_approved(device), "not countersigned yet");
    assert!(!d.readers(t.coach).iter().any(|e| e.device == device));
    // A countersignature by any other key does not count.
    let mut forged = signed.clone();
    forged.countersign(&DeviceKeys::generate().unwrap());
    t.kit.records.push(forged);
    assert!(!t.kit.verify().is_approved(device));
    let mut real = signed;
    real.countersign(&keys);
    t.kit.records.push(real);
    assert!(t.kit.verify().is_approved(device));
}

#[test]
fn vector_a_supervisor_promoting_itself_is_refused() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    t.kit.sign(
        sup,
        Body::Person {
            person: t.coach,
            team: t.team,
            role: Role::Supervisor,
            expires_ms: 0,
        },
    );
    let d = t.kit.verify();
    assert_eq!(d.people[&t.coach].role, Role::Coach);
    assert!(refused(
        &d,
        sup,
        "only the organisation key may make a supervisor"
    ));
    // Nor may it re-sign its own (organisation-signed) record without an expiry.
    let mut t = team();
    t.kit.sign(
        Signer::Device(t.sup_device),
        Body::Person {
            person: t.supervisor,
            team: t.team,
            role: Role::Supervisor,
            expires_ms: 0,
        },
    );
    assert!(refused(
        &t.kit.verify(),
        Signer::Device(t.sup_device),
        "only the organisation key may make a supervisor"
    ));
}

#[test]
fn vector_a_signer_who_is_not_allowed_to_sign() {
    // A coach's device approving another device: its records are ignored.
    let mut t = team();
    let coach = Signer::Device(t.coach_device);
    let intruder = t.kit.device(coach, t.coach);
    let d = t.kit.verify();
    assert!(!d.devices.contains_key(&intruder));
    assert!(d.problems.contains(&Problem::NotASigner { signer: coach }));
    // A device key nobody approved, signing a supervisor into being.
    let mut t = team();
    let stranger = DeviceId::from_uuid(t.kit.id());
    t.kit.keys.insert(stranger, DeviceKeys::generate().unwrap());
    let fake = t.kit.person(Signer::Device(stranger), t.team, Role::Coach);
    let d = t.kit.verify();
    assert!(!d.people.contains_key(&fake));
    // A supervisor of another team approving a device in this one.
    let mut t = team();
    let other_team = t.kit.team();
    let other_sup = t.kit.person(Signer::Org, other_team, Role::Supervisor);
    let other_device = t.kit.device(Signer::Org, other_sup);
    let planted = t.kit.device(Signer::Device(other_device), t.coach);
    let d = t.kit.verify();
    assert!(!d.devices.contains_key(&planted));
    assert!(refused(
        &d,
        Signer::Device(other_device),
        "only their own team's devices"
    ));
}

#[test]
fn vector_a_record_signed_with_the_wrong_key_does_not_count() {
    let mut t = team();
    let impostor = OrgKey::generate().unwrap();
    let record = next_record(
        Signer::Org,
        t.kit.heads.get(&Signer::Org),
        NOW,
        Body::Person {
            person: PersonId::from_uuid(Uuid::from_u128(999)),
            team: t.team,
            role: Role::Supervisor,
            expires_ms: 0,
        },
    );
    t.kit.push(SignedRecord::by_org(&impostor, record));
    let d = t.kit.verify();
    assert!(
        !d.people
            .contains_key(&PersonId::from_uuid(Uuid::from_u128(999)))
    );
    assert!(d.problems.iter().any(|p| matches!(
        p,
        Problem::BadSignature {
            signer: Signer::Org,
            ..
        }
    )));
    // The whole directory, verified against a key the service chose, counts for nothing.
    let d = verify(&impostor.public_hex(), &t.kit.records, NOW);
    assert!(d.devices.is_empty() && d.recovery_recipient.is_none());
}

#[test]
fn vector_a_missing_latest_record_is_seen_by_a_peer() {
    let mut t = team();
    let full = t.kit.verify().heads();
    let dropped = t.kit.records.pop().unwrap();
    let d = t.kit.verify();
    let behind = d.compare(&full);
    assert!(
        behind.contains(&Problem::Behind {
            signer: dropped.record.signer,
            have: dropped.record.seq - 1,
            seen: dropped.record.seq
        }),
        "{behind:?}"
    );
    t.kit.records.push(dropped);
    assert!(t.kit.verify().compare(&full).is_empty());
}

#[test]
fn vector_a_hole_in_a_chain_stops_it_there() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let later_coach = t.kit.person(sup, t.team, Role::Coach);
    // Remove the supervisor's record 2 (the coach's device): 3 must not count either.
    let index = t
        .kit
        .records
        .iter()
        .position(|r| r.record.signer == sup && r.record.seq == 2)
        .unwrap();
    t.kit.records.remove(index);
    let d = t.kit.verify();
    assert!(d.problems.contains(&Problem::Hole {
        signer: sup,
        missing: 2
    }));
    assert!(!d.devices.contains_key(&t.coach_device));
    assert!(!d.people.contains_key(&later_coach));
    assert!(d.people.contains_key(&t.coach), "record 1 still counts");
}

#[test]
fn vector_a_wrong_previous_hash_stops_the_chain() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let mut record = next_record(
        sup,
        t.kit.heads.get(&sup),
        NOW,
        Body::Person {
            person: PersonId::from_uuid(Uuid::from_u128(777)),
            team: t.team,
            role: Role::Coach,
            expires_ms: 0,
        },
    );
    record.prev = GENESIS_PREV.into();
    t.kit
        .push(SignedRecord::by_device(&t.kit.keys[&t.sup_device], record));
    let d = t.kit.verify();
    assert!(d.problems.contains(&Problem::BadLink {
        signer: sup,
        seq: 3
    }));
    assert!(
        !d.people
            .contains_key(&PersonId::from_uuid(Uuid::from_u128(777)))
    );
}

#[test]
fn vector_two_records_with_one_number_are_a_fork() {
    let t = team();
    let sup = Signer::Device(t.sup_device);
    let mut kit = t.kit;
    let head = kit.heads[&sup].clone();
    let base = Head {
        signer: sup,
        seq: head.seq - 1,
        hash: kit
            .records
            .iter()
            .find(|r| r.record.signer == sup && r.record.seq == head.seq - 1)
            .unwrap()
            .hash(),
    };
    // The supervisor (or a service replaying its key) signs another record 2.
    let other = next_record(
        sup,
        Some(&base),
        NOW,
        Body::Person {
            person: PersonId::from_uuid(Uuid::from_u128(555)),
            team: t.team,
            role: Role::Coach,
            expires_ms: 0,
        },
    );
    kit.records
        .push(SignedRecord::by_device(&kit.keys[&t.sup_device], other));
    let d = kit.verify();
    assert!(d.problems.contains(&Problem::Fork {
        signer: sup,
        seq: 2
    }));
    assert!(
        !d.devices.contains_key(&t.coach_device),
        "neither branch counts"
    );
    assert!(
        !d.people
            .contains_key(&PersonId::from_uuid(Uuid::from_u128(555)))
    );
    // A peer holding one branch sees the fork against a device holding the other.
    let honest = {
        let mut k = kit.records.clone();
        k.pop();
        verify(&kit.org.public_hex(), &k, NOW)
    };
    let forked_head = Head {
        signer: sup,
        seq: 2,
        hash: kit.records.last().unwrap().hash(),
    };
    assert_eq!(
        honest.compare(&[forked_head]),
        vec![Problem::Fork {
            signer: sup,
            seq: 2
        }]
    );
}

#[test]
fn vector_a_record_signed_after_its_signer_was_revoked() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let last = t.kit.heads[&sup].seq;
    t.kit.sign(
        Signer::Org,
        Body::Revoke {
            device: t.sup_device,
            last_seq: last,
        },
    );
    // The revoked supervisor's device goes on signing, with any date it likes.
    let late = t.kit.device(sup, t.coach);
    let d = t.kit.verify();
    assert!(!d.devices.contains_key(&late));
    assert!(refused(&d, sup, "signed after its signer was revoked"));
    assert!(!d.is_approved(t.sup_device));
    assert!(
        d.is_approved(t.coach_device),
        "what it signed before still counts"
    );
    assert!(!d.readers(t.coach).iter().any(|e| e.device == t.sup_device));
}

#[test]
fn vector_an_expired_delegation() {
    let mut kit = Kit::new();
    let team = kit.team();
    let supervisor = PersonId::from_uuid(kit.id());
    kit.sign(
        Signer::Org,
        Body::Person {
            person: supervisor,
            team,
            role: Role::Supervisor,
            expires_ms: NOW - 5000,
        },
    );
    let sup_device = kit.device(Signer::Org, supervisor);
    let coach = kit.person(Signer::Org, team, Role::Coach);
    let device = kit.device(Signer::Device(sup_device), coach);
    let d = kit.verify();
    assert!(!d.devices.contains_key(&device));
    assert!(refused(
        &d,
        Signer::Device(sup_device),
        "delegation expired"
    ));
}

#[test]
fn a_known_devices_keys_are_pinned() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let swapped = DeviceKeys::generate().unwrap();
    let mut record = t.kit.sign(
        sup,
        Body::Device {
            device: t.coach_device,
            person: t.coach,
            age_recipient: swapped.age_recipient(),
            signing_key: swapped.signing_public_hex(),
        },
    );
    record.countersign(&swapped);
    *t.kit.records.last_mut().unwrap() = record;
    let d = t.kit.verify();
    assert_eq!(
        d.devices[&t.coach_device].signing_key,
        t.kit.keys[&t.coach_device].signing_public_hex()
    );
    assert!(refused(&d, sup, "changes the keys"));
}

#[test]
fn a_revoked_device_cannot_come_back_and_records_in_the_future_do_not_count() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    t.kit.sign(
        sup,
        Body::Revoke {
            device: t.coach_device,
            last_seq: 0,
        },
    );
    let d = t.kit.verify();
    assert!(!d.is_approved(t.coach_device));
    assert!(
        d.may_author(t.coach_device, NOW - 1000).is_some(),
        "before it"
    );
    assert!(d.may_author(t.coach_device, NOW).is_none(), "after it");
    let keys = DeviceKeys::generate().unwrap();
    let _ = keys;
    let record = next_record(
        Signer::Org,
        t.kit.heads.get(&Signer::Org),
        NOW + MAX_SKEW_MS + 60_000,
        Body::Person {
            person: PersonId::from_uuid(Uuid::from_u128(4242)),
            team: t.team,
            role: Role::Coach,
            expires_ms: 0,
        },
    );
    t.kit.push(SignedRecord::by_org(&t.kit.org, record));
    let d = t.kit.verify();
    assert!(refused(&d, Signer::Org, "dated in the future"));
}

#[test]
fn only_the_first_organisation_record_names_the_organisation() {
    let mut kit = Kit::new();
    kit.sign(
        Signer::Org,
        Body::Organisation {
            recovery_recipient: "age1attacker".into(),
        },
    );
    let d = kit.verify();
    assert_eq!(d.recovery_recipient.as_deref(), Some(RECOVERY));
    assert!(refused(&d, Signer::Org, "first record may name"));
}

#[test]
fn records_round_trip_through_json_and_every_field_is_signed() {
    let t = team();
    for record in &t.kit.records {
        let json = serde_json::to_string(record).unwrap();
        let back: SignedRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, record);
        assert_eq!(back.hash(), record.hash());
    }
    let base = t.kit.records[1].record.clone();
    let mut variants = vec![base.clone()];
    let mut v = base.clone();
    v.version += 1;
    variants.push(v);
    let mut v = base.clone();
    v.signer = Signer::Device(t.sup_device);
    variants.push(v);
    let mut v = base.clone();
    v.seq += 1;
    variants.push(v);
    let mut v = base.clone();
    v.prev = "1".repeat(64);
    variants.push(v);
    let mut v = base.clone();
    v.signed_ms += 1;
    variants.push(v);
    let mut v = base.clone();
    if let Body::Person { role, .. } = &mut v.body {
        *role = Role::Coach;
    }
    variants.push(v);
    let bytes: std::collections::BTreeSet<Vec<u8>> =
        variants.iter().map(Record::signing_bytes).collect();
    assert_eq!(bytes.len(), variants.len());
}

/// [`team`] with a second coach, a case allocated to the first coach and then transferred to
/// the second, all signed by the supervisor's device.
fn team_with_a_transfer() -> (Team, PersonId, YoungPersonId) {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let other = t.kit.person(sup, t.team, Role::Coach);
    t.kit.device(sup, other);
    let case = YoungPersonId::from_uuid(t.kit.id());
    t.kit.sign(
        sup,
        Body::Allocate {
            young_person: case,
            person: t.coach,
        },
    );
    let mut transfer = next_record(
        sup,
        t.kit.heads.get(&sup),
        NOW - 500,
        Body::Allocate {
            young_person: case,
            person: other,
        },
    );
    transfer.signed_ms = NOW - 500;
    let signed = SignedRecord::by_device(&t.kit.keys[&t.sup_device], transfer);
    t.kit.push(signed);
    (t, other, case)
}

#[test]
fn a_case_is_read_by_the_coach_it_is_allocated_to_now_and_its_history_says_who_held_it_when() {
    let (t, other, case) = team_with_a_transfer();
    let d = t.kit.verify();
    assert_eq!(d.problems, Default::default());
    assert_eq!(d.case_owner(case), Some(other));
    assert_eq!(d.allocations[&case].len(), 2);
    assert!(
        d.held_case_at(case, t.coach, NOW - 800),
        "before the transfer"
    );
    assert!(!d.held_case_at(case, t.coach, NOW - 400), "after it");
    assert!(d.held_case_at(case, other, NOW - 400));
    // A case never allocated is its creator's: anyone may have held it.
    let unallocated = YoungPersonId::from_uuid(Uuid::from_u128(999));
    assert_eq!(d.case_owner(unallocated), None);
    assert!(d.held_case_at(unallocated, t.coach, NOW));
    // The readers of the new coach's cases are theirs and the supervisor's, not the former
    // coach's.
    let readers: Vec<PersonId> = d.readers(other).iter().map(|r| r.person).collect();
    assert!(readers.contains(&other) && readers.contains(&t.supervisor));
    assert!(!readers.contains(&t.coach));
}

#[test]
fn a_case_is_allocated_only_to_a_coach_and_a_supervisor_allocates_only_within_their_team() {
    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let case = YoungPersonId::from_uuid(t.kit.id());
    t.kit.sign(
        sup,
        Body::Allocate {
            young_person: case,
            person: t.supervisor,
        },
    );
    let d = t.kit.verify();
    assert!(refused(&d, sup, "only to a coach"), "{:?}", d.problems);
    assert_eq!(d.case_owner(case), None);

    let mut t = team();
    let sup = Signer::Device(t.sup_device);
    let elsewhere = t.kit.team();
    let outsider = t.kit.person(Signer::Org, elsewhere, Role::Coach);
    t.kit.sign(
        sup,
        Body::Allocate {
            young_person: case,
            person: outsider,
        },
    );
    let d = t.kit.verify();
    assert!(
        refused(&d, sup, "their own team's coaches"),
        "{:?}",
        d.problems
    );
    assert_eq!(d.case_owner(case), None);
    // The organisation key may allocate to any team's coach.
    t.kit.sign(
        Signer::Org,
        Body::Allocate {
            young_person: case,
            person: outsider,
        },
    );
    assert_eq!(t.kit.verify().case_owner(case), Some(outsider));

    // A coach's device signs nothing, an allocation included.
    let mut t = team();
    let coach = Signer::Device(t.coach_device);
    t.kit.sign(
        coach,
        Body::Allocate {
            young_person: case,
            person: t.coach,
        },
    );
    assert_eq!(t.kit.verify().case_owner(case), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The directory depends on the set of records, not on their order or repetition.
    #[test]
    fn order_and_repetition_do_not_matter(seed in any::<u64>(), repeat in 0usize..4) {
        let t = team();
        let mut records = t.kit.records.clone();
        for i in 0..repeat {
            let copy = records[i % records.len()].clone();
            records.push(copy);
        }
        let mut rng = seed;
        for i in (1..records.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            records.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let a = t.kit.verify();
        let b = verify(&t.kit.org.public_hex(), &records, NOW);
        prop_assert_eq!(a, b);
    }

    /// Which allocation counts depends on the records, not on their order or repetition.
    #[test]
    fn allocations_do_not_depend_on_order(seed in any::<u64>()) {
        let (t, other, case) = team_with_a_transfer();
        let mut records = t.kit.records.clone();
        records.push(records[records.len() - 1].clone());
        let mut rng = seed;
        for i in (1..records.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            records.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let d = verify(&t.kit.org.public_hex(), &records, NOW);
        prop_assert_eq!(d.case_owner(case), Some(other));
        prop_assert_eq!(d, t.kit.verify());
    }

    /// Whatever a service drops, and whatever it flips in the records it keeps, no device is
    /// approved that the honest directory did not approve, and nothing panics.
    #[test]
    fn a_tampering_service_never_adds_a_reader(
        drop_mask in any::<u32>(),
        flip in proptest::option::of((0usize..16, 0usize..200)),
    ) {
        let t = team();
        let honest = t.kit.verify();
        let mut records: Vec<SignedRecord> = t
            .kit
            .records
            .iter()
            .enumerate()
            .filter(|(i, _)| drop_mask & (1 << (i % 32)) == 0)
            .map(|(_, r)| r.clone())
            .collect();
        if let Some((which, at)) = flip
            && !records.is_empty()
        {
            let n = records.len();
            let record = &mut records[which % n];
            let mut json = serde_json::to_string(record).unwrap().into_bytes();
            let i = at % json.len();
            json[i] = if json[i] == b'1' { b'2' } else { b'1' };
            if let Ok(changed) = serde_json::from_slice::<SignedRecord>(&json) {
                *record = changed;
            }
        }
        let d = verify(&t.kit.org.public_hex(), &records, NOW);
        for (id, entry) in &d.devices {
            let known = honest.devices.get(id);
            prop_assert!(known.is_some(), "a device the honest directory lacks");
            let known = known.unwrap();
            prop_assert_eq!(&known.signing_key, &entry.signing_key);
            prop_assert_eq!(&known.age_recipient, &entry.age_recipient);
        }
        for reader in d.readers(t.coach) {
            prop_assert!(honest.readers(t.coach).iter().any(|r| r.device == reader.device));
        }
    }
}
