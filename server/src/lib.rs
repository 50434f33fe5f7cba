//! The central service of Inside Out Coach: an ordering relay that stores only ciphertext.
//!
//! - [`db`]: the `Database` trait and its SQLite (default) and PostgreSQL implementations.
//! - [`api`]: the HTTP API (enrol, push, pull, envelopes, device approval, health).
//! - [`directory`]: the organisation's signed directory as the service keeps it; device
//!   standings come from it, never from an administrator's say-so.
//! - [`admin`]: what the command line does (organisation, teams, people, codes, export).
//! - [`kit`]: one set-up of an organisation for the demo, the tests and the benchmark.
//! - [`limits`]: per-device and per-address rate limits.
//! - [`local_postgres`]: a throwaway PostgreSQL cluster for tests and benchmarks.
//!
//! Guarantees: the service never holds a key that opens a batch; a refused request stores
//! nothing; within a scope, sequence numbers are dense and a pull never skips one.

pub mod admin;
pub mod api;
pub mod db;
pub mod directory;
pub mod kit;
pub mod limits;
pub mod local_postgres;
pub mod serve;
