//! The service over HTTP: a real server on a loopback port (or over TLS), a real SQLite store in
//! a temporary directory, real device keys, sealed and signed batches, and a clock the tests
//! move by hand. Every refusal is checked by status and `code`, and by what it left stored.

mod admin;
mod devices;
mod enrol;
mod health;
mod pull;
mod push;
mod support;
mod tls;
