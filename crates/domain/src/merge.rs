//! Merging an edit into a record that may have changed since its author saw it (DESIGN.md §3).
//!
//! An edit op carries what its author saw (`base`) as well as what they wrote. Ops are applied
//! in clock order, so when an edit is applied the record already holds every earlier op. For
//! each field:
//!
//! - the author did not change it (`edit == base`): the record keeps its value;
//! - the record still holds what the author saw (`current == base`): the edit's value is taken;
//! - both changed it to different values: they were concurrent. A plain field takes the edit's
//!   value (the later clock wins) and the value it replaces goes to the conflict log. A set field
//!   is merged observed-remove, add-wins: the edit removes only members its author saw and adds
//!   its own, so a member another device added concurrently survives; the disagreement is
//!   logged, and flagged for the supervisor when the set is a safety field (the union with the
//!   other device's additions is the more severe value).
//!
//! Pure and deterministic: the same three values always give the same result and conflicts.

use serde_json::{Map, Value};

/// How a field merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Last writer wins, the loser logged. Objects of this kind are one value (for example a
    /// pair of dates whose invariant spans both).
    Value,
    /// An object whose fields merge one by one.
    Record,
    /// A set (a JSON array of distinct members): observed-remove, add-wins.
    Set { safety: bool },
}

/// A concurrent disagreement on one field: which value the record kept and which it did not.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    /// The field's path, like `profile.risk_indicators`.
    pub field: String,
    pub kept: Value,
    pub lost: Value,
    /// A safety field: the record is flagged for the supervisor.
    pub safety: bool,
}

/// Merges `edit` (written by someone who saw `base`) into `current`. `kind` names each field by
/// its path. Fields missing from `base` count as changed by the edit.
pub fn merge(
    current: &Value,
    base: &Value,
    edit: &Value,
    kind: &dyn Fn(&str) -> FieldKind,
) -> (Value, Vec<FieldConflict>) {
    let mut conflicts = Vec::new();
    let merged = merge_at(
        "",
        current,
        base,
        edit,
        FieldKind::Record,
        kind,
        &mut conflicts,
    );
    (merged, conflicts)
}

