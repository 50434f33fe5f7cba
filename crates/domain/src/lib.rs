//! The domain of Inside Out Coach: the people, the programme's rules and the operations that
//! change them. Pure: no I/O, no clock, no randomness — callers pass those in.
//!
//! - [`ids`]: typed UUIDv7 identifiers.
//! - [`hlc`]: the hybrid logical clock that orders operations.
//! - [`rules`]: the programme's configurable rules (caseload limit, length, age band, hours).
//! - [`young_person`], [`intervention`], [`placement`], [`contact`], [`session`], [`note`]:
//!   entities whose invariants are enforced in their constructors.
//! - [`op`]: the operations every use-case writes to the op log.
//! - [`merge`]: how an edit merges into a record that changed since its author saw it.
//! - [`error`]: one error enum with a stable code per case a person can act on.
//!
//! Guarantees: a value of an entity type satisfies its documented invariants; the only way to
//! change stored state is an [`op::Op`].

pub mod activity;
pub mod agenda;
pub mod authority;
pub mod choice;
pub mod chronology;
pub mod comparison;
pub mod concern;
pub mod contact;
pub mod error;
pub mod field;
pub mod goals;
pub mod hlc;
pub mod hours;
pub mod ids;
pub mod intervention;
pub mod lone;
pub mod merge;
pub mod missing;
pub mod note;
pub mod op;
pub mod oversight;
pub mod placement;
pub mod planned;
pub mod residential;
pub mod risk;
pub mod rules;
pub mod safety;
pub mod session;
pub mod text;
pub mod young_person;

pub use error::{DomainError, DomainResult};
pub use field::Field;