fn merge_at(
    path: &str,
    current: &Value,
    base: &Value,
    edit: &Value,
    here: FieldKind,
    kind: &dyn Fn(&str) -> FieldKind,
    conflicts: &mut Vec<FieldConflict>,
) -> Value {
    if edit == base {
        return current.clone();
    }
    if current == base || current == edit {
        return edit.clone();
    }
    match (here, current, base, edit) {
        (FieldKind::Record, Value::Object(c), Value::Object(b), Value::Object(e)) => {
            let mut out = Map::new();
            let keys: std::collections::BTreeSet<&String> = c.keys().chain(e.keys()).collect();
            for key in keys {
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let missing = Value::Null;
                let (cv, bv, ev) = (
                    c.get(key).unwrap_or(&missing),
                    b.get(key).unwrap_or(&missing),
                    e.get(key).unwrap_or(&missing),
                );
                let value = merge_at(&field, cv, bv, ev, kind(&field), kind, conflicts);
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        (FieldKind::Set { safety }, Value::Array(c), Value::Array(b), Value::Array(e)) => {
            let removed: Vec<&Value> = b.iter().filter(|v| !e.contains(v)).collect();
            let mut out: Vec<Value> = c.iter().filter(|v| !removed.contains(v)).cloned().collect();
            for v in e {
                if !b.contains(v) && !out.contains(v) {
                    out.push(v.clone());
                }
            }
            out.sort_by_key(|v| v.to_string());
            let merged = Value::Array(out);
            conflicts.push(FieldConflict {
                field: path.to_string(),
                kept: merged.clone(),
                lost: edit.clone(),
                safety,
            });
            merged
        }
        _ => {
            conflicts.push(FieldConflict {
                field: path.to_string(),
                kept: edit.clone(),
                lost: current.clone(),
                safety: false,
            });
            edit.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(path: &str) -> FieldKind {
        match path {
            "profile" => FieldKind::Record,
            "profile.risks" => FieldKind::Set { safety: true },
            "profile.tags" => FieldKind::Set { safety: false },
            _ => FieldKind::Value,
        }
    }

    fn record(name: &str, place: &str, risks: &[&str]) -> Value {
        json!({"profile": {"name": name, "place": place, "risks": risks, "tags": []},
               "dates": {"start": "2025-06-01", "end": "2026-11-30"}})
    }

    #[test]
    fn edits_to_different_fields_both_apply_without_conflict() {
        let base = record("Jay", "Leeds", &[]);
        let current = record("Jay", "York", &[]); // the other device moved the place
        let edit = record("Jaden", "Leeds", &[]); // this one renamed
        let (merged, conflicts) = merge(&current, &base, &edit, &kinds);
        assert_eq!(merged, record("Jaden", "York", &[]));
        assert!(conflicts.is_empty());
    }

    #[test]
    fn the_same_field_changed_twice_keeps_the_later_and_logs_the_other() {
        let base = record("Jay", "Leeds", &[]);
        let current = record("Jay", "York", &[]);
        let edit = record("Jay", "Hull", &[]);
        let (merged, conflicts) = merge(&current, &base, &edit, &kinds);
        assert_eq!(merged, record("Jay", "Hull", &[]));
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                field: "profile.place".into(),
                kept: json!("Hull"),
                lost: json!("York"),
                safety: false
            }]
        );
    }

    #[test]
    fn an_unchanged_record_takes_the_edit_whole() {
        let base = record("Jay", "Leeds", &["gangs"]);
        let edit = record("Jay", "Hull", &[]);
        let (merged, conflicts) = merge(&base, &base, &edit, &kinds);
        assert_eq!(merged, edit);
        assert!(conflicts.is_empty());
    }

    #[test]
    fn a_risk_added_on_one_device_survives_a_removal_on_the_other_and_is_flagged() {
        let base = record("Jay", "Leeds", &["missing"]);
        // The other device added CSE; this device removed "missing" without seeing that.
        let current = record("Jay", "Leeds", &["cse", "missing"]);
        let edit = record("Jay", "Leeds", &[]);
        let (merged, conflicts) = merge(&current, &base, &edit, &kinds);
        assert_eq!(merged, record("Jay", "Leeds", &["cse"]));
        assert_eq!(conflicts.len(), 1);
        assert!(conflicts[0].safety);
        assert_eq!(conflicts[0].kept, json!(["cse"]));
        assert_eq!(conflicts[0].lost, json!([]));
    }

    #[test]
    fn a_set_member_the_author_never_saw_is_never_removed() {
        let base = record("Jay", "Leeds", &[]);
        let current = record("Jay", "Leeds", &["gangs"]);
        let edit = record("Jay", "Leeds", &["cse"]);
        let (merged, _) = merge(&current, &base, &edit, &kinds);
        assert_eq!(merged, record("Jay", "Leeds", &["cse", "gangs"]));
    }

    #[test]
    fn a_value_field_object_is_replaced_whole_not_mixed() {
        let base = record("Jay", "Leeds", &[]);
        let mut current = base.clone();
        current["dates"]["start"] = json!("2025-07-01");
        let mut edit = base.clone();
        edit["dates"]["end"] = json!("2026-10-01");
        let (merged, conflicts) = merge(&current, &base, &edit, &kinds);
        assert_eq!(merged["dates"], edit["dates"]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].field, "dates");
        assert_eq!(conflicts[0].lost, current["dates"]);
    }

    #[test]
    fn agreeing_concurrent_edits_are_not_conflicts() {
        let base = record("Jay", "Leeds", &[]);
        let both = record("Jay", "Hull", &["gangs"]);
        let (merged, conflicts) = merge(&both, &base, &both, &kinds);
        assert_eq!(merged, both);
        assert!(conflicts.is_empty());
    }
}
